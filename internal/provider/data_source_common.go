package provider

// What the chatops data sources share.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// requireOneLookup is the check of a data source that finds one object by
// one of several arguments: set names those the configuration sets, and
// anything but one is an error, saying which to set (oneOf) and what was
// got. The error is on email, an argument of every such data source.
func requireOneLookup(diags *diag.Diagnostics, set []string, summary, oneOf string) {
	if len(set) == 1 {
		return
	}
	got := "none"
	if len(set) > 1 {
		got = strings.Join(set, " and ")
	}
	diags.AddAttributeError(path.Root("email"), summary, fmt.Sprintf("%s; got %s.", oneOf, got))
}

// asGiven is the argument a lookup was given, as written, or what the API
// answered when none was given. A lookup read during an apply that gave an
// argument back in another form (a DON id for a display id) would change
// every value built from it between the plan and the apply.
func asGiven(given, answered types.String) types.String {
	if given.IsNull() {
		return answered
	}
	return given
}
