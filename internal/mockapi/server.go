// Package mockapi is the shared core of the fakes of the chat APIs: one
// http.Handler that serves each platform's fake under its path prefix and
// keeps, for tests, the request counts and bodies, the injected faults, the
// rate windows and the control API under /__mock/. The platforms live in
// their own packages (internal/mockapi/devrev, internal/mockapi/helpcrunch);
// internal/mockapi/fake puts them together.
package mockapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ControlPrefix is the path prefix of the control API.
const ControlPrefix = "/__mock/"

// A Platform is one fake API that a Server serves under its path prefix. The
// Server counts, faults and rate-limits its requests; the platform answers
// them, in its API's own shapes.
type Platform interface {
	// Name keys the platform in the control API, e.g. "devrev": its part of
	// GET /__mock/state, its entry in /__mock/rate-limits, its out-of-band
	// deletes under /__mock/NAME/.
	Name() string
	// Prefix is the path its API is served under, e.g. "/devrev": every
	// request under Prefix+"/" is the platform's.
	Prefix() string
	// Register adds the platform's routes to mux. Their patterns, e.g.
	// "POST /devrev/chats.create", are the routes requests are counted by.
	Register(mux *http.ServeMux)
	// Authenticate returns the credential a request authenticates with,
	// which keys its rate window. When the request is not authenticated it
	// answers 401 in the API's shape and returns false.
	Authenticate(w http.ResponseWriter, r *http.Request) (credential string, ok bool)
	// WriteFault answers a request with an injected fault, or with the 429
	// of its rate window, in the API's error shape.
	WriteFault(w http.ResponseWriter, f ScriptedFault)
	// Snapshot is the platform's part of GET /__mock/state: every stored
	// object, as JSON.
	Snapshot() any
	// DeleteOutOfBand removes one object of a collection (e.g. "chats") by
	// id behind the client's back, for DELETE /__mock/NAME/COLLECTION/ID,
	// and reports whether there was one.
	DeleteOutOfBand(collection, id string) bool
}

// Options configure the core of a fake.
type Options struct {
	// Now is the clock of the rate windows (default time.Now).
	Now func() time.Time
	// RateLimits by platform name refuse, with the platform's 429, the
	// requests of a credential past that budget (default: no limit).
	RateLimits map[string]RateLimit
}

// Server serves the platforms' fakes and the control API. It is an
// http.Handler; serve it with an http.Server that Hook has set up, so it can
// count connections and apply connect_latency_ms.
type Server struct {
	apiMux     *http.ServeMux
	controlMux *http.ServeMux
	now        func() time.Time
	// sleep waits d, or until ctx ends (then it returns false); tests
	// replace it to see the delays without waiting for them.
	sleep func(ctx context.Context, d time.Duration) bool

	platforms []Platform

	// mu guards everything below. Each platform guards its own data, so
	// a platform's answers are linearizable.
	mu sync.Mutex

	requestsTotal   int
	requestsByRoute map[string]int
	apiRequests     int
	bodies          requestBodies
	connections     int

	faults Faults
	rng    *rand.Rand
	script []ScriptedFault

	// rateLimits by platform; admitted holds, per platform and credential,
	// when the requests still inside the window were admitted.
	rateLimits  map[string]RateLimit
	admitted    map[string][]time.Time
	rateLimited map[string]int
}

// New returns a Server of the platforms. Their names and prefixes must
// differ, and every rate limit must name one of them.
func New(opts Options, platforms ...Platform) (*Server, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{
		apiMux:          http.NewServeMux(),
		controlMux:      http.NewServeMux(),
		now:             now,
		sleep:           sleepCtx,
		requestsByRoute: map[string]int{},
		rng:             rand.New(rand.NewPCG(1, 1)),
		rateLimits:      map[string]RateLimit{},
		admitted:        map[string][]time.Time{},
		rateLimited:     map[string]int{},
	}
	for i, p := range platforms {
		for _, q := range platforms[:i] {
			if p.Name() == q.Name() || p.Prefix() == q.Prefix() {
				return nil, fmt.Errorf("platforms %q (%s) and %q (%s) share a name or a prefix", q.Name(), q.Prefix(), p.Name(), p.Prefix())
			}
		}
		if !strings.HasPrefix(p.Prefix(), "/") || strings.HasPrefix(p.Prefix()+"/", ControlPrefix) {
			return nil, fmt.Errorf("platform %q: prefix %q must start with / and not be the control API's", p.Name(), p.Prefix())
		}
		s.platforms = append(s.platforms, p)
		s.rateLimits[p.Name()] = RateLimit{}
		p.Register(s.apiMux)
	}
	for name, l := range opts.RateLimits {
		if _, ok := s.rateLimits[name]; !ok {
			return nil, fmt.Errorf("rate limit for %q: no such platform", name)
		}
		s.rateLimits[name] = l
	}
	s.registerControl()
	s.registerRateLimitControl()
	s.registerReadingsControl()
	return s, nil
}

// ServeHTTP counts the request, applies the injected faults, has the
// platform authenticate it and hands it to the platform's handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		s.controlMux.ServeHTTP(w, r)
		return
	}
	_, pattern := s.apiMux.Handler(r)
	route := pattern
	if route == "" {
		route = r.Method + " " + r.URL.Path
	}
	platform := s.platformOf(r.URL.Path)

	body := readKeptBody(r)
	s.mu.Lock()
	s.requestsTotal++
	s.requestsByRoute[route]++
	s.bodies.keep(route, body)
	if platform == nil {
		// A path of no API is counted, and never faulted or delayed.
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	s.apiRequests++
	firstOnConn := firstAPIRequestOnConn(r.Context())
	fault := s.nextFault(route)
	delay := time.Duration(s.faults.LatencyMS) * time.Millisecond
	if firstOnConn {
		delay += time.Duration(s.faults.ConnectLatencyMS) * time.Millisecond
	}
	s.mu.Unlock()

	if delay > 0 && !s.sleep(r.Context(), delay) {
		return
	}
	if fault != nil && !fault.AfterCommit {
		platform.WriteFault(w, *fault)
		return
	}
	credential, ok := platform.Authenticate(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	wait, limited := s.rateLimitWait(platform.Name(), credential)
	s.mu.Unlock()
	if limited {
		writeRateLimited(w, platform, wait)
		return
	}
	if fault != nil {
		// A lost response: the handler commits, the client hears a 5xx.
		rec := &discardWriter{header: http.Header{}}
		s.apiMux.ServeHTTP(rec, r)
		platform.WriteFault(w, *fault)
		return
	}
	s.apiMux.ServeHTTP(w, r)
}

// platformOf is the platform a path belongs to, nil for none.
func (s *Server) platformOf(path string) Platform {
	for _, p := range s.platforms {
		if strings.HasPrefix(path, p.Prefix()+"/") {
			return p
		}
	}
	return nil
}

// platform returns the platform of that name, nil for none.
func (s *Server) platform(name string) Platform {
	for _, p := range s.platforms {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// discardWriter swallows a response whose client is meant never to see it.
type discardWriter struct {
	header http.Header
	buf    bytes.Buffer
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return d.buf.Write(p) }
func (d *discardWriter) WriteHeader(int)             {}

// WriteJSON answers with v as JSON: the one way every fake writes a body.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
