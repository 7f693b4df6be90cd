package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// ChatTypeDM is the type of a DevRev direct-message chat, the only chat type
// chats.create accepts.
const ChatTypeDM = "dm"

// DevRevChatsService covers DevRev's chats.* endpoints.
type DevRevChatsService struct {
	core *core
}

// DevRevChat is a DevRev chat (a DM) as chats.create, chats.get and
// chats.update return it: the beta spec's `dm`. DevRev does not return a
// DM's records, is_default or custom fields, so they are not here; a caller
// that needs them must keep what it sent.
type DevRevChat struct {
	Type         string              `json:"type"`
	ID           string              `json:"id"`
	DisplayID    string              `json:"display_id,omitempty"`
	Title        *string             `json:"title,omitempty"`
	Users        []DevRevUserSummary `json:"users,omitempty"`
	CreatedBy    *DevRevUserSummary  `json:"created_by,omitempty"`
	CreatedDate  string              `json:"created_date,omitempty"`
	ModifiedBy   *DevRevUserSummary  `json:"modified_by,omitempty"`
	ModifiedDate string              `json:"modified_date,omitempty"`
	Groups       []json.RawMessage   `json:"groups,omitempty"`
}

// DevRevChatRef is a reference to an object as the API answers it: a bare id,
// or a summary with an id and usually a display id.
type DevRevChatRef struct {
	ID        string
	DisplayID string
}

// GroupIDs returns the ids of the groups the chat belongs to.
func (c *DevRevChat) GroupIDs() []string {
	refs := devrevRefs(c.Groups)
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return ids
}

// UserRefs returns the chat's users.
func (c *DevRevChat) UserRefs() []DevRevChatRef {
	refs := make([]DevRevChatRef, 0, len(c.Users))
	for _, u := range c.Users {
		refs = append(refs, DevRevChatRef{ID: u.ID, DisplayID: u.DisplayID})
	}
	return refs
}

func devrevRefs(raws []json.RawMessage) []DevRevChatRef {
	refs := make([]DevRevChatRef, 0, len(raws))
	for _, raw := range raws {
		var id string
		if json.Unmarshal(raw, &id) == nil {
			if id != "" {
				refs = append(refs, DevRevChatRef{ID: id})
			}
			continue
		}
		var obj struct {
			ID        string `json:"id"`
			DisplayID string `json:"display_id"`
		}
		if json.Unmarshal(raw, &obj) == nil && (obj.ID != "" || obj.DisplayID != "") {
			refs = append(refs, DevRevChatRef{ID: obj.ID, DisplayID: obj.DisplayID})
		}
	}
	return refs
}

// DevRevChatCustomSchemaSpec is the API's custom-schema-spec: which custom schemas
// the custom fields of a request are validated against.
type DevRevChatCustomSchemaSpec struct {
	Apps                   []string `json:"apps,omitempty"`
	Subtype                *string  `json:"subtype,omitempty"`
	TenantFragment         *bool    `json:"tenant_fragment,omitempty"`
	ValidateRequiredFields *bool    `json:"validate_required_fields,omitempty"`
}

// DevRevChatCreateRequest is the body of chats.create for a DM.
type DevRevChatCreateRequest struct {
	// Users are the DM's members, as DON ids or display ids (1-16). The
	// authenticated user must be among them.
	Users []string `json:"users"`
	// Title of the chat.
	Title *string `json:"title,omitempty"`
	// Records associated with the DM (at most 16).
	Records []string `json:"records,omitempty"`
	// IsDefault makes this the default DM of its users (API default: true).
	// Only one default DM may exist for a set of users.
	IsDefault *bool `json:"is_default,omitempty"`
	// CustomFields are application-defined custom fields.
	CustomFields json.RawMessage `json:"custom_fields,omitempty"`
	// CustomSchemaSpec names the schemas of CustomFields.
	CustomSchemaSpec *DevRevChatCustomSchemaSpec `json:"custom_schema_spec,omitempty"`
	// GetIfConflict returns the existing default DM of the users instead of
	// failing with a conflict.
	GetIfConflict *bool `json:"get_if_conflict,omitempty"`
}

// devrevChatCreateBody is what goes on the wire: the request with its type.
type devrevChatCreateBody struct {
	Type string `json:"type"`
	DevRevChatCreateRequest
}

// DevRevChatUpdateRequest is the body of chats.update. Only the fields that
// are set are sent; the others stay as they are.
type DevRevChatUpdateRequest struct {
	// ID is the chat's DON id or display id.
	ID string `json:"id"`
	// Title replaces the title.
	Title *string `json:"title,omitempty"`
	// Users replaces the DM's members (users.set); the authenticated user
	// must stay among them.
	Users *DevRevChatSet `json:"users,omitempty"`
	// Records replaces the DM's records (records.set).
	Records *DevRevChatSet `json:"records,omitempty"`
	// CustomFields replaces the custom fields.
	CustomFields json.RawMessage `json:"custom_fields,omitempty"`
	// CustomSchemaSpec names the schemas of CustomFields.
	CustomSchemaSpec *DevRevChatCustomSchemaSpec `json:"custom_schema_spec,omitempty"`
}

// DevRevChatSet is the API's {"set": [...]} update of a list.
type DevRevChatSet struct {
	Set []string `json:"set"`
}

type devrevChatUpdateBody struct {
	Type string `json:"type"`
	*DevRevChatUpdateRequest
}

type devrevChatResponse struct {
	Chat DevRevChat `json:"chat"`
}

// Create creates a DM, or returns the users' existing default DM when
// GetIfConflict is true.
//
// A default DM (IsDefault nil or true) is unique per set of users, so a retry
// after a timeout or a 5xx is sent with get_if_conflict=true: it can only
// return the chat the first attempt may have made. A non-default DM has no
// such key, so it is retried only when the API cannot have acted on the
// request, and a failure after the request was sent is reported with
// MayHaveCommitted.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/chats/create
func (s *DevRevChatsService) Create(ctx context.Context, req *DevRevChatCreateRequest) (*DevRevChat, error) {
	if err := checkCustomFieldsSpec("chats.create", req.CustomFields, req.CustomSchemaSpec); err != nil {
		return nil, err
	}
	body := devrevChatCreateBody{Type: ChatTypeDM, DevRevChatCreateRequest: *req}
	r := request{
		method:    "POST",
		path:      "/chats.create",
		body:      body,
		policy:    retryUnsentOnly,
		operation: "chats.create",
	}
	if req.IsDefault == nil || *req.IsDefault {
		retry := body
		getIfConflict := true
		retry.GetIfConflict = &getIfConflict
		r.policy = retryIdempotent
		r.retryBody = retry
	}
	return s.do(ctx, r)
}

// Get returns a chat by its DON id or display id.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/chats/get
func (s *DevRevChatsService) Get(ctx context.Context, id string) (*DevRevChat, error) {
	return s.do(ctx, request{
		method:    "GET",
		path:      "/chats.get",
		query:     url.Values{"id": {id}},
		policy:    retryIdempotent,
		operation: "chats.get",
	})
}

// GetDM returns the default DM of exactly the given users (DON ids or display
// ids; the authenticated user must be among them), with POST /chats.get.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/chats/get-post
func (s *DevRevChatsService) GetDM(ctx context.Context, users []string) (*DevRevChat, error) {
	return s.do(ctx, request{
		method: "POST",
		path:   "/chats.get",
		body: struct {
			Type  string   `json:"type"`
			Users []string `json:"users"`
		}{ChatTypeDM, users},
		policy:    retryIdempotent,
		operation: "chats.get",
	})
}

// Update changes a chat; only the fields set in req are sent.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/chats/update
func (s *DevRevChatsService) Update(ctx context.Context, req *DevRevChatUpdateRequest) (*DevRevChat, error) {
	if err := checkCustomFieldsSpec("chats.update", req.CustomFields, req.CustomSchemaSpec); err != nil {
		return nil, err
	}
	return s.do(ctx, request{
		method:    "POST",
		path:      "/chats.update",
		body:      devrevChatUpdateBody{Type: ChatTypeDM, DevRevChatUpdateRequest: req},
		policy:    retryIdempotent,
		operation: "chats.update",
	})
}

// devrevBetaScope is the header of DevRev's beta API. DevRev's public spec
// defines the chat object with its type alone; the DM object with the id,
// users and title that chats.* answer with is a beta definition, and
// DevRev's versioning page says beta operations need this header
// (https://developer.devrev.ai/about/versioning). Without it, a public-scope
// answer could carry no id.
var devrevBetaScope = http.Header{"X-Devrev-Scope": {"beta"}}

// do sends a chats.* request in the beta scope and returns the chat it answers.
func (s *DevRevChatsService) do(ctx context.Context, r request) (*DevRevChat, error) {
	r.header = devrevBetaScope
	var out devrevChatResponse
	if err := s.core.do(ctx, r, &out); err != nil {
		return nil, err
	}
	if out.Chat.ID == "" {
		// The public chat object (its type alone): the answer of a scope
		// that is not beta. Nothing can be done with a chat without its id.
		return nil, fmt.Errorf("DevRev %s answered a chat without its id, the public API's chat object: "+
			"the DM object with id, users and title is in DevRev's beta API, and this request was sent in its scope "+
			"(X-Devrev-Scope: beta), which DevRev did not apply", r.operation)
	}
	return &out.Chat, nil
}

// checkCustomFieldsSpec refuses, before sending, a request whose custom
// fields come without custom_schema_spec: DevRev answers it with a 400, as
// its spec says each custom field must have its schema specified.
func checkCustomFieldsSpec(operation string, fields json.RawMessage, spec *DevRevChatCustomSchemaSpec) error {
	if spec != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if len(fields) == 0 || (json.Unmarshal(fields, &m) == nil && len(m) == 0) {
		return nil
	}
	return fmt.Errorf("DevRev %s: custom_fields need a custom_schema_spec naming their schemas; none was given", operation)
}
