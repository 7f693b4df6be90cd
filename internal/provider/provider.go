// Package provider implements the chatops Terraform provider.
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

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
)

// Environment variables read when the provider block leaves an attribute unset.
const (
	EnvDevRevToken        = "DEVREV_TOKEN"
	EnvDevRevEndpoint     = "DEVREV_ENDPOINT"
	EnvHelpCrunchAPIKey   = "HELPCRUNCH_API_KEY"
	EnvHelpCrunchEndpoint = "HELPCRUNCH_ENDPOINT"
	EnvMaxRetries         = "CHATOPS_MAX_RETRIES"
	EnvRequestTimeout     = "CHATOPS_REQUEST_TIMEOUT"
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
}

type chatopsProviderModel struct {
	DevRev         *devrevConfigModel     `tfsdk:"devrev"`
	HelpCrunch     *helpcrunchConfigModel `tfsdk:"helpcrunch"`
	MaxRetries     types.Int64            `tfsdk:"max_retries"`
	RequestTimeout types.String           `tfsdk:"request_timeout"`
}

type devrevConfigModel struct {
	Token    types.String `tfsdk:"token"`
	Endpoint types.String `tfsdk:"endpoint"`
}

type helpcrunchConfigModel struct {
	APIKey   types.String `tfsdk:"api_key"`
	Endpoint types.String `tfsdk:"endpoint"`
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
			"devrev": schema.SingleNestedAttribute{
				MarkdownDescription: "Connection to the DevRev API. Needed by `chatops_devrev_*` resources and data sources.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"token": schema.StringAttribute{
						MarkdownDescription: "DevRev personal access token or service account token. May also be set with the `" + EnvDevRevToken + "` environment variable.",
						Optional:            true,
						Sensitive:           true,
						Validators:          []validator.String{notBlank()},
					},
					"endpoint": schema.StringAttribute{
						MarkdownDescription: "Base URL of the DevRev API. Defaults to `" + client.DefaultDevRevEndpoint + "`; may also be set with `" + EnvDevRevEndpoint + "`. Must use `https://`, except for loopback hosts (`127.0.0.1`, `::1`, `localhost`), which may use `http://`.",
						Optional:            true,
						Validators:          []validator.String{endpointValidator{}},
					},
				},
			},
			"helpcrunch": schema.SingleNestedAttribute{
				MarkdownDescription: "Connection to the HelpCrunch REST API v1. Needed by `chatops_helpcrunch_*` resources and data sources.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"api_key": schema.StringAttribute{
						MarkdownDescription: "HelpCrunch REST API key (Settings → Developers → REST API). May also be set with the `" + EnvHelpCrunchAPIKey + "` environment variable.",
						Optional:            true,
						Sensitive:           true,
						Validators:          []validator.String{notBlank()},
					},
					"endpoint": schema.StringAttribute{
						MarkdownDescription: "Base URL of the HelpCrunch API. Defaults to `" + client.DefaultHelpCrunchEndpoint + "`; may also be set with `" + EnvHelpCrunchEndpoint + "`. Must use `https://`, except for loopback hosts, which may use `http://`.",
						Optional:            true,
						Validators:          []validator.String{endpointValidator{}},
					},
				},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request is retried (rate limits, 5xx answers, connection errors), on top of the first attempt. Defaults to `5`; may also be set with `" + EnvMaxRetries + "`. A request that could create a duplicate is retried only when the API cannot have acted on it.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of each attempt of a request, as a Go duration such as `30s` or `1m`. Defaults to `30s`; may also be set with `" + EnvRequestTimeout + "`.",
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
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
	if v, ok := settingInt(cfg.MaxRetries, EnvMaxRetries, path.Root("max_retries"), resp); ok {
		common.MaxRetries = v
	}
	if v, ok := settingDuration(cfg.RequestTimeout, EnvRequestTimeout, path.Root("request_timeout"), resp); ok {
		common.RequestTimeout = v
	}

	data := &providerData{}
	var devrevToken, devrevEndpoint, hcKey, hcEndpoint types.String
	if cfg.DevRev != nil {
		devrevToken, devrevEndpoint = cfg.DevRev.Token, cfg.DevRev.Endpoint
	}
	if cfg.HelpCrunch != nil {
		hcKey, hcEndpoint = cfg.HelpCrunch.APIKey, cfg.HelpCrunch.Endpoint
	}

	if token := settingString(devrevToken, EnvDevRevToken, path.Root("devrev").AtName("token"), resp); token != "" {
		opts := common
		opts.Token = token
		opts.Endpoint = settingEndpoint(devrevEndpoint, EnvDevRevEndpoint, client.DefaultDevRevEndpoint, path.Root("devrev").AtName("endpoint"), resp)
		ctx = tflog.MaskMessageStrings(ctx, token)
		if !resp.Diagnostics.HasError() {
			c, err := client.NewDevRev(opts)
			if err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("devrev").AtName("endpoint"), "Invalid DevRev Endpoint", err.Error())
			}
			data.DevRev = c
		}
	}
	if key := settingString(hcKey, EnvHelpCrunchAPIKey, path.Root("helpcrunch").AtName("api_key"), resp); key != "" {
		opts := common
		opts.Token = key
		opts.Endpoint = settingEndpoint(hcEndpoint, EnvHelpCrunchEndpoint, client.DefaultHelpCrunchEndpoint, path.Root("helpcrunch").AtName("endpoint"), resp)
		ctx = tflog.MaskMessageStrings(ctx, key)
		if !resp.Diagnostics.HasError() {
			c, err := client.NewHelpCrunch(opts)
			if err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("helpcrunch").AtName("endpoint"), "Invalid HelpCrunch Endpoint", err.Error())
			}
			data.HelpCrunch = c
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "Configured chatops provider", map[string]any{
		"devrev_configured":     data.DevRev != nil,
		"helpcrunch_configured": data.HelpCrunch != nil,
		"max_retries":           common.MaxRetries,
		"request_timeout":       common.RequestTimeout.String(),
	})
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *chatopsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDevRevChatResource,
		NewDevRevConversationResource,
		NewHelpCrunchChatResource,
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
	}
}

func (p *chatopsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewDevRevChatDataSource,
		NewDevRevConversationsDataSource,
		NewHelpCrunchChatsDataSource,
	}
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
	if err := validateEndpoint(endpoint); err != nil {
		resp.Diagnostics.AddAttributeError(p, "Invalid Endpoint",
			fmt.Sprintf("The endpoint %q (from %s or %s) is not valid: %s.", endpoint, p, env, err))
	}
	return endpoint
}

func settingInt(v types.Int64, env string, p path.Path, resp *provider.ConfigureResponse) (int, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return int(v.ValueInt64()), true
	}
	raw := os.Getenv(env)
	if raw == "" {
		return 0, false
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > 20 {
		resp.Diagnostics.AddAttributeError(p, "Invalid Environment Variable",
			fmt.Sprintf("%s=%q is not a whole number between 0 and 20.", env, raw))
		return 0, false
	}
	return n, true
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
		resp.Diagnostics.AddAttributeError(p, "Invalid Request Timeout", fmt.Sprintf("%s=%q: %s.", source, raw, err))
		return 0, false
	}
	return d, true
}

func parsePositiveDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as \"30s\" or \"1m\"")
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be greater than zero")
	}
	return d, nil
}

// validateEndpoint allows https URLs, and http only on loopback hosts.
func validateEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("not an absolute URL such as https://api.example.com")
	}
	if u.User != nil {
		return fmt.Errorf("must not carry credentials")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if strings.EqualFold(host, "localhost") {
			return nil
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			return nil
		}
		return fmt.Errorf("must use https:// (http:// is allowed only for loopback hosts: 127.0.0.1, ::1, localhost)")
	}
	return fmt.Errorf("scheme %q is not supported: use https://", u.Scheme)
}
