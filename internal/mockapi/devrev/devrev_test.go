package devrev

import "github.com/chatinfra/terraform-provider-chatops/internal/mockapi"

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
