package framework

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestKnown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    attr.Value
		want bool
	}{
		{types.StringValue(""), true},
		{types.StringNull(), false},
		{types.StringUnknown(), false},
		{types.Int64Value(0), true},
		{types.SetUnknown(types.StringType), false},
		{types.BoolValue(false), true},
	} {
		if got := Known(tc.v); got != tc.want {
			t.Errorf("Known(%s) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestKnownOr(t *testing.T) {
	t.Parallel()
	answered := types.StringValue("from the API")
	for _, tc := range []struct{ planned, want types.String }{
		{types.StringUnknown(), answered},
		{types.StringValue("planned"), types.StringValue("planned")},
		// A planned null stays null: Terraform fails an apply whose state
		// differs from a known planned value.
		{types.StringNull(), types.StringNull()},
	} {
		if got := KnownOr(tc.planned, answered); !got.Equal(tc.want) {
			t.Errorf("KnownOr(%s, %s) = %s, want %s", tc.planned, answered, got, tc.want)
		}
	}
}

func TestStringOrNull(t *testing.T) {
	t.Parallel()
	if got := StringOrNull(""); !got.IsNull() {
		t.Errorf(`StringOrNull("") = %s, want null`, got)
	}
	if got := StringOrNull("x"); !got.Equal(types.StringValue("x")) {
		t.Errorf(`StringOrNull("x") = %s`, got)
	}
}

func TestSetStrings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	set := func(elems ...attr.Value) types.Set { return types.SetValueMust(types.StringType, elems) }
	for _, tc := range []struct {
		name      string
		in        types.Set
		want      []string
		wantKnown bool
	}{
		{"null has none", types.SetNull(types.StringType), nil, true},
		{"unknown", types.SetUnknown(types.StringType), nil, false},
		{"sorted", set(types.StringValue("b"), types.StringValue("a")), []string{"a", "b"}, true},
		{"unknown element", set(types.StringValue("a"), types.StringUnknown()), nil, false},
	} {
		got, gotKnown := SetStrings(ctx, tc.in)
		if gotKnown != tc.wantKnown || (tc.wantKnown && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("%s: SetStrings = %q, %v; want %q, %v", tc.name, got, gotKnown, tc.want, tc.wantKnown)
		}
	}
}

func TestSetOrNull(t *testing.T) {
	t.Parallel()
	empty := types.SetValueMust(types.StringType, nil)
	one := []attr.Value{types.StringValue("a")}
	for _, tc := range []struct {
		name     string
		vals     []attr.Value
		prior    types.Set
		wantNull bool
	}{
		{"none, left out of the configuration", nil, types.SetNull(types.StringType), true},
		{"none, prior unknown", nil, types.SetUnknown(types.StringType), true},
		{"none, prior written as []", nil, empty, false},
		{"some, prior null", one, types.SetNull(types.StringType), false},
	} {
		var diags diag.Diagnostics
		got := SetOrNull(types.StringType, tc.vals, tc.prior, &diags)
		if diags.HasError() || got.IsNull() != tc.wantNull || len(got.Elements()) != len(tc.vals) {
			t.Errorf("%s: SetOrNull = %s (%v), want null=%v with %d elements", tc.name, got, diags, tc.wantNull, len(tc.vals))
		}
	}
}

func TestSameSet(t *testing.T) {
	t.Parallel()
	lower := func(s string) string {
		if s == "A" {
			return "a"
		}
		return s
	}
	for _, tc := range []struct {
		a, b []string
		key  func(string) string
		want bool
	}{
		{[]string{"a", "b"}, []string{"b", "a"}, nil, true},
		{[]string{"a", "a"}, []string{"a"}, nil, true},
		{nil, []string{}, nil, true},
		{[]string{"a"}, []string{"b"}, nil, false},
		{[]string{"A"}, []string{"a"}, nil, false},
		{[]string{"A"}, []string{"a"}, lower, true},
	} {
		if got := SameSet(tc.a, tc.b, tc.key); got != tc.want {
			t.Errorf("SameSet(%q, %q, key %v) = %v, want %v", tc.a, tc.b, tc.key != nil, got, tc.want)
		}
	}
}

func TestNonNil(t *testing.T) {
	t.Parallel()
	// An empty list must reach the API as [], which clears; nil is left out.
	if out, _ := json.Marshal(NonNil(nil)); string(out) != "[]" {
		t.Errorf("NonNil(nil) marshals as %s, want []", out)
	}
	if got := NonNil([]string{"a"}); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("NonNil changed its argument: %q", got)
	}
}

func TestIsEmptyJSONObject(t *testing.T) {
	t.Parallel()
	for v, want := range map[jsontypes.Normalized]bool{
		jsontypes.NewNormalizedNull():              true,
		jsontypes.NewNormalizedValue("{}"):         true,
		jsontypes.NewNormalizedValue(" { } "):      true,
		jsontypes.NewNormalizedValue(`{"a":1}`):    false,
		jsontypes.NewNormalizedValue("[]"):         false,
		jsontypes.NewNormalizedValue("not json"):   false,
		jsontypes.NewNormalizedValue(`{"a":null}`): false,
	} {
		if got := IsEmptyJSONObject(v); got != want {
			t.Errorf("IsEmptyJSONObject(%s) = %v, want %v", v, got, want)
		}
	}
}

func TestSameJSONObject(t *testing.T) {
	t.Parallel()
	v := jsontypes.NewNormalizedValue
	for _, tc := range []struct {
		a, b jsontypes.Normalized
		want bool
	}{
		{v(`{"a":1,"b":2}`), v(`{ "b": 2, "a": 1 }`), true},
		{v(`{"a":1}`), v(`{"a":2}`), false},
		{jsontypes.NewNormalizedNull(), v(`{}`), true},
		{jsontypes.NewNormalizedNull(), v(`{"a":1}`), false},
		{v(`{"a":1}`), jsontypes.NewNormalizedNull(), false},
		{jsontypes.NewNormalizedUnknown(), jsontypes.NewNormalizedNull(), false},
		{v(`{}`), jsontypes.NewNormalizedUnknown(), false},
	} {
		if got := SameJSONObject(tc.a, tc.b); got != tc.want {
			t.Errorf("SameJSONObject(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestJSONObjectChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ next, old, want string }{
		{`{"a":1}`, `{"a":0,"b":2}`, `{"a":1,"b":null}`},
		{`{"a":1}`, ``, `{"a":1}`},
		{``, `{"a":1}`, `{"a":null}`},
		{``, ``, `{}`},
	} {
		if got := string(JSONObjectChange(tc.next, tc.old)); got != tc.want {
			t.Errorf("JSONObjectChange(%s, %s) = %s, want %s", tc.next, tc.old, got, tc.want)
		}
	}
}
