package provider

// What a HelpCrunch create does when its answer is lost: HelpCrunch has no
// idempotency key, so POST /chats and POST /customers are never sent twice
// once sent. Whether the first one acted is found out with one search, and
// what it finds decides: exactly one candidate is adopted (with a warning),
// several fail with their ids, none fails saying the create most likely made
// nothing.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// lostCreate describes one create whose answer was lost.
type lostCreate[T any] struct {
	// noun and nouns name the object: "chat", "chats".
	noun, nouns string
	// call is the request, as in "POST /chats".
	call string
	// scope says which objects the search looks at, after the noun: "of
	// customer 9 in application 2".
	scope string
	// lookFor is what a person should look for by hand: "a chat of customer
	// 9 in application 2 created after 2024-03-01T12:00:00Z".
	lookFor string
	// finder names where to look, e.g. "the chatops_helpcrunch_chats data source".
	finder string
	// again is what applying again would do: "opens a second chat".
	again string
	// err is the create's error.
	err error
	// find sends the one search; id names a candidate.
	find func(context.Context) ([]T, error)
	id   func(*T) string
}

// adopt resolves the lost create: the one candidate, or nil after adding an
// error that says what to do.
func (l *lostCreate[T]) adopt(ctx context.Context, diags *diag.Diagnostics) *T {
	summary := "Unable to Create HelpCrunch " + titleCase(l.noun)
	doing := fmt.Sprintf("creating a HelpCrunch %s (%s)", l.noun, l.call)
	importIt := fmt.Sprintf("`terraform import <resource address> <%s id>`", l.noun)
	if ctx.Err() != nil {
		diags.AddError(summary, apiErrorDetail(doing, l.err, fmt.Sprintf(
			"HelpCrunch may have created the %s, and the apply was interrupted or timed out before the provider could look "+
				"for it, so it may exist outside the Terraform state. Before applying again, look for %s (for example with %s) "+
				"and import it with %s; otherwise applying again %s.", l.noun, l.lookFor, l.finder, importIt, l.again)))
		return nil
	}
	tflog.Debug(ctx, "Answer to "+l.call+" lost; searching for the "+l.noun+" it may have made", map[string]any{"error": l.err.Error()})
	candidates, err := l.find(ctx)
	if err != nil {
		diags.AddError(summary, apiErrorDetail(doing, l.err, fmt.Sprintf(
			"HelpCrunch may have created the %s, and the search for it failed too (%s), so it may exist outside the "+
				"Terraform state. Before applying again, look for %s (for example with %s) and import it with %s; otherwise "+
				"applying again %s.", l.noun, err, l.lookFor, l.finder, importIt, l.again)))
		return nil
	}
	switch len(candidates) {
	case 0:
		diags.AddError(summary, apiErrorDetail(doing, l.err, fmt.Sprintf(
			"The request may have reached HelpCrunch, but a search right after it found no %s %s created since it was sent, "+
				"so it most likely made none and applying again is safe. If HelpCrunch was still working on the request, the %s "+
				"can appear later: look for %s before applying again, and import it if it is there.", l.noun, l.scope, l.noun, l.lookFor)))
		return nil
	case 1:
		c := candidates[0]
		diags.AddWarning(fmt.Sprintf("HelpCrunch %s Adopted After a Lost Answer", titleCase(l.noun)), fmt.Sprintf(
			"The answer to %s was lost (%s), although HelpCrunch may have acted on it. One search found exactly one %s %s "+
				"created since the request was sent, %s %s, and the provider adopted it instead of making a second one. Should "+
				"that %s have been made by someone else at the same moment, remove it from the state with `terraform state rm` "+
				"and apply again.", l.call, l.err, l.noun, l.scope, l.noun, l.id(&c), l.noun))
		return &c
	}
	ids := make([]string, len(candidates))
	for i := range candidates {
		ids[i] = l.id(&candidates[i])
	}
	diags.AddError(summary, apiErrorDetail(doing, l.err, fmt.Sprintf(
		"HelpCrunch may have created the %s, and %d %s %s were created since the request was sent: %s. The provider "+
			"cannot tell which one this request made, so it adopted none. Import the right one with %s instead of applying again.",
		l.noun, len(candidates), l.nouns, l.scope, strings.Join(ids, ", "), importIt)))
	return nil
}
