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
