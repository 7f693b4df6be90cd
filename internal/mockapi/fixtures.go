package mockapi

import (
	"encoding/json"
	"fmt"
	"os"
)

// Demo credentials of the default fixtures.
const (
	DemoDevRevToken     = "devrev-demo-token"
	DemoHelpCrunchKey   = "helpcrunch-demo-key"
	demoDevRevOrg       = "don:identity:dvrv-us-1:devo/demo"
	demoDevRevCoreOrg   = "don:core:dvrv-us-1:devo/demo"
	defaultDevRevUsers  = 20
	defaultAuthedUserNo = 1
)

// Fixtures is the fake's initial data; -fixtures FILE reads it as JSON.
type Fixtures struct {
	DevRev     DevRevFixtures     `json:"devrev"`
	HelpCrunch HelpCrunchFixtures `json:"helpcrunch"`
}

// DevRevFixtures seed the DevRev fake.
type DevRevFixtures struct {
	// Token is the accepted bearer token; it authenticates as AuthUser.
	Token string `json:"token"`
	// AuthUser is the display id of the authenticated user, e.g. "DEVU-1".
	AuthUser string `json:"auth_user"`
	// Users are the dev users, numbered from 1 (DEVU-1 ...).
	Users []DevRevUser `json:"users"`
	// Conversations seed conversations.list (see devrev_conversations.go).
	Conversations []ConversationFixture `json:"conversations,omitempty"`
}

// DevRevUser is a dev user of the fake.
type DevRevUser struct {
	Number      int    `json:"number"`
	DisplayName string `json:"display_name"`
	FullName    string `json:"full_name"`
	Email       string `json:"email"`
}

// DefaultFixtures returns the fixtures of DESIGN.md: DevRev token
// devrev-demo-token as DEVU-1 among DEVU-1..DEVU-20; HelpCrunch key
// helpcrunch-demo-key with customers 1..20, applications 1..3, agents 1..5 and
// departments 1..3.
func DefaultFixtures() *Fixtures {
	fx := &Fixtures{
		DevRev: DevRevFixtures{
			Token:    DemoDevRevToken,
			AuthUser: fmt.Sprintf("DEVU-%d", defaultAuthedUserNo),
		},
		HelpCrunch: defaultHelpCrunchFixtures(),
	}
	for i := 1; i <= defaultDevRevUsers; i++ {
		fx.DevRev.Users = append(fx.DevRev.Users, DevRevUser{
			Number:      i,
			DisplayName: fmt.Sprintf("user%d", i),
			FullName:    fmt.Sprintf("Demo User %d", i),
			Email:       fmt.Sprintf("user%d@example.com", i),
		})
	}
	return fx
}

// LoadFixtures reads fixtures from a JSON file. Sections left out of the file
// keep their defaults.
func LoadFixtures(path string) (*Fixtures, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fx := DefaultFixtures()
	var file struct {
		DevRev     *DevRevFixtures     `json:"devrev"`
		HelpCrunch *HelpCrunchFixtures `json:"helpcrunch"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if file.DevRev != nil {
		d := *file.DevRev
		if d.Token == "" {
			d.Token = fx.DevRev.Token
		}
		if d.AuthUser == "" {
			d.AuthUser = fx.DevRev.AuthUser
		}
		if len(d.Users) == 0 {
			d.Users = fx.DevRev.Users
		}
		fx.DevRev = d
	}
	if file.HelpCrunch != nil {
		fx.HelpCrunch = mergeHelpCrunchFixtures(fx.HelpCrunch, *file.HelpCrunch)
	}
	return fx, nil
}
