package framework

// A flat object is a dynamic attribute that holds an object (or a map) whose
// values are strings, numbers and booleans, such as HelpCrunch's custom data
// of a customer: { plan = "pro", seats = 5, trial = false }. A dynamic
// attribute keeps each value's type, which a map of strings would turn into
// text. What is here validates one, turns it into JSON values and back, and
// compares it with the JSON an API answered.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// FlatObject requires a flat object: an object or a map, keys not blank,
// every value a string, a number or a boolean (not null, not a list or an
// object). Unknown values pass: they are checked once known.
func FlatObject() validator.Dynamic {
	return flatObjectValidator{"must be an object whose values are strings, numbers or booleans"}
}

type flatObjectValidator struct{ Described }

func (flatObjectValidator) ValidateDynamic(_ context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.IsUnderlyingValueNull() || req.ConfigValue.IsUnderlyingValueUnknown() {
		return
	}
	elems, ok := flatElements(req.ConfigValue.UnderlyingValue())
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flat Object",
			fmt.Sprintf("%s must be an object such as { plan = \"pro\", seats = 5, trial = false }, got a %s.", req.Path, typeName(req.ConfigValue.UnderlyingValue())))
		return
	}
	for _, key := range slices.Sorted(maps.Keys(elems)) {
		v := elems[key]
		switch {
		case strings.TrimSpace(key) == "":
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flat Object", fmt.Sprintf("%s has a blank key; every key must name a property.", req.Path))
		case v.IsUnknown():
		case v.IsNull():
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flat Object",
				fmt.Sprintf("%s.%s is null: leave the key out instead, which removes the property.", req.Path, key))
		default:
			if _, ok := scalarJSON(v); !ok {
				resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flat Object",
					fmt.Sprintf("%s.%s is a %s; each value must be a string, a number or a boolean.", req.Path, key, typeName(v)))
			}
		}
	}
}

// flatElements are the elements of an object or a map.
func flatElements(v attr.Value) (map[string]attr.Value, bool) {
	switch o := v.(type) {
	case basetypes.ObjectValue:
		return o.Attributes(), true
	case basetypes.MapValue:
		return o.Elements(), true
	}
	return nil, false
}

// typeName names a value's kind for an error message.
func typeName(v attr.Value) string {
	switch v.(type) {
	case basetypes.ObjectValue, basetypes.MapValue:
		return "object"
	case basetypes.ListValue, basetypes.TupleValue, basetypes.SetValue:
		return "list"
	case basetypes.StringValue:
		return "string"
	case basetypes.NumberValue, basetypes.Int64Value, basetypes.Float64Value, basetypes.Int32Value, basetypes.Float32Value:
		return "number"
	case basetypes.BoolValue:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

// scalarJSON is a known string, number or boolean as JSON.
func scalarJSON(v attr.Value) (json.RawMessage, bool) {
	var out any
	switch s := v.(type) {
	case basetypes.StringValue:
		out = s.ValueString()
	case basetypes.BoolValue:
		out = s.ValueBool()
	case basetypes.NumberValue:
		return json.RawMessage(s.ValueBigFloat().Text('g', -1)), true
	default:
		return nil, false
	}
	raw, err := json.Marshal(out)
	return raw, err == nil
}

// FlatObjectJSON is a known flat object's values as JSON, by key; null (or
// unset) is none. A value FlatObject would refuse is an error.
func FlatObjectJSON(v types.Dynamic) (map[string]json.RawMessage, error) {
	if v.IsNull() || v.IsUnderlyingValueNull() {
		return nil, nil
	}
	if v.IsUnknown() || v.IsUnderlyingValueUnknown() {
		return nil, fmt.Errorf("the value is not known yet")
	}
	elems, ok := flatElements(v.UnderlyingValue())
	if !ok {
		return nil, fmt.Errorf("a %s is not an object", typeName(v.UnderlyingValue()))
	}
	out := make(map[string]json.RawMessage, len(elems))
	for k, e := range elems {
		raw, ok := scalarJSON(e)
		if !ok || e.IsUnknown() || e.IsNull() {
			return nil, fmt.Errorf("%s is not a known string, number or boolean", k)
		}
		out[k] = raw
	}
	return out, nil
}

// FlatObjectFromJSON is the flat object of JSON values by key, an object
// whose attributes have each value's own type; null when there are none. A
// JSON null value leaves its key out; anything but a string, a number or a
// boolean is an error.
func FlatObjectFromJSON(values map[string]json.RawMessage) (types.Dynamic, diag.Diagnostics) {
	var diags diag.Diagnostics
	attrTypes := map[string]attr.Type{}
	attrs := map[string]attr.Value{}
	for k, raw := range values {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			diags.AddError("Unexpected Value", fmt.Sprintf("The value of %q, %s, is not JSON: %s.", k, raw, err))
			continue
		}
		switch x := v.(type) {
		case nil:
			continue
		case string:
			attrTypes[k], attrs[k] = types.StringType, types.StringValue(x)
		case bool:
			attrTypes[k], attrs[k] = types.BoolType, types.BoolValue(x)
		case json.Number:
			f, _, err := big.ParseFloat(x.String(), 10, 512, big.ToNearestEven)
			if err != nil {
				diags.AddError("Unexpected Value", fmt.Sprintf("The value of %q, %s, is not a number: %s.", k, raw, err))
				continue
			}
			attrTypes[k], attrs[k] = types.NumberType, types.NumberValue(f)
		default:
			diags.AddError("Unexpected Value", fmt.Sprintf("The value of %q, %s, is not a string, a number or a boolean.", k, raw))
		}
	}
	if len(attrs) == 0 || diags.HasError() {
		return types.DynamicNull(), diags
	}
	obj, d := types.ObjectValue(attrTypes, attrs)
	diags.Append(d...)
	return types.DynamicValue(obj), diags
}

// SameFlatObject reports whether the flat object v holds the JSON values
// got, by key: strings and booleans alike, numbers of equal value. A JSON
// null value counts as absent, and null, {} and no values are the same.
func SameFlatObject(v types.Dynamic, got map[string]json.RawMessage) bool {
	want, err := FlatObjectJSON(v)
	if err != nil {
		return false
	}
	have := map[string]json.RawMessage{}
	for k, raw := range got {
		if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			have[k] = raw
		}
	}
	if len(want) != len(have) {
		return false
	}
	for k, w := range want {
		h, ok := have[k]
		if !ok || !sameScalar(w, h) {
			return false
		}
	}
	return true
}

// sameScalar compares two JSON scalars; numbers by value.
func sameScalar(a, b json.RawMessage) bool {
	var x, y any
	for _, p := range []struct {
		raw json.RawMessage
		out *any
	}{{a, &x}, {b, &y}} {
		dec := json.NewDecoder(bytes.NewReader(p.raw))
		dec.UseNumber()
		if dec.Decode(p.out) != nil {
			return false
		}
	}
	nx, xNum := x.(json.Number)
	ny, yNum := y.(json.Number)
	if xNum && yNum {
		fx, _, errX := big.ParseFloat(nx.String(), 10, 512, big.ToNearestEven)
		fy, _, errY := big.ParseFloat(ny.String(), 10, 512, big.ToNearestEven)
		return errX == nil && errY == nil && fx.Cmp(fy) == 0
	}
	return x == y
}
