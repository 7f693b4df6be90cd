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

// badRequest is DevRev's 400: a body of one of the spec's error-bad-request
// subtypes (type, message, and the fields its subtype adds). Every DevRev
// handler answers its 400s with one; nil is no error.
type badRequest map[string]any

func (e badRequest) write(w http.ResponseWriter) {
	writeJSON(w, http.StatusBadRequest, map[string]any(e))
}

// newBadRequest builds a 400 of a subtype that names the offending field
// (field "" for bad_request, which names none).
func newBadRequest(typ, field, message string) badRequest {
	e := badRequest{"type": typ, "message": message}
	if field != "" {
		e["field_name"] = field
	}
	return e
}

func invalidField(field, format string, args ...any) badRequest {
	return newBadRequest("invalid_field", field, fmt.Sprintf(format, args...))
}

func invalidEnum(field, value string, allowed []string) badRequest {
	e := newBadRequest("invalid_enum_value", field, fmt.Sprintf("%q is not a valid value of %s; allowed values: %s.", value, field, strings.Join(allowed, ", ")))
	e["value"], e["allowed_values"] = value, allowed
	return e
}

func missingField(field string) badRequest {
	return newBadRequest("missing_required_field", field, fmt.Sprintf("Field '%s' is required.", field))
}

// decodeDevRev reads a JSON request body as a T. A body that is not JSON of
// T's shape (or, read field by field as a chatBody, not an object) is
// answered with DevRev's 400 bad_request, and ok is false.
func decodeDevRev[T any](w http.ResponseWriter, r *http.Request) (v T, ok bool) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err == nil {
		err = json.Unmarshal(raw, &v)
	}
	if err != nil {
		newBadRequest("bad_request", "", "The request body is not valid: "+err.Error()).write(w)
		return v, false
	}
	if b, isBody := any(v).(chatBody); isBody && b == nil {
		newBadRequest("bad_request", "", "The request body must be a JSON object.").write(w)
		return v, false
	}
	return v, true
}
