package client

import (
	"context"
)

// HelpCrunch message types a message can be created with.
const (
	// HelpCrunchMessageTypeMessage is a chat message the customer sees.
	HelpCrunchMessageTypeMessage = "message"
	// HelpCrunchMessageTypePrivate is a note only agents see.
	HelpCrunchMessageTypePrivate = "private"
)

// HelpCrunchMessagesService covers HelpCrunch's /messages endpoint.
type HelpCrunchMessagesService struct {
	core *core
}

// HelpCrunchCreateMessageRequest is the body of POST /messages. Chat, Text
// and Type are required; Agent is required for an agent's message and left
// out for the customer's.
type HelpCrunchCreateMessageRequest struct {
	Chat         int64   `json:"chat"`
	Text         string  `json:"text"`
	MarkdownText *string `json:"markdownText,omitempty"`
	Agent        *int64  `json:"agent,omitempty"`
	Type         string  `json:"type"`
}

// HelpCrunchMessage is a message as HelpCrunch returns it (the docs' message
// model).
type HelpCrunchMessage struct {
	ID    int64            `json:"id"`
	Chat  int64            `json:"chat"`
	Agent *HelpCrunchAgent `json:"agent"`
	// Type is tech, email, knowledgeBase, message or private.
	Type string  `json:"type"`
	Text *string `json:"text"`
	Read *bool   `json:"read,omitempty"`
	// CreatedAt and UpdatedAt arrive as numbers or strings of Unix seconds,
	// fractional in the docs' example.
	CreatedAt     UnixTime `json:"createdAt"`
	UpdatedAt     UnixTime `json:"updatedAt"`
	Edited        *bool    `json:"edited,omitempty"`
	BroadcastType *string  `json:"broadcastType"`
	// From is "agent" or "customer".
	From string `json:"from"`
}

// Create posts a message to a chat.
//
// POST /messages is not idempotent and takes no key that would let a retry
// be recognised, so it is retried only when no copy of it can have reached
// HelpCrunch: after a 429, or a connection error before the request was
// written. After a 5xx or a timeout the message may exist; the error then
// answers true to MayHaveCommitted.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/create-message-v1
func (s *HelpCrunchMessagesService) Create(ctx context.Context, req *HelpCrunchCreateMessageRequest) (*HelpCrunchMessage, error) {
	return call[HelpCrunchMessage](ctx, s.core, request{method: "POST", path: "/messages", body: req, policy: retryUnsentOnly, operation: "POST /messages"})
}
