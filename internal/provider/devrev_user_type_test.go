package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestDevRevUserValue_semanticEquals(t *testing.T) {
	t.Parallel()
	const don1 = "don:identity:dvrv-us-1:devo/demo:devu/1"
	cases := []struct {
		name string
		a, b devrevUserValue
		want bool
	}{
		{"same display id", newDevRevUserValue("DEVU-1"), newDevRevUserValue("DEVU-1"), true},
		{"display id then DON id", newDevRevUserValue("DEVU-1"), newDevRevUserValue(don1), true},
		{"DON id then display id", newDevRevUserValue(don1), newDevRevUserValue("DEVU-1"), true},
		{"display id in lower case", newDevRevUserValue("devu-1"), newDevRevUserValue(don1), true},
		{"DON ids of other orgs name the same number", newDevRevUserValue(don1), newDevRevUserValue("don:identity:dvrv-eu-1:devo/x:devu/1"), true},
		{"different users", newDevRevUserValue("DEVU-1"), newDevRevUserValue("DEVU-11"), false},
		{"different DON users", newDevRevUserValue(don1), newDevRevUserValue("don:identity:dvrv-us-1:devo/demo:devu/10"), false},
		{"not a user id", newDevRevUserValue("DEVU-"), newDevRevUserValue("devu/"), false},
		{"rev user is not a dev user", newDevRevUserValue("REVU-1"), newDevRevUserValue("DEVU-1"), false},
		{"null", devrevUserValue{StringValue: basetypes.NewStringNull()}, newDevRevUserValue("DEVU-1"), false},
		{"unknown", newDevRevUserValue("DEVU-1"), devrevUserValue{StringValue: basetypes.NewStringUnknown()}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, diags := tc.a.StringSemanticEquals(context.Background(), tc.b)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if got != tc.want {
				t.Errorf("StringSemanticEquals(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestDevRevUserValue_semanticEqualsRefusesOtherTypes(t *testing.T) {
	t.Parallel()
	_, diags := newDevRevUserValue("DEVU-1").StringSemanticEquals(context.Background(), types.StringValue("DEVU-1"))
	if !diags.HasError() {
		t.Fatal("want an error diagnostic for a plain string value, got none")
	}
}

func TestDevRevUserValue_equalIsExact(t *testing.T) {
	t.Parallel()
	// Equal is what Terraform's plan compares: only semantic equality may
	// treat the two forms as one, never Equal.
	if newDevRevUserValue("DEVU-1").Equal(newDevRevUserValue("don:identity:dvrv-us-1:devo/demo:devu/1")) {
		t.Error("Equal treats two id forms as equal")
	}
	if !newDevRevUserValue("DEVU-1").Equal(newDevRevUserValue("DEVU-1")) {
		t.Error("Equal differs for the same string")
	}
	if newDevRevUserValue("DEVU-1").Equal(types.StringValue("DEVU-1")) {
		t.Error("Equal accepts a plain string value")
	}
}

func TestDevRevUserType_roundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	typ := devrevUserType{}
	for _, in := range []tftypes.Value{
		tftypes.NewValue(tftypes.String, "DEVU-7"),
		tftypes.NewValue(tftypes.String, nil),
		tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	} {
		v, err := typ.ValueFromTerraform(ctx, in)
		if err != nil {
			t.Fatalf("ValueFromTerraform(%s): %v", in, err)
		}
		u, ok := v.(devrevUserValue)
		if !ok {
			t.Fatalf("ValueFromTerraform(%s) gave %T, want devrevUserValue", in, v)
		}
		if !u.Type(ctx).Equal(typ) {
			t.Errorf("value type %s, want %s", u.Type(ctx), typ)
		}
		out, err := u.ToTerraformValue(ctx)
		if err != nil {
			t.Fatalf("ToTerraformValue: %v", err)
		}
		if !out.Equal(in) {
			t.Errorf("round trip of %s gave %s", in, out)
		}
	}
	if _, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.Number, 1)); err == nil {
		t.Error("ValueFromTerraform accepted a number")
	}
}

func TestDevRevUserType_equal(t *testing.T) {
	t.Parallel()
	if !(devrevUserType{}).Equal(devrevUserType{}) {
		t.Error("the type differs from itself")
	}
	if (devrevUserType{}).Equal(types.StringType) {
		t.Error("the type equals plain strings, so the framework would not use its semantic equality")
	}
	if _, ok := (devrevUserType{}).ValueType(context.Background()).(devrevUserValue); !ok {
		t.Error("ValueType is not a devrevUserValue")
	}
}

func TestDevRevUserKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"DEVU-12":                               "devu/12",
		"devu-12":                               "devu/12",
		"don:identity:dvrv-us-1:devo/0:devu/12": "devu/12",
		"devu/12":                               "devu/12",
		"DEVU-":                                 "DEVU-",
		"don:core:dvrv-us-1:devo/0:dm/1":        "don:core:dvrv-us-1:devo/0:dm/1",
		"x:devu/3":                              "x:devu/3",
	} {
		if got := devrevUserKey(in); got != want {
			t.Errorf("devrevUserKey(%q) = %q, want %q", in, got, want)
		}
	}
}
