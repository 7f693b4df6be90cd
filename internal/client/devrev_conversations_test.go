package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

// convListBody reads and checks one conversations.list request.
func convListBody(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	testMethod(t, r, http.MethodPost)
	testAPIHeaders(t, r, true)
	return readJSON[map[string]any](t, r)
}

// serveList answers conversations.list with answer, and returns where the
// last request's body, checked by convListBody, is kept.
func serveList(t *testing.T, mux *http.ServeMux, answer string) *map[string]any {
	t.Helper()
	got := new(map[string]any)
	mux.HandleFunc("POST /conversations.list", func(w http.ResponseWriter, r *http.Request) {
		*got = convListBody(t, r)
		fmt.Fprint(w, answer)
	})
	return got
}

// listed is what ranging ListIter to its end read.
type listed struct {
	Conversations []DevRevConversation
	DevRevConversationsSpan
}

// listAll ranges ListIter to its end, as the data source does.
func listAll(ctx context.Context, c *DevRev, req *DevRevConversationsListRequest, want int) (*listed, error) {
	var res listed
	if req == nil {
		req = &DevRevConversationsListRequest{}
	}
	for conv, err := range c.Conversations.ListIter(ctx, *req, want, &res.DevRevConversationsSpan) {
		if err != nil {
			return nil, err
		}
		res.Conversations = append(res.Conversations, conv)
	}
	return &res, nil
}

func TestDevRevConversationsList_sendsEveryFilter(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	got := serveList(t, mux, `{"conversations":[{"id":"don:core:dvrv-us-1:devo/demo:conversation/7","display_id":"CONV-7","title":"Hi",
			"stage":{"name":"new"},"members":[{"type":"dev_user","id":"don:identity:dvrv-us-1:devo/demo:devu/2","display_id":"DEVU-2"}],
			"tags":[{"tag":{"id":"T1","name":"vip"},"value":"p1"}],"group":{"id":"G1"},"channels":[{"id":"C1"}],
			"sla_summary":{"stage":"running","target_time":"2024-05-01T10:00:00.000Z"},
			"created_date":"2024-01-01T12:00:00.000Z"}],"next_cursor":"n1","prev_cursor":"p1"}`)

	req := &DevRevConversationsListRequest{
		ActualCloseDate:   &DevRevDateFilter{Type: "preset", PresetType: ptr("last_n_days"), Days: ptr(int64(0))},
		AppliesToParts:    []string{"PROD-1"},
		Brand:             []string{"B1"},
		Channels:          []string{"C1"},
		Cursor:            ptr("abc"),
		Group:             []string{"G1"},
		IsCreatorVerified: ptr(true),
		IsFrozen:          ptr(false),
		IsSpam:            ptr(false),
		Limit:             ptr(int32(10)),
		Members:           []string{"DEVU-2"},
		Mode:              ptr("before"),
		ModifiedDate:      &DevRevDateTimeFilter{After: ptr("2024-01-01T00:00:00Z")},
		OwnedBy:           []string{"DEVU-1"},
		RevOrg:            []string{"REV-1"},
		RevOrgs:           []string{"REV-2"},
		SLASummary:        &DevRevSLASummaryFilter{Stage: []string{"breached"}, TargetTime: &DevRevDateFilter{Type: "range", Before: ptr("2024-02-01T00:00:00Z")}},
		SourceChannel:     []string{"email"},
		SourceChannelV2:   []string{"ECC-1"},
		SourceChannels:    []string{"slack"},
		Stage:             &DevRevStageFilter{Name: []string{"new"}},
		State:             []string{"open"},
		Tags:              []string{"TAG-1"},
		TagsV2:            []DevRevTagWithValueFilter{{ID: ptr("TAG-5"), Value: ptr("p0")}, {ID: ptr("TAG-2")}},
	}
	page, err := c.Conversations.List(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"actual_close_date":   map[string]any{"type": "preset", "preset_type": "last_n_days", "days": 0.0},
		"applies_to_parts":    []any{"PROD-1"},
		"brand":               []any{"B1"},
		"channels":            []any{"C1"},
		"cursor":              "abc",
		"group":               []any{"G1"},
		"is_creator_verified": true,
		"is_frozen":           false,
		"is_spam":             false,
		"limit":               10.0,
		"members":             []any{"DEVU-2"},
		"mode":                "before",
		"modified_date":       map[string]any{"after": "2024-01-01T00:00:00Z"},
		"owned_by":            []any{"DEVU-1"},
		"rev_org":             []any{"REV-1"},
		"rev_orgs":            []any{"REV-2"},
		"sla_summary":         map[string]any{"stage": []any{"breached"}, "target_time": map[string]any{"type": "range", "before": "2024-02-01T00:00:00Z"}},
		"source_channel":      []any{"email"},
		"source_channel_v2":   []any{"ECC-1"},
		"source_channels":     []any{"slack"},
		"stage":               map[string]any{"name": []any{"new"}},
		"state":               []any{"open"},
		"tags":                []any{"TAG-1"},
		"tags_v2":             []any{map[string]any{"id": "TAG-5", "value": "p0"}, map[string]any{"id": "TAG-2"}},
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("request body\n got %v\nwant %v", *got, want)
	}

	if page.NextCursor != "n1" || page.PrevCursor != "p1" || len(page.Conversations) != 1 {
		t.Fatalf("page = %+v", page)
	}
	conv := page.Conversations[0]
	if conv.DisplayID != "CONV-7" || conv.Stage.Name != "new" || conv.Members[0].DisplayID != "DEVU-2" ||
		conv.Tags[0].Tag.Name != "vip" || conv.Tags[0].Value != "p1" || conv.Group.ID != "G1" || conv.Channels[0].ID != "C1" ||
		conv.SLASummary.Stage != "running" || !conv.SLASummary.TargetTime.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) ||
		!conv.CreatedDate.Equal(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("conversation decoded as %+v", conv)
	}
}

func TestDevRevConversationsList_unsetFiltersAreNotSent(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	got := serveList(t, mux, `{"conversations":[]}`)
	if _, err := c.Conversations.List(context.Background(), &DevRevConversationsListRequest{}); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 0 {
		t.Errorf("empty request sent %v, want {}", *got)
	}
}

// pagedServer serves total conversations numbered 1..total in pages, as the
// API does: cursors name the boundary conversation, both modes honoured.
type pagedServer struct {
	total int
	mu    sync.Mutex
	calls []map[string]any
	// failOnce answers the call with this index (0-based) once with 429.
	failOnce int
	failed   bool
}

func (p *pagedServer) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := convListBody(t, r)
		p.mu.Lock()
		idx := len(p.calls)
		if idx == p.failOnce && !p.failed {
			p.failed = true
			p.mu.Unlock()
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"type":"too_many_requests","message":"slow down"}`)
			return
		}
		p.calls = append(p.calls, body)
		p.mu.Unlock()

		limit := 50
		if l, ok := body["limit"].(float64); ok {
			limit = int(l)
		}
		before := body["mode"] == "before"
		lo, hi := 1, p.total // inclusive window of candidates
		if c, ok := body["cursor"].(string); ok {
			n, _ := strconv.Atoi(c)
			if before {
				hi = n - 1
			} else {
				lo = n + 1
			}
		}
		if before {
			lo = max(lo, hi-limit+1)
		} else {
			hi = min(hi, lo+limit-1)
		}
		resp := map[string]any{}
		var convs []map[string]any
		for i := lo; i <= hi; i++ {
			convs = append(convs, map[string]any{"id": strconv.Itoa(i), "members": []any{}})
		}
		resp["conversations"] = convs
		if hi < p.total && hi >= lo {
			resp["next_cursor"] = strconv.Itoa(hi)
		}
		if lo > 1 && hi >= lo {
			resp["prev_cursor"] = strconv.Itoa(lo)
		}
		_ = json.NewEncoder(w).Encode(resp)
	}
}

func (p *pagedServer) limits() []int {
	var out []int
	for _, c := range p.calls {
		out = append(out, int(c["limit"].(float64)))
	}
	return out
}

func convIDs(cs []DevRevConversation) []string {
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func seqIDs(from, to int) []string {
	var ids []string
	step := 1
	if to < from {
		step = -1
	}
	for i := from; ; i += step {
		ids = append(ids, strconv.Itoa(i))
		if i == to {
			return ids
		}
	}
}

func TestDevRevConversationsListIter_followsNextCursorWithLargestPages(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	ps := &pagedServer{total: 234, failOnce: -1}
	mux.HandleFunc("POST /conversations.list", ps.handler(t))

	res, err := listAll(context.Background(), c, &DevRevConversationsListRequest{State: []string{"open"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := convIDs(res.Conversations), seqIDs(1, 234); !slices.Equal(got, want) {
		t.Errorf("ids = %v, want 1..234", got)
	}
	if got := ps.limits(); !slices.Equal(got, []int{100, 100, 100}) {
		t.Errorf("page sizes = %v, want [100 100 100]", got)
	}
	if res.Pages != 3 || res.NextCursor != "" || res.PrevCursor != "" {
		t.Errorf("pages %d, next %q, prev %q", res.Pages, res.NextCursor, res.PrevCursor)
	}
	for i, call := range ps.calls {
		if !reflect.DeepEqual(call["state"], []any{"open"}) {
			t.Errorf("call %d lost the filter: %v", i, call)
		}
		_, hasCursor := call["cursor"]
		if hasCursor != (i > 0) {
			t.Errorf("call %d cursor = %v", i, call["cursor"])
		}
	}
	if ps.calls[1]["cursor"] != "100" || ps.calls[2]["cursor"] != "200" {
		t.Errorf("cursors = %v, %v", ps.calls[1]["cursor"], ps.calls[2]["cursor"])
	}
}

func TestDevRevConversationsListIter_limitAsksOnlyForWhatIsLeft(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		limit     int
		wantSizes []int
	}{
		{limit: 1, wantSizes: []int{1}},
		{limit: 100, wantSizes: []int{100}},
		{limit: 120, wantSizes: []int{100, 20}},
		{limit: 250, wantSizes: []int{100, 100, 50}},
		{limit: 1000, wantSizes: []int{100, 100, 100}},
	} {
		t.Run(strconv.Itoa(tc.limit), func(t *testing.T) {
			t.Parallel()
			c, _, mux := setup(t)
			ps := &pagedServer{total: 300, failOnce: -1}
			mux.HandleFunc("POST /conversations.list", ps.handler(t))
			req := &DevRevConversationsListRequest{}
			res, err := listAll(context.Background(), c, req, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := ps.limits(); !slices.Equal(got, tc.wantSizes) {
				t.Errorf("page sizes = %v, want %v", got, tc.wantSizes)
			}
			n := min(tc.limit, 300)
			if got := convIDs(res.Conversations); !slices.Equal(got, seqIDs(1, n)) {
				t.Errorf("got %d ids, want 1..%d", len(got), n)
			}
			wantNext := strconv.Itoa(n)
			if n == 300 {
				wantNext = ""
			}
			if res.NextCursor != wantNext {
				t.Errorf("next cursor = %q, want %q", res.NextCursor, wantNext)
			}
			if req.Limit != nil || req.Cursor != nil {
				t.Errorf("ListIter modified the caller's request: %+v", req)
			}
		})
	}
}

func TestDevRevConversationsListIter_beforeModeFollowsPrevCursor(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	ps := &pagedServer{total: 250, failOnce: -1}
	mux.HandleFunc("POST /conversations.list", ps.handler(t))

	res, err := listAll(context.Background(), c, &DevRevConversationsListRequest{Mode: ptr(DevRevListModeBefore)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := convIDs(res.Conversations); !slices.Equal(got, seqIDs(250, 1)) {
		t.Errorf("ids = %v, want 250..1", got)
	}
	if len(ps.calls) != 3 || ps.calls[1]["cursor"] != "151" || ps.calls[2]["cursor"] != "51" {
		t.Errorf("calls = %v", ps.calls)
	}

	// A limit keeps the last ones, and the cursors bound the span read.
	ps2 := &pagedServer{total: 250, failOnce: -1}
	c2, _, mux2 := setup(t)
	mux2.HandleFunc("POST /conversations.list", ps2.handler(t))
	res, err = listAll(context.Background(), c2, &DevRevConversationsListRequest{Mode: ptr(DevRevListModeBefore)}, 120)
	if err != nil {
		t.Fatal(err)
	}
	if got := convIDs(res.Conversations); !slices.Equal(got, seqIDs(250, 131)) {
		t.Errorf("ids = %v, want 250..131", got)
	}
	if res.PrevCursor != "131" || res.NextCursor != "" || !slices.Equal(ps2.limits(), []int{100, 20}) {
		t.Errorf("prev %q next %q sizes %v", res.PrevCursor, res.NextCursor, ps2.limits())
	}
}

func TestDevRevConversationsListIter_survives429MidPaging(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	ps := &pagedServer{total: 500, failOnce: 2}
	mux.HandleFunc("POST /conversations.list", ps.handler(t))

	res, err := listAll(context.Background(), c, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !ps.failed {
		t.Fatal("the 429 was never served")
	}
	if got := convIDs(res.Conversations); !slices.Equal(got, seqIDs(1, 500)) {
		t.Errorf("ids = %v, want 1..500 once each", got)
	}
	if res.Pages != 5 || len(ps.calls) != 5 {
		t.Errorf("pages %d, answered calls %d, want 5", res.Pages, len(ps.calls))
	}
}

func TestDevRevConversationsListIter_apiError(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	mux.HandleFunc("POST /conversations.list", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"type":"invalid_enum_value","message":"bad mode","field_name":"mode","value":"x","allowed_values":["after","before"]}`)
	})
	_, err := listAll(context.Background(), c, &DevRevConversationsListRequest{Mode: ptr("x")}, 0)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Type != "invalid_enum_value" || apiErr.Message != "bad mode" {
		t.Fatalf("err = %v", err)
	}
}

func TestDevRevConversationsListIter_stopsOnRepeatedCursor(t *testing.T) {
	t.Parallel()
	c, _, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("POST /conversations.list", answer(&calls, http.StatusOK, `{"conversations":[{"id":"x","members":[]}],"next_cursor":"same"}`))
	_, err := listAll(context.Background(), c, nil, 0)
	if err == nil || calls.Load() != 2 {
		t.Fatalf("err = %v after %d calls, want an error after 2", err, calls.Load())
	}
}

func TestDevRevConversationsListIter_againstTheFake(t *testing.T) {
	t.Parallel()
	c, _, fake, _ := setupFake(t, fake.Options{GenerateConversations: 1234})
	ctx := context.Background()

	res, err := listAll(ctx, c, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conversations) != 1234 || res.Pages != 13 {
		t.Fatalf("read %d conversations in %d pages, want 1234 in 13", len(res.Conversations), res.Pages)
	}
	if got := fake.RequestCount(devrev.RouteConversationsList); got != 13 {
		t.Errorf("the fake counted %d requests, want 13", got)
	}
	var want []string
	for _, s := range fake.State().DevRev.Conversations {
		want = append(want, s["id"].(string))
	}
	if got := convIDs(res.Conversations); !slices.Equal(got, want) {
		t.Error("after mode did not return the fake's conversations in order")
	}

	back, err := listAll(ctx, c, &DevRevConversationsListRequest{Mode: ptr(DevRevListModeBefore)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(want)
	if got := convIDs(back.Conversations); !slices.Equal(got, want) || back.Pages != 13 {
		t.Errorf("before mode: %d conversations in %d pages, not the reverse", len(got), back.Pages)
	}

	// Resume from a cursor: limit 120 leaves a next cursor that reads on.
	first, err := listAll(ctx, c, nil, 120)
	if err != nil {
		t.Fatal(err)
	}
	rest, err := listAll(ctx, c, &DevRevConversationsListRequest{Cursor: &first.NextCursor}, 0)
	if err != nil {
		t.Fatal(err)
	}
	all := append(convIDs(first.Conversations), convIDs(rest.Conversations)...)
	slices.Reverse(want)
	if !slices.Equal(all, want) || first.Pages != 2 || rest.Pages != 12 {
		t.Errorf("resumed read: %d ids, pages %d + %d", len(all), first.Pages, rest.Pages)
	}
}

// BenchmarkConversationsListIter10k reads 10,000 conversations from the
// in-process fake, as the data source does: 100 requests of 100. Besides
// time and allocations per read it reports the requests per read, the heap's
// peak during one read and what the result keeps (both over the heap in use
// before the read, fake included).
func BenchmarkConversationsListIter10k(b *testing.B) {
	c, _, fake, _ := setupFake(b, fake.Options{GenerateConversations: 10_000})
	ctx := context.Background()
	read := func() *listed {
		res, err := listAll(ctx, c, nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Conversations) != 10_000 {
			b.Fatalf("read %d conversations", len(res.Conversations))
		}
		return res
	}
	peak, retained := acctest.MeasureHeap(func() any { return read() })

	fake.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		read()
	}
	b.StopTimer()
	b.ReportMetric(float64(fake.RequestCount(devrev.RouteConversationsList))/float64(b.N), "requests/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(retained)/(1<<20), "retained-MiB")
}
