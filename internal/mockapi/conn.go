package mockapi

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// connKey is the context key of a connection's connMark.
type connKey struct{}

// connMark is put into the context of every request of one connection.
type connMark struct {
	// apiRequested is set by the connection's first API request: the one
	// that pays connect_latency_ms.
	apiRequested atomic.Bool
}

// Hook sets hs up to serve s: its ConnState counts the connections accepted
// (GET /__mock/requests, Requests().Connections) and its ConnContext marks
// each connection, so connect_latency_ms delays only the first API request
// of a connection. Hooks already set on hs still run. Every http.Server or
// httptest.Server (through its Config, before Start) that serves the fake
// calls it; a server without it counts no connections and has no connect
// latency.
func (s *Server) Hook(hs *http.Server) {
	prevState, prevContext := hs.ConnState, hs.ConnContext
	hs.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.mu.Lock()
			s.connections++
			s.mu.Unlock()
		}
		if prevState != nil {
			prevState(c, st)
		}
	}
	hs.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if prevContext != nil {
			ctx = prevContext(ctx, c)
		}
		return context.WithValue(ctx, connKey{}, &connMark{})
	}
}

// ServeLoopback serves s, hooked, on a free port of 127.0.0.1 until hs is
// closed; base is the server's URL (http://127.0.0.1:PORT). The benchmark
// and the scripts serve the fake this way.
func (s *Server) ServeLoopback() (base string, hs *http.Server, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.Hook(hs)
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), hs, nil
}

// firstAPIRequestOnConn reports whether the request of ctx is the first API
// request of its connection, and marks the connection as having had it.
// Without Hook's mark it is never first.
func firstAPIRequestOnConn(ctx context.Context) bool {
	m, ok := ctx.Value(connKey{}).(*connMark)
	return ok && m.apiRequested.CompareAndSwap(false, true)
}
