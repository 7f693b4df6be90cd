package main

// Connections and requests per provider process. The fake counts the
// connections it accepts, but Terraform starts several provider processes per
// command and only some of them call the APIs, so a phase's count alone says
// little about the pool of one process. bench sits in front of the fake's
// server: it counts requests and failed answers per connection, and finds
// which provider process holds each connection by its socket: the client
// side's inode in /proc/net/tcp, looked up among the file descriptors of the
// provider processes the wrapper started (their pids are in the wrapper's
// log). The lookup runs when the connection is accepted, while the client's
// socket is certainly open (its first request waits for an answer); a
// connection it cannot place (not Linux, or a socket already gone) is
// counted as unattributed.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// trackedConn is one connection accepted by the fake.
type trackedConn struct {
	remotePort int
	requests   int       // API requests served on it
	pid        int       // the provider process holding it; 0 when unknown
	answered   time.Time // when its last answer left
}

// connTracker counts connections, requests and failed answers since the
// last reset, and attributes connections to provider processes when
// attribute is set.
type connTracker struct {
	attribute  bool
	wrapLog    string // the wrapper's log, with the provider pids
	listenPort int

	pending sync.WaitGroup
	mu      sync.Mutex
	conns   []*trackedConn
	failed  int // API answers of 400 or more
	// start is when the phase began (the last reset); first and last are
	// when its first API request arrived and its last answer left, and busy
	// sums the requests' times from arrival to answer.
	start, first, last time.Time
	busy               time.Duration
	// gaps sums the times from an answer to the next request on the same
	// connection: what a worker of Terraform spends between two requests.
	gaps    time.Duration
	gapsLen int
}

type connKey struct{}

// hook sets hs's ConnContext, before the fake's own Hook adds its own (it
// keeps hooks already set).
func (t *connTracker) hook(hs *http.Server) {
	hs.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		tc := &trackedConn{}
		if addr, ok := c.RemoteAddr().(*net.TCPAddr); ok {
			tc.remotePort = addr.Port
		}
		t.mu.Lock()
		t.conns = append(t.conns, tc)
		t.mu.Unlock()
		if t.attribute && tc.remotePort != 0 {
			t.pending.Add(1)
			go func() {
				defer t.pending.Done()
				pid := socketOwner(tc.remotePort, t.listenPort, providerPIDs(t.wrapLog))
				t.mu.Lock()
				tc.pid = pid
				t.mu.Unlock()
			}()
		}
		return context.WithValue(ctx, connKey{}, tc)
	}
}

// wrap counts each API request on its connection, and the answers of 400 or
// more.
func (t *connTracker) wrap(next http.Handler, isAPI func(path string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPI(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		arrived := time.Now()
		next.ServeHTTP(sw, r)
		answered := time.Now()
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.first.IsZero() || arrived.Before(t.first) {
			t.first = arrived
		}
		if answered.After(t.last) {
			t.last = answered
		}
		t.busy += answered.Sub(arrived)
		if tc, ok := r.Context().Value(connKey{}).(*trackedConn); ok {
			tc.requests++
			if !tc.answered.IsZero() {
				t.gaps += arrived.Sub(tc.answered)
				t.gapsLen++
			}
			tc.answered = answered
		}
		if sw.status >= http.StatusBadRequest {
			t.failed++
		}
	})
}

// reset forgets the connections and failures counted so far. Connections
// still open keep counting their requests, but no longer appear.
func (t *connTracker) reset() {
	t.pending.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.conns, t.failed = nil, 0
	t.start, t.first, t.last, t.busy = time.Now(), time.Time{}, time.Time{}, 0
	t.gaps, t.gapsLen = 0, 0
}

// connStats is what the tracker saw in one phase.
type connStats struct {
	connections int
	failed      int
	// perProcess maps each provider process that made API requests to its
	// connections and requests.
	perProcess map[int]procStats
	// unattributed counts connections bench could not place in a process.
	unattributed int
	// lead is the time from the phase's start to its first API request,
	// span from then to its last answer (0 without requests), and busy the
	// sum of the requests' times: busy / span is how many were in flight on
	// average.
	lead, span, busy time.Duration
	// gap is the mean time from an answer to the next request on the same
	// connection (0 when no connection carried two requests).
	gap time.Duration
}

type procStats struct{ connections, requests int }

func (t *connTracker) stats() connStats {
	t.pending.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	s := connStats{connections: len(t.conns), failed: t.failed, perProcess: map[int]procStats{}, busy: t.busy}
	if !t.first.IsZero() {
		s.lead, s.span = t.first.Sub(t.start), t.last.Sub(t.first)
	}
	if t.gapsLen > 0 {
		s.gap = t.gaps / time.Duration(t.gapsLen)
	}
	for _, c := range t.conns {
		if c.pid == 0 {
			s.unattributed++
			continue
		}
		p := s.perProcess[c.pid]
		p.connections++
		p.requests += c.requests
		s.perProcess[c.pid] = p
	}
	for pid, p := range s.perProcess {
		if p.requests == 0 {
			delete(s.perProcess, pid)
		}
	}
	return s
}

// statusWriter remembers the status of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the fake's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// providerPIDs are the pids of the provider processes the wrapper started
// since its log was last emptied.
func providerPIDs(wrapLog string) []int {
	f, err := os.Open(wrapLog) //nolint:gosec // G304: bench's own log
	if err != nil {
		return nil
	}
	defer f.Close()
	var pids []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e wrapEvent
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Event == eventStart && e.PID > 0 {
			pids = append(pids, e.PID)
		}
	}
	return pids
}

// socketOwner returns which of pids holds the loopback TCP connection from
// clientPort to serverPort, or 0.
func socketOwner(clientPort, serverPort int, pids []int) int {
	inode := socketInode(clientPort, serverPort)
	if inode == "" {
		return 0
	}
	want := "socket:[" + inode + "]"
	for _, pid := range pids {
		dir := filepath.Join("/proc", strconv.Itoa(pid), "fd")
		fds, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			if link, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && link == want {
				return pid
			}
		}
	}
	return 0
}

// socketInode finds the client side of a connection from clientPort to
// serverPort in /proc/net/tcp (local and remote addresses as hex
// ADDRESS:PORT) and returns its inode, or "".
func socketInode(clientPort, serverPort int) string {
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return ""
	}
	defer f.Close()
	local, remote := fmt.Sprintf(":%04X", clientPort), fmt.Sprintf(":%04X", serverPort)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 {
			continue
		}
		if strings.HasSuffix(fields[1], local) && strings.HasSuffix(fields[2], remote) && fields[9] != "0" {
			return fields[9]
		}
	}
	return ""
}
