package provider

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ datasource.DataSource                   = (*helpcrunchChatsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*helpcrunchChatsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*helpcrunchChatsDataSource)(nil)
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
func NewHelpCrunchChatsDataSource() datasource.DataSource { return &helpcrunchChatsDataSource{} }

type helpcrunchChatsDataSource struct{ helpcrunchDataSourceBase }

type helpcrunchChatsModel struct {
	Status        types.String `tfsdk:"status"`
	Customer      wholeNumber  `tfsdk:"customer"`
	Assignee      wholeNumber  `tfsdk:"assignee"`
	Department    wholeNumber  `tfsdk:"department"`
	Application   wholeNumber  `tfsdk:"application"`
	CreatedAfter  types.String `tfsdk:"created_after"`
	CreatedBefore types.String `tfsdk:"created_before"`
	Sort          types.String `tfsdk:"sort"`
	Order         types.String `tfsdk:"order"`
	Limit         wholeNumber  `tfsdk:"limit"`
	Total         types.Int64  `tfsdk:"total"`
	Chats         types.List   `tfsdk:"chats"`
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

func helpcrunchChatsItemAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id":              types.StringType,
		"customer":        types.Int64Type,
		"customer_name":   types.StringType,
		"customer_email":  types.StringType,
		"application":     types.Int64Type,
		"assignee":        types.Int64Type,
		"department":      types.Int64Type,
		"status":          types.StringType,
		"created_at":      types.StringType,
		"closed_at":       types.StringType,
		"last_message_at": types.StringType,
		"closed_by":       types.StringType,
		"rating":          types.StringType,
	}
}

func (d *helpcrunchChatsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_chats"
}

func (d *helpcrunchChatsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	idFilter := func(what, how string) schema.NumberAttribute {
		return schema.NumberAttribute{
			CustomType:          wholeNumberType{},
			MarkdownDescription: "Only chats " + what + " (an id: a whole number, at least 1). " + how + " Unset: no filter.",
			Optional:            true,
			Validators:          []validator.Number{wholeNumberAtLeast(1)},
		}
	}
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	computedInt := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds HelpCrunch chats with POST /chats/search. Every filter set must match (AND). " +
			"HelpCrunch documents no search on the application, so `application` is applied by the provider to the " +
			"results of the search of the other filters. Pages are fetched automatically by offset, 100 chats at a time " +
			"(the largest page HelpCrunch documents), and paging stops as soon as `limit` matching chats are found.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only chats with this status: one of " + helpcrunchStatusList(client.HelpCrunchStatuses) +
					". The spellings of \"on hold\" (`on hold`, `onhold`, `on-hold`) all find the same chats; it is sent as `onhold`, " +
					"the spelling of HelpCrunch's chat model. Unset: no filter.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.HelpCrunchStatuses...)},
			},
			"customer":   idFilter("of this customer", "Sent to HelpCrunch as a `chats.customer` filter."),
			"assignee":   idFilter("assigned to this agent", "Sent to HelpCrunch as a `chats.assignee` filter."),
			"department": idFilter("in this department", "Sent to HelpCrunch as a `chats.department` filter."),
			"application": idFilter("that came through this application",
				"HelpCrunch cannot search by application, so the provider keeps, from the chats the other filters find, "+
					"those whose `applicationId` is this one (a chat whose answer leaves `applicationId` out is left out). "+
					"Every chat the other filters match may be read to find them."),
			"created_after": schema.StringAttribute{
				MarkdownDescription: "Only chats created at or after this moment, RFC 3339 (e.g. `2024-01-31T09:00:00Z`). Sent to HelpCrunch as Unix seconds. Unset: no filter.",
				Optional:            true,
				Validators:          []validator.String{helpcrunchTimeValidator{}},
			},
			"created_before": schema.StringAttribute{
				MarkdownDescription: "Only chats created at or before this moment, RFC 3339. Sent to HelpCrunch as Unix seconds. Unset: no filter.",
				Optional:            true,
				Validators:          []validator.String{helpcrunchTimeValidator{}},
			},
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
				CustomType:          wholeNumberType{},
				MarkdownDescription: "Most chats to return: a whole number, at least 1. It counts chats that match every filter, `application` included. Unset: every matching chat.",
				Optional:            true,
				Validators:          []validator.Number{wholeNumberAtLeast(1)},
			},
			"total": computedInt("Number of chats HelpCrunch reports for the search it was sent; may exceed the number returned when `limit` is set. " +
				"The `application` filter is applied afterwards by the provider, so with `application` set this counts the chats of every application that match the other filters."),
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
						"closed_by":       computedString("Who closed the chat, `customer` or `agent`; null while open."),
						"rating":          computedString("The customer's rating of the chat; null when not rated."),
					},
				},
			},
		},
	}
}

// ValidateConfig checks that created_after is not later than created_before.
func (d *helpcrunchChatsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg helpcrunchChatsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !hcKnown(cfg.CreatedAfter) || !hcKnown(cfg.CreatedBefore) {
		return
	}
	after, err1 := time.Parse(time.RFC3339, cfg.CreatedAfter.ValueString())
	before, err2 := time.Parse(time.RFC3339, cfg.CreatedBefore.ValueString())
	if err1 == nil && err2 == nil && after.After(before) {
		resp.Diagnostics.AddAttributeError(path.Root("created_after"), "Empty Time Range",
			fmt.Sprintf("created_after (%s) is later than created_before (%s), so no chat could match.", cfg.CreatedAfter.ValueString(), cfg.CreatedBefore.ValueString()))
	}
}

func (d *helpcrunchChatsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg helpcrunchChatsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !hcKnown(cfg.Sort) {
		cfg.Sort = types.StringValue(helpcrunchDefaultSort)
	}
	if !hcKnown(cfg.Order) {
		cfg.Order = types.StringValue(helpcrunchDefaultOrder)
	}
	search := client.HelpCrunchSearchRequest{Comparison: "AND", Sort: cfg.Sort.ValueString(), Order: cfg.Order.ValueString()}
	search.Filter = cfg.filters(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	maxChats := 0
	if !cfg.Limit.IsNull() {
		maxChats = int(min(cfg.Limit.ValueInt64(), math.MaxInt32))
	}
	application := cfg.Application.ValueInt64Pointer()

	tflog.Debug(ctx, "Searching HelpCrunch chats", map[string]any{"filters": len(search.Filter), "limit": maxChats, "application": application})
	total := 0
	items := []helpcrunchChatsItem{}
	// Without the application filter every chat found is kept, so pages
	// need ask for no more than limit still needs.
	pageWant := maxChats
	if application != nil {
		pageWant = 0
	}
	for chat, err := range d.client.Chats.SearchIter(ctx, search, pageWant, &total) {
		if err != nil {
			resp.Diagnostics.AddError("Unable to Search HelpCrunch Chats", apiErrorDetail("searching HelpCrunch chats (POST /chats/search)", err, ""))
			return
		}
		if application != nil && (chat.ApplicationID == nil || *chat.ApplicationID != *application) {
			continue
		}
		items = append(items, helpcrunchChatsItemFromAPI(&chat))
		if maxChats > 0 && len(items) >= maxChats {
			break
		}
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: helpcrunchChatsItemAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	cfg.Chats = list
	cfg.Total = types.Int64Value(int64(total))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
	tflog.Trace(ctx, "Searched HelpCrunch chats", map[string]any{"returned": len(items), "total": total})
}

// filters turns the configured filters into the search's filter list. The
// search needs at least one, so without any it asks for every chat created
// since the epoch.
func (m *helpcrunchChatsModel) filters(diags *diag.Diagnostics) []client.HelpCrunchSearchFilter {
	var out []client.HelpCrunchSearchFilter
	if hcKnown(m.Status) {
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.status", Operator: "=", Value: client.HelpCrunchSearchStatus(m.Status.ValueString())})
	}
	for _, f := range []struct {
		field string
		value wholeNumber
	}{
		{"chats.customer", m.Customer},
		{"chats.assignee", m.Assignee},
		{"chats.department", m.Department},
	} {
		if !f.value.IsNull() && !f.value.IsUnknown() {
			out = append(out, client.HelpCrunchSearchFilter{Field: f.field, Operator: "=", Value: f.value.ValueInt64()})
		}
	}
	if hcKnown(m.CreatedAfter) {
		t, err := time.Parse(time.RFC3339, m.CreatedAfter.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("created_after"), "Invalid Time", err.Error())
			return nil
		}
		// Timestamps are whole seconds: "at or after 10.5" is ">= 11".
		secs := t.Unix()
		if t.Nanosecond() > 0 {
			secs++
		}
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: ">=", Value: secs})
	}
	if hcKnown(m.CreatedBefore) {
		t, err := time.Parse(time.RFC3339, m.CreatedBefore.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("created_before"), "Invalid Time", err.Error())
			return nil
		}
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: "<=", Value: t.Unix()})
	}
	if len(out) == 0 {
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: ">=", Value: 0})
	}
	return out
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
		CreatedAt:     hcTimeValue(c.CreatedAt),
		ClosedAt:      hcTimeValue(c.ClosedAt),
		LastMessageAt: hcTimeValue(c.LastMessageAt),
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

// helpcrunchTimeValidator accepts an RFC 3339 time, such as
// 2024-01-31T09:00:00Z.
type helpcrunchTimeValidator struct{}

func (helpcrunchTimeValidator) Description(context.Context) string {
	return "must be an RFC 3339 time such as 2024-01-31T09:00:00Z"
}

func (v helpcrunchTimeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (helpcrunchTimeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Time",
			fmt.Sprintf("%q is not an RFC 3339 time such as 2024-01-31T09:00:00Z.", req.ConfigValue.ValueString()))
	}
}
