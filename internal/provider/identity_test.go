package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

const testAccHCChatAddr = "chatops_helpcrunch_chat.test"

// TestAccHelpCrunchChat_identity stores the chat's id as its identity on
// create and keeps it through an update; an import block by that identity
// plans no change, reading the chat only.
func TestAccHelpCrunchChat_identity(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := func(status string) string {
		return f.ProviderConfig() + fmt.Sprintf(`
resource "chatops_helpcrunch_chat" "test" {
  customer    = 3
  application = 1
  assignee    = 2
  status      = %q
}
`, status)
	}
	identity := map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}
	var importCounts mockapi.RequestCounts
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				Config:            cfg("opened"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccHCChatAddr, identity)},
			},
			{
				Config: cfg("pending"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccHCChatAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccHCChatAddr, identity)},
			},
			{
				PreConfig:       f.ResetRequests,
				ResourceName:    testAccHCChatAddr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccHCChatAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					plancheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				}},
			},
			{
				PreConfig: func() { importCounts = f.Requests() },
				Config:    cfg("pending"),
			},
		},
	})
	if importCounts.Total != importCounts.ByRoute["GET /helpcrunch/v1/chats/{id}"] || importCounts.Total == 0 {
		t.Errorf("import by identity cost %v, want reads of the chat only", importCounts.ByRoute)
	}
	t.Logf("import by identity (plan): %v", importCounts.ByRoute)
}

// TestAccHelpCrunchChat_importBlockByIdentity adopts a chat that no state
// knows of with an import block by identity, and refuses a malformed one
// without a request.
func TestAccHelpCrunchChat_importBlockByIdentity_identity(t *testing.T) {
	f := hcNewFakeWithChats(t, []mockapi.HelpCrunchChatFixture{{Customer: 4, Application: 2, Assignee: 1, Department: 3, Status: "pending", CreatedAt: hcBase.Unix()}}, "")
	resourceBlock := `
resource "chatops_helpcrunch_chat" "test" {
  customer    = 4
  application = 2
  assignee    = 1
  department  = 3
  status      = "pending"
}
`
	importBlock := func(id string) string {
		return fmt.Sprintf(`
import {
  to       = chatops_helpcrunch_chat.test
  identity = { id = %q }
}
`, id)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				PreConfig:   f.ResetRequests,
				Config:      f.ProviderConfig() + resourceBlock + importBlock("chat-1"),
				ExpectError: regexp.MustCompile(`(?s)Invalid Import ID.*numeric id of a HelpCrunch chat`),
			},
			{
				PreConfig: func() {
					if n := f.Requests().Total; n != 0 {
						t.Errorf("the refused import sent %d requests, want 0", n)
					}
				},
				Config: f.ProviderConfig() + resourceBlock + importBlock("1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccHCChatAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testAccHCChatAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
					statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("close")),
				},
			},
		},
	})
}

// TestAccDevRevConversation_identity stores the DON id as the identity on
// create and through an update, and imports by that identity.
func TestAccDevRevConversation_identity(t *testing.T) {
	f := acctest.NewFake(t)
	identity := map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccConv1)}
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				Config:            f.ProviderConfig() + testAccConvConfig(testAccConvBase, "custom_fields", "", "custom_schema_spec", ""),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccConvAddr, identity)},
			},
			{
				Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase, "custom_fields", "", "custom_schema_spec", "", "title", `"Renamed"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccConvAddr, identity)},
			},
			{
				ResourceName:    testAccConvAddr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccConv1)),
					plancheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact("Renamed")),
				}},
			},
		},
	})
}

// TestAccDevRevConversation_importByDisplayIDIdentity_identity imports by an
// identity that holds the display id: state and identity end with the DON
// id, and the next plan is empty.
func TestAccDevRevConversation_importByDisplayIDIdentity_identity(t *testing.T) {
	fx := mockapi.DefaultFixtures()
	fx.DevRev.Conversations = []mockapi.ConversationFixture{{Title: "Partner room", Members: []string{"DEVU-2"}, Stage: "queued"}}
	f := acctest.NewFake(t, mockapi.Options{Fixtures: fx})
	cfg := f.ProviderConfig() + `
resource "chatops_devrev_conversation" "test" {
  title   = "Partner room"
  members = ["DEVU-2"]
  stage   = "queued"
}
`
	importBlock := func(id string) string {
		return fmt.Sprintf(`
import {
  to       = chatops_devrev_conversation.test
  identity = { id = %q }
}
`, id)
	}
	var importCounts mockapi.RequestCounts
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				PreConfig:   f.ResetRequests,
				Config:      cfg + importBlock(" "),
				ExpectError: regexp.MustCompile(`Invalid Import ID`),
			},
			{
				PreConfig: func() {
					if n := f.Requests().Total; n != 0 {
						t.Errorf("the refused import sent %d requests, want 0", n)
					}
				},
				Config: cfg + importBlock("CONV-1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testAccConvAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccConv1)}),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccConv1)),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("CONV-1")),
				},
				Check: func(*terraform.State) error { importCounts = f.Requests(); return nil },
			},
			{
				Config: cfg + importBlock("CONV-1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if importCounts.Total != importCounts.ByRoute[routeConvGet] {
		t.Errorf("import by display id cost %v, want conversations.get only", importCounts.ByRoute)
	}
	t.Logf("import by identity CONV-1 (plan and apply): %v", importCounts.ByRoute)
}

// TestAccDevRevChat_identity stores the chat's DON id as its identity on
// create and keeps it through an update; an import block by that identity
// plans no change and costs one chats.get.
func TestAccDevRevChat_identity(t *testing.T) {
	f := acctest.NewFake(t)
	users := fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2)
	identity := map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccDevRevDM1)}
	var importCounts mockapi.RequestCounts
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				Config:            f.ProviderConfig() + testAccDevRevChatConfig(users, `title = "Ops"`),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccDevRevChatAddr, identity)},
			},
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(users, `title = "Ops room"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(testAccDevRevChatAddr, identity)},
			},
			{
				PreConfig:       f.ResetRequests,
				ResourceName:    testAccDevRevChatAddr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
					plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops room")),
				}},
			},
			{
				PreConfig: func() { importCounts = f.Requests() },
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(users, `title = "Ops room"`),
			},
		},
	})
	if importCounts.Total == 0 || importCounts.Total != importCounts.ByRoute[routeChatsGet] {
		t.Errorf("import by identity cost %v, want chats.get only", importCounts.ByRoute)
	}
}

// TestAccDevRevChat_importByDisplayIDIdentity_identity imports a chat made
// outside Terraform by an identity holding its display id: state and identity
// end with the DON id, the next plan is empty, and a blank identity is
// refused without a request.
func TestAccDevRevChat_importByDisplayIDIdentity_identity(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	testAccDevRevCall(t, f, "/chats.create", fmt.Sprintf(`{"type":"dm","users":[%q,%q],"title":"Partners"}`, testAccDevRevUser1, testAccDevRevUser3), http.StatusCreated)
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, `title = "Partners"`)
	importBlock := func(id string) string {
		return fmt.Sprintf(`
import {
  to       = chatops_devrev_chat.test
  identity = { id = %q }
}
`, id)
	}
	tfresource.Test(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				PreConfig:   f.ResetRequests,
				Config:      cfg + importBlock("  "),
				ExpectError: regexp.MustCompile(`Invalid Import ID`),
			},
			{
				PreConfig: func() {
					if n := f.Requests().Total; n != 0 {
						t.Errorf("the refused import sent %d requests, want 0", n)
					}
				},
				Config: cfg + importBlock("DM-1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testAccDevRevChatAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccDevRevDM1)}),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
					// The import reads DON ids; the configuration's display ids
					// name the same users, so nothing is planned to rewrite them.
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser3),
					})),
				},
			},
			{
				Config:           cfg + importBlock("DM-1"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if err := testAccDevRevChatCount(f, 1); err != nil {
		t.Errorf("after the import: %v", err)
	}
	if n := f.RequestCount(routeChatsCreate); n != 0 {
		t.Errorf("%d chats.create after the import began, want 0", n)
	}
}
