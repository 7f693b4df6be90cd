package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// terraformCLI runs the acceptance tests' terraform binary in a directory of
// its own against the provider served from this test process, as
// terraform-plugin-testing does (TF_REATTACH_PROVIDERS), for the commands
// terraform-plugin-testing cannot drive, such as
// `terraform query -generate-config-out`.
type terraformCLI struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newTerraformCLI serves the provider in-process until the test ends and
// returns a runner in a fresh directory; it skips the test, saying so, when
// the binary is older than minVersion.
func newTerraformCLI(t *testing.T, minVersion string) *terraformCLI {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is unset: run with TF_ACC=1 so TestMain finds terraform")
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	if have.LessThan(version.Must(version.NewVersion(minVersion))) {
		t.Skipf("Terraform %s is older than %s, the first version with this feature; set TF_ACC_TERRAFORM_PATH to a newer binary", v.Version, minVersion)
	}

	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	addr := "registry.terraform.io/chatinfra/chatops"
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		addr = host + "/chatinfra/chatops"
	}
	go func() {
		err := tf6server.Serve(addr, NewProtocol6Server("test"),
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	cfg := <-reattach
	t.Cleanup(func() { cancel(); <-closed })
	attach, err := json.Marshal(map[string]any{addr: map[string]any{
		"Protocol":        string(cfg.Protocol),
		"ProtocolVersion": cfg.ProtocolVersion,
		"Pid":             cfg.Pid,
		"Test":            cfg.Test,
		"Addr":            map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &terraformCLI{
		t:   t,
		bin: bin,
		dir: t.TempDir(),
		env: append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(attach), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"),
	}
}

// write puts a file in the working directory.
func (c *terraformCLI) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// read returns a file of the working directory.
func (c *terraformCLI) read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// writeConfig replaces main.tf with config, after the provider requirement.
func (c *terraformCLI) writeConfig(config string) {
	c.t.Helper()
	c.write("main.tf", terraformProviderRequirement+config)
}

// output runs terraform with args and returns its combined output and its
// error, for commands a test expects to fail.
func (c *terraformCLI) output(args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// run runs terraform with args and returns its stdout; a failure fails the
// test with both outputs.
func (c *terraformCLI) run(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("terraform %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// plannedChange is one resource change of `terraform show -json PLANFILE`.
type plannedChange struct {
	Address string `json:"address"`
	Change  struct {
		Actions   []string `json:"actions"`
		Importing *struct {
			ID       string         `json:"id"`
			Identity map[string]any `json:"identity"`
		} `json:"importing"`
	} `json:"change"`
}

// planChanges plans into a file and returns the plan's resource changes.
func (c *terraformCLI) planChanges() []plannedChange {
	c.t.Helper()
	c.run("plan", "-input=false", "-out=tfplan")
	var plan struct {
		ResourceChanges []plannedChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(c.run("show", "-json", "tfplan")), &plan); err != nil {
		c.t.Fatalf("terraform show -json: %v", err)
	}
	return plan.ResourceChanges
}

// checkImportsOnly fails the test unless changes import exactly the objects
// with the identities wantIDs, each with no other change.
func checkImportsOnly(t *testing.T, changes []plannedChange, wantIDs []string) {
	t.Helper()
	got := map[string]bool{}
	for _, ch := range changes {
		if len(ch.Change.Actions) != 1 || ch.Change.Actions[0] != "no-op" || ch.Change.Importing == nil {
			t.Errorf("%s plans %v (importing %v), want an import with no change", ch.Address, ch.Change.Actions, ch.Change.Importing)
			continue
		}
		id, _ := ch.Change.Importing.Identity["id"].(string)
		got[id] = true
	}
	if len(changes) != len(wantIDs) {
		t.Errorf("the plan has %d resource changes, want %d imports", len(changes), len(wantIDs))
	}
	for _, id := range wantIDs {
		if !got[id] {
			t.Errorf("the plan does not import the object with identity %q", id)
		}
	}
}

// terraformProviderRequirement is the terraform block of a working directory
// run by terraformCLI.
const terraformProviderRequirement = `
terraform {
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}
`
