package devrev

import (
	"reflect"
	"testing"
)

// TestFixturesWithDefaults fills only what a fixtures file leaves out.
func TestFixturesWithDefaults(t *testing.T) {
	t.Parallel()
	def := DefaultFixtures()
	if got := (Fixtures{}).WithDefaults(); got.Token != def.Token || got.AuthUser != def.AuthUser ||
		!reflect.DeepEqual(got.Users, def.Users) || !reflect.DeepEqual(got.CustomSchemaFragments, def.CustomSchemaFragments) {
		t.Errorf("an empty file = %+v, want the defaults %+v", got, def)
	}
	full := Fixtures{
		Token:                 "own-token",
		AuthUser:              "DEVU-2",
		Users:                 []User{{Number: 1, DisplayName: "one"}, {Number: 2, DisplayName: "two"}},
		CustomSchemaFragments: []CustomSchemaFragment{{Type: "tenant_fragment", LeafType: "conversation"}},
	}
	if got := full.WithDefaults(); !reflect.DeepEqual(got, full) {
		t.Errorf("a file that sets everything = %+v, want it unchanged %+v", got, full)
	}
}
