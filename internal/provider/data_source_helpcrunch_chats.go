package provider

import (
	"context"
	"math"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ datasource.DataSource              = (*helpcrunchChatsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*helpcrunchChatsDataSource)(nil)
)

// Sort fields and orders the chats data source takes, as the spec lists them.
var (
	helpcrunchSortFields = []string{"chats.createdAt", "chats.lastCustomerMessageAt", "chats.lastMessageAt", "chats.closedAt"}
	helpcrunchOrders     = []string{"asc", "desc"}
)

const (
	helpcrunchDefaultSort  = "chats.createdAt"
	helpcrunchDefaultOrder = "desc"
)

// NewHelpCrunchChatsDataSource returns the chatops_helpcrunch_chats data source.
func NewHelpCrunchChatsDataSource() datasource.DataSource {
	return &helpcrunchChatsDataSource{helpcrunchDataSourceBase{typeName: "helpcrunch_chats"}}
}

type helpcrunchChatsDataSource struct{ helpcrunchDataSourceBase }

type helpcrunchChatsModel struct {
	helpcrunchChatFilterModel
	Sort  types.String          `tfsdk:"sort"`
	Order types.String          `tfsdk:"order"`
	Limit framework.WholeNumber `tfsdk:"limit"`
	Total types.Int64           `tfsdk:"total"`
	// A slice, not a types.List: the framework converts it by the schema.
	Chats []helpcrunchChatsItem `tfsdk:"chats"`
}

// helpcrunchChatsItem is one element of the chats output.
type helpcrunchChatsItem struct {
	ID            types.String `tfsdk:"id"`
	Customer      types.Int64  `tfsdk:"customer"`
	CustomerName  types.String `tfsdk:"customer_name"`
	CustomerEmail types.String `tfsdk:"customer_email"`
	Application   types.Int64  `tfsdk:"application"`
	Assignee      types.Int64  `tfsdk:"assignee"`
	Department    types.Int64  `tfsdk:"department"`
	Status        types.String `tfsdk:"status"`
	CreatedAt     types.String `tfsdk:"created_at"`
	ClosedAt      types.String `tfsdk:"closed_at"`
	LastMessageAt types.String `tfsdk:"last_message_at"`
	ClosedBy      types.String `tfsdk:"closed_by"`
	Rating        types.String `tfsdk:"rating"`
}

func (d *helpcrunchChatsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	computedInt := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := dataSourceFilterAttributes(helpcrunchChatFilters())
	for name, a := range map[string]schema.Attribute{
		"sort": schema.StringAttribute{
			MarkdownDescription: "Field the chats are ordered by: one of " + helpcrunchStatusList(helpcrunchSortFields) +
				". Defaults to `" + helpcrunchDefaultSort + "`.",
			Optional:   true,
			Computed:   true,
			Validators: []validator.String{stringvalidator.OneOf(helpcrunchSortFields...)},
		},
		"order": schema.StringAttribute{
			MarkdownDescription: "Sort direction, `asc` or `desc`. Defaults to `" + helpcrunchDefaultOrder + "` (newest first).",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(helpcrunchOrders...)},
		},
		"limit": schema.NumberAttribute{
			CustomType:          framework.WholeNumberType{},
			MarkdownDescription: "Most chats to return: a whole number, at least 1. It counts chats that match every filter, `application` included. Unset: every matching chat.",
			Optional:            true,
			Validators:          []validator.Number{framework.PositiveWholeNumber()},
		},
		"total": computedInt("Number of chats HelpCrunch reports for the search it was sent; may exceed the number returned when `limit` is set. " +
			"The `application` filter is applied afterwards by the provider, so with `application` set this counts the chats of every application that match the other filters. " +
			"Null when HelpCrunch's answer gives no total (its docs show one, but do not promise it); the chats are read all the same."),
		"chats": schema.ListNestedAttribute{
			MarkdownDescription: "The matching chats, in the requested order.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"id":              computedString("Numeric chat id, as a string (what `chatops_helpcrunch_chat` imports)."),
					"customer":        computedInt("Id of the chat's customer."),
					"customer_name":   computedString("Name of the chat's customer; null when HelpCrunch has none."),
					"customer_email":  computedString("Email of the chat's customer; null when HelpCrunch has none."),
					"application":     computedInt("Id of the application the chat came through; null when HelpCrunch does not say."),
					"assignee":        computedInt("Id of the agent the chat is assigned to; null when unassigned."),
					"department":      computedInt("Id of the chat's department; null when it has none."),
					"status":          computedString("Status of the chat, \"on hold\" always spelled `on hold`."),
					"created_at":      computedString("When the chat was created, RFC 3339 in UTC."),
					"closed_at":       computedString("When the chat was closed, RFC 3339 in UTC; null while open."),
					"last_message_at": computedString("When the last message was posted, RFC 3339 in UTC; null without messages."),
					"closed_by":       computedString("Who closed the chat, `customer` or `agent` (a number, should HelpCrunch answer one, as its text); null while open."),
					"rating":          computedString("The customer's rating of the chat (a number, should HelpCrunch answer one, as its text); null when not rated."),
				},
			},
		},
	} {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds HelpCrunch chats with POST /chats/search. Every filter set must match (AND). " +
			"HelpCrunch documents no search on the application, so `application` is applied by the provider to the " +
			"results of the search of the other filters. Pages are fetched automatically by offset, 100 chats at a time " +
			"(the largest page HelpCrunch documents), and paging stops as soon as `limit` matching chats are found.",
		Attributes: attrs,
	}
}

func (d *helpcrunchChatsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg helpcrunchChatsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !framework.Known(cfg.Sort) {
		cfg.Sort = types.StringValue(helpcrunchDefaultSort)
	}
	if !framework.Known(cfg.Order) {
		cfg.Order = types.StringValue(helpcrunchDefaultOrder)
	}
	search := cfg.searchRequest(cfg.Sort.ValueString(), cfg.Order.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	maxChats := 0
	if !cfg.Limit.IsNull() {
		maxChats = int(min(cfg.Limit.ValueInt64(), math.MaxInt32))
	}
	total := -1 // none said
	cfg.Chats = []helpcrunchChatsItem{}
	for chat, err := range cfg.search(ctx, d.client.Chats, search, maxChats, &total) {
		if err != nil {
			resp.Diagnostics.AddError("Unable to Search HelpCrunch Chats", apiErrorDetail("searching HelpCrunch chats (POST /chats/search)", err, ""))
			return
		}
		cfg.Chats = append(cfg.Chats, helpcrunchChatsItemFromAPI(&chat))
	}
	cfg.Total = types.Int64Null()
	if total >= 0 {
		cfg.Total = types.Int64Value(int64(total))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
	tflog.Trace(ctx, "Searched HelpCrunch chats", map[string]any{"returned": len(cfg.Chats), "total": total})
}

func helpcrunchChatsItemFromAPI(c *client.HelpCrunchChat) helpcrunchChatsItem {
	item := helpcrunchChatsItem{
		ID:            types.StringValue(strconv.FormatInt(c.ID, 10)),
		Customer:      types.Int64Null(),
		CustomerName:  types.StringNull(),
		CustomerEmail: types.StringNull(),
		Application:   types.Int64PointerValue(c.ApplicationID),
		Assignee:      types.Int64Null(),
		Department:    types.Int64Null(),
		Status:        types.StringValue(client.CanonicalHelpCrunchStatus(c.Status)),
		CreatedAt:     helpcrunchTime(c.CreatedAt),
		ClosedAt:      helpcrunchTime(c.ClosedAt),
		LastMessageAt: helpcrunchTime(c.LastMessageAt),
		ClosedBy:      types.StringPointerValue(c.ClosedBy),
		Rating:        types.StringPointerValue(c.Rating),
	}
	if c.Customer != nil {
		item.Customer = types.Int64Value(c.Customer.ID)
		item.CustomerName = types.StringPointerValue(c.Customer.Name)
		item.CustomerEmail = types.StringPointerValue(c.Customer.Email)
	}
	if c.Assignee != nil {
		item.Assignee = types.Int64Value(c.Assignee.ID)
	}
	if c.Department != nil {
		item.Department = types.Int64Value(c.Department.ID)
	}
	return item
}
