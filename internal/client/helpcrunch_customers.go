package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// HelpCrunchCustomersService covers HelpCrunch's /customers endpoints.
type HelpCrunchCustomersService struct {
	core *core
}

// HelpCrunchCustomer is a customer as HelpCrunch returns it
// (https://docs.helpcrunch.com/en/rest-api-v1/customer-model-v1): the
// fields the provider manages, and Others, the other writable fields as
// read, which an update sends back so that a PUT that nulls what it leaves
// out (as the current update page says it does) does not erase them.
type HelpCrunchCustomer struct {
	ID      int64   `json:"id"`
	Name    *string `json:"name"`
	Email   *string `json:"email"`
	UserID  *string `json:"userId"`
	Company *string `json:"company"`
	Phone   *string `json:"phone"`
	Notes   *string `json:"notes"`
	// FirstSeen is the customer's first visit; the model has no creation
	// time, and the provider sets this one on create.
	FirstSeen  UnixTime             `json:"firstSeen"`
	Tags       []HelpCrunchTag      `json:"tags"`
	CustomData HelpCrunchCustomData `json:"customData"`
	// Others holds the fields of HelpCrunchCustomerOtherFields as read.
	Others map[string]json.RawMessage `json:"-"`
}

// HelpCrunchCustomerOtherFields are the writable fields of the customer
// model that the provider does not manage, as the update page lists them.
var HelpCrunchCustomerOtherFields = []string{
	"lastSeen", "unsubscribed", "blocked", "source", "referer", "lastPage", "locale", "createdFrom", "integrationId",
}

// UnmarshalJSON reads a customer and keeps its other writable fields raw.
func (c *HelpCrunchCustomer) UnmarshalJSON(raw []byte) error {
	type plain HelpCrunchCustomer
	if err := json.Unmarshal(raw, (*plain)(c)); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return err
	}
	c.Others = map[string]json.RawMessage{}
	for _, f := range HelpCrunchCustomerOtherFields {
		if v, ok := all[f]; ok {
			c.Others[f] = v
		}
	}
	return nil
}

// HelpCrunchTag is a tag of a customer. Colors belong to the account's
// tags, not to the customer.
type HelpCrunchTag struct {
	Name  string `json:"name"`
	Color string `json:"color,omitempty"`
}

// HelpCrunchCustomDatum is one custom data property; Value is the JSON
// string, number or boolean, or null to remove the property in an update.
type HelpCrunchCustomDatum struct {
	Property string          `json:"property"`
	Value    json.RawMessage `json:"value"`
}

// HelpCrunchCustomData is a customer's custom data, by property. The
// customer model answers it as an object of property to value, the
// get-customer page's example as a list of {property, value}; both are
// read, into property order.
type HelpCrunchCustomData []HelpCrunchCustomDatum

// UnmarshalJSON reads an object, a list of {property, value}, or null.
func (d *HelpCrunchCustomData) UnmarshalJSON(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	var out HelpCrunchCustomData
	switch {
	case bytes.Equal(raw, []byte("null")):
	case bytes.HasPrefix(raw, []byte("{")):
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("HelpCrunch customData: %w", err)
		}
		for p, v := range obj {
			out = append(out, HelpCrunchCustomDatum{Property: p, Value: v})
		}
	default:
		if err := json.Unmarshal(raw, (*[]HelpCrunchCustomDatum)(&out)); err != nil {
			return fmt.Errorf("HelpCrunch customData: %w", err)
		}
	}
	slices.SortFunc(out, func(a, b HelpCrunchCustomDatum) int { return strings.Compare(a.Property, b.Property) })
	*d = out
	return nil
}

// HelpCrunchCustomerRequest is what POST /customers and PUT
// /customers/{id} send. Create sends what is set; Update sends every field
// here, null where unset, since the current update page says PUT nulls
// what it leaves out (and an older one that it leaves it as it was: sending
// everything is right in both).
type HelpCrunchCustomerRequest struct {
	Name, Email, UserID, Company, Phone, Notes *string
	// FirstSeen is sent as Unix seconds in a string, as the pages advise.
	FirstSeen *time.Time
	// Tags are names; a tag that does not exist yet is made with
	// HelpCrunch's default color, and one that exists keeps its color.
	Tags []string
	// CustomData are the properties to set; a null Value removes one.
	CustomData []HelpCrunchCustomDatum
	// Others are more writable fields, sent as they are (an update sends
	// back what HelpCrunchCustomer.Others read).
	Others map[string]json.RawMessage
}

// body is the JSON object of r; all puts every managed field in it.
func (r *HelpCrunchCustomerRequest) body(all bool) map[string]any {
	out := map[string]any{}
	for k, v := range r.Others {
		out[k] = v
	}
	for key, v := range map[string]*string{"name": r.Name, "email": r.Email, "userId": r.UserID, "company": r.Company, "phone": r.Phone, "notes": r.Notes} {
		if v != nil || all {
			out[key] = v
		}
	}
	if r.FirstSeen != nil {
		out["firstSeen"] = strconv.FormatInt(r.FirstSeen.Unix(), 10)
	} else if all {
		out["firstSeen"] = nil
	}
	if len(r.Tags) > 0 || all {
		tags := make([]HelpCrunchTag, 0, len(r.Tags))
		for _, t := range r.Tags {
			tags = append(tags, HelpCrunchTag{Name: t})
		}
		out["tags"] = tags
	}
	if len(r.CustomData) > 0 || all {
		out["customData"] = NonNilCustomData(r.CustomData)
	}
	return out
}

// NonNilCustomData is d, or an empty list, which says "no custom data"
// where a nil one would be sent as null.
func NonNilCustomData(d []HelpCrunchCustomDatum) []HelpCrunchCustomDatum {
	if d == nil {
		return []HelpCrunchCustomDatum{}
	}
	return d
}

// Create makes a customer.
//
// POST /customers is not idempotent, so it is retried only when no copy of
// it can have reached HelpCrunch: after a 429, or a connection error before
// the request was written. After a 5xx or a timeout the customer may exist;
// the error then answers true to MayHaveCommitted (see FindCreated).
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/create-customer-v1
func (s *HelpCrunchCustomersService) Create(ctx context.Context, req *HelpCrunchCustomerRequest) (*HelpCrunchCustomer, error) {
	return call[HelpCrunchCustomer](ctx, s.core, request{method: "POST", path: "/customers", body: req.body(false), policy: retryUnsentOnly, operation: "POST /customers"})
}

// Get fetches one customer. A customer that does not exist is an error for
// which IsNotFound is true.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/get-customer-v1
func (s *HelpCrunchCustomersService) Get(ctx context.Context, id int64) (*HelpCrunchCustomer, error) {
	return call[HelpCrunchCustomer](ctx, s.core, request{method: "GET", path: customerPath(id), policy: retryIdempotent, operation: "GET /customers/{id}"})
}

// Update sends every field of req with one PUT, which sets them whatever
// they were, so a retry does what the first attempt did.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/update-customer-v1
func (s *HelpCrunchCustomersService) Update(ctx context.Context, id int64, req *HelpCrunchCustomerRequest) (*HelpCrunchCustomer, error) {
	return call[HelpCrunchCustomer](ctx, s.core, request{method: "PUT", path: customerPath(id), body: req.body(true), policy: retryIdempotent, operation: "PUT /customers/{id}"})
}

// Delete deletes a customer, and with them (HelpCrunch's legacy API page
// says so) their chat history. A retry after the customer went is a 404,
// for which IsNotFound is true.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/delete-customer-v1
func (s *HelpCrunchCustomersService) Delete(ctx context.Context, id int64) error {
	return s.core.do(ctx, request{method: "DELETE", path: customerPath(id), policy: retryIdempotent, operation: "DELETE /customers/{id}"}, nil)
}

func customerPath(id int64) string { return "/customers/" + strconv.FormatInt(id, 10) }

// Search returns one page of the customers that match req's filters (of
// the customers.* fields). It only reads, so every failure the core can
// retry is retried.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-customers-v1
func (s *HelpCrunchCustomersService) Search(ctx context.Context, req *HelpCrunchSearchRequest) (*HelpCrunchPage[HelpCrunchCustomer], error) {
	return call[HelpCrunchPage[HelpCrunchCustomer]](ctx, s.core, request{method: "POST", path: "/customers/search", body: req, policy: retryIdempotent, operation: "POST /customers/search"})
}

// SearchIter yields the customers that match req, a page at a time as the
// caller ranges, as HelpCrunchChatsService.SearchIter does for chats.
func (s *HelpCrunchCustomersService) SearchIter(ctx context.Context, req HelpCrunchSearchRequest, want int) iter.Seq2[HelpCrunchCustomer, error] {
	return searchPages(ctx, req, want, nil, s.Search)
}

// HelpCrunchCustomerKey is the one search filter that names the customers a
// request is for: its userId (unique in an account) when it has one, else
// its email. ok is false when it has neither.
func HelpCrunchCustomerKey(req *HelpCrunchCustomerRequest) (filter HelpCrunchSearchFilter, ok bool) {
	switch {
	case req.UserID != nil:
		return HelpCrunchSearchFilter{Field: "customers.userId", Operator: "=", Value: *req.UserID}, true
	case req.Email != nil:
		return HelpCrunchSearchFilter{Field: "customers.email", Operator: "=", Value: *req.Email}, true
	}
	return HelpCrunchSearchFilter{}, false
}

// FindCreated looks for the customer a create whose answer was lost may
// have made: with one search by the request's key (HelpCrunchCustomerKey),
// newest first visit first, the customers first seen between since and
// until, each widened by HelpCrunchCreateClockSlack (the provider sends the
// moment it started as firstSeen). It sends exactly one search request
// (plus the core's retries of that one request) and returns at most one
// page of candidates. A request with neither userId nor email cannot be
// looked for: that is an error.
//
// HelpCrunch API docs: https://docs.helpcrunch.com/en/rest-api-v1/search-customers-v1
func (s *HelpCrunchCustomersService) FindCreated(ctx context.Context, req *HelpCrunchCustomerRequest, since, until time.Time) ([]HelpCrunchCustomer, error) {
	key, ok := HelpCrunchCustomerKey(req)
	if !ok {
		return nil, fmt.Errorf("a customer with neither user_id nor email cannot be searched for")
	}
	list, err := s.Search(ctx, &HelpCrunchSearchRequest{
		Filter: []HelpCrunchSearchFilter{key},
		Sort:   "customers.firstSeen",
		Order:  "desc",
		Limit:  HelpCrunchMaxPageSize,
	})
	if err != nil {
		return nil, err
	}
	from, to := since.Add(-HelpCrunchCreateClockSlack).Truncate(time.Second), until.Add(HelpCrunchCreateClockSlack)
	var out []HelpCrunchCustomer
	for _, c := range list.Data {
		if c.FirstSeen.Valid && !c.FirstSeen.Time.Before(from) && !c.FirstSeen.Time.After(to) {
			out = append(out, c)
		}
	}
	return out, nil
}
