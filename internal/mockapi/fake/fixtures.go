package fake

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Fixtures is the fakes' initial data; chatops-mockapi -fixtures FILE reads
// it as JSON, a section a platform.
type Fixtures struct {
	DevRev     devrev.Fixtures     `json:"devrev"`
	HelpCrunch helpcrunch.Fixtures `json:"helpcrunch"`
}

// DefaultFixtures returns the fixtures of DESIGN.md: DevRev token
// devrev-demo-token as DEVU-1 among DEVU-1..DEVU-20; HelpCrunch key
// helpcrunch-demo-key with customers 1..20, applications 1..3, agents 1..5 and
// departments 1..3.
func DefaultFixtures() *Fixtures {
	return &Fixtures{DevRev: *devrev.DefaultFixtures(), HelpCrunch: *helpcrunch.DefaultFixtures()}
}

// LoadFixtures reads fixtures from a JSON file. Sections left out of the file
// keep their defaults, and so do the parts of a section that each platform's
// WithDefaults fills.
func LoadFixtures(path string) (*Fixtures, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fx := DefaultFixtures()
	var file struct {
		DevRev     *devrev.Fixtures     `json:"devrev"`
		HelpCrunch *helpcrunch.Fixtures `json:"helpcrunch"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if file.DevRev != nil {
		fx.DevRev = file.DevRev.WithDefaults()
	}
	if file.HelpCrunch != nil {
		fx.HelpCrunch = file.HelpCrunch.WithDefaults()
	}
	return fx, nil
}
