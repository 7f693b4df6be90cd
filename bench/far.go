package main

// The far-network profile. On loopback a request and a new connection cost
// nothing, so the loopback figures show what Terraform and the provider
// spend, not what a user far from the APIs waits. This profile has the fake
// delay every request by latency_ms and the first request of each new
// connection by connect_latency_ms more (the TCP and TLS handshakes), runs
// N DevRev and N HelpCrunch chats through apply, a no-op plan, a refresh and
// destroy with an explicit -parallelism, and compares each phase with the
// least it could take (floor):
//
//	floor = terraform_data's wall time in the same phase and round
//	      + max(requests × latency_ms / parallelism, requests × window / limit)
//	      + provider processes that made requests × connect_latency_ms
//
// The second term is the requests spread over Terraform's workers, or, for
// HelpCrunch held to its documented window of 120 requests a minute, the
// window's own pace when that is slower; the two overlap (a request runs
// while the next waits for the budget), so the floor takes the larger. The
// third is one connection per worker: the workers of one provider process
// open theirs at the same time, so each process that calls the APIs pays one
// handshake, and Terraform starts a new process for each command (two in a
// destroy: the refresh and the deletes).

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// farConfig are the flags of the far profile.
type farConfig struct {
	n            int
	latencyMS    int
	connectMS    int
	parallelism  int
	rounds       int
	windowRounds int
	beforeSrc    string
	beforeLabel  string
}

// farKind is one row of the far profile.
type farKind struct {
	name   string // as reported
	kind   string // the resource: kindDevRev, kindHelpCrunch or kindFloor
	window bool   // HelpCrunch held to its documented window, with the default pacing
	before bool   // the provider built from -far-before-src
}

var farPhases = []string{"apply", "no-op plan", "apply -refresh-only", "destroy"}

const (
	farPlan    = 1 // index of the no-op plan in farPhases
	farRefresh = 2
)

var (
	farDevRev           = farKind{name: kindDevRev, kind: kindDevRev}
	farHelpCrunch       = farKind{name: kindHelpCrunch, kind: kindHelpCrunch}
	farFloor            = farKind{name: kindFloor, kind: kindFloor}
	farDevRevBefore     = farKind{name: kindDevRev + " (before)", kind: kindDevRev, before: true}
	farHelpCrunchBefore = farKind{name: kindHelpCrunch + " (before)", kind: kindHelpCrunch, before: true}
	farHelpCrunchWindow = farKind{name: kindHelpCrunch + " at 120/min", kind: kindHelpCrunch, window: true}
)

// farKinds are the rows of one round, in that round's order.
func (b *bench) farKinds(round int) []farKind {
	ks := []farKind{farDevRev, farHelpCrunch, farFloor}
	if b.beforeProvider != "" {
		ks = append(ks, farDevRevBefore, farHelpCrunchBefore)
	}
	if round < b.cfg.far.windowRounds {
		ks = append(ks, farHelpCrunchWindow)
	}
	k := round % len(ks)
	return append(ks[k:], ks[:k]...)
}

// farResults holds every round's measurements: kind name -> round -> phase.
// A kind run in fewer rounds (the window run) has fewer entries, from round 0.
type farResults map[string][][]measurement

func (b *bench) runFar() (farResults, error) {
	res := farResults{}
	for round := range b.cfg.far.rounds {
		for _, k := range b.farKinds(round) {
			fmt.Fprintf(os.Stderr, "bench: far N=%d round %d/%d %s\n", b.cfg.far.n, round+1, b.cfg.far.rounds, k.name)
			ms, err := b.farRun(k)
			if err != nil {
				return nil, fmt.Errorf("far round %d, %s: %w", round+1, k.name, err)
			}
			res[k.name] = append(res[k.name], ms)
		}
	}
	return res, nil
}

// farRun runs the four phases of one kind against a fresh fake with the
// profile's latencies.
func (b *bench) farRun(k farKind) ([]measurement, error) {
	opts := fake.Options{}
	if k.window {
		opts.HelpCrunchRateLimit = helpcrunch.DocumentedRateLimit
	}
	f, err := startFake(opts, true, b.wrapLog)
	if err != nil {
		return nil, err
	}
	defer f.close()
	f.fake.SetFaults(mockapi.Faults{LatencyMS: b.cfg.far.latencyMS, ConnectLatencyMS: b.cfg.far.connectMS})
	dir, err := os.MkdirTemp(b.work, "far-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := resourceConfig(k.kind, b.cfg.far.n)
	if k.kind != kindFloor {
		cfg = b.providerBlock(f) + "\n" + cfg
	}
	if err := os.WriteFile(dir+"/main.tf", []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	var env []string
	if k.window {
		// Empty is unset for the provider: the default budget (120 a minute).
		env = append(env, "HELPCRUNCH_MAX_REQUESTS_PER_MINUTE=")
	}
	if k.before {
		env = append(env, envWrapTarget+"="+b.beforeProvider)
	}
	par := fmt.Sprintf("-parallelism=%d", b.cfg.far.parallelism)
	steps := [][]string{
		{"apply", "-auto-approve", par},
		{"plan", "-detailed-exitcode", par},
		{"apply", "-refresh-only", "-auto-approve", par},
		{"destroy", "-auto-approve", par},
	}
	var out []measurement
	for i, args := range steps {
		stored := storedChats(f, k.kind)
		m, err := b.phaseWith(env, dir, f, args...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", farPhases[i], err)
		}
		m.stored = storedChats(f, k.kind) - stored
		out = append(out, m)
	}
	return out, nil
}

// storedChats is how many chats of kind's platform the fake holds.
func storedChats(f *fakeServer, kind string) int {
	switch kind {
	case kindDevRev:
		return len(f.fake.DevRev.State().Chats)
	case kindHelpCrunch:
		return len(f.fake.HelpCrunch.State().Chats)
	}
	return 0
}

// farFloor is the floor of phase p of kind k in round r (see the top of
// this file).
func (b *bench) farFloor(res farResults, k farKind, r, p int) time.Duration {
	m := res[k.name][r][p]
	floor := res[farFloor.name][r][p].wall
	spread := time.Duration(m.requests) * time.Duration(b.cfg.far.latencyMS) * time.Millisecond / time.Duration(b.cfg.far.parallelism)
	if k.window {
		l := helpcrunch.DocumentedRateLimit
		spread = max(spread, time.Duration(m.requests)*l.Window/time.Duration(l.Requests))
	}
	return floor + spread + time.Duration(m.requestingProcs())*time.Duration(b.cfg.far.connectMS)*time.Millisecond
}

// farRatio is the median over rounds of wall / floor.
func (b *bench) farRatio(res farResults, k farKind, p int) float64 {
	var ratios []float64
	for r := range res[k.name] {
		ratios = append(ratios, float64(res[k.name][r][p].wall)/float64(b.farFloor(res, k, r, p)))
	}
	return median(ratios)
}

// farMedians are the medians over rounds of one phase of one kind.
type farMedians struct {
	wall, floor                     time.Duration
	ratio                           float64
	requests, connections, procs    int
	connsPerProc, unattributed      int
	failed, limited, stored, rounds int
	// Where the time goes: before the first request, from it to the last
	// answer, and after; the requests' share of the floor; and how many
	// requests were in flight on average during the span.
	lead, span, tail, apiFloor time.Duration
	inFlight                   float64
	// gap is the mean time a connection waits between an answer and its
	// next request; cpu the provider processes' CPU time.
	gap, cpu time.Duration
}

func (b *bench) farMedians(res farResults, k farKind, p int) farMedians {
	var walls, floors []time.Duration
	var reqs, conns, procs, perProc, unattr, failed, limited, stored []int
	var leads, spans, tails, apiFloors, gaps, cpus []time.Duration
	var inFlight []float64
	for r, round := range res[k.name] {
		m := round[p]
		walls = append(walls, m.wall)
		if k != farFloor {
			floor := b.farFloor(res, k, r, p)
			floors, apiFloors = append(floors, floor), append(apiFloors, floor-res[farFloor.name][r][p].wall)
		}
		leads, spans = append(leads, m.conns.lead), append(spans, m.conns.span)
		gaps, cpus = append(gaps, m.conns.gap), append(cpus, m.cpu)
		tails = append(tails, max(m.wall-m.conns.lead-m.conns.span, 0))
		if m.conns.span > 0 {
			inFlight = append(inFlight, float64(m.conns.busy)/float64(m.conns.span))
		}
		reqs, conns = append(reqs, m.requests), append(conns, m.conns.connections)
		procs, perProc = append(procs, m.requestingProcs()), append(perProc, m.maxConnsPerProc())
		unattr, failed = append(unattr, m.conns.unattributed), append(failed, m.conns.failed)
		limited, stored = append(limited, m.limited), append(stored, m.stored)
	}
	out := farMedians{
		wall: median(walls), floor: median(floors), requests: median(reqs), connections: median(conns),
		procs: median(procs), connsPerProc: median(perProc), unattributed: slices.Max(unattr),
		failed: slices.Max(failed), limited: slices.Max(limited), stored: median(stored), rounds: len(walls),
		lead: median(leads), span: median(spans), tail: median(tails), apiFloor: median(apiFloors), inFlight: median(inFlight),
		gap: median(gaps), cpu: median(cpus),
	}
	if k != farFloor {
		out.ratio = b.farRatio(res, k, p)
	}
	return out
}

func (b *bench) reportFar(r *strings.Builder, res farResults, loop map[int]map[string][][]measurement) {
	fc := b.cfg.far
	fmt.Fprintf(r, "## Far network: latency_ms = %d, connect_latency_ms = %d, N = %d, -parallelism=%d\n\n", fc.latencyMS, fc.connectMS, fc.n, fc.parallelism)
	fmt.Fprintf(r, "The fake delays every request by %d ms and the first request of each new connection by %d ms more (the TCP and TLS handshakes loopback hides). ", fc.latencyMS, fc.connectMS)
	fmt.Fprintf(r, "Each phase is compared with its floor, the least it could take:\n\n")
	fmt.Fprintf(r, "    floor = terraform_data's wall time in the same phase and round\n")
	fmt.Fprintf(r, "          + max(requests x %d ms / %d, HelpCrunch at 120/min only: requests / 120 a minute)\n", fc.latencyMS, fc.parallelism)
	fmt.Fprintf(r, "          + provider processes that made requests x %d ms (one connection per worker, opened together)\n\n", fc.connectMS)
	fmt.Fprintf(r, "The request term and the window's term overlap (a request runs while the next waits for the budget), so the floor takes the larger. ")
	fmt.Fprintf(r, "The floor adds Terraform's own time to the API's; in an apply and a destroy, where terraform_data's phase is long, the two overlap (Terraform records one chat while others wait for the API), so a ratio under 1 there says the floor is generous, not that the phase beat it. ")
	fmt.Fprintf(r, "Connections are attributed to the provider process that holds each one (its socket among the process's file descriptors); \"per process\" is the largest count among the processes that made requests. ")
	fmt.Fprintf(r, "`%s` runs against the fake without a rate limit and with pacing off, as in the loopback runs: the network alone. `%s` runs against the fake held to HelpCrunch's documented window (%s per key, answering 429 past it) with the provider's default pacing (`max_requests_per_minute = 120`)",
		farHelpCrunch.name, farHelpCrunchWindow.name, helpcrunch.DocumentedRateLimit)
	if fc.windowRounds < fc.rounds {
		l := helpcrunch.DocumentedRateLimit
		fmt.Fprintf(r, ", in the first %d of the %d rounds only: the window holds every phase of it that calls HelpCrunch (%d requests take %s at %d a minute, a destroy twice that)",
			fc.windowRounds, fc.rounds, fc.n, time.Duration(fc.n)*l.Window/time.Duration(l.Requests), l.Requests)
	}
	fmt.Fprintf(r, ".")
	if b.beforeProvider != "" {
		fmt.Fprintf(r, " Rows marked (before) run the provider built from `%s` (%s) in the same rounds.", fc.beforeSrc, fc.beforeLabel)
	}
	fmt.Fprintf(r, "\n\n")

	kinds := []farKind{farDevRev, farHelpCrunch}
	if b.beforeProvider != "" {
		kinds = append(kinds, farDevRevBefore, farHelpCrunchBefore)
	}
	if len(res[farHelpCrunchWindow.name]) > 0 {
		kinds = append(kinds, farHelpCrunchWindow)
	}
	fmt.Fprintf(r, "Wall time relative to the floor (median of same-round ratios):\n\n")
	fmt.Fprintf(r, "| kind | rounds | %s |\n|---|---|%s\n", strings.Join(farPhases, " | "), strings.Repeat("---|", len(farPhases)))
	for _, k := range kinds {
		fmt.Fprintf(r, "| %s | %d |", k.name, len(res[k.name]))
		for p := range farPhases {
			fmt.Fprintf(r, " %.2fx |", b.farRatio(res, k, p))
		}
		fmt.Fprintln(r)
	}
	fmt.Fprintf(r, "\nMedians per phase over the rounds. Connections: accepted by the fake in the phase; processes: provider processes that made requests; per process: the most connections one of them opened. Failed: answers of 400 or more, of which 429s of the window, the most in any round.\n\n")
	fmt.Fprintf(r, "| kind | phase | wall | floor | wall / floor | requests | connections | processes | connections per process | failed (429) | chats stored |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, k := range append(kinds, farFloor) {
		for p, phase := range farPhases {
			m := b.farMedians(res, k, p)
			if k == farFloor {
				fmt.Fprintf(r, "| %s | %s | %s | - | - | - | - | - | - | - | - |\n", k.name, phase, m.wall.Round(10*time.Millisecond))
				continue
			}
			stored := "-"
			if p == 0 {
				stored = fmt.Sprintf("%d of %d", m.stored, fc.n)
			}
			perProc := fmt.Sprint(m.connsPerProc)
			if m.unattributed > 0 {
				perProc += fmt.Sprintf(" (%d unattributed)", m.unattributed)
			}
			fmt.Fprintf(r, "| %s | %s | %s | %s | %.2fx | %d | %d | %d | %s | %d (%d) | %s |\n", k.name, phase,
				m.wall.Round(10*time.Millisecond), m.floor.Round(10*time.Millisecond), m.ratio,
				m.requests, m.connections, m.procs, perProc, m.failed, m.limited, stored)
		}
	}
	fmt.Fprintln(r)
	fmt.Fprintf(r, "Where the time goes (medians): from the command's start to the first API request; from it to the last answer, against the floor's API terms (requests x %d ms / %d, or the window, plus the handshakes); the requests in flight on average over that span (at most %d); the mean time from an answer to the next request on the same connection (with one connection per worker, a worker's own work between two chats: Terraform's and the provider's; with the old pool most connections carry a request or two, so the before rows measure it on the few that were reused); the provider processes' CPU time; and after the last answer.\n\n", fc.latencyMS, fc.parallelism, fc.parallelism)
	fmt.Fprintf(r, "| kind | phase | wall | to first request | requests: span | floor's API terms | in flight | between requests | provider CPU | after last answer |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, k := range kinds {
		for p, phase := range farPhases {
			m := b.farMedians(res, k, p)
			fmt.Fprintf(r, "| %s | %s | %s | %s | %s | %s | %.1f | %s | %s | %s |\n", k.name, phase, m.wall.Round(10*time.Millisecond),
				m.lead.Round(10*time.Millisecond), m.span.Round(10*time.Millisecond), m.apiFloor.Round(10*time.Millisecond), m.inFlight,
				m.gap.Round(100*time.Microsecond), m.cpu.Round(10*time.Millisecond), m.tail.Round(10*time.Millisecond))
		}
	}
	fmt.Fprintln(r)
	b.reportGoals(r, res, loop)
}

// reportGoals writes the goals with the figures that measure them.
func (b *bench) reportGoals(r *strings.Builder, res farResults, loop map[int]map[string][][]measurement) {
	fc := b.cfg.far
	haveBefore := b.beforeProvider != ""
	fmt.Fprintf(r, "### Goals\n\n")
	fmt.Fprintf(r, "| goal | limit | before | after | met |\n|---|---|---|---|---|\n")
	ratioRow := func(what string, k, before farKind, p int, limit float64) {
		after := b.farRatio(res, k, p)
		bf := "-"
		if haveBefore && before.name != "" {
			bf = fmt.Sprintf("%.3fx", b.farRatio(res, before, p))
		}
		fmt.Fprintf(r, "| %s, %s | at most %.2fx the floor | %s | %.3fx | %s |\n", what, k.name, limit, bf, after, yesNo(after <= limit))
	}
	pairs := [][2]farKind{{farDevRev, farDevRevBefore}, {farHelpCrunch, farHelpCrunchBefore}}
	for _, pair := range pairs {
		ratioRow("far no-op plan", pair[0], pair[1], farPlan, 1.10)
		ratioRow("far refresh", pair[0], pair[1], farRefresh, 1.10)
	}
	for _, pair := range pairs {
		ratioRow("far apply", pair[0], pair[1], 0, 1.15)
		ratioRow("far destroy", pair[0], pair[1], len(farPhases)-1, 1.15)
	}
	limit := fc.parallelism + 2
	for _, pair := range pairs {
		after := b.farMedians(res, pair[0], farPlan).connsPerProc
		bf := "-"
		if haveBefore {
			bf = fmt.Sprint(b.farMedians(res, pair[1], farPlan).connsPerProc)
		}
		fmt.Fprintf(r, "| connections per provider process in a far no-op plan, %s | at most %d (parallelism + 2) | %s | %d | %s |\n", pair[0].name, limit, bf, after, yesNo(after <= limit))
	}
	if len(res[farHelpCrunchWindow.name]) > 0 {
		k := farHelpCrunchWindow
		ratioRow("apply at the window", k, farKind{}, 0, 1.10)
		m := b.farMedians(res, k, 0)
		fmt.Fprintf(r, "| failed requests in the apply, %s | 0 | - | %d (%d 429s) | %s |\n", k.name, m.failed, m.limited, yesNo(m.failed == 0))
		dup := m.stored - fc.n
		fmt.Fprintf(r, "| duplicates in the apply (chats stored - N), %s | 0 | - | %d | %s |\n", k.name, dup, yesNo(dup == 0))
	}
	for _, n := range b.cfg.sizes {
		for _, kind := range []string{kindDevRev, kindHelpCrunch} {
			if len(loop[n][kind]) == 0 {
				continue
			}
			var ratios []float64
			for round := range loop[n][kind] {
				ratios = append(ratios, float64(loop[n][kind][round][1].wall)/float64(loop[n][kindFloor][round][1].wall))
			}
			got := median(ratios)
			fmt.Fprintf(r, "| loopback no-op plan, N = %d, %s | at most 3.00x terraform_data | - | %.3fx | %s |\n", n, kind, got, yesNo(got <= 3.0))
		}
	}
	fmt.Fprintln(r)
	for _, k := range []farKind{farDevRev, farHelpCrunch} {
		m, floor := b.farMedians(res, k, farPlan), b.farMedians(res, farFloor, farPlan)
		fmt.Fprintf(r, "No-op plan of %s: the %d requests took %s from the first to the last answer against %s of the floor's API terms, %.1f of %d in flight on average: each connection waited %s between an answer and its next request (Terraform's and the provider's work per chat, %s of provider CPU in all), which the floor does not count. Before the first request and after the last answer: %s, against %s for terraform_data's whole plan.\n\n",
			k.name, m.requests, m.span.Round(10*time.Millisecond), m.apiFloor.Round(10*time.Millisecond), m.inFlight, fc.parallelism,
			m.gap.Round(100*time.Microsecond), m.cpu.Round(10*time.Millisecond), (m.lead + m.tail).Round(10*time.Millisecond), floor.wall.Round(10*time.Millisecond))
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
