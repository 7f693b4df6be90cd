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

// TestDefaultTransport_reusesConnectionsAcrossBursts sends three bursts of
// Terraform's default parallelism (10 requests in flight at once) through
// the default transport and requires that the first burst's 10 connections
// carry all 30: a pool keeping fewer idle connections per host would open
// most of them again for every burst, each a TCP and TLS handshake away.
func TestDefaultTransport_reusesConnectionsAcrossBursts(t *testing.T) {
	t.Parallel()
	const parallelism, bursts = 10, 3
	var arrived sync.WaitGroup
	var connections atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every request of a burst is held until the whole burst has
		// arrived, so each one needs a connection of its own.
		arrived.Done()
		arrived.Wait()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"chat": {"type": "dm", "id": "don:core:dvrv-us-1:devo/0:dm/1"}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
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
	var closed atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"chat": {"type": "dm", "id": "don:core:dvrv-us-1:devo/0:dm/1"}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateClosed {
			closed.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
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
