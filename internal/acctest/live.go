package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// Live mode: with TF_ACC_LIVE=1 the live-capable acceptance tests (named
// *_live, started with NewTarget) run against the real APIs of the
// provider's credentials instead of a fake, as the big providers' acceptance
// tests create real objects in a test account. `make testacc-live` runs them;
// CI never sets TF_ACC_LIVE.
//
// In live mode every object a test creates carries RunPrefix in its title or
// name (HelpCrunch chats have neither: their ids are in the test's state) and
// is removed by the test's destroy: conversations are deleted, HelpCrunch
// chats closed. DevRev DMs cannot be deleted: the live tests reuse the
// default DM of CHATOPS_LIVE_DEVREV_USERS. Request counts are not compared
// (the real API may page or retry otherwise); every value check stays. A
// test that needs the fake's back door (its state, faults, readings,
// fixtures or request log) skips in live mode, saying so.
const (
	// EnvLive turns live mode on when it is "1".
	EnvLive = "TF_ACC_LIVE"
	// EnvLiveRunPrefix sets the run prefix (default: tfacc-<random>-).
	EnvLiveRunPrefix = "CHATOPS_LIVE_RUN_PREFIX"
	// EnvLiveDevRevUsers lists, comma-separated, the DevRev users (DON ids
	// or display ids) of the DM the live tests reuse; the token's user must
	// be one of them.
	EnvLiveDevRevUsers = "CHATOPS_LIVE_DEVREV_USERS"
	// EnvLiveHelpCrunchCustomer and EnvLiveHelpCrunchApplication are the
	// ids of the customer the live tests open chats for, and of the
	// application (widget) the chats come through.
	EnvLiveHelpCrunchCustomer    = "CHATOPS_LIVE_HELPCRUNCH_CUSTOMER"
	EnvLiveHelpCrunchApplication = "CHATOPS_LIVE_HELPCRUNCH_APPLICATION"
)

// The provider's credentials and endpoints, which live mode reads (as the
// provider does) and never writes into a configuration or a log.
const (
	envDevRevToken        = "DEVREV_TOKEN"
	envDevRevEndpoint     = "DEVREV_ENDPOINT"
	envHelpCrunchAPIKey   = "HELPCRUNCH_API_KEY"
	envHelpCrunchEndpoint = "HELPCRUNCH_ENDPOINT"
)

// Live reports whether the acceptance tests run against the real APIs.
func Live() bool { return os.Getenv(EnvLive) == "1" }

// SkipLive skips t in live mode, saying why it cannot run against a real
// account (e.g. "needs the fake's fault injection"); in normal mode it does
// nothing.
func SkipLive(t testing.TB, reason string) {
	t.Helper()
	if Live() {
		t.Skipf("%s=1: this test cannot run against a real account: %s", EnvLive, reason)
	}
}

// runPrefix is this process's run prefix.
var runPrefix = sync.OnceValue(func() string {
	if p := os.Getenv(EnvLiveRunPrefix); p != "" {
		return p
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "tfacc-" + hex.EncodeToString(b) + "-"
})

// RunPrefix is the prefix of every title or name this test run gives what
// it creates: CHATOPS_LIVE_RUN_PREFIX, else "tfacc-" and 8 random hex
// digits and "-", the same for every test of the process.
func RunPrefix() string { return runPrefix() }

// Platform is a chat API a live test needs.
type Platform string

// The platforms, by the name the provider's errors use.
const (
	DevRev     Platform = "DevRev"
	HelpCrunch Platform = "HelpCrunch"
)

// Target is where a live-capable test runs: a fresh fake of its own in
// normal mode, the real APIs of the provider's credentials in live mode.
type Target struct {
	// fake is nil in live mode.
	fake *Fake
}

// NewTarget is NewFake for a live-capable test. In live mode it skips t,
// saying what to set, unless the credential of every platform named is set.
func NewTarget(t testing.TB, platforms ...Platform) *Target {
	t.Helper()
	if !Live() {
		return &Target{fake: NewFake(t)}
	}
	for _, p := range platforms {
		env := map[Platform]string{DevRev: envDevRevToken, HelpCrunch: envHelpCrunchAPIKey}[p]
		if os.Getenv(env) == "" {
			t.Skipf("%s=1, but %s is unset: this test needs a real %s account (see \"Verifying against your account\" in README.md)", EnvLive, env, p)
		}
	}
	return &Target{}
}

// Live reports whether the target is the real APIs.
func (tg *Target) Live() bool { return tg.fake == nil }

// Fake is the target's fake; nil in live mode.
func (tg *Target) Fake() *Fake { return tg.fake }

// Name is a title or name for something a test creates: the run prefix,
// then what it is.
func (tg *Target) Name(what string) string { return RunPrefix() + what }

// ProviderConfig is the provider block of the target. In live mode it names
// neither credentials nor endpoints: the provider reads them from DEVREV_*
// and HELPCRUNCH_*.
func (tg *Target) ProviderConfig() string {
	if tg.fake != nil {
		return tg.fake.ProviderConfig()
	}
	return `
provider "chatops" {
  # Credentials and endpoints: DEVREV_TOKEN, DEVREV_ENDPOINT, HELPCRUNCH_API_KEY, HELPCRUNCH_ENDPOINT.
  max_retries     = 5
  request_timeout = "30s"
}
`
}

// ResetRequests resets the fake's request log; nothing in live mode.
func (tg *Target) ResetRequests() {
	if tg.fake != nil {
		tg.fake.ResetRequests()
	}
}

// CheckRequests compares the fake's requests since its last reset with want
// (see Requests.Check). In live mode it compares nothing and passes: the
// real API may page or retry otherwise. ExpectRequests and RequireRequests
// come here, so this is the one place live mode skips counts.
func (tg *Target) CheckRequests(want Requests) error {
	if tg.fake == nil {
		return nil
	}
	return tg.fake.CheckRequests(want)
}

// RequireRequests fails t unless CheckRequests passes.
func (tg *Target) RequireRequests(t testing.TB, want Requests) {
	t.Helper()
	if err := tg.CheckRequests(want); err != nil {
		t.Error(err)
	}
}

// ExpectRequests is a state check that CheckRequests passes.
func (tg *Target) ExpectRequests(want Requests) statecheck.StateCheck {
	return targetRequestsCheck{tg: tg, want: want}
}

type targetRequestsCheck struct {
	tg   *Target
	want Requests
}

func (c targetRequestsCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.tg.CheckRequests(c.want)
}

// DevRevUsers are the users of the DM a live test reuses: those of
// CHATOPS_LIVE_DEVREV_USERS in live mode (skipping t when it is unset),
// DEVU-1 (the demo token's user) and DEVU-2 on the fake.
func (tg *Target) DevRevUsers(t testing.TB) []string {
	t.Helper()
	if tg.fake != nil {
		return []string{"DEVU-1", "DEVU-2"}
	}
	var users []string
	for _, u := range strings.Split(os.Getenv(EnvLiveDevRevUsers), ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		t.Skipf("%s=1, but %s is unset: name the DevRev users (the token's among them) whose default DM the live tests may reuse", EnvLive, EnvLiveDevRevUsers)
	}
	return users
}

// HelpCrunchCustomer is the customer a live test opens chats for:
// CHATOPS_LIVE_HELPCRUNCH_CUSTOMER in live mode (skipping t when it is
// unset), customer 1 on the fake.
func (tg *Target) HelpCrunchCustomer(t testing.TB) int64 {
	t.Helper()
	return tg.liveID(t, EnvLiveHelpCrunchCustomer, "the HelpCrunch customer the live tests may open chats for", 1)
}

// HelpCrunchApplication is the application a live test's chats come
// through: CHATOPS_LIVE_HELPCRUNCH_APPLICATION in live mode, application 1
// on the fake.
func (tg *Target) HelpCrunchApplication(t testing.TB) int64 {
	t.Helper()
	return tg.liveID(t, EnvLiveHelpCrunchApplication, "the HelpCrunch application (widget) the live tests' chats come through", 1)
}

func (tg *Target) liveID(t testing.TB, env, what string, onFake int64) int64 {
	t.Helper()
	if tg.fake != nil {
		return onFake
	}
	raw := os.Getenv(env)
	if raw == "" {
		t.Skipf("%s=1, but %s is unset: set it to the id of %s", EnvLive, env, what)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q is not a HelpCrunch id (a whole number of at least 1)", env, raw)
	}
	return n
}

// API is where the target's platform p is, and its credential: the fake's
// URL and demo credential, or DEVREV_ENDPOINT and DEVREV_TOKEN (HELPCRUNCH_*
// for HelpCrunch; an endpoint may be "", the API's default) in live mode.
// It is for a test to check behind the provider's back (e.g. that destroy
// deleted what it made); the credential must never be printed.
func (tg *Target) API(p Platform) (endpoint, credential string) {
	switch {
	case p == DevRev && tg.fake != nil:
		return tg.fake.DevRevURL(), devrev.DemoToken
	case p == DevRev:
		return os.Getenv(envDevRevEndpoint), os.Getenv(envDevRevToken)
	case tg.fake != nil:
		return tg.fake.HelpCrunchURL(), helpcrunch.DemoKey
	}
	return os.Getenv(envHelpCrunchEndpoint), os.Getenv(envHelpCrunchAPIKey)
}

// String names the target for logs, without credentials.
func (tg *Target) String() string {
	if tg.fake != nil {
		return "the fake at " + tg.fake.URL
	}
	return fmt.Sprintf("the real APIs (run prefix %s)", RunPrefix())
}
