package helpcrunch

import (
	"reflect"
	"testing"
)

// TestFixturesWithDefaults fills only what a fixtures file leaves out.
func TestFixturesWithDefaults(t *testing.T) {
	t.Parallel()
	if got, want := (Fixtures{}).WithDefaults(), *DefaultFixtures(); !reflect.DeepEqual(got, want) {
		t.Errorf("an empty file = %+v, want the defaults %+v", got, want)
	}
	full := Fixtures{
		APIKey:          "own-key",
		Customers:       []Customer{{ID: 7, Name: "Only"}},
		Applications:    []Application{{ID: 2, Name: "App"}},
		Agents:          []Agent{{ID: 3, Name: "Agent", Email: "a@example.com", Role: "admin"}},
		Departments:     []Department{{ID: 4, Name: "Support"}},
		Chats:           []ChatFixture{{Customer: 7, Application: 2}},
		TimestampFormat: "string",
		AgentsShape:     "object",
	}
	if got := full.WithDefaults(); !reflect.DeepEqual(got, full) {
		t.Errorf("a file that sets everything = %+v, want it unchanged %+v", got, full)
	}
}
