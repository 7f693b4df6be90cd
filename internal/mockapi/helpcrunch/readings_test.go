package helpcrunch

import (
	"net/http"
	"testing"
	"time"
)

// TestReadingStatusSearch searches by status in both readings of the docs:
// names match as the chat model spells statuses, codes as the newest search
// page numbers them; a value of the other form matches no chat, and one of
// neither form is a 400.
func TestReadingStatusSearch(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = []ChatFixture{
		{ID: 1, Customer: 1, Application: 1, Status: "pending", CreatedAt: 1603864800},
		{ID: 2, Customer: 2, Application: 1, Status: "on hold", CreatedAt: 1603864801},
		{ID: 3, Customer: 3, Application: 1, Status: "closed", CreatedAt: 1603864802},
	}
	for _, tc := range []struct {
		reading, value string
		want           []int64
		wantStatus     int
	}{
		{"names", "pending", []int64{1}, http.StatusOK},
		{"names", "onhold", []int64{2}, http.StatusOK},
		{"names", "3", nil, http.StatusOK},
		{"names", "someday", nil, http.StatusBadRequest},
		{"codes", "3", []int64{1}, http.StatusOK},
		{"codes", "4", []int64{2}, http.StatusOK},
		{"codes", "5", []int64{3}, http.StatusOK},
		{"codes", "pending", nil, http.StatusOK},
		{"codes", "9", nil, http.StatusBadRequest},
	} {
		t.Run(tc.reading+" "+tc.value, func(t *testing.T) {
			t.Parallel()
			f := newHCFake(t, fx)
			if err := f.srv.SetReading(ReadingStatusSearch, tc.reading); err != nil {
				t.Fatal(err)
			}
			status, page := f.do("POST", "/chats/search", map[string]any{
				"filter": []map[string]any{{"field": "chats.status", "operator": "=", "value": tc.value}},
			})
			if status != tc.wantStatus {
				t.Fatalf("HTTP %d %v, want %d", status, page, tc.wantStatus)
			}
			if status == http.StatusOK {
				if got := ids(t, page); len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
					t.Errorf("chats %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// TestReadingSearchTotal leaves the total out of a search's page of chats in
// the "none" reading.
func TestReadingSearchTotal(t *testing.T) {
	t.Parallel()
	clock := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for reading, wantMeta := range map[string]bool{"meta": true, "none": false} {
		s, err := newTestServer(Options{Now: func() time.Time { return clock }, Readings: map[string]string{ReadingSearchTotal: reading}})
		if err != nil {
			t.Fatal(err)
		}
		f := &hcFake{t: t, srv: s}
		ts := httptestServer(t, s)
		f.url = ts
		status, page := f.do("POST", "/chats/search", map[string]any{"filter": []map[string]any{{"field": "chats.createdAt", "operator": ">=", "value": 0}}})
		_, hasMeta := page["meta"]
		if status != http.StatusOK || hasMeta != wantMeta || page["data"] == nil {
			t.Errorf("%s: HTTP %d, meta present %v, want %v", reading, status, hasMeta, wantMeta)
		}
	}
	if _, err := newTestServer(Options{Readings: map[string]string{ReadingSearchTotal: "top"}}); err == nil {
		t.Error("an unknown answer was taken")
	}
}
