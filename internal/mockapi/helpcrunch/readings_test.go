package helpcrunch

import (
	"fmt"
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

// TestReadingSearchTotal puts the total of a search's page of chats in
// meta.total ("meta"), at the top level ("top"), or nowhere ("none").
func TestReadingSearchTotal(t *testing.T) {
	t.Parallel()
	clock := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	fx := DefaultFixtures()
	fx.Chats = []ChatFixture{{Customer: 1, Application: 1}, {Customer: 2, Application: 1}, {Customer: 3, Application: 1}}
	for reading, want := range map[string]struct{ meta, top bool }{"meta": {meta: true}, "top": {top: true}, "none": {}} {
		s, err := newTestServer(Options{Fixtures: fx, Now: func() time.Time { return clock }, Readings: map[string]string{ReadingSearchTotal: reading}})
		if err != nil {
			t.Fatal(err)
		}
		f := &hcFake{t: t, srv: s}
		ts := httptestServer(t, s)
		f.url = ts
		status, page := f.do("POST", "/chats/search", map[string]any{"limit": 2, "filter": []map[string]any{{"field": "chats.createdAt", "operator": ">=", "value": 0}}})
		meta, hasMeta := page["meta"].(map[string]any)
		top, hasTop := page["total"]
		if status != http.StatusOK || hasMeta != want.meta || hasTop != want.top || len(page["data"].([]any)) != 2 {
			t.Errorf("%s: HTTP %d %v, want meta.total %v, top-level total %v", reading, status, page, want.meta, want.top)
		}
		if (hasMeta && fmt.Sprint(meta["total"]) != "3") || (hasTop && fmt.Sprint(top) != "3") {
			t.Errorf("%s: %v, want a total of 3 (every match, not the page)", reading, page)
		}
	}
	if _, err := newTestServer(Options{Readings: map[string]string{ReadingSearchTotal: "header"}}); err == nil {
		t.Error("an unknown answer was taken")
	}
}

// TestReadingMessageStatus answers a created message with 200 or 201, the
// message and what it did being the same in both readings.
func TestReadingMessageStatus(t *testing.T) {
	t.Parallel()
	fx := DefaultFixtures()
	fx.Chats = []ChatFixture{{ID: 1, Customer: 1, Application: 1}}
	for reading, wantStatus := range map[string]int{"200": http.StatusOK, "201": http.StatusCreated} {
		f := newHCFake(t, fx)
		if err := f.srv.SetReading(ReadingMessageStatus, reading); err != nil {
			t.Fatal(err)
		}
		status, msg := f.do("POST", "/messages", map[string]any{"chat": 1, "text": "hi", "type": "private", "agent": 2})
		if status != wantStatus || fmt.Sprint(msg["id"]) != "1" || msg["type"] != "private" {
			t.Errorf("%s: HTTP %d %v, want %d with the message", reading, status, msg, wantStatus)
		}
		if n := len(f.srv.State().Messages); n != 1 {
			t.Errorf("%s: %d messages stored, want 1", reading, n)
		}
		// Errors are the same in both readings.
		if status, _ := f.do("POST", "/messages", map[string]any{"chat": 9, "text": "hi", "type": "message", "agent": 2}); status != http.StatusNotFound {
			t.Errorf("%s: a missing chat is HTTP %d, want 404", reading, status)
		}
	}
}
