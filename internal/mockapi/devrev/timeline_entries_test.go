package devrev

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

func TestDevRevTimelineEntries_createOnChat(t *testing.T) {
	s := newChatTestServer(t)
	chat := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	s.ResetRequests()

	code, out := chatCall(t, s, "POST", "/timeline-entries.create",
		`{"type":"timeline_comment","object":"DM-1","body":"Deployed 1.4","body_type":"text","visibility":"internal"}`)
	if code != 201 {
		t.Fatalf("code = %d, want 201: %v", code, out)
	}
	e, ok := out["timeline_entry"].(map[string]any)
	if !ok || len(out) != 1 {
		t.Fatalf("answer = %v, want exactly {timeline_entry}", out)
	}
	// Only fields of the spec's timeline-comment; object_type is left out
	// because the public spec's enum has no value for a chat.
	want := []string{"body", "body_type", "created_by", "created_date", "id", "modified_by", "modified_date", "object", "object_display_id", "type", "visibility"}
	if got := slices.Sorted(maps.Keys(e)); !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
	if e["type"] != "timeline_comment" || e["object"] != chat["id"] || e["object_display_id"] != "DM-1" ||
		e["id"] != chat["id"].(string)+":comment/1" || e["body"] != "Deployed 1.4" || e["visibility"] != "internal" {
		t.Errorf("entry = %v", e)
	}
	if by, _ := e["created_by"].(map[string]any); by["display_id"] != "DEVU-1" {
		t.Errorf("created_by = %v, want the token's user DEVU-1", e["created_by"])
	}
	if n := s.RequestCount(RouteTimelineEntriesCreate); n != 1 {
		t.Errorf("counter = %d, want 1", n)
	}
	st := s.State()
	if len(st.TimelineEntries) != 1 || !reflect.DeepEqual(st.TimelineEntries[0], e) {
		t.Errorf("state = %v, want the one entry as answered", st.TimelineEntries)
	}
}

func TestDevRevTimelineEntries_createOnConversation(t *testing.T) {
	s := newChatTestServer(t)
	code, created := chatCall(t, s, "POST", "/conversations.create", `{"type":"support","title":"outage"}`)
	if code != 201 {
		t.Fatalf("conversations.create: %d %v", code, created)
	}
	conv := created["conversation"].(map[string]any)
	code, out := chatCall(t, s, "POST", "/timeline-entries.create",
		`{"type":"timeline_comment","object":"`+conv["id"].(string)+`","body":"mitigated"}`)
	if code != 201 {
		t.Fatalf("code = %d: %v", code, out)
	}
	e := out["timeline_entry"].(map[string]any)
	if e["object_type"] != "conversation" || e["object_display_id"] != conv["display_id"] || e["visibility"] != "external" || e["body_type"] != "text" {
		t.Errorf("entry = %v: want a conversation's external text comment (the API's defaults)", e)
	}
}

func TestDevRevTimelineEntries_createValidation(t *testing.T) {
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1"]}`)
	for _, tc := range []struct {
		name, body, errType, field string
	}{
		{"no type", `{"object":"DM-1","body":"x"}`, "missing_required_field", "type"},
		{"wrong type", `{"type":"timeline_change_event","object":"DM-1","body":"x"}`, "invalid_enum_value", "type"},
		{"no object", `{"type":"timeline_comment","body":"x"}`, "missing_required_field", "object"},
		{"object not a string", `{"type":"timeline_comment","object":7,"body":"x"}`, "unexpected_json_type", "object"},
		{"blank object", `{"type":"timeline_comment","object":" ","body":"x"}`, "invalid_id", "object"},
		{"chat that does not exist", `{"type":"timeline_comment","object":"DM-99","body":"x"}`, "invalid_id", "object"},
		{"conversation that does not exist", `{"type":"timeline_comment","object":"CONV-999999","body":"x"}`, "invalid_id", "object"},
		{"not an id of a timeline", `{"type":"timeline_comment","object":"hello","body":"x"}`, "invalid_id", "object"},
		{"no body", `{"type":"timeline_comment","object":"DM-1"}`, "missing_required_field", "body"},
		{"blank body", `{"type":"timeline_comment","object":"DM-1","body":"  "}`, "missing_required_field", "body"},
		{"bad body_type", `{"type":"timeline_comment","object":"DM-1","body":"x","body_type":"html"}`, "invalid_enum_value", "body_type"},
		{"bad visibility", `{"type":"timeline_comment","object":"DM-1","body":"x","visibility":"secret"}`, "invalid_enum_value", "visibility"},
		{"private_to not a user", `{"type":"timeline_comment","object":"DM-1","body":"x","private_to":["DEVU-999"]}`, "invalid_id", "private_to"},
		{"expires too soon", `{"type":"timeline_comment","object":"DM-1","body":"x","expires_at":"2024-05-01T10:00:30Z"}`, "invalid_field", "expires_at"},
		{"unknown artifact", `{"type":"timeline_comment","object":"DM-1","body":"x","artifacts":["ARTIFACT-1"]}`, "invalid_id", "artifacts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := chatCall(t, s, "POST", "/timeline-entries.create", tc.body)
			if code != 400 || out["type"] != tc.errType || out["field_name"] != tc.field {
				t.Errorf("answer %d %v, want 400 %s on %s", code, out, tc.errType, tc.field)
			}
			if msg, _ := out["message"].(string); strings.TrimSpace(msg) == "" {
				t.Errorf("no message: %v", out)
			}
		})
	}
	if n := len(s.State().TimelineEntries); n != 0 {
		t.Errorf("%d entries stored by refused requests, want 0", n)
	}
}

func TestDevRevTimelineEntries_lostAnswerCommits(t *testing.T) {
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1"]}`)
	s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: RouteTimelineEntriesCreate, Status: 503, AfterCommit: true}}})
	code, _ := chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"DM-1","body":"x"}`)
	if code != 503 {
		t.Fatalf("code = %d, want the scripted 503", code)
	}
	if n := len(s.State().TimelineEntries); n != 1 {
		t.Errorf("%d entries after a lost answer, want 1: the request committed", n)
	}
}

// A timeline goes with its object, however the object is deleted.
func TestDevRevTimelineEntries_goWithTheirObject(t *testing.T) {
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	kept := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-3"]}`)
	code, created := chatCall(t, s, "POST", "/conversations.create", `{"type":"support","title":"outage"}`)
	if code != 201 {
		t.Fatalf("conversations.create: %d %v", code, created)
	}
	conv := created["conversation"].(map[string]any)["id"].(string)
	for _, object := range []string{"DM-1", "DM-2", conv} {
		if code, out := chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"`+object+`","body":"note"}`); code != 201 {
			t.Fatalf("comment on %s: %d %v", object, code, out)
		}
	}

	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("DELETE", "/__mock/devrev/chats/DM-1", nil))
	if rec.Code != http.StatusNoContent {
		t.Fatalf("control delete of DM-1 = %d", rec.Code)
	}
	if code, out := chatCall(t, s, "POST", "/conversations.delete", `{"id":"`+conv+`"}`); code != http.StatusOK {
		t.Fatalf("conversations.delete: %d %v", code, out)
	}

	entries := s.State().TimelineEntries
	if len(entries) != 1 || entries[0]["object"] != kept["id"] {
		t.Errorf("timeline after the deletes = %v, want only the comment on %v", entries, kept["id"])
	}
}
