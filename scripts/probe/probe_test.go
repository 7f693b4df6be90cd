package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Recognisable credentials: no output may carry them.
const (
	testToken = "tok-SECRET-devrev-31337"
	testKey   = "key-SECRET-helpcrunch-27182"
)

// allWrites are the flags that ask every question, writes included, of the
// fake probeFake starts.
var allWrites = []string{"-writes", "-devrev-dm", "DM-1", "-devrev-conversation", "CONV-1", "-helpcrunch-chat", "1", "-helpcrunch-agent", "2"}

// probeFake starts a fake with the recognisable credentials, in readings,
// strictly checked against the API specs: three HelpCrunch chats (pending,
// on hold, closed), a DevRev conversation CONV-1 and the DM DM-1 of DEVU-1
// and DEVU-2.
func probeFake(t *testing.T, readings map[string]map[string]string) *acctest.Fake {
	t.Helper()
	fx := fake.DefaultFixtures()
	fx.DevRev.Token, fx.HelpCrunch.APIKey = testToken, testKey
	fx.HelpCrunch.Chats = []helpcrunch.ChatFixture{
		{ID: 1, Customer: 1, Application: 1, Status: "pending", CreatedAt: 1700000000},
		{ID: 2, Customer: 2, Application: 1, Status: "on hold", CreatedAt: 1700000100},
		{ID: 3, Customer: 3, Application: 1, Status: "closed", CreatedAt: 1700000200, ClosedAt: 1700000300, ClosedBy: "agent", Rating: "great"},
	}
	f := acctest.NewFake(t, fake.Options{Fixtures: fx, GenerateConversations: 1, Readings: readings})
	req, err := http.NewRequest(http.MethodPost, f.DevRevURL()+"/chats.create", strings.NewReader(`{"type":"dm","users":["DEVU-1","DEVU-2"]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Devrev-Scope", "beta")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating DM-1: HTTP %d", resp.StatusCode)
	}
	f.ResetRequests()
	return f
}

// fakeEnv is the provider's environment for the fake, as chatops-mockapi
// prints it (with the test's credentials).
func fakeEnv(f *acctest.Fake) map[string]string {
	return map[string]string{
		EnvDevRevToken: testToken, EnvDevRevEndpoint: f.DevRevURL(),
		EnvHelpCrunchAPIKey: testKey, EnvHelpCrunchEndpoint: f.HelpCrunchURL(),
	}
}

// probed is one run of the probe: its exit code, its output and its rows by
// question.
type probed struct {
	code           int
	stdout, stderr string
	rows           map[string]row
}

type row struct{ answer, assumes, agree string }

// probe runs the program with args and env, with fast retries and a short
// HelpCrunch rate-limit window, and fails the test if any output carries a
// credential.
func probe(t *testing.T, env map[string]string, args ...string) probed {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), invocation{
		args: args, getenv: func(k string) string { return env[k] }, stdout: &stdout, stderr: &stderr,
		tune: func(o *client.Options) {
			o.RetryWaitMin, o.RetryWaitMax = time.Millisecond, 10*time.Millisecond
			o.RateLimitWindow = 300 * time.Millisecond
		},
	})
	p := probed{code: code, stdout: stdout.String(), stderr: stderr.String(), rows: map[string]row{}}
	for _, secret := range []string{testToken, testKey, "wrong-SECRET"} {
		if strings.Contains(p.stdout+p.stderr, secret) {
			t.Errorf("the output carries the credential %q:\n%s%s", secret, p.stdout, p.stderr)
		}
	}
	for _, line := range strings.Split(p.stdout, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 4 || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| question ") {
			continue
		}
		p.rows[strings.TrimPrefix(cells[0], "| ")] = row{answer: cells[1], assumes: cells[2], agree: strings.TrimSuffix(cells[3], " |")}
	}
	return p
}

// expect fails the test unless the row of question agrees as want and its
// answer holds every part.
func (p probed) expect(t *testing.T, question, agree string, parts ...string) {
	t.Helper()
	r, ok := p.rows[question]
	if !ok {
		t.Errorf("no row %q in:\n%s", question, p.stdout)
		return
	}
	if r.agree != agree {
		t.Errorf("%s: agree %q, want %q (answer %q)", question, r.agree, agree, r.answer)
	}
	for _, part := range parts {
		if !strings.Contains(r.answer, part) {
			t.Errorf("%s: answer %q lacks %q", question, r.answer, part)
		}
	}
}

// everyQuestionCall is what a probe with allWrites sends, no more: one page
// of chats and one search by each status form, one note, one list of
// fragments, chats.get without and with the beta header, the comment DevRev
// refuses and the one it posts.
var everyQuestionCall = acctest.Requests{
	helpcrunch.RouteChatsSearch: 3, helpcrunch.RouteMessageCreate: 1, helpcrunch.RouteCustomerGet: 2,
	helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteCustomerUpdate: 1, helpcrunch.RouteCustomerDelete: 1,
	devrev.RouteSchemasCustomList: 1, devrev.RouteChatsGet: 2, devrev.RouteTimelineEntriesCreate: 2,
}

// readingAnswers are, for each reading of the fake, by value, the answer the
// probe must report (question and the parts its answer holds). Every value
// of every reading has a case.
var readingAnswers = map[string]map[string]struct {
	question string
	parts    []string
}{
	"helpcrunch." + helpcrunch.ReadingStatusSearch: {
		"names": {qStatusSearch, []string{`names; searched for pending chats: "pending" found pending chats; "3" found none`}},
		"codes": {qStatusSearch, []string{`codes; searched for pending chats: "pending" found none; "3" found pending chats`}},
	},
	"helpcrunch." + helpcrunch.ReadingSearchTotal: {
		"meta": {qSearchTotal, []string{"`meta.total` = 3"}},
		"top":  {qSearchTotal, []string{"top-level `total` = 3"}},
		"none": {qSearchTotal, []string{"absent: the page carries no total"}},
	},
	"helpcrunch." + helpcrunch.ReadingMessageStatus: {
		"200": {qMessageStatus, []string{"200 OK (posted private note 1 to chat 1)"}},
		"201": {qMessageStatus, []string{"201 Created (posted private note 1 to chat 1)"}},
	},
	"helpcrunch." + helpcrunch.ReadingChatFieldTypes: {
		"strings": {qChatFieldTypes, []string{"in the newest 3 chats: `closedBy`: strings (\"agent\"); `rating`: strings (\"great\")"}},
		"numbers": {qChatFieldTypes, []string{"in the newest 3 chats: `closedBy`: numbers (2); `rating`: numbers (1)"}},
	},
	"helpcrunch." + helpcrunch.ReadingCustomerData: {
		"object": {qCustomData, []string{"customer 3: an object"}},
		"list":   {qCustomData, []string{"customer 3: a list"}},
	},
	"helpcrunch." + helpcrunch.ReadingCustomerPut: {
		"replace": {qCustomerPut, []string{"sets them to null: the company left out of the PUT is gone (replace)", "made, updated and deleted"}},
		"merge":   {qCustomerPut, []string{"keeps them: the company left out of the PUT is still set (merge)", "made, updated and deleted"}},
	},
	"devrev." + devrev.ReadingChatsScope: {
		"any":  {qChatsScope, []string{"without the header: the DM, with `id`, `users` (no `title`)", "with the header, as the provider sends it: the DM DM-1"}},
		"beta": {qChatsScope, []string{"without the header: the public chat object (`type` only): the beta scope is required", "with the header, as the provider sends it: the DM DM-1"}},
	},
	"devrev." + devrev.ReadingTimelineMissingObject: {
		"400": {qMissingTarget, []string{"400 `invalid_id` (Object 'CONV-999999999' does not exist.)"}},
		"404": {qMissingTarget, []string{"404 `not_found` (Object 'CONV-999999999' does not exist.)"}},
	},
}

// TestProbe_everyReading probes the fake in each value of each of its
// readings, every question asked: the probe reports the fake's answer, says
// the provider copes, makes the fewest calls and exits 0.
func TestProbe_everyReading(t *testing.T) {
	t.Parallel()
	for _, defined := range []struct {
		platform string
		readings []mockapi.Reading
	}{{devrev.Name, devrev.Readings()}, {helpcrunch.Name, helpcrunch.Readings()}} {
		for _, r := range defined.readings {
			key := defined.platform + "." + r.Name
			for _, value := range r.Values {
				t.Run(key+"="+value, func(t *testing.T) {
					t.Parallel()
					want, ok := readingAnswers[key][value]
					if !ok {
						t.Fatalf("no expected answer for the reading %s=%s: add one to readingAnswers (and teach the probe the question if it has none)", key, value)
					}
					f := probeFake(t, map[string]map[string]string{defined.platform: {r.Name: value}})
					p := probe(t, fakeEnv(f), allWrites...)
					if p.code != exitAgree {
						t.Errorf("exit %d, want 0:\n%s%s", p.code, p.stdout, p.stderr)
					}
					p.expect(t, want.question, "yes", want.parts...)
					// The questions the reading does not touch answer as by default.
					p.expect(t, qStatusSpelling, "yes", `on hold reads back as "onhold"`, `statuses of the newest 3 chats: "closed" 1, "onhold" 1, "pending" 1`)
					p.expect(t, qCustomFields, "yes", "3 fragments: tnt__ (tenant) 2 fields, ctype__ (subtype escalation) 1 field, billing__ (app billing) 2 fields")
					p.expect(t, qComment, "yes", "201 Created (posted private comment don:core:dvrv-us-1:devo/demo:conversation/1:comment/")
					p.expect(t, qRateLimits, "not checked", "no call was answered 429")
					if !strings.Contains(p.stdout, "result: every answered question (11) agrees with the provider; 1 not checked. Nothing to change.") {
						t.Errorf("closing line:\n%s", p.stdout)
					}
					f.RequireRequests(t, everyQuestionCall)
				})
			}
		}
	}
}

// TestProbe_readsOnlyByDefault: without -writes nothing is posted and only
// reads are sent; the write questions say how to ask them.
func TestProbe_readsOnlyByDefault(t *testing.T) {
	t.Parallel()
	f := probeFake(t, nil)
	p := probe(t, fakeEnv(f), "-devrev-dm", "DM-1", "-devrev-conversation", "CONV-1", "-helpcrunch-chat", "1", "-helpcrunch-agent", "2")
	if p.code != exitAgree {
		t.Errorf("exit %d, want 0:\n%s", p.code, p.stdout)
	}
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: 3, helpcrunch.RouteCustomerGet: 1, devrev.RouteSchemasCustomList: 1, devrev.RouteChatsGet: 2})
	st := f.State()
	if len(st.HelpCrunch.Messages) != 0 || len(st.DevRev.TimelineEntries) != 0 {
		t.Errorf("a probe without -writes posted: %v %v", st.HelpCrunch.Messages, st.DevRev.TimelineEntries)
	}
	p.expect(t, qMessageStatus, "not checked", "a write: run with -writes")
	p.expect(t, qCustomerPut, "not checked", "a write: run with -writes")
	p.expect(t, qMissingTarget, "not checked", "run with -writes")
	p.expect(t, qComment, "not checked", "a write: run with -writes")
	if !strings.Contains(p.stdout, "reads only (writes need -writes)") {
		t.Errorf("the header does not say the probe only reads:\n%s", p.stdout)
	}
	// What the writes posted with -writes is private: a note only agents
	// see, a comment only the token's user sees.
	probe(t, fakeEnv(f), allWrites...)
	st = f.State()
	if len(st.HelpCrunch.Messages) != 1 || st.HelpCrunch.Messages[0]["type"] != "private" ||
		len(st.DevRev.TimelineEntries) != 1 || st.DevRev.TimelineEntries[0]["visibility"] != "private" {
		t.Errorf("-writes posted %v and %v, want one private note and one private comment", st.HelpCrunch.Messages, st.DevRev.TimelineEntries)
	}
}

// TestProbe_objectsToName: the questions about an object the user names say
// which flag names it, and do not count as a disagreement.
func TestProbe_objectsToName(t *testing.T) {
	t.Parallel()
	f := probeFake(t, nil)
	p := probe(t, fakeEnv(f), "-writes")
	if p.code != exitAgree {
		t.Errorf("exit %d, want 0:\n%s", p.code, p.stdout)
	}
	p.expect(t, qChatsScope, "not checked", "name a DM with -devrev-dm")
	p.expect(t, qComment, "not checked", "name a conversation with -devrev-conversation")
	p.expect(t, qMessageStatus, "not checked", "name a chat with -helpcrunch-chat and an agent with -helpcrunch-agent")
	p.expect(t, qMissingTarget, "yes", "400 `invalid_id`")
}

// TestProbe_objectNamedIsMissing: a DM or chat named by a flag that does not
// exist is a question left unanswered (exit 3), with what to check.
func TestProbe_objectNamedIsMissing(t *testing.T) {
	t.Parallel()
	f := probeFake(t, nil)
	p := probe(t, fakeEnv(f), "-writes", "-devrev-dm", "DM-9", "-helpcrunch-chat", "9", "-helpcrunch-agent", "2", "-devrev-missing-object", "DM-1")
	if p.code != exitUnanswered {
		t.Errorf("exit %d, want 3:\n%s", p.code, p.stdout)
	}
	p.expect(t, qChatsScope, "unanswered", "404")
	p.expect(t, qMessageStatus, "unanswered", "404")
	// DM-1 exists: the comment was posted, and the probe says so.
	p.expect(t, qMissingTarget, "unanswered", "DevRev posted the comment, so DM-1 exists")
	for _, want := range []string{"check that DM-9 is a DM the token's user is in", "check that chat 9 and agent 2 exist", "DM-1 exists: name an object that does not with -devrev-missing-object"} {
		if !strings.Contains(p.stdout, want) {
			t.Errorf("the closing line lacks %q:\n%s", want, p.stdout)
		}
	}
}

// TestProbe_rateLimitedWaitsAsTheClient: a 429 is waited out as the
// provider's client does (DevRev's Retry-After; HelpCrunch's window, since
// its 429 names no wait), the answers are the same, and the 429s are
// reported as they came.
func TestProbe_rateLimitedWaitsAsTheClient(t *testing.T) {
	t.Parallel()
	f := probeFake(t, nil)
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: helpcrunch.RouteChatsSearch, Status: http.StatusTooManyRequests},
		{Route: devrev.RouteSchemasCustomList, Status: http.StatusTooManyRequests, RetryAfterSeconds: 1},
	}})
	start := time.Now()
	p := probe(t, fakeEnv(f), allWrites...)
	took := time.Since(start)
	if p.code != exitAgree {
		t.Errorf("exit %d, want 0:\n%s", p.code, p.stdout)
	}
	if took < time.Second {
		t.Errorf("the probe took %s: it did not wait the second DevRev's 429 asked for", took)
	}
	p.expect(t, qStatusSearch, "yes", "names;")
	p.expect(t, qCustomFields, "yes", "3 fragments")
	p.expect(t, qRateLimits, "yes", "2 calls answered 429",
		"HelpCrunch 429 on POST /helpcrunch/v1/chats/search (no wait named); headers: Content-Type: application/json; body: "+
			`{"errors":[{"code":"too_many_requests","message":"Too many requests: the limit is 120 requests a minute."}]}`,
		"DevRev 429 on GET /devrev/schemas.custom.list (Retry-After 1); headers: Content-Type: application/json; Retry-After: 1; body: "+
			`{"message":"Rate limit exceeded.","retry_after":1,"type":"too_many_requests"}`)
	want := acctest.Requests{}
	for route, n := range everyQuestionCall {
		want[route] = n
	}
	want[helpcrunch.RouteChatsSearch]++
	want[devrev.RouteSchemasCustomList]++
	f.RequireRequests(t, want)
	if !strings.Contains(p.stdout, "requests sent (retries included): DevRev 6, HelpCrunch 10") {
		t.Errorf("the retries are not counted:\n%s", p.stdout)
	}
}

// TestProbe_credentialsRejected: a 401 is a clear "credentials rejected"
// line (exit 3), each platform's other questions make no call, and the
// credential never shows, not even where the API echoes it back.
func TestProbe_credentialsRejected(t *testing.T) {
	t.Parallel()
	t.Run("fake", func(t *testing.T) {
		t.Parallel()
		f := probeFake(t, nil)
		env := fakeEnv(f)
		env[EnvDevRevToken], env[EnvHelpCrunchAPIKey] = "wrong-SECRET-token", "wrong-SECRET-key"
		p := probe(t, env, allWrites...)
		if p.code != exitUnanswered {
			t.Errorf("exit %d, want 3:\n%s", p.code, p.stdout)
		}
		p.expect(t, qStatusSearch, "unanswered", "credentials rejected: HelpCrunch POST /chats/search: HTTP 401 invalid_token")
		p.expect(t, qCustomFields, "unanswered", "credentials rejected: DevRev GET /schemas.custom.list: HTTP 401 unauthenticated")
		p.expect(t, qChatsScope, "unanswered", "not asked: DevRev rejected DEVREV_TOKEN (HTTP 401) above")
		p.expect(t, qMessageStatus, "unanswered", "not asked: HelpCrunch rejected HELPCRUNCH_API_KEY (HTTP 401) above")
		for _, want := range []string{"HelpCrunch rejected HELPCRUNCH_API_KEY: check it (and HELPCRUNCH_ENDPOINT)", "DevRev rejected DEVREV_TOKEN: check it (and DEVREV_ENDPOINT)"} {
			if !strings.Contains(p.stdout, want) {
				t.Errorf("the closing line lacks %q:\n%s", want, p.stdout)
			}
		}
		f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: 1, devrev.RouteSchemasCustomList: 1})
	})
	t.Run("echoed", func(t *testing.T) {
		t.Parallel()
		// An API that quotes the credential it refused, in its body and a header.
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("WWW-Authenticate", r.Header.Get("Authorization"))
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprintf(w, `{"type":"unauthenticated","message":"%s is not valid","errors":[{"code":"invalid_token","message":"%s"}]}`,
				r.Header.Get("Authorization"), r.Header.Get("Authorization"))
		}))
		t.Cleanup(echo.Close)
		p := probe(t, map[string]string{EnvDevRevToken: "wrong-SECRET-token", EnvDevRevEndpoint: echo.URL,
			EnvHelpCrunchAPIKey: "wrong-SECRET-key", EnvHelpCrunchEndpoint: echo.URL}, allWrites...)
		if p.code != exitUnanswered || !strings.Contains(p.stdout, "credentials rejected") || !strings.Contains(p.stdout, "<redacted>") {
			t.Errorf("exit %d, want 3 with the credential masked:\n%s", p.code, p.stdout)
		}
	})
}

// TestProbe_platformsWithoutCredentials are not checked and count as no
// disagreement; with neither, the probe says what to set and exits 2.
func TestProbe_platformsWithoutCredentials(t *testing.T) {
	t.Parallel()
	f := probeFake(t, nil)
	env := fakeEnv(f)
	delete(env, EnvDevRevToken)
	p := probe(t, env, allWrites...)
	if p.code != exitAgree {
		t.Errorf("HelpCrunch alone: exit %d, want 0:\n%s", p.code, p.stdout)
	}
	for _, q := range []string{qCustomFields, qChatsScope, qMissingTarget, qComment} {
		p.expect(t, q, "not checked", "not checked (no credentials)")
	}
	p.expect(t, qStatusSearch, "yes", "names")
	if !strings.Contains(p.stdout, "DevRev not checked (DEVREV_TOKEN unset)") {
		t.Errorf("the header does not say DevRev is not checked:\n%s", p.stdout)
	}
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: 3, helpcrunch.RouteMessageCreate: 1, helpcrunch.RouteCustomerGet: 2,
		helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteCustomerUpdate: 1, helpcrunch.RouteCustomerDelete: 1})

	p = probe(t, map[string]string{}, allWrites...)
	if p.code != exitUsage || !strings.Contains(p.stdout, "result: nothing was checked (12 questions not checked): set DEVREV_TOKEN and/or HELPCRUNCH_API_KEY.") {
		t.Errorf("no credentials: exit %d, want 2 and what to set:\n%s", p.code, p.stdout)
	}
}

// TestProbe_usage: bad flags and endpoints are usage errors (exit 2) that
// name what is wrong; -h is help.
func TestProbe_usage(t *testing.T) {
	t.Parallel()
	env := map[string]string{EnvDevRevToken: testToken, EnvHelpCrunchAPIKey: testKey}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{env, []string{"-h"}, exitAgree, "Usage: probe [flags]"},
		{env, []string{"-helpcrunch-chat", "x"}, exitUsage, `-helpcrunch-chat "x" is not a HelpCrunch id`},
		{env, []string{"-helpcrunch-agent", "0"}, exitUsage, `-helpcrunch-agent "0" is not a HelpCrunch id`},
		{env, []string{"extra"}, exitUsage, `unexpected arguments ["extra"]`},
		{env, []string{"-timeout", "0s"}, exitUsage, "-timeout must be longer than zero"},
		{env, []string{"-devrev-missing-object", ""}, exitUsage, "-devrev-missing-object must not be empty"},
		{env, []string{"-no-such-flag"}, exitUsage, "flag provided but not defined"},
		{map[string]string{EnvDevRevToken: testToken, EnvDevRevEndpoint: "http://api.example.com"}, nil, exitUsage, `DEVREV_ENDPOINT="http://api.example.com" is not a valid endpoint`},
		{map[string]string{EnvHelpCrunchAPIKey: testKey, EnvHelpCrunchEndpoint: "ftp://127.0.0.1/v1"}, nil, exitUsage, `HELPCRUNCH_ENDPOINT="ftp://127.0.0.1/v1" is not a valid endpoint`},
	} {
		p := probe(t, tc.env, tc.args...)
		if p.code != tc.code || !strings.Contains(p.stderr, tc.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want %d with %q", tc.env, tc.args, p.code, p.stderr, tc.code, tc.want)
		}
	}
}

// tamper serves the fake with the answers of some requests replaced: what
// an account the provider would not cope with could answer.
func tamper(t *testing.T, f *fake.Server, answer func(r *http.Request, body []byte) (status int, reply string, ok bool)) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if status, reply, ok := answer(r, body); ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, reply)
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestProbe_disagreements: answers the provider would not cope with are
// each a disagreement (exit 1), and the closing line says what to change.
func TestProbe_disagreements(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		answer   func(r *http.Request, body []byte) (int, string, bool)
		question string
		parts    []string
		change   string
	}{
		{
			name: "status search in neither form",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusOK, `{"data":[],"meta":{"total":0}}`, strings.HasSuffix(r.URL.Path, "/chats/search") && bytes.Contains(body, []byte("chats.status"))
			},
			question: qStatusSearch, parts: []string{`neither form; searched for pending chats: "pending" found none; "3" found none`},
			change: `a search by status finds no chats in either form the provider tries ("pending", "3")`,
		},
		{
			name: "status search refused in both forms",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusBadRequest, `{"errors":[{"code":"invalid_request","message":"Invalid request"},{"code":"filter[0].value","message":"bad status"}]}`,
					strings.HasSuffix(r.URL.Path, "/chats/search") && bytes.Contains(body, []byte("chats.status"))
			},
			question: qStatusSearch, parts: []string{`neither form`, `"pending" refused (HelpCrunch POST /chats/search: HTTP 400`},
			change: "teach it to HelpCrunchChatsService.Search",
		},
		{
			name: "statuses read back as numbers",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusOK, `{"data":[{"id":1,"status":4}],"meta":{"total":1}}`, strings.HasSuffix(r.URL.Path, "/chats/search") && !bytes.Contains(body, []byte("chats.status"))
			},
			question: qStatusSpelling, parts: []string{"statuses that are not strings: 4"},
			change: "HelpCrunch reads statuses back as something else than strings",
		},
		{
			name: "a status the provider does not know",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusOK, `{"data":[{"id":1,"status":"snoozed"}]}`, strings.HasSuffix(r.URL.Path, "/chats/search") && !bytes.Contains(body, []byte("chats.status"))
			},
			question: qStatusSpelling, parts: []string{`unknown: "snoozed"`},
			change: `HelpCrunch reads back statuses the provider does not know ("snoozed")`,
		},
		{
			name: "a total that is not a number",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusOK, `{"data":[{"id":1,"status":"pending"}],"meta":{"total":"1"}}`, strings.HasSuffix(r.URL.Path, "/chats/search") && !bytes.Contains(body, []byte("chats.status"))
			},
			question: qSearchTotal, parts: []string{"`meta.total` = \"1\"", "the provider cannot read the page"},
			change: "HelpCrunchChatList.UnmarshalJSON (internal/client/helpcrunch_chats.go) must read this page's shape",
		},
		{
			name: "a message without its id",
			answer: func(r *http.Request, _ []byte) (int, string, bool) {
				return http.StatusCreated, `{"ok":true}`, strings.HasSuffix(r.URL.Path, "/messages")
			},
			question: qMessageStatus, parts: []string{"201, with a body the provider cannot read as a message with an id"},
			change: "HelpCrunchMessage (internal/client/helpcrunch_messages.go) must read what POST /messages answers",
		},
		{
			name: "closedBy read back as an object",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusOK, `{"data":[{"id":1,"status":"closed","closedBy":{"id":4},"rating":5}]}`,
					strings.HasSuffix(r.URL.Path, "/chats/search") && !bytes.Contains(body, []byte("chats.status"))
			},
			question: qChatFieldTypes, parts: []string{"in the newest 1 chats: `closedBy`: other ({\"id\":4}); `rating`: numbers (5)"},
			change: "HelpCrunch reads closedBy back as something else than a string or a number",
		},
		{
			name: "a DM without its id even in the beta scope",
			answer: func(r *http.Request, _ []byte) (int, string, bool) {
				return http.StatusOK, `{"chat":{"type":"dm"}}`, strings.HasSuffix(r.URL.Path, "/chats.get")
			},
			question: qChatsScope, parts: []string{"the public chat object", "with the header, as the provider sends it: DevRev chats.get answered a chat without its id"},
			change: "DevRev does not answer the DM even in its beta scope",
		},
		{
			name: "a fragment type with no known prefix",
			answer: func(r *http.Request, _ []byte) (int, string, bool) {
				return http.StatusOK, `{"result":[{"type":"tenant_fragment","fields":[{"name":"tier"}]},{"type":"stock_fragment","fields":[{"name":"x"}]},` +
					`{"type":"app_fragment","app":"","fields":[{"name":"plan"}]}]}`, strings.HasSuffix(r.URL.Path, "/schemas.custom.list")
			},
			question: qCustomFields, parts: []string{"fragment types the provider names no prefix for: stock_fragment", `field names the provider refuses at plan: "__plan"`},
			change: "find the prefix DevRev gives the fields of stock_fragment fragments",
		},
		{
			name: "a missing target answered 403",
			answer: func(r *http.Request, body []byte) (int, string, bool) {
				return http.StatusForbidden, `{"type":"forbidden","message":"Not allowed."}`,
					strings.HasSuffix(r.URL.Path, "/timeline-entries.create") && bytes.Contains(body, []byte("CONV-999999999"))
			},
			question: qMissingTarget, parts: []string{"403 `forbidden` (Not allowed.)"},
			change: "DevRev answers a missing target with 403 forbidden: have postMessage (internal/provider/action_base.go) give its not-found hint for that answer too",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fx := fake.DefaultFixtures()
			fx.DevRev.Token, fx.HelpCrunch.APIKey = testToken, testKey
			fx.HelpCrunch.Chats = []helpcrunch.ChatFixture{{ID: 1, Customer: 1, Application: 1, Status: "pending"}}
			srv := fake.MustNew(fake.Options{Fixtures: fx, GenerateConversations: 1})
			url := tamper(t, srv, tc.answer)
			dm, _ := json.Marshal(map[string]any{"type": "dm", "users": []string{"DEVU-1", "DEVU-2"}})
			req, _ := http.NewRequest(http.MethodPost, url+devrev.Prefix+"/chats.create", bytes.NewReader(dm))
			req.Header.Set("Authorization", "Bearer "+testToken)
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusCreated {
				t.Fatalf("creating DM-1: %v %v", resp, err)
			} else {
				_ = resp.Body.Close()
			}
			p := probe(t, map[string]string{EnvDevRevToken: testToken, EnvDevRevEndpoint: url + devrev.Prefix,
				EnvHelpCrunchAPIKey: testKey, EnvHelpCrunchEndpoint: url + helpcrunch.Prefix}, allWrites...)
			if p.code != exitDisagree {
				t.Errorf("exit %d, want 1:\n%s", p.code, p.stdout)
			}
			p.expect(t, tc.question, "NO", tc.parts...)
			if !strings.Contains(p.stdout, "answered questions disagree with the provider; to change: ") || !strings.Contains(p.stdout, tc.change) {
				t.Errorf("the closing line does not say to change %q:\n%s", tc.change, p.stdout)
			}
		})
	}
}
