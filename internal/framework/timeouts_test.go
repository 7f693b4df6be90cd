package framework

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestWithTimeout(t *testing.T) {
	t.Parallel()
	var diags diag.Diagnostics
	var gotDefault time.Duration
	ctx, cancel := WithTimeout(context.Background(), func(_ context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
		gotDefault = def
		return time.Hour, nil
	}, &diags)
	defer cancel()
	if gotDefault != DefaultTimeout {
		t.Errorf("the timeouts block was offered %s as the default, want %s", gotDefault, DefaultTimeout)
	}
	if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) < 59*time.Minute || time.Until(deadline) > time.Hour {
		t.Errorf("deadline %v (set %v), want an hour from now", deadline, ok)
	}

	var bad diag.Diagnostics
	_, cancel2 := WithTimeout(context.Background(), func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
		var d diag.Diagnostics
		d.AddError("Timeout Cannot Be Parsed", "x")
		return DefaultTimeout, d
	}, &bad)
	defer cancel2()
	if bad.ErrorsCount() != 1 {
		t.Errorf("the block's diagnostics were not passed on: %v", bad)
	}
}

func TestTimeoutsBlock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := timeouts.Opts{Create: true, Read: true, Delete: true}
	block, ok := TimeoutsBlock(ctx, opts).(schema.SingleNestedBlock)
	if !ok {
		t.Fatalf("TimeoutsBlock is a %T, want the schema.SingleNestedBlock timeouts.Block makes", TimeoutsBlock(ctx, opts))
	}
	// Everything but the validators is timeouts.Block's, so a model's
	// timeouts.Value field still reads it.
	plain, _ := timeouts.Block(ctx, opts).(schema.SingleNestedBlock)
	if !block.CustomType.Equal(plain.CustomType) || len(block.Attributes) != 3 {
		t.Fatalf("TimeoutsBlock changed the block: %v, want %v", block, plain)
	}
	for name, a := range block.Attributes {
		s, ok := a.(schema.StringAttribute)
		if !ok {
			t.Fatalf("%s is a %T", name, a)
		}
		p := path.Root("timeouts").AtName(name)
		for _, tc := range []struct {
			raw, summary string
		}{
			{"30s", ""},
			{"1h", ""},
			{"0s", "Invalid Timeout"},
			{"-1m", "Invalid Timeout"},
			// Not a duration: timeouts.Block's own validator says so, once.
			{"soon", "Invalid Attribute Value Time Duration"},
		} {
			var diags diag.Diagnostics
			for _, v := range s.Validators {
				diags.Append(validateString(v, p, types.StringValue(tc.raw))...)
			}
			want := `^The ` + name + ` timeout "` + tc.raw + `" must be greater than zero\.$`
			if tc.summary != "Invalid Timeout" {
				want = ""
			}
			wantError(t, name+" = "+tc.raw, diags, p, tc.summary, want)
		}
		if got := plain.Attributes[name].GetDescription(); s.GetDescription() != got {
			t.Errorf("%s: description %q, want timeouts.Block's %q", name, s.GetDescription(), got)
		}
	}
	// The block's attributes are shared by no one: adding a validator to one
	// timeouts block leaves another as it was.
	again, _ := TimeoutsBlock(ctx, opts).(schema.SingleNestedBlock)
	if n := len(again.Attributes["create"].(schema.StringAttribute).Validators); n != 2 {
		t.Errorf("a second block has %d validators on create, want 2", n)
	}
}

func TestTimeoutsBlock_unknownAndNull(t *testing.T) {
	t.Parallel()
	p := path.Root("timeouts").AtName("create")
	v := positiveTimeoutValidator{name: "create"}
	if validateString(v, p, types.StringNull()).HasError() || validateString(v, p, types.StringUnknown()).HasError() {
		t.Error("an unset or unknown timeout is refused")
	}
}
