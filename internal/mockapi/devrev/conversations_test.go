package devrev

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var convTestNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func newConvTestServer(t *testing.T, n int) *testServer {
	t.Helper()
	return mustNew(Options{GenerateConversations: n, Now: func() time.Time { return convTestNow }})
}

// call sends one DevRev request to s and decodes the JSON answer.
func call(t *testing.T, s *testServer, method, target string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	rec, out := exchange(t, s, httptest.NewRequest(method, target, rd))
	return rec.Code, out
}

func pageIDs(t *testing.T, page map[string]any) []string {
	t.Helper()
	var ids []string
	for _, c := range page["conversations"].([]any) {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	return ids
}

// listAllIDs pages through conversations.list with body as the filter.
func listAllIDs(t *testing.T, s *testServer, body map[string]any) []string {
	t.Helper()
	var ids []string
	req := map[string]any{"limit": 100}
	for k, v := range body {
		req[k] = v
	}
	for range 1000 {
		code, page := call(t, s, "POST", "/devrev/conversations.list", req)
		if code != 200 {
			t.Fatalf("status %d: %v", code, page)
		}
		ids = append(ids, pageIDs(t, page)...)
		next, ok := page["next_cursor"].(string)
		if !ok {
			return ids
		}
		req["cursor"] = next
	}
	t.Fatal("paging never ended")
	return nil
}

func TestConversationsList_filters(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 400)
	st := s.conversations
	day := 24 * time.Hour
	in := func(v int, set ...int) bool { return slices.Contains(set, v) }
	anyOf := func(vals []int, set ...int) bool {
		return slices.ContainsFunc(vals, func(v int) bool { return in(v, set...) })
	}
	within := func(t, from, to time.Time) bool { return !t.IsZero() && !t.Before(from) && !t.After(to) }
	hasTag := func(c *storedConversation, tag int, value string) bool {
		return slices.ContainsFunc(c.tags, func(x storedTag) bool { return x.tag == tag && (value == "" || x.value == value) })
	}
	after := convTestNow.Add(-30 * day)

	cases := []struct {
		name string
		body map[string]any
		want func(c *storedConversation) bool
	}{
		{"actual_close_date range", map[string]any{"actual_close_date": map[string]any{"type": "range", "after": after.Format(time.RFC3339)}},
			func(c *storedConversation) bool { return within(c.actualClose, after, time.Time{}.AddDate(9000, 0, 0)) }},
		{"actual_close_date last_n_days", map[string]any{"actual_close_date": map[string]any{"type": "preset", "preset_type": "last_n_days", "days": 10}},
			func(c *storedConversation) bool { return within(c.actualClose, convTestNow.Add(-10*day), convTestNow) }},
		{"applies_to_parts", map[string]any{"applies_to_parts": []string{"PROD-1", convParts.item(3).id}},
			func(c *storedConversation) bool { return anyOf(c.parts, 1, 3) }},
		{"brand", map[string]any{"brand": []string{convBrands.item(2).id}}, func(c *storedConversation) bool { return c.brand == 2 }},
		{"channels", map[string]any{"channels": []string{convChannels.item(1).id, convChannels.item(4).id}},
			func(c *storedConversation) bool { return anyOf(c.channels, 1, 4) }},
		{"group", map[string]any{"group": []string{convGroups.item(3).id}}, func(c *storedConversation) bool { return c.group == 3 }},
		{"is_creator_verified", map[string]any{"is_creator_verified": false}, func(c *storedConversation) bool { return !c.isCreatorVerified }},
		{"is_frozen", map[string]any{"is_frozen": true}, func(c *storedConversation) bool { return c.isFrozen }},
		{"is_spam", map[string]any{"is_spam": true}, func(c *storedConversation) bool { return c.isSpam }},
		{"members", map[string]any{"members": []string{"DEVU-3", userDON(7)}}, func(c *storedConversation) bool { return anyOf(c.members, 3, 7) }},
		{"modified_date", map[string]any{"modified_date": map[string]any{"after": after.Format(time.RFC3339), "before": convTestNow.Add(-5 * day).Format(time.RFC3339)}},
			func(c *storedConversation) bool { return within(c.modified, after, convTestNow.Add(-5*day)) }},
		{"owned_by", map[string]any{"owned_by": []string{"DEVU-1"}}, func(c *storedConversation) bool { return anyOf(c.ownedBy, 1) }},
		{"rev_org", map[string]any{"rev_org": []string{"REV-4"}}, func(c *storedConversation) bool { return c.revOrg == 4 }},
		{"rev_orgs", map[string]any{"rev_orgs": []string{convRevOrgs.item(1).id, "REV-2"}}, func(c *storedConversation) bool { return in(c.revOrg, 1, 2) }},
		{"sla_summary.stage", map[string]any{"sla_summary": map[string]any{"stage": []string{"breached", "warning"}}},
			func(c *storedConversation) bool { return c.slaStage == "breached" || c.slaStage == "warning" }},
		{"sla_summary.target_time next_n_days", map[string]any{"sla_summary": map[string]any{"target_time": map[string]any{"type": "preset", "preset_type": "next_n_days", "days": 7}}},
			func(c *storedConversation) bool { return within(c.slaTarget, convTestNow, convTestNow.Add(7*day)) }},
		{"source_channel", map[string]any{"source_channel": []string{"email", "api"}},
			func(c *storedConversation) bool { return c.sourceChannel == "email" || c.sourceChannel == "api" }},
		{"source_channel_v2", map[string]any{"source_channel_v2": []string{convChannels.item(2).id}}, func(c *storedConversation) bool { return c.sourceChannelV2 == 2 }},
		{"source_channels", map[string]any{"source_channels": []string{"slack"}}, func(c *storedConversation) bool { return c.sourceChannel == "slack" }},
		{"stage", map[string]any{"stage": map[string]any{"name": []string{"new", "archived"}}},
			func(c *storedConversation) bool { return c.stage == "new" || c.stage == "archived" }},
		{"state", map[string]any{"state": []string{"closed"}}, func(c *storedConversation) bool { return c.state == "closed" }},
		{"tags", map[string]any{"tags": []string{"TAG-1", convTags.item(4).id}}, func(c *storedConversation) bool { return hasTag(c, 1, "") || hasTag(c, 4, "") }},
		{"tags_v2 with value", map[string]any{"tags_v2": []map[string]any{{"id": "TAG-5", "value": "p0"}, {"id": "TAG-2"}}},
			func(c *storedConversation) bool { return hasTag(c, 5, "p0") || hasTag(c, 2, "") }},
		{"unknown id matches nothing", map[string]any{"brand": []string{"BRAND-99"}}, func(*storedConversation) bool { return false }},
		{"filters combine", map[string]any{"state": []string{"open"}, "owned_by": []string{"DEVU-2"}, "is_spam": false},
			func(c *storedConversation) bool { return c.state == "open" && anyOf(c.ownedBy, 2) && !c.isSpam }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, c := range st.items {
				if tc.want(c) {
					want = append(want, conversationDON(c.num))
				}
			}
			if tc.name != "unknown id matches nothing" && (len(want) == 0 || len(want) == len(st.items)) {
				t.Fatalf("the generated data gives this filter %d of %d matches; it needs some to match and some not", len(want), len(st.items))
			}
			if got := listAllIDs(t, s, tc.body); !slices.Equal(got, want) {
				t.Errorf("got %d ids %v\nwant %d ids %v", len(got), got, len(want), want)
			}
		})
	}
}

func TestConversationsList_paging(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 260)

	code, page := call(t, s, "POST", "/devrev/conversations.list", map[string]any{})
	if code != 200 || len(pageIDs(t, page)) != defaultConversationsPage {
		t.Fatalf("default page: %d, %d conversations", code, len(pageIDs(t, page)))
	}
	if _, ok := page["prev_cursor"]; ok {
		t.Error("the first page has a prev_cursor")
	}
	_, page = call(t, s, "POST", "/devrev/conversations.list", map[string]any{"limit": 1000})
	if n := len(pageIDs(t, page)); n != maxConversationsPage {
		t.Errorf("limit 1000 served %d, want the cap of %d", n, maxConversationsPage)
	}

	// Reading exactly the whole set: the last page has no next_cursor.
	s.ResetRequests()
	if ids := listAllIDs(t, s, map[string]any{"limit": 65}); len(ids) != 260 {
		t.Errorf("read %d, want 260", len(ids))
	}
	if got := s.RequestCount(RouteConversationsList); got != 4 {
		t.Errorf("reading 260 by 65 took %d requests, want 4", got)
	}

	// Before mode without a cursor starts at the end; its prev_cursor walks back.
	_, page = call(t, s, "POST", "/devrev/conversations.list", map[string]any{"mode": "before", "limit": 100})
	ids := pageIDs(t, page)
	if ids[0] != conversationDON(161) || ids[99] != conversationDON(260) {
		t.Errorf("last page spans %s..%s", ids[0], ids[99])
	}
	if _, ok := page["next_cursor"]; ok {
		t.Error("the last page has a next_cursor")
	}
	_, page = call(t, s, "POST", "/devrev/conversations.list", map[string]any{"mode": "before", "limit": 100, "cursor": page["prev_cursor"]})
	if ids := pageIDs(t, page); ids[0] != conversationDON(61) || ids[99] != conversationDON(160) {
		t.Errorf("the page before spans %s..%s", ids[0], ids[99])
	}
	if _, ok := page["next_cursor"]; !ok {
		t.Error("a middle page has no next_cursor")
	}
}

func TestConversationsList_cursorSurvivesInserts(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 120)
	_, page := call(t, s, "POST", "/devrev/conversations.list", map[string]any{"limit": 100})
	first := pageIDs(t, page)

	code, created := call(t, s, "POST", "/devrev/conversations.create", map[string]any{"type": "support", "title": "new"})
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, created)
	}
	newID := created["conversation"].(map[string]any)["id"].(string)

	_, page = call(t, s, "POST", "/devrev/conversations.list", map[string]any{"limit": 100, "cursor": page["next_cursor"]})
	rest := pageIDs(t, page)
	all := append(first, rest...)
	if len(all) != 121 || all[120] != newID || all[100] != conversationDON(101) {
		t.Errorf("after an insert the next page is %v", rest)
	}
	seen := map[string]bool{}
	for _, id := range all {
		if seen[id] {
			t.Errorf("%s read twice", id)
		}
		seen[id] = true
	}
}

func TestConversationsList_badRequests(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 10)
	for _, tc := range []struct {
		name string
		body any
		want map[string]any
	}{
		{"not json", "{", map[string]any{"type": "bad_request"}},
		{"wrong json type", `{"owned_by": "DEVU-1"}`, map[string]any{"type": "bad_request"}},
		{"mode", map[string]any{"mode": "sideways"},
			map[string]any{"type": "invalid_enum_value", "field_name": "mode", "value": "sideways", "allowed_values": []any{"after", "before"}}},
		{"sla stage", map[string]any{"sla_summary": map[string]any{"stage": []string{"late"}}},
			map[string]any{"type": "invalid_enum_value", "field_name": "sla_summary.stage", "value": "late",
				"allowed_values": []any{"breached", "completed", "paused", "running", "warning"}}},
		{"date filter type missing", map[string]any{"actual_close_date": map[string]any{"after": "2024-01-01T00:00:00Z"}},
			map[string]any{"type": "missing_required_field", "field_name": "actual_close_date.type"}},
		{"date filter type", map[string]any{"actual_close_date": map[string]any{"type": "span"}},
			map[string]any{"type": "invalid_enum_value", "field_name": "actual_close_date.type", "value": "span", "allowed_values": []any{"preset", "range"}}},
		{"preset type", map[string]any{"sla_summary": map[string]any{"target_time": map[string]any{"type": "preset", "preset_type": "last_week", "days": 1}}},
			map[string]any{"type": "invalid_enum_value", "field_name": "sla_summary.target_time.preset_type", "value": "last_week",
				"allowed_values": []any{"last_n_days", "next_n_days"}}},
		{"preset days missing", map[string]any{"actual_close_date": map[string]any{"type": "preset", "preset_type": "last_n_days"}},
			map[string]any{"type": "missing_required_field", "field_name": "actual_close_date.days"}},
		{"negative days", map[string]any{"actual_close_date": map[string]any{"type": "preset", "preset_type": "last_n_days", "days": -1}},
			map[string]any{"type": "invalid_field", "field_name": "actual_close_date.days"}},
		{"bad timestamp", map[string]any{"modified_date": map[string]any{"after": "yesterday"}},
			map[string]any{"type": "invalid_field", "field_name": "modified_date.after"}},
		{"bad cursor", map[string]any{"cursor": "nope!"}, map[string]any{"type": "invalid_field", "field_name": "cursor"}},
		{"negative limit", map[string]any{"limit": -5}, map[string]any{"type": "invalid_field", "field_name": "limit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, got := call(t, s, "POST", "/devrev/conversations.list", tc.body)
			if code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %v", code, got)
			}
			if msg, _ := got["message"].(string); msg == "" {
				t.Errorf("no message in %v", got)
			}
			for k, v := range tc.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %v, want %v (body %v)", k, got[k], v, got)
				}
			}
		})
	}
	if calls := s.ConversationsListCalls(); len(calls) != 0 {
		t.Errorf("refused requests were logged as answered: %v", calls)
	}
}

func TestConversationsCreateAndGet(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 3)
	code, out := call(t, s, "POST", "/devrev/conversations.create", map[string]any{
		"type": "support", "title": "Printer on fire", "description": "Help", "members": []string{"DEVU-2", userDON(3)},
		"owned_by": []string{"DEVU-4"}, "tags": []map[string]any{{"id": "TAG-5", "value": "p1"}, {"id": convTags.item(1).id}},
		"group": "GROUP-2", "channels": []string{"ECC-1"}, "source_channel": "email", "source_channel_v2": "ECC-2",
		"stage": map[string]any{"name": "waiting_on_user"}, "brand": "BRAND-1", "is_spam": true,
	})
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	conv := out["conversation"].(map[string]any)
	if conv["id"] != conversationDON(4) || conv["display_id"] != "CONV-4" || conv["title"] != "Printer on fire" ||
		conv["stage"].(map[string]any)["name"] != "waiting_on_user" || len(conv["members"].([]any)) != 2 ||
		conv["members"].([]any)[1].(map[string]any)["display_id"] != "DEVU-3" ||
		conv["tags"].([]any)[0].(map[string]any)["value"] != "p1" ||
		conv["group"].(map[string]any)["id"] != convGroups.item(2).id ||
		conv["created_by"].(map[string]any)["display_id"] != "DEVU-1" || conv["created_date"] != timestamp(convTestNow) {
		t.Errorf("created %v", conv)
	}

	for _, ref := range []string{conversationDON(4), "CONV-4"} {
		code, got := call(t, s, "GET", "/devrev/conversations.get?id="+ref, nil)
		if code != 200 || !reflect.DeepEqual(got["conversation"], conv) {
			t.Errorf("get %s: %d %v", ref, code, got)
		}
	}
	if code, got := call(t, s, "GET", "/devrev/conversations.get?id=CONV-99", nil); code != 404 || got["type"] != "not_found" {
		t.Errorf("missing conversation: %d %v", code, got)
	}
	if code, got := call(t, s, "GET", "/devrev/conversations.get", nil); code != 400 || got["field_name"] != "id" {
		t.Errorf("get without id: %d %v", code, got)
	}

	for _, tc := range []struct {
		body      map[string]any
		typ, name string
	}{
		{map[string]any{"title": "x"}, "missing_required_field", "type"},
		{map[string]any{"type": "sales"}, "invalid_enum_value", "type"},
		{map[string]any{"type": "support", "members": []string{"DEVU-99"}}, "invalid_id", "members"},
		{map[string]any{"type": "support", "tags": []map[string]any{{"id": "TAG-5"}}}, "value_not_permitted", "tags.value"},
		{map[string]any{"type": "support", "stage": map[string]any{"name": "limbo"}}, "invalid_field", "stage.name"},
	} {
		code, got := call(t, s, "POST", "/devrev/conversations.create", tc.body)
		if code != 400 || got["type"] != tc.typ || got["field_name"] != tc.name {
			t.Errorf("create %v: %d %v, want %s on %s", tc.body, code, got, tc.typ, tc.name)
		}
	}
	if n := len(s.State().Conversations); n != 4 {
		t.Errorf("%d conversations stored, want 4 (refused creates store nothing)", n)
	}
}

func TestConversationFixtures(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Conversations = []ConversationFixture{
		{
			Title: "Seeded", Stage: "resolved", OwnedBy: []string{"DEVU-2"}, Members: []string{"DEVU-2", "DEVU-3"},
			Tags: []ConversationFixtureTag{{ID: "TAG-5", Value: "p0"}}, Group: "GROUP-1", Channels: []string{"ECC-3"},
			SourceChannel: "slack", SourceChannelV2: "ECC-3", Brand: "BRAND-2", RevOrg: "REV-1", AppliesToParts: []string{"PROD-2"},
			IsFrozen: true, SLAStage: "completed", SLATargetTime: "-48h", CreatedDate: "2025-01-02T03:04:05Z", ActualCloseDate: "-24h",
		},
	}
	s := mustNew(Options{Fixtures: fx, GenerateConversations: 2, Now: func() time.Time { return convTestNow }})
	snap := s.State().Conversations
	if len(snap) != 3 || snap[0]["display_id"] != "CONV-1" || snap[1]["display_id"] != "CONV-2" {
		t.Fatalf("snapshot %v", snap)
	}
	c := snap[0]
	hidden := c["filter_fields"].(map[string]any)
	if c["title"] != "Seeded" || c["created_date"] != "2025-01-02T03:04:05.000Z" || c["modified_date"] != "2025-01-02T03:04:05.000Z" ||
		c["sla_summary"].(map[string]any)["target_time"] != timestamp(convTestNow.Add(-48*time.Hour)) ||
		hidden["state"] != "closed" || hidden["is_frozen"] != true || hidden["brand"] != convBrands.item(2).id ||
		hidden["actual_close_date"] != timestamp(convTestNow.Add(-24*time.Hour)) {
		t.Errorf("fixture stored as %v", c)
	}

	for _, bad := range []ConversationFixture{
		{Title: "x", Stage: "limbo"},
		{Title: "x", OwnedBy: []string{"DEVU-77"}},
		{Title: "x", Tags: []ConversationFixtureTag{{ID: "TAG-1", Value: "p0"}}},
		{Title: "x", CreatedDate: "last tuesday"},
		{Title: "x", SLAStage: "late"},
	} {
		fx := DefaultFixtures()
		fx.Conversations = []ConversationFixture{bad}
		if _, err := New(Options{Fixtures: fx}); err == nil {
			t.Errorf("fixture %+v was accepted", bad)
		}
	}
}

func TestGenerateConversations_deterministicAndVaried(t *testing.T) {
	t.Parallel()
	small := newConvTestServer(t, 40).State().Conversations
	big := newConvTestServer(t, 400).State().Conversations
	if !reflect.DeepEqual(small, big[:40]) {
		t.Error("conversation N depends on how many were generated")
	}
	seen := map[string]map[string]bool{}
	note := func(k string, v any) {
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		seen[k][fmt.Sprint(v)] = true
	}
	for _, c := range big {
		h := c["filter_fields"].(map[string]any)
		note("stage", c["stage"].(map[string]any)["name"])
		note("state", h["state"])
		note("spam", h["is_spam"])
		note("frozen", h["is_frozen"])
		note("verified", h["is_creator_verified"])
		note("brand", h["brand"])
		note("rev_org", h["rev_org"])
		note("source", c["source_channel"])
		if sla, ok := c["sla_summary"].(map[string]any); ok {
			note("sla", sla["stage"])
		}
		for _, m := range c["owned_by"].([]any) {
			note("owner", m.(map[string]any)["display_id"])
		}
		if !strings.HasPrefix(c["id"].(string), "don:core:dvrv-us-1:devo/demo:conversation/") {
			t.Fatalf("id %v", c["id"])
		}
	}
	for k, least := range map[string]int{"stage": 4, "state": 3, "spam": 2, "frozen": 2, "verified": 2, "brand": 4, "rev_org": 6, "source": 5, "sla": 5, "owner": 20} {
		if len(seen[k]) < least {
			t.Errorf("%s takes %d values (%v), want at least %d", k, len(seen[k]), seen[k], least)
		}
	}
}
