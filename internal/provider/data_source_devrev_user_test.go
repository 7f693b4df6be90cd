package provider

import (
	"fmt"
	"net/http"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

const testAccDevRevUserAddr = "data.chatops_devrev_user.test"

// testAccDevRevUserChecks are the attributes of fixture user DEVU-n, whose
// id is the DON id unless the lookup gave it (id, as written).
func testAccDevRevUserChecks(n int, id ...string) []statecheck.StateCheck {
	value := func(attr string, want knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(testAccDevRevUserAddr, tfjsonpath.New(attr), want)
	}
	don := fmt.Sprintf("don:identity:dvrv-us-1:devo/demo:devu/%d", n)
	wantID := don
	if len(id) > 0 {
		wantID = id[0]
	}
	return []statecheck.StateCheck{
		value("id", knownvalue.StringExact(wantID)),
		value("don_id", knownvalue.StringExact(don)),
		value("display_id", knownvalue.StringExact(fmt.Sprintf("DEVU-%d", n))),
		value("display_name", knownvalue.StringExact(fmt.Sprintf("user%d", n))),
		value("full_name", knownvalue.StringExact(fmt.Sprintf("Demo User %d", n))),
		value("email", knownvalue.StringExact(fmt.Sprintf("user%d@example.com", n))),
		value("state", knownvalue.StringExact("active")),
	}
}

func testAccDevRevUserConfig(f *acctest.Fake, body string) string {
	return f.ProviderConfig() + fmt.Sprintf("\ndata \"chatops_devrev_user\" \"test\" {\n  %s\n}\n", body)
}

// Each way of looking a user up is one request: dev-users.list by email,
// dev-users.get by DON id or display id, dev-users.self for the token's
// user.
func TestAccDevRevUserDataSource_lookups(t *testing.T) {
	f := acctest.NewFake(t)
	step := func(body string, n int, route string, id ...string) tfresource.TestStep {
		return tfresource.TestStep{
			PreConfig:         f.ResetRequests,
			Config:            testAccDevRevUserConfig(f, body),
			ConfigStateChecks: append(testAccDevRevUserChecks(n, id...), f.ExpectRequests(acctest.Requests{route: 1})),
		}
	}
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		step(`email = "user3@example.com"`, 3, devrev.RouteDevUsersListPost),
		step(`self = true`, 1, devrev.RouteDevUsersSelf),
		step(`id = "DEVU-4"`, 4, devrev.RouteDevUsersGet, "DEVU-4"),
		step(`id = "don:identity:dvrv-us-1:devo/demo:devu/5"`, 5, devrev.RouteDevUsersGet),
		step("id   = \"devu-6\"\n  self = false", 6, devrev.RouteDevUsersGet, "devu-6"),
	}})
}

// A lookup's id goes into a chat's users and a conversation's members and
// owners, and plans nothing against the display ids they were written with.
func TestAccDevRevUserDataSource_intoUsersAndMembers(t *testing.T) {
	f := acctest.NewFake(t)
	resources := func(me, other string) string {
		return fmt.Sprintf(`
resource "chatops_devrev_chat" "test" {
  users = [%[1]s, %[2]s]
}

resource "chatops_devrev_conversation" "test" {
  title    = "Escalations"
  members  = [%[1]s, %[2]s]
  owned_by = [%[2]s]
}
`, me, other)
	}
	lookups := `
data "chatops_devrev_user" "me" {
  self = true
}

data "chatops_devrev_user" "other" {
  email = "user2@example.com"
}
`
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: f.ProviderConfig() + resources(`"DEVU-1"`, `"DEVU-2"`)},
		{
			PreConfig: f.ResetRequests,
			Config:    f.ProviderConfig() + lookups + resources("data.chatops_devrev_user.me.id", "data.chatops_devrev_user.other.id"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("chatops_devrev_chat.test", plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction("chatops_devrev_conversation.test", plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("chatops_devrev_conversation.test", tfjsonpath.New("owned_by"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("DEVU-2")})),
				// The plan's refresh reads the two resources; the lookups are one request each; nothing is written.
				f.ExpectRequests(acctest.Requests{devrev.RouteDevUsersSelf: 1, devrev.RouteDevUsersListPost: 1,
					devrev.RouteChatsGet: 1, devrev.RouteConversationsGet: 1}),
			},
		},
	}})
}

// No user with the email is an error that names it; several are an error
// that lists them; an id no user has is an error too. Each costs one
// lookup.
func TestAccDevRevUserDataSource_notOneMatch(t *testing.T) {
	fx := fake.DefaultFixtures()
	fx.DevRev.Users = append(fx.DevRev.Users,
		devrev.User{Number: 21, DisplayName: "shared-a", FullName: "Shared A", Email: "team@example.com"},
		devrev.User{Number: 22, DisplayName: "shared-b", FullName: "Shared B", Email: "team@example.com"})
	f := acctest.NewFake(t, fake.Options{Fixtures: fx})
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{
			PreConfig:   f.ResetRequests,
			Config:      testAccDevRevUserConfig(f, `email = "nobody@example.com"`),
			ExpectError: testAccErrorRegexp("DevRev User Not Found", `No DevRev dev user has the email address "nobody@example.com"`),
		},
		{
			PreConfig: func() {
				f.RequireRequests(t, acctest.Requests{devrev.RouteDevUsersListPost: 1})
				f.ResetRequests()
			},
			Config: testAccDevRevUserConfig(f, `email = "team@example.com"`),
			ExpectError: testAccErrorRegexp("Several DevRev Users Found", `2 DevRev dev users have the email address "team@example.com"`,
				"DEVU-21 (don:identity:dvrv-us-1:devo/demo:devu/21), DEVU-22 (don:identity:dvrv-us-1:devo/demo:devu/22)", "by id instead"),
		},
		{
			PreConfig: func() {
				f.RequireRequests(t, acctest.Requests{devrev.RouteDevUsersListPost: 1})
				f.ResetRequests()
			},
			Config:      testAccDevRevUserConfig(f, `id = "DEVU-99"`),
			ExpectError: testAccErrorRegexp("DevRev User Not Found", `No DevRev dev user has the id "DEVU-99"`),
		},
	}})
	f.RequireRequests(t, acctest.Requests{devrev.RouteDevUsersGet: 1})
}

// Bad lookups fail at plan, before any request.
func TestAccDevRevUserDataSource_badInputs(t *testing.T) {
	f := acctest.NewFake(t)
	var steps []tfresource.TestStep
	for _, tc := range []struct {
		body string
		want []string
	}{
		{"email = \"user1@example.com\"\n  id = \"DEVU-1\"", []string{"Invalid DevRev User Lookup", `id = "DEVU-1"`, "Set exactly one of email, id or self = true", "got email and id"}},
		{"email = \"user1@example.com\"\n  self = true", []string{"Invalid DevRev User Lookup", "got email and self"}},
		{"", []string{"Invalid DevRev User Lookup", "got none"}},
		{"self = false", []string{"Invalid DevRev User Lookup", "got none"}},
		{`email = ""`, []string{"Invalid Email Address", `got ""`}},
		{`email = "   "`, []string{"Invalid Email Address"}},
		{`email = "user1"`, []string{"Invalid Email Address", `got "user1"`}},
		{`email = "User One <user1@example.com>"`, []string{"Invalid Email Address"}},
		{`id = "CONV-1"`, []string{"must be a DevRev dev user's DON id"}},
		{`id = " "`, []string{"must be a DevRev dev user's DON id"}},
	} {
		steps = append(steps, planErrorStep(testAccDevRevUserConfig(f, tc.body), testAccErrorRegexp(tc.want...)))
	}
	testAccParallel(t, tfresource.TestCase{Steps: steps})
	f.RequireRequests(t, nil)
}

// A 429 and a 503 during a lookup are retried: the lookup is still one
// logical request, sent three times, and nothing else is sent.
func TestAccDevRevUserDataSource_retried(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{{
		PreConfig: func() {
			f.ResetRequests()
			f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
				{Route: devrev.RouteDevUsersListPost, Status: http.StatusTooManyRequests, RetryAfterSeconds: 1},
				{Route: devrev.RouteDevUsersListPost, Status: http.StatusServiceUnavailable},
			}})
		},
		Config:            testAccDevRevUserConfig(f, `email = "user8@example.com"`),
		ConfigStateChecks: append(testAccDevRevUserChecks(8), f.ExpectRequests(acctest.Requests{devrev.RouteDevUsersListPost: 3})),
	}}})
}

// TestAccDevRevUserDataSource_readDuringApply: a lookup read during an apply
// (it depends on a change) gives back the id it was given, so what is built
// from it during the plan holds at apply time; a display id looked up and a
// DON id written elsewhere name one member.
func TestAccDevRevUserDataSource_readDuringApply(t *testing.T) {
	f := acctest.NewFake(t)
	config := func(round string) string {
		return f.ProviderConfig() + fmt.Sprintf(`
resource "terraform_data" "round" {
  input = %q
}

data "chatops_devrev_user" "by_id" {
  id         = "DEVU-2"
  depends_on = [terraform_data.round]
}

data "chatops_devrev_user" "by_email" {
  email      = "user3@example.com"
  depends_on = [terraform_data.round]
}

resource "chatops_devrev_conversation" "test" {
  title   = "Round %s"
  members = [data.chatops_devrev_user.by_id.id, data.chatops_devrev_user.by_email.id, "don:identity:dvrv-us-1:devo/demo:devu/1"]
}
`, round, round)
	}
	members := statecheck.ExpectKnownValue("chatops_devrev_conversation.test", tfjsonpath.New("members"), knownvalue.SetSizeExact(3))
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: config("1"), ConfigStateChecks: []statecheck.StateCheck{members}},
		{Config: config("2"), ConfigStateChecks: []statecheck.StateCheck{members}},
	}})
}
