package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// The stand-in handlers below answer with fixed bodies, so each test
// controls exactly which part of an exchange breaks the spec.

const (
	testDevRevToken     = "Bearer stand-in-devrev-token"
	testHelpCrunchToken = "Bearer stand-in-helpcrunch-key"
)

func TestConformance_validExchangesPass(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{
		"POST /devrev/chats.create":         {201, devrevChatJSON},
		"GET /devrev/chats.get":             {200, devrevChatJSON},
		"POST /devrev/chats.update":         {200, devrevChatJSON},
		"POST /devrev/chats.get":            {404, `{"type":"not_found","message":"No such chat."}`},
		"POST /devrev/conversations.list":   {200, `{"conversations":[` + conversationJSON + `],"next_cursor":"c2"}`},
		"POST /helpcrunch/v1/chats":         {201, helpcrunchChatJSON},
		"GET /helpcrunch/v1/chats/5":        {200, helpcrunchChatJSON},
		"PUT /helpcrunch/v1/chats/status":   {200, helpcrunchChatJSON},
		"POST /helpcrunch/v1/chats/search":  {200, `{"data":[` + helpcrunchChatJSON + `],"meta":{"total":1}}`},
		"PUT /helpcrunch/v1/chats/assignee": {404, `{"errors":[{"code":"not_found","message":"Chat not found."}]}`},
	})
	send(t, url, "POST", "/devrev/chats.create", testDevRevToken, `{"type":"dm","users":["DEVU-1","don:identity:dvrv-us-1:devo/demo:devu/2"],"title":"Ops","custom_fields":{"tier":"gold"},"get_if_conflict":true,"is_default":true}`)
	send(t, url, "GET", "/devrev/chats.get?id=don:core:dvrv-us-1:devo/demo:dm/1", testDevRevToken, "")
	send(t, url, "POST", "/devrev/chats.update", testDevRevToken, `{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/1","title":"New","users":{"set":["DEVU-1","DEVU-3"]}}`)
	// The DM variant of POST chats.get: the default DM of these users.
	// (The beta spec also maps "none" to the `empty` member, but its
	// chat-type enum allows only "dm", so no message can be that member.)
	send(t, url, "POST", "/devrev/chats.get", testDevRevToken, `{"type":"dm","users":["DEVU-1","DEVU-9"]}`)
	send(t, url, "POST", "/devrev/conversations.list", testDevRevToken, `{"owned_by":["DEVU-1"],"state":["open"],"limit":100}`)
	send(t, url, "POST", "/helpcrunch/v1/chats", testHelpCrunchToken, `{"customer":1,"application":2,"assignee":3,"department":1}`)
	send(t, url, "GET", "/helpcrunch/v1/chats/5", testHelpCrunchToken, "")
	send(t, url, "PUT", "/helpcrunch/v1/chats/status", testHelpCrunchToken, `{"id":5,"status":"closed"}`)
	send(t, url, "POST", "/helpcrunch/v1/chats/search", testHelpCrunchToken, `{"filter":[{"field":"chats.customer","operator":"=","value":1}],"limit":100,"offset":0}`)
	send(t, url, "PUT", "/helpcrunch/v1/chats/assignee", testHelpCrunchToken, `{"id":99,"assignee":null}`)
	assertNoViolations(t, c)
}

// The control API is not part of either spec and is never checked.
func TestConformance_controlAPIIsNotChecked(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{
		"GET /__mock/state": {200, `{"anything":"goes"}`},
	})
	send(t, url, "GET", "/__mock/state", "", "")
	assertNoViolations(t, c)
}

func TestConformance_responseMissingRequiredField(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{
		"GET /helpcrunch/v1/chats/5": {200, strings.Replace(helpcrunchChatJSON, `"status":"opened",`, "", 1)},
		"GET /devrev/chats.get":      {200, `{"dm":{"type":"dm"}}`},
	})
	send(t, url, "GET", "/helpcrunch/v1/chats/5", testHelpCrunchToken, "")
	send(t, url, "GET", "/devrev/chats.get?id=CHAN-1", testDevRevToken, "")
	assertViolations(t, c,
		`^GET /helpcrunch/v1/chats/5 -> 200: response: .*property "status" is missing`,
		`^GET /devrev/chats\.get\?id=CHAN-1 -> 200: response: .*property "chat" is missing`,
	)
}

func TestConformance_responseWrongType(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{
		"GET /helpcrunch/v1/chats/5":      {200, strings.Replace(helpcrunchChatJSON, `"id":5,`, `"id":"5",`, 1)},
		"POST /devrev/chats.update":       {200, `{"chat":{"type":7}}`},
		"POST /devrev/chats.create":       {401, `{"type":"not_a_type","message":"No."}`},
		"POST /helpcrunch/v1/chats":       {201, strings.Replace(helpcrunchChatJSON, `"status":"opened"`, `"status":"archived"`, 1)},
		"POST /devrev/conversations.list": {200, `{"conversations":[{"id":"c1","created_date":"yesterday"}]}`},
	})
	send(t, url, "GET", "/helpcrunch/v1/chats/5", testHelpCrunchToken, "")
	send(t, url, "POST", "/devrev/chats.update", testDevRevToken, `{"type":"dm","id":"CHAN-1"}`)
	send(t, url, "POST", "/devrev/chats.create", testDevRevToken, `{"type":"dm","users":["DEVU-1"]}`)
	send(t, url, "POST", "/helpcrunch/v1/chats", testHelpCrunchToken, `{"customer":1,"application":1}`)
	send(t, url, "POST", "/devrev/conversations.list", testDevRevToken, `{}`)
	assertViolations(t, c,
		`^GET /helpcrunch/v1/chats/5 -> 200: response: .*"/id": value must be an integer`,
		// The beta spec's chat is a discriminated union on its type.
		`^POST /devrev/chats\.update -> 200: response: .*"/chat".*discriminator property "type" is not a string`,
		// The error's type is checked although its oneOf member is a closed
		// empty object (see variantFixer).
		`^POST /devrev/chats\.create -> 401: response: .*discriminator property "type" has invalid value`,
		`^POST /helpcrunch/v1/chats -> 201: response: .*"/status": value is not one of the allowed values`,
		`^POST /devrev/conversations\.list -> 200: response: .*"/conversations/0".*"/created_date": string doesn't match the format "date-time".*property "members" is missing`,
	)
}

func TestConformance_unknownPathOrMethod(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{})
	send(t, url, "POST", "/devrev/chats.delete", testDevRevToken, `{"id":"CHAN-1"}`)
	send(t, url, "DELETE", "/helpcrunch/v1/chats/5", testHelpCrunchToken, "")
	send(t, url, "GET", "/helpcrunch/v1/chats/5/messages", testHelpCrunchToken, "")
	// /chats/{id} matches, but "search" is no chat id: the spec only has
	// POST /chats/search.
	send(t, url, "GET", "/helpcrunch/v1/chats/search", testHelpCrunchToken, "")
	assertViolations(t, c,
		`^POST /devrev/chats\.delete: request: the DevRev spec has no path /chats\.delete`,
		`^DELETE /helpcrunch/v1/chats/5: request: the HelpCrunch spec has no operation DELETE /chats/5 \(path /chats/\{id\} allows GET\)`,
		`^GET /helpcrunch/v1/chats/5/messages: request: the HelpCrunch spec has no path /chats/5/messages`,
		`^GET /helpcrunch/v1/chats/search: request: parameter "id" in path has an error: value search: an invalid integer`,
	)
}

func TestConformance_badRequest(t *testing.T) {
	t.Parallel()
	created := cannedResponse{201, devrevChatJSON}
	c, url := standIn(t, map[string]cannedResponse{
		"POST /devrev/chats.create":       created,
		"PUT /helpcrunch/v1/chats/status": {200, helpcrunchChatJSON},
		"POST /helpcrunch/v1/chats":       {201, helpcrunchChatJSON},
		"POST /devrev/chats.update":       {200, devrevChatJSON},
	})
	// No user: users needs 1..16 items.
	send(t, url, "POST", "/devrev/chats.create", testDevRevToken, `{"type":"dm","users":[]}`)
	// Seventeen users.
	send(t, url, "POST", "/devrev/chats.create", testDevRevToken, `{"type":"dm","users":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17"]}`)
	send(t, url, "PUT", "/helpcrunch/v1/chats/status", testHelpCrunchToken, `{"id":5,"status":"archived"}`)
	send(t, url, "POST", "/helpcrunch/v1/chats", testHelpCrunchToken, `{"customer":"1","application":1}`)
	// chats.update's members are told apart by "type".
	send(t, url, "POST", "/devrev/chats.update", testDevRevToken, `{"id":"CHAN-1","title":"x"}`)
	// No credential at all.
	send(t, url, "POST", "/helpcrunch/v1/chats", "", `{"customer":1,"application":1}`)
	assertViolations(t, c,
		`^POST /devrev/chats\.create: request: .*"/users": minimum number of items is 1`,
		`^POST /devrev/chats\.create: request: .*"/users": maximum number of items is 16`,
		`^PUT /helpcrunch/v1/chats/status: request: .*"/status": value is not one of the allowed values`,
		`^POST /helpcrunch/v1/chats: request: .*"/customer": value must be an integer`,
		`^POST /devrev/chats\.update: request: .*discriminator property "type"`,
		`^POST /helpcrunch/v1/chats: request: security requirements failed: no "Authorization: Bearer <token>" header`,
	)
}

func TestConformance_statusCodes(t *testing.T) {
	t.Parallel()
	c, url := standIn(t, map[string]cannedResponse{
		// Undocumented, not 5xx.
		"GET /helpcrunch/v1/chats/1": {418, `{"errors":[{"code":"teapot","message":"No."}]}`},
		// Undocumented 5xx in each API's error shape: allowed.
		"GET /helpcrunch/v1/chats/2":      {503, `{"errors":[{"code":"internal_error","message":"Down."}]}`},
		"POST /devrev/conversations.list": {502, `{"message":"Bad gateway."}`},
		// Undocumented 5xx in another shape.
		"GET /helpcrunch/v1/chats/3": {500, `{"error":"boom"}`},
		// chats.create's undocumented 409 (see devrevQuirks), in DevRev's
		// conflict shape; then with a field that shape does not have.
		"POST /devrev/chats.create": {409, `{"type":"conflict","message":"A default DM for these users exists."}`},
		"POST /devrev/chats.update": {409, `{"type":"conflict","message":"Conflict."}`},
		// A documented 401 with a field DevRev's error does not have: the
		// closed member stays closed.
		"GET /devrev/chats.get": {401, `{"type":"unauthenticated","message":"No.","token":"leak"}`},
	})
	send(t, url, "GET", "/helpcrunch/v1/chats/1", testHelpCrunchToken, "")
	send(t, url, "GET", "/helpcrunch/v1/chats/2", testHelpCrunchToken, "")
	send(t, url, "POST", "/devrev/conversations.list", testDevRevToken, `{}`)
	send(t, url, "GET", "/helpcrunch/v1/chats/3", testHelpCrunchToken, "")
	send(t, url, "POST", "/devrev/chats.create", testDevRevToken, `{"type":"dm","users":["DEVU-1"],"get_if_conflict":false}`)
	send(t, url, "POST", "/devrev/chats.update", testDevRevToken, `{"type":"dm","id":"CHAN-1"}`)
	send(t, url, "GET", "/devrev/chats.get?id=CHAN-1", testDevRevToken, "")
	assertViolations(t, c,
		`^GET /helpcrunch/v1/chats/1 -> 418: response: .*status is not supported`,
		`^GET /helpcrunch/v1/chats/3 -> 500: response: undocumented 500 whose body is not HelpCrunch's ErrorResponse: .*property "errors" is missing`,
		`^POST /devrev/chats\.update -> 409: response: .*status is not supported`,
		`^GET /devrev/chats\.get\?id=CHAN-1 -> 401: response: .*property "token" is unsupported`,
	)
}

// Real exchanges with the fake as it stands: its authentication answers and
// an unknown route.
func TestConformance_realFake(t *testing.T) {
	t.Parallel()
	srv := fake.MustNew(fake.Options{})
	c, base := serveChecked(t, srv)

	send(t, base, "POST", "/devrev/chats.create", "Bearer wrong-token", `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	send(t, base, "GET", "/devrev/chats.get?id=CHAN-1", "Bearer wrong-token", "")
	send(t, base, "POST", "/devrev/conversations.list", "Bearer wrong-token", `{"limit":1}`)
	send(t, base, "POST", "/helpcrunch/v1/chats", "Bearer wrong-key", `{"customer":1,"application":1}`)
	send(t, base, "GET", "/helpcrunch/v1/chats/1", "Bearer wrong-key", "")
	// Injected faults, answered as each platform does.
	srv.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: helpcrunch.RouteChatGet, Status: 503},
		{Route: devrev.RouteChatsCreate, Status: 429, RetryAfterSeconds: 2},
		{Route: helpcrunch.RouteChatCreate, Status: 429},
	}})
	send(t, base, "GET", "/helpcrunch/v1/chats/1", "Bearer "+helpcrunch.DemoKey, "")
	send(t, base, "POST", "/devrev/chats.create", "Bearer "+devrev.DemoToken, `{"type":"dm","users":["DEVU-1"]}`)
	send(t, base, "POST", "/helpcrunch/v1/chats", "Bearer "+helpcrunch.DemoKey, `{"customer":1,"application":1}`)
	assertNoViolations(t, c)

	status := send(t, base, "POST", "/devrev/no.such.endpoint", "Bearer "+devrev.DemoToken, `{}`)
	if status != http.StatusNotFound {
		t.Errorf("unknown route: got %d, want 404", status)
	}
	assertViolations(t, c, `^POST /devrev/no\.such\.endpoint: request: the DevRev spec has no path /no\.such\.endpoint`)
}

// NewFake reports violations with t.Errorf, after the server is closed.
func TestConformance_newFakeReportsAfterClose(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	f := NewFake(rec)
	send(t, f.URL, "POST", "/helpcrunch/v1/chats/close", "Bearer "+helpcrunch.DemoKey, `{"id":1}`)

	cleanups := rec.takeCleanups()
	if len(cleanups) < 2 {
		t.Fatalf("NewFake registered %d cleanups, want the report and the server's Close", len(cleanups))
	}
	// Cleanups run last registered first: the server closes first...
	cleanups[len(cleanups)-1]()
	if resp, err := http.Get(f.URL + "/__mock/requests"); err == nil {
		_ = resp.Body.Close()
		t.Error("the fake still answers after the last-registered cleanup: Close is not the last cleanup")
	}
	if errs := rec.errors(); len(errs) != 0 {
		t.Errorf("violations were reported before the server closed: %q", errs)
	}
	// ...then the violations are reported.
	for i := len(cleanups) - 2; i >= 0; i-- {
		cleanups[i]()
	}
	errs := rec.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], "API spec violation: POST /helpcrunch/v1/chats/close: request: the HelpCrunch spec has no operation POST /chats/close (path /chats/{id} allows GET)") {
		t.Errorf("reported %q, want the one violation", errs)
	}
}

// A response still being written when the test ends is checked before the
// report: the report waits for the server's Close, which waits for it.
func TestConformance_inFlightExchangeIsReported(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	release := make(chan struct{})
	entered := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		writeCanned(w, cannedResponse{200, `{"not":"a chat"}`})
	})
	ts := httptest.NewServer(conformanceHandler(rec, slow, true))
	rec.Cleanup(ts.Close)

	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest("GET", ts.URL+"/helpcrunch/v1/chats/5", nil)
		req.Header.Set("Authorization", testHelpCrunchToken)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	time.AfterFunc(50*time.Millisecond, func() { close(release) })
	cleanups := rec.takeCleanups()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	<-done
	errs := rec.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], `GET /helpcrunch/v1/chats/5 -> 200: response:`) {
		t.Errorf("reported %q, want the in-flight response's violation", errs)
	}
}

// Every operation of every spec routes to its own path template: the
// router sees the whole spec, the quirks included, and strips no host.
func TestConformance_everyOperationRoutes(t *testing.T) {
	t.Parallel()
	for _, spec := range []*apiSpec{devrevSpec, devrevBetaSpec, helpcrunchSpec} {
		if err := spec.load(); err != nil {
			t.Fatal(err)
		}
		if spec.doc.Paths.Len() == 0 {
			t.Fatalf("%s: no paths", spec.name)
		}
		for p, item := range spec.doc.Paths.Map() {
			concrete := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(p, "1")
			for m := range item.Operations() {
				route, _, err := spec.route(m, concrete)
				if err != nil || route.Path != p || route.Operation != item.GetOperation(m) {
					t.Errorf("%s %s %s: routed to %v (%v)", spec.name, m, concrete, route, err)
				}
			}
		}
	}
}

// The adjustments made to the spec for the operations the provider uses
// are exactly the documented ones.
func TestConformance_quirksApplied(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/chats.create", "/chats.get", "/chats.update", "/conversations.list", "/timeline-entries.create", "beta /chats.create", "beta /chats.get", "beta /chats.update"} {
		spec := devrevSpec
		if rest, ok := strings.CutPrefix(p, "beta "); ok {
			spec, p = devrevBetaSpec, rest
		}
		if err := spec.load(); err != nil {
			t.Fatal(err)
		}
		quirks := spec.quirkLogs[p]
		for _, q := range quirks {
			if !regexp.MustCompile(`^(error-[a-z-]+|empty) under (error-[a-z-]+|chats-[a-z-]+-request): closed variant rejects required `).MatchString(q) &&
				q != "POST /chats.create: 409 documented as #/components/responses/conflict (the request's get_if_conflict says a conflict error is returned)" &&
				q != "POST /timeline-entries.create: 404 documented as #/components/responses/not-found (the fake's devrev.timeline_missing_object reading)" {
				t.Errorf("%s: unexpected adjustment %q", p, q)
			}
		}
		if len(quirks) == 0 {
			t.Errorf("%s: no adjustment, yet its error responses have closed members", p)
		}
	}
	err := helpcrunchSpec.load()
	if quirks := helpcrunchSpec.quirkLogs["/chats/{id}"]; err != nil || len(quirks) != 0 {
		t.Errorf("HelpCrunch /chats/{id}: err %v, adjustments %q; want none", err, quirks)
	}
}

// BenchmarkConformanceWholeDevRevSpec is the cost, once per process, of
// loading the whole public DevRev spec.
func BenchmarkConformanceWholeDevRevSpec(b *testing.B) {
	for b.Loop() {
		if _, err := openapi3.NewLoader().LoadFromData(devrevSpecYAML); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConformanceExchange is the check's cost per exchange once the
// spec is loaded.
func BenchmarkConformanceExchange(b *testing.B) {
	c := newConformanceChecker(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeCanned(w, cannedResponse{201, devrevChatJSON})
	}))
	body := []byte(`{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops"}`)
	for b.Loop() {
		req := httptest.NewRequest("POST", "/devrev/chats.create", bytes.NewReader(body))
		req.Header.Set("Authorization", testDevRevToken)
		req.Header.Set("Content-Type", "application/json")
		c.ServeHTTP(httptest.NewRecorder(), req)
	}
	if v := c.Violations(); len(v) != 0 {
		b.Fatal(v)
	}
}

// Test helpers.

const devrevChatJSON = `{"chat":{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/1","display_id":"DM-1","title":"Ops","groups":[{"id":"don:identity:dvrv-us-1:devo/demo:group/1"}],` +
	`"created_date":"2024-05-01T10:00:00.000Z","modified_date":"2024-05-01T10:00:00.000Z",` +
	`"created_by":{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1","display_name":"user1","state":"active"},` +
	`"users":[{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1"}]}}`

const conversationJSON = `{"id":"don:core:dvrv-us-1:devo/demo:conversation/1","display_id":"CONV-1","title":"Login fails","description":"Cannot log in.",` +
	`"created_date":"2024-05-01T10:00:00.000Z","modified_date":"2024-05-02T10:00:00.000Z",` +
	`"created_by":{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1","full_name":"Demo User 1","email":"user1@example.com","state":"active"},` +
	`"members":[{"type":"rev_user","id":"don:identity:dvrv-us-1:devo/demo:revu/7","display_id":"REVU-7"}],` +
	`"owned_by":[{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1"}],` +
	`"stage":{"name":"waiting_on_user"},"tags":[{"tag":{"id":"don:core:dvrv-us-1:devo/demo:tag/1","display_id":"TAG-1","name":"vip"},"value":"yes"}],` +
	`"source_channel":"portal"}`

const helpcrunchChatJSON = `{"id":5,"status":"opened","createdAt":1714557600,"closedBy":null,"closedAt":null,"rating":null,` +
	`"lastCustomerMessageAt":null,"lastMessageAt":"1714557700","snoozedUntil":null,"lastMessageText":null,"lastMessageId":null,` +
	`"lastCommunicatedAgentId":null,"applicationId":2,"agents":[],"customer":{"id":1,"name":"Customer 1","email":null,"userId":null},` +
	`"assignee":{"id":3,"name":"Agent 3","email":"agent3@example.com","role":"agent"},"department":null}`

type cannedResponse struct {
	status int
	body   string
}

func writeCanned(w http.ResponseWriter, c cannedResponse) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(c.status)
	_, _ = io.WriteString(w, c.body)
}

// standIn serves canned answers by "METHOD path" (the query left out)
// behind a conformance checker; anything else gets a 404 in HelpCrunch's
// error shape.
func standIn(t *testing.T, answers map[string]cannedResponse) (*conformanceChecker, string) {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := answers[r.Method+" "+r.URL.Path]
		if !ok {
			a = cannedResponse{404, `{"errors":[{"code":"not_found","message":"No route."}]}`}
		}
		writeCanned(w, a)
	})
	return serveChecked(t, h)
}

// serveChecked serves h behind a conformance checker.
func serveChecked(t *testing.T, h http.Handler) (*conformanceChecker, string) {
	t.Helper()
	c := newConformanceChecker(h)
	ts := httptest.NewServer(c)
	t.Cleanup(ts.Close)
	return c, ts.URL
}

// strictStandIn is standIn with the strict check on.
func strictStandIn(t *testing.T, answers map[string]cannedResponse) (*conformanceChecker, string) {
	t.Helper()
	c, url := standIn(t, answers)
	c.strict = true
	return c, url
}

// strictFake serves a fake made with opts behind the strict check.
func strictFake(t *testing.T, opts fake.Options) (*conformanceChecker, string) {
	t.Helper()
	c, url := serveChecked(t, fake.MustNew(opts))
	c.strict = true
	return c, url
}

// send makes one request and returns its status; auth is the Authorization
// header ("" for none), and the body is drained and closed.
func send(t *testing.T, base, method, path, auth, body string) int {
	t.Helper()
	return sendInScope(t, base, method, path, auth, body, "")
}

// sendInScope is send with DevRev's X-Devrev-Scope header ("" for none), as
// the provider sends chats.* in the beta scope.
func sendInScope(t *testing.T, base, method, path, auth, body, scope string) int {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if scope != "" {
		req.Header.Set("X-Devrev-Scope", scope)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func assertNoViolations(t *testing.T, c *conformanceChecker) {
	t.Helper()
	for _, v := range c.Violations() {
		t.Errorf("unexpected violation: %s", v)
	}
}

// assertViolations checks the violations, in order, one pattern each.
func assertViolations(t *testing.T, c *conformanceChecker, patterns ...string) {
	t.Helper()
	got := c.Violations()
	for i, p := range patterns {
		if i >= len(got) {
			t.Errorf("violation %d: none, want one matching %s", i, p)
			continue
		}
		if !regexp.MustCompile(`(?s)` + p).MatchString(got[i]) {
			t.Errorf("violation %d:\n%s\nwant one matching %s", i, got[i], p)
		}
	}
	for _, extra := range got[min(len(patterns), len(got)):] {
		t.Errorf("unexpected violation: %s", extra)
	}
}

// recordingTB is a testing.TB whose errors and cleanups the test inspects
// instead of the test framework acting on them.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

func (r *recordingTB) takeCleanups() []func() {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.cleanups
	r.cleanups = nil
	return c
}

func (r *recordingTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// DevRev's chats.* answers are checked against the beta spec's `dm`, which
// the public spec does not describe: a `dm` must have users.
func TestConformance_chatsUseTheBetaSpec(t *testing.T) {
	t.Parallel()
	for _, p := range devrevBetaPaths {
		if spec, _ := specFor("/devrev" + p); spec != devrevBetaSpec {
			t.Errorf("%s is checked against %v, want the beta spec", p, spec.name)
		}
	}
	if spec, _ := specFor("/devrev/conversations.list"); spec != devrevSpec {
		t.Errorf("conversations.list is checked against %s, want the public spec", spec.name)
	}
	c, url := standIn(t, map[string]cannedResponse{
		"GET /devrev/chats.get": {200, `{"chat":{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/1","title":7}}`},
	})
	sendInScope(t, url, "GET", "/devrev/chats.get?id=DM-1", testDevRevToken, "", "beta")
	assertViolations(t, c, `^GET /devrev/chats\.get\?id=DM-1 -> 200: response: .*(users|title)`)
}

// Strict mode reports what the spec does not declare, at any depth, and
// nothing else; the lenient check lets the same answers through.
func TestConformance_strictReportsUndeclaredProperties(t *testing.T) {
	t.Parallel()
	withExtras := `{"chat":{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/1","display_id":"DM-1",` +
		`"records":["ISS-1"],"is_default":true,"custom_fields":{"tnt__a":1},` +
		`"users":[{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1","nickname":"u1"}],` +
		`"groups":[{"id":"don:identity:dvrv-us-1:devo/demo:group/1","colour":"red"}]},"request_id":"r1"}`
	answers := map[string]cannedResponse{
		"GET /devrev/chats.get":             {200, withExtras},
		"GET /helpcrunch/v1/chats/5":        {200, strings.Replace(helpcrunchChatJSON, `"department":null`, `"department":null,"priority":1`, 1)},
		"POST /devrev/conversations.list":   {200, `{"conversations":[` + strings.Replace(conversationJSON, `"source_channel":"portal"`, `"source_channel":"portal","mood":"calm"`, 1) + `],"next_cursor":"c2"}`},
		"PUT /helpcrunch/v1/chats/assignee": {404, `{"errors":[{"code":"not_found","message":"Chat not found."}]}`},
	}
	exchange := func(url string) {
		send(t, url, "GET", "/devrev/chats.get?id=DM-1", testDevRevToken, "")
		send(t, url, "GET", "/helpcrunch/v1/chats/5", testHelpCrunchToken, "")
		send(t, url, "POST", "/devrev/conversations.list", testDevRevToken, `{"limit":1}`)
		send(t, url, "PUT", "/helpcrunch/v1/chats/assignee", testHelpCrunchToken, `{"id":99,"assignee":null}`)
	}

	lenient, url := standIn(t, answers)
	exchange(url)
	assertNoViolations(t, lenient)

	strict, url := strictStandIn(t, answers)
	exchange(url)
	assertViolations(t, strict,
		`^GET /devrev/chats\.get\?id=DM-1 -> 200: response: strict: `+
			`/chat/custom_fields: property not declared by the spec \(chat, dm, .*\); `+
			`/chat/groups/0/colour: property not declared by the spec \(group-summary.*\); `+
			`/chat/is_default: property not declared .*; `+
			`/chat/records: property not declared .*; `+
			`/chat/users/0/nickname: property not declared by the spec \(user-summary, dev-user-summary.*\); `+
			`/request_id: property not declared by the spec \(chats-get-response\)\n`,
		`^GET /helpcrunch/v1/chats/5 -> 200: response: strict: /priority: property not declared`,
		`^POST /devrev/conversations\.list -> 200: response: strict: /conversations/0/mood: property not declared`,
	)
}

// An object the spec leaves free-form (no declared properties) may hold
// anything; a map is checked value by value.
func TestConformance_strictLeavesFreeFormObjects(t *testing.T) {
	t.Parallel()
	free := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
		"custom_fields": {Value: &openapi3.Schema{Type: &openapi3.Types{"object"}}},
		"labels": {Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, AdditionalProperties: openapi3.AdditionalProperties{
			Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
				"name": {Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}},
			}}},
		}}},
	}}}
	var v any
	if err := json.Unmarshal([]byte(`{"custom_fields":{"anything":{"deep":1}},"labels":{"a":{"name":"x"},"b":{"name":"y","extra":true}}}`), &v); err != nil {
		t.Fatal(err)
	}
	got := undeclaredProperties(free, v)
	if len(got) != 1 || !strings.HasPrefix(got[0], "/labels/b/extra: property not declared") {
		t.Errorf("undeclared = %q, want only /labels/b/extra", got)
	}
	if got := escapePointer("a/b~c"); got != "a~1b~0c" {
		t.Errorf("escapePointer = %q", got)
	}
}

// The fake, through NewFake's strict check, answers DevRev chats in exactly
// the documented shape.
func TestConformance_fakeDevRevChatsAreStrictlyConformant(t *testing.T) {
	t.Parallel()
	c, base := serveChecked(t, fake.MustNew(fake.Options{}))
	c.strict = true
	auth := "Bearer " + devrev.DemoToken
	send(t, base, "POST", "/devrev/chats.create", auth, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops","records":["ISS-1"],`+
		`"custom_fields":{"tnt__a":1},"custom_schema_spec":{"tenant_fragment":true}}`)
	send(t, base, "GET", "/devrev/chats.get?id=DM-1", auth, "")
	send(t, base, "POST", "/devrev/chats.get", auth, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	send(t, base, "POST", "/devrev/chats.update", auth, `{"type":"dm","id":"DM-1","users":{"set":["DEVU-1","DEVU-3"]}}`)
	if status := send(t, base, "POST", "/devrev/chats.update", auth, `{"type":"dm","id":"DM-1","custom_fields":{"tnt__a":2}}`); status != http.StatusBadRequest {
		t.Errorf("custom fields without their schema: %d, want 400", status)
	}
	assertNoViolations(t, c)
}

// The fake, through NewFake's strict check, answers every customer
// operation in exactly the documented shape, in each reading of the pages
// that disagree, and its refusals too.
func TestConformance_fakeHelpCrunchCustomersAreStrictlyConformant(t *testing.T) {
	t.Parallel()
	for _, readings := range []map[string]string{
		{helpcrunch.ReadingCustomerPut: "replace", helpcrunch.ReadingCustomerData: "object"},
		{helpcrunch.ReadingCustomerPut: "merge", helpcrunch.ReadingCustomerData: "list"},
	} {
		c, base := strictFake(t, fake.Options{Readings: map[string]map[string]string{helpcrunch.Name: readings}})
		auth := "Bearer " + helpcrunch.DemoKey
		want := func(status, got int, what string) {
			t.Helper()
			if got != status {
				t.Errorf("%v: %s: %d, want %d", readings, what, got, status)
			}
		}
		want(201, send(t, base, "POST", "/helpcrunch/v1/customers", auth, `{"name":"Ada","email":"ada@example.com","userId":"crm-1",`+
			`"company":"A","phone":"+1","notes":"n","firstSeen":"1709294400","tags":[{"name":"vip"},{"name":"lead","color":"#ccc"}],`+
			`"customData":[{"property":"plan","value":"pro"},{"property":"seats","value":5},{"property":"trial","value":false}]}`), "create")
		want(200, send(t, base, "GET", "/helpcrunch/v1/customers/21", auth, ""), "get")
		want(200, send(t, base, "PUT", "/helpcrunch/v1/customers/21", auth, `{"name":"Ada L.","email":null,"userId":"crm-1","company":null,`+
			`"phone":null,"notes":null,"firstSeen":"1709294400","locale":"en","unsubscribed":false,"tags":[],`+
			`"customData":[{"property":"plan","value":null},{"property":"seats","value":6}]}`), "update")
		want(200, send(t, base, "POST", "/helpcrunch/v1/customers/search", auth,
			`{"comparison":"AND","filter":[{"field":"customers.email","operator":"=","value":"customer2@example.com"}],"sort":"customers.firstSeen","order":"desc","limit":100}`), "search")
		want(200, send(t, base, "DELETE", "/helpcrunch/v1/customers/21", auth, ""), "delete")
		want(404, send(t, base, "GET", "/helpcrunch/v1/customers/21", auth, ""), "get after delete")
		want(404, send(t, base, "DELETE", "/helpcrunch/v1/customers/21", auth, ""), "delete after delete")
		want(404, send(t, base, "PUT", "/helpcrunch/v1/customers/21", auth, `{}`), "update after delete")
		want(400, send(t, base, "POST", "/helpcrunch/v1/customers", auth, `{"email":"not an address"}`), "create with a bad email")
		want(400, send(t, base, "POST", "/helpcrunch/v1/customers/search", auth, `{"filter":[{"field":"customers.id","operator":">","value":"x"}]}`), "search with a bad value")
		want(401, send(t, base, "GET", "/helpcrunch/v1/customers/1", "Bearer wrong", ""), "wrong key")
		assertNoViolations(t, c)
	}
}

// The fake, through NewFake's strict check, answers dev-users.list, .get and
// .self, by GET and by POST, in exactly the public spec's shapes.
func TestConformance_fakeDevRevUsersAreStrictlyConformant(t *testing.T) {
	t.Parallel()
	c, base := strictFake(t, fake.Options{})
	auth := "Bearer " + devrev.DemoToken
	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/devrev/dev-users.list", `{"email":["user2@example.com"]}`, 200},
		{"POST", "/devrev/dev-users.list", `{"limit":5,"state":["active"]}`, 200},
		{"GET", "/devrev/dev-users.list?email=user2@example.com,user3@example.com&limit=1", "", 200},
		{"POST", "/devrev/dev-users.list", `{"limit":-1}`, 400},
		{"GET", "/devrev/dev-users.get?id=DEVU-2", "", 200},
		{"POST", "/devrev/dev-users.get", `{"id":"DEVU-3"}`, 200},
		{"GET", "/devrev/dev-users.get?id=DEVU-404", "", 404},
		{"GET", "/devrev/dev-users.get?id=ISS-1", "", 400},
		{"GET", "/devrev/dev-users.self", "", 200},
		{"POST", "/devrev/dev-users.self", `{}`, 200},
	} {
		if got := send(t, base, tc.method, tc.path, auth, tc.body); got != tc.status {
			t.Errorf("%s %s %s: %d, want %d", tc.method, tc.path, tc.body, got, tc.status)
		}
	}
	assertNoViolations(t, c)
}

// Outside the beta scope a chats.* answer may also be the public spec's
// chat, its type alone (the fake's devrev.chats_scope reading "beta"); in
// the beta scope it must be the `dm`.
func TestConformance_unscopedChatsMayBeThePublicChat(t *testing.T) {
	t.Parallel()
	c, base := strictFake(t, fake.Options{Readings: map[string]map[string]string{devrev.Name: {devrev.ReadingChatsScope: "beta"}}})
	auth := "Bearer " + devrev.DemoToken
	send(t, base, "POST", "/devrev/chats.create", auth, `{"type":"dm","users":["DEVU-1","DEVU-2"]}`)
	send(t, base, "GET", "/devrev/chats.get?id=DM-1", auth, "")
	assertNoViolations(t, c)

	c, url := strictStandIn(t, map[string]cannedResponse{
		"GET /devrev/chats.get": {200, `{"chat":{"type":"dm"}}`},
	})
	sendInScope(t, url, "GET", "/devrev/chats.get?id=DM-1", testDevRevToken, "", "beta")
	assertViolations(t, c, `^GET /devrev/chats\.get\?id=DM-1 -> 200: response: .*(id|users)`)
}

// The fake answers conformantly, strict check on, in every value of every
// reading: where a reading answers what the spec leaves open, the spec (or a
// documented quirk) has that answer.
func TestConformance_fakeReadingsAreStrictlyConformant(t *testing.T) {
	t.Parallel()
	type reading struct{ platform, name string }
	values := map[reading][]string{}
	for _, r := range devrev.Readings() {
		values[reading{devrev.Name, r.Name}] = r.Values
	}
	for _, r := range helpcrunch.Readings() {
		values[reading{helpcrunch.Name, r.Name}] = r.Values
	}
	for r, vs := range values {
		for _, v := range vs {
			t.Run(r.platform+"."+r.name+"="+v, func(t *testing.T) {
				t.Parallel()
				fx := fake.DefaultFixtures()
				fx.HelpCrunch.Chats = []helpcrunch.ChatFixture{{ID: 1, Customer: 1, Application: 1, Status: "pending"}, {ID: 2, Customer: 2, Application: 1, Status: "on hold"},
					{ID: 3, Customer: 3, Application: 1, Status: "closed", ClosedAt: 1700000000, ClosedBy: "agent", Rating: "great"}}
				c, base := strictFake(t, fake.Options{Fixtures: fx, Readings: map[string]map[string]string{r.platform: {r.name: v}}})
				dr, hc := "Bearer "+devrev.DemoToken, "Bearer "+helpcrunch.DemoKey
				// In DevRev's beta scope, as the provider sends chats.* (the
				// check reads their answers with the beta spec).
				sendInScope(t, base, "POST", "/devrev/chats.create", dr, `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops"}`, "beta")
				sendInScope(t, base, "GET", "/devrev/chats.get?id=DM-1", dr, "", "beta")
				send(t, base, "POST", "/devrev/timeline-entries.create", dr, `{"type":"timeline_comment","object":"DM-1","body":"hi"}`)
				send(t, base, "POST", "/devrev/timeline-entries.create", dr, `{"type":"timeline_comment","object":"CONV-99","body":"hi"}`)
				for _, status := range []string{"pending", "onhold", "3", "4"} {
					send(t, base, "POST", "/helpcrunch/v1/chats/search", hc, `{"filter":[{"field":"chats.status","operator":"=","value":"`+status+`"}],"limit":1}`)
				}
				send(t, base, "POST", "/helpcrunch/v1/chats/search", hc, `{"filter":[{"field":"chats.createdAt","operator":">","value":0}]}`)
				send(t, base, "POST", "/helpcrunch/v1/messages", hc, `{"chat":1,"text":"hi","type":"private","agent":1}`)
				send(t, base, "POST", "/helpcrunch/v1/messages", hc, `{"chat":9,"text":"hi","type":"private","agent":1}`)
				assertNoViolations(t, c)
			})
		}
	}
}

// The fake lists custom schema fragments in exactly the beta spec's shape,
// with GET and POST, pruned or not, and pages them with its cursors.
func TestConformance_fakeCustomSchemaFragmentsAreStrictlyConformant(t *testing.T) {
	t.Parallel()
	c, base := strictFake(t, fake.Options{})
	auth := "Bearer " + devrev.DemoToken
	for _, q := range []string{"", "?limit=1", "?types=tenant_fragment,app_fragment&prune=fields", "?app=billing&leaf_type=conversation&is_deprecated=false", "?mode=before&limit=2"} {
		if status := send(t, base, "GET", "/devrev/schemas.custom.list"+q, auth, ""); status != http.StatusOK {
			t.Errorf("GET %s: %d", q, status)
		}
	}
	send(t, base, "POST", "/devrev/schemas.custom.list", auth, `{"types":["custom_type_fragment"],"limit":10}`)
	if status := send(t, base, "GET", "/devrev/schemas.custom.list?cursor=nope", auth, ""); status != http.StatusBadRequest {
		t.Errorf("a cursor the fake never wrote: %d, want 400", status)
	}
	send(t, base, "GET", "/devrev/schemas.custom.list", "Bearer wrong", "")
	assertNoViolations(t, c)
}
