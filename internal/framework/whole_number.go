package framework

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Int64 attributes cannot hold 1.5: the framework fails to convert the config
// before any validator runs and reports "always an error in the provider"
// with the raw big.Float. A whole number is therefore a Number attribute
// whose value type accepts any number and reports a fraction (or a value
// past int64) as an error on the attribute, where Terraform can point at the
// line. Use it as
//
//	schema.NumberAttribute{CustomType: framework.WholeNumberType{}, Validators: []validator.Number{framework.PositiveWholeNumber()}}
//
// with a framework.WholeNumber field in the model.

var (
	_ basetypes.NumberTypable                    = WholeNumberType{}
	_ basetypes.NumberValuable                   = WholeNumber{}
	_ xattr.ValidateableAttribute                = WholeNumber{}
	_ validator.Number                           = wholeNumberAtLeastValidator{}
	_ basetypes.NumberValuableWithSemanticEquals = WholeNumber{}
)

// WholeNumberType is the attribute type of WholeNumber values: a number
// attribute that only takes whole numbers, and says so on the attribute.
type WholeNumberType struct{ basetypes.NumberType }

// Equal is true only for another WholeNumberType: a plain number type is not
// the same, or the framework would skip this one's validation.
func (t WholeNumberType) Equal(o attr.Type) bool {
	_, ok := o.(WholeNumberType)
	return ok
}

// String names the type in the framework's messages.
func (t WholeNumberType) String() string { return "WholeNumberType" }

// ValueFromNumber wraps a number, not yet checked, as a WholeNumber.
func (t WholeNumberType) ValueFromNumber(_ context.Context, in basetypes.NumberValue) (basetypes.NumberValuable, diag.Diagnostics) {
	return WholeNumber{NumberValue: in}, nil
}

// ValueFromTerraform takes any number, so that a fraction reaches
// WholeNumber.ValidateAttribute instead of failing the conversion.
func (t WholeNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.NumberType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	n, ok := v.(basetypes.NumberValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return WholeNumber{NumberValue: n}, nil
}

// ValueType is WholeNumber, which models declare their fields as.
func (t WholeNumberType) ValueType(context.Context) attr.Value { return WholeNumber{} }

// WholeNumber is a number that must be a whole int64 once validated.
type WholeNumber struct{ basetypes.NumberValue }

// WholeNumberNull is a null WholeNumber: the attribute is unset.
func WholeNumberNull() WholeNumber { return WholeNumber{NumberValue: basetypes.NewNumberNull()} }

// WholeNumberValue is i as a WholeNumber, for values read from an API.
func WholeNumberValue(i int64) WholeNumber {
	return WholeNumber{NumberValue: basetypes.NewNumberValue(new(big.Float).SetInt64(i))}
}

// Type is WholeNumberType.
func (v WholeNumber) Type(context.Context) attr.Type { return WholeNumberType{} }

// Equal is exact equality with another WholeNumber; NumberSemanticEquals is
// the looser one.
func (v WholeNumber) Equal(o attr.Value) bool {
	other, ok := o.(WholeNumber)
	return ok && v.NumberValue.Equal(other.NumberValue)
}

// NumberSemanticEquals makes 3 and 3.0 (which HCL may hand over with
// different precision) the same value.
func (v WholeNumber) NumberSemanticEquals(_ context.Context, o basetypes.NumberValuable) (bool, diag.Diagnostics) {
	other, ok := o.(WholeNumber)
	if !ok || v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, nil
	}
	return v.ValueBigFloat().Cmp(other.ValueBigFloat()) == 0, nil
}

// int64Of reports the value as an int64, and whether it is one.
func (v WholeNumber) int64Of() (int64, bool) {
	f := v.ValueBigFloat()
	if v.IsNull() || v.IsUnknown() || f == nil || !f.IsInt() {
		return 0, false
	}
	i, acc := f.Int64()
	return i, acc == big.Exact
}

// ValueInt64 is the value, or 0 when it is null, unknown or not whole, and
// the nearest int64 when it is past one (validation has reported both).
func (v WholeNumber) ValueInt64() int64 {
	i, _ := v.int64Of()
	return i
}

// ValueInt64Pointer is nil when the value is null or unknown, for the
// optional fields of a request.
func (v WholeNumber) ValueInt64Pointer() *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	i := v.ValueInt64()
	return &i
}

// ValidateAttribute reports a fraction or an out-of-range number on the
// attribute itself.
func (v WholeNumber) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	f := v.ValueBigFloat()
	if !f.IsInt() {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Whole Number",
			fmt.Sprintf("%s must be a whole number (an id such as 3); got %s.", req.Path, f.Text('g', -1)))
		return
	}
	if _, acc := f.Int64(); acc != big.Exact {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Whole Number",
			fmt.Sprintf("%s must be a whole number between %d and %d; got %s.", req.Path, int64(-1<<63), int64(1<<63-1), f.Text('f', 0)))
	}
}

// PositiveWholeNumber requires at least 1, as every id does; values that are
// not whole are left to the type's own error.
func PositiveWholeNumber() validator.Number {
	return wholeNumberAtLeastValidator{Described: "value must be at least 1", min: 1}
}

type wholeNumberAtLeastValidator struct {
	Described
	min int64
}

func (v wholeNumberAtLeastValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if !Known(req.ConfigValue) {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	if !f.IsInt() {
		return
	}
	if f.Cmp(new(big.Float).SetInt64(v.min)) < 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s value must be at least %d, got: %s", req.Path, v.min, f.Text('f', 0)))
	}
}
