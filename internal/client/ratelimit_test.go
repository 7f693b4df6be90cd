package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// The token bucket behind max_requests_per_minute: a burst of a tenth of the
// budget (1 to 10) starts at once, and no minute ever carries more than the
// budget, however many requests queue up.
func TestPacingNeverPutsMoreThanTheBudgetIntoAMinute(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ perMinute, burst int }{{1, 1}, {7, 1}, {30, 3}, {120, 10}, {600, 10}} {
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		l := newRateLimiter("HelpCrunch", tc.perMinute, 0)
		// Three minutes' worth of requests, all asking at the start.
		var sent []time.Time
		for range 3 * tc.perMinute {
			r := l.bucket.ReserveN(start, 1)
			sent = append(sent, start.Add(r.DelayFrom(start)))
		}
		immediate := 0
		for _, at := range sent {
			if at.Equal(start) {
				immediate++
			}
		}
		if immediate != tc.burst {
			t.Errorf("%d/min: %d requests start at once, want a burst of %d", tc.perMinute, immediate, tc.burst)
		}
		sort.Slice(sent, func(i, j int) bool { return sent[i].Before(sent[j]) })
		for i := range sent {
			// Requests within a minute from this one (a window open at its start).
			n := sort.Search(len(sent), func(j int) bool { return !sent[j].Before(sent[i].Add(time.Minute)) }) - i
			if n > tc.perMinute {
				t.Fatalf("%d/min: %d requests in the minute from %s", tc.perMinute, n, sent[i].Sub(start))
			}
		}
		// And the budget is used: after the burst, requests go out at
		// budget-burst a minute, so three minutes' worth take at most
		// 3 min × budget/(budget-burst) (3m16s for 120 a minute).
		most := time.Duration(float64(3*time.Minute) * float64(tc.perMinute) / float64(max(tc.perMinute-tc.burst, 1)))
		if last := sent[len(sent)-1].Sub(start); last > most+time.Second {
			t.Errorf("%d/min: the last request waits %s, more than the budget needs", tc.perMinute, last)
		}
	}
	if l := newRateLimiter("DevRev", 0, 0); l.bucket != nil {
		t.Error("no budget must mean no pacing")
	}
}

// syncBuffer is a log sink shared by parallel requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) entries(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	entries, err := tflogtest.MultilineJSONDecode(bytes.NewReader(b.buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// setupFake serves the in-process fake of both APIs, wrapped to measure
// how many requests it serves at once, and returns a client of each platform
// pointed at it with fast retries; tweak changes the clients' options.
func setupFake(t testing.TB, opts fake.Options, tweak ...func(*Options)) (*DevRev, *HelpCrunch, *fake.Server, *atomic.Int32) {
	t.Helper()
	fake := fake.MustNew(opts)
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	o := testOptions(srv.URL+devrev.Prefix, devrev.DemoToken, 5)
	for _, f := range tweak {
		f(&o)
	}
	dr, err := NewDevRev(o)
	if err != nil {
		t.Fatal(err)
	}
	o.Endpoint, o.Token = srv.URL+helpcrunch.Prefix, helpcrunch.DemoKey
	hc, err := NewHelpCrunch(o)
	if err != nil {
		t.Fatal(err)
	}
	return dr, hc, fake, &peak
}

// setupLimitedHelpCrunch serves the fake with HelpCrunch's creates held to
// limit a window, and returns a HelpCrunch client that knows the window and
// retries once.
func setupLimitedHelpCrunch(t *testing.T, limit int, window time.Duration) (*HelpCrunch, *fake.Server) {
	t.Helper()
	_, c, fake, _ := setupFake(t, fake.Options{HelpCrunchRateLimit: mockapi.RateLimit{Requests: limit, Window: window}}, func(o *Options) {
		o.MaxRetries = 1
		o.RateLimitWindow = window
	})
	return c, fake
}

// createChats creates n HelpCrunch chats in parallel and returns the errors.
func createChats(ctx context.Context, c *HelpCrunch, n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = c.Chats.Create(ctx, &HelpCrunchCreateChatRequest{Customer: int64(i%20 + 1), Application: 1})
		})
	}
	wg.Wait()
	return errs
}

// A 429 that names no wait (HelpCrunch) is retried once a slot of the API's
// window has freed, not after a short backoff that would land inside the
// same window: with one retry each, twice the window's worth of creates all
// succeed, every refused one exactly once, and none is duplicated.
func TestHelpCrunch429WithoutRetryAfterWaitsForTheWindow(t *testing.T) {
	t.Parallel()
	const limit, window = 8, 1500 * time.Millisecond
	c, fake := setupLimitedHelpCrunch(t, limit, window)
	before := len(fake.State().HelpCrunch.Chats)
	start := time.Now()
	for i, err := range createChats(t.Context(), c, 2*limit) {
		if err != nil {
			t.Errorf("create %d: %v", i, err)
		}
	}
	elapsed := time.Since(start)
	if got := fake.RateLimited("helpcrunch"); got != limit {
		t.Errorf("the fake refused %d creates, want %d (each refused create waits for its own slot)", got, limit)
	}
	if got := fake.RequestCount(helpcrunch.RouteChatCreate); got != 3*limit {
		t.Errorf("POST /chats reached the fake %d times, want %d", got, 3*limit)
	}
	if got := len(fake.State().HelpCrunch.Chats) - before; got != 2*limit {
		t.Errorf("%d chats made, want %d", got, 2*limit)
	}
	if elapsed < window {
		t.Errorf("done in %s: the refused creates cannot have waited for the %s window", elapsed, window)
	}
}

// With max_requests_per_minute below the API's limit nothing is refused, and
// requests still run in parallel: the budget is not a global lock.
func TestPacingStaysUnderTheAPIsLimitAndInParallel(t *testing.T) {
	t.Parallel()
	// 20 per 2s is 600 a minute; a budget of 240 a minute starts 10 at
	// once, then one every 261ms: at most 18 in any 2s.
	_, c, fake, peak := setupFake(t, fake.Options{HelpCrunchRateLimit: mockapi.RateLimit{Requests: 20, Window: 2 * time.Second}}, func(o *Options) { o.MaxRequestsPerMinute = 240 })
	fake.SetFaults(mockapi.Faults{LatencyMS: 200})
	var logs syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	start := time.Now()
	for i, err := range createChats(ctx, c, 20) {
		if err != nil {
			t.Errorf("create %d: %v", i, err)
		}
	}
	elapsed := time.Since(start)
	if got := fake.RateLimited("helpcrunch"); got != 0 {
		t.Errorf("the fake refused %d requests under a budget below its limit", got)
	}
	if got := fake.RequestCount(helpcrunch.RouteChatCreate); got != 20 {
		t.Errorf("POST /chats reached the fake %d times, want 20", got)
	}
	if p := peak.Load(); p < 5 {
		t.Errorf("at most %d requests were in flight at once: pacing serialised them", p)
	}
	// The ten after the burst wait 261ms apart: at least 2.35s in all.
	if elapsed < 2300*time.Millisecond {
		t.Errorf("20 requests took %s: the budget did not pace them", elapsed)
	}
	var info, debug int
	for _, e := range logs.entries(t) {
		msg, _ := e["@message"].(string)
		if !strings.HasPrefix(msg, "HelpCrunch rate limit: waiting ") {
			continue
		}
		if !strings.Contains(e["reason"].(string), "240 requests a minute") || e["operation"] != "HelpCrunch POST /chats" {
			t.Errorf("wait logged without its reason or operation: %v", e)
		}
		switch e["@level"] {
		case "info":
			info++
		case "debug":
			debug++
		}
	}
	// Within one minute: the first wait at INFO, the other nine at DEBUG.
	if info != 1 || debug != 9 {
		t.Errorf("waits logged %d times at INFO and %d at DEBUG, want 1 and 9", info, debug)
	}
}

// Retries spend the budget too: ten requests that each fail once make twenty
// attempts, and the ten retries wait for tokens after the burst.
func TestRetriesCountAgainstTheBudget(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, recoverAfter(&calls, 10, http.StatusServiceUnavailable, "", `{}`), func(o *Options) { o.MaxRequestsPerMinute = 600 })
	start := time.Now()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := c.do(t.Context(), request{method: "GET", path: "/x", operation: "x"}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// A burst of 10, then 590 a minute: the ten retries need 10 tokens at
	// 102ms each, about a second, where the backoff alone is milliseconds.
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("20 attempts in %s: the retries did not wait for the budget", elapsed)
	}
	if got := calls.Load(); got != 20 {
		t.Errorf("calls = %d, want 20", got)
	}
}

// A request waiting for the budget stops when its context ends, sends
// nothing, and gives its token back.
func TestPacingWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, answer(&calls, http.StatusOK, `{}`), func(o *Options) { o.MaxRequestsPerMinute = 1 })
	if err := c.do(t.Context(), request{method: "GET", path: "/x", operation: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.do(ctx, request{method: "POST", path: "/chats", body: map[string]int{}, policy: retryUnsentOnly, operation: "POST /chats"}, nil)
	if !errors.Is(err, context.DeadlineExceeded) || MayHaveCommitted(err) {
		t.Fatalf("err = %v (may have committed: %v), want the deadline and nothing sent", err, MayHaveCommitted(err))
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("the wait went on for %s after the context ended", elapsed)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("calls = %d, want only the first request", got)
	}
	if tokens := c.limiter.bucket.TokensAt(time.Now()); tokens < -0.01 {
		t.Errorf("the cancelled wait kept its token: %.2f tokens left", tokens)
	}
}

// The n-th request refused together waits for the n-th oldest admitted
// request to leave the window; one past what this client has seen waits a
// whole window (another client may hold those slots).
func TestSlotWaitsQueueBehindAdmittedRequests(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 1, 0, 0, time.UTC)
	l := newRateLimiter("HelpCrunch", 0, time.Minute)
	l.now = func() time.Time { return now }
	for _, ago := range []time.Duration{61 * time.Second, 50 * time.Second, 30 * time.Second} {
		at := now.Add(-ago)
		l.now = func() time.Time { return at }
		l.admit()
	}
	l.now = func() time.Time { return now }
	if got := l.peekSlot(); got != 10*time.Second {
		t.Errorf("peek = %s, want 10s (the admitted request of 50s ago)", got)
	}
	want := []time.Duration{10 * time.Second, 30 * time.Second, time.Minute}
	for i, w := range want {
		if got := l.claimSlot(); got != w {
			t.Errorf("waiter %d: %s, want %s", i, got, w)
		}
	}
	l.releaseSlot()
	l.releaseSlot()
	l.releaseSlot()
	l.releaseSlot() // one too many is harmless
	if got := l.claimSlot(); got != 10*time.Second {
		t.Errorf("after every waiter left, the next waits %s, want 10s", got)
	}
	if got := newRateLimiter("DevRev", 0, 0).claimSlot(); got != 0 {
		t.Errorf("without a known window: %s, want 0 (exponential backoff)", got)
	}
}

// The wait for a slot is measured from when this client's own requests were
// admitted, not a whole window from the refusal: requests refused two thirds
// of a window after the window filled wait about one third.
func TestSlotWaitCountsFromAdmission(t *testing.T) {
	t.Parallel()
	const limit, window = 4, 3 * time.Second
	c, fake := setupLimitedHelpCrunch(t, limit, window)
	for i, err := range createChats(t.Context(), c, limit) {
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	time.Sleep(2 * time.Second)
	start := time.Now()
	for i, err := range createChats(t.Context(), c, limit) {
		if err != nil {
			t.Errorf("create %d after the window filled: %v", i, err)
		}
	}
	elapsed := time.Since(start)
	if got := fake.RateLimited("helpcrunch"); got != limit {
		t.Errorf("the fake refused %d creates, want %d", got, limit)
	}
	if elapsed < 700*time.Millisecond || elapsed > 2200*time.Millisecond {
		t.Errorf("the refused creates took %s, want about 1s (the rest of the window), not the whole 3s", elapsed)
	}
	c.core.limiter.mu.Lock()
	waiting := c.core.limiter.waiting
	c.core.limiter.mu.Unlock()
	if waiting != 0 {
		t.Errorf("%d places in line left behind after every request ended", waiting)
	}
}

// A 429 whose wait for a slot would outlast the request's deadline is not
// retried: the caller gets the 429, not a deadline error after a wasted wait.
func TestSlotWaitPastTheDeadlineIsNotStarted(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, answer(&calls, http.StatusTooManyRequests, `{"errors":[{"code":"too_many_requests","message":"slow down"}]}`), func(o *Options) { o.RateLimitWindow = time.Minute })
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	err := c.do(ctx, request{method: "GET", path: "/x", operation: "x"}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429", err)
	}
	if calls.Load() != 1 || time.Since(start) > time.Second {
		t.Errorf("%d calls in %s, want 1 at once", calls.Load(), time.Since(start))
	}
}

// A wait is logged at INFO when a minute or more has passed since the last
// INFO line, and at DEBUG within that minute.
func TestRateLimitWaitLogCadence(t *testing.T) {
	t.Parallel()
	l := newRateLimiter("HelpCrunch", 120, time.Minute)
	start := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	var logs syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	var want []string
	for _, step := range []struct {
		after time.Duration
		level string
	}{
		{0, "info"},
		{rateLimitInfoEvery - time.Nanosecond, "debug"},
		{rateLimitInfoEvery, "info"},
		{rateLimitInfoEvery + time.Second, "debug"},
		{2 * rateLimitInfoEvery, "info"},
	} {
		l.now = func() time.Time { return start.Add(step.after) }
		l.logWait(ctx, time.Second, "test")
		want = append(want, step.level)
	}
	var got []string
	for _, e := range logs.entries(t) {
		got = append(got, e["@level"].(string))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("levels %v, want %v", got, want)
	}
}
