// Command terraform-provider-chatops serves the chatops Terraform provider.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/chatinfra/terraform-provider-chatops/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

// GC settings of the provider process, unless GOGC / GOMEMLIMIT say otherwise.
// Terraform starts a provider process per command and talks to it for
// seconds; its live heap is a few MiB per hundred objects, so the default
// GOGC=100 collects over and over what is about to be freed anyway (13-17% of
// the CPU of a no-op plan of 500 chats). GOGC=400 trades that for memory, and
// the soft limit takes the memory back where it matters: a read of 10,000
// conversations (live heap about 180 MiB at its peak) collects early instead of
// growing to 5x its live heap. Measured with go run ./bench on 10,000
// conversations: GOGC=100 5.1 s CPU / 276 MiB; GOGC=400 4.4 s / 594 MiB;
// GOGC=400 with 256 MiB 4.4 s / 270 MiB; a limit under the live heap (160 MiB)
// makes the GC run without pause: 8.4 s / 196 MiB.
const (
	gcPercent     = 400
	gcMemoryLimit = 256 << 20
)

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcMemoryLimit)
	}

	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		for name, level := range quietLogLevels(os.Getenv) {
			_ = os.Setenv(name, level)
		}
	}
	if err := tf6server.Serve("registry.terraform.io/chatinfra/chatops", provider.NewProtocol6Server(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

// Terraform and OpenTofu keep a provider's log lines from the level that
// TF_LOG_PROVIDER, else TF_LOG, names, and none when neither is set. The
// plugin libraries log at TRACE unless told otherwise, and every line is
// written to stderr as JSON with its caller's location for Terraform to parse
// and drop: in a no-op plan of 500 chats that was 41% of the provider's CPU,
// and Terraform's own CPU went to parsing it. So the libraries' levels default
// to the level Terraform keeps. Not in debug mode, where the provider's
// stderr is the user's terminal.
var libraryLogLevelVars = []string{
	"TF_LOG_SDK",              // terraform-plugin-go and -log
	"TF_LOG_SDK_PROTO",        // terraform-plugin-go's protocol subsystem
	"TF_LOG_SDK_FRAMEWORK",    // terraform-plugin-framework
	"TF_LOG_PROVIDER_CHATOPS", // this provider's tflog lines
}

// quietLogLevels returns the library log-level variables to set: the unset
// ones, at the level Terraform keeps.
func quietLogLevels(getenv func(string) string) map[string]string {
	level := strings.ToUpper(getenv("TF_LOG_PROVIDER"))
	if level == "" {
		level = strings.ToUpper(getenv("TF_LOG"))
	}
	switch level {
	case "":
		level = "OFF"
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF":
	default:
		// JSON, and levels Terraform does not know, keep everything.
		level = "TRACE"
	}
	set := map[string]string{}
	for _, name := range libraryLogLevelVars {
		if getenv(name) == "" {
			set[name] = level
		}
	}
	return set
}
