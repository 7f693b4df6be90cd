package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// HelpCrunchMaxPageSize is the largest page HelpCrunch documents: GET /chats
// answers 100 chats when no limit is given, and the docs name no larger page.
const HelpCrunchMaxPageSize = 100

// HelpCrunchChatsService covers HelpCrunch's /chats endpoints.
type HelpCrunchChatsService struct {
	core *core
}

// HelpCrunchChat is a chat as HelpCrunch returns it.
type HelpCrunchChat struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	// CreatedAt and the other times arrive as numbers or strings of Unix
	// seconds; null ones are not Valid.
	CreatedAt               UnixTime              `json:"createdAt"`
	ClosedBy                *string               `json:"closedBy"`
	ClosedAt                UnixTime              `json:"closedAt"`
	Rating                  *string               `json:"rating"`
	LastCustomerMessageAt   UnixTime              `json:"lastCustomerMessageAt"`
	LastMessageAt           UnixTime              `json:"lastMessageAt"`
	SnoozedUntil            UnixTime              `json:"snoozedUntil"`
	LastMessageText         *string               `json:"lastMessageText"`
	LastMessageID           *int64                `json:"lastMessageId"`
	LastCommunicatedAgentID *int64                `json:"lastCommunicatedAgentId"`
	ApplicationID           *int64                `json:"applicationId,omitempty"`
	CreatedWith             *string               `json:"createdWith,omitempty"`
	Notes                   *string               `json:"notes,omitempty"`
	ReadByAgent             *bool                 `json:"readByAgent,omitempty"`
	ReadByCustomer          *bool                 `json:"readByCustomer,omitempty"`
	Agents                  HelpCrunchAgents      `json:"agents"`
	Customer                *HelpCrunchCustomer   `json:"customer"`
	Assignee                *HelpCrunchAgent      `json:"assignee"`
	Department              *HelpCrunchDepartment `json:"department"`
}

// HelpCrunchAgent is a team member of the account.
type HelpCrunchAgent struct {
	ID    int64   `json:"id"`
	Name  *string `json:"name,omitempty"`
	Email *string `json:"email,omitempty"`
	Role  *string `json:"role,omitempty"`
}

// HelpCrunchAgents are the agents who wrote in a chat. The docs show a list
// everywhere but in one example, which shows a single agent object; both
// (and null) are read.
type HelpCrunchAgents []HelpCrunchAgent

// UnmarshalJSON reads a list of agents, a single agent, or null.
func (a *HelpCrunchAgents) UnmarshalJSON(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case bytes.Equal(raw, []byte("null")):
		*a = nil
		return nil
	case bytes.HasPrefix(raw, []byte("{")):
		var one HelpCrunchAgent
		if err := json.Unmarshal(raw, &one); err != nil {
			return fmt.Errorf("HelpCrunch agents: %w", err)
		}
		*a = HelpCrunchAgents{one}
		return nil
	}
	var list []HelpCrunchAgent
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("HelpCrunch agents: %w", err)
	}
	*a = list
	return nil
}

// HelpCrunchCustomer is the short form of a chat's customer.
type HelpCrunchCustomer struct {
	ID     int64   `json:"id"`
	Name   *string `json:"name,omitempty"`
	Email  *string `json:"email,omitempty"`
	UserID *string `json:"userId,omitempty"`
}

// HelpCrunchDepartment is a department of the account.
type HelpCrunchDepartment struct {
	ID   int64   `json:"id"`
	Name *string `json:"name,omitempty"`
}

// HelpCrunchChatList is a page of chats with the number available overall.
type HelpCrunchChatList struct {
	Data []HelpCrunchChat `json:"data"`
	Meta struct {
		Total int `json:"total"`
	} `json:"meta"`
}

// HelpCrunchCreateChatRequest is the body of POST /chats.
type HelpCrunchCreateChatRequest struct {
	Customer    int64  `json:"customer"`
	Application int64  `json:"application"`
	Assignee    *int64 `json:"assignee,omitempty"`
	Department  *int64 `json:"department,omitempty"`
}

// Create opens a chat for an existing customer.
//
// POST /chats is not idempotent, so it is retried only when no copy of it
// can have reached HelpCrunch: after a 429, or a connection error before the
// request was written. After a 5xx or a timeout the chat may exist; the error
// then answers true to MayHaveCommitted.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/create-chat-v1
func (s *HelpCrunchChatsService) Create(ctx context.Context, req *HelpCrunchCreateChatRequest) (*HelpCrunchChat, error) {
	var out HelpCrunchChat
	err := s.core.do(ctx, request{method: "POST", path: "/chats", body: req, policy: retryUnsentOnly, operation: "POST /chats"}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Get fetches one chat. A chat that does not exist is an error for which
// IsNotFound is true.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/get-chat-v1
func (s *HelpCrunchChatsService) Get(ctx context.Context, id int64) (*HelpCrunchChat, error) {
	var out HelpCrunchChat
	err := s.core.do(ctx, request{method: "GET", path: "/chats/" + strconv.FormatInt(id, 10), policy: retryIdempotent, operation: "GET /chats/{id}"}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// HelpCrunchListOptions page GET /chats. Zero values are left out.
type HelpCrunchListOptions struct {
	Offset int
	Limit  int
	// Sort is chats.createdAt, chats.lastCustomerMessageAt, chats.lastMessageAt
	// or chats.closedAt.
	Sort string
	// Order is asc or desc.
	Order string
}

// List returns one page of all chats.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/get-chats-v1
func (s *HelpCrunchChatsService) List(ctx context.Context, opts *HelpCrunchListOptions) (*HelpCrunchChatList, error) {
	q := url.Values{}
	if opts != nil {
		if opts.Offset > 0 {
			q.Set("offset", strconv.Itoa(opts.Offset))
		}
		if opts.Limit > 0 {
			q.Set("limit", strconv.Itoa(opts.Limit))
		}
		if opts.Sort != "" {
			q.Set("sort", opts.Sort)
		}
		if opts.Order != "" {
			q.Set("order", opts.Order)
		}
	}
	var out HelpCrunchChatList
	if err := s.core.do(ctx, request{method: "GET", path: "/chats", query: q, policy: retryIdempotent, operation: "GET /chats"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// HelpCrunchSearchFilter is one condition of a chat search, e.g.
// {Field: "chats.assignee", Operator: "=", Value: 4188}. Value has the type of
// the field: an integer for ids and Unix timestamps, a string for status.
type HelpCrunchSearchFilter struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    any    `json:"value"`
}

// HelpCrunchSearchRequest is the body of POST /chats/search.
type HelpCrunchSearchRequest struct {
	// Filter needs at least one condition.
	Filter []HelpCrunchSearchFilter `json:"filter"`
	// Comparison is AND (every filter matches) or OR (any).
	Comparison string `json:"comparison,omitempty"`
	Limit      int    `json:"limit,omitempty"`
	Offset     int    `json:"offset,omitempty"`
	Sort       string `json:"sort,omitempty"`
	Order      string `json:"order,omitempty"`
}

// Search returns one page of the chats that match the filters. It only
// reads, so every failure the core can retry is retried.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
func (s *HelpCrunchChatsService) Search(ctx context.Context, req *HelpCrunchSearchRequest) (*HelpCrunchChatList, error) {
	var out HelpCrunchChatList
	if err := s.core.do(ctx, request{method: "POST", path: "/chats/search", body: req, policy: retryIdempotent, operation: "POST /chats/search"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SearchAll pages through the search from req.Offset by offset, with pages
// of HelpCrunchMaxPageSize, and returns up to maxChats chats (every match when
// maxChats is 0 or less) and meta.total of the first page. It asks for no more chats
// than it still needs, and stops when meta.total says there are no more, so
// a search whose matches fill the last page exactly costs no extra request.
// A page shorter than asked for does not end the paging by itself, in case
// the API caps the page size below what was asked.
func (s *HelpCrunchChatsService) SearchAll(ctx context.Context, req HelpCrunchSearchRequest, maxChats int) ([]HelpCrunchChat, int, error) {
	var all []HelpCrunchChat
	total := -1
	offset := req.Offset
	for {
		page := HelpCrunchMaxPageSize
		if maxChats > 0 {
			page = min(page, maxChats-len(all))
		}
		if page <= 0 {
			break
		}
		req.Offset, req.Limit = offset, page
		list, err := s.Search(ctx, &req)
		if err != nil {
			return nil, 0, err
		}
		if total < 0 {
			total = list.Meta.Total
		}
		all = append(all, list.Data...)
		offset += len(list.Data)
		if len(list.Data) == 0 || offset >= list.Meta.Total {
			break
		}
	}
	if maxChats > 0 && len(all) > maxChats {
		all = all[:maxChats]
	}
	return all, max(total, 0), nil
}

// helpcrunchUpdateAssignee is the body of PUT /chats/assignee; a nil
// Assignee is sent as null, which unassigns the chat.
type helpcrunchUpdateAssignee struct {
	ID       int64  `json:"id"`
	Assignee *int64 `json:"assignee"`
}

// UpdateAssignee assigns the chat to an agent, or unassigns it when assignee
// is nil.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/update-chat-assignee-v1
func (s *HelpCrunchChatsService) UpdateAssignee(ctx context.Context, id int64, assignee *int64) (*HelpCrunchChat, error) {
	return s.put(ctx, "/chats/assignee", helpcrunchUpdateAssignee{ID: id, Assignee: assignee})
}

// UpdateDepartment moves the chat to a department.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/update-chat-department-v1
func (s *HelpCrunchChatsService) UpdateDepartment(ctx context.Context, id, department int64) (*HelpCrunchChat, error) {
	return s.put(ctx, "/chats/department", struct {
		ID         int64 `json:"id"`
		Department int64 `json:"department"`
	}{id, department})
}

// UpdateStatus sets the chat's status. "onhold", the spelling HelpCrunch
// reads back, is sent as "on hold", a spelling the endpoint documents.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/update-chat-status-v1
func (s *HelpCrunchChatsService) UpdateStatus(ctx context.Context, id int64, status string) (*HelpCrunchChat, error) {
	if helpcrunchStatusKey(status) == "onhold" && status != "on hold" && status != "on-hold" {
		status = HelpCrunchStatusOnHold
	}
	return s.put(ctx, "/chats/status", struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}{id, status})
}

// put sends one of the update endpoints. Setting a value is idempotent, so
// every retryable failure is retried.
func (s *HelpCrunchChatsService) put(ctx context.Context, path string, body any) (*HelpCrunchChat, error) {
	var out HelpCrunchChat
	if err := s.core.do(ctx, request{method: "PUT", path: path, body: body, policy: retryIdempotent, operation: "PUT " + path}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
