package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

const convWriteTestResponse = `{"conversation":{"id":"don:core:dvrv-us-1:devo/demo:conversation/3","display_id":"CONV-3","title":"Escalations",
	"members":[{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/1","display_id":"DEVU-1"}],
	"stage":{"name":"new"},"created_date":"2024-05-01T10:00:00.000Z","modified_date":"2024-05-01T10:00:00.000Z"}}`

func TestDevRevConversationsCreate_sendsTheSpecFields(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("POST /conversations.create", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"type":"support","title":"Escalations","description":"Key account","group":"GROUP-1",
			"members":["DEVU-1","DEVU-2"],"owned_by":["DEVU-1"],"channels":["ECC-1"],"is_spam":false,
			"stage":{"name":"new"},"tags":[{"id":"TAG-5","value":"p1"},{"id":"TAG-1"}],
			"custom_fields":{"tnt__tier":"gold"},"custom_schema_spec":{"tenant_fragment":true}}`)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, convWriteTestResponse)
	})
	got, err := c.Conversations.Create(context.Background(), &DevRevConversationCreateRequest{
		Title:            ptr("Escalations"),
		Description:      ptr("Key account"),
		Group:            ptr("GROUP-1"),
		Members:          []string{"DEVU-1", "DEVU-2"},
		OwnedBy:          []string{"DEVU-1"},
		Channels:         []string{"ECC-1"},
		IsSpam:           ptr(false),
		Stage:            &DevRevConversationStage{Name: "new"},
		Tags:             []DevRevConversationSetTag{{ID: "TAG-5", Value: ptr("p1")}, {ID: "TAG-1"}},
		CustomFields:     json.RawMessage(`{"tnt__tier":"gold"}`),
		CustomSchemaSpec: &DevRevChatCustomSchemaSpec{TenantFragment: ptr(true)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "don:core:dvrv-us-1:devo/demo:conversation/3" || got.DisplayID != "CONV-3" || got.Stage.Name != "new" || len(got.Members) != 1 {
		t.Errorf("conversation = %+v", got)
	}
}

func TestDevRevConversationsGet(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("GET /conversations.get", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("id"); got != "CONV-3" {
			t.Errorf("id = %q", got)
		}
		fmt.Fprint(w, convWriteTestResponse)
	})
	got, err := c.Conversations.Get(context.Background(), "CONV-3")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Escalations" {
		t.Errorf("title = %q", got.Title)
	}
}

func TestDevRevConversationsGet_notFound(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("GET /conversations.get", respond(http.StatusNotFound, `{"type":"not_found","message":"gone"}`))
	_, err := c.Conversations.Get(context.Background(), "CONV-9")
	if !IsNotFound(err) {
		t.Errorf("err = %v, want a 404", err)
	}
}

// An update sends only what is set, lists as {"set": [...]}, and is retried
// after a 503 because sending it twice changes nothing more.
func TestDevRevConversationsUpdate_onlySetFieldsAndRetried(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var calls atomic.Int32
	flaky := recoverAfter(&calls, 1, http.StatusServiceUnavailable, `{"type":"service_unavailable","message":"try later"}`, convWriteTestResponse)
	mux.HandleFunc("POST /conversations.update", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"id":"CONV-3","members":{"set":["DEVU-1","DEVU-4"]},"tags":{"set":[{"id":"TAG-2"}]},"is_frozen":true}`)
		flaky(w, r)
	})
	_, err := c.Conversations.Update(context.Background(), &DevRevConversationUpdateRequest{
		ID:       "CONV-3",
		Members:  &DevRevChatSet{Set: []string{"DEVU-1", "DEVU-4"}},
		Tags:     &DevRevConversationTags{Set: &[]DevRevConversationSetTag{{ID: "TAG-2"}}},
		IsFrozen: ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d attempts, want 2", calls.Load())
	}
}

func TestDevRevConversationsDelete(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("POST /conversations.delete", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"id":"CONV-3"}`)
		fmt.Fprint(w, `{}`)
	})
	if err := c.Conversations.Delete(context.Background(), "CONV-3"); err != nil {
		t.Fatal(err)
	}
}
