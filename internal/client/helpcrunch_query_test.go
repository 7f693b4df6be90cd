package client

import (
	"context"
	"io"
	"net/http"
	"testing"
)

// SearchIter wanting more than there are yields just the matches, and an
// update returns the chat the API answered with, or nothing and the error.
func TestHelpCrunchSearchIterUnderTheWantAndUpdateAnswers(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t, retries(0))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/chats/search":
			_, _ = io.WriteString(w, `{"data":[{"id":1},{"id":2},{"id":3}],"meta":{"total":3}}`)
		case "/chats/status":
			_, _ = io.WriteString(w, `{"id":7,"status":"closed"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errors":[{"code":"chat_not_found","message":"Chat not found"}]}`)
		}
	})
	var chats []HelpCrunchChat
	total := 0
	for chat, err := range c.Chats.SearchIter(context.Background(), HelpCrunchSearchRequest{Filter: []HelpCrunchSearchFilter{{}}}, 50, &total) {
		if err != nil {
			t.Fatalf("SearchIter: %v", err)
		}
		chats = append(chats, chat)
	}
	if total != 3 || len(chats) != 3 || chats[2].ID != 3 {
		t.Fatalf("SearchIter = %d chats (%v), total %d; want the 3 matches", len(chats), chats, total)
	}
	chat, err := c.Chats.UpdateStatus(context.Background(), 7, "closed")
	if err != nil || chat == nil || chat.ID != 7 || chat.Status != "closed" {
		t.Fatalf("UpdateStatus = %+v, %v; want the API's chat", chat, err)
	}
	chat, err = c.Chats.UpdateDepartment(context.Background(), 7, 1)
	if !IsNotFound(err) || chat != nil {
		t.Fatalf("UpdateDepartment on a 404 = %+v, %v; want no chat and the 404", chat, err)
	}
}

func TestHelpCrunchSearchStatusCode(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]string{"new": "1", "opened": "2", "pending": "3", "on hold": "4", "onhold": "4", "On-Hold": "4",
		"closed": "5", "no communication": "6", "empty": "7"} {
		if got, ok := HelpCrunchSearchStatusCode(status); !ok || got != want {
			t.Errorf("HelpCrunchSearchStatusCode(%q) = %q, %v; want %q", status, got, ok, want)
		}
	}
	if got, ok := HelpCrunchSearchStatusCode("someday"); ok || got != "" {
		t.Errorf("an unknown status has code %q", got)
	}
}
