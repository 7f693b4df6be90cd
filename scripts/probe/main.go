// Command probe asks a real DevRev org and HelpCrunch account the questions
// their API docs leave open, and says for each whether the provider copes
// with what the account answered. `make probe` runs it (PROBE_ARGS holds its
// flags):
//
//	probe [-writes] [-devrev-dm ID] [-devrev-conversation ID]
//	      [-helpcrunch-chat ID -helpcrunch-agent ID] [-devrev-missing-object ID] [-timeout 10m]
//
// Credentials and endpoints come from the environment, as the provider reads
// them: DEVREV_TOKEN and DEVREV_ENDPOINT (default https://api.devrev.ai),
// HELPCRUNCH_API_KEY and HELPCRUNCH_ENDPOINT (default
// https://api.helpcrunch.com/v1). A platform without its credential is not
// checked. An endpoint must be https://, or http:// on a loopback host, as
// the provider requires.
//
// It only reads, unless -writes is given: then it posts one private note to
// the HelpCrunch chat -helpcrunch-chat names (as agent -helpcrunch-agent),
// one private comment to the DevRev conversation -devrev-conversation names,
// and one comment addressed to an object that does not exist, which DevRev
// must refuse (-devrev-missing-object, default CONV-999999999). It creates
// nothing that cannot be removed.
//
// It prints a table (question | what this account answered | what the
// provider assumes | agree) and a closing line that says what to change.
// Credentials never appear in its output. Exit codes: 0 every question
// answered agrees with the provider; 1 at least one disagrees; 2 bad usage
// (a flag, an endpoint, no credentials at all); 3 a question could not be
// answered (credentials rejected, an API unreachable, an object named by a
// flag missing).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// Exit codes.
const (
	exitAgree      = 0
	exitDisagree   = 1
	exitUsage      = 2
	exitUnanswered = 3
)

// The environment the provider reads its credentials and endpoints from.
const (
	EnvDevRevToken        = "DEVREV_TOKEN"
	EnvDevRevEndpoint     = "DEVREV_ENDPOINT"
	EnvHelpCrunchAPIKey   = "HELPCRUNCH_API_KEY"
	EnvHelpCrunchEndpoint = "HELPCRUNCH_ENDPOINT"
)

// defaultMissingObject is the DevRev object the missing-target question
// comments on: a well-formed conversation display id no org reaches.
const defaultMissingObject = "CONV-999999999"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, invocation{args: os.Args[1:], getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr}))
}

// invocation is what one run of the program gets: its arguments, its
// environment, where it writes, and (tests only) a change to the clients'
// options, e.g. a short HelpCrunch rate-limit window.
type invocation struct {
	args           []string
	getenv         func(string) string
	stdout, stderr io.Writer
	tune           func(*client.Options)
}

// run is the program; it returns the exit code.
func run(ctx context.Context, inv invocation) int {
	cfg, err := parseConfig(inv.args, inv.getenv, inv.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitAgree
	}
	if err != nil {
		fmt.Fprintf(inv.stderr, "probe: %s\n", redact(err.Error(), cfg.secrets()))
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	p, err := newProber(cfg, inv.tune)
	if err != nil {
		fmt.Fprintf(inv.stderr, "probe: %s\n", redact(err.Error(), cfg.secrets()))
		return exitUsage
	}
	report := p.run(ctx)
	_, _ = io.WriteString(inv.stdout, redact(report.render(), cfg.secrets()))
	if p.dr == nil && p.hc == nil {
		return exitUsage
	}
	return report.exitCode()
}

// config is what the flags and the environment ask for.
type config struct {
	devrev, helpcrunch platformConfig

	writes              bool
	devrevDM            string
	devrevConversation  string
	devrevMissingObject string
	helpcrunchChat      int64
	helpcrunchAgent     int64
	timeout             time.Duration
}

// platformConfig is one platform's credential and endpoint.
type platformConfig struct {
	name                       string
	credentialEnv, endpointEnv string
	token, endpoint            string
}

// secrets are the credentials, which no output may carry.
func (c config) secrets() []string { return []string{c.devrev.token, c.helpcrunch.token} }

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{
		devrev: platformConfig{name: "DevRev", credentialEnv: EnvDevRevToken, endpointEnv: EnvDevRevEndpoint,
			token: getenv(EnvDevRevToken), endpoint: getenv(EnvDevRevEndpoint)},
		helpcrunch: platformConfig{name: "HelpCrunch", credentialEnv: EnvHelpCrunchAPIKey, endpointEnv: EnvHelpCrunchEndpoint,
			token: getenv(EnvHelpCrunchAPIKey), endpoint: getenv(EnvHelpCrunchEndpoint)},
	}
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&cfg.writes, "writes", false, "also ask the questions that need a write: one private note to -helpcrunch-chat, one private comment to -devrev-conversation, and one comment DevRev must refuse (to -devrev-missing-object)")
	fs.StringVar(&cfg.devrevDM, "devrev-dm", "", "`id` (DON id or display id, e.g. DM-1) of a DevRev DM the token's user is in, for the chats.* question (DevRev has no API that lists DMs); read only")
	fs.StringVar(&cfg.devrevConversation, "devrev-conversation", "", "`id` of a DevRev conversation to post one private comment to (with -writes)")
	fs.StringVar(&cfg.devrevMissingObject, "devrev-missing-object", defaultMissingObject, "`id` of a DevRev object that does not exist, for the missing-target question (with -writes)")
	chat := fs.String("helpcrunch-chat", "", "`id` of a HelpCrunch chat to post one private note to (with -writes and -helpcrunch-agent)")
	agent := fs.String("helpcrunch-agent", "", "`id` of the HelpCrunch agent the note is posted as (with -writes)")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "how long the whole probe may take, rate-limit waits included")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: probe [flags]\n\n"+
			"Asks the DevRev org and the HelpCrunch account of the provider's credentials (%s, %s, %s, %s)\n"+
			"the questions their API docs leave open, and whether the provider copes with each answer.\n"+
			"It only reads, unless -writes is given.\n\nFlags:\n", EnvDevRevToken, EnvDevRevEndpoint, EnvHelpCrunchAPIKey, EnvHelpCrunchEndpoint)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.helpcrunchChat, err = positiveID("-helpcrunch-chat", *chat); err != nil {
		return cfg, err
	}
	if cfg.helpcrunchAgent, err = positiveID("-helpcrunch-agent", *agent); err != nil {
		return cfg, err
	}
	if cfg.timeout <= 0 {
		return cfg, fmt.Errorf("-timeout must be longer than zero")
	}
	if cfg.devrevMissingObject == "" {
		return cfg, fmt.Errorf("-devrev-missing-object must not be empty")
	}
	for _, pc := range []*platformConfig{&cfg.devrev, &cfg.helpcrunch} {
		if pc.endpoint == "" {
			continue
		}
		if err := framework.ValidateEndpoint(pc.endpoint); err != nil {
			return cfg, fmt.Errorf("%s=%q is not a valid endpoint: %w", pc.endpointEnv, pc.endpoint, err)
		}
	}
	return cfg, nil
}

func positiveID(flagName, raw string) (int64, error) {
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s %q is not a HelpCrunch id (a whole number of at least 1)", flagName, raw)
	}
	return n, nil
}
