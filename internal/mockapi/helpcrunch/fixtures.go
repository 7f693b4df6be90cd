package helpcrunch

import "fmt"

// DemoKey is the API key of the default fixtures.
const DemoKey = "helpcrunch-demo-key"

// Fixtures seed the HelpCrunch fake. Lists left empty in a fixtures
// file keep their defaults (customers 1..20, applications 1..3, agents 1..5,
// departments 1..3); chats start empty unless listed.
type Fixtures struct {
	// APIKey is the accepted bearer key.
	APIKey string `json:"api_key"`
	// Customers the chats can be opened for.
	Customers []Customer `json:"customers,omitempty"`
	// Applications (website widgets, apps) a chat can come through.
	Applications []Application `json:"applications,omitempty"`
	// Agents a chat can be assigned to.
	Agents []Agent `json:"agents,omitempty"`
	// Departments a chat can belong to.
	Departments []Department `json:"departments,omitempty"`
	// Chats that exist from the start.
	Chats []ChatFixture `json:"chats,omitempty"`
	// TimestampFormat says how chat timestamps are written, since HelpCrunch's
	// docs show several forms: "number" (default, 1603864800), "string"
	// ("1603864800"), "fractional" ("1603864800.000"), or "mixed" (the three
	// in turn, by chat id).
	TimestampFormat string `json:"timestamp_format,omitempty"`
	// AgentsShape says how a chat's "agents" are written: "array" (default) or
	// "object" (a single agent, or null, as one older docs example shows).
	AgentsShape string `json:"agents_shape,omitempty"`
}

// Customer is a customer of the fake. Empty strings are null; FirstSeen is
// Unix seconds (0: never seen).
type Customer struct {
	ID         int64          `json:"id"`
	Name       string         `json:"name"`
	Email      string         `json:"email"`
	UserID     string         `json:"user_id,omitempty"`
	Company    string         `json:"company,omitempty"`
	Phone      string         `json:"phone,omitempty"`
	Notes      string         `json:"notes,omitempty"`
	Locale     string         `json:"locale,omitempty"`
	Source     string         `json:"source,omitempty"`
	FirstSeen  int64          `json:"first_seen,omitempty"`
	Tags       []string       `json:"tags,omitempty"`
	CustomData map[string]any `json:"custom_data,omitempty"`
}

// Application is an application (website widget or app) of the fake.
type Application struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Agent is a team member of the fake.
type Agent struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// Department is a department of the fake.
type Department struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ChatFixture is a chat that exists from the start. Timestamps are
// Unix seconds; zero means null (CreatedAt zero means the fake's now).
type ChatFixture struct {
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
	defaultCustomers    = 20
	defaultApplications = 3
	defaultAgents       = 5
	defaultDepartments  = 3
)

// DefaultFixtures returns the fixtures of DESIGN.md: key helpcrunch-demo-key
// with customers 1..20, applications 1..3, agents 1..5 and departments 1..3,
// and no chats.
func DefaultFixtures() *Fixtures {
	fx := &Fixtures{APIKey: DemoKey}
	for i := int64(1); i <= defaultCustomers; i++ {
		fx.Customers = append(fx.Customers, Customer{
			ID:     i,
			Name:   fmt.Sprintf("Demo Customer %d", i),
			Email:  fmt.Sprintf("customer%d@example.com", i),
			UserID: fmt.Sprintf("cust-%d", i),
		})
	}
	for i := int64(1); i <= defaultApplications; i++ {
		fx.Applications = append(fx.Applications, Application{ID: i, Name: fmt.Sprintf("Demo Widget %d", i)})
	}
	for i := int64(1); i <= defaultAgents; i++ {
		role := "agent"
		if i == 1 {
			role = "admin"
		}
		fx.Agents = append(fx.Agents, Agent{
			ID:    i,
			Name:  fmt.Sprintf("Demo Agent %d", i),
			Email: fmt.Sprintf("agent%d@example.com", i),
			Role:  role,
		})
	}
	for i, name := range []string{"Support", "Sales", "Billing"}[:defaultDepartments] {
		fx.Departments = append(fx.Departments, Department{ID: int64(i + 1), Name: name})
	}
	return fx
}

// WithDefaults returns file with what a fixtures file left out (an empty
// key, list or format) taken from DefaultFixtures.
func (file Fixtures) WithDefaults() Fixtures {
	def := DefaultFixtures()
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
