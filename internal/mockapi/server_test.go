package mockapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

func newTestServer(t *testing.T) (*fake.Server, *httptest.Server) {
	t.Helper()
	s := fake.MustNew(fake.Options{})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func callFake(t *testing.T, method, url, token, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out)
	}
	return resp.StatusCode, out, resp.Header
}

func TestAuthenticationPerPlatform(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t)
	status, body, _ := callFake(t, "POST", ts.URL+devrev.Prefix+"/chats.create", "wrong", `{}`)
	if status != 401 || body["type"] != "unauthenticated" {
		t.Fatalf("devrev: %d %v", status, body)
	}
	status, body, _ = callFake(t, "GET", ts.URL+"/helpcrunch/v1/chats/1", devrev.DemoToken, "")
	errs, _ := body["errors"].([]any)
	if status != 401 || len(errs) != 1 {
		t.Fatalf("helpcrunch with the DevRev token: %d %v", status, body)
	}
}

func TestRequestCountsAndReset(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	callFake(t, "POST", ts.URL+"/devrev/nope", devrev.DemoToken, `{}`)
	callFake(t, "POST", ts.URL+"/devrev/nope", devrev.DemoToken, `{}`)
	callFake(t, "GET", ts.URL+"/unknown", "", "")
	status, body, _ := callFake(t, "GET", ts.URL+"/__mock/requests", "", "")
	if status != 200 || body["total"] != float64(3) {
		t.Fatalf("requests: %d %v", status, body)
	}
	if got := s.RequestCount("POST /devrev/nope"); got != 2 {
		t.Fatalf("by route = %d, want 2 (%v)", got, body["by_route"])
	}
	if status, _, _ := callFake(t, "DELETE", ts.URL+"/__mock/requests", "", ""); status != 204 {
		t.Fatalf("reset: %d", status)
	}
	if s.Requests().Total != 0 {
		t.Fatal("reset did not zero the counters")
	}
}

func TestControlAPIIsNeverCountedOrFaulted(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	if status, _, _ := callFake(t, "POST", ts.URL+"/__mock/faults", "", `{"error_rate": 1, "error_statuses": [503]}`); status != 200 {
		t.Fatalf("set faults: %d", status)
	}
	if status, _, _ := callFake(t, "GET", ts.URL+"/__mock/state", "", ""); status != 200 {
		t.Fatalf("state under faults: %d", status)
	}
	status, body, _ := callFake(t, "POST", ts.URL+"/devrev/chats.get", devrev.DemoToken, `{}`)
	if status != 503 || body["type"] != "service_unavailable" {
		t.Fatalf("faulted devrev call: %d %v", status, body)
	}
	if s.Requests().Total != 1 {
		t.Fatalf("total = %d, want only the API request counted", s.Requests().Total)
	}
	if status, _, _ := callFake(t, "DELETE", ts.URL+"/__mock/faults", "", ""); status != 204 {
		t.Fatalf("clear faults: %d", status)
	}
}

func TestFaultsRejectNonsense(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t)
	for _, body := range []string{`{"error_rate": 2}`, `{"unknown": 1}`, `{"rate_limit_every": -1}`, `not json`} {
		if status, _, _ := callFake(t, "POST", ts.URL+"/__mock/faults", "", body); status != 400 {
			t.Errorf("POST /__mock/faults %s = %d, want 400", body, status)
		}
	}
}

func TestRateLimitEveryAndRetryAfter(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	s.SetFaults(mockapi.Faults{RateLimitEvery: 2, RetryAfterSeconds: 3})
	var statuses []int
	for range 4 {
		status, body, hdr := callFake(t, "GET", ts.URL+"/helpcrunch/v1/unknown", helpcrunch.DemoKey, "")
		statuses = append(statuses, status)
		if status == 429 {
			if hdr.Get("Retry-After") != "" {
				t.Fatal("HelpCrunch documents no Retry-After header; the fake must not send one by default")
			}
			if _, ok := body["errors"]; !ok {
				t.Fatalf("helpcrunch 429 body %v", body)
			}
		}
	}
	if statuses[1] != 429 || statuses[3] != 429 || statuses[0] == 429 || statuses[2] == 429 {
		t.Fatalf("statuses = %v, want every 2nd rate limited", statuses)
	}
	s.SetFaults(mockapi.Faults{RateLimitEvery: 1, RetryAfterSeconds: 3})
	status, body, hdr := callFake(t, "POST", ts.URL+"/devrev/chats.get", devrev.DemoToken, `{}`)
	if status != 429 || hdr.Get("Retry-After") != "3" || body["retry_after"] != float64(3) || body["type"] != "too_many_requests" {
		t.Fatalf("devrev 429: %d %v %v", status, hdr, body)
	}
}

func TestScriptedFaultsAreOneShotAndMatchTheRoute(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: "POST /devrev/other", Status: 502}, {Status: 500}}})
	// The first request does not match the first entry's route, so it takes
	// the second (which matches any route).
	if status, _, _ := callFake(t, "POST", ts.URL+"/devrev/one", devrev.DemoToken, `{}`); status != 500 {
		t.Fatalf("first = %d, want 500", status)
	}
	if status, _, _ := callFake(t, "POST", ts.URL+"/devrev/other", devrev.DemoToken, `{}`); status != 502 {
		t.Fatalf("second = %d, want 502", status)
	}
	if status, _, _ := callFake(t, "POST", ts.URL+"/devrev/other", devrev.DemoToken, `{}`); status != 404 {
		t.Fatalf("third = %d, want the route's own answer (404)", status)
	}
}

func TestFaultsAreRepeatableWithASeed(t *testing.T) {
	t.Parallel()
	run := func() []int {
		s, ts := newTestServer(t)
		s.SetFaults(mockapi.Faults{ErrorRate: 0.5, Seed: 42})
		var out []int
		for range 20 {
			status, _, _ := callFake(t, "POST", ts.URL+"/devrev/x", devrev.DemoToken, `{}`)
			out = append(out, status)
		}
		return out
	}
	a, b := run(), run()
	faulted := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("runs differ at %d: %v vs %v", i, a, b)
		}
		if a[i] >= 500 {
			faulted++
		}
	}
	if faulted == 0 || faulted == len(a) {
		t.Fatalf("error_rate 0.5 faulted %d of %d", faulted, len(a))
	}
}

func TestScriptedFaultSkipsMatchingRequestsFirst(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t)
	s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: "POST /devrev/x", Status: 503, Skip: 2}}})
	var statuses []int
	for range 4 {
		status, _, _ := callFake(t, "POST", ts.URL+"/devrev/x", devrev.DemoToken, `{}`)
		statuses = append(statuses, status)
	}
	if statuses[0] == 503 || statuses[1] == 503 || statuses[2] != 503 || statuses[3] == 503 {
		t.Fatalf("statuses = %v, want only the third faulted", statuses)
	}
}
