package provider

// The customer's attributes in one place: the chatops_helpcrunch_customer
// resource, data source and list resource read HelpCrunch's customer into
// the same fields with the same converter, and describe them alike.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// helpcrunchCustomerFields are a customer's attributes as HelpCrunch holds
// them. Embedded in the models of whatever reads customers.
type helpcrunchCustomerFields struct {
	ID         types.String  `tfsdk:"id"`
	Name       types.String  `tfsdk:"name"`
	Email      types.String  `tfsdk:"email"`
	UserID     types.String  `tfsdk:"user_id"`
	Company    types.String  `tfsdk:"company"`
	Phone      types.String  `tfsdk:"phone"`
	Notes      types.String  `tfsdk:"notes"`
	Tags       types.Set     `tfsdk:"tags"`
	CustomData types.Dynamic `tfsdk:"custom_data"`
	CreatedAt  types.String  `tfsdk:"created_at"`
}

// helpcrunchCustomerDocs describe the customer's attributes where the
// resource and the data source mean the same by them; the resource adds
// what a change does.
var helpcrunchCustomerDocs = map[string]string{
	"id":      "Numeric id HelpCrunch assigned to the customer, as a string; what a chat's `customer` takes.",
	"name":    "The customer's name.",
	"email":   "The customer's email address. HelpCrunch does not require it to be unique.",
	"user_id": "Your own id of the customer (HelpCrunch's `userId`, e.g. from your CRM; not HelpCrunch's id). Unique in a HelpCrunch account.",
	"company": "The customer's company.",
	"phone":   "The customer's phone number, as text (HelpCrunch does not check it).",
	"notes":   "Notes about the customer, shown to agents.",
	"tags": "The customer's tags, by name (case sensitive). HelpCrunch gives each tag a color, which belongs to the account's " +
		"tag and not to the customer: it is not shown here.",
	"custom_data": "The customer's custom data (HelpCrunch's `customData`), as an object of property names to strings, numbers " +
		"or booleans, e.g. `{ plan = \"pro\", seats = 5, trial = false }`; each value keeps its type.",
	"created_at": "When the customer was first seen (HelpCrunch's `firstSeen`), RFC 3339 in UTC: HelpCrunch's customer model " +
		"has no creation time, so the provider sends the moment of the create as `firstSeen`. Null for a customer HelpCrunch " +
		"reports no first visit for.",
}

// fromAPI fills the fields from HelpCrunch's customer. Tags and custom data
// that mean what m already holds are kept as m holds them (the same names,
// or values of equal value), so that neither the order HelpCrunch answers in
// nor a map written where HelpCrunch answers an object plans a change.
func (m *helpcrunchCustomerFields) fromAPI(ctx context.Context, c *client.HelpCrunchCustomer) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(strconv.FormatInt(c.ID, 10))
	text := func(p *string) types.String {
		if p == nil {
			return types.StringNull()
		}
		return framework.StringOrNull(*p)
	}
	m.Name, m.Email, m.UserID = text(c.Name), text(c.Email), text(c.UserID)
	m.Company, m.Phone, m.Notes = text(c.Company), text(c.Phone), text(c.Notes)
	m.CreatedAt = helpcrunchTime(c.FirstSeen)

	names := make([]string, 0, len(c.Tags))
	for _, t := range c.Tags {
		names = append(names, t.Name)
	}
	if prior, known := framework.SetStrings(ctx, m.Tags); !known || !framework.SameSet(prior, names, nil) {
		vals := make([]attr.Value, 0, len(names))
		for _, n := range names {
			vals = append(vals, types.StringValue(n))
		}
		m.Tags = framework.SetOrNull(types.StringType, vals, m.Tags, &diags)
	}

	data := helpcrunchCustomDataJSON(c.CustomData)
	if m.CustomData.IsUnknown() || !framework.SameFlatObject(m.CustomData, data) {
		var d diag.Diagnostics
		m.CustomData, d = framework.FlatObjectFromJSON(data)
		for _, e := range d {
			diags.AddError("Unexpected HelpCrunch Custom Data", fmt.Sprintf("Customer %d: %s", c.ID, e.Detail()))
		}
	}
	return diags
}

// helpcrunchCustomDataJSON is a customer's custom data by property.
func helpcrunchCustomDataJSON(data client.HelpCrunchCustomData) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(data))
	for _, d := range data {
		out[d.Property] = d.Value
	}
	return out
}

// helpcrunchCustomDataRequest is what a write sends to make a customer's
// custom data want, when it holds have: want's properties, in order, and
// null for each property of have that want no longer has, which removes it
// whether HelpCrunch replaces the list or merges it.
func helpcrunchCustomDataRequest(want, have map[string]json.RawMessage) []client.HelpCrunchCustomDatum {
	var out []client.HelpCrunchCustomDatum
	for _, p := range slices.Sorted(maps.Keys(want)) {
		out = append(out, client.HelpCrunchCustomDatum{Property: p, Value: want[p]})
	}
	for _, p := range slices.Sorted(maps.Keys(have)) {
		if _, kept := want[p]; !kept {
			out = append(out, client.HelpCrunchCustomDatum{Property: p, Value: json.RawMessage("null")})
		}
	}
	return out
}

// helpcrunchCustomerID is the numeric customer id the state holds as a
// string.
func helpcrunchCustomerID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("the customer id %q is not a HelpCrunch customer id (a whole number, at least 1)", id)
	}
	return n, nil
}
