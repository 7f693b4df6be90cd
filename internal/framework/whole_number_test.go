package framework

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func wholeNumberOf(f float64) WholeNumber {
	return WholeNumber{NumberValue: basetypes.NewNumberValue(big.NewFloat(f))}
}

func TestWholeNumberType_roundTrip(t *testing.T) {
	t.Parallel()
	testRoundTrip[WholeNumber](t, WholeNumberType{}, tftypes.NewValue(tftypes.String, "1"),
		tftypes.NewValue(tftypes.Number, 7),
		// A fraction converts, so that validation can report it on the attribute.
		tftypes.NewValue(tftypes.Number, 1.5),
		tftypes.NewValue(tftypes.Number, nil),
		tftypes.NewValue(tftypes.Number, tftypes.UnknownValue))
}

func TestWholeNumberType_equal(t *testing.T) {
	t.Parallel()
	typ := WholeNumberType{}
	if typ.Equal(types.NumberType) || !typ.Equal(WholeNumberType{}) {
		t.Error("WholeNumberType equals plain numbers, or not itself")
	}
	if _, ok := typ.ValueType(context.Background()).(WholeNumber); !ok {
		t.Error("ValueType is not a WholeNumber")
	}
}

func TestWholeNumber_values(t *testing.T) {
	t.Parallel()
	if got := WholeNumberValue(42); got.ValueInt64() != 42 || *got.ValueInt64Pointer() != 42 {
		t.Errorf("WholeNumberValue(42) reads as %d", got.ValueInt64())
	}
	if got := WholeNumberNull(); !got.IsNull() || got.ValueInt64Pointer() != nil || got.ValueInt64() != 0 {
		t.Errorf("WholeNumberNull() = %s", got)
	}
	unknown := WholeNumber{NumberValue: basetypes.NewNumberUnknown()}
	if unknown.ValueInt64Pointer() != nil {
		t.Error("an unknown value has a pointer")
	}
	if got := wholeNumberOf(1.5).ValueInt64(); got != 0 {
		t.Errorf("1.5 reads as %d, want 0 (validation reports it)", got)
	}
	if got := wholeNumberOf(1e30).ValueInt64(); got != 1<<63-1 {
		t.Errorf("1e30 reads as %d, want the largest int64 (validation reports it)", got)
	}
}

func TestWholeNumber_equality(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	three := WholeNumberValue(3)
	threeAgain := WholeNumber{NumberValue: basetypes.NewNumberValue(new(big.Float).SetPrec(200).SetInt64(3))}
	if eq, _ := three.NumberSemanticEquals(ctx, threeAgain); !eq {
		t.Error("3 and 3 of another precision differ semantically")
	}
	if eq, _ := three.NumberSemanticEquals(ctx, WholeNumberValue(4)); eq {
		t.Error("3 and 4 are semantically equal")
	}
	if eq, _ := three.NumberSemanticEquals(ctx, WholeNumberNull()); eq {
		t.Error("3 and null are semantically equal")
	}
	if eq, _ := three.NumberSemanticEquals(ctx, types.NumberValue(big.NewFloat(3))); eq {
		t.Error("a plain number is semantically equal")
	}
	if !three.Equal(WholeNumberValue(3)) || three.Equal(types.NumberValue(big.NewFloat(3))) {
		t.Error("Equal is not exact equality with WholeNumber values only")
	}
}

func TestWholeNumber_validateAttribute(t *testing.T) {
	t.Parallel()
	p := path.Root("customer")
	for _, tc := range []struct {
		v      WholeNumber
		detail string
	}{
		{WholeNumberValue(3), ""},
		{WholeNumberValue(-3), ""},
		{WholeNumberNull(), ""},
		{wholeNumberOf(1.5), "customer must be a whole number (an id such as 3); got 1.5."},
		{wholeNumberOf(1e30), "customer must be a whole number between -9223372036854775808 and 9223372036854775807; got 1000000000000000019884624838656."},
	} {
		resp := &xattr.ValidateAttributeResponse{}
		tc.v.ValidateAttribute(context.Background(), xattr.ValidateAttributeRequest{Path: p}, resp)
		if tc.detail == "" {
			if resp.Diagnostics.HasError() {
				t.Errorf("%s: unexpected %v", tc.v, resp.Diagnostics)
			}
			continue
		}
		if resp.Diagnostics.ErrorsCount() != 1 || resp.Diagnostics.Errors()[0].Summary() != "Invalid Whole Number" || resp.Diagnostics.Errors()[0].Detail() != tc.detail {
			t.Errorf("%s: %v, want Invalid Whole Number: %q", tc.v, resp.Diagnostics, tc.detail)
		}
	}
}

func TestPositiveWholeNumber(t *testing.T) {
	t.Parallel()
	p := path.Root("application")
	for _, tc := range []struct {
		v       WholeNumber
		wantErr bool
	}{
		{WholeNumberValue(1), false},
		{WholeNumberValue(0), true},
		{WholeNumberValue(-1), true},
		// Not whole: the type's own error says so; a second would only repeat it.
		{wholeNumberOf(0.5), false},
		{WholeNumberNull(), false},
	} {
		resp := &validator.NumberResponse{}
		PositiveWholeNumber().ValidateNumber(context.Background(), validator.NumberRequest{Path: p, ConfigValue: tc.v.NumberValue}, resp)
		if resp.Diagnostics.HasError() != tc.wantErr {
			t.Errorf("%s: %v, want error %v", tc.v, resp.Diagnostics, tc.wantErr)
		}
		if tc.wantErr && resp.Diagnostics.Errors()[0].Detail() != "Attribute application value must be at least 1, got: "+tc.v.ValueBigFloat().Text('f', 0) {
			t.Errorf("%s: detail %q", tc.v, resp.Diagnostics.Errors()[0].Detail())
		}
	}
	if got := PositiveWholeNumber().Description(context.Background()); got != "value must be at least 1" {
		t.Errorf("description %q", got)
	}
}
