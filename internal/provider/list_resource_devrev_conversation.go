package provider

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ list.ListResource              = (*devrevConversationListResource)(nil)
	_ list.ListResourceWithConfigure = (*devrevConversationListResource)(nil)
)

// NewDevRevConversationListResource returns the chatops_devrev_conversation
// list resource, which `terraform query` uses to find conversations to import.
func NewDevRevConversationListResource() list.ListResource {
	return &devrevConversationListResource{}
}

type devrevConversationListResource struct{ devrevResourceBase }

func (r *devrevConversationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_conversation"
}

func (r *devrevConversationListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds DevRev conversations for `terraform query` with `conversations.list`, in the API's order, " +
			"with every filter of the `chatops_devrev_conversations` data source (there, sets of strings; here, lists of " +
			"distinct strings). Filters left unset are not sent. Pages are fetched as results are consumed, each asking " +
			"for no more conversations than the list block's `limit` still wants (at most 100), and none after it is " +
			"reached. Each result has the conversation's identity (its DON id) and, with `include_resource = true`, the " +
			"attributes an import of the conversation would give, so `terraform query -generate-config-out` writes " +
			"configuration that plans as an import with no changes. Listing makes no change in DevRev. " +
			"DevRev has no API that lists DMs, so `chatops_devrev_chat` has no list resource: import a chat by its id or display id.",
		Attributes: listFilterAttributes(devrevConvFilters()),
	}
}

func (r *devrevConversationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filters devrevConversationFilterModel
	diags := readListFilters(ctx, req.Config, devrevConvFilters(), &filters)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listReq, d := filters.listRequest(ctx, time.Now())
	if diags.Append(d...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	limit := int(min(max(req.Limit, 0), math.MaxInt32))
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := 0
		for conv, err := range convPages(ctx, r.client.Conversations, *listReq, limit) {
			if err != nil {
				var d diag.Diagnostics
				d.AddError("Unable to List DevRev Conversations",
					apiErrorDetail("listing DevRev conversations (conversations.list)", err, convListHint(err)))
				push(list.ListResult{Diagnostics: d})
				return
			}
			pushed++
			if !push(r.result(ctx, req, &conv)) {
				break
			}
		}
		tflog.Trace(ctx, "Listed DevRev conversations", map[string]any{"results": pushed, "limit": limit})
	}
}

// result is one listed conversation: its identity, a display name, and, when
// asked for, exactly what importing the conversation would put in state.
func (r *devrevConversationListResource) result(ctx context.Context, req list.ListRequest, conv *client.DevRevConversation) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = cmp.Or(conv.DisplayID, conv.ID)
	if conv.Title != "" {
		res.DisplayName = fmt.Sprintf("%s (%s)", conv.Title, res.DisplayName)
	}
	res.Diagnostics.Append(setIDIdentity(ctx, res.Identity, types.StringValue(conv.ID))...)
	if !req.IncludeResource {
		return res
	}
	state := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil)}
	res.Diagnostics.Append(devrevConversationImportedState(ctx, &state, conv.ID)...)
	var m devrevConversationModel
	res.Diagnostics.Append(state.Get(ctx, &m)...)
	if res.Diagnostics.HasError() {
		return res
	}
	res.Diagnostics.Append(m.readFrom(ctx, conv)...)
	res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
	return res
}

// convPages yields the conversations of req, page after page in the API's
// order, and stops after limit of them (0: no limit). A page is fetched only
// when the caller ranges past the previous one, and asks for no more than
// limit still wants. The first error is yielded once and ends it.
func convPages(ctx context.Context, convs *client.DevRevConversationsService, req client.DevRevConversationsListRequest, limit int) iter.Seq2[client.DevRevConversation, error] {
	return func(yield func(client.DevRevConversation, error) bool) {
		seen := map[string]bool{}
		yielded := 0
		for page := 1; ; page++ {
			size := client.MaxConversationsPageSize
			if limit > 0 {
				size = min(size, limit-yielded)
			}
			n := int32(size)
			req.Limit = &n
			tflog.Debug(ctx, "Listing DevRev conversations", map[string]any{"page": page, "page_size": size})
			out, err := convs.List(ctx, &req)
			if err != nil {
				yield(client.DevRevConversation{}, fmt.Errorf("reading page %d: %w", page, err))
				return
			}
			for _, c := range out.Conversations {
				if !yield(c, nil) {
					return
				}
				if yielded++; limit > 0 && yielded >= limit {
					return
				}
			}
			next := out.NextCursor
			if next == "" {
				return
			}
			if seen[next] {
				yield(client.DevRevConversation{}, fmt.Errorf("reading page %d: the API returned cursor %q a second time; stopping to avoid an endless loop", page+1, next))
				return
			}
			seen[next] = true
			req.Cursor = &next
		}
	}
}
