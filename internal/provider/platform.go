package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// devrevResourceBase gives a DevRev resource its client, and fails clearly
// when the provider has no DevRev credential.
type devrevResourceBase struct {
	client *client.DevRev
}

func (b *devrevResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = devrevClient(req.ProviderData, &resp.Diagnostics)
}

// devrevDataSourceBase is devrevResourceBase for data sources.
type devrevDataSourceBase struct {
	client *client.DevRev
}

func (b *devrevDataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.client = devrevClient(req.ProviderData, &resp.Diagnostics)
}

// helpcrunchResourceBase gives a HelpCrunch resource its client, and fails
// clearly when the provider has no HelpCrunch credential.
type helpcrunchResourceBase struct {
	client *client.HelpCrunch
}

func (b *helpcrunchResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = helpcrunchClient(req.ProviderData, &resp.Diagnostics)
}

// helpcrunchDataSourceBase is helpcrunchResourceBase for data sources.
type helpcrunchDataSourceBase struct {
	client *client.HelpCrunch
}

func (b *helpcrunchDataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.client = helpcrunchClient(req.ProviderData, &resp.Diagnostics)
}

func devrevClient(pd any, diags *diag.Diagnostics) *client.DevRev {
	data := providerDataFrom(pd, diags)
	if data == nil {
		return nil
	}
	if data.DevRev == nil {
		diags.AddError("DevRev Is Not Configured",
			"This resource needs the DevRev API, but the provider is missing a configuration for it. "+
				"Set devrev.token in the provider block, or the "+EnvDevRevToken+" environment variable.")
	}
	return data.DevRev
}

func helpcrunchClient(pd any, diags *diag.Diagnostics) *client.HelpCrunch {
	data := providerDataFrom(pd, diags)
	if data == nil {
		return nil
	}
	if data.HelpCrunch == nil {
		diags.AddError("HelpCrunch Is Not Configured",
			"This resource needs the HelpCrunch API, but the provider is missing a configuration for it. "+
				"Set helpcrunch.api_key in the provider block, or the "+EnvHelpCrunchAPIKey+" environment variable.")
	}
	return data.HelpCrunch
}

// providerDataFrom returns nil without error before the provider is
// configured (validation runs then), and an error for data of a wrong type.
func providerDataFrom(pd any, diags *diag.Diagnostics) *providerData {
	if pd == nil {
		return nil
	}
	data, ok := pd.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", pd))
		return nil
	}
	return data
}

// apiErrorDetail explains a failed API call: what we were doing, what the API
// answered (status, error type, its message and reference id), and what to try.
func apiErrorDetail(doing string, err error, hint string) string {
	detail := fmt.Sprintf("While %s: %s", doing, err)
	var apiErr *client.APIError
	if hint == "" && errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case 401:
			hint = fmt.Sprintf("Check the %s credential in the provider configuration.", apiErr.Platform)
		case 403:
			hint = fmt.Sprintf("The %s credential is valid but lacks permission for this operation.", apiErr.Platform)
		case 429:
			hint = "The API kept rate limiting the request; retry later or raise max_retries."
		}
	}
	if hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}
