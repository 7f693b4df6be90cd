package acctest

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
)

// TestCheckRequests compares request counts exactly: a route with another
// count, a route not named, and requests when none are expected all fail.
func TestCheckRequests(t *testing.T) {
	t.Parallel()
	f := NewFake(t)
	get := func() {
		req, err := http.NewRequest(http.MethodGet, f.DevRevURL()+"/chats.get?id=DM-1", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+devrev.DemoToken)
		req.Header.Set("X-Devrev-Scope", "beta")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	if err := f.CheckRequests(nil); err != nil {
		t.Errorf("no request, none expected: %v", err)
	}
	get()
	get()
	for _, tc := range []struct {
		want    Requests
		wantErr string
	}{
		{Requests{devrev.RouteChatsGet: 2}, ""},
		{Requests{devrev.RouteChatsGet: 2, devrev.RouteChatsUpdate: 0}, ""},
		{Requests{devrev.RouteChatsGet: 1}, "GET /devrev/chats.get: 2, want 1"},
		{Requests{devrev.RouteChatsGet: 2, devrev.RouteChatsCreate: 1}, "POST /devrev/chats.create: 0, want 1"},
		{nil, "GET /devrev/chats.get: 2, want none"},
		{Requests{devrev.RouteChatsUpdate: 0}, "GET /devrev/chats.get: 2, want none"},
	} {
		err := f.CheckRequests(tc.want)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%v: %v", tc.want, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%v: error %v, want one saying %q", tc.want, err, tc.wantErr)
		}
	}
	var resp statecheck.CheckStateResponse
	f.ExpectRequests(Requests{devrev.RouteChatsGet: 1}).CheckState(context.Background(), statecheck.CheckStateRequest{}, &resp)
	if resp.Error == nil {
		t.Error("the state check passed a wrong count")
	}
	f.ResetRequests()
	f.RequireRequests(t, nil)
}
