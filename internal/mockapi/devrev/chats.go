package devrev

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// DevRev limits of a DM, from the spec's chats-create-request-dm.
const (
	devrevChatMaxUsers   = 16
	devrevChatMaxRecords = 16
)

// devrevChat is one stored DM.
type devrevChat struct {
	number    int
	title     *string
	users     []int // dev user numbers, in the order first given, no duplicates
	records   []string
	isDefault bool
	// customFields keep each value as sent, so numbers keep their precision.
	customFields map[string]json.RawMessage
	groups       []string
	createdBy    int
	modifiedBy   int
	created      time.Time
	modified     time.Time
}

// devrevChatStore holds DevRev chats (DMs). Guarded by Fake.mu.
type devrevChatStore struct {
	next  int
	chats map[int]*devrevChat
}

func newDevRevChatStore() *devrevChatStore {
	return &devrevChatStore{next: 1, chats: map[int]*devrevChat{}}
}

// devrevChatDON is the DON id of DM n.
func devrevChatDON(n int) string { return fmt.Sprintf("%s:dm/%d", demoDevRevCoreOrg, n) }

// devrevChatDisplayID is the display id of DM n.
func devrevChatDisplayID(n int) string { return fmt.Sprintf("DM-%d", n) }

// devrevChatNumber parses a DM id given as DON id or display id. ok is false when
// ref has neither form.
func devrevChatNumber(ref string) (n int, ok bool) {
	return refNumber(ref, demoDevRevCoreOrg+":dm", "DM")
}

func (st *devrevChatStore) find(ref string) *devrevChat {
	n, ok := devrevChatNumber(ref)
	if !ok {
		return nil
	}
	return st.chats[n]
}

// defaultFor returns the default DM of exactly the given users (as a set),
// other than the chat numbered except.
func (st *devrevChatStore) defaultFor(users []int, except int) *devrevChat {
	for _, n := range st.sortedNumbers() {
		c := st.chats[n]
		if c.isDefault && n != except && chatSameUserSet(c.users, users) {
			return c
		}
	}
	return nil
}

func (st *devrevChatStore) sortedNumbers() []int {
	return slices.Sorted(maps.Keys(st.chats))
}

func chatSameUserSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// devrevChatsSnapshot returns every chat for GET /__mock/state, oldest
// first: the API form plus what the fake keeps but DevRev never returns
// (records, is_default, custom_fields), so tests can look behind the API;
// d.mu is held.
func (d *Fake) devrevChatsSnapshot() []map[string]any {
	st := d.chats
	out := make([]map[string]any, 0, len(st.chats))
	for _, n := range st.sortedNumbers() {
		c := st.chats[n]
		m := d.devrevChatJSON(c)
		m["records"] = append([]string{}, c.records...)
		m["is_default"] = c.isDefault
		if len(c.customFields) > 0 {
			cf := make(map[string]json.RawMessage, len(c.customFields))
			for k, v := range c.customFields {
				cf[k] = v
			}
			m["custom_fields"] = cf
		}
		out = append(out, m)
	}
	return out
}

// deleteDevRevChat removes a chat by DON id or display id; d.mu is held.
func (d *Fake) deleteDevRevChat(id string) bool {
	st := d.chats
	c := st.find(id)
	if c == nil {
		return false
	}
	delete(st.chats, c.number)
	d.forgetTimeline(devrevChatDON(c.number))
	return true
}

// devrevChatJSON is the API's chat object: the beta spec's `chat` (its
// `type`) with exactly the fields of its `dm` member. DevRev keeps records,
// is_default and custom fields but the spec does not return them, so
// neither does the fake. sync_metadata is left out: the fake syncs nothing.
// d.mu is held.
func (d *Fake) devrevChatJSON(c *devrevChat) map[string]any {
	users := make([]map[string]any, 0, len(c.users))
	for _, u := range c.users {
		users = append(users, d.userSummary(u))
	}
	groups := make([]map[string]any, 0, len(c.groups))
	for _, g := range c.groups {
		groups = append(groups, map[string]any{"id": g})
	}
	m := map[string]any{
		"type":          "dm",
		"id":            devrevChatDON(c.number),
		"display_id":    devrevChatDisplayID(c.number),
		"users":         users,
		"groups":        groups,
		"created_by":    d.userSummary(c.createdBy),
		"created_date":  timestamp(c.created),
		"modified_by":   d.userSummary(c.modifiedBy),
		"modified_date": timestamp(c.modified),
	}
	if c.title != nil {
		m["title"] = *c.title
	}
	return m
}

// chatBody is a request body read field by field, so that each field's JSON
// type can be checked and reported as DevRev does.
type chatBody map[string]json.RawMessage

// chatJSONKind names a JSON value's type as the spec's
// error-bad-request-unexpected-json-type-type does.
func chatJSONKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "null"
	}
	switch t[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func chatWrongType(field, expected string, raw json.RawMessage) badRequest {
	actual := chatJSONKind(raw)
	return badRequest{
		"type": "unexpected_json_type", "field_name": field, "expected": expected, "actual": actual,
		"message": fmt.Sprintf("Field '%s' must be of type %s, got %s.", field, expected, actual),
	}
}

// present reports whether the field was sent with a non-null value.
func (b chatBody) present(field string) bool {
	raw, ok := b[field]
	return ok && chatJSONKind(raw) != "null"
}

// chatField reads field as a T: nil when it is absent or null, and when it
// is not a T the 400 unexpected_json_type, which names kind as the type
// expected.
func chatField[T any](b chatBody, field, kind string) (*T, badRequest) {
	if !b.present(field) {
		return nil, nil
	}
	var v T
	if json.Unmarshal(b[field], &v) != nil {
		return nil, chatWrongType(field, kind, b[field])
	}
	return &v, nil
}

func (b chatBody) str(field string) (*string, badRequest) {
	return chatField[string](b, field, "string")
}

func (b chatBody) boolean(field string) (*bool, badRequest) {
	return chatField[bool](b, field, "bool")
}

// enum reads an optional string field that must be one of allowed; absent
// or null, it is def.
func (b chatBody) enum(field string, allowed []string, def string) (string, badRequest) {
	v, bad := b.str(field)
	if bad != nil || v == nil {
		return def, bad
	}
	if !slices.Contains(allowed, *v) {
		return "", invalidEnum(field, *v, allowed)
	}
	return *v, nil
}

func (b chatBody) strings(field string) ([]string, badRequest) {
	return chatStringList(field, b[field])
}

func chatStringList(field string, raw json.RawMessage) ([]string, badRequest) {
	if chatJSONKind(raw) != "array" {
		return nil, chatWrongType(field, "array", raw)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, chatWrongType(field, "array", raw)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		var v string
		if json.Unmarshal(it, &v) != nil {
			return nil, chatWrongType(field, "string", it)
		}
		out = append(out, v)
	}
	return out, nil
}

// object returns the field as an object of raw values.
func (b chatBody) object(field string) (map[string]json.RawMessage, badRequest) {
	if !b.present(field) {
		return nil, nil
	}
	if chatJSONKind(b[field]) != "object" {
		return nil, chatWrongType(field, "object", b[field])
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b[field], &m); err != nil {
		return nil, chatWrongType(field, "object", b[field])
	}
	return m, nil
}

// chatType checks the request's type discriminator: required, and "dm".
func (b chatBody) chatType(required bool) badRequest {
	if !b.present("type") {
		if required {
			return missingField("type")
		}
		return nil
	}
	t, bad := b.str("type")
	if bad != nil {
		return bad
	}
	if *t != "dm" {
		return badRequest{
			"type": "invalid_enum_value", "field_name": "type", "value": *t, "allowed_values": []string{"dm"},
			"message": fmt.Sprintf("Chat type '%s' is not supported: only 'dm' chats can be created or changed.", *t),
		}
	}
	return nil
}

// chatUsers resolves the users of a DM: 1-16, each a known dev user as DON id
// or display id, the authenticated user among them. Duplicates collapse.
func (d *Fake) chatUsers(field string, refs []string) ([]int, badRequest) {
	if len(refs) < 1 || len(refs) > devrevChatMaxUsers {
		return nil, invalidField(field, "A DM has 1 to %d users; got %d.", devrevChatMaxUsers, len(refs))
	}
	users := make([]int, 0, len(refs))
	for _, ref := range refs {
		n, ok := d.userNumber(ref)
		if !ok {
			return nil, newBadRequest("invalid_id", field, fmt.Sprintf("'%s' is not the id of a dev user.", ref))
		}
		if !slices.Contains(users, n) {
			users = append(users, n)
		}
	}
	if !slices.Contains(users, d.authUser) {
		return nil, invalidField(field, "The authenticated user (%s) must be included in the DM's users.", userDisplayID(d.authUser))
	}
	return users, nil
}

func chatRecords(field string, refs []string) ([]string, badRequest) {
	if len(refs) > devrevChatMaxRecords {
		return nil, invalidField(field, "A DM has at most %d records; got %d.", devrevChatMaxRecords, len(refs))
	}
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		if strings.TrimSpace(r) == "" {
			return nil, newBadRequest("invalid_id", field, "A record id must not be empty.")
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// checkCustomSchemaSpec validates the custom-schema-spec object's field types.
func (b chatBody) checkCustomSchemaSpec() badRequest {
	spec, bad := b.object("custom_schema_spec")
	if bad != nil || spec == nil {
		return bad
	}
	sb := chatBody(spec)
	if sb.present("apps") {
		if _, bad := chatStringList("custom_schema_spec.apps", sb["apps"]); bad != nil {
			return bad
		}
	}
	if v, bad := sb.str("subtype"); bad != nil {
		bad["field_name"] = "custom_schema_spec.subtype"
		return bad
	} else if v != nil && *v == "" {
		return invalidField("custom_schema_spec.subtype", "%s", "The subtype must not be empty.")
	}
	for _, f := range []string{"tenant_fragment", "validate_required_fields"} {
		if _, bad := sb.boolean(f); bad != nil {
			bad["field_name"] = "custom_schema_spec." + f
			return bad
		}
	}
	return nil
}

// titleAndCustomFields reads the fields create and update share: title,
// custom_fields and the custom_schema_spec that qualifies them.
func (b chatBody) titleAndCustomFields() (*string, map[string]json.RawMessage, badRequest) {
	title, bad := b.str("title")
	if bad != nil {
		return nil, nil, bad
	}
	custom, bad := b.object("custom_fields")
	if bad != nil {
		return nil, nil, bad
	}
	if bad := b.checkCustomSchemaSpec(); bad != nil {
		return nil, nil, bad
	}
	if bad := b.checkCustomFieldsHaveSchemas(custom); bad != nil {
		return nil, nil, bad
	}
	return title, custom, nil
}

// checkCustomFieldsHaveSchemas applies the spec's rule that each custom field
// in a request must have its schema named in custom_schema_spec, omission
// being a Bad Request. DevRev's customization docs name fields by the schema
// fragment that defines them: tnt__<name> (tenant fragment), ctype__<name>
// (the subtype's fragment) and, for app fragments, <app>__<name>. The fake
// holds no schemas, so it does the least generous thing it can check: the
// spec must name each field's fragment, and a field of no fragment is
// refused. A field set to null (removed) needs its schema too: the rule
// does not except it.
func (b chatBody) checkCustomFieldsHaveSchemas(custom map[string]json.RawMessage) badRequest {
	if len(custom) == 0 {
		return nil
	}
	spec, _ := b.object("custom_schema_spec")
	if spec == nil {
		return badRequest{"type": "bad_request", "message": "custom_fields were given without custom_schema_spec: " +
			"each custom field must have its schema specified."}
	}
	sb := chatBody(spec)
	tenant, _ := sb.boolean("tenant_fragment")
	subtype, _ := sb.str("subtype")
	var apps []string
	if sb.present("apps") {
		apps, _ = chatStringList("custom_schema_spec.apps", sb["apps"])
	}
	for _, k := range slices.Sorted(maps.Keys(custom)) {
		prefix, name, ok := strings.Cut(k, "__")
		var missing string
		switch {
		case !ok || prefix == "" || name == "":
			missing = "no schema fragment defines it (custom fields are named tnt__<name>, ctype__<name> or <app>__<name>)"
		case prefix == "tnt":
			if tenant == nil || !*tenant {
				missing = "its schema is the tenant fragment, and custom_schema_spec.tenant_fragment is not true"
			}
		case prefix == "ctype":
			if subtype == nil || *subtype == "" {
				missing = "its schema is the subtype's fragment, and custom_schema_spec.subtype is not set"
			}
		default:
			if !slices.Contains(apps, prefix) {
				missing = fmt.Sprintf("its schema is app %q's fragment, and custom_schema_spec.apps does not list it", prefix)
			}
		}
		if missing != "" {
			return badRequest{"type": "bad_request", "message": fmt.Sprintf("Custom field '%s' has no schema specified: %s.", k, missing)}
		}
	}
	return nil
}

// withBody is a handler that reads the request body field by field and
// answers it under d.mu; a body that is not a JSON object is DevRev's 400.
func (d *Fake) withBody(answer func(w http.ResponseWriter, b chatBody)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, ok := decodeDevRev[chatBody](w, r)
		if !ok {
			return
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		answer(w, b)
	}
}

// chatFields are the fields chats.create and chats.update share, read and
// validated the same way; users and records are nil when not given.
type chatFields struct {
	users   []int
	records []string
	title   *string
	custom  map[string]json.RawMessage
}

// chatIDList reads a list of ids: in a create a plain list, in an update the
// {"set": [...]} the spec wraps it in, named field.set in errors.
func chatIDList(b chatBody, field string, update bool) ([]string, string, badRequest) {
	if update {
		set, bad := chatSetOf(b, field)
		return set, field + ".set", bad
	}
	refs, bad := b.strings(field)
	return refs, field, bad
}

// chatUsersOf reads and resolves the users of a DM: required unless in an
// update.
func (d *Fake) chatUsersOf(b chatBody, update bool) ([]int, badRequest) {
	if !b.present("users") {
		if update {
			return nil, nil
		}
		return nil, missingField("users")
	}
	refs, field, bad := chatIDList(b, "users", update)
	if bad != nil {
		return nil, bad
	}
	return d.chatUsers(field, refs)
}

// chatFieldsOf reads users, records, title and custom fields, in that order,
// from a chats.create (update false) or chats.update request.
func (d *Fake) chatFieldsOf(b chatBody, update bool) (chatFields, badRequest) {
	var f chatFields
	var bad badRequest
	if f.users, bad = d.chatUsersOf(b, update); bad != nil {
		return f, bad
	}
	if b.present("records") {
		refs, field, bad := chatIDList(b, "records", update)
		if bad == nil {
			f.records, bad = chatRecords(field, refs)
		}
		if bad != nil {
			return f, bad
		}
	}
	f.title, f.custom, bad = b.titleAndCustomFields()
	return f, bad
}

// chatsCreate is chats.create; d.mu is held.
func (d *Fake) chatsCreate(w http.ResponseWriter, b chatBody) {
	bad := b.chatType(true)
	var f chatFields
	if bad == nil {
		f, bad = d.chatFieldsOf(b, false)
	}
	var isDefault, getIfConflict *bool
	if bad == nil {
		isDefault, bad = b.boolean("is_default")
	}
	if bad == nil {
		getIfConflict, bad = b.boolean("get_if_conflict")
	}
	if bad != nil {
		bad.write(w)
		return
	}

	def := isDefault == nil || *isDefault
	if def {
		if existing := d.chats.defaultFor(f.users, 0); existing != nil {
			if getIfConflict != nil && *getIfConflict {
				mockapi.WriteJSON(w, http.StatusCreated, map[string]any{"chat": d.devrevChatJSON(existing)})
				return
			}
			writeDefaultDMConflict(w, existing)
			return
		}
	}

	now := d.now()
	c := &devrevChat{
		number:       d.chats.next,
		title:        f.title,
		users:        f.users,
		records:      f.records,
		isDefault:    def,
		customFields: chatWithoutNulls(f.custom),
		createdBy:    d.authUser,
		modifiedBy:   d.authUser,
		created:      now,
		modified:     now,
	}
	d.chats.next++
	d.chats.chats[c.number] = c
	mockapi.WriteJSON(w, http.StatusCreated, map[string]any{"chat": d.devrevChatJSON(c)})
}

// writeDefaultDMConflict answers the 409 of a users set whose default DM
// already exists.
func writeDefaultDMConflict(w http.ResponseWriter, existing *devrevChat) {
	writeError(w, http.StatusConflict, "conflict", fmt.Sprintf("A default DM already exists for these users: %s.", devrevChatDisplayID(existing.number)))
}

func chatWithoutNulls(m map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range m {
		if chatJSONKind(v) != "null" {
			out[k] = v
		}
	}
	return out
}

func (d *Fake) handleDevRevChatsGet(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	d.mu.Lock()
	defer d.mu.Unlock()
	if id == "" {
		missingField("id").write(w)
		return
	}
	if c := d.findChat(w, id); c != nil {
		mockapi.WriteJSON(w, http.StatusOK, map[string]any{"chat": d.devrevChatJSON(c)})
	}
}

// findChat returns the chat of an id, or answers 400 for what is not a chat
// id and 404 for a chat that does not exist, and returns nil; d.mu is held.
func (d *Fake) findChat(w http.ResponseWriter, id string) *devrevChat {
	if _, ok := devrevChatNumber(id); !ok {
		newBadRequest("invalid_id", "id", fmt.Sprintf("'%s' is not a chat id.", id)).write(w)
		return nil
	}
	c := d.chats.find(id)
	if c == nil {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("Chat '%s' was not found.", id))
	}
	return c
}

// chatsGetPost is chats.get as a POST: by id, or the default DM of a set of
// users; d.mu is held.
func (d *Fake) chatsGetPost(w http.ResponseWriter, b chatBody) {
	if bad := b.chatType(false); bad != nil {
		bad.write(w)
		return
	}
	var c *devrevChat
	switch {
	case b.present("id"):
		id, bad := b.str("id")
		if bad != nil {
			bad.write(w)
			return
		}
		if c = d.findChat(w, *id); c == nil {
			return
		}
	case !b.present("type"):
		missingField("id").write(w)
		return
	default:
		// The DM variant finds the default DM of a set of users.
		users, bad := d.chatUsersOf(b, false)
		if bad != nil {
			bad.write(w)
			return
		}
		if c = d.chats.defaultFor(users, 0); c == nil {
			writeError(w, http.StatusNotFound, "not_found", "No default DM exists for these users.")
			return
		}
	}
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"chat": d.devrevChatJSON(c)})
}

// chatsUpdate is chats.update; d.mu is held.
func (d *Fake) chatsUpdate(w http.ResponseWriter, b chatBody) {
	if !b.present("id") {
		missingField("id").write(w)
		return
	}
	id, bad := b.str("id")
	if bad == nil {
		// users and records belong to the DM variant of the request.
		bad = b.chatType(b.present("users") || b.present("records"))
	}
	if bad != nil {
		bad.write(w)
		return
	}
	c := d.findChat(w, *id)
	if c == nil {
		return
	}
	f, bad := d.chatFieldsOf(b, true)
	if bad != nil {
		bad.write(w)
		return
	}
	if f.users != nil && c.isDefault {
		if other := d.chats.defaultFor(f.users, c.number); other != nil {
			writeDefaultDMConflict(w, other)
			return
		}
	}

	if f.users != nil {
		c.users = f.users
	}
	if b.present("records") {
		c.records = f.records
	}
	if f.title != nil {
		// An empty title clears it.
		c.title = f.title
		if *f.title == "" {
			c.title = nil
		}
	}
	// Custom fields merge: a key set to null is removed.
	for k, v := range f.custom {
		if chatJSONKind(v) == "null" {
			delete(c.customFields, k)
		} else {
			if c.customFields == nil {
				c.customFields = map[string]json.RawMessage{}
			}
			c.customFields[k] = v
		}
	}
	c.modified = d.now()
	c.modifiedBy = d.authUser
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"chat": d.devrevChatJSON(c)})
}

// chatSetOf reads {"set": [...]} from an update field.
func chatSetOf(b chatBody, field string) ([]string, badRequest) {
	obj, bad := b.object(field)
	if bad != nil {
		return nil, bad
	}
	raw, ok := obj["set"]
	if !ok || chatJSONKind(raw) == "null" {
		return nil, missingField(field + ".set")
	}
	return chatStringList(field+".set", raw)
}

// inChatsScope serves a chats.* handler in the ReadingChatsScope reading:
// under "beta", a request without X-Devrev-Scope: beta gets the public API's
// chat object, {"type": "dm"}, in place of the DM of a successful answer
// (what it did to the store stands). Errors are answered as they are.
func (d *Fake) inChatsScope(handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if d.Reading(ReadingChatsScope) != "beta" || strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Devrev-Scope")), "beta") {
			handler(w, r)
			return
		}
		answer := &bufferedAnswer{header: http.Header{}, status: http.StatusOK}
		handler(answer, r)
		if answer.status < 200 || answer.status > 299 {
			maps.Copy(w.Header(), answer.header)
			w.WriteHeader(answer.status)
			_, _ = w.Write(answer.body.Bytes())
			return
		}
		mockapi.WriteJSON(w, answer.status, map[string]any{"chat": map[string]any{"type": "dm"}})
	}
}

// bufferedAnswer keeps an answer for inChatsScope to look at.
type bufferedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *bufferedAnswer) Header() http.Header         { return a.header }
func (a *bufferedAnswer) Write(p []byte) (int, error) { return a.body.Write(p) }
func (a *bufferedAnswer) WriteHeader(status int)      { a.status = status }
