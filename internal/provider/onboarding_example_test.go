package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// TestAccOnboardingExample applies examples/onboarding as `make demo` does:
// the customer, their chat, the escalation conversation with members looked
// up by email, and, on Terraform 1.14 and later, the greeting action (its
// file is left out before, as the demo does). The next plan is empty, and
// destroy keeps the customer.
//
// The provider is served from this process, so the credentials go in this
// process's environment: the test cannot run in parallel.
func TestAccOnboardingExample(t *testing.T) {
	acctest.PreCheck(t)
	f := acctest.NewFake(t)
	setFakeEnv(t, f)
	cli := newTerraformCLI(t, "1.5.0")
	copyExample(t, "../../examples/onboarding", cli.dir)
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(cli.run("version", "-json")), &v); err != nil {
		t.Fatal(err)
	}
	actions := !version.Must(version.NewVersion(v.Version)).LessThan(version.Must(version.NewVersion("1.14.0")))
	if !actions {
		t.Logf("Terraform %s has no actions: greeting.tf is left out, as make demo leaves it out", v.Version)
		if err := os.Remove(filepath.Join(cli.dir, "greeting.tf")); err != nil {
			t.Fatal(err)
		}
	}

	cli.run("init", "-input=false")
	cli.run("apply", "-auto-approve", "-input=false")

	state := f.State().HelpCrunch
	if n := len(state.Customers); n != 21 {
		t.Fatalf("%d HelpCrunch customers, want the 20 fixtures and the onboarded one", n)
	}
	if c := state.Customers[20]; c["userId"] != "crm-1815" || c["email"] != "ada@analytical.example" {
		t.Errorf("the onboarded customer: %v", c)
	}
	if len(state.Chats) != 1 || state.Chats[0]["status"] != "opened" || hcRefID(state.Chats[0], "customer") != 21 || hcRefID(state.Chats[0], "assignee") != 2 {
		t.Errorf("the onboarding chat: %v", state.Chats)
	}
	wantMessages := 0
	if actions {
		wantMessages = 1
	}
	if len(state.Messages) != wantMessages {
		t.Errorf("%d messages posted, want %d (the greeting, where Terraform has actions)", len(state.Messages), wantMessages)
	}
	var members []string
	for _, c := range f.State().DevRev.Conversations {
		if c["title"] != "Escalations: Analytical Engines" {
			continue
		}
		for _, m := range c["members"].([]any) {
			members = append(members, m.(map[string]any)["display_id"].(string))
		}
	}
	sort.Strings(members)
	if strings.Join(members, ",") != "DEVU-1,DEVU-2,DEVU-3" {
		t.Errorf("escalation members %v, want the token's user and the two looked up by email", members)
	}

	f.ResetRequests()
	cli.run("plan", "-detailed-exitcode", "-input=false")
	// One read per object, one lookup per user, and nothing written.
	f.RequireRequests(t, acctest.Requests{
		helpcrunch.RouteCustomerGet: 1, helpcrunch.RouteChatGet: 1, devrev.RouteConversationsGet: 1,
		devrev.RouteDevUsersSelf: 1, devrev.RouteDevUsersListPost: 2,
	})

	cli.run("destroy", "-auto-approve", "-input=false")
	if n := len(f.State().HelpCrunch.Customers); n != 21 {
		t.Errorf("%d customers after destroy, want 21: on_destroy = \"keep\"", n)
	}
}
