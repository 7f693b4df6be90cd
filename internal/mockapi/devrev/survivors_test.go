package devrev

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// These tests pin behaviour that mutation testing (issue 13) found no test
// for: each one fails when the named comparison or arithmetic is changed.

// Generated conversations obey the rules the filters and the docs rely on,
// over enough of them that every random branch is taken.
func TestGenerateConversations_invariants(t *testing.T) {
	t.Parallel()
	now := convTestNow
	users := []int{1, 2, 3, 4, 5}
	var prev time.Time
	ages := map[time.Duration]bool{}
	channelsV2 := map[int]bool{}
	for num := 1; num <= 300; num++ {
		c := generateConversation(num, now, users)
		// A later number was created later, as in DevRev.
		if num > 1 && !c.created.After(prev) {
			t.Fatalf("conversation %d created %s, not after %d's %s", num, c.created, num-1, prev)
		}
		prev = c.created
		if c.modified.Before(c.created) || c.modified.After(now) {
			t.Errorf("conversation %d modified %s outside [%s, %s]", num, c.modified, c.created, now)
		}
		ages[now.Sub(c.modified)] = true
		if closed := c.state == "closed"; closed == c.actualClose.IsZero() || c.actualClose.After(now) {
			t.Errorf("conversation %d: state %s with actual close %s", num, c.state, c.actualClose)
		}
		if n := len(c.ownedBy); n < 1 || n > 2 {
			t.Errorf("conversation %d has %d owners, want 1 or 2", num, n)
		}
		channelsV2[c.sourceChannelV2] = true
		switch c.slaStage {
		case "breached", "completed":
			if !c.slaTarget.Before(now) {
				t.Errorf("conversation %d: %s SLA with target %s not in the past", num, c.slaStage, c.slaTarget)
			}
		case "running", "warning":
			if !c.slaTarget.After(now) {
				t.Errorf("conversation %d: %s SLA with target %s not in the future", num, c.slaStage, c.slaTarget)
			}
		}
	}
	// Modified dates are spread over months, so date filters have something on each side.
	if len(ages) < 100 {
		t.Errorf("only %d distinct modified dates in 300 conversations", len(ages))
	}
	for v := 0; v <= len(convChannels); v++ {
		if !channelsV2[v] {
			t.Errorf("no generated conversation has source_channel_v2 %d (0 is none)", v)
		}
	}
}

// Catalogue items are numbered from 1, in both their id and display id, and
// carry their names: fixtures and acceptance tests refer to them that way.
func TestCatalogNumbering(t *testing.T) {
	t.Parallel()
	p := convParts.item(1)
	if p.id != demoDevRevCoreOrg+":product/1" || p.displayID != "PROD-1" || p.name != "Billing" {
		t.Errorf("PROD-1 = %+v", p)
	}
	if n, ok := convParts.lookup(demoDevRevCoreOrg + ":product/5"); !ok || n != 5 {
		t.Errorf("lookup product/5 = %d, %t", n, ok)
	}
}

// A fixture with an unknown reference is refused, naming the conversation
// (counted from 1) and the reference; members default to the creator only
// when the fixture names none.
func TestConversationFixtures_refsAndMembers(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Conversations = []ConversationFixture{{Title: "ok"}, {Title: "bad", Tags: []ConversationFixtureTag{{ID: "TAG-9"}}}}
	_, err := New(Options{Fixtures: fx})
	if err == nil || !strings.Contains(err.Error(), `conversation 2: tags: "TAG-9" is not known`) {
		t.Errorf("unknown tag: err = %v", err)
	}
	fx.Conversations = []ConversationFixture{
		{Title: "default", CreatedBy: "DEVU-2"},
		{Title: "named", CreatedBy: "DEVU-2", Members: []string{"DEVU-3"}},
	}
	s, err := New(Options{Fixtures: fx})
	if err != nil {
		t.Fatal(err)
	}
	for num, want := range map[int][]int{1: {2}, 2: {3}} {
		if got := s.conversations.byNum[num].members; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("conversation %d members = %v, want %v", num, got, want)
		}
	}
}

// Paging backwards reaches the very first conversation.
func TestConversationsList_beforeModeReachesTheFirst(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 5)
	code, page := call(t, s, "POST", "/devrev/conversations.list", map[string]any{"mode": "before", "limit": 10})
	if got := pageIDs(t, page); code != 200 || len(got) != 5 || !strings.HasSuffix(got[len(got)-1], "/1") && !strings.HasSuffix(got[0], "/1") {
		t.Errorf("before mode: %d %v, want all 5 including conversation 1", code, got)
	}
}

// The days of a preset date filter may be 0 and up to the 292 years a
// time.Duration spans: the spec allows a uint32, and a larger span is a 400
// rather than a range wrapped around by the overflow.
func TestConversationsList_presetDaysBounds(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 3)
	for days, want := range map[int64]int{0: 200, maxPresetDays: 200, maxPresetDays + 1: 400, 4294967295: 400, 4294967296: 400, -1: 400} {
		body := map[string]any{"actual_close_date": map[string]any{"type": "preset", "preset_type": "last_n_days", "days": days}}
		if code, out := call(t, s, "POST", "/devrev/conversations.list", body); code != want {
			t.Errorf("days %d: %d %v, want %d", days, code, out, want)
		}
	}
}

// A date filter with a key its spec object does not have is refused, in
// every date filter: a misspelt bound would otherwise filter nothing.
func TestConversationsList_dateFilterUnknownKeys(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 3)
	for _, body := range []map[string]any{
		{"modified_date": map[string]any{"after": "2024-01-01T00:00:00Z", "afterr": "x"}},
		{"modified_date": map[string]any{"type": "range", "after": "2024-01-01T00:00:00Z"}},
		{"actual_close_date": map[string]any{"type": "range", "befor": "2024-01-01T00:00:00Z"}},
		{"sla_summary": map[string]any{"target_time": map[string]any{"type": "preset", "preset_type": "next_n_days", "days": 1, "hours": 3}}},
	} {
		if code, out := call(t, s, "POST", "/devrev/conversations.list", body); code != 400 || out["type"] != "bad_request" {
			t.Errorf("%v: %d %v, want DevRev's 400", body, code, out)
		}
	}
}

// A cursor is one the API wrote: conversations are numbered from 1, so
// conversations:0 (or a number written otherwise) was never one.
func TestConversationsList_cursorsTheAPINeverWrote(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 3)
	for _, raw := range []string{"conversations:0", "conversations:-1", "conversations:01", "conversations:+1", "conversations:x"} {
		cursor := base64.RawURLEncoding.EncodeToString([]byte(raw))
		if code, out := call(t, s, "POST", "/devrev/conversations.list", map[string]any{"cursor": cursor}); code != 400 {
			t.Errorf("cursor %s: %d %v, want 400", raw, code, out)
		}
	}
	if code, out := call(t, s, "POST", "/devrev/conversations.list", map[string]any{"cursor": encodeCursor("conversations", 1)}); code != 200 {
		t.Errorf("a cursor the API wrote: %d %v", code, out)
	}
}

// Every list call is logged, in order, for the tests that assert filters.
func TestConversationsList_logsEveryCall(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 3)
	for i := 1; i <= 3; i++ {
		if code, out := call(t, s, "POST", "/devrev/conversations.list", map[string]any{"limit": i}); code != 200 {
			t.Fatalf("list: %d %v", code, out)
		}
	}
	calls := s.ConversationsListCalls()
	if len(calls) != 3 || calls[0].Limit != 1 || calls[2].Limit != 3 {
		t.Errorf("calls = %+v, want limits 1, 2, 3", calls)
	}
}

// metadata is in a conversation's answer only when it has a url_context;
// moving to a closed stage sets the actual close date the
// actual_close_date filter reads, an open one does not.
func TestConversations_metadataAndActualClose(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 0)
	code, out := call(t, s, "POST", "/devrev/conversations.create", `{"type":"support","title":"a","metadata":{"url_context":"https://example.com/a"}}`)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	conv := out["conversation"].(map[string]any)
	if md, _ := conv["metadata"].(map[string]any); md["url_context"] != "https://example.com/a" {
		t.Errorf("metadata = %v", conv["metadata"])
	}
	code, out = call(t, s, "POST", "/devrev/conversations.create", `{"type":"support","title":"b"}`)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	conv = out["conversation"].(map[string]any)
	if _, has := conv["metadata"]; has {
		t.Errorf("metadata without url_context: %v", conv["metadata"])
	}
	for _, tc := range []struct {
		stage     string
		hasClosed bool
	}{{"waiting_on_user", false}, {"resolved", true}} {
		code, out = call(t, s, "POST", "/devrev/conversations.update", map[string]any{"id": conv["id"], "stage": map[string]any{"name": tc.stage}})
		if code != 200 {
			t.Fatalf("update to %s: %d %v", tc.stage, code, out)
		}
		closed := listAllIDs(t, s, map[string]any{"actual_close_date": map[string]any{"type": "preset", "preset_type": "last_n_days", "days": 1}})
		if has := len(closed) == 1 && closed[0] == conv["id"]; has != tc.hasClosed {
			t.Errorf("stage %s: closed in the last day = %v, want it there: %t", tc.stage, closed, tc.hasClosed)
		}
	}
}

// A custom_schema_spec subtype must not be blank; a real one is accepted.
func TestConversationsUpdate_schemaSubtype(t *testing.T) {
	t.Parallel()
	s := newConvTestServer(t, 0)
	_, out := call(t, s, "POST", "/devrev/conversations.create", `{"type":"support","title":"a"}`)
	id := out["conversation"].(map[string]any)["id"]
	for _, tc := range []struct {
		subtype string
		code    int
	}{{"billing", 200}, {"  ", 400}} {
		code, out := call(t, s, "POST", "/devrev/conversations.update", map[string]any{
			"id": id, "custom_fields": map[string]any{"tnt__x": 1},
			"custom_schema_spec": map[string]any{"tenant_fragment": true, "subtype": tc.subtype},
		})
		if code != tc.code {
			t.Errorf("subtype %q: %d %v, want %d", tc.subtype, code, out, tc.code)
		}
		if tc.code == 400 && (out["type"] != "invalid_field" || out["field_name"] != "custom_schema_spec.subtype") {
			t.Errorf("subtype %q: %v", tc.subtype, out)
		}
	}
}

// A DM may have a single user (a note to self).
func TestDevRevChats_oneUserDM(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	c := mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1"]}`)
	if users, _ := c["users"].([]any); len(users) != 1 {
		t.Errorf("users = %v", c["users"])
	}
}

// Timeline entries: a future expires_at is kept; an empty artifact list is
// no artifact; exactly the maximum of artifacts passes the count check (and
// fails on the first unknown id); entries are numbered one after another.
func TestDevRevTimelineEntries_boundaries(t *testing.T) {
	s := newChatTestServer(t)
	mustCreateChat(t, s, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	code, out := chatCall(t, s, "POST", "/timeline-entries.create",
		`{"type":"timeline_comment","object":"DM-1","body":"x","expires_at":"2030-01-01T00:00:00Z","artifacts":[]}`)
	first, _ := out["timeline_entry"].(map[string]any)
	if code != 201 {
		t.Errorf("future expires_at: %d %v", code, out)
	}
	ids := make([]string, devrevTimelineMaxArtifacts)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("ARTIFACT-%d", i+1))
	}
	code, out = chatCall(t, s, "POST", "/timeline-entries.create",
		`{"type":"timeline_comment","object":"DM-1","body":"x","artifacts":[`+strings.Join(ids, ",")+`]}`)
	if code != 400 || out["type"] != "invalid_id" || out["message"] != "Artifact 'ARTIFACT-1' does not exist." {
		t.Errorf("%d artifacts: %d %v", len(ids), code, out)
	}
	code, out = chatCall(t, s, "POST", "/timeline-entries.create", `{"type":"timeline_comment","object":"DM-1","body":"y"}`)
	second, _ := out["timeline_entry"].(map[string]any)
	id1, _ := first["id"].(string)
	id2, _ := second["id"].(string)
	if code != 201 || !strings.HasSuffix(id1, "/1") || !strings.HasSuffix(id2, "/2") {
		t.Errorf("entry ids %q then %q, want .../1 then .../2", id1, id2)
	}
}
