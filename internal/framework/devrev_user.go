package framework

// The id forms of a DevRev dev user. DevRev takes a user by its DON id
// (don:identity:dvrv-us-1:devo/0:devu/1) or its display id (DEVU-1) and
// answers with either; the state keeps the form the configuration wrote, so
// neither an answer in the other form nor rewriting one form as the other
// plans a change. Both DevRev resources use what is here.

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.StringTypable                    = DevRevUserType{}
	_ basetypes.StringValuableWithSemanticEquals = DevRevUserValue{}
)

// DevRevUserType is a string naming a DevRev dev user, either as a DON id
// (don:identity:dvrv-us-1:devo/0:devu/1) or as a display id (DEVU-1). DevRev
// answers with both forms, so the two must compare equal or every answer in
// the form not written would look like drift.
type DevRevUserType struct {
	basetypes.StringType
}

// Equal is true only for another DevRevUserType: were plain strings the same
// type, the framework would not use this one's semantic equality.
func (t DevRevUserType) Equal(o attr.Type) bool {
	other, ok := o.(DevRevUserType)
	return ok && t.StringType.Equal(other.StringType)
}

// String names the type in the framework's messages.
func (t DevRevUserType) String() string { return "DevRevUserType" }

// ValueFromString wraps a string as a DevRevUserValue.
func (t DevRevUserType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return DevRevUserValue{StringValue: in}, nil
}

// ValueFromTerraform reads a string from Terraform as a DevRevUserValue.
func (t DevRevUserType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
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

// ValueType is DevRevUserValue.
func (t DevRevUserType) ValueType(context.Context) attr.Value { return DevRevUserValue{} }

// DevRevUserValue is one value of DevRevUserType. State keeps the form the
// user wrote; semantic equality makes the framework keep it when the API
// answers in the other form.
type DevRevUserValue struct {
	basetypes.StringValue
}

// NewDevRevUserValue is s as a DevRevUserValue, in the form s is written in.
func NewDevRevUserValue(s string) DevRevUserValue {
	return DevRevUserValue{StringValue: basetypes.NewStringValue(s)}
}

// Equal is exact: only semantic equality may take the two forms of one user
// as one, since Equal is what Terraform's plan compares.
func (v DevRevUserValue) Equal(o attr.Value) bool {
	other, ok := o.(DevRevUserValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// Type is DevRevUserType.
func (v DevRevUserValue) Type(context.Context) attr.Type { return DevRevUserType{} }

// StringSemanticEquals reports whether both values name the same dev user,
// whichever id form each is written in.
func (v DevRevUserValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(DevRevUserValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a DevRev user id value, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, diags
	}
	return DevRevSameUser(v.ValueString(), other.ValueString()), diags
}

// DevRevSameUser reports whether two written ids name the same dev user.
func DevRevSameUser(a, b string) bool {
	return a == b || DevRevUserKey(a) == DevRevUserKey(b)
}

// DevRevUserKey names a dev user the same way whichever id form is written:
// "…:devu/12" and "DEVU-12" both give "devu/12". Other ids are kept as they are.
func DevRevUserKey(ref string) string {
	if i := strings.LastIndex(ref, ":devu/"); strings.HasPrefix(ref, "don:") && i >= 0 {
		return "devu/" + ref[i+len(":devu/"):]
	}
	if len(ref) > 5 && strings.EqualFold(ref[:5], "DEVU-") {
		return "devu/" + ref[5:]
	}
	return ref
}

// DevRevSameUsers reports whether two lists name the same set of users,
// whichever id form each uses.
func DevRevSameUsers(a, b []string) bool { return SameSet(a, b, DevRevUserKey) }

// DevRevUsersSet is a users attribute value of the given ids, each in the
// form given.
func DevRevUsersSet(ctx context.Context, ids []string) (types.Set, diag.Diagnostics) {
	return types.SetValueFrom(ctx, DevRevUserType{}, ids)
}

// devrevUserIDPattern is a dev user's id in either form: a DON id ending in
// devu/N, or the display id DEVU-N (in any case, as DevRev takes it).
var devrevUserIDPattern = regexp.MustCompile(`^(don:identity:\S+:devu/[1-9][0-9]*|(?i:devu)-[1-9][0-9]*)$`)

// DevRevUserID requires a dev user's id, as a DON id
// (don:identity:dvrv-us-1:devo/0:devu/1) or a display id (DEVU-1).
func DevRevUserID() validator.String {
	return stringvalidator.RegexMatches(devrevUserIDPattern,
		"must be a DevRev dev user's DON id (don:identity:...:devu/1) or display id (DEVU-1)")
}
