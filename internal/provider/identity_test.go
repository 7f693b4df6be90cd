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
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
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
	importCounts := testAccIdentityLifecycle(t, f, testAccHCChatAddr, cfg("opened"), cfg("pending"), "1",
		plancheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")))
	if err := (acctest.Requests{helpcrunch.RouteChatGet: 1}).Check(importCounts); err != nil {
		t.Errorf("import by identity, one read of the chat: %v", err)
	}
}

// TestAccHelpCrunchChat_importBlockByIdentity adopts a chat that no state
// knows of with an import block by identity, and refuses a malformed one
// without a request.
func TestAccHelpCrunchChat_importBlockByIdentity_identity(t *testing.T) {
	f := hcNewFakeWithChats(t, []helpcrunch.ChatFixture{{Customer: 4, Application: 2, Assignee: 1, Department: 3, Status: "pending", CreatedAt: hcBase.Unix()}}, "")
	testAccImportBlockByIdentity(t, f, testAccHCChatAddr, f.ProviderConfig()+`
resource "chatops_helpcrunch_chat" "test" {
  customer    = 4
  application = 2
  assignee    = 1
  department  = 3
  status      = "pending"
}
`, "chat-1", `(?s)Invalid Import ID.*numeric id of a HelpCrunch chat`, "1", "1",
		statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
		statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
		statecheck.ExpectKnownValue(testAccHCChatAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("close")),
	)
}

// TestAccDevRevConversation_identity stores the DON id as the identity on
// create and through an update, and imports by that identity.
func TestAccDevRevConversation_identity(t *testing.T) {
	f := acctest.NewFake(t)
	testAccIdentityLifecycle(t, f, testAccConvAddr,
		f.ProviderConfig()+testAccConvConfig(testAccConvBase, "custom_fields", "", "custom_schema_spec", ""),
		f.ProviderConfig()+testAccConvConfig(testAccConvBase, "custom_fields", "", "custom_schema_spec", "", "title", `"Renamed"`),
		testAccConv1, plancheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact("Renamed")))
}

// TestAccDevRevConversation_importByDisplayIDIdentity_identity imports by an
// identity that holds the display id: state and identity end with the DON
// id, and the next plan is empty.
func TestAccDevRevConversation_importByDisplayIDIdentity_identity(t *testing.T) {
	fx := fake.DefaultFixtures()
	fx.DevRev.Conversations = []devrev.ConversationFixture{{Title: "Partner room", Members: []string{"DEVU-2"}, Stage: "new"}}
	f := acctest.NewFake(t, fake.Options{Fixtures: fx})
	importCounts := testAccImportBlockByIdentity(t, f, testAccConvAddr, f.ProviderConfig()+`
resource "chatops_devrev_conversation" "test" {
  title   = "Partner room"
  members = ["DEVU-2"]
  stage   = "new"
}
`, " ", `Invalid Import ID`, "CONV-1", testAccConv1,
		statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccConv1)),
		statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("CONV-1")),
	)
	if err := (acctest.Requests{devrev.RouteConversationsGet: 1}).Check(importCounts); err != nil {
		t.Errorf("import by display id (plan and apply), one conversations.get: %v", err)
	}
}

// TestAccDevRevChat_identity stores the chat's DON id as its identity on
// create and keeps it through an update; an import block by that identity
// plans no change and costs one chats.get.
func TestAccDevRevChat_identity(t *testing.T) {
	f := acctest.NewFake(t)
	users := fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2)
	importCounts := testAccIdentityLifecycle(t, f, testAccDevRevChatAddr,
		f.ProviderConfig()+testAccDevRevChatConfig(users, `title = "Ops"`),
		f.ProviderConfig()+testAccDevRevChatConfig(users, `title = "Ops room"`),
		testAccDevRevDM1, plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops room")))
	if err := (acctest.Requests{devrev.RouteChatsGet: 1}).Check(importCounts); err != nil {
		t.Errorf("import by identity, one chats.get: %v", err)
	}
}

// TestAccDevRevChat_importByDisplayIDIdentity_identity imports a chat made
// outside Terraform by an identity holding its display id: state and identity
// end with the DON id, the next plan is empty, and a blank identity is
// refused without a request.
func TestAccDevRevChat_importByDisplayIDIdentity_identity(t *testing.T) {
	f := acctest.NewFake(t)
	testAccDevRevCall(t, f, "/chats.create", fmt.Sprintf(`{"type":"dm","users":[%q,%q],"title":"Partners"}`, testAccDevRevUser1, testAccDevRevUser3), http.StatusCreated)
	testAccImportBlockByIdentity(t, f, testAccDevRevChatAddr, f.ProviderConfig()+testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, `title = "Partners"`),
		"  ", `Invalid Import ID`, "DM-1", testAccDevRevDM1,
		statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
		// The import reads DON ids; the configuration's display ids
		// name the same users, so nothing is planned to rewrite them.
		statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
			knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser3),
		})),
	)
	if err := testAccDevRevChatCount(f, 1); err != nil {
		t.Errorf("after the import: %v", err)
	}
	if n := f.RequestCount(devrev.RouteChatsCreate); n != 0 {
		t.Errorf("%d chats.create after the import began, want 0", n)
	}
}

// testAccIdentityLifecycle creates the resource at addr with create, updates
// it in place with update, each time with id as its identity, then imports
// it with an import block by that identity, which must plan no change and
// pass importChecks. It returns the requests of that import's plan.
func testAccIdentityLifecycle(t *testing.T, f *acctest.Fake, addr, create, update, id string, importChecks ...plancheck.PlanCheck) mockapi.RequestCounts {
	t.Helper()
	identity := []statecheck.StateCheck{statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})}
	var importCounts mockapi.RequestCounts
	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{Config: create, ConfigStateChecks: identity},
			{
				Config: update,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: identity,
			},
			{
				PreConfig:       f.ResetRequests,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: tfresource.ImportPlanChecks{PreApply: append([]plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				}, importChecks...)},
			},
			{
				PreConfig: func() { importCounts = f.Requests() },
				Config:    update,
			},
		},
	})
	return importCounts
}

// testAccImportBlockByIdentity adopts an object no state knows of with an
// import block by identity into the resource at addr, configured by cfg: an
// identity of badID is refused (badErr) without a request; one of goodID
// plans no change, leaves wantID as the identity and passes checks; the next
// plan is empty. It returns the requests of the good import.
func testAccImportBlockByIdentity(t *testing.T, f *acctest.Fake, addr, cfg, badID, badErr, goodID, wantID string, checks ...statecheck.StateCheck) mockapi.RequestCounts {
	t.Helper()
	importBlock := func(id string) string {
		return fmt.Sprintf("\nimport {\n  to       = %s\n  identity = { id = %q }\n}\n", addr, id)
	}
	var importCounts mockapi.RequestCounts
	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []tfresource.TestStep{
			{
				PreConfig:   f.ResetRequests,
				Config:      cfg + importBlock(badID),
				ExpectError: regexp.MustCompile(badErr),
			},
			{
				PreConfig: func() {
					f.RequireRequests(t, nil)
				},
				Config: cfg + importBlock(goodID),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(wantID)}),
				}, checks...),
				Check: func(*terraform.State) error { importCounts = f.Requests(); return nil },
			},
			{
				Config:           cfg + importBlock(goodID),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	return importCounts
}
