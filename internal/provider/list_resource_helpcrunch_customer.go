package provider

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

var (
	_ list.ListResource              = (*helpcrunchCustomerListResource)(nil)
	_ list.ListResourceWithConfigure = (*helpcrunchCustomerListResource)(nil)
)

// NewHelpCrunchCustomerListResource returns the chatops_helpcrunch_customer
// list resource, which `terraform query` uses to find customers to import.
func NewHelpCrunchCustomerListResource() list.ListResource {
	return &helpcrunchCustomerListResource{helpcrunchResourceBase{typeName: "helpcrunch_customer"}}
}

type helpcrunchCustomerListResource struct{ helpcrunchResourceBase }

type helpcrunchCustomerFilterModel struct {
	Email types.String `tfsdk:"email"`
}

func (r *helpcrunchCustomerListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds HelpCrunch customers for `terraform query` with `POST /customers/search`, in HelpCrunch's " +
			"order: those with one email address, or every customer. Pages of up to 100 customers are fetched as results are " +
			"consumed, each asking for no more than the list block's `limit` still wants, and none after it is reached. Each " +
			"result has the customer's identity (its numeric id) and, with `include_resource = true`, the attributes an import " +
			"of the customer would give (`on_destroy = \"keep\"`), so `terraform query -generate-config-out` writes " +
			"configuration that plans as an import with no changes. Listing makes no change in HelpCrunch.",
		Attributes: listFilterAttributes(map[string]filterAttr{
			"email": {
				kind: filterString,
				desc: "Only the customers with this email address, compared exactly as HelpCrunch stores it (case included); " +
					"HelpCrunch does not require emails to be unique. Sent as a `customers.email` filter. Unset: every customer.",
				str: []validator.String{framework.Email()},
			},
		}),
	}
}

func (r *helpcrunchCustomerListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "HelpCrunch customers", "searching HelpCrunch customers (POST /customers/search)", nil,
		func(filters *helpcrunchCustomerFilterModel, limit int, _ *diag.Diagnostics) iter.Seq2[client.HelpCrunchCustomer, error] {
			// The search needs a filter: without an email, every id is above 0.
			filter := client.HelpCrunchSearchFilter{Field: "customers.id", Operator: ">", Value: 0}
			if framework.Known(filters.Email) {
				filter = client.HelpCrunchSearchFilter{Field: "customers.email", Operator: "=", Value: filters.Email.ValueString()}
			}
			return r.client.Customers.SearchIter(ctx, client.HelpCrunchSearchRequest{Filter: []client.HelpCrunchSearchFilter{filter}}, limit)
		},
		func(c *client.HelpCrunchCustomer) list.ListResult { return r.result(ctx, req, c) })
}

// result is one listed customer (see listResult), named by id, name and
// email.
func (r *helpcrunchCustomerListResource) result(ctx context.Context, req list.ListRequest, c *client.HelpCrunchCustomer) list.ListResult {
	name := fmt.Sprintf("customer %d", c.ID)
	switch {
	case c.Name != nil && c.Email != nil:
		name += fmt.Sprintf(" (%s, %s)", *c.Name, *c.Email)
	case c.Email != nil:
		name += fmt.Sprintf(" (%s)", *c.Email)
	case c.Name != nil:
		name += fmt.Sprintf(" (%s)", *c.Name)
	}
	return listResult(ctx, req, strconv.FormatInt(c.ID, 10), name,
		func(ctx context.Context, s *tfsdk.State) diag.Diagnostics {
			return helpcrunchCustomerImportedState(ctx, s, c.ID)
		},
		func(m *helpcrunchCustomerModel) diag.Diagnostics { return m.readFrom(ctx, c) })
}
