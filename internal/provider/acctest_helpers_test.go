package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// What the acceptance tests share: how a test case is run against the
// in-process provider, how an error message is matched, and how a test talks
// to the fake behind the provider's back. Request counts are asserted with
// acctest.Requests (f.ExpectRequests, f.RequireRequests, f.CheckRequests).

// testAccDevRevCall sends one request to the fake DevRev API, as another
// client would, and returns the chat it answered.
func testAccDevRevCall(t *testing.T, f *acctest.Fake, path, body string, wantStatus int) map[string]any {
	t.Helper()
	status, raw, err := testAccDevRevPost(f, path, body)
	if err != nil {
		t.Fatal(err)
	}
	if status != wantStatus {
		t.Fatalf("%s: HTTP %d %s, want %d", path, status, raw, wantStatus)
	}
	var out struct {
		Chat map[string]any `json:"chat"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out.Chat
}

// testAccDevRevPost sends one request to the fake DevRev API as someone in
// DevRev would (another client), and returns the answer's status and body.
func testAccDevRevPost(f *acctest.Fake, path, body string) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, f.DevRevURL()+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+devrev.DemoToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// testAccErrorRegexp matches the phrases in order, wherever Terraform wraps
// their lines.
func testAccErrorRegexp(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// testAccParallel runs tc as a parallel acceptance test of the in-process
// provider; testAccSerial runs it in the calling test only (for tests that
// call t.Parallel themselves, or must not run beside others).
func testAccParallel(t *testing.T, tc tfresource.TestCase) {
	t.Helper()
	tfresource.ParallelTest(t, testAccCase(t, tc))
}

// testAccOneStep runs one step as a parallel acceptance test.
func testAccOneStep(t *testing.T, step tfresource.TestStep) {
	t.Helper()
	testAccParallel(t, tfresource.TestCase{Steps: []tfresource.TestStep{step}})
}

func testAccSerial(t *testing.T, tc tfresource.TestCase) {
	t.Helper()
	tfresource.Test(t, testAccCase(t, tc))
}

func testAccCase(t *testing.T, tc tfresource.TestCase) tfresource.TestCase {
	tc.PreCheck = func() { acctest.PreCheck(t) }
	tc.ProtoV6ProviderFactories = testAccProtoV6ProviderFactories
	return tc
}

// planErrorStep is a plan-only step of config, which must fail with an
// error that want matches.
func planErrorStep(config string, want *regexp.Regexp) tfresource.TestStep {
	return tfresource.TestStep{Config: config, PlanOnly: true, ExpectError: want}
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

// compact folds the whitespace of terraform's wrapped output, so a message
// can be matched whatever the terminal width.
func compact(s string) string { return strings.Join(strings.Fields(s), " ") }

// fakeCall sends one API request to the fake with the demo credentials, to
// set up what a test needs behind the provider's back.
func fakeCall(t *testing.T, f *acctest.Fake, platform, path string, body any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	base, auth := f.DevRevURL(), devrev.DemoToken
	if platform == "helpcrunch" {
		base, auth = f.HelpCrunchURL(), helpcrunch.DemoKey
	}
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+auth)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: HTTP %d %v", path, resp.StatusCode, out)
	}
	return out
}

// setFakeEnv points both platforms at f, with its credentials, through the
// environment, as a pipeline would configure the provider; it lasts the
// test, which cannot run in parallel.
func setFakeEnv(t *testing.T, f *acctest.Fake) {
	t.Helper()
	t.Setenv(EnvDevRevToken, devrev.DemoToken)
	t.Setenv(EnvDevRevEndpoint, f.DevRevURL())
	t.Setenv(EnvHelpCrunchAPIKey, helpcrunch.DemoKey)
	t.Setenv(EnvHelpCrunchEndpoint, f.HelpCrunchURL())
}

// testAccDevRevClient is a client of the DevRev API a test runs against
// (the fake, or the real one in live mode), to check behind the provider's
// back.
func testAccDevRevClient(t *testing.T, tg *acctest.Target) *client.DevRev {
	t.Helper()
	endpoint, token := tg.API(acctest.DevRev)
	c, err := client.NewDevRev(client.Options{Endpoint: endpoint, Token: token, MaxRetries: 5})
	if err != nil {
		t.Fatalf("DevRev client: %v", err)
	}
	return c
}

// testAccHelpCrunchClient is testAccDevRevClient for HelpCrunch.
func testAccHelpCrunchClient(t *testing.T, tg *acctest.Target) *client.HelpCrunch {
	t.Helper()
	endpoint, key := tg.API(acctest.HelpCrunch)
	c, err := client.NewHelpCrunch(client.Options{Endpoint: endpoint, Token: key, MaxRetries: 5})
	if err != nil {
		t.Fatalf("HelpCrunch client: %v", err)
	}
	return c
}

// testAccDestroyWithoutRefresh applies config in a fresh working directory
// and destroys it again with -refresh=false; it returns the destroy's output,
// and the fake's requests since are the destroy's alone.
func testAccDestroyWithoutRefresh(t *testing.T, f *acctest.Fake, config string) string {
	t.Helper()
	tf := newTerraformCLI(t, "1.5.0")
	tf.writeConfig(config)
	tf.run("init", "-input=false")
	tf.run("apply", "-auto-approve", "-input=false")
	f.ResetRequests()
	return tf.run("destroy", "-auto-approve", "-input=false", "-refresh=false", "-no-color")
}
