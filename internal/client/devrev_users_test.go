package client

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

const devUserTestJSON = `{"id":"don:identity:dvrv-us-1:devo/demo:devu/3","display_id":"DEVU-3","display_name":"user3",
	"full_name":"Demo User 3","email":"user3@example.com","state":"active"}`

func TestDevRevUsersList_sendsTheFilters(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("POST /dev-users.list", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"email":["user3@example.com"],"state":["active"],"limit":2,"cursor":"abc"}`)
		fmt.Fprintf(w, `{"dev_users":[%s],"next_cursor":"def"}`, devUserTestJSON)
	})
	page, err := c.Users.List(context.Background(), &DevRevUsersListRequest{Email: []string{"user3@example.com"}, State: []string{"active"}, Limit: 2, Cursor: "abc"})
	if err != nil {
		t.Fatal(err)
	}
	want := DevRevUser{ID: "don:identity:dvrv-us-1:devo/demo:devu/3", DisplayID: "DEVU-3", DisplayName: "user3", FullName: "Demo User 3", Email: "user3@example.com", State: "active"}
	if len(page.DevUsers) != 1 || page.DevUsers[0] != want || page.NextCursor != "def" {
		t.Errorf("page = %+v", page)
	}
}

// A read is retried after a 429 and a 503, and is still one call.
func TestDevRevUsersGet_retried(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("GET /dev-users.get", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("id"); got != "DEVU-3" {
			t.Errorf("id = %q", got)
		}
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"type":"too_many_requests","message":"slow down"}`)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"type":"service_unavailable","message":"busy"}`)
		default:
			fmt.Fprintf(w, `{"dev_user":%s}`, devUserTestJSON)
		}
	})
	u, err := c.Users.Get(context.Background(), "DEVU-3")
	if err != nil || u.DisplayID != "DEVU-3" || calls.Load() != 3 {
		t.Errorf("Get = %+v, %v after %d calls", u, err, calls.Load())
	}
}

func TestDevRevUsersGet_notFound(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("GET /dev-users.get", respond(http.StatusNotFound, `{"type":"not_found","message":"no such user"}`))
	if _, err := c.Users.Get(context.Background(), "DEVU-99"); !IsNotFound(err) {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestDevRevUsersSelf(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("GET /dev-users.self", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"dev_user":%s}`, devUserTestJSON)
	})
	u, err := c.Users.Self(context.Background())
	if err != nil || u.Email != "user3@example.com" {
		t.Errorf("Self = %+v, %v", u, err)
	}
}
