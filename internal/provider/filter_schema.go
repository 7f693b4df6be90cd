package provider

// A data source and the list resource of the same objects take the same
// filters, but the framework has one schema package per kind (datasource/schema
// and list/schema) with distinct attribute types. Each filter is therefore
// written once, as a filterAttr, and emitted in either package. The list
// package has no set attribute, so a string set filter is a list of strings
// there; readListFilters turns such lists back into sets, so one filter model
// and one conversion to the API's request serve both.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type filterKind int

const (
	filterString filterKind = iota
	filterTime              // an RFC 3339 string (timetypes.RFC3339)
	filterNumber
	filterInt64
	filterBool
	filterStringSet  // a set of strings; a list of strings in a list resource
	filterObject     // a single nested object of filterAttr
	filterObjectList // a list of nested objects of filterAttr
)

// filterAttr is one optional filter attribute, in neither schema package.
type filterAttr struct {
	kind       filterKind
	desc       string
	deprecated string
	// numberType is the custom type of a filterNumber (nil: types.Number).
	numberType basetypes.NumberTypable
	// str validates a filterString or filterTime, or each element of a
	// filterStringSet.
	str []validator.String
	num []validator.Number
	i64 []validator.Int64
	// obj validates a filterObject, or each element of a filterObjectList.
	obj   []validator.Object
	attrs map[string]filterAttr
	// dataSourceOnly leaves the attribute out of the list resource (paging
	// controls such as a cursor, which a list resource has no use for).
	dataSourceOnly bool
}

// dataSourceFilterAttributes emits defs in the data source schema package.
func dataSourceFilterAttributes(defs map[string]filterAttr) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(defs))
	for name, a := range defs {
		out[name] = a.dataSource()
	}
	return out
}

// listFilterAttributes emits defs in the list resource schema package.
func listFilterAttributes(defs map[string]filterAttr) map[string]listschema.Attribute {
	out := make(map[string]listschema.Attribute, len(defs))
	for name, a := range defs {
		if !a.dataSourceOnly {
			out[name] = a.list()
		}
	}
	return out
}

func (a filterAttr) dataSource() dsschema.Attribute {
	switch a.kind {
	case filterString:
		return dsschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.str}
	case filterTime:
		return dsschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, Validators: a.str, CustomType: timetypes.RFC3339Type{}}
	case filterNumber:
		return dsschema.NumberAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.num, CustomType: a.numberType}
	case filterInt64:
		return dsschema.Int64Attribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.i64}
	case filterBool:
		return dsschema.BoolAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated}
	case filterStringSet:
		var v []validator.Set
		if len(a.str) > 0 {
			v = []validator.Set{setvalidator.ValueStringsAre(a.str...)}
		}
		return dsschema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: v}
	case filterObject:
		return dsschema.SingleNestedAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.obj,
			Attributes: dataSourceFilterAttributes(a.attrs)}
	case filterObjectList:
		return dsschema.ListNestedAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated,
			NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceFilterAttributes(a.attrs), Validators: a.obj}}
	}
	panic(fmt.Sprintf("filterAttr: unknown kind %d", a.kind))
}

func (a filterAttr) list() listschema.Attribute {
	switch a.kind {
	case filterString:
		return listschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.str}
	case filterTime:
		return listschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, Validators: a.str, CustomType: timetypes.RFC3339Type{}}
	case filterNumber:
		return listschema.NumberAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.num, CustomType: a.numberType}
	case filterInt64:
		return listschema.Int64Attribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.i64}
	case filterBool:
		return listschema.BoolAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated}
	case filterStringSet:
		v := []validator.List{listvalidator.UniqueValues()}
		if len(a.str) > 0 {
			v = append(v, listvalidator.ValueStringsAre(a.str...))
		}
		return listschema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: v}
	case filterObject:
		return listschema.SingleNestedAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.obj,
			Attributes: listFilterAttributes(a.attrs)}
	case filterObjectList:
		return listschema.ListNestedAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated,
			NestedObject: listschema.NestedAttributeObject{Attributes: listFilterAttributes(a.attrs), Validators: a.obj}}
	}
	panic(fmt.Sprintf("filterAttr: unknown kind %d", a.kind))
}

// readListFilters reads a list resource's configuration (built by
// listFilterAttributes(defs)) into target, a model of the data source's
// filters (dataSourceFilterAttributes(defs)): lists of strings become sets,
// and data-source-only attributes are null.
func readListFilters(ctx context.Context, config tfsdk.Config, defs map[string]filterAttr, target any) diag.Diagnostics {
	var diags diag.Diagnostics
	s := dsschema.Schema{Attributes: dataSourceFilterAttributes(defs)}
	raw, err := retypeValue(config.Raw, s.Type().TerraformType(ctx))
	if err != nil {
		diags.AddError("Unable to Read List Configuration",
			fmt.Sprintf("The list block's config could not be read as filters: %s. Please report this issue to the provider developers.", err))
		return diags
	}
	return tfsdk.Config{Raw: raw, Schema: s}.Get(ctx, target)
}

// retypeValue rebuilds v as a value of type want, which differs from v's
// type only in lists where want has sets, and in attributes v lacks (null).
func retypeValue(v tftypes.Value, want tftypes.Type) (tftypes.Value, error) {
	if v.IsNull() {
		return tftypes.NewValue(want, nil), nil
	}
	if !v.IsKnown() {
		return tftypes.NewValue(want, tftypes.UnknownValue), nil
	}
	switch w := want.(type) {
	case tftypes.Object:
		var in map[string]tftypes.Value
		if err := v.As(&in); err != nil {
			return tftypes.Value{}, err
		}
		out := make(map[string]tftypes.Value, len(w.AttributeTypes))
		for name, t := range w.AttributeTypes {
			a, ok := in[name]
			if !ok {
				out[name] = tftypes.NewValue(t, nil)
				continue
			}
			r, err := retypeValue(a, t)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			out[name] = r
		}
		return tftypes.NewValue(w, out), nil
	case tftypes.Set, tftypes.List:
		var in []tftypes.Value
		if err := v.As(&in); err != nil {
			return tftypes.Value{}, err
		}
		var et tftypes.Type
		switch c := w.(type) {
		case tftypes.Set:
			et = c.ElementType
		case tftypes.List:
			et = c.ElementType
		}
		out := make([]tftypes.Value, len(in))
		for i, e := range in {
			r, err := retypeValue(e, et)
			if err != nil {
				return tftypes.Value{}, err
			}
			out[i] = r
		}
		return tftypes.NewValue(want, out), nil
	}
	return v, nil
}
