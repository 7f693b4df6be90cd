package mockapi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// HelpCrunchFixtures seed the HelpCrunch fake. Lists left empty in a fixtures
// file keep their defaults (customers 1..20, applications 1..3, agents 1..5,
// departments 1..3); chats start empty unless listed.
type HelpCrunchFixtures struct {
	// APIKey is the accepted bearer key.
	APIKey string `json:"api_key"`
	// Customers the chats can be opened for.
	Customers []HelpCrunchCustomer `json:"customers,omitempty"`
	// Applications (website widgets, apps) a chat can come through.
	Applications []HelpCrunchApplication `json:"applications,omitempty"`
	// Agents a chat can be assigned to.
	Agents []HelpCrunchAgent `json:"agents,omitempty"`
	// Departments a chat can belong to.
	Departments []HelpCrunchDepartment `json:"departments,omitempty"`
	// Chats that exist from the start.
	Chats []HelpCrunchChatFixture `json:"chats,omitempty"`
	// TimestampFormat says how chat timestamps are written, since HelpCrunch's
	// docs show several forms: "number" (default, 1603864800), "string"
	// ("1603864800"), "fractional" ("1603864800.000"), or "mixed" (the three
	// in turn, by chat id).
	TimestampFormat string `json:"timestamp_format,omitempty"`
	// AgentsShape says how a chat's "agents" are written: "array" (default) or
	// "object" (a single agent, or null, as one older docs example shows).
	AgentsShape string `json:"agents_shape,omitempty"`
}

// HelpCrunchCustomer is a customer of the fake.
type HelpCrunchCustomer struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	UserID string   `json:"user_id,omitempty"`
	Tags   []string `json:"tags,omitempty"`
}

// HelpCrunchApplication is an application (website widget or app) of the fake.
type HelpCrunchApplication struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// HelpCrunchAgent is a team member of the fake.
type HelpCrunchAgent struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// HelpCrunchDepartment is a department of the fake.
type HelpCrunchDepartment struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// HelpCrunchChatFixture is a chat that exists from the start. Timestamps are
// Unix seconds; zero means null (CreatedAt zero means the fake's now).
type HelpCrunchChatFixture struct {
	ID              int64   `json:"id,omitempty"`
	Customer        int64   `json:"customer"`
	Application     int64   `json:"application"`
	Assignee        int64   `json:"assignee,omitempty"`
	Department      int64   `json:"department,omitempty"`
	Status          string  `json:"status,omitempty"`
	CreatedAt       int64   `json:"created_at,omitempty"`
	ClosedAt        int64   `json:"closed_at,omitempty"`
	ClosedBy        string  `json:"closed_by,omitempty"`
	Rating          string  `json:"rating,omitempty"`
	LastMessageAt   int64   `json:"last_message_at,omitempty"`
	LastMessageText string  `json:"last_message_text,omitempty"`
	Agents          []int64 `json:"agents,omitempty"`
}

const (
	defaultHelpCrunchCustomers    = 20
	defaultHelpCrunchApplications = 3
	defaultHelpCrunchAgents       = 5
	defaultHelpCrunchDepartments  = 3
)

func defaultHelpCrunchFixtures() HelpCrunchFixtures {
	fx := HelpCrunchFixtures{APIKey: DemoHelpCrunchKey}
	for i := int64(1); i <= defaultHelpCrunchCustomers; i++ {
		fx.Customers = append(fx.Customers, HelpCrunchCustomer{
			ID:     i,
			Name:   fmt.Sprintf("Demo Customer %d", i),
			Email:  fmt.Sprintf("customer%d@example.com", i),
			UserID: fmt.Sprintf("cust-%d", i),
		})
	}
	for i := int64(1); i <= defaultHelpCrunchApplications; i++ {
		fx.Applications = append(fx.Applications, HelpCrunchApplication{ID: i, Name: fmt.Sprintf("Demo Widget %d", i)})
	}
	for i := int64(1); i <= defaultHelpCrunchAgents; i++ {
		role := "agent"
		if i == 1 {
			role = "admin"
		}
		fx.Agents = append(fx.Agents, HelpCrunchAgent{
			ID:    i,
			Name:  fmt.Sprintf("Demo Agent %d", i),
			Email: fmt.Sprintf("agent%d@example.com", i),
			Role:  role,
		})
	}
	for i, name := range []string{"Support", "Sales", "Billing"}[:defaultHelpCrunchDepartments] {
		fx.Departments = append(fx.Departments, HelpCrunchDepartment{ID: int64(i + 1), Name: name})
	}
	return fx
}

func mergeHelpCrunchFixtures(def, file HelpCrunchFixtures) HelpCrunchFixtures {
	if file.APIKey == "" {
		file.APIKey = def.APIKey
	}
	if len(file.Customers) == 0 {
		file.Customers = def.Customers
	}
	if len(file.Applications) == 0 {
		file.Applications = def.Applications
	}
	if len(file.Agents) == 0 {
		file.Agents = def.Agents
	}
	if len(file.Departments) == 0 {
		file.Departments = def.Departments
	}
	if len(file.Chats) == 0 {
		file.Chats = def.Chats
	}
	if file.TimestampFormat == "" {
		file.TimestampFormat = def.TimestampFormat
	}
	if file.AgentsShape == "" {
		file.AgentsShape = def.AgentsShape
	}
	return file
}

// helpcrunchState is the HelpCrunch fake's data. Guarded by Server.mu.
type helpcrunchState struct {
	apiKey string
	now    func() time.Time

	customers    map[int64]HelpCrunchCustomer
	applications map[int64]HelpCrunchApplication
	agents       map[int64]HelpCrunchAgent
	departments  map[int64]HelpCrunchDepartment

	chats  map[int64]*hcChat
	nextID int64

	messages *hcMessageStore

	timestampFormat string
	agentsShape     string

	// searches logs every answered POST /chats/search, so tests can prove
	// how a client pages.
	searches []HelpCrunchSearchLog
}

// HelpCrunchSearchLog is one answered POST /chats/search: the paging it asked
// for and how many chats it got.
type HelpCrunchSearchLog struct {
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

func newHelpCrunchState(fx *HelpCrunchFixtures, now func() time.Time) (*helpcrunchState, error) {
	h := &helpcrunchState{
		apiKey:          fx.APIKey,
		now:             now,
		customers:       map[int64]HelpCrunchCustomer{},
		applications:    map[int64]HelpCrunchApplication{},
		agents:          map[int64]HelpCrunchAgent{},
		departments:     map[int64]HelpCrunchDepartment{},
		chats:           map[int64]*hcChat{},
		nextID:          1,
		timestampFormat: fx.TimestampFormat,
		agentsShape:     fx.AgentsShape,
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
		if err := checkFixtureID("customer", c.ID, h.customers); err != nil {
			return nil, err
		}
		h.customers[c.ID] = c
	}
	for _, a := range fx.Applications {
		if err := checkFixtureID("application", a.ID, h.applications); err != nil {
			return nil, err
		}
		h.applications[a.ID] = a
	}
	for _, a := range fx.Agents {
		if err := checkFixtureID("agent", a.ID, h.agents); err != nil {
			return nil, err
		}
		h.agents[a.ID] = a
	}
	for _, d := range fx.Departments {
		if err := checkFixtureID("department", d.ID, h.departments); err != nil {
			return nil, err
		}
		h.departments[d.ID] = d
	}
	for i, c := range fx.Chats {
		if err := h.addFixtureChat(c); err != nil {
			return nil, fmt.Errorf("chats[%d]: %w", i, err)
		}
	}
	return h, nil
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

func (h *helpcrunchState) addFixtureChat(f HelpCrunchChatFixture) error {
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
func (h *helpcrunchState) hcTimestamp(chatID int64, t time.Time) any {
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

func (h *helpcrunchState) agentObject(id int64) map[string]any {
	a := h.agents[id]
	return map[string]any{"id": a.ID, "name": a.Name, "email": a.Email, "role": a.Role}
}

// render is the chat as the API returns it (the spec's Chat schema).
func (h *helpcrunchState) render(c *hcChat) map[string]any {
	cust := h.customers[c.customer]
	var userID any
	if cust.UserID != "" {
		userID = cust.UserID
	}
	out := map[string]any{
		"id":                    c.id,
		"status":                c.status,
		"createdAt":             h.hcTimestamp(c.id, c.createdAt),
		"closedBy":              nullString(c.closedBy),
		"closedAt":              h.hcTimestamp(c.id, c.closedAt),
		"rating":                nullString(c.rating),
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
			"id":     cust.ID,
			"name":   nullString(cust.Name),
			"email":  nullString(cust.Email),
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

// sortedChats returns the chats in id order.
func (h *helpcrunchState) sortedChats() []*hcChat {
	out := make([]*hcChat, 0, len(h.chats))
	for _, c := range h.chats {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// registerHelpCrunchChats serves the chat endpoints of the spec under
// /helpcrunch/v1.
func (s *Server) registerHelpCrunchChats() {
	m := s.apiMux
	p := HelpCrunchPrefix
	m.HandleFunc("POST "+p+"/chats", s.handleHelpCrunchCreateChat)
	m.HandleFunc("GET "+p+"/chats/{id}", s.handleHelpCrunchGetChat)
	m.HandleFunc("POST "+p+"/chats/search", s.handleHelpCrunchSearchChats)
	m.HandleFunc("PUT "+p+"/chats/assignee", s.handleHelpCrunchUpdateAssignee)
	m.HandleFunc("PUT "+p+"/chats/department", s.handleHelpCrunchUpdateDepartment)
	m.HandleFunc("PUT "+p+"/chats/status", s.handleHelpCrunchUpdateStatus)
	m.HandleFunc("POST "+p+"/messages", s.handleHelpCrunchCreateMessage)
}

// helpcrunchChatsSnapshot returns every chat as the API returns it, in id
// order. s.mu is held.
func (s *Server) helpcrunchChatsSnapshot() []map[string]any {
	out := []map[string]any{}
	for _, c := range s.helpcrunch.sortedChats() {
		out = append(out, s.helpcrunch.render(c))
	}
	return out
}

// deleteHelpCrunchChat removes a chat behind the client's back (HelpCrunch's
// API itself has no delete). s.mu is held.
func (s *Server) deleteHelpCrunchChat(id string) bool {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return false
	}
	if _, ok := s.helpcrunch.chats[n]; !ok {
		return false
	}
	delete(s.helpcrunch.chats, n)
	return true
}

// HelpCrunchSearches returns the POST /chats/search requests answered so far,
// oldest first.
func (s *Server) HelpCrunchSearches() []HelpCrunchSearchLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]HelpCrunchSearchLog(nil), s.helpcrunch.searches...)
}

// ResetHelpCrunchSearches forgets the logged searches.
func (s *Server) ResetHelpCrunchSearches() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.helpcrunch.searches = nil
}
