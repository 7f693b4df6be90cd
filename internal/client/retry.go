package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"time"

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

	mu      sync.Mutex
	attempt int
	// wrote is true once the current attempt's request was fully written.
	wrote bool
	// everWrote is true once any attempt's request was fully written.
	everWrote bool
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

// backoff waits exactly what a 429 asks for; otherwise it backs off
// exponentially from min, capped at max, with jitter so that clients that
// failed together do not retry together. A 429 that names no wait (HelpCrunch
// documents none) backs off from at least one second.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if d := retryAfterFromHeader(resp.Header); d > 0 {
			return d
		}
		lo = max(lo, time.Second)
	}
	wait := lo << min(attempt, 20)
	if wait <= 0 || wait > hi {
		wait = hi
	}
	half := wait / 2
	return half + rand.N(half+1)
}

// loggingTransport logs every attempt at DEBUG with the credentials masked.
type loggingTransport struct {
	next    http.RoundTripper
	secrets []string
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for _, s := range t.secrets {
		if s != "" {
			ctx = tflog.MaskAllFieldValuesStrings(ctx, s)
			ctx = tflog.MaskMessageStrings(ctx, s)
		}
	}
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
	fields["status"] = resp.StatusCode
	tflog.Debug(ctx, "Received API response", fields)
	return resp, nil
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
