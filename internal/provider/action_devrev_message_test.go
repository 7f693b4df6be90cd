package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

const drcAnnounceChat = "chatops_devrev_chat.test"

// devrevEntries returns the comments the fake holds.
func devrevEntries(f *acctest.Fake) []map[string]any { return f.State().DevRev.TimelineEntries }

// TestAccDevRevMessage_actionInvoke: `terraform apply -invoke` posts exactly
// one comment per invocation, to a chat and to a conversation, and says so.
func TestAccDevRevMessage_actionInvoke(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1})
	chat := fakeCall(t, f, "devrev", "/chats.create", map[string]any{"type": "dm", "users": []string{"DEVU-1", "DEVU-2"}})["chat"].(map[string]any)
	cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig(chat["id"].(string), "Deployed release 1.4", "")+`
action "chatops_devrev_message" "conv" {
  config {
    target     = "CONV-1"
    body       = "Mitigated; see the post-mortem."
    body_type  = "text"
    visibility = "internal"
  }
}
`)
	f.ResetRequests()

	out := cli.mustInvoke("action.chatops_devrev_message.test")
	f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 1})
	mustContain(t, out, "Posting a comment to DevRev "+chat["id"].(string), "Posted comment "+chat["id"].(string)+":comment/1 to DevRev DM-1")
	entries := devrevEntries(f)
	if len(entries) != 1 || entries[0]["object"] != chat["id"] || entries[0]["body"] != "Deployed release 1.4" ||
		entries[0]["visibility"] != "external" || entries[0]["body_type"] != "text" {
		t.Fatalf("entries = %v, want one external text comment on the chat", entries)
	}

	f.ResetRequests()
	out = cli.mustInvoke("action.chatops_devrev_message.conv")
	f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 1})
	mustContain(t, out, "Posted comment don:core:dvrv-us-1:devo/demo:conversation/1:comment/2 to DevRev CONV-1")
	entries = devrevEntries(f)
	if len(entries) != 2 || entries[1]["object_type"] != "conversation" || entries[1]["visibility"] != "internal" {
		t.Fatalf("entries = %v, want a second, internal comment on CONV-1", entries)
	}
}

// TestAccDevRevMessage_actionTrigger: an action_trigger posts exactly one
// comment after the chat is created and one after it is updated, and none
// when nothing changes.
func TestAccDevRevMessage_actionTrigger(t *testing.T) {
	f := acctest.NewFake(t)
	config := func(title string) string {
		return f.ProviderConfig() + fmt.Sprintf(`
resource "chatops_devrev_chat" "test" {
  users = ["DEVU-1", "DEVU-3"]
  title = %[1]q

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.chatops_devrev_message.announce]
    }
  }
}

action "chatops_devrev_message" "announce" {
  config {
    target = chatops_devrev_chat.test.id
    body   = "This chat is now titled %[1]s."
  }
}
`, title)
	}
	// expect checks one step: its requests, and every comment in the fake so
	// far, oldest first.
	expect := func(want acctest.Requests, bodies ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if err := f.CheckRequests(want); err != nil {
				return err
			}
			entries := devrevEntries(f)
			if len(entries) != len(bodies) {
				return fmt.Errorf("%d comments in the fake, want %d: %v", len(entries), len(bodies), entries)
			}
			for i, b := range bodies {
				if entries[i]["body"] != b || entries[i]["object_display_id"] != "DM-1" {
					return fmt.Errorf("comment %d = %v, want %q on DM-1", i, entries[i], b)
				}
			}
			return nil
		}
	}
	testAccParallel(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				PreConfig: f.ResetRequests,
				Config:    config("Release 1.4"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(drcAnnounceChat, plancheck.ResourceActionCreate),
					expectActionInvocations{"action.chatops_devrev_message.announce", drcAnnounceChat, "AfterCreate"},
				}},
				Check: expect(acctest.Requests{devrev.RouteChatsCreate: 1, devrev.RouteTimelineEntriesCreate: 1}, "This chat is now titled Release 1.4."),
			},
			{
				PreConfig: f.ResetRequests,
				Config:    config("Release 1.5"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(drcAnnounceChat, plancheck.ResourceActionUpdate),
					expectActionInvocations{"action.chatops_devrev_message.announce", drcAnnounceChat, "AfterUpdate"},
				}},
				Check: expect(acctest.Requests{devrev.RouteChatsGet: 1, devrev.RouteChatsUpdate: 1, devrev.RouteTimelineEntriesCreate: 1},
					"This chat is now titled Release 1.4.", "This chat is now titled Release 1.5."),
			},
			{
				PreConfig: f.ResetRequests,
				Config:    config("Release 1.5"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectActionInvocations{},
				}},
				Check: expect(acctest.Requests{devrev.RouteChatsGet: 1}, "This chat is now titled Release 1.4.", "This chat is now titled Release 1.5."),
			},
		},
	})
}

// TestAccDevRevMessage_actionRetriesAfter429: a 429 means DevRev refused the
// request, so the action retries it, and exactly one comment is posted.
func TestAccDevRevMessage_actionRetriesAfter429(t *testing.T) {
	f := acctest.NewFake(t)
	fakeCall(t, f, "devrev", "/chats.create", map[string]any{"type": "dm", "users": []string{"DEVU-1"}})
	cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig("DM-1", "after a 429", ""))
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: devrev.RouteTimelineEntriesCreate, Status: 429, RetryAfterSeconds: 1}}})
	f.ResetRequests()

	cli.mustInvoke("action.chatops_devrev_message.test")
	f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 2})
	if entries := devrevEntries(f); len(entries) != 1 || entries[0]["body"] != "after a 429" {
		t.Fatalf("entries = %v, want exactly one comment", entries)
	}
}

// TestAccDevRevMessage_actionLostAnswer: when DevRev commits the comment and
// the answer is lost, the action does not send it again, and its error says
// the comment may have been posted.
func TestAccDevRevMessage_actionLostAnswer(t *testing.T) {
	f := acctest.NewFake(t)
	fakeCall(t, f, "devrev", "/chats.create", map[string]any{"type": "dm", "users": []string{"DEVU-1"}})
	cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig("DM-1", "lost", ""))
	f.SetFaults(mockapi.Faults{FailAfterCommitRate: 1, ErrorStatuses: []int{503}, Seed: 7})
	f.ResetRequests()

	out := cli.invokeMustFail("action.chatops_devrev_message.test")
	f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 1})
	mustContain(t, out, "Message May Have Been Posted", "reached DevRev, but no answer came back", "HTTP 503",
		"did not send it again", "invoking the action again posts it a second time")
	if entries := devrevEntries(f); len(entries) != 1 {
		t.Fatalf("entries = %v, want the one comment the lost request committed", entries)
	}
}

// TestAccDevRevMessage_actionMissingTarget: a chat that does not exist is
// DevRev's 400 invalid_id (the spec documents no 404 for this call),
// reported with what to check; nothing is retried or posted.
func TestAccDevRevMessage_actionMissingTarget(t *testing.T) {
	f := acctest.NewFake(t)
	cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig("DM-99", "hello", ""))
	f.ResetRequests()
	out := cli.invokeMustFail("action.chatops_devrev_message.test")
	f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 1})
	mustContain(t, out, "Unable to Post DevRev Message", "HTTP 400 invalid_id", "Object 'DM-99' does not exist",
		"Check that target is the id or display id of an existing DevRev chat", "No message was posted.")
	if n := len(devrevEntries(f)); n != 0 {
		t.Fatalf("%d comments, want 0", n)
	}
}

// TestAccDevRevMessage_actionBadInput: every bad input fails at plan time
// with an error on its attribute, before a single request.
func TestAccDevRevMessage_actionBadInput(t *testing.T) {
	f := acctest.NewFake(t)
	cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig("DM-1", "x", ""))
	for _, tc := range []struct {
		name, target, body, extra string
		want                      string
	}{
		{"blank target", "  ", "hello", "", "target must not be empty or blank"},
		{"empty target", "", "hello", "", "target must not be empty or blank"},
		{"malformed target", "chat 1", "hello", "", `"chat 1" is not a DevRev id: target must be a DevRev DON id`},
		{"empty body", "DM-1", "", "", "body must not be empty or blank"},
		{"blank body", "DM-1", " \n ", "", "body must not be empty or blank"},
		{"bad body_type", "DM-1", "hello", `body_type = "html"`, `value must be one of: ["text"]`},
		{"bad visibility", "DM-1", "hello", `visibility = "secret"`, `value must be one of: ["external" "internal" "private" "public"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cli.writeConfig(f.ProviderConfig() + testAccDevRevMessageConfig(tc.target, tc.body, tc.extra))
			f.ResetRequests()
			out, err := cli.output("plan", "-input=false", "-no-color", "-invoke=action.chatops_devrev_message.test")
			if err == nil {
				t.Fatalf("plan succeeded:\n%s", out)
			}
			mustContain(t, out, tc.want)
			f.RequireRequests(t, acctest.Requests{})
		})
	}
}

// TestAccDevRevMessage_actionUnconfigured: without a DevRev credential the
// action fails with what to set, and no request is sent.
func TestAccDevRevMessage_actionUnconfigured(t *testing.T) {
	f := acctest.NewFake(t)
	cli := newTFCLI(t, fmt.Sprintf(`
provider "chatops" {
  helpcrunch = {
    api_key  = %q
    endpoint = %q
  }
}
`, helpcrunch.DemoKey, f.HelpCrunchURL())+testAccDevRevMessageConfig("DM-1", "x", ""))
	f.ResetRequests()
	out := cli.invokeMustFail("action.chatops_devrev_message.test")
	mustContain(t, out, "DevRev Is Not Configured", "devrev.token", EnvDevRevToken)
	f.RequireRequests(t, acctest.Requests{})
}

func TestDevRevObjectIDPattern(t *testing.T) {
	t.Parallel()
	for id, ok := range map[string]bool{
		"DM-1": true, "CONV-12": true, "TKT-3": true, "don:core:dvrv-us-1:devo/demo:dm/1": true,
		"don:core:dvrv-us-1:devo/demo:conversation/12": true,
		"DM1": false, "dm-": false, "-1": false, "chat 1": false, "don:": false, " DM-1": false, "": false,
	} {
		if devrevObjectIDPattern.MatchString(id) != ok {
			t.Errorf("%q: match = %v, want %v", id, !ok, ok)
		}
	}
}

func testAccDevRevMessageConfig(target, body, extra string) string {
	return fmt.Sprintf(`
action "chatops_devrev_message" "test" {
  config {
    target = %q
    body   = %q
    %s
  }
}
`, target, body, extra)
}
