package framework

// Helpers of this package's tests.

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validateString runs v on value at the attribute p, as the framework does.
func validateString(v validator.String, p path.Path, value types.String) diag.Diagnostics {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: value}, resp)
	return resp.Diagnostics
}

// wantError checks that diags hold exactly one error, at p, whose summary
// is summary and whose detail matches detail; or none when summary is "".
func wantError(t *testing.T, what string, diags diag.Diagnostics, p path.Path, summary, detail string) {
	t.Helper()
	if summary == "" {
		if diags.HasError() {
			t.Errorf("%s: unexpected %v", what, diags)
		}
		return
	}
	if diags.ErrorsCount() != 1 {
		t.Fatalf("%s: %d errors (%v), want 1", what, diags.ErrorsCount(), diags)
	}
	d := diags.Errors()[0]
	if pd, ok := d.(diag.DiagnosticWithPath); !ok || !pd.Path().Equal(p) {
		t.Errorf("%s: the error does not point at %s: %v", what, p, d)
	}
	if d.Summary() != summary || !regexp.MustCompile(detail).MatchString(d.Detail()) {
		t.Errorf("%s: %q: %q; want %q: /%s/", what, d.Summary(), d.Detail(), summary, detail)
	}
}

// testRoundTrip checks that the custom type typ reads each of values from
// Terraform as a V of its own type and writes it back unchanged, and that it
// refuses wrong, a value of another Terraform type.
func testRoundTrip[V attr.Value](t *testing.T, typ attr.Type, wrong tftypes.Value, values ...tftypes.Value) {
	t.Helper()
	ctx := context.Background()
	for _, in := range values {
		v, err := typ.ValueFromTerraform(ctx, in)
		if err != nil {
			t.Fatalf("ValueFromTerraform(%s): %v", in, err)
		}
		got, ok := v.(V)
		if !ok {
			t.Fatalf("ValueFromTerraform(%s) gave %T, want %T", in, v, *new(V))
		}
		if !got.Type(ctx).Equal(typ) {
			t.Errorf("value type %s, want %s", got.Type(ctx), typ)
		}
		out, err := got.ToTerraformValue(ctx)
		if err != nil {
			t.Fatalf("ToTerraformValue: %v", err)
		}
		if !out.Equal(in) {
			t.Errorf("round trip of %s gave %s", in, out)
		}
	}
	if _, err := typ.ValueFromTerraform(ctx, wrong); err == nil {
		t.Errorf("ValueFromTerraform accepted %s", wrong)
	}
}
