package framework

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestNotBlank(t *testing.T) {
	t.Parallel()
	p := path.Root("title")
	for raw, ok := range map[string]bool{"x": true, " x ": true, "": false, "   ": false, "\t\n": false} {
		diags := validateString(NotBlank(), p, types.StringValue(raw))
		if diags.HasError() == ok || (!ok && !strings.Contains(diags.Errors()[0].Detail(), "title must not be empty or blank")) {
			t.Errorf("NotBlank on %q: %v, want ok=%v", raw, diags, ok)
		}
	}
	if validateString(NotBlank(), p, types.StringNull()).HasError() || validateString(NotBlank(), p, types.StringUnknown()).HasError() {
		t.Error("NotBlank refuses a null or unknown value")
	}
}

// TestRFC3339 takes what Go's RFC 3339 layout takes, and names the attribute
// in the error's text, with what is wrong when Go says it.
func TestRFC3339(t *testing.T) {
	t.Parallel()
	p := path.Root("modified_date").AtName("after")
	for raw, want := range map[string]string{
		"2024-01-31T09:00:00Z":        "",
		"2024-01-31T09:00:00.5+02:00": "",
		"2024-13-45":                  `modified_date.after = "2024-13-45" is not a date and time in RFC 3339`,
		"2024-13-01T00:00:00Z":        "month out of range",
		"yesterday":                   "it does not have the form YYYY-MM-DDThh:mm:ssZ",
		"2024-01-31":                  `modified_date.after = "2024-01-31"`,
	} {
		diags := validateString(RFC3339(), p, types.StringValue(raw))
		switch {
		case want == "" && diags.HasError():
			t.Errorf("RFC3339 refused %q: %v", raw, diags)
		case want != "" && (!diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want)):
			t.Errorf("RFC3339 on %q: %v, want an error saying %q", raw, diags, want)
		}
	}
	if validateString(RFC3339(), p, types.StringNull()).HasError() || validateString(RFC3339(), p, types.StringUnknown()).HasError() {
		t.Error("RFC3339 refuses a null or unknown value")
	}
}

func TestPositiveDuration(t *testing.T) {
	t.Parallel()
	p := path.Root("request_timeout")
	for raw, ok := range map[string]bool{"30s": true, "1m30s": true, "0.5s": true, "+2h": true, "1ns": true, "10s": true, "0s": false, "-5m": false, "0h0m0.0s": false, "-1s": false} {
		if diags := validateString(PositiveDuration(), p, types.StringValue(raw)); diags.HasError() == ok {
			t.Errorf("PositiveDuration on %q: %v, want ok=%v", raw, diags, ok)
		}
	}
}

func TestValidateEndpoint(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://api.devrev.ai":          true,
		"https://api.helpcrunch.com/v1":  true,
		"http://127.0.0.1:8787/devrev":   true,
		"http://127.9.9.9/devrev":        true,
		"http://[::1]:8080/helpcrunch":   true,
		"http://localhost:1234":          true,
		"http://LOCALHOST:1234":          true,
		"http://api.devrev.ai":           false,
		"http://10.0.0.1/devrev":         false,
		"http://localhost.example.com":   false,
		"ftp://127.0.0.1":                false,
		"api.devrev.ai":                  false,
		"https://user:pw@api.devrev.ai":  false,
		"":                               false,
		"https://":                       false,
		"http://127.0.0.1.example.com/x": false,
	} {
		if err := ValidateEndpoint(raw); (err == nil) != ok {
			t.Errorf("ValidateEndpoint(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestEndpoint(t *testing.T) {
	t.Parallel()
	p := path.Root("devrev").AtName("endpoint")
	wantError(t, "https", validateString(Endpoint(), p, types.StringValue("https://api.devrev.ai")), p, "", "")
	wantError(t, "unknown", validateString(Endpoint(), p, types.StringUnknown()), p, "", "")
	wantError(t, "http", validateString(Endpoint(), p, types.StringValue("http://api.devrev.ai")), p,
		"Invalid Endpoint", `^The endpoint "http://api.devrev.ai" is not valid: must use https://.*\.$`)
	if Endpoint().Description(context.Background()) == "" {
		t.Error("Endpoint has no description")
	}
}

func TestJSONObject(t *testing.T) {
	t.Parallel()
	p := path.Root("custom_fields")
	for raw, ok := range map[string]bool{`{}`: true, ` {"a": [1]} `: true, `[1]`: false, `"x"`: false, `null`: false, `{`: false} {
		if ok {
			wantError(t, raw, validateString(JSONObject(), p, types.StringValue(raw)), p, "", "")
			continue
		}
		wantError(t, raw, validateString(JSONObject(), p, types.StringValue(raw)), p, "Invalid Custom Fields", `^custom_fields must be a JSON object`)
	}
	wantError(t, "null", validateString(JSONObject(), p, types.StringNull()), p, "", "")
}

func TestNotAfter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"after":  schema.StringAttribute{Optional: true},
		"before": schema.StringAttribute{Optional: true},
	}}
	config := func(after, before any) tfsdk.Config {
		return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), map[string]tftypes.Value{
			"after":  tftypes.NewValue(tftypes.String, after),
			"before": tftypes.NewValue(tftypes.String, before),
		})}
	}
	v := NotAfter(path.MatchRelative().AtParent().AtName("before"), "Empty Time Range")
	p := path.Root("after")
	for _, tc := range []struct {
		name    string
		after   string
		before  any
		wantErr bool
	}{
		{"in order", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", false},
		{"equal", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", false},
		{"inverted", "2024-03-01T00:00:00Z", "2024-02-01T00:00:00Z", true},
		{"inverted across zones", "2024-01-01T01:30:00+01:00", "2024-01-01T00:00:00Z", true},
		{"no before", "2024-03-01T00:00:00Z", nil, false},
		{"before unknown", "2024-03-01T00:00:00Z", tftypes.UnknownValue, false},
		{"malformed after", "March", "2024-02-01T00:00:00Z", false},
	} {
		cfg := config(tc.after, tc.before)
		resp := &validator.StringResponse{}
		v.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: types.StringValue(tc.after), Config: cfg}, resp)
		if !tc.wantErr {
			wantError(t, tc.name, resp.Diagnostics, p, "", "")
			continue
		}
		wantError(t, tc.name, resp.Diagnostics, p, "Empty Time Range", `^after \(.*\) is later than before \(.*\), so nothing could match\. Swap them\.$`)
	}
	if got := v.Description(ctx); !strings.Contains(got, "before") {
		t.Errorf("description %q does not name the other attribute", got)
	}
}

func TestEmail(t *testing.T) {
	t.Parallel()
	p := path.Root("email")
	for raw, ok := range map[string]bool{
		"ada@example.com": true, "ada.lovelace+crm@mail.example.co.uk": true,
		"": false, " ": false, "ada": false, "ada@": false, "@example.com": false, "ada@localhost": false,
		"Ada <ada@example.com>": false, " ada@example.com": false, "ada@example.com, bob@example.com": false,
	} {
		diags := validateString(Email(), p, types.StringValue(raw))
		if ok {
			wantError(t, raw, diags, p, "", "")
		} else {
			wantError(t, raw, diags, p, "Invalid Email Address", `email must be one email address such as ada@example\.com, got`)
		}
	}
	if validateString(Email(), p, types.StringNull()).HasError() || validateString(Email(), p, types.StringUnknown()).HasError() {
		t.Error("Email refuses a null or unknown value")
	}
}
