package provider

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// liveTests are the live-capable acceptance tests: `make testacc-live` runs
// the tests whose names match liveTestPattern, and the harness test below
// fails unless each one here ran and passed.
var liveTests = []string{
	"TestAccDevRevConversation_lifecycle_live",
	"TestAccDevRevChat_defaultDM_live",
	"TestAccHelpCrunchChat_lifecycle_live",
}

// liveTestPattern selects the live-capable tests (as GNUmakefile's
// testacc-live does).
const liveTestPattern = "_live$"

// TestAccLiveHarness_againstTheFake runs the live-capable tests in live mode
// (TF_ACC_LIVE=1) with a fake given as the real APIs: its URLs in
// DEVREV_ENDPOINT and HELPCRUNCH_ENDPOINT, its demo credentials in
// DEVREV_TOKEN and HELPCRUNCH_API_KEY. They run in a process of their own
// (this test binary again), so their environment touches no other test.
// Afterwards the fake holds nothing with the run's prefix in its title, no
// open chat, and only the one DM live runs reuse: each test cleaned up what
// it made. No network is reached: the fake listens on loopback.
func TestAccLiveHarness_againstTheFake(t *testing.T) {
	if acctest.Live() {
		t.Skip("TF_ACC_LIVE=1: this test runs the live tests against a fake itself; it is not one of them")
	}
	acctest.PreCheck(t)
	t.Parallel()
	f := acctest.NewFake(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	prefix := "tfacc-harness-" + hex.EncodeToString(b) + "-"

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", liveTestPattern, "-test.count", "1", "-test.v", "-test.timeout", "9m")
	cmd.Env = append(os.Environ(),
		"TF_ACC=1",
		acctest.EnvLive+"=1",
		acctest.EnvLiveRunPrefix+"="+prefix,
		"DEVREV_TOKEN="+devrev.DemoToken,
		"DEVREV_ENDPOINT="+f.DevRevURL(),
		"HELPCRUNCH_API_KEY="+helpcrunch.DemoKey,
		"HELPCRUNCH_ENDPOINT="+f.HelpCrunchURL(),
		acctest.EnvLiveDevRevUsers+"=DEVU-1, DEVU-3",
		acctest.EnvLiveHelpCrunchCustomer+"=4",
		acctest.EnvLiveHelpCrunchApplication+"=2",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	log := out.String()
	if err != nil {
		t.Fatalf("the live tests failed against the fake: %v\n%s", err, log)
	}
	for _, name := range liveTests {
		if !regexp.MustCompile(`(?m)^--- PASS: ` + name + ` `).MatchString(log) {
			t.Errorf("%s did not run and pass in live mode:\n%s", name, log)
		}
	}
	if ran := regexp.MustCompile(`(?m)^--- (PASS|SKIP|FAIL): (\S+)`).FindAllStringSubmatch(log, -1); len(ran) != len(liveTests) {
		t.Errorf("live mode ran %d tests, want the %d of liveTests (add a new live test there):\n%s", len(ran), len(liveTests), log)
	}
	if strings.Contains(log, "--- SKIP") {
		t.Errorf("a live test skipped with every setting given:\n%s", log)
	}

	// Everything went to the fake, and was cleaned up.
	if f.Requests().Total == 0 {
		t.Fatal("the fake received no request: the live tests went elsewhere")
	}
	st := f.State()
	for _, c := range st.DevRev.Conversations {
		if title, _ := c["title"].(string); strings.HasPrefix(title, prefix) {
			t.Errorf("conversation %v is left after the run", c["display_id"])
		}
	}
	if n := len(st.DevRev.Conversations); n != 0 {
		t.Errorf("%d conversations left, want none", n)
	}
	for _, c := range st.DevRev.Chats {
		if title, _ := c["title"].(string); strings.Contains(title, prefix) {
			t.Errorf("DM %v carries the run prefix: %q", c["display_id"], title)
		}
	}
	// The DM cannot be deleted: it is the one default DM of the users the
	// live tests were given, which every live run reuses.
	var dms []map[string]any
	if raw, err := json.Marshal(st.DevRev.Chats); err != nil || json.Unmarshal(raw, &dms) != nil {
		t.Fatalf("the fake's DMs: %v", err)
	}
	if len(dms) != 1 || dms[0]["title"] != testAccLiveDMTitle || testAccDevRevChatUserIDs(dms[0]) != "DEVU-1,DEVU-3" {
		t.Errorf("DMs after the run: %v, want only the reused default DM of DEVU-1 and DEVU-3", dms)
	}
	if len(st.HelpCrunch.Chats) == 0 {
		t.Error("no HelpCrunch chat was opened: the HelpCrunch live test did not reach the fake")
	}
	for _, c := range st.HelpCrunch.Chats {
		if !client.HelpCrunchStatusEqual(fmt.Sprint(c["status"]), client.HelpCrunchStatusClosed) {
			t.Errorf("HelpCrunch chat %v is left %v after the run, want closed", c["id"], c["status"])
		}
		if id := fmt.Sprint(c["customer"].(map[string]any)["id"]); id != "4" {
			t.Errorf("HelpCrunch chat %v is for customer %s, want CHATOPS_LIVE_HELPCRUNCH_CUSTOMER's 4", c["id"], id)
		}
	}
	// Neither credential was written into the log, nor the configurations.
	for _, secret := range []string{devrev.DemoToken, helpcrunch.DemoKey} {
		if strings.Contains(log, secret) {
			t.Errorf("the live run's output carries a credential")
		}
	}
}

// TestLiveTests_areTheLiveCapableOnes: every test that matches the live
// pattern is in liveTests, and only those: a test named *_live that needs the
// fake would skip in live mode, and the harness test would say so, but this
// says it without running anything.
func TestLiveTests_areTheLiveCapableOnes(t *testing.T) {
	t.Parallel()
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^func (Test\w*)\(t \*testing\.T\)`)
	pattern := regexp.MustCompile(liveTestPattern)
	var found []string
	for _, e := range files {
		if !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := os.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if pattern.MatchString(m[1]) {
				found = append(found, m[1])
			}
		}
	}
	slices.Sort(found)
	want := slices.Sorted(slices.Values(liveTests))
	if !slices.Equal(found, want) {
		t.Errorf("tests matching %s: %v; liveTests lists %v", liveTestPattern, found, want)
	}
}
