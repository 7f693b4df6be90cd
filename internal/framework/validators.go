package framework

// Validators catch at plan time what the APIs would only refuse on apply,
// or worse, take and then match nothing with.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NotBlank rejects empty or whitespace-only strings, which the APIs take as
// ids or text and then fail on, or match nothing with.
func NotBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")
}

// PositiveDuration completes timetypes.GoDuration, which takes any duration:
// a duration without a minus sign is zero exactly when it has no digit from 1
// to 9 (unit names have no digits, Go durations no exponent).
func PositiveDuration() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^[^-]*[1-9]`), "must be a duration longer than zero")
}

// Endpoint checks an API endpoint at plan time with ValidateEndpoint, so
// that a configured one fails where Terraform can point at its line; the
// provider's Configure applies the same rule to one from the environment.
func Endpoint() validator.String {
	return endpointValidator{"must be an https:// URL (http:// only for loopback hosts)"}
}

type endpointValidator struct{ Described }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	if err := ValidateEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Endpoint",
			fmt.Sprintf("The endpoint %q is not valid: %s.", req.ConfigValue.ValueString(), err))
	}
}

// ValidateEndpoint allows https URLs, and http only on loopback hosts: a
// credential must never cross a network in clear text, while a local fake
// of the APIs needs no certificate.
func ValidateEndpoint(raw string) error {
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

// NotAfter refuses an RFC 3339 time later than the one at before (a path
// expression relative to the attribute), at plan time: the APIs take such a
// range and match nothing, a typo that would read as "no results". Times
// that are unset, unknown or malformed (which their type reports) pass.
// summary names the mistake in the error, as the filter calls it.
func NotAfter(before path.Expression, summary string) validator.String {
	return notAfterValidator{Described: Described(fmt.Sprintf("must not be later than %s", before)), before: before, summary: summary}
}

type notAfterValidator struct {
	Described
	before  path.Expression
	summary string
}

func (v notAfterValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	after, err := ParseRFC3339(req.ConfigValue.ValueString())
	if err != nil {
		return
	}
	paths, diags := req.Config.PathMatches(ctx, req.PathExpression.Merge(v.before))
	if diags.HasError() {
		resp.Diagnostics.Append(diags...)
		return
	}
	for _, p := range paths {
		var before types.String
		if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, p, &before)...); resp.Diagnostics.HasError() || !Known(before) {
			continue
		}
		if b, err := ParseRFC3339(before.ValueString()); err == nil && after.After(b) {
			resp.Diagnostics.AddAttributeError(req.Path, v.summary,
				fmt.Sprintf("%s (%s) is later than %s (%s), so nothing could match. Swap them.",
					req.Path, req.ConfigValue.ValueString(), p, before.ValueString()))
		}
	}
}

// RFC3339 requires a date and time in RFC 3339, e.g. 2024-01-31T09:00:00Z.
// Its error names the attribute in its text as well as by its path: Terraform
// shows the path of an attribute nested in an object attribute of a data
// source or list resource as the whole block, so the text is all that says
// which one it is.
func RFC3339() validator.String {
	return rfc3339Validator{"must be a date and time in RFC 3339, such as 2024-01-31T09:00:00Z"}
}

type rfc3339Validator struct{ Described }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	if _, err := ParseRFC3339(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 Time",
			fmt.Sprintf("%s = %q is not a date and time in RFC 3339, such as 2024-01-31T09:00:00Z or 2024-01-31T09:00:00+02:00: %s.",
				req.Path, req.ConfigValue.ValueString(), err))
	}
}

// ParseRFC3339 parses what RFC3339 accepts.
func ParseRFC3339(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	var parseErr *time.ParseError
	if errors.As(err, &parseErr) && parseErr.Message != "" {
		// "month out of range" rather than Go's layout talk.
		return t, errors.New(strings.TrimPrefix(parseErr.Message, ": "))
	}
	if err != nil {
		return t, errors.New("it does not have the form YYYY-MM-DDThh:mm:ssZ")
	}
	return t, nil
}

// JSONObject requires a JSON object, e.g. jsonencode({a = 1}):
// jsontypes.Normalized checks the syntax only, so jsonencode([1]) passes it.
// Its error speaks of custom fields, the one JSON attribute the APIs have.
func JSONObject() validator.String { return jsonObjectValidator{"must be a JSON object"} }

type jsonObjectValidator struct{ Described }

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	raw := strings.TrimSpace(req.ConfigValue.ValueString())
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Custom Fields",
			fmt.Sprintf("%s must be a JSON object such as jsonencode({ tnt__team = \"ops\" }), got %.80q.", req.Path, raw))
	}
}

// Email requires one email address, written bare (ada@example.com, not
// "Ada <ada@example.com>"), at plan time: the APIs look a person up by the
// address exactly as given, and HelpCrunch refuses a malformed one on apply.
func Email() validator.String {
	return emailValidator{"must be an email address such as ada@example.com"}
}

type emailValidator struct{ Described }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	s := req.ConfigValue.ValueString()
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Email Address",
			fmt.Sprintf("%s must be one email address such as ada@example.com, got %q.", req.Path, s))
	}
}
