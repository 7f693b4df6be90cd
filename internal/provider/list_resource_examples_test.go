package provider

import (
	"os"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// TestAccListResourceExamples_query runs the documented list resource
// examples against a fake holding objects that match them and objects that
// do not, and checks exactly which are found.
func TestAccListResourceExamples_query(t *testing.T) {
	read := func(p string) string {
		b, err := os.ReadFile("../../examples/list-resources/" + p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	in2025 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	fx := fake.DefaultFixtures()
	fx.HelpCrunch.Chats = []helpcrunch.ChatFixture{
		{Customer: 1, Application: 2, Assignee: 4, Status: "opened", CreatedAt: in2025},        // matches
		{Customer: 2, Application: 2, Assignee: 4, Status: "opened", CreatedAt: in2025 + 60},   // matches
		{Customer: 3, Application: 1, Assignee: 4, Status: "opened", CreatedAt: in2025},        // other application
		{Customer: 4, Application: 2, Assignee: 3, Status: "opened", CreatedAt: in2025},        // other agent
		{Customer: 5, Application: 2, Assignee: 4, Status: "closed", CreatedAt: in2025},        // closed
		{Customer: 6, Application: 2, Assignee: 4, Status: "opened", CreatedAt: hcBase.Unix()}, // 2024
	}
	fx.DevRev.Conversations = []devrev.ConversationFixture{
		{Title: "Acme", OwnedBy: []string{"DEVU-1"}, Members: []string{"DEVU-2", "DEVU-3"}},                   // matches
		{Title: "Globex", OwnedBy: []string{"DEVU-1"}, Members: []string{"DEVU-3"}},                           // not a member
		{Title: "Initech", OwnedBy: []string{"DEVU-1"}, Members: []string{"DEVU-2"}, Stage: "resolved"},       // closed
		{Title: "Umbrella", OwnedBy: []string{"DEVU-1"}, Members: []string{"DEVU-2"}, ModifiedDate: "-2400h"}, // modified 100 days ago
	}
	f := acctest.NewFake(t, fake.Options{Fixtures: fx})
	chats := hcListedIDs(t, f, func(c map[string]any) bool {
		return c["applicationId"].(int64) == 2 && c["status"] == "opened" && *hcUnix(t, c["createdAt"]) >= in2025 &&
			hcRefID(c, "assignee") == 4
	}, 50)
	convs := convListed(t, f, func(c map[string]any) bool { return c["title"] == "Acme" }, 100)
	if len(chats) != 2 || len(convs) != 1 {
		t.Fatalf("the fixtures hold %d matching chats and %d conversations, want 2 and 1", len(chats), len(convs))
	}

	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig()},
			{
				Query:             true,
				Config:            read("chatops_helpcrunch_chat/list-resource.tfquery.hcl"),
				QueryResultChecks: hcQueryChecks("chatops_helpcrunch_chat.open_for_agent_4", chats),
			},
			{
				Query:             true,
				Config:            read("chatops_devrev_conversation/list-resource.tfquery.hcl"),
				QueryResultChecks: convQueryChecks("chatops_devrev_conversation.escalations", convs),
			},
		},
	})
}
