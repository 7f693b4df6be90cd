package provider

import (
	"fmt"
	"slices"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

// convListed is what a conversation list must find in the fake: the
// conversations match keeps, in the API's order, at most limit of them.
func convListed(t *testing.T, f *acctest.Fake, match func(c map[string]any) bool, limit int) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, c := range f.State().DevRev.Conversations {
		if match(c) && len(out) < limit {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatal("the fixtures give no match for a query, so the check would prove little")
	}
	return out
}

func convQueryChecks(addr string, convs []map[string]any) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(addr, len(convs))}
	for _, c := range convs {
		checks = append(checks, querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(c["id"].(string))}))
	}
	return checks
}

func convStage(c map[string]any) string {
	st, _ := c["stage"].(map[string]any)
	name, _ := st["name"].(string)
	return name
}

// TestAccDevRevConversation_query lists conversations with filters and
// limits, and proves from the fake's log that every page asks for no more
// than the limit still wants and none is read past it.
func TestAccDevRevConversation_query(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 250})
	resolved := func(c map[string]any) bool { return convStage(c) == "resolved" }
	all := func(map[string]any) bool { return true }
	resolvedConvs := convListed(t, f, resolved, 5)
	firstHundredAndTwenty := convListed(t, f, all, 120)
	allConvs := convListed(t, f, all, 1000)
	first := resolvedConvs[0]

	var marks []int
	mark := func() { marks = append(marks, len(f.DevRev.ConversationsListCalls())) }
	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: mark,
				Query:     true,
				Config: `
list "chatops_devrev_conversation" "resolved" {
  provider         = chatops
  limit            = 5
  include_resource = true
  config {
    stage = { name = ["resolved"] }
  }
}
`,
				QueryResultChecks: append(convQueryChecks("chatops_devrev_conversation.resolved", resolvedConvs),
					querycheck.ExpectResourceDisplayName("chatops_devrev_conversation.resolved",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(first["id"].(string))}),
						knownvalue.StringExact(fmt.Sprintf("%s (%s)", first["title"], first["display_id"]))),
					querycheck.ExpectResourceKnownValues("chatops_devrev_conversation.resolved",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(first["id"].(string))}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(first["id"].(string))},
							{Path: tfjsonpath.New("display_id"), KnownValue: knownvalue.StringExact(first["display_id"].(string))},
							{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact(first["title"].(string))},
							{Path: tfjsonpath.New("stage"), KnownValue: knownvalue.StringExact("resolved")},
							{Path: tfjsonpath.New("is_spam"), KnownValue: knownvalue.Bool(false)},
							{Path: tfjsonpath.New("custom_fields"), KnownValue: knownvalue.Null()},
						}),
				),
			},
			{
				PreConfig: mark,
				Query:     true,
				Config: `
list "chatops_devrev_conversation" "first" {
  provider = chatops
  limit    = 120
}
`,
				QueryResultChecks: convQueryChecks("chatops_devrev_conversation.first", firstHundredAndTwenty),
			},
			{
				PreConfig: mark,
				Query:     true,
				Config: `
list "chatops_devrev_conversation" "all" {
  provider = chatops
  limit    = 1000
}
`,
				QueryResultChecks: convQueryChecks("chatops_devrev_conversation.all", allConvs),
			},
			{PreConfig: mark, Config: f.ProviderConfig()},
		},
	})

	calls := f.DevRev.ConversationsListCalls()
	want := [][]int{{5}, {100, 20}, {100, 100, 100}}
	for i, w := range want {
		if len(marks) < i+2 {
			t.Fatalf("query %d did not run", i+1)
		}
		got := limits(calls[marks[i]:marks[i+1]])
		if !slices.Equal(got, w) {
			t.Errorf("query %d asked for pages of %v, want %v", i+1, got, w)
		}
	}
	t.Logf("page sizes per query: %v, %v, %v", limits(calls[marks[0]:marks[1]]), limits(calls[marks[1]:marks[2]]), limits(calls[marks[2]:marks[3]]))
}

// TestAccDevRevConversation_queryInvalidConfig_query refuses bad filters
// before any request.
func TestAccDevRevConversation_queryInvalidConfig_query(t *testing.T) {
	testAccQueriesRefusedBeforeAnyRequest(t, "chatops_devrev_conversation", map[string]refusedQuery{
		"blank member":   {`members = [" "]`, `empty or blank`},
		"repeated":       {`owned_by = ["DEVU-1", "DEVU-1"]`, `Duplicate List Value`},
		"sla stage":      {`sla_summary = { stage = ["late"] }`, `value must be one of`},
		"inverted range": {`modified_date = { after = "2024-02-01T00:00:00Z", before = "2024-01-01T00:00:00Z" }`, `Inverted Date Range`},
		"preset days":    {`actual_close_date = { preset_type = "last_n_days" }`, `Attribute "actual_close_date.days" must be specified when "actual_close_date.preset_type" is specified`},
		"empty tag":      {`tags_v2 = [{}]`, `At least one attribute out of \[tags_v2\[0\].id.<.value,tags_v2\[0\].id\] must be specified`},
		"cursor":         {`cursor = "x"`, `Unsupported argument`},
	})
}

// TestAccDevRevConversation_generateConfig_query runs `terraform query
// -generate-config-out` and then `terraform plan` on what it wrote: every
// listed conversation plans as an import (by identity) with no change.
func TestAccDevRevConversation_generateConfig_query(t *testing.T) {
	acctest.PreCheck(t)
	fx := fake.DefaultFixtures()
	fx.DevRev.Conversations = []devrev.ConversationFixture{
		{
			Title: "Escalations: Acme", Description: "Standing room", Stage: "waiting_on_user", OwnedBy: []string{"DEVU-2"},
			Members: []string{"DEVU-2", "DEVU-3"}, Tags: []devrev.ConversationFixtureTag{{ID: "TAG-5", Value: "p0"}, {ID: "TAG-4"}},
			Group: "GROUP-1", Channels: []string{"ECC-3"}, SourceChannel: "slack", IsFrozen: true, SLAStage: "running", SLATargetTime: "48h",
		},
		{Title: "Partner room", Members: []string{"DEVU-4"}},
		{Stage: "resolved"},
	}
	f := acctest.NewFake(t, fake.Options{Fixtures: fx, GenerateConversations: 40})
	listed := convListed(t, f, func(map[string]any) bool { return true }, 25)
	wantIDs := make([]string, len(listed))
	for i, c := range listed {
		wantIDs[i] = c["id"].(string)
	}

	_, queryCounts, planCounts := testAccGenerateConfigAndPlan(t, f, "chatops_devrev_conversation", `
list "chatops_devrev_conversation" "first" {
  provider         = chatops
  include_resource = true
  limit            = 25
}
`, wantIDs)

	if err := (acctest.Requests{devrev.RouteConversationsList: 1}).Check(queryCounts); err != nil {
		t.Errorf("the query: %v", err)
	}
	if err := (acctest.Requests{devrev.RouteConversationsGet: len(listed)}).Check(planCounts); err != nil {
		t.Errorf("planning the imports, one conversations.get per conversation: %v", err)
	}
	t.Logf("query: %v; plan of %d imports: %v", queryCounts.ByRoute, len(listed), planCounts.ByRoute)
}
