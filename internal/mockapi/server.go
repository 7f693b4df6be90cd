// Package mockapi is a stateful fake of the DevRev and HelpCrunch chat APIs,
// faithful to their specs, with a control API under /__mock/ for tests: request
// counts, a state dump, fault injection and out-of-band deletes.
package mockapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Path prefixes of the two fake APIs and of the control API.
const (
	DevRevPrefix     = "/devrev"
	HelpCrunchPrefix = "/helpcrunch/v1"
	ControlPrefix    = "/__mock/"
)

// Options configure a new fake.
type Options struct {
	// Fixtures replaces the default fixtures when set.
	Fixtures *Fixtures
	// GenerateConversations adds that many generated DevRev conversations.
	GenerateConversations int
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// HelpCrunchRateLimit and DevRevRateLimit refuse, with the API's 429,
	// the requests of a credential past that budget (default: no limit).
	// HelpCrunchDocumentedRateLimit is HelpCrunch's real one.
	HelpCrunchRateLimit, DevRevRateLimit RateLimit
}

// Server is the fake of both APIs. It is an http.Handler.
type Server struct {
	// mu guards everything below, the stores of every API included: each
	// request is handled under it, so the fake is linearizable.
	mu sync.Mutex

	apiMux     *http.ServeMux
	controlMux *http.ServeMux
	now        func() time.Time

	devrev     *devrevState
	helpcrunch *helpcrunchState

	requestsTotal   int
	requestsByRoute map[string]int
	apiRequests     int
	bodies          requestBodies

	faults Faults
	rng    *rand.Rand
	script []ScriptedFault

	// rateLimits by platform; admitted holds, per platform and credential,
	// when the requests still inside the window were admitted.
	rateLimits  map[string]RateLimit
	admitted    map[string][]time.Time
	rateLimited map[string]int
}

// New returns a fake loaded with opts.Fixtures, or the default fixtures.
func New(opts Options) (*Server, error) {
	fx := opts.Fixtures
	if fx == nil {
		fx = DefaultFixtures()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{
		apiMux:          http.NewServeMux(),
		controlMux:      http.NewServeMux(),
		now:             now,
		requestsByRoute: map[string]int{},
		rng:             rand.New(rand.NewPCG(1, 1)),
		rateLimits:      map[string]RateLimit{"devrev": opts.DevRevRateLimit, "helpcrunch": opts.HelpCrunchRateLimit},
		admitted:        map[string][]time.Time{},
		rateLimited:     map[string]int{},
	}
	var err error
	if s.devrev, err = newDevRevState(&fx.DevRev, now); err != nil {
		return nil, fmt.Errorf("devrev fixtures: %w", err)
	}
	if s.helpcrunch, err = newHelpCrunchState(&fx.HelpCrunch, now); err != nil {
		return nil, fmt.Errorf("helpcrunch fixtures: %w", err)
	}
	if opts.GenerateConversations > 0 {
		s.devrev.generateConversations(opts.GenerateConversations)
	}
	s.registerDevRevChats()
	s.registerDevRevConversations()
	s.registerDevRevTimelineEntries()
	s.registerHelpCrunchChats()
	s.registerControl()
	s.registerRateLimitControl()
	return s, nil
}

// MustNew is New for tests and programs whose fixtures cannot fail.
func MustNew(opts Options) *Server {
	s, err := New(opts)
	if err != nil {
		panic(err)
	}
	return s
}

// ServeHTTP counts the request, applies the injected faults, authenticates it
// and hands it to the API's handler.
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
	platform := platformOf(r.URL.Path)

	body := readKeptBody(r)
	s.mu.Lock()
	s.requestsTotal++
	s.requestsByRoute[route]++
	s.bodies.keep(route, body)
	s.apiRequests++
	fault := s.nextFault(route)
	latency := time.Duration(s.faults.LatencyMS) * time.Millisecond
	s.mu.Unlock()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil && !fault.AfterCommit {
		writeFault(w, platform, *fault)
		return
	}
	if platform == "" {
		http.NotFound(w, r)
		return
	}
	if !s.authenticate(w, r, platform) {
		return
	}
	s.mu.Lock()
	wait, limited := s.rateLimitWait(platform, credential(r, platform))
	s.mu.Unlock()
	if limited {
		writeRateLimited(w, platform, wait)
		return
	}
	if fault != nil {
		// A lost response: the handler commits, the client hears a 5xx.
		rec := &discardWriter{header: http.Header{}}
		s.apiMux.ServeHTTP(rec, r)
		writeFault(w, platform, *fault)
		return
	}
	s.apiMux.ServeHTTP(w, r)
}

func platformOf(path string) string {
	switch {
	case strings.HasPrefix(path, HelpCrunchPrefix+"/"):
		return "helpcrunch"
	case strings.HasPrefix(path, DevRevPrefix+"/"):
		return "devrev"
	}
	return ""
}

// credential is the token a request authenticates with: the key of its rate limit.
func credential(r *http.Request, platform string) string {
	auth := r.Header.Get("Authorization")
	token, hasBearer := strings.CutPrefix(auth, "Bearer ")
	if platform == "devrev" && !hasBearer {
		// DevRev also accepts the token without the Bearer scheme.
		return auth
	}
	return token
}

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, platform string) bool {
	token := credential(r, platform)
	hasBearer := strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch platform {
	case "devrev":
		s.mu.Lock()
		ok := token != "" && token == s.devrev.token
		s.mu.Unlock()
		if !ok {
			writeDevRevError(w, http.StatusUnauthorized, "unauthenticated", "The request is not authenticated: a valid bearer token is required.")
		}
		return ok
	case "helpcrunch":
		s.mu.Lock()
		ok := hasBearer && token != "" && token == s.helpcrunch.apiKey
		s.mu.Unlock()
		if !ok {
			writeHelpCrunchError(w, http.StatusUnauthorized, "invalid_token", "Invalid or missing API key.")
		}
		return ok
	}
	return false
}

// discardWriter swallows a response whose client is meant never to see it.
type discardWriter struct {
	header http.Header
	buf    bytes.Buffer
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return d.buf.Write(p) }
func (d *discardWriter) WriteHeader(int)             {}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
