// Command terraform-provider-chatops serves the chatops Terraform provider.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
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
	showVersion := flag.Bool("version", false, "print the provider's version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("terraform-provider-chatops", version)
		return
	}

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
		for name, level := range provider.QuietLogLevels(os.Getenv) {
			_ = os.Setenv(name, level)
		}
	}
	err := tf6server.Serve("registry.terraform.io/chatinfra/chatops", provider.NewProtocol6Server(version), opts...)
	// Terraform is done with the provider: close its connections to the APIs.
	client.CloseIdleConnections()
	if err != nil {
		log.Fatal(err.Error())
	}
}
