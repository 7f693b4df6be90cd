package devrev

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// testServer is a DevRev fake served by a mockapi.Server of its own, as the
// tests drive it: the core's methods (ServeHTTP, RequestCount, SetFaults)
// and the fake's (State) on one value.
type testServer struct {
	*mockapi.Server
	*Fake
}

// mustNew serves a DevRev fake of opts alone, with no rate limit.
func mustNew(opts Options) *testServer {
	d, err := New(opts)
	if err != nil {
		panic(err)
	}
	core, err := mockapi.New(mockapi.Options{Now: opts.Now}, d)
	if err != nil {
		panic(err)
	}
	return &testServer{Server: core, Fake: d}
}

// exchange serves req with the demo token and decodes the JSON object the
// fake answers.
func exchange(t *testing.T, s *testServer, req *http.Request) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+DemoToken)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: answer %q is not a JSON object: %v", req.Method, req.URL, rec.Body.String(), err)
	}
	return rec, out
}
