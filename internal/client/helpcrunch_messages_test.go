package client

import (
	"io"
	"net/http"
	"sync/atomic"
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

func TestHelpCrunchMessagesCreate_serverErrorNotRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		_, c, mux := setup(t)
		var calls atomic.Int32
		mux.HandleFunc("POST /messages", func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			helpcrunchTestError(w, status, "internal_error", "Something broke.")
		})
		_, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 1, Text: "x", Type: "message"})
		if err == nil {
			t.Fatalf("%d: no error", status)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("%d: POST /messages sent %d times, want exactly 1", status, n)
		}
		if !MayHaveCommitted(err) {
			t.Errorf("%d: MayHaveCommitted(%v) = false", status, err)
		}
	}
}

func TestHelpCrunchMessagesCreate_rateLimitRetried(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("POST /messages", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			// HelpCrunch names no wait (the test asks for a short one to stay
			// fast): a 429 means nothing was posted, so it is retried.
			w.Header().Set("Retry-After", "0.01")
			helpcrunchTestError(w, http.StatusTooManyRequests, "too_many_requests", "You have exceeded your requests limit")
			return
		}
		_, _ = io.WriteString(w, helpcrunchTestMessage)
	})
	if _, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 77, Text: "x", Type: "message"}); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("POST /messages sent %d times, want 2", n)
	}
}

func TestHelpCrunchMessagesCreate_unsentRequestRetried(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	_, c, mux := setup(t, failFirst(&attempts))
	var served atomic.Int32
	mux.HandleFunc("POST /messages", func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, helpcrunchTestMessage)
	})
	if _, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 77, Text: "x", Type: "message"}); err != nil {
		t.Fatal(err)
	}
	if attempts.Load() != 2 || served.Load() != 1 {
		t.Errorf("attempts = %d, served = %d; want 2 attempts and 1 message", attempts.Load(), served.Load())
	}
}

func TestHelpCrunchMessagesCreate_chatNotFound(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("POST /messages", func(w http.ResponseWriter, _ *http.Request) {
		helpcrunchTestError(w, http.StatusNotFound, "chat_not_found", "Chat is missing")
	})
	_, err := c.Messages.Create(t.Context(), &HelpCrunchCreateMessageRequest{Chat: 404, Text: "x", Type: "message"})
	if !IsNotFound(err) || MayHaveCommitted(err) {
		t.Fatalf("err = %v: want a 404 that did not commit", err)
	}
}
