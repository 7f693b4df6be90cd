package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ validator.String = endpointValidator{}
	_ validator.String = notAfterValidator{}
)

// notBlank rejects empty or whitespace-only strings, which the APIs take as
// ids or text and then fail on, or match nothing with.
func notBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")
}

// positiveDuration completes timetypes.GoDuration, which takes any duration:
// a duration without a minus sign is zero exactly when it has no digit from 1
// to 9 (unit names have no digits, Go durations no exponent).
func positiveDuration() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^[^-]*[1-9]`), "must be a duration longer than zero")
}

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

// notAfter refuses an RFC 3339 time later than the one at before (a path
// expression relative to the attribute), at plan time: the APIs take such a
// range and match nothing, a typo that would read as "no results". Times
// that are unset, unknown or malformed (which their type reports) pass.
func notAfter(before path.Expression, summary string) validator.String {
	return notAfterValidator{before: before, summary: summary}
}

type notAfterValidator struct {
	before  path.Expression
	summary string
}

func (v notAfterValidator) Description(context.Context) string {
	return fmt.Sprintf("must not be later than %s", v.before)
}

func (v notAfterValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notAfterValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	after, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString())
	if err != nil {
		return
	}
	paths, diags := req.Config.PathMatches(ctx, req.PathExpression.Merge(v.before))
	if diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	for _, p := range paths {
		var before timetypes.RFC3339
		if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, p, &before)...); resp.Diagnostics.HasError() || before.IsNull() || before.IsUnknown() {
			continue
		}
		if b, err := time.Parse(time.RFC3339, before.ValueString()); err == nil && after.After(b) {
			resp.Diagnostics.AddAttributeError(req.Path, v.summary,
				fmt.Sprintf("%s (%s) is later than %s (%s), so nothing could match. Swap them.",
					req.Path, req.ConfigValue.ValueString(), p, before.ValueString()))
		}
	}
}
