// Package provider implements the chatops Terraform provider: its
// resources, data sources, list resources and actions, their schemas, and
// the mapping between their models and internal/client. What they all share
// on the framework (custom types, plan modifiers, validators, value helpers,
// timeouts) is in internal/framework.
//
// Naming in this package: a helper more than one type uses has no prefix;
// one that only the objects of one platform use carries the platform's name
// in full (devrev…, helpcrunch…); one of a single type is a method of its
// model or resource, or carries the type's name (devrevChat…,
// devrevConversation…, helpcrunchChat…).
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// Environment variables read when the provider block leaves an attribute unset.
const (
	EnvDevRevToken        = "DEVREV_TOKEN"
	EnvDevRevEndpoint     = "DEVREV_ENDPOINT"
	EnvHelpCrunchAPIKey   = "HELPCRUNCH_API_KEY"
	EnvHelpCrunchEndpoint = "HELPCRUNCH_ENDPOINT"
	EnvMaxRetries         = "CHATOPS_MAX_RETRIES"
	EnvRequestTimeout     = "CHATOPS_REQUEST_TIMEOUT"

	EnvDevRevMaxRequestsPerMinute     = "DEVREV_MAX_REQUESTS_PER_MINUTE"
	EnvHelpCrunchMaxRequestsPerMinute = "HELPCRUNCH_MAX_REQUESTS_PER_MINUTE"
)

// HelpCrunch documents a limit of 120 requests a minute per API key, and
// sends no Retry-After: pacing under it by default costs a small apply
// nothing (the first ten requests start at once) and keeps a large one from
// being refused.
const (
	defaultHelpCrunchMaxRequestsPerMinute = 120
	maxMaxRequestsPerMinute               = 100000
	maxMaxRetries                         = 20
)

var (
	_ provider.Provider                  = (*chatopsProvider)(nil)
	_ provider.ProviderWithListResources = (*chatopsProvider)(nil)
	_ provider.ProviderWithActions       = (*chatopsProvider)(nil)
)

// New returns the provider factory for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &chatopsProvider{version: version}
	}
}

type chatopsProvider struct {
	version string
	// configured is what Configure handed out, for the one read the protocol
	// server makes itself (protocol_server.go).
	configured atomic.Pointer[providerData]
}

type chatopsProviderModel struct {
	DevRev         *devrevConfigModel     `tfsdk:"devrev"`
	HelpCrunch     *helpcrunchConfigModel `tfsdk:"helpcrunch"`
	MaxRetries     types.Int64            `tfsdk:"max_retries"`
	RequestTimeout timetypes.GoDuration   `tfsdk:"request_timeout"`
}

type devrevConfigModel struct {
	Token                types.String `tfsdk:"token"`
	Endpoint             types.String `tfsdk:"endpoint"`
	MaxRequestsPerMinute types.Int64  `tfsdk:"max_requests_per_minute"`
}

type helpcrunchConfigModel struct {
	APIKey               types.String `tfsdk:"api_key"`
	Endpoint             types.String `tfsdk:"endpoint"`
	MaxRequestsPerMinute types.Int64  `tfsdk:"max_requests_per_minute"`
}

// maxRequestsPerMinuteAttribute is the pacing budget of one platform's block.
func maxRequestsPerMinuteAttribute(platform, env, def string) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "Client-side budget of requests a minute to the " + platform + " API, retries included: requests are paced " +
			"(a tenth of the budget, at most 10, start at once, the rest are spaced out) so that no minute carries more, and a " +
			"large apply stays under the API's rate limit instead of being refused. Parallel resources still run in parallel within " +
			"the budget; each wait is logged (at INFO once a minute, otherwise at DEBUG). " + def + " `0` turns pacing off. " +
			"Allowed values: `0` to `" + strconv.Itoa(maxMaxRequestsPerMinute) + "`. May also be set with `" + env + "`. " +
			"A change makes no API call: it applies to the requests of the next run. The budget is per provider configuration: " +
			"runs or provider aliases that share a credential share the API's limit but not this budget.",
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(0, maxMaxRequestsPerMinute)},
	}
}

// platformAttribute is the block of one platform's connection: its
// credential (named credential; sensitive), its endpoint and its budget of
// requests a minute.
func platformAttribute(desc, credential, credentialDesc, endpointDesc string, budget schema.Int64Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: desc,
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			credential: schema.StringAttribute{
				MarkdownDescription: credentialDesc,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{framework.NotBlank()},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: endpointDesc,
				Optional:            true,
				Validators:          []validator.String{framework.Endpoint()},
			},
			"max_requests_per_minute": budget,
		},
	}
}

// providerData is handed to every resource and data source. A platform's
// client is nil when its credential is not configured.
type providerData struct {
	DevRev     *client.DevRev
	HelpCrunch *client.HelpCrunch
}

func (p *chatopsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "chatops"
	resp.Version = p.version
}

func (p *chatopsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages support and team chats as code on DevRev and HelpCrunch. " +
			"Each platform is configured by its own block; a platform whose credential is set neither here nor in " +
			"its environment variable stays unconfigured, and only its resources fail.",
		Attributes: map[string]schema.Attribute{
			"devrev": platformAttribute("Connection to the DevRev API. Needed by `chatops_devrev_*` resources and data sources.",
				"token", "DevRev personal access token or service account token. May also be set with the `"+EnvDevRevToken+"` environment variable.",
				"Base URL of the DevRev API. Defaults to `"+client.DefaultDevRevEndpoint+"`; may also be set with `"+EnvDevRevEndpoint+"`. Must use `https://`, except for loopback hosts (`127.0.0.1`, `::1`, `localhost`), which may use `http://`.",
				maxRequestsPerMinuteAttribute("DevRev", EnvDevRevMaxRequestsPerMinute,
					"Defaults to no pacing: DevRev's 429 says how long to wait (Retry-After), and the provider waits that long, up to five minutes.")),
			"helpcrunch": platformAttribute("Connection to the HelpCrunch REST API v1. Needed by `chatops_helpcrunch_*` resources and data sources.",
				"api_key", "HelpCrunch API key (Settings → Developers → Public API). May also be set with the `"+EnvHelpCrunchAPIKey+"` environment variable.",
				"Base URL of the HelpCrunch API. Defaults to `"+client.DefaultHelpCrunchEndpoint+"`; may also be set with `"+EnvHelpCrunchEndpoint+"`. Must use `https://`, except for loopback hosts, which may use `http://`.",
				maxRequestsPerMinuteAttribute("HelpCrunch", EnvHelpCrunchMaxRequestsPerMinute,
					"Defaults to `"+strconv.Itoa(defaultHelpCrunchMaxRequestsPerMinute)+"`, HelpCrunch's documented limit per API key. Whatever the budget, "+
						"a 429 from HelpCrunch (which names no wait) is retried once a slot of its one-minute window has freed, at most a minute later.")),
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request is retried (rate limits, 5xx answers, connection errors), on top of the first attempt. Defaults to `5`; allowed values `0` to `20`; may also be set with `" + EnvMaxRetries + "`. A request that could create a duplicate is retried only when the API cannot have acted on it. A change makes no API call.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of each attempt of a request, as a positive Go duration such as `30s` or `1m`. Defaults to `30s`; may also be set with `" + EnvRequestTimeout + "`. Waits between attempts (backoff, rate limits) are not part of it. A change makes no API call.",
				Optional:            true,
				CustomType:          timetypes.GoDurationType{},
				Validators:          []validator.String{framework.PositiveDuration()},
			},
		},
	}
}

func (p *chatopsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg chatopsProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	common := client.Options{
		MaxRetries:     5,
		RequestTimeout: 30 * time.Second,
		UserAgent:      fmt.Sprintf("terraform-provider-chatops/%s (+https://registry.terraform.io/providers/chatinfra/chatops) Terraform/%s", p.version, req.TerraformVersion),
	}
	if v, ok := settingInt(cfg.MaxRetries, EnvMaxRetries, path.Root("max_retries"), 0, maxMaxRetries, resp); ok {
		common.MaxRetries = v
	}
	if v, ok := settingDuration(cfg.RequestTimeout.StringValue, EnvRequestTimeout, path.Root("request_timeout"), resp); ok {
		common.RequestTimeout = v
	}

	data := &providerData{}
	var devrevToken, devrevEndpoint, hcKey, hcEndpoint types.String
	devrevBudget, hcBudget := types.Int64Null(), types.Int64Null()
	if cfg.DevRev != nil {
		devrevToken, devrevEndpoint, devrevBudget = cfg.DevRev.Token, cfg.DevRev.Endpoint, cfg.DevRev.MaxRequestsPerMinute
	}
	if cfg.HelpCrunch != nil {
		hcKey, hcEndpoint, hcBudget = cfg.HelpCrunch.APIKey, cfg.HelpCrunch.Endpoint, cfg.HelpCrunch.MaxRequestsPerMinute
	}
	devrevPerMinute := settingBudget(devrevBudget, EnvDevRevMaxRequestsPerMinute, path.Root("devrev").AtName("max_requests_per_minute"), 0, resp)
	hcPerMinute := settingBudget(hcBudget, EnvHelpCrunchMaxRequestsPerMinute, path.Root("helpcrunch").AtName("max_requests_per_minute"), defaultHelpCrunchMaxRequestsPerMinute, resp)

	ctx, data.DevRev = connect(ctx, resp, devrevPlatform, devrevToken, devrevEndpoint, common, devrevPerMinute, client.NewDevRev)
	ctx, data.HelpCrunch = connect(ctx, resp, helpcrunchPlatform, hcKey, hcEndpoint, common, hcPerMinute, client.NewHelpCrunch)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "Configured chatops provider", map[string]any{
		"devrev_configured":     data.DevRev != nil,
		"helpcrunch_configured": data.HelpCrunch != nil,
		"max_retries":           common.MaxRetries,
		"request_timeout":       common.RequestTimeout.String(),
		// 0: no client-side pacing.
		"devrev_max_requests_per_minute":     devrevPerMinute,
		"helpcrunch_max_requests_per_minute": hcPerMinute,
	})
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
	// The protocol server reads chatops_devrev_conversations with these
	// clients; a provider whose configuration were deferred would have to
	// leave them unset, so that the framework defers that read too.
	if resp.Deferred == nil {
		p.configured.Store(data)
	}
}

func (p *chatopsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDevRevChatResource,
		NewDevRevConversationResource,
		NewHelpCrunchChatResource,
		NewHelpCrunchCustomerResource,
	}
}

// Actions are the provider's actions (Terraform 1.14 and later).
func (p *chatopsProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewDevRevMessageAction,
		NewHelpCrunchMessageAction,
	}
}

// ListResources are what `terraform query` can list (Terraform 1.14+). DevRev
// has no API that lists DMs, so chatops_devrev_chat has none.
func (p *chatopsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewDevRevConversationListResource,
		NewHelpCrunchChatListResource,
		NewHelpCrunchCustomerListResource,
	}
}

func (p *chatopsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewDevRevChatDataSource,
		NewDevRevConversationsDataSource,
		NewDevRevUserDataSource,
		NewHelpCrunchChatsDataSource,
		NewHelpCrunchCustomerDataSource,
	}
}

// platformSetting names one platform's block of the provider configuration,
// and the environment variables and default its settings fall back on.
type platformSetting struct {
	name, block, credential    string
	credentialEnv, endpointEnv string
	defaultEndpoint            string
}

var (
	devrevPlatform     = platformSetting{"DevRev", "devrev", "token", EnvDevRevToken, EnvDevRevEndpoint, client.DefaultDevRevEndpoint}
	helpcrunchPlatform = platformSetting{"HelpCrunch", "helpcrunch", "api_key", EnvHelpCrunchAPIKey, EnvHelpCrunchEndpoint, client.DefaultHelpCrunchEndpoint}
)

// connect builds the client of platform p (with newClient, from opts, the
// settings every platform shares) when its credential is set, in the
// configuration (cred) or the environment; nil when it is not, or when the
// configuration has errors. The context it returns masks the credential in
// every log line.
func connect[C any](ctx context.Context, resp *provider.ConfigureResponse, p platformSetting, cred, endpoint types.String,
	opts client.Options, perMinute int, newClient func(client.Options) (*C, error),
) (context.Context, *C) {
	token := settingString(cred, p.credentialEnv, path.Root(p.block).AtName(p.credential), resp)
	if token == "" {
		return ctx, nil
	}
	opts.Token = token
	opts.MaxRequestsPerMinute = perMinute
	opts.Endpoint = settingEndpoint(endpoint, p.endpointEnv, p.defaultEndpoint, path.Root(p.block).AtName("endpoint"), resp)
	ctx = tflog.MaskMessageStrings(ctx, token)
	if resp.Diagnostics.HasError() {
		return ctx, nil
	}
	c, err := newClient(opts)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root(p.block).AtName("endpoint"), "Invalid "+p.name+" Endpoint", err.Error())
	}
	return ctx, c
}

// settingString returns the configured value, else the environment variable.
// An unknown value (known only after apply) is an error: clients are built now.
func settingString(v types.String, env string, p path.Path, resp *provider.ConfigureResponse) string {
	if v.IsUnknown() {
		resp.Diagnostics.AddAttributeError(p, "Unknown Provider Setting",
			fmt.Sprintf("The provider cannot be configured with a value known only after apply. Set %s to a known value, or use the %s environment variable.", p, env))
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func settingEndpoint(v types.String, env, def string, p path.Path, resp *provider.ConfigureResponse) string {
	endpoint := settingString(v, env, p, resp)
	if endpoint == "" {
		return def
	}
	if err := framework.ValidateEndpoint(endpoint); err != nil {
		resp.Diagnostics.AddAttributeError(p, "Invalid Endpoint",
			fmt.Sprintf("The endpoint %q (from %s or %s) is not valid: %s.", endpoint, p, env, err))
	}
	return endpoint
}

// settingInt returns the configured value, else the environment variable's,
// which must be a whole number within lo..hi (the attribute's own validator
// has checked a configured value at plan time). ok is false when neither is set.
func settingInt(v types.Int64, env string, p path.Path, lo, hi int, resp *provider.ConfigureResponse) (n int, ok bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return int(v.ValueInt64()), true
	}
	raw := os.Getenv(env)
	if raw == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < lo || n > hi {
		resp.Diagnostics.AddAttributeError(p, "Invalid Environment Variable",
			fmt.Sprintf("%s=%q is not a whole number between %d and %d.", env, raw, lo, hi))
		return 0, false
	}
	return n, true
}

// settingBudget is a platform's max_requests_per_minute: configured, else
// from env, else def (0: no pacing).
func settingBudget(v types.Int64, env string, p path.Path, def int, resp *provider.ConfigureResponse) int {
	if n, ok := settingInt(v, env, p, 0, maxMaxRequestsPerMinute, resp); ok {
		return n
	}
	return def
}

func settingDuration(v types.String, env string, p path.Path, resp *provider.ConfigureResponse) (time.Duration, bool) {
	raw := os.Getenv(env)
	source := env
	if !v.IsNull() && !v.IsUnknown() {
		raw, source = v.ValueString(), p.String()
	}
	if raw == "" {
		return 0, false
	}
	d, err := parsePositiveDuration(raw)
	if err != nil {
		resp.Diagnostics.AddAttributeError(p, "Invalid Request Timeout", fmt.Sprintf("%s = %q %s.", source, raw, err))
		return 0, false
	}
	return d, true
}

// parsePositiveDuration's errors complete a sentence that starts with the
// setting's name and value: `request_timeout = "fast" is not a duration ...`.
func parsePositiveDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil {
		return 0, fmt.Errorf("is not a duration such as \"30s\" or \"1m\"")
	}
	if d <= 0 {
		return 0, fmt.Errorf("is not longer than zero")
	}
	return d, nil
}
