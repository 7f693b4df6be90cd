package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ datasource.DataSource              = (*devrevChatDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*devrevChatDataSource)(nil)
)

// NewDevRevChatDataSource returns the chatops_devrev_chat data source.
func NewDevRevChatDataSource() datasource.DataSource {
	return &devrevChatDataSource{devrevDataSourceBase{typeName: "devrev_chat"}}
}

type devrevChatDataSource struct{ devrevDataSourceBase }

// devrevChatDataSourceModel is what chats.get returns of a chat: the
// resource's attributes less those DevRev keeps without returning them.
type devrevChatDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	DONID        types.String `tfsdk:"don_id"`
	DisplayID    types.String `tfsdk:"display_id"`
	Type         types.String `tfsdk:"type"`
	Users        types.Set    `tfsdk:"users"`
	Title        types.String `tfsdk:"title"`
	CreatedDate  types.String `tfsdk:"created_date"`
	ModifiedDate types.String `tfsdk:"modified_date"`
	CreatedBy    types.String `tfsdk:"created_by"`
	Groups       types.Set    `tfsdk:"groups"`
}

func (d *devrevChatDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one DevRev chat (DM) with `chats.get`, by its DON id or display id.\n\n" +
			"It has what `chats.get` returns (DevRev's `dm` object): not the DM's records, whether it is the default DM, " +
			"or its custom fields, which DevRev keeps but does not return.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The chat to read: its DON id (`don:core:dvrv-us-1:devo/0:dm/1`) or display id (`DM-1`). " +
					"It keeps the form written; `don_id` and `display_id` have both forms.",
				Required:   true,
				Validators: []validator.String{framework.NotBlank()},
			},
			"don_id": schema.StringAttribute{
				MarkdownDescription: "The chat's DON id, such as `don:core:dvrv-us-1:devo/0:dm/1`, whichever form `id` is written in.",
				Computed:            true,
			},
			"display_id": schema.StringAttribute{
				MarkdownDescription: "The chat's human-readable id, e.g. `DM-1`.",
				Computed:            true,
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The chat type; always `dm`.",
				Computed:            true,
			},
			"users": schema.SetAttribute{
				MarkdownDescription: "The DON ids of the DM's users.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"title": schema.StringAttribute{
				MarkdownDescription: "The chat's title; null when it has none.",
				Computed:            true,
			},
			"created_date": schema.StringAttribute{
				MarkdownDescription: "When the chat was created (RFC 3339).",
				Computed:            true,
			},
			"modified_date": schema.StringAttribute{
				MarkdownDescription: "When the chat was last modified (RFC 3339).",
				Computed:            true,
			},
			"created_by": schema.StringAttribute{
				MarkdownDescription: "The DON id of the user who created the chat.",
				Computed:            true,
			},
			"groups": schema.SetAttribute{
				MarkdownDescription: "Ids of the groups the chat belongs to.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

// Read fills the data source's attributes as the resource reads them from
// chats.get.
func (d *devrevChatDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := strings.TrimSpace(cfg.ValueString())
	tflog.Debug(ctx, "Reading DevRev chat", map[string]any{"id": id})
	chat, err := d.client.Chats.Get(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read DevRev Chat", apiErrorDetail(fmt.Sprintf("reading DevRev chat %s", id), err,
			"Check that the id is the chat's DON id or display id (DM-1) and that the token may read it."))
		return
	}
	// A data source keeps the arguments it was given: id stays as written
	// (a display id read during apply would otherwise plan a change of every
	// value built from it), and don_id has the DON id. With no prior users,
	// the users are DON ids.
	var m devrevChatModel
	resp.Diagnostics.Append(m.fromAPI(ctx, chat, &devrevChatModel{})...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &devrevChatDataSourceModel{
		ID: cfg, DONID: m.ID, DisplayID: m.DisplayID, Type: m.Type, Users: m.Users, Title: m.Title,
		CreatedDate: m.CreatedDate, ModifiedDate: m.ModifiedDate, CreatedBy: m.CreatedBy, Groups: m.Groups,
	})...)
}
