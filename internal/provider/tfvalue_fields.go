package provider

// A model's attributes read from and written to the Terraform value directly.
// tfsdk's State.Get and State.Set reflect over the model's struct tags on
// every call, and Set walks the result once more looking for list blocks; in
// a refresh of many resources that was a fifth of the provider's CPU per
// object. The fields list below does the same conversions (each attribute's
// own type's ValueFromTerraform and ToTerraformValue) without either.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// tfField is one attribute of a model: its name and how to convert it.
type tfField struct {
	name string
	get  func(context.Context) (tftypes.Value, error)
	set  func(context.Context, attr.Type, tftypes.Value) error
}

// tfAttr is the field of the model attribute *p, named as in the schema.
func tfAttr[T attr.Value](name string, p *T) tfField {
	return tfField{
		name: name,
		get:  func(ctx context.Context) (tftypes.Value, error) { return (*p).ToTerraformValue(ctx) },
		set: func(ctx context.Context, typ attr.Type, v tftypes.Value) error {
			av, err := typ.ValueFromTerraform(ctx, v)
			if err != nil {
				return err
			}
			tv, ok := av.(T)
			if !ok {
				return fmt.Errorf("the schema's type makes %T, the model holds %T", av, *p)
			}
			*p = tv
			return nil
		},
	}
}

// resourceAttrTypes is the attribute types (blocks included) of r's schema.
func resourceAttrTypes(r resource.Resource) map[string]attr.Type {
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema.Type().(attr.TypeWithAttributeTypes).AttributeTypes() //nolint:forcetypeassert // a resource schema's type is always an object type
}

// tfGetFields fills fields from the object raw, as State.Get would.
func tfGetFields(ctx context.Context, raw tftypes.Value, types map[string]attr.Type, fields []tfField) diag.Diagnostics {
	var diags diag.Diagnostics
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Value Conversion Error", "Reading the state: "+err.Error())
		return diags
	}
	if len(attrs) != len(fields) || len(types) != len(fields) {
		diags.AddError("Value Conversion Error", fmt.Sprintf("The state has %d attributes, the schema %d and the model %d. "+
			"This is a bug in the provider.", len(attrs), len(types), len(fields)))
		return diags
	}
	for _, f := range fields {
		v, ok := attrs[f.name]
		typ, okT := types[f.name]
		if !ok || !okT {
			diags.AddError("Value Conversion Error", fmt.Sprintf("The state or the schema has no attribute %q. This is a bug in the provider.", f.name))
			return diags
		}
		if err := f.set(ctx, typ, v); err != nil {
			diags.AddError("Value Conversion Error", fmt.Sprintf("Reading %s from the state: %s", f.name, err))
			return diags
		}
	}
	return diags
}

// tfSetFields is the object of type typ holding fields, as State.Set would
// write it.
func tfSetFields(ctx context.Context, typ tftypes.Type, fields []tfField) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	attrs := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		v, err := f.get(ctx)
		if err != nil {
			diags.AddError("Value Conversion Error", fmt.Sprintf("Writing %s to the state: %s", f.name, err))
			return tftypes.Value{}, diags
		}
		attrs[f.name] = v
	}
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		diags.AddError("Value Conversion Error", "Writing the state: "+err.Error()+". This is a bug in the provider.")
		return tftypes.Value{}, diags
	}
	return tftypes.NewValue(typ, attrs), diags
}

// tfFieldsIn is the fields the object type typ has, for a schema that
// shows part of a model (a data source of a resource's objects).
func tfFieldsIn(typ tftypes.Type, fields []tfField) []tfField {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return nil
	}
	var out []tfField
	for _, f := range fields {
		if _, ok := obj.AttributeTypes[f.name]; ok {
			out = append(out, f)
		}
	}
	return out
}
