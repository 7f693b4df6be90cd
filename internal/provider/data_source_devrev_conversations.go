package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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
	Limit types.Int64 `tfsdk:"limit"`

	Conversations types.List   `tfsdk:"conversations"`
	IDs           types.List   `tfsdk:"ids"`
	NextCursor    types.String `tfsdk:"next_cursor"`
	PrevCursor    types.String `tfsdk:"prev_cursor"`
}

func (d *devrevConversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_devrev_conversations"
}

func (d *devrevConversationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = devrevConversationsSchema()
}

// devrevConversationsSchema is built once: every read decodes its
// configuration with it.
var devrevConversationsSchema = sync.OnceValue(func() schema.Schema {
	attrs := dataSourceFilterAttributes(devrevConvFilters())
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
	return schema.Schema{
		MarkdownDescription: "Lists DevRev conversations with `conversations.list`, applying every filter of the API, " +
			"and follows the API's cursor page after page (100 conversations a page, the largest the API serves) " +
			"until every match, or `limit` of them, is read. Filters left unset are not sent. " +
			"Reading makes no change in DevRev.",
		Attributes: attrs,
	}
})

// Read serves the framework's path. Terraform's reads come to readMsgpack
// through the protocol server (plan_shortcut.go); this decodes its answer, so
// both paths answer the same.
func (d *devrevConversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, diags := d.readMsgpack(ctx, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	v, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(req.Config.Raw.Type())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read DevRev Conversations", "Decoding the state: "+err.Error())
		return
	}
	resp.State.Raw = v
}

// readMsgpack lists the conversations config asks for and returns the
// state, in msgpack: the configuration with the four computed attributes
// written in (see devrev_conversation_msgpack.go).
func (d *devrevConversationsDataSource) readMsgpack(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	var m devrevConversationsModel
	diags.Append(tfsdk.Config{Raw: config, Schema: devrevConversationsSchema()}.Get(ctx, &m)...)
	if diags.HasError() {
		return nil, diags
	}
	listReq, more := m.listRequest(ctx, time.Now())
	diags.Append(more...)
	if diags.HasError() {
		return nil, diags
	}
	limit := 0
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}

	tflog.Debug(ctx, "Listing DevRev conversations", map[string]any{"limit": limit, "mode": m.Mode.ValueString()})
	res, err := d.client.Conversations.ListAll(ctx, listReq, limit)
	if err != nil {
		diags.AddError("Unable to Read DevRev Conversations",
			apiErrorDetail("listing DevRev conversations (conversations.list)", err, convListHint(err)))
		return nil, diags
	}

	typ, ok := config.Type().(tftypes.Object)
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); !ok || err != nil {
		diags.AddError("Unable to Read DevRev Conversations", fmt.Sprintf("Reading the configuration: %v", err))
		return nil, diags
	}
	convs := res.Conversations
	out := make(msgpack, 0, 1024+len(convs)*640)
	for _, name := range out.object(attributeNames(typ)) {
		out.str(name)
		switch name {
		case "conversations":
			out.array(len(convs))
			for i := range convs {
				out.conversation(&convs[i])
			}
		case "ids":
			out.array(len(convs))
			for i := range convs {
				out.str(convs[i].ID)
			}
		case "next_cursor":
			out.optStr(res.NextCursor)
		case "prev_cursor":
			out.optStr(res.PrevCursor)
		default:
			if err := out.value(typ.AttributeTypes[name], attrs[name]); err != nil {
				diags.AddError("Unable to Read DevRev Conversations", fmt.Sprintf("Writing %s: %v", name, err))
				return nil, diags
			}
		}
	}
	tflog.Trace(ctx, "Read DevRev conversations", map[string]any{"count": len(convs), "pages": res.Pages, "bytes": len(out)})
	return out, diags
}

func convListHint(err error) string {
	if client.IsUnauthorized(err) {
		return ""
	}
	if strings.Contains(err.Error(), "HTTP 400") {
		return "The API refused a filter: check the attribute its message names."
	}
	return ""
}
