package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// clearPlatformEnv makes sure the machine's environment cannot configure a
// platform behind the test's back.
func clearPlatformEnv(t *testing.T) {
	for _, env := range []string{EnvDevRevToken, EnvDevRevEndpoint, EnvHelpCrunchAPIKey, EnvHelpCrunchEndpoint, EnvMaxRetries, EnvRequestTimeout} {
		t.Setenv(env, "")
	}
}

func TestAccProvider_unconfiguredPlatformFailsAlone(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	helpcrunchOnly := `
provider "chatops" {
  helpcrunch = {
    api_key  = "` + mockapi.DemoHelpCrunchKey + `"
    endpoint = "` + f.HelpCrunchURL() + `"
  }
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
	if n := f.RequestCount("POST /devrev/chats.create"); n != 0 {
		t.Fatalf("chats.create was called %d times without a DevRev configuration", n)
	}
}

func TestAccProvider_environmentConfiguresPlatforms(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	t.Setenv(EnvDevRevToken, mockapi.DemoDevRevToken)
	t.Setenv(EnvDevRevEndpoint, f.DevRevURL())
	t.Setenv(EnvHelpCrunchAPIKey, mockapi.DemoHelpCrunchKey)
	t.Setenv(EnvHelpCrunchEndpoint, f.HelpCrunchURL())
	t.Setenv(EnvMaxRetries, "0")
	t.Setenv(EnvRequestTimeout, "5s")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
		{`devrev = { token = "", endpoint = "` + f.DevRevURL() + `" }`, `(?s)Empty Value`},
		{`devrev = { token = "t" }
  request_timeout = "soon"`, `(?s)Invalid Duration`},
		{`devrev = { token = "t" }
  max_retries = 99`, `(?s)max_retries.*between 0 and 20`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      "provider \"chatops\" {\n  " + tc.provider + "\n}\n" + chat,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(tc.want),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if total := f.Requests().Total; total != 0 {
		t.Fatalf("%d requests reached the fake; invalid settings must fail before any", total)
	}
}

func TestAccProvider_invalidEnvironmentIsAnError(t *testing.T) {
	clearPlatformEnv(t)
	f := acctest.NewFake(t)
	t.Setenv(EnvDevRevToken, mockapi.DemoDevRevToken)
	t.Setenv(EnvDevRevEndpoint, "http://devrev.example.com")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
	if total := f.Requests().Total; total != 0 {
		t.Fatalf("%d requests reached the fake", total)
	}
}
