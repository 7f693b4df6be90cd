package helpcrunch

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// customerIDOf is the id of a customer answer.
func customerIDOf(t *testing.T, c map[string]any) int64 {
	t.Helper()
	n, err := c["id"].(json.Number).Int64()
	if err != nil {
		t.Fatalf("customer %v has no integer id", c)
	}
	return n
}

// TestCustomers_fixturesAreServed serves the fixtures' customers in the
// model's shape, every key present, and refuses an id that is not one.
func TestCustomers_fixturesAreServed(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	status, c := f.do("GET", "/customers/3", nil)
	if status != http.StatusOK || c["name"] != "Demo Customer 3" || c["email"] != "customer3@example.com" || c["userId"] != "cust-3" {
		t.Fatalf("GET /customers/3: %d %v", status, c)
	}
	for _, key := range []string{"company", "phone", "notes", "firstSeen", "lastSeen", "location", "device", "source", "referer", "lastPage", "locale", "createdFrom", "integrationId"} {
		if v, ok := c[key]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", key, v, ok)
		}
	}
	if c["unsubscribed"] != false || c["blocked"] != false || !reflect.DeepEqual(c["tags"], []any{}) || !reflect.DeepEqual(c["customData"], map[string]any{}) {
		t.Errorf("flags, tags and custom data of a fixture: %v", c)
	}
	if status, body := f.do("GET", "/customers/999", nil); status != http.StatusNotFound || errCode(t, body) != "not_found" {
		t.Errorf("unknown customer: %d %v", status, body)
	}
	if status, body := f.do("GET", "/customers/abc", nil); status != http.StatusBadRequest || errCode(t, body) != "id" {
		t.Errorf("id abc: %d %v", status, body)
	}
	if status, _ := f.doKey("wrong", "GET", "/customers/3", nil); status != http.StatusUnauthorized {
		t.Errorf("wrong key: %d", status)
	}
}

// TestCustomers_createIsUsableByChats creates a customer with every field
// the provider sends, and opens a chat for them.
func TestCustomers_createIsUsableByChats(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	status, c := f.do("POST", "/customers", map[string]any{
		"name": "Ada Lovelace", "email": "ada@example.com", "userId": "crm-42", "company": "Analytical", "phone": "+44 20",
		"notes": "VIP", "firstSeen": "1709294400",
		"tags":       []map[string]any{{"name": "vip", "color": "#ff0000"}, {"name": "lead"}, {"name": "vip"}},
		"customData": []map[string]any{{"property": "plan", "value": "pro"}, {"property": "seats", "value": 5}, {"property": "trial", "value": false}},
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, c)
	}
	id := customerIDOf(t, c)
	if id != 21 {
		t.Errorf("new customer id %d, want 21 (after the fixtures' 1..20)", id)
	}
	wantTags := []any{map[string]any{"name": "vip", "color": "#ff0000"}, map[string]any{"name": "lead", "color": hcDefaultTagColor}}
	if !reflect.DeepEqual(c["tags"], wantTags) {
		t.Errorf("tags %v, want %v (a tag named twice kept once; default color)", c["tags"], wantTags)
	}
	wantData := map[string]any{"plan": "pro", "seats": json.Number("5"), "trial": false}
	if !reflect.DeepEqual(c["customData"], wantData) {
		t.Errorf("customData %v, want %v", c["customData"], wantData)
	}
	if c["firstSeen"] != json.Number("1709294400") || c["company"] != "Analytical" || c["locale"] != nil {
		t.Errorf("created customer %v", c)
	}
	status, chat := f.do("POST", "/chats", map[string]any{"customer": id, "application": 1})
	if status != http.StatusCreated || chat["customer"].(map[string]any)["userId"] != "crm-42" {
		t.Errorf("chat for the new customer: %d %v", status, chat)
	}
	if status, c := f.do("POST", "/customers", map[string]any{}); status != http.StatusCreated || c["name"] != nil {
		t.Errorf("a customer with no field (none is required): %d %v", status, c)
	}
}

// TestCustomers_writesRefused refuses, with the documented 400 naming the
// field, what the customer model does not take, and changes nothing.
func TestCustomers_writesRefused(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	for _, tc := range []struct {
		body any
		code string
	}{
		{map[string]any{"city": "London"}, "city"},
		{map[string]any{"email": "not-an-address"}, "email"},
		{map[string]any{"email": "Ada <ada@example.com>"}, "email"},
		{map[string]any{"userId": "cust-4"}, "userId"},
		{map[string]any{"name": 7}, "name"},
		{map[string]any{"firstSeen": "yesterday"}, "firstSeen"},
		{map[string]any{"blocked": "no"}, "blocked"},
		{map[string]any{"tags": []map[string]any{{"name": " "}}}, "tags"},
		{map[string]any{"tags": "vip"}, "tags"},
		{map[string]any{"customData": []map[string]any{{"property": "a", "value": map[string]any{"b": 1}}}}, "customData"},
		{map[string]any{"customData": []map[string]any{{"property": "a"}}}, "customData"},
		{map[string]any{"customData": []map[string]any{{"property": "a", "value": 1}, {"property": "a", "value": 2}}}, "customData"},
		{map[string]any{"customData": map[string]any{"a": 1}}, "customData"},
		{"[1]", "body"},
	} {
		for _, route := range []struct{ method, path string }{{"POST", "/customers"}, {"PUT", "/customers/3"}} {
			status, body := f.do(route.method, route.path, tc.body)
			if status != http.StatusBadRequest || errCode(t, body) != tc.code {
				t.Errorf("%s %s %v: %d %v, want 400 %s", route.method, route.path, tc.body, status, body, tc.code)
			}
		}
	}
	if n := len(f.srv.State().Customers); n != 20 {
		t.Errorf("%d customers after refused creates, want the 20 fixtures", n)
	}
	if _, c := f.do("GET", "/customers/3", nil); c["name"] != "Demo Customer 3" {
		t.Errorf("a refused update changed customer 3: %v", c)
	}
	// A customer may keep their own userId.
	if status, body := f.do("PUT", "/customers/3", map[string]any{"userId": "cust-3"}); status != http.StatusOK {
		t.Errorf("PUT of the customer's own userId: %d %v", status, body)
	}
	if status, body := f.do("PUT", "/customers/999", map[string]any{}); status != http.StatusNotFound || errCode(t, body) != "not_found" {
		t.Errorf("PUT of an unknown customer: %d %v", status, body)
	}
}

// TestCustomers_updateReadings: in the replace reading (the current page) a
// PUT nulls what it leaves out and its customData is the whole custom data;
// in the merge reading (the older page) what it leaves out stays and
// customData is merged by property, null removing one. A null clears a field
// in both.
func TestCustomers_updateReadings(t *testing.T) {
	t.Parallel()
	seed := map[string]any{
		"name": "Grace", "email": "grace@example.com", "locale": "en", "blocked": true,
		"tags":       []map[string]any{{"name": "vip"}},
		"customData": []map[string]any{{"property": "plan", "value": "pro"}, {"property": "seats", "value": 5}},
	}
	update := map[string]any{
		"name": "Grace H.", "email": nil,
		"customData": []map[string]any{{"property": "seats", "value": 7}, {"property": "plan", "value": nil}, {"property": "tier", "value": "gold"}},
	}
	for _, tc := range []struct {
		reading string
		want    map[string]any
	}{
		{"replace", map[string]any{"name": "Grace H.", "email": nil, "locale": nil, "blocked": false, "tags": []any{},
			"customData": map[string]any{"seats": json.Number("7"), "tier": "gold"}}},
		{"merge", map[string]any{"name": "Grace H.", "email": nil, "locale": "en", "blocked": true,
			"tags":       []any{map[string]any{"name": "vip", "color": hcDefaultTagColor}},
			"customData": map[string]any{"seats": json.Number("7"), "tier": "gold"}}},
	} {
		t.Run(tc.reading, func(t *testing.T) {
			t.Parallel()
			f := newHCFake(t, nil)
			if err := f.srv.SetReading(ReadingCustomerPut, tc.reading); err != nil {
				t.Fatal(err)
			}
			_, c := f.do("POST", "/customers", seed)
			path := fmt.Sprintf("/customers/%d", customerIDOf(t, c))
			status, got := f.do("PUT", path, update)
			if status != http.StatusOK {
				t.Fatalf("PUT: %d %v", status, got)
			}
			for key, want := range tc.want {
				if !reflect.DeepEqual(got[key], want) {
					t.Errorf("%s = %#v, want %#v", key, got[key], want)
				}
			}
			if _, again := f.do("GET", path, nil); !reflect.DeepEqual(again, got) {
				t.Errorf("GET after PUT = %v, want the PUT's answer %v", again, got)
			}
		})
	}
	// A PUT that leaves customData out clears it in the replace reading and
	// keeps it in the merge one.
	for reading, want := range map[string]any{"replace": map[string]any{}, "merge": map[string]any{"plan": "pro", "seats": json.Number("5")}} {
		f := newHCFake(t, nil)
		if err := f.srv.SetReading(ReadingCustomerPut, reading); err != nil {
			t.Fatal(err)
		}
		_, c := f.do("POST", "/customers", seed)
		status, got := f.do("PUT", fmt.Sprintf("/customers/%d", customerIDOf(t, c)), map[string]any{"name": "Grace H."})
		if status != http.StatusOK || !reflect.DeepEqual(got["customData"], want) {
			t.Errorf("%s: PUT without customData: %d, customData %#v, want %#v", reading, status, got["customData"], want)
		}
	}
}

// TestCustomers_customDataAsList answers customData as the get-customer
// page's list of {property, value} in that reading.
func TestCustomers_customDataAsList(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	if err := f.srv.SetReading(ReadingCustomerData, "list"); err != nil {
		t.Fatal(err)
	}
	_, c := f.do("POST", "/customers", map[string]any{"customData": []map[string]any{{"property": "plan", "value": "pro"}, {"property": "vip", "value": true}}})
	want := []any{map[string]any{"property": "plan", "value": "pro"}, map[string]any{"property": "vip", "value": true}}
	if !reflect.DeepEqual(c["customData"], want) {
		t.Errorf("customData %v, want %v", c["customData"], want)
	}
}

// TestCustomers_deleteErasesChats deletes a customer with their chats and
// those chats' messages, answering "Ok"; other customers' chats stay.
func TestCustomers_deleteErasesChats(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = []ChatFixture{{Customer: 4, Application: 1}, {Customer: 4, Application: 2}, {Customer: 5, Application: 1}}
	f := newHCFake(t, fx)
	if status, body := f.do("POST", "/messages", map[string]any{"chat": 1, "text": "hello", "type": "message", "agent": 1}); status != http.StatusOK {
		t.Fatalf("message: %d %v", status, body)
	}
	status, raw := f.send(DemoKey, "DELETE", "/customers/4", nil)
	if status != http.StatusOK || string(raw) != `"Ok"` {
		t.Fatalf("DELETE: %d %s", status, raw)
	}
	st := f.srv.State()
	if len(st.Chats) != 1 || len(st.Messages) != 0 || len(st.Customers) != 19 {
		t.Errorf("after the delete: %d chats, %d messages, %d customers; want 1, 0, 19", len(st.Chats), len(st.Messages), len(st.Customers))
	}
	if status, _ := f.do("GET", "/chats/1", nil); status != http.StatusNotFound {
		t.Errorf("the deleted customer's chat: %d, want 404", status)
	}
	if status, body := f.do("DELETE", "/customers/4", nil); status != http.StatusNotFound || errCode(t, body) != "not_found" {
		t.Errorf("second DELETE: %d %v", status, body)
	}
	if status, body := f.do("POST", "/chats", map[string]any{"customer": 4, "application": 1}); status != http.StatusBadRequest || errCode(t, body) != "customer" {
		t.Errorf("a chat for the deleted customer: %d %v", status, body)
	}
	if !f.srv.DeleteOutOfBand("customers", "5") || len(f.srv.State().Chats) != 0 || f.srv.DeleteOutOfBand("customers", "5") {
		t.Error("out-of-band delete of customer 5 and their chat")
	}
}

// TestCustomers_search finds customers by the documented fields and
// operators, pages them, and refuses anything else.
func TestCustomers_search(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Customers = append(fx.Customers,
		Customer{ID: 30, Name: "Twin A", Email: "twin@example.com", FirstSeen: 1700000000, Tags: []string{"vip"}},
		Customer{ID: 31, Name: "Twin B", Email: "twin@example.com", FirstSeen: 1700000100})
	f := newHCFake(t, fx)
	ids := func(body map[string]any) []int64 {
		t.Helper()
		var out []int64
		for _, c := range body["data"].([]any) {
			out = append(out, customerIDOf(t, c.(map[string]any)))
		}
		return out
	}
	search := func(filter ...map[string]any) map[string]any { return map[string]any{"filter": filter} }
	eq := func(field string, value any) map[string]any {
		return map[string]any{"field": field, "operator": "=", "value": value}
	}
	for _, tc := range []struct {
		body  map[string]any
		want  []int64
		total int
	}{
		{search(eq("customers.email", "twin@example.com")), []int64{30, 31}, 2},
		{search(eq("customers.email", "TWIN@example.com")), nil, 0},
		{search(eq("customers.userId", "cust-7")), []int64{7}, 1},
		{search(eq("customers.tagsData", []map[string]any{{"name": "vip"}})), []int64{30}, 1},
		{search(map[string]any{"field": "customers.name", "operator": "~", "value": "Twin"}), []int64{30, 31}, 2},
		{search(map[string]any{"field": "customers.id", "operator": ">", "value": 29}), []int64{30, 31}, 2},
		{search(eq("customers.city", "Kyiv")), nil, 0},
		{map[string]any{"filter": []map[string]any{{"field": "customers.id", "operator": ">", "value": 0}}, "sort": "customers.firstSeen", "order": "desc", "limit": 3},
			[]int64{31, 30, 20}, 22},
		{map[string]any{"filter": []map[string]any{{"field": "customers.id", "operator": ">", "value": 0}}, "limit": 5, "offset": 20}, []int64{30, 31}, 22},
		{map[string]any{"comparison": "OR", "filter": []map[string]any{eq("customers.userId", "cust-1"), eq("customers.userId", "cust-2")}}, []int64{1, 2}, 2},
	} {
		status, body := f.do("POST", "/customers/search", tc.body)
		total, _ := body["total"].(json.Number).Int64()
		if got := ids(body); status != http.StatusOK || !reflect.DeepEqual(got, tc.want) || int(total) != tc.total {
			t.Errorf("search %v: %d %v (total %d), want %v (total %d)", tc.body, status, got, total, tc.want, tc.total)
		}
	}
	for _, tc := range []struct {
		body map[string]any
		code string
	}{
		{search(map[string]any{"field": "customers.email", "operator": "like", "value": "x"}), "filter[0].operator"},
		{search(map[string]any{"field": "customers.id", "operator": "~", "value": 1}), "filter[0].operator"},
		{search(map[string]any{"field": "customers.email", "operator": ">", "value": "a"}), "filter[0].operator"},
		{search(map[string]any{"field": "customers.firstSeen", "operator": "=", "value": 1}), "filter[0].field"},
		{search(eq("customers.id", "seven")), "filter[0].value"},
		{search(eq("customers.email", 7)), "filter[0].value"},
		{search(map[string]any{"field": "customers.email", "operator": "="}), "filter[0]"},
		{map[string]any{"filter": []any{}}, "filter"},
		{map[string]any{"filter": []map[string]any{eq("customers.id", 1)}, "sort": "customers.id"}, "sort"},
		{map[string]any{"filter": []map[string]any{eq("customers.id", 1)}, "limit": 0}, "limit"},
	} {
		if status, body := f.do("POST", "/customers/search", tc.body); status != http.StatusBadRequest || errCode(t, body) != tc.code {
			t.Errorf("search %v: %d %v, want 400 %s", tc.body, status, body, tc.code)
		}
	}
}

// TestCustomers_lastSeen: customers created one after the other get the
// next ids, and a search can filter and sort by when they were last seen,
// which need not follow when they were first seen.
func TestCustomers_lastSeen(t *testing.T) {
	t.Parallel()
	f := newHCFake(t, nil)
	for i, seen := range []map[string]any{
		{"email": "early@example.com", "firstSeen": 1700000000, "lastSeen": 1700000200},
		{"email": "late@example.com", "firstSeen": 1700000100, "lastSeen": "1700000050.000"},
	} {
		status, c := f.do("POST", "/customers", seen)
		if status != http.StatusCreated || customerIDOf(t, c) != int64(21+i) {
			t.Fatalf("create %v: %d %v, want customer %d", seen, status, c, 21+i)
		}
	}
	if status, c := f.do("GET", "/customers/1", nil); status != http.StatusOK || customerIDOf(t, c) != 1 {
		t.Errorf("GET /customers/1: %d %v", status, c)
	}
	all := []map[string]any{{"field": "customers.id", "operator": ">", "value": 20}}
	for _, tc := range []struct {
		body map[string]any
		want []int64
	}{
		{map[string]any{"filter": all, "sort": "customers.firstSeen", "order": "desc"}, []int64{22, 21}},
		{map[string]any{"filter": all, "sort": "customers.lastSeen", "order": "desc"}, []int64{21, 22}},
		// A timestamp may carry a fraction, as HelpCrunch writes them.
		{map[string]any{"filter": []map[string]any{{"field": "customers.lastSeen", "operator": ">", "value": 1700000100.5}}}, []int64{21}},
	} {
		status, body := f.do("POST", "/customers/search", tc.body)
		var got []int64
		data, _ := body["data"].([]any)
		for _, c := range data {
			got = append(got, customerIDOf(t, c.(map[string]any)))
		}
		if status != http.StatusOK || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("search %v: %d %v, want %v", tc.body, status, got, tc.want)
		}
	}
	// An id is a whole number, never a fraction.
	frac := map[string]any{"filter": []map[string]any{{"field": "customers.id", "operator": "=", "value": 21.5}}}
	if status, body := f.do("POST", "/customers/search", frac); status != http.StatusBadRequest || errCode(t, body) != "filter[0].value" {
		t.Errorf("search %v: %d %v, want 400 filter[0].value", frac, status, body)
	}
}
