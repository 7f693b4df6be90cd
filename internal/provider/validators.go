package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ validator.String = endpointValidator{}
	_ validator.String = durationValidator{}
)

// endpointValidator checks an API endpoint at plan time: https, or http on a
// loopback host.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an https:// URL (http:// only for loopback hosts)"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := validateEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Endpoint",
			fmt.Sprintf("The endpoint %q is not valid: %s.", req.ConfigValue.ValueString(), err))
	}
}

// durationValidator checks a positive Go duration such as "30s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 30s or 1m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s = %q %s.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// notBlankValidator rejects empty or whitespace-only strings.
type notBlankValidator struct{}

func notBlank() validator.String { return notBlankValidator{} }

func (notBlankValidator) Description(context.Context) string { return "must not be empty or blank" }

func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty Value", fmt.Sprintf("%s must not be empty or blank.", req.Path))
	}
}
