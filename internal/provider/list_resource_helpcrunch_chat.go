package provider

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ list.ListResource              = (*helpcrunchChatListResource)(nil)
	_ list.ListResourceWithConfigure = (*helpcrunchChatListResource)(nil)
)

// NewHelpCrunchChatListResource returns the chatops_helpcrunch_chat list
// resource, which `terraform query` uses to find chats to import.
func NewHelpCrunchChatListResource() list.ListResource { return &helpcrunchChatListResource{} }

type helpcrunchChatListResource struct{ helpcrunchResourceBase }

func (r *helpcrunchChatListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_chat"
}

func (r *helpcrunchChatListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds HelpCrunch chats for `terraform query`, newest first, with the filters of the " +
			"`chatops_helpcrunch_chats` data source (POST /chats/search; every filter set must match). Pages of up to 100 " +
			"chats are fetched as results are consumed, and none after the list block's `limit` is reached (each page asks " +
			"for no more chats than are still wanted, unless `application` is set: HelpCrunch cannot search by application, " +
			"so the provider filters whole pages). Each result has the chat's identity and, with `include_resource = true`, " +
			"the attributes an import of the chat would give, so `terraform query -generate-config-out` writes configuration " +
			"that plans as an import with no changes. Listing makes no change in HelpCrunch.",
		Attributes: listFilterAttributes(helpcrunchChatFilters()),
	}
}

func (r *helpcrunchChatListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filters helpcrunchChatFilterModel
	diags := req.Config.Get(ctx, &filters)
	search := filters.searchRequest(helpcrunchDefaultSort, helpcrunchDefaultOrder, &diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	limit := int(min(max(req.Limit, 0), math.MaxInt32))
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := 0
		for chat, err := range filters.search(ctx, r.client.Chats, search, limit, nil) {
			if err != nil {
				var d diag.Diagnostics
				d.AddError("Unable to List HelpCrunch Chats", apiErrorDetail("searching HelpCrunch chats (POST /chats/search)", err, ""))
				push(list.ListResult{Diagnostics: d})
				return
			}
			pushed++
			if !push(r.result(ctx, req, &chat)) {
				break
			}
		}
		tflog.Trace(ctx, "Listed HelpCrunch chats", map[string]any{"results": pushed, "limit": limit})
	}
}

// result is one listed chat (see listResult), named by its id and customer.
func (r *helpcrunchChatListResource) result(ctx context.Context, req list.ListRequest, chat *client.HelpCrunchChat) list.ListResult {
	name := fmt.Sprintf("chat %d", chat.ID)
	if chat.Customer != nil {
		name += fmt.Sprintf(" (customer %d)", chat.Customer.ID)
	}
	return listResult(ctx, req, strconv.FormatInt(chat.ID, 10), name,
		func(ctx context.Context, s *tfsdk.State) diag.Diagnostics {
			return helpcrunchChatImportedState(ctx, s, chat.ID)
		},
		func(m *helpcrunchChatModel) diag.Diagnostics { m.readFrom(chat); return nil })
}
