package mockapi

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
)

// Faults are injected into API requests (never into the control API). A
// faulted request changes no state, except one chosen by FailAfterCommitRate,
// which commits and then answers a 5xx: a lost response.
type Faults struct {
	// ErrorRate is the fraction of requests answered with one of ErrorStatuses.
	ErrorRate float64 `json:"error_rate,omitempty"`
	// ErrorStatuses to choose from (default 500 and 503).
	ErrorStatuses []int `json:"error_statuses,omitempty"`
	// RateLimitEvery answers every Nth API request with a 429.
	RateLimitEvery int `json:"rate_limit_every,omitempty"`
	// RetryAfterSeconds is the wait a 429 asks for.
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
	// LatencyMS delays every API request.
	LatencyMS int `json:"latency_ms,omitempty"`
	// ConnectLatencyMS delays the first API request of each new connection
	// more, as a TCP and TLS handshake would; later requests on the same
	// connection are not delayed by it. It needs a server set up by Hook.
	ConnectLatencyMS int `json:"connect_latency_ms,omitempty"`
	// Seed makes the random choices repeatable.
	Seed uint64 `json:"seed,omitempty"`
	// FailAfterCommitRate is the fraction of requests that commit and then
	// answer with one of ErrorStatuses.
	FailAfterCommitRate float64 `json:"fail_after_commit_rate,omitempty"`
	// Script lists one-shot faults, used in order by the next requests whose
	// route matches (an empty route matches any).
	Script []ScriptedFault `json:"script,omitempty"`
}

// ScriptedFault answers one request with Status.
type ScriptedFault struct {
	// Route as counted, e.g. devrev.RouteChatsCreate; empty matches any.
	Route string `json:"route,omitempty"`
	// Status to answer with, e.g. 429 or 503.
	Status int `json:"status"`
	// RetryAfterSeconds for a 429.
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
	// RetryAfterIn says where a 429 carries its wait: "header", "body" or
	// "both" (default: where the platform's API documents it).
	RetryAfterIn string `json:"retry_after_in,omitempty"`
	// AfterCommit lets the request commit before the fault answers.
	AfterCommit bool `json:"after_commit,omitempty"`
	// Skip lets that many matching requests through before this fault fires,
	// e.g. 2 to fail the third page of a listing.
	Skip int `json:"skip,omitempty"`
}

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.script = append([]ScriptedFault(nil), f.Script...)
	s.faults.Script = nil
	s.apiRequests = 0
	s.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
}

// ClearFaults stops injecting faults.
func (s *Server) ClearFaults() { s.SetFaults(Faults{}) }

// nextFault decides the fault for one request; s.mu is held.
func (s *Server) nextFault(route string) *ScriptedFault {
	for i, f := range s.script {
		if f.Route != "" && f.Route != route {
			continue
		}
		if f.Skip > 0 {
			s.script[i].Skip--
			continue
		}
		s.script = append(s.script[:i:i], s.script[i+1:]...)
		return &f
	}
	f := s.faults
	if f.RateLimitEvery > 0 && s.apiRequests%f.RateLimitEvery == 0 {
		return &ScriptedFault{Status: http.StatusTooManyRequests, RetryAfterSeconds: f.RetryAfterSeconds}
	}
	if f.ErrorRate > 0 && s.rng.Float64() < f.ErrorRate {
		return &ScriptedFault{Status: s.pickErrorStatus()}
	}
	if f.FailAfterCommitRate > 0 && s.rng.Float64() < f.FailAfterCommitRate {
		return &ScriptedFault{Status: s.pickErrorStatus(), AfterCommit: true}
	}
	return nil
}

func (s *Server) pickErrorStatus() int {
	statuses := s.faults.ErrorStatuses
	if len(statuses) == 0 {
		statuses = []int{http.StatusInternalServerError, http.StatusServiceUnavailable}
	}
	return statuses[s.rng.IntN(len(statuses))]
}

// RetryAfter sets the Retry-After header of a 429 when the fault carries its
// wait there, and returns the seconds the body should carry (0 for none).
// Where it goes is RetryAfterIn, or else where the platform documents it:
// "header", "body", "both" or "none".
func (f ScriptedFault) RetryAfter(w http.ResponseWriter, platformDefault string) (bodySeconds int) {
	where := f.RetryAfterIn
	if where == "" {
		where = platformDefault
	}
	if f.RetryAfterSeconds <= 0 {
		return 0
	}
	if where == "header" || where == "both" {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
	}
	if where == "body" || where == "both" {
		return f.RetryAfterSeconds
	}
	return 0
}

// Message is the message of an injected fault's error body.
func (f ScriptedFault) Message() string {
	return fmt.Sprintf("Injected fault: HTTP %d.", f.Status)
}
