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
