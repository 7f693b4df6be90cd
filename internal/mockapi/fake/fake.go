// Package fake puts the fakes of both chat APIs together on one
// mockapi.Server: DevRev under devrev.Prefix, HelpCrunch under
// helpcrunch.Prefix, and the control API under mockapi.ControlPrefix. It is
// what tests, cmd/chatops-mockapi, bench and scripts serve.
package fake

import (
	"fmt"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Options configure a new fake of both APIs.
type Options struct {
	// Fixtures replaces the default fixtures when set.
	Fixtures *Fixtures
	// GenerateConversations adds that many generated DevRev conversations.
	GenerateConversations int
	// Now is the fakes' clock (default time.Now).
	Now func() time.Time
	// HelpCrunchRateLimit and DevRevRateLimit refuse, with the API's 429,
	// the requests of a credential past that budget (default: no limit).
	// helpcrunch.DocumentedRateLimit is HelpCrunch's real one.
	HelpCrunchRateLimit, DevRevRateLimit mockapi.RateLimit
	// Readings answer the docs' open questions other than by default, by
	// platform: {"helpcrunch": {"status_search": "codes"}} (see
	// mockapi.Reading and each platform's Reading constants).
	Readings map[string]map[string]string
}

// Server is the fake of both APIs: the mockapi.Server that serves them (an
// http.Handler, with the request log, faults and rate windows), and each
// platform's fake, for what only it knows.
type Server struct {
	*mockapi.Server
	DevRev     *devrev.Fake
	HelpCrunch *helpcrunch.Fake
}

// New returns a fake of both APIs loaded with opts.Fixtures, or the default
// fixtures.
func New(opts Options) (*Server, error) {
	fx := opts.Fixtures
	if fx == nil {
		fx = DefaultFixtures()
	}
	for platform := range opts.Readings {
		if platform != devrev.Name && platform != helpcrunch.Name {
			return nil, fmt.Errorf("readings for %q: no such platform (%s, %s)", platform, devrev.Name, helpcrunch.Name)
		}
	}
	dr, err := devrev.New(devrev.Options{Fixtures: &fx.DevRev, GenerateConversations: opts.GenerateConversations, Now: opts.Now,
		Readings: opts.Readings[devrev.Name]})
	if err != nil {
		return nil, fmt.Errorf("devrev: %w", err)
	}
	hc, err := helpcrunch.New(helpcrunch.Options{Fixtures: &fx.HelpCrunch, Now: opts.Now, Readings: opts.Readings[helpcrunch.Name]})
	if err != nil {
		return nil, fmt.Errorf("helpcrunch: %w", err)
	}
	core, err := mockapi.New(mockapi.Options{
		Now:        opts.Now,
		RateLimits: map[string]mockapi.RateLimit{devrev.Name: opts.DevRevRateLimit, helpcrunch.Name: opts.HelpCrunchRateLimit},
	}, dr, hc)
	if err != nil {
		return nil, err
	}
	return &Server{Server: core, DevRev: dr, HelpCrunch: hc}, nil
}

// MustNew is New for tests and programs whose fixtures cannot fail.
func MustNew(opts Options) *Server {
	s, err := New(opts)
	if err != nil {
		panic(err)
	}
	return s
}

// State is GET /__mock/state of both APIs.
type State struct {
	DevRev     devrev.State     `json:"devrev"`
	HelpCrunch helpcrunch.State `json:"helpcrunch"`
}

// State returns every stored object of both APIs, as GET /__mock/state
// does, typed.
func (s *Server) State() State {
	return State{DevRev: s.DevRev.State(), HelpCrunch: s.HelpCrunch.State()}
}
