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
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// jsonObjectValidator requires a JSON object, e.g. jsonencode({a = 1}):
// jsontypes.Normalized checks the syntax only, so jsonencode([1]) passes it.
type jsonObjectValidator struct{ described }

func jsonObject() validator.String { return jsonObjectValidator{"must be a JSON object"} }

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !framework.Known(req.ConfigValue) {
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
	if req.StateValue.IsNull() || !framework.Known(req.PlanValue) {
		return
	}
	if framework.SameJSONObject(jsontypes.NewNormalizedValue(req.PlanValue.ValueString()), jsontypes.NewNormalizedValue(req.StateValue.ValueString())) {
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
