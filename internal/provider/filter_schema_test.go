package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestFilterValidators_unknownValues checks, through the plugin protocol and
// without Terraform, that the filters' plan-time rules wait for values known
// only after apply (another resource's attribute) instead of refusing them,
// and still refuse what is wrong once both sides are known.
func TestFilterValidators_unknownValues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ps := providerserver.NewProtocol6(New("test")())()
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	unknown := func(typ tftypes.Type) tftypes.Value { return tftypes.NewValue(typ, tftypes.UnknownValue) }
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	// object is a value of typ with the given attributes and the others null;
	// an attribute given as a map is an object of its own type built the same way.
	var object func(typ tftypes.Type, attrs map[string]any) tftypes.Value
	object = func(typ tftypes.Type, attrs map[string]any) tftypes.Value {
		ot := typ.(tftypes.Object)
		vals := map[string]tftypes.Value{}
		for name, at := range ot.AttributeTypes {
			switch v := attrs[name].(type) {
			case nil:
				vals[name] = tftypes.NewValue(at, nil)
			case tftypes.Value:
				vals[name] = v
			case map[string]any:
				vals[name] = object(at, v)
			case []map[string]any:
				et := at.(tftypes.List).ElementType
				var elems []tftypes.Value
				for _, e := range v {
					elems = append(elems, object(et, e))
				}
				vals[name] = tftypes.NewValue(at, elems)
			}
		}
		return tftypes.NewValue(typ, vals)
	}
	const conv, hc = "chatops_devrev_conversations", "chatops_helpcrunch_chats"
	for _, tc := range []struct {
		name, ds string
		attrs    map[string]any
		wantErr  string // "" for none
	}{
		{"range after unknown", conv, map[string]any{"modified_date": map[string]any{"after": unknown(tftypes.String), "before": str("2024-01-01T00:00:00Z")}}, ""},
		{"range before unknown", conv, map[string]any{"actual_close_date": map[string]any{"after": str("2024-02-01T00:00:00Z"), "before": unknown(tftypes.String)}}, ""},
		{"only after, unknown", conv, map[string]any{"sla_summary": map[string]any{"target_time": map[string]any{"after": unknown(tftypes.String)}}}, ""},
		{"preset type unknown", conv, map[string]any{"actual_close_date": map[string]any{"preset_type": unknown(tftypes.String), "days": num(3)}}, ""},
		{"days unknown", conv, map[string]any{"modified_date": map[string]any{"preset_type": str("last_n_days"), "days": unknown(tftypes.Number)}}, ""},
		{"tag id unknown", conv, map[string]any{"tags_v2": []map[string]any{{"id": unknown(tftypes.String)}}}, ""},
		{"whole filter unknown", conv, map[string]any{"modified_date": unknown(schemas.DataSourceSchemas[conv].ValueType().(tftypes.Object).AttributeTypes["modified_date"])}, ""},
		{"inverted range", conv, map[string]any{"modified_date": map[string]any{"after": str("2024-02-01T00:00:00Z"), "before": str("2024-01-01T00:00:00Z")}}, "Inverted Date Range"},
		{"preset without days", conv, map[string]any{"modified_date": map[string]any{"preset_type": str("next_n_days")}}, "must be specified"},
		{"created_after unknown", hc, map[string]any{"created_after": unknown(tftypes.String), "created_before": str("2024-01-01T00:00:00Z")}, ""},
		{"created_before unknown", hc, map[string]any{"created_after": str("2024-02-01T00:00:00Z"), "created_before": unknown(tftypes.String)}, ""},
		{"customer unknown", hc, map[string]any{"customer": unknown(tftypes.Number), "limit": unknown(tftypes.Number)}, ""},
		{"empty time range", hc, map[string]any{"created_after": str("2024-02-01T00:00:00Z"), "created_before": str("2024-01-01T00:00:00Z")}, "Empty Time Range"},
		{"malformed time", hc, map[string]any{"created_before": str("2024-01-01")}, "Invalid RFC 3339 Time"},
		{"malformed nested time", conv, map[string]any{"modified_date": map[string]any{"after": str("2024-13-45")}}, "modified_date.after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typ := schemas.DataSourceSchemas[tc.ds].ValueType()
			dv, err := tfprotov6.NewDynamicValue(typ, object(typ, tc.attrs))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := ps.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: tc.ds, Config: &dv})
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					errs = append(errs, d.Summary+": "+d.Detail)
				}
			}
			if tc.wantErr == "" && len(errs) > 0 || tc.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.wantErr)) {
				t.Fatalf("errors %q, want %q", errs, tc.wantErr)
			}
		})
	}
}
