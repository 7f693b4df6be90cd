package provider

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// hcBase is the creation time of the first generated chat.
var hcBase = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// hcGeneratedChats makes n chats with varied customers, applications,
// assignees, departments and statuses, each created at a distinct minute
// (not in id order), some closed, rated or with a last message.
func hcGeneratedChats(n int) []helpcrunch.ChatFixture {
	statuses := []string{"new", "opened", "pending", "onhold", "closed", "no communication", "empty"}
	out := make([]helpcrunch.ChatFixture, 0, n)
	for i := 0; i < n; i++ {
		created := hcBase.Unix() + int64((i*7919)%n)*60
		c := helpcrunch.ChatFixture{
			Customer:    int64(i%20 + 1),
			Application: int64(i%3 + 1),
			Assignee:    int64(i % 6),
			Department:  int64(i % 4),
			Status:      statuses[i%len(statuses)],
			CreatedAt:   created,
		}
		if c.Status == "closed" {
			c.ClosedAt, c.ClosedBy = created+int64(i%11)*30, []string{"agent", "customer"}[i%2]
			if i%3 == 0 {
				c.Rating = "great"
			}
		}
		if i%4 != 0 {
			c.LastMessageAt, c.LastMessageText = created+int64(i%13)*7, "hello"
		}
		out = append(out, c)
	}
	return out
}

// hcNewFakeWithChats starts a fake whose HelpCrunch holds the given chats.
func hcNewFakeWithChats(t *testing.T, chats []helpcrunch.ChatFixture, format string) *acctest.Fake {
	t.Helper()
	fx := fake.DefaultFixtures()
	fx.HelpCrunch.Chats = chats
	fx.HelpCrunch.TimestampFormat = format
	return acctest.NewFake(t, fake.Options{Fixtures: fx})
}

// hcQuery is what a data source block asks for, used to compute the answer
// from the fake's state.
type hcQuery struct {
	match func(c map[string]any) bool
	// serverMatch, when set, is what HelpCrunch itself filters on (every
	// filter but application), which is what total counts.
	serverMatch func(c map[string]any) bool
	sort        string
	desc        bool
	limit       int
}

// hcExpectChats computes, from the fake's state, the chats a query must
// return, as a knownvalue check of the whole list, and their total.
func hcExpectChats(t *testing.T, f *acctest.Fake, q hcQuery) (knownvalue.Check, int) {
	t.Helper()
	var matched []map[string]any
	total := 0
	for _, c := range f.State().HelpCrunch.Chats {
		if q.match == nil || q.match(c) {
			matched = append(matched, c)
		}
		if q.serverMatch != nil && q.serverMatch(c) {
			total++
		}
	}
	if q.serverMatch == nil {
		total = len(matched)
	}
	key := map[string]string{
		"": "createdAt", "chats.createdAt": "createdAt", "chats.closedAt": "closedAt",
		"chats.lastMessageAt": "lastMessageAt", "chats.lastCustomerMessageAt": "lastCustomerMessageAt",
	}[q.sort]
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := hcUnix(t, matched[i][key]), hcUnix(t, matched[j][key])
		switch {
		case (a == nil) != (b == nil):
			return b == nil // nulls last
		case a == nil || *a == *b:
			if q.desc {
				return matched[i]["id"].(int64) > matched[j]["id"].(int64)
			}
			return matched[i]["id"].(int64) < matched[j]["id"].(int64)
		case q.desc:
			return *a > *b
		default:
			return *a < *b
		}
	})
	if q.limit > 0 && len(matched) > q.limit {
		matched = matched[:q.limit]
	}
	if len(matched) == 0 {
		t.Fatalf("the fixtures give no match for a query, so the check would prove little")
	}
	items := make([]knownvalue.Check, 0, len(matched))
	for _, c := range matched {
		items = append(items, hcExpectChatObject(t, c))
	}
	return knownvalue.ListExact(items), total
}

// hcExpectChatObject is every output attribute of one fake chat.
func hcExpectChatObject(t *testing.T, c map[string]any) knownvalue.Check {
	t.Helper()
	cust := c["customer"].(map[string]any)
	status := c["status"].(string)
	if status == "onhold" {
		status = "on hold"
	}
	optID := func(key string) knownvalue.Check {
		if id := hcRefID(c, key); id != 0 {
			return knownvalue.Int64Exact(id)
		}
		return knownvalue.Null()
	}
	// A string as it is; a number (the fake's chat_field_types reading
	// "numbers") as its text.
	optString := func(v any) knownvalue.Check {
		switch v := v.(type) {
		case string:
			return knownvalue.StringExact(v)
		case int64:
			return knownvalue.StringExact(strconv.FormatInt(v, 10))
		}
		return knownvalue.Null()
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":              knownvalue.StringExact(strconv.FormatInt(c["id"].(int64), 10)),
		"customer":        knownvalue.Int64Exact(cust["id"].(int64)),
		"customer_name":   optString(cust["name"]),
		"customer_email":  optString(cust["email"]),
		"application":     knownvalue.Int64Exact(c["applicationId"].(int64)),
		"assignee":        optID("assignee"),
		"department":      optID("department"),
		"status":          knownvalue.StringExact(status),
		"created_at":      hcExpectTime(t, c["createdAt"]),
		"closed_at":       hcExpectTime(t, c["closedAt"]),
		"last_message_at": hcExpectTime(t, c["lastMessageAt"]),
		"closed_by":       optString(c["closedBy"]),
		"rating":          optString(c["rating"]),
	})
}

// hcTimestampForms are the forms the fake sends its chats' createdAt in:
// "number", "string", and "fractional" (a string with a fraction of a
// second).
func hcTimestampForms(f *acctest.Fake) map[string]bool {
	forms := map[string]bool{}
	for _, c := range f.State().HelpCrunch.Chats {
		switch v := c["createdAt"].(type) {
		case int64:
			forms["number"] = true
		case string:
			if strings.Contains(v, ".") {
				forms["fractional"] = true
			} else {
				forms["string"] = true
			}
		}
	}
	return forms
}

func hcExpectTime(t *testing.T, v any) knownvalue.Check {
	t.Helper()
	secs := hcUnix(t, v)
	if secs == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(time.Unix(*secs, 0).UTC().Format(time.RFC3339))
}

// hcUnix reads a fake timestamp (a number or a numeric string); nil for null.
func hcUnix(t *testing.T, v any) *int64 {
	t.Helper()
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		return &x
	case string:
		whole, _, _ := strings.Cut(x, ".")
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			t.Fatalf("fake timestamp %q: %v", x, err)
		}
		return &n
	}
	t.Fatalf("fake timestamp %v has type %T", v, v)
	return nil
}

func TestAccHelpCrunchChatsDataSource_filters(t *testing.T) {
	f := hcNewFakeWithChats(t, hcGeneratedChats(84), "")
	after := hcBase.Add(20*time.Minute + 500*time.Millisecond) // 00:20:00.5: "at or after" starts at 00:20:01
	before := hcBase.Add(60 * time.Minute)
	inRange := func(c map[string]any) bool {
		at := *hcUnix(t, c["createdAt"])
		return at >= after.Unix()+1 && at <= before.Unix()
	}
	// serverMatch is, for the blocks that filter by application, what
	// HelpCrunch itself is asked for (and what total counts).
	serverMatch := map[string]func(c map[string]any) bool{
		"by_application": func(map[string]any) bool { return true },
		"combined": func(c map[string]any) bool {
			return c["status"] == "closed" && *hcUnix(t, c["createdAt"]) >= hcBase.Add(10*time.Minute).Unix()
		},
	}
	blocks := []struct {
		name, body string
		match      func(c map[string]any) bool
	}{
		{"all", ``, nil},
		{"by_status", `status = "on hold"`, func(c map[string]any) bool { return c["status"] == "onhold" }},
		{"by_status_other_spelling", `status = "on-hold"`, func(c map[string]any) bool { return c["status"] == "onhold" }},
		{"by_empty", `status = "empty"`, func(c map[string]any) bool { return c["status"] == "empty" }},
		{"by_customer", `customer = 4`, func(c map[string]any) bool { return hcRefID(c, "customer") == 4 }},
		{"by_assignee", `assignee = 2`, func(c map[string]any) bool { return hcRefID(c, "assignee") == 2 }},
		{"by_department", `department = 3`, func(c map[string]any) bool { return hcRefID(c, "department") == 3 }},
		{"by_application", `application = 2`, func(c map[string]any) bool { return c["applicationId"] == int64(2) }},
		{"by_created", fmt.Sprintf("created_after = %q\n  created_before = %q", after.Format(time.RFC3339Nano), before.Format(time.RFC3339)), inRange},
		{"combined", "status = \"closed\"\n  application = 2\n  created_after = \"2024-01-01T00:10:00Z\"", func(c map[string]any) bool {
			return c["status"] == "closed" && c["applicationId"] == int64(2) && *hcUnix(t, c["createdAt"]) >= hcBase.Add(10*time.Minute).Unix()
		}},
	}
	var config strings.Builder
	config.WriteString(f.ProviderConfig())
	var checks []statecheck.StateCheck
	for _, b := range blocks {
		fmt.Fprintf(&config, "\ndata \"chatops_helpcrunch_chats\" %q {\n  %s\n}\n", b.name, b.body)
		want, total := hcExpectChats(t, f, hcQuery{match: b.match, serverMatch: serverMatch[b.name], desc: true})
		addr := "data.chatops_helpcrunch_chats." + b.name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("chats"), want),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(total))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sort"), knownvalue.StringExact("chats.createdAt")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("order"), knownvalue.StringExact("desc")),
		)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            config.String(),
			ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				// Reading only: the data source never writes.
				return f.CheckRequests(acctest.Requests{helpcrunch.RouteChatsSearch: 10})
			},
		}},
	})
}

func TestAccHelpCrunchChatsDataSource_sortOrderLimit(t *testing.T) {
	f := hcNewFakeWithChats(t, hcGeneratedChats(84), "")
	blocks := []struct {
		name, body string
		q          hcQuery
	}{
		{"oldest_five", "sort = \"chats.createdAt\"\n  order = \"asc\"\n  limit = 5", hcQuery{sort: "chats.createdAt", limit: 5}},
		{"newest_three", "limit = 3", hcQuery{desc: true, limit: 3}},
		{"last_closed", "sort = \"chats.closedAt\"\n  order = \"desc\"\n  limit = 12", hcQuery{sort: "chats.closedAt", desc: true, limit: 12}},
		{"by_last_message", "sort = \"chats.lastMessageAt\"\n  order = \"asc\"\n  department = 1", hcQuery{
			sort: "chats.lastMessageAt", match: func(c map[string]any) bool { return hcRefID(c, "department") == 1 },
		}},
	}
	var config strings.Builder
	config.WriteString(f.ProviderConfig())
	var checks []statecheck.StateCheck
	for _, b := range blocks {
		fmt.Fprintf(&config, "\ndata \"chatops_helpcrunch_chats\" %q {\n  %s\n}\n", b.name, b.body)
		want, total := hcExpectChats(t, f, b.q)
		addr := "data.chatops_helpcrunch_chats." + b.name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("chats"), want),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(total))),
		)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

func TestAccHelpCrunchChatsDataSource_paging(t *testing.T) {
	f := hcNewFakeWithChats(t, hcGeneratedChats(250), "")
	closed, _ := hcExpectChats(t, f, hcQuery{match: func(c map[string]any) bool { return c["status"] == "closed" }, desc: true})
	closedCount := 0
	for _, c := range f.State().HelpCrunch.Chats {
		if c["status"] == "closed" {
			closedCount++
		}
	}
	page := func(offset, limit, returned, total int) helpcrunch.SearchLog {
		return helpcrunch.SearchLog{Offset: offset, Limit: limit, Returned: returned, Total: total}
	}
	reset := func() {
		f.ResetRequests()
		f.HelpCrunch.ResetSearches()
	}
	// expectEachRead checks that every read of the data source in the step
	// just run cost exactly the pages in perRead, in order, and nothing else.
	expectEachRead := func(name string, perRead []helpcrunch.SearchLog) func() {
		return func() {
			t.Helper()
			log := f.HelpCrunch.Searches()
			if len(log) == 0 || len(log)%len(perRead) != 0 {
				t.Errorf("%s: %d searches, not a whole number of reads of %d requests: %v", name, len(log), len(perRead), log)
			} else {
				for i, got := range log {
					if want := perRead[i%len(perRead)]; got != want {
						t.Errorf("%s: search %d = %+v, want %+v", name, i, got, want)
					}
				}
				t.Logf("%s: %d reads, %d POST /chats/search each", name, len(log)/len(perRead), len(perRead))
			}
			// Only the logged searches: a request the fake refused is
			// counted but not logged.
			if err := f.CheckRequests(acctest.Requests{helpcrunch.RouteChatsSearch: len(log)}); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			reset()
		}
	}
	cfg := func(body string) string {
		return f.ProviderConfig() + fmt.Sprintf("\ndata \"chatops_helpcrunch_chats\" \"test\" {\n  %s\n}\n", body)
	}
	const addr = "data.chatops_helpcrunch_chats.test"
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				PreConfig: reset,
				Config:    cfg(``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("chats"), knownvalue.ListSizeExact(250)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
				},
			},
			{
				// 250 chats: pages of 100, 100 and 50, no request past the end.
				PreConfig: expectEachRead("all 250", []helpcrunch.SearchLog{
					page(0, 100, 100, 250), page(100, 100, 100, 250), page(200, 100, 50, 250)}),
				Config: cfg(`limit = 150`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("chats"), knownvalue.ListSizeExact(150)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
				},
			},
			{
				// limit 150: the second page asks for only the 50 still needed.
				PreConfig: expectEachRead("limit 150", []helpcrunch.SearchLog{
					page(0, 100, 100, 250), page(100, 50, 50, 250)}),
				Config: cfg(`status = "closed"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("chats"), closed),
				},
			},
			{
				PreConfig: expectEachRead("closed only", []helpcrunch.SearchLog{page(0, 100, closedCount, closedCount)}),
				Config:    cfg(`limit = 200`),
			},
			{
				// 200 of 250: two full pages, nothing more.
				PreConfig: expectEachRead("limit 200", []helpcrunch.SearchLog{
					page(0, 100, 100, 250), page(100, 100, 100, 250)}),
				Config:   cfg(`limit = 200`),
				PlanOnly: true,
			},
		},
	})
}

// The application filter is applied by the provider to the results of a
// documented search, and limit counts chats that match it: paging goes on
// until limit matching chats are found, never further.
func TestAccHelpCrunchChatsDataSource_applicationLimit(t *testing.T) {
	f := hcNewFakeWithChats(t, hcGeneratedChats(250), "")
	isApp2 := func(c map[string]any) bool { return c["applicationId"] == int64(2) }
	// HelpCrunch pages newest first; limit is set a few chats past what the
	// first page of 100 holds of application 2, so a second page is needed.
	newestFirst := f.State().HelpCrunch.Chats
	sort.SliceStable(newestFirst, func(i, j int) bool {
		a, b := *hcUnix(t, newestFirst[i]["createdAt"]), *hcUnix(t, newestFirst[j]["createdAt"])
		if a == b {
			return newestFirst[i]["id"].(int64) > newestFirst[j]["id"].(int64)
		}
		return a > b
	})
	limit := 5
	for _, c := range newestFirst[:100] {
		if isApp2(c) {
			limit++
		}
	}
	want, _ := hcExpectChats(t, f, hcQuery{match: isApp2, desc: true, limit: limit})
	seen, position := 0, 0
	for i, c := range newestFirst {
		if isApp2(c) {
			if seen++; seen == limit {
				position = i + 1
				break
			}
		}
	}
	pages := (position + 99) / 100
	if pages < 2 {
		t.Fatalf("chat %d of application 2 is at %d: the fixtures must put it past the first page", limit, position)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() { f.ResetRequests(); f.HelpCrunch.ResetSearches() },
			Config: f.ProviderConfig() + fmt.Sprintf(`
data "chatops_helpcrunch_chats" "test" {
  application = 2
  limit       = %d
}
`, limit),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.test", tfjsonpath.New("chats"), want),
				statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.test", tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
			},
			Check: func(*terraform.State) error {
				log := f.HelpCrunch.Searches()
				if len(log) == 0 || len(log)%pages != 0 {
					return fmt.Errorf("%d searches, not a whole number of reads of %d pages: %v", len(log), pages, log)
				}
				for i, got := range log {
					if page := i % pages; got.Offset != page*100 || got.Limit != 100 {
						return fmt.Errorf("search %d asked offset %d limit %d, want %d, 100", i, got.Offset, got.Limit, page*100)
					}
				}
				t.Logf("application = 2, limit = %d: %d pages per read (the last match kept is chat %d of 250 newest first)", limit, pages, position)
				return nil
			},
		}},
	})
}

func TestAccHelpCrunchChatsDataSource_timestamps(t *testing.T) {
	// "mixed": chats 1, 2, 3 send timestamps as "string", "fractional" and
	// number, and again for 4, 5, 6.
	at := func(minutes int) int64 { return hcBase.Add(time.Duration(minutes) * time.Minute).Unix() }
	chats := []helpcrunch.ChatFixture{
		{Customer: 1, Application: 1, CreatedAt: at(1), Status: "closed", ClosedAt: at(2), LastMessageAt: at(3), LastMessageText: "a"},
		{Customer: 2, Application: 1, CreatedAt: at(4), Status: "closed", ClosedAt: at(5), LastMessageAt: at(6), LastMessageText: "b"},
		{Customer: 3, Application: 1, CreatedAt: at(7), Status: "closed", ClosedAt: at(8), LastMessageAt: at(9), LastMessageText: "c"},
		{Customer: 4, Application: 1, CreatedAt: at(10), Status: "opened"},
		{Customer: 5, Application: 1, CreatedAt: at(11), Status: "opened"},
		{Customer: 6, Application: 1, CreatedAt: at(12), Status: "opened"},
	}
	f := hcNewFakeWithChats(t, chats, "mixed")
	rfc := func(secs int64) knownvalue.Check {
		if secs == 0 {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(time.Unix(secs, 0).UTC().Format(time.RFC3339))
	}
	// Expected straight from the fixtures, oldest first.
	var items []knownvalue.Check
	for i, c := range chats {
		items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id":              knownvalue.StringExact(strconv.Itoa(i + 1)),
			"created_at":      rfc(c.CreatedAt),
			"closed_at":       rfc(c.ClosedAt),
			"last_message_at": rfc(c.LastMessageAt),
		}))
	}
	if forms := hcTimestampForms(f); len(forms) != 3 {
		t.Fatalf("the fake sends timestamps in forms %v; the test needs number, string and fractional", forms)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + `
data "chatops_helpcrunch_chats" "test" {
  order = "asc"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.chatops_helpcrunch_chats.test", tfjsonpath.New("chats"), knownvalue.ListExact(items)),
			},
		}},
	})
}

func TestAccHelpCrunchChatsDataSource_invalidInputs(t *testing.T) {
	f := acctest.NewFake(t)
	bad := []struct{ body, want string }{
		{`status = "archived"`, `(?s)status.*value must be one of`},
		{`customer = 0`, `(?s)customer.*at least 1`},
		{`assignee = -2`, `(?s)assignee.*at least 1`},
		{`department = 0`, `(?s)department.*at least 1`},
		{`application = 0`, `(?s)application.*at least 1`},
		{`limit = 0`, `(?s)limit.*at least 1`},
		{`created_after = "yesterday"`, `(?s)Invalid RFC 3339 Time.*created_after = "yesterday" is not`},
		{`created_before = "2024-01-01"`, `(?s)Invalid RFC 3339 Time.*created_before = "2024-01-01" is not`},
		{"created_after = \"2024-02-01T00:00:00Z\"\n  created_before = \"2024-01-01T00:00:00Z\"", `(?s)Empty Time Range`},
		{`sort = "chats.id"`, `(?s)sort.*value must be one of`},
		{`order = "up"`, `(?s)order.*value must be one of`},
		{`application = 1.5`, `(?s)Invalid Whole Number.*application must be a whole number.*got 1\.5`},
		{`customer = 2.25`, `(?s)Invalid Whole Number.*customer must be a whole number.*got 2\.25`},
		{`assignee = 0.5`, `(?s)Invalid Whole Number.*assignee must be a whole number`},
		{`department = 3.000001`, `(?s)Invalid Whole Number.*department must be a whole number`},
		{`limit = 10.5`, `(?s)Invalid Whole Number.*limit must be a whole number`},
		{`limit = 1e30`, `(?s)Invalid Whole Number.*limit must be a whole number between`},
		{"created_after = \"2024-01-01T00:00:01Z\"\n  created_before = \"2024-01-01T00:00:00Z\"", `(?s)Empty Time Range`},
	}
	var steps []resource.TestStep
	for _, b := range bad {
		steps = append(steps, planErrorStep(
			f.ProviderConfig()+fmt.Sprintf("\ndata \"chatops_helpcrunch_chats\" \"test\" {\n  %s\n}\n", b.body),
			regexp.MustCompile(b.want)))
	}
	testAccParallel(t, resource.TestCase{
		Steps: steps,
	})
	f.RequireRequests(t, nil)
}

// Ensure the generated fixtures really vary, so the filter tests can fail.
func TestHelpCrunchGeneratedChatsVary(t *testing.T) {
	t.Parallel()
	chats := hcGeneratedChats(84)
	created := map[int64]bool{}
	statuses := map[string]bool{}
	for _, c := range chats {
		created[c.CreatedAt] = true
		statuses[c.Status] = true
	}
	if len(created) != len(chats) {
		t.Errorf("%d distinct creation times for %d chats", len(created), len(chats))
	}
	if !slices.Equal(hcSortedKeys(statuses), []string{"closed", "empty", "new", "no communication", "onhold", "opened", "pending"}) {
		t.Errorf("statuses %v", hcSortedKeys(statuses))
	}
}

func hcSortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
