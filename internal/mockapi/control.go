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
	// Bodies holds, with ?bodies=ROUTE (or ?bodies=all), the bodies received
	// on that route (or every route) since the last reset, oldest first.
	Bodies map[string][]json.RawMessage `json:"bodies,omitempty"`
}

// State is the answer of GET /__mock/state: every stored object, in the form
// the API returns it.
type State struct {
	DevRev struct {
		Chats         []map[string]any `json:"chats"`
		Conversations []map[string]any `json:"conversations"`
		// TimelineEntries are the comments posted with timeline-entries.create.
		TimelineEntries []map[string]any `json:"timeline_entries"`
	} `json:"devrev"`
	HelpCrunch struct {
		Chats []map[string]any `json:"chats"`
		// Messages are the messages posted with POST /messages.
		Messages []map[string]any `json:"messages"`
	} `json:"helpcrunch"`
}

// Requests returns the API requests received since the last reset, by route
// ("POST /devrev/chats.create", "GET /helpcrunch/v1/chats/{id}").
func (s *Server) Requests() RequestCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	by := make(map[string]int, len(s.requestsByRoute))
	for k, v := range s.requestsByRoute {
		by[k] = v
	}
	return RequestCounts{Total: s.requestsTotal, ByRoute: by}
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

// ResetRequests zeroes the request counters and forgets the kept bodies.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requestsTotal = 0
	s.requestsByRoute = map[string]int{}
	s.bodies = nil
}

// State returns every stored object.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st State
	st.DevRev.Chats = s.devrevChatsSnapshot()
	st.DevRev.Conversations = s.devrevConversationsSnapshot()
	st.HelpCrunch.Chats = s.helpcrunchChatsSnapshot()
	st.DevRev.TimelineEntries = s.devrevTimelineEntriesSnapshot()
	st.HelpCrunch.Messages = s.helpcrunchMessagesSnapshot()
	return st
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
		writeJSON(w, http.StatusOK, counts)
	})
	m.HandleFunc("DELETE /__mock/requests", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("GET /__mock/state", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	m.HandleFunc("POST /__mock/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if f.ErrorRate < 0 || f.ErrorRate > 1 || f.FailAfterCommitRate < 0 || f.FailAfterCommitRate > 1 || f.RateLimitEvery < 0 || f.LatencyMS < 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "rates must be within 0..1 and counts non-negative"})
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, f)
	})
	m.HandleFunc("DELETE /__mock/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("DELETE /__mock/devrev/chats/{id...}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		ok := s.deleteDevRevChat(r.PathValue("id"))
		s.mu.Unlock()
		deleted(w, ok)
	})
	m.HandleFunc("DELETE /__mock/devrev/conversations/{id...}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		ok := s.deleteDevRevConversation(r.PathValue("id"))
		s.mu.Unlock()
		deleted(w, ok)
	})
	m.HandleFunc("DELETE /__mock/helpcrunch/chats/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		ok := s.deleteHelpCrunchChat(r.PathValue("id"))
		s.mu.Unlock()
		deleted(w, ok)
	})
}

func deleted(w http.ResponseWriter, ok bool) {
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such object"})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
