package provider

import (
	"fmt"
	"regexp"
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
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// clearPlatformEnv makes sure the machine's environment cannot configure a
// platform behind the test's back.
func clearPlatformEnv(t *testing.T) {
	for _, env := range []string{EnvDevRevToken, EnvDevRevEndpoint, EnvHelpCrunchAPIKey, EnvHelpCrunchEndpoint, EnvMaxRetries, EnvRequestTimeout,
		EnvDevRevMaxRequestsPerMinute, EnvHelpCrunchMaxRequestsPerMinute} {
		t.Setenv(env, "")
	}
}

func TestAccProvider_unconfiguredPlatformFailsAlone(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	helpcrunchOnly := `
provider "chatops" {
  helpcrunch = {
    api_key  = "` + helpcrunch.DemoKey + `"
    endpoint = "` + f.HelpCrunchURL() + `"
  }
}
`
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// The configured platform keeps working.
				Config: helpcrunchOnly + `
resource "chatops_helpcrunch_chat" "ok" {
  customer    = 1
  application = 1
  on_destroy  = "keep"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("chatops_helpcrunch_chat.ok", tfjsonpath.New("id"), knownvalue.NotNull()),
				},
			},
			{
				Config: helpcrunchOnly + `
resource "chatops_helpcrunch_chat" "ok" {
  customer    = 1
  application = 1
  on_destroy  = "keep"
}

resource "chatops_devrev_chat" "missing" {
  users = ["DEVU-1", "DEVU-2"]
}
`,
				ExpectError: regexp.MustCompile(`(?s)DevRev Is Not Configured.*devrev.token.*DEVREV_TOKEN`),
			},
		},
	})
	if n := f.RequestCount(devrev.RouteChatsCreate); n != 0 {
		t.Fatalf("chats.create was called %d times without a DevRev configuration", n)
	}
}

func TestAccProvider_environmentConfiguresPlatforms(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	setFakeEnv(t, f)
	t.Setenv(EnvMaxRetries, "0")
	t.Setenv(EnvRequestTimeout, "5s")
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
provider "chatops" {}

resource "chatops_devrev_chat" "env" {
  users = ["DEVU-1", "DEVU-4"]
}

resource "chatops_helpcrunch_chat" "env" {
  customer    = 2
  application = 1
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("chatops_devrev_chat.env", tfjsonpath.New("display_id"), knownvalue.StringRegexp(regexp.MustCompile(`^DM-\d+$`))),
				statecheck.ExpectKnownValue("chatops_helpcrunch_chat.env", tfjsonpath.New("id"), knownvalue.NotNull()),
			},
		}},
	})
}

func TestAccProvider_invalidSettingsFailAtPlan(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	chat := `
resource "chatops_devrev_chat" "x" {
  users = ["DEVU-1", "DEVU-2"]
}
`
	steps := []resource.TestStep{}
	for _, tc := range []struct {
		provider string
		want     string
	}{
		{`devrev = { token = "t", endpoint = "http://api.devrev.example.com" }`, `(?s)Invalid Endpoint.*https://`},
		{`devrev = { token = "t", endpoint = "ftp://127.0.0.1/devrev" }`, `(?s)Invalid Endpoint.*ftp://127.0.0.1`},
		{`devrev = { token = "", endpoint = "` + f.DevRevURL() + `" }`, `(?s)devrev.token\s+must\s+not\s+be\s+empty\s+or\s+blank`},
		{`devrev = { token = "t" }
  request_timeout = "soon"`, `(?s)Invalid Time Duration String Value.*request_timeout = "soon"`},
		{`devrev = { token = "t" }
  request_timeout = "fast"`, `(?s)request_timeout = "fast".*not\s+a\s+valid\s+Go\s+Time\s+Duration.*Given\s+Value:\s+fast`},
		{`devrev = { token = "t" }
  request_timeout = "0s"`, `(?s)request_timeout\s+must\s+be\s+a\s+duration\s+longer\s+than\s+zero,\s+got:\s+0s`},
		{`devrev = { token = "t", max_requests_per_minute = -1 }`, `(?s)devrev.max_requests_per_minute.*between\s+0\s+and\s+100000`},
		{`devrev = { token = "t" }
  helpcrunch = { api_key = "k", max_requests_per_minute = 100001 }`, `(?s)helpcrunch.max_requests_per_minute.*between\s+0\s+and\s+100000`},
		{`devrev = { token = "t" }
  max_retries = 99`, `(?s)max_retries.*between 0 and 20`},
	} {
		steps = append(steps, planErrorStep(
			"provider \"chatops\" {\n  "+tc.provider+"\n}\n"+chat,
			regexp.MustCompile(tc.want)))
	}
	testAccSerial(t, resource.TestCase{
		Steps: steps,
	})
	f.RequireRequests(t, nil)
}

func TestAccProvider_invalidEnvironmentIsAnError(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	t.Setenv(EnvDevRevToken, devrev.DemoToken)
	t.Setenv(EnvDevRevEndpoint, "http://devrev.example.com")
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
provider "chatops" {}

resource "chatops_devrev_chat" "x" {
  users = ["DEVU-1", "DEVU-2"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Endpoint.*DEVREV_ENDPOINT`),
		}},
	})
	f.RequireRequests(t, nil)
}

func TestAccProvider_invalidBudgetEnvironmentIsAnError(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	t.Setenv(EnvHelpCrunchMaxRequestsPerMinute, "lots")
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig() + `
resource "chatops_helpcrunch_chat" "x" {
  customer    = 1
  application = 1
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Environment Variable.*HELPCRUNCH_MAX_REQUESTS_PER_MINUTE="lots" is\s+not\s+a\s+whole\s+number\s+between\s+0\s+and\s+100000`),
		}},
	})
	f.RequireRequests(t, nil)
}

// With max_requests_per_minute under the API's rate limit, an apply of many
// chats is never refused, converges, and makes each chat once.
func TestAccProvider_maxRequestsPerMinuteStaysUnderTheRateLimit(t *testing.T) {
	clearPlatformEnv(t)
	// 40 requests per 2s is 1200 a minute. A budget of 600 a minute starts
	// 10 at once and then one every 102ms: at most 30 in any 2s.
	f := acctest.NewFake(t, fake.Options{HelpCrunchRateLimit: mockapi.RateLimit{Requests: 40, Window: 2 * time.Second}})
	const chats = 16
	config := fmt.Sprintf(`
provider "chatops" {
  helpcrunch = {
    api_key                 = %q
    endpoint                = %q
    max_requests_per_minute = 600
  }
}

resource "chatops_helpcrunch_chat" "many" {
  count       = %d
  customer    = count.index + 1
  application = 1
  on_destroy  = "keep"
}
`, helpcrunch.DemoKey, f.HelpCrunchURL(), chats)
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("chatops_helpcrunch_chat.many[15]", tfjsonpath.New("customer"), knownvalue.Int64Exact(16)),
			},
			Check: func(*terraform.State) error {
				if n := f.RequestCount(helpcrunch.RouteChatCreate); n != chats {
					return fmt.Errorf("POST /chats sent %d times, want %d", n, chats)
				}
				if n := f.RateLimited("helpcrunch"); n != 0 {
					return fmt.Errorf("the fake refused %d requests under a budget below its limit", n)
				}
				return nil
			},
		}},
	})
	if n := f.RateLimited("helpcrunch"); n != 0 {
		t.Errorf("the fake refused %d requests in the refresh and destroy", n)
	}
}

// DevRev's 429 says how long to wait: without a budget, an apply past the
// API's rate limit is refused, waits what each 429 asks, and converges with
// each chat made once.
func TestAccProvider_devrevRateLimitIsWaitedOut(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t, fake.Options{DevRevRateLimit: mockapi.RateLimit{Requests: 4, Window: 2 * time.Second}})
	const chats = 8
	config := fmt.Sprintf(`
provider "chatops" {
  devrev = {
    token    = %q
    endpoint = %q
  }
}

resource "chatops_devrev_chat" "many" {
  count = %d
  users = ["DEVU-1", "DEVU-20", "DEVU-${count.index + 10}"]
}
`, devrev.DemoToken, f.DevRevURL(), chats)
	before := len(f.State().DevRev.Chats)
	testAccSerial(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("chatops_devrev_chat.many[7]", tfjsonpath.New("display_id"), knownvalue.StringRegexp(regexp.MustCompile(`^DM-\d+$`))),
			},
			Check: func(*terraform.State) error {
				if n := len(f.State().DevRev.Chats) - before; n != chats {
					return fmt.Errorf("%d chats made, want %d", n, chats)
				}
				if n := f.RateLimited("devrev"); n == 0 {
					return fmt.Errorf("the fake refused nothing: %d creates in parallel did not reach its limit of 4 per 2s", chats)
				}
				return nil
			},
		}},
	})
}
