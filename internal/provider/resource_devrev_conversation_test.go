package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
)

const (
	testAccConvAddr = "chatops_devrev_conversation.test"
	testAccConv1    = "don:core:dvrv-us-1:devo/demo:conversation/1"
)

// testAccConvBase is a conversation with every settable attribute.
var testAccConvBase = map[string]string{
	"title":              `"Escalations: Acme"`,
	"description":        `"Standing room for Acme escalations"`,
	"group":              `"GROUP-1"`,
	"members":            `["DEVU-1", "DEVU-2"]`,
	"owned_by":           `["DEVU-1"]`,
	"stage":              `"new"`,
	"tags":               `[{ id = "TAG-4" }, { id = "TAG-5", value = "p1" }]`,
	"channels":           `["ECC-1"]`,
	"is_spam":            `false`,
	"is_frozen":          `false`,
	"custom_fields":      `jsonencode({ tnt__tier = "gold" })`,
	"custom_schema_spec": `{ tenant_fragment = true }`,
}

func testAccConvConfig(attrs map[string]string, overrides ...string) string {
	merged := map[string]string{}
	for k, v := range attrs {
		merged[k] = v
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		if overrides[i+1] == "" {
			delete(merged, overrides[i])
		} else {
			merged[overrides[i]] = overrides[i+1]
		}
	}
	var b strings.Builder
	b.WriteString("resource \"chatops_devrev_conversation\" \"test\" {\n")
	for _, k := range []string{"title", "description", "group", "members", "owned_by", "stage", "tags", "channels", "is_spam", "is_frozen", "custom_fields", "custom_schema_spec"} {
		if v, ok := merged[k]; ok {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// testAccConvStored returns the fake's conversations.
func testAccConvStored(f *acctest.Fake) []map[string]any { return f.State().DevRev.Conversations }

// TestAccDevRevConversation_lifecycle creates a conversation with every
// attribute, plans nothing, changes each attribute in turn with exactly one
// conversations.update, and destroys it with one conversations.delete.
func TestAccDevRevConversation_lifecycle(t *testing.T) {
	f := acctest.NewFake(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var createCounts, noopCounts mockapi.RequestCounts
	updateCounts := map[string]mockapi.RequestCounts{}

	steps := []tfresource.TestStep{
		{
			Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(testAccConvAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccConv1)),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("CONV-1")),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact("Escalations: Acme")),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("group"), knownvalue.StringExact("GROUP-1")),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("members"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("DEVU-1"), knownvalue.StringExact("DEVU-2"),
				})),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("stage"), knownvalue.StringExact("new")),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("TAG-4"), "value": knownvalue.Null()}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("TAG-5"), "value": knownvalue.StringExact("p1")}),
				})),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("created_by"), knownvalue.StringExact(testAccDevRevUser1)),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("created_date"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("sla_summary"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error { createCounts = f.Requests(); return nil },
		},
		{
			PreConfig: f.ResetRequests,
			Config:    f.ProviderConfig() + testAccConvConfig(testAccConvBase),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error { noopCounts = f.Requests(); return nil },
		},
	}
	// One attribute changes per step; each step is one in-place update.
	changes := [][2]string{
		{"title", `"Escalations: Acme Corp"`},
		{"description", `"Room for Acme"`},
		{"group", `"GROUP-2"`},
		{"members", `["DEVU-1", "DEVU-3"]`},
		{"owned_by", `["DEVU-3"]`},
		{"stage", `"waiting_on_user"`},
		{"tags", `[{ id = "TAG-5", value = "p0" }]`},
		{"channels", `["ECC-1", "ECC-2"]`},
		{"is_spam", `true`},
		{"is_frozen", `true`},
		{"custom_fields", `jsonencode({ tnt__tier = "silver", tnt__region = "eu" })`},
	}
	cur := map[string]string{}
	for k, v := range testAccConvBase {
		cur[k] = v
	}
	for _, ch := range changes {
		cur[ch[0]] = ch[1]
		cfg := f.ProviderConfig() + testAccConvConfig(cur)
		name := ch[0]
		steps = append(steps, tfresource.TestStep{
			PreConfig: f.ResetRequests,
			Config:    cfg,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccConvAddr, tfjsonpath.New("id"))},
			Check:             func(*terraform.State) error { updateCounts[name] = f.Requests(); return nil },
		})
	}
	// Removing title and owned_by clears them, in one more update.
	steps = append(steps, tfresource.TestStep{
		PreConfig: f.ResetRequests,
		Config:    f.ProviderConfig() + testAccConvConfig(cur, "title", "", "owned_by", "", "tags", ""),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.Null()),
			statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("owned_by"), knownvalue.Null()),
			statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("tags"), knownvalue.Null()),
		},
		Check: func(*terraform.State) error { updateCounts["remove title, owned_by, tags"] = f.Requests(); return nil },
	})

	var destroyCounts mockapi.RequestCounts
	testAccParallel(t, tfresource.TestCase{
		Steps: steps,
		CheckDestroy: func(*terraform.State) error {
			destroyCounts = f.Requests()
			if n := len(testAccConvStored(f)); n != 0 {
				return fmt.Errorf("%d conversations left after destroy", n)
			}
			return nil
		},
	})

	if err := (acctest.Requests{devrev.RouteConversationsCreate: 1}).Check(createCounts); err != nil {
		t.Errorf("create: %v", err)
	}
	// The plan refreshes the conversation once; the apply has nothing to do.
	if err := (acctest.Requests{devrev.RouteConversationsGet: 1}).Check(noopCounts); err != nil {
		t.Errorf("no-op plan and apply: %v", err)
	}
	// Each change is the plan's refresh and one conversations.update.
	for name, c := range updateCounts {
		if err := (acctest.Requests{devrev.RouteConversationsGet: 1, devrev.RouteConversationsUpdate: 1}).Check(c); err != nil {
			t.Errorf("changing %s: %v", name, err)
		}
	}
	t.Logf("requests: create %v; no-op plan %v; update of title %v; destroy (since the last reset) %v",
		createCounts.ByRoute, noopCounts.ByRoute, updateCounts["title"].ByRoute, destroyCounts.ByRoute)
}

// TestAccDevRevConversation_updateSendsOnlyWhatChanged checks the body of
// the update: only the changed attributes, lists as sets.
func TestAccDevRevConversation_updateSendsOnlyWhatChanged(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase)},
			{
				// The same users in the other id form, and a new member: only
				// members is sent, and the state keeps the forms written.
				Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase, "members", fmt.Sprintf(`[%q, "DEVU-2", "DEVU-4"]`, testAccDevRevUser1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("members"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact("DEVU-2"), knownvalue.StringExact("DEVU-4"),
					})),
				},
				Check: func(*terraform.State) error {
					c := testAccConvStored(f)[0]
					if n := len(c["members"].([]any)); n != 3 {
						return fmt.Errorf("fake has %d members, want 3", n)
					}
					return nil
				},
			},
			{
				// Only the id form changes: no plan at all.
				Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase, "members", `["DEVU-1", "DEVU-2", "DEVU-4"]`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccDevRevConversation_import(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := f.ProviderConfig() + testAccConvConfig(testAccConvBase)
	// Not in DevRev's conversation object, so an import cannot read them.
	ignore := []string{"custom_fields", "custom_schema_spec"}
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				Config: cfg, ResourceName: testAccConvAddr, ImportState: true, ImportStateId: testAccConv1,
				ImportStateVerify: true, ImportStateVerifyIgnore: ignore,
			},
			{
				Config: cfg, ResourceName: testAccConvAddr, ImportState: true, ImportStateId: "CONV-1",
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != testAccConv1 || states[0].Attributes["display_id"] != "CONV-1" ||
						states[0].Attributes["title"] != "Escalations: Acme" || states[0].Attributes["members.#"] != "2" {
						return fmt.Errorf("imported %v, want %s with its title and 2 members", states, testAccConv1)
					}
					return nil
				},
			},
			{
				Config:        cfg,
				ResourceName:  testAccConvAddr,
				ImportState:   true,
				ImportStateId: "CONV-42",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				Config:        cfg,
				ResourceName:  testAccConvAddr,
				ImportState:   true,
				ImportStateId: "   ",
				ExpectError:   regexp.MustCompile(`Invalid Import ID`),
			},
		},
	})
}

func TestAccDevRevConversation_driftAfterOutOfBandDelete(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := f.ProviderConfig() + testAccConvConfig(testAccConvBase)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { f.DeleteOutOfBand(t, "devrev/conversations", "CONV-1") },
				Config:    cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("display_id"), knownvalue.StringExact("CONV-2")),
				},
			},
			{
				// A title changed in DevRev is drift the next plan undoes.
				PreConfig: func() {
					if code, _, _ := testAccDevRevPost(f, "/conversations.update", `{"id":"CONV-2","title":"Renamed in DevRev"}`); code != http.StatusOK {
						t.Fatalf("out-of-band update: HTTP %d", code)
					}
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact("Escalations: Acme")),
				},
			},
		},
	})
	if n := len(testAccConvStored(f)); n != 0 {
		t.Errorf("%d conversations left after destroy", n)
	}
}

// TestAccDevRevConversation_customFieldsRemoval removes the custom fields
// alone, then with their schema spec, and adds both back: each removal is one
// conversations.update that sends the removed fields as null with the spec
// they were set with, from the configuration or, once it is gone from there,
// from the state; DevRev refuses the removals without it. Removing the spec
// alone is refused at plan, as custom fields need it.
func TestAccDevRevConversation_customFieldsRemoval(t *testing.T) {
	f := acctest.NewFake(t)
	spec := `{"tenant_fragment": true}`
	update := func(fields string) string {
		return `{"id": "` + testAccConv1 + `", "custom_fields": ` + fields + `, "custom_schema_spec": ` + spec + `}`
	}
	step := func(config, sent string) tfresource.TestStep {
		return tfresource.TestStep{
			PreConfig: f.ResetRequests,
			Config:    f.ProviderConfig() + config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				f.ExpectRequests(acctest.Requests{devrev.RouteConversationsGet: 1, devrev.RouteConversationsUpdate: 1}),
			},
			Check: func(*terraform.State) error {
				return testAccDevRevChatBodies(f, devrev.RouteConversationsUpdate, sent)
			},
		}
	}
	withoutFields := testAccConvConfig(testAccConvBase, "custom_fields", "")
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase)},
			step(withoutFields, update(`{"tnt__tier": null}`)),
			step(testAccConvConfig(testAccConvBase), update(`{"tnt__tier": "gold"}`)),
			step(testAccConvConfig(testAccConvBase, "custom_fields", "", "custom_schema_spec", ""), update(`{"tnt__tier": null}`)),
			step(testAccConvConfig(testAccConvBase), update(`{"tnt__tier": "gold"}`)),
			{
				PreConfig:   f.ResetRequests,
				Config:      f.ProviderConfig() + testAccConvConfig(testAccConvBase, "custom_schema_spec", ""),
				ExpectError: regexp.MustCompile(`(?s)custom_schema_spec.*must be specified`),
			},
			{
				PreConfig: func() { f.RequireRequests(t, nil) },
				Config:    f.ProviderConfig() + testAccConvConfig(testAccConvBase),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccDevRevConversation_invalidInputsFailAtPlan refuses bad inputs
// before any request.
func TestAccDevRevConversation_invalidInputsFailAtPlan(t *testing.T) {
	f := acctest.NewFake(t)
	var steps []tfresource.TestStep
	for _, tc := range []struct {
		key, value, err string
	}{
		{"title", `""`, `must not be empty or blank`},
		{"title", `"   "`, `must not be empty or blank`},
		{"description", `""`, `must not be empty or blank`},
		{"stage", `""`, `must not be empty or blank`},
		{"group", `" "`, `must not be empty or blank`},
		{"members", `[""]`, `must not be empty or blank`},
		{"members", `[]`, `set must contain at least 1 elements`},
		{"owned_by", `["DEVU-1", " "]`, `must not be empty or blank`},
		{"channels", `[""]`, `must not be empty or blank`},
		{"tags", `[{ id = "" }]`, `must not be empty or blank`},
		{"tags", `[{ id = "TAG-5", value = " " }]`, `must not be empty or blank`},
		{"custom_fields", `jsonencode({ tier = "gold" })`, `Invalid Custom Field Name.*"tier"`},
		{"custom_fields", `jsonencode({ tnt__tier = "gold", __x = 1, "ctype__" = 2 })`, `"__x".*names no custom field.*"ctype__"`},
		{"custom_fields", `"not json"`, `not valid JSON`},
		{"custom_fields", `jsonencode(["a"])`, `Invalid Custom Fields`},
		{"custom_schema_spec", `{ subtype = "" }`, `must not be empty or blank`},
	} {
		steps = append(steps, tfresource.TestStep{
			Config:      f.ProviderConfig() + testAccConvConfig(testAccConvBase, tc.key, tc.value),
			ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(tc.err, " ", `\s+`)),
		})
	}
	// custom_fields without the schema spec that DevRev requires with them.
	steps = append(steps, tfresource.TestStep{
		Config:      f.ProviderConfig() + testAccConvConfig(testAccConvBase, "custom_schema_spec", ""),
		ExpectError: regexp.MustCompile(`custom_schema_spec`),
	})
	// A timeout of zero or less, which would fail before the first request.
	steps = append(steps, tfresource.TestStep{
		Config: f.ProviderConfig() + strings.TrimSuffix(testAccConvConfig(testAccConvBase), "}\n") +
			"  timeouts {\n    update = \"0s\"\n    delete = \"-1m\"\n  }\n}\n",
		ExpectError: regexp.MustCompile(`(?s)Invalid Timeout.*greater than zero`),
	})
	testAccParallel(t, tfresource.TestCase{
		Steps: steps,
	})
	f.RequireRequests(t, nil)
}

// TestAccDevRevConversation_unknownStageFailsOnApply: the spec has no enum of
// stage names (they are per organization), so DevRev's 400 is what stops it.
func TestAccDevRevConversation_unknownStageFailsOnApply(t *testing.T) {
	f := acctest.NewFake(t)
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{{
			Config:      f.ProviderConfig() + testAccConvConfig(testAccConvBase, "stage", `"limbo"`),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create DevRev Conversation.*no conversation\s+stage\s+named`),
		}},
	})
	if n := len(testAccConvStored(f)); n != 0 {
		t.Errorf("%d conversations stored, want 0", n)
	}
}

// TestAccDevRevConversation_faults: a 429 with retry_after, 503s and a lost
// answer, and exactly one conversation in the end.
func TestAccDevRevConversation_faults(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: devrev.RouteConversationsCreate, Status: http.StatusTooManyRequests, RetryAfterSeconds: 1, RetryAfterIn: "body"},
		// Not committed: the search finds nothing and the create is sent again.
		{Route: devrev.RouteConversationsCreate, Status: http.StatusServiceUnavailable},
		// Committed, answer lost: the search finds it and adopts it.
		{Route: devrev.RouteConversationsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true},
		{Route: devrev.RouteConversationsGet, Status: http.StatusServiceUnavailable},
		{Route: devrev.RouteConversationsUpdate, Status: http.StatusServiceUnavailable, AfterCommit: true},
		{Route: devrev.RouteConversationsDelete, Status: http.StatusServiceUnavailable, AfterCommit: true},
	}})
	var createCounts mockapi.RequestCounts
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccConv1)),
				},
				Check: func(*terraform.State) error {
					createCounts = f.Requests()
					if n := len(testAccConvStored(f)); n != 1 {
						return fmt.Errorf("%d conversations after a create with faults, want 1", n)
					}
					return nil
				},
			},
			{
				Config: f.ProviderConfig() + testAccConvConfig(testAccConvBase, "title", `"After faults"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact("After faults")),
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(testAccConvStored(f)); n != 0 {
				return fmt.Errorf("%d conversations left after destroy", n)
			}
			return nil
		},
	})
	// 429, 503, lost 503: three creates, the third committed; one search after each 503.
	if err := (acctest.Requests{devrev.RouteConversationsCreate: 3, devrev.RouteConversationsList: 2}).Check(createCounts); err != nil {
		t.Errorf("create under faults: %v", err)
	}
}

// TestAccDevRevConversation_lostAnswerAmbiguous: two conversations match a
// create whose answer was lost; the create fails naming both, and makes no third.
func TestAccDevRevConversation_lostAnswerAmbiguous(t *testing.T) {
	// Parallel before seeding: a test paused waiting for a parallel slot
	// must not age the seed out of the create's search window.
	t.Parallel()
	f := acctest.NewFake(t)
	if code, _, _ := testAccDevRevPost(f, "/conversations.create", `{"type":"support","title":"Twin"}`); code != http.StatusCreated {
		t.Fatalf("seeding: HTTP %d", code)
	}
	f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{
		{Route: devrev.RouteConversationsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true},
	}})
	testAccSerial(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{{
			Config:      f.ProviderConfig() + `resource "chatops_devrev_conversation" "test" { title = "Twin" }`,
			ExpectError: regexp.MustCompile(`(?s)2 conversations match.*CONV-1.*CONV-2`),
		}},
	})
	if n := len(testAccConvStored(f)); n != 2 {
		t.Errorf("%d conversations, want the 2 there were", n)
	}
	if n := f.RequestCount(devrev.RouteConversationsCreate); n != 2 {
		t.Errorf("%d conversations.create, want the seed and the one lost", n)
	}
}

// TestAccDevRevConversation_example applies the documented example and plans
// nothing afterwards.
func TestAccDevRevConversation_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/resources/chatops_devrev_conversation/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	f := acctest.NewFake(t)
	addr := "chatops_devrev_conversation.acme_escalations"
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + string(example),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_id"), knownvalue.StringExact("CONV-1")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.SetSizeExact(2)),
				},
			},
			{
				Config:            f.ProviderConfig() + string(example),
				ConfigPlanChecks:  tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("group"), knownvalue.StringExact("GROUP-1"))},
			},
		},
	})
}

// TestAccDevRevConversation_lifecycle_live creates a conversation titled
// with the run prefix, renames it in place, imports it by display id and
// destroys it, which deletes it (checked through the API). It runs against
// the fake, and with TF_ACC_LIVE=1 against a real DevRev org.
func TestAccDevRevConversation_lifecycle_live(t *testing.T) {
	tg := acctest.NewTarget(t, acctest.DevRev)
	config := func(title string) string {
		return tg.ProviderConfig() + fmt.Sprintf(`
resource "chatops_devrev_conversation" "test" {
  title       = %q
  description = "Made by an acceptance test of terraform-provider-chatops; its destroy deletes it."
}
`, title)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	testAccParallel(t, tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				PreConfig: tg.ResetRequests,
				Config:    config(tg.Name("conversation")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccConvAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^don:core:.+:conversation/`))),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("display_id"), knownvalue.StringRegexp(regexp.MustCompile(`^CONV-`))),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact(tg.Name("conversation"))),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("description"), knownvalue.StringExact("Made by an acceptance test of terraform-provider-chatops; its destroy deletes it.")),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("stage"), knownvalue.NotNull()),
					hcCaptureID(testAccConvAddr, &id),
					tg.ExpectRequests(acctest.Requests{devrev.RouteConversationsCreate: 1}),
				},
			},
			{
				PreConfig: tg.ResetRequests,
				Config:    config(tg.Name("conversation renamed")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccConvAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccConvAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccConvAddr, tfjsonpath.New("title"), knownvalue.StringExact(tg.Name("conversation renamed"))),
					tg.ExpectRequests(acctest.Requests{devrev.RouteConversationsGet: 1, devrev.RouteConversationsUpdate: 1}),
				},
			},
			{
				ResourceName:      testAccConvAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[testAccConvAddr].Primary.Attributes["display_id"], nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			_, err := testAccDevRevClient(t, tg).Conversations.Get(context.Background(), id)
			switch {
			case err == nil:
				return fmt.Errorf("conversation %s is still there after destroy", id)
			case !client.IsNotFound(err):
				return fmt.Errorf("conversation %s after destroy: want DevRev's 404, got: %w", id, err)
			}
			return nil
		},
	})
}
