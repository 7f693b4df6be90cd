package acctest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Strict mode: a response may carry only the properties its spec declares.
//
// JSON Schema lets an object schema without additionalProperties: false
// carry any other property, and neither spec closes its objects, so schema
// validation alone accepts a fake that answers more than the real API does
// (DevRev's fake once returned records, is_default and custom_fields on a
// DM, which DevRev's `dm` does not have, and the provider came to depend on
// them). Strict mode closes every object of a response where the spec
// declares its properties: an undeclared property at any depth is a
// violation. Objects the spec leaves free-form (a schema with no declared
// properties, such as custom_fields' `type: object`) are not checked, and a
// map (additionalProperties with a schema) is checked value by value.
//
// Strict mode is for our own fake's answers, where "undeclared" means "the
// fake invents it". It does not apply to requests: what the provider sends
// is already validated against the request schemas.

// undeclaredProperties lists, as JSON pointers with a reason, the properties
// of v that schema does not declare.
func undeclaredProperties(schema *openapi3.SchemaRef, v any) []string {
	var out []string
	walkDeclared(schema, v, "", &out)
	return out
}

func walkDeclared(ref *openapi3.SchemaRef, v any, ptr string, out *[]string) {
	if ref == nil || ref.Value == nil {
		return
	}
	switch val := v.(type) {
	case map[string]any:
		d := declarations(ref, val)
		if d.freeForm {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(val)) {
			child := ptr + "/" + escapePointer(k)
			if p, ok := d.props[k]; ok {
				walkDeclared(p, val[k], child, out)
				continue
			}
			if d.additional != nil {
				walkDeclared(d.additional, val[k], child, out)
				continue
			}
			where := d.names
			if where == "" {
				where = "an inline schema"
			}
			*out = append(*out, fmt.Sprintf("%s: property not declared by the spec (%s)", child, where))
		}
	case []any:
		items := itemsOf(ref)
		for i, it := range val {
			walkDeclared(items, it, fmt.Sprintf("%s/%d", ptr, i), out)
		}
	}
}

// declared is what a schema says an object may hold.
type declared struct {
	props map[string]*openapi3.SchemaRef
	// additional is the schema of properties not in props (a map's values).
	additional *openapi3.SchemaRef
	// freeForm is true when the schema declares no properties at all and no
	// additional-property schema: any object goes, and nothing is checked.
	freeForm bool
	// names lists the named schemas involved, for messages.
	names string
}

// declarations gathers the properties an object may have under a schema:
// its own, its allOf members', and those of the oneOf/anyOf members that
// the object is (chosen by the discriminator when there is one, else every
// member it validates against).
func declarations(ref *openapi3.SchemaRef, obj map[string]any) declared {
	d := declared{props: map[string]*openapi3.SchemaRef{}}
	var names []string
	var closed bool
	var gather func(r *openapi3.SchemaRef)
	gather = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil {
			return
		}
		if r.Ref != "" {
			names = append(names, strings.TrimPrefix(r.Ref, "#/components/schemas/"))
		}
		s := r.Value
		for k, p := range s.Properties {
			if _, ok := d.props[k]; !ok {
				d.props[k] = p
			}
		}
		if ap := s.AdditionalProperties; ap.Schema != nil && d.additional == nil {
			d.additional = ap.Schema
		} else if ap.Has != nil && !*ap.Has {
			closed = true
		}
		for _, m := range s.AllOf {
			gather(m)
		}
		for _, m := range chosenVariants(s, obj) {
			gather(m)
		}
	}
	gather(ref)
	d.freeForm = len(d.props) == 0 && d.additional == nil && !closed
	d.names = strings.Join(slices.Compact(names), ", ")
	return d
}

// chosenVariants returns the oneOf/anyOf members an object is.
func chosenVariants(s *openapi3.Schema, obj map[string]any) openapi3.SchemaRefs {
	variants := append(slices.Clone(s.OneOf), s.AnyOf...)
	if len(variants) == 0 {
		return nil
	}
	if disc := s.Discriminator; disc != nil && disc.PropertyName != "" {
		if tag, ok := obj[disc.PropertyName].(string); ok {
			if target, ok := disc.Mapping[tag]; ok {
				for _, v := range variants {
					if v.Ref == target.Ref {
						return openapi3.SchemaRefs{v}
					}
				}
			}
		}
	}
	var out openapi3.SchemaRefs
	opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse()}, validationOptions.SchemaValidationOptions...)
	for _, v := range variants {
		if v != nil && v.Value != nil && v.Value.VisitJSON(obj, opts...) == nil {
			out = append(out, v)
		}
	}
	return out
}

func itemsOf(ref *openapi3.SchemaRef) *openapi3.SchemaRef {
	if ref == nil || ref.Value == nil {
		return nil
	}
	if ref.Value.Items != nil {
		return ref.Value.Items
	}
	for _, m := range ref.Value.AllOf {
		if it := itemsOf(m); it != nil {
			return it
		}
	}
	return nil
}

// escapePointer escapes a JSON pointer token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
