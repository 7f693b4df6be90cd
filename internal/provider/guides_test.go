package provider

// The registry guides (templates/guides) show configurations from
// examples/guides; these tests apply each one against the fake as a reader
// would run it: credentials from the environment, plain terraform commands.
// The provider is served from this process, so the credentials go in this
// process's environment and the tests cannot run in parallel.

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// guideCLI points the environment at f and returns a terraform runner in a
// copy of the guide's example folder, skipped below minVersion.
func guideCLI(t *testing.T, f *acctest.Fake, example, minVersion string) *terraformCLI {
	t.Helper()
	setFakeEnv(t, f)
	cli := newTerraformCLI(t, minVersion)
	copyExample(t, "../../examples/guides/"+example, cli.dir)
	cli.run("init", "-input=false")
	return cli
}

// TestAccGuide_gettingStarted: the first chats are created, plan again finds
// nothing, and destroy forgets the DM and closes the HelpCrunch chat.
func TestAccGuide_gettingStarted(t *testing.T) {
	f := acctest.NewFake(t)
	cli := guideCLI(t, f, "getting-started", "1.5.0")
	cli.run("apply", "-auto-approve", "-input=false")
	if n, m := len(f.State().DevRev.Chats), len(f.State().HelpCrunch.Chats); n != 1 || m != 1 {
		t.Fatalf("%d DevRev chats and %d HelpCrunch chats, want one of each", n, m)
	}
	if out := cli.run("output", "-raw", "handover_chat"); out != "DM-1" {
		t.Errorf("handover_chat = %q, want DM-1", out)
	}
	cli.run("plan", "-detailed-exitcode", "-input=false")
	cli.run("destroy", "-auto-approve", "-input=false")
	if chats := f.State().HelpCrunch.Chats; len(chats) != 1 || chats[0]["status"] != "closed" {
		t.Errorf("after destroy the HelpCrunch chat is %v, want it closed", chats)
	}
}

// guideAdoptionFake holds what the adoption guide adopts: 250 HelpCrunch
// chats, DevRev conversation CONV-1 and DM DM-1, made outside Terraform.
func guideAdoptionFake(t *testing.T) *acctest.Fake {
	t.Helper()
	fx := fake.DefaultFixtures()
	fx.HelpCrunch.Chats = hcGeneratedChats(250)
	fx.DevRev.Conversations = []devrev.ConversationFixture{{Title: "Escalations: Acme", Members: []string{"DEVU-2"}}}
	f := acctest.NewFake(t, fake.Options{Fixtures: fx})
	testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-4"],"title":"Partners"}`, http.StatusCreated)
	return f
}

// TestAccGuide_adoptingImportBlocks: the import blocks plan imports and no
// other change, and apply adopts the three objects.
func TestAccGuide_adoptingImportBlocks(t *testing.T) {
	f := guideAdoptionFake(t)
	cli := guideCLI(t, f, "adopting-existing-chats/import-blocks", "1.5.0")
	checkImportsOnlyOf(t, cli.planChanges(), 3)
	f.ResetRequests()
	cli.run("apply", "-auto-approve", "-input=false")
	cli.run("plan", "-detailed-exitcode", "-input=false")
	// Nothing was written: the apply and the plan after it only read.
	f.RequireRequests(t, acctest.Requests{devrev.RouteChatsGet: 2, devrev.RouteConversationsGet: 2, helpcrunch.RouteChatGet: 2})
}

// TestAccGuide_adoptingIdentity_identity: the import by identity plans an
// import and no other change.
func TestAccGuide_adoptingIdentity_identity(t *testing.T) {
	f := guideAdoptionFake(t)
	cli := guideCLI(t, f, "adopting-existing-chats/identity", "1.12.0")
	checkImportsOnlyOf(t, cli.planChanges(), 1)
	cli.run("apply", "-auto-approve", "-input=false")
	cli.run("plan", "-detailed-exitcode", "-input=false")
}

// TestAccGuide_adoptingQuery_query: the query finds the chats of application
// 3 and the new conversation, and the generated configuration plans imports
// only.
func TestAccGuide_adoptingQuery_query(t *testing.T) {
	f := guideAdoptionFake(t)
	cli := guideCLI(t, f, "adopting-existing-chats/query", "1.14.0")
	f.ResetRequests()
	cli.run("query", "-generate-config-out=adopted.tf")
	// 250 chats in pages of 100, one conversations.list.
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatsSearch: 3, devrev.RouteConversationsList: 1})
	var want []string
	for _, c := range f.State().HelpCrunch.Chats {
		if c["applicationId"] == int64(3) {
			want = append(want, "chatops_helpcrunch_chat")
		}
	}
	generated := cli.read("adopted.tf")
	if got := regexp.MustCompile(`(?m)^resource "chatops_helpcrunch_chat"`).FindAllString(generated, -1); len(got) != len(want) || len(want) == 0 {
		t.Errorf("adopted.tf has %d HelpCrunch chats, want the %d of application 3", len(got), len(want))
	}
	checkImportsOnlyOf(t, cli.planChanges(), len(want)+1)
}

// TestAccGuide_largeFleets: a workspace's share of HelpCrunch's 120 requests a
// minute creates its chats without a 429; a plan without refresh sends no
// request, and a refreshing one reads each chat once.
func TestAccGuide_largeFleets(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{HelpCrunchRateLimit: helpcrunch.DocumentedRateLimit})
	cli := guideCLI(t, f, "large-fleets", "1.5.0")
	cli.run("apply", "-auto-approve", "-input=false")
	if n := len(f.State().HelpCrunch.Chats); n != 6 {
		t.Fatalf("%d HelpCrunch chats, want 6", n)
	}
	f.ResetRequests()
	cli.run("plan", "-refresh=false", "-detailed-exitcode", "-input=false")
	f.RequireRequests(t, nil)
	cli.run("plan", "-detailed-exitcode", "-input=false")
	f.RequireRequests(t, acctest.Requests{helpcrunch.RouteChatGet: 6})
	if n := f.RateLimited(helpcrunch.Name); n != 0 {
		t.Errorf("HelpCrunch refused %d requests, want none within the budget", n)
	}
}

// TestAccGuide_upgrading: the upgrading guide's configuration reads the DON
// id from don_id, and plans nothing after apply.
func TestAccGuide_upgrading(t *testing.T) {
	f := acctest.NewFake(t)
	cli := guideCLI(t, f, "upgrading", "1.5.0")
	cli.run("apply", "-auto-approve", "-input=false")
	var out string
	if err := json.Unmarshal([]byte(cli.run("output", "-json", "oncall_don_id")), &out); err != nil || out != testAccDevRevDM1 {
		t.Errorf("oncall_don_id = %q (%v), want %s", out, err, testAccDevRevDM1)
	}
	cli.run("plan", "-detailed-exitcode", "-input=false")
}

// checkImportsOnlyOf fails the test unless changes are n imports, each with
// no other change.
func checkImportsOnlyOf(t *testing.T, changes []plannedChange, n int) {
	t.Helper()
	for _, ch := range changes {
		if len(ch.Change.Actions) != 1 || ch.Change.Actions[0] != "no-op" || ch.Change.Importing == nil {
			t.Errorf("%s plans %v (importing %v), want an import with no change", ch.Address, ch.Change.Actions, ch.Change.Importing)
		}
	}
	if len(changes) != n {
		t.Errorf("the plan has %d resource changes, want %d imports", len(changes), n)
	}
}
