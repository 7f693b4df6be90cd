package devrev

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// wireSetTag is the spec's set-tag-with-value (and add-tag-with-value).
type wireSetTag struct {
	ID    *string `json:"id"`
	Value *string `json:"value"`
}

// wireIDSet is the spec's {"set": [...]} update of a list.
type wireIDSet struct {
	Set *[]string `json:"set"`
}

// wireUpdateRequest is the spec's conversations-update-request as received.
type wireUpdateRequest struct {
	wireConversationText
	ID               *string                    `json:"id"`
	AppliesToParts   *wireIDSet                 `json:"applies_to_parts"`
	Brand            *string                    `json:"brand"`
	Channels         *wireIDSet                 `json:"channels"`
	CustomFields     map[string]json.RawMessage `json:"custom_fields"`
	CustomSchemaSpec map[string]any             `json:"custom_schema_spec"`
	Group            *string                    `json:"group"`
	IsFrozen         *bool                      `json:"is_frozen"`
	Members          *wireIDSet                 `json:"members"`
	OwnedBy          *wireIDSet                 `json:"owned_by"`
	SourceChannelV2  *string                    `json:"source_channel_v2"`
	Stage            *struct {
		Name *string `json:"name"`
	} `json:"stage"`
	Status *string `json:"status"`
	Tags   *struct {
		Add    []wireSetTag `json:"add"`
		Remove []struct {
			ID *string `json:"id"`
		} `json:"remove"`
		Set *[]wireSetTag `json:"set"`
	} `json:"tags"`
}

func (r wireUpdateRequest) objectID() *string { return r.ID }

// wireDeleteRequest is the spec's conversations-delete-request.
type wireDeleteRequest struct {
	ID *string `json:"id"`
}

func (r wireDeleteRequest) objectID() *string { return r.ID }

// decodeObjectRequest is decodeDevRev for a request about one object,
// named by its id: one without the id is answered with the 400
// missing_required_field, and ok is false.
func decodeObjectRequest[T interface{ objectID() *string }](w http.ResponseWriter, r *http.Request) (req T, ok bool) {
	req, ok = decodeDevRev[T](w, r)
	if ok && req.objectID() == nil {
		missingField("id").write(w)
		return req, false
	}
	return req, ok
}

func invalidID(field, ref string) badRequest {
	return newBadRequest("invalid_id", field, fmt.Sprintf("%q is not a valid id for %s.", ref, field))
}

// convUsers resolves dev users given as DON ids or display ids, once each.
func (d *Fake) convUsers(field string, refs []string) ([]int, badRequest) {
	return resolveRefs(field, refs, d.userNumber)
}

// convRefs resolves catalogue ids or display ids, once each.
func convRefs(field string, cat catalog, vals []string) ([]int, badRequest) {
	return resolveRefs(field, vals, cat.lookup)
}

// resolveRefs resolves ids or display ids with lookup, once each.
func resolveRefs(field string, refs []string, lookup func(string) (int, bool)) ([]int, badRequest) {
	var out []int
	for _, ref := range refs {
		n, ok := lookup(ref)
		if !ok {
			return nil, invalidID(field, ref)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// convRef resolves one optional catalogue reference; 0 when v is nil.
func convRef(field string, cat catalog, v *string) (int, badRequest) {
	if v == nil {
		return 0, nil
	}
	ns, bad := convRefs(field, cat, []string{*v})
	if bad != nil {
		return 0, bad
	}
	return ns[0], nil
}

// convTagsOf reads set-tag-with-value entries; a tag named twice is refused,
// as the spec leaves unsaid which value would win.
func convTagsOf(field string, tags []wireSetTag) ([]storedTag, badRequest) {
	var out []storedTag
	for _, t := range tags {
		if t.ID == nil {
			return nil, missingField(field + ".id")
		}
		n, ok := convTags.lookup(*t.ID)
		if !ok {
			return nil, invalidID(field+".id", *t.ID)
		}
		if slices.ContainsFunc(out, func(s storedTag) bool { return s.tag == n }) {
			return nil, invalidField(field, "Tag %s is given twice.", *t.ID)
		}
		value := ""
		if t.Value != nil {
			value = *t.Value
		}
		if msg := tagValueProblem(convTags.item(n), value); msg != "" {
			return nil, newBadRequest("value_not_permitted", field+".value", msg+".")
		}
		out = append(out, storedTag{tag: n, value: value})
	}
	return out, nil
}

// convCustomFields applies the spec's rule that each custom field needs its
// schema named in custom_schema_spec: custom fields without one are a 400. The
// fake knows no schemas, so any spec names them all.
func convCustomFields(fields map[string]json.RawMessage, spec map[string]any) (map[string]json.RawMessage, badRequest) {
	if len(fields) == 0 {
		return nil, nil
	}
	if spec == nil {
		return nil, newBadRequest("bad_request", "", "custom_fields need a custom_schema_spec naming their schemas.")
	}
	if st, ok := spec["subtype"].(string); ok && strings.TrimSpace(st) == "" {
		return nil, invalidField("custom_schema_spec.subtype", "The subtype must not be empty.")
	}
	out := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		if string(v) != "null" {
			out[k] = v
		}
	}
	return out, nil
}

// conversationStates are the states a conversation's status may be set to.
var conversationStates = []string{"open", "in_progress", "closed"}

func (d *Fake) handleConversationsUpdate(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeObjectRequest[wireUpdateRequest](w, r)
	if !ok {
		return
	}
	d.mu.Lock()
	out, status, bad := d.updateConversation(&req)
	d.mu.Unlock()
	switch {
	case status == http.StatusNotFound:
		writeConversationNotFound(w, *req.ID)
	case bad != nil:
		bad.write(w)
	default:
		mockapi.WriteJSON(w, http.StatusOK, map[string]any{"conversation": out})
	}
}

// updateConversation validates the whole request before changing anything,
// so a refused update leaves the conversation as it was. d.mu is held.
func (d *Fake) updateConversation(req *wireUpdateRequest) (apiConversation, int, badRequest) {
	n, ok := conversationNumber(*req.ID)
	c := d.conversations.byNum[n]
	if !ok || c == nil {
		return apiConversation{}, http.StatusNotFound, nil
	}
	next := *c
	var bad badRequest
	setOf := func(field string, set *wireIDSet, resolve func(string, []string) ([]int, badRequest), dst *[]int) {
		if bad != nil || set == nil {
			return
		}
		if set.Set == nil {
			bad = missingField(field + ".set")
			return
		}
		*dst, bad = resolve(field+".set", *set.Set)
	}
	setOf("members", req.Members, d.convUsers, &next.members)
	setOf("owned_by", req.OwnedBy, d.convUsers, &next.ownedBy)
	setOf("channels", req.Channels, func(f string, v []string) ([]int, badRequest) { return convRefs(f, convChannels, v) }, &next.channels)
	setOf("applies_to_parts", req.AppliesToParts, func(f string, v []string) ([]int, badRequest) { return convRefs(f, convParts, v) }, &next.parts)
	if bad == nil && req.Members != nil && len(next.members) == 0 {
		// The spec's conversation requires members; an update cannot leave none.
		bad = invalidField("members.set", "A conversation needs at least one member.")
	}
	one := func(field string, cat catalog, v *string, dst *int) {
		if bad == nil && v != nil {
			*dst, bad = convRef(field, cat, v)
		}
	}
	one("group", convGroups, req.Group, &next.group)
	one("brand", convBrands, req.Brand, &next.brand)
	one("source_channel_v2", convChannels, req.SourceChannelV2, &next.sourceChannelV2)
	if bad == nil && req.Stage != nil && req.Stage.Name != nil {
		state, known := convStageStates[*req.Stage.Name]
		if !known {
			bad = invalidField("stage.name", "There is no conversation stage named %q.", *req.Stage.Name)
		} else {
			next.stage, next.state = *req.Stage.Name, state
		}
	}
	if bad == nil && req.Status != nil {
		if !slices.Contains(conversationStates, *req.Status) {
			bad = invalidEnum("status", *req.Status, conversationStates)
		} else {
			next.state = *req.Status
		}
	}
	if bad == nil && req.Tags != nil {
		next.tags, bad = updateTags(c.tags, req)
	}
	if bad == nil && (len(req.CustomFields) > 0 || req.CustomSchemaSpec != nil) {
		var fields map[string]json.RawMessage
		if fields, bad = convCustomFields(req.CustomFields, req.CustomSchemaSpec); bad == nil {
			merged := make(map[string]json.RawMessage, len(c.customFields)+len(fields))
			for k, v := range c.customFields {
				merged[k] = v
			}
			for k := range req.CustomFields {
				delete(merged, k)
			}
			for k, v := range fields {
				merged[k] = v
			}
			next.customFields = merged
		}
	}
	if bad != nil {
		return apiConversation{}, http.StatusBadRequest, bad
	}
	req.applyTo(&next)
	if req.IsFrozen != nil {
		next.isFrozen = *req.IsFrozen
	}
	now := d.now().UTC()
	switch {
	case next.state == "closed" && c.state != "closed":
		next.actualClose = now
	case next.state != "closed":
		next.actualClose = time.Time{}
	}
	next.modified = now
	*c = next
	return d.renderConversation(c), http.StatusOK, nil
}

// updateTags applies tags.set, or tags.remove then tags.add.
func updateTags(current []storedTag, req *wireUpdateRequest) ([]storedTag, badRequest) {
	t := req.Tags
	if t.Set != nil {
		if len(t.Add) > 0 || len(t.Remove) > 0 {
			return nil, invalidField("tags", "tags.set cannot be combined with tags.add or tags.remove.")
		}
		tags, bad := convTagsOf("tags.set", *t.Set)
		if tags == nil && bad == nil {
			tags = []storedTag{}
		}
		return tags, bad
	}
	out := slices.Clone(current)
	for _, r := range t.Remove {
		if r.ID == nil {
			return nil, missingField("tags.remove.id")
		}
		n, ok := convTags.lookup(*r.ID)
		if !ok {
			return nil, invalidID("tags.remove.id", *r.ID)
		}
		out = slices.DeleteFunc(out, func(s storedTag) bool { return s.tag == n })
	}
	added, bad := convTagsOf("tags.add", t.Add)
	if bad != nil {
		return nil, bad
	}
	for _, a := range added {
		out = slices.DeleteFunc(out, func(s storedTag) bool { return s.tag == a.tag })
		out = append(out, a)
	}
	return out, nil
}

func (d *Fake) handleConversationsDelete(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeObjectRequest[wireDeleteRequest](w, r)
	if !ok {
		return
	}
	d.mu.Lock()
	ok = d.deleteDevRevConversation(*req.ID)
	d.mu.Unlock()
	if !ok {
		writeConversationNotFound(w, *req.ID)
		return
	}
	// The spec's conversations-delete-response is an object with no properties.
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{})
}

// deleteDevRevConversation removes a conversation by id or display id. Cursors
// name conversation numbers, so those already handed out stay valid. d.mu is held.
func (d *Fake) deleteDevRevConversation(id string) bool {
	st := d.conversations
	n, ok := conversationNumber(id)
	if !ok || st.byNum[n] == nil {
		return false
	}
	delete(st.byNum, n)
	st.items = slices.DeleteFunc(st.items, func(c *storedConversation) bool { return c.num == n })
	d.forgetTimeline(conversationDON(n))
	return true
}

// writeConversationNotFound answers the 404 of a conversation id that names
// none.
func writeConversationNotFound(w http.ResponseWriter, id string) {
	writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("The conversation %q does not exist.", id))
}
