package mockapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// devrevState is the DevRev fake's data. Every field is guarded by Server.mu.
type devrevState struct {
	token    string
	authUser int
	users    map[int]DevRevUser
	now      func() time.Time

	chats         *devrevChatStore
	conversations *conversationStore
	timeline      *devrevTimelineStore
}

func newDevRevState(fx *DevRevFixtures, now func() time.Time) (*devrevState, error) {
	d := &devrevState{token: fx.Token, users: map[int]DevRevUser{}, now: now}
	for _, u := range fx.Users {
		if u.Number < 1 {
			return nil, fmt.Errorf("user number %d must be >= 1", u.Number)
		}
		d.users[u.Number] = u
	}
	n, ok := d.userNumber(fx.AuthUser)
	if !ok {
		return nil, fmt.Errorf("auth_user %q is not one of the users", fx.AuthUser)
	}
	d.authUser = n
	d.chats = newDevRevChatStore()
	var err error
	if d.conversations, err = newConversationStore(d, fx.Conversations); err != nil {
		return nil, err
	}
	return d, nil
}

// userDON is the DON id of dev user n.
func userDON(n int) string { return fmt.Sprintf("%s:devu/%d", demoDevRevOrg, n) }

// userDisplayID is the display id of dev user n.
func userDisplayID(n int) string { return fmt.Sprintf("DEVU-%d", n) }

// userNumber resolves a dev user given as DON id or display id.
func (d *devrevState) userNumber(ref string) (int, bool) {
	var num string
	switch {
	case strings.HasPrefix(ref, demoDevRevOrg+":devu/"):
		num = strings.TrimPrefix(ref, demoDevRevOrg+":devu/")
	case strings.HasPrefix(strings.ToUpper(ref), "DEVU-"):
		num = ref[len("DEVU-"):]
	default:
		return 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || strconv.Itoa(n) != num {
		return 0, false
	}
	_, ok := d.users[n]
	return n, ok
}

// userSummary is the spec's dev-user-summary of user n.
func (d *devrevState) userSummary(n int) map[string]any {
	u := d.users[n]
	return map[string]any{
		"type":         "dev_user",
		"id":           userDON(n),
		"display_id":   userDisplayID(n),
		"display_name": u.DisplayName,
		"full_name":    u.FullName,
		"email":        u.Email,
		"state":        "active",
	}
}

// timestamp renders a time as DevRev does: RFC 3339, UTC, milliseconds.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// decodeDevRevBody reads a JSON request body into v. When the body is not a
// JSON object of v's shape it answers 400 bad_request, as DevRev does, and
// returns false.
func decodeDevRevBody(w http.ResponseWriter, r *http.Request, v any) bool {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		writeDevRevError(w, http.StatusBadRequest, "bad_request", "The request body is not valid: "+err.Error())
		return false
	}
	return true
}
