package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// GET /chats sends only the paging options that are set: a zero offset or
// limit is the API's own default, not a value to send.
func TestHelpCrunchListQuery(t *testing.T) {
	t.Parallel()
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		_, _ = io.WriteString(w, `{"data":[],"meta":{"total":0}}`)
	}))
	t.Cleanup(srv.Close)
	c, err := NewHelpCrunch(Options{Endpoint: srv.URL, Token: "k", RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []*HelpCrunchListOptions{nil, {}, {Offset: 1, Limit: 1}, {Offset: 0, Limit: 0, Sort: "chats.createdAt", Order: "asc"}} {
		if _, err := c.Chats.List(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"", "", "limit=1&offset=1", "order=asc&sort=chats.createdAt"}
	if len(queries) != len(want) {
		t.Fatalf("queries %q, want %q", queries, want)
	}
	for i := range want {
		if queries[i] != want[i] {
			t.Errorf("request %d: query %q, want %q", i, queries[i], want[i])
		}
	}
}
