package client

import (
	"encoding/json"
	"strings"
)

// DefaultDevRevEndpoint is DevRev's public API.
const DefaultDevRevEndpoint = "https://api.devrev.ai"

// DevRev is a client of DevRev's REST API (https://developer.devrev.ai/api-reference).
type DevRev struct {
	core *core

	// Chats covers chats.create, chats.get and chats.update.
	Chats *DevRevChatsService
	// Conversations covers conversations.list.
	Conversations *DevRevConversationsService
	// TimelineEntries covers timeline-entries.create.
	TimelineEntries *DevRevTimelineEntriesService
	// Users covers dev-users.list, dev-users.get and dev-users.self.
	Users *DevRevUsersService
}

// NewDevRev returns a DevRev client. opts.Token is a DevRev personal access
// token or service account token.
func NewDevRev(opts Options) (*DevRev, error) {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultDevRevEndpoint
	}
	c, err := newCore("DevRev", opts, decodeDevRevError)
	if err != nil {
		return nil, err
	}
	return &DevRev{
		core:          c,
		Chats:         &DevRevChatsService{core: c},
		Conversations: &DevRevConversationsService{core: c},

		TimelineEntries: &DevRevTimelineEntriesService{core: c},
		Users:           &DevRevUsersService{core: c},
	}, nil
}

// decodeDevRevError reads DevRev's error body:
// {"type": "not_found", "message": "...", "detail": "...", "reference_id": "...", "retry_after": 3}.
func decodeDevRevError(e *APIError, body []byte) {
	var b struct {
		Type        string  `json:"type"`
		Message     string  `json:"message"`
		Detail      string  `json:"detail"`
		ReferenceID string  `json:"reference_id"`
		RetryAfter  float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &b) != nil {
		return
	}
	e.Type, e.Message, e.Detail, e.ReferenceID = b.Type, b.Message, b.Detail, b.ReferenceID
	if e.RetryAfter == 0 && b.RetryAfter > 0 {
		e.RetryAfter = secondsToDuration(b.RetryAfter)
	}
}

// SplitDevRevCustomFieldName splits a custom field's name into the prefix
// of the schema fragment that defines it and the field's own name, as
// DevRev names custom fields in custom_fields: tnt__<name> (the tenant's
// fragment), ctype__<name> (a subtype's) or <app>__<name> (an app's).
// "tnt__tier" is ("tnt", "tier", true). ok is false for a name with no
// prefix, an empty prefix or name, or a prefix with surrounding spaces: such
// a name matches no fragment, and DevRev refuses it. This is the rule the
// provider checks custom_fields' keys against at plan time.
func SplitDevRevCustomFieldName(name string) (prefix, field string, ok bool) {
	prefix, field, ok = strings.Cut(name, "__")
	if !ok || prefix == "" || field == "" || strings.TrimSpace(prefix) != prefix {
		return "", "", false
	}
	return prefix, field, true
}
