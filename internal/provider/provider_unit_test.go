package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

func TestParsePositiveDuration(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{"30s": true, "1m30s": true, "0s": false, "-1s": false, "30": false, "": false} {
		if _, err := parsePositiveDuration(raw); (err == nil) != ok {
			t.Errorf("parsePositiveDuration(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// max_requests_per_minute: the configured value wins over the environment,
// which wins over the platform's default (HelpCrunch 120, DevRev none); an
// environment value outside 0..100000 is an attribute error naming it.
func TestSettingBudget(t *testing.T) {
	const env = "CHATOPS_TEST_BUDGET"
	p := path.Root("helpcrunch").AtName("max_requests_per_minute")
	for _, tc := range []struct {
		config  types.Int64
		env     string
		def     int
		want    int
		wantErr string
	}{
		{types.Int64Null(), "", defaultHelpCrunchMaxRequestsPerMinute, 120, ""},
		{types.Int64Null(), "", 0, 0, ""},
		{types.Int64Null(), "600", 120, 600, ""},
		{types.Int64Null(), " 0 ", 120, 0, ""},
		{types.Int64Value(30), "600", 120, 30, ""},
		{types.Int64Value(0), "600", 120, 0, ""},
		{types.Int64Unknown(), "45", 120, 45, ""},
		{types.Int64Null(), "lots", 120, 120, `CHATOPS_TEST_BUDGET="lots" is not a whole number between 0 and 100000.`},
		{types.Int64Null(), "100001", 120, 120, `CHATOPS_TEST_BUDGET="100001" is not a whole number between 0 and 100000.`},
		{types.Int64Null(), "-1", 0, 0, `CHATOPS_TEST_BUDGET="-1" is not a whole number between 0 and 100000.`},
	} {
		t.Setenv(env, tc.env)
		resp := &provider.ConfigureResponse{}
		got := settingBudget(tc.config, env, p, tc.def, resp)
		var detail string
		if resp.Diagnostics.HasError() {
			d := resp.Diagnostics.Errors()[0]
			detail = d.Detail()
			if pd, ok := d.(diag.DiagnosticWithPath); !ok || !pd.Path().Equal(p) {
				t.Errorf("%v / %q: the error does not point at %s", tc.config, tc.env, p)
			}
		}
		if got != tc.want || detail != tc.wantErr {
			t.Errorf("config %v, env %q, default %d: %d, error %q; want %d, error %q", tc.config, tc.env, tc.def, got, detail, tc.want, tc.wantErr)
		}
	}
}

// A request_timeout that is not a positive duration names the attribute and
// says what is wrong: from the schema (plan time: timetypes.GoDuration refuses
// what is not a duration, framework.PositiveDuration what is not longer than zero), from
// the configuration at Configure, and from the environment.
func TestDurationErrorsNameTheSetting(t *testing.T) {
	p := path.Root("request_timeout")
	for raw, ok := range map[string]bool{"30s": true, "1m30s": true, "0.5s": true, "+2h": true, "1ns": true, "0s": false, "-5m": false, "0h0m0.0s": false, "-1s": false} {
		resp := &validator.StringResponse{}
		framework.PositiveDuration().ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue(raw)}, resp)
		if resp.Diagnostics.HasError() == ok || (!ok && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "request_timeout must be a duration longer than zero")) {
			t.Errorf("framework.PositiveDuration on %q: %v, want ok=%v", raw, resp.Diagnostics, ok)
		}
	}
	for raw, want := range map[string]string{
		"fast": `request_timeout = "fast" is not a duration such as "30s" or "1m".`,
		"0s":   `request_timeout = "0s" is not longer than zero.`,
		"-5m":  `request_timeout = "-5m" is not longer than zero.`,
	} {
		resp := &provider.ConfigureResponse{}
		if _, ok := settingDuration(types.StringValue(raw), EnvRequestTimeout, p, resp); ok || resp.Diagnostics.ErrorsCount() != 1 || resp.Diagnostics.Errors()[0].Detail() != want {
			t.Errorf("configured %q: %v, want %q", raw, resp.Diagnostics, want)
		}
	}
	t.Setenv(EnvRequestTimeout, "fast")
	resp := &provider.ConfigureResponse{}
	if _, ok := settingDuration(types.StringNull(), EnvRequestTimeout, p, resp); ok || resp.Diagnostics.ErrorsCount() != 1 ||
		resp.Diagnostics.Errors()[0].Detail() != `CHATOPS_REQUEST_TIMEOUT = "fast" is not a duration such as "30s" or "1m".` {
		t.Errorf("from the environment: %v", resp.Diagnostics)
	}
}
