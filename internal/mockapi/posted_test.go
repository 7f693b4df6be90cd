package mockapi

import (
	"reflect"
	"testing"
)

// Items are numbered from 1 in the order they came and rendered oldest
// first; nothing posted renders as an empty list, which JSON shows as [].
func TestPosted(t *testing.T) {
	t.Parallel()
	var p Posted[string]
	render := func(s *string) map[string]any { return map[string]any{"text": *s} }
	if got := p.Render(render); got == nil || len(got) != 0 {
		t.Errorf("empty Render = %#v, want an empty, non-nil list", got)
	}
	for i, s := range []string{"a", "b"} {
		if n := p.Add(&s); n != i+1 {
			t.Errorf("Add(%q) = %d, want %d", s, n, i+1)
		}
	}
	if got, want := p.Render(render), []map[string]any{{"text": "a"}, {"text": "b"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Render = %v, want %v", got, want)
	}
}

// TestPosted_numbersAreNotReusedAfterADelete: what is added after a delete
// takes a number of its own.
func TestPosted_numbersAreNotReusedAfterADelete(t *testing.T) {
	t.Parallel()
	var p Posted[int]
	for i := range 3 {
		p.Add(&i)
	}
	p.DeleteFunc(func(v *int) bool { return *v == 1 })
	four := 4
	if n := p.Add(&four); n != 4 {
		t.Errorf("the item added after a delete got number %d, want 4", n)
	}
	if got := p.Render(func(v *int) map[string]any { return map[string]any{"v": *v} }); len(got) != 3 {
		t.Errorf("%d items after a delete and an add, want 3", len(got))
	}
}
