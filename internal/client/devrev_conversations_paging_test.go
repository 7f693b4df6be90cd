package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// pagingServer answers conversations.list with pages of size conversations
// whatever limit is asked (an API that ignores the page size), each of the
// pages pointing at the next by cursor. The call numbered failAt answers
// 400; with loop, every page points at the same cursor.
func pagingServer(t *testing.T, size, pages int, failAt int, loop bool) (*DevRev, *atomic.Int32) {
	t.Helper()
	c, _, mux := setup(t, retries(0))
	var calls atomic.Int32
	mux.HandleFunc("POST /conversations.list", func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		if n == failAt {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"type":"bad_request","message":"nope"}`)
			return
		}
		items := make([]string, size)
		for i := range items {
			items[i] = fmt.Sprintf(`{"id":"c%d-%d"}`, n, i)
		}
		next := ""
		switch {
		case loop:
			next = "same"
		case n < pages:
			next = fmt.Sprintf("p%d", n+1)
		}
		fmt.Fprintf(w, `{"conversations":[%s],"next_cursor":%q}`, strings.Join(items, ","), next)
	})
	return c, &calls
}

// A limit is never overshot, even by an API that ignores the page size.
func TestListIterLimitAgainstOversizedPages(t *testing.T) {
	t.Parallel()
	c, calls := pagingServer(t, 3, 10, 0, false)
	res, err := listAll(context.Background(), c, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conversations) != 4 || res.Conversations[3].ID != "c2-0" || res.Pages != 2 || calls.Load() != 2 {
		t.Fatalf("read %d conversations (last %v) in %d pages, %d calls; want 4 ending at c2-0, in 2", len(res.Conversations), res.Conversations, res.Pages, calls.Load())
	}
}

// A failed page says which page it was.
func TestListIterNamesTheFailedPage(t *testing.T) {
	t.Parallel()
	c, _ := pagingServer(t, 2, 5, 2, false)
	_, err := listAll(context.Background(), c, nil, 0)
	if err == nil || !strings.HasPrefix(err.Error(), "reading page 2: ") || !IsBadRequest(err) {
		t.Fatalf("err = %v, want the 400 of page 2", err)
	}
}

// A cursor that comes back stops the listing with the page it came back on.
func TestListIterStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	c, calls := pagingServer(t, 1, 0, 0, true)
	_, err := listAll(context.Background(), c, nil, 0)
	if err == nil || !strings.HasPrefix(err.Error(), `reading page 3: the API returned cursor "same" a second time`) || calls.Load() != 2 {
		t.Fatalf("err = %v after %d calls, want a stop before page 3", err, calls.Load())
	}
}
