package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ resource.Resource                = (*helpcrunchCustomerResource)(nil)
	_ resource.ResourceWithConfigure   = (*helpcrunchCustomerResource)(nil)
	_ resource.ResourceWithImportState = (*helpcrunchCustomerResource)(nil)
	_ resource.ResourceWithIdentity    = (*helpcrunchCustomerResource)(nil)
)

// On-destroy behaviours of chatops_helpcrunch_customer.
const (
	helpcrunchCustomerKeep   = "keep"
	helpcrunchCustomerDelete = "delete"
)

// helpcrunchCustomerOthersKey is the private state key of the writable
// fields the resource does not manage, as last read: every update sends them
// back, since HelpCrunch's current update page says a PUT nulls what it
// leaves out.
const helpcrunchCustomerOthersKey = "helpcrunch_customer_others"

// helpcrunchDeleteCustomerDocs is HelpCrunch's own word that deleting a
// customer deletes their chat history.
const helpcrunchDeleteCustomerDocs = "https://docs.helpcrunch.com/rest-api-legacy/delete-customer"

// NewHelpCrunchCustomerResource returns the chatops_helpcrunch_customer resource.
func NewHelpCrunchCustomerResource() resource.Resource {
	return &helpcrunchCustomerResource{helpcrunchResourceBase{typeName: "helpcrunch_customer"}}
}

type helpcrunchCustomerResource struct{ helpcrunchResourceBase }

type helpcrunchCustomerModel struct {
	helpcrunchCustomerFields
	OnDestroy types.String   `tfsdk:"on_destroy"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r *helpcrunchCustomerResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	text := func(attr string) schema.StringAttribute {
		rule, v := "not blank", framework.NotBlank()
		if attr == "email" {
			rule, v = "one address such as `ada@example.com`", framework.Email()
		}
		return schema.StringAttribute{
			MarkdownDescription: helpcrunchCustomerDocs[attr] + " Optional; when set, " + rule + ". Changed in place; removing it clears it in HelpCrunch.",
			Optional:            true,
			Validators:          []validator.String{v},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A HelpCrunch customer (a contact): created with `POST /customers`, read with `GET /customers/{id}`, changed " +
			"in place with one `PUT /customers/{id}` that carries every field it manages, and, with `on_destroy = \"delete\"`, " +
			"deleted with `DELETE /customers/{id}`. Its `id` goes straight into a chat's `customer`. When the answer to a create " +
			"is lost, the provider looks for the customer that request made with one search by `user_id` (else `email`) and " +
			"adopts it when it is the only one first seen since, with a warning; a customer with neither cannot be looked for.",
		Attributes: map[string]schema.Attribute{
			"id":      framework.ComputedString(helpcrunchCustomerDocs["id"] + " Used to import the customer."),
			"name":    text("name"),
			"email":   text("email"),
			"user_id": text("user_id"),
			"company": text("company"),
			"phone":   text("phone"),
			"notes":   text("notes"),
			"tags": schema.SetAttribute{
				MarkdownDescription: helpcrunchCustomerDocs["tags"] + " A tag that does not exist in the account yet is created with " +
					"HelpCrunch's default color; one that exists keeps its color. Set, the customer has exactly these tags: one added " +
					"outside Terraform shows as a change and is removed by the next apply (`[]` removes every tag). Unset, the tags are " +
					"HelpCrunch's, shown and never changed. Changed in place.",
				ElementType:   types.StringType,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Set{setvalidator.ValueStringsAre(framework.NotBlank())},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"custom_data": schema.DynamicAttribute{
				MarkdownDescription: helpcrunchCustomerDocs["custom_data"] + " Set, the customer has exactly these properties: one set " +
					"outside Terraform shows as a change and is removed by the next apply (`{}` removes them all); a property dropped " +
					"from here is removed from the customer. Unset, the custom data is HelpCrunch's, shown and never changed. Changed in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Dynamic{framework.FlatObject()},
				PlanModifiers: []planmodifier.Dynamic{dynamicplanmodifier.UseStateForUnknown()},
			},
			"on_destroy": onDestroyAttribute("What destroying the resource does: `keep` (default) only removes the customer from Terraform "+
				"state, with a warning; `delete` deletes the customer in HelpCrunch, and with them their chats and chat history, "+
				"which cannot be restored ([HelpCrunch]("+helpcrunchDeleteCustomerDocs+")). Changing it makes no API call.",
				helpcrunchCustomerKeep, helpcrunchCustomerDelete),
			"created_at": framework.ComputedString(helpcrunchCustomerDocs["created_at"]),
		},
		Blocks: map[string]schema.Block{
			"timeouts": framework.TimeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *helpcrunchCustomerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("Numeric id HelpCrunch assigned to the customer, as a string, such as \"542335\".")
}

func (r *helpcrunchCustomerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan helpcrunchCustomerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.request(ctx, nil)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	started := time.Now()
	firstSeen := started.Truncate(time.Second)
	body.FirstSeen = &firstSeen
	tflog.Debug(ctx, "Creating HelpCrunch customer")
	customer, err := r.client.Customers.Create(ctx, body)
	if err != nil {
		if !client.MayHaveCommitted(err) {
			resp.Diagnostics.AddError("Unable to Create HelpCrunch Customer", apiErrorDetail("creating a HelpCrunch customer (POST /customers)", err, ""))
			return
		}
		if customer = r.findLostCustomer(ctx, body, started, err, &resp.Diagnostics); customer == nil {
			return
		}
	}
	state := plan
	resp.Diagnostics.Append(state.fill(ctx, customer)...)
	resp.Diagnostics.Append(saveHelpCrunchCustomerOthers(ctx, resp.Private, customer)...)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID)...)
	tflog.Trace(ctx, "Created HelpCrunch customer", map[string]any{"id": customer.ID})
}

// findLostCustomer resolves a create whose answer was lost with one search
// by user_id, else email, for the customers first seen since the request
// started (it sent that moment as firstSeen); see lostCreate.
func (r *helpcrunchCustomerResource) findLostCustomer(ctx context.Context, body *client.HelpCrunchCustomerRequest, started time.Time, createErr error, diags *diag.Diagnostics) *client.HelpCrunchCustomer {
	key, ok := client.HelpCrunchCustomerKey(body)
	if !ok {
		diags.AddError("Unable to Create HelpCrunch Customer", apiErrorDetail("creating a HelpCrunch customer (POST /customers)", createErr,
			"HelpCrunch may have created the customer, but one with neither user_id nor email cannot be searched for, so the "+
				"provider cannot tell. Before applying again, look in HelpCrunch for a customer created at "+started.UTC().Format(time.RFC3339)+
				" and import it with `terraform import <resource address> <customer id>` if it is there; otherwise applying again "+
				"makes a second customer. Setting user_id (or email) lets the provider find it itself next time."))
		return nil
	}
	field := "user_id"
	if key.Field == "customers.email" {
		field = "email"
	}
	lost := lostCreate[client.HelpCrunchCustomer]{
		noun: "customer", nouns: "customers", call: "POST /customers",
		scope: fmt.Sprintf("with %s %q", field, key.Value),
		lookFor: fmt.Sprintf("a customer with %s %q first seen after %s", field, key.Value,
			started.UTC().Add(-client.HelpCrunchCreateClockSlack).Format(time.RFC3339)),
		finder: "the chatops_helpcrunch_customer data source",
		again:  "makes a second customer",
		err:    createErr,
		find: func(ctx context.Context) ([]client.HelpCrunchCustomer, error) {
			return r.client.Customers.FindCreated(ctx, body, started, time.Now())
		},
		id: func(c *client.HelpCrunchCustomer) string { return strconv.FormatInt(c.ID, 10) },
	}
	return lost.adopt(ctx, diags)
}

func (r *helpcrunchCustomerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state helpcrunchCustomerModel
	readResource(ctx, req, resp, "HelpCrunch customer", &state, &state.ID, &state.Timeouts, byNumericID(helpcrunchCustomerID, r.client.Customers.Get),
		func(c *client.HelpCrunchCustomer) diag.Diagnostics {
			diags := state.readFrom(ctx, c)
			return append(diags, saveHelpCrunchCustomerOthers(ctx, resp.Private, c)...)
		})
}

// readFrom is what Read makes of the customer HelpCrunch returned.
func (m *helpcrunchCustomerModel) readFrom(ctx context.Context, c *client.HelpCrunchCustomer) diag.Diagnostics {
	if m.OnDestroy.IsNull() {
		m.OnDestroy = types.StringValue(helpcrunchCustomerKeep)
	}
	return m.fromAPI(ctx, c)
}

func (r *helpcrunchCustomerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state helpcrunchCustomerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel := framework.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := helpcrunchCustomerID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid HelpCrunch Customer ID", err.Error()+". Remove the resource from state and import it again.")
		return
	}
	next := plan
	if !plan.changesHelpCrunch(&state) {
		// Only on_destroy or the timeouts changed: the plan holds the rest.
		tflog.Debug(ctx, "No HelpCrunch API call needed for this change", map[string]any{"id": id})
		resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &next, next.ID)...)
		return
	}
	body, diags := plan.request(ctx, &state)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	body.Others = helpcrunchCustomerOthers(ctx, req.Private, &resp.Diagnostics)
	tflog.Debug(ctx, "Updating HelpCrunch customer", map[string]any{"id": id})
	customer, err := r.client.Customers.Update(ctx, id, body)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Update HelpCrunch Customer",
			apiErrorDetail(fmt.Sprintf("updating HelpCrunch customer %d (PUT /customers/{id})", id), err, updateErrorHint(err, "HelpCrunch customer")))
		return
	}
	resp.Diagnostics.Append(next.fill(ctx, customer)...)
	resp.Diagnostics.Append(saveHelpCrunchCustomerOthers(ctx, resp.Private, customer)...)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &next, next.ID)...)
}

// changesHelpCrunch reports whether the plan changes what HelpCrunch holds
// (not only on_destroy or the timeouts).
func (m *helpcrunchCustomerModel) changesHelpCrunch(state *helpcrunchCustomerModel) bool {
	for _, pair := range [][2]types.String{{m.Name, state.Name}, {m.Email, state.Email}, {m.UserID, state.UserID},
		{m.Company, state.Company}, {m.Phone, state.Phone}, {m.Notes, state.Notes}} {
		if !pair[0].Equal(pair[1]) {
			return true
		}
	}
	return (!m.Tags.IsUnknown() && !m.Tags.Equal(state.Tags)) || (!m.CustomData.IsUnknown() && !m.CustomData.Equal(state.CustomData))
}

// fill completes a planned model after a create or an update: what the plan
// knows stays as planned (a state that differs from a known planned value
// fails the apply; the next refresh shows a difference instead), and what it
// left unknown comes from HelpCrunch's answer c.
func (m *helpcrunchCustomerModel) fill(ctx context.Context, c *client.HelpCrunchCustomer) diag.Diagnostics {
	answered := m.helpcrunchCustomerFields
	diags := answered.fromAPI(ctx, c)
	m.ID, m.CreatedAt = framework.KnownOr(m.ID, answered.ID), framework.KnownOr(m.CreatedAt, answered.CreatedAt)
	m.Tags, m.CustomData = framework.KnownOr(m.Tags, answered.Tags), framework.KnownOr(m.CustomData, answered.CustomData)
	return diags
}

func (r *helpcrunchCustomerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state helpcrunchCustomerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.OnDestroy.ValueString() != helpcrunchCustomerDelete {
		resp.Diagnostics.AddWarning("HelpCrunch Customer Left As It Is",
			fmt.Sprintf("HelpCrunch customer %s was removed from Terraform state only (on_destroy = \"keep\"): it stays in HelpCrunch, "+
				"with their chats. Set on_destroy = \"delete\" to delete a customer on destroy.", state.ID.ValueString()))
		return
	}
	id, err := helpcrunchCustomerID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid HelpCrunch Customer ID", err.Error()+".")
		return
	}
	ctx, cancel := framework.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	deleteObject(ctx, &resp.Diagnostics, "HelpCrunch customer", id, strconv.FormatInt(id, 10),
		"Retry the destroy, or set on_destroy = \"keep\" to only remove the customer from Terraform state.",
		func() error { return r.client.Customers.Delete(ctx, id) })
}

// ImportState takes the customer's numeric id, from `terraform import`, an
// import block's id, or its identity.
func (r *helpcrunchCustomerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, req, resp, "the numeric id of a HelpCrunch customer, such as 542335", helpcrunchCustomerImportedState)
}

// helpcrunchCustomerImportedState is what an import of customer id puts in
// state before the Read that follows it; the list resource starts from it
// too, so that a listed customer is exactly what importing it would give.
func helpcrunchCustomerImportedState(ctx context.Context, state *tfsdk.State, id int64) diag.Diagnostics {
	diags := state.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))
	diags.Append(state.SetAttribute(ctx, path.Root("on_destroy"), helpcrunchCustomerKeep)...)
	return diags
}

// request is the body that makes HelpCrunch's customer the plan: for a
// create (state nil) what is set, for an update every field the resource
// manages, with the tags and custom data the plan leaves to HelpCrunch taken
// from the state, and a null for each property of custom data it drops.
func (m *helpcrunchCustomerModel) request(ctx context.Context, state *helpcrunchCustomerModel) (*client.HelpCrunchCustomerRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &client.HelpCrunchCustomerRequest{
		Name: m.Name.ValueStringPointer(), Email: m.Email.ValueStringPointer(), UserID: m.UserID.ValueStringPointer(),
		Company: m.Company.ValueStringPointer(), Phone: m.Phone.ValueStringPointer(), Notes: m.Notes.ValueStringPointer(),
	}
	tags, data := m.Tags, m.CustomData
	var had map[string]json.RawMessage
	if state != nil {
		tags, data = framework.KnownOr(tags, state.Tags), framework.KnownOr(data, state.CustomData)
		var err error
		if had, err = framework.FlatObjectJSON(state.CustomData); err != nil {
			had = nil
		}
		if t, err := time.Parse(time.RFC3339, state.CreatedAt.ValueString()); err == nil {
			req.FirstSeen = &t
		}
	}
	req.Tags, _ = framework.SetStrings(ctx, tags)
	if !data.IsUnknown() {
		want, err := framework.FlatObjectJSON(data)
		if err != nil {
			diags.AddAttributeError(path.Root("custom_data"), "Invalid Custom Data", fmt.Sprintf("custom_data %s.", err))
			return nil, diags
		}
		req.CustomData = helpcrunchCustomDataRequest(want, had)
	}
	return req, diags
}

// saveHelpCrunchCustomerOthers keeps c's other writable fields in the
// private state, for the next update to send back.
func saveHelpCrunchCustomerOthers(ctx context.Context, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, c *client.HelpCrunchCustomer) diag.Diagnostics {
	raw, err := json.Marshal(c.Others)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to Save HelpCrunch Customer", err.Error())
		return diags
	}
	return private.SetKey(ctx, helpcrunchCustomerOthersKey, raw)
}

// helpcrunchCustomerOthers are the other writable fields the last read kept;
// none when there are none (the update then sends only what it manages).
func helpcrunchCustomerOthers(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, diags *diag.Diagnostics) map[string]json.RawMessage {
	raw, d := private.GetKey(ctx, helpcrunchCustomerOthersKey)
	diags.Append(d...)
	var others map[string]json.RawMessage
	if len(raw) > 0 && json.Unmarshal(raw, &others) != nil {
		tflog.Warn(ctx, "The private state of a HelpCrunch customer is not JSON; the update sends only what the resource manages")
		return nil
	}
	return others
}
