package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HelpCrunchMaxPageSize is the largest page HelpCrunch documents: GET /chats
// answers 100 chats when no limit is given, and the docs name no larger page.
const HelpCrunchMaxPageSize = 100

// HelpCrunchChatsService covers HelpCrunch's /chats endpoints.
type HelpCrunchChatsService struct {
	core *core
	// statusForm is the helpcrunchStatusForm this account's searches take,
	// once one has answered; discovering is held by the search finding it.
	statusForm  atomic.Int32
	discovering sync.Mutex
}

// HelpCrunchChat is a chat as HelpCrunch returns it.
type HelpCrunchChat struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	// CreatedAt and the other times arrive as numbers or strings of Unix
	// seconds; null ones are not Valid.
	CreatedAt               UnixTime               `json:"createdAt"`
	ClosedBy                *string                `json:"closedBy"`
	ClosedAt                UnixTime               `json:"closedAt"`
	Rating                  *string                `json:"rating"`
	LastCustomerMessageAt   UnixTime               `json:"lastCustomerMessageAt"`
	LastMessageAt           UnixTime               `json:"lastMessageAt"`
	SnoozedUntil            UnixTime               `json:"snoozedUntil"`
	LastMessageText         *string                `json:"lastMessageText"`
	LastMessageID           *int64                 `json:"lastMessageId"`
	LastCommunicatedAgentID *int64                 `json:"lastCommunicatedAgentId"`
	ApplicationID           *int64                 `json:"applicationId,omitempty"`
	CreatedWith             *string                `json:"createdWith,omitempty"`
	Notes                   *string                `json:"notes,omitempty"`
	ReadByAgent             *bool                  `json:"readByAgent,omitempty"`
	ReadByCustomer          *bool                  `json:"readByCustomer,omitempty"`
	Agents                  HelpCrunchAgents       `json:"agents"`
	Customer                *HelpCrunchCustomerRef `json:"customer"`
	Assignee                *HelpCrunchAgent       `json:"assignee"`
	Department              *HelpCrunchDepartment  `json:"department"`
}

// UnmarshalJSON reads a chat as HelpCrunch sends it. closedBy and rating
// are strings in the docs' chat model and numbers in a connector generated
// from another revision of it: either is read, a number as its decimal text.
func (c *HelpCrunchChat) UnmarshalJSON(raw []byte) error {
	type plain HelpCrunchChat
	aux := struct {
		*plain
		ClosedBy looseString `json:"closedBy"`
		Rating   looseString `json:"rating"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(raw, &aux); err != nil {
		return err
	}
	c.ClosedBy, c.Rating = aux.ClosedBy.value, aux.Rating.value
	return nil
}

// looseString is a JSON string, number or null, read as text (nil for null).
type looseString struct{ value *string }

func (l *looseString) UnmarshalJSON(raw []byte) error {
	l.value = nil
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	text, ok := stringOrNumber(raw)
	if !ok {
		return fmt.Errorf("HelpCrunch: %s is neither a string nor a number", raw)
	}
	l.value = &text
	return nil
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

// HelpCrunchCustomerRef is the short form of a chat's customer.
type HelpCrunchCustomerRef struct {
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

// HelpCrunchPage is a page of chats or customers with, where HelpCrunch
// says it, the number available overall.
type HelpCrunchPage[T any] struct {
	Data []T `json:"data"`
	// Total is the number of objects the search matches, and HasTotal
	// whether the answer said it: the chat pages show it as meta.total, the
	// customer pages and a script written against the live API as a
	// top-level total, and neither is promised.
	Total    int  `json:"-"`
	HasTotal bool `json:"-"`
}

// HelpCrunchChatList is a page of chats.
type HelpCrunchChatList = HelpCrunchPage[HelpCrunchChat]

// UnmarshalJSON reads the page and its total from meta.total, else from a
// top-level total.
func (l *HelpCrunchPage[T]) UnmarshalJSON(raw []byte) error {
	var page struct {
		Data  []T  `json:"data"`
		Total *int `json:"total"`
		Meta  struct {
			Total *int `json:"total"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		return err
	}
	*l = HelpCrunchPage[T]{Data: page.Data}
	if total := cmp.Or(page.Meta.Total, page.Total); total != nil {
		l.Total, l.HasTotal = *total, true
	}
	return nil
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
	return call[HelpCrunchChat](ctx, s.core, request{method: "POST", path: "/chats", body: req, policy: retryUnsentOnly, operation: "POST /chats"})
}

// Get fetches one chat. A chat that does not exist is an error for which
// IsNotFound is true.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/get-chat-v1
func (s *HelpCrunchChatsService) Get(ctx context.Context, id int64) (*HelpCrunchChat, error) {
	return call[HelpCrunchChat](ctx, s.core, request{method: "GET", path: "/chats/" + strconv.FormatInt(id, 10), policy: retryIdempotent, operation: "GET /chats/{id}"})
}

// HelpCrunchSearchFilter is one condition of a chat search, e.g.
// {Field: "chats.assignee", Operator: "=", Value: 4188}. Value has the type of
// the field: an integer for ids and Unix timestamps, a string for status.
type HelpCrunchSearchFilter struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    any    `json:"value"`
}

// HelpCrunchSearchRequest is the body of POST /chats/search and POST
// /customers/search, which take the same paging and filters.
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
// A chats.status filter is sent in the form this HelpCrunch account takes
// (see helpcrunchStatusForm): give its value as a status name in any
// spelling ("pending", "on hold"). Until one form has answered, a search by
// status may take one request more.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
func (s *HelpCrunchChatsService) Search(ctx context.Context, req *HelpCrunchSearchRequest) (*HelpCrunchChatList, error) {
	if !hasStatusFilter(req) {
		return s.search(ctx, req)
	}
	form := helpcrunchStatusForm(s.statusForm.Load())
	if form != statusFormUnknown || !discoversStatusForm(req) {
		return s.search(ctx, withStatusForm(req, cmp.Or(form, statusFormNames)))
	}
	// One search at a time finds the form, so that searches started together
	// (Terraform reads data sources in parallel) do not each pay for it.
	s.discovering.Lock()
	defer s.discovering.Unlock()
	if form := helpcrunchStatusForm(s.statusForm.Load()); form != statusFormUnknown {
		return s.search(ctx, withStatusForm(req, form))
	}
	// Names first, then codes: a form is proven by chats found with it, or
	// by the other form's 400 about the status. An empty answer proves
	// nothing, since the wrong form may just match no chat.
	nameReq, codeReq := withStatusForm(req, statusFormNames), withStatusForm(req, statusFormCodes)
	byName, nameErr := s.search(ctx, nameReq)
	switch {
	case nameErr == nil && len(byName.Data) > 0:
		s.statusForm.CompareAndSwap(int32(statusFormUnknown), int32(statusFormNames))
		return byName, nil
	case nameErr != nil && !refusesStatus(nameErr, nameReq):
		return nil, nameErr
	}
	byCode, codeErr := s.search(ctx, codeReq)
	switch {
	case codeErr != nil && refusesStatus(codeErr, codeReq) && nameErr == nil:
		s.statusForm.CompareAndSwap(int32(statusFormUnknown), int32(statusFormNames))
		return byName, nil
	case codeErr != nil:
		return nil, codeErr
	case len(byCode.Data) > 0 || nameErr != nil:
		s.statusForm.CompareAndSwap(int32(statusFormUnknown), int32(statusFormCodes))
	}
	return byCode, nil
}

func (s *HelpCrunchChatsService) search(ctx context.Context, req *HelpCrunchSearchRequest) (*HelpCrunchChatList, error) {
	return call[HelpCrunchChatList](ctx, s.core, request{method: "POST", path: "/chats/search", body: req, policy: retryIdempotent, operation: "POST /chats/search"})
}

// helpcrunchStatusForm is how a chats.status search filter names a status.
// HelpCrunch's docs disagree: the newest revision of "Search for chats"
// compares chats.status with a numeric code in a string ("3"), the chat model
// and older revisions with the name ("pending"). A client learns which one
// its account takes from the first search by status that answers, and keeps it.
type helpcrunchStatusForm int32

const (
	statusFormUnknown helpcrunchStatusForm = iota
	statusFormNames
	statusFormCodes
)

// helpcrunchStatusCodes are the codes the docs' examples and an open-source
// connector agree on, by status key.
var helpcrunchStatusCodes = map[string]string{
	"new": "1", "opened": "2", "pending": "3", "onhold": "4", "closed": "5", "nocommunication": "6", "empty": "7",
}

// HelpCrunchSearchStatusCode is the numeric code, in a string, that a
// chats.status search takes for status s (any spelling) where the account
// takes codes: "pending" is "3". ok is false for an unknown status.
func HelpCrunchSearchStatusCode(s string) (code string, ok bool) {
	code, ok = helpcrunchStatusCodes[helpcrunchStatusKey(s)]
	return code, ok
}

func isStatusFilter(f HelpCrunchSearchFilter) bool {
	_, isString := f.Value.(string)
	return f.Field == "chats.status" && isString
}

func hasStatusFilter(req *HelpCrunchSearchRequest) bool {
	return slices.ContainsFunc(req.Filter, isStatusFilter)
}

// discoversStatusForm reports whether req's answer can prove a form: only
// chats found equal to a status can; under "!=" the wrong form matches
// every chat.
func discoversStatusForm(req *HelpCrunchSearchRequest) bool {
	for _, f := range req.Filter {
		if isStatusFilter(f) && f.Operator != "=" {
			return false
		}
	}
	return true
}

// withStatusForm is req with its chats.status values written in form.
func withStatusForm(req *HelpCrunchSearchRequest, form helpcrunchStatusForm) *HelpCrunchSearchRequest {
	out := *req
	out.Filter = slices.Clone(req.Filter)
	for i, f := range out.Filter {
		if !isStatusFilter(f) {
			continue
		}
		name, _ := f.Value.(string)
		out.Filter[i].Value = HelpCrunchSearchStatus(name)
		if code, ok := helpcrunchStatusCodes[helpcrunchStatusKey(name)]; ok && form == statusFormCodes {
			out.Filter[i].Value = code
		}
	}
	return &out
}

// refusesStatus reports whether err is HelpCrunch refusing sent, a search
// by status, for its status value: a 400 whose error names the status (the
// word, the filter's place in the list, or the value sent).
func refusesStatus(err error, sent *HelpCrunchSearchRequest) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		return false
	}
	names := []string{"status"}
	for i, f := range sent.Filter {
		if isStatusFilter(f) {
			value, _ := f.Value.(string)
			names = append(names, fmt.Sprintf("filter[%d]", i), strconv.Quote(value), "'"+value+"'")
		}
	}
	texts := []string{apiErr.Type, apiErr.Message, apiErr.Detail}
	for _, item := range apiErr.Errors {
		texts = append(texts, item.Code, item.Message, item.Field)
	}
	for _, t := range texts {
		for _, name := range names {
			if strings.Contains(strings.ToLower(t), name) {
				return true
			}
		}
	}
	return false
}

// SearchIter yields the chats that match req, from req.Offset on. It
// stops after want chats (want <= 0: all, for a caller that drops some), and
// each page asks for no more than want still needs (at most
// HelpCrunchMaxPageSize). total, when not nil, is set to the first page's
// total when it has one.
//
// Paging goes on while pages come back full and ends on a short one,
// whatever the total says: where HelpCrunch puts it, or whether it sends
// one, is not settled (see HelpCrunchChatList).
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
func (s *HelpCrunchChatsService) SearchIter(ctx context.Context, req HelpCrunchSearchRequest, want int, total *int) iter.Seq2[HelpCrunchChat, error] {
	return searchPages(ctx, req, want, total, s.Search)
}

// searchPages pages through a HelpCrunch search (of chats or customers) as
// SearchIter describes, each page sent with search.
func searchPages[T any](ctx context.Context, req HelpCrunchSearchRequest, want int, total *int,
	search func(context.Context, *HelpCrunchSearchRequest) (*HelpCrunchPage[T], error)) iter.Seq2[T, error] {
	first := req.Offset
	return pages(want, HelpCrunchMaxPageSize, func(page, size int) ([]T, bool, error) {
		if page == 1 {
			req.Offset = first
		}
		req.Limit = size
		list, err := search(ctx, &req)
		if err != nil {
			return nil, false, err
		}
		if page == 1 && total != nil && list.HasTotal {
			*total = list.Total
		}
		req.Offset += len(list.Data)
		return list.Data, len(list.Data) >= size, nil
	})
}

// HelpCrunchCreateClockSlack widens the window FindCreated searches on each
// side, for the difference between this machine's clock and HelpCrunch's.
const HelpCrunchCreateClockSlack = 5 * time.Second

// FindCreated looks for the chat a create whose answer was lost may have
// made: the chats of req.Customer created between since and until (each
// widened by HelpCrunchCreateClockSlack), through one documented search
// (chats.customer and chats.createdAt; HelpCrunch documents no application
// filter), keeping those whose applicationId is req.Application or not
// reported. It sends exactly one search request (plus the core's retries of
// that one request) and returns at most one page of candidates, newest first.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
func (s *HelpCrunchChatsService) FindCreated(ctx context.Context, req *HelpCrunchCreateChatRequest, since, until time.Time) ([]HelpCrunchChat, error) {
	list, err := s.Search(ctx, &HelpCrunchSearchRequest{
		Filter: []HelpCrunchSearchFilter{
			{Field: "chats.customer", Operator: "=", Value: req.Customer},
			{Field: "chats.createdAt", Operator: ">=", Value: since.Add(-HelpCrunchCreateClockSlack).Unix()},
			{Field: "chats.createdAt", Operator: "<=", Value: until.Add(HelpCrunchCreateClockSlack).Unix()},
		},
		Comparison: "AND",
		Sort:       "chats.createdAt",
		Order:      "desc",
		Limit:      HelpCrunchMaxPageSize,
	})
	if err != nil {
		return nil, err
	}
	var out []HelpCrunchChat
	for _, c := range list.Data {
		if c.ApplicationID == nil || *c.ApplicationID == req.Application {
			out = append(out, c)
		}
	}
	return out, nil
}

// FindOpen looks for a customer's open chats in one application, for a
// create that would rather reuse one: with one documented search
// (chats.customer; HelpCrunch documents neither a "not equal" operator nor
// an application filter), the customer's newest HelpCrunchMaxPageSize chats,
// newest first, keeping those that are not closed and whose applicationId
// is application or not reported. full says the page was full: older chats,
// which it did not read, may be open too.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
func (s *HelpCrunchChatsService) FindOpen(ctx context.Context, customer, application int64) (open []HelpCrunchChat, full bool, err error) {
	list, err := s.Search(ctx, &HelpCrunchSearchRequest{
		Filter:     []HelpCrunchSearchFilter{{Field: "chats.customer", Operator: "=", Value: customer}},
		Comparison: "AND",
		Sort:       "chats.createdAt",
		Order:      "desc",
		Limit:      HelpCrunchMaxPageSize,
	})
	if err != nil {
		return nil, false, err
	}
	for _, c := range list.Data {
		if !HelpCrunchStatusEqual(c.Status, HelpCrunchStatusClosed) && (c.ApplicationID == nil || *c.ApplicationID == application) {
			open = append(open, c)
		}
	}
	return open, len(list.Data) >= HelpCrunchMaxPageSize, nil
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

// UpdateStatus sets the chat's status, sent in the spelling the current
// docs give for this endpoint (HelpCrunchSendStatus): "onhold" and "on-hold"
// go out as "on hold".
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/update-chat-status-v1
func (s *HelpCrunchChatsService) UpdateStatus(ctx context.Context, id int64, status string) (*HelpCrunchChat, error) {
	status = HelpCrunchSendStatus(status)
	return s.put(ctx, "/chats/status", struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}{id, status})
}

// put sends one of the update endpoints. Setting a value is idempotent, so
// every retryable failure is retried.
func (s *HelpCrunchChatsService) put(ctx context.Context, path string, body any) (*HelpCrunchChat, error) {
	return call[HelpCrunchChat](ctx, s.core, request{method: "PUT", path: path, body: body, policy: retryIdempotent, operation: "PUT " + path})
}
