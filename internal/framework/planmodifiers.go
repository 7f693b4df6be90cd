package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Described gives a plan modifier or validator its description, the same in
// plain text and Markdown: embedding it saves each one the two methods the
// framework asks for, which would only ever repeat one sentence.
type Described string

// Description is the sentence, for Terraform's plain-text output.
func (d Described) Description(context.Context) string { return string(d) }

// MarkdownDescription is the same sentence: it has no markup to lose.
func (d Described) MarkdownDescription(context.Context) string { return string(d) }

// KeepSameJSON plans the prior value when the configuration holds the same
// JSON object written differently (key order, whitespace), so that rewriting
// it plans nothing. jsontypes.Normalized alone does not do this: its
// semantic equality applies to what the provider returns, not to the plan.
// Terraform accepts a planned prior value as functionally equal to the
// configuration.
func KeepSameJSON() planmodifier.String {
	return keepSameJSONModifier{"keeps the prior value when the configuration is the same JSON written differently"}
}

type keepSameJSONModifier struct{ Described }

func (keepSameJSONModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !Known(req.PlanValue) {
		return
	}
	if SameJSONObject(jsontypes.NewNormalizedValue(req.PlanValue.ValueString()), jsontypes.NewNormalizedValue(req.StateValue.ValueString())) {
		resp.PlanValue = req.StateValue
	}
}

// NullWhenUnset plans null for an optional+computed object the configuration
// leaves out, so that it behaves as a plain optional one. It is computed only
// so that generated configuration (plan -generate-config-out) leaves it out
// instead of writing it as null.
func NullWhenUnset() planmodifier.Object {
	return nullWhenUnsetModifier{"plans null when the configuration leaves the attribute out"}
}

type nullWhenUnsetModifier struct{ Described }

func (nullWhenUnsetModifier) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	if req.ConfigValue.IsNull() {
		resp.PlanValue = types.ObjectNull(req.PlanValue.AttributeTypes(ctx))
	}
}

// KeepSameDevRevUsers plans the prior users when the configuration names
// the same users in other id forms (DEVU-1 for its DON id or the reverse),
// so that switching forms plans nothing. Element semantic equality alone
// does not do this: the framework applies it to API answers, not to the
// plan.
func KeepSameDevRevUsers() planmodifier.Set {
	return keepSameDevRevUsersModifier{"keeps the prior value when the configuration names the same users in other id forms"}
}

type keepSameDevRevUsersModifier struct{ Described }

func (keepSameDevRevUsersModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !Known(req.StateValue) || !Known(req.PlanValue) || req.PlanValue.Equal(req.StateValue) {
		return
	}
	plan, planKnown := SetStrings(ctx, req.PlanValue)
	state, stateKnown := SetStrings(ctx, req.StateValue)
	if planKnown && stateKnown && len(plan) == len(state) && DevRevSameUsers(plan, state) {
		resp.PlanValue = req.StateValue
	}
}
