package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxRetryAfter is the longest server-requested wait we honour; a longer one
// is reported as a rate-limit error instead of stalling the apply.
const maxRetryAfter = 5 * time.Minute

// retryPolicy says which failures of a request may be retried.
type retryPolicy int

const (
	// retryIdempotent: reads, updates, and creates made idempotent by the API
	// (DevRev chats.create with get_if_conflict). 429, 500/502/503/504 and
	// connection errors are retried.
	retryIdempotent retryPolicy = iota
	// retryUnsentOnly: a create the API could duplicate (HelpCrunch POST
	// /chats). Only a 429, or a connection error before the request was
	// written, is retried: after a 5xx or a timeout the object may exist.
	retryUnsentOnly
)

type attemptStateKey struct{}

// attemptState follows one logical request across its attempts.
type attemptState struct {
	policy    retryPolicy
	operation string
	platform  string
	// retryBody replaces the body on every retry (see request.retryBody).
	retryBody []byte
	// limiter is the client's rate limiter (never nil in a request of core.do).
	limiter *rateLimiter

	mu      sync.Mutex
	attempt int
	// wrote is true once the current attempt's request was fully written.
	wrote bool
	// everWrote is true once any attempt's request was fully written.
	everWrote bool
	// holdsSlot is true while the request waits in line for a slot of the
	// API's rate-limit window (see rateLimiter.claimSlot).
	holdsSlot bool
}

func withAttemptState(ctx context.Context, st *attemptState) context.Context {
	ctx = context.WithValue(ctx, attemptStateKey{}, st)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				st.mu.Lock()
				st.wrote, st.everWrote = true, true
				st.mu.Unlock()
			}
		},
	})
}

func attemptStateFrom(ctx context.Context) *attemptState {
	st, _ := ctx.Value(attemptStateKey{}).(*attemptState)
	return st
}

func (st *attemptState) begin(attempt int) {
	st.mu.Lock()
	st.attempt, st.wrote = attempt, false
	st.mu.Unlock()
}

// claimSlot takes the request's place in line for a slot of the API's
// rate-limit window and returns how long to wait for it (0: window unknown).
func (st *attemptState) claimSlot() time.Duration {
	if st.limiter == nil {
		return 0
	}
	wait := st.limiter.claimSlot()
	if wait > 0 {
		st.mu.Lock()
		st.holdsSlot = true
		st.mu.Unlock()
	}
	return wait
}

// releaseSlot gives the request's place in line back, if it holds one.
func (st *attemptState) releaseSlot() {
	st.mu.Lock()
	held := st.holdsSlot
	st.holdsSlot = false
	st.mu.Unlock()
	if held {
		st.limiter.releaseSlot()
	}
}

func (st *attemptState) attempts() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.attempt + 1
}

// mayHaveCommitted is true when a request reached the server and its outcome
// is unknown: it was written and no answer, or a 5xx, came back.
func (st *attemptState) mayHaveCommitted() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.everWrote
}

// checkRetry is the retryablehttp.CheckRetry of every client: it retries only
// what the request's policy allows, and never past the context's deadline.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	st := attemptStateFrom(ctx)
	policy := retryIdempotent
	wrote := true
	if st != nil {
		st.mu.Lock()
		policy, wrote = st.policy, st.wrote
		st.mu.Unlock()
	}

	if err != nil {
		if !retryableTransportError(err) {
			return false, nil
		}
		return policy == retryIdempotent || !wrote, nil
	}

	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		wait := retryAfter(resp)
		if wait == 0 && st != nil && st.limiter != nil {
			wait = st.limiter.peekSlot()
		}
		if wait > maxRetryAfter {
			return false, nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
			return false, nil
		}
		return true, nil
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return policy == retryIdempotent, nil
	}
	return false, nil
}

// retryableTransportError is false for failures a retry cannot mend.
func retryableTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false
	}
	var headerErr tls.RecordHeaderError
	return !errors.As(err, &headerErr)
}

// retryAfter returns the wait a 429 asks for: the Retry-After header, or
// DevRev's retry_after body field (then copied into the header so backoff,
// which runs after the body is drained, sees it). Zero when neither is given.
func retryAfter(resp *http.Response) time.Duration {
	if d := retryAfterFromHeader(resp.Header); d > 0 {
		return d
	}
	if resp.Body == nil {
		return 0
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	var body struct {
		RetryAfter *json.Number `json:"retry_after"`
	}
	if json.Unmarshal(raw, &body) != nil || body.RetryAfter == nil {
		return 0
	}
	secs, err := body.RetryAfter.Float64()
	d := secondsToDuration(secs)
	if err != nil || d == 0 {
		return 0
	}
	resp.Header.Set("Retry-After", body.RetryAfter.String())
	return d
}

func retryAfterFromHeader(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return secondsToDuration(secs)
	}
	if at, err := http.ParseTime(v); err == nil {
		if d := time.Until(at); d > 0 {
			return d
		}
	}
	return 0
}

// backoff waits exactly what a 429 asks for. A 429 that names no wait
// (HelpCrunch documents none) waits for a slot of the API's rate-limit window
// when the window is known, and otherwise backs off from at least one second.
// Anything else backs off exponentially from lo, capped at hi, with jitter so
// that clients that failed together do not retry together.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		return exponentialBackoff(lo, hi, attempt)
	}
	var ctx context.Context
	var st *attemptState
	if resp.Request != nil {
		ctx = resp.Request.Context()
		st = attemptStateFrom(ctx)
	}
	wait, reason := retryAfterFromHeader(resp.Header), "the API answered 429 and asked to wait"
	if wait == 0 && st != nil {
		wait, reason = st.claimSlot(), "the API answered 429 without saying how long to wait; waiting for a slot of its rate-limit window"
	}
	if wait == 0 {
		wait, reason = exponentialBackoff(max(lo, time.Second), hi, attempt), "the API answered 429 without saying how long to wait"
	}
	if st != nil && st.limiter != nil {
		st.limiter.logWait(ctx, wait, reason)
	}
	return wait
}

func exponentialBackoff(lo, hi time.Duration, attempt int) time.Duration {
	wait := lo << min(attempt, 20)
	if wait <= 0 || wait > hi {
		wait = hi
	}
	half := wait / 2
	return half + rand.N(half+1)
}

// loggingTransport logs every attempt at DEBUG (core.do has masked the
// credentials in the request's context) and tells the rate limiter which
// requests the API admitted.
type loggingTransport struct {
	next    http.RoundTripper
	limiter *rateLimiter
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{
		"method": req.Method,
		"path":   req.URL.Path,
	}
	if st := attemptStateFrom(ctx); st != nil {
		fields["operation"] = st.platform + " " + st.operation
		fields["attempt"] = st.attempts()
	}
	tflog.Debug(ctx, "Sending API request", fields)
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "API request failed", fields)
		return nil, err
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		t.limiter.admit()
	}
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "Received API response", fields)
	return resp, nil
}

// tflogLogger is retryablehttp's levelled logger writing to tflog, so its
// lines (each retry, with how long it waits and how many retries remain)
// land in Terraform's log with the request's context and masks.
type tflogLogger struct {
	ctx context.Context
}

var _ retryablehttp.LeveledLogger = tflogLogger{}

func (l tflogLogger) Error(msg string, kv ...any) { tflog.Error(l.ctx, msg, kvFields(kv)) }
func (l tflogLogger) Warn(msg string, kv ...any)  { tflog.Warn(l.ctx, msg, kvFields(kv)) }
func (l tflogLogger) Info(msg string, kv ...any)  { tflog.Info(l.ctx, msg, kvFields(kv)) }
func (l tflogLogger) Debug(msg string, kv ...any) { tflog.Debug(l.ctx, msg, kvFields(kv)) }

// kvFields turns retryablehttp's alternating keys and values into tflog
// fields. Durations are written as people read them ("1.5s"), and errors as
// their text, which JSON would otherwise render as {}.
func kvFields(kv []any) map[string]any {
	fields := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		key := fmt.Sprint(kv[i])
		switch v := kv[i+1].(type) {
		case time.Duration:
			fields[key] = v.String()
		case error:
			fields[key] = v.Error()
		default:
			fields[key] = v
		}
	}
	return fields
}

// secondsToDuration converts a server's wait in seconds; nonsense (negative,
// NaN) is no wait, and an absurd one saturates at a day, past maxRetryAfter.
func secondsToDuration(secs float64) time.Duration {
	if !(secs > 0) {
		return 0
	}
	if secs > 86400 {
		return 24 * time.Hour
	}
	return time.Duration(secs * float64(time.Second))
}
