package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ datasource.DataSource                   = (*helpcrunchCustomerDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*helpcrunchCustomerDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*helpcrunchCustomerDataSource)(nil)
)

// helpcrunchLookupPage is how many customers a lookup by email or user_id
// asks for: one is the answer, two are enough to know there are several,
// and this many name them.
const helpcrunchLookupPage = 10

// NewHelpCrunchCustomerDataSource returns the chatops_helpcrunch_customer data source.
func NewHelpCrunchCustomerDataSource() datasource.DataSource {
	return &helpcrunchCustomerDataSource{helpcrunchDataSourceBase{typeName: "helpcrunch_customer"}}
}

type helpcrunchCustomerDataSource struct{ helpcrunchDataSourceBase }

func (d *helpcrunchCustomerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lookup := func(attr, how string, v validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: helpcrunchCustomerDocs[attr] + " " + how,
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{v},
		}
	}
	computed := func(attr string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: helpcrunchCustomerDocs[attr], Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds one HelpCrunch customer: by `id` (`GET /customers/{id}`), or by `email` or `user_id` " +
			"(`POST /customers/search`, compared exactly as HelpCrunch stores them). Set exactly one of the three. No customer, or " +
			"several (an email may be shared), is an error that says so and lists them. One request.",
		Attributes: map[string]schema.Attribute{
			"id": lookup("id", "Set it to look the customer up by id.",
				stringvalidator.RegexMatches(regexp.MustCompile(`^[1-9][0-9]*$`), "must be a HelpCrunch customer id: a whole number, at least 1")),
			"email":   lookup("email", "Set it to look the customer up by email.", framework.Email()),
			"user_id": lookup("user_id", "Set it to look the customer up by your own id.", framework.NotBlank()),
			"name":    computed("name"),
			"company": computed("company"),
			"phone":   computed("phone"),
			"notes":   computed("notes"),
			"tags": schema.SetAttribute{
				MarkdownDescription: helpcrunchCustomerDocs["tags"] + " Null when the customer has none.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"custom_data": schema.DynamicAttribute{
				MarkdownDescription: helpcrunchCustomerDocs["custom_data"] + " Null when the customer has none.",
				Computed:            true,
			},
			"created_at": computed("created_at"),
		},
	}
}

// ValidateConfig requires exactly one way to find the customer, at plan
// time and without a request.
func (d *helpcrunchCustomerDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m helpcrunchCustomerFields
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	var set []string
	for _, k := range []struct {
		name string
		v    types.String
	}{{"id", m.ID}, {"email", m.Email}, {"user_id", m.UserID}} {
		if k.v.IsUnknown() {
			return
		}
		if !k.v.IsNull() {
			set = append(set, k.name)
		}
	}
	requireOneLookup(&resp.Diagnostics, set, "Invalid HelpCrunch Customer Lookup",
		"Set exactly one of id, email or user_id to say which customer to find")
	// The id's validator checks its digits; one too large for an id is
	// refused here, before Read would look up another customer.
	if _, err := strconv.ParseInt(m.ID.ValueString(), 10, 64); !m.ID.IsNull() && errors.Is(err, strconv.ErrRange) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid HelpCrunch Customer ID",
			fmt.Sprintf("id = %q is too large to be a HelpCrunch customer id.", m.ID.ValueString()))
	}
}

func (d *helpcrunchCustomerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m helpcrunchCustomerFields
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	var customer *client.HelpCrunchCustomer
	if !m.ID.IsNull() {
		id, err := helpcrunchCustomerID(m.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid HelpCrunch Customer ID", err.Error()+".")
			return
		}
		tflog.Debug(ctx, "Reading HelpCrunch customer", map[string]any{"id": id})
		c, err := d.client.Customers.Get(ctx, id)
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "HelpCrunch Customer Not Found", fmt.Sprintf("HelpCrunch has no customer %d.", id))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable to Read HelpCrunch Customer", apiErrorDetail(fmt.Sprintf("reading HelpCrunch customer %d", id), err, ""))
			return
		}
		customer = c
	} else {
		attr, filter := "email", client.HelpCrunchSearchFilter{Field: "customers.email", Operator: "=", Value: m.Email.ValueString()}
		if !m.UserID.IsNull() {
			attr, filter = "user_id", client.HelpCrunchSearchFilter{Field: "customers.userId", Operator: "=", Value: m.UserID.ValueString()}
		}
		if customer = d.find(ctx, attr, filter, &resp.Diagnostics); customer == nil {
			return
		}
	}
	out := helpcrunchCustomerFields{Tags: types.SetNull(types.StringType), CustomData: types.DynamicNull()}
	resp.Diagnostics.Append(out.fromAPI(ctx, customer)...)
	out.ID, out.Email, out.UserID = asGiven(m.ID, out.ID), asGiven(m.Email, out.Email), asGiven(m.UserID, out.UserID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

// find is the one customer whose attr (email or user_id) matches filter, from
// one search; nil, with an error that says there is none or lists them,
// otherwise.
func (d *helpcrunchCustomerDataSource) find(ctx context.Context, attr string, filter client.HelpCrunchSearchFilter, diags *diag.Diagnostics) *client.HelpCrunchCustomer {
	tflog.Debug(ctx, "Searching HelpCrunch customers", map[string]any{attr: filter.Value})
	page, err := d.client.Customers.Search(ctx, &client.HelpCrunchSearchRequest{Filter: []client.HelpCrunchSearchFilter{filter}, Limit: helpcrunchLookupPage})
	if err != nil {
		diags.AddError("Unable to Read HelpCrunch Customer", apiErrorDetail(fmt.Sprintf("searching HelpCrunch customers by %s %q", attr, filter.Value), err, ""))
		return nil
	}
	switch len(page.Data) {
	case 0:
		diags.AddAttributeError(path.Root(attr), "HelpCrunch Customer Not Found",
			fmt.Sprintf("No HelpCrunch customer has the %s %q (HelpCrunch compares it exactly, case included).", attr, filter.Value))
		return nil
	case 1:
		return &page.Data[0]
	}
	ids := make([]string, len(page.Data))
	for i, c := range page.Data {
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	count := strconv.Itoa(len(page.Data))
	if page.HasTotal && page.Total > len(page.Data) {
		count = strconv.Itoa(page.Total)
	} else if len(page.Data) == helpcrunchLookupPage {
		count = "At least " + count
	}
	diags.AddAttributeError(path.Root(attr), "Several HelpCrunch Customers Found",
		fmt.Sprintf("%s HelpCrunch customers have the %s %q: %s. Find the one you mean by id instead.", count, attr, filter.Value, strings.Join(ids, ", ")))
	return nil
}
