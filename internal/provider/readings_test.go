package provider

// Where the API docs disagree with themselves, the fake answers in either
// reading (mockapi.Reading), and the provider must be right in each: every
// test here runs the behaviour a reading affects in every one of them.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// readingsFake starts a fake answering in the given readings, with the
// generated HelpCrunch chats.
func readingsFake(t *testing.T, readings map[string]map[string]string, chats int) *acctest.Fake {
	t.Helper()
	fx := fake.DefaultFixtures()
	fx.HelpCrunch.Chats = hcGeneratedChats(chats)
	return acctest.NewFake(t, fake.Options{Fixtures: fx, Readings: readings})
}

// TestAccHelpCrunchChatsDataSource_statusInEveryReading searches by status
// whether HelpCrunch takes status names or numeric codes, in one terraform
// command (one provider process): the right chats either way, and finding the
// form costs one request at most, with the first search of the process.
func TestAccHelpCrunchChatsDataSource_statusInEveryReading(t *testing.T) {
	acctest.PreCheck(t)
	for reading, searches := range map[string]int{"names": 2, "codes": 3} {
		t.Run(reading, func(t *testing.T) {
			f := readingsFake(t, map[string]map[string]string{helpcrunch.Name: {helpcrunch.ReadingStatusSearch: reading}}, 70)
			tf := newTerraformCLI(t, "1.5.0")
			tf.writeConfig(f.ProviderConfig() + `
data "chatops_helpcrunch_chats" "pending" {
  status = "pending"
}

data "chatops_helpcrunch_chats" "on_hold" {
  status = "on hold"
}

output "pending" {
  value = data.chatops_helpcrunch_chats.pending.chats[*].id
}

output "on_hold" {
  value = data.chatops_helpcrunch_chats.on_hold.chats[*].id
}
`)
			tf.run("init", "-input=false")
			f.ResetRequests()
			tf.run("apply", "-auto-approve", "-input=false")
			// The first search finds the form (a second request where it is
			// codes); the second uses it.
			f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: searches})
			var outputs map[string]struct {
				Value []string `json:"value"`
			}
			if err := json.Unmarshal([]byte(tf.run("output", "-json")), &outputs); err != nil {
				t.Fatal(err)
			}
			for output, status := range map[string]string{"pending": "pending", "on_hold": "onhold"} {
				want := hcChatIDsWithStatus(f, status)
				got := slices.Sorted(slices.Values(outputs[output].Value))
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s: chats %v, want the fake's %v", output, got, want)
				}
			}
		})
	}
}

// TestAccHelpCrunchChat_statusInEveryReading_query lists chats by status
// with `terraform query` in both readings: the same chats either way.
func TestAccHelpCrunchChat_statusInEveryReading_query(t *testing.T) {
	acctest.PreCheck(t)
	for reading, searches := range map[string]int{"names": 1, "codes": 2} {
		t.Run(reading, func(t *testing.T) {
			tf := newTerraformCLI(t, "1.14.0")
			f := readingsFake(t, map[string]map[string]string{helpcrunch.Name: {helpcrunch.ReadingStatusSearch: reading}}, 70)
			tf.writeConfig(f.ProviderConfig())
			tf.write("chats.tfquery.hcl", `
list "chatops_helpcrunch_chat" "pending" {
  provider = chatops
  config {
    status = "pending"
  }
}
`)
			tf.run("init", "-input=false")
			f.ResetRequests()
			out := tf.run("query", "-json")
			f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: searches})
			want := hcChatIDsWithStatus(f, "pending")
			for _, id := range want {
				if !strings.Contains(out, fmt.Sprintf(`"id":"%s"`, id)) {
					t.Errorf("the query lists no chat %s:\n%s", id, out)
				}
			}
			if n := strings.Count(out, `"type":"list_resource_found"`); n != len(want) {
				t.Errorf("the query found %d chats, want the %d pending ones", n, len(want))
			}
		})
	}
}

// hcChatIDsWithStatus are the ids of the fake's chats with that status, as
// HelpCrunch reads it back ("onhold"), sorted as strings.
func hcChatIDsWithStatus(f *acctest.Fake, status string) []string {
	var ids []string
	for _, c := range f.State().HelpCrunch.Chats {
		if c["status"] == status {
			ids = append(ids, fmt.Sprint(c["id"]))
		}
	}
	slices.Sort(ids)
	return ids
}

// TestAccHelpCrunchChatsDataSource_totalInEveryReading reads 250 chats
// whether the answer gives their total in meta.total, at the top level or
// not at all: every chat either way, in the same three pages; total is null
// when HelpCrunch does not say it.
func TestAccHelpCrunchChatsDataSource_totalInEveryReading(t *testing.T) {
	for reading, total := range map[string]knownvalue.Check{"meta": knownvalue.Int64Exact(250), "top": knownvalue.Int64Exact(250), "none": knownvalue.Null()} {
		t.Run(reading, func(t *testing.T) {
			f := readingsFake(t, map[string]map[string]string{helpcrunch.Name: {helpcrunch.ReadingSearchTotal: reading}}, 250)
			testAccOneStep(t, tfresource.TestStep{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + "\ndata \"chatops_helpcrunch_chats\" \"test\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.test", tfjsonpath.New("chats"), knownvalue.ListSizeExact(250)),
					statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.test", tfjsonpath.New("total"), total),
				},
			})
			for _, s := range f.HelpCrunch.Searches() {
				if s.Limit != 100 {
					t.Errorf("a search asked for %d chats, want pages of 100", s.Limit)
				}
			}
			if n := len(f.HelpCrunch.Searches()); n%3 != 0 || n == 0 {
				t.Errorf("%d searches, want 3 (pages of 100, 100 and 50) per read", n)
			}
		})
	}
}

// TestAccHelpCrunchChatsDataSource_fieldTypesInEveryReading reads closed
// chats whose closedBy and rating come as strings, as the pages show them,
// or as numbers, as a connector generated for the live API types them:
// each is read, as its text.
func TestAccHelpCrunchChatsDataSource_fieldTypesInEveryReading(t *testing.T) {
	// hcGeneratedChats closes its 19th chat by an agent, rated great.
	for reading, rated := range map[string][2]any{"strings": {"agent", "great"}, "numbers": {int64(2), int64(1)}} {
		t.Run(reading, func(t *testing.T) {
			f := readingsFake(t, map[string]map[string]string{helpcrunch.Name: {helpcrunch.ReadingChatFieldTypes: reading}}, 70)
			chat19 := f.State().HelpCrunch.Chats[18]
			if chat19["id"] != int64(19) || chat19["closedBy"] != rated[0] || chat19["rating"] != rated[1] {
				t.Fatalf("the fake answers chat 19 as %v: want closedBy %#v and rating %#v", chat19, rated[0], rated[1])
			}
			// hcExpectChatObject expects a number as its text.
			want, _ := hcExpectChats(t, f, hcQuery{match: func(c map[string]any) bool { return c["status"] == "closed" }, desc: true})
			testAccOneStep(t, tfresource.TestStep{
				Config: f.ProviderConfig() + "\ndata \"chatops_helpcrunch_chats\" \"closed\" {\n  status = \"closed\"\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.closed", tfjsonpath.New("chats"), want),
				},
			})
		})
	}
}

// TestAccDevRevChat_lifecycleInEveryReading creates, reads, updates and
// imports a chat, and reads it with the data source, whether DevRev answers
// chats.* without its beta scope or only within it: the provider sends the
// scope on every chats.* call.
func TestAccDevRevChat_lifecycleInEveryReading(t *testing.T) {
	for _, reading := range []string{"any", "beta"} {
		t.Run(reading, func(t *testing.T) {
			f := acctest.NewFake(t, fake.Options{Readings: map[string]map[string]string{devrev.Name: {devrev.ReadingChatsScope: reading}}})
			config := func(title string) string {
				return f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, fmt.Sprintf("title = %q", title)) + `
data "chatops_devrev_chat" "test" {
  id = chatops_devrev_chat.test.display_id
}
`
			}
			testAccParallel(t, tfresource.TestCase{
				Steps: []tfresource.TestStep{
					{
						Config: config("Ops"),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
							statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("don_id"), knownvalue.StringExact(testAccDevRevDM1)),
							statecheck.ExpectKnownValue(testAccDevRevChatDataAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops")),
						},
					},
					{
						Config: config("Ops room"),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops room")),
						},
					},
					{
						ResourceName:            testAccDevRevChatAddr,
						ImportState:             true,
						ImportStateId:           "DM-1",
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"users", "get_if_conflict", "is_default", "timeouts"},
					},
				},
			})
		})
	}
}

// TestAccHelpCrunchMessage_statusInEveryReading_action posts a message
// whether HelpCrunch answers the create with 200 or 201: the same message,
// reported the same way.
func TestAccHelpCrunchMessage_statusInEveryReading_action(t *testing.T) {
	testAccSkipBelowActions(t)
	for _, reading := range []string{"200", "201"} {
		t.Run(reading, func(t *testing.T) {
			f := acctest.NewFake(t, fake.Options{Readings: map[string]map[string]string{helpcrunch.Name: {helpcrunch.ReadingMessageStatus: reading}}})
			hcOpenChat(t, f)
			cli := newTFCLI(t, f.ProviderConfig()+testAccHelpCrunchMessageConfig("1", "Deployed release 1.4", "2", ""))
			f.ResetRequests()
			out := cli.mustInvoke("action.chatops_helpcrunch_message.test")
			f.RequireRequests(t, acctest.Requests{helpcrunch.RouteMessageCreate: 1})
			mustContain(t, out, "Posted message 1 to HelpCrunch chat 1")
			if msgs := hcMessages(f); len(msgs) != 1 || msgs[0]["text"] != "Deployed release 1.4" {
				t.Errorf("messages = %v, want the one posted", msgs)
			}
		})
	}
}

// TestAccDevRevMessage_missingTargetInEveryReading_action posts to a chat
// that does not exist, whether DevRev answers 400 invalid_id (the spec) or
// 404 not_found: the same clear error with what to check, and nothing posted
// or retried.
func TestAccDevRevMessage_missingTargetInEveryReading_action(t *testing.T) {
	testAccSkipBelowActions(t)
	for reading, answer := range map[string]string{"400": "HTTP 400 invalid_id", "404": "HTTP 404 not_found"} {
		t.Run(reading, func(t *testing.T) {
			f := acctest.NewFake(t, fake.Options{Readings: map[string]map[string]string{devrev.Name: {devrev.ReadingTimelineMissingObject: reading}}})
			cli := newTFCLI(t, f.ProviderConfig()+testAccDevRevMessageConfig("DM-99", "hello", ""))
			f.ResetRequests()
			out := cli.invokeMustFail("action.chatops_devrev_message.test")
			f.RequireRequests(t, acctest.Requests{devrev.RouteTimelineEntriesCreate: 1})
			mustContain(t, out, "Unable to Post DevRev Message", answer, "Object 'DM-99' does not exist",
				"Check that target is the id or display id of an existing DevRev chat", "No message was posted.")
			if n := len(devrevEntries(f)); n != 0 {
				t.Errorf("%d comments, want 0", n)
			}
		})
	}
}

// testAccSkipBelowActions skips t, saying so, below Terraform 1.14, the first
// with actions: the whole test, so that the version matrix sees it skip
// rather than pass with every subtest skipped.
func testAccSkipBelowActions(t *testing.T) {
	t.Helper()
	acctest.PreCheck(t)
	if major, minor := testAccTerraformVersion(t); major == 1 && minor < 14 {
		t.Skipf("Terraform %d.%d is older than 1.14, the first version with actions; set TF_ACC_TERRAFORM_PATH to a newer binary", major, minor)
	}
}
