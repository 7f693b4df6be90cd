package devrev

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestConversationsUpdate_appliesEveryField(t *testing.T) {
	s := newConvTestServer(t, 0)
	code, out := call(t, s, "POST", "/devrev/conversations.create", `{"type":"support","title":"Old","members":["DEVU-1"]}`)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	id := out["conversation"].(map[string]any)["id"].(string)

	code, out = call(t, s, "POST", "/devrev/conversations.update", map[string]any{
		"id": id, "title": "New", "description": "D", "group": "GROUP-2",
		"members":  map[string]any{"set": []string{"DEVU-1", "DEVU-3"}},
		"owned_by": map[string]any{"set": []string{"DEVU-3"}},
		"channels": map[string]any{"set": []string{"ECC-2"}},
		"stage":    map[string]any{"name": "resolved"},
		"tags":     map[string]any{"set": []map[string]any{{"id": "TAG-5", "value": "p0"}}},
		"is_spam":  true, "is_frozen": true,
		"custom_fields": map[string]any{"tnt__tier": "gold"}, "custom_schema_spec": map[string]any{"tenant_fragment": true},
	})
	if code != http.StatusOK {
		t.Fatalf("update: %d %v", code, out)
	}
	c := out["conversation"].(map[string]any)
	if c["title"] != "New" || c["description"] != "D" || c["stage"].(map[string]any)["name"] != "resolved" ||
		c["group"].(map[string]any)["display_id"] != "GROUP-2" || len(c["members"].([]any)) != 2 ||
		len(c["owned_by"].([]any)) != 1 || len(c["channels"].([]any)) != 1 || len(c["tags"].([]any)) != 1 {
		t.Errorf("updated conversation = %v", c)
	}
	for _, undeclared := range []string{"custom_fields", "is_spam", "is_frozen", "state"} {
		if _, ok := c[undeclared]; ok {
			t.Errorf("the answer carries %q, which the spec's conversation does not declare", undeclared)
		}
	}
	hidden := s.State().Conversations[0]["filter_fields"].(map[string]any)
	if hidden["is_spam"] != true || hidden["is_frozen"] != true || hidden["state"] != "closed" || hidden["custom_fields"] == nil {
		t.Errorf("stored filter fields = %v", hidden)
	}
	// The updated conversation is found by the list filters on its new values.
	for _, f := range []map[string]any{
		{"is_frozen": true}, {"stage": map[string]any{"name": []string{"resolved"}}}, {"members": []string{"DEVU-3"}}, {"group": []string{"GROUP-2"}},
	} {
		if got := listAllIDs(t, s, f); !slices.Equal(got, []string{id}) {
			t.Errorf("list %v = %v, want [%s]", f, got, id)
		}
	}
}

func TestConversationsUpdate_refusals(t *testing.T) {
	s := newConvTestServer(t, 1)
	for _, tc := range []struct {
		body string
		code int
		typ  string
	}{
		{`{"title":"x"}`, 400, "missing_required_field"},
		{`{"id":"CONV-99","title":"x"}`, 404, "not_found"},
		{`{"id":"CONV-1","stage":{"name":"nowhere"}}`, 400, "invalid_field"},
		{`{"id":"CONV-1","members":{"set":[]}}`, 400, "invalid_field"},
		{`{"id":"CONV-1","members":{"set":["DEVU-99"]}}`, 400, "invalid_id"},
		{`{"id":"CONV-1","group":""}`, 400, "invalid_id"},
		{`{"id":"CONV-1","tags":{"set":[{"id":"TAG-1","value":"v"}]}}`, 400, "value_not_permitted"},
		{`{"id":"CONV-1","tags":{"set":[{"id":"TAG-1"},{"id":"TAG-1"}]}}`, 400, "invalid_field"},
		{`{"id":"CONV-1","custom_fields":{"tnt__x":1}}`, 400, "bad_request"},
		{`{"id":"CONV-1","status":"sleeping"}`, 400, "invalid_enum_value"},
	} {
		before := s.State().Conversations[0]
		code, out := call(t, s, "POST", "/devrev/conversations.update", tc.body)
		if code != tc.code || out["type"] != tc.typ {
			t.Errorf("%s: %d %v, want %d %s", tc.body, code, out, tc.code, tc.typ)
		}
		if after := s.State().Conversations[0]; after["modified_date"] != before["modified_date"] {
			t.Errorf("%s: a refused update changed the conversation", tc.body)
		}
	}
}

func TestConversationsCreate_customFieldsNeedTheirSchema(t *testing.T) {
	s := newConvTestServer(t, 0)
	code, out := call(t, s, "POST", "/devrev/conversations.create", `{"type":"support","custom_fields":{"tnt__x":1}}`)
	if code != http.StatusBadRequest || out["type"] != "bad_request" {
		t.Errorf("create = %d %v, want 400 bad_request", code, out)
	}
	if n := len(s.State().Conversations); n != 0 {
		t.Errorf("%d conversations stored, want 0", n)
	}
}

func TestConversationsDelete(t *testing.T) {
	s := newConvTestServer(t, 3)
	code, out := call(t, s, "POST", "/devrev/conversations.delete", `{"id":"CONV-2"}`)
	if code != http.StatusOK || len(out) != 0 {
		t.Fatalf("delete = %d %v, want 200 {}", code, out)
	}
	if code, _ := call(t, s, "GET", "/devrev/conversations.get?id=CONV-2", nil); code != http.StatusNotFound {
		t.Errorf("get after delete = %d, want 404", code)
	}
	if code, _ := call(t, s, "POST", "/devrev/conversations.delete", `{"id":"CONV-2"}`); code != http.StatusNotFound {
		t.Errorf("second delete = %d, want 404", code)
	}
	if got := listAllIDs(t, s, map[string]any{}); len(got) != 2 || slices.Contains(got, conversationDON(2)) {
		t.Errorf("list after delete = %v", got)
	}

	// Out of band, through the control API.
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("DELETE", "/__mock/devrev/conversations/"+conversationDON(3), nil))
	if rec.Code != http.StatusNoContent {
		t.Errorf("control delete = %d", rec.Code)
	}
	if code, _ := call(t, s, "GET", "/devrev/conversations.get?id=CONV-3", nil); code != http.StatusNotFound {
		t.Errorf("get after control delete = %d, want 404", code)
	}
	if n := s.RequestCount(RouteConversationsDelete); n != 2 {
		t.Errorf("conversations.delete counted %d times, want 2", n)
	}
}
