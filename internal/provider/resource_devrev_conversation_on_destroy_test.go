package provider

import (
	"fmt"
	"regexp"
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

func convOnDestroyConfig(f *acctest.Fake, onDestroy string) string {
	line := ""
	if onDestroy != "" {
		line = fmt.Sprintf("\n  on_destroy = %q", onDestroy)
	}
	return f.ProviderConfig() + fmt.Sprintf("\nresource \"chatops_devrev_conversation\" \"test\" {\n  title   = \"Kept room\"\n  members = [\"DEVU-1\"]%s\n}\n", line)
}

// convExists reports whether the fake holds conversation id (a DON id).
func convExists(f *acctest.Fake, id string) bool {
	for _, c := range f.State().DevRev.Conversations {
		if c["id"] == id {
			return true
		}
	}
	return false
}

// TestAccDevRevConversation_onDestroyKeep: on_destroy defaults to delete;
// switching it is a state-only change (the plan's refresh reads, nothing is
// written), and with keep destroy leaves the conversation in DevRev.
func TestAccDevRevConversation_onDestroyKeep(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: convOnDestroyConfig(f, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("delete")),
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    convOnDestroyConfig(f, "keep"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("modified_date"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("keep")),
					f.ExpectRequests(acctest.Requests{devrev.RouteConversationsGet: 1}),
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if !convExists(f, testAccConv1) {
				return fmt.Errorf("conversation %s was deleted, but on_destroy is keep", testAccConv1)
			}
			if n := f.RequestCount(devrev.RouteConversationsDelete); n != 0 {
				return fmt.Errorf("%d conversations.delete, want none", n)
			}
			return nil
		},
	})
}

// TestAccDevRevConversation_onDestroyBackToDelete: switching back to delete
// is state-only too, and destroy then deletes the conversation.
func TestAccDevRevConversation_onDestroyBackToDelete(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: convOnDestroyConfig(f, "keep")},
			{
				PreConfig: f.ResetRequests,
				Config:    convOnDestroyConfig(f, "delete"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("delete")),
					f.ExpectRequests(acctest.Requests{devrev.RouteConversationsGet: 1}),
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if convExists(f, testAccConv1) {
				return fmt.Errorf("conversation %s is still there after destroy with on_destroy = delete", testAccConv1)
			}
			return nil
		},
	})
}

// TestAccDevRevConversation_keepDestroyMakesNoRequest destroys a kept
// conversation without a refresh: no request at all.
func TestAccDevRevConversation_keepDestroyMakesNoRequest(t *testing.T) {
	acctest.PreCheck(t)
	f := acctest.NewFake(t)
	out := testAccDestroyWithoutRefresh(t, f, convOnDestroyConfig(f, "keep"))
	f.RequireRequests(t, nil)
	if !regexp.MustCompile(`(?s)DevRev Conversation Left As It Is.*removed from Terraform state only`).MatchString(out) {
		t.Errorf("destroy said:\n%s\nwant the warning that the conversation stays", out)
	}
	if !convExists(f, testAccConv1) {
		t.Error("the kept conversation was deleted")
	}
}

// TestAccDevRevConversation_onDestroyInvalid fails at plan, before any
// request.
func TestAccDevRevConversation_onDestroyInvalid(t *testing.T) {
	f := acctest.NewFake(t)
	testAccOneStep(t, planErrorStep(convOnDestroyConfig(f, "archive"),
		testAccErrorRegexp("on_destroy", `value must be one of: ["delete" "keep"]`)))
	f.RequireRequests(t, nil)
}
