// Command bench measures what a user of the provider feels: real terraform
// runs against the fake APIs, timed per phase, with the fake's request counts
// and the provider processes' CPU time and peak memory.
//
//	go run ./bench [-profiles loopback,far] [-rounds 3] [-n 100,500] [-conversations 1000,10000]
//	               [-far-n 300] [-far-latency-ms 100] [-far-connect-ms 200] [-far-parallelism 10]
//	               [-far-rounds 3] [-far-window-rounds 1] [-far-before-src DIR] [-out bench/RESULTS.md]
//
// The loopback profile: for each N it applies, plans (no-op), refreshes,
// updates and destroys N chatops_devrev_chat, N chatops_helpcrunch_chat and,
// as Terraform's own floor, N terraform_data with the same payload; every
// round runs the three kinds in a rotated order, and ratios are taken within
// a round, so that a machine busier in one round than in another does not
// tilt them. Then it plans the chatops_devrev_conversations data source over
// 1,000 and 10,000 conversations, with its default output and with ids_only,
// each round also with Terraform's own floor for that answer (replay.go).
//
// The far profile (far.go) runs the chats against a fake that answers as a
// far API does, with a latency per request and per new connection, and
// compares each phase with the least it could take; HelpCrunch also runs
// held to its documented 120 requests a minute. bench counts connections
// and requests per provider process (conns.go).
//
// Terraform starts several provider processes per command. bench puts itself
// in front of the provider binary (dev_overrides point at a copy of bench,
// which runs the real provider as its child and records the child's pid and
// rusage), so the CPU and peak RSS figures are the provider's own.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Environment of the wrapper mode: when wrapTarget is set, bench is standing
// in for the provider binary.
const (
	envWrapTarget = "CHATOPS_BENCH_WRAP_TARGET"
	envWrapLog    = "CHATOPS_BENCH_WRAP_LOG"
)

func main() {
	if recorded := os.Getenv(envReplay); recorded != "" {
		os.Exit(serveReplay(recorded))
	}
	if target := os.Getenv(envWrapTarget); target != "" {
		os.Exit(wrap(target, os.Getenv(envWrapLog), os.Args[1:]))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// wrapEvent is one line of the wrapper's log: a provider process started
// (with its pid, so that bench can find its connections, conns.go), or
// exited, with its CPU time and peak RSS.
type wrapEvent struct {
	Event  string        `json:"event"`
	PID    int           `json:"pid"`
	CPU    time.Duration `json:"cpu_ns,omitempty"`
	MaxRSS int64         `json:"max_rss_kib,omitempty"`
}

const (
	eventStart = "start"
	eventExit  = "exit"
)

// usage is one provider process's resource use.
type usage struct {
	CPU    time.Duration
	MaxRSS int64 // KiB
}

// wrap runs the real provider with bench's own standard streams (go-plugin's
// handshake goes through them untouched), passes signals on, and appends the
// child's pid when it starts, and its CPU time and peak RSS when it exits, to
// logPath.
func wrap(target, logPath string, args []string) int {
	cmd := exec.Command(target, args...) //nolint:gosec // G204: the provider binary bench itself built and named in the environment it set
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return 1
	}
	logEvent(logPath, wrapEvent{Event: eventStart, PID: cmd.Process.Pid})
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		logEvent(logPath, wrapEvent{
			Event:  eventExit,
			PID:    cmd.Process.Pid,
			CPU:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
			MaxRSS: ru.Maxrss, // KiB on Linux
		})
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}

// logEvent appends e to the wrapper's log, if there is one.
func logEvent(logPath string, e wrapEvent) {
	if logPath == "" {
		return
	}
	line, _ := json.Marshal(e)
	if f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil { //nolint:gosec // G703: bench's own log, named in the environment it set
		_, _ = f.Write(append(line, '\n')) // one small O_APPEND write: atomic between processes
		_ = f.Close()
	}
}

type config struct {
	terraform     string
	profiles      []string
	rounds        int
	sizes         []int
	conversations []int
	far           farConfig
	out           string
	src           string
	keep          bool
	args          []string
}

// Profiles: loopback (the fake as fast as loopback is) and far (far.go).
const (
	profileLoopback = "loopback"
	profileFar      = "far"
)

func (c config) has(profile string) bool { return slices.Contains(c.profiles, profile) }

func run() error {
	var cfg config
	var profiles, sizes, convs string
	flag.StringVar(&cfg.terraform, "terraform", "", "terraform or tofu `binary` (default: TF_ACC_TERRAFORM_PATH, else terraform on PATH)")
	flag.StringVar(&profiles, "profiles", "loopback,far", "comma-separated `profiles`: loopback (the -n and -conversations runs), far (the far-network runs, -far-* flags)")
	flag.IntVar(&cfg.rounds, "rounds", 3, "loopback: rounds per N; each round rotates the order of the kinds")
	flag.StringVar(&sizes, "n", "100,500", "loopback: comma-separated `sizes` of the resource runs")
	flag.StringVar(&convs, "conversations", "1000,10000", "loopback: comma-separated conversation `counts` of the data source runs (empty: none)")
	flag.IntVar(&cfg.far.n, "far-n", 300, "far: DevRev and HelpCrunch chats per run")
	flag.IntVar(&cfg.far.latencyMS, "far-latency-ms", 100, "far: the fake's latency_ms, added to every request")
	flag.IntVar(&cfg.far.connectMS, "far-connect-ms", 200, "far: the fake's connect_latency_ms, added to the first request of each new connection")
	flag.IntVar(&cfg.far.parallelism, "far-parallelism", 10, "far: terraform -parallelism, and the floor's")
	flag.IntVar(&cfg.far.rounds, "far-rounds", 3, "far: rounds; each round rotates the order of the kinds")
	flag.IntVar(&cfg.far.windowRounds, "far-window-rounds", 1, "far: how many of the rounds also run HelpCrunch at its documented 120 requests a minute with the default pacing (about 13 minutes each at -far-n 300; 0: none)")
	flag.StringVar(&cfg.far.beforeSrc, "far-before-src", "", "far: also run DevRev and HelpCrunch in the same rounds with the provider built from this `directory`, reported as before")
	flag.StringVar(&cfg.far.beforeLabel, "far-before-label", "", "far: what -far-before-src is, for the report")
	flag.StringVar(&cfg.out, "out", "bench/RESULTS.md", "Markdown `file` the results are written to (empty: none)")
	flag.StringVar(&cfg.src, "provider-src", ".", "`directory` of the provider's source, built for the run (e.g. an older checkout, for before/after figures)")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the work directory")
	flag.Parse()
	cfg.args = os.Args[1:]
	for _, p := range strings.Split(profiles, ",") {
		switch p = strings.TrimSpace(p); p {
		case profileLoopback, profileFar:
			cfg.profiles = append(cfg.profiles, p)
		case "":
		default:
			return fmt.Errorf("-profiles: unknown profile %q (loopback, far)", p)
		}
	}
	if cfg.far.n <= 0 || cfg.far.parallelism <= 0 || cfg.far.latencyMS < 0 || cfg.far.connectMS < 0 || cfg.far.rounds <= 0 || cfg.far.windowRounds < 0 {
		return errors.New("-far-n, -far-parallelism and -far-rounds must be positive, the latencies and -far-window-rounds at least 0")
	}
	cfg.far.windowRounds = min(cfg.far.windowRounds, cfg.far.rounds)
	var err error
	if cfg.sizes, err = parseInts(sizes); err != nil {
		return fmt.Errorf("-n: %w", err)
	}
	if cfg.conversations, err = parseInts(convs); err != nil {
		return fmt.Errorf("-conversations: %w", err)
	}
	if cfg.terraform == "" {
		cfg.terraform = os.Getenv("TF_ACC_TERRAFORM_PATH")
	}
	if cfg.terraform == "" {
		if cfg.terraform, err = exec.LookPath("terraform"); err != nil {
			return errors.New("no terraform on PATH; pass -terraform")
		}
	}

	work, err := os.MkdirTemp("", "chatops-bench-")
	if err != nil {
		return err
	}
	if !cfg.keep {
		defer os.RemoveAll(work)
	}
	b := &bench{cfg: cfg, work: work}
	return b.run()
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive whole number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

type bench struct {
	cfg     config
	work    string
	wrapLog string
	env     []string
	tfVer   string
	// beforeProvider is the provider built from -far-before-src.
	beforeProvider string
	// loads are the 1-minute load averages at the start of each phase.
	loads []float64
}

// Kinds of resource runs; floor is terraform_data.
const (
	kindDevRev     = "chatops_devrev_chat"
	kindHelpCrunch = "chatops_helpcrunch_chat"
	kindFloor      = "terraform_data"
)

var kinds = []string{kindDevRev, kindHelpCrunch, kindFloor}

var phases = []string{"apply", "no-op plan", "apply -refresh-only", "update", "destroy"}

// measurement is one phase of one kind in one round.
type measurement struct {
	wall     time.Duration
	requests int
	cpu      time.Duration
	maxRSS   int64 // KiB
	conns    connStats
	limited  int // requests the fake's rate windows refused with 429
	stored   int // chats the fake holds after the phase less before it
}

// requestingProcs is how many provider processes made API requests: those
// the tracker placed, or one when it placed none of a phase with requests.
func (m measurement) requestingProcs() int {
	if n := len(m.conns.perProcess); n > 0 || m.requests == 0 {
		return n
	}
	return 1
}

// maxConnsPerProc is the most connections one provider process opened.
func (m measurement) maxConnsPerProc() int {
	n := 0
	for _, p := range m.conns.perProcess {
		n = max(n, p.connections)
	}
	return n
}

func (b *bench) run() error {
	start := time.Now()
	if err := b.setup(); err != nil {
		return err
	}
	results := map[int]map[string][][]measurement{} // N -> kind -> round -> phase
	var sizes, conversations []int
	if b.cfg.has(profileLoopback) {
		sizes, conversations = b.cfg.sizes, b.cfg.conversations
	}
	for _, n := range sizes {
		results[n] = map[string][][]measurement{}
		for round := 0; round < b.cfg.rounds; round++ {
			order := slices.Clone(kinds)
			k := (round + n) % len(order)
			order = append(order[k:], order[:k]...)
			for _, kind := range order {
				fmt.Fprintf(os.Stderr, "bench: N=%d round %d/%d %s\n", n, round+1, b.cfg.rounds, kind)
				ms, err := b.resourceRun(kind, n)
				if err != nil {
					return fmt.Errorf("round %d of N=%d, %s: %w", round+1, n, kind, err)
				}
				results[n][kind] = append(results[n][kind], ms)
			}
		}
	}
	convResults := map[convRun]convMeasurement{}
	for _, c := range conversations {
		for _, idsOnly := range []bool{false, true} {
			fmt.Fprintf(os.Stderr, "bench: conversations data source over %d (ids_only = %t)\n", c, idsOnly)
			m, err := b.conversationsRun(c, idsOnly)
			if err != nil {
				return fmt.Errorf("conversations %d (ids_only = %t): %w", c, idsOnly, err)
			}
			convResults[convRun{c, idsOnly}] = m
		}
	}
	var far farResults
	if b.cfg.has(profileFar) {
		var err error
		if far, err = b.runFar(); err != nil {
			return err
		}
	}
	report := b.report(results, convResults, far, time.Since(start))
	fmt.Print(report)
	if b.cfg.out != "" {
		if err := os.WriteFile(b.cfg.out, []byte(report), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "bench: wrote %s\n", b.cfg.out)
	}
	return nil
}

// setup builds the provider, puts bench in front of it, and writes the CLI
// configuration that makes terraform use it.
func (b *bench) setup() error {
	bin := filepath.Join(b.work, "bin")
	plugins := filepath.Join(b.work, "plugins")
	for _, d := range []string{bin, plugins} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	provider := filepath.Join(bin, "terraform-provider-chatops")
	if err := buildProvider(b.cfg.src, provider); err != nil {
		return err
	}
	if b.cfg.has(profileFar) && b.cfg.far.beforeSrc != "" {
		b.beforeProvider = filepath.Join(bin, "before", "terraform-provider-chatops")
		if err := buildProvider(b.cfg.far.beforeSrc, b.beforeProvider); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := copyFile(self, filepath.Join(plugins, "terraform-provider-chatops")); err != nil {
		return err
	}
	rc := filepath.Join(b.work, "terraformrc")
	err = os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/chatinfra/chatops" = %q
    "registry.opentofu.org/chatinfra/chatops" = %q
  }
  direct {}
}
`, plugins, plugins)), 0o600)
	if err != nil {
		return err
	}
	b.wrapLog = filepath.Join(b.work, "usage.jsonl")
	b.env = append(cleanEnv(os.Environ()),
		"TF_CLI_CONFIG_FILE="+rc,
		"CHECKPOINT_DISABLE=1",
		"TF_INPUT=0",
		"TF_IN_AUTOMATION=1",
		envWrapTarget+"="+provider,
		envWrapLog+"="+b.wrapLog,
		// The fake has no rate limit here: pacing (0 turns it off) would
		// measure the budget, not the provider.
		"HELPCRUNCH_MAX_REQUESTS_PER_MINUTE=0",
		"DEVREV_MAX_REQUESTS_PER_MINUTE=0",
	)
	out, err := exec.Command(b.cfg.terraform, "version").Output() //nolint:gosec // G204: the terraform binary the user chose
	if err != nil {
		return fmt.Errorf("%s version: %w", b.cfg.terraform, err)
	}
	b.tfVer = strings.SplitN(string(out), "\n", 2)[0]
	return nil
}

// buildProvider builds the provider in src to the file out.
func buildProvider(src, out string) error {
	src, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	build := exec.Command("go", "build", "-o", out, ".")
	build.Dir, build.Stdout, build.Stderr = src, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider in %s: %w", src, err)
	}
	return nil
}

// cleanEnv drops what would change how terraform runs.
func cleanEnv(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "DEVREV_") || strings.HasPrefix(k, "HELPCRUNCH_") || strings.HasPrefix(k, "CHATOPS_")
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fakeServer is the fake of both APIs on a free loopback port, with bench's
// connection tracker in front of it.
type fakeServer struct {
	url   string
	srv   *http.Server
	fake  *fake.Server
	conns *connTracker
}

// startFake serves a new fake. With attribute set, each connection is
// attributed to the provider process that holds it (conns.go), whose pids
// the wrapper writes to wrapLog.
func startFake(opts fake.Options, attribute bool, wrapLog string) (*fakeServer, error) {
	handler, err := fake.New(opts)
	if err != nil {
		return nil, err
	}
	// Served here rather than by ServeLoopback: bench wraps the fake to see
	// which provider process holds each connection.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr, _ := ln.Addr().(*net.TCPAddr)
	tracker := &connTracker{attribute: attribute, wrapLog: wrapLog, listenPort: addr.Port}
	isAPI := func(path string) bool { return !strings.HasPrefix(path, mockapi.ControlPrefix) }
	srv := &http.Server{Handler: tracker.wrap(handler, isAPI), ReadHeaderTimeout: 10 * time.Second}
	tracker.hook(srv)
	handler.Hook(srv)
	go func() { _ = srv.Serve(ln) }()
	return &fakeServer{url: "http://" + ln.Addr().String(), srv: srv, fake: handler, conns: tracker}, nil
}

func (f *fakeServer) close() { _ = f.srv.Close() }

// resetRequests zeroes the fake's request and connection counters and
// bench's own.
func (f *fakeServer) resetRequests() {
	f.fake.ResetRequests()
	f.conns.reset()
}

// limited is how many requests the fake's rate windows have refused.
func (f *fakeServer) limited() int {
	return f.fake.RateLimited(devrev.Name) + f.fake.RateLimited(helpcrunch.Name)
}

// apiRequests is how many requests the provider sent since the last reset.
func (f *fakeServer) apiRequests() int {
	n := 0
	for route, c := range f.fake.Requests().ByRoute {
		if !strings.Contains(route, mockapi.ControlPrefix) {
			n += c
		}
	}
	return n
}

func (b *bench) providerBlock(f *fakeServer) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

provider "chatops" {
  devrev = {
    token    = "devrev-demo-token"
    endpoint = %q
  }
  helpcrunch = {
    api_key  = "helpcrunch-demo-key"
    endpoint = %q
  }
}
`, f.url+devrev.Prefix, f.url+helpcrunch.Prefix)
}

// resourceConfig is N resources of kind whose payload depends on var.rev, so
// that -var rev=2 is an in-place update. terraform_data gets the same payload.
func resourceConfig(kind string, n int) string {
	head := fmt.Sprintf("variable \"rev\" {\n  type    = number\n  default = 1\n}\n\nlocals {\n  n = %d\n}\n\n", n)
	switch kind {
	case kindDevRev:
		return head + `resource "chatops_devrev_chat" "c" {
  count      = local.n
  users      = ["DEVU-1", "DEVU-${count.index % 19 + 2}"]
  title      = "bench ${count.index} rev ${var.rev}"
  is_default = false
}
`
	case kindHelpCrunch:
		return head + `resource "chatops_helpcrunch_chat" "c" {
  count       = local.n
  customer    = count.index % 20 + 1
  application = 1
  assignee    = var.rev % 5 + 1
}
`
	default:
		return head + `resource "terraform_data" "c" {
  count = local.n
  input = {
    users = ["DEVU-1", "DEVU-${count.index % 19 + 2}"]
    title = "bench ${count.index} rev ${var.rev}"
  }
}
`
	}
}

// resourceRun runs the five phases of one kind in a fresh directory against a
// fresh fake.
func (b *bench) resourceRun(kind string, n int) ([]measurement, error) {
	f, err := startFake(fake.Options{}, false, "")
	if err != nil {
		return nil, err
	}
	defer f.close()
	dir, err := os.MkdirTemp(b.work, "run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := resourceConfig(kind, n)
	if kind != kindFloor {
		cfg = b.providerBlock(f) + "\n" + cfg
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	steps := [][]string{
		{"apply", "-auto-approve"},
		{"plan", "-detailed-exitcode"},
		{"apply", "-refresh-only", "-auto-approve"},
		{"apply", "-auto-approve", "-var", "rev=2"},
		{"destroy", "-auto-approve", "-var", "rev=2"},
	}
	var out []measurement
	for i, args := range steps {
		m, err := b.phase(dir, f, args...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", phases[i], err)
		}
		out = append(out, m)
	}
	return out, nil
}

// convRun is a conversations run: how many, and whether with ids_only.
type convRun struct {
	count   int
	idsOnly bool
}

// convMeasurement is the conversations run at one count: the medians over
// rounds of the provider's plan, and of the floor's wall time and the ratio.
type convMeasurement struct {
	measurement
	floor time.Duration
	ratio float64
}

// conversationsRun plans the conversations data source over count generated
// conversations, alternating each round with the replay floor.
func (b *bench) conversationsRun(count int, idsOnly bool) (convMeasurement, error) {
	f, err := startFake(fake.Options{GenerateConversations: count}, false, "")
	if err != nil {
		return convMeasurement{}, err
	}
	defer f.close()
	dir, err := os.MkdirTemp(b.work, "conv-")
	if err != nil {
		return convMeasurement{}, err
	}
	defer os.RemoveAll(dir)
	cfg := b.providerBlock(f) + fmt.Sprintf(`
data "chatops_devrev_conversations" "all" {
  limit    = %d
  ids_only = %t
}

output "count" {
  value = length(data.chatops_devrev_conversations.all.ids)
}
`, count, idsOnly)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return convMeasurement{}, err
	}
	recorded, err := recordConversations(f, count, idsOnly)
	if err != nil {
		return convMeasurement{}, fmt.Errorf("recording the answer for the floor: %w", err)
	}
	replay := filepath.Join(dir, "recorded.msgpack")
	if err := os.WriteFile(replay, recorded, 0o600); err != nil {
		return convMeasurement{}, err
	}
	var runs []measurement
	var floors []time.Duration
	var ratios []float64
	for round := range b.cfg.rounds {
		var m, floor measurement
		measured := func() (err error) { m, err = b.phase(dir, f, "plan"); return err }
		replayed := func() (err error) {
			floor, err = b.phaseWith([]string{envReplay + "=" + replay}, dir, f, "plan")
			return err
		}
		order := []func() error{measured, replayed}
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for _, run := range order {
			if err := run(); err != nil {
				return convMeasurement{}, err
			}
		}
		runs, floors = append(runs, m), append(floors, floor.wall)
		ratios = append(ratios, float64(m.wall)/float64(floor.wall))
	}
	var walls, cpus []time.Duration
	var reqs []int
	var rss []int64
	for _, m := range runs {
		walls, cpus, reqs, rss = append(walls, m.wall), append(cpus, m.cpu), append(reqs, m.requests), append(rss, m.maxRSS)
	}
	return convMeasurement{
		measurement: measurement{wall: median(walls), cpu: median(cpus), requests: median(reqs), maxRSS: median(rss)},
		floor:       median(floors),
		ratio:       median(ratios),
	}, nil
}

// phase runs one terraform command and measures it.
func (b *bench) phase(dir string, f *fakeServer, args ...string) (measurement, error) {
	return b.phaseWith(nil, dir, f, args...)
}

// phaseWith is phase with env added to terraform's environment.
func (b *bench) phaseWith(env []string, dir string, f *fakeServer, args ...string) (measurement, error) {
	f.resetRequests()
	limited := f.limited()
	b.loads = append(b.loads, loadAverage())
	if err := os.WriteFile(b.wrapLog, nil, 0o600); err != nil {
		return measurement{}, err
	}
	cmd := exec.Command(b.cfg.terraform, append(args, "-no-color", "-input=false")...) //nolint:gosec // G204: the terraform binary the user chose
	cmd.Dir, cmd.Env = dir, append(slices.Clone(b.env), env...)
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && args[0] == "plan" && slices.Contains(args, "-detailed-exitcode") && exitErr.ExitCode() == 2 {
		return measurement{}, fmt.Errorf("the plan after apply is not empty:\n%s", tail(output.String(), 40))
	}
	if err != nil {
		return measurement{}, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(output.String(), 40))
	}
	m := measurement{wall: wall, requests: f.apiRequests(), conns: f.conns.stats(), limited: f.limited() - limited}
	usages, err := readUsage(b.wrapLog)
	if err != nil {
		return measurement{}, err
	}
	for _, u := range usages {
		m.cpu += u.CPU
		m.maxRSS = max(m.maxRSS, u.MaxRSS)
	}
	return m, nil
}

func readUsage(path string) ([]usage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []usage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e wrapEvent
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Event == eventExit {
			out = append(out, usage{CPU: e.CPU, MaxRSS: e.MaxRSS})
		}
	}
	return out, sc.Err()
}

func tail(s string, lines int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

func median[T int | int64 | time.Duration | float64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (b *bench) report(results map[int]map[string][][]measurement, convs map[convRun]convMeasurement, far farResults, took time.Duration) string {
	var r strings.Builder
	fmt.Fprintf(&r, "# Benchmark results\n\n")
	cmdline := "go run ./bench"
	for _, a := range b.cfg.args {
		if strings.ContainsAny(a, " \t'\"") {
			a = strconv.Quote(a)
		}
		cmdline += " " + a
	}
	fmt.Fprintf(&r, "Written by `make bench` (`%s`) on %s.\n\n", cmdline, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&r, "- Machine: %s, %d cores, %s\n", cpuModel(), runtime.NumCPU(), memTotal())
	fmt.Fprintf(&r, "- %s, %s, provider built from `%s`\n", b.tfVer, runtime.Version(), b.cfg.src)
	fmt.Fprintf(&r, "- Profiles: %s\n", strings.Join(b.cfg.profiles, ", "))
	fmt.Fprintf(&r, "- Each round runs the kinds in a rotated order; ratios are taken within a round, then the median over rounds is shown\n")
	fmt.Fprintf(&r, "- Requests are the fake's counts for the phase; provider CPU and peak RSS are summed (CPU) and maxed (RSS) over the provider processes terraform started in the phase\n")
	if len(b.loads) > 0 {
		lo, mid, hi := slices.Min(b.loads), median(b.loads), slices.Max(b.loads)
		fmt.Fprintf(&r, "- Load average (1 minute) at the start of the phases: min %.1f, median %.1f, max %.1f", lo, mid, hi)
		if mid > float64(runtime.NumCPU()) {
			fmt.Fprintf(&r, ": the machine was busy (more runnable work than its %d cores) for much of the run, which slows the CPU-bound loopback figures most, and the far ones through the floor's terraform_data term and each worker's own work between two chats", runtime.NumCPU())
		}
		fmt.Fprintln(&r)
	}
	fmt.Fprintf(&r, "- Whole run: %s\n\n", took.Round(time.Second))

	if b.cfg.has(profileLoopback) {
		b.reportLoopback(&r, results, convs)
	}
	if b.cfg.has(profileFar) {
		b.reportFar(&r, far, results)
	}
	return r.String()
}

// reportLoopback writes the loopback profile: the fake as fast as loopback.
func (b *bench) reportLoopback(r *strings.Builder, results map[int]map[string][][]measurement, convs map[convRun]convMeasurement) {
	for _, n := range b.cfg.sizes {
		res := results[n]
		fmt.Fprintf(r, "## Loopback, N = %d\n\n", n)
		fmt.Fprintf(r, "Wall time relative to `terraform_data` with the same N and payload (median of same-round ratios):\n\n")
		fmt.Fprintf(r, "| kind | %s |\n|---|%s\n", strings.Join(phases, " | "), strings.Repeat("---|", len(phases)))
		for _, kind := range []string{kindDevRev, kindHelpCrunch} {
			fmt.Fprintf(r, "| %s |", kind)
			for p := range phases {
				var ratios []float64
				for round := range res[kind] {
					ratios = append(ratios, float64(res[kind][round][p].wall)/float64(res[kindFloor][round][p].wall))
				}
				fmt.Fprintf(r, " %.2fx |", median(ratios))
			}
			fmt.Fprintln(r)
		}
		fmt.Fprintf(r, "\nMedians per phase: wall time, requests, provider CPU, provider CPU per object, provider peak RSS:\n\n")
		fmt.Fprintf(r, "| kind | phase | wall | requests | requests/object | provider CPU | CPU/object | peak RSS |\n|---|---|---|---|---|---|---|---|\n")
		for _, kind := range kinds {
			for p, phase := range phases {
				var walls, cpus []time.Duration
				var reqs []int
				var rss []int64
				for _, round := range res[kind] {
					walls = append(walls, round[p].wall)
					cpus = append(cpus, round[p].cpu)
					reqs = append(reqs, round[p].requests)
					rss = append(rss, round[p].maxRSS)
				}
				cpu := median(cpus)
				fmt.Fprintf(r, "| %s | %s | %s | %d | %.2f | %s | %s | %s |\n", kind, phase,
					median(walls).Round(10*time.Millisecond), median(reqs), float64(median(reqs))/float64(n),
					dashIfZero(cpu, cpu.Round(time.Millisecond).String()),
					dashIfZero(cpu, (cpu/time.Duration(n)).Round(10*time.Microsecond).String()),
					dashIfZero(median(rss), fmt.Sprintf("%d MiB", median(rss)/1024)))
			}
		}
		fmt.Fprintln(r)
	}
	if len(convs) > 0 {
		fmt.Fprintf(r, "## Loopback: chatops_devrev_conversations in a `terraform plan`\n\n")
		fmt.Fprintf(r, "Medians over %d rounds. The floor is the same plan with a stand-in provider that has the provider's schema and answers the read with the provider's recorded answer at once: what Terraform itself spends on that answer.\n\n", b.cfg.rounds)
		fmt.Fprintf(r, "| conversations | output | wall | floor | wall / floor | requests | provider CPU | provider peak RSS |\n|---|---|---|---|---|---|---|---|\n")
		for _, c := range b.cfg.conversations {
			for _, idsOnly := range []bool{false, true} {
				m, output := convs[convRun{c, idsOnly}], "conversations and ids"
				if idsOnly {
					output = "ids (`ids_only = true`)"
				}
				fmt.Fprintf(r, "| %d | %s | %s | %s | %.2fx | %d | %s | %d MiB |\n", c, output, m.wall.Round(10*time.Millisecond), m.floor.Round(10*time.Millisecond), m.ratio,
					m.requests, m.cpu.Round(time.Millisecond), m.maxRSS/1024)
			}
		}
		fmt.Fprintln(r)
	}
}

func dashIfZero[T comparable](v T, s string) string {
	var zero T
	if v == zero {
		return "-"
	}
	return s
}

// loadAverage is the machine's 1-minute load average, 0 when unknown.
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

func cpuModel() string {
	raw, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	raw, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if kib, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return fmt.Sprintf("%.0f GiB memory", float64(kib)/(1<<20))
			}
		}
	}
	return "memory unknown"
}
