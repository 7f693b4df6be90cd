package framework

import (
	"context"
	"encoding/json"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func flatObject(t *testing.T, attrs map[string]attr.Value) types.Dynamic {
	t.Helper()
	typs := map[string]attr.Type{}
	for k, v := range attrs {
		typs[k] = v.Type(context.Background())
	}
	obj, diags := types.ObjectValue(typs, attrs)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return types.DynamicValue(obj)
}

func TestFlatObject(t *testing.T) {
	t.Parallel()
	p := path.Root("custom_data")
	validate := func(v types.Dynamic) *validator.DynamicResponse {
		resp := &validator.DynamicResponse{}
		FlatObject().ValidateDynamic(context.Background(), validator.DynamicRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, resp)
		return resp
	}
	good := flatObject(t, map[string]attr.Value{"plan": types.StringValue("pro"), "seats": types.NumberValue(big.NewFloat(5)), "trial": types.BoolValue(false), "later": types.StringUnknown()})
	strMap := types.DynamicValue(types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringValue("x")}))
	for name, v := range map[string]types.Dynamic{"object": good, "map": strMap, "null": types.DynamicNull(), "unknown": types.DynamicUnknown()} {
		wantError(t, name, validate(v).Diagnostics, p, "", "")
	}
	for name, tc := range map[string]struct {
		v      types.Dynamic
		detail string
	}{
		"string": {types.DynamicValue(types.StringValue("pro")), `custom_data must be an object such as .*got a string`},
		"list":   {types.DynamicValue(types.ListValueMust(types.StringType, nil)), `got a list`},
		"nested": {flatObject(t, map[string]attr.Value{"a": types.ListValueMust(types.NumberType, nil)}), `custom_data\.a is a list; each value must be a string, a number or a boolean`},
		"object": {flatObject(t, map[string]attr.Value{"a": types.ObjectValueMust(map[string]attr.Type{}, nil)}), `custom_data\.a is a object`},
		"null":   {flatObject(t, map[string]attr.Value{"a": types.StringNull()}), `custom_data\.a is null: leave the key out`},
		"blank":  {flatObject(t, map[string]attr.Value{" ": types.StringValue("x")}), `blank key`},
	} {
		wantError(t, name, validate(tc.v).Diagnostics, p, "Invalid Flat Object", tc.detail)
	}
}

// A flat object goes to JSON and back with each value's type, and compares
// equal to the JSON an API answers with.
func TestFlatObjectJSON_roundTrip(t *testing.T) {
	t.Parallel()
	v := flatObject(t, map[string]attr.Value{"plan": types.StringValue("pro"), "seats": types.NumberValue(big.NewFloat(5)), "price": types.NumberValue(big.NewFloat(15.99)), "trial": types.BoolValue(false)})
	got, err := FlatObjectJSON(v)
	want := map[string]json.RawMessage{"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`5`), "price": json.RawMessage(`15.99`), "trial": json.RawMessage(`false`)}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("FlatObjectJSON = %s, %v; want %s", got, err, want)
	}
	back, diags := FlatObjectFromJSON(map[string]json.RawMessage{"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`5.0`), "price": json.RawMessage(`15.99`), "trial": json.RawMessage(`false`), "gone": json.RawMessage(`null`)})
	if diags.HasError() || !SameFlatObject(back, got) || !SameFlatObject(v, map[string]json.RawMessage{"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`5.0`), "price": json.RawMessage(`1.599e1`), "trial": json.RawMessage(`false`), "x": json.RawMessage(`null`)}) {
		t.Errorf("back = %v, %v", back, diags)
	}
	for name, other := range map[string]map[string]json.RawMessage{
		"a number as a string": {"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`"5"`), "price": json.RawMessage(`15.99`), "trial": json.RawMessage(`false`)},
		"a key more":           {"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`5`), "price": json.RawMessage(`15.99`), "trial": json.RawMessage(`false`), "x": json.RawMessage(`1`)},
		"another value":        {"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`6`), "price": json.RawMessage(`15.99`), "trial": json.RawMessage(`false`)},
	} {
		if SameFlatObject(v, other) {
			t.Errorf("%s compares equal", name)
		}
	}
	if !SameFlatObject(types.DynamicNull(), nil) || !SameFlatObject(flatObject(t, map[string]attr.Value{}), map[string]json.RawMessage{"a": json.RawMessage("null")}) {
		t.Error("null, {} and no values differ")
	}
	if none, diags := FlatObjectFromJSON(nil); !none.IsNull() || diags.HasError() {
		t.Errorf("no values gave %v, %v", none, diags)
	}
	if _, diags := FlatObjectFromJSON(map[string]json.RawMessage{"a": json.RawMessage(`[1]`)}); !diags.HasError() {
		t.Error("a list value was taken")
	}
	if _, err := FlatObjectJSON(types.DynamicUnknown()); err == nil {
		t.Error("an unknown value gave JSON")
	}
}
