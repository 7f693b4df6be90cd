// Command chatops-mockapi serves the stateful fake of the DevRev and
// HelpCrunch chat APIs (internal/mockapi/fake) as a program, for the demo and for
// trying the provider by hand:
//
//	chatops-mockapi -listen 127.0.0.1:8787 [-fixtures FILE] [-generate-conversations N]
//	                [-helpcrunch-rate-limit 120/min] [-devrev-rate-limit N/min]
//	                [-reading PLATFORM.NAME=VALUE ...]
//
// Once listening it prints, one per line and nothing else on stdout, the
// provider's environment for it and the control API's URL:
//
//	DEVREV_ENDPOINT=http://127.0.0.1:8787/devrev
//	DEVREV_TOKEN=devrev-demo-token
//	HELPCRUNCH_ENDPOINT=http://127.0.0.1:8787/helpcrunch/v1
//	HELPCRUNCH_API_KEY=helpcrunch-demo-key
//	CONTROL=http://127.0.0.1:8787/__mock/
//
// It serves until SIGINT or SIGTERM, then lets requests in flight finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// shutdownGrace is how long requests in flight get to finish after a signal.
const shutdownGrace = 5 * time.Second

// run is the program: it serves the fake until ctx ends and returns the exit
// code (0 after a clean shutdown, 1 on failure, 2 on bad usage).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chatops-mockapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8787", "`address` to listen on; port 0 picks a free port")
	fixtures := fs.String("fixtures", "", "JSON `file` of fixtures replacing the defaults (sections left out keep theirs)")
	conversations := fs.Int("generate-conversations", 0, "generate `N` DevRev conversations in addition to the fixtures")
	var hcLimit, devrevLimit mockapi.RateLimit
	fs.Func("helpcrunch-rate-limit", "refuse a HelpCrunch key's requests past `N/WINDOW` (N/min, N/s, N/h or e.g. 20/2s) with HelpCrunch's 429, which names no wait; 120/min is HelpCrunch's documented limit (default: no limit)", rateLimitFlag(&hcLimit))
	fs.Func("devrev-rate-limit", "refuse a DevRev token's requests past `N/WINDOW` with DevRev's 429, which carries Retry-After and retry_after (default: no limit)", rateLimitFlag(&devrevLimit))
	readings := map[string]map[string]string{}
	fs.Func("reading", "answer one of the questions the API docs leave open other than by default, as `PLATFORM.NAME=VALUE` "+
		"(repeatable; also POST /__mock/readings): "+readingsUsage(), readingFlag(readings))
	anyAddr := fs.Bool("allow-non-loopback", false, "allow listening on a non-loopback address (the fake has no real security: every client that reaches it can read and change its state)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: chatops-mockapi [flags]\n\nServes a fake of the DevRev and HelpCrunch chat APIs and prints the provider's\nenvironment for it (KEY=value lines on stdout).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "chatops-mockapi: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *conversations < 0 {
		fmt.Fprintln(stderr, "chatops-mockapi: -generate-conversations must not be negative")
		return 2
	}
	if !*anyAddr {
		if err := checkLoopback(*listen); err != nil {
			fmt.Fprintf(stderr, "chatops-mockapi: %v\n", err)
			return 2
		}
	}

	fx := fake.DefaultFixtures()
	if *fixtures != "" {
		var err error
		if fx, err = fake.LoadFixtures(*fixtures); err != nil {
			fmt.Fprintf(stderr, "chatops-mockapi: fixtures: %v\n", err)
			return 1
		}
	}
	srv, err := fake.New(fake.Options{
		Fixtures:              fx,
		GenerateConversations: *conversations,
		HelpCrunchRateLimit:   hcLimit,
		DevRevRateLimit:       devrevLimit,
		Readings:              readings,
	})
	if err != nil {
		fmt.Fprintf(stderr, "chatops-mockapi: %v\n", err)
		return 1
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "chatops-mockapi: %v\n", err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "DEVREV_ENDPOINT=%s%s\n", base, devrev.Prefix)
	fmt.Fprintf(stdout, "DEVREV_TOKEN=%s\n", fx.DevRev.Token)
	fmt.Fprintf(stdout, "HELPCRUNCH_ENDPOINT=%s%s\n", base, helpcrunch.Prefix)
	fmt.Fprintf(stdout, "HELPCRUNCH_API_KEY=%s\n", fx.HelpCrunch.APIKey)
	fmt.Fprintf(stdout, "CONTROL=%s%s\n", base, mockapi.ControlPrefix)
	fmt.Fprintf(stderr, "chatops-mockapi: serving the DevRev and HelpCrunch fakes on %s (rate limits: DevRev %s, HelpCrunch %s); stop with Ctrl-C\n", base, devrevLimit, hcLimit)

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
	}
	srv.Hook(hs)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "chatops-mockapi: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "chatops-mockapi: shutting down: %v\n", err)
		return 1
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "chatops-mockapi: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "chatops-mockapi: stopped")
	return 0
}

func rateLimitFlag(dst *mockapi.RateLimit) func(string) error {
	return func(v string) error {
		l, err := mockapi.ParseRateLimit(v)
		if err != nil {
			return err
		}
		*dst = l
		return nil
	}
}

// checkLoopback refuses listen addresses that other machines could reach.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-listen %q is not a loopback address (127.0.0.1, ::1, localhost); pass -allow-non-loopback to listen there anyway", addr)
}

// readingFlag parses -reading PLATFORM.NAME=VALUE into readings; fake.New
// checks that the platform has that reading and value.
func readingFlag(readings map[string]map[string]string) func(string) error {
	return func(s string) error {
		key, value, ok := strings.Cut(s, "=")
		platform, name, dotted := strings.Cut(key, ".")
		if !ok || !dotted || platform == "" || name == "" || value == "" {
			return fmt.Errorf("%q is not PLATFORM.NAME=VALUE, e.g. helpcrunch.status_search=codes", s)
		}
		if readings[platform] == nil {
			readings[platform] = map[string]string{}
		}
		readings[platform][name] = value
		return nil
	}
}

// readingsUsage lists every reading with its values, the default first.
func readingsUsage() string {
	var out []string
	for platform, rs := range map[string][]mockapi.Reading{devrev.Name: devrev.Readings(), helpcrunch.Name: helpcrunch.Readings()} {
		for _, r := range rs {
			out = append(out, fmt.Sprintf("%s.%s = %s (%s)", platform, r.Name, strings.Join(r.Values, " | "), r.Doc))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}
