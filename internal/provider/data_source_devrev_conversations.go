package provider

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ datasource.DataSource              = (*devrevConversationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*devrevConversationsDataSource)(nil)
)

// NewDevRevConversationsDataSource returns the chatops_devrev_conversations data source.
func NewDevRevConversationsDataSource() datasource.DataSource {
	return &devrevConversationsDataSource{devrevDataSourceBase{typeName: "devrev_conversations"}}
}

type devrevConversationsDataSource struct{ devrevDataSourceBase }
type devrevConversationsModel struct {
	devrevConversationFilterModel
	Cursor  *string     `tfsdk:"cursor"`
	Mode    *string     `tfsdk:"mode"`
	Limit   types.Int64 `tfsdk:"limit"`
	IDsOnly types.Bool  `tfsdk:"ids_only"`

	// Conversations is nil (null) with ids_only.
	Conversations []devrevConvOutputModel `tfsdk:"conversations"`
	IDs           []string                `tfsdk:"ids"`
	NextCursor    types.String            `tfsdk:"next_cursor"`
	PrevCursor    types.String            `tfsdk:"prev_cursor"`
}

func (d *devrevConversationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = devrevConversationsSchema()
}

// devrevConversationsSchema is built once: every read decodes its
// configuration with it.
var devrevConversationsSchema = sync.OnceValue(func() schema.Schema {
	attrs := dataSourceFilterAttributes(devrevConvFilters())
	attrs["cursor"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Where to start: a `next_cursor` (with `mode = \"after\"`) or `prev_cursor` (with `mode = \"before\"`) " +
			"of an earlier read. Unset: from the beginning (`after`) or the end (`before`).",
		Validators: []validator.String{framework.NotBlank()},
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
	attrs["ids_only"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "When `true`, only `ids` is filled and `conversations` is null, so that Terraform handles one " +
			"string per conversation instead of an object of 16 attributes: that is most of the time a plan reading " +
			"thousands of conversations takes. Unset or `false`: both are filled.",
	}
	attrs["conversations"] = devrevConvOutputAttribute("The matching conversations, in the API's order (reversed in `before` mode); " +
		"null with `ids_only = true`.")
	attrs["ids"] = schema.ListAttribute{
		ElementType:         types.StringType,
		Computed:            true,
		MarkdownDescription: "The ids of the matching conversations, in the order of `conversations`.",
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

// Read is the framework's path: the protocol server serves Terraform's
// reads with readMsgpack, and falls back to this one.
func (d *devrevConversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m devrevConversationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	idsOnly := m.IDsOnly.ValueBool()
	if !idsOnly {
		m.Conversations = []devrevConvOutputModel{}
	}
	m.IDs = []string{}
	span, diags := d.list(ctx, &m, func(c *client.DevRevConversation) {
		if !idsOnly {
			m.Conversations = append(m.Conversations, devrevConvOutput(c))
		}
		m.IDs = append(m.IDs, c.ID)
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.NextCursor, m.PrevCursor = framework.StringOrNull(span.NextCursor), framework.StringOrNull(span.PrevCursor)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// list lists the conversations m asks for and hands each to each as its page
// arrives, so that a read holds one page of decoded conversations at a time.
func (d *devrevConversationsDataSource) list(ctx context.Context, m *devrevConversationsModel, each func(*client.DevRevConversation)) (client.DevRevConversationsSpan, diag.Diagnostics) {
	var diags diag.Diagnostics
	listReq := m.listRequest(time.Now())
	listReq.Cursor, listReq.Mode = m.Cursor, m.Mode
	limit := 0
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	tflog.Debug(ctx, "Listing DevRev conversations", map[string]any{"limit": limit, "mode": cmp.Or(ptrString(m.Mode), client.DevRevListModeAfter)})
	var span client.DevRevConversationsSpan
	count := 0
	for c, err := range d.client.Conversations.ListIter(ctx, *listReq, limit, &span) {
		if err != nil {
			diags.AddError("Unable to Read DevRev Conversations",
				apiErrorDetail("listing DevRev conversations (conversations.list)", err, convListHint(err)))
			return span, diags
		}
		each(&c)
		count++
	}
	tflog.Trace(ctx, "Read DevRev conversations", map[string]any{"count": count, "pages": span.Pages})
	return span, diags
}

// readMsgpack is Read written as msgpack (devrev_conversation_msgpack.go)
// for the protocol server, which calls it only when devrevConvMsgpack is not
// nil: the state is the configuration with the four computed attributes
// written in.
func (d *devrevConversationsDataSource) readMsgpack(ctx context.Context, w *convMsgpack, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	var m devrevConversationsModel
	diags.Append(tfsdk.Config{Raw: config, Schema: devrevConversationsSchema()}.Get(ctx, &m)...)
	if diags.HasError() {
		return nil, diags
	}
	idsOnly := m.IDsOnly.ValueBool()
	var convs, ids msgpack
	count := 0
	span, more := d.list(ctx, &m, func(c *client.DevRevConversation) {
		if !idsOnly {
			w.conversation.write(&convs, c)
		}
		ids.str(c.ID)
		count++
	})
	diags.Append(more...)
	if diags.HasError() {
		return nil, diags
	}

	typ, ok := config.Type().(tftypes.Object)
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); !ok || err != nil {
		diags.AddError("Unable to Read DevRev Conversations", fmt.Sprintf("Reading the configuration: %v", err))
		return nil, diags
	}
	out := make(msgpack, 0, 1024+len(convs)+len(ids))
	names := slices.Sorted(maps.Keys(typ.AttributeTypes))
	out.mapHeader(len(names))
	for _, name := range names {
		out.str(name)
		switch name {
		case "conversations":
			if idsOnly {
				out.null()
				continue
			}
			out.array(count)
			out = append(out, convs...)
		case "ids":
			out.array(count)
			out = append(out, ids...)
		case "next_cursor":
			out.optStr(span.NextCursor)
		case "prev_cursor":
			out.optStr(span.PrevCursor)
		default:
			if err := out.value(typ.AttributeTypes[name], attrs[name]); err != nil {
				diags.AddError("Unable to Read DevRev Conversations", fmt.Sprintf("Writing %s: %v", name, err))
				return nil, diags
			}
		}
	}
	return out, diags
}

func convListHint(err error) string {
	if client.IsBadRequest(err) {
		return "The API refused a filter: check the attribute its message names."
	}
	return ""
}
