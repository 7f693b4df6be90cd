package provider

import (
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

const hcCustomerDataAddr = "data.chatops_helpcrunch_customer.test"

func hcCustomerDataConfig(f *acctest.Fake, body string) string {
	return f.ProviderConfig() + fmt.Sprintf("\ndata \"chatops_helpcrunch_customer\" \"test\" {\n  %s\n}\n", body)
}

// hcCustomerFixtures are the default fixtures, with customer 30 holding
// everything the data source shows and two customers sharing an email.
func hcCustomerFixtures() *fake.Fixtures {
	fx := fake.DefaultFixtures()
	fx.HelpCrunch.Customers = append(fx.HelpCrunch.Customers,
		helpcrunch.Customer{ID: 30, Name: "Grace Hopper", Email: "grace@example.com", UserID: "crm-30", Company: "Navy", Phone: "+1 555",
			Notes: "Compilers.", FirstSeen: 1700000000, Tags: []string{"vip", "lead"}, CustomData: map[string]any{"plan": "pro", "seats": 12, "trial": true}},
		helpcrunch.Customer{ID: 31, Name: "Twin A", Email: "twins@example.com"},
		helpcrunch.Customer{ID: 32, Name: "Twin B", Email: "twins@example.com"})
	return fx
}

// Each way of finding a customer is one request: GET by id, one search by
// email or by user_id.
func TestAccHelpCrunchCustomerDataSource_lookups(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Fixtures: hcCustomerFixtures()})
	value := func(attr string, want knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(hcCustomerDataAddr, tfjsonpath.New(attr), want)
	}
	grace := []statecheck.StateCheck{
		value("id", knownvalue.StringExact("30")),
		value("name", knownvalue.StringExact("Grace Hopper")),
		value("email", knownvalue.StringExact("grace@example.com")),
		value("user_id", knownvalue.StringExact("crm-30")),
		value("company", knownvalue.StringExact("Navy")),
		value("phone", knownvalue.StringExact("+1 555")),
		value("notes", knownvalue.StringExact("Compilers.")),
		value("tags", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("vip"), knownvalue.StringExact("lead")})),
		value("custom_data", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"plan": knownvalue.StringExact("pro"), "seats": knownvalue.Int64Exact(12), "trial": knownvalue.Bool(true)})),
		value("created_at", knownvalue.StringExact("2023-11-14T22:13:20Z")),
	}
	step := func(body, route string, checks []statecheck.StateCheck) tfresource.TestStep {
		return tfresource.TestStep{
			PreConfig:         f.ResetRequests,
			Config:            hcCustomerDataConfig(f, body),
			ConfigStateChecks: append(checks, f.ExpectRequests(acctest.Requests{route: 1})),
		}
	}
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		step(`id = "30"`, helpcrunch.RouteCustomerGet, grace),
		step(`email = "grace@example.com"`, helpcrunch.RouteCustomersSearch, grace),
		step(`user_id = "crm-30"`, helpcrunch.RouteCustomersSearch, grace),
		step(`id = "7"`, helpcrunch.RouteCustomerGet, []statecheck.StateCheck{
			value("email", knownvalue.StringExact("customer7@example.com")),
			value("company", knownvalue.Null()),
			value("tags", knownvalue.Null()),
			value("custom_data", knownvalue.Null()),
			value("created_at", knownvalue.Null()),
		}),
	}})
}

// No customer, or several, is an error that says so (and lists them).
func TestAccHelpCrunchCustomerDataSource_notOneMatch(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Fixtures: hcCustomerFixtures()})
	next := func(want acctest.Requests) func() {
		return func() { f.RequireRequests(t, want); f.ResetRequests() }
	}
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{
			PreConfig:   f.ResetRequests,
			Config:      hcCustomerDataConfig(f, `email = "twins@example.com"`),
			ExpectError: testAccErrorRegexp("Several HelpCrunch Customers Found", `2 HelpCrunch customers have the email "twins@example.com": 31, 32`),
		},
		{
			PreConfig:   next(acctest.Requests{helpcrunch.RouteCustomersSearch: 1}),
			Config:      hcCustomerDataConfig(f, `user_id = "nobody"`),
			ExpectError: testAccErrorRegexp("HelpCrunch Customer Not Found", `No HelpCrunch customer has the user_id "nobody"`),
		},
		{
			PreConfig:   next(acctest.Requests{helpcrunch.RouteCustomersSearch: 1}),
			Config:      hcCustomerDataConfig(f, `id = "404"`),
			ExpectError: testAccErrorRegexp("HelpCrunch Customer Not Found", "HelpCrunch has no customer 404"),
		},
	}})
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteCustomerGet: 1})
}

// Bad lookups fail at plan, before any request.
func TestAccHelpCrunchCustomerDataSource_badInputs(t *testing.T) {
	f := acctest.NewFake(t)
	var steps []tfresource.TestStep
	for _, tc := range []struct {
		body string
		want []string
	}{
		{"", []string{"Invalid HelpCrunch Customer Lookup", "got none"}},
		{"id    = \"7\"\n  email = \"customer7@example.com\"", []string{"Invalid HelpCrunch Customer Lookup", "got id and email"}},
		{"email   = \"customer7@example.com\"\n  user_id = \"cust-7\"", []string{"Invalid HelpCrunch Customer Lookup", `user_id = "cust-7"`, "got email and user_id"}},
		{`email = "customer7"`, []string{"Invalid Email Address"}},
		{`email = ""`, []string{"Invalid Email Address"}},
		{`id = "seven"`, []string{"must be a HelpCrunch customer id"}},
		{`id = "0"`, []string{"must be a HelpCrunch customer id"}},
		{`id = "99999999999999999999"`, []string{"Invalid HelpCrunch Customer ID", "too large to be a HelpCrunch customer id"}},
		{`user_id = " "`, []string{"must not be empty or blank"}},
	} {
		steps = append(steps, planErrorStep(hcCustomerDataConfig(f, tc.body), testAccErrorRegexp(tc.want...)))
	}
	testAccParallel(t, tfresource.TestCase{Steps: steps})
	f.RequireRequests(t, nil)
}
