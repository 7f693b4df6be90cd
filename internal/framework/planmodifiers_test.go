package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDescribed(t *testing.T) {
	t.Parallel()
	d := Described("keeps it")
	if d.Description(context.Background()) != "keeps it" || d.MarkdownDescription(context.Background()) != "keeps it" {
		t.Errorf("Described: %q, %q", d.Description(context.Background()), d.MarkdownDescription(context.Background()))
	}
	if KeepSameJSON().Description(context.Background()) == "" || NullWhenUnset().MarkdownDescription(context.Background()) == "" {
		t.Error("a plan modifier has no description")
	}
}

func TestKeepSameJSON(t *testing.T) {
	t.Parallel()
	const state = `{"a":1,"b":[1,2]}`
	for _, tc := range []struct {
		name        string
		state, plan types.String
		want        types.String
	}{
		{"same object rewritten", types.StringValue(state), types.StringValue(`{ "b": [1, 2], "a": 1 }`), types.StringValue(state)},
		{"other value", types.StringValue(state), types.StringValue(`{"a":2,"b":[1,2]}`), types.StringValue(`{"a":2,"b":[1,2]}`)},
		{"list order matters", types.StringValue(state), types.StringValue(`{"a":1,"b":[2,1]}`), types.StringValue(`{"a":1,"b":[2,1]}`)},
		{"create", types.StringNull(), types.StringValue(state), types.StringValue(state)},
		{"unknown plan", types.StringValue(state), types.StringUnknown(), types.StringUnknown()},
		{"removed", types.StringValue(state), types.StringNull(), types.StringNull()},
	} {
		resp := &planmodifier.StringResponse{PlanValue: tc.plan}
		KeepSameJSON().PlanModifyString(context.Background(), planmodifier.StringRequest{StateValue: tc.state, PlanValue: tc.plan}, resp)
		if !resp.PlanValue.Equal(tc.want) {
			t.Errorf("%s: planned %s, want %s", tc.name, resp.PlanValue, tc.want)
		}
	}
}

func TestNullWhenUnset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	attrTypes := map[string]attr.Type{"subtype": types.StringType}
	unknown := types.ObjectUnknown(attrTypes)
	resp := &planmodifier.ObjectResponse{PlanValue: unknown}
	NullWhenUnset().PlanModifyObject(ctx, planmodifier.ObjectRequest{ConfigValue: types.ObjectNull(attrTypes), PlanValue: unknown}, resp)
	if !resp.PlanValue.IsNull() || !resp.PlanValue.Type(ctx).Equal(types.ObjectType{AttrTypes: attrTypes}) {
		t.Errorf("left out: planned %s, want a null of the same type", resp.PlanValue)
	}
	set := types.ObjectValueMust(attrTypes, map[string]attr.Value{"subtype": types.StringValue("x")})
	resp = &planmodifier.ObjectResponse{PlanValue: set}
	NullWhenUnset().PlanModifyObject(ctx, planmodifier.ObjectRequest{ConfigValue: set, PlanValue: set}, resp)
	if !resp.PlanValue.Equal(set) {
		t.Errorf("configured: planned %s, want %s", resp.PlanValue, set)
	}
}

func TestKeepSameDevRevUsers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	users := func(ids ...string) types.Set {
		s, diags := DevRevUsersSet(ctx, ids)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return s
	}
	const don1 = "don:identity:dvrv-us-1:devo/demo:devu/1"
	unknown := types.SetUnknown(DevRevUserType{})
	for _, tc := range []struct {
		name              string
		state, plan, want types.Set
	}{
		{"other form of the same users", users("DEVU-1", "DEVU-2"), users(don1, "DEVU-2"), users("DEVU-1", "DEVU-2")},
		{"a user more", users("DEVU-1"), users(don1, "DEVU-2"), users(don1, "DEVU-2")},
		{"a user fewer", users("DEVU-1", "DEVU-2"), users(don1), users(don1)},
		// Two forms of one user are two elements, not the state's one: the
		// plan keeps what was written.
		{"one user twice", users("DEVU-1"), users("DEVU-1", don1), users("DEVU-1", don1)},
		{"create", types.SetNull(DevRevUserType{}), users("DEVU-1"), users("DEVU-1")},
		{"unknown plan", users("DEVU-1"), unknown, unknown},
	} {
		resp := &planmodifier.SetResponse{PlanValue: tc.plan}
		KeepSameDevRevUsers().PlanModifySet(ctx, planmodifier.SetRequest{StateValue: tc.state, PlanValue: tc.plan}, resp)
		if !resp.PlanValue.Equal(tc.want) {
			t.Errorf("%s: planned %s, want %s", tc.name, resp.PlanValue, tc.want)
		}
	}
}
