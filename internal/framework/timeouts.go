package framework

// The timeouts block every resource has, and the deadline it sets on each
// create, read, update and delete.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// DefaultTimeout bounds each create, read, update and delete, retries
// included, unless the resource's timeouts block says otherwise: long enough
// for the client's retries and pacing, short enough that a stuck API fails
// the run instead of holding it.
const DefaultTimeout = 10 * time.Minute

// WithTimeout bounds ctx by the timeouts block's value for one operation (op
// is e.g. plan.Timeouts.Create), else by DefaultTimeout.
func WithTimeout(ctx context.Context, op func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := op(ctx, DefaultTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}

// TimeoutsBlock is the timeouts block of the operations opts names, as
// timeouts.Block makes it, whose every attribute also refuses a zero or
// negative duration at plan time. timeouts.Block only checks that the value
// parses, and a deadline already past would fail the operation before its
// first request, with an error that names no attribute.
func TimeoutsBlock(ctx context.Context, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts)
	nested, ok := block.(schema.SingleNestedBlock)
	if !ok {
		return block
	}
	attrs := make(map[string]schema.Attribute, len(nested.Attributes))
	for name, a := range nested.Attributes {
		if s, ok := a.(schema.StringAttribute); ok {
			s.Validators = append(slices.Clone(s.Validators), positiveTimeoutValidator{Described: "must be greater than zero", name: name})
			a = s
		}
		attrs[name] = a
	}
	nested.Attributes = attrs
	return nested
}

// positiveTimeoutValidator refuses a duration of zero or less; what does not
// parse is left to timeouts.Block's own validator.
type positiveTimeoutValidator struct {
	Described
	name string
}

func (v positiveTimeoutValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err == nil && d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timeout",
			fmt.Sprintf("The %s timeout %q must be greater than zero.", v.name, req.ConfigValue.ValueString()))
	}
}
