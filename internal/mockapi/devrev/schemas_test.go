package devrev

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

// fragmentsPage lists custom schema fragments with GET and a query, and
// returns the status, the fragments' ids and the cursors.
func fragmentsPage(t *testing.T, s *testServer, query url.Values) (int, []string, map[string]any) {
	t.Helper()
	code, out := chatCall(t, s, "GET", "/schemas.custom.list?"+query.Encode(), "")
	var ids []string
	if list, ok := out["result"].([]any); ok {
		for _, f := range list {
			ids = append(ids, f.(map[string]any)["id"].(string))
		}
	}
	return code, ids, out
}

const fragmentPrefix = "don:core:dvrv-us-1:devo/demo:"

func TestSchemasCustomList_defaults(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	code, ids, out := fragmentsPage(t, s, nil)
	want := []string{fragmentPrefix + "tenant_fragment/1", fragmentPrefix + "custom_type_fragment/2", fragmentPrefix + "app_fragment/3"}
	if code != http.StatusOK || !reflect.DeepEqual(ids, want) || out["next_cursor"] != nil || out["prev_cursor"] != nil {
		t.Fatalf("GET: %d %v %v, want %v and no cursors", code, ids, out, want)
	}
	list := out["result"].([]any)
	tenant, custom, app := list[0].(map[string]any), list[1].(map[string]any), list[2].(map[string]any)
	if tenant["type"] != "tenant_fragment" || tenant["fragment_type"] != "tenant" || tenant["leaf_type"] != "conversation" ||
		tenant["app"] != nil || tenant["subtype"] != nil {
		t.Errorf("tenant fragment = %v", tenant)
	}
	if custom["subtype"] != "escalation" || custom["fragment_type"] != "custom_type" || app["app"] != "billing" || app["fragment_type"] != "app" {
		t.Errorf("custom type fragment = %v, app fragment = %v", custom, app)
	}
	fields := tenant["fields"].([]any)
	if len(fields) != 2 || !reflect.DeepEqual(fields[0], map[string]any{"field_type": "text", "name": "tier", "is_required": false}) {
		t.Errorf("tenant fields = %v", fields)
	}
	if f := custom["fields"].([]any)[0].(map[string]any); f["field_type"] != "int" || f["name"] != "severity" {
		t.Errorf("custom type field = %v", f)
	}
	if got := s.State().CustomSchemaFragments; len(got) != 3 || !reflect.DeepEqual(got[2]["id"], want[2]) {
		t.Errorf("state = %v, want the 3 fragments", got)
	}
	// POST takes the same request as a body.
	code, post := chatCall(t, s, "POST", "/schemas.custom.list", `{}`)
	if code != http.StatusOK || !reflect.DeepEqual(post, out) {
		t.Errorf("POST: %d %v, want what GET answered", code, post)
	}
}

func TestSchemasCustomList_paging(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	var all []string
	query := url.Values{"limit": {"1"}}
	for range 4 {
		code, ids, out := fragmentsPage(t, s, query)
		if code != http.StatusOK || len(ids) != 1 {
			t.Fatalf("page %d: %d %v", len(all)+1, code, out)
		}
		all = append(all, ids...)
		next, _ := out["next_cursor"].(string)
		if next == "" {
			break
		}
		query.Set("cursor", next)
	}
	if len(all) != 3 {
		t.Fatalf("pages of 1 gave %v, want the 3 fragments", all)
	}
	// Back from the end with prev_cursor, in mode before.
	_, _, last := fragmentsPage(t, s, url.Values{"limit": {"1"}, "mode": {"before"}})
	prev, _ := last["prev_cursor"].(string)
	_, ids, _ := fragmentsPage(t, s, url.Values{"limit": {"2"}, "mode": {"before"}, "cursor": {prev}})
	if !reflect.DeepEqual(ids, all[:2]) {
		t.Errorf("before the last: %v, want %v", ids, all[:2])
	}
}

func TestSchemasCustomList_filters(t *testing.T) {
	t.Parallel()
	s := newChatTestServer(t)
	for _, tc := range []struct {
		query url.Values
		want  []string
	}{
		{url.Values{"types": {"tenant_fragment,app_fragment"}}, []string{"tenant_fragment/1", "app_fragment/3"}},
		{url.Values{"types": {"tenant_fragment"}, "leaf_type": {"ticket"}}, nil},
		{url.Values{"app": {"billing"}}, []string{"app_fragment/3"}},
		{url.Values{"subtype": {"escalation"}}, []string{"custom_type_fragment/2"}},
		{url.Values{"is_deprecated": {"true"}}, nil},
		{url.Values{"is_deprecated": {"false"}, "is_custom_leaf_type": {"false"}, "leaf_type": {"conversation"}}, []string{"tenant_fragment/1", "custom_type_fragment/2", "app_fragment/3"}},
	} {
		code, ids, out := fragmentsPage(t, s, tc.query)
		var want []string
		for _, w := range tc.want {
			want = append(want, fragmentPrefix+w)
		}
		if code != http.StatusOK || !reflect.DeepEqual(ids, want) {
			t.Errorf("%v: %d %v (%v), want %v", tc.query, code, ids, out, want)
		}
	}
	if _, _, out := fragmentsPage(t, s, url.Values{"prune": {"fields"}}); out["result"].([]any)[0].(map[string]any)["fields"] != nil {
		t.Errorf("prune=fields still lists fields: %v", out)
	}
	for _, bad := range []url.Values{
		{"types": {"stock_fragment"}}, {"mode": {"sideways"}}, {"cursor": {"conversations:1"}}, {"limit": {"x"}},
		{"limit": {"-1"}}, {"prune": {"everything"}}, {"sort_by": {"created_date:asc"}}, {"is_deprecated": {"maybe"}},
	} {
		if code, _, out := fragmentsPage(t, s, bad); code != http.StatusBadRequest || out["type"] == nil {
			t.Errorf("%v: %d %v, want DevRev's 400", bad, code, out)
		}
	}
}

func TestSchemasCustomList_fixtures(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.CustomSchemaFragments = []CustomSchemaFragment{{Type: FragmentTypeApp, LeafType: "ticket", App: "crm", Fields: []CustomSchemaField{{Name: "account"}}}}
	if _, err := New(Options{Fixtures: fx}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []CustomSchemaFragment{
		{Type: "stock_fragment", LeafType: "ticket"},
		{Type: FragmentTypeTenant},
		{Type: FragmentTypeApp, LeafType: "ticket"},
		{Type: FragmentTypeTenant, LeafType: "ticket", Subtype: "x"},
		{Type: FragmentTypeTenant, LeafType: "ticket", Fields: []CustomSchemaField{{}}},
		{Type: FragmentTypeTenant, LeafType: "ticket", Fields: []CustomSchemaField{{Name: "x", FieldType: "blob"}}},
	} {
		fx.CustomSchemaFragments = []CustomSchemaFragment{bad}
		if _, err := New(Options{Fixtures: fx}); err == nil {
			t.Errorf("fragment %+v was taken", bad)
		}
	}
	if got := (Fixtures{}).WithDefaults().CustomSchemaFragments; len(got) != 3 {
		t.Errorf("WithDefaults gave %d fragments, want the 3 defaults", len(got))
	}
}
