package acctest

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Places where a spec, read literally, rejects every possible message, and
// what the conformance check does about each. Nothing here loosens a check
// that a message could pass: each adjustment turns a constraint that no
// message can satisfy into the one its authors evidently meant, and is
// listed in the violation messages' context (pathDoc.quirks) and tested.
// The one exception is an answer one of the fake's readings gives where the
// docs leave a question open (devrevReadingQuirks): it is accepted in the
// shape the spec gives that answer elsewhere, and only on its operation.

// Two DevRev constructs are left as the spec writes them, on purpose:
//   - `chat` (in every chats.* response) declares a `type` discriminator but
//     neither a mapping nor members, and `chat-type` is a free string: the
//     spec documents nothing else of a chat. kin-openapi applies a
//     discriminator only to oneOf/anyOf members, so the check validates what
//     is written (an object with a string `type`) and cannot see the rest.
//   - A discriminated union's property must be present in the message (e.g.
//     "type": "dm" in chats.update, whose schema does not list `type` as
//     required): it is what says which member a message is, kin-openapi
//     requires it, and DevRev's own SDKs always send it.

// quirkLog records the adjustments made for one path. fixed, shared by every
// path of a spec, holds the variants already opened and their entry: paths
// share components, so a later path finds them opened and logs them too.
type quirkLog struct {
	entries []string
	fixed   map[*openapi3.Schema]string
}

func (l *quirkLog) add(format string, args ...any) {
	l.entries = append(l.entries, fmt.Sprintf(format, args...))
}

// freeStringFormats are DevRev's own string formats. "id" (a DON or display
// id), "text" (free text) and "sort-by" ("field:asc") are not OpenAPI
// formats, and the spec defines no syntax for them: any string is allowed.
// kin-openapi would ignore them anyway; registering them says so on purpose,
// per validation (not in kin-openapi's global format table).
var freeStringFormats = map[string]openapi3.StringFormatValidator{
	"id":      openapi3.NewCallbackValidator(func(string) error { return nil }),
	"text":    openapi3.NewCallbackValidator(func(string) error { return nil }),
	"sort-by": openapi3.NewCallbackValidator(func(string) error { return nil }),
}

// devrevQuirks adjusts one DevRev path document.
//
// chats.create documents no 409, yet its own request schema says that with
// get_if_conflict false "a conflict error is returned" when a chat with the
// same unique properties exists (the default DM of the same users), and the
// spec's shared `conflict` response is what DevRev answers for conflicts on
// the operations that do list a 409. The check accepts a 409 from
// chats.create and validates its body as that `conflict` response.
func devrevQuirks(doc *openapi3.T, path string, log *quirkLog) {
	// First, so that the conflict body gets the common adjustments too.
	if path == "/chats.create" {
		op := doc.Paths.Value(path).Post
		conflict := doc.Components.Responses["conflict"]
		if op != nil && conflict != nil && op.Responses.Value("409") == nil {
			op.Responses.Set("409", &openapi3.ResponseRef{Ref: "#/components/responses/conflict", Value: conflict.Value})
			log.add("POST /chats.create: 409 documented as #/components/responses/conflict (the request's get_if_conflict says a conflict error is returned)")
		}
	}
	devrevReadingQuirks(doc, path, log)
	commonQuirks(doc, path, log)
}

// devrevReadingQuirks documents the answers of the DevRev fake's readings
// that the spec leaves out.
//
// timeline-entries.create documents no 404: an object that does not exist is
// the 400 invalid_id it does document. DevRev answers not_found for the get
// of an object that does not exist, and code written against the live API
// expects a 404 here too; which one the API gives is open (the fake's
// devrev.timeline_missing_object reading, answered by make probe). The check
// accepts a 404 from timeline-entries.create and validates its body as the
// spec's shared `not-found` response, which the other operations list.
func devrevReadingQuirks(doc *openapi3.T, path string, log *quirkLog) {
	if path != "/timeline-entries.create" {
		return
	}
	op := doc.Paths.Value(path).Post
	notFound := doc.Components.Responses["not-found"]
	if op != nil && notFound != nil && op.Responses.Value("404") == nil {
		op.Responses.Set("404", &openapi3.ResponseRef{Ref: "#/components/responses/not-found", Value: notFound.Value})
		log.add("POST /timeline-entries.create: 404 documented as #/components/responses/not-found (the fake's devrev.timeline_missing_object reading)")
	}
}

// commonQuirks applies the adjustments that hold for any spec.
func commonQuirks(doc *openapi3.T, path string, log *quirkLog) {
	item := doc.Paths.Value(path)
	if item == nil {
		return
	}
	f := &variantFixer{seen: map[string]bool{}, log: log}
	methods := slices.Sorted(maps.Keys(item.Operations()))
	for _, m := range methods {
		op := item.Operations()[m]
		for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
			if p.Value != nil {
				f.walk(p.Value.Schema, "", nil, nil)
			}
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			for _, mt := range op.RequestBody.Value.Content {
				f.walk(mt.Schema, "", nil, nil)
			}
		}
		if op.Responses != nil {
			for _, code := range op.Responses.Keys() {
				r := op.Responses.Value(code)
				if r == nil || r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					f.walk(mt.Schema, "", nil, nil)
				}
			}
		}
	}
}

// variantFixer resolves closed oneOf/anyOf variants under a parent that
// requires properties they do not declare.
//
// DevRev's spec is generated from a model where a discriminated union is a
// parent object (its `type` discriminator, the fields all members share, e.g.
// error-base's message and detail) plus, per `type` value, a schema of the
// fields that member adds. A member that adds nothing is written as
// `{type: object, additionalProperties: false}` (error-unauthorized-
// unauthenticated, error-bad-request-bad-request, error-not-found-not-found,
// the `empty` member of chats-update-request, ...). Read literally, such a
// member rejects the discriminator property itself, which the parent
// requires, so every message of that `type` fails the oneOf: the spec
// contradicts itself for all bodies, and the real API's answers
// ({"type": "unauthenticated", "message": "..."}) could never conform.
//
// The check keeps such a member closed — an unknown field still fails — but
// lets it carry the properties its parent (and the parent's allOf siblings)
// declare; their values are still validated by the parent, which declares
// them (the `type` enum, message, detail, reference_id, retry_after). The
// member is copied with the same $ref, so the discriminator still selects
// it, and a shared schema such as `empty` is not changed elsewhere.
type variantFixer struct {
	seen map[string]bool
	log  *quirkLog
}

// walk visits a schema; where names the nearest named schema above it, for
// the log.
func (f *variantFixer) walk(ref *openapi3.SchemaRef, where string, ctxProps, ctxRequired []string) {
	if ref == nil || ref.Value == nil {
		return
	}
	if ref.Ref != "" {
		where = strings.TrimPrefix(ref.Ref, "#/components/schemas/")
	}
	s := ref.Value
	key := fmt.Sprintf("%p|%s|%s", s, strings.Join(ctxProps, ","), strings.Join(ctxRequired, ","))
	if f.seen[key] {
		return
	}
	f.seen[key] = true

	own := union(ctxProps, slices.Collect(maps.Keys(s.Properties)))
	required := union(ctxRequired, s.Required)
	for i, m := range s.AllOf {
		var siblingProps, siblingRequired []string
		for j, o := range s.AllOf {
			if j != i {
				siblingProps = union(siblingProps, declaredProps(o))
				siblingRequired = union(siblingRequired, requiredProps(o))
			}
		}
		f.walk(m, where, union(own, siblingProps), union(required, siblingRequired))
	}
	mustHave := required
	if s.Discriminator != nil && s.Discriminator.PropertyName != "" {
		mustHave = union(mustHave, []string{s.Discriminator.PropertyName})
	}
	for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for i, v := range list {
			if v == nil || v.Value == nil {
				continue
			}
			if entry, ok := f.log.fixed[v.Value]; ok {
				f.log.add("%s", entry)
			} else if fixed := f.openVariant(where, v, own, mustHave); fixed != nil {
				list[i] = fixed
				v = fixed
			}
			f.walk(v, where, own, required)
		}
	}
	names := slices.Sorted(maps.Keys(s.Properties))
	for _, n := range names {
		f.walk(s.Properties[n], where, nil, nil)
	}
	f.walk(s.Items, where, nil, nil)
	f.walk(s.AdditionalProperties.Schema, where, nil, nil)
}

// openVariant returns a copy of a closed variant that also admits the
// parent's properties, when the parent requires one the variant rejects.
func (f *variantFixer) openVariant(parent string, v *openapi3.SchemaRef, parentProps, mustHave []string) *openapi3.SchemaRef {
	vs := v.Value
	if vs.AdditionalProperties.Has == nil || *vs.AdditionalProperties.Has || len(vs.AllOf) > 0 {
		return nil
	}
	declared := declaredProps(v)
	var rejected []string
	for _, p := range mustHave {
		if !slices.Contains(declared, p) {
			rejected = append(rejected, p)
		}
	}
	if len(rejected) == 0 {
		return nil
	}
	var extra []string
	for _, p := range union(parentProps, mustHave) {
		if !slices.Contains(declared, p) {
			extra = append(extra, p)
		}
	}
	cp := *vs
	cp.Properties = maps.Clone(vs.Properties)
	if cp.Properties == nil {
		cp.Properties = openapi3.Schemas{}
	}
	for _, p := range extra {
		// An empty schema accepts any value: the parent, which declares
		// the property, validates it.
		cp.Properties[p] = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
	}
	name := strings.TrimPrefix(v.Ref, "#/components/schemas/")
	if name == "" {
		name = "an inline variant"
	}
	if parent == "" {
		parent = "an inline schema"
	}
	entry := fmt.Sprintf("%s under %s: closed variant rejects required %s; admits the parent's %s", name, parent, strings.Join(rejected, ", "), strings.Join(extra, ", "))
	f.log.add("%s", entry)
	if f.log.fixed != nil {
		f.log.fixed[&cp] = entry
	}
	return &openapi3.SchemaRef{Ref: v.Ref, Value: &cp}
}

// declaredProps lists the properties a schema declares, through allOf.
func declaredProps(ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	out := slices.Collect(maps.Keys(ref.Value.Properties))
	for _, m := range ref.Value.AllOf {
		out = union(out, declaredProps(m))
	}
	sort.Strings(out)
	return out
}

// requiredProps lists the properties a schema requires, through allOf.
func requiredProps(ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	out := slices.Clone(ref.Value.Required)
	for _, m := range ref.Value.AllOf {
		out = union(out, requiredProps(m))
	}
	sort.Strings(out)
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
