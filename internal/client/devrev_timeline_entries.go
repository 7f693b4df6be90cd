package client

import (
	"context"
)

// Values of timeline-entries.create the message action uses.
const (
	// TimelineEntryTypeComment is the only entry type timeline-entries.create
	// takes.
	TimelineEntryTypeComment = "timeline_comment"
	// TimelineCommentBodyTypeText is a plain-text (markdown) comment body.
	TimelineCommentBodyTypeText = "text"
)

// TimelineEntryVisibilities are the documented values of an entry's
// visibility. DevRev uses "external" when none is sent.
var TimelineEntryVisibilities = []string{"external", "internal", "private", "public"}

// DevRevTimelineEntriesService covers DevRev's timeline-entries.* endpoints.
type DevRevTimelineEntriesService struct {
	core *core
}

// DevRevTimelineEntryCreateRequest is the body of timeline-entries.create for
// a comment (the spec's timeline-entries-create-request with its
// timeline_comment member).
type DevRevTimelineEntryCreateRequest struct {
	// Type must be TimelineEntryTypeComment.
	Type string `json:"type"`
	// Object is the DON id or display id of the object whose timeline gets
	// the entry: a chat (DM), a conversation, a ticket, ...
	Object string `json:"object"`
	// Body is the comment's text.
	Body *string `json:"body,omitempty"`
	// BodyType says how Body is read; the API reads "text" when it is absent.
	BodyType *string `json:"body_type,omitempty"`
	// Visibility is external (API default), internal, private or public.
	Visibility *string `json:"visibility,omitempty"`
	// PrivateTo lists the users a private entry is shown to, besides its
	// creator.
	PrivateTo []string `json:"private_to,omitempty"`
	// ExpiresAt, when set, makes the entry ephemeral (RFC 3339, at least a
	// minute ahead).
	ExpiresAt *string `json:"expires_at,omitempty"`
	// Artifacts are the ids of artifacts attached to the comment (at most 50).
	Artifacts []string `json:"artifacts,omitempty"`
}

// DevRevTimelineEntry is a timeline entry as the API returns it (the spec's
// timeline-entry, whose only member is timeline-comment). Only the fields
// the provider reads are decoded.
type DevRevTimelineEntry struct {
	Type            string             `json:"type"`
	ID              string             `json:"id"`
	DisplayID       string             `json:"display_id,omitempty"`
	Object          string             `json:"object"`
	ObjectDisplayID string             `json:"object_display_id"`
	ObjectType      string             `json:"object_type,omitempty"`
	Body            *string            `json:"body,omitempty"`
	BodyType        string             `json:"body_type,omitempty"`
	Visibility      string             `json:"visibility,omitempty"`
	CreatedBy       *DevRevUserSummary `json:"created_by,omitempty"`
	CreatedDate     string             `json:"created_date,omitempty"`
}

// Create adds an entry (a comment) to an object's timeline.
//
// A comment is not idempotent in the public API: two requests post two
// comments. So it is retried only when no copy can have reached DevRev:
// after a 429, or a connection error before the request was written. After a
// 5xx or a timeout the comment may exist; the error then answers true to
// MayHaveCommitted.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/timeline-entries/create
func (s *DevRevTimelineEntriesService) Create(ctx context.Context, req *DevRevTimelineEntryCreateRequest) (*DevRevTimelineEntry, error) {
	var out struct {
		TimelineEntry DevRevTimelineEntry `json:"timeline_entry"`
	}
	err := s.core.do(ctx, request{method: "POST", path: "/timeline-entries.create", body: req, policy: retryUnsentOnly, operation: "timeline-entries.create"}, &out)
	if err != nil {
		return nil, err
	}
	return &out.TimelineEntry, nil
}
