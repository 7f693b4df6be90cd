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
// got. Several are an error on the second, which Terraform then shows; none
// is an error on the block.
func requireOneLookup(diags *diag.Diagnostics, set []string, summary, oneOf string) {
	switch len(set) {
	case 1:
	case 0:
		diags.AddError(summary, oneOf+"; got none.")
	default:
		diags.AddAttributeError(path.Root(set[1]), summary, fmt.Sprintf("%s; got %s.", oneOf, strings.Join(set, " and ")))
	}
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
