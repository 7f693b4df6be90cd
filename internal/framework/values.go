package framework

// Helpers on framework values. They say once what every resource would
// otherwise spell out: that null and unknown are both "no value yet", that an
// attribute left out of the configuration stays out of the state, and that a
// set is compared as a set.

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Known reports whether v holds a value: neither null nor unknown.
func Known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// KnownOr is v, or else orElse when v is unknown: an update fills what its
// plan left unknown from the API's answer and keeps what was planned.
func KnownOr[T attr.Value](v, orElse T) T {
	if v.IsUnknown() {
		return orElse
	}
	return v
}

// StringOrNull is s, or null when the API left it empty, so that an absent
// field reads as unset rather than as "".
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// SetStrings is a set's strings (of any string type), sorted so that
// requests are the same whatever order the set came in; isKnown is false
// when the set or an element is unknown. A null set has none.
func SetStrings(ctx context.Context, s types.Set) (out []string, isKnown bool) {
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

// SetOrNull is the set of vals, or null when there are none and prior (the
// plan or state it replaces) was null or unknown, so that an attribute left
// out of the configuration stays out.
func SetOrNull(elem attr.Type, vals []attr.Value, prior types.Set, diags *diag.Diagnostics) types.Set {
	if len(vals) == 0 && !Known(prior) {
		return types.SetNull(elem)
	}
	s, d := types.SetValue(elem, vals)
	diags.Append(d...)
	return s
}

// SameSet reports whether a and b hold the same elements once each is
// mapped by key (nil: as they are), ignoring order and repeats.
func SameSet(a, b []string, key func(string) string) bool {
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

// NonNil is s, or an empty list where the API must be told "none": a nil
// slice would be left out of the request and change nothing.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// IsEmptyJSONObject reports whether v is null or {}, which an API that
// takes a JSON object treats alike.
func IsEmptyJSONObject(v jsontypes.Normalized) bool {
	if v.IsNull() {
		return true
	}
	var m map[string]json.RawMessage
	return json.Unmarshal([]byte(v.ValueString()), &m) == nil && len(m) == 0
}

// SameJSONObject compares two JSON objects as values; null and {} are the
// same, and an unknown one is the same as nothing.
func SameJSONObject(a, b jsontypes.Normalized) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if IsEmptyJSONObject(a) && IsEmptyJSONObject(b) {
		return true
	}
	if a.IsNull() || b.IsNull() {
		return false
	}
	eq, diags := a.StringSemanticEquals(context.Background(), b)
	return eq && !diags.HasError()
}

// JSONObjectChange is the object an update sends to turn oldJSON into
// newJSON: newJSON's fields, and null for each field newJSON no longer has,
// since an API that merges the object it is sent removes a field only when
// told null.
func JSONObjectChange(newJSON, oldJSON string) json.RawMessage {
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
