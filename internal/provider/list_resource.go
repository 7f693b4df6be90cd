package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// listResult is one listed object: its identity, a display name, and, when
// asked for, exactly what importing it would put in state: the import's
// state (imported) into a resource model M, which fill completes from the
// object the list already read, so no request is made per result.
func listResult[M any](ctx context.Context, req list.ListRequest, id, name string,
	imported func(context.Context, *tfsdk.State) diag.Diagnostics, fill func(*M) diag.Diagnostics) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = name
	res.Diagnostics.Append(setIDIdentity(ctx, res.Identity, types.StringValue(id))...)
	if !req.IncludeResource {
		return res
	}
	state := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil)}
	res.Diagnostics.Append(imported(ctx, &state)...)
	var m M
	if res.Diagnostics.Append(state.Get(ctx, &m)...); res.Diagnostics.HasError() {
		return res
	}
	res.Diagnostics.Append(fill(&m)...)
	res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
	return res
}
