package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

const customerTestJSON = `{"id":21,"name":"Ada","email":"ada@example.com","userId":"crm-1","company":null,"phone":null,
	"firstSeen":"1709294400","lastSeen":null,"location":null,"device":null,"unsubscribed":false,"blocked":true,
	"source":null,"referer":null,"lastPage":null,"locale":"en","notes":null,"tags":[{"name":"vip","color":"#c377e0"}],
	"customData":%s}`

// Create sends only what is set, dates as strings of Unix seconds, tags by
// name and custom data as the list the pages take.
func TestHelpCrunchCustomersCreate(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"Ada","email":"ada@example.com","userId":"crm-1","firstSeen":"1709294400",
			"tags":[{"name":"vip"}],"customData":[{"property":"plan","value":"pro"},{"property":"seats","value":5}]}`)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, customerTestJSON, `{"plan":"pro","seats":5}`)
	})
	first := time.Unix(1709294400, 0)
	got, err := c.Customers.Create(context.Background(), &HelpCrunchCustomerRequest{
		Name: ptr("Ada"), Email: ptr("ada@example.com"), UserID: ptr("crm-1"), FirstSeen: &first, Tags: []string{"vip"},
		CustomData: []HelpCrunchCustomDatum{{Property: "plan", Value: json.RawMessage(`"pro"`)}, {Property: "seats", Value: json.RawMessage(`5`)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 21 || *got.UserID != "crm-1" || got.Company != nil || !got.FirstSeen.Time.Equal(first) || len(got.Tags) != 1 || got.Tags[0].Color != "#c377e0" {
		t.Errorf("customer = %+v", got)
	}
	wantOthers := map[string]json.RawMessage{"lastSeen": json.RawMessage(`null`), "unsubscribed": json.RawMessage(`false`), "blocked": json.RawMessage(`true`),
		"source": json.RawMessage(`null`), "referer": json.RawMessage(`null`), "lastPage": json.RawMessage(`null`), "locale": json.RawMessage(`"en"`)}
	if !reflect.DeepEqual(got.Others, wantOthers) {
		t.Errorf("others = %s, want %s", got.Others, wantOthers)
	}
}

// A create sends only what is set: a name alone, with no empty tags or
// custom data.
func TestHelpCrunchCustomersCreate_sendsOnlyWhatIsSet(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"Ada"}`)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, customerTestJSON, `{}`)
	})
	if _, err := c.Customers.Create(t.Context(), &HelpCrunchCustomerRequest{Name: ptr("Ada")}); err != nil {
		t.Fatal(err)
	}
}

// Custom data reads the same from the model's object and from the
// get-customer page's list, in property order.
func TestHelpCrunchCustomData_bothShapes(t *testing.T) {
	t.Parallel()
	want := HelpCrunchCustomData{{Property: "plan", Value: json.RawMessage(`"pro"`)}, {Property: "seats", Value: json.RawMessage(`5`)}}
	for _, raw := range []string{`{"seats":5,"plan":"pro"}`, `[{"property":"seats","value":5},{"property":"plan","value":"pro"}]`} {
		var got HelpCrunchCustomer
		if err := json.Unmarshal(fmt.Appendf(nil, customerTestJSON, raw), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.CustomData, want) {
			t.Errorf("%s read as %v, want %v", raw, got.CustomData, want)
		}
	}
	var none HelpCrunchCustomData
	if err := json.Unmarshal([]byte(`null`), &none); err != nil || none != nil {
		t.Errorf("null read as %v, %v", none, err)
	}
	if err := json.Unmarshal([]byte(`"x"`), &none); err == nil {
		t.Error("a string read as custom data")
	}
}

// Update sends every managed field, null where unset, and the other fields
// as they were read.
func TestHelpCrunchCustomersUpdate_sendsEverything(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	mux.HandleFunc("PUT /customers/21", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"Ada L.","email":null,"userId":"crm-1","company":null,"phone":null,"notes":null,
			"firstSeen":"1709294400","tags":[],"customData":[{"property":"plan","value":null}],"locale":"en","blocked":true}`)
		fmt.Fprintf(w, customerTestJSON, `{}`)
	})
	first := time.Unix(1709294400, 0)
	_, err := c.Customers.Update(context.Background(), 21, &HelpCrunchCustomerRequest{
		Name: ptr("Ada L."), UserID: ptr("crm-1"), FirstSeen: &first,
		CustomData: []HelpCrunchCustomDatum{{Property: "plan", Value: json.RawMessage(`null`)}},
		Others:     map[string]json.RawMessage{"locale": json.RawMessage(`"en"`), "blocked": json.RawMessage(`true`)},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A lost answer to POST /customers may have made the customer: the error
// says so, and nothing was sent twice.
func TestHelpCrunchCustomersCreate_lostAnswerNotResent(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("POST /customers", func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, `{"errors":[{"code":"internal_error","message":"bad gateway"}]}`)
	})
	_, err := c.Customers.Create(context.Background(), &HelpCrunchCustomerRequest{Email: ptr("ada@example.com")})
	if !MayHaveCommitted(err) || calls.Load() != 1 {
		t.Errorf("err = %v (may have committed %v) after %d requests, want one request that may have committed", err, MayHaveCommitted(err), calls.Load())
	}
}

func TestHelpCrunchCustomersGetAndDelete_notFound(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	notFound := respond(http.StatusNotFound, `{"errors":[{"code":"invalid_request","message":"Invalid request"},{"code":"not_found","message":"Customer not found"}]}`)
	mux.HandleFunc("GET /customers/7", notFound)
	mux.HandleFunc("DELETE /customers/7", notFound)
	mux.HandleFunc("DELETE /customers/8", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `"Ok"`) })
	if _, err := c.Customers.Get(context.Background(), 7); !IsNotFound(err) {
		t.Errorf("Get: %v, want not found", err)
	}
	if err := c.Customers.Delete(context.Background(), 7); !IsNotFound(err) {
		t.Errorf("Delete: %v, want not found", err)
	}
	if err := c.Customers.Delete(context.Background(), 8); err != nil {
		t.Errorf("Delete: %v", err)
	}
}

// FindCreated sends one search by userId (else email) and keeps the
// customers first seen in the window; without either key it sends nothing.
func TestHelpCrunchCustomersFindCreated(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	var got []HelpCrunchSearchRequest
	mux.HandleFunc("POST /customers/search", func(w http.ResponseWriter, r *http.Request) {
		got = append(got, readJSON[HelpCrunchSearchRequest](t, r))
		fmt.Fprint(w, `{"data":[{"id":30,"firstSeen":"1700000002"},{"id":29,"firstSeen":1699990000},{"id":28,"firstSeen":null}],"total":3}`)
	})
	since := time.Unix(1700000000, 0)
	found, err := c.Customers.FindCreated(context.Background(), &HelpCrunchCustomerRequest{Email: ptr("ada@example.com"), UserID: ptr("crm-1")}, since, since.Add(3*time.Second))
	if err != nil || len(found) != 1 || found[0].ID != 30 {
		t.Errorf("found %+v, %v; want customer 30 alone", found, err)
	}
	want := HelpCrunchSearchRequest{Filter: []HelpCrunchSearchFilter{{Field: "customers.userId", Operator: "=", Value: "crm-1"}},
		Sort: "customers.firstSeen", Order: "desc", Limit: HelpCrunchMaxPageSize}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("searches %+v, want one %+v", got, want)
	}
	if _, err := c.Customers.FindCreated(context.Background(), &HelpCrunchCustomerRequest{Name: ptr("Ada")}, since, since); err == nil || len(got) != 1 {
		t.Errorf("a customer without user_id or email: %v after %d searches", err, len(got))
	}
	if _, err := c.Customers.FindCreated(context.Background(), &HelpCrunchCustomerRequest{Email: ptr("ada@example.com")}, since, since); err != nil ||
		got[1].Filter[0] != (HelpCrunchSearchFilter{Field: "customers.email", Operator: "=", Value: "ada@example.com"}) {
		t.Errorf("search by email: %+v, %v", got[1], err)
	}
}

// SearchIter pages through every customer, a page of 100 at a time, and
// stops on a short page.
func TestHelpCrunchCustomersSearchIter(t *testing.T) {
	t.Parallel()
	_, c, mux := setup(t)
	var offsets []int
	mux.HandleFunc("POST /customers/search", func(w http.ResponseWriter, r *http.Request) {
		req := readJSON[HelpCrunchSearchRequest](t, r)
		offsets = append(offsets, req.Offset)
		var data []map[string]any
		for i := req.Offset; i < min(req.Offset+req.Limit, 150); i++ {
			data = append(data, map[string]any{"id": i + 1})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data, "total": 150})
	})
	n := 0
	for cust, err := range c.Customers.SearchIter(context.Background(), HelpCrunchSearchRequest{Filter: []HelpCrunchSearchFilter{{Field: "customers.id", Operator: ">", Value: 0}}}, 0) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if cust.ID != int64(n) {
			t.Fatalf("customer %d is %d", n, cust.ID)
		}
	}
	if n != 150 || !reflect.DeepEqual(offsets, []int{0, 100}) {
		t.Errorf("%d customers from offsets %v", n, offsets)
	}
}
