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

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// jsonObjectValidator requires a JSON object, e.g. jsonencode({a = 1}):
// jsontypes.Normalized checks the syntax only, so jsonencode([1]) passes it.
type jsonObjectValidator struct{ framework.Described }

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
