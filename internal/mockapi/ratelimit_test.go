package mockapi_test

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// fakeClock is a settable clock for the fake, so window tests need no sleeps.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newRateLimitedFake(t *testing.T, opts fake.Options) (*fake.Server, *httptest.Server, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts.Now = clock.now
	s := fake.MustNew(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts, clock
}

func TestParseRateLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]mockapi.RateLimit{
		"120/min":  {120, time.Minute},
		"120/m":    {120, time.Minute},
		" 5 / s ":  {5, time.Second},
		"1000/h":   {1000, time.Hour},
		"20/2s":    {20, 2 * time.Second},
		"3/1m30s":  {3, 90 * time.Second},
		"1/minute": {1, time.Minute},
	} {
		got, err := mockapi.ParseRateLimit(in)
		if err != nil || got != want {
			t.Errorf("mockapi.ParseRateLimit(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "120", "0/min", "-1/min", "x/min", "120/", "120/fortnight", "120/-2s", "120/0s", "1.5/min"} {
		if got, err := mockapi.ParseRateLimit(in); err == nil {
			t.Errorf("mockapi.ParseRateLimit(%q) = %v, want an error", in, got)
		}
	}
	if got := (mockapi.RateLimit{Requests: 120, Window: time.Minute}).String(); got != "120/1m0s" {
		t.Errorf("String() = %q", got)
	}
	// A limit needs both a number and a window; half of one is no limit,
	// never "refuse everything".
	for _, l := range []mockapi.RateLimit{{}, {Requests: 0, Window: time.Minute}, {Requests: 5, Window: 0}, {Requests: -1, Window: time.Minute}} {
		if l.Enabled() || l.String() != "none" {
			t.Errorf("%#v: enabled %v, String %q; want no limit", l, l.Enabled(), l.String())
		}
	}
	if !(mockapi.RateLimit{Requests: 1, Window: time.Nanosecond}).Enabled() {
		t.Error("1 per 1ns is a limit")
	}
}

// HelpCrunch's 429 names no wait: no Retry-After header, and its usual
// {"errors": [...]} body. The window slides, and a refused request changes
// nothing and uses no budget.
func TestHelpCrunchRateLimitWindow(t *testing.T) {
	t.Parallel()
	s, ts, clock := newRateLimitedFake(t, fake.Options{HelpCrunchRateLimit: mockapi.RateLimit{Requests: 3, Window: time.Minute}})
	chats := ts.URL + helpcrunch.Prefix + "/chats"
	create := `{"customer": 1, "application": 1}`
	for i := range 3 {
		if status, body, _ := callFake(t, "POST", chats, helpcrunch.DemoKey, create); status != 201 {
			t.Fatalf("create %d: %d %v", i, status, body)
		}
		clock.advance(10 * time.Second)
	}
	before := len(s.State().HelpCrunch.Chats)

	status, body, header := callFake(t, "POST", chats, helpcrunch.DemoKey, create)
	if status != 429 || !strings.HasPrefix(hcErr(body), "too_many_requests:") {
		t.Fatalf("fourth create: %d %v, want HelpCrunch's 429", status, body)
	}
	if v := header.Get("Retry-After"); v != "" {
		t.Errorf("Retry-After %q: HelpCrunch documents none", v)
	}
	if _, ok := body["retry_after"]; ok {
		t.Errorf("body %v carries retry_after, which HelpCrunch does not document", body)
	}
	if after := len(s.State().HelpCrunch.Chats); after != before {
		t.Errorf("a refused create changed the chats from %d to %d", before, after)
	}

	// A wrong key is refused by authentication, not by the window, and uses
	// none of the key's budget.
	if status, _, _ := callFake(t, "GET", chats+"/1", "other-key", ""); status != 401 {
		t.Errorf("a wrong key: %d, want 401", status)
	}
	// The DevRev API has no limit here: another platform's budget is apart.
	if status, _, _ := callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{"id":"DM-1"}`); status == 429 {
		t.Error("a DevRev request was refused by HelpCrunch's window")
	}

	// 30s after the first admitted request the window (a minute) still
	// holds all three: sliding, not reset at a minute boundary.
	clock.advance(29 * time.Second) // now = first + 59s
	if status, _, _ := callFake(t, "GET", chats+"/1", helpcrunch.DemoKey, ""); status != 429 {
		t.Errorf("59s after the first request: %d, want 429", status)
	}
	clock.advance(time.Second) // the first request leaves the window
	if status, body, _ := callFake(t, "GET", chats+"/1", helpcrunch.DemoKey, ""); status == 429 {
		t.Errorf("a minute after the first request: %d %v, want admitted", status, body)
	}
	if status, _, _ := callFake(t, "GET", chats+"/1", helpcrunch.DemoKey, ""); status != 429 {
		t.Errorf("the slot was taken; the next request: %d, want 429", status)
	}
	if got := s.RateLimited("helpcrunch"); got != 3 {
		t.Errorf("RateLimited(helpcrunch) = %d, want 3", got)
	}
	if got := s.RateLimited("devrev"); got != 0 {
		t.Errorf("RateLimited(devrev) = %d, want 0", got)
	}
	status, body, _ = callFake(t, "GET", ts.URL+"/__mock/rate-limits", "", "")
	hc, _ := body["helpcrunch"].(map[string]any)
	dr, _ := body["devrev"].(map[string]any)
	if status != 200 || hc["limit"] != "3/1m0s" || hc["limited"] != float64(3) || dr["limit"] != "none" || dr["limited"] != float64(0) {
		t.Errorf("GET /__mock/rate-limits: %d %v", status, body)
	}
}

// DevRev's 429 carries Retry-After and the body's retry_after, both the whole
// seconds until a slot frees, rounded up.
func TestDevRevRateLimitSaysWhenToRetry(t *testing.T) {
	t.Parallel()
	s, ts, clock := newRateLimitedFake(t, fake.Options{DevRevRateLimit: mockapi.RateLimit{Requests: 2, Window: 10 * time.Second}})
	get := ts.URL + devrev.Prefix + "/chats.get"
	callFake(t, "POST", get, devrev.DemoToken, `{"id":"DM-1"}`)
	clock.advance(3 * time.Second)
	callFake(t, "POST", get, devrev.DemoToken, `{"id":"DM-1"}`)
	clock.advance(3500 * time.Millisecond)

	status, body, header := callFake(t, "POST", get, devrev.DemoToken, `{"id":"DM-1"}`)
	// The first request leaves the window 3.5s from now: 4 whole seconds.
	if status != 429 || body["type"] != "too_many_requests" || body["retry_after"] != float64(4) || header.Get("Retry-After") != "4" {
		t.Fatalf("third request: %d %v Retry-After %q; want 429 asking for 4s in both places", status, body, header.Get("Retry-After"))
	}
	if _, ok := body["message"].(string); !ok {
		t.Errorf("body %v has no message", body)
	}
	// DevRev also takes the token without "Bearer ": the same key, the same budget.
	status, _, _ = callFake(t, "POST", get, "", `{"id":"DM-1"}`)
	if status != 401 {
		t.Fatalf("no token: %d, want 401", status)
	}
	clock.advance(3500 * time.Millisecond)
	if status, body, _ := callFake(t, "POST", get, devrev.DemoToken, `{"id":"DM-1"}`); status == 429 {
		t.Errorf("after the wait it asked for: %d %v, want admitted", status, body)
	}
	if got := s.RateLimited("devrev"); got != 1 {
		t.Errorf("RateLimited(devrev) = %d, want 1", got)
	}
}

// A limit left at its zero value refuses nothing.
func TestNoRateLimitByDefault(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	for i := range 200 {
		if status, _, _ := callFake(t, "GET", ts.URL+helpcrunch.Prefix+"/chats/1", helpcrunch.DemoKey, ""); status == 429 {
			t.Fatalf("request %d refused without a limit", i)
		}
	}
	if s.RateLimited("helpcrunch") != 0 {
		t.Fatal("RateLimited counted without a limit")
	}
}
