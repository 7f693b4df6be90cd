package helpcrunch

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// The customer endpoints, as the REST API v1 pages describe them:
// https://docs.helpcrunch.com/en/rest-api-v1/customer-model-v1 and the
// create, get, update, delete and search pages beside it.

// hcDefaultTagColor is the color HelpCrunch gives a tag created without one.
const hcDefaultTagColor = "#c377e0"

// hcCustomer is one stored customer. A text field absent from text is null.
type hcCustomer struct {
	id                  int64
	text                map[string]string
	firstSeen, lastSeen time.Time
	unsubscribed        bool
	blocked             bool
	// tags are names, in the order given; their colors are the account's.
	tags       []string
	customData []hcCustomDatum
}

// hcCustomDatum is one custom data property and its value, a JSON string,
// number or boolean as it was sent.
type hcCustomDatum struct {
	property string
	value    json.RawMessage
}

func (c *hcCustomer) name() string   { return c.text["name"] }
func (c *hcCustomer) email() string  { return c.text["email"] }
func (c *hcCustomer) userID() string { return c.text["userId"] }

// hcCustomerTextFields are the writable string fields of the customer model.
var hcCustomerTextFields = []string{
	"name", "email", "userId", "company", "phone", "source", "referer", "lastPage", "locale", "createdFrom", "integrationId", "notes",
}

// hcCustomerFields are every writable field of the customer model, as the
// create and update pages list them; a body with any other key is a 400.
var hcCustomerFields = append(slices.Clone(hcCustomerTextFields), "firstSeen", "lastSeen", "unsubscribed", "blocked", "tags", "customData")

// Readings of the customer pages.
const (
	// ReadingCustomerPut is what PUT /customers/{id} does with a field its
	// body leaves out: "replace" sets it to null, as the current update page
	// says; "merge" leaves it as it was, as an older revision did. In the
	// merge reading a customData list is merged by property (null removes
	// one); in the replace reading it is the customer's whole custom data.
	ReadingCustomerPut = "customer_put"
	// ReadingCustomerData is how a customer's customData is answered:
	// "object" (property to value, as the customer model shows) or "list"
	// ([{property, value}], as the get-customer page's example shows).
	ReadingCustomerData = "custom_data"
)

var customerReadings = []mockapi.Reading{
	{Name: ReadingCustomerPut, Values: []string{"replace", "merge"},
		Doc: "PUT /customers/{id}: fields left out become null (replace) or stay as they were (merge)"},
	{Name: ReadingCustomerData, Values: []string{"object", "list"},
		Doc: "a customer's customData: an object of property to value, or a list of {property, value}"},
}

// addFixtureCustomer stores a customer of the fixtures.
func (h *Fake) addFixtureCustomer(f Customer) error {
	if err := checkFixtureID("customer", f.ID, h.customers); err != nil {
		return err
	}
	c := &hcCustomer{id: f.ID, text: map[string]string{}}
	for key, v := range map[string]string{"name": f.Name, "email": f.Email, "userId": f.UserID, "company": f.Company,
		"phone": f.Phone, "notes": f.Notes, "locale": f.Locale, "source": f.Source} {
		if v != "" {
			c.text[key] = v
		}
	}
	c.firstSeen = unixOrZero(f.FirstSeen)
	for _, t := range f.Tags {
		h.addTag(t, "")
		c.tags = append(c.tags, t)
	}
	for _, p := range slices.Sorted(maps.Keys(f.CustomData)) {
		raw, err := json.Marshal(f.CustomData[p])
		if err != nil {
			return fmt.Errorf("customer %d: custom data %q: %w", f.ID, p, err)
		}
		c.customData = append(c.customData, hcCustomDatum{property: p, value: raw})
	}
	h.customers[f.ID] = c
	h.nextCustomerID = max(h.nextCustomerID, f.ID+1)
	return nil
}

// addTag creates the account's tag name with color (or HelpCrunch's
// default) when there is none yet. A tag that exists keeps its color. h.mu
// is held.
func (h *Fake) addTag(name, color string) {
	if _, ok := h.tags[name]; !ok {
		h.tags[name] = cmp.Or(color, hcDefaultTagColor)
	}
}

// renderCustomer is the customer model. The model has no creation time; a
// customer made through the API has no location or device yet.
func (h *Fake) renderCustomer(c *hcCustomer) map[string]any {
	out := map[string]any{
		"id":           c.id,
		"firstSeen":    h.hcTimestamp(c.id, c.firstSeen),
		"lastSeen":     h.hcTimestamp(c.id, c.lastSeen),
		"location":     nil,
		"device":       nil,
		"unsubscribed": c.unsubscribed,
		"blocked":      c.blocked,
	}
	for _, f := range hcCustomerTextFields {
		out[f] = nil
		if v, ok := c.text[f]; ok {
			out[f] = v
		}
	}
	tags := make([]map[string]any, 0, len(c.tags))
	for _, t := range c.tags {
		tags = append(tags, map[string]any{"name": t, "color": h.tags[t]})
	}
	out["tags"] = tags
	if h.Reading(ReadingCustomerData) == "list" {
		list := make([]map[string]any, 0, len(c.customData))
		for _, d := range c.customData {
			list = append(list, map[string]any{"property": d.property, "value": d.value})
		}
		out["customData"] = list
	} else {
		obj := make(map[string]any, len(c.customData))
		for _, d := range c.customData {
			obj[d.property] = d.value
		}
		out["customData"] = obj
	}
	return out
}

// customerWrite is a validated create or update body.
type customerWrite struct {
	text        map[string]*string // nil value: null
	times       map[string]*time.Time
	bools       map[string]bool
	tags        *[]customerTag // nil: not given
	customData  *[]hcCustomDatum
	customNulls []string // properties sent as null
}

type customerTag struct{ name, color string }

// readCustomerWrite validates a body of POST /customers or PUT
// /customers/{id}, of customer self (0 for a new one), and answers the 400
// itself when it is not valid.
func (h *Fake) readCustomerWrite(w http.ResponseWriter, b hcBody, self int64) (*customerWrite, bool) {
	for _, key := range slices.Sorted(maps.Keys(b)) {
		if !slices.Contains(hcCustomerFields, key) {
			writeInvalid(w, key, fmt.Sprintf("%s is not a customer field.", key))
			return nil, false
		}
	}
	cw := &customerWrite{text: map[string]*string{}, times: map[string]*time.Time{}, bools: map[string]bool{}}
	for _, f := range hcCustomerTextFields {
		if !b.has(f) {
			continue
		}
		if b.isNull(f) {
			cw.text[f] = nil
			continue
		}
		var s string
		if json.Unmarshal(b[f], &s) != nil {
			writeInvalid(w, f, fmt.Sprintf("The %s attribute must be a string or null.", f))
			return nil, false
		}
		if msg := h.customerTextProblem(f, s, self); msg != "" {
			writeInvalid(w, f, msg)
			return nil, false
		}
		cw.text[f] = &s
	}
	for _, f := range []string{"firstSeen", "lastSeen"} {
		if !b.has(f) {
			continue
		}
		if b.isNull(f) {
			cw.times[f] = nil
			continue
		}
		secs, ok := parseHCTimestamp(b[f])
		if !ok {
			writeInvalid(w, f, fmt.Sprintf("The %s attribute must be a UNIX timestamp.", f))
			return nil, false
		}
		t := time.Unix(int64(secs), 0)
		cw.times[f] = &t
	}
	for _, f := range []string{"unsubscribed", "blocked"} {
		if !b.has(f) || b.isNull(f) {
			continue
		}
		var v bool
		if json.Unmarshal(b[f], &v) != nil {
			writeInvalid(w, f, fmt.Sprintf("The %s attribute must be a boolean.", f))
			return nil, false
		}
		cw.bools[f] = v
	}
	if b.has("tags") {
		tags, msg := readCustomerTags(b)
		if msg != "" {
			writeInvalid(w, "tags", msg)
			return nil, false
		}
		cw.tags = &tags
	}
	if b.has("customData") {
		data, nulls, msg := readCustomData(b)
		if msg != "" {
			writeInvalid(w, "customData", msg)
			return nil, false
		}
		cw.customData, cw.customNulls = &data, nulls
	}
	return cw, true
}

// customerTextProblem is what is wrong with s as the field f of customer
// self, "" for nothing. An email must be one address; a userId names one
// customer only (HelpCrunch calls it a unique user id).
func (h *Fake) customerTextProblem(f, s string, self int64) string {
	switch f {
	case "email":
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			return fmt.Sprintf("%q is not a valid email address.", s)
		}
	case "userId":
		for _, c := range h.customers {
			if c.id != self && c.userID() == s {
				return fmt.Sprintf("Customer %d already has the userId %q.", c.id, s)
			}
		}
	}
	return ""
}

// readCustomerTags reads [{name, color}]; null is no tags. A tag named twice
// is kept once.
func readCustomerTags(b hcBody) ([]customerTag, string) {
	if b.isNull("tags") {
		return nil, ""
	}
	var raw []struct {
		Name  *string `json:"name"`
		Color *string `json:"color"`
	}
	if json.Unmarshal(b["tags"], &raw) != nil {
		return nil, "tags must be a list of {name, color}."
	}
	var out []customerTag
	for i, t := range raw {
		if t.Name == nil || strings.TrimSpace(*t.Name) == "" {
			return nil, fmt.Sprintf("tags[%d] needs a name.", i)
		}
		if slices.ContainsFunc(out, func(o customerTag) bool { return o.name == *t.Name }) {
			continue
		}
		tag := customerTag{name: *t.Name}
		if t.Color != nil {
			tag.color = *t.Color
		}
		out = append(out, tag)
	}
	return out, ""
}

// readCustomData reads [{property, value}] into the properties set (in the
// order given) and those sent as null; null is no custom data.
func readCustomData(b hcBody) (set []hcCustomDatum, nulls []string, msg string) {
	if b.isNull("customData") {
		return nil, nil, ""
	}
	var raw []struct {
		Property *string        `json:"property"`
		Value    hcOptionalJSON `json:"value"`
	}
	if json.Unmarshal(b["customData"], &raw) != nil {
		return nil, nil, "customData must be a list of {property, value}."
	}
	seen := map[string]bool{}
	for i, d := range raw {
		if d.Property == nil || strings.TrimSpace(*d.Property) == "" {
			return nil, nil, fmt.Sprintf("customData[%d] needs a property.", i)
		}
		if seen[*d.Property] {
			return nil, nil, fmt.Sprintf("customData names %q twice.", *d.Property)
		}
		seen[*d.Property] = true
		if !d.Value.set {
			return nil, nil, fmt.Sprintf("customData[%d] needs a value.", i)
		}
		v := bytes.TrimSpace(d.Value.raw)
		switch {
		case bytes.Equal(v, []byte("null")):
			nulls = append(nulls, *d.Property)
		case bytes.HasPrefix(v, []byte("{")) || bytes.HasPrefix(v, []byte("[")):
			return nil, nil, fmt.Sprintf("customData[%d].value must be a string, a number or a boolean.", i)
		default:
			set = append(set, hcCustomDatum{property: *d.Property, value: json.RawMessage(bytes.Clone(v))})
		}
	}
	return set, nulls, ""
}

// hcOptionalJSON is a JSON value that remembers whether it was there.
type hcOptionalJSON struct {
	raw json.RawMessage
	set bool
}

func (o *hcOptionalJSON) UnmarshalJSON(raw []byte) error {
	o.raw, o.set = bytes.Clone(raw), true
	return nil
}

// apply writes cw into c. replace sets every field cw leaves out to null
// (the replace reading of PUT); a create starts from an empty customer
// either way. h.mu is held.
func (h *Fake) apply(c *hcCustomer, cw *customerWrite, replace bool) {
	if replace {
		c.text, c.firstSeen, c.lastSeen = map[string]string{}, time.Time{}, time.Time{}
		c.unsubscribed, c.blocked = false, false
		if cw.tags == nil {
			c.tags = nil
		}
		if cw.customData == nil {
			c.customData = nil
		}
	}
	for f, v := range cw.text {
		if v == nil {
			delete(c.text, f)
		} else {
			c.text[f] = *v
		}
	}
	for f, v := range cw.times {
		t := time.Time{}
		if v != nil {
			t = *v
		}
		if f == "firstSeen" {
			c.firstSeen = t
		} else {
			c.lastSeen = t
		}
	}
	if v, ok := cw.bools["unsubscribed"]; ok {
		c.unsubscribed = v
	}
	if v, ok := cw.bools["blocked"]; ok {
		c.blocked = v
	}
	if cw.tags != nil {
		c.tags = nil
		for _, t := range *cw.tags {
			h.addTag(t.name, t.color)
			c.tags = append(c.tags, t.name)
		}
	}
	if cw.customData != nil {
		if replace {
			c.customData = nil
		}
		for _, d := range *cw.customData {
			if i := slices.IndexFunc(c.customData, func(o hcCustomDatum) bool { return o.property == d.property }); i >= 0 {
				c.customData[i] = d
			} else {
				c.customData = append(c.customData, d)
			}
		}
		c.customData = slices.DeleteFunc(c.customData, func(o hcCustomDatum) bool { return slices.Contains(cw.customNulls, o.property) })
	}
}

// createCustomer is POST /customers: 201 with the new customer, 400 for a
// body that is not the model's. No field is required. h.mu is held.
func (h *Fake) createCustomer(w http.ResponseWriter, b hcBody) {
	cw, ok := h.readCustomerWrite(w, b, 0)
	if !ok {
		return
	}
	c := &hcCustomer{id: h.nextCustomerID, text: map[string]string{}}
	h.nextCustomerID++
	h.apply(c, cw, false)
	h.customers[c.id] = c
	mockapi.WriteJSON(w, http.StatusCreated, h.renderCustomer(c))
}

// customerFromPath is the customer {id} names, or the answered 400 or 404.
// h.mu is held.
func (h *Fake) customerFromPath(w http.ResponseWriter, r *http.Request) (*hcCustomer, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeInvalid(w, "id", "The customer id must be a positive integer.")
		return nil, false
	}
	c, ok := h.customers[id]
	if !ok {
		writeCustomerNotFound(w)
	}
	return c, ok
}

// writeCustomerNotFound is the 404 of the customer pages: an invalid_request
// entry, then code not_found.
// https://docs.helpcrunch.com/en/rest-api-v1/delete-customer-v1
func writeCustomerNotFound(w http.ResponseWriter) {
	mockapi.WriteJSON(w, http.StatusNotFound, map[string]any{"errors": []map[string]any{
		{"code": "invalid_request", "message": "Invalid request"},
		{"code": "not_found", "message": "Customer not found"},
	}})
}

// handleGetCustomer is GET /customers/{id}.
func (h *Fake) handleGetCustomer(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c, ok := h.customerFromPath(w, r); ok {
		mockapi.WriteJSON(w, http.StatusOK, h.renderCustomer(c))
	}
}

// handleUpdateCustomer is PUT /customers/{id}, in the ReadingCustomerPut
// reading. A refused body changes nothing.
func (h *Fake) handleUpdateCustomer(w http.ResponseWriter, r *http.Request) {
	b, ok := readHelpCrunchBody(w, r)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.customerFromPath(w, r)
	if !ok {
		return
	}
	cw, ok := h.readCustomerWrite(w, b, c.id)
	if !ok {
		return
	}
	h.apply(c, cw, h.Reading(ReadingCustomerPut) == "replace")
	mockapi.WriteJSON(w, http.StatusOK, h.renderCustomer(c))
}

// handleDeleteCustomer is DELETE /customers/{id}: 200 "Ok". The customer's
// chats, and the messages in them, go with them, as HelpCrunch's legacy
// page for the same operation says
// (https://docs.helpcrunch.com/rest-api-legacy/delete-customer).
func (h *Fake) handleDeleteCustomer(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c, ok := h.customerFromPath(w, r); ok {
		h.deleteCustomer(c.id)
		mockapi.WriteJSON(w, http.StatusOK, "Ok")
	}
}

// deleteCustomer removes customer id, their chats and those chats'
// messages. h.mu is held.
func (h *Fake) deleteCustomer(id int64) {
	delete(h.customers, id)
	for chatID, chat := range h.chats {
		if chat.customer != id {
			continue
		}
		h.forgetChat(chatID)
	}
}

// hcCustomerSortFields are what a customer search can order by: the sort
// options the customer pages name.
var hcCustomerSortFields = []string{"customers.firstSeen", "customers.lastSeen"}

// hcCustomerOperators are the comparisons a customer search takes: "=",
// "!=" and "~" (contains) as the search page lists them, ">" and ">=" from
// its examples, "<" and "<=" assumed as their mirror.
// https://docs.helpcrunch.com/en/rest-api-v1/search-customers-v1
var hcCustomerOperators = []string{"=", "!=", "~", ">", ">=", "<", "<="}

// handleSearchCustomers is POST /customers/search: the customers every
// filter (or, with "comparison": "OR", any filter) matches, one page of
// them, with the number of matches as a top-level total (as the page of all
// customers shows it).
func (h *Fake) handleSearchCustomers(w http.ResponseWriter, r *http.Request) {
	p, matchAny, raw, ok := readSearch(w, r, hcCustomerSortFields)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	filters, ok := compileFilters(w, raw, h.compileCustomerFilter)
	if !ok {
		return
	}
	matched := searchMatches(inIDOrder(h.customers), matchAny, filters)
	moment := func(c *hcCustomer) time.Time { return c.firstSeen }
	if p.sort == "customers.lastSeen" {
		moment = func(c *hcCustomer) time.Time { return c.lastSeen }
	}
	sortSearch(matched, p, moment, func(c *hcCustomer) int64 { return c.id })
	data := mockapi.RenderAll(pageItems(matched, p), h.renderCustomer)
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"data": data, "total": len(matched)})
}

// compileCustomerFilter checks a filter against the searchable fields of the
// search page, each with its type and the operators that make sense for it,
// and returns its matcher. A field the customer has no value for (null)
// matches no comparison. Anything else is a 400.
func (h *Fake) compileCustomerFilter(field, op string, value json.RawMessage) (func(*hcCustomer) bool, error) {
	if !slices.Contains(hcCustomerOperators, op) {
		return nil, badFilter("operator", "operator %q is not one of %s", op, strings.Join(hcCustomerOperators, " "))
	}
	switch field {
	case "customers.id", "customers.lastSeen":
		if op == "~" {
			return nil, badFilter("operator", "%s cannot be compared with ~", field)
		}
		var want float64
		if field == "customers.id" {
			n, err := hcInt64Value(value)
			if err != nil {
				return nil, badFilter("value", "the value of %s must be an integer id", field)
			}
			want = float64(n)
		} else {
			secs, ok := parseHCTimestamp(value)
			if !ok {
				return nil, badFilter("value", "the value of %s must be a UNIX timestamp", field)
			}
			want = secs
		}
		compare, _ := comparator[float64](op)
		if field == "customers.id" {
			return func(c *hcCustomer) bool { return compare(float64(c.id), want) }, nil
		}
		return func(c *hcCustomer) bool { return !c.lastSeen.IsZero() && compare(float64(c.lastSeen.Unix()), want) }, nil
	case "customers.name", "customers.email", "customers.company", "customers.phone", "customers.userId",
		"customers.countryCode", "customers.city", "customers.regionCode":
		var want string
		if json.Unmarshal(value, &want) != nil {
			return nil, badFilter("value", "the value of %s must be a string", field)
		}
		if !slices.Contains([]string{"=", "!=", "~"}, op) {
			return nil, badFilter("operator", "%s can only be compared with =, != or ~", field)
		}
		key := strings.TrimPrefix(field, "customers.")
		return func(c *hcCustomer) bool {
			have, ok := c.text[key] // the location fields are never set: no match
			switch {
			case !ok:
				return false
			case op == "=":
				return have == want
			case op == "!=":
				return have != want
			}
			return strings.Contains(have, want)
		}, nil
	case "customers.tagsData":
		var tags []struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(value, &tags) != nil {
			return nil, badFilter("value", "the value of customers.tagsData must be a list of {name}")
		}
		if op != "=" {
			return nil, badFilter("operator", "customers.tagsData can only be compared with =")
		}
		return func(c *hcCustomer) bool {
			for _, t := range tags {
				if !slices.Contains(c.tags, t.Name) {
					return false
				}
			}
			return true
		}, nil
	}
	return nil, badFilter("field", "%q is not a searchable customer field", field)
}

// customersSnapshot returns every customer as the API returns it, in id
// order. h.mu is held.
func (h *Fake) customersSnapshot() []map[string]any {
	return mockapi.RenderAll(inIDOrder(h.customers), h.renderCustomer)
}
