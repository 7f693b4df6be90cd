package provider

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ list.ListResource              = (*helpcrunchChatListResource)(nil)
	_ list.ListResourceWithConfigure = (*helpcrunchChatListResource)(nil)
)

// NewHelpCrunchChatListResource returns the chatops_helpcrunch_chat list
// resource, which `terraform query` uses to find chats to import.
func NewHelpCrunchChatListResource() list.ListResource {
	return &helpcrunchChatListResource{helpcrunchResourceBase{typeName: "helpcrunch_chat"}}
}

type helpcrunchChatListResource struct{ helpcrunchResourceBase }

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
	listObjects(ctx, req, stream, "HelpCrunch chats", "searching HelpCrunch chats (POST /chats/search)", nil,
		func(filters *helpcrunchChatFilterModel, limit int, diags *diag.Diagnostics) iter.Seq2[client.HelpCrunchChat, error] {
			search := filters.searchRequest(helpcrunchDefaultSort, helpcrunchDefaultOrder, diags)
			return filters.search(ctx, r.client.Chats, search, limit, nil)
		},
		func(chat *client.HelpCrunchChat) list.ListResult { return r.result(ctx, req, chat) })
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
