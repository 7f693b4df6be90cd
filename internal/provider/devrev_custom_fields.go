package provider

// The custom_fields and custom_schema_spec attributes both DevRev resources
// have: DevRev takes them on create and update and returns neither.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// devrevCustomFieldsAttribute is custom_fields: a JSON object whose key
// order and whitespace never plan a change.
func devrevCustomFieldsAttribute(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		CustomType:          jsontypes.NormalizedType{},
		Validators:          append([]validator.String{framework.JSONObject(), devrevCustomFieldNames{}}, validators...),
		PlanModifiers:       []planmodifier.String{framework.KeepSameJSON()},
	}
}

// devrevCustomSchemaSpecAttribute is custom_schema_spec, the spec's
// custom-schema-spec.
func devrevCustomSchemaSpecAttribute(desc string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			"apps": schema.ListAttribute{
				MarkdownDescription: "The apps whose schemas apply (for fields named `<app>__<name>`). Optional.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.List{listvalidator.ValueStringsAre(framework.NotBlank())},
			},
			"subtype": schema.StringAttribute{
				MarkdownDescription: "The name of the subtype whose schema applies (for fields named `ctype__<name>`). Optional, not empty when set.",
				Optional:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"tenant_fragment": schema.BoolAttribute{
				MarkdownDescription: "Whether the tenant schema applies (for fields named `tnt__<name>`). Optional; DevRev's default is `false`.",
				Optional:            true,
			},
			"validate_required_fields": schema.BoolAttribute{
				MarkdownDescription: "Whether DevRev enforces the schema's required fields. Optional; DevRev's default is `false`.",
				Optional:            true,
			},
		},
	}
}

type devrevCustomSchemaSpecModel struct {
	Apps                   []string `tfsdk:"apps"`
	Subtype                *string  `tfsdk:"subtype"`
	TenantFragment         *bool    `tfsdk:"tenant_fragment"`
	ValidateRequiredFields *bool    `tfsdk:"validate_required_fields"`
}

// devrevCustomSchemaSpec is the request's custom_schema_spec of the
// attribute's value; nil when it is unset.
func devrevCustomSchemaSpec(ctx context.Context, o types.Object) (*client.DevRevChatCustomSchemaSpec, diag.Diagnostics) {
	if !framework.Known(o) {
		return nil, nil
	}
	var spec devrevCustomSchemaSpecModel
	diags := o.As(ctx, &spec, basetypes.ObjectAsOptions{})
	return (*client.DevRevChatCustomSchemaSpec)(&spec), diags
}

// devrevCustomFieldsUpdate is the custom fields of an update that turns
// have into want, with the schema spec they need; nil when they are the
// same. have unknown means DevRev's fields cannot be known (an adopted
// chat): want's are sent whenever it has any, and the fields it does not
// name stay as they are.
//
// The spec is the planned one, else the one in state: removing every custom
// field may drop the spec from the configuration too, and DevRev refuses the
// removals ({"tnt__tier": null}) without the schemas they were set with.
func devrevCustomFieldsUpdate(ctx context.Context, want, have jsontypes.Normalized, wantSpec, haveSpec types.Object) (json.RawMessage, *client.DevRevChatCustomSchemaSpec, diag.Diagnostics) {
	same := framework.SameJSONObject(want, have) // false when either is unknown
	if have.IsUnknown() {
		same = framework.IsEmptyJSONObject(want)
	}
	if same {
		return nil, nil, nil
	}
	spec := wantSpec
	if spec.IsNull() {
		spec = haveSpec
	}
	s, diags := devrevCustomSchemaSpec(ctx, spec)
	return framework.JSONObjectChange(want.ValueString(), have.ValueString()), s, diags
}

// devrevCustomFieldNames checks the names of custom fields at plan time, as
// DevRev names them: tnt__<name> (the tenant's schema), ctype__<name> (a
// subtype's) or <app>__<name> (an app's); a name without such a prefix
// matches no schema and DevRev refuses it. Only the top-level keys are
// names: what a field's value holds is left alone.
type devrevCustomFieldNames struct{}

// devrevCustomFieldNamesRule is the rule every custom field name follows.
const devrevCustomFieldNamesRule = "keys named `tnt__<name>`, `ctype__<name>` or `<app>__<name>`"

func (devrevCustomFieldNames) Description(context.Context) string {
	return "custom field " + devrevCustomFieldNamesRule
}

func (v devrevCustomFieldNames) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (devrevCustomFieldNames) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal([]byte(req.ConfigValue.ValueString()), &fields) != nil {
		return // not an object: framework.JSONObject says so
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if _, _, ok := client.SplitDevRevCustomFieldName(name); ok {
			continue
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Custom Field Name", fmt.Sprintf(
			"%s has the key %q, which names no custom field: DevRev names them tnt__<name> (the tenant's schema), "+
				"ctype__<name> (a subtype's) or <app>__<name> (an app's), and refuses any other key.", req.Path, name))
	}
}
