package mockapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Each injected status is answered in the platform's own error shape.
func TestInjectedFaultShapes(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	for _, tc := range []struct {
		status   int
		platform string
		check    func(map[string]any) bool
	}{
		{500, "devrev", func(b map[string]any) bool {
			return b["type"] == "internal_error" && b["reference_id"] == "ref-injected-fault" && b["message"] == "Injected fault: HTTP 500."
		}},
		{503, "devrev", func(b map[string]any) bool {
			return b["type"] == "service_unavailable" && b["message"] == "Injected fault: HTTP 503."
		}},
		{502, "devrev", func(b map[string]any) bool {
			_, typed := b["type"]
			return !typed && b["message"] == "Injected fault: HTTP 502."
		}},
		{500, "helpcrunch", func(b map[string]any) bool { return hcErr(b) == "internal_error:Injected fault: HTTP 500." }},
		{503, "helpcrunch", func(b map[string]any) bool { return hcErr(b) == "internal_error:Injected fault: HTTP 503." }},
	} {
		s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Status: tc.status}}})
		url, token := ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken
		if tc.platform == "helpcrunch" {
			url, token = ts.URL+helpcrunch.Prefix+"/chats/1", helpcrunch.DemoKey
		}
		status, body, _ := callFake(t, "POST", url, token, `{}`)
		if status != tc.status || !tc.check(body) {
			t.Errorf("%s %d: got %d %v", tc.platform, tc.status, status, body)
		}
	}
}

// hcErr is "code:message" of a HelpCrunch error body's only entry.
func hcErr(b map[string]any) string {
	errs, _ := b["errors"].([]any)
	if len(errs) != 1 {
		return ""
	}
	e, _ := errs[0].(map[string]any)
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code + ":" + msg
}

// A scripted 429 carries its wait where it is told to, and by default where
// the platform documents it: DevRev in both places, HelpCrunch nowhere.
func TestScripted429WaitPlacement(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	for _, tc := range []struct {
		platform, in     string
		secs             int
		header, bodyWait bool
	}{
		{"devrev", "", 2, true, true},
		{"devrev", "header", 2, true, false},
		{"devrev", "body", 2, false, true},
		{"devrev", "both", 2, true, true},
		{"devrev", "", 0, false, false},
		{"helpcrunch", "", 2, false, false},
		{"helpcrunch", "header", 2, true, false},
		{"helpcrunch", "both", 2, true, false},
	} {
		s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Status: 429, RetryAfterSeconds: tc.secs, RetryAfterIn: tc.in}}})
		url, token := ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken
		if tc.platform == "helpcrunch" {
			url, token = ts.URL+helpcrunch.Prefix+"/chats/1", helpcrunch.DemoKey
		}
		status, body, header := callFake(t, "POST", url, token, `{}`)
		_, inBody := body["retry_after"]
		gotHeader := header.Get("Retry-After") != ""
		if status != 429 || gotHeader != tc.header || inBody != tc.bodyWait {
			t.Errorf("%s in %q (%ds): %d, header %q, body %v", tc.platform, tc.in, tc.secs, status, header.Get("Retry-After"), body)
		}
		if tc.header && header.Get("Retry-After") != "2" {
			t.Errorf("%s in %q: Retry-After %q, want 2", tc.platform, tc.in, header.Get("Retry-After"))
		}
		if tc.platform == "helpcrunch" && hcErr(body) != "too_many_requests:Too many requests: the limit is 120 requests a minute." {
			t.Errorf("helpcrunch 429 body %v", body)
		}
		if tc.platform == "devrev" && (body["type"] != "too_many_requests" || body["message"] != "Rate limit exceeded.") {
			t.Errorf("devrev 429 body %v", body)
		}
	}
}

// A fault that answers before the handler changes nothing; one after commit
// (a lost answer) changes the state and still answers 5xx.
func TestFaultsBeforeAndAfterCommit(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	chats := ts.URL + helpcrunch.Prefix + "/chats"
	count := func() int { return len(s.State().HelpCrunch.Chats) }
	before := count()

	s.SetFaults(mockapi.Faults{ErrorRate: 1, ErrorStatuses: []int{502}})
	if status, _, _ := callFake(t, "POST", chats, helpcrunch.DemoKey, `{"customer":1,"application":1}`); status != 502 || count() != before {
		t.Fatalf("error_rate 1: %d, chats %d → %d; want 502 and no change", status, before, count())
	}
	s.SetFaults(mockapi.Faults{FailAfterCommitRate: 1, ErrorStatuses: []int{504}})
	if status, _, _ := callFake(t, "POST", chats, helpcrunch.DemoKey, `{"customer":1,"application":1}`); status != 504 || count() != before+1 {
		t.Fatalf("fail_after_commit_rate 1: %d, chats %d → %d; want 504 and the chat made", status, before, count())
	}
	s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Status: 503, AfterCommit: true}}})
	if status, _, _ := callFake(t, "POST", chats, helpcrunch.DemoKey, `{"customer":1,"application":1}`); status != 503 || count() != before+2 {
		t.Fatalf("scripted after-commit fault: %d, chats %d; want 503 and a second chat", status, count())
	}
	// A lost answer still authenticates first: a wrong key commits nothing.
	s.SetFaults(mockapi.Faults{FailAfterCommitRate: 1})
	if status, _, _ := callFake(t, "POST", chats, "wrong", `{"customer":1,"application":1}`); status != 401 || count() != before+2 {
		t.Fatalf("after-commit fault with a wrong key: %d, chats %d", status, count())
	}
	s.ClearFaults()
	if status, _, _ := callFake(t, "POST", chats, helpcrunch.DemoKey, `{"customer":1,"application":1}`); status != 201 || count() != before+3 {
		t.Fatalf("after ClearFaults: %d", status)
	}
}

// Without ErrorStatuses, injected errors are 500 or 503, and both occur.
func TestDefaultErrorStatuses(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	s.SetFaults(mockapi.Faults{ErrorRate: 1, Seed: 7})
	seen := map[int]int{}
	for range 40 {
		status, _, _ := callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{}`)
		seen[status]++
	}
	if len(seen) != 2 || seen[500] == 0 || seen[503] == 0 {
		t.Fatalf("statuses %v, want only and both of 500 and 503", seen)
	}
}

// rate_limit_every counts from when the faults were set, not from the
// fake's start.
func TestRateLimitEveryCountsFromSetFaults(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	for range 3 {
		callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{}`)
	}
	s.SetFaults(mockapi.Faults{RateLimitEvery: 2})
	first, _, _ := callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{}`)
	second, _, _ := callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{}`)
	if first == 429 || second != 429 {
		t.Fatalf("after SetFaults: %d then %d, want the second refused", first, second)
	}
}

// Latency delays every API request, faulted or not.
func TestLatency(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	s.SetFaults(mockapi.Faults{LatencyMS: 150})
	start := time.Now()
	callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.get", devrev.DemoToken, `{}`)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("answered in %s, want at least the 150ms latency", d)
	}
}

// Paths under neither API's prefix are 404s, whoever asks.
func TestUnknownPrefixIsNotFound(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t)
	for _, p := range []string{"/devrevx/chats.get", "/helpcrunch/v2/chats", "/"} {
		if status, _, _ := callFake(t, "GET", ts.URL+p, devrev.DemoToken, ""); status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, status)
		}
	}
}

// DevRev takes its token with or without "Bearer "; HelpCrunch only with.
func TestAuthenticationSchemes(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t)
	req := func(url, auth string) int {
		r, err := http.NewRequest("POST", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	dr, hc := ts.URL+devrev.Prefix+"/chats.get", ts.URL+helpcrunch.Prefix+"/chats/1"
	for _, tc := range []struct {
		url, auth string
		ok        bool
	}{
		{dr, "Bearer " + devrev.DemoToken, true},
		{dr, devrev.DemoToken, true},
		{dr, "", false},
		{dr, "Bearer ", false},
		{hc, "Bearer " + helpcrunch.DemoKey, true},
		{hc, helpcrunch.DemoKey, false},
		{hc, "Bearer ", false},
		{hc, "", false},
	} {
		if status := req(tc.url, tc.auth); (status != http.StatusUnauthorized) != tc.ok {
			t.Errorf("%s with %q: %d, want authenticated %v", tc.url, tc.auth, status, tc.ok)
		}
	}
}

// The fault control accepts both ends of every range: 0 is "off", the
// default, and a rate of 1 (every request fails) is a valid scenario.
func TestFaultsAcceptZeroes(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t)
	for _, body := range []string{
		`{"error_rate":0,"fail_after_commit_rate":0,"rate_limit_every":0,"latency_ms":0}`,
		`{"error_rate":1,"fail_after_commit_rate":1}`,
	} {
		if status, out, _ := callFake(t, "POST", ts.URL+"/__mock/faults", "", body); status != 200 {
			t.Errorf("POST /__mock/faults %s = %d %v, want 200", body, status, out)
		}
	}
}
