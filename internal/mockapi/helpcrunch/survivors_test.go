package helpcrunch

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

// These tests pin HelpCrunch behaviour that mutation testing (issue 13)
// found no test for.

// The default fixtures make agent 1 the admin and the others agents.
func TestHelpCrunchDefaultAgentRoles(t *testing.T) {
	t.Parallel()
	agents := DefaultFixtures().Agents
	if len(agents) < 2 || agents[0].Role != "admin" || agents[1].Role != "agent" {
		t.Errorf("agents = %+v, want 1 admin then agents", agents)
	}
}

// Rendering: a closed fixture chat without closed_at is closed when it was
// created, an open one has no closedAt; the customer's userId is shown when
// set; lastMessageId exists only once the chat has a message.
func TestHelpCrunchRenderOptionalFields(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = []ChatFixture{
		{ID: 1, Customer: 1, Application: 1, Status: "closed", CreatedAt: 1700000000},
		{ID: 2, Customer: 2, Application: 1, Status: "opened", CreatedAt: 1700000000, LastMessageText: "hi", LastMessageAt: 1700000100},
	}
	f := newHCFake(t, fx)
	_, closed := f.do("GET", "/chats/1", nil)
	_, open := f.do("GET", "/chats/2", nil)
	if closed["closedAt"] == nil || closed["closedAt"] != closed["createdAt"] || open["closedAt"] != nil {
		t.Errorf("closedAt: closed chat %v (created %v), open chat %v", closed["closedAt"], closed["createdAt"], open["closedAt"])
	}
	if cust, _ := open["customer"].(map[string]any); cust["userId"] != "cust-2" {
		t.Errorf("customer = %v, want userId cust-2", open["customer"])
	}
	if closed["lastMessageId"] != nil || open["lastMessageId"] == nil {
		t.Errorf("lastMessageId: without messages %v, with one %v", closed["lastMessageId"], open["lastMessageId"])
	}
	// A message id, like every HelpCrunch id, is a whole number from 1.
	if n, err := open["lastMessageId"].(json.Number).Int64(); err != nil || n < 1 {
		t.Errorf("lastMessageId = %v, want an id of at least 1", open["lastMessageId"])
	}
}

// TestTruncate: a value quoted in an error is cut after n bytes, and only
// when it is longer.
func TestTruncate(t *testing.T) {
	t.Parallel()
	if got := truncate("abc", 3); got != "abc" {
		t.Errorf("truncate(abc, 3) = %q, want it whole", got)
	}
	if got := truncate("abcd", 3); got != "abc..." {
		t.Errorf("truncate(abcd, 3) = %q, want abc...", got)
	}
}

// Chats and messages made through the API get increasing ids, after the
// fixtures' own, so a new one never replaces an existing one.
func TestHelpCrunchCreatedIDsIncrease(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	before := len(f.srv.State().Chats)
	var chatIDs, msgIDs []int64
	for range 2 {
		code, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 1})
		if code != 201 {
			t.Fatalf("create chat: %d %v", code, chat)
		}
		chatIDs = append(chatIDs, num(t, chat["id"]))
		code, msg := f.do("POST", "/messages", map[string]any{"chat": chat["id"], "text": "x", "type": "message"})
		if code != 200 {
			t.Fatalf("create message: %d %v", code, msg)
		}
		msgIDs = append(msgIDs, num(t, msg["id"]))
	}
	if chatIDs[1] != chatIDs[0]+1 || msgIDs[0] != 1 || msgIDs[1] != 2 {
		t.Errorf("chat ids %v, message ids %v, want consecutive", chatIDs, msgIDs)
	}
	if after := len(f.srv.State().Chats); after != before+2 {
		t.Errorf("%d chats after two creations, had %d", after, before)
	}
}

// A message's createdAt keeps the clock's milliseconds; only a customer's
// message moves lastCustomerMessageAt.
func TestHelpCrunchMessageTimes(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.UTC)
	f := serveHCFake(t, Options{Now: func() time.Time { return at }})
	_, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 1})
	path := "/chats/" + chat["id"].(interface{ String() string }).String()

	code, msg := f.do("POST", "/messages", map[string]any{"chat": chat["id"], "text": "from an agent", "agent": 2, "type": "message"})
	if code != 200 || msg["createdAt"] != "1709294400.123" {
		t.Errorf("agent message: %d createdAt %v, want 1709294400.123", code, msg["createdAt"])
	}
	if _, got := f.do("GET", path, nil); got["lastCustomerMessageAt"] != nil {
		t.Errorf("after an agent's message lastCustomerMessageAt = %v, want null", got["lastCustomerMessageAt"])
	}
	if code, msg = f.do("POST", "/messages", map[string]any{"chat": chat["id"], "text": "from the customer", "type": "message"}); code != 200 {
		t.Fatalf("customer message: %d %v", code, msg)
	}
	if _, got := f.do("GET", path, nil); got["lastCustomerMessageAt"] == nil {
		t.Errorf("after a customer's message lastCustomerMessageAt is null")
	}
}

// Search: limit 1 is the smallest page; ">=" includes the bound.
func TestHelpCrunchSearchBounds(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = nil
	for i := int64(1); i <= 5; i++ {
		fx.Chats = append(fx.Chats, ChatFixture{ID: i, Customer: i, Application: 1, CreatedAt: 1700000000 + i})
	}
	f := newHCFake(t, fx)
	atLeast3 := map[string]any{"field": "chats.customer", "operator": ">=", "value": 3}
	for _, tc := range []struct {
		limit int
		want  int
	}{{1, 1}, {10, 3}} {
		status, page := f.do("POST", "/chats/search", map[string]any{"filter": []any{atLeast3}, "limit": tc.limit})
		if status != http.StatusOK {
			t.Errorf("limit %d: %d %v", tc.limit, status, page)
			continue
		}
		if got := ids(t, page); len(got) != tc.want || slices.Min(got) < 3 {
			t.Errorf("customer >= 3, limit %d: chats %v, want %d of 3, 4, 5", tc.limit, got, tc.want)
		}
	}
}
