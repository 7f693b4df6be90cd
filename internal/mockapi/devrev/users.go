package devrev

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// dev-users.list, dev-users.get and dev-users.self, each by GET (query
// parameters) and by POST (a JSON body), as the public spec defines them.

const (
	defaultDevUsersPage = 50
	maxDevUsersPage     = 100
)

// userStates are the spec's user-state values. Every user of the fixtures
// is active.
var userStates = []string{"active", "deactivated", "deleted", "locked", "shadow", "unassigned"}

// wireDevUsersList is the spec's dev-users-list-request as received, from a
// body or from query parameters. The filters the fixtures cannot answer
// (dates and external identities: their users have neither) and sort_by are
// refused rather than ignored, so that no caller reads an unfiltered list as
// a filtered one.
type wireDevUsersList struct {
	Cursor           *string  `json:"cursor"`
	Email            []string `json:"email"`
	Limit            *int32   `json:"limit"`
	Mode             *string  `json:"mode"`
	State            []string `json:"state"`
	SortBy           []string `json:"sort_by"`
	CreatedDate      any      `json:"created_date"`
	ModifiedDate     any      `json:"modified_date"`
	ExternalIdentity any      `json:"external_identity"`
}

// wireDevUsersGet is the spec's dev-users-get-request.
type wireDevUsersGet struct {
	ID *string `json:"id"`
}

func (r wireDevUsersGet) objectID() *string { return r.ID }

// apiDevUser is the spec's dev-user, as much of it as the fixtures hold.
type apiDevUser struct {
	ID          string `json:"id"`
	DisplayID   string `json:"display_id"`
	DisplayName string `json:"display_name"`
	FullName    string `json:"full_name"`
	Email       string `json:"email"`
	State       string `json:"state"`
}

func (d *Fake) apiDevUser(n int) apiDevUser {
	u := d.users[n]
	return apiDevUser{ID: userDON(n), DisplayID: userDisplayID(n), DisplayName: u.DisplayName, FullName: u.FullName, Email: u.Email, State: "active"}
}

func (d *Fake) handleDevUsersListQuery(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var req wireDevUsersList
	if q.Has("cursor") {
		req.Cursor = new(q.Get("cursor"))
	}
	if q.Has("mode") {
		req.Mode = new(q.Get("mode"))
	}
	if q.Has("limit") {
		n, err := strconv.ParseInt(q.Get("limit"), 10, 32)
		if err != nil {
			invalidField("limit", "limit must be an integer, got %q.", q.Get("limit")).write(w)
			return
		}
		req.Limit = new(int32(n))
	}
	// explode: false, so a list is one comma-separated value.
	req.Email, req.State, req.SortBy = queryList(q, "email"), queryList(q, "state"), queryList(q, "sort_by")
	if q.Has("external_identity.id") || q.Has("external_identity.issuer") {
		req.ExternalIdentity = true
	}
	d.answerDevUsersList(w, &req)
}

func (d *Fake) handleDevUsersListPost(w http.ResponseWriter, r *http.Request) {
	if req, ok := decodeDevRev[wireDevUsersList](w, r); ok {
		d.answerDevUsersList(w, &req)
	}
}

// queryList is a list query parameter, written comma-separated.
func queryList(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

// answerDevUsersList answers one dev-users.list: the users whose email is
// one of email (exactly as stored) and whose state is one of state, in
// number order, a page at a time with the cursors of conversations.list.
func (d *Fake) answerDevUsersList(w http.ResponseWriter, req *wireDevUsersList) {
	switch {
	case req.SortBy != nil:
		newBadRequest("bad_request", "", "sort_by is not supported by this fake.").write(w)
		return
	case req.CreatedDate != nil || req.ModifiedDate != nil || req.ExternalIdentity != nil:
		newBadRequest("bad_request", "", "Filtering dev users by date or external identity is not supported by this fake.").write(w)
		return
	}
	for _, s := range req.State {
		if !slices.Contains(userStates, s) {
			invalidEnum("state", s, userStates).write(w)
			return
		}
	}
	paging, bad := readListPaging("dev-users", req.Mode, req.Limit, req.Cursor, defaultDevUsersPage, maxDevUsersPage)
	if bad != nil {
		bad.write(w)
		return
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	var matching []int
	for _, n := range slices.Sorted(maps.Keys(d.users)) {
		if (len(req.Email) == 0 || slices.Contains(req.Email, d.users[n].Email)) && (len(req.State) == 0 || slices.Contains(req.State, "active")) {
			matching = append(matching, n)
		}
	}
	// The page: after the cursor's user, or before it, at most limit.
	start, end := 0, len(matching)
	if paging.hasCursor && paging.mode == "after" {
		start, _ = slices.BinarySearch(matching, paging.cursor+1)
	}
	if paging.hasCursor && paging.mode == "before" {
		end, _ = slices.BinarySearch(matching, paging.cursor)
	}
	if paging.mode == "after" {
		end = min(end, start+paging.limit)
	} else {
		start = max(start, end-paging.limit)
	}
	page := map[string]any{}
	users := make([]apiDevUser, 0, end-start)
	for _, n := range matching[start:end] {
		users = append(users, d.apiDevUser(n))
	}
	page["dev_users"] = users
	if end > start && end < len(matching) {
		page["next_cursor"] = encodeCursor("dev-users", matching[end-1])
	}
	if end > start && start > 0 {
		page["prev_cursor"] = encodeCursor("dev-users", matching[start])
	}
	mockapi.WriteJSON(w, http.StatusOK, page)
}

func (d *Fake) handleDevUsersGetQuery(w http.ResponseWriter, r *http.Request) {
	if !r.URL.Query().Has("id") {
		missingField("id").write(w)
		return
	}
	d.answerDevUsersGet(w, r.URL.Query().Get("id"))
}

func (d *Fake) handleDevUsersGetPost(w http.ResponseWriter, r *http.Request) {
	if req, ok := decodeObjectRequest[wireDevUsersGet](w, r); ok {
		d.answerDevUsersGet(w, *req.ID)
	}
}

// answerDevUsersGet answers dev-users.get of a user's DON id or display id:
// 400 for what is not a dev user's id, 404 for one no user has.
func (d *Fake) answerDevUsersGet(w http.ResponseWriter, id string) {
	n, ok := refNumber(id, demoDevRevOrg+":devu", "DEVU")
	if !ok {
		invalidID("id", id).write(w)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.users[n]; !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("Dev user %q was not found.", id))
		return
	}
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"dev_user": d.apiDevUser(n)})
}

func (d *Fake) handleDevUsersSelfQuery(w http.ResponseWriter, _ *http.Request) {
	d.answerDevUsersSelf(w)
}

// handleDevUsersSelfPost takes the spec's dev-users-self-request: an empty
// object, nothing else.
func (d *Fake) handleDevUsersSelfPost(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeDevRev[map[string]any](w, r)
	if !ok {
		return
	}
	if req == nil {
		newBadRequest("bad_request", "", "The request body must be a JSON object.").write(w)
		return
	}
	for k := range req {
		newBadRequest("bad_request", "", fmt.Sprintf("dev-users.self takes no field; got %q.", k)).write(w)
		return
	}
	d.answerDevUsersSelf(w)
}

// answerDevUsersSelf answers dev-users.self: the token's user.
func (d *Fake) answerDevUsersSelf(w http.ResponseWriter) {
	d.mu.Lock()
	defer d.mu.Unlock()
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"dev_user": d.apiDevUser(d.authUser)})
}
