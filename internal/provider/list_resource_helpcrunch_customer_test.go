package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// hcCustomerSearches are the searches the fake received since its last
// reset.
func hcCustomerSearches(t *testing.T, f *acctest.Fake) []client.HelpCrunchSearchRequest {
	t.Helper()
	var out []client.HelpCrunchSearchRequest
	for _, raw := range f.RequestBodies(helpcrunch.RouteCustomersSearch) {
		var req client.HelpCrunchSearchRequest
		if err := json.Unmarshal(raw, &req); err != nil {
			t.Fatal(err)
		}
		out = append(out, req)
	}
	return out
}

// TestAccHelpCrunchCustomer_query lists customers by email and all of them,
// asking for no more than the limit: each result has the identity and what
// an import gives.
func TestAccHelpCrunchCustomer_query(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Fixtures: hcCustomerFixtures()})
	identity := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	var searches [][]client.HelpCrunchSearchRequest
	logSearches := func() { searches = append(searches, hcCustomerSearches(t, f)); f.ResetRequests() }
	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: f.ResetRequests,
				Query:     true,
				Config: `
list "chatops_helpcrunch_customer" "twins" {
  provider         = chatops
  include_resource = true
  config {
    email = "twins@example.com"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("chatops_helpcrunch_customer.twins", 2),
					querycheck.ExpectIdentity("chatops_helpcrunch_customer.twins", map[string]knownvalue.Check{"id": knownvalue.StringExact("31")}),
					querycheck.ExpectIdentity("chatops_helpcrunch_customer.twins", map[string]knownvalue.Check{"id": knownvalue.StringExact("32")}),
					querycheck.ExpectResourceDisplayName("chatops_helpcrunch_customer.twins", identity("31"),
						knownvalue.StringExact("customer 31 (Twin A, twins@example.com)")),
					querycheck.ExpectResourceKnownValues("chatops_helpcrunch_customer.twins", identity("32"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Twin B")},
						{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("twins@example.com")},
						{Path: tfjsonpath.New("on_destroy"), KnownValue: knownvalue.StringExact("keep")},
						{Path: tfjsonpath.New("tags"), KnownValue: knownvalue.Null()},
					}),
				},
			},
			{
				PreConfig: logSearches,
				Query:     true,
				Config: `
list "chatops_helpcrunch_customer" "first" {
  provider = chatops
  limit    = 5
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("chatops_helpcrunch_customer.first", 5),
					querycheck.ExpectIdentity("chatops_helpcrunch_customer.first", map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
					querycheck.ExpectIdentity("chatops_helpcrunch_customer.first", map[string]knownvalue.Check{"id": knownvalue.StringExact("5")}),
				},
			},
			{
				PreConfig: logSearches,
				Query:     true,
				Config: `
list "chatops_helpcrunch_customer" "all" {
  provider = chatops
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("chatops_helpcrunch_customer.all", 23)},
			},
			{PreConfig: logSearches, Config: f.ProviderConfig()},
		},
	})
	want := [][]client.HelpCrunchSearchRequest{
		{{Filter: []client.HelpCrunchSearchFilter{{Field: "customers.email", Operator: "=", Value: "twins@example.com"}}, Limit: 100}},
		{{Filter: []client.HelpCrunchSearchFilter{{Field: "customers.id", Operator: ">", Value: 0.0}}, Limit: 5}},
		{{Filter: []client.HelpCrunchSearchFilter{{Field: "customers.id", Operator: ">", Value: 0.0}}, Limit: 100}},
	}
	if fmt.Sprint(searches) != fmt.Sprint(want) {
		t.Errorf("searches %v, want %v", searches, want)
	}
}

// TestAccHelpCrunchCustomer_queryInvalidConfig_query refuses a bad email
// before any request.
func TestAccHelpCrunchCustomer_queryInvalidConfig_query(t *testing.T) {
	testAccQueriesRefusedBeforeAnyRequest(t, "chatops_helpcrunch_customer", map[string]refusedQuery{
		"email": {`email = "not-an-address"`, `Invalid Email Address`},
	})
}

// TestAccHelpCrunchCustomer_generateConfig_query runs `terraform query
// -generate-config-out` and plans what it wrote: every listed customer plans
// as an import with no change, custom data and tags included.
func TestAccHelpCrunchCustomer_generateConfig_query(t *testing.T) {
	acctest.PreCheck(t)
	f := acctest.NewFake(t, fake.Options{Fixtures: hcCustomerFixtures()})
	generated, _, _ := testAccGenerateConfigAndPlan(t, f, "chatops_helpcrunch_customer", `
list "chatops_helpcrunch_customer" "grace" {
  provider         = chatops
  include_resource = true
  config {
    email = "grace@example.com"
  }
}

list "chatops_helpcrunch_customer" "twins" {
  provider         = chatops
  include_resource = true
  config {
    email = "twins@example.com"
  }
}
`, []string{"30", "31", "32"})
	if !regexp.MustCompile(`custom_data\s+=\s+\{`).MatchString(generated) {
		t.Errorf("generated.tf has no custom data:\n%s", generated)
	}
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteCustomerGet: 3})
}
