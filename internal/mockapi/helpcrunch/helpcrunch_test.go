package helpcrunch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// testServer is a HelpCrunch fake served by a mockapi.Server of its own, as
// the tests drive it: the core's methods (ServeHTTP, RequestCount,
// SetFaults) and the fake's (State, Searches) on one value.
type testServer struct {
	*mockapi.Server
	*Fake
}

// newTestServer serves a HelpCrunch fake of opts alone, with no rate limit.
func newTestServer(opts Options) (*testServer, error) {
	h, err := New(opts)
	if err != nil {
		return nil, err
	}
	core, err := mockapi.New(mockapi.Options{Now: opts.Now}, h)
	if err != nil {
		return nil, err
	}
	return &testServer{Server: core, Fake: h}, nil
}

// hcFake serves a fake over HTTP and talks HelpCrunch to it.
type hcFake struct {
	t   *testing.T
	srv *testServer
	url string
}

func newHCFake(t *testing.T, fx *Fixtures) *hcFake {
	t.Helper()
	clock := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	return serveHCFake(t, Options{Fixtures: fx, Now: func() time.Time { return clock }})
}

// serveHCFake serves a fake of opts over HTTP until the test ends.
func serveHCFake(t *testing.T, opts Options) *hcFake {
	t.Helper()
	srv, err := newTestServer(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &hcFake{t: t, srv: srv, url: httptestServer(t, srv)}
}

// httptestServer serves srv until the test ends and returns its URL.
func httptestServer(t *testing.T, srv *testServer) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// do sends a request with the demo key; body may be a string (sent as is) or
// a value (encoded). It returns the status and the decoded JSON answer.
func (f *hcFake) do(method, path string, body any) (int, map[string]any) {
	f.t.Helper()
	return f.doKey(DemoKey, method, path, body)
}

func (f *hcFake) doKey(key, method, path string, body any) (int, map[string]any) {
	f.t.Helper()
	status, raw := f.send(key, method, path, body)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		f.t.Fatalf("%s %s: decoding answer (HTTP %d): %v", method, path, status, err)
	}
	return status, out
}

// send is one request with key, answered with its status and raw body.
func (f *hcFake) send(key, method, path string, body any) (int, []byte) {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.url+Prefix+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, raw
}

// errCode returns the first error code of a HelpCrunch error body, failing
// the test when the body is not of the docs' shape.
func errCode(t *testing.T, body map[string]any) string {
	t.Helper()
	list, ok := body["errors"].([]any)
	if !ok || len(list) == 0 {
		t.Fatalf("error body %v has no errors list", body)
	}
	item, ok := list[0].(map[string]any)
	if !ok {
		t.Fatalf("error item %v is not an object", list[0])
	}
	code, _ := item["code"].(string)
	msg, _ := item["message"].(string)
	if code == "" || msg == "" {
		t.Fatalf("error item %v lacks code or message", item)
	}
	if code != "invalid_request" {
		return code
	}
	// The documented 400: a generic entry, then one whose code names the
	// offending attribute; that one is what the tests compare.
	if len(list) != 2 {
		t.Fatalf("400 body %v: want the invalid_request entry and one naming the attribute", body)
	}
	item, _ = list[1].(map[string]any)
	code, _ = item["code"].(string)
	if msg, _ := item["message"].(string); code == "" || msg == "" {
		t.Fatalf("error item %v lacks code or message", item)
	}
	return code
}

func num(t *testing.T, v any) int64 {
	t.Helper()
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			t.Fatalf("%v is not an integer", n)
		}
		return i
	case int64:
		return n
	}
	t.Fatalf("%v (%T) is not a number", v, v)
	return 0
}

func ids(t *testing.T, page map[string]any) []int64 {
	t.Helper()
	var out []int64
	for _, c := range page["data"].([]any) {
		out = append(out, num(t, c.(map[string]any)["id"]))
	}
	return out
}

func TestHelpCrunchCreateChat(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	status, chat := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 2, "assignee": 4, "department": 1})
	if status != http.StatusCreated {
		t.Fatalf("status = %d, want 201; body %v", status, chat)
	}
	for _, key := range []string{"id", "status", "createdAt", "closedBy", "closedAt", "rating", "lastCustomerMessageAt",
		"lastMessageAt", "snoozedUntil", "lastMessageText", "lastMessageId", "lastCommunicatedAgentId", "agents",
		"customer", "assignee", "department"} {
		if _, ok := chat[key]; !ok {
			t.Errorf("chat lacks the required key %q", key)
		}
	}
	if chat["status"] != "empty" {
		t.Errorf("status = %v, want empty (a chat without messages)", chat["status"])
	}
	if got := num(t, chat["createdAt"]); got != time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Unix() {
		t.Errorf("createdAt = %d", got)
	}
	if chat["closedAt"] != nil || chat["closedBy"] != nil || chat["rating"] != nil {
		t.Errorf("an open chat has closedAt %v, closedBy %v, rating %v; want null", chat["closedAt"], chat["closedBy"], chat["rating"])
	}
	if num(t, chat["applicationId"]) != 2 {
		t.Errorf("applicationId = %v", chat["applicationId"])
	}
	cust := chat["customer"].(map[string]any)
	if num(t, cust["id"]) != 3 || cust["name"] != "Demo Customer 3" || cust["email"] != "customer3@example.com" {
		t.Errorf("customer = %v", cust)
	}
	if a := chat["assignee"].(map[string]any); num(t, a["id"]) != 4 {
		t.Errorf("assignee = %v", a)
	}
	if d := chat["department"].(map[string]any); num(t, d["id"]) != 1 || d["name"] != "Support" {
		t.Errorf("department = %v", d)
	}
	if agents, ok := chat["agents"].([]any); !ok || len(agents) != 0 {
		t.Errorf("agents = %v, want []", chat["agents"])
	}

	id := num(t, chat["id"])
	status, got := f.do("GET", fmt.Sprintf("/chats/%d", id), nil)
	if status != http.StatusOK || num(t, got["id"]) != id {
		t.Fatalf("GET = %d %v", status, got)
	}
	_, second := f.do("POST", "/chats", map[string]any{"customer": 3, "application": 2})
	if num(t, second["id"]) == id {
		t.Errorf("POST /chats is not idempotent: a second call must make a second chat")
	}
	if second["assignee"] != nil || second["department"] != nil {
		t.Errorf("chat without assignee/department = %v/%v, want null", second["assignee"], second["department"])
	}
}

func TestHelpCrunchCreateChatValidation(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	cases := []struct {
		name string
		body any
	}{
		{"not an object", `[1, 2]`},
		{"not JSON", `{customer: 1`},
		{"JSON followed by more", `{"customer": 1, "application": 1} {}`},
		{"missing customer", map[string]any{"application": 1}},
		{"missing application", map[string]any{"customer": 1}},
		{"non-numeric customer", map[string]any{"customer": "abc", "application": 1}},
		{"customer as string", map[string]any{"customer": "1", "application": 1}},
		{"fractional application", map[string]any{"customer": 1, "application": 1.5}},
		{"unknown customer", map[string]any{"customer": 99, "application": 1}},
		{"unknown application", map[string]any{"customer": 1, "application": 9}},
		{"unknown agent", map[string]any{"customer": 1, "application": 1, "assignee": 6}},
		{"unknown department", map[string]any{"customer": 1, "application": 1, "department": 4}},
		{"non-numeric department", map[string]any{"customer": 1, "application": 1, "department": true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.do("POST", "/chats", tc.body)
			if status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body %v", status, body)
			}
			errCode(t, body)
		})
	}
	if n := len(f.srv.State().Chats); n != 0 {
		t.Errorf("%d chats stored after only invalid requests", n)
	}
}

func TestHelpCrunchAuth(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	for _, key := range []string{"", "wrong-key"} {
		status, body := f.doKey(key, "GET", "/chats/1", nil)
		if status != http.StatusUnauthorized || errCode(t, body) != "invalid_token" {
			t.Errorf("key %q: %d %v, want 401 invalid_token", key, status, body)
		}
	}
}

func TestHelpCrunchGetChatErrors(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	status, body := f.do("GET", "/chats/12345", nil)
	if status != http.StatusNotFound || errCode(t, body) != "chat_not_found" {
		t.Errorf("unknown chat: %d %v, want 404 chat_not_found", status, body)
	}
	status, body = f.do("GET", "/chats/abc", nil)
	if status != http.StatusBadRequest {
		t.Errorf("non-numeric id: %d %v, want 400", status, body)
	}
	errCode(t, body)
}

func TestHelpCrunchUpdateChat(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	_, chat := f.do("POST", "/chats", map[string]any{"customer": 1, "application": 1})
	id := num(t, chat["id"])

	status, got := f.do("PUT", "/chats/assignee", map[string]any{"id": id, "assignee": 2})
	if status != http.StatusOK || num(t, got["assignee"].(map[string]any)["id"]) != 2 {
		t.Fatalf("assign: %d %v", status, got)
	}
	status, got = f.do("PUT", "/chats/assignee", map[string]any{"id": id, "assignee": nil})
	if status != http.StatusOK || got["assignee"] != nil {
		t.Fatalf("unassign: %d %v", status, got)
	}
	status, got = f.do("PUT", "/chats/department", map[string]any{"id": id, "department": 3})
	if status != http.StatusOK || num(t, got["department"].(map[string]any)["id"]) != 3 {
		t.Fatalf("department: %d %v", status, got)
	}
	for _, spelling := range []string{"on hold", "on-hold"} {
		status, got = f.do("PUT", "/chats/status", map[string]any{"id": id, "status": spelling})
		if status != http.StatusOK || got["status"] != "onhold" {
			t.Errorf("status %q: %d, reads %v; want 200 and onhold", spelling, status, got["status"])
		}
	}
	status, got = f.do("PUT", "/chats/status", map[string]any{"id": id, "status": "closed"})
	if status != http.StatusOK || got["status"] != "closed" || got["closedBy"] != "agent" || got["closedAt"] == nil {
		t.Fatalf("close: %d %v", status, got)
	}
	status, got = f.do("PUT", "/chats/status", map[string]any{"id": id, "status": "opened"})
	if status != http.StatusOK || got["status"] != "opened" || got["closedAt"] != nil || got["closedBy"] != nil {
		t.Fatalf("reopen: %d %v", status, got)
	}

	bad := []struct {
		name, path string
		body       any
		status     int
		code       string
	}{
		{"unknown chat assignee", "/chats/assignee", map[string]any{"id": 999, "assignee": 1}, 404, "chat_not_found"},
		{"unknown chat department", "/chats/department", map[string]any{"id": 999, "department": 1}, 404, "chat_not_found"},
		{"unknown chat status", "/chats/status", map[string]any{"id": 999, "status": "opened"}, 404, "chat_not_found"},
		{"unknown agent", "/chats/assignee", map[string]any{"id": id, "assignee": 77}, 400, "assignee"},
		{"missing assignee", "/chats/assignee", map[string]any{"id": id}, 400, "assignee"},
		{"unknown department", "/chats/department", map[string]any{"id": id, "department": 77}, 400, "department"},
		{"null department", "/chats/department", map[string]any{"id": id, "department": nil}, 400, "department"},
		{"non-numeric id", "/chats/status", map[string]any{"id": "x", "status": "opened"}, 400, "id"},
		{"read-only spelling onhold", "/chats/status", map[string]any{"id": id, "status": "onhold"}, 400, "status"},
		{"read-only status empty", "/chats/status", map[string]any{"id": id, "status": "empty"}, 400, "status"},
		{"unknown status", "/chats/status", map[string]any{"id": id, "status": "archived"}, 400, "status"},
		{"status not a string", "/chats/status", map[string]any{"id": id, "status": 3}, 400, "status"},
	}
	for _, tc := range bad {
		status, body := f.do("PUT", tc.path, tc.body)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d (%v)", tc.name, status, tc.status, body)
			continue
		}
		if code := errCode(t, body); code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, code, tc.code)
		}
	}
	_, after := f.do("GET", fmt.Sprintf("/chats/%d", id), nil)
	if after["status"] != "opened" || num(t, after["department"].(map[string]any)["id"]) != 3 || after["assignee"] != nil {
		t.Errorf("rejected updates changed the chat: %v", after)
	}
}

// manyChats makes n fixture chats with varied attributes and creation times.
func manyChats(n int) []ChatFixture {
	statuses := []string{"new", "opened", "pending", "onhold", "closed", "no communication", "empty"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	out := make([]ChatFixture, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, ChatFixture{
			Customer:    int64(i%20 + 1),
			Application: int64(i%3 + 1),
			Assignee:    int64(i % 6), // 0: unassigned
			Department:  int64(i % 4), // 0: none
			Status:      statuses[i%len(statuses)],
			// Not in id order, so sorting by createdAt is visible.
			CreatedAt: base + int64((i*7919)%n)*60,
		})
	}
	return out
}

func TestHelpCrunchSearchChats(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = manyChats(70)
	f := newHCFake(t, fx)
	state := f.srv.State().Chats

	expect := func(pred func(c map[string]any) bool) []int64 {
		var out []int64
		for _, c := range state {
			if pred(c) {
				out = append(out, c["id"].(int64))
			}
		}
		return out
	}
	refID := func(c map[string]any, key string) int64 {
		if m, ok := c[key].(map[string]any); ok {
			return m["id"].(int64)
		}
		return 0
	}
	search := func(body map[string]any) []int64 {
		t.Helper()
		body["limit"] = 1000
		status, page := f.do("POST", "/chats/search", body)
		if status != http.StatusOK {
			t.Fatalf("search %v: %d %v", body, status, page)
		}
		got := ids(t, page)
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		return got
	}
	flt := func(field, op string, value any) map[string]any {
		return map[string]any{"field": field, "operator": op, "value": value}
	}
	cut := time.Date(2024, 1, 1, 0, 30, 0, 0, time.UTC).Unix()

	cases := []struct {
		name string
		body map[string]any
		want []int64
	}{
		{"assignee", map[string]any{"filter": []any{flt("chats.assignee", "=", 2)}},
			expect(func(c map[string]any) bool { return refID(c, "assignee") == 2 })},
		{"customer", map[string]any{"filter": []any{flt("chats.customer", "=", 5)}},
			expect(func(c map[string]any) bool { return refID(c, "customer") == 5 })},
		{"status as the chat model spells it", map[string]any{"filter": []any{flt("chats.status", "=", "onhold")}},
			expect(func(c map[string]any) bool { return c["status"] == "onhold" })},
		{"assignee above", map[string]any{"filter": []any{flt("chats.assignee", ">", 3)}},
			expect(func(c map[string]any) bool { return refID(c, "assignee") > 3 })},
		{"closedAt", map[string]any{"filter": []any{flt("chats.closedAt", ">=", 1)}},
			expect(func(c map[string]any) bool { return c["closedAt"] != nil })},
		{"updatedAt", map[string]any{"filter": []any{flt("chats.updatedAt", "<=", cut)}},
			expect(func(c map[string]any) bool { return c["createdAt"].(int64) <= cut })},
		{"createdAt range AND", map[string]any{"comparison": "AND", "filter": []any{
			flt("chats.createdAt", ">=", cut), flt("chats.department", "=", 1)}},
			expect(func(c map[string]any) bool { return c["createdAt"].(int64) >= cut && refID(c, "department") == 1 })},
		{"OR", map[string]any{"comparison": "or", "filter": []any{
			flt("chats.assignee", "=", 1), flt("chats.department", "=", 2)}},
			expect(func(c map[string]any) bool { return refID(c, "assignee") == 1 || refID(c, "department") == 2 })},
		{"string timestamp value", map[string]any{"filter": []any{flt("chats.createdAt", "<", fmt.Sprint(cut))}},
			expect(func(c map[string]any) bool { return c["createdAt"].(int64) < cut })},
		{"customer email", map[string]any{"filter": []any{flt("chats.customer.email", "=", "customer7@example.com")}},
			expect(func(c map[string]any) bool { return refID(c, "customer") == 7 })},
	}
	for _, tc := range cases {
		if len(tc.want) == 0 {
			t.Fatalf("%s: the fixtures give no match, so the case proves nothing", tc.name)
		}
		if got := search(tc.body); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}

	// Only the fields and operators the search page documents are taken;
	// the code of the second error entry names the part that is wrong.
	invalid := []struct {
		body map[string]any
		code string
	}{
		{map[string]any{}, "filter"},
		{map[string]any{"filter": []any{}}, "filter"},
		{map[string]any{"filter": []any{flt("chats.nope", "=", 1)}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.applicationId", "=", 3)}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.application", "=", 3)}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.id", "=", 3)}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.lastMessageAt", ">=", 3)}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.customer.name", "=", "Demo Customer 1")}}, "filter[0].field"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", "two")}}, "filter[0].value"},
		{map[string]any{"filter": []any{flt("chats.assignee", "~", 2)}}, "filter[0].operator"},
		{map[string]any{"filter": []any{flt("chats.assignee", "!=", 2)}}, "filter[0].operator"},
		{map[string]any{"filter": []any{flt("chats.customer.email", "like", "customer")}}, "filter[0].operator"},
		{map[string]any{"filter": []any{flt("chats.status", ">", "new")}}, "filter[0].operator"},
		{map[string]any{"filter": []any{flt("chats.agents", ">=", 1)}}, "filter[0].operator"},
		{map[string]any{"filter": []any{flt("chats.createdAt", ">", "yesterday")}}, "filter[0].value"},
		{map[string]any{"filter": []any{flt("chats.status", "=", "archived")}}, "filter[0].value"},
		{map[string]any{"filter": []any{flt("chats.status", "=", "on hold")}}, "filter[0].value"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1), flt("chats.rating", "=", 5)}}, "filter[1].value"},
		{map[string]any{"filter": []any{map[string]any{"field": "chats.assignee", "value": 1}}}, "filter[0]"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "comparison": "XOR"}, "comparison"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "limit": 0}, "limit"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "offset": -1}, "offset"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "order": "sideways"}, "order"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "sort": "chats.customer"}, "sort"},
		{map[string]any{"filter": []any{flt("chats.assignee", "=", 1)}, "sort": "chats.id"}, "sort"},
	}
	for _, tc := range invalid {
		status, got := f.do("POST", "/chats/search", tc.body)
		if status != http.StatusBadRequest {
			t.Errorf("search %v: %d, want 400", tc.body, status)
			continue
		}
		if code := errCode(t, got); code != tc.code {
			t.Errorf("search %v: code %q, want %q", tc.body, code, tc.code)
		}
	}
}

func TestHelpCrunchSearchPagingLog(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = manyChats(250)
	f := newHCFake(t, fx)
	filter := []any{map[string]any{"field": "chats.createdAt", "operator": ">=", "value": 0}}
	var seen []int64
	for offset := 0; offset < 250; offset += 100 {
		_, page := f.do("POST", "/chats/search", map[string]any{"filter": filter, "offset": offset, "limit": 100, "sort": "chats.createdAt", "order": "DESC"})
		seen = append(seen, ids(t, page)...)
	}
	if len(seen) != 250 {
		t.Fatalf("paged %d chats, want 250", len(seen))
	}
	uniq := map[int64]bool{}
	for _, id := range seen {
		uniq[id] = true
	}
	if len(uniq) != 250 {
		t.Errorf("pages overlap: %d distinct of %d", len(uniq), len(seen))
	}
	want := []SearchLog{{0, 100, 100, 250}, {100, 100, 100, 250}, {200, 100, 50, 250}}
	if got := f.srv.Searches(); !reflect.DeepEqual(got, want) {
		t.Errorf("search log = %v, want %v", got, want)
	}
	f.srv.ResetSearches()
	if got := f.srv.Searches(); len(got) != 0 {
		t.Errorf("log after reset = %v", got)
	}
}

func TestHelpCrunchTimestampFormats(t *testing.T) {
	t.Parallel()
	created := time.Date(2020, 10, 28, 6, 0, 0, 0, time.UTC).Unix()
	for format, want := range map[string][]any{
		"number":     {json.Number(fmt.Sprint(created))},
		"string":     {fmt.Sprint(created)},
		"fractional": {fmt.Sprint(created) + ".000"},
		"mixed":      {fmt.Sprint(created), fmt.Sprint(created) + ".000", json.Number(fmt.Sprint(created))},
	} {
		t.Run(format, func(t *testing.T) {
			fx := DefaultFixtures()
			fx.TimestampFormat = format
			for i := 0; i < len(want); i++ {
				fx.Chats = append(fx.Chats, ChatFixture{Customer: 1, Application: 1, CreatedAt: created, Status: "closed", ClosedAt: created})
			}
			f := newHCFake(t, fx)
			for i, w := range want {
				_, chat := f.do("GET", fmt.Sprintf("/chats/%d", i+1), nil)
				if chat["createdAt"] != w || chat["closedAt"] != w {
					t.Errorf("chat %d: createdAt %#v closedAt %#v, want %#v", i+1, chat["createdAt"], chat["closedAt"], w)
				}
				if chat["lastMessageAt"] != nil {
					t.Errorf("lastMessageAt = %#v, want null", chat["lastMessageAt"])
				}
			}
		})
	}
}

func TestHelpCrunchAgentsShape(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.AgentsShape = "object"
	fx.Chats = []ChatFixture{{Customer: 1, Application: 1, Agents: []int64{2}}, {Customer: 1, Application: 1}}
	f := newHCFake(t, fx)
	_, one := f.do("GET", "/chats/1", nil)
	if a, ok := one["agents"].(map[string]any); !ok || num(t, a["id"]) != 2 {
		t.Errorf("agents = %#v, want the single agent object", one["agents"])
	}
	_, none := f.do("GET", "/chats/2", nil)
	if none["agents"] != nil {
		t.Errorf("agents = %#v, want null", none["agents"])
	}
}

// Fixtures that name what does not exist, or repeat an id, are refused.
func TestHelpCrunchInvalidFixtures(t *testing.T) {
	t.Parallel()
	for name, bad := range map[string]Fixtures{
		"unknown customer": {Chats: []ChatFixture{{Customer: 99, Application: 1}}},
		"bad status":       {Chats: []ChatFixture{{Customer: 1, Application: 1, Status: "archived"}}},
		"bad format":       {TimestampFormat: "iso"},
		"duplicate agent":  {Agents: []Agent{{ID: 1}, {ID: 1}}},
		"zero department":  {Departments: []Department{{ID: 0}}},
	} {
		merged := bad.WithDefaults()
		if _, err := New(Options{Fixtures: &merged}); err == nil {
			t.Errorf("%s: New accepted invalid fixtures", name)
		}
	}
}

func TestHelpCrunchControlStateAndDelete(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	_, chat := f.do("POST", "/chats", map[string]any{"customer": 1, "application": 1, "assignee": 1})
	id := num(t, chat["id"])
	_, other := f.do("POST", "/chats", map[string]any{"customer": 2, "application": 1})
	for _, c := range []map[string]any{chat, other} {
		if code, out := f.do("POST", "/messages", map[string]any{"chat": c["id"], "text": "hello", "agent": 1, "type": "private"}); code != http.StatusOK {
			t.Fatalf("POST /messages = %d %v", code, out)
		}
	}

	resp, err := http.Get(f.url + "/__mock/state")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		HelpCrunch State `json:"helpcrunch"`
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.HelpCrunch.Chats) != 2 || st.HelpCrunch.Chats[0]["status"] != "empty" {
		t.Fatalf("state = %v", st.HelpCrunch.Chats)
	}

	del := func() int {
		req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/__mock/helpcrunch/chats/%d", f.url, id), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := del(); got != http.StatusNoContent {
		t.Fatalf("delete = %d", got)
	}
	if got := del(); got != http.StatusNotFound {
		t.Errorf("second delete = %d, want 404", got)
	}
	if status, _ := f.do("GET", fmt.Sprintf("/chats/%d", id), nil); status != http.StatusNotFound {
		t.Errorf("GET after delete = %d", status)
	}
	// The deleted chat's message goes with it; the other chat's stays.
	if msgs := f.srv.State().Messages; len(msgs) != 1 || fmt.Sprint(msgs[0]["chat"]) != fmt.Sprint(other["id"]) {
		t.Errorf("messages after delete = %v, want only chat %v's", msgs, other["id"])
	}
	if n := f.srv.RequestCount(RouteChatCreate); n != 2 {
		t.Errorf("POST /chats counted %d times", n)
	}
}
