// Command ratelimit is the rate-limit scenario of `make ratelimit`: it applies
// many HelpCrunch chats with real terraform against the fake HelpCrunch API
// held to HelpCrunch's documented limit (120 requests a minute per key),
// first with the provider's default budget (max_requests_per_minute = 120),
// then without pacing (0), and reports for each run how long apply and the
// plan after it took, how many requests the fake refused with 429, and how
// many rate-limit waits the provider logged at INFO. It fails unless every
// apply succeeds, the plan after it is empty, and the fake holds exactly one
// chat per resource.
//
//	go run ./scripts/ratelimit [-chats 300] [-limit 120/min] [-budgets 120,0] [-terraform terraform]
//
// It takes minutes (300 chats need at least 2.5 minutes per apply at 120 a
// minute), so it is not part of `make test`; the same behaviour is tested in
// seconds there, with windows of 2 seconds.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "ratelimit: %v\n", err)
		os.Exit(1)
	}
}

type result struct {
	budget              int
	apply, plan         time.Duration
	apply429, plan429   int
	applyInfo, planInfo int
	creates             int
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ratelimit", flag.ContinueOnError)
	chats := fs.Int("chats", 300, "how many chatops_helpcrunch_chat resources to apply")
	limitFlag := fs.String("limit", "120/min", "the fake HelpCrunch's rate limit per key")
	budgets := fs.String("budgets", "120,0", "comma-separated max_requests_per_minute values, one run each (0: no pacing)")
	tf := fs.String("terraform", "terraform", "terraform or tofu binary")
	keep := fs.Bool("keep", false, "keep the working directory (configs and TF_LOG files)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	limit, err := mockapi.ParseRateLimit(*limitFlag)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath(*tf); err != nil {
		return fmt.Errorf("%s is not on PATH", *tf)
	}

	work, err := os.MkdirTemp("", "chatops-ratelimit.")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Printf("working directory: %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin := filepath.Join(work, "bin")
	fmt.Println("==> building the provider")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, "terraform-provider-chatops"), ".") //nolint:gosec // G204: builds this repository's provider into our own temporary directory
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/chatinfra/chatops" = %q
    "registry.opentofu.org/chatinfra/chatops" = %q
  }
  direct {}
}
`, bin, bin), 0o600); err != nil {
		return err
	}

	var results []result
	for _, b := range strings.Split(*budgets, ",") {
		budget, err := strconv.Atoi(strings.TrimSpace(b))
		if err != nil || budget < 0 {
			return fmt.Errorf("-budgets: %q is not a whole number of at least 0", b)
		}
		r, err := scenario(ctx, *tf, rc, filepath.Join(work, "budget-"+strconv.Itoa(budget)), *chats, limit, budget)
		if err != nil {
			return fmt.Errorf("max_requests_per_minute = %d: %w", budget, err)
		}
		results = append(results, r)
	}

	fmt.Printf("\n%d HelpCrunch chats against the fake held to %s per key (terraform -parallelism=10):\n\n", *chats, limit)
	fmt.Println("| max_requests_per_minute | apply | 429s in apply | INFO waits in apply | plan after apply | 429s in plan | INFO waits in plan | POST /chats |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		name := strconv.Itoa(r.budget)
		if r.budget == 0 {
			name = "0 (no pacing)"
		}
		fmt.Printf("| %s | %s | %d | %d | %s | %d | %d | %d |\n", name, r.apply.Round(time.Second), r.apply429, r.applyInfo,
			r.plan.Round(time.Second), r.plan429, r.planInfo, r.creates)
	}
	return nil
}

// scenario applies the chats with one budget against a fresh fake, then
// plans, and checks that everything converged.
func scenario(ctx context.Context, tf, rc, dir string, chats int, limit mockapi.RateLimit, budget int) (result, error) {
	r := result{budget: budget}
	fake, err := fake.New(fake.Options{HelpCrunchRateLimit: limit})
	if err != nil {
		return r, err
	}
	base, srv, err := fake.ServeLoopback()
	if err != nil {
		return r, err
	}
	defer srv.Close()

	if err := os.MkdirAll(dir, 0o750); err != nil {
		return r, err
	}
	config := fmt.Sprintf(`terraform {
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

provider "chatops" {
  helpcrunch = {
    api_key                 = %q
    endpoint                = "%s%s"
    max_requests_per_minute = %d
  }
}

resource "chatops_helpcrunch_chat" "many" {
  count       = %d
  customer    = count.index %% 20 + 1
  application = count.index %% 3 + 1
  on_destroy  = "keep"
}
`, helpcrunch.DemoKey, base, helpcrunch.Prefix, budget, chats)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return r, err
	}
	before := len(fake.State().HelpCrunch.Chats)

	fmt.Printf("\n==> max_requests_per_minute = %d: applying %d chats\n", budget, chats)
	start := time.Now()
	if err := terraform(ctx, tf, rc, dir, "apply.log", "apply", "-no-color", "-auto-approve", "-input=false", "-parallelism=10"); err != nil {
		return r, err
	}
	r.apply = time.Since(start)
	r.apply429 = fake.RateLimited(helpcrunch.Name)
	r.creates = fake.RequestCount(helpcrunch.RouteChatCreate)
	if r.applyInfo, err = countInfoWaits(filepath.Join(dir, "apply.log")); err != nil {
		return r, err
	}
	fmt.Printf("    apply: %s, %d requests refused with 429\n", r.apply.Round(time.Second), r.apply429)
	if made := len(fake.State().HelpCrunch.Chats) - before; made != chats {
		return r, fmt.Errorf("the fake holds %d new chats, want %d", made, chats)
	}

	fmt.Printf("==> max_requests_per_minute = %d: planning again (nothing may change)\n", budget)
	start = time.Now()
	err = terraform(ctx, tf, rc, dir, "plan.log", "plan", "-no-color", "-detailed-exitcode", "-input=false", "-parallelism=10")
	r.plan = time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return r, errors.New("the plan after apply is not empty")
	}
	if err != nil {
		return r, err
	}
	r.plan429 = fake.RateLimited(helpcrunch.Name) - r.apply429
	if r.planInfo, err = countInfoWaits(filepath.Join(dir, "plan.log")); err != nil {
		return r, err
	}
	fmt.Printf("    plan: %s, %d requests refused with 429\n", r.plan.Round(time.Second), r.plan429)
	return r, nil
}

// terraform runs one command in dir with the provider from dev_overrides,
// its log at INFO in logName.
func terraform(ctx context.Context, tf, rc, dir, logName string, args ...string) error {
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_INPUT=0", "TF_IN_AUTOMATION=1",
		"TF_LOG=INFO", "TF_LOG_PATH="+filepath.Join(dir, logName),
		"HELPCRUNCH_API_KEY=", "HELPCRUNCH_ENDPOINT=", "HELPCRUNCH_MAX_REQUESTS_PER_MINUTE=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tail := string(out)
		if len(tail) > 4000 {
			tail = "..." + tail[len(tail)-4000:]
		}
		return fmt.Errorf("%s %s: %w\n%s", tf, strings.Join(args, " "), err, tail)
	}
	return nil
}

// countInfoWaits counts the provider's INFO lines about rate-limit waits.
func countInfoWaits(logPath string) (int, error) {
	f, err := os.Open(logPath)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "[INFO]") && strings.Contains(line, "HelpCrunch rate limit: waiting") {
			n++
		}
	}
	return n, sc.Err()
}
