package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

const drtTestEntryJSON = `{"timeline_entry": {
	"type": "timeline_comment",
	"id": "don:core:dvrv-us-1:devo/demo:dm/7:comment/3",
	"object": "don:core:dvrv-us-1:devo/demo:dm/7",
	"object_display_id": "DM-7",
	"body": "Deployed 1.4",
	"body_type": "text",
	"visibility": "internal",
	"created_by": {"type": "dev_user", "id": "don:identity:dvrv-us-1:devo/demo:devu/1", "display_id": "DEVU-1"},
	"created_date": "2024-05-01T10:00:00.000Z",
	"modified_date": "2024-05-01T10:00:00.000Z"
}}`

func TestDevRevTimelineEntriesService_Create(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t, retries(0))
	mux.HandleFunc("/timeline-entries.create", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testAPIHeaders(t, r, true)
		testJSONBody(t, r, `{"type":"timeline_comment","object":"DM-7","body":"Deployed 1.4","body_type":"text","visibility":"internal"}`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, drtTestEntryJSON)
	})
	body, bodyType, vis := "Deployed 1.4", TimelineCommentBodyTypeText, "internal"
	entry, err := c.TimelineEntries.Create(context.Background(), &DevRevTimelineEntryCreateRequest{
		Type: TimelineEntryTypeComment, Object: "DM-7", Body: &body, BodyType: &bodyType, Visibility: &vis,
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if entry.ID != "don:core:dvrv-us-1:devo/demo:dm/7:comment/3" || entry.Object != "don:core:dvrv-us-1:devo/demo:dm/7" ||
		entry.ObjectDisplayID != "DM-7" || entry.Body == nil || *entry.Body != body || entry.Visibility != "internal" ||
		entry.CreatedBy == nil || entry.CreatedBy.DisplayID != "DEVU-1" || entry.CreatedDate != "2024-05-01T10:00:00.000Z" {
		t.Errorf("entry = %+v", entry)
	}
}

func TestDevRevTimelineEntriesService_Create_notRetriedAfter5xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		c, _, mux := setup(t)
		var calls atomic.Int32
		mux.HandleFunc("/timeline-entries.create", func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"type":"internal_error","message":"boom"}`)
		})
		_, err := c.TimelineEntries.Create(context.Background(), &DevRevTimelineEntryCreateRequest{Type: TimelineEntryTypeComment, Object: "DM-1"})
		if err == nil {
			t.Fatalf("%d: Create succeeded, want an error", status)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("%d: timeline-entries.create sent %d times, want exactly 1: a second would post a second comment", status, n)
		}
		if !MayHaveCommitted(err) {
			t.Errorf("%d: MayHaveCommitted = false, want true: the comment may exist", status)
		}
	}
}

func TestDevRevTimelineEntriesService_Create_retriedAfter429(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("/timeline-entries.create", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"type":"too_many_requests","message":"slow down","retry_after":0.01}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, drtTestEntryJSON)
	})
	if _, err := c.TimelineEntries.Create(context.Background(), &DevRevTimelineEntryCreateRequest{Type: TimelineEntryTypeComment, Object: "DM-7"}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("attempts = %d, want 2: a 429 is refused before anything is posted", n)
	}
}

func TestDevRevTimelineEntriesService_Create_timeoutNotRetried(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	c.core.http.Timeout = 100 * time.Millisecond
	var calls atomic.Int32
	mux.HandleFunc("/timeline-entries.create", func(_ http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	_, err := c.TimelineEntries.Create(context.Background(), &DevRevTimelineEntryCreateRequest{Type: TimelineEntryTypeComment, Object: "DM-7"})
	var tErr *TransportError
	if !errors.As(err, &tErr) {
		t.Fatalf("err = %v, want *TransportError", err)
	}
	if n := calls.Load(); n != 1 || !tErr.MayHaveCommitted {
		t.Errorf("calls = %d, MayHaveCommitted = %v; want 1 call and true", n, tErr.MayHaveCommitted)
	}
}
