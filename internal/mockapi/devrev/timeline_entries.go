package devrev

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Limits and enums of timeline-entries.create, from the spec's
// timeline-entries-create-request and its timeline_comment member.
const devrevTimelineMaxArtifacts = 50

var (
	timelineEntryTypes      = []string{"timeline_comment"}
	timelineCommentBodyType = []string{"data", "snap_kit", "snap_widget", "text"}
	timelineVisibilities    = []string{"external", "internal", "private", "public"}
)

// devrevTimelineEntry is one stored comment.
type devrevTimelineEntry struct {
	number          int
	object          string // the DON id of the chat or conversation
	objectDisplayID string
	// objectType is "conversation", or empty for a DM: the public spec's
	// timeline-entry-object-type has no value for a chat, so none is sent.
	objectType string
	body       *string
	bodyType   string
	visibility string
	privateTo  []int
	expiresAt  *time.Time
	createdBy  int
	created    time.Time
}

// devrevTimelineEntriesSnapshot returns every comment as the API returns it,
// oldest first. d.mu is held.
func (d *Fake) devrevTimelineEntriesSnapshot() []map[string]any {
	return d.timeline.Render(d.timelineEntryJSON)
}

// timelineEntryJSON is the spec's timeline-comment: only fields it declares,
// and of those only what the fake knows.
func (d *Fake) timelineEntryJSON(e *devrevTimelineEntry) map[string]any {
	m := map[string]any{
		"type":              "timeline_comment",
		"id":                fmt.Sprintf("%s:comment/%d", e.object, e.number),
		"object":            e.object,
		"object_display_id": e.objectDisplayID,
		"body_type":         e.bodyType,
		"visibility":        e.visibility,
		"created_by":        d.userSummary(e.createdBy),
		"created_date":      timestamp(e.created),
		"modified_by":       d.userSummary(e.createdBy),
		"modified_date":     timestamp(e.created),
	}
	if e.objectType != "" {
		m["object_type"] = e.objectType
	}
	if e.body != nil {
		m["body"] = *e.body
	}
	return m
}

// timelineObject resolves the object a comment is posted to: a DM or a
// conversation, by DON id or display id.
func (d *Fake) timelineObject(ref string) (don, displayID, objectType string, bad badRequest) {
	if n, ok := devrevChatNumber(ref); ok {
		if d.chats.chats[n] == nil {
			return "", "", "", timelineUnknownObject(ref)
		}
		return devrevChatDON(n), devrevChatDisplayID(n), "", nil
	}
	if n, ok := conversationNumber(ref); ok {
		if d.conversations.byNum[n] == nil {
			return "", "", "", timelineUnknownObject(ref)
		}
		return conversationDON(n), fmt.Sprintf("CONV-%d", n), "conversation", nil
	}
	return "", "", "", newBadRequest("invalid_id", "object", fmt.Sprintf("'%s' is not the id of an object with a timeline.", ref))
}

// timelineUnknownObject answers a well-formed id that names nothing. The
// spec documents no 404 for timeline-entries.create (400, 401, 403, 409,
// 429, 500, 503 only), so it is the 400 invalid_id the spec does document;
// the ReadingTimelineMissingObject reading "404" answers not_found instead
// (see timelineEntriesCreate).
func timelineUnknownObject(ref string) badRequest {
	e := newBadRequest("invalid_id", "object", fmt.Sprintf("Object '%s' does not exist.", ref))
	e[missingObjectKey] = true
	return e
}

// forgetTimeline removes the comments posted on object (a DON id): a
// timeline goes with the chat or conversation it belongs to. d.mu is held.
func (d *Fake) forgetTimeline(object string) {
	d.timeline.DeleteFunc(func(e *devrevTimelineEntry) bool { return e.object == object })
}

// missingObjectKey marks timelineUnknownObject's answer for
// timelineEntriesCreate, which drops it before writing.
const missingObjectKey = "\x00missing_object"

// timelineEntriesCreate is timeline-entries.create: 201 with the new
// comment; 400 for a missing or wrong field, or an object that does not
// exist (404 not_found in the ReadingTimelineMissingObject reading "404").
// d.mu is held.
func (d *Fake) timelineEntriesCreate(w http.ResponseWriter, b chatBody) {
	e, bad := d.timelineEntryFromBody(b, d.now())
	if bad != nil {
		missing := bad[missingObjectKey] == true
		delete(bad, missingObjectKey)
		if missing && d.Reading(ReadingTimelineMissingObject) == "404" {
			msg, _ := bad["message"].(string)
			writeError(w, http.StatusNotFound, "not_found", msg)
			return
		}
		bad.write(w)
		return
	}
	e.number = d.timeline.Add(e)
	mockapi.WriteJSON(w, http.StatusCreated, map[string]any{"timeline_entry": d.timelineEntryJSON(e)})
}

// timelineEntryFromBody validates a timeline-entries.create body field by
// field, in the order a reader of the spec would check them.
func (d *Fake) timelineEntryFromBody(b chatBody, now time.Time) (*devrevTimelineEntry, badRequest) {
	if !b.present("type") {
		return nil, missingField("type")
	}
	typ, bad := b.str("type")
	if bad != nil {
		return nil, bad
	}
	if !slices.Contains(timelineEntryTypes, *typ) {
		return nil, invalidEnum("type", *typ, timelineEntryTypes)
	}
	if !b.present("object") {
		return nil, missingField("object")
	}
	ref, bad := b.str("object")
	if bad != nil {
		return nil, bad
	}
	if strings.TrimSpace(*ref) == "" {
		return nil, newBadRequest("invalid_id", "object", "Field 'object' must not be empty.")
	}
	object, displayID, objectType, bad := d.timelineObject(*ref)
	if bad != nil {
		return nil, bad
	}

	bodyType, bad := b.enum("body_type", timelineCommentBodyType, "text")
	if bad != nil {
		return nil, bad
	}
	body, bad := b.str("body")
	if bad != nil {
		return nil, bad
	}
	// The spec does not make body required, but a text comment without
	// text is nothing to post; the fake refuses it rather than store it.
	if bodyType == "text" && (body == nil || strings.TrimSpace(*body) == "") {
		return nil, missingField("body")
	}

	visibility, bad := b.enum("visibility", timelineVisibilities, "external")
	if bad != nil {
		return nil, bad
	}

	var privateTo []int
	if b.present("private_to") {
		refs, bad := b.strings("private_to")
		if bad != nil {
			return nil, bad
		}
		for _, u := range refs {
			n, ok := d.userNumber(u)
			if !ok {
				return nil, newBadRequest("invalid_id", "private_to", fmt.Sprintf("'%s' is not a user.", u))
			}
			privateTo = append(privateTo, n)
		}
	}

	var expiresAt *time.Time
	if raw, bad := b.str("expires_at"); bad != nil {
		return nil, bad
	} else if raw != nil {
		t, err := time.Parse(time.RFC3339, *raw)
		if err != nil || t.Before(now.Add(time.Minute)) {
			return nil, invalidField("expires_at", "%s", "Field 'expires_at' must be a date-time at least a minute in the future.")
		}
		expiresAt = &t
	}

	if b.present("artifacts") {
		ids, bad := b.strings("artifacts")
		if bad != nil {
			return nil, bad
		}
		if len(ids) > devrevTimelineMaxArtifacts {
			return nil, invalidField("artifacts", "At most %d artifacts may be attached.", devrevTimelineMaxArtifacts)
		}
		// The fake stores no artifacts, so no artifact id can name one.
		if len(ids) > 0 {
			return nil, newBadRequest("invalid_id", "artifacts", fmt.Sprintf("Artifact '%s' does not exist.", ids[0]))
		}
	}

	return &devrevTimelineEntry{
		object:          object,
		objectDisplayID: displayID,
		objectType:      objectType,
		body:            body,
		bodyType:        bodyType,
		visibility:      visibility,
		privateTo:       privateTo,
		expiresAt:       expiresAt,
		createdBy:       d.authUser,
		created:         now,
	}, nil
}
