package client

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// chatServer answers every request with a DevRev chat once hold returns,
// and counts the connections that reach state.
func chatServer(t *testing.T, state http.ConnState, hold func()) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hold()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"chat": {"type": "dm", "id": "don:core:dvrv-us-1:devo/0:dm/1"}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == state {
			n.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestDefaultTransport_reusesConnectionsAcrossBursts sends three bursts of
// Terraform's default parallelism (10 requests in flight at once) through
// the default transport and requires that the first burst's 10 connections
// carry all 30: a pool keeping fewer idle connections per host would open
// most of them again for every burst, each a TCP and TLS handshake away.
func TestDefaultTransport_reusesConnectionsAcrossBursts(t *testing.T) {
	t.Parallel()
	const parallelism, bursts = 10, 3
	var arrived sync.WaitGroup
	// Every request of a burst is held until the whole burst has arrived,
	// so each one needs a connection of its own.
	srv, connections := chatServer(t, http.StateNew, func() {
		arrived.Done()
		arrived.Wait()
	})
	dr, err := NewDevRev(Options{Endpoint: srv.URL, Token: testToken, MaxRetries: 0, RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for burst := range bursts {
		arrived.Add(parallelism)
		var done sync.WaitGroup
		for range parallelism {
			done.Go(func() {
				if _, err := dr.Chats.Get(context.Background(), "DM-1"); err != nil {
					t.Errorf("burst %d: %v", burst, err)
				}
			})
		}
		done.Wait()
	}
	if n := connections.Load(); n != parallelism {
		t.Errorf("%d requests in %d bursts of %d opened %d connections, want %d", parallelism*bursts, bursts, parallelism, n, parallelism)
	}
}

// TestCloseIdleConnections closes what the default transport keeps idle.
func TestCloseIdleConnections(t *testing.T) {
	srv, closed := chatServer(t, http.StateClosed, func() {})
	dr, err := NewDevRev(Options{Endpoint: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dr.Chats.Get(context.Background(), "DM-1"); err != nil {
		t.Fatal(err)
	}
	CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for closed.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if closed.Load() != 1 {
		t.Errorf("the server saw %d connections closed, want the one idle connection", closed.Load())
	}
}
