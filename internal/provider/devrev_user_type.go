package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
