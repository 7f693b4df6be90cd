package provider

// What the chatops data sources share.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
