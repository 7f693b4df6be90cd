// Package acctest holds what the acceptance tests share: a per-test fake of
// both APIs, the provider block that points at it, the one comparison of
// request counts, live mode (the live-capable tests against the real APIs,
// live.go), and the terraform binary check.
package acctest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Fake is one test's private fake of both APIs.
type Fake struct {
	*fake.Server
	// URL is the fake's base URL, e.g. http://127.0.0.1:34567.
	URL string
}

// NewFake starts a fake with the default fixtures (or opts) on a free loopback
// port, checks every exchange against the API specs, and stops it when the
// test ends.
//
// The check is strict: a response property the spec does not declare is a
// violation, so the fake cannot drift into answering what the real API does
// not. CHATOPS_CONFORMANCE=lenient turns that part off while investigating,
// never in CI.
//
// In live mode (TF_ACC_LIVE=1) it skips t: a test that starts a fake of its
// own needs it. Live-capable tests use NewTarget.
func NewFake(t testing.TB, opts ...fake.Options) *Fake {
	t.Helper()
	SkipLive(t, "it runs against a fake of its own (its fixtures, state, faults, readings or request log); the live-capable tests are the *_live ones, started with acctest.NewTarget")
	var o fake.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if err := loadSpecs(); err != nil {
		t.Fatalf("loading the API specs: %v", err)
	}
	srv, err := fake.New(o)
	if err != nil {
		t.Fatalf("starting the fake: %v", err)
	}
	ts := httptest.NewUnstartedServer(conformanceHandler(t, srv, os.Getenv("CHATOPS_CONFORMANCE") != "lenient"))
	srv.Hook(ts.Config)
	ts.Start()
	t.Cleanup(ts.Close)
	return &Fake{Server: srv, URL: ts.URL}
}

// DevRevURL is the fake DevRev API's base URL.
func (f *Fake) DevRevURL() string { return f.URL + devrev.Prefix }

// HelpCrunchURL is the fake HelpCrunch API's base URL.
func (f *Fake) HelpCrunchURL() string { return f.URL + helpcrunch.Prefix }

// ProviderConfig is a provider block that points both platforms at the fake
// with the demo credentials and fast retries.
func (f *Fake) ProviderConfig() string {
	return fmt.Sprintf(`
provider "chatops" {
  devrev = {
    token    = %q
    endpoint = %q
  }
  helpcrunch = {
    api_key  = %q
    endpoint = %q
  }
  max_retries     = 3
  request_timeout = "10s"
}
`, devrev.DemoToken, f.DevRevURL(), helpcrunch.DemoKey, f.HelpCrunchURL())
}

// PreCheck fails the test, loudly, when no terraform binary can be found: the
// acceptance tests never download one and never skip.
func PreCheck(t testing.TB) {
	t.Helper()
	if err := SetupTerraform(); err != nil {
		t.Fatal(err)
	}
}

// SetupTerraform points terraform-plugin-testing at the terraform (or tofu)
// binary from TF_ACC_TERRAFORM_PATH or PATH, gives terraform an empty CLI
// configuration, and turns off its network checks.
func SetupTerraform() error {
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			return fmt.Errorf("acceptance tests need a terraform (or tofu) binary: none on PATH and TF_ACC_TERRAFORM_PATH is unset")
		}
		bin = found
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("TF_ACC_TERRAFORM_PATH: %w", err)
	}
	if err := os.Setenv("TF_ACC_TERRAFORM_PATH", bin); err != nil {
		return err
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	if filepath.Base(bin) == "tofu" && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
	}
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		dir, err := os.MkdirTemp("", "chatops-tfcli")
		if err != nil {
			return err
		}
		empty := filepath.Join(dir, "terraformrc")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			return err
		}
		_ = os.Setenv("TF_CLI_CONFIG_FILE", empty)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// DeleteOutOfBand removes an object behind the provider's back through the
// fake's control API, e.g. f.DeleteOutOfBand(t, "devrev/chats", "DM-1").
func (f *Fake) DeleteOutOfBand(t testing.TB, collection, id string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, f.URL+mockapi.ControlPrefix+collection+"/"+url.PathEscape(id), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("deleting %s %s behind the provider's back: HTTP %d", collection, id, resp.StatusCode)
	}
}
