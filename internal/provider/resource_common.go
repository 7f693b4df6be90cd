package provider

// What the Create, Read, Update and Delete of every chatops resource share,
// so that each resource file says only what is particular to it.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// onDestroyAttribute is the on_destroy argument of a resource that can be
// destroyed two ways: def, the default, or other.
func onDestroyAttribute(desc, def, other string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(def),
		Validators:          []validator.String{stringvalidator.OneOf(def, other)},
	}
}

// readResource is the Read every chatops resource shares: it reads the state
// into the model *state, whose id and timeouts fields are *id and *t, gets the
// object by id within the read timeout and lets refresh copy it into the
// model. An object DevRev or HelpCrunch no longer has (404) was deleted
// outside Terraform: it leaves the state, so that the next plan creates it
// again. The identity is written either way, since the framework wants one
// after every read without errors, and there is none yet after an import or
// on Terraform before 1.12.
func readResource[T any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, what string,
	state any, id *types.String, t *timeouts.Value, get func(context.Context, string) (*T, error), refresh func(*T) diag.Diagnostics,
) {
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := framework.WithTimeout(ctx, t.Read, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	current := *id
	tflog.Debug(ctx, "Reading "+what, map[string]any{"id": current.ValueString()})
	obj, err := get(ctx, current.ValueString())
	if client.IsNotFound(err) {
		tflog.Warn(ctx, what+" no longer exists; removing it from the state", map[string]any{"id": current.ValueString()})
		resp.Diagnostics.Append(setIDIdentity(ctx, resp.Identity, current)...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read "+titleCase(what), apiErrorDetail(fmt.Sprintf("reading %s %s", what, current.ValueString()), err, ""))
		return
	}
	resp.Diagnostics.Append(refresh(obj)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// After an import by display id, this is where the identity becomes the DON id.
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, state, *id)...)
	tflog.Trace(ctx, "Read "+what, map[string]any{"id": current.ValueString()})
}

// byNumericID is readResource's get for an API whose ids are numbers
// (HelpCrunch's): parse turns the id the state holds into one, or says why
// it is not one.
func byNumericID[T any](parse func(string) (int64, error), get func(context.Context, int64) (*T, error)) func(context.Context, string) (*T, error) {
	return func(ctx context.Context, id string) (*T, error) {
		n, err := parse(id)
		if err != nil {
			return nil, err
		}
		return get(ctx, n)
	}
}

// deleteObject is the delete call of a resource's Delete: del deletes the
// object, id is its id for the logs and named how the error names it. An
// object already gone (404) was deleted by another hand or by an attempt
// whose answer was lost: nothing is left to do. hint is what to try after a
// failure.
func deleteObject(ctx context.Context, diags *diag.Diagnostics, what string, id any, named, hint string, del func() error) {
	tflog.Debug(ctx, "Deleting "+what, map[string]any{"id": id})
	err := del()
	if client.IsNotFound(err) {
		tflog.Debug(ctx, what+" was already deleted", map[string]any{"id": id})
		return
	}
	if err != nil {
		diags.AddError("Unable to Delete "+titleCase(what), apiErrorDetail(fmt.Sprintf("deleting %s %s", what, named), err, hint))
	}
}

// devrevSaveUpdate ends the Update of a DevRev resource, whose changes go in
// one update call carrying only what changed (upd). With none to make (upd
// nil: only what DevRev does not hold changed, such as custom_schema_spec,
// the timeouts or the id form of a user), it saves next once keep has
// completed it from the state, with no API call. Otherwise it sends upd and
// saves next as fill makes it of DevRev's answer. id and displayID are the
// state's, for logs and errors; nextID is next's id, for the identity.
func devrevSaveUpdate[Req, Obj any](ctx context.Context, resp *resource.UpdateResponse, what string, id, displayID types.String,
	upd *Req, next any, nextID *types.String, keep func(), send func(context.Context, *Req) (*Obj, error), fill func(*Obj) diag.Diagnostics,
) {
	if upd == nil {
		tflog.Debug(ctx, "No DevRev API call needed for this change", map[string]any{"id": id.ValueString()})
		keep()
		resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, next, *nextID)...)
		return
	}
	tflog.Debug(ctx, "Updating "+what, map[string]any{"id": id.ValueString()})
	obj, err := send(ctx, upd)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Update "+titleCase(what), apiErrorDetail(fmt.Sprintf("updating %s %s", what, displayID.ValueString()), err,
			updateErrorHint(err, what)))
		return
	}
	resp.Diagnostics.Append(fill(obj)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, next, *nextID)...)
}

// updateErrorHint is the advice for an update that failed because the
// object was deleted outside Terraform.
func updateErrorHint(err error, what string) string {
	if !client.IsNotFound(err) {
		return ""
	}
	return fmt.Sprintf("The %s no longer exists. Run terraform apply again to create it anew.", what)
}

// titleCase is what with each word capitalized, for a diagnostic's summary.
func titleCase(what string) string {
	words := strings.Fields(what)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
