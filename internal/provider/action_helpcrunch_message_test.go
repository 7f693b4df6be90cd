package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// hcMessages returns the messages the fake holds.
func hcMessages(f *acctest.Fake) []map[string]any { return f.State().HelpCrunch.Messages }

// hcOpenChat opens chat 1 for customer 3 behind the provider's back.
func hcOpenChat(t *testing.T, f *acctest.Fake) {
	t.Helper()
	if chat := fakeCall(t, f, "helpcrunch", "/chats", map[string]any{"customer": 3, "application": 1}); chat["id"] != json.Number("1") && chat["id"] != float64(1) {
		t.Fatalf("chat = %v, want id 1", chat)
	}
}

// TestAccHelpCrunchMessage_actionInvoke: `terraform apply -invoke` posts
// exactly one message per invocation, as the agent, and says so.
func TestAccHelpCrunchMessage_actionInvoke(t *testing.T) {
	f := acctest.NewFake(t)
	hcOpenChat(t, f)
	cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("1", "Deployed release 1.4", "2", `markdown_text = "Deployed **release 1.4**"`)+`
action "chatops_helpcrunch_message" "note" {
  config {
    chat  = 1
    text  = "Rolled out by CI."
    agent = 3
    type  = "private"
  }
}
`)
	f.ResetRequests()

	out := cli.mustInvoke("action.chatops_helpcrunch_message.test")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 1})
	mustContain(t, out, "Posting a message to HelpCrunch chat 1 as agent 2", "Posted message 1 to HelpCrunch chat 1")
	msgs := hcMessages(f)
	if len(msgs) != 1 || msgs[0]["text"] != "Deployed **release 1.4**" || msgs[0]["type"] != "message" || msgs[0]["from"] != "agent" {
		t.Fatalf("messages = %v, want one agent message with the markdown text", msgs)
	}

	f.ResetRequests()
	out = cli.mustInvoke("action.chatops_helpcrunch_message.note")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 1})
	mustContain(t, out, "Posting a private to HelpCrunch chat 1 as agent 3", "Posted message 2 to HelpCrunch chat 1")
	if msgs = hcMessages(f); len(msgs) != 2 || msgs[1]["type"] != "private" {
		t.Fatalf("messages = %v, want a second, private one", msgs)
	}
}

// TestAccHelpCrunchMessage_actionTrigger: an action_trigger posts exactly one
// message after the chat is created and one after it is updated, none when
// nothing changes, and the chat's next plan stays empty although the message
// changed what HelpCrunch reports about it.
func TestAccHelpCrunchMessage_actionTrigger(t *testing.T) {
	f := acctest.NewFake(t)
	config := func(assignee int) string {
		return f.ProviderConfig() + fmt.Sprintf(`
resource "chatops_helpcrunch_chat" "test" {
  customer    = 4
  application = 2
  assignee    = %[1]d

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.chatops_helpcrunch_message.hello]
    }
  }
}

action "chatops_helpcrunch_message" "hello" {
  config {
    chat  = chatops_helpcrunch_chat.test.id
    text  = "Agent %[1]d is looking after this chat."
    agent = %[1]d
  }
}
`, assignee)
	}
	expect := func(want acctest.Requests, texts ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if err := f.CheckRequests(want); err != nil {
				return err
			}
			msgs := hcMessages(f)
			if len(msgs) != len(texts) {
				return fmt.Errorf("%d messages in the fake, want %d: %v", len(msgs), len(texts), msgs)
			}
			for i, text := range texts {
				if msgs[i]["text"] != text || msgs[i]["chat"] != int64(1) {
					return fmt.Errorf("message %d = %v, want %q in chat 1", i, msgs[i], text)
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
				Config:    config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionCreate),
					expectActionInvocations{"action.chatops_helpcrunch_message.hello", hcChatAddr, "AfterCreate"},
				}},
				Check: expect(acctest.Requests{helpcrunch.RouteChatCreate: 1, helpcrunch.RouteMessageCreate: 1}, "Agent 2 is looking after this chat."),
				// State holds the create's answer: a new chat is "empty", which
				// no configuration can set, so status stays null. The message
				// posted after it took the chat out of "empty", which the
				// refresh before the framework's post-apply plan sees without
				// planning a change.
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.Null()),
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    config(5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
					expectActionInvocations{"action.chatops_helpcrunch_message.hello", hcChatAddr, "AfterUpdate"},
				}},
				Check: expect(acctest.Requests{helpcrunch.RouteChatGet: 1, helpcrunch.RouteChatUpdateAssignee: 1, helpcrunch.RouteMessageCreate: 1},
					"Agent 2 is looking after this chat.", "Agent 5 is looking after this chat."),
			},
			{
				PreConfig: f.ResetRequests,
				Config:    config(5),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectActionInvocations{},
				}},
				Check: expect(acctest.Requests{helpcrunch.RouteChatGet: 1}, "Agent 2 is looking after this chat.", "Agent 5 is looking after this chat."),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("opened")),
				},
			},
		},
	})
}

// TestAccHelpCrunchMessage_actionRetriesAfter429: HelpCrunch's 429 carries no
// Retry-After; the action waits, sends again, and one message is posted.
func TestAccHelpCrunchMessage_actionRetriesAfter429(t *testing.T) {
	f := acctest.NewFake(t)
	hcOpenChat(t, f)
	cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("1", "after a 429", "1", ""))
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: helpcrunch.RouteMessageCreate, Status: 429}}})
	f.ResetRequests()

	cli.mustInvoke("action.chatops_helpcrunch_message.test")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 2})
	if msgs := hcMessages(f); len(msgs) != 1 || msgs[0]["text"] != "after a 429" {
		t.Fatalf("messages = %v, want exactly one", msgs)
	}
}

// TestAccHelpCrunchMessage_actionLostAnswer: when HelpCrunch commits the
// message and the answer is lost, the action does not send it again, and its
// error says the message may have been posted.
func TestAccHelpCrunchMessage_actionLostAnswer(t *testing.T) {
	f := acctest.NewFake(t)
	hcOpenChat(t, f)
	cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("1", "lost", "1", ""))
	f.SetFaults(mockapi.Faults{FailAfterCommitRate: 1, ErrorStatuses: []int{500}, Seed: 3})
	f.ResetRequests()

	out := cli.invokeMustFail("action.chatops_helpcrunch_message.test")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 1})
	mustContain(t, out, "Message May Have Been Posted", "HelpCrunch chat 1 reached HelpCrunch", "HTTP 500",
		"did not send it again")
	if msgs := hcMessages(f); len(msgs) != 1 {
		t.Fatalf("messages = %v, want the one the lost request committed", msgs)
	}
}

// TestAccHelpCrunchMessage_actionMissingChat: a chat that does not exist is
// HelpCrunch's 404, reported with what to check; nothing is retried.
func TestAccHelpCrunchMessage_actionMissingChat(t *testing.T) {
	f := acctest.NewFake(t)
	cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("42", "hello", "1", ""))
	f.ResetRequests()
	out := cli.invokeMustFail("action.chatops_helpcrunch_message.test")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 1})
	mustContain(t, out, "Unable to Post HelpCrunch Message", "HTTP 404 chat_not_found", "Check that chat is the id of an existing HelpCrunch chat", "No message was posted.")
}

// TestAccHelpCrunchMessage_actionBadInput: every bad input fails at plan
// time with an error on its attribute, before a single request.
func TestAccHelpCrunchMessage_actionBadInput(t *testing.T) {
	f := acctest.NewFake(t)
	cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("1", "x", "1", ""))
	for _, tc := range []struct {
		name, chat, text, agent, extra string
		want                           string
	}{
		{"chat zero", "0", "hello", "1", "", "chat value must be at least 1, got: 0"},
		{"fractional chat", "1.5", "hello", "1", "", "chat must be a whole number (an id such as 3); got 1.5."},
		{"chat not a number", `"abc"`, "hello", "1", "", "a number is required"},
		{"negative agent", "1", "hello", "-4", "", "agent value must be at least 1, got: -4"},
		{"empty text", "1", "", "1", "", "text must not be empty or blank"},
		{"blank text", "1", "   ", "1", "", "text must not be empty or blank"},
		{"blank markdown", "1", "hello", "1", `markdown_text = " "`, "markdown_text must not be empty or blank"},
		{"bad type", "1", "hello", "1", `type = "email"`, `value must be one of: ["message" "private"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cli.writeConfig(f.ProviderConfig() + testAccHelpCrunchMessageConfig(tc.chat, tc.text, tc.agent, tc.extra))
			f.ResetRequests()
			out, err := cli.output("plan", "-input=false", "-no-color", "-invoke=action.chatops_helpcrunch_message.test")
			if err == nil {
				t.Fatalf("plan succeeded:\n%s", out)
			}
			mustContain(t, out, tc.want)
			f.RequireRequests(t, acctest.Requests{})
		})
	}
}

// testAccHelpCrunchMessageConfig writes chat and agent as HCL expressions.
func testAccHelpCrunchMessageConfig(chat, text, agent, extra string) string {
	return fmt.Sprintf(`
action "chatops_helpcrunch_message" "test" {
  config {
    chat  = %s
    text  = %q
    agent = %s
    %s
  }
}
`, chat, text, agent, extra)
}
