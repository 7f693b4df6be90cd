package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestDevRevUserValue_semanticEquals(t *testing.T) {
	t.Parallel()
	const don1 = "don:identity:dvrv-us-1:devo/demo:devu/1"
	cases := []struct {
		name string
		a, b DevRevUserValue
		want bool
	}{
		{"same display id", NewDevRevUserValue("DEVU-1"), NewDevRevUserValue("DEVU-1"), true},
		{"display id then DON id", NewDevRevUserValue("DEVU-1"), NewDevRevUserValue(don1), true},
		{"DON id then display id", NewDevRevUserValue(don1), NewDevRevUserValue("DEVU-1"), true},
		{"display id in lower case", NewDevRevUserValue("devu-1"), NewDevRevUserValue(don1), true},
		{"DON ids of other orgs name the same number", NewDevRevUserValue(don1), NewDevRevUserValue("don:identity:dvrv-eu-1:devo/x:devu/1"), true},
		{"different users", NewDevRevUserValue("DEVU-1"), NewDevRevUserValue("DEVU-11"), false},
		{"different DON users", NewDevRevUserValue(don1), NewDevRevUserValue("don:identity:dvrv-us-1:devo/demo:devu/10"), false},
		{"not a user id", NewDevRevUserValue("DEVU-"), NewDevRevUserValue("devu/"), false},
		{"rev user is not a dev user", NewDevRevUserValue("REVU-1"), NewDevRevUserValue("DEVU-1"), false},
		{"null", DevRevUserValue{StringValue: basetypes.NewStringNull()}, NewDevRevUserValue("DEVU-1"), false},
		{"unknown", NewDevRevUserValue("DEVU-1"), DevRevUserValue{StringValue: basetypes.NewStringUnknown()}, false},
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
	_, diags := NewDevRevUserValue("DEVU-1").StringSemanticEquals(context.Background(), types.StringValue("DEVU-1"))
	if !diags.HasError() {
		t.Fatal("want an error diagnostic for a plain string value, got none")
	}
}

func TestDevRevUserValue_equalIsExact(t *testing.T) {
	t.Parallel()
	// Equal is what Terraform's plan compares: only semantic equality may
	// treat the two forms as one, never Equal.
	if NewDevRevUserValue("DEVU-1").Equal(NewDevRevUserValue("don:identity:dvrv-us-1:devo/demo:devu/1")) {
		t.Error("Equal treats two id forms as equal")
	}
	if !NewDevRevUserValue("DEVU-1").Equal(NewDevRevUserValue("DEVU-1")) {
		t.Error("Equal differs for the same string")
	}
	if NewDevRevUserValue("DEVU-1").Equal(types.StringValue("DEVU-1")) {
		t.Error("Equal accepts a plain string value")
	}
}

func TestDevRevUserType_roundTrip(t *testing.T) {
	t.Parallel()
	testRoundTrip[DevRevUserValue](t, DevRevUserType{}, tftypes.NewValue(tftypes.Number, 1),
		tftypes.NewValue(tftypes.String, "DEVU-7"),
		tftypes.NewValue(tftypes.String, nil),
		tftypes.NewValue(tftypes.String, tftypes.UnknownValue))
}

func TestDevRevUserType_equal(t *testing.T) {
	t.Parallel()
	if !(DevRevUserType{}).Equal(DevRevUserType{}) {
		t.Error("the type differs from itself")
	}
	if (DevRevUserType{}).Equal(types.StringType) {
		t.Error("the type equals plain strings, so the framework would not use its semantic equality")
	}
	if _, ok := (DevRevUserType{}).ValueType(context.Background()).(DevRevUserValue); !ok {
		t.Error("ValueType is not a DevRevUserValue")
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
		if got := DevRevUserKey(in); got != want {
			t.Errorf("DevRevUserKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDevRevSameUsers(t *testing.T) {
	t.Parallel()
	const don1 = "don:identity:dvrv-us-1:devo/demo:devu/1"
	for _, tc := range []struct {
		a, b []string
		want bool
	}{
		{[]string{"DEVU-1", "DEVU-2"}, []string{"DEVU-2", don1}, true},
		{[]string{"DEVU-1"}, []string{"DEVU-1", "DEVU-2"}, false},
		{nil, nil, true},
		{[]string{"DEVU-1"}, []string{"REVU-1"}, false},
	} {
		if got := DevRevSameUsers(tc.a, tc.b); got != tc.want {
			t.Errorf("DevRevSameUsers(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDevRevUsersSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, diags := DevRevUsersSet(ctx, []string{"DEVU-2", "don:identity:dvrv-us-1:devo/demo:devu/1"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !s.ElementType(ctx).Equal(DevRevUserType{}) {
		t.Errorf("element type %s, want DevRevUserType", s.ElementType(ctx))
	}
	// Each id keeps the form it was given in.
	got, _ := SetStrings(ctx, s)
	if len(got) != 2 || got[0] != "DEVU-2" || got[1] != "don:identity:dvrv-us-1:devo/demo:devu/1" {
		t.Errorf("users %q", got)
	}
}

func TestDevRevUserID(t *testing.T) {
	t.Parallel()
	p := path.Root("id")
	for raw, ok := range map[string]bool{
		"DEVU-1": true, "devu-20": true, "don:identity:dvrv-us-1:devo/0:devu/12": true,
		"DEVU-0": false, "DEVU-": false, "REVU-1": false, "DM-1": false, "don:core:dvrv-us-1:devo/0:conversation/1": false,
		"don:identity:dvrv-us-1:devo/0:devu/x": false, " DEVU-1": false, "": false,
	} {
		if diags := validateString(DevRevUserID(), p, types.StringValue(raw)); diags.HasError() == ok {
			t.Errorf("DevRevUserID on %q: %v, want ok=%v", raw, diags, ok)
		}
	}
}
