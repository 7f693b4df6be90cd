package devrev

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
)

// Page sizes of conversations.list.
const (
	defaultConversationsPage = 50
	maxConversationsPage     = 100
	// maxConversationsListLog bounds the record of list calls a long-running
	// fake keeps.
	maxConversationsListLog = 100_000
)

// storedConversation is one conversation as the fake keeps it. Numbers refer
// to users (DEVU-N) and to the catalogues; 0 means none.
type storedConversation struct {
	num               int
	title             string
	description       string
	stage             string
	state             string
	ownedBy           []int
	members           []int
	tags              []storedTag
	group             int
	channels          []int
	sourceChannel     string
	sourceChannelV2   int
	brand             int
	revOrg            int
	parts             []int
	isSpam            bool
	isFrozen          bool
	isCreatorVerified bool
	slaStage          string
	slaTarget         time.Time
	createdBy         int
	created           time.Time
	modified          time.Time
	actualClose       time.Time
	urlContext        string
	// customFields are kept as sent; the spec's conversation object has no
	// custom_fields, so they are never returned.
	customFields map[string]json.RawMessage
}

type storedTag struct {
	tag   int
	value string
}

// conversationStore holds DevRev conversations. Guarded by Fake.mu.
type conversationStore struct {
	// items are sorted by number, which is also the list order: a new
	// conversation always sorts last, so cursors stay valid across inserts.
	items   []*storedConversation
	byNum   map[int]*storedConversation
	nextNum int
	listLog []ConversationsListCall
}

// ConversationsListCall records one conversations.list request the fake
// answered (faulted requests never reach it).
type ConversationsListCall struct {
	// Cursor is the request's cursor, empty for a first page.
	Cursor string
	// Mode is "after" or "before".
	Mode string
	// Limit is the page size asked for, 0 when the request gave none.
	Limit int
	// Returned is the number of conversations in the answer.
	Returned int
}

func newConversationStore(d *Fake, fx []ConversationFixture) (*conversationStore, error) {
	st := &conversationStore{byNum: map[int]*storedConversation{}, nextNum: 1}
	d.conversations = st
	for i, f := range fx {
		c, err := d.fromFixture(st.nextNum, f)
		if err != nil {
			return nil, fmt.Errorf("conversation %d: %w", i+1, err)
		}
		st.add(c)
	}
	return st, nil
}

func (st *conversationStore) add(c *storedConversation) {
	c.num = st.nextNum
	st.nextNum++
	st.items = append(st.items, c)
	st.byNum[c.num] = c
}

// ConversationsListCalls returns the conversations.list requests answered so
// far, oldest first (at most the last 100,000).
func (d *Fake) ConversationsListCalls() []ConversationsListCall {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.conversations.listLog)
}

// devrevConversationsSnapshot returns every conversation as the API renders
// it, plus "filter_fields": what conversations.list filters on that the
// conversation object does not show (brand, rev_org, applies_to_parts, state,
// is_spam, is_frozen, is_creator_verified, actual_close_date, custom_fields).
// d.mu is held.
func (d *Fake) devrevConversationsSnapshot() []map[string]any {
	out := make([]map[string]any, 0, len(d.conversations.items))
	for _, c := range d.conversations.items {
		raw, err := json.Marshal(d.renderConversation(c))
		if err != nil {
			panic(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			panic(err)
		}
		hidden := map[string]any{
			"state":               c.state,
			"is_spam":             c.isSpam,
			"is_frozen":           c.isFrozen,
			"is_creator_verified": c.isCreatorVerified,
			"applies_to_parts":    catalogIDs(convParts, c.parts),
		}
		if c.brand > 0 {
			hidden["brand"] = convBrands.item(c.brand).id
		}
		if c.revOrg > 0 {
			hidden["rev_org"] = convRevOrgs.item(c.revOrg).id
		}
		if !c.actualClose.IsZero() {
			hidden["actual_close_date"] = timestamp(c.actualClose)
		}
		if len(c.customFields) > 0 {
			hidden["custom_fields"] = c.customFields
		}
		m["filter_fields"] = hidden
		out = append(out, m)
	}
	return out
}

func catalogIDs(cat catalog, nums []int) []string {
	ids := make([]string, 0, len(nums))
	for _, n := range nums {
		ids = append(ids, cat.item(n).id)
	}
	return ids
}

// conversationDON is the id of conversation n.
func conversationDON(n int) string {
	return fmt.Sprintf("%s:conversation/%d", demoDevRevCoreOrg, n)
}

// conversationNumber resolves a conversation id or display id (CONV-N).
func conversationNumber(ref string) (int, bool) {
	return refNumber(ref, demoDevRevCoreOrg+":conversation", "CONV")
}

// The spec's conversation object, as rendered.
type (
	apiConversation struct {
		ID              string              `json:"id"`
		DisplayID       string              `json:"display_id"`
		Title           string              `json:"title,omitempty"`
		Description     string              `json:"description,omitempty"`
		Stage           *apiStage           `json:"stage,omitempty"`
		Members         []apiUser           `json:"members"`
		OwnedBy         []apiUser           `json:"owned_by"`
		Tags            []apiTagWithValue   `json:"tags"`
		Group           *apiAtomSummary     `json:"group,omitempty"`
		Channels        []apiAtomSummary    `json:"channels"`
		SourceChannel   string              `json:"source_channel,omitempty"`
		SourceChannelV2 *apiAtomSummary     `json:"source_channel_v2,omitempty"`
		SLASummary      *apiSLASummary      `json:"sla_summary,omitempty"`
		Metadata        *apiConvoMetadata   `json:"metadata,omitempty"`
		CreatedBy       *apiUser            `json:"created_by,omitempty"`
		CreatedDate     string              `json:"created_date"`
		ModifiedBy      *apiUser            `json:"modified_by,omitempty"`
		ModifiedDate    string              `json:"modified_date"`
		Messages        []map[string]string `json:"messages,omitempty"`
	}
	apiStage struct {
		Name string `json:"name"`
	}
	apiUser struct {
		Type        string `json:"type"`
		ID          string `json:"id"`
		DisplayID   string `json:"display_id"`
		DisplayName string `json:"display_name,omitempty"`
		FullName    string `json:"full_name,omitempty"`
		Email       string `json:"email,omitempty"`
		State       string `json:"state"`
	}
	apiAtomSummary struct {
		ID        string `json:"id"`
		DisplayID string `json:"display_id"`
	}
	apiTagWithValue struct {
		Tag   apiTagSummary `json:"tag"`
		Value string        `json:"value,omitempty"`
	}
	apiTagSummary struct {
		ID        string `json:"id"`
		DisplayID string `json:"display_id"`
		Name      string `json:"name"`
	}
	apiSLASummary struct {
		Stage      string `json:"stage,omitempty"`
		TargetTime string `json:"target_time,omitempty"`
	}
	apiConvoMetadata struct {
		URLContext string `json:"url_context,omitempty"`
	}
)

func (d *Fake) apiUser(n int) apiUser {
	u := d.users[n]
	return apiUser{
		Type:        "dev_user",
		ID:          userDON(n),
		DisplayID:   userDisplayID(n),
		DisplayName: u.DisplayName,
		FullName:    u.FullName,
		Email:       u.Email,
		State:       "active",
	}
}

func (d *Fake) apiUsers(nums []int) []apiUser {
	out := make([]apiUser, 0, len(nums))
	for _, n := range nums {
		out = append(out, d.apiUser(n))
	}
	return out
}

func atomSummary(cat catalog, n int) apiAtomSummary {
	it := cat.item(n)
	return apiAtomSummary{ID: it.id, DisplayID: it.displayID}
}

func (d *Fake) renderConversation(c *storedConversation) apiConversation {
	created := d.apiUser(c.createdBy)
	a := apiConversation{
		ID:            conversationDON(c.num),
		DisplayID:     fmt.Sprintf("CONV-%d", c.num),
		Title:         c.title,
		Description:   c.description,
		Stage:         &apiStage{Name: c.stage},
		Members:       d.apiUsers(c.members),
		OwnedBy:       d.apiUsers(c.ownedBy),
		Tags:          make([]apiTagWithValue, 0, len(c.tags)),
		Channels:      make([]apiAtomSummary, 0, len(c.channels)),
		SourceChannel: c.sourceChannel,
		CreatedBy:     &created,
		CreatedDate:   timestamp(c.created),
		ModifiedBy:    &created,
		ModifiedDate:  timestamp(c.modified),
	}
	for _, t := range c.tags {
		it := convTags.item(t.tag)
		a.Tags = append(a.Tags, apiTagWithValue{Tag: apiTagSummary{ID: it.id, DisplayID: it.displayID, Name: it.name}, Value: t.value})
	}
	if c.group > 0 {
		g := atomSummary(convGroups, c.group)
		a.Group = &g
	}
	for _, ch := range c.channels {
		a.Channels = append(a.Channels, atomSummary(convChannels, ch))
	}
	if c.sourceChannelV2 > 0 {
		v2 := atomSummary(convChannels, c.sourceChannelV2)
		a.SourceChannelV2 = &v2
	}
	if c.slaStage != "" {
		a.SLASummary = &apiSLASummary{Stage: c.slaStage}
		if !c.slaTarget.IsZero() {
			a.SLASummary.TargetTime = timestamp(c.slaTarget)
		}
	}
	if c.urlContext != "" {
		a.Metadata = &apiConvoMetadata{URLContext: c.urlContext}
	}
	return a
}

// --- conversations.list -----------------------------------------------------

// wireListRequest is the spec's conversations-list-request as received.
type wireListRequest struct {
	ActualCloseDate   *wireDateFilter      `json:"actual_close_date"`
	AppliesToParts    []string             `json:"applies_to_parts"`
	Brand             []string             `json:"brand"`
	Channels          []string             `json:"channels"`
	Cursor            *string              `json:"cursor"`
	Group             []string             `json:"group"`
	IsCreatorVerified *bool                `json:"is_creator_verified"`
	IsFrozen          *bool                `json:"is_frozen"`
	IsSpam            *bool                `json:"is_spam"`
	Limit             *int32               `json:"limit"`
	Members           []string             `json:"members"`
	Mode              *string              `json:"mode"`
	ModifiedDate      *wireDateTimeFilter  `json:"modified_date"`
	OwnedBy           []string             `json:"owned_by"`
	RevOrg            []string             `json:"rev_org"`
	RevOrgs           []string             `json:"rev_orgs"`
	SLASummary        *wireSLAFilter       `json:"sla_summary"`
	SourceChannel     []string             `json:"source_channel"`
	SourceChannelV2   []string             `json:"source_channel_v2"`
	SourceChannels    []string             `json:"source_channels"`
	Stage             *wireStageFilter     `json:"stage"`
	State             []string             `json:"state"`
	Tags              []string             `json:"tags"`
	TagsV2            []wireTagValueFilter `json:"tags_v2"`
}

type wireDateFilter struct {
	Type       *string `json:"type"`
	After      *string `json:"after"`
	Before     *string `json:"before"`
	PresetType *string `json:"preset_type"`
	Days       *int64  `json:"days"`
}

type wireDateTimeFilter struct {
	After  *string `json:"after"`
	Before *string `json:"before"`
}

// UnmarshalJSON refuses a key the spec's date-filter does not have, as
// DevRev refuses one: a filter with a misspelt bound would otherwise match
// everything.
func (f *wireDateFilter) UnmarshalJSON(raw []byte) error {
	type plain wireDateFilter
	return decodeStrictly(raw, (*plain)(f))
}

// UnmarshalJSON refuses a key the spec's date-time-filter does not have.
func (f *wireDateTimeFilter) UnmarshalJSON(raw []byte) error {
	type plain wireDateTimeFilter
	return decodeStrictly(raw, (*plain)(f))
}

func decodeStrictly(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

type wireSLAFilter struct {
	Stage      []string        `json:"stage"`
	TargetTime *wireDateFilter `json:"target_time"`
}

type wireStageFilter struct {
	Name []string `json:"name"`
}

type wireTagValueFilter struct {
	ID    *string `json:"id"`
	Value *string `json:"value"`
}

// timeRange is an inclusive range; a zero bound is open.
type timeRange struct{ from, to time.Time }

func (r *timeRange) contains(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	return (r.from.IsZero() || !t.Before(r.from)) && (r.to.IsZero() || !t.After(r.to))
}

// convFilter is a compiled conversations.list filter. A nil set or pointer
// does not filter; a set holds catalogue numbers (or -1 for an unknown id,
// which matches nothing).
type convFilter struct {
	actualClose, modified, slaTarget                         *timeRange
	parts, brands, channels, groups, revOrg, revOrgs, srcV2  map[int]bool
	owners, members, tags                                    map[int]bool
	creatorVerified, frozen, spam                            *bool
	sourceChannel, sourceChannels, slaStages, stages, states map[string]bool
	tagsV2                                                   []tagValueFilter
	hasTagsV2                                                bool
}

type tagValueFilter struct {
	tag   int // 0: any tag
	value *string
}

var (
	listModes       = []string{"after", "before"}
	dateFilterTypes = []string{"preset", "range"}
	datePresetTypes = []string{"last_n_days", "next_n_days"}
)

func parseFilterTime(field string, v *string) (time.Time, badRequest) {
	if v == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, *v)
	if err != nil {
		return time.Time{}, invalidField(field, "%s must be an RFC 3339 timestamp such as 2023-01-01T12:00:00.000Z, not %q.", field, *v)
	}
	return t, nil
}

func compileDateTimeFilter(field string, f *wireDateTimeFilter) (*timeRange, badRequest) {
	if f == nil {
		return nil, nil
	}
	from, bad := parseFilterTime(field+".after", f.After)
	if bad != nil {
		return nil, bad
	}
	to, bad := parseFilterTime(field+".before", f.Before)
	if bad != nil {
		return nil, bad
	}
	return &timeRange{from: from, to: to}, nil
}

// maxPresetDays is the most days a preset spans as a time.Duration.
const maxPresetDays = math.MaxInt64 / int64(24*time.Hour)

// compileDateFilter reads a date-filter: a range, or a preset counted in days
// from now (last_n_days: [now-n, now]; next_n_days: [now, now+n]).
func compileDateFilter(field string, f *wireDateFilter, now time.Time) (*timeRange, badRequest) {
	if f == nil {
		return nil, nil
	}
	if f.Type == nil {
		return nil, missingField(field + ".type")
	}
	switch *f.Type {
	case "range":
		return compileDateTimeFilter(field, &wireDateTimeFilter{After: f.After, Before: f.Before})
	case "preset":
		if f.PresetType == nil {
			return nil, missingField(field + ".preset_type")
		}
		if !slices.Contains(datePresetTypes, *f.PresetType) {
			return nil, invalidEnum(field+".preset_type", *f.PresetType, datePresetTypes)
		}
		if f.Days == nil {
			return nil, missingField(field + ".days")
		}
		if *f.Days < 0 || *f.Days > 4294967295 {
			return nil, invalidField(field+".days", "%s.days must be between 0 and 4294967295, not %d.", field, *f.Days)
		}
		if *f.Days > maxPresetDays {
			// The spec allows any uint32; a span of more days than a
			// time.Duration holds (about 292 years) is refused rather than
			// wrapped around into a wrong range.
			return nil, invalidField(field+".days", "%s.days of %d reaches beyond the dates the API keeps; use at most %d.", field, *f.Days, maxPresetDays)
		}
		span := time.Duration(*f.Days) * 24 * time.Hour
		if *f.PresetType == "last_n_days" {
			return &timeRange{from: now.Add(-span), to: now}, nil
		}
		return &timeRange{from: now, to: now.Add(span)}, nil
	}
	return nil, invalidEnum(field+".type", *f.Type, dateFilterTypes)
}

// numberSet is the set of the numbers lookup finds for refs, -1 standing
// for any it does not know; nil when there are no refs (no filter).
func numberSet(refs []string, lookup func(string) (int, bool)) map[int]bool {
	if len(refs) == 0 {
		return nil
	}
	set := map[int]bool{}
	for _, ref := range refs {
		n, ok := lookup(ref)
		if !ok {
			n = -1
		}
		set[n] = true
	}
	return set
}

func catalogSet(cat catalog, refs []string) map[int]bool { return numberSet(refs, cat.lookup) }

func (d *Fake) userSet(refs []string) map[int]bool { return numberSet(refs, d.userNumber) }

func stringSet(vals []string) map[string]bool {
	if len(vals) == 0 {
		return nil
	}
	set := make(map[string]bool, len(vals))
	for _, v := range vals {
		set[v] = true
	}
	return set
}

func (d *Fake) compileFilter(req *wireListRequest, now time.Time) (*convFilter, badRequest) {
	f := &convFilter{
		parts:           catalogSet(convParts, req.AppliesToParts),
		brands:          catalogSet(convBrands, req.Brand),
		channels:        catalogSet(convChannels, req.Channels),
		groups:          catalogSet(convGroups, req.Group),
		revOrg:          catalogSet(convRevOrgs, req.RevOrg),
		revOrgs:         catalogSet(convRevOrgs, req.RevOrgs),
		srcV2:           catalogSet(convChannels, req.SourceChannelV2),
		tags:            catalogSet(convTags, req.Tags),
		owners:          d.userSet(req.OwnedBy),
		members:         d.userSet(req.Members),
		creatorVerified: req.IsCreatorVerified,
		frozen:          req.IsFrozen,
		spam:            req.IsSpam,
		sourceChannel:   stringSet(req.SourceChannel),
		sourceChannels:  stringSet(req.SourceChannels),
		states:          stringSet(req.State),
	}
	var bad badRequest
	if f.actualClose, bad = compileDateFilter("actual_close_date", req.ActualCloseDate, now); bad != nil {
		return nil, bad
	}
	if f.modified, bad = compileDateTimeFilter("modified_date", req.ModifiedDate); bad != nil {
		return nil, bad
	}
	if sla := req.SLASummary; sla != nil {
		for _, st := range sla.Stage {
			if !slices.Contains(slaStages, st) {
				return nil, invalidEnum("sla_summary.stage", st, slaStages)
			}
		}
		f.slaStages = stringSet(sla.Stage)
		if f.slaTarget, bad = compileDateFilter("sla_summary.target_time", sla.TargetTime, now); bad != nil {
			return nil, bad
		}
	}
	if req.Stage != nil {
		f.stages = stringSet(req.Stage.Name)
	}
	if len(req.TagsV2) > 0 {
		f.hasTagsV2 = true
		for _, t := range req.TagsV2 {
			tf := tagValueFilter{value: t.Value}
			if t.ID != nil {
				n, ok := convTags.lookup(*t.ID)
				if !ok {
					continue // an unknown tag matches nothing
				}
				tf.tag = n
			}
			f.tagsV2 = append(f.tagsV2, tf)
		}
	}
	return f, nil
}

func anyIn(set map[int]bool, vals []int) bool {
	for _, v := range vals {
		if set[v] {
			return true
		}
	}
	return false
}

func boolIs(want *bool, v bool) bool { return want == nil || *want == v }

// matches applies every filter: all must hold; a list filter holds when any
// of its values matches.
func (f *convFilter) matches(c *storedConversation) bool {
	switch {
	case !boolIs(f.creatorVerified, c.isCreatorVerified), !boolIs(f.frozen, c.isFrozen), !boolIs(f.spam, c.isSpam):
		return false
	case f.states != nil && !f.states[c.state]:
		return false
	case f.stages != nil && !f.stages[c.stage]:
		return false
	case f.owners != nil && !anyIn(f.owners, c.ownedBy):
		return false
	case f.members != nil && !anyIn(f.members, c.members):
		return false
	case f.parts != nil && !anyIn(f.parts, c.parts):
		return false
	case f.channels != nil && !anyIn(f.channels, c.channels):
		return false
	case f.brands != nil && !f.brands[c.brand]:
		return false
	case f.groups != nil && !f.groups[c.group]:
		return false
	case f.revOrg != nil && !f.revOrg[c.revOrg]:
		return false
	case f.revOrgs != nil && !f.revOrgs[c.revOrg]:
		return false
	case f.srcV2 != nil && !f.srcV2[c.sourceChannelV2]:
		return false
	case f.sourceChannel != nil && !f.sourceChannel[c.sourceChannel]:
		return false
	case f.sourceChannels != nil && !f.sourceChannels[c.sourceChannel]:
		return false
	case f.actualClose != nil && !f.actualClose.contains(c.actualClose):
		return false
	case f.modified != nil && !f.modified.contains(c.modified):
		return false
	case f.slaStages != nil && !f.slaStages[c.slaStage]:
		return false
	case f.slaTarget != nil && !f.slaTarget.contains(c.slaTarget):
		return false
	}
	if f.tags != nil {
		found := false
		for _, t := range c.tags {
			found = found || f.tags[t.tag]
		}
		if !found {
			return false
		}
	}
	if f.hasTagsV2 && !f.matchesTagsV2(c) {
		return false
	}
	return true
}

func (f *convFilter) matchesTagsV2(c *storedConversation) bool {
	for _, want := range f.tagsV2 {
		for _, t := range c.tags {
			if (want.tag == 0 || want.tag == t.tag) && (want.value == nil || *want.value == t.value) {
				return true
			}
		}
	}
	return false
}

// Cursors name the kind of list and the number of the object a page ended
// (or began) on, so they stay valid while objects are added.
func encodeCursor(kind string, num int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.Itoa(num)))
}

func decodeCursor(kind, cursor string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	num, ok := strings.CutPrefix(string(raw), kind+":")
	if !ok {
		return 0, false
	}
	// Objects are numbered from 1, and a cursor names one in the form this
	// API writes it: no other number was ever returned.
	n, err := strconv.Atoi(num)
	return n, err == nil && n >= 1 && strconv.Itoa(n) == num
}

// listPaging is where a list request (conversations, dev users, custom
// schema fragments) asks its page to be: its mode, limit and cursor, checked.
type listPaging struct {
	mode      string // "after" or "before"
	limit     int
	cursor    int // the number of the object the cursor names
	hasCursor bool
}

// readListPaging checks the mode, limit and cursor every DevRev list call
// takes, in that order, the cursor being one this API wrote for kind. No
// limit, or 0, is defaultLimit; one above maxLimit is maxLimit.
func readListPaging[L int32 | int64](kind string, mode *string, limit *L, cursor *string, defaultLimit, maxLimit int) (listPaging, badRequest) {
	p := listPaging{mode: "after", limit: defaultLimit}
	if mode != nil {
		if !slices.Contains(listModes, *mode) {
			return p, invalidEnum("mode", *mode, listModes)
		}
		p.mode = *mode
	}
	if limit != nil {
		switch {
		case *limit < 0:
			return p, invalidField("limit", "limit must not be negative, got %d.", *limit)
		case *limit > 0:
			p.limit = int(min(*limit, L(maxLimit)))
		}
	}
	if cursor != nil && *cursor != "" {
		n, ok := decodeCursor(kind, *cursor)
		if !ok {
			return p, invalidField("cursor", "The cursor %q is not one this API returned.", *cursor)
		}
		p.cursor, p.hasCursor = n, true
	}
	return p, nil
}

type conversationsPage struct {
	Conversations []apiConversation `json:"conversations"`
	NextCursor    string            `json:"next_cursor,omitempty"`
	PrevCursor    string            `json:"prev_cursor,omitempty"`
}

// list answers one conversations.list request. d.mu is held.
func (d *Fake) listConversations(req *wireListRequest) (*conversationsPage, badRequest) {
	st := d.conversations
	paging, bad := readListPaging("conversations", req.Mode, req.Limit, req.Cursor, defaultConversationsPage, maxConversationsPage)
	if bad != nil {
		return nil, bad
	}
	f, bad := d.compileFilter(req, d.now())
	if bad != nil {
		return nil, bad
	}

	items := st.items
	// Indexes of the page's first and last conversation in items.
	var picked []int
	if paging.mode == "after" {
		start := 0
		if paging.hasCursor {
			start = sort.Search(len(items), func(i int) bool { return items[i].num > paging.cursor })
		}
		for i := start; i < len(items) && len(picked) < paging.limit; i++ {
			if f.matches(items[i]) {
				picked = append(picked, i)
			}
		}
	} else {
		end := len(items)
		if paging.hasCursor {
			end = sort.Search(len(items), func(i int) bool { return items[i].num >= paging.cursor })
		}
		for i := end - 1; i >= 0 && len(picked) < paging.limit; i-- {
			if f.matches(items[i]) {
				picked = append(picked, i)
			}
		}
		slices.Reverse(picked)
	}

	page := &conversationsPage{Conversations: make([]apiConversation, 0, len(picked))}
	for _, i := range picked {
		page.Conversations = append(page.Conversations, d.renderConversation(items[i]))
	}
	if len(picked) > 0 {
		first, last := picked[0], picked[len(picked)-1]
		if slices.ContainsFunc(items[last+1:], f.matches) {
			page.NextCursor = encodeCursor("conversations", items[last].num)
		}
		if slices.ContainsFunc(items[:first], f.matches) {
			page.PrevCursor = encodeCursor("conversations", items[first].num)
		}
	}

	call := ConversationsListCall{Mode: paging.mode, Returned: len(picked)}
	if req.Cursor != nil {
		call.Cursor = *req.Cursor
	}
	if req.Limit != nil {
		call.Limit = int(*req.Limit)
	}
	if len(st.listLog) >= maxConversationsListLog {
		st.listLog = slices.Delete(st.listLog, 0, len(st.listLog)/2)
	}
	st.listLog = append(st.listLog, call)
	return page, nil
}

func (d *Fake) handleConversationsListPost(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeDevRev[wireListRequest](w, r)
	if !ok {
		return
	}
	d.mu.Lock()
	page, bad := d.listConversations(&req)
	d.mu.Unlock()
	if bad != nil {
		bad.write(w)
		return
	}
	mockapi.WriteJSON(w, http.StatusOK, page)
}

// --- conversations.create and conversations.get ---------------------------

// wireConversationText holds the plain fields that conversations.create and
// conversations.update both take as they are.
type wireConversationText struct {
	Description *string `json:"description"`
	IsSpam      *bool   `json:"is_spam"`
	Metadata    *struct {
		URLContext string `json:"url_context"`
	} `json:"metadata"`
	Title *string `json:"title"`
}

// applyTo sets the fields that were sent on c.
func (f *wireConversationText) applyTo(c *storedConversation) {
	if f.Title != nil {
		c.title = *f.Title
	}
	if f.Description != nil {
		c.description = *f.Description
	}
	if f.IsSpam != nil {
		c.isSpam = *f.IsSpam
	}
	if f.Metadata != nil {
		c.urlContext = f.Metadata.URLContext
	}
}

type wireCreateRequest struct {
	wireConversationText
	Type            *string                    `json:"type"`
	Brand           *string                    `json:"brand"`
	Channels        []string                   `json:"channels"`
	CustomFields    map[string]json.RawMessage `json:"custom_fields"`
	Group           *string                    `json:"group"`
	Members         []string                   `json:"members"`
	Messages        []map[string]any           `json:"messages"`
	OwnedBy         []string                   `json:"owned_by"`
	SourceChannel   *string                    `json:"source_channel"`
	SourceChannelV2 *string                    `json:"source_channel_v2"`
	Stage           *struct {
		Name *string `json:"name"`
	} `json:"stage"`
	Tags             []wireSetTag   `json:"tags"`
	CustomSchemaSpec map[string]any `json:"custom_schema_spec"`
}

func (d *Fake) handleConversationsCreate(w http.ResponseWriter, r *http.Request) {
	req, ok := decodeDevRev[wireCreateRequest](w, r)
	if !ok {
		return
	}
	d.mu.Lock()
	c, bad := d.conversationFromCreate(&req)
	var out apiConversation
	if bad == nil {
		d.conversations.add(c)
		out = d.renderConversation(c)
	}
	d.mu.Unlock()
	if bad != nil {
		bad.write(w)
		return
	}
	mockapi.WriteJSON(w, http.StatusCreated, map[string]any{"conversation": out})
}

// conversationFromCreate validates a conversations.create request. d.mu is held.
func (d *Fake) conversationFromCreate(req *wireCreateRequest) (*storedConversation, badRequest) {
	if req.Type == nil {
		return nil, missingField("type")
	}
	if *req.Type != "support" {
		return nil, invalidEnum("type", *req.Type, []string{"support"})
	}
	now := d.now().UTC()
	c := &storedConversation{
		stage:             "new",
		createdBy:         d.authUser,
		created:           now,
		modified:          now,
		isCreatorVerified: true,
	}
	if req.Stage != nil && req.Stage.Name != nil {
		if _, ok := convStageStates[*req.Stage.Name]; !ok {
			return nil, invalidField("stage.name", "There is no conversation stage named %q.", *req.Stage.Name)
		}
		c.stage = *req.Stage.Name
	}
	c.state = convStageStates[c.stage]
	if c.state == "closed" {
		c.actualClose = now
	}
	req.applyTo(c)
	if req.SourceChannel != nil {
		c.sourceChannel = *req.SourceChannel
	}
	var bad badRequest
	if c.members, bad = d.convUsers("members", req.Members); bad != nil {
		return nil, bad
	}
	if c.ownedBy, bad = d.convUsers("owned_by", req.OwnedBy); bad != nil {
		return nil, bad
	}
	if c.channels, bad = convRefs("channels", convChannels, req.Channels); bad != nil {
		return nil, bad
	}
	if c.group, bad = convRef("group", convGroups, req.Group); bad != nil {
		return nil, bad
	}
	if c.brand, bad = convRef("brand", convBrands, req.Brand); bad != nil {
		return nil, bad
	}
	if c.sourceChannelV2, bad = convRef("source_channel_v2", convChannels, req.SourceChannelV2); bad != nil {
		return nil, bad
	}
	if c.tags, bad = convTagsOf("tags", req.Tags); bad != nil {
		return nil, bad
	}
	if c.customFields, bad = convCustomFields(req.CustomFields, req.CustomSchemaSpec); bad != nil {
		return nil, bad
	}
	if len(c.members) == 0 {
		c.members = []int{d.authUser}
	}
	return c, nil
}

func (d *Fake) handleConversationsGetQuery(w http.ResponseWriter, r *http.Request) {
	if !r.URL.Query().Has("id") {
		missingField("id").write(w)
		return
	}
	id := r.URL.Query().Get("id")
	n, ok := conversationNumber(id)
	d.mu.Lock()
	c := d.conversations.byNum[n]
	var out apiConversation
	if ok && c != nil {
		out = d.renderConversation(c)
	}
	d.mu.Unlock()
	if !ok || c == nil {
		writeConversationNotFound(w, id)
		return
	}
	mockapi.WriteJSON(w, http.StatusOK, map[string]any{"conversation": out})
}
