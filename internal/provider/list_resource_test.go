package provider

import (
	"fmt"
	"regexp"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// What the tests of the three list resources share.

// refusedQuery is a list block's config content that must be refused, and
// the error (a regular expression) it must be refused with.
type refusedQuery struct{ config, err string }

// testAccQueriesRefusedBeforeAnyRequest runs a list of listType with each
// case's config block, and checks that each is refused with its error before
// a single request reaches the fake.
func testAccQueriesRefusedBeforeAnyRequest(t *testing.T, listType string, cases map[string]refusedQuery) {
	t.Helper()
	f := acctest.NewFake(t)
	steps := []tfresource.TestStep{{Config: f.ProviderConfig()}}
	for name, c := range cases {
		steps = append(steps,
			tfresource.TestStep{
				PreConfig: f.ResetRequests,
				Query:     true,
				Config: fmt.Sprintf(`
list %q "bad" {
  provider = chatops
  config {
    %s
  }
}
`, listType, c.config),
				ExpectError: regexp.MustCompile(c.err),
			},
			tfresource.TestStep{
				Config: f.ProviderConfig(),
				PreConfig: func() {
					if err := f.CheckRequests(nil); err != nil {
						t.Errorf("%s: the refused query: %v", name, err)
					}
				},
			})
	}
	testAccParallel(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
}

// testAccGenerateConfigAndPlan runs `terraform query
// -generate-config-out=generated.tf` on query (the content of a
// .tfquery.hcl), checks that generated.tf holds one resourceType block per
// id of wantIDs, then runs `terraform plan` on it and checks that the plan
// imports exactly wantIDs (by identity) with no change. It returns
// generated.tf and the requests the query and the plan sent, for the caller
// to check.
func testAccGenerateConfigAndPlan(t *testing.T, f *acctest.Fake, resourceType, query string, wantIDs []string) (generated string, queryRequests, planRequests mockapi.RequestCounts) {
	t.Helper()
	tf := newTerraformCLI(t, "1.14.0")
	tf.write("main.tf", terraformProviderRequirement+f.ProviderConfig())
	tf.write("list.tfquery.hcl", query)
	tf.run("init", "-input=false")
	f.ResetRequests()
	tf.run("query", "-generate-config-out=generated.tf")
	queryRequests = f.Requests()
	generated = tf.read("generated.tf")
	blocks := regexp.MustCompile(`(?m)^resource "`+regexp.QuoteMeta(resourceType)+`"`).FindAllString(generated, -1)
	if len(blocks) != len(wantIDs) {
		t.Fatalf("generated.tf has %d %s blocks, want %d:\n%s", len(blocks), resourceType, len(wantIDs), generated)
	}
	f.ResetRequests()
	checkImportsOnly(t, tf.planChanges(), wantIDs)
	return generated, queryRequests, f.Requests()
}
