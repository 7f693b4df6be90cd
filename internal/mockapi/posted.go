package mockapi

import "slices"

// Posted keeps what an API's callers posted and the fake only lists back,
// oldest first (DevRev's timeline comments, HelpCrunch's messages), and
// numbers it from 1 in the order it came. The zero value is empty and ready;
// the platform's lock guards it.
type Posted[T any] struct {
	items []*T
	// added counts what was ever added, so that numbers are never reused
	// after a deletion.
	added int
}

// Add keeps item and returns its number.
func (p *Posted[T]) Add(item *T) int {
	p.items = append(p.items, item)
	p.added++
	return p.added
}

// DeleteFunc forgets the items del is true of, as the API does when what
// they were posted to is deleted.
func (p *Posted[T]) DeleteFunc(del func(*T) bool) {
	p.items = slices.DeleteFunc(p.items, del)
}

// Render returns every item as render shows it, oldest first: an empty
// list, not nil, when nothing was posted.
func (p *Posted[T]) Render(render func(*T) map[string]any) []map[string]any {
	return RenderAll(p.items, render)
}

// RenderAll returns every item as render shows it, in order: an empty list,
// not nil (JSON null), when there is none.
func RenderAll[T any](items []T, render func(T) map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(items))
	for _, item := range items {
		out = append(out, render(item))
	}
	return out
}
