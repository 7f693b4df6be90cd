package mockapi

// Posted keeps what an API's callers posted and the fake only lists back,
// oldest first (DevRev's timeline comments, HelpCrunch's messages), and
// numbers it from 1 in the order it came. The zero value is empty and ready;
// the platform's lock guards it.
type Posted[T any] struct {
	items []*T
}

// Add keeps item and returns its number.
func (p *Posted[T]) Add(item *T) int {
	p.items = append(p.items, item)
	return len(p.items)
}

// Render returns every item as render shows it, oldest first: an empty
// list, not nil, when nothing was posted.
func (p *Posted[T]) Render(render func(*T) map[string]any) []map[string]any {
	out := []map[string]any{}
	for _, item := range p.items {
		out = append(out, render(item))
	}
	return out
}
