package client

import (
	"io"
	"net/http"
	"testing"
)

const helpcrunchTestMessage = `{"id": 9577656, "agent": {"id": 4, "name": "Sam"}, "type": "message", "text": "Deployed 1.4",
	"read": false, "createdAt": "1601557390.769", "updatedAt": null, "edited": false, "broadcastType": null,
	"chat": 77, "from": "agent"}`

func TestHelpCrunchMessagesCreate(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("/messages", func(w http.ResponseWriter, r *http.Request) {
		testHelpCrunchRequest(t, r, "POST", `{"chat": 77, "text": "Deployed 1.4", "markdownText": "Deployed **1.4**", "agent": 4, "type": "message"}`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, helpcrunchTestMessage)
	})
	agent, md := int64(4), "Deployed **1.4**"
	msg, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 77, Text: "Deployed 1.4", MarkdownText: &md, Agent: &agent, Type: HelpCrunchMessageTypeMessage})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != 9577656 || msg.Chat != 77 || msg.Agent == nil || msg.Agent.ID != 4 || msg.From != "agent" || msg.Type != "message" ||
		msg.CreatedAt.RFC3339() != "2020-10-01T13:03:10.769Z" || msg.UpdatedAt.Valid {
		t.Errorf("message = %+v", msg)
	}
}

func TestHelpCrunchMessagesCreate_omitsUnsetOptionalFields(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("/messages", func(w http.ResponseWriter, r *http.Request) {
		testHelpCrunchRequest(t, r, "POST", `{"chat": 77, "text": "note", "type": "private"}`)
		_, _ = io.WriteString(w, helpcrunchTestMessage)
	})
	if _, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 77, Text: "note", Type: HelpCrunchMessageTypePrivate}); err != nil {
		t.Fatal(err)
	}
}
