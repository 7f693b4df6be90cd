package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

const (
	convDS = "data.chatops_devrev_conversations.test"
)

// TestAccDevRevConversationsDataSource_filters runs each filter through
// terraform and checks the data source returns exactly the fake's
// conversations the filter's meaning selects, in the API's order.
func TestAccDevRevConversationsDataSource_filters(t *testing.T) {
	// Every filter value is picked from the fake's own data, so the test
	// follows the generator instead of copying its output.
	probe := acctest.NewFake(t, fake.Options{GenerateConversations: convFilterFakeSize})
	all := fakeConversations(t, probe.Server)
	pick := convValuePicker{all: all}

	day := 24 * time.Hour
	now := time.Now()
	closedAfter := now.Add(-30 * day).UTC().Format(time.RFC3339)
	modAfter, modBefore := now.Add(-40*day).UTC().Format(time.RFC3339), now.Add(-10*day).UTC().Format(time.RFC3339)
	slaBefore := now.UTC().Format(time.RFC3339)

	brand := pick.first(func(c fakeConv) []string { return optional(c.FilterFields.Brand) })
	part := pick.first(func(c fakeConv) []string { return c.FilterFields.AppliesToParts })
	channels := pick.distinct(2, func(c fakeConv) []string { return refIDs(c.Channels) })
	group := pick.first(func(c fakeConv) []string { return optionalRef(c.Group) })
	revOrgs := pick.distinct(2, func(c fakeConv) []string { return optional(c.FilterFields.RevOrg) })
	srcV2 := pick.first(func(c fakeConv) []string { return optionalRef(c.SourceChannelV2) })
	member := pick.first(func(c fakeConv) []string { return userIDs(c.Members) })
	valuedTag := pick.firstTag(func(t fakeTag) bool { return t.Value != "" })
	plainTag := pick.firstTag(func(t fakeTag) bool { return t.Value == "" })

	cases := []struct {
		name  string
		attrs string
		want  func(c fakeConv) bool
	}{
		{"actual_close_date_range", fmt.Sprintf(`actual_close_date = { after = %q }`, closedAfter),
			func(c fakeConv) bool { return inRange(c.FilterFields.ActualCloseDate, now.Add(-30*day), time.Time{}) }},
		{"actual_close_date_preset", `actual_close_date = { preset_type = "last_n_days", days = 10 }`,
			func(c fakeConv) bool { return inRange(c.FilterFields.ActualCloseDate, now.Add(-10*day), now) }},
		{"applies_to_parts", fmt.Sprintf(`applies_to_parts = [%q]`, part),
			func(c fakeConv) bool { return slices.Contains(c.FilterFields.AppliesToParts, part) }},
		{"brand", fmt.Sprintf(`brand = [%q]`, brand), func(c fakeConv) bool { return c.FilterFields.Brand == brand }},
		{"channels", fmt.Sprintf(`channels = [%q, %q]`, channels[0], channels[1]),
			func(c fakeConv) bool { return anyIn(refIDs(c.Channels), channels...) }},
		{"group", fmt.Sprintf(`group = [%q]`, group), func(c fakeConv) bool { return c.Group != nil && c.Group.ID == group }},
		{"is_creator_verified", `is_creator_verified = false`, func(c fakeConv) bool { return !c.FilterFields.IsCreatorVerified }},
		{"is_frozen", `is_frozen = true`, func(c fakeConv) bool { return c.FilterFields.IsFrozen }},
		{"is_spam", `is_spam = true`, func(c fakeConv) bool { return c.FilterFields.IsSpam }},
		{"members", fmt.Sprintf(`members = ["DEVU-3", %q]`, member),
			func(c fakeConv) bool {
				return anyIn(userIDs(c.Members), member) || anyIn(userDisplayIDs(c.Members), "DEVU-3")
			}},
		{"modified_date_range", fmt.Sprintf(`modified_date = { after = %q, before = %q }`, modAfter, modBefore),
			func(c fakeConv) bool { return inRange(c.ModifiedDate, now.Add(-40*day), now.Add(-10*day)) }},
		{"modified_date_preset", `modified_date = { preset_type = "last_n_days", days = 30 }`,
			func(c fakeConv) bool { return inRange(c.ModifiedDate, now.Add(-30*day), now) }},
		{"owned_by", `owned_by = ["DEVU-1", "DEVU-2"]`, func(c fakeConv) bool { return anyIn(userDisplayIDs(c.OwnedBy), "DEVU-1", "DEVU-2") }},
		{"rev_orgs", fmt.Sprintf(`rev_orgs = [%q, %q]`, revOrgs[0], revOrgs[1]),
			func(c fakeConv) bool { return anyIn([]string{c.FilterFields.RevOrg}, revOrgs...) }},
		{"rev_org_deprecated", fmt.Sprintf(`rev_org = [%q]`, revOrgs[0]), func(c fakeConv) bool { return c.FilterFields.RevOrg == revOrgs[0] }},
		{"sla_summary_stage", `sla_summary = { stage = ["breached", "warning"] }`,
			func(c fakeConv) bool {
				return c.SLASummary != nil && anyIn([]string{c.SLASummary.Stage}, "breached", "warning")
			}},
		{"sla_summary_target_time", `sla_summary = { target_time = { preset_type = "next_n_days", days = 7 } }`,
			func(c fakeConv) bool {
				return c.SLASummary != nil && inRange(c.SLASummary.TargetTime, now, now.Add(7*day))
			}},
		{"sla_summary_stage_and_range", fmt.Sprintf(`sla_summary = { stage = ["paused"], target_time = { before = %q } }`, slaBefore),
			func(c fakeConv) bool {
				return c.SLASummary != nil && c.SLASummary.Stage == "paused" && inRange(c.SLASummary.TargetTime, time.Time{}, now)
			}},
		{"source_channel", `source_channel = ["email", "api"]`, func(c fakeConv) bool { return anyIn([]string{c.SourceChannel}, "email", "api") }},
		{"source_channel_v2", fmt.Sprintf(`source_channel_v2 = [%q]`, srcV2),
			func(c fakeConv) bool { return c.SourceChannelV2 != nil && c.SourceChannelV2.ID == srcV2 }},
		{"source_channels_deprecated", `source_channels = ["slack"]`, func(c fakeConv) bool { return c.SourceChannel == "slack" }},
		{"stage", `stage = { name = ["new", "archived"] }`, func(c fakeConv) bool { return anyIn([]string{c.Stage.Name}, "new", "archived") }},
		{"state", `state = ["closed"]`, func(c fakeConv) bool { return c.FilterFields.State == "closed" }},
		{"tags_deprecated", fmt.Sprintf(`tags = [%q]`, plainTag.Tag.ID), func(c fakeConv) bool { return c.hasTag(plainTag.Tag.ID, "") }},
		{"tags_v2", fmt.Sprintf(`tags_v2 = [{ id = %q, value = %q }, { id = %q }]`, valuedTag.Tag.ID, valuedTag.Value, plainTag.Tag.ID),
			func(c fakeConv) bool {
				return c.hasTag(valuedTag.Tag.ID, valuedTag.Value) || c.hasTag(plainTag.Tag.ID, "")
			}},
		{"combined", `
  state    = ["open", "in_progress"]
  owned_by = ["DEVU-4", "DEVU-5", "DEVU-6"]
  is_spam  = false`,
			func(c fakeConv) bool {
				return anyIn([]string{c.FilterFields.State}, "open", "in_progress") &&
					anyIn(userDisplayIDs(c.OwnedBy), "DEVU-4", "DEVU-5", "DEVU-6") && !c.FilterFields.IsSpam
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := acctest.NewFake(t, fake.Options{GenerateConversations: convFilterFakeSize})
			convs := fakeConversations(t, f.Server)
			var want []string
			for _, c := range convs {
				if tc.want(c) {
					want = append(want, c.ID)
				}
			}
			if len(want) == 0 || len(want) == len(convs) {
				t.Fatalf("the filter selects %d of the fake's %d conversations: it must select some and leave some out", len(want), len(convs))
			}
			testAccParallel(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config: f.ProviderConfig() + testAccConversationsConfig(tc.attrs),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
						statecheck.ExpectKnownValue(convDS, tfjsonpath.New("conversations"), knownvalue.ListSizeExact(len(want))),
					},
				}},
			})
		})
	}
}

// TestAccDevRevConversationsDataSource_conversationFields checks every output
// field against the fake's conversation.
func TestAccDevRevConversationsDataSource_conversationFields(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 30})
	convs := fakeConversations(t, f.Server)
	var checks []knownvalue.Check
	for _, c := range convs[:25] {
		checks = append(checks, c.expected())
	}
	testAccReadConversations(t, f, `limit = 25`,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("conversations"), knownvalue.ListExact(checks)),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("prev_cursor"), knownvalue.Null()),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.NotNull()),
	)
}

// testAccReadConversations applies the data source with attrs, in one step
// against f, and checks its state.
func testAccReadConversations(t *testing.T, f *acctest.Fake, attrs string, checks ...statecheck.StateCheck) {
	t.Helper()
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            f.ProviderConfig() + testAccConversationsConfig(attrs),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccDevRevConversationsDataSource_readsEveryPage reads 1,234
// conversations: 13 requests of 100 for each read terraform makes.
func TestAccDevRevConversationsDataSource_readsEveryPage(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1234})
	want := fakeIDs(t, f.Server)
	testAccReadConversations(t, f, ``,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.Null()),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("prev_cursor"), knownvalue.Null()),
	)
	assertReads(t, f.Server, "after", repeat(100, 13), 0)
}

// TestAccDevRevConversationsDataSource_limit reads 120 of 1,234: two
// requests (100 and 20), and a next_cursor that reads on.
func TestAccDevRevConversationsDataSource_limit(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1234})
	want := fakeIDs(t, f.Server)
	testAccReadConversations(t, f, `limit = 120`,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want[:120])),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.NotNull()),
	)
	assertReads(t, f.Server, "after", []int{100, 20}, 0)
}

// TestAccDevRevConversationsDataSource_idsOnly reads the ids of 1,234
// conversations without the conversations: the same 13 requests, the same
// ids, and conversations null.
func TestAccDevRevConversationsDataSource_idsOnly(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1234})
	want := fakeIDs(t, f.Server)
	testAccReadConversations(t, f, `ids_only = true`,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("conversations"), knownvalue.Null()),
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.Null()),
	)
	assertReads(t, f.Server, "after", repeat(100, 13), 0)
}

// TestAccDevRevConversationsDataSource_cursor resumes a read from another
// read's next_cursor: together they read everything once.
func TestAccDevRevConversationsDataSource_cursor(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 260})
	want := fakeIDs(t, f.Server)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + `
data "chatops_devrev_conversations" "first" {
  limit = 70
}

data "chatops_devrev_conversations" "test" {
  cursor = data.chatops_devrev_conversations.first.next_cursor
}

data "chatops_devrev_conversations" "back" {
  cursor = data.chatops_devrev_conversations.test.prev_cursor
  mode   = "before"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.chatops_devrev_conversations.first", tfjsonpath.New("ids"), exactStrings(want[:70])),
				statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want[70:])),
				statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.Null()),
				statecheck.ExpectKnownValue(convDS, tfjsonpath.New("prev_cursor"), knownvalue.NotNull()),
				// Backwards from the second read's start: the first 70, last first.
				statecheck.ExpectKnownValue("data.chatops_devrev_conversations.back", tfjsonpath.New("ids"), exactStrings(reversed(want[:70]))),
			},
		}},
	})
}

// TestAccDevRevConversationsDataSource_beforeMode reads the same 1,234
// conversations backwards: the reverse order, in as many requests.
func TestAccDevRevConversationsDataSource_beforeMode(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1234})
	want := reversed(fakeIDs(t, f.Server))
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: f.ProviderConfig() + testAccConversationsConfig(`mode = "before"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
				},
			},
			{
				Config: f.ProviderConfig() + testAccConversationsConfig(`
  mode  = "before"
  limit = 150`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want[:150])),
					statecheck.ExpectKnownValue(convDS, tfjsonpath.New("next_cursor"), knownvalue.Null()),
					statecheck.ExpectKnownValue(convDS, tfjsonpath.New("prev_cursor"), knownvalue.NotNull()),
				},
			},
		},
	})
	var full, limited int
	for _, read := range convReads(t, f.Server) {
		for _, c := range read {
			if c.Mode != "before" {
				t.Fatalf("a request went in mode %q", c.Mode)
			}
		}
		switch {
		case slices.Equal(limits(read), repeat(100, 13)):
			full++
		case slices.Equal(limits(read), []int{100, 50}):
			limited++
		default:
			t.Errorf("a read asked for pages of %v", limits(read))
		}
	}
	if full == 0 || limited == 0 {
		t.Errorf("%d full and %d limited reads, want some of each", full, limited)
	}
}

// TestAccDevRevConversationsDataSource_rateLimitedMidPaging answers the third
// page of the first read with a 429: the read waits, retries that page, and
// loses or repeats nothing.
func TestAccDevRevConversationsDataSource_rateLimitedMidPaging(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 1234})
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: devrev.RouteConversationsList, Status: http.StatusTooManyRequests, RetryAfterSeconds: 1, Skip: 2}}})
	want := fakeIDs(t, f.Server)

	testAccReadConversations(t, f, ``,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
	)
	// Every read took 13 answered pages; the one 429 is the only extra request.
	assertReads(t, f.Server, "after", repeat(100, 13), 1)
}

// TestAccDevRevConversationsDataSource_10k reads 10,000 conversations in
// exactly 100 requests per read.
func TestAccDevRevConversationsDataSource_10k(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 10_000})
	want := fakeIDs(t, f.Server)
	testAccReadConversations(t, f, ``,
		statecheck.ExpectKnownValue(convDS, tfjsonpath.New("ids"), exactStrings(want)),
	)
	assertReads(t, f.Server, "after", repeat(100, 100), 0)
}

// TestAccDevRevConversationsDataSource_invalidConfig refuses bad inputs at
// plan time, before any request.
func TestAccDevRevConversationsDataSource_invalidConfig(t *testing.T) {
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 10})
	var steps []resource.TestStep
	for _, tc := range []struct {
		attrs string
		err   string
	}{
		{`actual_close_date = { after = "yesterday" }`, `(?s)Invalid RFC 3339 Time.*actual_close_date.after = "yesterday" is not`},
		{`modified_date = { after = "2024-13-45" }`, `(?s)Invalid RFC 3339 Time.*modified_date.after = "2024-13-45" is not.*month out of range`},
		{`modified_date = { before = "2024-13-01T00:00:00Z" }`, `(?s)Invalid RFC 3339 Time.*modified_date.before = "2024-13-01T00:00:00Z" is not`},
		{`sla_summary = { target_time = { after = "2024-01-01" } }`, `(?s)Invalid RFC 3339 Time.*sla_summary.target_time.after = "2024-01-01" is not`},
		{`actual_close_date = { preset_type = "last_n_days", days = -1 }`, `days value must be between 0 and 106751`},
		{`modified_date = { preset_type = "next_n_days", days = 106752 }`, `days value must be between 0 and 106751`},
		{`actual_close_date = { preset_type = "last_n_days", days = 3, after = "2024-01-01T00:00:00Z" }`, `Attribute "actual_close_date.after" cannot be specified when "actual_close_date.preset_type" is specified`},
		{`modified_date = {}`, `At least one attribute out of \[modified_date.before,modified_date.preset_type,modified_date.days,modified_date.after\] must be specified`},
		{`modified_date = { preset_type = "next_n_days" }`, `Attribute "modified_date.days" must be specified when "modified_date.preset_type" is specified`},
		{`actual_close_date = { days = 4 }`, `Attribute "actual_close_date.preset_type" must be specified when "actual_close_date.days" is specified`},
		{`actual_close_date = { preset_type = "last_week", days = 7 }`, `value must be one of: \["last_n_days" "next_n_days"\]`},
		{`mode = "sideways"`, `value must be one of: \["after" "before"\]`},
		{`limit = 0`, `limit value must be at least 1`},
		{`sla_summary = { stage = ["late"] }`, `value must be one of: \["breached" "completed" "paused" "running"`},
		{`tags_v2 = [{}]`, `At least one attribute out of \[tags_v2\[0\].id.<.value,tags_v2\[0\].id\] must be specified`},
		{`cursor = ""`, `must not be empty`},
		// Ranges whose after is later than their before, in every date filter.
		{`modified_date = { after = "2024-02-01T00:00:00Z", before = "2024-01-01T00:00:00Z" }`, `Inverted Date Range`},
		{`actual_close_date = { after = "2024-02-01T00:00:00Z", before = "2024-01-31T23:59:59Z" }`, `Inverted Date Range`},
		{`sla_summary = { target_time = { after = "2025-01-01T00:00:00+02:00", before = "2024-12-31T21:00:00Z" } }`, `Inverted Date Range`},
		// A blank element in every id-set filter.
		{`members = [""]`, `must not be empty or blank`},
		{`state = [" "]`, `must not be empty or blank`},
		{`applies_to_parts = ["PROD-1", ""]`, `must not be empty or blank`},
		{`brand = [" "]`, `must not be empty or blank`},
		{`channels = [""]`, `must not be empty or blank`},
		{`group = ["	"]`, `must not be empty or blank`},
		{`owned_by = [""]`, `must not be empty or blank`},
		{`rev_orgs = [""]`, `must not be empty or blank`},
		{`rev_org = [" "]`, `must not be empty or blank`},
		{`source_channel = [""]`, `must not be empty or blank`},
		{`source_channel_v2 = [" "]`, `must not be empty or blank`},
		{`source_channels = [""]`, `must not be empty or blank`},
		{`tags = [""]`, `must not be empty or blank`},
		{`stage = { name = [" "] }`, `must not be empty or blank`},
		{`tags_v2 = [{ id = " " }]`, `must not be empty or blank`},
	} {
		steps = append(steps, resource.TestStep{
			Config: f.ProviderConfig() + testAccConversationsConfig(tc.attrs),
			// Terraform wraps long messages: any space may be a line break.
			ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.err, " ", `\s+`)),
		})
	}
	testAccParallel(t, resource.TestCase{
		Steps: steps,
	})
	f.RequireRequests(t, nil)
}

// TestAccDevRevConversationsDataSource_example applies the documented
// example against the fake.
func TestAccDevRevConversationsDataSource_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/chatops_devrev_conversations/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	f := acctest.NewFake(t, fake.Options{GenerateConversations: 300})
	now := time.Now()
	var mine []string
	var breached []knownvalue.Check
	convs := fakeConversations(t, f.Server)
	for _, c := range convs {
		if c.FilterFields.State == "open" && anyIn(userDisplayIDs(c.OwnedBy), "DEVU-1") {
			mine = append(mine, c.ID)
		}
	}
	for _, c := range slices.Backward(convs) {
		if c.SLASummary != nil && c.SLASummary.Stage == "breached" && inRange(c.SLASummary.TargetTime, now.Add(-7*24*time.Hour), now) && len(breached) < 20 {
			breached = append(breached, knownvalue.StringExact(c.DisplayID+": "+c.Title))
		}
	}
	if len(mine) == 0 || len(breached) == 0 {
		t.Fatalf("the fake gives the example nothing to show: %d and %d", len(mine), len(breached))
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("my_open_conversation_ids", exactStrings(mine)),
				statecheck.ExpectKnownOutputValue("recently_breached_titles", knownvalue.ListExact(breached)),
			},
		}},
	})
}

// TestDevRevConversationsDataSource_schema checks the schema is valid and
// marks the API's deprecated filters deprecated.
func TestDevRevConversationsDataSource_schema(t *testing.T) {
	ctx := context.Background()
	resp := &datasource.SchemaResponse{}
	NewDevRevConversationsDataSource().Schema(ctx, datasource.SchemaRequest{}, resp)
	if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	for name, a := range resp.Schema.Attributes {
		deprecated := slices.Contains([]string{"rev_org", "source_channels", "tags"}, name)
		if got := a.GetDeprecationMessage() != ""; got != deprecated {
			t.Errorf("%s deprecated = %v, want %v", name, got, deprecated)
		}
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s has no description", name)
		}
	}
}

// TestDevRevConversationsListRequest_sendsOnlyWhatIsSet builds the request
// from a configuration that sets a few filters: nothing else is sent, and a
// modified_date preset goes out as the range it means.
func TestDevRevConversationsListRequest_sendsOnlyWhatIsSet(t *testing.T) {
	ctx := context.Background()
	ds := NewDevRevConversationsDataSource()
	sresp := &datasource.SchemaResponse{}
	ds.Schema(ctx, datasource.SchemaRequest{}, sresp)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := nullAttributes(typ)
	vals["owned_by"] = tftypes.NewValue(typ.AttributeTypes["owned_by"], []tftypes.Value{tftypes.NewValue(tftypes.String, "DEVU-1")})
	vals["is_spam"] = tftypes.NewValue(tftypes.Bool, false)
	mdType := typ.AttributeTypes["modified_date"].(tftypes.Object)
	md := nullAttributes(mdType)
	md["preset_type"] = tftypes.NewValue(tftypes.String, "next_n_days")
	md["days"] = tftypes.NewValue(tftypes.Number, 2)
	vals["modified_date"] = tftypes.NewValue(mdType, md)
	cfg := tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, vals)}

	var m devrevConversationsModel
	if diags := cfg.Get(ctx, &m); diags.HasError() {
		t.Fatal(diags)
	}
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	req := m.listRequest(now)
	raw, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"is_spam":false,"modified_date":{"after":"2025-03-01T10:00:00Z","before":"2025-03-03T10:00:00Z"},"owned_by":["DEVU-1"]}`
	if string(raw) != want {
		t.Errorf("request body\n got %s\nwant %s", raw, want)
	}
}

// BenchmarkDevRevConversationsDataSourceRead10k runs the data source's Read
// on 10,000 conversations from the in-process fake: the client's paging plus
// building the Terraform state.
func BenchmarkDevRevConversationsDataSourceRead10k(b *testing.B) {
	ctx := context.Background()
	fake := fake.MustNew(fake.Options{GenerateConversations: 10_000})
	ts := httptest.NewServer(fake)
	b.Cleanup(ts.Close)
	c, err := client.NewDevRev(client.Options{Endpoint: ts.URL + devrev.Prefix, Token: devrev.DemoToken})
	if err != nil {
		b.Fatal(err)
	}
	ds := &devrevConversationsDataSource{}
	ds.client = c
	sresp := &datasource.SchemaResponse{}
	ds.Schema(ctx, datasource.SchemaRequest{}, sresp)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nullAttributes(typ))}}
	read := func() *datasource.ReadResponse {
		resp := &datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}}
		ds.Read(ctx, req, resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
		return resp
	}
	peak, retained := acctest.MeasureHeap(func() any { return read() })

	fake.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		read()
	}
	b.StopTimer()
	b.ReportMetric(float64(fake.RequestCount(devrev.RouteConversationsList))/float64(b.N), "requests/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(retained)/(1<<20), "retained-MiB")
}

// --- helpers ---------------------------------------------------------------

// convFilterFakeSize is how many conversations each filter test's fake holds.
const convFilterFakeSize = 250

func testAccConversationsConfig(attrs string) string {
	return fmt.Sprintf(`
data "chatops_devrev_conversations" "test" {
  %s
}
`, attrs)
}

// fakeConv is a conversation of the fake's state: the API's object plus the
// fields the API filters on but does not show.
type fakeConv struct {
	ID              string     `json:"id"`
	DisplayID       string     `json:"display_id"`
	Title           string     `json:"title"`
	Description     string     `json:"description"`
	Stage           fakeStage  `json:"stage"`
	Members         []fakeRef  `json:"members"`
	OwnedBy         []fakeRef  `json:"owned_by"`
	Tags            []fakeTag  `json:"tags"`
	Group           *fakeRef   `json:"group"`
	Channels        []fakeRef  `json:"channels"`
	SourceChannel   string     `json:"source_channel"`
	SourceChannelV2 *fakeRef   `json:"source_channel_v2"`
	SLASummary      *fakeSLA   `json:"sla_summary"`
	CreatedBy       fakeRef    `json:"created_by"`
	CreatedDate     string     `json:"created_date"`
	ModifiedDate    string     `json:"modified_date"`
	FilterFields    fakeHidden `json:"filter_fields"`
}

type fakeStage struct {
	Name string `json:"name"`
}

type fakeRef struct {
	ID        string `json:"id"`
	DisplayID string `json:"display_id"`
}

type fakeTag struct {
	Tag struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"tag"`
	Value string `json:"value"`
}

type fakeSLA struct {
	Stage      string `json:"stage"`
	TargetTime string `json:"target_time"`
}

type fakeHidden struct {
	Brand             string   `json:"brand"`
	RevOrg            string   `json:"rev_org"`
	AppliesToParts    []string `json:"applies_to_parts"`
	State             string   `json:"state"`
	IsSpam            bool     `json:"is_spam"`
	IsFrozen          bool     `json:"is_frozen"`
	IsCreatorVerified bool     `json:"is_creator_verified"`
	ActualCloseDate   string   `json:"actual_close_date"`
}

func (c fakeConv) hasTag(id, value string) bool {
	return slices.ContainsFunc(c.Tags, func(t fakeTag) bool { return t.Tag.ID == id && (value == "" || t.Value == value) })
}

// expected is the data source's rendering of c.
func (c fakeConv) expected() knownvalue.Check {
	str := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	ts := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return knownvalue.StringExact(t.UTC().Format(time.RFC3339Nano))
	}
	var tags []knownvalue.Check
	for _, t := range c.Tags {
		tags = append(tags, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": str(t.Tag.ID), "name": str(t.Tag.Name), "value": str(t.Value),
		}))
	}
	var group knownvalue.Check = knownvalue.Null()
	if c.Group != nil {
		group = str(c.Group.ID)
	}
	var sla knownvalue.Check = knownvalue.Null()
	if c.SLASummary != nil {
		sla = knownvalue.ObjectExact(map[string]knownvalue.Check{"stage": str(c.SLASummary.Stage), "target_time": ts(c.SLASummary.TargetTime)})
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":             str(c.ID),
		"display_id":     str(c.DisplayID),
		"title":          str(c.Title),
		"description":    str(c.Description),
		"stage":          knownvalue.ObjectExact(map[string]knownvalue.Check{"name": str(c.Stage.Name)}),
		"members":        exactStrings(userIDs(c.Members)),
		"owned_by":       exactStrings(userIDs(c.OwnedBy)),
		"tags":           knownvalue.ListExact(tags),
		"group":          group,
		"channels":       exactStrings(refIDs(c.Channels)),
		"source_channel": str(c.SourceChannel),
		"sla_summary":    sla,
		"created_date":   ts(c.CreatedDate),
		"modified_date":  ts(c.ModifiedDate),
		"created_by":     str(c.CreatedBy.ID),
	})
}

func fakeConversations(t testing.TB, s *fake.Server) []fakeConv {
	t.Helper()
	raw, err := json.Marshal(s.State().DevRev.Conversations)
	if err != nil {
		t.Fatal(err)
	}
	var out []fakeConv
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func fakeIDs(t testing.TB, s *fake.Server) []string {
	t.Helper()
	var ids []string
	for _, c := range fakeConversations(t, s) {
		ids = append(ids, c.ID)
	}
	return ids
}

// convValuePicker chooses filter values from the fake's data.
type convValuePicker struct{ all []fakeConv }

func (p convValuePicker) distinct(n int, values func(fakeConv) []string) []string {
	var out []string
	for _, c := range p.all {
		for _, v := range values(c) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
			if len(out) == n {
				return out
			}
		}
	}
	panic(fmt.Sprintf("the fake has only %d distinct values, want %d", len(out), n))
}

func (p convValuePicker) first(values func(fakeConv) []string) string {
	return p.distinct(1, values)[0]
}

func (p convValuePicker) firstTag(ok func(fakeTag) bool) fakeTag {
	for _, c := range p.all {
		for _, t := range c.Tags {
			if ok(t) {
				return t
			}
		}
	}
	panic("no such tag in the fake")
}

func optional(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func optionalRef(r *fakeRef) []string {
	if r == nil {
		return nil
	}
	return []string{r.ID}
}

func refIDs(refs []fakeRef) []string {
	ids := []string{}
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return ids
}

func userIDs(users []fakeRef) []string { return refIDs(users) }

func userDisplayIDs(users []fakeRef) []string {
	var ids []string
	for _, u := range users {
		ids = append(ids, u.DisplayID)
	}
	return ids
}

func anyIn(vals []string, set ...string) bool {
	return slices.ContainsFunc(vals, func(v string) bool { return slices.Contains(set, v) })
}

// inRange reports whether the timestamp ts lies in [from, to]; a zero bound
// is open, an empty ts never matches.
func inRange(ts string, from, to time.Time) bool {
	if ts == "" {
		return false
	}
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		panic(err)
	}
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}

func exactStrings(vals []string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(vals))
	for _, v := range vals {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.ListExact(checks)
}

func reversed(vals []string) []string {
	out := slices.Clone(vals)
	slices.Reverse(out)
	return out
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// convReads splits the fake's conversations.list calls into reads: a read
// starts with a call without a cursor.
func convReads(t *testing.T, s *fake.Server) [][]devrev.ConversationsListCall {
	t.Helper()
	var reads [][]devrev.ConversationsListCall
	for _, c := range s.DevRev.ConversationsListCalls() {
		if c.Cursor == "" {
			reads = append(reads, nil)
		}
		if len(reads) == 0 {
			t.Fatalf("a read began with a cursor: %+v", c)
		}
		reads[len(reads)-1] = append(reads[len(reads)-1], c)
	}
	if len(reads) == 0 {
		t.Fatal("the data source was never read")
	}
	return reads
}

func limits(read []devrev.ConversationsListCall) []int {
	var out []int
	for _, c := range read {
		out = append(out, c.Limit)
	}
	return out
}

// assertReads checks that every read terraform made asked for exactly the
// page sizes wantLimits in mode, and that the fake counted no request beyond
// those pages except extra (faulted ones).
func assertReads(t *testing.T, s *fake.Server, mode string, wantLimits []int, extra int) {
	t.Helper()
	reads := convReads(t, s)
	answered := 0
	for i, read := range reads {
		if got := limits(read); !slices.Equal(got, wantLimits) {
			t.Errorf("read %d asked for pages of %v, want %v", i+1, got, wantLimits)
		}
		for _, c := range read {
			if c.Mode != mode {
				t.Errorf("read %d went in mode %q, want %q", i+1, c.Mode, mode)
			}
		}
		answered += len(read)
	}
	if want := len(reads)*len(wantLimits) + extra; answered+extra != want {
		t.Errorf("%d pages answered for %d reads, want %d each", answered, len(reads), len(wantLimits))
	}
	if err := (acctest.Requests{devrev.RouteConversationsList: answered + extra}).Check(s.Requests()); err != nil {
		t.Errorf("%d reads of %d pages each and %d faulted: %v", len(reads), len(wantLimits), extra, err)
	}
	t.Logf("%d reads of %d requests each", len(reads), len(wantLimits))
}

func nullAttributes(typ tftypes.Object) map[string]tftypes.Value {
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	return vals
}
