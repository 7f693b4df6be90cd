package provider

import (
	"context"
	"iter"
	"math"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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

// listObjects is the List of every chatops list resource. It reads the list
// block's filters into a model F and asks objects for the matching objects,
// at most limit of them (0: all); objects may refuse the filters in diags,
// which ends the list before any request. The objects are streamed as result
// makes them: pages are fetched as Terraform consumes the results, and none
// once it wants no more. A page that fails ends the stream with an error
// saying what was being done (doing) and what to try (hint, may be nil).
// what names the objects, as in "DevRev conversations".
func listObjects[F, T any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, what, doing string, hint func(error) string,
	objects func(filters *F, limit int, diags *diag.Diagnostics) iter.Seq2[T, error], result func(*T) list.ListResult,
) {
	var filters F
	diags := req.Config.Get(ctx, &filters)
	limit := int(min(max(req.Limit, 0), math.MaxInt32))
	found := objects(&filters, limit, &diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := 0
		for obj, err := range found {
			if err != nil {
				advice := ""
				if hint != nil {
					advice = hint(err)
				}
				var d diag.Diagnostics
				d.AddError("Unable to List "+titleCase(what), apiErrorDetail(doing, err, advice))
				push(list.ListResult{Diagnostics: d})
				return
			}
			pushed++
			if !push(result(&obj)) {
				break
			}
		}
		tflog.Trace(ctx, "Listed "+what, map[string]any{"results": pushed, "limit": limit})
	}
}
