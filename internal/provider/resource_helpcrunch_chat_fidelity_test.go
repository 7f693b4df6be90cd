package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Every spelling of "on hold" survives create, update and refresh as the
// user wrote it, although HelpCrunch reads it back as "onhold".
func TestAccHelpCrunchChat_onHoldSpellingsOnCreate(t *testing.T) {
	f := acctest.NewFake(t)
	spellings := []string{"onhold", "on-hold", "on hold"}
	config := func(statuses []string) string {
		var b strings.Builder
		b.WriteString(f.ProviderConfig())
		for i, s := range statuses {
			fmt.Fprintf(&b, "\nresource \"chatops_helpcrunch_chat\" \"s%d\" {\n  customer    = %d\n  application = 1\n  status      = %q\n}\n", i, i+1, s)
		}
		return b.String()
	}
	statusChecks := func(statuses []string) []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for i, s := range statuses {
			checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("chatops_helpcrunch_chat.s%d", i), tfjsonpath.New("status"), knownvalue.StringExact(s)))
		}
		return checks
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         f.ResetRequests,
				Config:            config(spellings),
				ConfigStateChecks: statusChecks(spellings),
				Check: func(*terraform.State) error {
					for _, c := range f.State().HelpCrunch.Chats {
						if c["status"] != "onhold" {
							return fmt.Errorf("fake chat %v has status %v, want onhold", c["id"], c["status"])
						}
					}
					return hcExpectRequests(t, f, map[string]int{hcRouteCreate: 3, hcRouteStatus: 3})
				},
			},
			{
				// The next plan (with refresh) is empty; so is one in which the
				// spellings are swapped around.
				Config: config([]string{"on hold", "onhold", "on-hold"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config:            config([]string{"opened", "opened", "opened"}),
				ConfigStateChecks: statusChecks([]string{"opened", "opened", "opened"}),
			},
			{
				// Update back to on hold, each in its own spelling.
				PreConfig:         f.ResetRequests,
				Config:            config(spellings),
				ConfigStateChecks: statusChecks(spellings),
				Check: func(*terraform.State) error {
					return hcExpectRequests(t, f, map[string]int{hcRouteStatus: 3, hcRouteCreate: 0})
				},
			},
			{
				// Import reads the canonical spelling; the configuration's
				// other spelling of the same status then plans nothing.
				ResourceName:            "chatops_helpcrunch_chat.s0",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"status"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["status"] != "on hold" {
						return fmt.Errorf("imported status = %v, want \"on hold\"", states)
					}
					return nil
				},
			},
		},
	})
}

// Configuration generated for an imported chat plans clean: a chat without
// messages (status "empty", which no one can set) generates no status.
func TestAccHelpCrunchChat_generatedConfig(t *testing.T) {
	f := acctest.NewFake(t)
	config := f.ProviderConfig() + hcChatConfig(`customer = 11
  application = 3
  assignee    = 2`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if got := f.State().HelpCrunch.Chats[0]["status"]; got != "empty" {
						return fmt.Errorf("fake status %v, want empty", got)
					}
					return nil
				},
			},
			{
				// terraform plan -generate-config-out, then a no-op import plan
				// with the generated block.
				ResourceName:    hcChatAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("chatops_helpcrunch_chat.generated", tfjsonpath.New("status"), knownvalue.Null()),
					plancheck.ExpectKnownValue("chatops_helpcrunch_chat.generated", tfjsonpath.New("assignee"), knownvalue.Int64Exact(2)),
				}},
			},
		},
	})
}

// An assignee-only change plans as unknown only what it can move: a status
// left to HelpCrunch. A status change also leaves the closing fields open.
func TestAccHelpCrunchChat_unknownsOnlyWhereMoved(t *testing.T) {
	f := acctest.NewFake(t)
	cfg := func(body string) string {
		return f.ProviderConfig() + hcChatConfig("customer = 12\n  application = 1\n  "+body)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("assignee = 1\n  status = \"opened\"")},
			{
				Config: cfg("assignee = 2\n  status = \"opened\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hcChatAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("opened")),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("last_message_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("rating"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				}},
			},
			{
				// Status left to HelpCrunch: a reassignment may move it.
				Config: cfg("assignee = 3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("status")),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_at"), knownvalue.Null()),
					plancheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("rating"), knownvalue.Null()),
				}},
			},
			{
				Config: cfg("assignee = 3\n  status = \"closed\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("closed_at")),
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("closed_by")),
					plancheck.ExpectUnknownValue(hcChatAddr, tfjsonpath.New("rating")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("closed_by"), knownvalue.StringExact("agent")),
				},
			},
		},
	})
}

// One lost answer to POST /chats: the chat it made is found with one search
// and adopted; several candidates fail with their ids; none fails saying so.
func TestAccHelpCrunchChat_lostCreateAnswer(t *testing.T) {
	t.Run("adopted", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		f := acctest.NewFake(t)
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: hcRouteCreate, Status: http.StatusServiceUnavailable, AfterCommit: true}}})
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2\n  status = \"onhold\""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(hcChatAddr, tfjsonpath.New("status"), knownvalue.StringExact("onhold")),
				},
				Check: func(*terraform.State) error {
					if n := len(f.State().HelpCrunch.Chats); n != 1 {
						return fmt.Errorf("the fake holds %d chats, want 1", n)
					}
					return hcExpectRequests(t, f, map[string]int{hcRouteCreate: 1, hcRouteSearch: 1, hcRouteStatus: 1})
				},
			}},
		})
	})
	t.Run("several candidates", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		fx := mockapi.DefaultFixtures()
		// A chat of the same customer and application opened a moment ago.
		fx.HelpCrunch.Chats = []mockapi.HelpCrunchChatFixture{{Customer: 9, Application: 2, Status: "opened"}}
		f := acctest.NewFake(t, mockapi.Options{Fixtures: fx})
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: hcRouteCreate, Status: http.StatusBadGateway, AfterCommit: true}}})
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create HelpCrunch Chat.*HTTP\s+502.*2\s+chats\s+of\s+customer\s+9\s+in\s+application\s+2.*:\s+2,\s+1\..*adopted\s+none.*terraform\s+import`),
			}},
		})
		if err := hcExpectRequests(t, f, map[string]int{hcRouteCreate: 1, hcRouteSearch: 1}); err != nil {
			t.Error(err)
		}
	})
	t.Run("none made", func(t *testing.T) {
		// Parallel before the fake starts: a test paused waiting for a
		// parallel slot must not age the chats the create window looks at.
		t.Parallel()
		f := acctest.NewFake(t)
		// A 503 before HelpCrunch acted: the search finds nothing.
		f.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: hcRouteCreate, Status: http.StatusServiceUnavailable}}})
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      f.ProviderConfig() + hcChatConfig("customer = 9\n  application = 2"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create HelpCrunch Chat.*HTTP\s+503.*found\s+no\s+chat\s+of\s+customer\s+9\s+in\s+application\s+2.*most\s+likely\s+made\s+none`),
			}},
		})
		if n := len(f.State().HelpCrunch.Chats); n != 0 {
			t.Errorf("the fake holds %d chats, want 0", n)
		}
		if err := hcExpectRequests(t, f, map[string]int{hcRouteCreate: 1, hcRouteSearch: 1}); err != nil {
			t.Error(err)
		}
	})
}

// hcWire sits between the provider and the fake. It counts the answers to
// every route by status, and can hold back the answers to POST /chats past
// the client's request_timeout: HelpCrunch acted, its answer came too late.
type hcWire struct {
	url     string
	mu      sync.Mutex
	answers map[string]map[int]int
	hold    time.Duration
}

func newHCWire(t *testing.T, f *acctest.Fake) *hcWire {
	t.Helper()
	target, err := url.Parse(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	w := &hcWire{answers: map[string]map[int]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + strings.TrimPrefix(r.URL.Path, mockapi.HelpCrunchPrefix)
		rec := httptest.NewRecorder()
		proxy.ServeHTTP(rec, r)
		w.mu.Lock()
		if w.answers[route] == nil {
			w.answers[route] = map[int]int{}
		}
		w.answers[route][rec.Code]++
		hold := w.hold
		w.mu.Unlock()
		if route == "POST /chats" && hold > 0 {
			select {
			case <-time.After(hold):
			case <-r.Context().Done():
				return
			}
		}
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

func (w *hcWire) setHold(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hold = d
}

// count sums the answers of a route whose status satisfies ok.
func (w *hcWire) count(route string, ok func(status int) bool) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for status, v := range w.answers[route] {
		if ok(status) {
			n += v
		}
	}
	return n
}

func (w *hcWire) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.answers = map[string]map[int]int{}
}

// 20 chats under lost answers (HelpCrunch commits, then answers 503) and
// under answers held past request_timeout, then re-applied with the faults
// cleared: exactly 20 chats, an empty plan, one search per ambiguous create
// and none on the normal path.
func TestAccHelpCrunchChat_lostAnswersNoDuplicates(t *testing.T) {
	phases := []struct {
		name   string
		faults mockapi.Faults
		hold   time.Duration
	}{
		{"20% lost answers", mockapi.Faults{FailAfterCommitRate: 0.2, ErrorStatuses: []int{http.StatusServiceUnavailable}, Seed: 18}, 0},
		{"answers past request_timeout", mockapi.Faults{}, 2500 * time.Millisecond},
	}
	for _, phase := range phases {
		t.Run(phase.name, func(t *testing.T) {
			f := acctest.NewFake(t)
			wire := newHCWire(t, f)
			config := fmt.Sprintf(`
provider "chatops" {
  helpcrunch = {
    api_key  = %q
    endpoint = %q
  }
  max_retries     = 5
  request_timeout = "1s"
}

resource "chatops_helpcrunch_chat" "test" {
  count       = 20
  customer    = count.index + 1
  application = count.index %% 3 + 1
  status      = count.index %% 2 == 0 ? "on-hold" : null
}
`, mockapi.DemoHelpCrunchKey, wire.url+mockapi.HelpCrunchPrefix)
			is2xx := func(s int) bool { return s >= 200 && s < 300 }
			var ambiguous int
			start := time.Now()
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							f.SetFaults(phase.faults)
							wire.setHold(phase.hold)
						},
						Config: config,
						Check: func(*terraform.State) error {
							// Clear the faults before the framework's follow-up plan.
							f.ClearFaults()
							wire.setHold(0)
							creates := wire.count("POST /chats", func(int) bool { return true })
							ambiguous = wire.count("POST /chats", func(s int) bool { return !is2xx(s) })
							if phase.hold > 0 {
								ambiguous = creates
							}
							found := wire.count("POST /chats/search", is2xx)
							failedSearches := wire.count("POST /chats/search", func(s int) bool { return !is2xx(s) })
							chats := len(f.State().HelpCrunch.Chats)
							t.Logf("%s: %d POST /chats, %d with an unknown outcome; %d searches answered (%d more lost and retried); %d chats in the fake, %d duplicates; apply took %s",
								phase.name, creates, ambiguous, found, failedSearches, chats, chats-20, time.Since(start).Round(time.Millisecond))
							if ambiguous == 0 {
								return fmt.Errorf("no create had an unknown outcome, so the phase proves nothing")
							}
							if creates != 20 {
								return fmt.Errorf("%d POST /chats, want 20: a create whose answer was lost must never be resent", creates)
							}
							if found != ambiguous {
								return fmt.Errorf("%d searches answered for %d ambiguous creates, want exactly one each and none on the normal path", found, ambiguous)
							}
							if chats != 20 {
								return fmt.Errorf("the fake holds %d chats, want 20", chats)
							}
							return nil
						},
					},
					{
						PreConfig: func() {
							f.ResetRequests()
							wire.reset()
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						Check: func(*terraform.State) error {
							if n := len(f.State().HelpCrunch.Chats); n != 20 {
								return fmt.Errorf("after the re-apply the fake holds %d chats, want 20", n)
							}
							return hcExpectRequests(t, f, map[string]int{hcRouteCreate: 0, hcRouteSearch: 0})
						},
					},
				},
			})
		})
	}
}
