package acctest

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// skipTB records a skip (or a fatal error) of the code it is given to, and
// stops that code there, as testing.T would.
type skipTB struct {
	testing.TB
	skipped, failed string
}

func (s *skipTB) Helper() {}
func (s *skipTB) Skipf(format string, args ...any) {
	s.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (s *skipTB) Fatalf(format string, args ...any) {
	s.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// skipsWith runs f with a skipTB, in a goroutine of its own, and returns why
// it skipped ("" if it did not) and why it failed.
func skipsWith(t *testing.T, f func(tb testing.TB)) (skipped, failed string) {
	rec := &skipTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(rec)
	}()
	<-done
	return rec.skipped, rec.failed
}

// TestTarget_normalMode is a fake of its own: its provider block, its users
// and ids, and request counts compared exactly.
func TestTarget_normalMode(t *testing.T) {
	t.Setenv(EnvLive, "")
	tg := NewTarget(t, DevRev, HelpCrunch)
	if tg.Live() || tg.Fake() == nil || !strings.Contains(tg.ProviderConfig(), tg.Fake().DevRevURL()) {
		t.Fatalf("normal mode: live %v, fake %v, config %s", tg.Live(), tg.Fake(), tg.ProviderConfig())
	}
	if got := strings.Join(tg.DevRevUsers(t), ","); got != "DEVU-1,DEVU-2" {
		t.Errorf("DevRevUsers = %s", got)
	}
	if tg.HelpCrunchCustomer(t) != 1 || tg.HelpCrunchApplication(t) != 1 {
		t.Errorf("HelpCrunch ids %d, %d; want 1, 1", tg.HelpCrunchCustomer(t), tg.HelpCrunchApplication(t))
	}
	if url, token := tg.API(DevRev); url != tg.Fake().DevRevURL() || token != devrev.DemoToken {
		t.Errorf("DevRev API = %s", url)
	}
	if url, key := tg.API(HelpCrunch); url != tg.Fake().HelpCrunchURL() || key != helpcrunch.DemoKey {
		t.Errorf("HelpCrunch API = %s", url)
	}
	tg.ResetRequests()
	if err := tg.CheckRequests(Requests{}); err != nil {
		t.Errorf("no request yet: %v", err)
	}
	if err := tg.CheckRequests(Requests{devrev.RouteChatsCreate: 1}); err == nil {
		t.Error("a count that differs passed")
	}
	var resp statecheck.CheckStateResponse
	tg.ExpectRequests(Requests{helpcrunch.RouteChatCreate: 2}).CheckState(context.Background(), statecheck.CheckStateRequest{}, &resp)
	if resp.Error == nil {
		t.Error("ExpectRequests passed a count that differs")
	}
	if !strings.HasPrefix(tg.Name("conversation"), RunPrefix()) || !strings.HasSuffix(tg.Name("conversation"), "conversation") {
		t.Errorf("Name = %q", tg.Name("conversation"))
	}
}

// TestTarget_liveMode: the real APIs, named by the environment and never
// written into the provider block; counts pass without comparing; what a
// test needs and is not set skips it with the reason; NewFake skips.
func TestTarget_liveMode(t *testing.T) {
	t.Setenv(EnvLive, "1")
	t.Setenv(envDevRevToken, "live-SECRET-token")
	t.Setenv(envDevRevEndpoint, "http://127.0.0.1:1/devrev")
	t.Setenv(envHelpCrunchAPIKey, "")
	t.Setenv(EnvLiveDevRevUsers, " DEVU-7 ,don:identity:x:devo/1:devu/9,")
	t.Setenv(EnvLiveHelpCrunchCustomer, "")
	tg := NewTarget(t, DevRev)
	if !tg.Live() || tg.Fake() != nil {
		t.Fatal("live mode gave a fake")
	}
	cfg := tg.ProviderConfig()
	if strings.Contains(cfg, "live-SECRET-token") || strings.Contains(cfg, "127.0.0.1") || !strings.Contains(cfg, `provider "chatops"`) {
		t.Errorf("live provider block:\n%s", cfg)
	}
	if got := strings.Join(tg.DevRevUsers(t), ","); got != "DEVU-7,don:identity:x:devo/1:devu/9" {
		t.Errorf("DevRevUsers = %s", got)
	}
	tg.ResetRequests()
	if err := tg.CheckRequests(Requests{devrev.RouteChatsCreate: 99}); err != nil {
		t.Errorf("live mode compared counts: %v", err)
	}
	var resp statecheck.CheckStateResponse
	tg.ExpectRequests(Requests{devrev.RouteChatsCreate: 99}).CheckState(context.Background(), statecheck.CheckStateRequest{}, &resp)
	tg.RequireRequests(t, Requests{devrev.RouteChatsCreate: 99})
	if resp.Error != nil {
		t.Errorf("live mode compared counts: %v", resp.Error)
	}
	if url, token := tg.API(DevRev); url != "http://127.0.0.1:1/devrev" || token != "live-SECRET-token" {
		t.Errorf("DevRev API = %s", url)
	}
	if url, key := tg.API(HelpCrunch); url != "" || key != "" {
		t.Errorf("HelpCrunch API = %q", url)
	}
	if !strings.Contains(tg.String(), RunPrefix()) || strings.Contains(tg.String(), "SECRET") {
		t.Errorf("String = %q", tg.String())
	}

	for _, tc := range []struct {
		f   func(tb testing.TB)
		why string
	}{
		{func(tb testing.TB) { NewTarget(tb, HelpCrunch) }, "TF_ACC_LIVE=1, but HELPCRUNCH_API_KEY is unset: this test needs a real HelpCrunch account"},
		{func(tb testing.TB) { tg.HelpCrunchCustomer(tb) }, "TF_ACC_LIVE=1, but " + EnvLiveHelpCrunchCustomer + " is unset"},
		{func(tb testing.TB) { tg.HelpCrunchApplication(tb) }, "TF_ACC_LIVE=1, but " + EnvLiveHelpCrunchApplication + " is unset"},
		{func(tb testing.TB) { NewFake(tb) }, "TF_ACC_LIVE=1: this test cannot run against a real account: it runs against a fake of its own"},
		{func(tb testing.TB) { SkipLive(tb, "needs the fake's fault injection") }, "TF_ACC_LIVE=1: this test cannot run against a real account: needs the fake's fault injection"},
	} {
		if skipped, failed := skipsWith(t, tc.f); !strings.Contains(skipped, tc.why) || failed != "" {
			t.Errorf("skipped with %q (failed %q), want a skip with %q", skipped, failed, tc.why)
		}
	}
	t.Setenv(EnvLiveHelpCrunchCustomer, "seven")
	if skipped, failed := skipsWith(t, func(tb testing.TB) { tg.HelpCrunchCustomer(tb) }); skipped != "" || !strings.Contains(failed, `CHATOPS_LIVE_HELPCRUNCH_CUSTOMER="seven" is not a HelpCrunch id`) {
		t.Errorf("a customer that is no id: skipped %q, failed %q", skipped, failed)
	}
	t.Setenv(EnvLiveHelpCrunchCustomer, "7")
	if n := tg.HelpCrunchCustomer(t); n != 7 {
		t.Errorf("HelpCrunchCustomer = %d, want 7", n)
	}
	t.Setenv(EnvLiveDevRevUsers, " , ")
	if skipped, _ := skipsWith(t, func(tb testing.TB) { tg.DevRevUsers(tb) }); !strings.Contains(skipped, EnvLiveDevRevUsers+" is unset") {
		t.Errorf("no users: skipped %q", skipped)
	}
}

// TestRunPrefix is one prefix for the whole process, fit for a title.
func TestRunPrefix(t *testing.T) {
	t.Parallel()
	if p := RunPrefix(); p != RunPrefix() || !regexp.MustCompile(`^[a-z0-9-]+-$`).MatchString(p) {
		t.Errorf("RunPrefix = %q, then %q", p, RunPrefix())
	}
}
