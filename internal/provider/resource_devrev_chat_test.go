package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
)

const (
	testAccDevRevChatAddr = "chatops_devrev_chat.test"

	testAccDevRevUser1 = "don:identity:dvrv-us-1:devo/demo:devu/1"
	testAccDevRevUser2 = "don:identity:dvrv-us-1:devo/demo:devu/2"
	testAccDevRevUser3 = "don:identity:dvrv-us-1:devo/demo:devu/3"
	testAccDevRevDM1   = "don:core:dvrv-us-1:devo/demo:dm/1"
	testAccDevRevDM2   = "don:core:dvrv-us-1:devo/demo:dm/2"
)

func TestAccDevRevChat_basic(t *testing.T) {
	f := acctest.NewFake(t)
	var createRequests, planRequests mockapi.RequestCounts
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("DM-1")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("type"), knownvalue.StringExact("dm")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("DEVU-1"), knownvalue.StringExact("DEVU-2"),
					})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("get_if_conflict"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("created_by"), knownvalue.StringExact(testAccDevRevUser1)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("created_date"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`))),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("modified_date"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("groups"), knownvalue.SetSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					createRequests = f.Requests()
					return testAccDevRevChatCount(f, 1)
				},
			},
			{
				// The same configuration plans nothing.
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`),
				PlanOnly:  true,
			},
			{
				PreConfig: func() { planRequests = f.Requests() },
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	// The plan refreshes the chat with one chats.get, and does nothing else.
	if err := (acctest.Requests{devrev.RouteChatsGet: 1}).Check(planRequests); err != nil {
		t.Errorf("no-op plan: %v", err)
	}
	// The apply that created the chat made exactly one request.
	if err := (acctest.Requests{devrev.RouteChatsCreate: 1}).Check(createRequests); err != nil {
		t.Errorf("create: %v", err)
	}
	testAccDevRevChatFake(t, f, 1)
}

func TestAccDevRevChat_updateInPlace(t *testing.T) {
	f := acctest.NewFake(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Before"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id")),
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, `title = "After"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("After")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("DEVU-1"), knownvalue.StringExact("DEVU-3"),
					})),
				},
				Check: func(*terraform.State) error {
					// The apply: one refresh and exactly one update, no create.
					return f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1, devrev.RouteChatsUpdate: 1})
				},
			},
		},
	})
	chats := testAccDevRevChats(t, f)
	testAccDevRevChatFake(t, f, 1)
	if chats[0]["title"] != "After" || testAccDevRevChatUserIDs(chats[0]) != "DEVU-1,DEVU-3" {
		t.Errorf("fake holds %v, want the updated title and users", chats[0])
	}
}

func TestAccDevRevChat_updateOnlyChangedFields(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  title         = "Ops"
  records       = ["ISS-1", "ISS-2"]
  custom_fields = jsonencode({ tnt__team = "ops", tnt__level = 1 })
  custom_schema_spec = { tenant_fragment = true }`),
				Check: func(*terraform.State) error {
					// The create may have adopted an existing default DM, whose
					// records and custom fields DevRev does not show: they are
					// set again, with their schema.
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate,
						`{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":["ISS-1","ISS-2"]},`+
							`"custom_fields":{"tnt__level":1,"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`)
				},
			},
			{
				// Records and a custom field go; the title and users stay as they are.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  title         = "Ops"
  custom_fields = jsonencode({ tnt__team = "sre" })
  custom_schema_spec = { tenant_fragment = true }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.StringExact(`{"tnt__team":"sre"}`)),
				},
				Check: func(*terraform.State) error {
					if err := f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1, devrev.RouteChatsUpdate: 1}); err != nil {
						return err
					}
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate,
						`{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":[]},`+
							`"custom_fields":{"tnt__level":null,"tnt__team":"sre"},"custom_schema_spec":{"tenant_fragment":true}}`)
				},
			},
			{
				// Removing the title clears it, and sends nothing else.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  custom_fields = jsonencode({ tnt__team = "sre" })
  custom_schema_spec = { tenant_fragment = true }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","title":""}`)
				},
			},
			{
				// Only the users change: only users.set is sent.
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, `
  custom_fields = jsonencode({ tnt__team = "sre" })
  custom_schema_spec = { tenant_fragment = true }`),
				Check: func(*terraform.State) error {
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","users":{"set":["DEVU-1","DEVU-3"]}}`)
				},
			},
			{
				// Removing every custom field and the spec: the removal still
				// carries the schema the fields were set with.
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, ``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_schema_spec"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate,
						`{"type":"dm","id":"`+testAccDevRevDM1+`","custom_fields":{"tnt__team":null},"custom_schema_spec":{"tenant_fragment":true}}`)
				},
			},
		},
	})
	chat := testAccDevRevChats(t, f)[0]
	if _, hasTitle := chat["title"]; hasTitle || len(chat["records"].([]any)) != 0 {
		t.Errorf("fake holds %v, want no title and no records", chat)
	}
	if cf, ok := chat["custom_fields"]; ok {
		t.Errorf("custom_fields in the fake = %v, want every field gone", cf)
	}
}

func TestAccDevRevChat_getIfConflictChangeMakesNoAPICall(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, ``),
			},
			{
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "don:identity:dvrv-us-1:devo/demo:devu/2"]`, `
  get_if_conflict = false
  custom_schema_spec = {
    tenant_fragment = true
  }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate),
						// No API call, so modified_date stays known.
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("modified_date"), knownvalue.NotNull()),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("get_if_conflict"), knownvalue.Bool(false)),
					// The same users in another form are no change: the
					// state keeps the form it had.
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("DEVU-1"), knownvalue.StringExact("DEVU-2"),
					})),
				},
				Check: func(*terraform.State) error {
					// Only the refresh: rewriting a user in its other id form is no change either.
					return f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1})
				},
			},
		},
	})
}

func TestAccDevRevChat_usersAsDONIDs(t *testing.T) {
	f := acctest.NewFake(t)
	users := fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(users, ``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser2),
					})),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Mixed forms, as written, survive refresh too.
				Config: f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, \"DEVU-2\", %q]", testAccDevRevUser1, testAccDevRevUser3), ``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact("DEVU-2"), knownvalue.StringExact(testAccDevRevUser3),
					})),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	// The fake answers every user with both ids.
	for _, u := range testAccDevRevChats(t, f)[0]["users"].([]any) {
		if m := u.(map[string]any); m["id"] == "" || m["display_id"] == "" {
			t.Errorf("fake user = %v, want both id forms", m)
		}
	}
}

func TestAccDevRevChat_userAddedUpstreamIsDrift(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, ``),
			},
			{
				PreConfig: func() {
					testAccDevRevCall(t, f, "/chats.update", `{"type":"dm","id":"DM-1","users":{"set":["DEVU-1","DEVU-2","DEVU-3"]}}`, http.StatusOK)
				},
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
	if got := testAccDevRevChatUserIDs(testAccDevRevChats(t, f)[0]); got != "DEVU-1,DEVU-2" {
		t.Errorf("users in the fake = %s, want the upstream addition undone", got)
	}
}

func TestAccDevRevChat_isDefaultChangeReplaces(t *testing.T) {
	f := acctest.NewFake(t)
	sameID := statecheck.CompareValue(compare.ValuesDiffer())
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config:            f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, ``),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id"))},
			},
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `is_default = false`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
				},
			},
		},
	})
	// The replaced chat stays in DevRev: there is no delete endpoint.
	chats := testAccDevRevChats(t, f)
	if len(chats) != 2 || chats[0]["is_default"] != true || chats[1]["is_default"] != false {
		t.Errorf("fake holds %v, want the old default DM and a new non-default one", chats)
	}
}

func TestAccDevRevChat_adoptsExistingDefaultDM(t *testing.T) {
	f := acctest.NewFake(t)
	var existing map[string]any
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: func() {
			existing = testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-2","DEVU-1"],"title":"Ops"}`, http.StatusCreated)
			f.ResetRequests()
		},
		Config: f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf(`["DEVU-1", %q]`, testAccDevRevUser2), `title = "Ops"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.StringExact("DEVU-1"), knownvalue.StringExact(testAccDevRevUser2),
			})),
		},
		Check: func(*terraform.State) error {
			// One chats.create, answered with the existing chat; nothing to reconcile.
			return f.CheckRequests(acctest.Requests{devrev.RouteChatsCreate: 1})
		},
	})
	testAccDevRevChatFake(t, f, 1)
	if existing["id"] != testAccDevRevDM1 {
		t.Errorf("pre-created chat = %v", existing)
	}
}

func TestAccDevRevChat_adoptedChatIsReconciled(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: func() {
			testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Old","records":["ISS-9"],`+
				`"custom_fields":{"tnt__x":1},"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
			f.ResetRequests()
		},
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  title         = "New"
  custom_fields = jsonencode({ tnt__y = 2 })
  custom_schema_spec = { tenant_fragment = true }`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("New")),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.Null()),
		},
		ConfigPlanChecks: tfresource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: func(*terraform.State) error {
			if err := f.CheckRequests(acctest.Requests{devrev.RouteChatsCreate: 1, devrev.RouteChatsUpdate: 1}); err != nil {
				return err
			}
			// The title differs, so the one update also empties the
			// records (which DevRev does not show) and sets the custom
			// fields, with their schema. tnt__x cannot be seen, so it
			// stays.
			return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","title":"New","records":{"set":[]},`+
				`"custom_fields":{"tnt__y":2},"custom_schema_spec":{"tenant_fragment":true}}`)
		},
	})
	testAccDevRevChatFake(t, f, 1)
	chat := testAccDevRevChats(t, f)[0]
	if cf, _ := json.Marshal(chat["custom_fields"]); chat["title"] != "New" || len(chat["records"].([]any)) != 0 || string(cf) != `{"tnt__x":1,"tnt__y":2}` {
		t.Errorf("adopted chat = %v, want the configured title and fields", chat)
	}
}

func TestAccDevRevChat_conflictWithoutGetIfConflict(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: func() {
			testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"]}`, http.StatusCreated)
		},
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `get_if_conflict = false`),
		ExpectError: testAccErrorRegexp("Unable to Create DevRev Chat", "HTTP 409 conflict", "set get_if_conflict = true",
			"terraform import chatops_devrev_chat.<name> "+testAccDevRevDM1),
	})
	testAccDevRevChatFake(t, f, 1)
}

func TestAccDevRevChat_importByID(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2), `
  title         = "Ops"
  records       = ["ISS-1"]
  custom_fields = jsonencode({ tnt__team = "ops" })
  custom_schema_spec = {
    tenant_fragment = true
  }`)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				Config:            cfg,
				ResourceName:      testAccDevRevChatAddr,
				ImportState:       true,
				ImportStateId:     testAccDevRevDM1,
				ImportStateVerify: true,
				// DevRev does not return these, so an import cannot know them
				// (TestAccDevRevChat_importThenPlan covers the plan after it).
				ImportStateVerifyIgnore: []string{"custom_schema_spec", "records", "custom_fields"},
			},
		},
	})
}

func TestAccDevRevChat_importByDisplayID(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser3), `title = "Ops"`)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				Config:            cfg,
				ResourceName:      testAccDevRevChatAddr,
				ImportState:       true,
				ImportStateId:     "DM-1",
				ImportStateVerify: true,
				// The imported id is the DON id, which is what ImportStateVerify matches on.
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != testAccDevRevDM1 || states[0].Attributes["display_id"] != "DM-1" {
						return fmt.Errorf("imported %v, want id %s", states, testAccDevRevDM1)
					}
					return nil
				},
			},
		},
	})
}

func TestAccDevRevChat_importUnknownID(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config:        f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, ``),
		ResourceName:  testAccDevRevChatAddr,
		ImportState:   true,
		ImportStateId: "DM-42",
		ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
	})
}

func TestAccDevRevChat_driftAfterOutOfBandDelete(t *testing.T) {
	f := acctest.NewFake(t)
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() { f.DeleteOutOfBand(t, "devrev/chats", "DM-1") },
				Config:    cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(testAccDevRevChatAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM2)),
				},
			},
		},
	})
	testAccDevRevChatFake(t, f, 1)
}

func TestAccDevRevChat_destroyOnlyForgets(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			// Gone from the state, still in DevRev, and no request but the
			// create and the reads of the plans around it.
			if err := f.CheckRequests(acctest.Requests{devrev.RouteChatsCreate: 1, devrev.RouteChatsGet: 1}); err != nil {
				return err
			}
			return testAccDevRevChatCount(f, 1)
		},
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, ``)},
		},
	})
}

func TestDevRevChatResource_deleteWarns(t *testing.T) {
	ctx := context.Background()
	r := NewDevRevChatResource()
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	if sresp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", sresp.Diagnostics)
	}
	req := resource.DeleteRequest{State: testDevRevChatState(t, sresp)}
	resp := resource.DeleteResponse{State: req.State}
	r.Delete(ctx, req, &resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v, want one warning", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	if w.Summary() != "DevRev Chat Removed From State Only" ||
		!strings.Contains(w.Detail(), "DevRev has no API to delete a chat") ||
		!strings.Contains(w.Detail(), "DM-5") ||
		!strings.Contains(w.Detail(), "terraform import chatops_devrev_chat.<name> don:core:dvrv-us-1:devo/demo:dm/5") {
		t.Errorf("warning = %q: %q", w.Summary(), w.Detail())
	}
}

func TestAccDevRevChat_invalidInputsFailAtPlan(t *testing.T) {
	users17 := make([]string, 17)
	records17 := make([]string, 17)
	for i := range users17 {
		users17[i] = fmt.Sprintf("%q", fmt.Sprintf("DEVU-%d", i+1))
		records17[i] = fmt.Sprintf("%q", fmt.Sprintf("ISS-%d", i+1))
	}
	tests := []struct {
		name, users, extra, wantErr string
	}{
		{"no users", `[]`, ``, `(?s)users set must contain at least 1\s+elements`},
		{"17 users", "[" + strings.Join(users17, ", ") + "]", ``, `(?s)users set must contain at least 1 elements and at\s+most 16\s+elements,\s+got: 17`},
		{"empty user", `["DEVU-1", ""]`, ``, `must not be empty or\s+blank`},
		{"blank user", `["DEVU-1", "  "]`, ``, `must not be empty or\s+blank`},
		{"17 records", `["DEVU-1"]`, "records = [" + strings.Join(records17, ", ") + "]", `(?s)records set must contain at most 16\s+elements,\s+got: 17`},
		{"empty record", `["DEVU-1"]`, `records = [""]`, `must not be empty or\s+blank`},
		{"empty title", `["DEVU-1"]`, `title = ""`, `title must not be empty or\s+blank`},
		{"malformed custom_fields", `["DEVU-1"]`, `custom_fields = "{\"a\": 1"`, `Invalid JSON String Value`},
		{"list custom_fields", `["DEVU-1"]`, `custom_fields = jsonencode([1, 2])`, `custom_fields must be a JSON\s+object`},
		{"string custom_fields", `["DEVU-1"]`, `custom_fields = jsonencode("x")`, `custom_fields must be a JSON\s+object`},
		{"empty subtype", `["DEVU-1"]`, `custom_schema_spec = { subtype = "" }`, `must not be empty or\s+blank`},
		{"negative timeout", `["DEVU-1"]`, "timeouts {\n    create = \"-1m\"\n  }", `(?s)Invalid Timeout.*greater than zero`},
		{"custom field without a prefix", `["DEVU-1"]`, "custom_fields = jsonencode({ pod = \"eu\" })\n  custom_schema_spec = { tenant_fragment = true }",
			`(?s)Invalid Custom Field Name.*"pod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := acctest.NewFake(t)
			testAccOneStep(t, tfresource.TestStep{
				Config:      f.ProviderConfig() + testAccDevRevChatConfig(tt.users, tt.extra),
				ExpectError: regexp.MustCompile(tt.wantErr),
			})
			f.RequireRequests(t, nil)
		})
	}
}

func TestAccDevRevChat_missingUsersFailsAtPlan(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config:      f.ProviderConfig() + `resource "chatops_devrev_chat" "test" { title = "x" }`,
		ExpectError: regexp.MustCompile(`The argument "users" is required`),
	})
	f.RequireRequests(t, nil)
}

func TestAccDevRevChat_wrongTokenIsAClearError(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config: fmt.Sprintf(`
provider "chatops" {
  devrev = {
    token    = "not-the-token"
    endpoint = %q
  }
  max_retries = 3
}
`, f.DevRevURL()) + testAccDevRevChatConfig(`["DEVU-1"]`, ``),
		ExpectError: testAccErrorRegexp("Unable to Create DevRev Chat", "HTTP 401 unauthenticated", "Check the DevRev credential"),
	})
	// A 401 is final: one request, no retries, no chat.
	testAccDevRevChatCreates(t, f, 1)
	testAccDevRevChatFake(t, f, 0)
}

func TestAccDevRevChat_survivesRateLimitAndUnavailable(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: devrev.RouteChatsCreate, Status: http.StatusTooManyRequests, RetryAfterSeconds: 1, RetryAfterIn: "body"},
		{Route: devrev.RouteChatsCreate, Status: http.StatusServiceUnavailable},
		// A lost response: the chat is made, the client hears a 503.
		{Route: devrev.RouteChatsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true},
	}})
	testAccOneStep(t, tfresource.TestStep{
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
		},
	})
	// 429, 503, the lost 503, and the success.
	testAccDevRevChatCreates(t, f, 4)
	testAccDevRevChatFake(t, f, 1)
}

func TestAccDevRevChat_timeoutCapsRetries(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: devrev.RouteChatsCreate, Status: http.StatusTooManyRequests, RetryAfterSeconds: 120},
	}})
	testAccOneStep(t, tfresource.TestStep{
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `
  timeouts {
    create = "5s"
  }`),
		// The wait asked for is past the create deadline: no retry, a clear error.
		ExpectError: testAccErrorRegexp("HTTP 429 too_many_requests", "retry after 2m0s"),
	})
	testAccDevRevChatCreates(t, f, 1)
}

func TestAccDevRevChat_nonDefaultLostResponseSaysChatMayExist(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: devrev.RouteChatsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true},
	}})
	testAccOneStep(t, tfresource.TestStep{
		Config:      f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `is_default = false`),
		ExpectError: testAccErrorRegexp("HTTP 503", "the chat may exist", "terraform import chatops_devrev_chat.<name>"),
	})
	// Not retried: a retry would have made a second chat.
	testAccDevRevChatCreates(t, f, 1)
	testAccDevRevChatFake(t, f, 1)
}

func TestAccDevRevChat_customFieldsNormalized(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `
  custom_fields = <<-EOT
    {"tnt__team": "ops",   "tnt__limits": {"b": 2, "a": [1, 2]},
     "tnt__n": 12345678901234567890}
  EOT
  custom_schema_spec = { tenant_fragment = true }`),
			},
			{
				PreConfig: f.ResetRequests,
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `
  custom_fields = jsonencode({
    tnt__n      = 12345678901234567890
    tnt__limits = { a = [1, 2], b = 2 }
    tnt__team   = "ops"
  })
  custom_schema_spec = { tenant_fragment = true }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if got := f.RequestCount(devrev.RouteChatsUpdate); got != 0 {
		t.Errorf("update requests = %d, want 0", got)
	}
}

// testAccDevRevChatConfig is one chat of the given users (an HCL list) with
// extra attributes.
func testAccDevRevChatConfig(users, extra string) string {
	return fmt.Sprintf(`
resource "chatops_devrev_chat" "test" {
  users = %s
  %s
}
`, users, extra)
}

// testAccDevRevChatBodies checks, as JSON values, the bodies the fake received
// on a route since the last reset.
func testAccDevRevChatBodies(f *acctest.Fake, route string, want ...string) error {
	got := f.RequestBodies(route)
	if len(got) != len(want) {
		return fmt.Errorf("%s: %d bodies %s, want %d", route, len(got), got, len(want))
	}
	for i := range want {
		var g, w any
		if err := json.Unmarshal(got[i], &g); err != nil {
			return fmt.Errorf("%s body %d: %w", route, i, err)
		}
		if err := json.Unmarshal([]byte(want[i]), &w); err != nil {
			return fmt.Errorf("want %d: %w", i, err)
		}
		if !reflect.DeepEqual(g, w) {
			return fmt.Errorf("%s body %d = %s, want %s", route, i, got[i], want[i])
		}
	}
	return nil
}

func testAccDevRevChatCount(f *acctest.Fake, want int) error {
	if n := len(f.State().DevRev.Chats); n != want {
		return fmt.Errorf("the fake holds %d chat(s), want %d", n, want)
	}
	return nil
}

func testAccDevRevChatFake(t *testing.T, f *acctest.Fake, want int) {
	t.Helper()
	if err := testAccDevRevChatCount(f, want); err != nil {
		t.Error(err)
	}
}

// testAccDevRevChatCreates fails t unless the fake received want
// chats.create requests.
func testAccDevRevChatCreates(t *testing.T, f *acctest.Fake, want int) {
	t.Helper()
	if got := f.RequestCount(devrev.RouteChatsCreate); got != want {
		t.Errorf("chats.create requests = %d, want %d", got, want)
	}
}

// testAccDevRevChats returns the fake's chats as a client would see them in
// GET /__mock/state: JSON values.
func testAccDevRevChats(t *testing.T, f *acctest.Fake) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(f.State().DevRev.Chats)
	if err != nil {
		t.Fatal(err)
	}
	var chats []map[string]any
	if err := json.Unmarshal(raw, &chats); err != nil {
		t.Fatal(err)
	}
	return chats
}

// testAccDevRevChatUserIDs lists a fake chat's users by display id.
func testAccDevRevChatUserIDs(chat map[string]any) string {
	var ids []string
	users, _ := chat["users"].([]any)
	for _, u := range users {
		m, _ := u.(map[string]any)
		ids = append(ids, fmt.Sprint(m["display_id"]))
	}
	return strings.Join(ids, ",")
}

// testDevRevChatState is the state of an existing chat DM-5.
func testDevRevChatState(t *testing.T, sresp resource.SchemaResponse) tfsdk.State {
	t.Helper()
	ctx := context.Background()
	st := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
	diags := st.SetAttribute(ctx, path.Root("id"), "don:core:dvrv-us-1:devo/demo:dm/5")
	diags.Append(st.SetAttribute(ctx, path.Root("display_id"), "DM-5")...)
	if diags.HasError() {
		t.Fatalf("state: %v", diags)
	}
	return st
}

// The attributes DevRev does not return (records, custom_fields,
// custom_schema_spec, is_default) against the strict fake, which answers
// only the beta spec's dm: create, second plan, update, import, plan.
func TestAccDevRevChat_unreturnedAttributesLifecycle(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := func(records, fields string) string {
		// DON ids, the form an import reads, so ImportStateVerify can compare.
		return f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2), fmt.Sprintf(`
  is_default    = false
  records       = %s
  custom_fields = jsonencode(%s)
  custom_schema_spec = {
    tenant_fragment          = true
    apps                     = ["slack"]
    validate_required_fields = true
  }`, records, fields))
	}
	v1 := cfg(`["ISS-1", "ISS-2"]`, `{ tnt__team = "ops", slack__channel = "#ops" }`)
	v2 := cfg(`["ISS-3"]`, `{ tnt__team = "sre" }`)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: v1,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("ISS-1"), knownvalue.StringExact("ISS-2"),
					})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"),
						knownvalue.StringExact(`{"slack__channel":"#ops","tnt__team":"ops"}`)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_schema_spec").AtMapKey("tenant_fragment"), knownvalue.Bool(true)),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					// A non-default DM cannot have been adopted: the create
					// alone carries everything, the schema spec included.
					if err := testAccDevRevChatBodies(f, devrev.RouteChatsUpdate); err != nil {
						return err
					}
					return testAccDevRevChatBodies(f, devrev.RouteChatsCreate, `{"type":"dm","users":["`+testAccDevRevUser1+`","`+testAccDevRevUser2+`"],"is_default":false,`+
						`"records":["ISS-1","ISS-2"],"custom_fields":{"slack__channel":"#ops","tnt__team":"ops"},"get_if_conflict":true,`+
						`"custom_schema_spec":{"apps":["slack"],"tenant_fragment":true,"validate_required_fields":true}}`)
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    v2,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ISS-3")})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.StringExact(`{"tnt__team":"sre"}`)),
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":["ISS-3"]},`+
						`"custom_fields":{"slack__channel":null,"tnt__team":"sre"},`+
						`"custom_schema_spec":{"apps":["slack"],"tenant_fragment":true,"validate_required_fields":true}}`)
				},
			},
			{
				Config:            v2,
				ResourceName:      testAccDevRevChatAddr,
				ImportState:       true,
				ImportStateId:     "DM-1",
				ImportStateVerify: true,
				// DevRev does not return them: an import cannot know them,
				// and assumes is_default true.
				ImportStateVerifyIgnore: []string{"records", "custom_fields", "custom_schema_spec", "is_default"},
			},
		},
	})
	kept := testAccDevRevChats(t, f)[0]
	if kept["is_default"] != false || fmt.Sprint(kept["records"]) != "[ISS-3]" {
		t.Errorf("the fake keeps %v, want the non-default DM with records [ISS-3]", kept)
	}
}

// An import cannot read records, custom_fields or is_default. The first plan
// after it sets records and custom fields in place and records a configured
// is_default = false without replacing the chat; the plan after that is
// empty. Users configured as display ids match the imported DON ids.
func TestAccDevRevChat_importThenPlan(t *testing.T) {
	f := acctest.NewFake(t)
	resource := testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  title         = "Ops"
  is_default    = false
  records       = ["ISS-1"]
  custom_fields = jsonencode({ tnt__team = "ops" })
  custom_schema_spec = { tenant_fragment = true }`)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: func() {
			testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops","is_default":false,`+
				`"records":["ISS-1"],"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
			f.ResetRequests()
		},
		Config: f.ProviderConfig() + resource + `
import {
  to = chatops_devrev_chat.test
  id = "` + testAccDevRevDM1 + `"
}
`,
		ConfigPlanChecks: tfresource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				// In place: never a replace for is_default.
				plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate),
				// The users are no change, although the import read DON ids.
				plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser2),
				})),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ISS-1")})),
			statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.StringExact(`{"tnt__team":"ops"}`)),
		},
		Check: func(*terraform.State) error {
			// The import's read, the plan's refresh of it, one update;
			// no create.
			if got := f.RequestCount(devrev.RouteChatsCreate); got != 0 {
				return fmt.Errorf("%d creates, want 0", got)
			}
			return testAccDevRevChatBodies(f, devrev.RouteChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":["ISS-1"]},`+
				`"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`)
		},
	})
	testAccDevRevChatFake(t, f, 1)
}

// A configured is_default equal to what the import assumed plans nothing.
func TestAccDevRevChat_importDefaultDMPlansNothing(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: func() {
			testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops"}`, http.StatusCreated)
			f.ResetRequests()
		},
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-2", "DEVU-1"]`, `title = "Ops"`) + `
import {
  to = chatops_devrev_chat.test
  id = "DM-1"
}
`,
		ConfigPlanChecks: tfresource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionNoop)},
		},
		Check: func(*terraform.State) error {
			// The import's read only: no refresh, no update.
			return f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1})
		},
	})
}

// terraform plan -generate-config-out on an imported chat writes
// configuration that plans clean, without noise such as
// custom_schema_spec = null.
func TestAccDevRevChat_generatedConfigPlansClean(t *testing.T) {
	f := acctest.NewFake(t)
	workDir := t.TempDir()
	var generated string
	testAccParallel(t, tfresource.TestCase{
		WorkingDir: workDir,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-3"],"title":"Ops","records":["ISS-1"],`+
						`"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
				},
				Config:          f.ProviderConfig(),
				ResourceName:    testAccDevRevChatAddr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithID,
				ImportStateId:   "DM-1",
				GenerateConfig:  true,
				// The harness checks that the plan made with the generated
				// configuration is a no-op import.
				ImportPlanChecks: tfresource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops")),
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_schema_spec"), knownvalue.Null()),
						generatedConfigCheck{dir: workDir, got: &generated},
					},
				},
			},
		},
	})
	t.Logf("generated configuration:\n%s", generated)
	// Computed-only attributes never appear.
	for _, noise := range []string{"created_date", "modified_date", "created_by", "display_id", "groups", "\n  id ", "type "} {
		if strings.Contains(generated, noise) {
			t.Errorf("generated configuration has %q:\n%s", noise, generated)
		}
	}
	// custom_schema_spec is optional and computed, planned null when unset:
	// Terraform 1.15's generator skips a null computed attribute. Older
	// generators write "= null" for every null optional attribute (title,
	// records, ... alike), which plans clean but no provider can prevent.
	specLine := regexp.MustCompile(`(?m)^\s*custom_schema_spec\s*=.*$`).FindString(generated)
	if major, minor := testAccTerraformVersion(t); major > 1 || minor >= 15 {
		if specLine != "" {
			t.Errorf("generated configuration has %q", specLine)
		}
	} else if specLine != "" && !regexp.MustCompile(`=\s*null$`).MatchString(specLine) {
		t.Errorf("generated configuration has %q, want it absent or null", specLine)
	}
	if !regexp.MustCompile(`users\s+=\s+\["don:identity:dvrv-us-1:devo/demo:devu/1", "don:identity:dvrv-us-1:devo/demo:devu/3"\]`).MatchString(generated) {
		t.Errorf("generated configuration lacks the users:\n%s", generated)
	}
}

// generatedConfigCheck reads the generated.tf of the import step while its
// working directory still exists (the harness removes it after the step).
type generatedConfigCheck struct {
	dir string
	got *string
}

func (c generatedConfigCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "generated.tf" {
			return err
		}
		raw, err := os.ReadFile(p)
		*c.got = string(raw)
		return err
	})
	if err == nil && *c.got == "" {
		err = fmt.Errorf("no generated.tf under %s", c.dir)
	}
	resp.Error = err
}

// The two id forms of a user are one user: switching forms, either way,
// plans nothing and sends nothing.
func TestAccDevRevChat_userIDFormSwitchPlansNothing(t *testing.T) {
	f := acctest.NewFake(t)
	display := `["DEVU-1", "DEVU-2"]`
	don := fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig() + testAccDevRevChatConfig(display, ``)},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(don, ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1})
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser3), ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{devrev.RouteChatsGet: 1})
				},
			},
		},
	})
}

// A default DM whose create answer is lost: the error says applying again
// adopts it, and applying again does, with no second chat. The same advice
// holds when the create times out.
func TestAccDevRevChat_defaultLostResponseAdoptsOnReapply(t *testing.T) {
	f := acctest.NewFake(t)
	lost := mockapi.ScriptedFault{Route: devrev.RouteChatsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true}
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				// max_retries = 3: four lost answers exhaust the retries.
				PreConfig: func() { f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{lost, lost, lost, lost}}) },
				Config:    cfg,
				ExpectError: testAccErrorRegexp("HTTP 503", "get_if_conflict is true, so applying again adopts that chat",
					"instead of creating a second one"),
			},
			{
				PreConfig: func() {
					f.ClearFaults()
					f.ResetRequests()
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
				},
				Check: func(*terraform.State) error {
					return f.CheckRequests(acctest.Requests{devrev.RouteChatsCreate: 1})
				},
			},
		},
	})
	testAccDevRevChatFake(t, f, 1)
	if strings.Contains(fmt.Sprint(testAccDevRevChats(t, f)), "DM-2") {
		t.Error("a second chat was created")
	}
}

func TestAccDevRevChat_defaultCreateTimeoutAdvice(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{LatencyMS: 3000})
	testAccOneStep(t, tfresource.TestStep{
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  timeouts {
    create = "1s"
  }`),
		ExpectError: testAccErrorRegexp("no answer", "applying again adopts that chat instead of creating a second one"),
	})
}

func TestAccDevRevChat_nonDefaultCreateTimeoutAdvice(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{LatencyMS: 3000})
	testAccOneStep(t, tfresource.TestStep{
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  is_default = false
  timeouts {
    create = "1s"
  }`),
		ExpectError: testAccErrorRegexp("no answer", "the chat may exist", "would create a second chat"),
	})
	// A non-default DM is not retried once sent.
	testAccDevRevChatCreates(t, f, 1)
}

func TestAccDevRevChat_customFieldsWithoutSpecFailAtPlan(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config:      f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `custom_fields = jsonencode({ tnt__team = "ops" })`),
				ExpectError: testAccErrorRegexp("Missing Custom Schema Spec", "custom_fields is set but custom_schema_spec is not", "refuses a request without it"),
			},
			{
				// An empty object is no custom field: it needs no spec.
				Config:   f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `custom_fields = jsonencode({})`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
		},
	})
	f.RequireRequests(t, nil)
}

func TestAccDevRevChat_importBlankID(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config:        f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, ``),
		ResourceName:  testAccDevRevChatAddr,
		ImportState:   true,
		ImportStateId: "   ",
		ExpectError:   testAccErrorRegexp("Invalid Import ID", `got a blank id ("   ", only whitespace)`),
	})
	f.RequireRequests(t, nil)
}

// testAccLiveDMTitle is the title of the DM the live tests reuse: fixed, so
// that every run after the first finds the DM as it left it and changes
// nothing.
const testAccLiveDMTitle = "terraform-provider-chatops acceptance tests (this default DM is reused by every live run)"

// TestAccDevRevChat_defaultDM_live manages the default DM of a set of users
// (DEVU-1 and DEVU-2 on the fake, CHATOPS_LIVE_DEVREV_USERS with
// TF_ACC_LIVE=1): created, or adopted where it exists (get_if_conflict),
// then planned again with no change and imported. DevRev cannot delete a
// DM, so destroy only forgets it and every live run reuses that one DM: its
// title is the fixed testAccLiveDMTitle (the first live run sets it and
// clears the DM's records), never the run prefix.
func TestAccDevRevChat_defaultDM_live(t *testing.T) {
	tg := acctest.NewTarget(t, acctest.DevRev)
	users := tg.DevRevUsers(t)
	quoted := make([]string, len(users))
	userChecks := make([]knownvalue.Check, len(users))
	for i, u := range users {
		quoted[i], userChecks[i] = fmt.Sprintf("%q", u), knownvalue.StringExact(u)
	}
	config := tg.ProviderConfig() + testAccDevRevChatConfig("["+strings.Join(quoted, ", ")+"]", fmt.Sprintf("title = %q", testAccLiveDMTitle))
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				PreConfig: tg.ResetRequests,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^don:core:.+:dm/`))),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("display_id"), knownvalue.StringRegexp(regexp.MustCompile(`^DM-`))),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("type"), knownvalue.StringExact("dm")),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact(testAccLiveDMTitle)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact(userChecks)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("created_date"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					// On the fake the DM is new: one chats.create, which the
					// title it was created with needs no update after.
					tg.ExpectRequests(acctest.Requests{devrev.RouteChatsCreate: 1}),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            testAccDevRevChatAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"users", "get_if_conflict", "is_default", "timeouts"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[testAccDevRevChatAddr].Primary.Attributes["display_id"], nil
				},
			},
		},
	})
}
