package client

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"
)

// MaxConversationsPageSize is the largest page conversations.list serves;
// ListIter asks for it so a full read takes as few requests as possible.
const MaxConversationsPageSize = 100

// List modes of DevRev's list-mode: which side of the cursor a page is taken from.
const (
	// DevRevListModeAfter reads forward from the cursor (or from the beginning).
	DevRevListModeAfter = "after"
	// DevRevListModeBefore reads backward from the cursor (or from the end).
	DevRevListModeBefore = "before"
)

// DevRevConversationsService covers DevRev's conversations.* endpoints.
type DevRevConversationsService struct {
	core *core
}

// DevRevConversation is DevRev's conversation object, with the fields the
// provider reads.
type DevRevConversation struct {
	ID              string                      `json:"id"`
	DisplayID       string                      `json:"display_id,omitempty"`
	Title           string                      `json:"title,omitempty"`
	Description     string                      `json:"description,omitempty"`
	Stage           *DevRevConversationStage    `json:"stage,omitempty"`
	Members         []DevRevUserSummary         `json:"members"`
	OwnedBy         []DevRevUserSummary         `json:"owned_by,omitempty"`
	Tags            []DevRevConversationTag     `json:"tags,omitempty"`
	Group           *DevRevConversationRef      `json:"group,omitempty"`
	Channels        []DevRevConversationRef     `json:"channels,omitempty"`
	SourceChannel   string                      `json:"source_channel,omitempty"`
	SourceChannelV2 *DevRevConversationRef      `json:"source_channel_v2,omitempty"`
	SLASummary      *DevRevConversationSLA      `json:"sla_summary,omitempty"`
	CreatedBy       *DevRevUserSummary          `json:"created_by,omitempty"`
	CreatedDate     *time.Time                  `json:"created_date,omitempty"`
	ModifiedBy      *DevRevUserSummary          `json:"modified_by,omitempty"`
	ModifiedDate    *time.Time                  `json:"modified_date,omitempty"`
	Metadata        *DevRevConversationMetadata `json:"metadata,omitempty"`
}

// DevRevConversationStage is the spec's legacy-stage: the stage's name.
type DevRevConversationStage struct {
	Name string `json:"name"`
}

// DevRevUserSummary is the spec's user-summary (a dev user, rev user,
// service account or system user): how a chat's and a conversation's users,
// and the author of a comment, come.
type DevRevUserSummary struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	DisplayID   string `json:"display_id,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	FullName    string `json:"full_name,omitempty"`
	Email       string `json:"email,omitempty"`
	State       string `json:"state,omitempty"`
}

// DevRevConversationRef is the spec's atom-base-summary as used by
// group-summary and external-communication-channel-summary.
type DevRevConversationRef struct {
	ID        string `json:"id"`
	DisplayID string `json:"display_id,omitempty"`
}

// DevRevConversationTag is the spec's tag-with-value.
type DevRevConversationTag struct {
	Tag   DevRevConversationTagSummary `json:"tag"`
	Value string                       `json:"value,omitempty"`
}

// DevRevConversationTagSummary is the spec's tag-summary.
type DevRevConversationTagSummary struct {
	ID        string `json:"id"`
	DisplayID string `json:"display_id,omitempty"`
	Name      string `json:"name"`
}

// DevRevConversationSLA is the spec's archetype-sla-summary.
type DevRevConversationSLA struct {
	Stage                 string     `json:"stage,omitempty"`
	TargetTime            *time.Time `json:"target_time,omitempty"`
	ClosestToBreachMetric string     `json:"closest_to_breach_metric,omitempty"`
	RemainingTime         *int32     `json:"remaining_time,omitempty"`
}

// DevRevConversationMetadata is the spec's conversation-metadata.
type DevRevConversationMetadata struct {
	URLContext string `json:"url_context,omitempty"`
}

// DevRevDateFilter is the spec's date-filter: a range ({after, before}) or a
// preset ({preset_type, days}), told apart by Type.
type DevRevDateFilter struct {
	// Type is "range" or "preset".
	Type string `json:"type"`
	// After and Before are inclusive RFC 3339 bounds of a range.
	After  *string `json:"after,omitempty"`
	Before *string `json:"before,omitempty"`
	// PresetType is "last_n_days" or "next_n_days"; Days counts from now.
	PresetType *string `json:"preset_type,omitempty"`
	Days       *int64  `json:"days,omitempty"`
}

// DevRevDateTimeFilter is the spec's date-time-filter: inclusive RFC 3339
// bounds.
type DevRevDateTimeFilter struct {
	After  *string `json:"after,omitempty"`
	Before *string `json:"before,omitempty"`
}

// DevRevSLASummaryFilter is the spec's sla-summary-filter.
type DevRevSLASummaryFilter struct {
	// Stage lists SLA stages (breached, completed, paused, running, warning).
	Stage      []string          `json:"stage,omitempty"`
	TargetTime *DevRevDateFilter `json:"target_time,omitempty"`
}

// DevRevStageFilter is the spec's stage-filter.
type DevRevStageFilter struct {
	Name []string `json:"name,omitempty"`
}

// DevRevTagWithValueFilter is the spec's tag-with-value-filter.
type DevRevTagWithValueFilter struct {
	ID    *string `json:"id,omitempty"`
	Value *string `json:"value,omitempty"`
}

// DevRevConversationsListRequest is the spec's conversations-list-request.
// A nil or empty field is not sent, so it does not filter.
type DevRevConversationsListRequest struct {
	ActualCloseDate   *DevRevDateFilter          `json:"actual_close_date,omitempty"`
	AppliesToParts    []string                   `json:"applies_to_parts,omitempty"`
	Brand             []string                   `json:"brand,omitempty"`
	Channels          []string                   `json:"channels,omitempty"`
	Cursor            *string                    `json:"cursor,omitempty"`
	Group             []string                   `json:"group,omitempty"`
	IsCreatorVerified *bool                      `json:"is_creator_verified,omitempty"`
	IsFrozen          *bool                      `json:"is_frozen,omitempty"`
	IsSpam            *bool                      `json:"is_spam,omitempty"`
	Limit             *int32                     `json:"limit,omitempty"`
	Members           []string                   `json:"members,omitempty"`
	Mode              *string                    `json:"mode,omitempty"`
	ModifiedDate      *DevRevDateTimeFilter      `json:"modified_date,omitempty"`
	OwnedBy           []string                   `json:"owned_by,omitempty"`
	RevOrg            []string                   `json:"rev_org,omitempty"`
	RevOrgs           []string                   `json:"rev_orgs,omitempty"`
	SLASummary        *DevRevSLASummaryFilter    `json:"sla_summary,omitempty"`
	SourceChannel     []string                   `json:"source_channel,omitempty"`
	SourceChannelV2   []string                   `json:"source_channel_v2,omitempty"`
	SourceChannels    []string                   `json:"source_channels,omitempty"`
	Stage             *DevRevStageFilter         `json:"stage,omitempty"`
	State             []string                   `json:"state,omitempty"`
	Tags              []string                   `json:"tags,omitempty"`
	TagsV2            []DevRevTagWithValueFilter `json:"tags_v2,omitempty"`
}

// DevRevConversationsListResponse is the spec's conversations-list-response:
// one page. A cursor is empty when no conversations lie on that side.
type DevRevConversationsListResponse struct {
	Conversations []DevRevConversation `json:"conversations"`
	NextCursor    string               `json:"next_cursor,omitempty"`
	PrevCursor    string               `json:"prev_cursor,omitempty"`
}

// DevRevConversationsSpan is what ListIter has read so far.
type DevRevConversationsSpan struct {
	// NextCursor resumes after the last conversation read in the API's order
	// (mode "after"), PrevCursor before the first one (mode "before"). Each is
	// empty when nothing lies on that side.
	NextCursor string
	PrevCursor string
	// Pages is the number of conversations.list calls made (retries aside).
	Pages int
}

// List returns one page of conversations.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/list-post
func (s *DevRevConversationsService) List(ctx context.Context, req *DevRevConversationsListRequest) (*DevRevConversationsListResponse, error) {
	if req == nil {
		req = &DevRevConversationsListRequest{}
	}
	return call[DevRevConversationsListResponse](ctx, s.core, request{
		method: "POST",
		path:   "/conversations.list",
		body:   req,
		// A list changes nothing: every failure may be retried.
		policy:    retryIdempotent,
		operation: "conversations.list",
	})
}

// ListIter yields the conversations of req, following the cursor from
// req.Cursor in req.Mode: "after" follows next_cursor in the API's order,
// "before" follows prev_cursor and yields each page last first. It stops
// after want conversations (want <= 0: all), and each page asks for no more
// than want still needs (at most MaxConversationsPageSize). span, when not
// nil, is kept up to date with the cursors around what was read.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/list-post
func (s *DevRevConversationsService) ListIter(ctx context.Context, req DevRevConversationsListRequest, want int, span *DevRevConversationsSpan) iter.Seq2[DevRevConversation, error] {
	before := req.Mode != nil && *req.Mode == DevRevListModeBefore
	if span == nil {
		span = &DevRevConversationsSpan{}
	}
	first := req.Cursor
	var seen map[string]bool
	return pages(want, MaxConversationsPageSize, func(page, size int) ([]DevRevConversation, bool, error) {
		if page == 1 {
			req.Cursor, seen, *span = first, map[string]bool{}, DevRevConversationsSpan{}
		} else if seen[*req.Cursor] {
			return nil, false, fmt.Errorf("reading page %d: the API returned cursor %q a second time; stopping to avoid an endless loop", page, *req.Cursor)
		} else {
			seen[*req.Cursor] = true
		}
		n := int32(size) //nolint:gosec // size is at most MaxConversationsPageSize
		req.Limit = &n
		out, err := s.List(ctx, &req)
		if err != nil {
			return nil, false, fmt.Errorf("reading page %d: %w", page, err)
		}
		span.Pages = page
		// The span read runs from the first page's far side to this page's
		// near side, whichever way we walk.
		items, next := out.Conversations, out.NextCursor
		if before {
			// Walking backwards, a page's last conversation is read first.
			slices.Reverse(items)
			next = out.PrevCursor
			if page == 1 {
				span.NextCursor = out.NextCursor
			}
			span.PrevCursor = out.PrevCursor
		} else {
			if page == 1 {
				span.PrevCursor = out.PrevCursor
			}
			span.NextCursor = out.NextCursor
		}
		req.Cursor = &next
		return items, next != "", nil
	})
}
