package mockapi

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is a per-key request budget of one fake API: at most Requests
// requests of one credential in any Window. The window slides, the least
// generous reading of "120 requests a minute": a burst at the end of one
// minute and another at the start of the next cannot both get through. A
// refused request does not use the budget. The zero value is no limit.
type RateLimit struct {
	Requests int
	Window   time.Duration
}

// Enabled reports whether the limit refuses anything.
func (l RateLimit) Enabled() bool { return l.Requests > 0 && l.Window > 0 }

// String writes the limit as ParseRateLimit reads it, e.g. "120/1m0s".
func (l RateLimit) String() string {
	if !l.Enabled() {
		return "none"
	}
	return fmt.Sprintf("%d/%s", l.Requests, l.Window)
}

// ParseRateLimit reads "N/min", "N/s", "N/h" or "N/DURATION" (a Go duration
// such as "2s"): at most N requests in that window.
func ParseRateLimit(s string) (RateLimit, error) {
	count, per, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return RateLimit{}, fmt.Errorf("rate limit %q is not N/min, N/s, N/h or N/DURATION such as 20/2s", s)
	}
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 1 {
		return RateLimit{}, fmt.Errorf("rate limit %q: the number of requests must be a whole number of at least 1", s)
	}
	var window time.Duration
	switch per = strings.TrimSpace(per); per {
	case "s", "sec", "second":
		window = time.Second
	case "m", "min", "minute":
		window = time.Minute
	case "h", "hour":
		window = time.Hour
	default:
		if window, err = time.ParseDuration(per); err != nil || window <= 0 {
			return RateLimit{}, fmt.Errorf("rate limit %q: the window must be min, s, h or a positive duration such as 2s", s)
		}
	}
	return RateLimit{Requests: n, Window: window}, nil
}

// RateLimitStatus is one platform's entry in GET /__mock/rate-limits.
type RateLimitStatus struct {
	// Limit is the budget, e.g. "120/1m0s", or "none".
	Limit string `json:"limit"`
	// Limited counts the requests refused with 429 by the limit (not by
	// injected faults).
	Limited int `json:"limited"`
}

// RateLimited returns how many requests of a platform (by name, e.g.
// "helpcrunch") the rate limit has refused with 429.
func (s *Server) RateLimited(platform string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rateLimited[platform]
}

// rateLimitWait admits one request of key to platform's API now, or says how
// long until the window has room for it; s.mu is held.
func (s *Server) rateLimitWait(platform, key string) (time.Duration, bool) {
	limit := s.rateLimits[platform]
	if !limit.Enabled() {
		return 0, false
	}
	now := s.now()
	id := platform + "\x00" + key
	admitted := s.admitted[id]
	cut := 0
	for cut < len(admitted) && !admitted[cut].Add(limit.Window).After(now) {
		cut++
	}
	admitted = admitted[cut:]
	if len(admitted) >= limit.Requests {
		s.admitted[id] = admitted
		s.rateLimited[platform]++
		// The oldest admitted request frees the first slot.
		return admitted[0].Add(limit.Window).Sub(now), true
	}
	s.admitted[id] = append(admitted, now)
	return 0, false
}

// writeRateLimited answers a request refused by the rate limit as the
// platform answers a 429, saying when to retry in whole seconds, rounded up
// so a client that honours it is not refused again (where the API documents
// a wait at all).
func writeRateLimited(w http.ResponseWriter, p Platform, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	p.WriteFault(w, ScriptedFault{Status: http.StatusTooManyRequests, RetryAfterSeconds: max(secs, 1)})
}

func (s *Server) registerRateLimitControl() {
	s.controlMux.HandleFunc("GET /__mock/rate-limits", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		out := map[string]RateLimitStatus{}
		for _, p := range s.platforms {
			out[p.Name()] = RateLimitStatus{Limit: s.rateLimits[p.Name()].String(), Limited: s.rateLimited[p.Name()]}
		}
		s.mu.Unlock()
		WriteJSON(w, http.StatusOK, out)
	})
}
