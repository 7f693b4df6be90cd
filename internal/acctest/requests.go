package acctest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Requests is what a test expects the fake to have received since its last
// reset (ResetRequests): so many requests on each route named (by the route
// constants of internal/mockapi/devrev and helpcrunch), and none on any other
// route. A nil or empty Requests expects no request at all, as for a bad
// input that must fail at plan.
type Requests map[string]int

// Check compares counts taken from the fake (Fake.Requests) with want,
// exactly, and says how they differ: the one comparison behind CheckRequests,
// ExpectRequests and RequireRequests, and for counts a test kept from an
// earlier moment.
func (want Requests) Check(got mockapi.RequestCounts) error {
	var diffs []string
	total := 0
	for _, route := range slices.Sorted(maps.Keys(want)) {
		total += want[route]
		if n := got.ByRoute[route]; n != want[route] {
			diffs = append(diffs, fmt.Sprintf("%s: %d, want %d", route, n, want[route]))
		}
	}
	for _, route := range slices.Sorted(maps.Keys(got.ByRoute)) {
		if _, named := want[route]; !named && got.ByRoute[route] != 0 {
			diffs = append(diffs, fmt.Sprintf("%s: %d, want none", route, got.ByRoute[route]))
		}
	}
	if len(diffs) == 0 && got.Total != total {
		diffs = append(diffs, fmt.Sprintf("%d in all, want %d", got.Total, total))
	}
	if len(diffs) > 0 {
		return fmt.Errorf("requests: %s (all: %v)", strings.Join(diffs, "; "), got.ByRoute)
	}
	return nil
}

// CheckRequests compares the fake's requests since its last reset with
// want (see Requests.Check).
func (f *Fake) CheckRequests(want Requests) error { return want.Check(f.Requests()) }

// RequireRequests fails t unless the fake received exactly want since its
// last reset: for what a test does outside a test step (a terraform command
// it runs itself, a provider call).
func (f *Fake) RequireRequests(t testing.TB, want Requests) {
	t.Helper()
	if err := f.CheckRequests(want); err != nil {
		t.Error(err)
	}
}

// ExpectRequests is a state check (ConfigStateChecks) that the fake received
// exactly want since its last reset: reset it in the step's PreConfig, and
// the check covers the step's plan and apply.
func (f *Fake) ExpectRequests(want Requests) statecheck.StateCheck {
	return requestsCheck{f: f, want: want}
}

type requestsCheck struct {
	f    *Fake
	want Requests
}

func (c requestsCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := c.f.CheckRequests(c.want); err != nil {
		resp.Error = err
	}
}
