package helpcrunch

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// helpcrunchDefaultPageSize is the page size of a search that names no limit.
const helpcrunchDefaultPageSize = 100

// hcSearchSortFields are what POST /chats/search can order by. Its page
// names no list (its examples sort by chats.createdAt), so the fake takes
// only the sort values GET /chats documents.
var hcSearchSortFields = []string{"chats.createdAt", "chats.lastCustomerMessageAt", "chats.lastMessageAt", "chats.closedAt"}

// hcPage is one page request, after validation.
type hcPage struct {
	offset, limit int
	sort          string
	desc          bool
}

// pageItems is the part of items (sorted) that page p holds.
func pageItems[T any](items []T, p hcPage) []T {
	start := min(p.offset, len(items))
	end := min(start+p.limit, len(items))
	return items[start:end]
}

// sortSearch orders the matches of a search, in id order, as p asks: by
// the moment of p.sort, those without one (null) last in either order and
// ties by id; with no sort, by id alone.
func sortSearch[T any](items []T, p hcPage, moment func(T) time.Time, id func(T) int64) {
	if p.sort == "" {
		if p.desc {
			slices.Reverse(items)
		}
		return
	}
	slices.SortStableFunc(items, func(a, b T) int {
		ta, tb := moment(a), moment(b)
		switch {
		case ta.IsZero() != tb.IsZero():
			if ta.IsZero() {
				return 1
			}
			return -1
		case !ta.Equal(tb) && p.desc:
			return tb.Compare(ta)
		case !ta.Equal(tb):
			return ta.Compare(tb)
		case p.desc:
			return cmp.Compare(id(b), id(a))
		}
		return cmp.Compare(id(a), id(b))
	})
}

// page orders the chats and cuts one page of the spec's ChatList out of them.
func (h *Fake) page(chats []*hcChat, p hcPage) map[string]any {
	sortSearch(chats, p, hcSortKey(p.sort), func(c *hcChat) int64 { return c.id })
	total := len(chats)
	data := mockapi.RenderAll(pageItems(chats, p), h.render)
	switch h.Reading(ReadingSearchTotal) {
	case "none":
		return map[string]any{"data": data}
	case "top":
		return map[string]any{"data": data, "total": total}
	}
	return map[string]any{"data": data, "meta": map[string]any{"total": total}}
}

func hcSortKey(field string) func(*hcChat) time.Time {
	switch field {
	case "chats.lastCustomerMessageAt":
		return func(c *hcChat) time.Time { return c.lastCustomerMessageAt }
	case "chats.lastMessageAt":
		return func(c *hcChat) time.Time { return c.lastMessageAt }
	case "chats.closedAt":
		return func(c *hcChat) time.Time { return c.closedAt }
	}
	return func(c *hcChat) time.Time { return c.createdAt }
}

// hcRawFilter is one search filter as sent, before its field is checked.
type hcRawFilter struct {
	Field    *string         `json:"field"`
	Operator *string         `json:"operator"`
	Value    json.RawMessage `json:"value"`
}

// readSearchPaging reads what the chat and customer searches share besides
// their filters: offset, limit, sort (one of sortFields), order and
// comparison (matchAny for OR). It answers the 400 itself on a bad value.
func readSearchPaging(w http.ResponseWriter, b hcBody, sortFields []string) (p hcPage, matchAny, ok bool) {
	p = hcPage{limit: helpcrunchDefaultPageSize}
	var err error
	if b.has("offset") {
		if p.offset, err = hcIntValue(b["offset"]); err != nil || p.offset < 0 {
			writeInvalid(w, "offset", "offset must be an integer >= 0.")
			return p, false, false
		}
	}
	if b.has("limit") {
		if p.limit, err = hcIntValue(b["limit"]); err != nil || p.limit < 1 {
			writeInvalid(w, "limit", "limit must be an integer >= 1.")
			return p, false, false
		}
	}
	if b.has("sort") {
		if json.Unmarshal(b["sort"], &p.sort) != nil || !slices.Contains(sortFields, p.sort) {
			writeInvalid(w, "sort", "sort must be one of "+strings.Join(sortFields, ", ")+".")
			return p, false, false
		}
	}
	if b.has("order") {
		var order string
		_ = json.Unmarshal(b["order"], &order)
		switch order {
		case "asc", "ASC":
		case "desc", "DESC":
			p.desc = true
		default:
			writeInvalid(w, "order", "order must be asc or desc.")
			return p, false, false
		}
	}
	if b.has("comparison") {
		var cmp string
		_ = json.Unmarshal(b["comparison"], &cmp)
		switch cmp {
		case "AND", "and":
		case "OR", "or":
			matchAny = true
		default:
			writeInvalid(w, "comparison", "comparison must be AND or OR.")
			return p, false, false
		}
	}
	return p, matchAny, true
}

// readSearchFilters reads the non-empty filter list of a search, each with
// a field, an operator and a value, or answers the 400.
func readSearchFilters(w http.ResponseWriter, b hcBody) ([]hcRawFilter, bool) {
	var raw []hcRawFilter
	if !b.has("filter") || json.Unmarshal(b["filter"], &raw) != nil || len(raw) == 0 {
		writeInvalid(w, "filter", "filter must be a non-empty list of {field, operator, value}.")
		return nil, false
	}
	for i, f := range raw {
		if f.Field == nil || *f.Field == "" || f.Operator == nil || *f.Operator == "" || len(f.Value) == 0 {
			writeInvalid(w, fmt.Sprintf("filter[%d]", i), fmt.Sprintf("filter[%d] needs a field, an operator and a value.", i))
			return nil, false
		}
	}
	return raw, true
}

// writeFilterError answers the 400 of filter i that compiling refused.
func writeFilterError(w http.ResponseWriter, i int, err error) {
	part := "value"
	var fe hcFilterError
	if errors.As(err, &fe) {
		part = fe.part
	}
	writeInvalid(w, fmt.Sprintf("filter[%d].%s", i, part), err.Error())
}

// readSearch reads a search's body (chats or customers, sorted by one of
// sortFields): its paging and its filters, not yet compiled. It answers the
// 400 itself when any is wrong.
func readSearch(w http.ResponseWriter, r *http.Request, sortFields []string) (p hcPage, matchAny bool, raw []hcRawFilter, ok bool) {
	b, ok := readHelpCrunchBody(w, r)
	if !ok {
		return p, false, nil, false
	}
	if p, matchAny, ok = readSearchPaging(w, b, sortFields); !ok {
		return p, false, nil, false
	}
	raw, ok = readSearchFilters(w, b)
	return p, matchAny, raw, ok
}

// handleHelpCrunchSearchChats is POST /chats/search.
func (h *Fake) handleHelpCrunchSearchChats(w http.ResponseWriter, r *http.Request) {
	p, matchAny, raw, ok := readSearch(w, r, hcSearchSortFields)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	filters, ok := compileFilters(w, raw, h.compileFilter)
	if !ok {
		return
	}
	matched := searchMatches(inIDOrder(h.chats), matchAny, filters)
	out := h.page(matched, p)
	data, _ := out["data"].([]map[string]any)
	h.searches = append(h.searches, SearchLog{
		Offset: p.offset, Limit: p.limit, Returned: len(data), Total: len(matched),
	})
	mockapi.WriteJSON(w, http.StatusOK, out)
}

// compileFilters compiles every filter of a search with compile, or answers
// the 400 of the first one it refuses.
func compileFilters[T any](w http.ResponseWriter, raw []hcRawFilter, compile func(field, op string, value json.RawMessage) (func(T) bool, error)) ([]func(T) bool, bool) {
	filters := make([]func(T) bool, 0, len(raw))
	for i, f := range raw {
		match, err := compile(*f.Field, *f.Operator, f.Value)
		if err != nil {
			writeFilterError(w, i, err)
			return nil, false
		}
		filters = append(filters, match)
	}
	return filters, true
}

// searchMatches are the items every predicate (matchAny: any of them)
// accepts, in their order.
func searchMatches[T any](items []T, matchAny bool, preds []func(T) bool) []T {
	var out []T
	for _, item := range items {
		hits := 0
		for _, p := range preds {
			if p(item) {
				hits++
			}
		}
		if (matchAny && hits > 0) || (!matchAny && hits == len(preds)) {
			out = append(out, item)
		}
	}
	return out
}

func hcIntValue(raw json.RawMessage) (int, error) {
	return strconv.Atoi(string(bytes.TrimSpace(raw)))
}

// hcInt64Value reads an id, a JSON integer, as hcIntValue reads an offset
// or a limit.
func hcInt64Value(raw json.RawMessage) (int64, error) {
	return strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
}

// hcFilterError says which part of a filter ("field", "operator" or
// "value") is wrong, for the code of the error entry.
type hcFilterError struct{ part, msg string }

func (e hcFilterError) Error() string { return e.msg }

func badFilter(part, format string, args ...any) error {
	return hcFilterError{part: part, msg: fmt.Sprintf(format, args...)}
}

// hcSearchOperators are the comparisons the fake takes. The search page's
// examples show "=", ">" and ">="; "<" and "<=" are assumed, since a range
// with no upper bound would be an odd API. Nothing else ("!=", "like") is
// documented, so nothing else is accepted.
// https://docs.helpcrunch.com/en/rest-api-v1/search-chats-v1
var hcSearchOperators = []string{"=", ">", ">=", "<", "<="}

// hcSearchStatuses are the values a chats.status filter compares with: the
// statuses as the chat model spells them
// (https://docs.helpcrunch.com/en/rest-api-v1/chat-model-v1).
var hcSearchStatuses = []string{"new", "opened", "pending", "onhold", "no communication", "closed", "empty"}

// hcSearchStatusCodes are the codes of the newest "Search for chats" page,
// as its examples and an open-source connector agree on them, by status.
var hcSearchStatusCodes = map[string]string{
	"1": "new", "2": "opened", "3": "pending", "4": "onhold", "5": "closed", "6": "no communication", "7": "empty",
}

// searchStatus is the status a chats.status search value stands for in the
// ReadingStatusSearch reading, "" when it is of the other form (it matches
// nothing), and false when it is of neither.
func (h *Fake) searchStatus(value string) (string, bool) {
	name, isCode := hcSearchStatusCodes[value]
	isName := slices.Contains(hcSearchStatuses, value)
	switch {
	case !isCode && !isName:
		return "", false
	case h.Reading(ReadingStatusSearch) == "codes" && isCode:
		return name, true
	case h.Reading(ReadingStatusSearch) == "names" && isName:
		return value, true
	}
	return "", true
}

// compileFilter checks a filter against the searchable fields the search
// page documents (chats.assignee, agents, createdAt, updatedAt, department,
// status, closedAt, rating, customer, customer.email, customer.tagsData),
// each with its type and the operators that make sense for it, and returns
// its matcher. Anything else is a 400.
func (h *Fake) compileFilter(field, op string, value json.RawMessage) (func(*hcChat) bool, error) {
	var match func(*hcChat) bool
	if !slices.Contains(hcSearchOperators, op) {
		return nil, badFilter("operator", "operator %q is not one of %s", op, strings.Join(hcSearchOperators, " "))
	}
	equalityOnly := func() error {
		if op != "=" {
			return badFilter("operator", "%s can only be compared with =", field)
		}
		return nil
	}
	switch field {
	case "chats.customer", "chats.assignee", "chats.department", "chats.agents":
		n, err := hcInt64Value(value)
		if err != nil {
			return nil, badFilter("value", "the value of %s must be an integer id", field)
		}
		if field == "chats.agents" {
			if err := equalityOnly(); err != nil {
				return nil, err
			}
			return func(c *hcChat) bool { return slices.Contains(c.agents, n) }, nil
		}
		cmp, _ := comparator[int64](op)
		get := map[string]func(*hcChat) int64{
			"chats.customer":   func(c *hcChat) int64 { return c.customer },
			"chats.assignee":   func(c *hcChat) int64 { return c.assignee },
			"chats.department": func(c *hcChat) int64 { return c.department },
		}[field]
		match = func(c *hcChat) bool {
			v := get(c)
			// An unassigned chat has no assignee to compare.
			return v != 0 && cmp(v, n)
		}
	case "chats.createdAt", "chats.updatedAt", "chats.closedAt":
		secs, ok := parseHCTimestamp(value)
		if !ok {
			return nil, badFilter("value", "the value of %s must be a UNIX timestamp", field)
		}
		cmp, _ := comparator[float64](op)
		key := hcSortKey(field)
		match = func(c *hcChat) bool {
			t := key(c)
			return !t.IsZero() && cmp(float64(t.Unix()), secs)
		}
	case "chats.status", "chats.rating", "chats.customer.email":
		var want string
		if json.Unmarshal(value, &want) != nil {
			return nil, badFilter("value", "the value of %s must be a string", field)
		}
		if err := equalityOnly(); err != nil {
			return nil, err
		}
		if field == "chats.status" {
			status, ok := h.searchStatus(want)
			if !ok {
				return nil, badFilter("value", "%q is not a chat status (%s)", want, strings.Join(hcSearchStatuses, ", "))
			}
			return func(c *hcChat) bool { return c.status == status }, nil
		}
		get := map[string]func(*hcChat) string{
			"chats.status":         func(c *hcChat) string { return c.status },
			"chats.rating":         func(c *hcChat) string { return c.rating },
			"chats.customer.email": func(c *hcChat) string { return h.customers[c.customer].email() },
		}[field]
		match = func(c *hcChat) bool { return get(c) == want }
	case "chats.customer.tagsData":
		var tags []struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(value, &tags) != nil {
			return nil, badFilter("value", "the value of chats.customer.tagsData must be a list of {name}")
		}
		if err := equalityOnly(); err != nil {
			return nil, err
		}
		match = func(c *hcChat) bool {
			for _, t := range tags {
				if !slices.Contains(h.customers[c.customer].tags, t.Name) {
					return false
				}
			}
			return true
		}
	default:
		return nil, badFilter("field", "%q is not a searchable chat field", field)
	}
	return match, nil
}

func comparator[T cmp.Ordered](op string) (func(a, b T) bool, error) {
	switch op {
	case "=":
		return func(a, b T) bool { return a == b }, nil
	case "!=":
		return func(a, b T) bool { return a != b }, nil
	case ">":
		return func(a, b T) bool { return a > b }, nil
	case ">=":
		return func(a, b T) bool { return a >= b }, nil
	case "<":
		return func(a, b T) bool { return a < b }, nil
	case "<=":
		return func(a, b T) bool { return a <= b }, nil
	}
	return nil, fmt.Errorf("operator %q is not supported (use =, !=, >, >=, <, <=)", op)
}
