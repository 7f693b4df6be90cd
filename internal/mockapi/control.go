package mockapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// maxKeptBodies bounds the bodies kept per route, so a long-running fake
// (the demo, a benchmark) does not grow without end; the oldest go first.
const maxKeptBodies = 1000

// maxKeptBodyBytes bounds one kept body; the API handlers read at most 8 MiB.
const maxKeptBodyBytes = 8 << 20

// requestBodies keeps the bodies of the API requests received, by route,
// oldest first. Guarded by Server.mu.
type requestBodies map[string][][]byte

func (b *requestBodies) keep(route string, body []byte) {
	if body == nil {
		return
	}
	if *b == nil {
		*b = requestBodies{}
	}
	kept := append((*b)[route], body)
	if len(kept) > maxKeptBodies {
		kept = kept[len(kept)-maxKeptBodies:]
	}
	(*b)[route] = kept
}

// readKeptBody reads a request's body for keeping and puts an identical one
// back for the handler; nil when the request has none.
func readKeptBody(r *http.Request) []byte {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxKeptBodyBytes+1))
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil || len(raw) == 0 {
		return nil
	}
	return raw
}

// RequestCounts is the answer of GET /__mock/requests.
type RequestCounts struct {
	Total   int            `json:"total"`
	ByRoute map[string]int `json:"by_route"`
	// Connections is the number of TCP connections accepted (by a server
	// that Hook set up), control API ones included.
	Connections int `json:"connections"`
	// Bodies holds, with ?bodies=ROUTE (or ?bodies=all), the bodies received
	// on that route (or every route) since the last reset, oldest first.
	Bodies map[string][]json.RawMessage `json:"bodies,omitempty"`
}

// Requests returns the API requests received since the last reset, by route
// (the pattern a platform registered it with, or METHOD PATH for a request
// that matched none), and the connections accepted since then.
func (s *Server) Requests() RequestCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	by := make(map[string]int, len(s.requestsByRoute))
	for k, v := range s.requestsByRoute {
		by[k] = v
	}
	return RequestCounts{Total: s.requestsTotal, ByRoute: by, Connections: s.connections}
}

// RequestCount returns the requests received on one route since the last reset.
func (s *Server) RequestCount(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestsByRoute[route]
}

// RequestBodies returns the bodies received on one route since the last
// reset, oldest first (at most the last 1000). A body that is not JSON is
// given as a JSON string.
func (s *Server) RequestBodies(route string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return keptBodiesJSON(s.bodies[route])
}

func keptBodiesJSON(kept [][]byte) []json.RawMessage {
	out := make([]json.RawMessage, 0, len(kept))
	for _, b := range kept {
		if json.Valid(b) {
			out = append(out, json.RawMessage(bytes.Clone(b)))
			continue
		}
		quoted, _ := json.Marshal(string(b))
		out = append(out, quoted)
	}
	return out
}

// ResetRequests zeroes the request and connection counters and forgets the
// kept bodies.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requestsTotal = 0
	s.connections = 0
	s.requestsByRoute = map[string]int{}
	s.bodies = nil
}

// state is the answer of GET /__mock/state: every platform's stored objects,
// by platform name.
func (s *Server) state() map[string]any {
	out := make(map[string]any, len(s.platforms))
	for _, p := range s.platforms {
		out[p.Name()] = p.Snapshot()
	}
	return out
}

func (s *Server) registerControl() {
	m := s.controlMux
	m.HandleFunc("GET /__mock/requests", func(w http.ResponseWriter, r *http.Request) {
		counts := s.Requests()
		switch route := r.URL.Query().Get("bodies"); route {
		case "":
		case "all":
			s.mu.Lock()
			counts.Bodies = make(map[string][]json.RawMessage, len(s.bodies))
			for k, v := range s.bodies {
				counts.Bodies[k] = keptBodiesJSON(v)
			}
			s.mu.Unlock()
		default:
			counts.Bodies = map[string][]json.RawMessage{route: s.RequestBodies(route)}
		}
		WriteJSON(w, http.StatusOK, counts)
	})
	m.HandleFunc("DELETE /__mock/requests", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("GET /__mock/state", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, s.state())
	})
	m.HandleFunc("POST /__mock/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if f.ErrorRate < 0 || f.ErrorRate > 1 || f.FailAfterCommitRate < 0 || f.FailAfterCommitRate > 1 || f.RateLimitEvery < 0 || f.LatencyMS < 0 || f.ConnectLatencyMS < 0 {
			WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "rates must be within 0..1 and counts non-negative"})
			return
		}
		s.SetFaults(f)
		WriteJSON(w, http.StatusOK, f)
	})
	m.HandleFunc("DELETE /__mock/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("DELETE /__mock/{platform}/{collection}/{id...}", func(w http.ResponseWriter, r *http.Request) {
		p := s.platform(r.PathValue("platform"))
		if p == nil {
			http.NotFound(w, r)
			return
		}
		deleted(w, p.DeleteOutOfBand(r.PathValue("collection"), r.PathValue("id")))
	})
}

func deleted(w http.ResponseWriter, ok bool) {
	if !ok {
		WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no such object"})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
