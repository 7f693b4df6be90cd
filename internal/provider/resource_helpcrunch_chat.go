package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

var (
	_ resource.Resource                   = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithConfigure      = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithImportState    = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithValidateConfig = (*helpcrunchChatResource)(nil)
)

// helpcrunchDefaultTimeout bounds each operation without a timeouts block.
const helpcrunchDefaultTimeout = 10 * time.Minute

// On-destroy behaviours of chatops_helpcrunch_chat.
const (
	helpcrunchOnDestroyClose = "close"
	helpcrunchOnDestroyKeep  = "keep"
)

// NewHelpCrunchChatResource returns the chatops_helpcrunch_chat resource.
func NewHelpCrunchChatResource() resource.Resource { return &helpcrunchChatResource{} }

type helpcrunchChatResource struct{ helpcrunchResourceBase }

type helpcrunchChatModel struct {
	ID            types.String   `tfsdk:"id"`
	Customer      types.Int64    `tfsdk:"customer"`
	Application   types.Int64    `tfsdk:"application"`
	Assignee      types.Int64    `tfsdk:"assignee"`
	Department    types.Int64    `tfsdk:"department"`
	Status        types.String   `tfsdk:"status"`
	OnDestroy     types.String   `tfsdk:"on_destroy"`
	CreatedAt     types.String   `tfsdk:"created_at"`
	ClosedAt      types.String   `tfsdk:"closed_at"`
	LastMessageAt types.String   `tfsdk:"last_message_at"`
	ClosedBy      types.String   `tfsdk:"closed_by"`
	Rating        types.String   `tfsdk:"rating"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *helpcrunchChatResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_helpcrunch_chat"
}

// helpcrunchStatusList renders statuses for descriptions: `a`, `b`, `c`.
func helpcrunchStatusList(statuses []string) string {
	quoted := make([]string, len(statuses))
	for i, s := range statuses {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

func (r *helpcrunchChatResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A HelpCrunch chat: a conversation opened for one customer through one application " +
			"(POST /chats). Assignee, department and status are changed in place, each with its own call and only when " +
			"it changed. HelpCrunch has no API to delete a chat: destroying closes it (or, with `on_destroy = \"keep\"`, " +
			"only forgets it). A chat opened through the API has no messages yet, so HelpCrunch reports its status as " +
			"`empty` until a message is posted or a status is set.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Numeric id HelpCrunch assigned to the chat, as a string. Used to import the chat.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"customer": schema.Int64Attribute{
				MarkdownDescription: "Id of the existing HelpCrunch customer the chat is opened for (at least 1). Changing it replaces the chat: the old one is handled as `on_destroy` says and a new one is opened.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"application": schema.Int64Attribute{
				MarkdownDescription: "Id of the HelpCrunch application (website widget or mobile app) the chat belongs to (at least 1). Changing it replaces the chat.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"assignee": schema.Int64Attribute{
				MarkdownDescription: "Id of the agent the chat is assigned to (at least 1). Changed in place with PUT /chats/assignee; removing it unassigns the chat. Unset by default (no assignee).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"department": schema.Int64Attribute{
				MarkdownDescription: "Id of the department the chat belongs to (at least 1). Changed in place with PUT /chats/department. " +
					"HelpCrunch cannot take a chat out of its department, so removing this attribute leaves the department as it is " +
					"(no API call); when unset, it shows the department HelpCrunch reports.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the chat: one of " + helpcrunchStatusList(client.HelpCrunchSettableStatuses) + ". " +
					"HelpCrunch spells \"on hold\" three ways (`on hold`, `onhold`, `on-hold`); they are the same status and " +
					"switching between them plans no change. Changed in place with PUT /chats/status. When unset, it shows the " +
					"status HelpCrunch reports (`empty` for a new chat without messages) and is never changed.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.HelpCrunchSettableStatuses...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"on_destroy": schema.StringAttribute{
				MarkdownDescription: "What destroying the resource does, since HelpCrunch cannot delete chats: `close` (default) sets the chat's status to `closed`; `keep` only removes it from Terraform state, leaving it as it is, with a warning. Changing it makes no API call.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(helpcrunchOnDestroyClose),
				Validators:          []validator.String{stringvalidator.OneOf(helpcrunchOnDestroyClose, helpcrunchOnDestroyKeep)},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the chat was created, RFC 3339 in UTC (HelpCrunch sends Unix seconds, as a number or a string).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"closed_at": schema.StringAttribute{
				MarkdownDescription: "When the chat was closed, RFC 3339 in UTC; null while it is open.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_message_at": schema.StringAttribute{
				MarkdownDescription: "When the last message was posted, RFC 3339 in UTC; null while the chat has no messages.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"closed_by": schema.StringAttribute{
				MarkdownDescription: "Who closed the chat, `customer` or `agent`; null while it is open.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"rating": schema.StringAttribute{
				MarkdownDescription: "The customer's rating of the closed chat (HelpCrunch documents `great`, `average` and `poor`); null when not rated.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// ValidateConfig rejects zero or negative timeouts at plan time (the
// timeouts block itself rejects what is not a duration at all).
func (r *helpcrunchChatResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg helpcrunchChatModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Timeouts.IsNull() || cfg.Timeouts.IsUnknown() {
		return
	}
	for name, value := range cfg.Timeouts.Attributes() {
		s, ok := value.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(s.ValueString()); err == nil && d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("timeouts").AtName(name), "Invalid Timeout",
				fmt.Sprintf("The %s timeout %q must be greater than zero.", name, s.ValueString()))
		}
	}
}

// ModifyPlan keeps the state's spelling of an equal status, so that "on hold"
// against "onhold" never plans a change, and marks what an update may change
// on HelpCrunch's side (closing times, rating) as known after apply.
func (r *helpcrunchChatResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state, cfg helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if hcKnown(plan.Status) && hcKnown(state.Status) && client.HelpCrunchStatusEqual(plan.Status.ValueString(), state.Status.ValueString()) {
		plan.Status = state.Status
	}
	statusChanges := !plan.Status.Equal(state.Status)
	assigneeChanges := !plan.Assignee.Equal(state.Assignee)
	departmentChanges := !plan.Department.IsNull() && !plan.Department.Equal(state.Department)
	if statusChanges || assigneeChanges || departmentChanges {
		plan.ClosedAt = types.StringUnknown()
		plan.ClosedBy = types.StringUnknown()
		plan.Rating = types.StringUnknown()
		plan.LastMessageAt = types.StringUnknown()
		if cfg.Status.IsNull() && (assigneeChanges || departmentChanges) {
			// HelpCrunch may move a chat's status when it is reassigned.
			plan.Status = types.StringUnknown()
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func hcKnown(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

func (r *helpcrunchChatResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, helpcrunchDefaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body := plan.createRequest()
	tflog.Debug(ctx, "Creating HelpCrunch chat", map[string]any{"customer": body.Customer, "application": body.Application})
	chat, err := r.client.Chats.Create(ctx, body)
	if err != nil {
		hint := ""
		if client.MayHaveCommitted(err) {
			hint = fmt.Sprintf("HelpCrunch may have created the chat although the request failed. It was not retried, "+
				"because a retry could open a second chat for the same customer. Look for a new chat of customer %d "+
				"(for example with the chatops_helpcrunch_chats data source, customer = %d, sort = \"chats.createdAt\", "+
				"order = \"desc\"). If it exists, import it with `terraform import <resource address> <chat id>` "+
				"instead of applying again; otherwise apply again.", body.Customer, body.Customer)
		}
		resp.Diagnostics.AddError("Unable to Create HelpCrunch Chat", apiErrorDetail("creating a HelpCrunch chat (POST /chats)", err, hint))
		return
	}

	state := plan
	state.fromAPI(chat)
	if hcKnown(plan.Status) && !client.HelpCrunchStatusEqual(plan.Status.ValueString(), chat.Status) {
		tflog.Debug(ctx, "Setting status of new HelpCrunch chat", map[string]any{"id": chat.ID, "status": plan.Status.ValueString()})
		updated, err := r.client.Chats.UpdateStatus(ctx, chat.ID, plan.Status.ValueString())
		if err != nil {
			// The chat exists: keep it in state (Terraform marks it tainted)
			// so it is not lost.
			state.Status = types.StringValue(client.CanonicalHelpCrunchStatus(chat.Status))
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			resp.Diagnostics.AddError("Unable to Set HelpCrunch Chat Status",
				apiErrorDetail(fmt.Sprintf("setting the status of the new HelpCrunch chat %d to %q", chat.ID, plan.Status.ValueString()), err,
					"The chat was created and is kept in state, marked tainted; the next apply replaces it."))
			return
		}
		state.fromAPI(updated)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	tflog.Trace(ctx, "Created HelpCrunch chat", map[string]any{"id": chat.ID})
}

func (r *helpcrunchChatResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state helpcrunchChatModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, helpcrunchDefaultTimeout)
	resp.Diagnostics.Append(diags...)
	id, ok := hcChatIDFromState(state.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	tflog.Debug(ctx, "Reading HelpCrunch chat", map[string]any{"id": id})
	chat, err := r.client.Chats.Get(ctx, id)
	if client.IsNotFound(err) {
		tflog.Warn(ctx, "HelpCrunch chat not found, removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read HelpCrunch Chat", apiErrorDetail(fmt.Sprintf("reading HelpCrunch chat %d", id), err, ""))
		return
	}
	state.fromAPI(chat)
	if state.OnDestroy.IsNull() {
		state.OnDestroy = types.StringValue(helpcrunchOnDestroyClose)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	tflog.Trace(ctx, "Read HelpCrunch chat", map[string]any{"id": id})
}

func (r *helpcrunchChatResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, helpcrunchDefaultTimeout)
	resp.Diagnostics.Append(diags...)
	id, ok := hcChatIDFromState(state.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// partial is what HelpCrunch holds after the calls that succeeded, saved
	// if a later call fails.
	partial := state
	partial.OnDestroy, partial.Timeouts = plan.OnDestroy, plan.Timeouts
	var last *client.HelpCrunchChat
	step := func(what string, call func() (*client.HelpCrunchChat, error)) bool {
		tflog.Debug(ctx, "Updating HelpCrunch chat", map[string]any{"id": id, "change": what})
		chat, err := call()
		if err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &partial)...)
			resp.Diagnostics.AddError("Unable to Update HelpCrunch Chat",
				apiErrorDetail(fmt.Sprintf("changing the %s of HelpCrunch chat %d", what, id), err, ""))
			return false
		}
		last = chat
		partial.fromAPI(chat)
		return true
	}

	if !plan.Assignee.Equal(state.Assignee) {
		var assignee *int64
		if !plan.Assignee.IsNull() {
			v := plan.Assignee.ValueInt64()
			assignee = &v
		}
		if !step("assignee", func() (*client.HelpCrunchChat, error) { return r.client.Chats.UpdateAssignee(ctx, id, assignee) }) {
			return
		}
	}
	if !plan.Department.IsNull() && !plan.Department.IsUnknown() && !plan.Department.Equal(state.Department) {
		if !step("department", func() (*client.HelpCrunchChat, error) {
			return r.client.Chats.UpdateDepartment(ctx, id, plan.Department.ValueInt64())
		}) {
			return
		}
	}
	if hcKnown(plan.Status) && !client.HelpCrunchStatusEqual(plan.Status.ValueString(), state.Status.ValueString()) {
		if !step("status", func() (*client.HelpCrunchChat, error) {
			return r.client.Chats.UpdateStatus(ctx, id, plan.Status.ValueString())
		}) {
			return
		}
	}
	if last == nil && hcPlanHasUnknowns(plan) {
		// Nothing to send, yet the plan left values to learn: read them.
		tflog.Debug(ctx, "Reading HelpCrunch chat", map[string]any{"id": id})
		chat, err := r.client.Chats.Get(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Update HelpCrunch Chat", apiErrorDetail(fmt.Sprintf("reading HelpCrunch chat %d", id), err, ""))
			return
		}
		last = chat
	}

	newState := plan
	if last != nil {
		newState.fromAPI(last)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
	tflog.Trace(ctx, "Updated HelpCrunch chat", map[string]any{"id": id})
}

func hcPlanHasUnknowns(m helpcrunchChatModel) bool {
	for _, v := range []interface{ IsUnknown() bool }{m.Assignee, m.Department, m.Status, m.CreatedAt, m.ClosedAt, m.LastMessageAt, m.ClosedBy, m.Rating} {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

func (r *helpcrunchChatResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state helpcrunchChatModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := hcChatIDFromState(state.ID, &resp.Diagnostics)
	if !ok {
		return
	}
	if state.OnDestroy.ValueString() == helpcrunchOnDestroyKeep {
		resp.Diagnostics.AddWarning("HelpCrunch Chat Left As It Is",
			fmt.Sprintf("HelpCrunch chat %d was removed from Terraform state only (on_destroy = \"keep\"). HelpCrunch has no API "+
				"to delete chats, and this chat was not closed: it stays in HelpCrunch with status %q.", id, state.Status.ValueString()))
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, helpcrunchDefaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	tflog.Debug(ctx, "Closing HelpCrunch chat", map[string]any{"id": id})
	_, err := r.client.Chats.UpdateStatus(ctx, id, client.HelpCrunchStatusClosed)
	if client.IsNotFound(err) {
		tflog.Debug(ctx, "HelpCrunch chat already gone", map[string]any{"id": id})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to Close HelpCrunch Chat", apiErrorDetail(
			fmt.Sprintf("closing HelpCrunch chat %d (HelpCrunch cannot delete chats; destroy closes them)", id), err,
			"Retry the destroy, or set on_destroy = \"keep\" to only remove the chat from Terraform state."))
	}
}

func (r *helpcrunchChatResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := strconv.ParseInt(strings.TrimSpace(req.ID), 10, 64)
	if err != nil || id < 1 {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("Expected the numeric id of a HelpCrunch chat, such as 5214000; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("on_destroy"), helpcrunchOnDestroyClose)...)
}

func hcChatIDFromState(v types.String, diags *diag.Diagnostics) (int64, bool) {
	id, err := strconv.ParseInt(v.ValueString(), 10, 64)
	if err != nil {
		diags.AddError("Invalid HelpCrunch Chat ID",
			fmt.Sprintf("The chat id in state, %q, is not numeric. Remove the resource from state and import it again. Please report this issue to the provider developers.", v.ValueString()))
		return 0, false
	}
	return id, true
}

// fromAPI copies a chat as HelpCrunch returned it into the model. A status
// spelled differently but equal to the model's keeps the model's spelling;
// otherwise the canonical spelling is used. Application is kept when the
// answer leaves it out (older API revisions do).
func (m *helpcrunchChatModel) fromAPI(c *client.HelpCrunchChat) {
	m.ID = types.StringValue(strconv.FormatInt(c.ID, 10))
	if c.Customer != nil {
		m.Customer = types.Int64Value(c.Customer.ID)
	}
	if c.ApplicationID != nil {
		m.Application = types.Int64Value(*c.ApplicationID)
	}
	m.Assignee = types.Int64Null()
	if c.Assignee != nil {
		m.Assignee = types.Int64Value(c.Assignee.ID)
	}
	m.Department = types.Int64Null()
	if c.Department != nil {
		m.Department = types.Int64Value(c.Department.ID)
	}
	if !hcKnown(m.Status) || !client.HelpCrunchStatusEqual(m.Status.ValueString(), c.Status) {
		m.Status = types.StringValue(client.CanonicalHelpCrunchStatus(c.Status))
	}
	m.CreatedAt = hcTimeValue(c.CreatedAt)
	m.ClosedAt = hcTimeValue(c.ClosedAt)
	m.LastMessageAt = hcTimeValue(c.LastMessageAt)
	m.ClosedBy = types.StringPointerValue(c.ClosedBy)
	m.Rating = types.StringPointerValue(c.Rating)
}

func hcTimeValue(t client.UnixTime) types.String {
	if !t.Valid {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}

func (m *helpcrunchChatModel) createRequest() *client.HelpCrunchCreateChatRequest {
	body := &client.HelpCrunchCreateChatRequest{
		Customer:    m.Customer.ValueInt64(),
		Application: m.Application.ValueInt64(),
	}
	if !m.Assignee.IsNull() && !m.Assignee.IsUnknown() {
		v := m.Assignee.ValueInt64()
		body.Assignee = &v
	}
	if !m.Department.IsNull() && !m.Department.IsUnknown() {
		v := m.Department.ValueInt64()
		body.Department = &v
	}
	return body
}
