package helpcrunch

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

func TestHelpCrunchMessages_create(t *testing.T) {
	f := newHCFake(t, nil)
	code, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 1})
	if code != 201 {
		t.Fatalf("create chat: %d %v", code, chat)
	}
	f.srv.ResetRequests()

	code, out := f.do("POST", "/messages", map[string]any{"chat": chat["id"], "text": "Deployed 1.4", "markdownText": "Deployed **1.4**", "agent": 2, "type": "message"})
	if code != 200 {
		t.Fatalf("code = %d, want 200 (the docs' status): %v", code, out)
	}
	want := []string{"agent", "broadcastType", "chat", "createdAt", "edited", "from", "id", "read", "text", "type", "updatedAt"}
	if got := slices.Sorted(maps.Keys(out)); !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want the message model's %v", got, want)
	}
	agent, _ := out["agent"].(map[string]any)
	if out["id"] != json.Number("1") || out["chat"] != chat["id"] || out["from"] != "agent" || out["type"] != "message" ||
		agent["id"] != json.Number("2") || out["createdAt"] != "1709294400.000" || out["updatedAt"] != nil {
		t.Errorf("message = %v", out)
	}
	// The answer puts the formatted text in text and has no markdownText.
	if out["text"] != "Deployed **1.4**" {
		t.Errorf("text = %v, want the markdown text", out["text"])
	}
	if n := f.srv.RequestCount(RouteMessageCreate); n != 1 {
		t.Errorf("counter = %d, want 1", n)
	}

	st := f.srv.State()
	if len(st.Messages) != 1 {
		t.Fatalf("state has %d messages, want 1", len(st.Messages))
	}
	got := st.Chats[0]
	if got["status"] != "opened" || got["lastMessageText"] != "Deployed **1.4**" || got["lastMessageAt"] == nil {
		t.Errorf("chat after a message = %v: want it opened with the last message", got)
	}
	if agents, _ := got["agents"].([]any); len(agents) != 1 {
		t.Errorf("agents = %v, want the agent who wrote", got["agents"])
	}
}

func TestHelpCrunchMessages_privateNoteLeavesChatEmpty(t *testing.T) {
	f := newHCFake(t, nil)
	_, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 1})
	code, out := f.do("POST", "/messages", map[string]any{"chat": chat["id"], "text": "note", "agent": 1, "type": "private"})
	if code != 200 || out["type"] != "private" {
		t.Fatalf("answer %d %v", code, out)
	}
	if got := f.srv.State().Chats[0]; got["status"] != "empty" || got["lastMessageText"] != nil {
		t.Errorf("chat = %v: a note is not a message the customer sees", got)
	}
}

func TestHelpCrunchMessages_createValidation(t *testing.T) {
	f := newHCFake(t, nil)
	_, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 1})
	id := chat["id"]
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string // code of the last error entry
	}{
		{"not an object", `[1]`, 400, "body"},
		{"no chat", map[string]any{"text": "x", "type": "message", "agent": 1}, 400, "invalid_chat_value"},
		{"chat not a number", map[string]any{"chat": "abc", "text": "x", "type": "message", "agent": 1}, 400, "invalid_chat_value"},
		{"no text", map[string]any{"chat": id, "type": "message", "agent": 1}, 400, "text"},
		{"blank text", map[string]any{"chat": id, "text": " ", "type": "message", "agent": 1}, 400, "text"},
		{"no type", map[string]any{"chat": id, "text": "x", "agent": 1}, 400, "type"},
		{"bad type", map[string]any{"chat": id, "text": "x", "type": "email", "agent": 1}, 400, "type"},
		{"agent not a number", map[string]any{"chat": id, "text": "x", "type": "message", "agent": "me"}, 400, "agent"},
		{"customer's private note", map[string]any{"chat": id, "text": "x", "type": "private"}, 400, "agent"},
		{"chat that does not exist", map[string]any{"chat": 999, "text": "x", "type": "message", "agent": 1}, 404, "chat_not_found"},
		{"agent that does not exist", map[string]any{"chat": id, "text": "x", "type": "message", "agent": 99}, 404, "entity_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := f.do("POST", "/messages", tc.body)
			errs, _ := out["errors"].([]any)
			if code != tc.status || len(errs) == 0 {
				t.Fatalf("answer %d %v, want %d with errors", code, out, tc.status)
			}
			last, _ := errs[len(errs)-1].(map[string]any)
			if last["code"] != tc.code || last["message"] == "" {
				t.Errorf("last error = %v, want code %s", last, tc.code)
			}
		})
	}
	if n := len(f.srv.State().Messages); n != 0 {
		t.Errorf("%d messages stored by refused requests, want 0", n)
	}
}
