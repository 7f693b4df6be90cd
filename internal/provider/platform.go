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

// resourceBase gives a resource (or list resource) of one platform its type
// name and its client, and fails clearly when the provider has no credential
// for that platform; dataSourceBase does the same for a data source.
// typeName is the name after the provider's, such as "devrev_chat": a list
// resource has the name of the resource it lists.
type (
	resourceBase[C platformClient] struct {
		typeName string
		client   *C
	}
	dataSourceBase[C platformClient] struct {
		typeName string
		client   *C
	}
)

type (
	devrevResourceBase       = resourceBase[client.DevRev]
	devrevDataSourceBase     = dataSourceBase[client.DevRev]
	helpcrunchResourceBase   = resourceBase[client.HelpCrunch]
	helpcrunchDataSourceBase = dataSourceBase[client.HelpCrunch]
)

// platformClient is the client of one platform.
type platformClient interface {
	client.DevRev | client.HelpCrunch
}

func (b *resourceBase[C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *dataSourceBase[C]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *resourceBase[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = configuredClient[C](req.ProviderData, &resp.Diagnostics)
}

func (b *dataSourceBase[C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.client = configuredClient[C](req.ProviderData, &resp.Diagnostics)
}

// configuredClient is the provider's client of platform C; nil, with an
// error naming the missing credential, when that platform is not configured.
func configuredClient[C platformClient](pd any, diags *diag.Diagnostics) *C {
	data := providerDataFrom(pd, diags)
	if data == nil {
		return nil
	}
	var c any
	var name, setting string
	switch any((*C)(nil)).(type) {
	case *client.DevRev:
		c, name, setting = data.DevRev, "DevRev", "devrev.token in the provider block, or the "+EnvDevRevToken
	case *client.HelpCrunch:
		c, name, setting = data.HelpCrunch, "HelpCrunch", "helpcrunch.api_key in the provider block, or the "+EnvHelpCrunchAPIKey
	}
	got, _ := c.(*C)
	if got == nil {
		diags.AddError(name+" Is Not Configured", "This needs the "+name+" API, but the provider is missing a configuration for it. "+
			"Set "+setting+" environment variable.")
	}
	return got
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
