package provider

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ resource.Resource                   = (*devrevChatResource)(nil)
	_ resource.ResourceWithConfigure      = (*devrevChatResource)(nil)
	_ resource.ResourceWithImportState    = (*devrevChatResource)(nil)
	_ resource.ResourceWithValidateConfig = (*devrevChatResource)(nil)
	_ resource.ResourceWithIdentity       = (*devrevChatResource)(nil)
)

// devrevChatImportedKey is the private-state key set by an import: DevRev does
// not return is_default, so the imported value is a guess that the first
// plan may correct in place instead of replacing the chat.
const devrevChatImportedKey = "imported_is_default_unverified"

// devrevChatMaxUsers and devrevChatMaxRecords are the API's limits of a DM.
const (
	devrevChatMaxUsers   = 16
	devrevChatMaxRecords = 16
)

// NewDevRevChatResource returns the chatops_devrev_chat resource.
func NewDevRevChatResource() resource.Resource {
	return &devrevChatResource{devrevResourceBase{typeName: "devrev_chat"}}
}

type devrevChatResource struct{ devrevResourceBase }

type devrevChatModel struct {
	ID               types.String         `tfsdk:"id"`
	DisplayID        types.String         `tfsdk:"display_id"`
	Type             types.String         `tfsdk:"type"`
	Users            types.Set            `tfsdk:"users"`
	Title            types.String         `tfsdk:"title"`
	Records          types.Set            `tfsdk:"records"`
	IsDefault        types.Bool           `tfsdk:"is_default"`
	CustomFields     jsontypes.Normalized `tfsdk:"custom_fields"`
	CustomSchemaSpec types.Object         `tfsdk:"custom_schema_spec"`
	GetIfConflict    types.Bool           `tfsdk:"get_if_conflict"`
	CreatedDate      types.String         `tfsdk:"created_date"`
	ModifiedDate     types.String         `tfsdk:"modified_date"`
	CreatedBy        types.String         `tfsdk:"created_by"`
	Groups           types.Set            `tfsdk:"groups"`
	Timeouts         timeouts.Value       `tfsdk:"timeouts"`
}

func (r *devrevChatResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The chat's DON id, such as \"don:core:dvrv-us-1:devo/0:dm/1\", or its display id, such as \"DM-1\" (an import by display id stores the DON id).")
}

func (r *devrevChatResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	customSchemaSpec := devrevCustomSchemaSpecAttribute("The custom schemas `custom_fields` are validated against. Optional, no default; " +
		"required when `custom_fields` is set. Sent with every request that carries custom fields (and with the create); the API " +
		"does not return it, so it is kept as configured. A change of it alone makes no API call.")
	// Computed only so that generated configuration (terraform plan
	// -generate-config-out) leaves it out when unset instead of writing
	// custom_schema_spec = null; the modifier plans null whenever it is not
	// configured.
	customSchemaSpec.Computed = true
	customSchemaSpec.PlanModifiers = []planmodifier.Object{framework.NullWhenUnset()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A DevRev direct-message chat (DM) between up to 16 dev users, created with `chats.create`, read with " +
			"`chats.get` and changed in place with `chats.update`.\n\n" +
			"Only one *default* DM exists for a set of users. By default (`get_if_conflict = true`) creating a default DM " +
			"that already exists adopts it instead of failing; a default DM's create retried after a timeout or a 5xx answer " +
			"is always sent with `get_if_conflict`, so a retry never makes a second chat. A non-default DM " +
			"(`is_default = false`) cannot be deduplicated that way, so its create is retried only when DevRev cannot have " +
			"acted on it, and a failure says how to import the chat should it exist.\n\n" +
			"DevRev has no endpoint to delete a chat: destroying this resource only removes it from the Terraform state, " +
			"with a warning, and the chat stays in DevRev.",
		Attributes: map[string]schema.Attribute{
			"id":         framework.ComputedString("The chat's DON id, e.g. `don:core:dvrv-us-1:devo/0:dm/1`. Always the DON id, also after an import by display id."),
			"display_id": framework.ComputedString("The chat's human-readable id, e.g. `DM-1`."),
			"type":       framework.ComputedString("The chat type; always `dm`."),
			"users": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("The dev users of the DM, 1 to %d, each as a DON id (`don:identity:dvrv-us-1:devo/0:devu/1`) "+
					"or a display id (`DEVU-1`). The authenticated user (the token's owner) must be among them. "+
					"The state keeps the form written here: the API answering the other form causes no diff. "+
					"Writing a user in the other form (`DEVU-1` instead of its DON id, or the reverse) plans no change and makes no API call. "+
					"A change of the users is applied in place (`users.set`).", devrevChatMaxUsers),
				Required:      true,
				ElementType:   framework.DevRevUserType{},
				PlanModifiers: []planmodifier.Set{framework.KeepSameDevRevUsers()},
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, devrevChatMaxUsers),
					setvalidator.ValueStringsAre(framework.NotBlank()),
				},
			},
			"title": schema.StringAttribute{
				MarkdownDescription: "The chat's title. Optional, not empty when set. A change is applied in place; removing it clears the title.",
				Optional:            true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"records": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("Ids of the records (issues, tickets, ...) associated with the DM, at most %d. Optional, no default. "+
					"A change is applied in place (`records.set`); removing the attribute clears them. "+
					"DevRev does not return a DM's records, so the provider keeps the configured value: a change made outside Terraform "+
					"cannot be detected, and after an import the state has none, so the first apply sets the configured records.", devrevChatMaxRecords),
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtMost(devrevChatMaxRecords),
					setvalidator.ValueStringsAre(framework.NotBlank()),
				},
			},
			"is_default": schema.BoolAttribute{
				MarkdownDescription: "Whether this is the default DM of its users, the one DevRev opens when messaging them. " +
					"Only one default DM may exist for a set of users. Defaults to `true`. Changing it replaces the chat (a new chat is created; " +
					"the old one stays in DevRev). DevRev does not return it, so the provider keeps the configured value and cannot detect a " +
					"change made outside Terraform. An import cannot read it either: the imported state assumes `true`, and if the " +
					"configuration says `false` the first apply records that in the state without replacing the chat or calling the API.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(true),
				PlanModifiers: []planmodifier.Bool{devrevChatIsDefaultReplace()},
			},
			"custom_fields": devrevCustomFieldsAttribute("Application-defined custom fields, as a JSON object (use `jsonencode`), named by the schema " +
				"fragment that defines them: `tnt__<name>` (tenant fragment), `ctype__<name>` (subtype) or `<app>__<name>`. " +
				"Optional, no default; requires `custom_schema_spec`, which DevRev needs to validate them (refused at plan time without it). " +
				"Key order and whitespace never cause a diff. A change is applied in place; keys removed here are removed from the chat. " +
				"DevRev does not return a DM's custom fields, so the provider keeps the configured value: a change made outside Terraform " +
				"cannot be detected, and after an import the state has none, so the first apply sets the configured fields."),
			"custom_schema_spec": customSchemaSpec,
			"get_if_conflict": schema.BoolAttribute{
				MarkdownDescription: "When `true` (the default), creating a default DM for users who already have one adopts the " +
					"existing chat (and then applies `title`, `records` and `custom_fields` to it). When `false`, that create fails " +
					"with an error saying how to adopt or import the chat. Only used on create: changing it makes no API call.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"created_date": framework.ComputedString("When the chat was created (RFC 3339)."),
			"modified_date": schema.StringAttribute{
				MarkdownDescription: "When the chat was last modified (RFC 3339). Changes with every update that reaches the API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{devrevChatKeepModifiedDate()},
			},
			"created_by": framework.ComputedString("The DON id of the user who created the chat."),
			"groups": schema.SetAttribute{
				MarkdownDescription: "Ids of the groups the chat belongs to; empty unless DevRev put it in groups.",
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": framework.TimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true}),
		},
	}
}

// ValidateConfig checks, before any API call, what the schema's validators
// cannot see: custom fields without the schema spec DevRev needs for them,
// and one user written in both id forms.
func (r *devrevChatResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var fields jsontypes.Normalized
	var spec types.Object
	var users types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("custom_fields"), &fields)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("custom_schema_spec"), &spec)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("users"), &users)...)
	if !fields.IsUnknown() && !framework.IsEmptyJSONObject(fields) && spec.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("custom_schema_spec"), "Missing Custom Schema Spec",
			"custom_fields is set but custom_schema_spec is not. DevRev validates each custom field against the schema named in "+
				"custom_schema_spec and refuses a request without it (400 Bad Request). Add, for example, "+
				"custom_schema_spec = { tenant_fragment = true } for tnt__ fields, subtype = \"<name>\" for ctype__ fields, "+
				"or apps = [\"<app>\"] for <app>__ fields.")
	}
	refs, isKnown := framework.SetStrings(ctx, users)
	if resp.Diagnostics.HasError() || !isKnown {
		return
	}
	keys := map[string]string{}
	for _, ref := range refs {
		k := framework.DevRevUserKey(ref)
		if other, dup := keys[k]; dup {
			resp.Diagnostics.AddAttributeWarning(path.Root("users"), "Same User Listed Twice",
				fmt.Sprintf("%q and %q name the same DevRev user. The API keeps one; list the user once.", other, ref))
			continue
		}
		keys[k] = ref
	}
}

func (r *devrevChatResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan devrevChatModel
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
	tflog.Debug(ctx, "Creating DevRev chat", map[string]any{
		"users": createReq.Users, "is_default": createReq.IsDefault == nil || *createReq.IsDefault,
		"get_if_conflict": createReq.GetIfConflict != nil && *createReq.GetIfConflict,
	})
	chat, err := r.client.Chats.Create(ctx, createReq)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create DevRev Chat", r.createErrorDetail(ctx, createReq, err))
		return
	}

	// An adopted chat (get_if_conflict) keeps its own title, records and custom
	// fields: one update makes it match the configuration.
	upd, diags := plan.reconcileRequest(ctx, chat, createReq)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if upd != nil {
		tflog.Debug(ctx, "Updating adopted DevRev chat to match the configuration", map[string]any{"id": chat.ID})
		updated, err := r.client.Chats.Update(ctx, upd)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Update Adopted DevRev Chat", apiErrorDetail(
				fmt.Sprintf("updating the existing chat %s, adopted because get_if_conflict is true, to match the configuration", chat.DisplayID), err,
				fmt.Sprintf("The chat exists but differs from the configuration. Import it with `terraform import chatops_devrev_chat.<name> %s` and apply again.", chat.ID)))
			return
		}
		chat = updated
	}

	state := plan
	resp.Diagnostics.Append(state.fromAPI(ctx, chat, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
	tflog.Trace(ctx, "Created DevRev chat", map[string]any{"id": chat.ID})
}

// createErrorDetail explains a failed create and how to recover. The advice
// follows the create's retry policy: a default DM is unique per set of users,
// so a create whose outcome is unknown is resolved by applying again (with
// get_if_conflict it adopts the chat); a non-default DM has no such key.
func (r *devrevChatResource) createErrorDetail(ctx context.Context, req *client.DevRevChatCreateRequest, err error) string {
	doing := fmt.Sprintf("creating a DevRev DM of users %s", strings.Join(req.Users, ", "))
	isDefault := req.IsDefault == nil || *req.IsDefault
	getIfConflict := req.GetIfConflict != nil && *req.GetIfConflict
	var apiErr *client.APIError
	var tErr *client.TransportError
	serverFailed := errors.As(err, &apiErr) && apiErr.StatusCode >= 500
	noAnswer := errors.As(err, &tErr)
	switch {
	case client.IsConflict(err):
		id := "<id>"
		// Name the existing chat, so that the import command can be pasted.
		tflog.Debug(ctx, "Looking up the existing default DM of the users", map[string]any{"users": req.Users})
		if existing, getErr := r.client.Chats.GetDM(ctx, req.Users); getErr == nil && existing.ID != "" {
			id = existing.ID
		}
		return apiErrorDetail(doing, err, fmt.Sprintf(
			"A default DM already exists for these users (%s), and get_if_conflict is false. To manage that chat with Terraform, either:\n"+
				"  - set get_if_conflict = true, so that the create adopts the existing chat, or\n"+
				"  - import it: terraform import chatops_devrev_chat.<name> %s\n"+
				"To create another, non-default DM of the same users, set is_default = false.", id, id))
	case !isDefault && client.MayHaveCommitted(err):
		return apiErrorDetail(doing, err,
			"The request reached DevRev but its answer was lost, so the chat may exist although the create failed. "+
				"A non-default DM (is_default = false) cannot be deduplicated, so it was not retried. Look for the DM in DevRev "+
				"and import it (terraform import chatops_devrev_chat.<name> <id or display id>) instead of applying again, "+
				"which would create a second chat.")
	case !isDefault && noAnswer:
		return apiErrorDetail(doing, err, "The request did not reach DevRev, so no chat was created: applying again is safe.")
	case isDefault && (serverFailed || noAnswer) && getIfConflict:
		return apiErrorDetail(doing, err,
			"The chat may have been created by an attempt whose answer was lost. A default DM is unique per set of users and "+
				"get_if_conflict is true, so applying again adopts that chat instead of creating a second one.")
	case isDefault && (serverFailed || noAnswer):
		return apiErrorDetail(doing, err,
			"The chat may have been created by an attempt whose answer was lost. A default DM is unique per set of users, so "+
				"applying again cannot create a second one: with get_if_conflict = false it fails with a conflict naming the chat. "+
				"Set get_if_conflict = true to adopt it, or import it.")
	case serverFailed:
		return apiErrorDetail(doing, err, "DevRev answered with a server error before acting on the request; applying again is safe.")
	}
	return apiErrorDetail(doing, err, "")
}

func (r *devrevChatResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state devrevChatModel
	readResource(ctx, req, resp, "DevRev chat", &state, &state.ID, &state.Timeouts, r.client.Chats.Get, func(chat *client.DevRevChat) diag.Diagnostics {
		prior := state
		diags := state.fromAPI(ctx, chat, &prior)
		// After an import, DevRev does not say what is_default is: assume the
		// API's default; ImportState marked it unverified, so a configured
		// false is taken in place on the first plan instead of replacing.
		// get_if_conflict takes the attribute's default.
		if state.GetIfConflict.IsNull() {
			state.GetIfConflict = types.BoolValue(true)
		}
		if state.IsDefault.IsNull() {
			state.IsDefault = types.BoolValue(true)
		}
		return diags
	})
}

func (r *devrevChatResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state devrevChatModel
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
	next.ID, next.DisplayID, next.Type = state.ID, state.DisplayID, state.Type
	// The plan's is_default is now the recorded value (see
	// devrevChatIsDefaultModifier).
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, devrevChatImportedKey, nil)...)
	// With no API call to make, only attributes DevRev does not hold changed
	// (get_if_conflict, custom_schema_spec, timeouts, or the id form of a user).
	devrevSaveUpdate(ctx, resp, "DevRev chat", state.ID, state.DisplayID, upd, &next, &next.ID,
		func() {
			next.CreatedDate, next.ModifiedDate, next.CreatedBy, next.Groups = state.CreatedDate, state.ModifiedDate, state.CreatedBy, state.Groups
		},
		r.client.Chats.Update,
		func(chat *client.DevRevChat) diag.Diagnostics { return next.fromAPI(ctx, chat, &plan) })
}

func (r *devrevChatResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state devrevChatModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "Forgetting DevRev chat: DevRev has no delete endpoint", map[string]any{"id": state.ID.ValueString()})
	resp.Diagnostics.AddWarning("DevRev Chat Removed From State Only",
		fmt.Sprintf("DevRev has no API to delete a chat, so chat %s (%s) still exists in DevRev: it was only removed from the Terraform state. "+
			"Delete it in the DevRev app if it is no longer wanted, or bring it back under management with "+
			"terraform import chatops_devrev_chat.<name> %s.", state.DisplayID.ValueString(), state.ID.ValueString(), state.ID.ValueString()))
}

// ImportState takes the chat's DON id or display id, from `terraform import`,
// an import block's id, or its identity.
func (r *devrevChatResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if id := importRequestID(ctx, req, &resp.Diagnostics, "the chat's DON id (don:core:dvrv-us-1:devo/0:dm/1) or display id (DM-1)"); id != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, devrevChatImportedKey, []byte("true"))...)
	}
}

// devrevChatModifiedDateModifier keeps the prior modified_date in a plan
// whose update makes no API call (only get_if_conflict, custom_schema_spec,
// the timeouts or the id form of a user change); otherwise the value is
// unknown until the update answers.
type devrevChatModifiedDateModifier struct{ framework.Described }

func devrevChatKeepModifiedDate() planmodifier.String {
	return devrevChatModifiedDateModifier{"keeps the prior value when the update makes no API call"}
}

func (devrevChatModifiedDateModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var plan, state devrevChatModel
	if req.Plan.Get(ctx, &plan).HasError() || req.State.Get(ctx, &state).HasError() {
		return
	}
	if !plan.IsDefault.Equal(state.IsDefault) && !devrevChatImportUnverified(ctx, req.Private) {
		return
	}
	upd, diags := plan.updateRequest(ctx, &state)
	if diags.HasError() || upd != nil {
		return
	}
	resp.PlanValue = req.StateValue
}

// devrevChatImportUnverified reports whether the state's is_default is the
// guess an import made, not a value that was configured and applied.
func devrevChatImportUnverified(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) bool {
	if private == nil {
		return false
	}
	v, diags := private.GetKey(ctx, devrevChatImportedKey)
	return !diags.HasError() && string(v) == "true"
}

// devrevChatIsDefaultModifier replaces the chat when is_default changes,
// except from the value an import assumed: DevRev cannot say which it is,
// so the configured value is recorded in place, with no API call, rather
// than replacing a chat that may already be what is configured.
type devrevChatIsDefaultModifier struct{ framework.Described }

func devrevChatIsDefaultReplace() planmodifier.Bool {
	return devrevChatIsDefaultModifier{"requires replacement when the value changes, except the first change after an import"}
}

func (devrevChatIsDefaultModifier) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	if req.StateValue.IsNull() || devrevChatImportUnverified(ctx, req.Private) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "is_default Recorded Without Checking",
			fmt.Sprintf("DevRev does not return whether a DM is its users' default, so the import assumed true. "+
				"This apply records is_default = %v in the state without calling the API and without replacing the chat. "+
				"If the chat is in fact of the other kind, change is_default afterwards to replace it.", req.PlanValue.ValueBool()))
		return
	}
	resp.RequiresReplace = true
}

// createRequest is the chats.create body of the plan.
func (m *devrevChatModel) createRequest(ctx context.Context) (*client.DevRevChatCreateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &client.DevRevChatCreateRequest{
		Title:         m.Title.ValueStringPointer(),
		IsDefault:     m.IsDefault.ValueBoolPointer(),
		GetIfConflict: m.GetIfConflict.ValueBoolPointer(),
	}
	req.Users, _ = framework.SetStrings(ctx, m.Users)
	req.Records, _ = framework.SetStrings(ctx, m.Records)
	if !m.CustomFields.IsNull() {
		req.CustomFields = json.RawMessage(m.CustomFields.ValueString())
	}
	req.CustomSchemaSpec, diags = devrevCustomSchemaSpec(ctx, m.CustomSchemaSpec)
	return req, diags
}

// updateRequest is the chats.update body that turns have (the state, or
// the chat a create adopted) into the plan, carrying only what changed; nil
// when nothing the API holds changed. Records or custom fields unknown in
// have are those of an adopted chat, which DevRev does not return: the
// configured ones are sent (see reconcileRequest).
func (m *devrevChatModel) updateRequest(ctx context.Context, have *devrevChatModel) (*client.DevRevChatUpdateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &client.DevRevChatUpdateRequest{ID: have.ID.ValueString()}
	changed := false
	if !m.Title.Equal(have.Title) {
		// An empty title clears it.
		req.Title, changed = new(m.Title.ValueString()), true
	}
	users, _ := framework.SetStrings(ctx, m.Users)
	haveUsers, _ := framework.SetStrings(ctx, have.Users)
	if m.Users.IsUnknown() || !framework.DevRevSameUsers(users, haveUsers) {
		req.Users, changed = &client.DevRevChatSet{Set: framework.NonNil(users)}, true
	}
	records, _ := framework.SetStrings(ctx, m.Records)
	haveRecords, _ := framework.SetStrings(ctx, have.Records)
	recordsDiffer := m.Records.IsUnknown() || !framework.SameSet(records, haveRecords, nil)
	if have.Records.IsUnknown() {
		// A title or users mismatch proves an adoption; the update it needs
		// anyway also makes the records exact (none, when unset), at no cost.
		recordsDiffer = len(records) > 0 || changed
	}
	if recordsDiffer {
		req.Records, changed = &client.DevRevChatSet{Set: framework.NonNil(records)}, true
	}
	req.CustomFields, req.CustomSchemaSpec, diags = devrevCustomFieldsUpdate(ctx, m.CustomFields, have.CustomFields, m.CustomSchemaSpec, have.CustomSchemaSpec)
	if !changed && req.CustomFields == nil {
		return nil, diags
	}
	return req, diags
}

// reconcileRequest is the chats.update that makes an adopted chat match the
// plan; nil when it already does or cannot have been adopted.
//
// A create with get_if_conflict of a default DM may return an existing chat
// whose title, users, records and custom fields are not the configured ones.
// Title and users are in the answer and compared. Records and custom fields
// are not (DevRev does not return them), so whenever an adoption was
// possible and the plan has them, they are set again: a chat the create made
// anyway gets the same values, an adopted one is corrected. Custom fields
// the adopted chat has but the plan does not name cannot be seen, so they
// stay.
func (m *devrevChatModel) reconcileRequest(ctx context.Context, chat *client.DevRevChat, create *client.DevRevChatCreateRequest) (*client.DevRevChatUpdateRequest, diag.Diagnostics) {
	adoptable := (create.IsDefault == nil || *create.IsDefault) && create.GetIfConflict != nil && *create.GetIfConflict
	if !adoptable {
		return nil, nil
	}
	var have devrevChatModel
	diags := have.fromAPI(ctx, chat, m)
	have.Records, have.CustomFields = types.SetUnknown(types.StringType), jsontypes.NewNormalizedUnknown()
	upd, d := m.updateRequest(ctx, &have)
	return upd, append(diags, d...)
}

// fromAPI fills the model from the API's chat. prior (plan or state) decides
// the form each user is written in, and keeps what the API does not return.
func (m *devrevChatModel) fromAPI(ctx context.Context, chat *client.DevRevChat, prior *devrevChatModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(chat.ID)
	m.DisplayID = types.StringValue(chat.DisplayID)
	m.Type = types.StringValue(cmp.Or(chat.Type, client.ChatTypeDM))

	priorUsers, _ := framework.SetStrings(ctx, prior.Users)
	// A user the configuration does not know is written as its DON id, or as
	// its display id when the configuration writes display ids only.
	preferDisplay := len(priorUsers) > 0 && !slices.ContainsFunc(priorUsers, func(u string) bool { return strings.HasPrefix(u, "don:") })
	m.Users, diags = framework.DevRevUsersSet(ctx, devrevWrittenForms(chat.UserRefs(), priorUsers, true, preferDisplay))
	m.Title = types.StringPointerValue(chat.Title)
	if chat.Title != nil && *chat.Title == "" {
		m.Title = types.StringNull()
	}

	// DevRev does not return records, is_default or custom fields: they are
	// what was last applied (the plan on create and update, the prior state
	// on read), or unset after an import.
	m.Records = prior.Records
	if m.Records.IsUnknown() {
		m.Records = types.SetNull(types.StringType)
	}
	m.IsDefault = prior.IsDefault
	if m.IsDefault.IsUnknown() {
		m.IsDefault = types.BoolNull()
	}
	m.CustomFields = prior.CustomFields
	if m.CustomFields.IsUnknown() {
		m.CustomFields = jsontypes.NewNormalizedNull()
	}

	m.CreatedDate = framework.StringOrNull(chat.CreatedDate)
	m.ModifiedDate = framework.StringOrNull(chat.ModifiedDate)
	m.CreatedBy = types.StringNull()
	if chat.CreatedBy != nil {
		m.CreatedBy = framework.StringOrNull(cmp.Or(chat.CreatedBy.ID, chat.CreatedBy.DisplayID))
	}
	groups, d := types.SetValueFrom(ctx, types.StringType, chat.GroupIDs())
	m.Groups = groups
	return append(diags, d...)
}
