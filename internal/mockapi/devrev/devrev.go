// Package devrev is the fake of DevRev's API (chats, conversations,
// timeline entries, custom schema fragments, dev users), faithful to the public OpenAPI spec. It is a
// mockapi.Platform: a mockapi.Server serves it under Prefix, counts its
// requests by the Route constants and injects faults into them.
package devrev

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Name keys the fake in the control API: its part of GET /__mock/state, its
// rate limit, DELETE /__mock/devrev/... .
const Name = "devrev"

// Prefix is the path the fake API is served under: http://ADDR/devrev is
// DevRev's https://api.devrev.ai.
const Prefix = "/devrev"

// The routes the fake serves, as the requests are counted and faults are
// scripted: "METHOD PATH" with the endpoint DevRev names them by.
const (
	RouteChatsCreate           = "POST " + Prefix + "/chats.create"
	RouteChatsGet              = "GET " + Prefix + "/chats.get"
	RouteChatsGetPost          = "POST " + Prefix + "/chats.get"
	RouteChatsUpdate           = "POST " + Prefix + "/chats.update"
	RouteConversationsList     = "POST " + Prefix + "/conversations.list"
	RouteConversationsCreate   = "POST " + Prefix + "/conversations.create"
	RouteConversationsGet      = "GET " + Prefix + "/conversations.get"
	RouteConversationsUpdate   = "POST " + Prefix + "/conversations.update"
	RouteConversationsDelete   = "POST " + Prefix + "/conversations.delete"
	RouteTimelineEntriesCreate = "POST " + Prefix + "/timeline-entries.create"
	RouteDevUsersList          = "GET " + Prefix + "/dev-users.list"
	RouteDevUsersListPost      = "POST " + Prefix + "/dev-users.list"
	RouteDevUsersGet           = "GET " + Prefix + "/dev-users.get"
	RouteDevUsersGetPost       = "POST " + Prefix + "/dev-users.get"
	RouteDevUsersSelf          = "GET " + Prefix + "/dev-users.self"
	RouteDevUsersSelfPost      = "POST " + Prefix + "/dev-users.self"
	RouteSchemasCustomList     = "GET " + Prefix + "/schemas.custom.list"
	RouteSchemasCustomListPost = "POST " + Prefix + "/schemas.custom.list"
)

// ReadingChatsScope is whether chats.* need DevRev's beta scope. The DM
// object with id, users and title that they answer with is defined in the
// beta spec only (the public spec's chat holds its type alone), and DevRev's
// versioning page says beta operations need the header X-Devrev-Scope: beta.
// "any": they answer the DM whatever the scope; "beta": without the header
// they answer the public chat object (https://developer.devrev.ai/about/versioning).
const ReadingChatsScope = "chats_scope"

// ReadingTimelineMissingObject is how timeline-entries.create answers an
// object id that names nothing: "400", the invalid_id the spec documents
// (it lists no 404 for this call), or "404", not_found, as DevRev answers
// the get of an object that does not exist and as code written against the
// live API expects.
const ReadingTimelineMissingObject = "timeline_missing_object"

// Readings are the questions the docs leave open, each with its answers,
// the default first.
func Readings() []mockapi.Reading { return slices.Clone(readings) }

var readings = []mockapi.Reading{
	{Name: ReadingChatsScope, Values: []string{"any", "beta"},
		Doc: "chats.* without X-Devrev-Scope: beta answer the DM (any) or the public chat object, its type alone (beta)"},
	{Name: ReadingTimelineMissingObject, Values: []string{"400", "404"},
		Doc: "timeline-entries.create on an object that does not exist: 400 invalid_id or 404 not_found"},
}

// Options configure a new DevRev fake.
type Options struct {
	// Fixtures replaces the default fixtures when set.
	Fixtures *Fixtures
	// GenerateConversations adds that many generated conversations.
	GenerateConversations int
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// Readings answer the docs' open questions (ReadingChatsScope,
	// ReadingTimelineMissingObject) other than by default.
	Readings map[string]string
}

// Fake is the DevRev fake. Serve it with a mockapi.Server.
type Fake struct {
	// Readings are the docs' open questions and how the fake answers them.
	mockapi.Readings

	// mu guards every field below that changes: each request is handled
	// under it, so the fake is linearizable.
	mu sync.Mutex

	token    string
	authUser int
	users    map[int]User
	now      func() time.Time

	chats         *devrevChatStore
	conversations *conversationStore
	timeline      mockapi.Posted[devrevTimelineEntry] // comments posted through the API
	// fragments are the custom schema fragments, numbered from 1 in this
	// order; they never change.
	fragments []CustomSchemaFragment
}

var _ mockapi.Platform = (*Fake)(nil)

// New returns a DevRev fake loaded with opts.Fixtures, or the default ones.
func New(opts Options) (*Fake, error) {
	fx := opts.Fixtures
	if fx == nil {
		fx = DefaultFixtures()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if err := checkFragments(fx.CustomSchemaFragments); err != nil {
		return nil, err
	}
	d := &Fake{token: fx.Token, users: map[int]User{}, now: now, fragments: slices.Clone(fx.CustomSchemaFragments)}
	if err := d.DefineAndSet(readings, opts.Readings); err != nil {
		return nil, err
	}
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
	if opts.GenerateConversations > 0 {
		d.generateConversations(opts.GenerateConversations)
	}
	return d, nil
}

// Name is the Name constant, for mockapi.Platform.
func (d *Fake) Name() string { return Name }

// Prefix is the Prefix constant, for mockapi.Platform.
func (d *Fake) Prefix() string { return Prefix }

// Register serves every Route on mux.
func (d *Fake) Register(mux *http.ServeMux) {
	mux.HandleFunc(RouteChatsCreate, d.inChatsScope(d.withBody(d.chatsCreate)))
	mux.HandleFunc(RouteChatsGet, d.inChatsScope(d.handleDevRevChatsGet))
	mux.HandleFunc(RouteChatsGetPost, d.inChatsScope(d.withBody(d.chatsGetPost)))
	mux.HandleFunc(RouteChatsUpdate, d.inChatsScope(d.withBody(d.chatsUpdate)))
	mux.HandleFunc(RouteConversationsList, d.handleConversationsListPost)
	mux.HandleFunc(RouteConversationsCreate, d.handleConversationsCreate)
	mux.HandleFunc(RouteConversationsGet, d.handleConversationsGetQuery)
	mux.HandleFunc(RouteConversationsUpdate, d.handleConversationsUpdate)
	mux.HandleFunc(RouteConversationsDelete, d.handleConversationsDelete)
	mux.HandleFunc(RouteTimelineEntriesCreate, d.withBody(d.timelineEntriesCreate))
	mux.HandleFunc(RouteDevUsersList, d.handleDevUsersListQuery)
	mux.HandleFunc(RouteDevUsersListPost, d.handleDevUsersListPost)
	mux.HandleFunc(RouteDevUsersGet, d.handleDevUsersGetQuery)
	mux.HandleFunc(RouteDevUsersGetPost, d.handleDevUsersGetPost)
	mux.HandleFunc(RouteDevUsersSelf, d.handleDevUsersSelfQuery)
	mux.HandleFunc(RouteDevUsersSelfPost, d.handleDevUsersSelfPost)
	mux.HandleFunc(RouteSchemasCustomList, d.handleSchemasCustomListGet)
	mux.HandleFunc(RouteSchemasCustomListPost, d.handleSchemasCustomListPost)
}

// Authenticate accepts the fixtures' token, with or without the Bearer
// scheme, as DevRev does; anything else is DevRev's 401.
func (d *Fake) Authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	token, hasBearer := strings.CutPrefix(auth, "Bearer ")
	if !hasBearer {
		token = auth
	}
	// The token is set once, by New: no lock needed.
	if token == "" || token != d.token {
		writeError(w, http.StatusUnauthorized, "unauthenticated", "The request is not authenticated: a valid bearer token is required.")
		return "", false
	}
	return token, true
}

// WriteFault answers an injected fault as DevRev would: a 429 with its wait
// in the Retry-After header and the body's retry_after (unless the fault says
// otherwise), a 503 as service_unavailable, a 500 as internal_error with a
// reference id, any other status with a message only.
func (d *Fake) WriteFault(w http.ResponseWriter, f mockapi.ScriptedFault) {
	if f.Status == http.StatusTooManyRequests {
		body := map[string]any{"type": "too_many_requests", "message": "Rate limit exceeded."}
		if secs := f.RetryAfter(w, "both"); secs > 0 {
			body["retry_after"] = secs
		}
		mockapi.WriteJSON(w, f.Status, body)
		return
	}
	switch f.Status {
	case http.StatusServiceUnavailable:
		writeError(w, f.Status, "service_unavailable", f.Message())
	case http.StatusInternalServerError:
		mockapi.WriteJSON(w, f.Status, map[string]any{"type": "internal_error", "message": f.Message(), "reference_id": "ref-injected-fault"})
	default:
		mockapi.WriteJSON(w, f.Status, map[string]any{"message": f.Message()})
	}
}

// State is the DevRev part of GET /__mock/state.
type State struct {
	Chats         []map[string]any `json:"chats"`
	Conversations []map[string]any `json:"conversations"`
	// TimelineEntries are the comments posted with timeline-entries.create.
	TimelineEntries []map[string]any `json:"timeline_entries"`
	// CustomSchemaFragments are what schemas.custom.list lists.
	CustomSchemaFragments []map[string]any `json:"custom_schema_fragments"`
}

// State returns every stored object, as the API returns it, with what the
// API keeps but never returns (see devrevChatsSnapshot and
// devrevConversationsSnapshot).
func (d *Fake) State() State {
	d.mu.Lock()
	defer d.mu.Unlock()
	return State{
		Chats:           d.devrevChatsSnapshot(),
		Conversations:   d.devrevConversationsSnapshot(),
		TimelineEntries: d.devrevTimelineEntriesSnapshot(),

		CustomSchemaFragments: d.customSchemaFragmentsSnapshot(),
	}
}

// Snapshot is State, for mockapi.Platform.
func (d *Fake) Snapshot() any { return d.State() }

// DeleteOutOfBand removes a chat or a conversation by id or display id
// behind the client's back: DELETE /__mock/devrev/chats/ID and
// /__mock/devrev/conversations/ID.
func (d *Fake) DeleteOutOfBand(collection, id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch collection {
	case "chats":
		return d.deleteDevRevChat(id)
	case "conversations":
		return d.deleteDevRevConversation(id)
	}
	return false
}

// writeError writes DevRev's error body: {"type", "message"}.
func writeError(w http.ResponseWriter, status int, typ, message string) {
	mockapi.WriteJSON(w, status, map[string]any{"type": typ, "message": message})
}

// userDON is the DON id of dev user n.
func userDON(n int) string { return fmt.Sprintf("%s:devu/%d", demoDevRevOrg, n) }

// userDisplayID is the display id of dev user n.
func userDisplayID(n int) string { return fmt.Sprintf("DEVU-%d", n) }

// userNumber resolves a dev user given as DON id or display id.
func (d *Fake) userNumber(ref string) (int, bool) {
	n, ok := refNumber(ref, demoDevRevOrg+":devu", "DEVU")
	if !ok {
		return 0, false
	}
	_, ok = d.users[n]
	return n, ok
}

// refNumber parses the number N of an object given as DON id (don + "/N") or
// display id (display + "-N", in any case). ok is false for anything else,
// and for a number that is not written plainly (0, "01", "+1").
func refNumber(ref, don, display string) (int, bool) {
	var num string
	switch {
	case strings.HasPrefix(ref, don+"/"):
		num = ref[len(don)+1:]
	case len(ref) > len(display)+1 && strings.EqualFold(ref[:len(display)+1], display+"-"):
		num = ref[len(display)+1:]
	default:
		return 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || strconv.Itoa(n) != num {
		return 0, false
	}
	return n, true
}

// userSummary is the spec's dev-user-summary of user n.
func (d *Fake) userSummary(n int) map[string]any {
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
	mockapi.WriteJSON(w, http.StatusBadRequest, map[string]any(e))
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
