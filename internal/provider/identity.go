package provider

// Every chatops resource has the same identity: one string, the object's
// id. What is here gives a resource that identity in three small steps:
// return idIdentitySchema from IdentitySchema, write state with saveState
// (or call setIDIdentity wherever state is written), and read the id to
// import with importRequestID.

import (
	"context"
	"fmt"
	"strconv"
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

// saveState writes m as the state and id as the identity.
func saveState(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, m any, id types.String) diag.Diagnostics {
	diags := state.Set(ctx, m)
	return append(diags, setIDIdentity(ctx, identity, id)...)
}

// importRequestID is the id an import names, trimmed: the import id of
// `terraform import` or an import block's `id`, else the `id` of an import
// block's `identity`. When that is blank it adds an error saying what was
// expected (the forms of id the resource takes) and returns "".
func importRequestID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics, expected string) string {
	id := types.StringValue(req.ID)
	if req.ID == "" && req.Identity != nil {
		diags.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	}
	trimmed := strings.TrimSpace(id.ValueString())
	if trimmed == "" && !diags.HasError() {
		got := "an empty id"
		if req.ID != "" {
			got = fmt.Sprintf("a blank id (%q, only whitespace)", req.ID)
		}
		diags.AddError("Invalid Import ID", fmt.Sprintf("The import id is blank. Expected %s, got %s.", expected, got))
	}
	return trimmed
}

// importNumericID is the ImportState of a resource whose objects have a
// numeric id (HelpCrunch's chats and customers): the import's id must be a
// whole number, at least 1, else the error says what was expected; imported
// puts in state what the import of that id gives.
func importNumericID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, expected string,
	imported func(context.Context, *tfsdk.State, int64) diag.Diagnostics,
) {
	raw := importRequestID(ctx, req, &resp.Diagnostics, expected)
	if raw == "" {
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Expected %s; got %q.", expected, raw))
		return
	}
	resp.Diagnostics.Append(imported(ctx, &resp.State, id)...)
}
