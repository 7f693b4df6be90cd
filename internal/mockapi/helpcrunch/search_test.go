package helpcrunch

import (
	"slices"
	"testing"
	"time"
)

// TestSortSearch orders one set of matches every way a search can ask for
// them: the chat and customer searches share this order.
func TestSortSearch(t *testing.T) {
	t.Parallel()
	type item struct {
		id int64
		at time.Time
	}
	at := func(minute int) time.Time { return time.Date(2024, 3, 1, 12, minute, 0, 0, time.UTC) }
	// In id order, as the fake keeps them: two without a moment, a tie.
	items := []item{{1, at(5)}, {2, time.Time{}}, {3, at(1)}, {4, at(5)}, {5, time.Time{}}, {6, at(3)}}
	for _, tc := range []struct {
		name string
		page hcPage
		want []int64
	}{
		{"no sort: by id", hcPage{}, []int64{1, 2, 3, 4, 5, 6}},
		{"no sort, desc: by id, newest first", hcPage{desc: true}, []int64{6, 5, 4, 3, 2, 1}},
		{"by moment: ties by id, nulls last", hcPage{sort: "at"}, []int64{3, 6, 1, 4, 2, 5}},
		{"by moment, desc: ties by id descending, nulls still last", hcPage{sort: "at", desc: true}, []int64{4, 1, 6, 3, 5, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(items)
			sortSearch(got, tc.page, func(i item) time.Time { return i.at }, func(i item) int64 { return i.id })
			ids := make([]int64, len(got))
			for i, it := range got {
				ids[i] = it.id
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("order = %v, want %v", ids, tc.want)
			}
		})
	}
}
