package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
)

const testAccDevRevChatDataAddr = "data.chatops_devrev_chat.test"

// testAccDevRevChatDataChecks are the values of the chat the data source
// tests create through the fake's API.
func testAccDevRevChatDataChecks() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("DM-1")),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("type"), knownvalue.StringExact("dm")),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops")),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
			knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser2),
		})),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("created_by"), knownvalue.StringExact(testAccDevRevUser1)),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("created_date"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("modified_date"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("groups"), knownvalue.SetSizeExact(0)),
	}
}

func testAccDevRevChatDataPreCreate(t *testing.T, f *acctest.Fake) func() {
	return func() {
		testAccDevRevCall(t, f, "/chats.create",
			`{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops","records":["ISS-7"],"custom_fields":{"tnt__team":"ops"},`+
				`"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
	}
}

func TestAccDevRevChatDataSource_byID(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: testAccDevRevChatDataPreCreate(t, f),
		Config:    f.ProviderConfig() + testAccDevRevChatDataConfig(testAccDevRevDM1),
		ConfigStateChecks: append(testAccDevRevChatDataChecks(),
			statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
			statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("don_id"), knownvalue.StringExact(testAccDevRevDM1))),
		Check: testAccDevRevChatDataHasOnlyAPIFields,
	})
}

func TestAccDevRevChatDataSource_byDisplayID(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		PreConfig: testAccDevRevChatDataPreCreate(t, f),
		Config:    f.ProviderConfig() + testAccDevRevChatDataConfig("DM-1"),
		ConfigStateChecks: append(testAccDevRevChatDataChecks(),
			statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("id"), knownvalue.StringExact("DM-1")),
			statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("don_id"), knownvalue.StringExact(testAccDevRevDM1))),
	})
	if got := f.RequestCount(devrev.RouteChatsGet); got < 1 {
		t.Errorf("chats.get requests = %d, want the data source's reads", got)
	}
}

func TestAccDevRevChatDataSource_ofResource(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, `title = "From resource"`) + `
data "chatops_devrev_chat" "test" {
  id = chatops_devrev_chat.test.display_id
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("title"), knownvalue.StringExact("From resource")),
		},
		Check: testAccDevRevChatDataHasOnlyAPIFields,
	})
}

// TestAccDevRevChatDataSource_readDuringApplyKeepsID reads the chat by display
// id during the apply, because the chat it names changes in that apply: the
// id stays as written, so an output of it does not change on the next plan,
// and two plans in a row are empty.
func TestAccDevRevChatDataSource_readDuringApplyKeepsID(t *testing.T) {
	f := acctest.NewFake(t)
	config := func(title string) string {
		return f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, fmt.Sprintf("title = %q", title)) + `
data "chatops_devrev_chat" "test" {
  id         = chatops_devrev_chat.test.display_id
  depends_on = [chatops_devrev_chat.test]
}

output "dr_id" {
  value = data.chatops_devrev_chat.test.id
}

output "dr_don_id" {
  value = data.chatops_devrev_chat.test.don_id
}
`
	}
	empty := tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: config("First")},
			{
				// The title changes, so the read waits for the apply.
				Config: config("Second"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("dr_id", knownvalue.StringExact("DM-1")),
					statecheck.ExpectKnownOutputValue("dr_don_id", knownvalue.StringExact(testAccDevRevDM1)),
					statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("title"), knownvalue.StringExact("Second")),
				},
			},
			{Config: config("Second"), ConfigPlanChecks: empty},
			{Config: config("Second"), ConfigPlanChecks: empty},
		},
	})
}

func TestAccDevRevChatDataSource_notFound(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config:      f.ProviderConfig() + testAccDevRevChatDataConfig("DM-404"),
		ExpectError: testAccErrorRegexp("Unable to Read DevRev Chat", "HTTP 404 not_found"),
	})
}

func TestAccDevRevChatDataSource_blankIDFailsAtPlan(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, tfresource.TestStep{
		Config:      f.ProviderConfig() + testAccDevRevChatDataConfig(" "),
		ExpectError: regexp.MustCompile(`must not be empty or\s+blank`),
	})
	f.RequireRequests(t, nil)
}

// testAccDevRevChatDataHasOnlyAPIFields checks that the data source offers
// nothing chats.get does not return: a chat's records, is_default and custom
// fields, which DevRev keeps but never answers, would be guesses.
func testAccDevRevChatDataHasOnlyAPIFields(s *terraform.State) error {
	rs, ok := s.RootModule().Resources[testAccDevRevChatDataAddr]
	if !ok {
		return fmt.Errorf("%s not in the state", testAccDevRevChatDataAddr)
	}
	for k := range rs.Primary.Attributes {
		for _, hidden := range []string{"records", "is_default", "custom_fields"} {
			if k == hidden || strings.HasPrefix(k, hidden+".") {
				return fmt.Errorf("%s has attribute %s, which chats.get does not return", testAccDevRevChatDataAddr, k)
			}
		}
	}
	return nil
}

func testAccDevRevChatDataConfig(id string) string {
	return fmt.Sprintf(`
data "chatops_devrev_chat" "test" {
  id = %q
}
`, id)
}
