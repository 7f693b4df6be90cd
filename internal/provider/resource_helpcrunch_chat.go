package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ resource.Resource                = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithConfigure   = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithImportState = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithIdentity    = (*helpcrunchChatResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*helpcrunchChatResource)(nil)
)

// On-destroy behaviours of chatops_helpcrunch_chat.
const (
	helpcrunchOnDestroyClose = "close"
	helpcrunchOnDestroyKeep  = "keep"
)

// NewHelpCrunchChatResource returns the chatops_helpcrunch_chat resource.
func NewHelpCrunchChatResource() resource.Resource {
	return &helpcrunchChatResource{helpcrunchResourceBase{typeName: "helpcrunch_chat"}}
}

type helpcrunchChatResource struct{ helpcrunchResourceBase }

type helpcrunchChatModel struct {
	ID            types.String          `tfsdk:"id"`
	Customer      framework.WholeNumber `tfsdk:"customer"`
	Application   framework.WholeNumber `tfsdk:"application"`
	Assignee      framework.WholeNumber `tfsdk:"assignee"`
	Department    framework.WholeNumber `tfsdk:"department"`
	Status        types.String          `tfsdk:"status"`
	OnDestroy     types.String          `tfsdk:"on_destroy"`
	ReuseOpenChat types.Bool            `tfsdk:"reuse_open_chat"`
	CreatedAt     types.String          `tfsdk:"created_at"`
	ClosedAt      types.String          `tfsdk:"closed_at"`
	LastMessageAt types.String          `tfsdk:"last_message_at"`
	ClosedBy      types.String          `tfsdk:"closed_by"`
	Rating        types.String          `tfsdk:"rating"`
	Timeouts      timeouts.Value        `tfsdk:"timeouts"`
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
	department := helpcrunchIDAttribute("Id of the department the chat belongs to: a whole number, at least 1. Changed in place with PUT /chats/department. "+
		"HelpCrunch cannot take a chat out of its department, so removing this attribute leaves the department as it is "+
		"(no API call); when unset, it shows the department HelpCrunch reports.", false)
	department.Computed = true
	department.PlanModifiers = []planmodifier.Number{numberplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A HelpCrunch chat: a conversation opened for one customer through one application " +
			"(POST /chats). Assignee, department and status are changed in place, each with its own call and only when " +
			"it changed. HelpCrunch has no API to delete a chat: destroying closes it (or, with `on_destroy = \"keep\"`, " +
			"only forgets it). A chat opened through the API has no messages yet, so HelpCrunch reports its status as " +
			"`empty` until a message is posted or a status is set. When the answer to a create is lost (a 5xx after " +
			"HelpCrunch acted, or a `request_timeout`), the provider looks for the chat that request made with one " +
			"search and adopts it when it is the only candidate, with a warning; an interrupted apply (Ctrl-C) can " +
			"still leave a chat that no state knows of.",
		Attributes: map[string]schema.Attribute{
			"id":          framework.ComputedString("Numeric id HelpCrunch assigned to the chat, as a string. Used to import the chat."),
			"customer":    helpcrunchIDAttribute("Id of the existing HelpCrunch customer the chat is opened for: a whole number, at least 1. Required. Changing it replaces the chat: the old one is handled as `on_destroy` says and a new one is opened.", true),
			"application": helpcrunchIDAttribute("Id of the HelpCrunch application (website widget or mobile app) the chat belongs to: a whole number, at least 1. Required. Changing it replaces the chat.", true),
			"assignee":    helpcrunchIDAttribute("Id of the agent the chat is assigned to: a whole number, at least 1. Unset by default (no assignee). Changed in place with PUT /chats/assignee; removing it unassigns the chat.", false),
			"department":  department,
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the chat: one of " + helpcrunchStatusList(client.HelpCrunchSettableStatuses) + ". " +
					"HelpCrunch spells \"on hold\" three ways (`on hold`, `onhold`, `on-hold`); they are the same status, " +
					"switching between them plans no change, the state keeps the spelling written in the configuration, and " +
					"the provider sends `on hold`, the spelling HelpCrunch's current docs give. Changed in place with PUT /chats/status. " +
					"When unset, it shows the status HelpCrunch reports and is never changed; it is null while HelpCrunch reports " +
					"`empty` (a chat without messages), a status no one can set, so that configuration generated from an " +
					"imported chat never carries it.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.HelpCrunchSettableStatuses...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"on_destroy": onDestroyAttribute("What destroying the resource does, since HelpCrunch cannot delete chats: `close` (default) sets the chat's status to `closed`; `keep` only removes it from Terraform state, leaving it as it is, with a warning. Changing it makes no API call.",
				helpcrunchOnDestroyClose, helpcrunchOnDestroyKeep),
			"reuse_open_chat": schema.BoolAttribute{
				MarkdownDescription: "Whether the create first looks for an open chat of this customer in this application and adopts it " +
					"instead of opening a new one (create-or-get, as DevRev's `get_if_conflict`). Defaults to `false`. When `true`, the " +
					"create first sends one `POST /chats/search` by `chats.customer` (one request more per create) and reads the " +
					"customer's 100 newest chats, keeping those not `closed` in this application (or whose application HelpCrunch does " +
					"not report): exactly one is adopted, with a warning naming it, and given the configured assignee (none when " +
					"`assignee` is unset), department and status; several fail, listing their ids to import one; none opens a new chat as usual. An open chat older than the " +
					"customer's 100 newest is not seen. Use it where a chat may already exist: after state loss, from a second workspace, " +
					"or for customers who opened a chat through the widget before Terraform. Changing it makes no API call.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"created_at":      framework.ComputedString("When the chat was created, RFC 3339 in UTC (HelpCrunch sends Unix seconds, as a number or a string)."),
			"closed_at":       framework.ComputedString("When the chat was closed, RFC 3339 in UTC; null while it is open. Known after apply only when `status` changes."),
			"last_message_at": framework.ComputedString("When the last message was posted, RFC 3339 in UTC; null while the chat has no messages. Known after apply only when `status` changes."),
			"closed_by":       framework.ComputedString("Who closed the chat, `customer` or `agent` (a number, should HelpCrunch answer one, as its text); null while it is open. Known after apply only when `status` changes."),
			"rating":          framework.ComputedString("The customer's rating of the closed chat (HelpCrunch documents `great`, `average` and `poor`; a number, should it answer one, as its text); null when not rated. Known after apply only when `status` changes."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": framework.TimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// helpcrunchIDAttribute is the id of a HelpCrunch object the chat belongs
// to or is assigned to. A required one is set only by the create, so a
// change of it replaces the chat.
func helpcrunchIDAttribute(desc string, required bool) schema.NumberAttribute {
	a := schema.NumberAttribute{
		CustomType:          framework.WholeNumberType{},
		MarkdownDescription: desc,
		Required:            required,
		Optional:            !required,
		Validators:          []validator.Number{framework.PositiveWholeNumber()},
	}
	if required {
		a.PlanModifiers = []planmodifier.Number{numberplanmodifier.RequiresReplace()}
	}
	return a
}

func (r *helpcrunchChatResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("Numeric id HelpCrunch assigned to the chat, as a string, such as \"5214000\".")
}

// ModifyPlan keeps the state's spelling of an equal status, so that "on hold"
// against "onhold" never plans a change, and marks as known after apply only
// what the planned calls can move on HelpCrunch's side: a status change can
// close or reopen the chat (closing time and author, rating, and the last
// message time if HelpCrunch logs it); a new assignee or department can move
// a status the configuration leaves to HelpCrunch, and nothing else.
//
// A plan equal to the state changes nothing, and all of the above would
// write it back as it is: it returns at once, which spares each chat of a
// no-op plan four conversions of the whole object (three reads, one write).
func (r *helpcrunchChatResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan, state, cfg helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if framework.Known(plan.Status) && framework.Known(state.Status) && client.HelpCrunchStatusEqual(plan.Status.ValueString(), state.Status.ValueString()) {
		plan.Status = state.Status
	}
	statusChanges := !plan.Status.Equal(state.Status)
	assigneeChanges := !plan.Assignee.Equal(state.Assignee)
	departmentChanges := !plan.Department.IsNull() && !plan.Department.Equal(state.Department)
	if statusChanges {
		plan.ClosedAt = types.StringUnknown()
		plan.ClosedBy = types.StringUnknown()
		plan.Rating = types.StringUnknown()
		plan.LastMessageAt = types.StringUnknown()
	}
	if cfg.Status.IsNull() && (assigneeChanges || departmentChanges) {
		plan.Status = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *helpcrunchChatResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	body := plan.createRequest()
	if plan.ReuseOpenChat.ValueBool() {
		open := r.findOpenChat(ctx, body, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if open != nil {
			// Adopted: it gets the configured assignee, department and
			// status as an update from what it holds would give them.
			have := plan
			have.fromAPI(open)
			r.converge(ctx, open.ID, plan, have, open, &resp.State, resp.Identity, &resp.Diagnostics)
			return
		}
	}
	tflog.Debug(ctx, "Creating HelpCrunch chat", map[string]any{"customer": body.Customer, "application": body.Application})
	started := time.Now()
	chat, err := r.client.Chats.Create(ctx, body)
	if err != nil {
		if !client.MayHaveCommitted(err) {
			resp.Diagnostics.AddError("Unable to Create HelpCrunch Chat", apiErrorDetail("creating a HelpCrunch chat (POST /chats)", err, ""))
			return
		}
		if chat = r.findLostChat(ctx, body, started, err, &resp.Diagnostics); chat == nil {
			return
		}
	}

	state := plan
	state.fromAPI(chat)
	if framework.Known(plan.Status) && !client.HelpCrunchStatusEqual(plan.Status.ValueString(), chat.Status) {
		tflog.Debug(ctx, "Setting status of new HelpCrunch chat", map[string]any{"id": chat.ID, "status": plan.Status.ValueString()})
		updated, err := r.client.Chats.UpdateStatus(ctx, chat.ID, plan.Status.ValueString())
		if err != nil {
			// The chat exists: keep it in state (Terraform marks it tainted)
			// so it is not lost.
			state.Status = helpcrunchStatusValue(chat.Status)
			resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
			resp.Diagnostics.AddError("Unable to Set HelpCrunch Chat Status",
				apiErrorDetail(fmt.Sprintf("setting the status of the new HelpCrunch chat %d to %q", chat.ID, plan.Status.ValueString()), err,
					"The chat was created and is kept in state, marked tainted; the next apply replaces it."))
			return
		}
		state.fromAPI(updated)
	}
	state.Status = helpcrunchKeepSpelling(plan.Status, state.Status)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
	tflog.Trace(ctx, "Created HelpCrunch chat", map[string]any{"id": chat.ID})
}

// findLostChat resolves a create whose outcome is unknown (HelpCrunch may
// have made the chat, but its answer was lost) with one search for the
// chats of that customer created since the request started (see
// lostCreate). It returns nil after adding an error.
func (r *helpcrunchChatResource) findLostChat(ctx context.Context, body *client.HelpCrunchCreateChatRequest, started time.Time, createErr error, diags *diag.Diagnostics) *client.HelpCrunchChat {
	lost := lostCreate[client.HelpCrunchChat]{
		noun: "chat", nouns: "chats", call: "POST /chats",
		scope: fmt.Sprintf("of customer %d in application %d", body.Customer, body.Application),
		lookFor: fmt.Sprintf("a chat of customer %d in application %d created after %s", body.Customer, body.Application,
			started.UTC().Add(-client.HelpCrunchCreateClockSlack).Format(time.RFC3339)),
		finder: "the chatops_helpcrunch_chats data source",
		again:  "opens a second chat",
		err:    createErr,
		find: func(ctx context.Context) ([]client.HelpCrunchChat, error) {
			return r.client.Chats.FindCreated(ctx, body, started, time.Now())
		},
		id: func(c *client.HelpCrunchChat) string { return strconv.FormatInt(c.ID, 10) },
	}
	return lost.adopt(ctx, diags)
}

// findOpenChat is the one open chat of the customer in the application, to
// adopt instead of opening another (reuse_open_chat): one search. None is
// nil (with a warning when the customer has more chats than the search
// read); several are an error listing them.
func (r *helpcrunchChatResource) findOpenChat(ctx context.Context, body *client.HelpCrunchCreateChatRequest, diags *diag.Diagnostics) *client.HelpCrunchChat {
	tflog.Debug(ctx, "Looking for an open HelpCrunch chat to reuse", map[string]any{"customer": body.Customer, "application": body.Application})
	open, full, err := r.client.Chats.FindOpen(ctx, body.Customer, body.Application)
	if err != nil {
		diags.AddError("Unable to Create HelpCrunch Chat", apiErrorDetail(fmt.Sprintf(
			"looking for an open chat of customer %d in application %d to reuse (reuse_open_chat)", body.Customer, body.Application), err, ""))
		return nil
	}
	switch len(open) {
	case 0:
		if full {
			diags.AddWarning("Older HelpCrunch Chats Not Checked", fmt.Sprintf(
				"reuse_open_chat looked at the %d newest chats of customer %d and found none open in application %d; the customer has "+
					"more, which were not read, so an older open chat may exist. A new chat was opened.", client.HelpCrunchMaxPageSize, body.Customer, body.Application))
		}
		return nil
	case 1:
		c := open[0]
		diags.AddWarning("HelpCrunch Chat Reused", fmt.Sprintf(
			"reuse_open_chat found one open chat of customer %d in application %d, chat %d (status %q), and adopted it instead "+
				"of opening a new one; the configured assignee, department and status are set on it.", body.Customer, body.Application, c.ID, c.Status))
		return &c
	}
	ids := make([]string, len(open))
	for i, c := range open {
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	diags.AddError("Unable to Create HelpCrunch Chat", fmt.Sprintf(
		"reuse_open_chat found %d open chats of customer %d in application %d: %s. The provider cannot tell which one to adopt. "+
			"Import the one to manage with `terraform import <resource address> <chat id>` (and close the others), or set "+
			"reuse_open_chat = false to open a new chat.", len(open), body.Customer, body.Application, strings.Join(ids, ", ")))
	return nil
}

// helpcrunchKeepSpelling is the status to store when the user asked for want and
// HelpCrunch answered got: want's spelling whenever both mean one status.
func helpcrunchKeepSpelling(want, got types.String) types.String {
	if framework.Known(want) && framework.Known(got) && client.HelpCrunchStatusEqual(want.ValueString(), got.ValueString()) {
		return want
	}
	return got
}

func (r *helpcrunchChatResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state helpcrunchChatModel
	readResource(ctx, req, resp, "HelpCrunch chat", &state, &state.ID, &state.Timeouts, byNumericID(helpcrunchChatID, r.client.Chats.Get),
		func(chat *client.HelpCrunchChat) diag.Diagnostics { state.readFrom(chat); return nil })
}

func (r *helpcrunchChatResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state helpcrunchChatModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	id := helpcrunchChatIDFromState(state.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.converge(ctx, id, plan, state, nil, &resp.State, resp.Identity, &resp.Diagnostics)
}

// converge makes chat id, which holds what have says, what plan says: the
// assignee, department and status, each with its own call and only when it
// differs, in that order. last is HelpCrunch's latest answer for the chat, if
// the caller has one. It saves the plan completed from HelpCrunch's answers
// in out, or, after a failed call, what HelpCrunch holds by then.
func (r *helpcrunchChatResource) converge(ctx context.Context, id int64, plan, have helpcrunchChatModel, last *client.HelpCrunchChat,
	out *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	// partial is what HelpCrunch holds after the calls that succeeded, saved
	// if a later call fails.
	partial := have
	partial.OnDestroy, partial.ReuseOpenChat, partial.Timeouts = plan.OnDestroy, plan.ReuseOpenChat, plan.Timeouts
	step := func(what string, call func() (*client.HelpCrunchChat, error)) bool {
		tflog.Debug(ctx, "Updating HelpCrunch chat", map[string]any{"id": id, "change": what})
		chat, err := call()
		if err != nil {
			diags.Append(saveState(ctx, out, identity, &partial, partial.ID)...)
			diags.AddError("Unable to Update HelpCrunch Chat",
				apiErrorDetail(fmt.Sprintf("changing the %s of HelpCrunch chat %d", what, id), err, ""))
			return false
		}
		last = chat
		partial.fromAPI(chat)
		return true
	}

	if !plan.Assignee.Equal(have.Assignee) {
		assignee := plan.Assignee.ValueInt64Pointer()
		if !step("assignee", func() (*client.HelpCrunchChat, error) { return r.client.Chats.UpdateAssignee(ctx, id, assignee) }) {
			return
		}
	}
	if !plan.Department.IsNull() && !plan.Department.IsUnknown() && !plan.Department.Equal(have.Department) {
		if !step("department", func() (*client.HelpCrunchChat, error) {
			return r.client.Chats.UpdateDepartment(ctx, id, plan.Department.ValueInt64())
		}) {
			return
		}
	}
	if framework.Known(plan.Status) && !client.HelpCrunchStatusEqual(plan.Status.ValueString(), have.Status.ValueString()) {
		if !step("status", func() (*client.HelpCrunchChat, error) {
			return r.client.Chats.UpdateStatus(ctx, id, plan.Status.ValueString())
		}) {
			return
		}
	}
	if last == nil && plan.hasUnknowns() {
		// Nothing to send, yet the plan left values to learn: read them.
		tflog.Debug(ctx, "Reading HelpCrunch chat", map[string]any{"id": id})
		chat, err := r.client.Chats.Get(ctx, id)
		if err != nil {
			diags.AddError("Unable to Update HelpCrunch Chat", apiErrorDetail(fmt.Sprintf("reading HelpCrunch chat %d", id), err, ""))
			return
		}
		last = chat
	}

	newState := plan
	if last != nil {
		answered := plan
		answered.fromAPI(last)
		newState.fillUnknown(answered)
	}
	diags.Append(saveState(ctx, out, identity, &newState, newState.ID)...)
	tflog.Trace(ctx, "Updated HelpCrunch chat", map[string]any{"id": id})
}

// fillUnknown takes from answered what the plan left unknown. A planned
// value stays as planned even when HelpCrunch answers otherwise, since a
// state that differs from a known planned value fails the apply; the next
// refresh shows the difference instead.
func (m *helpcrunchChatModel) fillUnknown(answered helpcrunchChatModel) {
	m.ID = framework.KnownOr(m.ID, answered.ID)
	m.Assignee, m.Department = framework.KnownOr(m.Assignee, answered.Assignee), framework.KnownOr(m.Department, answered.Department)
	m.Status, m.CreatedAt, m.ClosedAt = framework.KnownOr(m.Status, answered.Status), framework.KnownOr(m.CreatedAt, answered.CreatedAt), framework.KnownOr(m.ClosedAt, answered.ClosedAt)
	m.LastMessageAt, m.ClosedBy, m.Rating = framework.KnownOr(m.LastMessageAt, answered.LastMessageAt), framework.KnownOr(m.ClosedBy, answered.ClosedBy), framework.KnownOr(m.Rating, answered.Rating)
}

// hasUnknowns reports whether the plan left values for the apply to learn.
func (m *helpcrunchChatModel) hasUnknowns() bool {
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
	id := helpcrunchChatIDFromState(state.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.OnDestroy.ValueString() == helpcrunchOnDestroyKeep {
		resp.Diagnostics.AddWarning("HelpCrunch Chat Left As It Is",
			fmt.Sprintf("HelpCrunch chat %d was removed from Terraform state only (on_destroy = \"keep\"). HelpCrunch has no API "+
				"to delete chats, and this chat was not closed: it stays in HelpCrunch as it is.", id))
		return
	}
	ctx, cancel := framework.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

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

// ImportState takes the chat's numeric id, from `terraform import`, an import
// block's id, or its identity.
func (r *helpcrunchChatResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, req, resp, "the numeric id of a HelpCrunch chat, such as 5214000", helpcrunchChatImportedState)
}

// helpcrunchChatImportedState is what an import of chat id puts in state
// before the Read that follows it; the list resource starts from it too, so
// that a listed chat is exactly what importing it would give.
func helpcrunchChatImportedState(ctx context.Context, state *tfsdk.State, id int64) diag.Diagnostics {
	diags := state.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))
	diags.Append(state.SetAttribute(ctx, path.Root("on_destroy"), helpcrunchOnDestroyClose)...)
	return diags
}

// readFrom is what Read makes of the chat HelpCrunch returned.
func (m *helpcrunchChatModel) readFrom(c *client.HelpCrunchChat) {
	m.fromAPI(c)
	if m.OnDestroy.IsNull() {
		m.OnDestroy = types.StringValue(helpcrunchOnDestroyClose)
	}
	if m.ReuseOpenChat.IsNull() {
		m.ReuseOpenChat = types.BoolValue(false)
	}
}

// helpcrunchChatID is the numeric chat id the state holds as a string.
func helpcrunchChatID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the chat id in state, %q, is not numeric. Remove the resource from state and import it again. "+
			"Please report this issue to the provider developers", id)
	}
	return n, nil
}

// helpcrunchChatIDFromState is helpcrunchChatID, failing with an error diagnostic.
func helpcrunchChatIDFromState(v types.String, diags *diag.Diagnostics) int64 {
	id, err := helpcrunchChatID(v.ValueString())
	if err != nil {
		diags.AddError("Invalid HelpCrunch Chat ID", err.Error()+".")
	}
	return id
}

// fromAPI copies a chat as HelpCrunch returned it into the model. A status
// spelled differently but equal to the model's keeps the model's spelling;
// otherwise the canonical spelling is used, and a status no one can set
// ("empty") is null, so it never lands in configuration generated from the
// state. Application is kept when the answer leaves it out (older API
// revisions do).
func (m *helpcrunchChatModel) fromAPI(c *client.HelpCrunchChat) {
	m.ID = types.StringValue(strconv.FormatInt(c.ID, 10))
	if c.Customer != nil {
		m.Customer = framework.WholeNumberValue(c.Customer.ID)
	}
	if c.ApplicationID != nil {
		m.Application = framework.WholeNumberValue(*c.ApplicationID)
	}
	m.Assignee = framework.WholeNumberNull()
	if c.Assignee != nil {
		m.Assignee = framework.WholeNumberValue(c.Assignee.ID)
	}
	m.Department = framework.WholeNumberNull()
	if c.Department != nil {
		m.Department = framework.WholeNumberValue(c.Department.ID)
	}
	m.Status = helpcrunchKeepSpelling(m.Status, helpcrunchStatusValue(c.Status))
	m.CreatedAt = helpcrunchTime(c.CreatedAt)
	m.ClosedAt = helpcrunchTime(c.ClosedAt)
	m.LastMessageAt = helpcrunchTime(c.LastMessageAt)
	m.ClosedBy = types.StringPointerValue(c.ClosedBy)
	m.Rating = types.StringPointerValue(c.Rating)
}

// helpcrunchStatusValue is a status as read from HelpCrunch, for the resource's
// settable status attribute: canonical, or null when it cannot be set.
func helpcrunchStatusValue(s string) types.String {
	if !client.HelpCrunchStatusSettable(s) {
		return types.StringNull()
	}
	return types.StringValue(client.CanonicalHelpCrunchStatus(s))
}

func helpcrunchTime(t client.UnixTime) types.String {
	if !t.Valid {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}

func (m *helpcrunchChatModel) createRequest() *client.HelpCrunchCreateChatRequest {
	return &client.HelpCrunchCreateChatRequest{
		Customer:    m.Customer.ValueInt64(),
		Application: m.Application.ValueInt64(),
		Assignee:    m.Assignee.ValueInt64Pointer(),
		Department:  m.Department.ValueInt64Pointer(),
	}
}
