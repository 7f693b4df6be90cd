package provider

import (
	"fmt"
	"sort"
	"strconv"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// hcListedIDs is what a chat list must find in the fake: the chats match
// keeps, newest first (ties: higher id first), at most limit of them.
func hcListedIDs(t *testing.T, f *acctest.Fake, match func(c map[string]any) bool, limit int) []int64 {
	t.Helper()
	var chats []map[string]any
	for _, c := range f.State().HelpCrunch.Chats {
		if match(c) {
			chats = append(chats, c)
		}
	}
	sort.SliceStable(chats, func(i, j int) bool {
		a, b := *hcUnix(t, chats[i]["createdAt"]), *hcUnix(t, chats[j]["createdAt"])
		if a != b {
			return a > b
		}
		return chats[i]["id"].(int64) > chats[j]["id"].(int64)
	})
	ids := make([]int64, 0, len(chats))
	for _, c := range chats {
		ids = append(ids, c["id"].(int64))
	}
	if len(ids) > limit {
		ids = ids[:limit]
	}
	if len(ids) == 0 {
		t.Fatal("the fixtures give no match for a query, so the check would prove little")
	}
	return ids
}

// hcQueryChecks are an exact count and the identity of every chat a list
// block must return.
func hcQueryChecks(addr string, ids []int64) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(addr, len(ids))}
	for _, id := range ids {
		checks = append(checks, querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{
			"id": knownvalue.StringExact(strconv.FormatInt(id, 10)),
		}))
	}
	return checks
}

func hcChatByID(t *testing.T, f *acctest.Fake, id int64) map[string]any {
	t.Helper()
	for _, c := range f.State().HelpCrunch.Chats {
		if c["id"].(int64) == id {
			return c
		}
	}
	t.Fatalf("chat %d is not in the fake", id)
	return nil
}

// TestAccHelpCrunchChat_query lists chats with filters and limits, and
// proves with the fake's search log that no page past the limit is read.
func TestAccHelpCrunchChat_query(t *testing.T) {
	f := hcNewFakeWithChats(t, hcGeneratedChats(250), "")
	app := func(id int64) func(map[string]any) bool {
		return func(c map[string]any) bool { return c["applicationId"].(int64) == id }
	}
	closed := func(c map[string]any) bool { return c["status"] == "closed" }
	all := func(map[string]any) bool { return true }

	closedIDs := hcListedIDs(t, f, closed, 5)
	app2IDs := hcListedIDs(t, f, app(2), 40)
	allIDs := hcListedIDs(t, f, all, 1000)
	// The pages of 100 the application filter reads: up to its 40th match.
	app2Order := hcListedIDs(t, f, all, 1000)
	app2Pages := 0
	for i, id := range app2Order {
		if id == app2IDs[len(app2IDs)-1] {
			app2Pages = i/100 + 1
		}
	}

	first := hcChatByID(t, f, closedIDs[0])
	firstCustomer := first["customer"].(map[string]any)["id"].(int64)
	searches := map[string][]helpcrunch.SearchLog{}
	logSearches := func(name string) func() {
		return func() {
			searches[name] = f.HelpCrunch.Searches()
			f.HelpCrunch.ResetSearches()
		}
	}

	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: f.HelpCrunch.ResetSearches,
				Query:     true,
				Config: `
list "chatops_helpcrunch_chat" "closed" {
  provider         = chatops
  limit            = 5
  include_resource = true
  config {
    status = "closed"
  }
}
`,
				QueryResultChecks: append(hcQueryChecks("chatops_helpcrunch_chat.closed", closedIDs),
					querycheck.ExpectResourceDisplayName("chatops_helpcrunch_chat.closed",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.FormatInt(closedIDs[0], 10))}),
						knownvalue.StringExact(fmt.Sprintf("chat %d (customer %d)", closedIDs[0], firstCustomer))),
					querycheck.ExpectResourceKnownValues("chatops_helpcrunch_chat.closed",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(strconv.FormatInt(closedIDs[0], 10))}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(strconv.FormatInt(closedIDs[0], 10))},
							{Path: tfjsonpath.New("customer"), KnownValue: knownvalue.Int64Exact(firstCustomer)},
							{Path: tfjsonpath.New("application"), KnownValue: knownvalue.Int64Exact(first["applicationId"].(int64))},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("closed")},
							{Path: tfjsonpath.New("on_destroy"), KnownValue: knownvalue.StringExact("close")},
							{Path: tfjsonpath.New("created_at"), KnownValue: hcExpectTime(t, first["createdAt"])},
							{Path: tfjsonpath.New("closed_at"), KnownValue: hcExpectTime(t, first["closedAt"])},
						}),
				),
			},
			{
				PreConfig: logSearches("closed"),
				Query:     true,
				Config: `
list "chatops_helpcrunch_chat" "app2" {
  provider = chatops
  limit    = 40
  config {
    application = 2
  }
}
`,
				QueryResultChecks: hcQueryChecks("chatops_helpcrunch_chat.app2", app2IDs),
			},
			{
				PreConfig: logSearches("app2"),
				Query:     true,
				Config: `
list "chatops_helpcrunch_chat" "all" {
  provider = chatops
  limit    = 1000
}
`,
				QueryResultChecks: hcQueryChecks("chatops_helpcrunch_chat.all", allIDs),
			},
			{
				PreConfig: logSearches("all"),
				Config:    f.ProviderConfig(),
			},
		},
	})

	want := map[string][]helpcrunch.SearchLog{
		// One search that asks for the 5 it needs.
		"closed": {{Offset: 0, Limit: 5, Returned: 5, Total: hcCount(f, closed)}},
		// Whole pages, since the provider filters by application, and not
		// one page past the 40th match.
		"app2": hcFullPages(app2Pages, 250),
		// Every chat, a page at a time.
		"all": hcFullPages(3, 250),
	}
	for name, w := range want {
		if fmt.Sprint(searches[name]) != fmt.Sprint(w) {
			t.Errorf("query %s searched %v, want %v", name, searches[name], w)
		}
	}
	t.Logf("searches per query: closed %v; app2 %v; all %v", searches["closed"], searches["app2"], searches["all"])
}

func hcCount(f *acctest.Fake, match func(map[string]any) bool) int {
	n := 0
	for _, c := range f.State().HelpCrunch.Chats {
		if match(c) {
			n++
		}
	}
	return n
}

// hcFullPages is the log of reading n pages of 100 of every one of total chats.
func hcFullPages(n, total int) []helpcrunch.SearchLog {
	var out []helpcrunch.SearchLog
	for i := 0; i < n; i++ {
		out = append(out, helpcrunch.SearchLog{Offset: i * 100, Limit: 100, Returned: min(100, total-i*100), Total: total})
	}
	return out
}

// TestAccHelpCrunchChat_queryInvalidConfig_query refuses bad filters before
// any request.
func TestAccHelpCrunchChat_queryInvalidConfig_query(t *testing.T) {
	testAccQueriesRefusedBeforeAnyRequest(t, "chatops_helpcrunch_chat", map[string]refusedQuery{
		"status":     {`status = "archived"`, `value must be one of`},
		"customer":   {`customer = 0`, `at least 1`},
		"fraction":   {`assignee = 1.5`, `whole number`},
		"time":       {`created_after = "yesterday"`, `Invalid RFC 3339 Time`},
		"empty span": {"created_after = \"2024-02-01T00:00:00Z\"\n    created_before = \"2024-01-01T00:00:00Z\"", `Empty Time Range`},
	})
}

// TestAccHelpCrunchChat_generateConfig_query runs `terraform query
// -generate-config-out` and then `terraform plan` on what it wrote: every
// listed chat plans as an import (by identity) with no change.
func TestAccHelpCrunchChat_generateConfig_query(t *testing.T) {
	acctest.PreCheck(t)
	f := hcNewFakeWithChats(t, hcGeneratedChats(60), "")
	inApp3 := func(c map[string]any) bool { return c["applicationId"].(int64) == 3 }
	ids := hcListedIDs(t, f, inApp3, 15)
	wantIDs := make([]string, len(ids))
	for i, id := range ids {
		wantIDs[i] = strconv.FormatInt(id, 10)
	}

	_, queryCounts, planCounts := testAccGenerateConfigAndPlan(t, f, "chatops_helpcrunch_chat", `
list "chatops_helpcrunch_chat" "app3" {
  provider         = chatops
  include_resource = true
  limit            = 15
  config {
    application = 3
  }
}
`, wantIDs)

	if err := (acctest.Requests{helpcrunch.RouteChatsSearch: 1}).Check(queryCounts); err != nil {
		t.Errorf("the query, one search (the 60 chats fit one page): %v", err)
	}
	if err := (acctest.Requests{helpcrunch.RouteChatGet: len(ids)}).Check(planCounts); err != nil {
		t.Errorf("planning the imports, one GET per chat: %v", err)
	}
	t.Logf("query: %v; plan of %d imports: %v", queryCounts.ByRoute, len(ids), planCounts.ByRoute)
}
