package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// The attributes DevRev does not return (records, custom_fields,
// custom_schema_spec, is_default) against the strict fake, which answers
// only the beta spec's dm: create, second plan, update, import, plan.
func TestAccDevRevChat_unreturnedAttributesLifecycle(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := func(records, fields string) string {
		// DON ids, the form an import reads, so ImportStateVerify can compare.
		return f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2), fmt.Sprintf(`
  is_default    = false
  records       = %s
  custom_fields = jsonencode(%s)
  custom_schema_spec = {
    tenant_fragment          = true
    apps                     = ["slack"]
    validate_required_fields = true
  }`, records, fields))
	}
	v1 := cfg(`["ISS-1", "ISS-2"]`, `{ tnt__team = "ops", slack__channel = "#ops" }`)
	v2 := cfg(`["ISS-3"]`, `{ tnt__team = "sre" }`)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: v1,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("ISS-1"), knownvalue.StringExact("ISS-2"),
					})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"),
						knownvalue.StringExact(`{"slack__channel":"#ops","tnt__team":"ops"}`)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_schema_spec").AtMapKey("tenant_fragment"), knownvalue.Bool(true)),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					// A non-default DM cannot have been adopted: the create
					// alone carries everything, the schema spec included.
					if err := testAccDevRevChatBodies(f, routeChatsUpdate); err != nil {
						return err
					}
					return testAccDevRevChatBodies(f, routeChatsCreate, `{"type":"dm","users":["`+testAccDevRevUser1+`","`+testAccDevRevUser2+`"],"is_default":false,`+
						`"records":["ISS-1","ISS-2"],"custom_fields":{"slack__channel":"#ops","tnt__team":"ops"},"get_if_conflict":true,`+
						`"custom_schema_spec":{"apps":["slack"],"tenant_fragment":true,"validate_required_fields":true}}`)
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    v2,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ISS-3")})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.StringExact(`{"tnt__team":"sre"}`)),
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatBodies(f, routeChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":["ISS-3"]},`+
						`"custom_fields":{"slack__channel":null,"tnt__team":"sre"},`+
						`"custom_schema_spec":{"apps":["slack"],"tenant_fragment":true,"validate_required_fields":true}}`)
				},
			},
			{
				Config:            v2,
				ResourceName:      testAccDevRevChatAddr,
				ImportState:       true,
				ImportStateId:     "DM-1",
				ImportStateVerify: true,
				// DevRev does not return them: an import cannot know them,
				// and assumes is_default true.
				ImportStateVerifyIgnore: []string{"records", "custom_fields", "custom_schema_spec", "is_default"},
			},
		},
	})
	kept := testAccDevRevChats(t, f)[0]
	if kept["is_default"] != false || fmt.Sprint(kept["records"]) != "[ISS-3]" {
		t.Errorf("the fake keeps %v, want the non-default DM with records [ISS-3]", kept)
	}
}

// An import cannot read records, custom_fields or is_default. The first plan
// after it sets records and custom fields in place and records a configured
// is_default = false without replacing the chat; the plan after that is
// empty. Users configured as display ids match the imported DON ids.
func TestAccDevRevChat_importThenPlan(t *testing.T) {
	f := acctest.NewFake(t)
	resource := testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  title         = "Ops"
  is_default    = false
  records       = ["ISS-1"]
  custom_fields = jsonencode({ tnt__team = "ops" })
  custom_schema_spec = { tenant_fragment = true }`)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops","is_default":false,`+
						`"records":["ISS-1"],"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
					f.ResetRequests()
				},
				Config: f.ProviderConfig() + resource + `
import {
  to = chatops_devrev_chat.test
  id = "` + testAccDevRevDM1 + `"
}
`,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// In place: never a replace for is_default.
						plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate),
						// The users are no change, although the import read DON ids.
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("users"), knownvalue.SetExact([]knownvalue.Check{
							knownvalue.StringExact(testAccDevRevUser1), knownvalue.StringExact(testAccDevRevUser2),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("records"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ISS-1")})),
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_fields"), knownvalue.StringExact(`{"tnt__team":"ops"}`)),
				},
				Check: func(*terraform.State) error {
					// The import's read, the plan's refresh of it, one update;
					// no create.
					if got := f.RequestCount(routeChatsCreate); got != 0 {
						return fmt.Errorf("%d creates, want 0", got)
					}
					return testAccDevRevChatBodies(f, routeChatsUpdate, `{"type":"dm","id":"`+testAccDevRevDM1+`","records":{"set":["ISS-1"]},`+
						`"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`)
				},
			},
		},
	})
	testAccDevRevChatFake(t, f, 1)
}

// A configured is_default equal to what the import assumed plans nothing.
func TestAccDevRevChat_importDefaultDMPlansNothing(t *testing.T) {
	f := acctest.NewFake(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-2"],"title":"Ops"}`, http.StatusCreated)
					f.ResetRequests()
				},
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-2", "DEVU-1"]`, `title = "Ops"`) + `
import {
  to = chatops_devrev_chat.test
  id = "DM-1"
}
`,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionNoop)},
				},
				Check: func(*terraform.State) error {
					// The import's read only: no refresh, no update.
					return testAccDevRevChatRequests(f, map[string]int{routeChatsGet: 1})
				},
			},
		},
	})
}

// terraform plan -generate-config-out on an imported chat writes
// configuration that plans clean, without noise such as
// custom_schema_spec = null.
func TestAccDevRevChat_generatedConfigPlansClean(t *testing.T) {
	f := acctest.NewFake(t)
	workDir := t.TempDir()
	var generated string
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		WorkingDir:               workDir,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					testAccDevRevCall(t, f, "/chats.create", `{"type":"dm","users":["DEVU-1","DEVU-3"],"title":"Ops","records":["ISS-1"],`+
						`"custom_fields":{"tnt__team":"ops"},"custom_schema_spec":{"tenant_fragment":true}}`, http.StatusCreated)
				},
				Config:          f.ProviderConfig(),
				ResourceName:    testAccDevRevChatAddr,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithID,
				ImportStateId:   "DM-1",
				GenerateConfig:  true,
				// The harness checks that the plan made with the generated
				// configuration is a no-op import.
				ImportPlanChecks: tfresource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("title"), knownvalue.StringExact("Ops")),
						plancheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("custom_schema_spec"), knownvalue.Null()),
						generatedConfigCheck{dir: workDir, got: &generated},
					},
				},
			},
		},
	})
	t.Logf("generated configuration:\n%s", generated)
	// Computed-only attributes never appear.
	for _, noise := range []string{"created_date", "modified_date", "created_by", "display_id", "groups", "\n  id ", "type "} {
		if strings.Contains(generated, noise) {
			t.Errorf("generated configuration has %q:\n%s", noise, generated)
		}
	}
	// custom_schema_spec is optional and computed, planned null when unset:
	// Terraform 1.15's generator skips a null computed attribute. Older
	// generators write "= null" for every null optional attribute (title,
	// records, ... alike), which plans clean but no provider can prevent.
	specLine := regexp.MustCompile(`(?m)^\s*custom_schema_spec\s*=.*$`).FindString(generated)
	if major, minor := testAccTerraformVersion(t); major > 1 || minor >= 15 {
		if specLine != "" {
			t.Errorf("generated configuration has %q", specLine)
		}
	} else if specLine != "" && !regexp.MustCompile(`=\s*null$`).MatchString(specLine) {
		t.Errorf("generated configuration has %q, want it absent or null", specLine)
	}
	if !regexp.MustCompile(`users\s+=\s+\["don:identity:dvrv-us-1:devo/demo:devu/1", "don:identity:dvrv-us-1:devo/demo:devu/3"\]`).MatchString(generated) {
		t.Errorf("generated configuration lacks the users:\n%s", generated)
	}
}

// generatedConfigCheck reads the generated.tf of the import step while its
// working directory still exists (the harness removes it after the step).
type generatedConfigCheck struct {
	dir string
	got *string
}

func (c generatedConfigCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "generated.tf" {
			return err
		}
		raw, err := os.ReadFile(p)
		*c.got = string(raw)
		return err
	})
	if err == nil && *c.got == "" {
		err = fmt.Errorf("no generated.tf under %s", c.dir)
	}
	resp.Error = err
}

// The two id forms of a user are one user: switching forms, either way,
// plans nothing and sends nothing.
func TestAccDevRevChat_userIDFormSwitchPlansNothing(t *testing.T) {
	f := acctest.NewFake(t)
	display := `["DEVU-1", "DEVU-2"]`
	don := fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser2)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: f.ProviderConfig() + testAccDevRevChatConfig(display, ``)},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(don, ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatRequests(f, map[string]int{routeChatsGet: 1})
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-3"]`, ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccDevRevChatAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				PreConfig: f.ResetRequests,
				Config:    f.ProviderConfig() + testAccDevRevChatConfig(fmt.Sprintf("[%q, %q]", testAccDevRevUser1, testAccDevRevUser3), ``),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatRequests(f, map[string]int{routeChatsGet: 1})
				},
			},
		},
	})
}

// A default DM whose create answer is lost: the error says applying again
// adopts it, and applying again does, with no second chat. The same advice
// holds when the create times out.
func TestAccDevRevChat_defaultLostResponseAdoptsOnReapply(t *testing.T) {
	f := acctest.NewFake(t)
	lost := mockapi.ScriptedFault{Route: routeChatsCreate, Status: http.StatusServiceUnavailable, AfterCommit: true}
	cfg := f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `title = "Ops"`)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				// max_retries = 3: four lost answers exhaust the retries.
				PreConfig: func() { f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{lost, lost, lost, lost}}) },
				Config:    cfg,
				ExpectError: testAccErrorRegexp("HTTP 503", "get_if_conflict is true, so applying again adopts that chat",
					"instead of creating a second one"),
			},
			{
				PreConfig: func() {
					f.ClearFaults()
					f.ResetRequests()
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccDevRevChatAddr, tfjsonpath.New("id"), knownvalue.StringExact(testAccDevRevDM1)),
				},
				Check: func(*terraform.State) error {
					return testAccDevRevChatRequests(f, map[string]int{routeChatsCreate: 1})
				},
			},
		},
	})
	testAccDevRevChatFake(t, f, 1)
	if strings.Contains(fmt.Sprint(testAccDevRevChats(t, f)), "DM-2") {
		t.Error("a second chat was created")
	}
}

func TestAccDevRevChat_defaultCreateTimeoutAdvice(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{LatencyMS: 3000})
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  timeouts {
    create = "1s"
  }`),
				ExpectError: testAccErrorRegexp("no answer", "applying again adopts that chat instead of creating a second one"),
			},
		},
	})
}

func TestAccDevRevChat_nonDefaultCreateTimeoutAdvice(t *testing.T) {
	f := acctest.NewFake(t)
	f.SetFaults(mockapi.Faults{LatencyMS: 3000})
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1", "DEVU-2"]`, `
  is_default = false
  timeouts {
    create = "1s"
  }`),
				ExpectError: testAccErrorRegexp("no answer", "the chat may exist", "would create a second chat"),
			},
		},
	})
	if got := f.RequestCount(routeChatsCreate); got != 1 {
		t.Errorf("create requests = %d, want 1 (a non-default DM is not retried once sent)", got)
	}
}

func TestAccDevRevChat_customFieldsWithoutSpecFailAtPlan(t *testing.T) {
	f := acctest.NewFake(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `custom_fields = jsonencode({ tnt__team = "ops" })`),
				ExpectError: testAccErrorRegexp("Missing Custom Schema Spec", "custom_fields is set but custom_schema_spec is not", "refuses a request without it"),
			},
			{
				// An empty object is no custom field: it needs no spec.
				Config:   f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, `custom_fields = jsonencode({})`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
		},
	})
	if got := f.Requests(); got.Total != 0 {
		t.Errorf("bad input reached the API: %v", got.ByRoute)
	}
}

func TestAccDevRevChat_importBlankID(t *testing.T) {
	f := acctest.NewFake(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:        f.ProviderConfig() + testAccDevRevChatConfig(`["DEVU-1"]`, ``),
				ResourceName:  testAccDevRevChatAddr,
				ImportState:   true,
				ImportStateId: "   ",
				ExpectError:   testAccErrorRegexp("Invalid Import ID", `got a blank id ("   ", only whitespace)`),
			},
		},
	})
	if got := f.Requests(); got.Total != 0 {
		t.Errorf("a blank import id reached the API: %v", got.ByRoute)
	}
}

// testAccTerraformVersion is the major and minor version of the terraform
// binary the acceptance tests run.
func testAccTerraformVersion(t *testing.T) (major, minor int) {
	t.Helper()
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	return major, minor
}
