package client

import (
	"context"
	"io"
	"net/http"
	"testing"
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
