package client

import (
	"encoding/json"
)

// DefaultHelpCrunchEndpoint is HelpCrunch's public REST API v1.
const DefaultHelpCrunchEndpoint = "https://api.helpcrunch.com/v1"

// HelpCrunch is a client of HelpCrunch's REST API v1
// (https://docs.helpcrunch.com/en/rest-api-v1/api-setup-v1).
type HelpCrunch struct {
	core *core

	// Chats covers creating, reading, searching and updating chats.
	Chats *HelpCrunchChatsService
}

// NewHelpCrunch returns a HelpCrunch client. opts.Token is the organization's
// REST API key.
func NewHelpCrunch(opts Options) (*HelpCrunch, error) {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultHelpCrunchEndpoint
	}
	c, err := newCore("HelpCrunch", opts, decodeHelpCrunchError)
	if err != nil {
		return nil, err
	}
	return &HelpCrunch{core: c, Chats: &HelpCrunchChatsService{core: c}}, nil
}

// decodeHelpCrunchError reads HelpCrunch's error body,
// {"errors": [{"code": "...", "message": "...", "field": "..."}]}. Codes vary
// between endpoints, so every entry is kept and none is interpreted here.
func decodeHelpCrunchError(e *APIError, body []byte) {
	var b struct {
		Errors []struct {
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
			Field   string          `json:"field"`
		} `json:"errors"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &b) != nil {
		return
	}
	for _, item := range b.Errors {
		e.Errors = append(e.Errors, ErrorItem{Code: rawCode(item.Code), Message: item.Message, Field: item.Field})
	}
	if len(e.Errors) > 0 {
		e.Type, e.Message = e.Errors[0].Code, e.Errors[0].Message
	} else if b.Message != "" {
		e.Message = b.Message
	}
}

// rawCode renders an error code that may be a string or a number.
func rawCode(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
