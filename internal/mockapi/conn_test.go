package mockapi

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// stubPlatform is the smallest Platform: GET /stub/ping answers 200 to any
// request, and GET /stub/wait answers once as many requests as its barrier
// counts are in flight together.
type stubPlatform struct {
	served  atomic.Int32
	barrier sync.WaitGroup
}

func (p *stubPlatform) Name() string   { return "stub" }
func (p *stubPlatform) Prefix() string { return "/stub" }
func (p *stubPlatform) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /stub/ping", func(w http.ResponseWriter, _ *http.Request) {
		p.served.Add(1)
		WriteJSON(w, http.StatusOK, map[string]any{})
	})
	mux.HandleFunc("GET /stub/wait", func(w http.ResponseWriter, _ *http.Request) {
		p.barrier.Done()
		p.barrier.Wait()
		p.served.Add(1)
		WriteJSON(w, http.StatusOK, map[string]any{})
	})
}
func (p *stubPlatform) Authenticate(http.ResponseWriter, *http.Request) (string, bool) {
	return "", true
}
func (p *stubPlatform) WriteFault(w http.ResponseWriter, f ScriptedFault) {
	WriteJSON(w, f.Status, map[string]any{"message": f.Message()})
}
func (p *stubPlatform) Snapshot() any                    { return map[string]any{} }
func (p *stubPlatform) DeleteOutOfBand(_, _ string) bool { return false }

// newStubServer serves a stub platform the way every server of the fake
// does: through Hook.
func newStubServer(t *testing.T) (*Server, *stubPlatform, *httptest.Server) {
	t.Helper()
	p := &stubPlatform{}
	s, err := New(Options{}, p)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s)
	s.Hook(ts.Config)
	ts.Start()
	t.Cleanup(ts.Close)
	return s, p, ts
}

// get sends a GET with client and reads the whole answer, so the connection
// can be used again.
func get(t *testing.T, client *http.Client, url string) int {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// Sequential requests over one keep-alive client use one connection;
// parallel ones with a fresh transport use one each; a reset zeroes the
// count, and the control API reports it.
func TestConnectionsCounted(t *testing.T) {
	t.Parallel()
	s, p, ts := newStubServer(t)
	keepAlive := &http.Client{Transport: &http.Transport{}}
	for range 5 {
		if status := get(t, keepAlive, ts.URL+"/stub/ping"); status != http.StatusOK {
			t.Fatalf("ping: %d", status)
		}
	}
	if got := s.Requests(); got.Connections != 1 || got.Total != 5 {
		t.Fatalf("after 5 sequential requests: %d connections, %d requests; want 1 and 5", got.Connections, got.Total)
	}
	resp, err := keepAlive.Get(ts.URL + "/__mock/requests")
	if err != nil {
		t.Fatal(err)
	}
	var counts RequestCounts
	err = json.NewDecoder(resp.Body).Decode(&counts)
	_ = resp.Body.Close()
	if err != nil || counts.Connections != 1 {
		t.Fatalf("GET /__mock/requests: %+v (%v), want 1 connection", counts, err)
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/__mock/requests", nil)
	if resp, err := keepAlive.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE /__mock/requests: %v %v", resp, err)
	} else {
		_ = resp.Body.Close()
	}
	if got := s.Requests().Connections; got != 0 {
		t.Fatalf("after the reset: %d connections, want 0", got)
	}

	// k requests held until all k are in flight: a fresh transport must
	// open a connection for each.
	const k = 4
	p.barrier.Add(k)
	fresh := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for range k {
		wg.Go(func() {
			if status := get(t, fresh, ts.URL+"/stub/wait"); status != http.StatusOK {
				t.Errorf("wait: %d", status)
			}
		})
	}
	wg.Wait()
	if got := s.Requests().Connections; got != k {
		t.Errorf("after %d parallel requests on a fresh transport: %d connections, want %d", k, got, k)
	}
	keepAlive.CloseIdleConnections()
	fresh.CloseIdleConnections()
}

// connect_latency_ms delays only a connection's first API request; every
// request still waits latency_ms. A control request does not use up the
// first API request's delay.
func TestConnectLatencyOnlyFirstRequestOfAConnection(t *testing.T) {
	t.Parallel()
	s, _, ts := newStubServer(t)
	var mu sync.Mutex
	var delays []time.Duration
	s.sleep = func(_ context.Context, d time.Duration) bool {
		mu.Lock()
		defer mu.Unlock()
		delays = append(delays, d)
		return true
	}
	s.SetFaults(Faults{ConnectLatencyMS: 200, LatencyMS: 10})

	one := &http.Client{Transport: &http.Transport{}}
	for range 3 {
		get(t, one, ts.URL+"/stub/ping")
	}
	another := &http.Client{Transport: &http.Transport{}}
	get(t, another, ts.URL+"/__mock/requests")
	get(t, another, ts.URL+"/stub/ping")
	get(t, another, ts.URL+"/stub/ping")

	mu.Lock()
	got := delays
	mu.Unlock()
	want := []time.Duration{210 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond, 210 * time.Millisecond, 10 * time.Millisecond}
	if len(got) != len(want) {
		t.Fatalf("delays %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delays %v, want %v", got, want)
		}
	}
	if s.Requests().Connections != 2 {
		t.Errorf("connections = %d, want 2", s.Requests().Connections)
	}
	one.CloseIdleConnections()
	another.CloseIdleConnections()
}

// A request whose client gives up while it waits for its connect latency is
// never answered by the platform, as with latency_ms.
func TestConnectLatencyGivesUpWithTheRequest(t *testing.T) {
	t.Parallel()
	s, p, ts := newStubServer(t)
	s.SetFaults(Faults{ConnectLatencyMS: 60_000})
	client := &http.Client{Transport: &http.Transport{}, Timeout: 100 * time.Millisecond}
	if resp, err := client.Get(ts.URL + "/stub/ping"); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("answered %d within the client's timeout, want the wait", resp.StatusCode)
	}
	ts.Close() // waits for the handler to return
	if n := p.served.Load(); n != 0 {
		t.Errorf("the platform served %d requests, want none", n)
	}
}

// Without Hook (a plain httptest.NewServer) nothing is counted or delayed
// per connection, and nothing breaks.
func TestConnectionsWithoutHook(t *testing.T) {
	t.Parallel()
	s, err := New(Options{}, &stubPlatform{})
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	s.sleep = func(_ context.Context, d time.Duration) bool { slept = append(slept, d); return true }
	s.SetFaults(Faults{ConnectLatencyMS: 200})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	if status := get(t, ts.Client(), ts.URL+"/stub/ping"); status != http.StatusOK {
		t.Fatalf("ping: %d", status)
	}
	if c := s.Requests().Connections; c != 0 || len(slept) != 0 {
		t.Errorf("connections %d, delays %v; want none without Hook", c, slept)
	}
}

// Hook keeps the server's own hooks.
func TestHookChainsExistingHooks(t *testing.T) {
	t.Parallel()
	s, err := New(Options{}, &stubPlatform{})
	if err != nil {
		t.Fatal(err)
	}
	var states atomic.Int32
	type key struct{}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(key{}) == nil {
			t.Error("the server's own ConnContext did not run")
		}
		s.ServeHTTP(w, r)
	}))
	ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			states.Add(1)
		}
	}
	ts.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, key{}, true)
	}
	s.Hook(ts.Config)
	ts.Start()
	t.Cleanup(ts.Close)
	get(t, ts.Client(), ts.URL+"/stub/ping")
	if states.Load() != 1 || s.Requests().Connections != 1 {
		t.Errorf("own hook saw %d connections, the fake %d; want 1 and 1", states.Load(), s.Requests().Connections)
	}
}

// ServeLoopback serves on 127.0.0.1, hooked (its connections are counted),
// until the server it returns is closed.
func TestServeLoopback(t *testing.T) {
	t.Parallel()
	s, err := New(Options{}, &stubPlatform{})
	if err != nil {
		t.Fatal(err)
	}
	base, hs, err := s.ServeLoopback()
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{}}
	if status := get(t, client, base+"/stub/ping"); status != http.StatusOK || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("GET %s/stub/ping: %d, want 200 on 127.0.0.1", base, status)
	}
	if got := s.Requests().Connections; got != 1 {
		t.Errorf("%d connections counted, want 1", got)
	}
	client.CloseIdleConnections()
	if err := hs.Close(); err != nil {
		t.Fatal(err)
	}
	if resp, err := client.Get(base + "/stub/ping"); err == nil {
		_ = resp.Body.Close()
		t.Error("still served after Close")
	}
}
