package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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

const hcChatAddr = "chatops_helpcrunch_chat.test"

// hcClock is the fixed time of the fakes that need predictable timestamps.
var hcClock = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func TestAccHelpCrunchChat_basic(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Now: func() time.Time { return hcClock }})
	var id string
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: f.ResetRequests,
			Config: f.ProviderConfig() + `
resource "chatops_helpcrunch_chat" "test" {
  customer    = 3
  application = 2
  assignee    = 4
  department  = 1

  timeouts {
    create = "2m"
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				hcCaptureID(hcChatAddr, &id),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("customer"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("application"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("assignee"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("department"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.Null()),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("close")),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("last_message_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.Null()),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("rating"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error {
				// Create fills state from the create answer: one POST, no
				// other write and no read after it.
				return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1})
			},
		}},
	})
	chat := hcFakeChat(t, f, id)
	if chat["status"] != "closed" || hcRefID(chat, "customer") != 3 || hcRefID(chat, "assignee") != 4 || hcRefID(chat, "department") != 1 {
		t.Errorf("fake's chat after destroy = %v", chat)
	}
}

func TestAccHelpCrunchChat_emptySecondPlan(t *testing.T) {
	f := acctest.NewFake(t)
	config := f.ProviderConfig() + hcChatConfig(`customer = 1
  application = 1
  assignee    = 2
  status      = "pending"`)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: f.ResetRequests,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Counts what the plan-only step above cost: reads only.
				PreConfig: func() {
					if err := f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1}); err != nil {
						t.Error(err)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

func TestAccHelpCrunchChat_updateAssignee(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: f.ProviderConfig() + hcChatConfig(`customer = 5
  application = 1
  assignee    = 1
  department  = 2`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("assignee"), knownvalue.Int64Exact(1)),
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + hcChatConfig(`customer = 5
  application = 1
  assignee    = 3
  department  = 2`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("department"), knownvalue.Int64Exact(2)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("assignee"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateAssignee: 1})
				},
			},
			{
				// Removing the assignee unassigns the chat with one PUT.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + hcChatConfig(`customer = 5
  application = 1
  department  = 2`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("assignee"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateAssignee: 1})
				},
			},
			{
				// Department: one PUT /chats/department, nothing else written.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + hcChatConfig(`customer = 5
  application = 1
  department  = 3`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("department"), knownvalue.Int64Exact(3)),
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateDepartment: 1})
				},
			},
		},
	})
}

func TestAccHelpCrunchChat_status(t *testing.T) {
	f := acctest.NewFake(t)
	var id string
	withStatus := func(status string) string {
		return f.ProviderConfig() + hcChatConfig(fmt.Sprintf(`customer = 2
  application = 3
  status      = %q`, status))
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: f.ResetRequests,
				Config:    withStatus("opened"),
				ConfigStateChecks: []statecheck.StateCheck{
					hcCaptureID(hcChatAddr, &id),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("opened")),
				},
				Check: func(*terraform.State) error {
					// A status on create: the POST, then one PUT /chats/status.
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteChatUpdateStatus: 1})
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    withStatus("on hold"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("on hold")),
				},
				Check: func(*terraform.State) error {
					// HelpCrunch reads the status back as "onhold"; the plans
					// after this apply (run by the test framework) must be empty.
					if got := hcFakeChat(t, f, id)["status"]; got != "onhold" {
						return fmt.Errorf("fake's status = %v, want onhold", got)
					}
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateStatus: 1})
				},
			},
			{
				// Another spelling of the same status: no change planned.
				PreConfig: f.ResetRequests,
				Config:    withStatus("on-hold"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1})
				},
			},
			{
				Config: withStatus("onhold"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config: withStatus("closed"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("closed")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.StringExact("agent")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
			},
			{
				Config: withStatus("no communication"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("no communication")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
				},
			},
			{
				// Unset: the status stays as HelpCrunch has it, no change.
				Config: f.ProviderConfig() + hcChatConfig(`customer = 2
  application = 3`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("no communication")),
				},
			},
		},
	})
}

func TestAccHelpCrunchChat_customerReplaces(t *testing.T) {
	f := acctest.NewFake(t)
	var first string
	sameID := statecheck.CompareValue(compare.ValuesDiffer())
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: f.ProviderConfig() + hcChatConfig(`customer = 1
  application = 1`),
				ConfigStateChecks: []statecheck.StateCheck{
					hcCaptureID(hcChatAddr, &first),
					sameID.AddStateValue(hcChatAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: f.ProviderConfig() + hcChatConfig(`customer = 2
  application = 1`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(hcChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("customer"), knownvalue.Int64Exact(2)),
				},
				Check: func(*terraform.State) error {
					if got := hcFakeChat(t, f, first)["status"]; got != "closed" {
						return fmt.Errorf("replaced chat %s has status %v, want closed", first, got)
					}
					return nil
				},
			},
			{
				Config: f.ProviderConfig() + hcChatConfig(`customer = 2
  application = 2`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	if n := f.RequestCount(helpcrunch.RouteChatCreate); n != 3 {
		t.Errorf("POST /chats sent %d times, want 3 (create and two replacements)", n)
	}
}

func TestAccHelpCrunchChat_import(t *testing.T) {
	f := acctest.NewFake(t)
	config := f.ProviderConfig() + hcChatConfig(`customer = 7
  application = 2
  assignee    = 5
  department  = 3
  status      = "on hold"`)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      hcChatAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  hcChatAddr,
				ImportState:   true,
				ImportStateId: "not-a-number",
				ExpectError:   regexp.MustCompile(`Invalid Import ID`),
			},
			{
				ResourceName:  hcChatAddr,
				ImportState:   true,
				ImportStateId: "   ",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*is blank`),
			},
			{
				ResourceName:  hcChatAddr,
				ImportState:   true,
				ImportStateId: "0",
				ExpectError:   regexp.MustCompile(`Invalid Import ID`),
			},
			{
				ResourceName:  hcChatAddr,
				ImportState:   true,
				ImportStateId: "999999",
				ExpectError:   regexp.MustCompile(`(?i)cannot import non-existent remote object`),
			},
		},
	})
}

func TestAccHelpCrunchChat_disappears(t *testing.T) {
	f := acctest.NewFake(t)
	var id, recreated string
	config := f.ProviderConfig() + hcChatConfig(`customer = 4
  application = 1`)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcChatAddr, &id)},
			},
			{
				PreConfig: func() { f.DeleteOutOfBand(t, "helpcrunch/chats", id) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcChatAddr, &recreated)},
			},
		},
	})
	if recreated == "" || recreated == id {
		t.Errorf("chat %s was not recreated (now %q)", id, recreated)
	}
}

func TestAccHelpCrunchChat_destroyCloses(t *testing.T) {
	f := acctest.NewFake(t)
	var id string
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + hcChatConfig(`customer = 6
  application = 1
  status      = "opened"`),
			ConfigStateChecks: []statecheck.StateCheck{hcCaptureID(hcChatAddr, &id)},
			Check: func(*terraform.State) error {
				f.ResetRequests()
				return nil
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			chat := hcFakeChat(t, f, id)
			if chat["status"] != "closed" || chat["closedBy"] != "agent" {
				return fmt.Errorf("destroyed chat %s: status %v, closedBy %v; want closed by agent", id, chat["status"], chat["closedBy"])
			}
			return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateStatus: 1})
		},
	})
}

func TestAccHelpCrunchChat_destroyKeep(t *testing.T) {
	f := acctest.NewFake(t)
	var id string
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: f.ProviderConfig() + hcChatConfig(`customer = 6
  application = 1`),
				ConfigStateChecks: []statecheck.StateCheck{
					hcCaptureID(hcChatAddr, &id),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("close")),
				},
			},
			{
				// Switching on_destroy changes state only: no API write.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + hcChatConfig(`customer = 6
  application = 1
  on_destroy  = "keep"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("keep")),
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 1})
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := hcFakeChat(t, f, id)["status"]; got != "empty" {
				return fmt.Errorf("kept chat %s has status %v, want it left as it was (empty)", id, got)
			}
			return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 2})
		},
	})
}

func TestAccHelpCrunchChat_invalidInputs(t *testing.T) {
	f := acctest.NewFake(t)
	bad := []struct {
		body, want string
	}{
		{"customer = 0\n  application = 1", `(?s)customer.*at least 1`},
		{"customer = 1\n  application = -1", `(?s)application.*at least 1`},
		{"customer = 1\n  application = 1\n  assignee = 0", `(?s)assignee.*at least 1`},
		{"customer = 1\n  application = 1\n  department = 0", `(?s)department.*at least 1`},
		{"customer = 1\n  application = 1\n  status = \"archived\"", `(?s)status.*value must be one of`},
		{"customer = 1\n  application = 1\n  status = \"empty\"", `(?s)status.*value must be one of`},
		{"customer = 1\n  application = 1\n  status = \"On Hold\"", `(?s)status.*value must be one of`},
		{"customer = 1\n  application = 1\n  on_destroy = \"delete\"", `(?s)on_destroy.*value must be one of`},
		{"customer = 1\n  application = 1\n  timeouts {\n    create = \"soon\"\n  }", `(?s)Invalid Attribute Value Time Duration.*soon`},
		{"customer = 1\n  application = 1\n  timeouts {\n    delete = \"-1m\"\n  }", `(?s)Invalid Timeout.*greater than zero`},
		{"application = 1", `(?s)customer.*required`},
		{"customer = 1\n  application = 1.5", `(?s)Invalid Whole Number.*application must be a whole number.*got 1\.5`},
		{"customer = 2.5\n  application = 1", `(?s)Invalid Whole Number.*customer must be a whole number.*got 2\.5`},
		{"customer = 1\n  application = 1\n  assignee = 1.1", `(?s)Invalid Whole Number.*assignee must be a whole number`},
		{"customer = 1\n  application = 1\n  department = 0.5", `(?s)Invalid Whole Number.*department must be a whole number`},
		{"customer = 1e30\n  application = 1", `(?s)Invalid Whole Number.*customer must be a whole number between`},
		{"customer = -1.5\n  application = 1", `(?s)Invalid Whole Number.*customer must be a whole number`},
	}
	var steps []resource.TestStep
	for _, b := range bad {
		steps = append(steps, planErrorStep(f.ProviderConfig()+hcChatConfig(b.body), regexp.MustCompile(b.want)))
	}
	testAccParallel(t, resource.TestCase{
		Steps: steps,
	})
	f.RequireRequests(t, nil)
}

func TestAccHelpCrunchChat_createRateLimitedRetried(t *testing.T) {
	f := acctest.NewFake(t)
	// HelpCrunch's 429 names no wait; the client backs off on its own.
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteChatCreate, Status: http.StatusTooManyRequests}}})
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + hcChatConfig(`customer = 8
  application = 1`),
			Check: func(*terraform.State) error {
				if n := f.RequestCount(helpcrunch.RouteChatCreate); n != 2 {
					return fmt.Errorf("POST /chats sent %d times, want 2 (the 429, then the retry)", n)
				}
				if n := len(f.State().HelpCrunch.Chats); n != 1 {
					return fmt.Errorf("the fake holds %d chats, want exactly 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccHelpCrunchChat_timestampsAsNumbers(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{Now: func() time.Time { return hcClock }})
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + hcChatConfig(`customer = 1
  application = 1
  status      = "closed"`),
			Check: func(*terraform.State) error {
				chat := f.State().HelpCrunch.Chats[0]
				if _, ok := chat["createdAt"].(int64); !ok {
					return fmt.Errorf("the fake sent createdAt as %T, want a number", chat["createdAt"])
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
				statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			},
		}},
	})
}

func TestAccHelpCrunchChat_timestampsAsStrings(t *testing.T) {
	fx := fake.DefaultFixtures()
	// "mixed": chat ids 1, 2, 3 send "1709294400", "1709294400.000" and
	// 1709294400, so three chats read every form.
	fx.HelpCrunch.TimestampFormat = "mixed"
	f := acctest.NewFake(t, fake.Options{Fixtures: fx, Now: func() time.Time { return hcClock }})
	var checks []statecheck.StateCheck
	for i := 0; i < 3; i++ {
		addr := fmt.Sprintf("%s[%d]", hcChatAddr, i)
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("closed_at"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_message_at"), knownvalue.Null()),
		)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + `
resource "chatops_helpcrunch_chat" "test" {
  count       = 3
  customer    = count.index + 1
  application = 1
  status      = "closed"
}
`,
			Check: func(*terraform.State) error {
				if forms := hcTimestampForms(f); len(forms) != 3 {
					return fmt.Errorf("the fake sent timestamps in forms %v, want number, string and fractional", forms)
				}
				return nil
			},
			ConfigStateChecks: checks,
		}},
	})
}

// hcChatConfig is a chatops_helpcrunch_chat "test" with the given body.
func hcChatConfig(body string) string {
	return fmt.Sprintf(`
resource "chatops_helpcrunch_chat" "test" {
  %s
}
`, body)
}

// hcFakeChat returns the fake's chat with that id, in the API's form.
func hcFakeChat(t *testing.T, f *acctest.Fake, id string) map[string]any {
	t.Helper()
	want, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("chat id %q: %v", id, err)
	}
	for _, c := range f.State().HelpCrunch.Chats {
		if c["id"] == want {
			return c
		}
	}
	t.Fatalf("the fake has no chat %s", id)
	return nil
}

// hcRefID returns the id of a nested object of a fake chat (customer,
// assignee, department), or 0 when it is null.
func hcRefID(chat map[string]any, key string) int64 {
	if m, ok := chat[key].(map[string]any); ok {
		if id, ok := m["id"].(int64); ok {
			return id
		}
	}
	return 0
}

// hcCaptureID is a state check that stores a resource's id in dst.
func hcCaptureID(addr string, dst *string) statecheck.StateCheck {
	return hcCaptureIDCheck{addr: addr, dst: dst}
}

type hcCaptureIDCheck struct {
	addr string
	dst  *string
}

func (c hcCaptureIDCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.addr {
			id, ok := r.AttributeValues["id"].(string)
			if !ok || id == "" {
				resp.Error = fmt.Errorf("%s has no id", c.addr)
				return
			}
			*c.dst = id
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in state", c.addr)
}

// Every spelling of "on hold" survives create, update and refresh as the
// user wrote it, although HelpCrunch reads it back as "onhold".
func TestAccHelpCrunchChat_onHoldSpellingsOnCreate(t *testing.T) {
	f := acctest.NewFake(t)
	spellings := []string{"onhold", "on-hold", "on hold"}
	config := func(statuses []string) string {
		var b strings.Builder
		b.WriteString(f.ProviderConfig())
		for i, s := range statuses {
			fmt.Fprintf(&b, "\nresource \"chatops_helpcrunch_chat\" \"s%d\" {\n  customer    = %d\n  application = 1\n  status      = %q\n}\n", i, i+1, s)
		}
		return b.String()
	}
	statusChecks := func(statuses []string) []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for i, s := range statuses {
			checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("chatops_helpcrunch_chat.s%d", i), tfjsonpath.New("status"), knownvalue.StringExact(s)))
		}
		return checks
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig:         f.ResetRequests,
				Config:            config(spellings),
				ConfigStateChecks: statusChecks(spellings),
				Check: func(*terraform.State) error {
					for _, c := range f.State().HelpCrunch.Chats {
						if c["status"] != "onhold" {
							return fmt.Errorf("fake chat %v has status %v, want onhold", c["id"], c["status"])
						}
					}
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 3, helpcrunch.RouteChatUpdateStatus: 3})
				},
			},
			{
				// The next plan (with refresh) is empty; so is one in which the
				// spellings are swapped around.
				Config: config([]string{"on hold", "onhold", "on-hold"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config:            config([]string{"opened", "opened", "opened"}),
				ConfigStateChecks: statusChecks([]string{"opened", "opened", "opened"}),
			},
			{
				// Update back to on hold, each in its own spelling.
				PreConfig:         f.ResetRequests,
				Config:            config(spellings),
				ConfigStateChecks: statusChecks(spellings),
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 3, helpcrunch.RouteChatUpdateStatus: 3})
				},
			},
			{
				// Import reads the canonical spelling; the configuration's
				// other spelling of the same status then plans nothing.
				ResourceName:            "chatops_helpcrunch_chat.s0",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"status"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["status"] != "on hold" {
						return fmt.Errorf("imported status = %v, want \"on hold\"", states)
					}
					return nil
				},
			},
		},
	})
}

// Configuration generated for an imported chat plans clean: a chat without
// messages (status "empty", which no one can set) generates no status.
func TestAccHelpCrunchChat_generatedConfig(t *testing.T) {
	f := acctest.NewFake(t)
	config := f.ProviderConfig() + hcChatConfig(`customer = 11
  application = 3
  assignee    = 2`)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if got := f.State().HelpCrunch.Chats[0]["status"]; got != "empty" {
						return fmt.Errorf("fake status %v, want empty", got)
					}
					return nil
				},
			},
			{
				// terraform plan -generate-config-out, then a no-op import plan
				// with the generated block.
				ResourceName:    hcChatAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("chatops_helpcrunch_chat.generated", tfjsonpath.New("status"), knownvalue.Null()),
					plancheck.ExpectKnownValue("chatops_helpcrunch_chat.generated", tfjsonpath.New("assignee"), knownvalue.Int64Exact(2)),
				}},
			},
		},
	})
}

// An assignee-only change plans as unknown only what it can move: a status
// left to HelpCrunch. A status change also leaves the closing fields open.
func TestAccHelpCrunchChat_unknownsOnlyWhereMoved(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := func(body string) string {
		return f.ProviderConfig() + hcChatConfig("customer = 12\n  application = 1\n  "+body)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: cfg("assignee = 1\n  status = \"opened\"")},
			{
				Config: cfg("assignee = 2\n  status = \"opened\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("opened")),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("last_message_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("rating"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				}},
			},
			{
				// Status left to HelpCrunch: a reassignment may move it.
				Config: cfg("assignee = 3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("status")),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("rating"), knownvalue.Null()),
				}},
			},
			{
				Config: cfg("assignee = 3\n  status = \"closed\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("closed_at")),
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("closed_by")),
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("rating")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.StringExact("agent")),
				},
			},
		},
	})
}

// One lost answer to POST /chats: the chat it made is found with one search
// and adopted; several candidates fail with their ids; none fails saying so.
func TestAccHelpCrunchChat_lostCreateAnswer(t *testing.T) {
	t.Run("adopted", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		f := acctest.NewFake(t)
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteChatCreate, Status: http.StatusServiceUnavailable, AfterCommit: true}}})
		testAccSerial(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config: f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2\n  status = \"onhold\""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("onhold")),
				},
				Check: func(*terraform.State) error {
					if n := len(f.State().HelpCrunch.Chats); n != 1 {
						return fmt.Errorf("the fake holds %d chats, want 1", n)
					}
					return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteChatsSearch: 1, helpcrunch.RouteChatUpdateStatus: 1})
				},
			}},
		})
	})
	t.Run("several candidates", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		fx := fake.DefaultFixtures()
		// A chat of the same customer and application opened a moment ago.
		fx.HelpCrunch.Chats = []helpcrunch.ChatFixture{{Customer: 9, Application: 2, Status: "opened"}}
		f := acctest.NewFake(t, fake.Options{Fixtures: fx})
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteChatCreate, Status: http.StatusBadGateway, AfterCommit: true}}})
		testAccSerial(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config:      f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create HelpCrunch Chat.*HTTP\s+502.*2\s+chats\s+of\s+customer\s+9\s+in\s+application\s+2.*:\s+2,\s+1\..*adopted\s+none.*terraform\s+import`),
			}},
		})
		if err := f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteChatsSearch: 1}); err != nil {
			t.Error(err)
		}
	})
	t.Run("none made", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		f := acctest.NewFake(t)
		// A 503 before HelpCrunch acted: the search finds nothing.
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteChatCreate, Status: http.StatusServiceUnavailable}}})
		testAccSerial(t, resource.TestCase{
			Steps: []resource.TestStep{{
				Config:      f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create HelpCrunch Chat.*HTTP\s+503.*found\s+no\s+chat\s+of\s+customer\s+9\s+in\s+application\s+2.*most\s+likely\s+made\s+none`),
			}},
		})
		if n := len(f.State().HelpCrunch.Chats); n != 0 {
			t.Errorf("the fake holds %d chats, want 0", n)
		}
		if err := f.CheckRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteChatsSearch: 1}); err != nil {
			t.Error(err)
		}
	})
}

// hcWire sits between the provider and the fake. It counts the answers to
// every route by status, and can hold back the answers to POST /chats past
// the client's request_timeout: HelpCrunch acted, its answer came too late.
type hcWire struct {
	url     string
	mu      sync.Mutex
	answers map[string]map[int]int
	hold    time.Duration
}

func newHCWire(t *testing.T, f *acctest.Fake) *hcWire {
	t.Helper()
	target, err := url.Parse(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	w := &hcWire{answers: map[string]map[int]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + strings.TrimPrefix(r.URL.Path, helpcrunch.Prefix)
		rec := httptest.NewRecorder()
		proxy.ServeHTTP(rec, r)
		w.mu.Lock()
		if w.answers[route] == nil {
			w.answers[route] = map[int]int{}
		}
		w.answers[route][rec.Code]++
		hold := w.hold
		w.mu.Unlock()
		if route == "POST /chats" && hold > 0 {
			select {
			case <-time.After(hold):
			case <-r.Context().Done():
				return
			}
		}
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

func (w *hcWire) setHold(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hold = d
}

// count sums the answers of a route whose status satisfies ok.
func (w *hcWire) count(route string, ok func(status int) bool) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for status, v := range w.answers[route] {
		if ok(status) {
			n += v
		}
	}
	return n
}

func (w *hcWire) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.answers = map[string]map[int]int{}
}

// 20 chats under lost answers (HelpCrunch commits, then answers 503) and
// under answers held past request_timeout, then re-applied with the faults
// cleared: exactly 20 chats, an empty plan, one search per ambiguous create
// and none on the normal path.
func TestAccHelpCrunchChat_lostAnswersNoDuplicates(t *testing.T) {
	phases := []struct {
		name   string
		faults mockapi.Faults
		hold   time.Duration
	}{
		{"20% lost answers", mockapi.Faults{FailAfterCommitRate: 0.2, ErrorStatuses: []int{http.StatusServiceUnavailable}, Seed: 18}, 0},
		{"answers past request_timeout", mockapi.Faults{}, 2500 * time.Millisecond},
	}
	for _, phase := range phases {
		t.Run(phase.name, func(t *testing.T) {
			f := acctest.NewFake(t)
			wire := newHCWire(t, f)
			config := fmt.Sprintf(`
provider "chatops" {
  helpcrunch = {
    api_key  = %q
    endpoint = %q
  }
  max_retries     = 5
  request_timeout = "1s"
}

resource "chatops_helpcrunch_chat" "test" {
  count       = 20
  customer    = count.index + 1
  application = count.index %% 3 + 1
  status      = count.index %% 2 == 0 ? "on-hold" : null
}
`, helpcrunch.DemoKey, wire.url+helpcrunch.Prefix)
			is2xx := func(s int) bool { return s >= 200 && s < 300 }
			var ambiguous int
			start := time.Now()
			testAccParallel(t, resource.TestCase{
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							f.SetFaults(phase.faults)
							wire.setHold(phase.hold)
						},
						Config: config,
						Check: func(*terraform.State) error {
							// Clear the faults before the framework's follow-up plan.
							f.ClearFaults()
							wire.setHold(0)
							creates := wire.count("POST /chats", func(int) bool { return true })
							ambiguous = wire.count("POST /chats", func(s int) bool { return !is2xx(s) })
							if phase.hold > 0 {
								ambiguous = creates
							}
							found := wire.count("POST /chats/search", is2xx)
							failedSearches := wire.count("POST /chats/search", func(s int) bool { return !is2xx(s) })
							chats := len(f.State().HelpCrunch.Chats)
							t.Logf("%s: %d POST /chats, %d with an unknown outcome; %d searches answered (%d more lost and retried); %d chats in the fake, %d duplicates; apply took %s",
								phase.name, creates, ambiguous, found, failedSearches, chats, chats-20, time.Since(start).Round(time.Millisecond))
							if ambiguous == 0 {
								return fmt.Errorf("no create had an unknown outcome, so the phase proves nothing")
							}
							if creates != 20 {
								return fmt.Errorf("%d POST /chats, want 20: a create whose answer was lost must never be resent", creates)
							}
							if found != ambiguous {
								return fmt.Errorf("%d searches answered for %d ambiguous creates, want exactly one each and none on the normal path", found, ambiguous)
							}
							if chats != 20 {
								return fmt.Errorf("the fake holds %d chats, want 20", chats)
							}
							return nil
						},
					},
					{
						PreConfig: func() {
							f.ResetRequests()
							wire.reset()
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						Check: func(*terraform.State) error {
							if n := len(f.State().HelpCrunch.Chats); n != 20 {
								return fmt.Errorf("after the re-apply the fake holds %d chats, want 20", n)
							}
							return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatGet: 20})
						},
					},
				},
			})
		})
	}
}

// TestAccHelpCrunchChat_lifecycle_live opens a chat (customer and
// application 1 on the fake, CHATOPS_LIVE_HELPCRUNCH_CUSTOMER and
// CHATOPS_LIVE_HELPCRUNCH_APPLICATION with TF_ACC_LIVE=1) as pending, puts
// it on hold in place, imports it, and destroys it, which closes it
// (checked through the API). A HelpCrunch chat has no title or name to carry
// the run prefix: its id is in the test's state.
func TestAccHelpCrunchChat_lifecycle_live(t *testing.T) {
	tg := acctest.NewTarget(t, acctest.HelpCrunch)
	customer, application := tg.HelpCrunchCustomer(t), tg.HelpCrunchApplication(t)
	config := func(status string) string {
		return tg.ProviderConfig() + hcChatConfig(fmt.Sprintf("customer = %d\n  application = %d\n  status = %q", customer, application, status))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: tg.ResetRequests,
				Config:    config("pending"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					hcCaptureID(hcChatAddr, &id),
					sameID.AddStateValue(hcChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("customer"), knownvalue.Int64Exact(customer)),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("application"), knownvalue.Int64Exact(application)),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("close")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
					// A status on create: the POST, then one PUT /chats/status.
					tg.ExpectRequests(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteChatUpdateStatus: 1}),
				},
			},
			{
				PreConfig: tg.ResetRequests,
				Config:    config("on hold"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(hcChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("on hold")),
					tg.ExpectRequests(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateStatus: 1}),
				},
			},
			{
				ResourceName:      hcChatAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return fmt.Errorf("chat id %q: %w", id, err)
			}
			chat, err := testAccHelpCrunchClient(t, tg).Chats.Get(context.Background(), n)
			if err != nil {
				return fmt.Errorf("chat %s after destroy: %w", id, err)
			}
			if !client.HelpCrunchStatusEqual(chat.Status, client.HelpCrunchStatusClosed) {
				return fmt.Errorf("chat %s after destroy has status %q, want closed", id, chat.Status)
			}
			return nil
		},
	})
}
