package provider

// Every chatops resource has the same identity: one string, the object's
// id. What is here gives a resource that identity in three small steps:
// return idIdentitySchema from IdentitySchema, call setIDIdentity wherever
// state is written (Create, Read, Update), and read the id to import with
// importRequestID.

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// idIdentityModel is the identity of every chatops resource.
type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// idIdentitySchema is the identity schema of every chatops resource; what
// names the object (and which forms an identity import takes) is in what.
func idIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       what,
			},
		},
	}
}

// setIDIdentity stores id as the resource's identity. identity is nil when
// Terraform predates identities (before 1.12), and then nothing is stored.
func setIDIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return nil
	}
	return identity.Set(ctx, idIdentityModel{ID: id})
}

// importRequestID is the id an import names, trimmed: the import id of
// `terraform import` or an import block's `id`, else the `id` of an import
// block's `identity`. Blank when neither says anything.
func importRequestID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return strings.TrimSpace(req.ID)
	}
	var id types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	return strings.TrimSpace(id.ValueString())
}
