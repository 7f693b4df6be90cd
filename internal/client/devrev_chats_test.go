package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const drcTestChatJSON = `{"chat": {
	"type": "dm",
	"id": "don:core:dvrv-us-1:devo/demo:dm/7",
	"display_id": "DM-7",
	"title": "Ops",
	"users": [
		{"type": "dev_user", "id": "don:identity:dvrv-us-1:devo/demo:devu/1", "display_id": "DEVU-1", "display_name": "user1"},
		{"type": "dev_user", "id": "don:identity:dvrv-us-1:devo/demo:devu/2", "display_id": "DEVU-2"}
	],
	"created_by": {"type": "dev_user", "id": "don:identity:dvrv-us-1:devo/demo:devu/1", "display_id": "DEVU-1"},
	"created_date": "2024-05-01T10:00:00.000Z",
	"modified_date": "2024-05-02T10:00:00.000Z",
	"groups": [{"id": "don:identity:dvrv-us-1:devo/demo:group/9"}, "don:identity:dvrv-us-1:devo/demo:group/10"]
}}`

// Each call sends its documented request, with the API's headers, and
// decodes the DM it is answered with.
func TestDevRevChatsService_requests(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, path, query string
		// body is the JSON the call sends; "" for a GET, which sends none.
		body   string
		status int
		call   func(context.Context, *DevRev) (*DevRevChat, error)
	}{
		{
			name: "create", method: "POST", path: "/chats.create", status: http.StatusCreated,
			body: `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops","records":["ISS-3"],
				"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"apps":["a"],"tenant_fragment":true},"get_if_conflict":true}`,
			call: func(ctx context.Context, c *DevRev) (*DevRevChat, error) {
				return c.Chats.Create(ctx, &DevRevChatCreateRequest{
					Users:            []string{"DEVU-1", "DEVU-2"},
					Title:            ptr("Ops"),
					Records:          []string{"ISS-3"},
					CustomFields:     json.RawMessage(`{"tnt__team":"ops"}`),
					CustomSchemaSpec: &DevRevChatCustomSchemaSpec{Apps: []string{"a"}, TenantFragment: ptr(true)},
					GetIfConflict:    ptr(true),
				})
			},
		},
		{
			name: "get", method: "GET", path: "/chats.get", query: "id=DM-7", status: http.StatusOK,
			call: func(ctx context.Context, c *DevRev) (*DevRevChat, error) { return c.Chats.Get(ctx, "DM-7") },
		},
		{
			name: "get a DM by its users", method: "POST", path: "/chats.get", status: http.StatusOK,
			body: `{"type":"dm","users":["DEVU-1","DEVU-2"]}`,
			call: func(ctx context.Context, c *DevRev) (*DevRevChat, error) {
				return c.Chats.GetDM(ctx, []string{"DEVU-1", "DEVU-2"})
			},
		},
		{
			name: "update", method: "POST", path: "/chats.update", status: http.StatusOK,
			body: `{"type":"dm","id":"DM-7","title":"New","users":{"set":["DEVU-1","DEVU-3"]}}`,
			call: func(ctx context.Context, c *DevRev) (*DevRevChat, error) {
				return c.Chats.Update(ctx, &DevRevChatUpdateRequest{
					ID:    "DM-7",
					Title: ptr("New"),
					Users: &DevRevChatSet{Set: []string{"DEVU-1", "DEVU-3"}},
				})
			},
		},
		{
			// An empty records.set clears the records; it must be sent, not omitted.
			name: "update records and custom fields", method: "POST", path: "/chats.update", status: http.StatusOK,
			body: `{"type":"dm","id":"DM-7","records":{"set":[]},"custom_fields":{"tnt__a":1,"tnt__b":null},
				"custom_schema_spec":{"subtype":"x","validate_required_fields":false}}`,
			call: func(ctx context.Context, c *DevRev) (*DevRevChat, error) {
				return c.Chats.Update(ctx, &DevRevChatUpdateRequest{
					ID:               "DM-7",
					Records:          &DevRevChatSet{Set: []string{}},
					CustomFields:     json.RawMessage(`{"tnt__a":1,"tnt__b":null}`),
					CustomSchemaSpec: &DevRevChatCustomSchemaSpec{Subtype: ptr("x"), ValidateRequiredFields: ptr(false)},
				})
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t, retries(0))
			mux.HandleFunc(tc.path, func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, tc.method)
				testAPIHeaders(t, r, tc.body != "")
				if r.URL.RawQuery != tc.query {
					t.Errorf("query = %q, want %q", r.URL.RawQuery, tc.query)
				}
				if tc.body != "" {
					testJSONBody(t, r, tc.body)
				} else if r.ContentLength > 0 {
					t.Errorf("%s carries a body of %d bytes", tc.method, r.ContentLength)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, drcTestChatJSON)
			})
			chat, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			testDecodedTestChat(t, chat)
		})
	}
}

// testDecodedTestChat checks chat is drcTestChatJSON, decoded.
func testDecodedTestChat(t *testing.T, chat *DevRevChat) {
	t.Helper()
	if chat.ID != "don:core:dvrv-us-1:devo/demo:dm/7" || chat.DisplayID != "DM-7" || chat.Type != "dm" {
		t.Errorf("chat id/display_id/type = %q/%q/%q", chat.ID, chat.DisplayID, chat.Type)
	}
	if chat.Title == nil || *chat.Title != "Ops" {
		t.Errorf("title = %v, want Ops", chat.Title)
	}
	if len(chat.Users) != 2 || chat.Users[1].DisplayID != "DEVU-2" || chat.Users[1].ID != "don:identity:dvrv-us-1:devo/demo:devu/2" {
		t.Errorf("users = %+v", chat.Users)
	}
	if got := chat.UserRefs(); len(got) != 2 || got[0] != (DevRevChatRef{ID: "don:identity:dvrv-us-1:devo/demo:devu/1", DisplayID: "DEVU-1"}) {
		t.Errorf("UserRefs = %v", got)
	}
	if got := chat.GroupIDs(); len(got) != 2 || got[0] != "don:identity:dvrv-us-1:devo/demo:group/9" || got[1] != "don:identity:dvrv-us-1:devo/demo:group/10" {
		t.Errorf("GroupIDs = %v", got)
	}
	if chat.CreatedBy == nil || chat.CreatedBy.DisplayID != "DEVU-1" || chat.CreatedDate != "2024-05-01T10:00:00.000Z" || chat.ModifiedDate != "2024-05-02T10:00:00.000Z" {
		t.Errorf("created_by/dates = %+v %q %q", chat.CreatedBy, chat.CreatedDate, chat.ModifiedDate)
	}
}

// recordedBodies is a handler's log of the request bodies it received.
type recordedBodies struct {
	mu     sync.Mutex
	bodies []string
	at     []time.Time
}

func (rb *recordedBodies) add(t *testing.T, r *http.Request) int {
	t.Helper()
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("reading body: %v", err)
	}
	rb.mu.Lock()
	defer rb.mu.Unlock()
	rb.bodies = append(rb.bodies, string(raw))
	rb.at = append(rb.at, time.Now())
	return len(rb.bodies)
}

func decodeJSON(t *testing.T, raw string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("body %q: %v", raw, err)
	}
	return m
}

func TestDevRevChatsService_Create_retryAfter503SendsGetIfConflict(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var rb recordedBodies
	mux.HandleFunc("/chats.create", func(w http.ResponseWriter, r *http.Request) {
		if rb.add(t, r) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"type":"service_unavailable","message":"try later"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, drcTestChatJSON)
	})

	chat, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: []string{"DEVU-1", "DEVU-2"}})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if chat.DisplayID != "DM-7" {
		t.Errorf("display_id = %q, want DM-7", chat.DisplayID)
	}
	if len(rb.bodies) != 2 {
		t.Fatalf("attempts = %d, want 2", len(rb.bodies))
	}
	first, second := decodeJSON(t, rb.bodies[0]), decodeJSON(t, rb.bodies[1])
	if _, ok := first["get_if_conflict"]; ok {
		t.Errorf("first attempt sent get_if_conflict: %s", rb.bodies[0])
	}
	if second["get_if_conflict"] != true {
		t.Errorf("retry did not send get_if_conflict=true: %s", rb.bodies[1])
	}
	delete(second, "get_if_conflict")
	if s, _ := json.Marshal(second); string(s) != `{"type":"dm","users":["DEVU-1","DEVU-2"]}` {
		t.Errorf("retry changed more than get_if_conflict: %s", s)
	}
}

func TestDevRevChatsService_Create_nonDefaultNotRetriedAfter5xx(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var rb recordedBodies
	mux.HandleFunc("/chats.create", func(w http.ResponseWriter, r *http.Request) {
		rb.add(t, r)
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"type":"internal_error","message":"boom","reference_id":"ref-1"}`)
	})

	isDefault := false
	_, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, IsDefault: &isDefault})
	if err == nil {
		t.Fatal("Create succeeded, want an error")
	}
	if len(rb.bodies) != 1 {
		t.Errorf("attempts = %d, want 1 (a non-default DM cannot be deduplicated)", len(rb.bodies))
	}
	if !MayHaveCommitted(err) {
		t.Errorf("MayHaveCommitted = false, want true for a 5xx answer to a sent create: %v", err)
	}
	if decodeJSON(t, rb.bodies[0])["is_default"] != false {
		t.Errorf("is_default not sent as false: %s", rb.bodies[0])
	}
}

func TestDevRevChatsService_Create_defaultDoesNotMayHaveCommitted(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t, retries(1))
	var calls atomic.Int32
	mux.HandleFunc("/chats.create", answer(&calls, http.StatusServiceUnavailable, `{"type":"service_unavailable","message":"down"}`))
	_, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: []string{"DEVU-1"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Type != "service_unavailable" {
		t.Fatalf("err = %v, want a 503 service_unavailable APIError", err)
	}
	// The next plan with get_if_conflict adopts a chat the lost attempt made.
	if MayHaveCommitted(err) {
		t.Errorf("MayHaveCommitted = true for a default DM, whose retry is idempotent")
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("calls = %d, want 2: a default DM's create is retried", n)
	}
}

func TestDevRevChatsService_Create_429RetryAfterBodyHonoured(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t, retries(2))
	var rb recordedBodies
	mux.HandleFunc("/chats.create", func(w http.ResponseWriter, r *http.Request) {
		if rb.add(t, r) == 1 {
			// DevRev may carry the wait only in the body.
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"type":"too_many_requests","message":"slow down","retry_after":1}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, drcTestChatJSON)
	})

	isDefault := false
	if _, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, IsDefault: &isDefault}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if len(rb.bodies) != 2 {
		t.Fatalf("attempts = %d, want 2", len(rb.bodies))
	}
	// The backoff is at most 5ms; only the body's retry_after explains a wait of a second.
	if gap := rb.at[1].Sub(rb.at[0]); gap < 900*time.Millisecond {
		t.Errorf("retried after %s, want the 1s retry_after honoured", gap)
	}
	// A 429 was not acted on: even a non-default create is retried, unchanged.
	if rb.bodies[0] != rb.bodies[1] {
		t.Errorf("retry body %s differs from %s", rb.bodies[1], rb.bodies[0])
	}
}

func TestDevRevChatsService_Create_429BeyondDeadlineNotRetried(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t, retries(2))
	var rb recordedBodies
	mux.HandleFunc("/chats.create", func(w http.ResponseWriter, r *http.Request) {
		rb.add(t, r)
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"type":"too_many_requests","message":"slow down","retry_after":30}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.Chats.Create(ctx, &DevRevChatCreateRequest{Users: []string{"DEVU-1"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429", err)
	}
	if apiErr.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter = %s, want 30s from the body", apiErr.RetryAfter)
	}
	if len(rb.bodies) != 1 {
		t.Errorf("attempts = %d, want 1: the wait is past the deadline", len(rb.bodies))
	}
}

// A refusal is final: sent once, and decoded into an APIError that says
// what the API said and nothing it must not.
func TestDevRevChatsService_refusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, path string
		status     int
		answer     string
		call       func(context.Context, *DevRev) error
		check      func(*testing.T, error)
	}{
		{
			name: "create conflict", path: "/chats.create", status: http.StatusConflict,
			answer: `{"type":"conflict","message":"A default DM already exists for these users."}`,
			call: func(ctx context.Context, c *DevRev) error {
				_, err := c.Chats.Create(ctx, &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, GetIfConflict: ptr(false)})
				return err
			},
			check: func(t *testing.T, err error) {
				if !IsConflict(err) {
					t.Fatalf("err = %v, want a conflict", err)
				}
			},
		},
		{
			name: "get not found", path: "/chats.get", status: http.StatusNotFound,
			answer: `{"type":"not_found","message":"Chat DM-9 not found.","detail":"no chat with that id","reference_id":"ref-42"}`,
			call: func(ctx context.Context, c *DevRev) error {
				_, err := c.Chats.Get(ctx, "DM-9")
				return err
			},
			check: func(t *testing.T, err error) {
				apiErr := requireErrorAs[*APIError](t, err)
				if !IsNotFound(err) {
					t.Errorf("IsNotFound = false")
				}
				if apiErr.Type != "not_found" || apiErr.Message != "Chat DM-9 not found." || apiErr.Detail != "no chat with that id" || apiErr.ReferenceID != "ref-42" {
					t.Errorf("decoded %+v", apiErr)
				}
				if apiErr.Operation != "chats.get" || apiErr.Platform != "DevRev" {
					t.Errorf("operation/platform = %q/%q", apiErr.Operation, apiErr.Platform)
				}
				want := "DevRev chats.get: HTTP 404 not_found: Chat DM-9 not found. (no chat with that id) [reference id ref-42]"
				if apiErr.Error() != want {
					t.Errorf("Error() = %q\nwant      %q", apiErr.Error(), want)
				}
			},
		},
		{
			name: "get unauthenticated, the token quoted", path: "/chats.get", status: http.StatusUnauthorized,
			answer: `{"type":"unauthenticated","message":"bad token ` + testToken + `"}`,
			call: func(ctx context.Context, c *DevRev) error {
				_, err := c.Chats.Get(ctx, "DM-1")
				return err
			},
			check: func(t *testing.T, err error) {
				if !IsUnauthorized(err) {
					t.Fatalf("err = %v, want 401", err)
				}
				if got := err.Error(); got != "DevRev chats.get: HTTP 401 unauthenticated: bad token <redacted>" {
					t.Errorf("Error() = %q", got)
				}
			},
		},
		{
			name: "update invalid field", path: "/chats.update", status: http.StatusBadRequest,
			answer: `{"type":"invalid_field","field_name":"users","message":"The authenticated user must be included."}`,
			call: func(ctx context.Context, c *DevRev) error {
				_, err := c.Chats.Update(ctx, &DevRevChatUpdateRequest{ID: "DM-7", Users: &DevRevChatSet{Set: []string{"DEVU-2"}}})
				return err
			},
			check: func(t *testing.T, err error) {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Type != "invalid_field" || apiErr.Message != "The authenticated user must be included." {
					t.Fatalf("err = %v, want the 400 invalid_field", err)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t)
			var calls atomic.Int32
			mux.HandleFunc(tc.path, answer(&calls, tc.status, tc.answer))
			tc.check(t, tc.call(context.Background(), c))
			if n := calls.Load(); n != 1 {
				t.Errorf("calls = %d, want 1 (a %d is final)", n, tc.status)
			}
		})
	}
}

func TestDevRevChatsService_Get_retries5xx(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("/chats.get", recoverAfter(&calls, 2, http.StatusBadGateway, "", drcTestChatJSON))
	if _, err := c.Chats.Get(context.Background(), "DM-7"); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("calls = %d, want 3", n)
	}
}

func TestDevRevChatsService_customFieldsWithoutSpecAreNotSent(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t, retries(0))
	var calls atomic.Int32
	mux.HandleFunc("/", answer(&calls, http.StatusOK, drcTestChatJSON))
	fields := json.RawMessage(`{"tnt__a":1}`)
	if _, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, CustomFields: fields}); err == nil || !strings.Contains(err.Error(), "custom_schema_spec") {
		t.Errorf("Create err = %v, want one naming custom_schema_spec", err)
	}
	if _, err := c.Chats.Update(context.Background(), &DevRevChatUpdateRequest{ID: "DM-7", CustomFields: fields}); err == nil || !strings.Contains(err.Error(), "custom_schema_spec") {
		t.Errorf("Update err = %v, want one naming custom_schema_spec", err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
	// No custom fields (or none at all in {}) need no spec.
	if _, err := c.Chats.Update(context.Background(), &DevRevChatUpdateRequest{ID: "DM-7", CustomFields: json.RawMessage(`{}`)}); err != nil {
		t.Errorf("Update with {}: %v", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests sent, want 1", n)
	}
}

// A create whose answer never comes is marked MayHaveCommitted exactly when
// its retry policy could not make it safe, as an APIError's 5xx is: a
// default DM's retries carry get_if_conflict, a non-default DM has none.
func TestDevRevChatsService_Create_transportErrorFollowsRetryPolicy(t *testing.T) {
	t.Parallel()
	for _, isDefault := range []bool{true, false} {
		t.Run(fmt.Sprintf("is_default=%v", isDefault), func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t, retries(0))
			mux.HandleFunc("/chats.create", func(_ http.ResponseWriter, r *http.Request) {
				// Read the body, so the server notices the client leaving.
				_, _ = io.Copy(io.Discard, r.Body)
				select {
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
				}
			})
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := c.Chats.Create(ctx, &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, IsDefault: &isDefault})
			_ = requireErrorAs[*TransportError](t, err)
			if got, want := MayHaveCommitted(err), !isDefault; got != want {
				t.Errorf("MayHaveCommitted = %v, want %v: %v", got, want, err)
			}
		})
	}
}

// TestDevRevChatsService_betaScope proves every chats.* call is sent in
// DevRev's beta scope, where the DM object is defined, and no other call is;
// and that an answer in the public chat shape (no id) is an error, not a
// chat without an id.
func TestDevRevChatsService_betaScope(t *testing.T) {
	t.Parallel()
	users := []string{"DEVU-1", "DEVU-2"}
	calls := map[string]func(*DevRev) error{
		"chats.create": func(c *DevRev) error {
			_, err := c.Chats.Create(context.Background(), &DevRevChatCreateRequest{Users: users})
			return err
		},
		"chats.get": func(c *DevRev) error { _, err := c.Chats.Get(context.Background(), "DM-7"); return err },
		"chats.get (POST)": func(c *DevRev) error {
			_, err := c.Chats.GetDM(context.Background(), users)
			return err
		},
		"chats.update": func(c *DevRev) error {
			title := "x"
			_, err := c.Chats.Update(context.Background(), &DevRevChatUpdateRequest{ID: "DM-7", Title: &title})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t, retries(0))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "X-Devrev-Scope", "beta")
				_, _ = io.WriteString(w, drcTestChatJSON)
			})
			if err := call(c); err != nil {
				t.Fatal(err)
			}
		})
		t.Run(name+" in the public shape", func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t, retries(0))
			mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, `{"chat": {"type": "dm"}}`)
			})
			err := call(c)
			if err == nil || !strings.Contains(err.Error(), "without its id") {
				t.Errorf("error %v, want one saying the answer has no id", err)
			}
		})
	}
	t.Run("other calls", func(t *testing.T) {
		t.Parallel()
		c, _, mux := setup(t, retries(0))
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if got := r.Header.Get("X-Devrev-Scope"); got != "" {
				t.Errorf("%s sent X-Devrev-Scope: %s; only chats.* are beta operations", r.URL.Path, got)
			}
			_, _ = io.WriteString(w, `{"conversations": []}`)
		})
		if _, err := c.Conversations.List(context.Background(), &DevRevConversationsListRequest{}); err != nil {
			t.Fatal(err)
		}
	})
}
