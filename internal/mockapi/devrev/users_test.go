package devrev

import (
	"net/http"
	"reflect"
	"testing"
)

func devUserIDs(t *testing.T, page map[string]any) []string {
	t.Helper()
	var ids []string
	for _, u := range page["dev_users"].([]any) {
		ids = append(ids, u.(map[string]any)["display_id"].(string))
	}
	return ids
}

// TestDevUsers_listByEmail finds users by email, exactly as stored, by GET
// and by POST, and lists nobody for an address no user has.
func TestDevUsers_listByEmail(t *testing.T) {
	t.Parallel()
	s := mustNew(Options{})
	for _, tc := range []struct {
		method, target string
		body           any
		want           []string
	}{
		{"POST", "/devrev/dev-users.list", map[string]any{"email": []string{"user3@example.com"}}, []string{"DEVU-3"}},
		{"POST", "/devrev/dev-users.list", map[string]any{"email": []string{"user3@example.com", "user12@example.com"}, "state": []string{"active"}}, []string{"DEVU-3", "DEVU-12"}},
		{"POST", "/devrev/dev-users.list", map[string]any{"email": []string{"USER3@example.com"}}, nil},
		{"POST", "/devrev/dev-users.list", map[string]any{"email": []string{"user3@example.com"}, "state": []string{"deactivated"}}, nil},
		{"GET", "/devrev/dev-users.list?email=user4@example.com,user5@example.com", nil, []string{"DEVU-4", "DEVU-5"}},
		{"GET", "/devrev/dev-users.list?email=nobody@example.com", nil, nil},
	} {
		code, page := call(t, s, tc.method, tc.target, tc.body)
		if code != http.StatusOK || !reflect.DeepEqual(devUserIDs(t, page), tc.want) {
			t.Errorf("%s %s %v: %d %v, want %v", tc.method, tc.target, tc.body, code, page, tc.want)
		}
	}
	_, page := call(t, s, "POST", "/devrev/dev-users.list", map[string]any{"email": []string{"user7@example.com"}})
	want := map[string]any{"id": userDON(7), "display_id": "DEVU-7", "display_name": "user7", "full_name": "Demo User 7", "email": "user7@example.com", "state": "active"}
	if got := page["dev_users"].([]any)[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("dev user %v, want %v", got, want)
	}
}

// TestDevUsers_listPages pages through every user with the cursors, both
// ways, at the requested size.
func TestDevUsers_listPages(t *testing.T) {
	t.Parallel()
	s := mustNew(Options{})
	var all []string
	body := map[string]any{"limit": 8}
	var last map[string]any
	for range 5 {
		code, page := call(t, s, "POST", "/devrev/dev-users.list", body)
		if code != http.StatusOK {
			t.Fatalf("page: %d %v", code, page)
		}
		all = append(all, devUserIDs(t, page)...)
		last = page
		next, ok := page["next_cursor"].(string)
		if !ok {
			break
		}
		body = map[string]any{"limit": 8, "cursor": next}
	}
	if len(all) != 20 || all[0] != "DEVU-1" || all[19] != "DEVU-20" {
		t.Errorf("paged through %v, want DEVU-1..DEVU-20", all)
	}
	code, back := call(t, s, "POST", "/devrev/dev-users.list", map[string]any{"limit": 8, "mode": "before", "cursor": last["prev_cursor"]})
	if want := []string{"DEVU-9", "DEVU-10", "DEVU-11", "DEVU-12", "DEVU-13", "DEVU-14", "DEVU-15", "DEVU-16"}; code != http.StatusOK || !reflect.DeepEqual(devUserIDs(t, back), want) {
		t.Errorf("the page before the last: %d %v, want %v", code, devUserIDs(t, back), want)
	}
	if _, page := call(t, s, "GET", "/devrev/dev-users.list", nil); len(devUserIDs(t, page)) != 20 || page["next_cursor"] != nil {
		t.Errorf("default page: %v", page)
	}
}

// TestDevUsers_listRefused answers 400 for what the spec or the fake does
// not take.
func TestDevUsers_listRefused(t *testing.T) {
	t.Parallel()
	s := mustNew(Options{})
	for _, tc := range []struct {
		method, target string
		body           any
		typ            string
	}{
		{"POST", "/devrev/dev-users.list", map[string]any{"state": []string{"gone"}}, "invalid_enum_value"},
		{"POST", "/devrev/dev-users.list", map[string]any{"mode": "sideways"}, "invalid_enum_value"},
		{"POST", "/devrev/dev-users.list", map[string]any{"limit": -1}, "invalid_field"},
		{"POST", "/devrev/dev-users.list", map[string]any{"cursor": "bm9wZQ"}, "invalid_field"},
		{"POST", "/devrev/dev-users.list", map[string]any{"cursor": encodeCursor("conversations", 1)}, "invalid_field"},
		{"POST", "/devrev/dev-users.list", map[string]any{"sort_by": []string{"email:asc"}}, "bad_request"},
		{"POST", "/devrev/dev-users.list", map[string]any{"created_date": map[string]any{"after": "2024-01-01T00:00:00Z"}}, "bad_request"},
		{"POST", "/devrev/dev-users.list", "[1]", "bad_request"},
		{"GET", "/devrev/dev-users.list?limit=many", nil, "invalid_field"},
		{"GET", "/devrev/dev-users.list?external_identity.id=x", nil, "bad_request"},
	} {
		if code, body := call(t, s, tc.method, tc.target, tc.body); code != http.StatusBadRequest || body["type"] != tc.typ {
			t.Errorf("%s %s %v: %d %v, want 400 %s", tc.method, tc.target, tc.body, code, body, tc.typ)
		}
	}
}

// TestDevUsers_getAndSelf gets a user by DON id or display id, and the
// token's user.
func TestDevUsers_getAndSelf(t *testing.T) {
	t.Parallel()
	s := mustNew(Options{})
	for _, tc := range []struct {
		method, target string
		body           any
		code           int
		want           string
	}{
		{"GET", "/devrev/dev-users.get?id=DEVU-4", nil, 200, "DEVU-4"},
		{"GET", "/devrev/dev-users.get?id=" + userDON(9), nil, 200, "DEVU-9"},
		{"POST", "/devrev/dev-users.get", map[string]any{"id": "devu-11"}, 200, "DEVU-11"},
		{"GET", "/devrev/dev-users.self", nil, 200, "DEVU-1"},
		{"POST", "/devrev/dev-users.self", map[string]any{}, 200, "DEVU-1"},
		{"GET", "/devrev/dev-users.get?id=DEVU-99", nil, 404, ""},
		{"GET", "/devrev/dev-users.get?id=REVU-1", nil, 400, ""},
		{"GET", "/devrev/dev-users.get", nil, 400, ""},
		{"POST", "/devrev/dev-users.get", map[string]any{}, 400, ""},
		{"POST", "/devrev/dev-users.self", map[string]any{"id": "DEVU-2"}, 400, ""},
	} {
		code, body := call(t, s, tc.method, tc.target, tc.body)
		got, _ := body["dev_user"].(map[string]any)
		if code != tc.code || (tc.want != "" && got["display_id"] != tc.want) {
			t.Errorf("%s %s %v: %d %v, want %d %s", tc.method, tc.target, tc.body, code, body, tc.code, tc.want)
		}
	}
}
