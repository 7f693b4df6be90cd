package devrev

import "fmt"

// DemoToken is the token of the default fixtures; it authenticates as DEVU-1.
const DemoToken = "devrev-demo-token"

const (
	demoDevRevOrg       = "don:identity:dvrv-us-1:devo/demo"
	demoDevRevCoreOrg   = "don:core:dvrv-us-1:devo/demo"
	defaultDevRevUsers  = 20
	defaultAuthedUserNo = 1
)

// Fixtures seed the DevRev fake: the "devrev" section of a fixtures file.
type Fixtures struct {
	// Token is the accepted bearer token; it authenticates as AuthUser.
	Token string `json:"token"`
	// AuthUser is the display id of the authenticated user, e.g. "DEVU-1".
	AuthUser string `json:"auth_user"`
	// Users are the dev users, numbered from 1 (DEVU-1 ...).
	Users []User `json:"users"`
	// Conversations seed conversations.list (see conversations.go).
	Conversations []ConversationFixture `json:"conversations,omitempty"`
	// CustomSchemaFragments are what schemas.custom.list lists (see
	// schemas.go); left out, one fragment of each type on conversations.
	CustomSchemaFragments []CustomSchemaFragment `json:"custom_schema_fragments,omitempty"`
}

// User is a dev user of the fake.
type User struct {
	Number      int    `json:"number"`
	DisplayName string `json:"display_name"`
	FullName    string `json:"full_name"`
	Email       string `json:"email"`
}

// DefaultFixtures returns the fixtures of DESIGN.md: token devrev-demo-token
// as DEVU-1 among DEVU-1..DEVU-20, no conversations, and a custom schema
// fragment of each type (tenant, custom type, app) on conversations.
func DefaultFixtures() *Fixtures {
	fx := &Fixtures{
		Token:                 DemoToken,
		AuthUser:              fmt.Sprintf("DEVU-%d", defaultAuthedUserNo),
		CustomSchemaFragments: defaultCustomSchemaFragments(),
	}
	for i := 1; i <= defaultDevRevUsers; i++ {
		fx.Users = append(fx.Users, User{
			Number:      i,
			DisplayName: fmt.Sprintf("user%d", i),
			FullName:    fmt.Sprintf("Demo User %d", i),
			Email:       fmt.Sprintf("user%d@example.com", i),
		})
	}
	return fx
}

// WithDefaults returns fx with the token, the authenticated user, the users
// and the custom schema fragments that a fixtures file left out taken from
// DefaultFixtures.
func (fx Fixtures) WithDefaults() Fixtures {
	def := DefaultFixtures()
	if fx.Token == "" {
		fx.Token = def.Token
	}
	if fx.AuthUser == "" {
		fx.AuthUser = def.AuthUser
	}
	if len(fx.Users) == 0 {
		fx.Users = def.Users
	}
	if len(fx.CustomSchemaFragments) == 0 {
		fx.CustomSchemaFragments = def.CustomSchemaFragments
	}
	return fx
}
