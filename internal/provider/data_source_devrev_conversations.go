package provider

import (
	"context"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ datasource.DataSource              = (*devrevConversationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*devrevConversationsDataSource)(nil)
)

// NewDevRevConversationsDataSource returns the chatops_devrev_conversations data source.
func NewDevRevConversationsDataSource() datasource.DataSource {
	return &devrevConversationsDataSource{}
}

type devrevConversationsDataSource struct{ devrevDataSourceBase }
type devrevConversationsModel struct {
	devrevConversationFilterModel
	Cursor *string     `tfsdk:"cursor"`
	Mode   *string     `tfsdk:"mode"`
	Limit  types.Int64 `tfsdk:"limit"`

	Conversations types.List   `tfsdk:"conversations"`
	IDs           types.List   `tfsdk:"ids"`
	NextCursor    types.String `tfsdk:"next_cursor"`
	PrevCursor    types.String `tfsdk:"prev_cursor"`
}

func (d *devrevConversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_conversations"
}

func (d *devrevConversationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceFilterAttributes(devrevConvFilters())
	attrs["cursor"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Where to start: a `next_cursor` (with `mode = \"after\"`) or `prev_cursor` (with `mode = \"before\"`) " +
			"of an earlier read. Unset: from the beginning (`after`) or the end (`before`).",
		Validators: []validator.String{notBlank()},
	}
	attrs["mode"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Which way to read from `cursor`: `after` (the default) reads forward in the API's order; " +
			"`before` reads backward, so `conversations` lists the last conversation first and `limit` keeps the last ones.",
		Validators: []validator.String{stringvalidator.OneOf(devrevConvListModes...)},
	}
	attrs["limit"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "The most conversations to return, at least 1. Unset: every match. Pages are only " +
			"as large as needed, so a small limit costs a single request.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["conversations"] = devrevConvOutputAttribute("The matching conversations, in the API's order (reversed in `before` mode).")
	attrs["ids"] = schema.ListAttribute{
		ElementType:         types.StringType,
		Computed:            true,
		MarkdownDescription: "The ids of `conversations`, in the same order.",
	}
	attrs["next_cursor"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "Reads on after the last conversation in the API's order (use it as `cursor` with `mode = \"after\"`); " +
			"null when none is left.",
	}
	attrs["prev_cursor"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "Reads on before the first conversation in the API's order (use it as `cursor` with `mode = \"before\"`); " +
			"null when none is left.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists DevRev conversations with `conversations.list`, applying every filter of the API, " +
			"and follows the API's cursor page after page (100 conversations a page, the largest the API serves) " +
			"until every match, or `limit` of them, is read. Filters left unset are not sent. " +
			"Reading makes no change in DevRev.",
		Attributes: attrs,
	}
}

func (d *devrevConversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m devrevConversationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	listReq := m.listRequest(time.Now())
	listReq.Cursor, listReq.Mode = m.Cursor, m.Mode
	limit := 0
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}

	mode := client.DevRevListModeAfter
	if m.Mode != nil {
		mode = *m.Mode
	}
	tflog.Debug(ctx, "Listing DevRev conversations", map[string]any{"limit": limit, "mode": mode})
	var span client.DevRevConversationsSpan
	convs, ids := []tftypes.Value{}, []tftypes.Value{}
	for c, err := range d.client.Conversations.ListIter(ctx, *listReq, limit, &span) {
		if err != nil {
			resp.Diagnostics.AddError("Unable to Read DevRev Conversations",
				apiErrorDetail("listing DevRev conversations (conversations.list)", err, convListHint(err)))
			return
		}
		convs = append(convs, convTFValue(&c))
		ids = append(ids, tftypes.NewValue(tftypes.String, c.ID))
	}

	// The state is the configuration with the four computed attributes
	// filled in, built as a Terraform value directly (see convTFValue).
	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		resp.Diagnostics.AddError("Unable to Read DevRev Conversations", "Reading the configuration: "+err.Error())
		return
	}
	// A copy: As hands out the configuration's own map, and the framework
	// compares the state with that configuration afterwards.
	attrs := maps.Clone(config)
	attrs["conversations"] = tftypes.NewValue(convTFList, convs)
	attrs["ids"] = tftypes.NewValue(convTFStrings, ids)
	attrs["next_cursor"] = convTFString(span.NextCursor)
	attrs["prev_cursor"] = convTFString(span.PrevCursor)
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), attrs)
	tflog.Trace(ctx, "Read DevRev conversations", map[string]any{"count": len(convs), "pages": span.Pages})
}

func convListHint(err error) string {
	if client.IsBadRequest(err) {
		return "The API refused a filter: check the attribute its message names."
	}
	return ""
}
