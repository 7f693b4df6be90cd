package helpcrunch

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// hcMessage is one message posted through the API.
type hcMessage struct {
	id    int64
	chat  int64
	agent int64 // 0: the customer wrote it
	typ   string
	text  string
	at    time.Time
}

// helpcrunchMessagesSnapshot returns every posted message as the API returns
// it, oldest first. h.mu is held.
func (h *Fake) helpcrunchMessagesSnapshot() []map[string]any {
	return h.messages.Render(h.renderMessage)
}

// renderMessage is the docs' message model. The create-message example
// writes createdAt as a string with milliseconds ("1601557390.769"), so the
// fake does too, whatever form its chats' timestamps take.
func (h *Fake) renderMessage(m *hcMessage) map[string]any {
	from := "customer"
	var agent any
	if m.agent != 0 {
		from = "agent"
		agent = h.agentObject(m.agent)
	}
	return map[string]any{
		"id":            m.id,
		"agent":         agent,
		"type":          m.typ,
		"text":          m.text,
		"read":          false,
		"createdAt":     fmt.Sprintf("%d.%03d", m.at.Unix(), m.at.Nanosecond()/int(time.Millisecond)),
		"updatedAt":     nil,
		"edited":        false,
		"broadcastType": nil,
		"chat":          m.chat,
		"from":          from,
	}
}

// createMessage is POST /messages: 200 with the message (201 in the
// ReadingMessageStatus reading "201"); 400
// for a missing or invalid chat, text or type; 404 for a chat or agent that
// does not exist.
func (h *Fake) createMessage(w http.ResponseWriter, b hcBody) {

	chatID, err := hcInt64Value(b["chat"])
	if !b.has("chat") || err != nil || chatID < 1 {
		writeError(w, http.StatusBadRequest, "invalid_chat_value", "The chat attribute must be the id of a chat.")
		return
	}
	var text string
	if !b.has("text") || json.Unmarshal(b["text"], &text) != nil || strings.TrimSpace(text) == "" {
		writeInvalid(w, "text", "This value should not be blank.")
		return
	}
	var markdown *string
	if b.has("markdownText") && !b.isNull("markdownText") {
		var md string
		if json.Unmarshal(b["markdownText"], &md) != nil {
			writeInvalid(w, "markdownText", "This value should be of type string.")
			return
		}
		markdown = &md
	}
	var typ string
	if !b.has("type") || json.Unmarshal(b["type"], &typ) != nil || (typ != "message" && typ != "private") {
		writeInvalid(w, "type", `This value should be "message" or "private".`)
		return
	}
	var agent int64
	if b.has("agent") && !b.isNull("agent") {
		agent, err = hcInt64Value(b["agent"])
		if err != nil {
			writeInvalid(w, "agent", "This value should be of type numeric.")
			return
		}
	}
	// A private note is for agents; a customer cannot write one.
	if typ == "private" && agent == 0 {
		writeInvalid(w, "agent", "A private note needs the agent who writes it.")
		return
	}

	c, found := h.chats[chatID]
	if !found {
		writeError(w, http.StatusNotFound, "chat_not_found", fmt.Sprintf("Chat %d does not exist.", chatID))
		return
	}
	if _, found := h.agents[agent]; agent != 0 && !found {
		writeError(w, http.StatusNotFound, "entity_not_found", fmt.Sprintf("Agent %d does not exist.", agent))
		return
	}

	// The answer carries the formatted text in text, and no markdownText.
	if markdown != nil {
		text = *markdown
	}
	now := h.now()
	m := &hcMessage{chat: chatID, agent: agent, typ: typ, text: text, at: now}
	m.id = int64(h.messages.Add(m))

	c.updatedAt = now
	if typ == "message" {
		// A chat with a message is no longer "empty" (the chat model's word
		// for a chat without messages).
		if c.status == "empty" {
			c.status = "opened"
		}
		c.lastMessageText = text
		c.lastMessageAt = now.Truncate(time.Second)
		if agent == 0 {
			c.lastCustomerMessageAt = c.lastMessageAt
		}
	}
	if agent != 0 && !containsInt64(c.agents, agent) {
		c.agents = append(c.agents, agent)
	}
	status := http.StatusOK
	if h.Reading(ReadingMessageStatus) == "201" {
		status = http.StatusCreated
	}
	mockapi.WriteJSON(w, status, h.renderMessage(m))
}

func containsInt64(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
