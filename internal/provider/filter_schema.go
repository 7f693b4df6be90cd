package provider

// A data source and the list resource of the same objects take the same
// filters, but the framework has one schema package per kind (datasource/schema
// and list/schema) with distinct attribute types. Each filter is therefore
// written once, as a filterAttr, and emitted in either package. The list
// package has no set attribute, so a string set filter is a list of strings
// there; the filter models hold such filters as slices, which the framework
// fills from a set and from a list alike, so one model and one conversion to
// the API's request serve both.

import (
	"fmt"

	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

type filterKind int

const (
	filterString filterKind = iota
	filterTime              // an RFC 3339 string
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
}

// strValidators validates a filterString or filterTime: a time is a string
// in RFC 3339, checked at plan time.
func (a filterAttr) strValidators() []validator.String {
	if a.kind == filterTime {
		return append([]validator.String{framework.RFC3339()}, a.str...)
	}
	return a.str
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
		out[name] = a.list()
	}
	return out
}

func (a filterAttr) dataSource() dsschema.Attribute {
	switch a.kind {
	case filterString, filterTime:
		return dsschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.strValidators()}
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
	case filterString, filterTime:
		return listschema.StringAttribute{Optional: true, MarkdownDescription: a.desc, DeprecationMessage: a.deprecated, Validators: a.strValidators()}
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
