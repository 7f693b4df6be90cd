package provider

// The custom_fields and custom_schema_spec attributes both DevRev resources
// have: DevRev takes them on create and update and returns neither.

import (
	"context"
	"encoding/json"

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
		Validators:          append([]validator.String{framework.JSONObject()}, validators...),
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
func devrevCustomFieldsUpdate(ctx context.Context, want, have jsontypes.Normalized, spec types.Object) (json.RawMessage, *client.DevRevChatCustomSchemaSpec, diag.Diagnostics) {
	same := framework.SameJSONObject(want, have) // false when either is unknown
	if have.IsUnknown() {
		same = framework.IsEmptyJSONObject(want)
	}
	if same {
		return nil, nil, nil
	}
	s, diags := devrevCustomSchemaSpec(ctx, spec)
	return framework.JSONObjectChange(want.ValueString(), have.ValueString()), s, diags
}
