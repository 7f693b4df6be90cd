package provider

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ list.ListResource              = (*devrevConversationListResource)(nil)
	_ list.ListResourceWithConfigure = (*devrevConversationListResource)(nil)
)

// NewDevRevConversationListResource returns the chatops_devrev_conversation
// list resource, which `terraform query` uses to find conversations to import.
func NewDevRevConversationListResource() list.ListResource {
	return &devrevConversationListResource{devrevResourceBase{typeName: "devrev_conversation"}}
}

type devrevConversationListResource struct{ devrevResourceBase }

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
	listObjects(ctx, req, stream, "DevRev conversations", "listing DevRev conversations (conversations.list)", convListHint,
		func(filters *devrevConversationFilterModel, limit int, _ *diag.Diagnostics) iter.Seq2[client.DevRevConversation, error] {
			return r.client.Conversations.ListIter(ctx, *filters.listRequest(time.Now()), limit, nil)
		},
		func(conv *client.DevRevConversation) list.ListResult { return r.result(ctx, req, conv) })
}

// result is one listed conversation (see listResult), named by its title
// and display id.
func (r *devrevConversationListResource) result(ctx context.Context, req list.ListRequest, conv *client.DevRevConversation) list.ListResult {
	name := cmp.Or(conv.DisplayID, conv.ID)
	if conv.Title != "" {
		name = fmt.Sprintf("%s (%s)", conv.Title, name)
	}
	return listResult(ctx, req, conv.ID, name,
		func(ctx context.Context, s *tfsdk.State) diag.Diagnostics {
			return devrevConversationImportedState(ctx, s, conv.ID)
		},
		func(m *devrevConversationModel) diag.Diagnostics { return m.readFrom(ctx, conv) })
}
