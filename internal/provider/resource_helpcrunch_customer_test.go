package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

const hcCustomerAddr = "chatops_helpcrunch_customer.test"

// hcCustomerClock is the fake's time in the customer tests, so created_at is
// known.
var hcCustomerClock = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func hcCustomerConfig(f *acctest.Fake, body string) string {
	return f.ProviderConfig() + fmt.Sprintf("\nresource \"chatops_helpcrunch_customer\" \"test\" {\n  %s\n}\n", body)
}

// hcFakeCustomer is the fake's customer id as the API answers it, decoded
// from JSON; nil when there is none.
func hcFakeCustomer(t *testing.T, f *acctest.Fake, id string) map[string]any {
	t.Helper()
	for _, c := range f.State().HelpCrunch.Customers {
		if strconv.FormatInt(c["id"].(int64), 10) != id {
			continue
		}
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return nil
}

// hcCustomerClient talks to the fake as another HelpCrunch client would, to
// change a customer behind the provider's back.
func hcCustomerClient(t *testing.T, f *acctest.Fake) *client.HelpCrunch {
	t.Helper()
	c, err := client.NewHelpCrunch(client.Options{Endpoint: f.HelpCrunchURL(), Token: helpcrunch.DemoKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var hcCustomerFull = `name     = "Ada Lovelace"
  email    = "ada@example.com"
  user_id  = "crm-42"
  company  = "Analytical Engines"
  phone    = "+44 20 7946 0000"
  notes    = "Prefers email."
  tags     = ["vip", "beta"]
  custom_data = {
    plan  = "pro"
    seats = 5
    trial = false
  }`

// TestAccHelpCrunchCustomer_basic creates a customer with every attribute
// (one POST), plans nothing more, updates it in place with exactly one PUT
// carrying what changed and what stays, imports it, and on destroy keeps it.
func TestAccHelpCrunchCustomer_basic(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Now: func() time.Time { return hcCustomerClock }})
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	value := func(attr string, want knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New(attr), want)
	}
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				PreConfig: f.ResetRequests,
				Config:    hcCustomerConfig(f, hcCustomerFull),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					hcCaptureID(hcCustomerAddr, &id),
					sameID.AddStateValue(hcCustomerAddr, tfjsonpath.New("id")),
					value("id", knownvalue.StringExact("21")),
					value("name", knownvalue.StringExact("Ada Lovelace")),
					value("email", knownvalue.StringExact("ada@example.com")),
					value("user_id", knownvalue.StringExact("crm-42")),
					value("company", knownvalue.StringExact("Analytical Engines")),
					value("phone", knownvalue.StringExact("+44 20 7946 0000")),
					value("notes", knownvalue.StringExact("Prefers email.")),
					value("tags", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("vip"), knownvalue.StringExact("beta")})),
					value("custom_data", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"plan": knownvalue.StringExact("pro"), "seats": knownvalue.Int64Exact(5), "trial": knownvalue.Bool(false),
					})),
					value("on_destroy", knownvalue.StringExact("keep")),
					value("created_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerCreate: 1}),
				},
			},
			{
				Config:   hcCustomerConfig(f, hcCustomerFull),
				PlanOnly: true,
			},
			{
				PreConfig: f.ResetRequests,
				Config: hcCustomerConfig(f, `name     = "Ada King"
  email    = "ada@example.com"
  user_id  = "crm-42"
  company  = "Analytical Engines"
  notes    = "Prefers email."
  tags     = ["vip", "churn-risk"]
  custom_data = {
    plan  = "enterprise"
    trial = false
  }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(hcCustomerAddr, tfjsonpath.New("id")),
					value("name", knownvalue.StringExact("Ada King")),
					value("phone", knownvalue.Null()),
					value("tags", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("vip"), knownvalue.StringExact("churn-risk")})),
					value("custom_data", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"plan": knownvalue.StringExact("enterprise"), "trial": knownvalue.Bool(false),
					})),
					// The plan's refresh, then one PUT: nothing else.
					f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerGet: 1, helpcrunch.RouteCustomerUpdate: 1}),
				},
				Check: func(*terraform.State) error {
					c := hcFakeCustomer(t, f, id)
					data, _ := c["customData"].(map[string]any)
					if c["name"] != "Ada King" || c["phone"] != nil || c["userId"] != "crm-42" || len(data) != 2 || data["plan"] != "enterprise" {
						return fmt.Errorf("the fake's customer after the update: %v", c)
					}
					if c["firstSeen"] == nil {
						return fmt.Errorf("the update lost firstSeen: %v", c)
					}
					return nil
				},
			},
			{
				ResourceName:      hcCustomerAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  hcCustomerAddr,
				ImportState:   true,
				ImportStateId: "crm-42",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*numeric id of a HelpCrunch customer`),
			},
			{
				ResourceName:  hcCustomerAddr,
				ImportState:   true,
				ImportStateId: "99999",
				ExpectError:   regexp.MustCompile(`(?i)cannot import non-existent remote object`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if hcFakeCustomer(t, f, id) == nil {
				return fmt.Errorf("customer %s was deleted, but on_destroy is keep", id)
			}
			return nil
		},
	})
}

// TestAccHelpCrunchCustomer_chatTakesID opens a chat for a customer made in
// the same apply: the chat's customer is the customer resource's id.
func TestAccHelpCrunchCustomer_chatTakesID(t *testing.T) {
	f := acctest.NewFake(t)
	config := hcCustomerConfig(f, `email = "new@example.com"`) + `
resource "chatops_helpcrunch_chat" "test" {
  customer    = chatops_helpcrunch_customer.test.id
  application = 1
}
`
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: f.ResetRequests,
		Config:    config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("id"), knownvalue.StringExact("21")),
			statecheck.ExpectKnownValue("chatops_helpcrunch_chat.test", tfjsonpath.New("customer"), knownvalue.Int64Exact(21)),
			f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteChatCreate: 1}),
		},
	}}})
}

// TestAccHelpCrunchCustomer_onDestroy: switching on_destroy is a state-only
// change (the plan's refresh reads, nothing is written); "delete" deletes
// the customer and, with them, their chats.
func TestAccHelpCrunchCustomer_onDestroy(t *testing.T) {
	f := acctest.NewFake(t)
	var id, chat string
	config := func(onDestroy string) string {
		return hcCustomerConfig(f, "email = \"leaving@example.com\"\n  on_destroy = \""+onDestroy+"\"") + `
resource "chatops_helpcrunch_chat" "test" {
  customer    = chatops_helpcrunch_customer.test.id
  application = 1
  on_destroy  = "keep"
}
`
	}
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config:            config("keep"),
				ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcCustomerAddr, &id), hcCaptureID("chatops_helpcrunch_chat.test", &chat)},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    config("delete"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("delete")),
					f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerGet: 1, helpcrunch.RouteChatGet: 1}),
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if c := hcFakeCustomer(t, f, id); c != nil {
				return fmt.Errorf("customer %s is still there: %v", id, c)
			}
			if n := len(f.State().HelpCrunch.Chats); n != 0 {
				return fmt.Errorf("the fake holds %d chats, want none: the customer's chat goes with them", n)
			}
			if n := f.RequestCount(helpcrunch.RouteCustomerDelete); n != 1 {
				return fmt.Errorf("%d DELETE /customers/{id}, want 1", n)
			}
			return nil
		},
	})
}

// TestAccHelpCrunchCustomer_keepDestroyMakesNoRequest destroys a customer
// kept on destroy without a refresh: no request at all, and the customer
// stays.
func TestAccHelpCrunchCustomer_keepDestroyMakesNoRequest(t *testing.T) {
	acctest.PreCheck(t)
	f := acctest.NewFake(t)
	out := testAccDestroyWithoutRefresh(t, f, hcCustomerConfig(f, `email = "stays@example.com"`))
	f.RequireRequests(t, nil)
	if !regexp.MustCompile(`(?s)HelpCrunch Customer Left As It Is.*removed from Terraform state only`).MatchString(out) {
		t.Errorf("destroy said:\n%s\nwant the warning that the customer stays", out)
	}
	if hcFakeCustomer(t, f, "21") == nil {
		t.Error("the kept customer was deleted")
	}
}

// TestAccHelpCrunchCustomer_disappears: a customer deleted outside Terraform
// leaves the state, and the next plan creates it again.
func TestAccHelpCrunchCustomer_disappears(t *testing.T) {
	f := acctest.NewFake(t)
	var id string
	config := hcCustomerConfig(f, `email = "gone@example.com"`)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: config, ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcCustomerAddr, &id)}},
		{
			PreConfig: func() { f.DeleteOutOfBand(t, "helpcrunch/customers", id) },
			Config:    config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("id"), knownvalue.StringExact("22")),
			},
		},
	}})
}

// TestAccHelpCrunchCustomer_driftInTagsAndCustomData: tags and custom data
// set in the configuration are the customer's exactly, so what another hand
// adds shows as a change and the apply removes it; left out, they are
// HelpCrunch's, and a change made there plans nothing.
func TestAccHelpCrunchCustomer_driftInTagsAndCustomData(t *testing.T) {
	f := acctest.NewFake(t)
	hc := hcCustomerClient(t, f)
	var id string
	// addOutside adds a tag and a custom data property to the customer, as
	// an agent in HelpCrunch's UI would.
	addOutside := func() {
		n, _ := strconv.ParseInt(id, 10, 64)
		c, err := hc.Customers.Get(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		req := &client.HelpCrunchCustomerRequest{Name: c.Name, Email: c.Email, UserID: c.UserID, Company: c.Company, Phone: c.Phone, Notes: c.Notes,
			Tags: []string{"from-ui"}, Others: c.Others}
		if c.FirstSeen.Valid {
			req.FirstSeen = &c.FirstSeen.Time
		}
		for _, tag := range c.Tags {
			req.Tags = append(req.Tags, tag.Name)
		}
		req.CustomData = []client.HelpCrunchCustomDatum{{Property: "source", Value: json.RawMessage(`"ui"`)}}
		for _, d := range c.CustomData {
			if d.Property != "source" {
				req.CustomData = append(req.CustomData, d)
			}
		}
		if _, err := hc.Customers.Update(context.Background(), n, req); err != nil {
			t.Fatal(err)
		}
	}
	managed := hcCustomerConfig(f, "email = \"drift@example.com\"\n  tags = [\"vip\"]\n  custom_data = { plan = \"pro\" }")
	unmanaged := hcCustomerConfig(f, `email = "drift@example.com"`)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: managed, ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcCustomerAddr, &id)}},
		{
			PreConfig: addOutside,
			Config:    managed,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("vip")})),
			}},
			Check: func(*terraform.State) error {
				c := hcFakeCustomer(t, f, id)
				if tags := c["tags"].([]any); len(tags) != 1 || len(c["customData"].(map[string]any)) != 1 {
					return fmt.Errorf("after the apply the customer has tags %v and custom data %v, want only what is configured", tags, c["customData"])
				}
				return nil
			},
		},
		{
			// Left out, they show what HelpCrunch holds, and are kept.
			PreConfig: addOutside,
			Config:    unmanaged,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("vip"), knownvalue.StringExact("from-ui")})),
				statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("custom_data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"plan": knownvalue.StringExact("pro"), "source": knownvalue.StringExact("ui")})),
			},
		},
		{
			PreConfig: addOutside,
			Config:    unmanaged,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionNoop),
			}},
		},
	}})
}

// TestAccHelpCrunchCustomer_updateKeepsWhatItDoesNotManage imports a
// customer with fields the resource does not manage (locale, source, first
// visit), updates it, and the fields are still there: in the reading where a
// PUT nulls what it leaves out and in the one where it leaves it.
func TestAccHelpCrunchCustomer_updateKeepsWhatItDoesNotManage(t *testing.T) {
	for _, reading := range []string{"replace", "merge"} {
		t.Run(reading, func(t *testing.T) {
			fx := fake.DefaultFixtures()
			fx.HelpCrunch.Customers = append(fx.HelpCrunch.Customers, helpcrunch.Customer{
				ID: 30, Name: "Grace", Email: "grace@example.com", Locale: "uk", Source: "https://example.com/pricing",
				FirstSeen: 1700000000, Tags: []string{"lead"}, CustomData: map[string]any{"plan": "free", "seats": 1},
			})
			f := acctest.NewFake(t, fake.Options{Fixtures: fx, Readings: map[string]map[string]string{
				helpcrunch.Name: {helpcrunch.ReadingCustomerPut: reading, helpcrunch.ReadingCustomerData: map[string]string{"replace": "object", "merge": "list"}[reading]},
			}})
			importBlock := "\nimport {\n  to = chatops_helpcrunch_customer.test\n  id = \"30\"\n}\n"
			testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
				{
					PreConfig: f.ResetRequests,
					Config:    importBlock + hcCustomerConfig(f, "name  = \"Grace\"\n  email = \"grace@example.com\"\n  tags  = [\"lead\"]\n  custom_data = { plan = \"free\", seats = 1 }"),
					ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(hcCustomerAddr, plancheck.ResourceActionNoop),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("created_at"), knownvalue.StringExact("2023-11-14T22:13:20Z")),
						f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerGet: 1}),
					},
				},
				{
					PreConfig: f.ResetRequests,
					Config:    hcCustomerConfig(f, "name  = \"Grace Hopper\"\n  email = \"grace@example.com\"\n  custom_data = { plan = \"team\" }"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("lead")})),
						f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerGet: 1, helpcrunch.RouteCustomerUpdate: 1}),
					},
					Check: func(*terraform.State) error {
						c := hcFakeCustomer(t, f, "30")
						if c["name"] != "Grace Hopper" || c["locale"] != "uk" || c["source"] != "https://example.com/pricing" || c["firstSeen"] == nil {
							return fmt.Errorf("after the update: %v; want the new name and the locale, source and firstSeen kept", c)
						}
						if fmt.Sprint(c["tags"]) != "[map[color:#c377e0 name:lead]]" {
							return fmt.Errorf("tags left to HelpCrunch changed: %v", c["tags"])
						}
						if got := fmt.Sprint(c["customData"]); got != "map[plan:team]" && got != "[map[property:plan value:team]]" {
							return fmt.Errorf("custom data %s, want plan = team alone (seats removed)", got)
						}
						return nil
					},
				},
			}})
		})
	}
}

// TestAccHelpCrunchCustomer_generatedConfig: configuration generated for an
// imported customer plans clean.
func TestAccHelpCrunchCustomer_generatedConfig(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: hcCustomerConfig(f, hcCustomerFull)},
		{
			ResourceName:    hcCustomerAddr,
			ImportState:     true,
			ImportStateKind: tfresource.ImportBlockWithID,
			GenerateConfig:  true,
			ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("chatops_helpcrunch_customer.generated", plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue("chatops_helpcrunch_customer.generated", tfjsonpath.New("custom_data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"plan": knownvalue.StringExact("pro"), "seats": knownvalue.Int64Exact(5), "trial": knownvalue.Bool(false),
				})),
				plancheck.ExpectKnownValue("chatops_helpcrunch_customer.generated", tfjsonpath.New("on_destroy"), knownvalue.StringExact("keep")),
			}},
		},
	}})
}

// TestAccHelpCrunchCustomer_identity stores the customer's id as its
// identity on create and through an update; an import block by that
// identity plans no change.
func TestAccHelpCrunchCustomer_identity(t *testing.T) {
	f := acctest.NewFake(t)
	importCounts := testAccIdentityLifecycle(t, f, hcCustomerAddr,
		hcCustomerConfig(f, `email = "id@example.com"`), hcCustomerConfig(f, "email = \"id@example.com\"\n  name = \"Ida\""), "21",
		plancheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ida")))
	if importCounts.Total != importCounts.ByRoute[helpcrunch.RouteCustomerGet] || importCounts.Total == 0 {
		t.Errorf("import by identity cost %v, want reads of the customer only", importCounts.ByRoute)
	}
}

// TestAccHelpCrunchCustomer_importBlockByIdentity_identity adopts a customer
// no state knows of by identity, and refuses a malformed one without a
// request.
func TestAccHelpCrunchCustomer_importBlockByIdentity_identity(t *testing.T) {
	f := acctest.NewFake(t)
	testAccImportBlockByIdentity(t, f, hcCustomerAddr, hcCustomerConfig(f, "name    = \"Demo Customer 7\"\n  email   = \"customer7@example.com\"\n  user_id = \"cust-7\""),
		"cust-7", `(?s)Invalid Import ID.*numeric id of a HelpCrunch customer`, "7", "7",
		statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("keep")),
		statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("tags"), knownvalue.Null()),
	)
}

// TestAccHelpCrunchCustomer_badInputs fail at plan, before any request.
func TestAccHelpCrunchCustomer_badInputs(t *testing.T) {
	f := acctest.NewFake(t)
	var steps []tfresource.TestStep
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`on_destroy = "archive"`, []string{"on_destroy", "value must be one of"}},
		{`tags = ["vip", ""]`, []string{"tags", "must not be empty or blank"}},
		{`tags = ["  "]`, []string{"tags", "must not be empty or blank"}},
		{`custom_data = { plan = { tier = "gold" } }`, []string{"Invalid Flat Object", "custom_data.plan is a object"}},
		{`custom_data = { plan = ["gold"] }`, []string{"Invalid Flat Object", "custom_data.plan is a list"}},
		{`custom_data = ["gold"]`, []string{"Invalid Flat Object", "got a list"}},
		{`custom_data = "gold"`, []string{"Invalid Flat Object", "got a string"}},
		{`custom_data = { plan = null }`, []string{"Invalid Flat Object", "custom_data.plan is null"}},
		{`email = ""`, []string{"Invalid Email Address"}},
		{`email = "ada@"`, []string{"Invalid Email Address", `got "ada@"`}},
		{`name = "  "`, []string{"name", "must not be empty or blank"}},
		{`user_id = ""`, []string{"user_id", "must not be empty or blank"}},
		{"email = \"a@example.com\"\n  timeouts {\n    update = \"0s\"\n  }", []string{"Invalid Timeout"}},
	} {
		steps = append(steps, planErrorStep(hcCustomerConfig(f, tc.body), testAccErrorRegexp(tc.want...)))
	}
	testAccParallel(t, tfresource.TestCase{Steps: steps})
	f.RequireRequests(t, nil)
}

// TestAccHelpCrunchCustomer_lostCreateAnswer: a lost answer to POST
// /customers is never sent again; one search by user_id (or email) finds
// what it made, adopting the one customer first seen since, and failing
// with the candidates' ids, or saying none was made. A customer with
// neither user_id nor email cannot be looked for.
func TestAccHelpCrunchCustomer_lostCreateAnswer(t *testing.T) {
	lostAnswer := mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteCustomerCreate, Status: http.StatusServiceUnavailable, AfterCommit: true}}}
	t.Run("adopted", func(t *testing.T) {
		// Parallel before the fake starts, so that a wait for a parallel slot
		// does not age what the search looks at.
		t.Parallel()
		f := acctest.NewFake(t)
		f.SetFaults(lostAnswer)
		testAccSerial(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
			Config: hcCustomerConfig(f, "email   = \"lost@example.com\"\n  user_id = \"crm-lost\"\n  tags = [\"vip\"]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(hcCustomerAddr, tfjsonpath.New("id"), knownvalue.StringExact("21")),
				f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteCustomersSearch: 1}),
			},
		}}})
		if n := len(f.State().HelpCrunch.Customers); n != 21 {
			t.Errorf("the fake holds %d customers, want the 20 fixtures and 1 made", n)
		}
	})
	t.Run("several candidates", func(t *testing.T) {
		t.Parallel()
		fx := fake.DefaultFixtures()
		// A customer with the same email, first seen a moment ago.
		fx.HelpCrunch.Customers = append(fx.HelpCrunch.Customers, helpcrunch.Customer{ID: 40, Email: "twin@example.com", FirstSeen: time.Now().Unix()})
		f := acctest.NewFake(t, fake.Options{Fixtures: fx})
		f.SetFaults(lostAnswer)
		testAccSerial(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
			Config: hcCustomerConfig(f, `email = "twin@example.com"`),
			ExpectError: testAccErrorRegexp("Unable to Create HelpCrunch Customer", "HTTP 503", `2 customers with email "twin@example.com"`,
				"41, 40", "adopted none", "terraform import"),
		}}})
		f.RequireRequests(t, acctest.Requests{helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteCustomersSearch: 1})
	})
	t.Run("none made", func(t *testing.T) {
		t.Parallel()
		f := acctest.NewFake(t)
		// A 503 before HelpCrunch acted: the search finds nothing.
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteCustomerCreate, Status: http.StatusServiceUnavailable}}})
		testAccSerial(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
			Config:      hcCustomerConfig(f, `user_id = "crm-none"`),
			ExpectError: testAccErrorRegexp("Unable to Create HelpCrunch Customer", "HTTP 503", `found no customer with user_id "crm-none"`, "most likely made none"),
		}}})
		f.RequireRequests(t, acctest.Requests{helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteCustomersSearch: 1})
	})
	t.Run("nothing to search by", func(t *testing.T) {
		t.Parallel()
		f := acctest.NewFake(t)
		f.SetFaults(lostAnswer)
		testAccSerial(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
			Config:      hcCustomerConfig(f, `name = "Nameless"`),
			ExpectError: testAccErrorRegexp("Unable to Create HelpCrunch Customer", "neither user_id nor email cannot be searched for", "terraform import"),
		}}})
		f.RequireRequests(t, acctest.Requests{helpcrunch.RouteCustomerCreate: 1})
	})
}

// TestAccHelpCrunchCustomer_rateLimitedCreateRetried: a 429 means HelpCrunch
// made nothing, so the create is sent again, and one customer is made.
func TestAccHelpCrunchCustomer_rateLimitedCreateRetried(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: func() {
			f.ResetRequests()
			f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteCustomerCreate, Status: http.StatusTooManyRequests}}})
		},
		Config:            hcCustomerConfig(f, `email = "busy@example.com"`),
		ConfigStateChecks: []statecheck.StateCheck{f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerCreate: 2})},
	}}})
	if n := len(f.State().HelpCrunch.Customers); n != 21 {
		t.Errorf("the fake holds %d customers, want 21", n)
	}
}
