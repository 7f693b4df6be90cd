package mockapi

import (
	"encoding/json"
	"net/http"
)

// RequestCounts is the answer of GET /__mock/requests.
type RequestCounts struct {
	Total   int            `json:"total"`
	ByRoute map[string]int `json:"by_route"`
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

// ResetRequests zeroes the request counters.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requestsTotal = 0
	s.requestsByRoute = map[string]int{}
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
	m.HandleFunc("GET /__mock/requests", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Requests())
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
