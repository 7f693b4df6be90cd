package client

import (
	"context"
	"encoding/json"
	"net/url"
)

// ConversationTypeSupport is the only conversation type conversations.create
// accepts (the spec's conversations-create-request-type-value).
const ConversationTypeSupport = "support"

// DevRevConversationCreateRequest is the spec's conversations-create-request,
// without its type, which Create sets. A nil or empty field is not sent.
type DevRevConversationCreateRequest struct {
	// Brand is the id of the brand associated with the conversation.
	Brand *string `json:"brand,omitempty"`
	// Channels are the ids of the conversation's channels.
	Channels []string `json:"channels,omitempty"`
	// CustomFields are application-defined custom fields.
	CustomFields json.RawMessage `json:"custom_fields,omitempty"`
	// CustomSchemaSpec names the schemas of CustomFields; the API refuses
	// custom fields whose schema it does not name.
	CustomSchemaSpec *DevRevChatCustomSchemaSpec `json:"custom_schema_spec,omitempty"`
	Description      *string                     `json:"description,omitempty"`
	// Group is the id of the group the conversation belongs to.
	Group  *string `json:"group,omitempty"`
	IsSpam *bool   `json:"is_spam,omitempty"`
	// Members are dev users as DON ids or display ids.
	Members []string `json:"members,omitempty"`
	// Messages are initial messages of the conversation.
	Messages []DevRevConversationCreateMessage `json:"messages,omitempty"`
	Metadata *DevRevConversationMetadata       `json:"metadata,omitempty"`
	// OwnedBy are the users who own the conversation.
	OwnedBy         []string `json:"owned_by,omitempty"`
	SourceChannel   *string  `json:"source_channel,omitempty"`
	SourceChannelV2 *string  `json:"source_channel_v2,omitempty"`
	// Stage is the initial stage, by name.
	Stage *DevRevConversationStage `json:"stage,omitempty"`
	// Tags are the tags with their values (the spec's set-tag-with-value).
	Tags  []DevRevConversationSetTag `json:"tags,omitempty"`
	Title *string                    `json:"title,omitempty"`
}

// DevRevConversationCreateMessage is the spec's conversations-create-request-message.
type DevRevConversationCreateMessage struct {
	Artifacts []string `json:"artifacts,omitempty"`
	Body      *string  `json:"body,omitempty"`
}

// DevRevConversationSetTag is the spec's set-tag-with-value (and
// add-tag-with-value, which has the same fields).
type DevRevConversationSetTag struct {
	ID    string  `json:"id"`
	Value *string `json:"value,omitempty"`
}

type devrevConversationCreateBody struct {
	Type string `json:"type"`
	*DevRevConversationCreateRequest
}

// DevRevConversationUpdateRequest is the spec's conversations-update-request.
// Only the fields that are set are sent; the others stay as they are.
type DevRevConversationUpdateRequest struct {
	// ID is the conversation's id or display id.
	ID               string                      `json:"id"`
	AppliesToParts   *DevRevChatSet              `json:"applies_to_parts,omitempty"`
	Brand            *string                     `json:"brand,omitempty"`
	Channels         *DevRevChatSet              `json:"channels,omitempty"`
	CustomFields     json.RawMessage             `json:"custom_fields,omitempty"`
	CustomSchemaSpec *DevRevChatCustomSchemaSpec `json:"custom_schema_spec,omitempty"`
	Description      *string                     `json:"description,omitempty"`
	Group            *string                     `json:"group,omitempty"`
	IsFrozen         *bool                       `json:"is_frozen,omitempty"`
	IsSpam           *bool                       `json:"is_spam,omitempty"`
	// Members replaces the members (members.set).
	Members  *DevRevChatSet              `json:"members,omitempty"`
	Metadata *DevRevConversationMetadata `json:"metadata,omitempty"`
	// OwnedBy replaces the owners (owned_by.set).
	OwnedBy         *DevRevChatSet           `json:"owned_by,omitempty"`
	SourceChannelV2 *string                  `json:"source_channel_v2,omitempty"`
	Stage           *DevRevConversationStage `json:"stage,omitempty"`
	Status          *string                  `json:"status,omitempty"`
	Tags            *DevRevConversationTags  `json:"tags,omitempty"`
	Title           *string                  `json:"title,omitempty"`
}

// DevRevConversationTags is the spec's conversations-update-request-tags,
// as the provider sends it: only set, which replaces every tag and so is
// safe to retry (add and remove are not).
type DevRevConversationTags struct {
	// Set is a pointer so that an empty set, which removes every tag, is sent.
	Set *[]DevRevConversationSetTag `json:"set,omitempty"`
}

type devrevConversationResponse struct {
	Conversation DevRevConversation `json:"conversation"`
}

// Create creates a support conversation.
//
// The spec gives conversations.create no idempotency key and a conversation no
// unique property, so a create is retried only when DevRev cannot have acted on
// it (a 429, or a connection that failed before the request was written). A
// failure after the request was sent carries MayHaveCommitted: the caller has
// to look for the conversation before trying again.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/create
func (s *DevRevConversationsService) Create(ctx context.Context, req *DevRevConversationCreateRequest) (*DevRevConversation, error) {
	return s.do(ctx, request{
		method:    "POST",
		path:      "/conversations.create",
		body:      devrevConversationCreateBody{Type: ConversationTypeSupport, DevRevConversationCreateRequest: req},
		policy:    retryUnsentOnly,
		operation: "conversations.create",
	})
}

// Get returns a conversation by its id or display id.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/get
func (s *DevRevConversationsService) Get(ctx context.Context, id string) (*DevRevConversation, error) {
	return s.do(ctx, request{
		method:    "GET",
		path:      "/conversations.get",
		query:     url.Values{"id": {id}},
		policy:    retryIdempotent,
		operation: "conversations.get",
	})
}

// Update changes a conversation; only the fields set in req are sent. Every
// list goes as a set (members.set, tags.set, ...), so sending the same update
// twice leaves the same conversation, and a lost answer may be retried.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/update
func (s *DevRevConversationsService) Update(ctx context.Context, req *DevRevConversationUpdateRequest) (*DevRevConversation, error) {
	return s.do(ctx, request{
		method:    "POST",
		path:      "/conversations.update",
		body:      req,
		policy:    retryIdempotent,
		operation: "conversations.update",
	})
}

// do sends a request answered with {"conversation": ...} and returns the
// conversation.
func (s *DevRevConversationsService) do(ctx context.Context, r request) (*DevRevConversation, error) {
	var out devrevConversationResponse
	if err := s.core.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out.Conversation, nil
}

// Delete deletes a conversation. A retry after a lost answer finds the
// conversation gone and gets a 404, which callers treat as done.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/conversations/delete
func (s *DevRevConversationsService) Delete(ctx context.Context, id string) error {
	return s.core.do(ctx, request{
		method: "POST",
		path:   "/conversations.delete",
		body: struct {
			ID string `json:"id"`
		}{id},
		policy:    retryIdempotent,
		operation: "conversations.delete",
	}, nil)
}
