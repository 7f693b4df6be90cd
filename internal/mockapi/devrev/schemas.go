package devrev

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Custom schema fragments: what schemas.custom.list lists. DevRev names a
// custom field by the fragment that defines it (tnt__<name> for the
// tenant's, ctype__<name> for a subtype's, <app>__<name> for an app's); the
// fake lists its fixtures' fragments in the beta spec's shape (the public
// spec's custom-schema-fragment holds its type alone, as its chat does), and
// does not check custom fields against them.

// Fragment types, the `type` of a custom-schema-fragment.
const (
	FragmentTypeApp        = "app_fragment"
	FragmentTypeCustomType = "custom_type_fragment"
	FragmentTypeTenant     = "tenant_fragment"
)

// fragmentKinds maps a fragment type to its fragment_type.
var fragmentKinds = map[string]string{
	FragmentTypeApp:        "app",
	FragmentTypeCustomType: "custom_type",
	FragmentTypeTenant:     "tenant",
}

// fieldTypes are the field types the fake's fragments may have: those of
// the spec's schema-field-descriptor that need no more than a name.
var fieldTypes = []string{"bool", "date", "double", "int", "rich_text", "text", "timestamp", "tokens"}

// CustomSchemaFragment is a custom schema fragment of the fixtures.
type CustomSchemaFragment struct {
	// Type is app_fragment, custom_type_fragment or tenant_fragment.
	Type string `json:"type"`
	// LeafType is the object type it applies to, e.g. "conversation".
	LeafType string `json:"leaf_type"`
	// App names the app of an app fragment.
	App string `json:"app,omitempty"`
	// Subtype names the subtype of a custom type fragment.
	Subtype     string `json:"subtype,omitempty"`
	Description string `json:"description,omitempty"`
	// Fields are the fragment's fields, named without their prefix.
	Fields []CustomSchemaField `json:"fields"`
}

// CustomSchemaField is one field of a fragment.
type CustomSchemaField struct {
	Name string `json:"name"`
	// FieldType is bool, date, double, int, rich_text, text (the default),
	// timestamp or tokens.
	FieldType string `json:"field_type,omitempty"`
}

// defaultCustomSchemaFragments are one fragment of each type on
// conversations, defining the fields the tests and examples use.
func defaultCustomSchemaFragments() []CustomSchemaFragment {
	return []CustomSchemaFragment{
		{Type: FragmentTypeTenant, LeafType: "conversation", Description: "The organization's conversation fields.",
			Fields: []CustomSchemaField{{Name: "tier"}, {Name: "region"}}},
		{Type: FragmentTypeCustomType, LeafType: "conversation", Subtype: "escalation", Description: "Escalations.",
			Fields: []CustomSchemaField{{Name: "severity", FieldType: "int"}}},
		{Type: FragmentTypeApp, LeafType: "conversation", App: "billing", Description: "The billing app's fields.",
			Fields: []CustomSchemaField{{Name: "plan"}, {Name: "renewal", FieldType: "date"}}},
	}
}

// checkFragments validates the fixtures' fragments.
func checkFragments(fragments []CustomSchemaFragment) error {
	for i, f := range fragments {
		if _, ok := fragmentKinds[f.Type]; !ok {
			return fmt.Errorf("custom_schema_fragments[%d]: type %q is not one of app_fragment, custom_type_fragment, tenant_fragment", i, f.Type)
		}
		if f.LeafType == "" {
			return fmt.Errorf("custom_schema_fragments[%d]: leaf_type is empty", i)
		}
		if (f.Type == FragmentTypeApp) != (f.App != "") || (f.Type == FragmentTypeCustomType) != (f.Subtype != "") {
			return fmt.Errorf("custom_schema_fragments[%d]: an app fragment, and only it, names its app; a custom type fragment, and only it, its subtype", i)
		}
		for j, fd := range f.Fields {
			if fd.Name == "" || (fd.FieldType != "" && !slices.Contains(fieldTypes, fd.FieldType)) {
				return fmt.Errorf("custom_schema_fragments[%d].fields[%d]: a field needs a name, and a field_type of %s", i, j, strings.Join(fieldTypes, ", "))
			}
		}
	}
	return nil
}

// fragmentsCreated is when the fixtures' fragments were made: before the
// fake started, and the same in every run.
var fragmentsCreated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Page sizes of schemas.custom.list, as conversations.list's.
const (
	defaultFragmentsPage = 50
	maxFragmentsPage     = 100
)

// fragmentsListRequest is the spec's custom-schema-fragments-list-request,
// from the query (GET) or the body (POST).
type fragmentsListRequest struct {
	App              []string `json:"app"`
	Cursor           *string  `json:"cursor"`
	Deprecated       *bool    `json:"deprecated"`
	IsCustomLeafType *bool    `json:"is_custom_leaf_type"`
	IsDeprecated     *bool    `json:"is_deprecated"`
	LeafType         []string `json:"leaf_type"`
	Limit            *int64   `json:"limit"`
	Mode             *string  `json:"mode"`
	Prune            []string `json:"prune"`
	SortBy           []string `json:"sort_by"`
	Subtype          []string `json:"subtype"`
	Types            []string `json:"types"`
}

// fragmentsListQuery reads the GET form's query. Lists are comma-separated
// (the spec's explode: false) or repeated.
func fragmentsListQuery(q url.Values) (*fragmentsListRequest, badRequest) {
	var req fragmentsListRequest
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, item := range strings.Split(v, ",") {
				if item != "" {
					out = append(out, item)
				}
			}
		}
		return out
	}
	boolean := func(name string) (*bool, badRequest) {
		if !q.Has(name) {
			return nil, nil
		}
		b, err := strconv.ParseBool(q.Get(name))
		if err != nil {
			return nil, invalidField(name, "%s must be true or false, got %q.", name, q.Get(name))
		}
		return &b, nil
	}
	var bad badRequest
	req.App, req.LeafType, req.Prune, req.SortBy, req.Subtype, req.Types = list("app"), list("leaf_type"), list("prune"), list("sort_by"), list("subtype"), list("types")
	if q.Has("cursor") {
		c := q.Get("cursor")
		req.Cursor = &c
	}
	if q.Has("mode") {
		m := q.Get("mode")
		req.Mode = &m
	}
	if q.Has("limit") {
		n, err := strconv.ParseInt(q.Get("limit"), 10, 32)
		if err != nil {
			return nil, invalidField("limit", "limit must be an integer, got %q.", q.Get("limit"))
		}
		req.Limit = &n
	}
	for name, dst := range map[string]**bool{"deprecated": &req.Deprecated, "is_custom_leaf_type": &req.IsCustomLeafType, "is_deprecated": &req.IsDeprecated} {
		if *dst, bad = boolean(name); bad != nil {
			return nil, bad
		}
	}
	return &req, nil
}

func (d *Fake) handleSchemasCustomListGet(w http.ResponseWriter, r *http.Request) {
	req, bad := fragmentsListQuery(r.URL.Query())
	if bad != nil {
		bad.write(w)
		return
	}
	d.answerFragmentsList(w, req)
}

func (d *Fake) handleSchemasCustomListPost(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeDevRev[fragmentsListRequest](w, r)
	if !ok {
		return
	}
	d.answerFragmentsList(w, &req)
}

func (d *Fake) answerFragmentsList(w http.ResponseWriter, req *fragmentsListRequest) {
	d.mu.Lock()
	page, bad := d.listFragments(req)
	d.mu.Unlock()
	if bad != nil {
		bad.write(w)
		return
	}
	mockapi.WriteJSON(w, http.StatusOK, page)
}

// listFragments answers one schemas.custom.list request: the fragments
// that match every filter given, in fixture order, one page of them, with
// the cursors around it. d.mu is held.
func (d *Fake) listFragments(req *fragmentsListRequest) (map[string]any, badRequest) {
	paging, bad := readListPaging("custom_schema_fragments", req.Mode, req.Limit, req.Cursor, defaultFragmentsPage, maxFragmentsPage)
	if bad != nil {
		return nil, bad
	}
	for _, p := range req.Prune {
		if p != "fields" {
			return nil, invalidEnum("prune", p, []string{"fields"})
		}
	}
	for _, typ := range req.Types {
		if _, ok := fragmentKinds[typ]; !ok {
			return nil, invalidEnum("types", typ, []string{FragmentTypeApp, FragmentTypeCustomType, FragmentTypeTenant})
		}
	}
	if len(req.SortBy) > 0 {
		// The spec names no sortable field; the fake lists in its own order.
		return nil, invalidField("sort_by", "%s", "The fake lists custom schema fragments in one order only; leave sort_by out.")
	}
	// None of the fake's fragments is deprecated or of a custom leaf type.
	wantFalse := func(b *bool) bool { return b == nil || !*b }
	matches := func(f CustomSchemaFragment) bool {
		return (len(req.App) == 0 || slices.Contains(req.App, f.App)) &&
			(len(req.LeafType) == 0 || slices.Contains(req.LeafType, f.LeafType)) &&
			(len(req.Subtype) == 0 || slices.Contains(req.Subtype, f.Subtype)) &&
			(len(req.Types) == 0 || slices.Contains(req.Types, f.Type)) &&
			wantFalse(req.Deprecated) && wantFalse(req.IsDeprecated) && wantFalse(req.IsCustomLeafType)
	}
	// Fragments are numbered from 1 in fixture order.
	var picked []int
	if paging.mode == "after" {
		for n := paging.cursor + 1; n <= len(d.fragments) && len(picked) < paging.limit; n++ {
			if matches(d.fragments[n-1]) {
				picked = append(picked, n)
			}
		}
	} else {
		end := len(d.fragments) + 1
		if paging.hasCursor {
			end = paging.cursor
		}
		for n := end - 1; n >= 1 && len(picked) < paging.limit; n-- {
			if matches(d.fragments[n-1]) {
				picked = append(picked, n)
			}
		}
		slices.Reverse(picked)
	}
	result := make([]map[string]any, 0, len(picked))
	for _, n := range picked {
		result = append(result, d.fragmentJSON(n, !slices.Contains(req.Prune, "fields")))
	}
	page := map[string]any{"result": result}
	if len(picked) > 0 {
		first, last := picked[0], picked[len(picked)-1]
		if slices.ContainsFunc(d.fragments[last:], matches) {
			page["next_cursor"] = encodeCursor("custom_schema_fragments", last)
		}
		if slices.ContainsFunc(d.fragments[:first-1], matches) {
			page["prev_cursor"] = encodeCursor("custom_schema_fragments", first)
		}
	}
	return page, nil
}

// fragmentJSON is fragment n as the beta spec's custom-schema-fragment
// member of its type describes it.
func (d *Fake) fragmentJSON(n int, withFields bool) map[string]any {
	f := d.fragments[n-1]
	out := map[string]any{
		"type":                f.Type,
		"id":                  fmt.Sprintf("%s:%s/%d", demoDevRevCoreOrg, f.Type, n),
		"fragment_type":       fragmentKinds[f.Type],
		"leaf_type":           f.LeafType,
		"created_by":          d.userSummary(d.authUser),
		"created_date":        timestamp(fragmentsCreated),
		"modified_by":         d.userSummary(d.authUser),
		"modified_date":       timestamp(fragmentsCreated),
		"deprecated":          false,
		"is_deprecated":       false,
		"is_custom_leaf_type": false,
	}
	if f.Description != "" {
		out["description"] = f.Description
	}
	switch f.Type {
	case FragmentTypeApp:
		out["app"] = f.App
	case FragmentTypeCustomType:
		out["subtype"] = f.Subtype
	}
	if withFields {
		fields := make([]map[string]any, 0, len(f.Fields))
		for _, fd := range f.Fields {
			typ := fd.FieldType
			if typ == "" {
				typ = "text"
			}
			fields = append(fields, map[string]any{"field_type": typ, "name": fd.Name, "is_required": false})
		}
		out["fields"] = fields
	}
	return out
}

// customSchemaFragmentsSnapshot is every fragment as schemas.custom.list
// answers it. d.mu is held.
func (d *Fake) customSchemaFragmentsSnapshot() []map[string]any {
	out := []map[string]any{}
	for n := range d.fragments {
		out = append(out, d.fragmentJSON(n+1, true))
	}
	return out
}
