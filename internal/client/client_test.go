package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	// testPrefix is where setup mounts the APIs, so a request built from an
	// absolute path instead of the endpoint misses the mux.
	testPrefix    = "/api-prefix"
	testToken     = "s3cr3t-token"
	testUserAgent = "chatops-test"
)

// setup serves mux under testPrefix and returns a client of each platform
// pointed at it, with fast retries; tweak changes the clients' options.
func setup(t testing.TB, tweak ...func(*Options)) (*DevRev, *HelpCrunch, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	outer := http.NewServeMux()
	outer.Handle(testPrefix+"/", http.StripPrefix(testPrefix, mux))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the API prefix: %s %s", r.Method, r.URL.Path)
		http.Error(w, "outside the API prefix", http.StatusBadGateway)
	})
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)
	opts := testOptions(srv.URL+testPrefix, testToken, 3)
	opts.UserAgent = testUserAgent
	for _, f := range tweak {
		f(&opts)
	}
	dr, err := NewDevRev(opts)
	if err != nil {
		t.Fatal(err)
	}
	// HelpCrunch's 429 names no wait, so it waits for a slot of its window:
	// a short one here, a minute on the real API.
	if opts.RateLimitWindow == 0 {
		opts.RateLimitWindow = 50 * time.Millisecond
	}
	hc, err := NewHelpCrunch(opts)
	if err != nil {
		t.Fatal(err)
	}
	return dr, hc, mux
}

// testOptions are a test client's options: fast retries, a short timeout.
func testOptions(endpoint, token string, maxRetries int) Options {
	return Options{
		Endpoint:       endpoint,
		Token:          token,
		MaxRetries:     maxRetries,
		RequestTimeout: 5 * time.Second,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
	}
}

// retries sets how often a failed request is retried.
func retries(n int) func(*Options) { return func(o *Options) { o.MaxRetries = n } }

// setupCore serves handler on every path and returns the DevRev client's core.
func setupCore(t *testing.T, handler http.HandlerFunc, tweak ...func(*Options)) *core {
	t.Helper()
	dr, _, mux := setup(t, tweak...)
	mux.Handle("/", handler)
	return dr.core
}

// respond is a handler that answers every request with status and body.
func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// answer is a handler that counts its requests in calls and answers each
// with status and body.
func answer(calls *atomic.Int32, status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		respond(status, body)(w, r)
	}
}

// recoverAfter is a handler that counts its requests in calls, answers the
// first n with status and failBody, and the rest with 200 and okBody.
func recoverAfter(calls *atomic.Int32, n int32, status int, failBody, okBody string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) <= n {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, failBody)
			return
		}
		_, _ = io.WriteString(w, okBody)
	}
}

// requireErrorAs fails the test unless err is, or wraps, an E; it returns
// the E.
func requireErrorAs[E error](t *testing.T, err error) E {
	t.Helper()
	var target E
	if !errors.As(err, &target) {
		t.Fatalf("err = %T %v, want %T", err, err, target)
	}
	return target
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

func testHeader(t *testing.T, r *http.Request, header, want string) {
	t.Helper()
	if got := r.Header.Get(header); got != want {
		t.Errorf("%s = %q, want %q", header, got, want)
	}
}

// testAPIHeaders checks the headers every request carries, and the
// Content-Type of one with a body.
func testAPIHeaders(t *testing.T, r *http.Request, withBody bool) {
	t.Helper()
	testHeader(t, r, "Authorization", "Bearer "+testToken)
	testHeader(t, r, "Accept", "application/json")
	testHeader(t, r, "User-Agent", testUserAgent)
	contentType := ""
	if withBody {
		contentType = "application/json"
	}
	testHeader(t, r, "Content-Type", contentType)
}

// testJSONBody checks that the request's body is want, compared as JSON values.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got := readJSON[any](t, r)
	var exp any
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatalf("want %s is not JSON: %v", want, err)
	}
	if !reflect.DeepEqual(got, exp) {
		g, _ := json.Marshal(got)
		t.Errorf("body = %s\nwant   %s", g, want)
	}
}

// readJSON decodes the request's body.
func readJSON[T any](t *testing.T, r *http.Request) T {
	t.Helper()
	var v T
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("body %s: %v", raw, err)
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// failFirst fails the first round trip before anything is written, as a
// refused connection does, and counts every round trip.
func failFirst(calls *atomic.Int32) func(*Options) {
	return func(o *Options) {
		o.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				return nil, errors.New("dial tcp: connection refused")
			}
			return http.DefaultTransport.RoundTrip(r)
		})
	}
}

func TestCoreSendsAuthJSONAndUserAgent(t *testing.T) {
	t.Parallel()
	c := setupCore(t, func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		if r.URL.Path != "/things.create" {
			t.Errorf("path = %s, want /things.create under the endpoint's path", r.URL.Path)
		}
		testAPIHeaders(t, r, true)
		testJSONBody(t, r, `{"name":"x"}`)
		_, _ = io.WriteString(w, `{"id": "1"}`)
	})
	var out struct{ ID string }
	err := c.do(context.Background(), request{method: "POST", path: "/things.create", body: map[string]string{"name": "x"}, operation: "things.create"}, &out)
	if err != nil || out.ID != "1" {
		t.Fatalf("do = %v, out %+v", err, out)
	}
}

func TestCoreRetriesServerErrorsWhenIdempotent(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, recoverAfter(&calls, 2, http.StatusServiceUnavailable, `{"type":"service_unavailable","message":"busy"}`, `{}`))
	if err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 3 {
		t.Fatalf("calls = %d, want 3", got)
	}
}

func TestCoreGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, answer(&calls, http.StatusInternalServerError, `{"type":"internal_error","message":"boom","reference_id":"ref-9"}`), retries(2))
	err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x.get"}, nil)
	apiErr := requireErrorAs[*APIError](t, err)
	if calls.Load() != 3 || apiErr.StatusCode != 500 || apiErr.Type != "internal_error" || apiErr.ReferenceID != "ref-9" {
		t.Fatalf("calls %d, err %+v", calls.Load(), apiErr)
	}
	if !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "ref-9") {
		t.Fatalf("Error() = %q lacks the API's message or reference id", err)
	}
}

func TestCoreHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		header string
		body   string
	}{
		{name: "header", header: "1"},
		{name: "devrev body field", body: `{"type":"too_many_requests","message":"slow down","retry_after":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var first time.Time
			var gap time.Duration
			var calls atomic.Int32
			c := setupCore(t, func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) == 1 {
					first = time.Now()
					if tc.header != "" {
						w.Header().Set("Retry-After", tc.header)
					}
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = io.WriteString(w, tc.body)
					return
				}
				gap = time.Since(first)
				_, _ = io.WriteString(w, `{}`)
			})
			if err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil); err != nil {
				t.Fatal(err)
			}
			// The wait is the server's, not the (millisecond) backoff's.
			if gap < 900*time.Millisecond {
				t.Fatalf("retried after %s, want about 1s", gap)
			}
		})
	}
}

func TestCoreStopsWhenRetryAfterPassesDeadline(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, answer(&calls, http.StatusTooManyRequests, `{"type":"too_many_requests","retry_after":60}`))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := c.do(ctx, request{method: "GET", path: "/x", operation: "x"}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != 60*time.Second {
		t.Fatalf("err = %v, want a 429 APIError asking for 60s", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("calls = %d, want 1: a wait past the deadline is not started", calls.Load())
	}
	if !strings.Contains(err.Error(), "retry after 1m0s") {
		t.Fatalf("Error() = %q does not say how long the API asked to wait", err)
	}
}

func TestCoreRetriesConnectionErrors(t *testing.T) {
	t.Parallel()
	// A listener that accepts and closes connections at once: the request
	// fails without an answer.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			_ = conn.Close()
		}
	}()
	c, err := newCore("DevRev", Options{Endpoint: "http://" + ln.Addr().String(), Token: testToken, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}, decodeDevRevError)
	if err != nil {
		t.Fatal(err)
	}
	tErr := requireErrorAs[*TransportError](t, c.do(context.Background(), request{method: "GET", path: "/x", operation: "x.get"}, nil))
	if tErr.Attempts != 3 {
		t.Fatalf("attempts = %d, want 3", tErr.Attempts)
	}
}

func TestCoreRetrySendsRetryBody(t *testing.T) {
	t.Parallel()
	var bodies []string
	c := setupCore(t, func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(raw))
		if len(bodies) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	err := c.do(context.Background(), request{
		method: "POST", path: "/chats.create", operation: "chats.create",
		body:      map[string]bool{"get_if_conflict": false},
		retryBody: map[string]bool{"get_if_conflict": true},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"get_if_conflict":false}`, `{"get_if_conflict":true}`}
	if len(bodies) != 2 || bodies[0] != want[0] || bodies[1] != want[1] {
		t.Fatalf("bodies = %q, want %q", bodies, want)
	}
}

func TestCoreErrorsNeverCarryTheToken(t *testing.T) {
	t.Parallel()
	c := setupCore(t, respond(http.StatusUnauthorized, `{"type":"unauthenticated","message":"token `+testToken+` is invalid"}`))
	err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil)
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatalf("Error() leaks the token: %q", err)
	}
}

// TestCoreErrorFieldsNeverCarryTheToken: every field of an error that comes
// from the API's body is masked, HelpCrunch's error list included.
func TestCoreErrorFieldsNeverCarryTheToken(t *testing.T) {
	t.Parallel()
	_, hc, mux := setup(t)
	mux.HandleFunc("/x", respond(http.StatusUnauthorized, `{"errors":[{"code":"invalid_token","message":"key `+testToken+` is wrong"},`+
		`{"code":"`+testToken+`","message":"again `+testToken+`","field":"`+testToken+`"}]}`))
	dr, _, drMux := setup(t)
	drMux.HandleFunc("/x", respond(http.StatusUnauthorized, `{"type":"`+testToken+`","message":"m","detail":"`+testToken+`","reference_id":"`+testToken+`"}`))
	errs := []error{hc.core.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil),
		dr.core.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil)}
	for _, err := range errs {
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want *APIError", err)
		}
		fields := fmt.Sprintf("%s %+v", err, *apiErr)
		if strings.Contains(fields, testToken) {
			t.Errorf("the error carries the token: %s", fields)
		}
	}
}

func TestCoreDecodesEveryHelpCrunchErrorItem(t *testing.T) {
	t.Parallel()
	e := &APIError{Platform: "HelpCrunch", Operation: "GET /chats/{id}", StatusCode: 404}
	decodeHelpCrunchError(e, []byte(`{"errors":[{"code":"chat_not_found","message":"Chat not found"},{"code":404,"message":"second","field":"id"}]}`))
	if e.Type != "chat_not_found" || e.Message != "Chat not found" || len(e.Errors) != 2 || e.Errors[1].Code != "404" || e.Errors[1].Field != "id" {
		t.Fatalf("decoded %+v", e)
	}
	if got := e.Error(); !strings.Contains(got, "Chat not found") || !strings.Contains(got, "second") {
		t.Fatalf("Error() = %q", got)
	}
	if !IsNotFound(e) {
		t.Fatal("IsNotFound = false for a 404")
	}
}

func TestBackoffIsExponentialWithJitterAndCapped(t *testing.T) {
	t.Parallel()
	for attempt := range 8 {
		want := min(100*time.Millisecond<<attempt, 2*time.Second)
		for range 50 {
			got := backoff(100*time.Millisecond, 2*time.Second, attempt, nil)
			if got < want/2 || got > want {
				t.Fatalf("attempt %d: backoff %s outside [%s, %s]", attempt, got, want/2, want)
			}
		}
	}
}

// A shift that overflows (to zero or below) waits the cap, and the jitter
// reaches both ends of [wait/2, wait].
func TestBackoffOverflowWaitsTheCapAndJitterCoversTheUpperHalf(t *testing.T) {
	t.Parallel()
	const hi = 2 * time.Second
	for _, lo := range []time.Duration{1 << 43, 1 << 44} { // << 20: below zero, zero
		if got := exponentialBackoff(lo, hi, 20); got < hi/2 || got > hi {
			t.Errorf("lo %d << 20: backoff %s outside [%s, %s]", lo, got, hi/2, hi)
		}
	}
	seen := map[time.Duration]bool{}
	for range 200 {
		seen[exponentialBackoff(2, 2, 0)] = true
	}
	if len(seen) != 2 || !seen[1] || !seen[2] {
		t.Errorf("backoff of 2ns took %v, want both 1ns and 2ns", seen)
	}
}

func FuzzDecodeErrors(f *testing.F) {
	f.Add([]byte(`{"type":"not_found","message":"m","retry_after":3}`))
	f.Add([]byte(`{"errors":[{"code":"invalid_token","message":"bad"}]}`))
	f.Add([]byte(`{"errors":[{"code":12}]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, decode := range []func(*APIError, []byte){decodeDevRevError, decodeHelpCrunchError} {
			e := &APIError{Platform: "X", Operation: "op", StatusCode: 400}
			decode(e, body)
			_ = e.Error()
		}
	})
}

func FuzzRetryAfterHeader(f *testing.F) {
	for _, s := range []string{"1", "0.5", "-3", "Wed, 21 Oct 2015 07:28:00 GMT", "", "NaN", "1e308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set("Retry-After", v)
		if d := retryAfterFromHeader(h); d < 0 {
			t.Fatalf("negative wait %s for %q", d, v)
		}
	})
}

// Unset or nonsensical options fall back to the defaults; set ones are kept.
func TestNewCoreDefaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                string
		in                  Options
		retries             int
		timeout, wMin, wMax time.Duration
		window              time.Duration
		platform            string
	}{
		{"zero", Options{}, 0, defaultRequestTimeout, defaultRetryWaitMin, defaultRetryWaitMax, 0, "DevRev"},
		{"negative", Options{MaxRetries: -1, RequestTimeout: -time.Second, RetryWaitMin: -1, RetryWaitMax: -1, RateLimitWindow: -1}, 0, defaultRequestTimeout, defaultRetryWaitMin, defaultRetryWaitMax, 0, "DevRev"},
		{"set", Options{MaxRetries: 2, RequestTimeout: time.Second, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, RateLimitWindow: time.Second}, 2, time.Second, time.Millisecond, 2 * time.Millisecond, time.Second, "DevRev"},
		{"HelpCrunch's documented window", Options{}, 0, defaultRequestTimeout, defaultRetryWaitMin, defaultRetryWaitMax, time.Minute, "HelpCrunch"},
	} {
		tc.in.Endpoint = "https://api.example.com"
		c, err := newCore(tc.platform, tc.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.retryMax != tc.retries || c.http.Timeout != tc.timeout || c.retryWaitMin != tc.wMin || c.waitMax != tc.wMax || c.limiter.window != tc.window {
			t.Errorf("%s: retries %d, timeout %s, wait %s..%s, window %s; want %d, %s, %s..%s, %s", tc.name,
				c.retryMax, c.http.Timeout, c.retryWaitMin, c.waitMax, c.limiter.window, tc.retries, tc.timeout, tc.wMin, tc.wMax, tc.window)
		}
	}
	for _, bad := range []string{"", "api.example.com", "https://", "://x"} {
		if _, err := newCore("DevRev", Options{Endpoint: bad}, nil); err == nil {
			t.Errorf("endpoint %q accepted", bad)
		}
	}
}

// Every 2xx is a success and nothing else is.
func TestCoreStatusRange(t *testing.T) {
	t.Parallel()
	for status, ok := range map[int]bool{200: true, 201: true, 204: true, 299: true, 300: false, 304: false, 400: false} {
		c := setupCore(t, func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(status)
		}, func(o *Options) { o.MaxRetries = 0 })
		err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil)
		if (err == nil) != ok {
			t.Errorf("HTTP %d: err = %v, want success %v", status, err, ok)
		}
	}
}

// An error body the platform's decoder cannot read is kept as the message
// (cut at 512 bytes); one it can read is not repeated raw.
func TestCoreErrorBodyFallback(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 513)
	for _, tc := range []struct{ body, msg, typ string }{
		{"upstream exploded\n", "upstream exploded", ""},
		{strings.Repeat("y", 512), strings.Repeat("y", 512), ""},
		{long, long[:512] + "...", ""},
		{`{"type":"bad_request"}`, "", "bad_request"},
		{`{"message":"only a message"}`, "only a message", ""},
		{"", "", ""},
	} {
		c := setupCore(t, respond(http.StatusBadRequest, tc.body))
		err := c.do(context.Background(), request{method: "GET", path: "/x", operation: "x"}, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Message != tc.msg || apiErr.Type != tc.typ {
			t.Errorf("body %.20q: %+v, want message %.20q type %q", tc.body, apiErr, tc.msg, tc.typ)
		}
	}
}

// DevRev's wait is the Retry-After header when there is one, else the body's
// retry_after; neither is no wait.
func TestDevRevRetryAfterSources(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header, body string
		want         time.Duration
	}{
		{"2", `{"type":"too_many_requests","retry_after":5}`, 2 * time.Second},
		{"", `{"type":"too_many_requests","retry_after":5}`, 5 * time.Second},
		{"", `{"type":"too_many_requests","retry_after":0}`, 0},
		{"", `{"type":"too_many_requests","retry_after":-3}`, 0},
		{"", `{"type":"too_many_requests"}`, 0},
	} {
		e := &APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: retryAfterFromHeader(http.Header{"Retry-After": {tc.header}})}
		decodeDevRevError(e, []byte(tc.body))
		if e.RetryAfter != tc.want {
			t.Errorf("header %q, body %s: RetryAfter %s, want %s", tc.header, tc.body, e.RetryAfter, tc.want)
		}
	}
}
