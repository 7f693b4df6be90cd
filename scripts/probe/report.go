package main

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

const (
	qRateLimits = "Rate limits: what a 429 carries (seen passively, never provoked)"
	aRateLimits = "a wait in `Retry-After` (or DevRev's `retry_after`) is honoured up to 5 minutes; a HelpCrunch 429 without one " +
		"waits for a slot of its one-minute window (internal/client/retry.go, ratelimit.go)"
)

// rateLimits reports every 429 the probe's calls met, as it came (status,
// headers, the start of the body, credentials masked). A 429 is never
// provoked: most runs see none.
func (p *prober) rateLimits() result {
	if p.dr == nil && p.hc == nil {
		return noCredentials(qRateLimits, aRateLimits)
	}
	limited := p.rec.rateLimited()
	if len(limited) == 0 {
		return skipped(qRateLimits, aRateLimits, "no call was answered 429")
	}
	var parts []string
	for _, l := range limited {
		var headers []string
		for _, name := range slices.Sorted(maps.Keys(l.header)) {
			if name == "Set-Cookie" || name == "Date" || name == "Content-Length" {
				continue
			}
			headers = append(headers, name+": "+strings.Join(l.header[name], ", "))
		}
		wait := "no wait named"
		if v := l.header.Get("Retry-After"); v != "" {
			wait = "Retry-After " + v
		}
		parts = append(parts, fmt.Sprintf("%s 429 on %s %s (%s); headers: %s; body: %s",
			l.platform, l.method, l.path, wait, strings.Join(headers, "; "), l.body))
	}
	return result{question: qRateLimits, assumes: aRateLimits, verdict: agrees,
		answer: fmt.Sprintf("%s answered 429: %s", plural(len(limited), "call"), strings.Join(parts, " | "))}
}

// report is the probe's answer: a row a question.
type report struct {
	cfg      config
	results  []result
	requests map[string]int
}

func (r *report) add(res result) { r.results = append(r.results, res) }

func (r *report) count(v verdict) int {
	n := 0
	for _, res := range r.results {
		if res.verdict == v {
			n++
		}
	}
	return n
}

// exitCode is 1 when a question disagrees, else 3 when one could not be
// answered, else 0.
func (r *report) exitCode() int {
	switch {
	case r.count(disagrees) > 0:
		return exitDisagree
	case r.count(failed) > 0:
		return exitUnanswered
	}
	return exitAgree
}

// render is the report as printed: what was probed, the table, the requests
// sent, and a closing line that says what to change.
func (r *report) render() string {
	var b strings.Builder
	mode := "reads only (writes need -writes)"
	if r.cfg.writes {
		mode = "reads, and the writes -writes allows"
	}
	fmt.Fprintf(&b, "chatops make probe: %s; %s; %s\n\n", describe(r.cfg.devrev), describe(r.cfg.helpcrunch), mode)
	b.WriteString("| question | what this account answered | what the provider assumes | agree |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, res := range r.results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(res.question), cell(res.answer), cell(res.assumes), res.verdict)
	}
	var sent []string
	for _, name := range slices.Sorted(maps.Keys(r.requests)) {
		sent = append(sent, fmt.Sprintf("%s %d", name, r.requests[name]))
	}
	if len(sent) == 0 {
		sent = []string{"none"}
	}
	fmt.Fprintf(&b, "\nrequests sent (retries included): %s\n", strings.Join(sent, ", "))
	b.WriteString(r.closing() + "\n")
	return b.String()
}

// closing is the last line: the verdict, and what to change or check.
func (r *report) closing() string {
	answered := r.count(agrees) + r.count(disagrees)
	unchecked := r.count(notChecked)
	switch {
	case r.count(disagrees) > 0:
		return fmt.Sprintf("result: %d of %d answered questions disagree with the provider; to change: %s.",
			r.count(disagrees), answered, strings.Join(r.next(disagrees), "; "))
	case r.count(failed) > 0:
		agreed := ""
		if answered > 0 {
			agreed = fmt.Sprintf(" (the %d answered agree with the provider)", answered)
		}
		return fmt.Sprintf("result: %s could not be answered%s; to check: %s.",
			plural(r.count(failed), "question"), agreed, strings.Join(r.next(failed), "; "))
	case answered == 0:
		return fmt.Sprintf("result: nothing was checked (%d questions not checked): set %s and/or %s.", unchecked, EnvDevRevToken, EnvHelpCrunchAPIKey)
	}
	return fmt.Sprintf("result: every answered question (%d) agrees with the provider; %d not checked. Nothing to change.", answered, unchecked)
}

// next are the distinct next steps of the results with verdict v.
func (r *report) next(v verdict) []string {
	var out []string
	for _, res := range r.results {
		if res.verdict == v && res.next != "" && !slices.Contains(out, res.next) {
			out = append(out, res.next)
		}
	}
	return out
}

func describe(pc platformConfig) string {
	if pc.token == "" {
		return pc.name + " not checked (" + pc.credentialEnv + " unset)"
	}
	return fmt.Sprintf("%s at %s (%s set)", pc.name, endpointOf(pc), pc.credentialEnv)
}

// cell is text fit for a table cell: one line, no bare column separator.
func cell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}

// statusText names an HTTP status: "201 Created".
func statusText(code int) string { return fmt.Sprintf("%d %s", code, http.StatusText(code)) }

// plural is "1 field", "2 fields".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
