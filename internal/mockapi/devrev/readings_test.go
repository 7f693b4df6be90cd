package devrev

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// TestReadingChatsScope answers chats.* in both readings: "any" answers
// the DM whatever the scope; "beta" answers the public chat object (its type
// alone) to a request without X-Devrev-Scope: beta, after doing what it asked,
// and answers errors as they are.
func TestReadingChatsScope(t *testing.T) {
	t.Parallel()
	call := func(s *testServer, scope, method, path, body string) (int, map[string]any) {
		t.Helper()
		req := httptest.NewRequest(method, Prefix+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if scope != "" {
			req.Header.Set("X-Devrev-Scope", scope)
		}
		rec, out := exchange(t, s, req)
		return rec.Code, out
	}
	public := map[string]any{"chat": map[string]any{"type": "dm"}}

	strict := newChatTestServer(t)
	if err := strict.SetReading(ReadingChatsScope, "beta"); err != nil {
		t.Fatal(err)
	}
	lenient := newChatTestServer(t)
	for _, s := range []*testServer{strict, lenient} {
		mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops"}`)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/chats.get?id=DM-1", ""},
		{"POST", "/chats.get", `{"type":"dm","users":["DEVU-1","DEVU-2"]}`},
		{"POST", "/chats.update", `{"type":"dm","id":"DM-1","title":"Ops 2"}`},
		{"POST", "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-3"],"get_if_conflict":true}`},
	} {
		code, out := call(strict, "", c.method, c.path, c.body)
		if code/100 != 2 || !reflect.DeepEqual(out, public) {
			t.Errorf("beta reading, no scope: %s %s = %d %v, want the public chat object", c.method, c.path, code, out)
		}
		for _, tc := range []struct {
			s     *testServer
			scope string
		}{{strict, "beta"}, {lenient, ""}, {lenient, "beta"}} {
			code, out := call(tc.s, tc.scope, c.method, c.path, c.body)
			if chat, _ := out["chat"].(map[string]any); code/100 != 2 || chat["id"] == nil || chat["display_id"] == nil {
				t.Errorf("scope %q: %s %s = %d %v, want the DM", tc.scope, c.method, c.path, code, out)
			}
		}
	}
	// What the unscoped requests did stands: the update and the create.
	code, out := call(strict, "beta", "GET", "/chats.get?id=DM-1", "")
	if chat, _ := out["chat"].(map[string]any); code != http.StatusOK || chat["title"] != "Ops 2" {
		t.Errorf("the unscoped update was not kept: %d %v", code, out)
	}
	if n := len(strict.State().Chats); n != 2 {
		t.Errorf("%d chats after the unscoped create, want 2", n)
	}
	code, out = call(strict, "", "GET", "/chats.get?id=DM-99", "")
	if code != http.StatusNotFound || out["type"] != "not_found" {
		t.Errorf("an unscoped error: %d %v, want DevRev's 404", code, out)
	}
}

// TestReadingTimelineMissingObject answers a comment on an object that does
// not exist with the spec's 400 invalid_id, or with a 404 not_found; every
// other refusal, and a comment on an object that exists, is the same in both.
func TestReadingTimelineMissingObject(t *testing.T) {
	t.Parallel()
	for reading, want := range map[string]struct {
		status int
		typ    string
	}{"400": {http.StatusBadRequest, "invalid_id"}, "404": {http.StatusNotFound, "not_found"}} {
		s := newChatTestServer(t)
		if err := s.SetReading(ReadingTimelineMissingObject, reading); err != nil {
			t.Fatal(err)
		}
		mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
		for _, object := range []string{"DM-9", "CONV-9", "don:core:dvrv-us-1:devo/demo:dm/9"} {
			code, out := chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"`+object+`","body":"hi"}`)
			if code != want.status || out["type"] != want.typ || out["message"] != "Object '"+object+"' does not exist." || len(out) > 3 {
				t.Errorf("%s: %s: %d %v, want %d %s", reading, object, code, out, want.status, want.typ)
			}
		}
		// Not an id of an object with a timeline, and an empty id: 400 either way.
		for _, object := range []string{"TKT-1", " "} {
			if code, out := chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"`+object+`","body":"hi"}`); code != http.StatusBadRequest || out["type"] != "invalid_id" {
				t.Errorf("%s: %q: %d %v, want 400 invalid_id", reading, object, code, out)
			}
		}
		if code, out := chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"DM-1","body":"hi"}`); code != http.StatusCreated {
			t.Errorf("%s: a comment on DM-1: %d %v, want 201", reading, code, out)
		}
		if n := len(s.State().TimelineEntries); n != 1 {
			t.Errorf("%s: %d comments stored, want 1", reading, n)
		}
	}
}
