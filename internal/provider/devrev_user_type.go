package provider

// The id forms of DevRev objects. DevRev takes an object by its DON id
// (don:identity:dvrv-us-1:devo/0:devu/1) or its display id (DEVU-1) and
// answers with either; the state keeps the form the configuration wrote, so
// neither an answer in the other form nor rewriting one form as the other
// plans a change. Both DevRev resources use what is here.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ basetypes.StringTypable                    = devrevUserType{}
	_ basetypes.StringValuableWithSemanticEquals = devrevUserValue{}
)

// devrevUserType is a string naming a DevRev dev user, either as a DON id
// (don:identity:dvrv-us-1:devo/0:devu/1) or as a display id (DEVU-1). DevRev
// answers with both forms, so the two must compare equal or every answer in
// the form not written would look like drift.
type devrevUserType struct {
	basetypes.StringType
}

func (t devrevUserType) Equal(o attr.Type) bool {
	other, ok := o.(devrevUserType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t devrevUserType) String() string { return "devrevUserType" }

func (t devrevUserType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return devrevUserValue{StringValue: in}, nil
}

func (t devrevUserType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T for a DevRev user id", v)
	}
	u, diags := t.ValueFromString(ctx, s)
	if diags.HasError() {
		return nil, fmt.Errorf("converting a DevRev user id: %v", diags)
	}
	return u, nil
}

func (t devrevUserType) ValueType(context.Context) attr.Value { return devrevUserValue{} }

// devrevUserValue is one value of devrevUserType. State keeps the form the
// user wrote; semantic equality makes the framework keep it when the API
// answers in the other form.
type devrevUserValue struct {
	basetypes.StringValue
}

func newDevRevUserValue(s string) devrevUserValue {
	return devrevUserValue{StringValue: basetypes.NewStringValue(s)}
}

func (v devrevUserValue) Equal(o attr.Value) bool {
	other, ok := o.(devrevUserValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v devrevUserValue) Type(context.Context) attr.Type { return devrevUserType{} }

// StringSemanticEquals reports whether both values name the same dev user,
// whichever id form each is written in.
func (v devrevUserValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(devrevUserValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a DevRev user id value, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, diags
	}
	return devrevSameUser(v.ValueString(), other.ValueString()), diags
}

// devrevSameUser reports whether two written ids name the same dev user.
func devrevSameUser(a, b string) bool {
	return a == b || devrevUserKey(a) == devrevUserKey(b)
}

// devrevUserKey names a dev user the same way whichever id form is written:
// "…:devu/12" and "DEVU-12" both give "devu/12". Other ids are kept as they are.
func devrevUserKey(ref string) string {
	if i := strings.LastIndex(ref, ":devu/"); strings.HasPrefix(ref, "don:") && i >= 0 {
		return "devu/" + ref[i+len(":devu/"):]
	}
	if len(ref) > 5 && strings.EqualFold(ref[:5], "DEVU-") {
		return "devu/" + ref[5:]
	}
	return ref
}

// devrevSameUsers reports whether two lists name the same set of users,
// whichever id form each uses.
func devrevSameUsers(a, b []string) bool { return framework.SameSet(a, b, devrevUserKey) }

// devrevNames reports whether a written id names ref: its DON id, its
// display id in any case, or (users) the same user in the other form.
func devrevNames(written string, ref client.DevRevChatRef, users bool) bool {
	if written == "" {
		return false
	}
	if written == ref.ID || (ref.DisplayID != "" && strings.EqualFold(written, ref.DisplayID)) {
		return true
	}
	return users && (devrevSameUser(written, ref.ID) || (ref.DisplayID != "" && devrevSameUser(written, ref.DisplayID)))
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

// devrevUsersSet is a users attribute value of the given ids.
func devrevUsersSet(ctx context.Context, ids []string) (types.Set, diag.Diagnostics) {
	return types.SetValueFrom(ctx, devrevUserType{}, ids)
}

// devrevSameUsersModifier plans the prior users when the configuration
// names the same users in other id forms (DEVU-1 for its DON id or the
// reverse), so that switching forms plans nothing. Element semantic equality
// alone does not do this: the framework applies it to API answers, not to
// the plan.
type devrevSameUsersModifier struct{ framework.Described }

func devrevKeepSameUsers() planmodifier.Set {
	return devrevSameUsersModifier{"keeps the prior value when the configuration names the same users in other id forms"}
}

func (devrevSameUsersModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !framework.Known(req.StateValue) || !framework.Known(req.PlanValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	plan, planKnown := framework.SetStrings(ctx, req.PlanValue)
	state, stateKnown := framework.SetStrings(ctx, req.StateValue)
	if planKnown && stateKnown && len(plan) == len(state) && devrevSameUsers(plan, state) {
		resp.PlanValue = req.StateValue
	}
}
