package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// prober asks one account's APIs the questions, through the provider's own
// clients: their retries, 429 waits and masking apply to every call.
type prober struct {
	cfg config
	// dr and hc are nil for a platform without credentials.
	dr *client.DevRev
	hc *client.HelpCrunch
	// rec sees every attempt of every call, to note 429s.
	rec *recorder
	// rejected holds, by platform name, the 401 that refused its
	// credential: the platform's remaining questions make no call.
	rejected map[string]error
}

func newProber(cfg config, tune func(*client.Options)) (*prober, error) {
	p := &prober{cfg: cfg, rec: &recorder{next: client.NewPooledTransport(), secrets: cfg.secrets()}, rejected: map[string]error{}}
	options := func(pc platformConfig, perMinute int) client.Options {
		o := client.Options{
			Endpoint:             pc.endpoint,
			Token:                pc.token,
			MaxRetries:           5,
			UserAgent:            "terraform-provider-chatops-probe",
			Transport:            p.rec.transport(pc.name),
			MaxRequestsPerMinute: perMinute,
		}
		if tune != nil {
			tune(&o)
		}
		return o
	}
	var err error
	if cfg.devrev.token != "" {
		if p.dr, err = client.NewDevRev(options(cfg.devrev, 0)); err != nil {
			return nil, err
		}
	}
	if cfg.helpcrunch.token != "" {
		// HelpCrunch's documented budget, as the provider paces by default.
		if p.hc, err = client.NewHelpCrunch(options(cfg.helpcrunch, 120)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// run asks every question and returns the report.
func (p *prober) run(ctx context.Context) *report {
	r := &report{cfg: p.cfg}
	page := p.helpcrunchChatsPage(ctx)
	r.add(p.helpcrunchStatusSearch(ctx, page))
	r.add(p.helpcrunchStatusSpelling(page))
	r.add(p.helpcrunchSearchTotal(page))
	r.add(p.helpcrunchChatFieldTypes(page))
	r.add(p.helpcrunchCustomData(ctx, page))
	r.add(p.helpcrunchMessageStatus(ctx))
	r.add(p.helpcrunchCustomerPut(ctx))
	r.add(p.devrevCustomFieldPrefixes(ctx))
	r.add(p.devrevChatsScope(ctx))
	r.add(p.devrevTimelineMissingTarget(ctx))
	r.add(p.devrevTimelineComment(ctx))
	r.add(p.rateLimits())
	r.requests = p.rec.counts()
	return r
}

// verdict is how a question came out.
type verdict int

const (
	// notChecked: no credentials, a write not asked for, nothing to look at.
	notChecked verdict = iota
	agrees
	disagrees
	// failed: the question could not be answered.
	failed
)

func (v verdict) String() string {
	switch v {
	case agrees:
		return "yes"
	case disagrees:
		return "NO"
	case failed:
		return "unanswered"
	}
	return "not checked"
}

// result is one row of the report.
type result struct {
	question, answer, assumes string
	verdict                   verdict
	// next says, for a disagreement, what to change in the provider; for a
	// question that failed, what to check.
	next string
}

// skipped is a question left unasked, with why.
func skipped(question, assumes, why string) result {
	return result{question: question, answer: "not checked (" + why + ")", assumes: assumes}
}

// noCredentials is a question of a platform that has no credential.
func noCredentials(question, assumes string) result {
	return skipped(question, assumes, "no credentials")
}

// unanswered is a question whose call failed: a clear line for a rejected
// credential (and the platform's other questions then make no call), the
// error otherwise.
func (p *prober) unanswered(question, assumes string, pc platformConfig, err error) result {
	res := result{question: question, assumes: assumes, verdict: failed}
	var apiErr *client.APIError
	switch {
	case client.IsUnauthorized(err):
		p.rejected[pc.name] = err
		res.answer = fmt.Sprintf("credentials rejected: %s", err)
		res.next = fmt.Sprintf("%s rejected %s: check it (and %s)", pc.name, pc.credentialEnv, pc.endpointEnv)
	case errors.As(err, &apiErr):
		res.answer = "error: " + err.Error()
		res.next = fmt.Sprintf("%s answered %d to %s", pc.name, apiErr.StatusCode, apiErr.Operation)
	default:
		res.answer = "error: " + err.Error()
		res.next = fmt.Sprintf("%s could not be reached at %s", pc.name, endpointOf(pc))
	}
	return res
}

// refused is a question of a platform whose credential was rejected earlier.
func (p *prober) refused(question, assumes string, pc platformConfig) (result, bool) {
	if p.rejected[pc.name] == nil {
		return result{}, false
	}
	return result{question: question, assumes: assumes, verdict: failed,
		answer: "not asked: " + pc.name + " rejected " + pc.credentialEnv + " (HTTP 401) above"}, true
}

func endpointOf(pc platformConfig) string {
	if pc.endpoint != "" {
		return pc.endpoint
	}
	if pc.name == "DevRev" {
		return client.DefaultDevRevEndpoint
	}
	return client.DefaultHelpCrunchEndpoint
}

// recorder is the clients' transport: it counts every attempt by platform
// and keeps what each 429 carried (its status, headers and the start of its
// body, credentials masked), never asking for one.
type recorder struct {
	next    http.RoundTripper
	secrets []string

	mu       sync.Mutex
	attempts map[string]int
	limited  []rateLimited
}

// rateLimited is one 429 a call met.
type rateLimited struct {
	platform, method, path string
	header                 http.Header
	body                   string
}

func (r *recorder) transport(platform string) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		r.mu.Lock()
		if r.attempts == nil {
			r.attempts = map[string]int{}
		}
		r.attempts[platform]++
		r.mu.Unlock()
		resp, err := r.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		body := strings.Join(strings.Fields(string(raw)), " ")
		if len(body) > 300 {
			body = body[:300] + "..."
		}
		r.mu.Lock()
		r.limited = append(r.limited, rateLimited{platform: platform, method: req.Method, path: req.URL.Path,
			header: resp.Header.Clone(), body: redact(body, r.secrets)})
		r.mu.Unlock()
		return resp, nil
	})
}

// counts are the attempts sent, by platform.
func (r *recorder) counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for k, v := range r.attempts {
		out[k] = v
	}
	return out
}

func (r *recorder) rateLimited() []rateLimited {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.limited)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// redact masks every secret in s.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "<redacted>")
		}
	}
	return s
}
