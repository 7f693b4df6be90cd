package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// TestAccGitOpsExample runs examples/gitops as its pipeline would, against the
// fake: credentials from the environment, init (the local module), validate,
// apply, then a drift check (plan -detailed-exitcode) that finds nothing.
//
// The provider is served from this process, so the credentials go in this
// process's environment: the test cannot run in parallel.
func TestAccGitOpsExample(t *testing.T) {
	f := acctest.NewFake(t)
	setFakeEnv(t, f)
	cli := newTerraformCLI(t, "1.5.0")
	copyExample(t, "../../examples/gitops", cli.dir)

	cli.run("init", "-input=false", "-backend=false")
	cli.run("validate")
	cli.run("apply", "-auto-approve", "-input=false")

	state := f.State()
	// Two on-call DMs, three escalation rooms, one VIP chat.
	if n := len(state.DevRev.Chats); n != 2 {
		t.Errorf("%d DevRev chats, want 2", n)
	}
	if n := len(state.HelpCrunch.Chats); n != 1 {
		t.Errorf("%d HelpCrunch chats, want 1", n)
	}
	out := cli.run("output", "-json", "escalation_rooms")
	for _, want := range []string{`"acme"`, `"globex"`, `"initech"`} {
		if !strings.Contains(out, want) {
			t.Errorf("escalation_rooms output %s lacks %s", out, want)
		}
	}

	f.ResetRequests()
	cli.run("plan", "-detailed-exitcode", "-input=false")
	// One read per object: two on-call DMs, three escalation rooms, one VIP chat.
	f.RequireRequests(t, acctest.Requests{devrev.RouteChatsGet: 2, devrev.RouteConversationsGet: 3, helpcrunch.RouteChatGet: 1})
}

// copyExample copies an example folder (hidden files included) into dir.
func copyExample(t *testing.T, src, dir string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}
