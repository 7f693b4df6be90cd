package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

func TestCreateDM_sendsADefaultDM(t *testing.T) {
	var got map[string]any
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/devrev/chats.create" {
			t.Errorf("request %s %s, want POST /devrev/chats.create", r.Method, r.URL.Path)
		}
		if a := r.Header.Get("Authorization"); a != "Bearer tok" {
			t.Errorf("Authorization %q", a)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"chat":{"type":"dm","id":"don:core:dvrv-us-1:devo/demo:dm/4","display_id":"DM-4"}}`)
	}))
	defer ts.Close()
	t.Setenv("DEVREV_ENDPOINT", ts.URL+"/devrev")
	t.Setenv("DEVREV_TOKEN", "tok")

	var out bytes.Buffer
	if err := run([]string{"create-dm", "DEVU-1", "DEVU-3"}, &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"type": "dm", "users": []any{"DEVU-1", "DEVU-3"}, "is_default": true}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("body %s, want %s", g, w)
	}
	if s := out.String(); s != "Created the default DM of DEVU-1, DEVU-3: DM-4 (don:core:dvrv-us-1:devo/demo:dm/4)\n" {
		t.Errorf("printed %q", s)
	}
}

func TestCreateDM_reportsTheAPIError(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"type":"unauthenticated","message":"No."}`)
	}))
	defer ts.Close()
	t.Setenv("DEVREV_ENDPOINT", ts.URL+"/devrev")
	t.Setenv("DEVREV_TOKEN", "tok")
	err := run([]string{"create-dm", "DEVU-1"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "unauthenticated") {
		t.Errorf("error %v, want the 401 and its body", err)
	}
}

// state reads the fake's control API; with no HelpCrunch chat at all,
// -helpcrunch-closed fails rather than pass vacuously.
func TestState_summarizesTheFake(t *testing.T) {
	srv := fake.MustNew(fake.Options{})
	ts := httptest.NewUnstartedServer(srv)
	srv.Hook(ts.Config)
	ts.Start()
	defer ts.Close()
	control := ts.URL + mockapi.ControlPrefix

	var out bytes.Buffer
	if err := run([]string{"state", control}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DevRev chats (0):", "HelpCrunch chats (0):", "HelpCrunch customers: 20", "HelpCrunch messages (0):"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary %q lacks %q", out.String(), want)
		}
	}
	err := run([]string{"state", control, "-helpcrunch-closed"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no HelpCrunch chats") {
		t.Errorf("-helpcrunch-closed on an empty fake: %v, want an error", err)
	}
}

func TestState_helpcrunchClosed(t *testing.T) {
	state := `{"devrev":{"chats":[{"id":"don:core:dvrv-us-1:devo/demo:dm/1","display_id":"DM-1","is_default":true,` +
		`"users":[{"display_id":"DEVU-3"},{"display_id":"DEVU-1"}]}],"conversations":[]},` +
		`"helpcrunch":{"chats":[{"id":1,"status":"closed","customer":{"id":1},"closedAt":1700000000},{"id":2,"status":"opened","customer":{"id":2},"closedAt":null}],"messages":[{"chat":2,"from":"agent","text":"Welcome!"}]}}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, state)
	}))
	defer ts.Close()
	var out bytes.Buffer
	err := run([]string{"state", ts.URL + "/__mock/", "-helpcrunch-closed"}, &out)
	if err == nil || err.Error() != "HelpCrunch chats 2 are not closed" {
		t.Errorf("error %v, want chat 2 reported open", err)
	}
	for _, want := range []string{
		"DM-1     users=DEVU-1,DEVU-3   default=true  title=-",
		"id=1    customer=1   status=closed     closedAt=1700000000",
		"id=2    customer=2   status=opened     closedAt=-",
		`chat=2    from=agent    text="Welcome!"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary\n%s\nlacks %q", out.String(), want)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
