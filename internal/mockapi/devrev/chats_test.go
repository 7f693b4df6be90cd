package devrev

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// chatTestClock is a fake clock that moves one second per reading.
type chatTestClock struct{ t time.Time }

func (c *chatTestClock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func newChatTestServer(t *testing.T) *testServer {
	t.Helper()
	clock := &chatTestClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	return mustNew(Options{Now: clock.now})
}

// chatCall sends one DevRev request with the demo token and decodes the answer.
func chatCall(t *testing.T, s *testServer, method, path, body string) (int, map[string]any) {
	t.Helper()
	var req *http.Request
	if body == "" {
		req = httptest.NewRequest(method, Prefix+path, nil)
	} else {
		req = httptest.NewRequest(method, Prefix+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	rec, out := exchange(t, s, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type = %q", method, path, ct)
	}
	return rec.Code, out
}

func chatOf(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	c, ok := out["chat"].(map[string]any)
	if !ok {
		t.Fatalf("answer has no chat: %v", out)
	}
	return c
}

func mustCreateChat(t *testing.T, s *testServer, body string) map[string]any {
	t.Helper()
	code, out := chatCall(t, s, "POST", "/chats.create", body)
	if code != http.StatusCreated {
		t.Fatalf("chats.create %s = %d %v, want 201", body, code, out)
	}
	return chatOf(t, out)
}

func TestDevRevChats_createShape(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	chat := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","don:identity:dvrv-us-1:devo/demo:devu/2"],"title":"Ops",
		"records":["don:core:dvrv-us-1:devo/demo:issue/1"],"custom_fields":{"tnt__n":12345678901234567890,"tnt__s":"x"},
		"custom_schema_spec":{"tenant_fragment":true}}`)

	// Exactly the beta spec's chat: its type and the dm member's fields
	// (sync_metadata left out, as the fake syncs nothing).
	keys := slices.Sorted(maps.Keys(chat))
	if want := []string{"created_by", "created_date", "display_id", "groups", "id", "modified_by", "modified_date", "title", "type", "users"}; !slices.Equal(keys, want) {
		t.Errorf("chat fields = %v, want %v", keys, want)
	}
	want := map[string]any{
		"type":          "dm",
		"id":            "don:core:dvrv-us-1:devo/demo:dm/1",
		"display_id":    "DM-1",
		"title":         "Ops",
		"created_date":  "2024-05-01T10:00:01.000Z",
		"modified_date": "2024-05-01T10:00:01.000Z",
	}
	for k, v := range want {
		if chat[k] != v {
			t.Errorf("%s = %v, want %v", k, chat[k], v)
		}
	}
	users, _ := chat["users"].([]any)
	if len(users) != 2 {
		t.Fatalf("users = %v", chat["users"])
	}
	for i, u := range users {
		m := u.(map[string]any)
		n := i + 1
		if m["id"] != userDON(n) || m["display_id"] != userDisplayID(n) || m["type"] != "dev_user" {
			t.Errorf("users[%d] = %v, want dev user %d with both ids", i, m, n)
		}
	}
	for _, who := range []string{"created_by", "modified_by"} {
		if m, _ := chat[who].(map[string]any); m == nil || m["id"] != userDON(1) || m["display_id"] != "DEVU-1" {
			t.Errorf("%s = %v, want the authenticated user", who, chat[who])
		}
	}
	// What the API does not return, the fake still keeps.
	kept := s.State().Chats[0]
	if r, _ := kept["records"].([]string); len(r) != 1 || r[0] != "don:core:dvrv-us-1:devo/demo:issue/1" {
		t.Errorf("kept records = %#v", kept["records"])
	}
	if kept["is_default"] != true {
		t.Errorf("kept is_default = %v, want true", kept["is_default"])
	}
	if g, ok := chat["groups"].([]any); !ok || len(g) != 0 {
		t.Errorf("groups = %#v, want an empty list", chat["groups"])
	}
	// Custom fields keep large numbers exactly.
	raw, _ := json.Marshal(s.State().Chats[0]["custom_fields"])
	if string(raw) != `{"tnt__n":12345678901234567890,"tnt__s":"x"}` {
		t.Errorf("custom_fields = %s", raw)
	}
	if got := s.RequestCount(RouteChatsCreate); got != 1 {
		t.Errorf("create requests = %d, want 1", got)
	}
}

func TestDevRevChats_createWithoutTitleOmitsIt(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	chat := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1"]}`)
	if _, ok := chat["title"]; ok {
		t.Errorf("title present without being set: %v", chat)
	}
	if _, ok := chat["custom_fields"]; ok {
		t.Errorf("custom_fields present without being set: %v", chat)
	}
}

func TestDevRevChats_createValidation(t *testing.T) {
	t.Parallel()
	users17 := make([]string, 17)
	records17 := make([]string, 17)
	for i := range users17 {
		users17[i] = userDisplayID(i + 1)
		records17[i] = "ISS-" + string(rune('a'+i))
	}
	j := func(v any) string { b, _ := json.Marshal(v); return string(b) }

	tests := []struct {
		name, body, wantType, wantField string
	}{
		{"not an object", `[1]`, "bad_request", ""},
		{"not JSON", `{`, "bad_request", ""},
		{"type missing", `{"users":["DEVU-1"]}`, "missing_required_field", "type"},
		{"type not dm", `{"type":"group","users":["DEVU-1"]}`, "invalid_enum_value", "type"},
		{"type not a string", `{"type":1,"users":["DEVU-1"]}`, "unexpected_json_type", "type"},
		{"users missing", `{"type":"dm"}`, "missing_required_field", "users"},
		{"users empty", `{"type":"dm","users":[]}`, "invalid_field", "users"},
		{"users 17", `{"type":"dm","users":` + j(users17) + `}`, "invalid_field", "users"},
		{"users not a list", `{"type":"dm","users":"DEVU-1"}`, "unexpected_json_type", "users"},
		{"user not a string", `{"type":"dm","users":[1]}`, "unexpected_json_type", "users"},
		{"user unknown", `{"type":"dm","users":["DEVU-1","DEVU-99"]}`, "invalid_id", "users"},
		{"user malformed", `{"type":"dm","users":["DEVU-1","bob"]}`, "invalid_id", "users"},
		{"auth user missing", `{"type":"dm","users":["DEVU-2","DEVU-3"]}`, "invalid_field", "users"},
		{"records 17", `{"type":"dm","users":["DEVU-1"],"records":` + j(records17) + `}`, "invalid_field", "records"},
		{"record empty", `{"type":"dm","users":["DEVU-1"],"records":[""]}`, "invalid_id", "records"},
		{"title not a string", `{"type":"dm","users":["DEVU-1"],"title":5}`, "unexpected_json_type", "title"},
		{"custom_fields not an object", `{"type":"dm","users":["DEVU-1"],"custom_fields":"{}"}`, "unexpected_json_type", "custom_fields"},
		{"custom_fields a list", `{"type":"dm","users":["DEVU-1"],"custom_fields":[]}`, "unexpected_json_type", "custom_fields"},
		{"is_default not a bool", `{"type":"dm","users":["DEVU-1"],"is_default":"yes"}`, "unexpected_json_type", "is_default"},
		{"get_if_conflict not a bool", `{"type":"dm","users":["DEVU-1"],"get_if_conflict":1}`, "unexpected_json_type", "get_if_conflict"},
		{"custom_schema_spec apps", `{"type":"dm","users":["DEVU-1"],"custom_schema_spec":{"apps":"a"}}`, "unexpected_json_type", "custom_schema_spec.apps"},
		{"custom_schema_spec tenant_fragment", `{"type":"dm","users":["DEVU-1"],"custom_schema_spec":{"tenant_fragment":"yes"}}`, "unexpected_json_type", "custom_schema_spec.tenant_fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newChatTestServer(t)
			code, out := chatCall(t, s, "POST", "/chats.create", tt.body)
			if code != http.StatusBadRequest {
				t.Fatalf("status = %d %v, want 400", code, out)
			}
			if out["type"] != tt.wantType {
				t.Errorf("type = %v, want %s (%v)", out["type"], tt.wantType, out)
			}
			if msg, _ := out["message"].(string); msg == "" {
				t.Errorf("no message: %v", out)
			}
			if tt.wantField != "" && out["field_name"] != tt.wantField {
				t.Errorf("field_name = %v, want %s", out["field_name"], tt.wantField)
			}
			checkChatErrorSubtype(t, out)
			if n := len(s.State().Chats); n != 0 {
				t.Errorf("a rejected create stored %d chat(s)", n)
			}
		})
	}
}

// checkChatErrorSubtype checks the required fields of the spec's
// error-bad-request-* subtype named by the body's type.
func checkChatErrorSubtype(t *testing.T, out map[string]any) {
	t.Helper()
	required := map[string][]string{
		"invalid_field":          {"field_name"},
		"invalid_id":             {"field_name"},
		"missing_required_field": {"field_name"},
		"invalid_enum_value":     {"allowed_values", "field_name", "value"},
		"unexpected_json_type":   {"actual", "expected", "field_name"},
	}
	for _, f := range required[out["type"].(string)] {
		if _, ok := out[f]; !ok {
			t.Errorf("%s error without required %s: %v", out["type"], f, out)
		}
	}
	if out["type"] == "bad_request" && len(out) != 2 {
		t.Errorf("bad_request allows no fields beyond type and message: %v", out)
	}
}

func TestDevRevChats_defaultDMConflict(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	first := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"first"}`)

	// The same set of users, in the other id form and order, with a duplicate.
	same := `"users":["don:identity:dvrv-us-1:devo/demo:devu/2","DEVU-1","devu-2"]`
	code, out := chatCall(t, s, "POST", "/chats.create", `{"type":"dm",`+same+`}`)
	if code != http.StatusConflict || out["type"] != "conflict" || out["message"] == "" {
		t.Fatalf("second default DM = %d %v, want 409 conflict", code, out)
	}
	code, out = chatCall(t, s, "POST", "/chats.create", `{"type":"dm",`+same+`,"get_if_conflict":false}`)
	if code != http.StatusConflict {
		t.Fatalf("get_if_conflict=false = %d %v, want 409", code, out)
	}
	code, out = chatCall(t, s, "POST", "/chats.create", `{"type":"dm",`+same+`,"title":"other","get_if_conflict":true}`)
	if code != http.StatusCreated {
		t.Fatalf("get_if_conflict=true = %d %v, want 201", code, out)
	}
	if got := chatOf(t, out); got["id"] != first["id"] || got["title"] != "first" {
		t.Errorf("get_if_conflict returned %v, want the existing chat unchanged", got)
	}
	// A non-default DM of the same users is a new chat; so is a superset.
	mustCreateChat(t, s, `{"type":"dm",`+same+`,"is_default":false}`)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2","DEVU-3"]}`)
	if n := len(s.State().Chats); n != 3 {
		t.Errorf("chats = %d, want 3", n)
	}
}

func TestDevRevChats_get(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	created := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-4"]}`)

	for _, id := range []string{"don:core:dvrv-us-1:devo/demo:dm/1", "DM-1", "dm-1"} {
		code, out := chatCall(t, s, "GET", "/chats.get?id="+id, "")
		if code != http.StatusOK || chatOf(t, out)["id"] != created["id"] {
			t.Errorf("GET id=%s = %d %v", id, code, out)
		}
		code, out = chatCall(t, s, "POST", "/chats.get", `{"id":"`+id+`"}`)
		if code != http.StatusOK || chatOf(t, out)["display_id"] != "DM-1" {
			t.Errorf("POST id=%s = %d %v", id, code, out)
		}
	}
	for _, id := range []string{"DM-2", "don:core:dvrv-us-1:devo/demo:dm/9"} {
		code, out := chatCall(t, s, "GET", "/chats.get?id="+id, "")
		if code != http.StatusNotFound || out["type"] != "not_found" || out["message"] == "" {
			t.Errorf("GET id=%s = %d %v, want 404 not_found", id, code, out)
		}
	}
	code, out := chatCall(t, s, "GET", "/chats.get?id=bogus", "")
	if code != http.StatusBadRequest || out["type"] != "invalid_id" {
		t.Errorf("GET id=bogus = %d %v, want 400 invalid_id", code, out)
	}
	code, out = chatCall(t, s, "GET", "/chats.get", "")
	if code != http.StatusBadRequest || out["type"] != "missing_required_field" || out["field_name"] != "id" {
		t.Errorf("GET without id = %d %v", code, out)
	}
}

func TestDevRevChats_getPostByUsers(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-4"],"is_default":false}`)
	def := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-4"]}`)

	code, out := chatCall(t, s, "POST", "/chats.get", `{"type":"dm","users":["don:identity:dvrv-us-1:devo/demo:devu/4","DEVU-1"]}`)
	if code != http.StatusOK || chatOf(t, out)["id"] != def["id"] {
		t.Errorf("DM of users = %d %v, want the default DM %v", code, out, def["id"])
	}
	code, out = chatCall(t, s, "POST", "/chats.get", `{"type":"dm","users":["DEVU-1","DEVU-5"]}`)
	if code != http.StatusNotFound || out["type"] != "not_found" {
		t.Errorf("DM of users without one = %d %v, want 404", code, out)
	}
	code, out = chatCall(t, s, "POST", "/chats.get", `{"type":"dm","users":["DEVU-4"]}`)
	if code != http.StatusBadRequest || out["field_name"] != "users" {
		t.Errorf("DM without the authenticated user = %d %v, want 400", code, out)
	}
	code, out = chatCall(t, s, "POST", "/chats.get", `{"type":"dm"}`)
	if code != http.StatusBadRequest || out["type"] != "missing_required_field" {
		t.Errorf("DM without users = %d %v, want 400", code, out)
	}
	code, out = chatCall(t, s, "POST", "/chats.get", `{}`)
	if code != http.StatusBadRequest || out["field_name"] != "id" {
		t.Errorf("empty get = %d %v, want 400 for the id", code, out)
	}
}

func TestDevRevChats_update(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	created := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"old","records":["ISS-1"],
		"custom_fields":{"tnt__a":1,"tnt__b":2},"custom_schema_spec":{"tenant_fragment":true}}`)

	code, out := chatCall(t, s, "POST", "/chats.update", `{"type":"dm","id":"DM-1","title":"new","users":{"set":["DEVU-1","DEVU-3"]},
		"records":{"set":["ISS-2","ISS-3"]},"custom_fields":{"tnt__b":null,"tnt__c":"x"},"custom_schema_spec":{"tenant_fragment":true}}`)
	if code != http.StatusOK {
		t.Fatalf("update = %d %v", code, out)
	}
	chat := chatOf(t, out)
	if chat["title"] != "new" || chat["id"] != created["id"] {
		t.Errorf("title/id = %v/%v", chat["title"], chat["id"])
	}
	users := chat["users"].([]any)
	if len(users) != 2 || users[1].(map[string]any)["display_id"] != "DEVU-3" {
		t.Errorf("users = %v", users)
	}
	for _, hidden := range []string{"records", "is_default", "custom_fields"} {
		if _, ok := chat[hidden]; ok {
			t.Errorf("the update's answer has %s, which the spec's dm does not declare: %v", hidden, chat)
		}
	}
	kept := s.State().Chats[0]
	if r := kept["records"].([]string); len(r) != 2 || r[0] != "ISS-2" {
		t.Errorf("kept records = %v", r)
	}
	if cf := kept["custom_fields"].(map[string]json.RawMessage); len(cf) != 2 || string(cf["tnt__a"]) != "1" || string(cf["tnt__c"]) != `"x"` {
		t.Errorf("kept custom_fields = %v, want tnt__a kept, tnt__b removed, tnt__c added", cf)
	}
	if chat["modified_date"] == created["modified_date"] || chat["created_date"] != created["created_date"] {
		t.Errorf("dates created %v modified %v (was %v)", chat["created_date"], chat["modified_date"], created["modified_date"])
	}

	// Only what is sent changes; an empty records.set clears; "" clears the title.
	code, out = chatCall(t, s, "POST", "/chats.update", `{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/1","records":{"set":[]},"title":""}`)
	if code != http.StatusOK {
		t.Fatalf("update = %d %v", code, out)
	}
	chat = chatOf(t, out)
	if _, ok := chat["title"]; ok || len(s.State().Chats[0]["records"].([]string)) != 0 || len(chat["users"].([]any)) != 2 {
		t.Errorf("after clearing: %v", chat)
	}
	if n := s.RequestCount(RouteChatsUpdate); n != 2 {
		t.Errorf("update requests = %d, want 2", n)
	}
}

func TestDevRevChats_updateValidation(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"t"}`)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-3"]}`)
	before := s.State().Chats

	tests := []struct {
		name, body     string
		status         int
		typ, fieldName string
	}{
		{"id missing", `{"title":"x"}`, 400, "missing_required_field", "id"},
		{"id unknown", `{"id":"DM-9","title":"x"}`, 404, "not_found", ""},
		{"id malformed", `{"id":"chat-1","title":"x"}`, 400, "invalid_id", "id"},
		{"users without type", `{"id":"DM-1","users":{"set":["DEVU-1"]}}`, 400, "missing_required_field", "type"},
		{"users drop auth user", `{"type":"dm","id":"DM-1","users":{"set":["DEVU-2"]}}`, 400, "invalid_field", "users.set"},
		{"users empty", `{"type":"dm","id":"DM-1","users":{"set":[]}}`, 400, "invalid_field", "users.set"},
		{"users without set", `{"type":"dm","id":"DM-1","users":{}}`, 400, "missing_required_field", "users.set"},
		{"users unknown", `{"type":"dm","id":"DM-1","users":{"set":["DEVU-1","DEVU-77"]}}`, 400, "invalid_id", "users.set"},
		{"users collide with another default DM", `{"type":"dm","id":"DM-1","users":{"set":["DEVU-3","DEVU-1"]}}`, 409, "conflict", ""},
		{"title not a string", `{"id":"DM-1","title":false}`, 400, "unexpected_json_type", "title"},
		{"custom_fields not an object", `{"id":"DM-1","custom_fields":1}`, 400, "unexpected_json_type", "custom_fields"},
		{"type not dm", `{"type":"channel","id":"DM-1","title":"x"}`, 400, "invalid_enum_value", "type"},
	}
	for _, tt := range tests {
		code, out := chatCall(t, s, "POST", "/chats.update", tt.body)
		if code != tt.status || out["type"] != tt.typ {
			t.Errorf("%s: %d %v, want %d %s", tt.name, code, out, tt.status, tt.typ)
			continue
		}
		if tt.fieldName != "" && out["field_name"] != tt.fieldName {
			t.Errorf("%s: field_name = %v, want %s", tt.name, out["field_name"], tt.fieldName)
		}
		if code == 400 {
			checkChatErrorSubtype(t, out)
		}
	}
	after, _ := json.Marshal(s.State().Chats)
	was, _ := json.Marshal(before)
	if string(after) != string(was) {
		t.Errorf("rejected updates changed state:\n%s\nwas\n%s", after, was)
	}
}

func TestDevRevChats_snapshotAndOutOfBandDelete(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	for _, u := range []string{"DEVU-2", "DEVU-3", "DEVU-4"} {
		mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","`+u+`"]}`)
	}
	ids := func() []any {
		var out []any
		for _, c := range s.State().Chats {
			out = append(out, c["display_id"])
		}
		return out
	}
	if got := ids(); len(got) != 3 || got[0] != "DM-1" || got[2] != "DM-3" {
		t.Fatalf("snapshot = %v, want oldest first", got)
	}

	del := func(id string) int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("DELETE", "/__mock/devrev/chats/"+id, nil))
		return rec.Code
	}
	if code := del("DM-2"); code != http.StatusNoContent {
		t.Errorf("delete by display id = %d", code)
	}
	if code := del("don:core:dvrv-us-1:devo/demo:dm/3"); code != http.StatusNoContent {
		t.Errorf("delete by DON id = %d", code)
	}
	if code := del("DM-2"); code != http.StatusNotFound {
		t.Errorf("second delete = %d, want 404", code)
	}
	if got := ids(); len(got) != 1 || got[0] != "DM-1" {
		t.Errorf("after deletes = %v", got)
	}
	if code, out := chatCall(t, s, "GET", "/chats.get?id=DM-2", ""); code != http.StatusNotFound {
		t.Errorf("deleted chat answered %d %v", code, out)
	}
	// Numbers are not reused: a new chat gets the next one.
	if c := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-5"]}`); c["display_id"] != "DM-4" {
		t.Errorf("new chat after delete = %v, want DM-4", c["display_id"])
	}
	// The control API is not counted as API requests.
	if n := s.Requests().Total; n != 5 {
		t.Errorf("requests total = %d, want 5", n)
	}
}

func TestDevRevChats_lostResponseThenGetIfConflict(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	s.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: RouteChatsCreate, Status: 503, AfterCommit: true}}})
	code, out := chatCall(t, s, "POST", "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	if code != http.StatusServiceUnavailable {
		t.Fatalf("faulted create = %d %v, want 503", code, out)
	}
	// The retry a client sends after a lost response adopts the committed chat.
	chat := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"],"get_if_conflict":true}`)
	if chat["display_id"] != "DM-1" {
		t.Errorf("retry answered %v, want DM-1", chat["display_id"])
	}
	if n := len(s.State().Chats); n != 1 {
		t.Errorf("chats = %d, want 1", n)
	}
}

func TestDevRevChats_unauthenticated(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	req := httptest.NewRequest("POST", Prefix+"/chats.create", strings.NewReader(`{"type":"dm","users":["DEVU-1"]}`))
	req.Header.Set("Authorization", "Bearer wrong")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"unauthenticated"`) {
		t.Errorf("wrong token = %d %s", rec.Code, rec.Body.String())
	}
	if n := len(s.State().Chats); n != 0 {
		t.Errorf("unauthenticated create stored %d chat(s)", n)
	}
}

func TestDevRevChats_customFieldsNeedTheirSchema(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fields, spec string
		ok                 bool
	}{
		{"no spec", `{"tnt__a":1}`, ``, false},
		{"tenant field, tenant fragment", `{"tnt__a":1}`, `{"tenant_fragment":true}`, true},
		{"tenant field, tenant fragment false", `{"tnt__a":1}`, `{"tenant_fragment":false}`, false},
		{"tenant field, only a subtype", `{"tnt__a":1}`, `{"subtype":"incident"}`, false},
		{"subtype field, subtype", `{"ctype__a":1}`, `{"subtype":"incident"}`, true},
		{"subtype field, tenant fragment", `{"ctype__a":1}`, `{"tenant_fragment":true}`, false},
		{"app field, app listed", `{"slack__a":1}`, `{"apps":["slack"]}`, true},
		{"app field, other app", `{"slack__a":1}`, `{"apps":["jira"]}`, false},
		{"field of no fragment", `{"team":"ops"}`, `{"tenant_fragment":true,"apps":["team"]}`, false},
		{"one of two fields uncovered", `{"tnt__a":1,"ctype__b":2}`, `{"tenant_fragment":true}`, false},
		{"both covered", `{"tnt__a":1,"ctype__b":2}`, `{"tenant_fragment":true,"subtype":"incident"}`, true},
		{"no fields, no spec", `{}`, ``, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newChatTestServer(t)
			spec := ""
			if tc.spec != "" {
				spec = `,"custom_schema_spec":` + tc.spec
			}
			code, out := chatCall(t, s, "POST", "/chats.create", `{"type":"dm","users":["DEVU-1"],"custom_fields":`+tc.fields+spec+`}`)
			if tc.ok {
				if code != http.StatusCreated {
					t.Fatalf("create = %d %v, want 201", code, out)
				}
			} else {
				if code != http.StatusBadRequest || out["type"] != "bad_request" || !strings.Contains(out["message"].(string), "schema") {
					t.Fatalf("create = %d %v, want 400 bad_request saying the schema is missing", code, out)
				}
				if len(s.State().Chats) != 0 {
					t.Fatal("a refused create stored a chat")
				}
			}
			// The same rule holds for an update, removals included.
			mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
			id := s.State().Chats[len(s.State().Chats)-1]["id"].(string)
			code, out = chatCall(t, s, "POST", "/chats.update", `{"type":"dm","id":"`+id+`","custom_fields":`+tc.fields+spec+`}`)
			if want := map[bool]int{true: http.StatusOK, false: http.StatusBadRequest}[tc.ok]; code != want {
				t.Fatalf("update = %d %v, want %d", code, out, want)
			}
		})
	}
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1"],"custom_fields":{"tnt__a":1},"custom_schema_spec":{"tenant_fragment":true}}`)
	if code, out := chatCall(t, s, "POST", "/chats.update", `{"type":"dm","id":"DM-1","custom_fields":{"tnt__a":null}}`); code != http.StatusBadRequest {
		t.Errorf("removing a field without its schema = %d %v, want 400", code, out)
	}
}

func TestServer_keepsRequestBodies(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	chatCall(t, s, "POST", "/chats.update", `{"type":"dm","id":"DM-1","title":"x"}`)
	chatCall(t, s, "POST", "/chats.update", `not json`)
	chatCall(t, s, "GET", "/chats.get?id=DM-1", "")

	got := s.RequestBodies(RouteChatsUpdate)
	if len(got) != 2 || string(got[0]) != `{"type":"dm","id":"DM-1","title":"x"}` || string(got[1]) != `"not json"` {
		t.Errorf("update bodies = %s, want the JSON body as sent and the other as a string", got)
	}
	if got := s.RequestBodies(RouteChatsGet); len(got) != 0 {
		t.Errorf("a GET without a body kept %s", got)
	}

	// The control API gives the same, for one route or all.
	ctl := func(query string) mockapi.RequestCounts {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/__mock/requests"+query, nil))
		var out mockapi.RequestCounts
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("GET /__mock/requests%s: %v", query, err)
		}
		return out
	}
	if out := ctl(""); out.Bodies != nil {
		t.Errorf("bodies sent unasked: %v", out.Bodies)
	}
	if out := ctl("?bodies=POST%20/devrev/chats.create"); len(out.Bodies) != 1 || len(out.Bodies[RouteChatsCreate]) != 1 {
		t.Errorf("bodies of one route = %v", out.Bodies)
	}
	if out := ctl("?bodies=all"); len(out.Bodies) != 2 || len(out.Bodies[RouteChatsUpdate]) != 2 {
		t.Errorf("bodies of every route = %v", out.Bodies)
	}
	s.ResetRequests()
	if got := s.RequestBodies(RouteChatsUpdate); len(got) != 0 {
		t.Errorf("after a reset: %s", got)
	}
}
