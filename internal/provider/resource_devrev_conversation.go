package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ resource.Resource                = (*devrevConversationResource)(nil)
	_ resource.ResourceWithConfigure   = (*devrevConversationResource)(nil)
	_ resource.ResourceWithImportState = (*devrevConversationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*devrevConversationResource)(nil)
	_ resource.ResourceWithIdentity    = (*devrevConversationResource)(nil)
)

// devrevConversationCreateAttempts bounds the creates of one apply. A create is sent
// again only after a search proved the previous one made nothing.
const devrevConversationCreateAttempts = 3

// devrevConversationClockSkew widens the search for a create whose answer was lost,
// so a DevRev clock a little behind ours still finds it.
const devrevConversationClockSkew = time.Minute

// NewDevRevConversationResource returns the chatops_devrev_conversation resource.
func NewDevRevConversationResource() resource.Resource {
	return &devrevConversationResource{devrevResourceBase{typeName: "devrev_conversation"}}
}

type devrevConversationResource struct{ devrevResourceBase }

type devrevConversationModel struct {
	ID               types.String         `tfsdk:"id"`
	DisplayID        types.String         `tfsdk:"display_id"`
	Title            types.String         `tfsdk:"title"`
	Description      types.String         `tfsdk:"description"`
	Group            types.String         `tfsdk:"group"`
	Members          types.Set            `tfsdk:"members"`
	OwnedBy          types.Set            `tfsdk:"owned_by"`
	Stage            types.String         `tfsdk:"stage"`
	Tags             types.Set            `tfsdk:"tags"`
	Channels         types.Set            `tfsdk:"channels"`
	IsSpam           types.Bool           `tfsdk:"is_spam"`
	IsFrozen         types.Bool           `tfsdk:"is_frozen"`
	CustomFields     jsontypes.Normalized `tfsdk:"custom_fields"`
	CustomSchemaSpec types.Object         `tfsdk:"custom_schema_spec"`
	SourceChannel    types.String         `tfsdk:"source_channel"`
	SLASummary       types.Object         `tfsdk:"sla_summary"`
	CreatedDate      types.String         `tfsdk:"created_date"`
	ModifiedDate     types.String         `tfsdk:"modified_date"`
	CreatedBy        types.String         `tfsdk:"created_by"`
	OnDestroy        types.String         `tfsdk:"on_destroy"`
	Timeouts         timeouts.Value       `tfsdk:"timeouts"`
}

// On-destroy behaviours of chatops_devrev_conversation.
const (
	devrevConversationDelete = "delete"
	devrevConversationKeep   = "keep"
)

type devrevConversationTagModel struct {
	ID    types.String `tfsdk:"id"`
	Value types.String `tfsdk:"value"`
}

var devrevConversationTagAttrTypes = map[string]attr.Type{"id": types.StringType, "value": types.StringType}

func (r *devrevConversationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	userSet := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{
			MarkdownDescription: desc,
			ElementType:         framework.DevRevUserType{},
			Optional:            true,
			Validators:          []validator.Set{setvalidator.ValueStringsAre(framework.NotBlank())},
			PlanModifiers:       []planmodifier.Set{framework.KeepSameDevRevUsers()},
		}
	}
	members := userSet("The dev users in the conversation, each as a DON id (`don:identity:dvrv-us-1:devo/0:devu/1`) or a display id " +
		"(`DEVU-1`); the two forms of one user never cause a diff. DevRev documents no upper limit. Unset: DevRev's choice " +
		"(the token's user) on create, and whatever the conversation has afterwards is kept. A change is applied in place (`members.set`); " +
		"a conversation always keeps at least one member.")
	members.Computed = true
	members.Validators = append(members.Validators, setvalidator.SizeAtLeast(1))
	members.PlanModifiers = []planmodifier.Set{setplanmodifier.UseStateForUnknown(), framework.KeepSameDevRevUsers()}

	resp.Schema = schema.Schema{
		MarkdownDescription: "A DevRev support conversation, created with `conversations.create`, read with `conversations.get`, " +
			"changed in place with one `conversations.update` carrying only what changed, and deleted with `conversations.delete`.\n\n" +
			"DevRev's conversation object does not return `is_spam`, `is_frozen`, `custom_fields` or `custom_schema_spec`: " +
			"they are kept as configured, and a change made to them outside Terraform cannot be detected.\n\n" +
			"DevRev's `conversations.create` has no idempotency key and a conversation has no unique property, so a create is " +
			"never sent again blindly. When its answer is lost (a 5xx or a timeout after the request was sent), the provider " +
			"searches `conversations.list` for the conversation it made: exactly one match is adopted (with a warning); several " +
			"fail with their ids; none means nothing was made, and the create is sent again.",
		Attributes: map[string]schema.Attribute{
			"id":         framework.ComputedString("The conversation's DON id, e.g. `don:core:dvrv-us-1:devo/0:conversation/1`. Always the DON id, also after an import by display id."),
			"display_id": framework.ComputedString("The conversation's human-readable id, e.g. `CONV-1`."),
			"title": schema.StringAttribute{
				MarkdownDescription: "The conversation's title. Optional, not empty or blank when set. A change is applied in place; removing it clears the title.",
				Optional:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "The conversation's description. Optional, not empty or blank when set. A change is applied in place; removing it clears the description.",
				Optional:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"group": schema.StringAttribute{
				MarkdownDescription: "Id or display id (`GROUP-1`) of the group the conversation belongs to. A change is applied in place. " +
					"DevRev has no way to take a conversation out of its group, so removing the attribute keeps the current group.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{framework.NotBlank()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"members": members,
			"owned_by": userSet("The users who own the conversation, each as a DON id or display id (no diff between the two forms). " +
				"A change is applied in place (`owned_by.set`); removing the attribute removes every owner."),
			"stage": schema.StringAttribute{
				MarkdownDescription: "The name of the conversation's stage, such as `queued`, `waiting_on_user`, `resolved` or `archived`. " +
					"Stages are defined per DevRev organization and the spec lists none, so the name is checked by DevRev on apply. " +
					"Unset: DevRev's initial stage, and later stage changes made in DevRev are kept. A change is applied in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{framework.NotBlank()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tags": schema.SetNestedAttribute{
				MarkdownDescription: "The conversation's tags, each with its value where the tag takes one. A change replaces the " +
					"whole set in place (`tags.set`); removing the attribute removes every tag.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The tag's id or display id (`TAG-1`).",
							Required:            true,
							Validators:          []validator.String{framework.NotBlank()},
						},
						"value": schema.StringAttribute{
							MarkdownDescription: "The tag's value on this conversation, for tags that take one; not empty or blank when set. Unset: no value.",
							Optional:            true,
							Validators:          []validator.String{framework.NotBlank()},
						},
					},
				},
			},
			"channels": schema.SetAttribute{
				MarkdownDescription: "Ids or display ids (`ECC-1`) of the conversation's channels. A change is applied in place (`channels.set`); " +
					"removing the attribute removes every channel.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(framework.NotBlank())},
			},
			"is_spam": schema.BoolAttribute{
				MarkdownDescription: "Whether the conversation is marked as spam. Defaults to `false`. A change is applied in place. " +
					"DevRev does not return it, so it is kept as configured and a change made in DevRev is not detected.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"is_frozen": schema.BoolAttribute{
				MarkdownDescription: "Whether the conversation is frozen. Defaults to `false`. conversations.create cannot set it, so " +
					"creating a frozen conversation takes one conversations.update after the create. A change is applied in place. " +
					"DevRev does not return it, so it is kept as configured and a change made in DevRev is not detected.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"custom_fields": devrevCustomFieldsAttribute("Application-defined custom fields, as a JSON object (use `jsonencode`); needs `custom_schema_spec`. "+
				"Key order and whitespace never cause a diff. A change is applied in place; keys removed here are removed from the "+
				"conversation. DevRev does not return them, so they are kept as configured and a change made in DevRev is not detected.",
				stringvalidator.AlsoRequires(path.MatchRoot("custom_schema_spec"))),
			"custom_schema_spec": devrevCustomSchemaSpecAttribute("The custom schemas `custom_fields` are validated against; DevRev refuses custom fields whose schema is " +
				"not named. Sent with the create and with every update that carries custom fields. DevRev does not return it, so it " +
				"is kept as configured; a change of it alone makes no API call."),
			"source_channel": framework.ComputedString("The channel the conversation came from, such as `email`; null when DevRev names none."),
			"sla_summary": schema.SingleNestedAttribute{
				MarkdownDescription: "The conversation's SLA summary; null when no SLA applies.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"stage":       schema.StringAttribute{Computed: true, MarkdownDescription: "The SLA's stage: `breached`, `completed`, `paused`, `running` or `warning`."},
					"target_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the SLA is breached (RFC 3339)."},
				},
			},
			"created_date": framework.ComputedString("When the conversation was created (RFC 3339)."),
			"modified_date": schema.StringAttribute{
				MarkdownDescription: "When the conversation was last modified (RFC 3339). Changes with every update.",
				Computed:            true,
			},
			"created_by": framework.ComputedString("The DON id of the user who created the conversation."),
			"on_destroy": onDestroyAttribute("What destroying the resource does: `delete` (default) deletes the conversation with "+
				"`conversations.delete`; `keep` only removes it from Terraform state, leaving it in DevRev as it is, with a warning. "+
				"Changing it makes no API call.", devrevConversationDelete, devrevConversationKeep),
		},
		Blocks: map[string]schema.Block{
			"timeouts": framework.TimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *devrevConversationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The conversation's DON id, such as \"don:core:dvrv-us-1:devo/0:conversation/1\". " +
		"An identity import also takes its display id (\"CONV-1\"); the identity then holds the DON id.")
}

// ModifyPlan keeps modified_date and sla_summary known when the change makes
// no API call (only custom_schema_spec, the timeouts or the id form of a user
// changed): the framework marks every computed attribute unknown on any diff.
// A plan equal to the state has no diff and nothing to keep.
func (r *devrevConversationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var plan, state devrevConversationModel
	if req.Plan.Get(ctx, &plan).HasError() || req.State.Get(ctx, &state).HasError() {
		return
	}
	if upd, diags := plan.updateRequest(ctx, &state); diags.HasError() || upd != nil {
		return
	}
	plan.ModifiedDate, plan.SLASummary = state.ModifiedDate, state.SLASummary
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *devrevConversationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan devrevConversationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	createReq, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	conv, diags := r.create(ctx, createReq)
	resp.Diagnostics.Append(diags...)
	if conv == nil {
		return
	}

	state := plan
	resp.Diagnostics.Append(state.fromAPI(ctx, conv, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.IsFrozen.ValueBool() {
		// conversations.create has no is_frozen.
		tflog.Debug(ctx, "Freezing the new DevRev conversation", map[string]any{"id": conv.ID})
		updated, err := r.client.Conversations.Update(ctx, &client.DevRevConversationUpdateRequest{ID: conv.ID, IsFrozen: new(true)})
		if err != nil {
			// The conversation exists: keep it (Terraform marks it tainted).
			state.IsFrozen = types.BoolValue(false)
			resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
			resp.Diagnostics.AddError("Unable to Freeze DevRev Conversation", apiErrorDetail(
				fmt.Sprintf("setting is_frozen on the new conversation %s", conv.DisplayID), err,
				"The conversation was created and is kept in state, marked tainted; the next apply replaces it."))
			return
		}
		resp.Diagnostics.Append(state.fromAPI(ctx, updated, &plan)...)
	}
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
	tflog.Trace(ctx, "Created DevRev conversation", map[string]any{"id": conv.ID})
}

// create sends conversations.create. When an answer is lost it looks for the
// conversation the request made before anything else: one match is adopted,
// several are an error naming them, and none means the create did not happen,
// so it is sent again (at most devrevConversationCreateAttempts times in all).
func (r *devrevConversationResource) create(ctx context.Context, req *client.DevRevConversationCreateRequest) (*client.DevRevConversation, diag.Diagnostics) {
	var diags diag.Diagnostics
	doing := "creating a DevRev conversation (conversations.create)"
	since := time.Now().Add(-devrevConversationClockSkew)
	for attempt := 1; ; attempt++ {
		tflog.Debug(ctx, "Creating DevRev conversation", map[string]any{"attempt": attempt})
		conv, err := r.client.Conversations.Create(ctx, req)
		if err == nil {
			return conv, diags
		}
		if !client.MayHaveCommitted(err) {
			diags.AddError("Unable to Create DevRev Conversation", apiErrorDetail(doing, err, ""))
			return nil, diags
		}
		tflog.Warn(ctx, "The answer to conversations.create was lost; looking for the conversation it may have made", map[string]any{"error": err.Error()})
		found, findErr := r.findCreated(ctx, req, since)
		switch {
		case findErr != nil:
			diags.AddError("Unable to Create DevRev Conversation", apiErrorDetail(doing, err, fmt.Sprintf(
				"The conversation may exist although the create failed, and looking for it failed too (%s). It was not created "+
					"again, to avoid a duplicate. Look for a new conversation titled %q in DevRev: import it with "+
					"`terraform import <resource address> <id or display id>` if it exists, or apply again if it does not.", findErr, ptrString(req.Title))))
			return nil, diags
		case len(found) == 1:
			diags.AddWarning("Adopted the DevRev Conversation a Lost Create Made",
				fmt.Sprintf("The answer to conversations.create was lost (%s), but the conversation it made was found: %s (%s). "+
					"It is now managed by this resource; no second conversation was created.", err, found[0].DisplayID, found[0].ID))
			return &found[0], diags
		case len(found) > 1:
			ids := make([]string, 0, len(found))
			for _, c := range found {
				ids = append(ids, c.DisplayID+" ("+c.ID+")")
			}
			diags.AddError("Unable to Create DevRev Conversation", apiErrorDetail(doing, err, fmt.Sprintf(
				"The answer was lost, and %d conversations match what was sent, so which one this create made cannot be told: %s. "+
					"Import the right one with `terraform import <resource address> <id>` (and delete any extra in DevRev) instead of applying again.",
				len(found), strings.Join(ids, ", "))))
			return nil, diags
		case attempt >= devrevConversationCreateAttempts:
			diags.AddError("Unable to Create DevRev Conversation", apiErrorDetail(doing, err, fmt.Sprintf(
				"DevRev failed %d times; each time a search showed no conversation was made. Apply again later.", attempt)))
			return nil, diags
		}
	}
}

// findCreated lists the conversations modified since the create began that
// match everything it sent: the candidates for the one it made. One narrow
// conversations.list, paged only if it ever matched more than a page.
func (r *devrevConversationResource) findCreated(ctx context.Context, req *client.DevRevConversationCreateRequest, since time.Time) ([]client.DevRevConversation, error) {
	after := since.UTC().Format(time.RFC3339)
	list := &client.DevRevConversationsListRequest{
		ModifiedDate: &client.DevRevDateTimeFilter{After: &after},
		Members:      req.Members,
		OwnedBy:      req.OwnedBy,
		Channels:     req.Channels,
	}
	if req.Group != nil {
		list.Group = []string{*req.Group}
	}
	if req.Stage != nil {
		list.Stage = &client.DevRevStageFilter{Name: []string{req.Stage.Name}}
	}
	if req.IsSpam != nil {
		list.IsSpam = req.IsSpam
	}
	var out []client.DevRevConversation
	for c, err := range r.client.Conversations.ListIter(ctx, *list, 0, nil) {
		if err != nil {
			return nil, err
		}
		if c.CreatedDate != nil && c.CreatedDate.Before(since) {
			continue
		}
		if c.Title != ptrString(req.Title) || c.Description != ptrString(req.Description) {
			continue
		}
		if len(c.Tags) != len(req.Tags) || len(c.Channels) != len(req.Channels) {
			continue
		}
		if len(req.Members) > 0 && len(c.Members) != len(req.Members) {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

func ptrString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (r *devrevConversationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state devrevConversationModel
	readResource(ctx, req, resp, "DevRev conversation", &state, &state.ID, &state.Timeouts, r.client.Conversations.Get,
		func(conv *client.DevRevConversation) diag.Diagnostics { return state.readFrom(ctx, conv) })
}

// readFrom is what Read makes of the conversation DevRev returned.
func (m *devrevConversationModel) readFrom(ctx context.Context, c *client.DevRevConversation) diag.Diagnostics {
	if m.OnDestroy.IsNull() {
		m.OnDestroy = types.StringValue(devrevConversationDelete)
	}
	prior := *m
	return m.fromAPI(ctx, c, &prior)
}

func (r *devrevConversationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state devrevConversationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	upd, diags := plan.updateRequest(ctx, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	next := plan
	next.ID, next.DisplayID = state.ID, state.DisplayID
	// With no API call to make, only what DevRev does not hold changed
	// (custom_schema_spec, timeouts, or the id form of a user).
	devrevSaveUpdate(ctx, resp, "DevRev conversation", state.ID, state.DisplayID, upd, &next, &next.ID,
		func() {
			next.SourceChannel, next.SLASummary = state.SourceChannel, state.SLASummary
			next.CreatedDate, next.ModifiedDate, next.CreatedBy = state.CreatedDate, state.ModifiedDate, state.CreatedBy
		},
		r.client.Conversations.Update,
		func(conv *client.DevRevConversation) diag.Diagnostics { return next.fromAPI(ctx, conv, &plan) })
}

func (r *devrevConversationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state devrevConversationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if state.OnDestroy.ValueString() == devrevConversationKeep {
		resp.Diagnostics.AddWarning("DevRev Conversation Left As It Is",
			fmt.Sprintf("DevRev conversation %s was removed from Terraform state only (on_destroy = \"keep\"): it stays in DevRev as it is.",
				state.DisplayID.ValueString()))
		return
	}
	ctx, cancel := framework.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	deleteObject(ctx, &resp.Diagnostics, "DevRev conversation", id, state.DisplayID.ValueString(), "",
		func() error { return r.client.Conversations.Delete(ctx, id) })
}

// ImportState takes the conversation's DON id or display id, from `terraform
// import`, an import block's id, or its identity; the Read that follows
// replaces a display id with the DON id, in state and in the identity.
func (r *devrevConversationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if id := importRequestID(ctx, req, &resp.Diagnostics, "the conversation's DON id (don:core:dvrv-us-1:devo/0:conversation/1) or display id (CONV-1)"); id != "" {
		resp.Diagnostics.Append(devrevConversationImportedState(ctx, &resp.State, id)...)
	}
}

// devrevConversationImportedState is what an import of id puts in state
// before the Read that follows it; the list resource starts from it too, so
// that a listed conversation is exactly what importing it would give.
func devrevConversationImportedState(ctx context.Context, state *tfsdk.State, id string) diag.Diagnostics {
	diags := state.SetAttribute(ctx, path.Root("id"), id)
	return append(diags, state.SetAttribute(ctx, path.Root("on_destroy"), devrevConversationDelete)...)
}

// createRequest is the conversations.create body of the plan.
func (m *devrevConversationModel) createRequest(ctx context.Context) (*client.DevRevConversationCreateRequest, diag.Diagnostics) {
	var diags, d diag.Diagnostics
	req := &client.DevRevConversationCreateRequest{
		Title:       m.Title.ValueStringPointer(),
		Description: m.Description.ValueStringPointer(),
	}
	if framework.Known(m.Group) { // unknown when left to DevRev
		req.Group = m.Group.ValueStringPointer()
	}
	req.Members, _ = framework.SetStrings(ctx, m.Members)
	req.OwnedBy, _ = framework.SetStrings(ctx, m.OwnedBy)
	req.Channels, _ = framework.SetStrings(ctx, m.Channels)
	if framework.Known(m.Stage) {
		req.Stage = &client.DevRevConversationStage{Name: m.Stage.ValueString()}
	}
	if m.IsSpam.ValueBool() {
		req.IsSpam = new(true)
	}
	req.Tags, diags = m.tagRequests(ctx)
	if framework.Known(m.CustomFields) {
		req.CustomFields = json.RawMessage(m.CustomFields.ValueString())
	}
	req.CustomSchemaSpec, d = devrevCustomSchemaSpec(ctx, m.CustomSchemaSpec)
	return req, append(diags, d...)
}

// updateRequest is the conversations.update that turns state into the plan,
// carrying only what changed; nil when nothing DevRev holds changed.
func (m *devrevConversationModel) updateRequest(ctx context.Context, state *devrevConversationModel) (*client.DevRevConversationUpdateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &client.DevRevConversationUpdateRequest{ID: state.ID.ValueString()}
	changed := false
	text := func(plan, prior types.String) *string {
		if plan.IsUnknown() || plan.Equal(prior) {
			return nil
		}
		changed = true
		return new(plan.ValueString()) // null clears it
	}
	req.Title = text(m.Title, state.Title)
	req.Description = text(m.Description, state.Description)
	if framework.Known(m.Group) && !m.Group.Equal(state.Group) {
		req.Group, changed = m.Group.ValueStringPointer(), true
	}
	if framework.Known(m.Stage) && !m.Stage.Equal(state.Stage) {
		req.Stage, changed = &client.DevRevConversationStage{Name: m.Stage.ValueString()}, true
	}
	set := func(plan, prior types.Set, key func(string) string) *client.DevRevChatSet {
		want, _ := framework.SetStrings(ctx, plan)
		have, _ := framework.SetStrings(ctx, prior)
		if plan.IsUnknown() || framework.SameSet(want, have, key) {
			return nil
		}
		changed = true
		return &client.DevRevChatSet{Set: framework.NonNil(want)}
	}
	if !m.Members.IsNull() {
		req.Members = set(m.Members, state.Members, framework.DevRevUserKey)
	}
	req.OwnedBy = set(m.OwnedBy, state.OwnedBy, framework.DevRevUserKey)
	req.Channels = set(m.Channels, state.Channels, nil)
	planTags, d := m.tagRequests(ctx)
	diags.Append(d...)
	stateTags, d := state.tagRequests(ctx)
	diags.Append(d...)
	tagKey := func(ts []client.DevRevConversationSetTag) []string {
		out := make([]string, 0, len(ts))
		for _, t := range ts {
			out = append(out, t.ID+"\x00"+ptrString(t.Value))
		}
		return out
	}
	if !m.Tags.IsUnknown() && !framework.SameSet(tagKey(planTags), tagKey(stateTags), nil) {
		if planTags == nil {
			planTags = []client.DevRevConversationSetTag{}
		}
		req.Tags, changed = &client.DevRevConversationTags{Set: &planTags}, true
	}
	if !m.IsSpam.Equal(state.IsSpam) && !m.IsSpam.IsUnknown() {
		req.IsSpam, changed = m.IsSpam.ValueBoolPointer(), true
	}
	if !m.IsFrozen.Equal(state.IsFrozen) && !m.IsFrozen.IsUnknown() {
		req.IsFrozen, changed = m.IsFrozen.ValueBoolPointer(), true
	}
	req.CustomFields, req.CustomSchemaSpec, d = devrevCustomFieldsUpdate(ctx, m.CustomFields, state.CustomFields, m.CustomSchemaSpec, state.CustomSchemaSpec)
	diags.Append(d...)
	if !changed && req.CustomFields == nil {
		return nil, diags
	}
	return req, diags
}

// fromAPI fills the model from DevRev's conversation. prior (plan or state)
// decides the form each reference is written in, and gives what DevRev does
// not return.
func (m *devrevConversationModel) fromAPI(ctx context.Context, c *client.DevRevConversation, prior *devrevConversationModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.DisplayID = framework.StringOrNull(c.DisplayID)
	m.Title = framework.StringOrNull(c.Title)
	m.Description = framework.StringOrNull(c.Description)

	m.Group = types.StringNull()
	if c.Group != nil {
		m.Group = types.StringValue(devrevWrittenForm(client.DevRevChatRef(*c.Group), []string{prior.Group.ValueString()}))
	}
	m.Stage = types.StringNull()
	if c.Stage != nil {
		m.Stage = framework.StringOrNull(c.Stage.Name)
	}

	m.Members = devrevConversationUsers(ctx, c.Members, prior.Members, &diags)
	m.OwnedBy = devrevConversationUsers(ctx, c.OwnedBy, prior.OwnedBy, &diags)

	priorChannels, _ := framework.SetStrings(ctx, prior.Channels)
	channels := make([]attr.Value, 0, len(c.Channels))
	for _, ch := range c.Channels {
		channels = append(channels, types.StringValue(devrevWrittenForm(client.DevRevChatRef(ch), priorChannels)))
	}
	m.Channels = framework.SetOrNull(types.StringType, channels, prior.Channels, &diags)

	priorTags, d := prior.tagRequests(ctx)
	diags.Append(d...)
	priorTagIDs := make([]string, 0, len(priorTags))
	for _, t := range priorTags {
		priorTagIDs = append(priorTagIDs, t.ID)
	}
	tags := make([]attr.Value, 0, len(c.Tags))
	for _, t := range c.Tags {
		v, d := types.ObjectValue(devrevConversationTagAttrTypes, map[string]attr.Value{
			"id":    types.StringValue(devrevWrittenForm(client.DevRevChatRef{ID: t.Tag.ID, DisplayID: t.Tag.DisplayID}, priorTagIDs)),
			"value": framework.StringOrNull(t.Value),
		})
		diags.Append(d...)
		tags = append(tags, v)
	}
	m.Tags = framework.SetOrNull(types.ObjectType{AttrTypes: devrevConversationTagAttrTypes}, tags, prior.Tags, &diags)

	// Not in DevRev's conversation object: kept from the plan or state; the
	// attribute's default after an import.
	m.IsSpam = types.BoolValue(prior.IsSpam.ValueBool())
	m.IsFrozen = types.BoolValue(prior.IsFrozen.ValueBool())
	m.CustomFields, m.CustomSchemaSpec = prior.CustomFields, prior.CustomSchemaSpec

	m.SourceChannel = framework.StringOrNull(c.SourceChannel)
	m.SLASummary = types.ObjectNull(devrevConvSLAAttrTypes)
	if c.SLASummary != nil {
		m.SLASummary = types.ObjectValueMust(devrevConvSLAAttrTypes, map[string]attr.Value{
			"stage":       framework.StringOrNull(c.SLASummary.Stage),
			"target_time": convTime(c.SLASummary.TargetTime),
		})
	}
	m.CreatedDate = convTime(c.CreatedDate)
	m.ModifiedDate = convTime(c.ModifiedDate)
	m.CreatedBy = types.StringNull()
	if c.CreatedBy != nil {
		m.CreatedBy = framework.StringOrNull(c.CreatedBy.ID)
	}
	return diags
}

// devrevConversationUsers is the API's users, each in the form prior writes
// it, else as its display id. An empty answer is null unless prior is an
// empty set.
func devrevConversationUsers(ctx context.Context, users []client.DevRevUserSummary, prior types.Set, diags *diag.Diagnostics) types.Set {
	written, _ := framework.SetStrings(ctx, prior)
	refs := make([]client.DevRevChatRef, len(users))
	for i, u := range users {
		refs[i] = client.DevRevChatRef{ID: u.ID, DisplayID: u.DisplayID}
	}
	var vals []attr.Value
	for _, form := range devrevWrittenForms(refs, written, true, true) {
		vals = append(vals, framework.NewDevRevUserValue(form))
	}
	return framework.SetOrNull(framework.DevRevUserType{}, vals, prior, diags)
}

// tagRequests are the configured tags as set-tag-with-value entries.
func (m *devrevConversationModel) tagRequests(ctx context.Context) ([]client.DevRevConversationSetTag, diag.Diagnostics) {
	if !framework.Known(m.Tags) {
		return nil, nil
	}
	var tags []devrevConversationTagModel
	diags := m.Tags.ElementsAs(ctx, &tags, false)
	out := make([]client.DevRevConversationSetTag, 0, len(tags))
	for _, t := range tags {
		out = append(out, client.DevRevConversationSetTag{ID: t.ID.ValueString(), Value: t.Value.ValueStringPointer()})
	}
	return out, diags
}
