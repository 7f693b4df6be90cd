package client

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUnixTimeUnmarshalJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2020, 10, 28, 6, 0, 0, 0, time.UTC)
	cases := []struct {
		in    string
		want  time.Time
		valid bool
	}{
		{`1603864800`, at, true},
		{`"1603864800"`, at, true},
		{`"1603864800.000"`, at, true},
		{`"1603864800.25"`, at.Add(250 * time.Millisecond), true},
		{`1603864800.5`, at.Add(500 * time.Millisecond), true},
		{`1.6038648e9`, at, true},
		{`" 1603864800 "`, at, true},
		{`null`, time.Time{}, false},
		{`""`, time.Time{}, false},
		{`0`, time.Unix(0, 0).UTC(), true},
	}
	for _, tc := range cases {
		var u UnixTime
		if err := json.Unmarshal([]byte(tc.in), &u); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if u.Valid != tc.valid || !u.Time.Equal(tc.want) {
			t.Errorf("%s: got %v (valid %v), want %v (valid %v)", tc.in, u.Time, u.Valid, tc.want, tc.valid)
		}
	}
	for _, bad := range []string{`"yesterday"`, `true`, `{}`, `"12:00"`, `"1.2.3"`, `"1e400"`} {
		var u UnixTime
		if err := json.Unmarshal([]byte(bad), &u); err == nil {
			t.Errorf("%s: accepted as %v", bad, u.Time)
		}
	}
}

func TestUnixTimeInStruct(t *testing.T) {
	t.Parallel()
	var v struct {
		A UnixTime `json:"a"`
		B UnixTime `json:"b"`
		C UnixTime `json:"c"`
	}
	if err := json.Unmarshal([]byte(`{"a": 1603864800, "b": "1603864800.000"}`), &v); err != nil {
		t.Fatal(err)
	}
	if !v.A.Valid || !v.B.Valid || v.C.Valid || !v.A.Time.Equal(v.B.Time) {
		t.Errorf("got %+v", v)
	}
	if got := v.A.RFC3339(); got != "2020-10-28T06:00:00Z" {
		t.Errorf("RFC3339 = %q", got)
	}
	if got := v.C.RFC3339(); got != "" {
		t.Errorf("RFC3339 of null = %q", got)
	}
}

func TestHelpCrunchAgentsUnmarshalJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []int64
	}{
		{`[{"id": 1, "name": "A"}, {"id": 2}]`, []int64{1, 2}},
		{`{"id": 7, "name": "Solo", "email": null}`, []int64{7}},
		{`[]`, nil},
		{`null`, nil},
	} {
		var a HelpCrunchAgents
		if err := json.Unmarshal([]byte(tc.in), &a); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		var got []int64
		for _, agent := range a {
			got = append(got, agent.ID)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%s: ids %v, want %v", tc.in, got, tc.want)
		}
	}
	var a HelpCrunchAgents
	if err := json.Unmarshal([]byte(`"agent"`), &a); err == nil {
		t.Error("a string was accepted as agents")
	}
}

func TestHelpCrunchChatDecodesEveryDocumentedShape(t *testing.T) {
	t.Parallel()
	// One chat in the older docs' shape (numbers, single agent) and one in
	// the newer (strings, fractional strings, agent list).
	older := `{"id": 5214000, "status": "onhold", "createdAt": 1603864800, "closedBy": null, "closedAt": null,
		"rating": null, "lastCustomerMessageAt": null, "lastMessageAt": 1603864900, "snoozedUntil": null,
		"lastMessageText": "hi", "lastMessageId": 12, "lastCommunicatedAgentId": 4188, "notes": "vip",
		"agents": {"id": 4188, "name": "Ann", "email": "ann@example.com", "role": "admin"},
		"customer": {"id": 8738438, "name": "Bob", "email": "bob@example.com", "userId": null},
		"assignee": {"id": 4188}, "department": null}`
	newer := `{"id": 5215752, "status": "closed", "createdAt": "1603864800", "closedBy": "agent", "closedAt": "1603864860.000",
		"rating": "great", "lastCustomerMessageAt": "1603864850", "lastMessageAt": "1603864855.500", "snoozedUntil": null,
		"lastMessageText": null, "lastMessageId": null, "lastCommunicatedAgentId": null, "applicationId": 3838,
		"agents": [{"id": 1}, {"id": 2}], "customer": {"id": 1, "name": null, "email": null},
		"assignee": null, "department": {"id": 233048, "name": "Sales"}}`
	var a, b HelpCrunchChat
	if err := json.Unmarshal([]byte(older), &a); err != nil {
		t.Fatalf("older: %v", err)
	}
	if err := json.Unmarshal([]byte(newer), &b); err != nil {
		t.Fatalf("newer: %v", err)
	}
	if len(a.Agents) != 1 || a.Agents[0].ID != 4188 || a.ClosedAt.Valid || a.LastMessageAt.RFC3339() != "2020-10-28T06:01:40Z" || a.Assignee.ID != 4188 || a.Department != nil {
		t.Errorf("older chat decoded as %+v", a)
	}
	if len(b.Agents) != 2 || b.ClosedAt.RFC3339() != "2020-10-28T06:01:00Z" || b.LastMessageAt.RFC3339() != "2020-10-28T06:00:55.5Z" ||
		*b.ApplicationID != 3838 || *b.Rating != "great" || *b.ClosedBy != "agent" || b.Assignee != nil || b.Department.ID != 233048 {
		t.Errorf("newer chat decoded as %+v", b)
	}
}

func TestHelpCrunchStatusSpellings(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]string{{"on hold", "onhold"}, {"on-hold", "onhold"}, {"On Hold", "on-hold"}, {"no communication", "no-communication"}} {
		if !HelpCrunchStatusEqual(pair[0], pair[1]) {
			t.Errorf("%q and %q should be equal", pair[0], pair[1])
		}
	}
	for _, pair := range [][2]string{{"open", "opened"}, {"new", "empty"}, {"closed", "on hold"}} {
		if HelpCrunchStatusEqual(pair[0], pair[1]) {
			t.Errorf("%q and %q should differ", pair[0], pair[1])
		}
	}
	for in, want := range map[string]string{"onhold": "on hold", "on-hold": "on hold", "on hold": "on hold",
		"no-communication": "no communication", "Opened": "opened", "empty": "empty", "Weird": "weird"} {
		if got := CanonicalHelpCrunchStatus(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
	if len(HelpCrunchStatuses) != len(HelpCrunchSettableStatuses)+1 {
		t.Errorf("statuses %v", HelpCrunchStatuses)
	}
}

func TestDecodeHelpCrunchError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body, code, message string
		items               int
	}{
		{`{"errors": [{"code": "invalid_token", "message": "Bad key"}]}`, "invalid_token", "Bad key", 1},
		{`{"errors": [{"code": "unauthorized", "message": "No"}, {"code": 42, "message": "second"}]}`, "unauthorized", "No", 2},
		{`{"errors": {"code": "chat_not_found", "message": "Gone"}}`, "chat_not_found", "Gone", 1},
		{`{"errors": ["customer is required"]}`, "", "customer is required", 1},
		{`{"message": "Server Error"}`, "", "Server Error", 0},
		{`{"error": "oops"}`, "", "oops", 0},
	} {
		var e APIError
		decodeHelpCrunchError(&e, []byte(tc.body))
		if e.Type != tc.code || e.Message != tc.message || len(e.Errors) != tc.items {
			t.Errorf("%s: type %q message %q items %d", tc.body, e.Type, e.Message, len(e.Errors))
		}
	}
}

func TestHelpCrunchErrorsByStatusNotCode(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	codes := map[string][2]any{
		"/chats/1": {http.StatusNotFound, "not_found"},
		"/chats/2": {http.StatusNotFound, "chat_not_found"},
		"/chats/3": {http.StatusUnauthorized, "invalid_token"},
		"/chats/4": {http.StatusUnauthorized, "unauthorized"},
	}
	for path, sc := range codes {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			helpcrunchTestError(w, sc[0].(int), sc[1].(string), "The thing failed.")
		})
	}
	for id, want := range map[int64]func(error) bool{1: IsNotFound, 2: IsNotFound, 3: IsUnauthorized, 4: IsUnauthorized} {
		_, err := c.Chats.Get(t.Context(), id)
		if !want(err) {
			t.Errorf("chat %d: %v not classified by its status", id, err)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Message != "The thing failed." || !strings.Contains(err.Error(), "The thing failed.") {
			t.Errorf("chat %d: error %v lacks the API's message", id, err)
		}
		if strings.Contains(err.Error(), testToken) {
			t.Errorf("error carries the API key: %v", err)
		}
	}
}
