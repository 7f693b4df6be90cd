package fake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// TestControlReadings reads, sets and resets both platforms' readings
// through the control API; a reading, an answer or a platform that does not
// exist is a 400 that changes nothing.
func TestControlReadings(t *testing.T) {
	t.Parallel()
	s := MustNew(Options{})
	control := func(method, body string) (int, map[string]map[string]string) {
		t.Helper()
		req := httptest.NewRequest(method, "/__mock/readings", strings.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var out map[string]map[string]string
		if rec.Code == http.StatusOK {
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("%s: %v", rec.Body.String(), err)
			}
		}
		return rec.Code, out
	}
	defaults := map[string]map[string]string{
		"devrev":     {"chats_scope": "any", "timeline_missing_object": "400"},
		"helpcrunch": {"status_search": "names", "search_total": "meta", "message_status": "200", "customer_put": "replace", "custom_data": "object", "chat_field_types": "strings"},
	}
	if code, got := control("GET", ""); code != http.StatusOK || !reflect.DeepEqual(got, defaults) {
		t.Fatalf("GET: %d %v, want %v", code, got, defaults)
	}
	code, got := control("POST", `{"helpcrunch": {"status_search": "codes", "search_total": "none"}, "devrev": {"chats_scope": "beta"}}`)
	want := map[string]map[string]string{
		"devrev":     {"chats_scope": "beta", "timeline_missing_object": "400"},
		"helpcrunch": {"status_search": "codes", "search_total": "none", "message_status": "200", "customer_put": "replace", "custom_data": "object", "chat_field_types": "strings"},
	}
	if code != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("POST: %d %v, want %v", code, got, want)
	}
	for _, bad := range []string{
		`{"helpcrunch": {"status_search": "emoji"}}`,
		`{"helpcrunch": {"status_search": "names", "sort_order": "random"}}`,
		`{"devrev": {"chats_scope": "any"}, "zendesk": {"x": "y"}}`,
		`not json`,
	} {
		if code, _ := control("POST", bad); code != http.StatusBadRequest {
			t.Errorf("POST %s: %d, want 400", bad, code)
		}
		if _, got := control("GET", ""); !reflect.DeepEqual(got, want) {
			t.Errorf("POST %s changed the readings to %v", bad, got)
		}
	}
	if code, _ := control("DELETE", ""); code != http.StatusNoContent {
		t.Errorf("DELETE: %d", code)
	}
	if _, got := control("GET", ""); !reflect.DeepEqual(got, defaults) {
		t.Errorf("after DELETE: %v, want the defaults", got)
	}
	if _, err := New(Options{Readings: map[string]map[string]string{"helpcrunch": {"status_search": "roman"}}}); err == nil {
		t.Error("New took an unknown answer")
	}
	if _, err := New(Options{Readings: map[string]map[string]string{"intercom": {"x": "y"}}}); err == nil {
		t.Error("New took readings of an unknown platform")
	}
}
