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
