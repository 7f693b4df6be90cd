package provider

// The id forms of DevRev objects. DevRev takes an object by its DON id
// (don:core:dvrv-us-1:devo/0:dm/1) or its display id (DM-1) and answers with
// either; the state keeps the form the configuration wrote. What is here
// maps the references in the API's answers to those forms; the user id
// type, its semantic equality and the plan modifier that keeps a user's form
// are in internal/framework.

import (
	"slices"
	"strings"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// devrevNames reports whether a written id names ref: its DON id, its
// display id in any case, or (users) the same user in the other form.
func devrevNames(written string, ref client.DevRevChatRef, users bool) bool {
	if written == "" {
		return false
	}
	if written == ref.ID || (ref.DisplayID != "" && strings.EqualFold(written, ref.DisplayID)) {
		return true
	}
	return users && (framework.DevRevSameUser(written, ref.ID) || (ref.DisplayID != "" && framework.DevRevSameUser(written, ref.DisplayID)))
}

// devrevWrittenForms lists refs as the configuration writes them: each in
// every form of it that prior (the plan or state) holds, else as its display
// id when preferDisplay, else as its DON id (a ref lacking the preferred form
// gets the other).
func devrevWrittenForms(refs []client.DevRevChatRef, prior []string, users, preferDisplay bool) []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, ref := range refs {
		matched := false
		for _, p := range prior {
			if devrevNames(p, ref, users) {
				add(p)
				matched = true
			}
		}
		switch {
		case matched:
		case preferDisplay && ref.DisplayID != "":
			add(ref.DisplayID)
		case ref.ID != "":
			add(ref.ID)
		default:
			add(ref.DisplayID)
		}
	}
	return out
}

// devrevWrittenForm is devrevWrittenForms of one object, display id preferred.
func devrevWrittenForm(ref client.DevRevChatRef, prior []string) string {
	if forms := devrevWrittenForms([]client.DevRevChatRef{ref}, prior, false, true); len(forms) > 0 {
		return forms[0]
	}
	return ""
}
