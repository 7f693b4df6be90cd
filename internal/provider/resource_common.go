package provider

// What the Create, Read, Update and Delete of every chatops resource share,
// so that each resource file says only what is particular to it.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// defaultTimeout bounds each create, read, update and delete, retries
// included, unless the resource's timeouts block says otherwise.
const defaultTimeout = 10 * time.Minute

// withTimeout bounds ctx by the timeouts block's value for one operation (op
// is e.g. plan.Timeouts.Create), else by defaultTimeout.
func withTimeout(ctx context.Context, op func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := op(ctx, defaultTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}

// stateModel is a resource's model as readResource sees it.
type stateModel interface {
	// fields converts the model without reflection (see tfvalue_fields.go).
	fields() []tfField
	stateID() types.String
	stateTimeouts() timeouts.Value
}

// readState is the Read of every chatops resource, apart from the
// framework: it reads state into m, gets the object by id within the read
// timeout, and returns the state as refresh leaves m, with the id for the
// identity. An object DevRev or HelpCrunch no longer has (404) was deleted
// outside Terraform: the state returned is null, so that the resource leaves
// the state and the next plan creates it again. The protocol server calls it
// directly for a refresh that changes nothing (see protocol_server.go).
func readState[T any](ctx context.Context, state tftypes.Value, what string, attrTypes map[string]attr.Type,
	m stateModel, get func(context.Context, string) (*T, error), refresh func(*T) diag.Diagnostics,
) (tftypes.Value, types.String, diag.Diagnostics) {
	diags := tfGetFields(ctx, state, attrTypes, m.fields())
	if diags.HasError() {
		return state, types.StringNull(), diags
	}
	ctx, cancel := withTimeout(ctx, m.stateTimeouts().Read, &diags)
	defer cancel()
	if diags.HasError() {
		return state, types.StringNull(), diags
	}
	id := m.stateID()
	tflog.Debug(ctx, "Reading "+what, map[string]any{"id": id.ValueString()})
	obj, err := fetchOnce(ctx, id.ValueString(), get)
	if client.IsNotFound(err) {
		tflog.Warn(ctx, what+" no longer exists; removing it from the state", map[string]any{"id": id.ValueString()})
		return tftypes.NewValue(state.Type(), nil), id, diags
	}
	if err != nil {
		diags.AddError("Unable to Read "+titleCase(what), apiErrorDetail(fmt.Sprintf("reading %s %s", what, id.ValueString()), err, ""))
		return state, id, diags
	}
	diags.Append(refresh(obj)...)
	if diags.HasError() {
		return state, id, diags
	}
	raw, more := tfSetFields(ctx, state.Type(), m.fields())
	diags.Append(more...)
	tflog.Trace(ctx, "Read "+what, map[string]any{"id": id.ValueString()})
	// After an import by display id, this is where the identity becomes the DON id.
	return raw, m.stateID(), diags
}

// stateReader is a resource whose Read is readState.
type stateReader interface {
	resource.ResourceWithConfigure
	readState(ctx context.Context, state tftypes.Value) (tftypes.Value, types.String, diag.Diagnostics)
}

// readInto is the framework's Read of a stateReader.
func readInto(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, r stateReader) {
	state, id, diags := r.readState(ctx, req.State.Raw)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	// The framework wants an identity even for a removed resource, and
	// there is none yet after an import or on Terraform before 1.12.
	resp.Diagnostics.Append(setIDIdentity(ctx, resp.Identity, id)...)
	if state.IsNull() {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.State.Raw = state
}

// fetchMemo keeps what a read fetched, so that the protocol server can hand
// a read to the framework without asking the API again.
type fetchMemo struct {
	id   string
	obj  any
	err  error
	done bool
}

type fetchMemoKey struct{}

func withFetchMemo(ctx context.Context, memo *fetchMemo) context.Context {
	return context.WithValue(ctx, fetchMemoKey{}, memo)
}

// fetchOnce calls get, unless ctx carries a memo of the same id.
func fetchOnce[T any](ctx context.Context, id string, get func(context.Context, string) (*T, error)) (*T, error) {
	memo, _ := ctx.Value(fetchMemoKey{}).(*fetchMemo)
	if memo == nil {
		return get(ctx, id)
	}
	if memo.done && memo.id == id {
		obj, _ := memo.obj.(*T)
		return obj, memo.err
	}
	obj, err := get(ctx, id)
	*memo = fetchMemo{id: id, obj: obj, err: err, done: true}
	return obj, err
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

// computedString is a string attribute the API sets and no update changes,
// so a plan keeps its prior value instead of showing it unknown.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}
