// Package helpcrunch is the fake of HelpCrunch's REST API v1 (chats, chat
// search, messages), faithful to the spec written from its docs. It is a
// mockapi.Platform: a mockapi.Server serves it under Prefix, counts its
// requests by the Route constants and injects faults into them.
package helpcrunch

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Name keys the fake in the control API: its part of GET /__mock/state, its
// rate limit, DELETE /__mock/helpcrunch/... .
const Name = "helpcrunch"

// Prefix is the path the fake API is served under: http://ADDR/helpcrunch/v1
// is HelpCrunch's https://api.helpcrunch.com/v1.
const Prefix = "/helpcrunch/v1"

// The routes the fake serves, as the requests are counted and faults are
// scripted: "METHOD PATH" with the path pattern of the docs.
const (
	RouteChatCreate           = "POST " + Prefix + "/chats"
	RouteChatGet              = "GET " + Prefix + "/chats/{id}"
	RouteChatsSearch          = "POST " + Prefix + "/chats/search"
	RouteChatUpdateAssignee   = "PUT " + Prefix + "/chats/assignee"
	RouteChatUpdateDepartment = "PUT " + Prefix + "/chats/department"
	RouteChatUpdateStatus     = "PUT " + Prefix + "/chats/status"
	RouteMessageCreate        = "POST " + Prefix + "/messages"
	RouteCustomerCreate       = "POST " + Prefix + "/customers"
	RouteCustomerGet          = "GET " + Prefix + "/customers/{id}"
	RouteCustomerUpdate       = "PUT " + Prefix + "/customers/{id}"
	RouteCustomerDelete       = "DELETE " + Prefix + "/customers/{id}"
	RouteCustomersSearch      = "POST " + Prefix + "/customers/search"
)

// DocumentedRateLimit is HelpCrunch's documented default: 120 requests a
// minute.
var DocumentedRateLimit = mockapi.RateLimit{Requests: 120, Window: time.Minute}

// Options configure a new HelpCrunch fake.
type Options struct {
	// Fixtures replaces the default fixtures when set.
	Fixtures *Fixtures
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// Readings answer the docs' open questions (ReadingStatusSearch, ...)
	// other than by default.
	Readings map[string]string
}

// Where HelpCrunch's docs disagree, the fake answers in the reading a
// mockapi.Reading selects, its first value by default.
const (
	// ReadingStatusSearch is how a chats.status search filter names a
	// status: "names" as the chat model and older revisions of "Search for
	// chats" spell them ("pending", "onhold"), or "codes", numeric codes in a
	// string as the newest revision shows ("3"). A value of the other form
	// matches no chat; one of neither form is a 400.
	ReadingStatusSearch = "status_search"
	// ReadingSearchTotal is where a page of chats says how many match:
	// "meta" (meta.total, as the docs show), "top" (a top-level total, as a
	// script written against the live API reads it) or "none" (not at all).
	ReadingSearchTotal = "search_total"
	// ReadingMessageStatus is the status POST /messages answers a created
	// message with: "200", as the create-message page shows, or "201", as
	// POST /chats answers a created chat and code written against the live
	// API expects of a create.
	ReadingMessageStatus = "message_status"
	// ReadingChatFieldTypes is how a chat's closedBy and rating are typed:
	// "strings", as the chat pages show them ("agent", "great"), or
	// "numbers", as a connector generated for the live API types them. No
	// page lists codes for them, so the fake numbers the documented values
	// in the order the pages list them, from 1 (closedBy: customer, agent;
	// rating: great, average, poor).
	ReadingChatFieldTypes = "chat_field_types"
)

// Readings are the questions the docs leave open, each with its answers,
// the default first.
func Readings() []mockapi.Reading { return slices.Clone(readings) }

var readings = append([]mockapi.Reading{
	{Name: ReadingStatusSearch, Values: []string{"names", "codes"},
		Doc: "chats.status search values: names (pending, onhold) or numeric codes in a string (3, 4)"},
	{Name: ReadingSearchTotal, Values: []string{"meta", "top", "none"},
		Doc: "the total of a page of chats: meta.total, a top-level total, or none"},
	{Name: ReadingMessageStatus, Values: []string{"200", "201"},
		Doc: "the status POST /messages answers a created message with: 200 or 201"},
	{Name: ReadingChatFieldTypes, Values: []string{"strings", "numbers"},
		Doc: "a chat's closedBy and rating: strings (agent, great) or numbers"},
}, customerReadings...)

// Fake is the HelpCrunch fake. Serve it with a mockapi.Server.
type Fake struct {
	// Readings are the docs' open questions and how the fake answers them.
	mockapi.Readings

	// mu guards every field below that changes: each request is handled
	// under it, so the fake is linearizable.
	mu sync.Mutex

	apiKey string
	now    func() time.Time

	customers      map[int64]*hcCustomer
	nextCustomerID int64
	// tags are the account's customer tags and their colors, by name.
	tags         map[string]string
	applications map[int64]Application
	agents       map[int64]Agent
	departments  map[int64]Department

	chats  map[int64]*hcChat
	nextID int64

	messages mockapi.Posted[hcMessage] // messages posted through the API

	timestampFormat string
	agentsShape     string

	// searches logs every answered POST /chats/search, so tests can prove
	// how a client pages.
	searches []SearchLog
}

// SearchLog is one answered POST /chats/search: the paging it asked
// for and how many chats it got.
type SearchLog struct {
	Offset   int `json:"offset"`
	Limit    int `json:"limit"`
	Returned int `json:"returned"`
	Total    int `json:"total"`
}

// hcChat is one stored chat. Zero times and ids stand for null.
type hcChat struct {
	id          int64
	customer    int64
	application int64
	assignee    int64
	department  int64
	// status is kept as HelpCrunch reads it back ("onhold", not "on hold").
	status                string
	createdAt             time.Time
	updatedAt             time.Time
	closedAt              time.Time
	closedBy              string
	rating                string
	lastMessageAt         time.Time
	lastCustomerMessageAt time.Time
	lastMessageText       string
	agents                []int64
}

var _ mockapi.Platform = (*Fake)(nil)

// New returns a HelpCrunch fake loaded with opts.Fixtures, or the default
// ones.
func New(opts Options) (*Fake, error) {
	fx := opts.Fixtures
	if fx == nil {
		fx = DefaultFixtures()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	h := &Fake{
		apiKey:          fx.APIKey,
		now:             now,
		customers:       map[int64]*hcCustomer{},
		nextCustomerID:  1,
		tags:            map[string]string{},
		applications:    map[int64]Application{},
		agents:          map[int64]Agent{},
		departments:     map[int64]Department{},
		chats:           map[int64]*hcChat{},
		nextID:          1,
		timestampFormat: fx.TimestampFormat,
		agentsShape:     fx.AgentsShape,
	}
	if err := h.DefineAndSet(readings, opts.Readings); err != nil {
		return nil, err
	}
	switch h.timestampFormat {
	case "":
		h.timestampFormat = "number"
	case "number", "string", "fractional", "mixed":
	default:
		return nil, fmt.Errorf("timestamp_format %q is not one of number, string, fractional, mixed", fx.TimestampFormat)
	}
	switch h.agentsShape {
	case "":
		h.agentsShape = "array"
	case "array", "object":
	default:
		return nil, fmt.Errorf("agents_shape %q is not one of array, object", fx.AgentsShape)
	}
	for _, c := range fx.Customers {
		if err := h.addFixtureCustomer(c); err != nil {
			return nil, err
		}
	}
	if err := loadFixtures("application", fx.Applications, h.applications); err != nil {
		return nil, err
	}
	if err := loadFixtures("agent", fx.Agents, h.agents); err != nil {
		return nil, err
	}
	if err := loadFixtures("department", fx.Departments, h.departments); err != nil {
		return nil, err
	}
	for i, c := range fx.Chats {
		if err := h.addFixtureChat(c); err != nil {
			return nil, fmt.Errorf("chats[%d]: %w", i, err)
		}
	}
	return h, nil
}

// Name is the Name constant, for mockapi.Platform.
func (h *Fake) Name() string { return Name }

// Prefix is the Prefix constant, for mockapi.Platform.
func (h *Fake) Prefix() string { return Prefix }

// Register serves every Route on mux.
func (h *Fake) Register(mux *http.ServeMux) {
	mux.HandleFunc(RouteChatCreate, h.withBody(h.createChat))
	mux.HandleFunc(RouteChatGet, h.handleHelpCrunchGetChat)
	mux.HandleFunc(RouteChatsSearch, h.handleHelpCrunchSearchChats)
	mux.HandleFunc(RouteChatUpdateAssignee, h.withBody(h.updateChat(h.changeAssignee)))
	mux.HandleFunc(RouteChatUpdateDepartment, h.withBody(h.updateChat(h.changeDepartment)))
	mux.HandleFunc(RouteChatUpdateStatus, h.withBody(h.updateStatus))
	mux.HandleFunc(RouteMessageCreate, h.withBody(h.createMessage))
	mux.HandleFunc(RouteCustomerCreate, h.withBody(h.createCustomer))
	mux.HandleFunc(RouteCustomerGet, h.handleGetCustomer)
	mux.HandleFunc(RouteCustomerUpdate, h.handleUpdateCustomer)
	mux.HandleFunc(RouteCustomerDelete, h.handleDeleteCustomer)
	mux.HandleFunc(RouteCustomersSearch, h.handleSearchCustomers)
}

// Authenticate accepts the fixtures' key as a bearer token only; anything
// else is HelpCrunch's 401.
func (h *Fake) Authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	key, hasBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	// The key is set once, by New: no lock needed.
	if !hasBearer || key == "" || key != h.apiKey {
		writeError(w, http.StatusUnauthorized, "invalid_token", "Invalid or missing API key.")
		return "", false
	}
	return key, true
}

// WriteFault answers an injected fault in HelpCrunch's error shape; a 429
// carries no wait unless the fault says where, as HelpCrunch documents none.
func (h *Fake) WriteFault(w http.ResponseWriter, f mockapi.ScriptedFault) {
	if f.Status == http.StatusTooManyRequests {
		f.RetryAfter(w, "none")
		writeError(w, f.Status, "too_many_requests", "Too many requests: the limit is 120 requests a minute.")
		return
	}
	writeError(w, f.Status, "internal_error", f.Message())
}

// State is the HelpCrunch part of GET /__mock/state.
type State struct {
	Chats []map[string]any `json:"chats"`
	// Customers are every customer, as the customer endpoints return them.
	Customers []map[string]any `json:"customers"`
	// Messages are the messages posted with POST /messages.
	Messages []map[string]any `json:"messages"`
}

// State returns every stored object, as the API returns it.
func (h *Fake) State() State {
	h.mu.Lock()
	defer h.mu.Unlock()
	return State{Chats: h.helpcrunchChatsSnapshot(), Customers: h.customersSnapshot(), Messages: h.helpcrunchMessagesSnapshot()}
}

// Snapshot is State, for mockapi.Platform.
func (h *Fake) Snapshot() any { return h.State() }

// DeleteOutOfBand removes a chat or a customer behind the client's back:
// DELETE /__mock/helpcrunch/chats/ID and /__mock/helpcrunch/customers/ID. A
// customer goes with their chats, as deleting them in HelpCrunch does.
func (h *Fake) DeleteOutOfBand(collection, id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch collection {
	case "chats":
		return h.deleteHelpCrunchChat(id)
	case "customers":
		n, err := strconv.ParseInt(id, 10, 64)
		if _, ok := h.customers[n]; err != nil || !ok {
			return false
		}
		h.deleteCustomer(n)
		return true
	}
	return false
}

// writeError writes HelpCrunch's error body: {"errors": [{"code", "message"}]}.
func writeError(w http.ResponseWriter, status int, code, message string) {
	mockapi.WriteJSON(w, status, map[string]any{"errors": []map[string]any{{"code": code, "message": message}}})
}

func (c Customer) fixtureID() int64    { return c.ID }
func (a Application) fixtureID() int64 { return a.ID }
func (a Agent) fixtureID() int64       { return a.ID }
func (d Department) fixtureID() int64  { return d.ID }

// loadFixtures keys items by id in into, each id checked as checkFixtureID
// does.
func loadFixtures[T interface{ fixtureID() int64 }](kind string, items []T, into map[int64]T) error {
	for _, item := range items {
		if err := checkFixtureID(kind, item.fixtureID(), into); err != nil {
			return err
		}
		into[item.fixtureID()] = item
	}
	return nil
}

func checkFixtureID[T any](kind string, id int64, seen map[int64]T) error {
	if id < 1 {
		return fmt.Errorf("%s id %d must be >= 1", kind, id)
	}
	if _, dup := seen[id]; dup {
		return fmt.Errorf("%s id %d is listed twice", kind, id)
	}
	return nil
}

func (h *Fake) addFixtureChat(f ChatFixture) error {
	if _, ok := h.customers[f.Customer]; !ok {
		return fmt.Errorf("customer %d does not exist", f.Customer)
	}
	if _, ok := h.applications[f.Application]; !ok {
		return fmt.Errorf("application %d does not exist", f.Application)
	}
	if _, ok := h.agents[f.Assignee]; f.Assignee != 0 && !ok {
		return fmt.Errorf("agent %d does not exist", f.Assignee)
	}
	if _, ok := h.departments[f.Department]; f.Department != 0 && !ok {
		return fmt.Errorf("department %d does not exist", f.Department)
	}
	for _, a := range f.Agents {
		if _, ok := h.agents[a]; !ok {
			return fmt.Errorf("agent %d does not exist", a)
		}
	}
	status := f.Status
	if status == "" {
		status = "new"
	}
	if !hcKnownStatus(status) {
		return fmt.Errorf("status %q is not a HelpCrunch chat status", f.Status)
	}
	id := f.ID
	if id == 0 {
		id = h.nextID
	}
	if id < 1 {
		return fmt.Errorf("chat id %d must be >= 1", id)
	}
	if _, dup := h.chats[id]; dup {
		return fmt.Errorf("chat id %d is listed twice", id)
	}
	created := h.now().Truncate(time.Second)
	if f.CreatedAt != 0 {
		created = time.Unix(f.CreatedAt, 0)
	}
	c := &hcChat{
		id:              id,
		customer:        f.Customer,
		application:     f.Application,
		assignee:        f.Assignee,
		department:      f.Department,
		status:          hcReadSpelling(status),
		createdAt:       created,
		updatedAt:       created,
		closedAt:        unixOrZero(f.ClosedAt),
		closedBy:        f.ClosedBy,
		rating:          f.Rating,
		lastMessageAt:   unixOrZero(f.LastMessageAt),
		lastMessageText: f.LastMessageText,
		agents:          append([]int64(nil), f.Agents...),
	}
	if c.status == "closed" && c.closedAt.IsZero() {
		c.closedAt = created
	}
	h.chats[id] = c
	if id >= h.nextID {
		h.nextID = id + 1
	}
	return nil
}

func unixOrZero(secs int64) time.Time {
	if secs == 0 {
		return time.Time{}
	}
	return time.Unix(secs, 0)
}

// hcStatusSeparators is built once: a Replacer builds its tables on first use.
var hcStatusSeparators = strings.NewReplacer(" ", "", "-", "", "_", "")

// hcStatusKey folds the spellings HelpCrunch's docs use for one status
// ("on hold", "onhold", "on-hold") into one key.
func hcStatusKey(s string) string {
	return hcStatusSeparators.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// hcKnownStatus reports whether s is one of the spec's ChatStatus values.
func hcKnownStatus(s string) bool {
	switch s {
	case "new", "opened", "pending", "on hold", "onhold", "on-hold", "no communication", "closed", "empty":
		return true
	}
	return false
}

// hcSettableStatus reports whether PUT /chats/status accepts s (the spec's
// UpdateChatStatusRequest enum: "onhold" and "empty" are read-only spellings).
func hcSettableStatus(s string) bool {
	switch s {
	case "new", "opened", "pending", "on hold", "on-hold", "no communication", "closed":
		return true
	}
	return false
}

// hcReadSpelling is how HelpCrunch reports a status it was given: "on hold"
// and "on-hold" read back as "onhold".
func hcReadSpelling(s string) string {
	if hcStatusKey(s) == "onhold" {
		return "onhold"
	}
	return s
}

// hcTimestamp renders t as the fixtures' format asks; the zero time is null.
func (h *Fake) hcTimestamp(chatID int64, t time.Time) any {
	if t.IsZero() {
		return nil
	}
	secs := t.Unix()
	format := h.timestampFormat
	if format == "mixed" {
		format = [...]string{"number", "string", "fractional"}[chatID%3]
	}
	switch format {
	case "string":
		return strconv.FormatInt(secs, 10)
	case "fractional":
		return strconv.FormatInt(secs, 10) + ".000"
	}
	return secs
}

func (h *Fake) agentObject(id int64) map[string]any {
	a := h.agents[id]
	return map[string]any{"id": a.ID, "name": a.Name, "email": a.Email, "role": a.Role}
}

// render is the chat as the API returns it (the spec's Chat schema).
func (h *Fake) render(c *hcChat) map[string]any {
	cust := h.customers[c.customer]
	var userID any
	if cust.userID() != "" {
		userID = cust.userID()
	}
	out := map[string]any{
		"id":                    c.id,
		"status":                c.status,
		"createdAt":             h.hcTimestamp(c.id, c.createdAt),
		"closedBy":              h.chatField(c.closedBy, "customer", "agent"),
		"closedAt":              h.hcTimestamp(c.id, c.closedAt),
		"rating":                h.chatField(c.rating, "great", "average", "poor"),
		"lastCustomerMessageAt": h.hcTimestamp(c.id, c.lastCustomerMessageAt),
		"lastMessageAt":         h.hcTimestamp(c.id, c.lastMessageAt),
		// Nothing the provider calls snoozes a chat.
		"snoozedUntil":    nil,
		"lastMessageText": nullString(c.lastMessageText),
		"lastMessageId":   nil,
		"lastCommunicatedAgentId": func() any {
			if len(c.agents) == 0 {
				return nil
			}
			return c.agents[len(c.agents)-1]
		}(),
		"applicationId":  c.application,
		"createdWith":    "api",
		"readByAgent":    true,
		"readByCustomer": true,
		"customer": map[string]any{
			"id":     cust.id,
			"name":   nullString(cust.name()),
			"email":  nullString(cust.email()),
			"userId": userID,
		},
		"assignee":   nil,
		"department": nil,
	}
	if c.lastMessageText != "" {
		out["lastMessageId"] = c.id * 1000
	}
	agents := make([]any, 0, len(c.agents))
	for _, a := range c.agents {
		agents = append(agents, h.agentObject(a))
	}
	if h.agentsShape == "object" {
		if len(agents) > 0 {
			out["agents"] = agents[0]
		} else {
			out["agents"] = nil
		}
	} else {
		out["agents"] = agents
	}
	if c.assignee != 0 {
		out["assignee"] = h.agentObject(c.assignee)
	}
	if c.department != 0 {
		d := h.departments[c.department]
		out["department"] = map[string]any{"id": d.ID, "name": d.Name}
	}
	return out
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// chatField is a chat's closedBy or rating as the ReadingChatFieldTypes
// reading types it: the value, or its place in values from 1 (0 for one not
// listed); null when unset. h.mu is held.
func (h *Fake) chatField(v string, values ...string) any {
	if v == "" {
		return nil
	}
	if h.Reading(ReadingChatFieldTypes) == "numbers" {
		return int64(slices.Index(values, v) + 1)
	}
	return v
}

// inIDOrder returns the chats or customers of m, keyed by id, in id order.
func inIDOrder[T any](m map[int64]T) []T {
	out := make([]T, 0, len(m))
	for _, id := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[id])
	}
	return out
}

// helpcrunchChatsSnapshot returns every chat as the API returns it, in id
// order. h.mu is held.
func (h *Fake) helpcrunchChatsSnapshot() []map[string]any {
	return mockapi.RenderAll(inIDOrder(h.chats), h.render)
}

// deleteHelpCrunchChat removes a chat behind the client's back (HelpCrunch's
// API itself has no delete). h.mu is held.
func (h *Fake) deleteHelpCrunchChat(id string) bool {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return false
	}
	if _, ok := h.chats[n]; !ok {
		return false
	}
	h.forgetChat(n)
	return true
}

// forgetChat removes chat id and the messages posted in it. h.mu is held.
func (h *Fake) forgetChat(id int64) {
	delete(h.chats, id)
	h.messages.DeleteFunc(func(m *hcMessage) bool { return m.chat == id })
}

// Searches returns the POST /chats/search requests answered so far,
// oldest first.
func (h *Fake) Searches() []SearchLog {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]SearchLog(nil), h.searches...)
}

// ResetSearches forgets the logged searches.
func (h *Fake) ResetSearches() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.searches = nil
}
