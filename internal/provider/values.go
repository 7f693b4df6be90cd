package provider

// Helpers on framework values that more than one resource uses.
//
// Naming in this package: a helper more than one resource uses has no
// prefix; one that only the objects of one platform use carries the
// platform's name in full (devrev…, helpcrunch…); one of a single resource
// is a method of its model or resource, or carries the resource's name
// (devrevChat…, devrevConversation…, helpcrunchChat…).

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// known reports whether v holds a value: neither null nor unknown.
func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// knownOr is v, or else when v is unknown.
func knownOr[T attr.Value](v, orElse T) T {
	if v.IsUnknown() {
		return orElse
	}
	return v
}

// stringOrNull is s, or null when the API left it empty.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// setStrings is a set's strings (of any string type), sorted so that
// requests are the same whatever order the set came in; isKnown is false
// when the set or an element is unknown. A null set has none.
func setStrings(ctx context.Context, s types.Set) (out []string, isKnown bool) {
	if s.IsNull() {
		return nil, true
	}
	if s.IsUnknown() {
		return nil, false
	}
	isKnown = !s.ElementsAs(ctx, &out, false).HasError()
	slices.Sort(out)
	return out, isKnown
}

// setOrNull is the set of vals, or null when there are none and prior (the
// plan or state it replaces) was null or unknown, so that an attribute left
// out of the configuration stays out.
func setOrNull(elem attr.Type, vals []attr.Value, prior types.Set, diags *diag.Diagnostics) types.Set {
	if len(vals) == 0 && !known(prior) {
		return types.SetNull(elem)
	}
	s, d := types.SetValue(elem, vals)
	diags.Append(d...)
	return s
}

// sameSet reports whether a and b hold the same elements once each is
// mapped by key (nil: as they are), ignoring order and repeats.
func sameSet(a, b []string, key func(string) string) bool {
	keys := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = s
			if key != nil {
				out[i] = key(s)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(keys(a), keys(b))
}

// nonNil is s, or an empty list where the API must be told "none".
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isEmptyJSONObject reports whether v is null or {}.
func isEmptyJSONObject(v jsontypes.Normalized) bool {
	if v.IsNull() {
		return true
	}
	var m map[string]json.RawMessage
	return json.Unmarshal([]byte(v.ValueString()), &m) == nil && len(m) == 0
}

// sameJSONObject compares two JSON objects as values; null and {} are the
// same, and an unknown one is the same as nothing.
func sameJSONObject(a, b jsontypes.Normalized) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if isEmptyJSONObject(a) && isEmptyJSONObject(b) {
		return true
	}
	if a.IsNull() || b.IsNull() {
		return false
	}
	eq, diags := a.StringSemanticEquals(context.Background(), b)
	return eq && !diags.HasError()
}

// jsonObjectChange is the object an update sends to turn oldJSON into
// newJSON: newJSON's fields, and null for each field newJSON no longer has.
func jsonObjectChange(newJSON, oldJSON string) json.RawMessage {
	next := map[string]json.RawMessage{}
	if newJSON != "" {
		_ = json.Unmarshal([]byte(newJSON), &next)
	}
	var old map[string]json.RawMessage
	if oldJSON != "" && json.Unmarshal([]byte(oldJSON), &old) == nil {
		for k := range old {
			if _, ok := next[k]; !ok {
				next[k] = json.RawMessage("null")
			}
		}
	}
	out, _ := json.Marshal(next)
	return out
}

// jsonObjectValidator requires a JSON object, e.g. jsonencode({a = 1}):
// jsontypes.Normalized checks the syntax only, so jsonencode([1]) passes it.
type jsonObjectValidator struct{ described }

func jsonObject() validator.String { return jsonObjectValidator{"must be a JSON object"} }

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	raw := strings.TrimSpace(req.ConfigValue.ValueString())
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Custom Fields",
			fmt.Sprintf("%s must be a JSON object such as jsonencode({ tnt__team = \"ops\" }), got %.80q.", req.Path, raw))
	}
}

// sameJSONModifier plans the prior value when the configuration holds the
// same JSON object written differently (key order, whitespace), so that
// rewriting it plans nothing. Terraform accepts a planned prior value as
// functionally equal to the configuration.
type sameJSONModifier struct{ described }

func keepSameJSON() planmodifier.String {
	return sameJSONModifier{"keeps the prior value when the configuration is the same JSON written differently"}
}

func (sameJSONModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !known(req.PlanValue) {
		return
	}
	if sameJSONObject(jsontypes.NewNormalizedValue(req.PlanValue.ValueString()), jsontypes.NewNormalizedValue(req.StateValue.ValueString())) {
		resp.PlanValue = req.StateValue
	}
}

// nullWhenUnsetModifier plans null for an optional+computed object the
// configuration leaves out, so that it behaves as a plain optional one.
type nullWhenUnsetModifier struct{ described }

func nullWhenUnset() planmodifier.Object {
	return nullWhenUnsetModifier{"plans null when the configuration leaves the attribute out"}
}

func (nullWhenUnsetModifier) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	if req.ConfigValue.IsNull() {
		resp.PlanValue = types.ObjectNull(req.PlanValue.AttributeTypes(ctx))
	}
}

// described gives a plan modifier or validator its description, the same
// in plain text and Markdown.
type described string

func (d described) Description(context.Context) string { return string(d) }

func (d described) MarkdownDescription(context.Context) string { return string(d) }
