package helpcrunch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// hcBody is a decoded JSON object body, its keys not yet interpreted, so that
// a missing key, a null and a value of the wrong type can each be told apart.
type hcBody map[string]json.RawMessage

// readHelpCrunchBody reads a JSON object body, or answers 400 and returns false.
func readHelpCrunchBody(w http.ResponseWriter, r *http.Request) (hcBody, bool) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	var body hcBody
	if err == nil {
		// Unmarshal, not a Decoder: a body with anything after its object
		// is not JSON, and a server's parser refuses it.
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || body == nil {
		writeInvalid(w, "body", "The request body must be a JSON object.")
		return nil, false
	}
	return body, true
}

// withBody is a handler that reads the request's JSON object body and
// answers it under h.mu; any other body is the documented 400.
func (h *Fake) withBody(answer func(w http.ResponseWriter, b hcBody)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, ok := readHelpCrunchBody(w, r)
		if !ok {
			return
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		answer(w, b)
	}
}

func (b hcBody) has(key string) bool {
	_, ok := b[key]
	return ok
}

func (b hcBody) isNull(key string) bool {
	raw, ok := b[key]
	return ok && bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// int64Field reads an integer attribute. A missing required key, a null, or
// anything but a JSON integer is a 400 with the docs' error body.
func (b hcBody) int64Field(w http.ResponseWriter, key string) (int64, bool) {
	raw, ok := b[key]
	if !ok {
		writeInvalid(w, key, fmt.Sprintf("The %s attribute is required.", key))
		return 0, false
	}
	n, err := hcInt64Value(raw)
	if err != nil {
		writeInvalid(w, key, fmt.Sprintf("The %s attribute must be an integer, got %s.", key, truncate(string(raw), 64)))
		return 0, false
	}
	return n, true
}

// knownID reads the integer attribute key and checks that it names one of
// known (what is its kind, for the 400's message).
func knownID[T any](w http.ResponseWriter, b hcBody, key, what string, known map[int64]T) (int64, bool) {
	id, ok := b.int64Field(w, key)
	if !ok {
		return 0, false
	}
	if _, found := known[id]; !found {
		writeInvalid(w, key, fmt.Sprintf("%s %d does not exist.", what, id))
		return 0, false
	}
	return id, true
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// writeInvalid writes the 400 body HelpCrunch documents for a bad
// request: a generic invalid_request entry, then one entry whose code names
// the offending attribute ("customer", "filter[0].field").
// https://docs.helpcrunch.com/en/rest-api-v1/api-setup-v1 (Errors)
func writeInvalid(w http.ResponseWriter, field, message string) {
	mockapi.WriteJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{
		{"code": "invalid_request", "message": "Invalid request"},
		{"code": field, "message": message},
	}})
}

// writeNotFound writes the 404 that the chat endpoints document:
// code chat_not_found (https://docs.helpcrunch.com/en/rest-api-v1/get-chat-v1).
func writeNotFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "chat_not_found", "Chat not found")
}

// chatByID finds the chat named by the body's "id", or answers 400/404.
func (h *Fake) helpcrunchChatFromBody(w http.ResponseWriter, b hcBody) (*hcChat, bool) {
	id, ok := b.int64Field(w, "id")
	if !ok {
		return nil, false
	}
	c, found := h.chats[id]
	if !found {
		writeNotFound(w)
		return nil, false
	}
	return c, true
}

// createChat is POST /chats: 201 with the new chat, 400 for a missing,
// non-numeric or unknown customer, application, assignee or department.
// h.mu is held.
func (h *Fake) createChat(w http.ResponseWriter, b hcBody) {
	customer, ok := knownID(w, b, "customer", "Customer", h.customers)
	if !ok {
		return
	}
	application, ok := knownID(w, b, "application", "Application", h.applications)
	if !ok {
		return
	}
	var assignee, department int64
	if b.has("assignee") && !b.isNull("assignee") {
		if assignee, ok = knownID(w, b, "assignee", "Agent", h.agents); !ok {
			return
		}
	}
	if b.has("department") && !b.isNull("department") {
		if department, ok = knownID(w, b, "department", "Department", h.departments); !ok {
			return
		}
	}
	now := h.now().Truncate(time.Second)
	c := &hcChat{
		id:          h.nextID,
		customer:    customer,
		application: application,
		assignee:    assignee,
		department:  department,
		// A chat opened through the API has no messages yet.
		status:    "empty",
		createdAt: now,
		updatedAt: now,
	}
	h.nextID++
	h.chats[c.id] = c
	mockapi.WriteJSON(w, http.StatusCreated, h.render(c))
}

// handleHelpCrunchGetChat is GET /chats/{id}.
func (h *Fake) handleHelpCrunchGetChat(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeInvalid(w, "id", "The chat id must be a positive integer.")
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.chats[id]
	if !ok {
		writeNotFound(w)
		return
	}
	mockapi.WriteJSON(w, http.StatusOK, h.render(c))
}

// updateChat is one of the PUT /chats/... updates: it finds the chat the
// body names, lets change validate and apply the update (answering the error
// itself when it returns false), and answers with the chat. h.mu is held.
func (h *Fake) updateChat(change func(w http.ResponseWriter, c *hcChat, b hcBody) bool) func(http.ResponseWriter, hcBody) {
	return func(w http.ResponseWriter, b hcBody) {
		c, ok := h.helpcrunchChatFromBody(w, b)
		if !ok || !change(w, c, b) {
			return
		}
		c.updatedAt = h.now()
		mockapi.WriteJSON(w, http.StatusOK, h.render(c))
	}
}

// changeAssignee is PUT /chats/assignee; a null assignee unassigns the chat.
func (h *Fake) changeAssignee(w http.ResponseWriter, c *hcChat, b hcBody) bool {
	var assignee int64
	if !b.isNull("assignee") {
		var ok bool
		if assignee, ok = knownID(w, b, "assignee", "Agent", h.agents); !ok {
			return false
		}
	}
	c.assignee = assignee
	return true
}

// changeDepartment is PUT /chats/department.
func (h *Fake) changeDepartment(w http.ResponseWriter, c *hcChat, b hcBody) bool {
	department, ok := knownID(w, b, "department", "Department", h.departments)
	if ok {
		c.department = department
	}
	return ok
}

// updateStatus is PUT /chats/status. Closing a chat records when and by
// whom; any other status reopens it. h.mu is held.
func (h *Fake) updateStatus(w http.ResponseWriter, b hcBody) {
	c, ok := h.helpcrunchChatFromBody(w, b)
	if !ok {
		return
	}
	var status string
	if raw, has := b["status"]; !has || json.Unmarshal(raw, &status) != nil || !hcSettableStatus(status) {
		writeInvalid(w, "status",
			"The status attribute must be one of: new, opened, pending, on hold, on-hold, no communication, closed.")
		return
	}
	now := h.now().Truncate(time.Second)
	if status == "closed" {
		if c.status != "closed" {
			c.closedAt, c.closedBy = now, "agent"
		}
	} else {
		c.closedAt, c.closedBy = time.Time{}, ""
	}
	c.status = hcReadSpelling(status)
	c.updatedAt = now
	mockapi.WriteJSON(w, http.StatusOK, h.render(c))
}

// parseHCTimestamp reads a UNIX timestamp given as a JSON number or as a
// string of digits with an optional fraction.
func parseHCTimestamp(raw json.RawMessage) (float64, bool) {
	text := strings.TrimSpace(string(raw))
	if unq, err := strconv.Unquote(text); err == nil {
		text = unq
	}
	if text == "" || strings.ContainsAny(text, "eE+-") {
		return 0, false
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return f, true
}
