package provider

import (
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

const hcReuseAddr = "chatops_helpcrunch_chat.test"

// hcReuseFake serves the default fixtures and chats, created a minute apart
// in the order given.
func hcReuseFake(t *testing.T, chats ...helpcrunch.ChatFixture) *acctest.Fake {
	t.Helper()
	fx := fake.DefaultFixtures()
	for i, c := range chats {
		c.CreatedAt = hcBase.Unix() + int64(i)*60
		fx.HelpCrunch.Chats = append(fx.HelpCrunch.Chats, c)
	}
	return acctest.NewFake(t, fake.Options{Fixtures: fx})
}

func hcReuseConfig(f *acctest.Fake, body string) string {
	return f.ProviderConfig() + fmt.Sprintf("\nresource \"chatops_helpcrunch_chat\" \"test\" {\n  reuse_open_chat = true\n  %s\n}\n", body)
}

// hcFakeChatByID is the fake's chat id, as the API answers it.
func hcFakeChatByID(t *testing.T, f *acctest.Fake, id int64) map[string]any {
	t.Helper()
	for _, c := range f.State().HelpCrunch.Chats {
		if c["id"] == id {
			return c
		}
	}
	t.Fatalf("the fake has no chat %d", id)
	return nil
}

// TestAccHelpCrunchChat_reuseOpenChat adopts the one open chat of the
// customer in the application: one search, no POST /chats, and the
// configured assignee and status set on it. The next plan is empty, and
// destroy closes it.
func TestAccHelpCrunchChat_reuseOpenChat(t *testing.T) {
	f := hcReuseFake(t,
		helpcrunch.ChatFixture{Customer: 5, Application: 1, Status: "opened", Assignee: 2, Department: 1}, // 1: the one to adopt
		helpcrunch.ChatFixture{Customer: 5, Application: 1, Status: "closed"},                             // 2: closed
		helpcrunch.ChatFixture{Customer: 5, Application: 2, Status: "opened"},                             // 3: another application
		helpcrunch.ChatFixture{Customer: 6, Application: 1, Status: "opened"},                             // 4: another customer
	)
	config := hcReuseConfig(f, "customer    = 5\n  application = 1\n  assignee    = 3\n  status      = \"pending\"")
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				PreConfig: f.ResetRequests,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("assignee"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("department"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("reuse_open_chat"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-01-01T00:00:00Z")),
					f.ExpectRequests(acctest.Requests{helpcrunch.RouteChatsSearch: 1, helpcrunch.RouteChatUpdateAssignee: 1, helpcrunch.RouteChatUpdateStatus: 1}),
				},
				Check: func(*terraform.State) error {
					if n := len(f.State().HelpCrunch.Chats); n != 4 {
						return fmt.Errorf("the fake holds %d chats, want the 4 it had", n)
					}
					if c := hcFakeChatByID(t, f, 1); c["status"] != "pending" || hcRefID(c, "assignee") != 3 {
						return fmt.Errorf("the adopted chat: %v", c)
					}
					return nil
				},
			},
			{Config: config, PlanOnly: true},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := hcFakeChatByID(t, f, 1)["status"]; got != "closed" {
				return fmt.Errorf("the adopted chat is %v after destroy, want closed", got)
			}
			return nil
		},
	})
}

// TestAccHelpCrunchChat_reuseOpenChatAsItIs adopts a chat that already is as
// configured (the status left to HelpCrunch): the search, and nothing else.
func TestAccHelpCrunchChat_reuseOpenChatAsItIs(t *testing.T) {
	f := hcReuseFake(t, helpcrunch.ChatFixture{Customer: 7, Application: 3, Status: "new", Assignee: 4})
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: f.ResetRequests,
		Config:    hcReuseConfig(f, "customer    = 7\n  application = 3\n  assignee    = 4"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
			statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("status"), knownvalue.StringExact("new")),
			f.ExpectRequests(acctest.Requests{helpcrunch.RouteChatsSearch: 1}),
		},
	}}})
}

// TestAccHelpCrunchChat_reuseOpenChatNoneOpen opens a chat as usual when the
// customer has none open in the application: one search, then POST /chats.
func TestAccHelpCrunchChat_reuseOpenChatNoneOpen(t *testing.T) {
	f := hcReuseFake(t,
		helpcrunch.ChatFixture{Customer: 8, Application: 1, Status: "closed"},
		helpcrunch.ChatFixture{Customer: 8, Application: 2, Status: "opened"})
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: f.ResetRequests,
		Config:    hcReuseConfig(f, "customer    = 8\n  application = 1"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("id"), knownvalue.StringExact("3")),
			f.ExpectRequests(acctest.Requests{helpcrunch.RouteChatsSearch: 1, helpcrunch.RouteChatCreate: 1}),
		},
	}}})
}

// TestAccHelpCrunchChat_reuseOpenChatSeveral fails when the customer has
// several open chats in the application, listing them (newest first) to
// import one; nothing is created.
func TestAccHelpCrunchChat_reuseOpenChatSeveral(t *testing.T) {
	f := hcReuseFake(t,
		helpcrunch.ChatFixture{Customer: 9, Application: 1, Status: "opened"},
		helpcrunch.ChatFixture{Customer: 9, Application: 1, Status: "empty"},
		helpcrunch.ChatFixture{Customer: 9, Application: 1, Status: "closed"})
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: f.ResetRequests,
		Config:    hcReuseConfig(f, "customer    = 9\n  application = 1"),
		ExpectError: testAccErrorRegexp("Unable to Create HelpCrunch Chat", "reuse_open_chat found 2 open chats of customer 9 in application 1: 2, 1",
			"terraform import <resource address> <chat id>"),
	}}})
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: 1})
}

// TestAccHelpCrunchChat_reuseOpenChatNewCustomer: a customer known only
// after apply passes the plan; its chat is searched for, then opened.
func TestAccHelpCrunchChat_reuseOpenChatNewCustomer(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: f.ResetRequests,
		Config: f.ProviderConfig() + `
resource "chatops_helpcrunch_customer" "test" {
  email = "first-time@example.com"
}

resource "chatops_helpcrunch_chat" "test" {
  customer        = chatops_helpcrunch_customer.test.id
  application     = 1
  reuse_open_chat = true
}
`,
		ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectUnknownValue(hcReuseAddr, tfjsonpath.New("customer")),
		}},
		ConfigStateChecks: []statecheck.StateCheck{
			f.ExpectRequests(acctest.Requests{helpcrunch.RouteCustomerCreate: 1, helpcrunch.RouteChatsSearch: 1, helpcrunch.RouteChatCreate: 1}),
		},
	}}})
}

// TestAccHelpCrunchChat_reuseOpenChatSwitch: turning reuse_open_chat on or
// off on an existing chat changes state only.
func TestAccHelpCrunchChat_reuseOpenChatSwitch(t *testing.T) {
	f := acctest.NewFake(t)
	config := func(reuse bool) string {
		return f.ProviderConfig() + fmt.Sprintf("\nresource \"chatops_helpcrunch_chat\" \"test\" {\n  customer        = 10\n  application     = 1\n  reuse_open_chat = %v\n}\n", reuse)
	}
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{
			Config:            config(false),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("reuse_open_chat"), knownvalue.Bool(false))},
		},
		{
			PreConfig: f.ResetRequests,
			Config:    config(true),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hcReuseAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(hcReuseAddr, tfjsonpath.New("reuse_open_chat"), knownvalue.Bool(true)),
				// The plan's refresh; nothing is written or searched.
				f.ExpectRequests(acctest.Requests{helpcrunch.RouteChatGet: 1}),
			},
		},
	}})
}

// TestAccHelpCrunchChat_reuseOpenChatBadInputs: reuse_open_chat needs a
// customer whose chats can be searched, a whole number at least 1: any other
// fails at plan, before any request.
func TestAccHelpCrunchChat_reuseOpenChatBadInputs(t *testing.T) {
	f := acctest.NewFake(t)
	var steps []tfresource.TestStep
	for _, tc := range []struct {
		body string
		want []string
	}{
		{"customer    = 0\n  application = 1", []string{"customer", "at least 1"}},
		{"customer    = -4\n  application = 1", []string{"customer", "at least 1"}},
		{"customer    = 2.5\n  application = 1", []string{"Invalid Whole Number", "customer must be a whole number"}},
		{"application = 1", []string{"customer", "required"}},
		{"customer    = null\n  application = 1", []string{"customer"}},
	} {
		steps = append(steps, planErrorStep(hcReuseConfig(f, tc.body), testAccErrorRegexp(tc.want...)))
	}
	steps = append(steps, planErrorStep(
		f.ProviderConfig()+"\nresource \"chatops_helpcrunch_chat\" \"test\" {\n  customer        = 1\n  application     = 1\n  reuse_open_chat = \"maybe\"\n}\n",
		testAccErrorRegexp("reuse_open_chat", "bool")))
	testAccParallel(t, tfresource.TestCase{Steps: steps})
	f.RequireRequests(t, nil)
}
