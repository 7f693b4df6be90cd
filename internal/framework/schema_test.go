package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestComputedString(t *testing.T) {
	t.Parallel()
	a := ComputedString("The chat's id.")
	if !a.Computed || a.Optional || a.Required || a.MarkdownDescription != "The chat's id." {
		t.Fatalf("ComputedString = %+v", a)
	}
	// The prior value is planned for an update, so no change shows the id as
	// known after apply.
	state := types.StringValue("don:core:dvrv-us-1:devo/0:dm/1")
	prior := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
		map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, state.ValueString())})}
	resp := &planmodifier.StringResponse{PlanValue: types.StringUnknown()}
	for _, m := range a.PlanModifiers {
		m.PlanModifyString(context.Background(), planmodifier.StringRequest{State: prior, StateValue: state, PlanValue: types.StringUnknown(), ConfigValue: types.StringNull()}, resp)
	}
	if !resp.PlanValue.Equal(state) {
		t.Errorf("planned %s, want the prior %s", resp.PlanValue, state)
	}
}
