package provider

import "strings"

// Terraform and OpenTofu keep a provider's log lines from the level that
// TF_LOG_PROVIDER, else TF_LOG, names, and none when neither is set. The
// plugin libraries log at TRACE unless told otherwise, and every line is
// written to stderr as JSON with its caller's location for Terraform to parse
// and drop: in a no-op plan of 500 chats that was 41% of the provider's CPU,
// and Terraform's own CPU went to parsing it. So main.go sets the libraries'
// levels to the level Terraform keeps (not in debug mode, where the provider's
// stderr is the user's terminal).
var libraryLogLevelVars = []string{
	"TF_LOG_SDK",              // terraform-plugin-go and -log
	"TF_LOG_SDK_PROTO",        // terraform-plugin-go's protocol subsystem
	"TF_LOG_SDK_FRAMEWORK",    // terraform-plugin-framework
	"TF_LOG_PROVIDER_CHATOPS", // this provider's tflog lines
}

// QuietLogLevels returns the library log-level variables to set: the unset
// ones, at the level Terraform keeps.
func QuietLogLevels(getenv func(string) string) map[string]string {
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
