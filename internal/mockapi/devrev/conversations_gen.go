package devrev

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
)

// catalogItem is an object a conversation refers to (a part, brand, channel,
// group, Rev org or tag). The fake has a fixed catalogue of each kind.
type catalogItem struct {
	id        string
	displayID string
	name      string
	// allowedValues of a tag; empty when the tag takes no value.
	allowedValues []string
}

// catalog is one kind of catalogItem, numbered from 1.
type catalog []catalogItem

// lookup resolves an id or display id to the item's number (1-based).
func (c catalog) lookup(ref string) (int, bool) {
	for i, it := range c {
		if ref == it.id || strings.EqualFold(ref, it.displayID) {
			return i + 1, true
		}
	}
	return 0, false
}

func (c catalog) item(n int) catalogItem { return c[n-1] }

func newCatalog(n int, don, display string, names ...string) catalog {
	c := make(catalog, n)
	for i := range c {
		c[i] = catalogItem{
			id:        fmt.Sprintf("%s/%d", don, i+1),
			displayID: fmt.Sprintf("%s-%d", display, i+1),
		}
		if i < len(names) {
			c[i].name = names[i]
		}
	}
	return c
}

// The fake's catalogues. Conversations refer to these by number.
var (
	convParts    = newCatalog(5, demoDevRevCoreOrg+":product", "PROD", "Billing", "Chat widget", "Mobile app", "API", "Dashboard")
	convBrands   = newCatalog(3, demoDevRevCoreOrg+":brand", "BRAND", "Acme", "Globex", "Initech")
	convChannels = newCatalog(4, demoDevRevCoreOrg+":external_communication_channel", "ECC", "Support email", "Slack", "PLuG", "WhatsApp")
	convGroups   = newCatalog(3, demoDevRevOrg+":group", "GROUP", "Tier 1", "Tier 2", "Billing team")
	convRevOrgs  = newCatalog(5, demoDevRevOrg+":revo", "REV", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka")
	convTags     = func() catalog {
		c := newCatalog(5, demoDevRevCoreOrg+":tag", "TAG", "bug", "feature_request", "billing", "vip", "priority")
		c[4].allowedValues = []string{"p0", "p1", "p2"}
		return c
	}()
)

// Conversation stages and the state each belongs to: DevRev's current
// default stages of a conversation. A new conversation starts at "new".
var (
	convStages      = []string{"new", "needs_response", "hold", "waiting_on_user", "resolved", "suspended", "archived"}
	convStageStates = map[string]string{
		"new":             "open",
		"needs_response":  "open",
		"hold":            "in_progress",
		"waiting_on_user": "in_progress",
		"resolved":        "closed",
		"suspended":       "closed",
		"archived":        "closed",
	}
	convSourceChannels = []string{"email", "slack", "plug", "api", "portal"}
	// slaStages is the spec's sla-summary-stage enum.
	slaStages = []string{"breached", "completed", "paused", "running", "warning"}
	topics    = []string{"Login fails", "Invoice question", "Feature idea", "Widget not loading", "Refund request", "API rate limits", "Password reset", "Data export"}
)

// ConversationFixtureTag is a tag of a ConversationFixture.
type ConversationFixtureTag struct {
	// ID is the tag's id or display id (TAG-1..TAG-5).
	ID string `json:"id"`
	// Value is required by TAG-5 ("priority": p0, p1 or p2) and refused by the others.
	Value string `json:"value,omitempty"`
}

// ConversationFixture is one seeded DevRev conversation, in the
// "conversations" list of a fixtures file's "devrev" section. References take
// an id or display id: users DEVU-1..DEVU-20, parts PROD-1..5, brands
// BRAND-1..3, channels ECC-1..4, groups GROUP-1..3, Rev orgs REV-1..5, tags
// TAG-1..5. Times are RFC 3339, or a Go duration from the fake's start ("-72h").
type ConversationFixture struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Stage is new (default), needs_response, hold, waiting_on_user,
	// resolved, suspended or archived.
	Stage string `json:"stage,omitempty"`
	// State defaults to the stage's: open, in_progress or closed.
	State             string                   `json:"state,omitempty"`
	OwnedBy           []string                 `json:"owned_by,omitempty"`
	Members           []string                 `json:"members,omitempty"`
	Tags              []ConversationFixtureTag `json:"tags,omitempty"`
	Group             string                   `json:"group,omitempty"`
	Channels          []string                 `json:"channels,omitempty"`
	SourceChannel     string                   `json:"source_channel,omitempty"`
	SourceChannelV2   string                   `json:"source_channel_v2,omitempty"`
	Brand             string                   `json:"brand,omitempty"`
	RevOrg            string                   `json:"rev_org,omitempty"`
	AppliesToParts    []string                 `json:"applies_to_parts,omitempty"`
	IsSpam            bool                     `json:"is_spam,omitempty"`
	IsFrozen          bool                     `json:"is_frozen,omitempty"`
	IsCreatorVerified bool                     `json:"is_creator_verified,omitempty"`
	// SLAStage is one of breached, completed, paused, running, warning; empty for no SLA.
	SLAStage      string `json:"sla_stage,omitempty"`
	SLATargetTime string `json:"sla_target_time,omitempty"`
	// CreatedBy defaults to the authenticated user.
	CreatedBy       string `json:"created_by,omitempty"`
	CreatedDate     string `json:"created_date,omitempty"`
	ModifiedDate    string `json:"modified_date,omitempty"`
	ActualCloseDate string `json:"actual_close_date,omitempty"`
}

// fixtureTime reads a fixture time: RFC 3339, or a duration from now.
func fixtureTime(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time nor a duration", v)
	}
	return now.Add(d).UTC(), nil
}

// fromFixture turns a fixture into a stored conversation numbered num.
func (d *Fake) fromFixture(num int, fx ConversationFixture) (*storedConversation, error) {
	now := d.now().UTC()
	c := &storedConversation{
		num:               num,
		title:             fx.Title,
		description:       fx.Description,
		stage:             fx.Stage,
		state:             fx.State,
		sourceChannel:     fx.SourceChannel,
		isSpam:            fx.IsSpam,
		isFrozen:          fx.IsFrozen,
		isCreatorVerified: fx.IsCreatorVerified,
		slaStage:          fx.SLAStage,
		createdBy:         d.authUser,
	}
	if c.stage == "" {
		c.stage = "new"
	}
	state, ok := convStageStates[c.stage]
	if !ok {
		return nil, fmt.Errorf("stage %q is not one of %s", c.stage, strings.Join(convStages, ", "))
	}
	if c.state == "" {
		c.state = state
	}
	if c.slaStage != "" && !slices.Contains(slaStages, c.slaStage) {
		return nil, fmt.Errorf("sla_stage %q is not one of %s", c.slaStage, strings.Join(slaStages, ", "))
	}
	var err error
	// numbers resolves vals with lookup; the first it cannot is the error.
	numbers := func(field string, vals []string, lookup func(string) (int, bool), unknown string) []int {
		var out []int
		for _, ref := range vals {
			n, ok := lookup(ref)
			if !ok && err == nil {
				err = fmt.Errorf("%s: %q is %s", field, ref, unknown)
			}
			out = append(out, n)
		}
		return out
	}
	users := func(field string, refs []string) []int {
		return numbers(field, refs, d.userNumber, "not a user of the fake")
	}
	refs := func(field string, cat catalog, vals []string) []int {
		return numbers(field, vals, cat.lookup, "not known to the fake")
	}
	one := func(field string, cat catalog, v string) int {
		if v == "" {
			return 0
		}
		return refs(field, cat, []string{v})[0]
	}
	c.ownedBy = users("owned_by", fx.OwnedBy)
	c.members = users("members", fx.Members)
	if fx.CreatedBy != "" {
		c.createdBy = users("created_by", []string{fx.CreatedBy})[0]
	}
	c.group = one("group", convGroups, fx.Group)
	c.channels = refs("channels", convChannels, fx.Channels)
	c.sourceChannelV2 = one("source_channel_v2", convChannels, fx.SourceChannelV2)
	c.brand = one("brand", convBrands, fx.Brand)
	c.revOrg = one("rev_org", convRevOrgs, fx.RevOrg)
	c.parts = refs("applies_to_parts", convParts, fx.AppliesToParts)
	for _, t := range fx.Tags {
		n := one("tags", convTags, t.ID)
		if err == nil {
			if msg := tagValueProblem(convTags.item(n), t.Value); msg != "" {
				err = fmt.Errorf("tags: %s", msg)
			}
		}
		c.tags = append(c.tags, storedTag{tag: n, value: t.Value})
	}
	for _, f := range []struct {
		v   string
		dst *time.Time
	}{
		{fx.CreatedDate, &c.created},
		{fx.ModifiedDate, &c.modified},
		{fx.ActualCloseDate, &c.actualClose},
		{fx.SLATargetTime, &c.slaTarget},
	} {
		t, terr := fixtureTime(f.v, now)
		if terr != nil && err == nil {
			err = terr
		}
		*f.dst = t
	}
	if err != nil {
		return nil, err
	}
	if c.created.IsZero() {
		c.created = now
	}
	if c.modified.IsZero() {
		c.modified = c.created
	}
	if len(c.members) == 0 {
		c.members = []int{c.createdBy}
	}
	return c, nil
}

// tagValueProblem says why value cannot go with tag, or "".
func tagValueProblem(tag catalogItem, value string) string {
	switch {
	case len(tag.allowedValues) == 0 && value != "":
		return fmt.Sprintf("tag %s takes no value", tag.displayID)
	case len(tag.allowedValues) > 0 && !slices.Contains(tag.allowedValues, value):
		return fmt.Sprintf("tag %s needs a value among %s", tag.displayID, strings.Join(tag.allowedValues, ", "))
	}
	return ""
}

// generateConversations adds n conversations with varied data, so every
// conversations.list filter has conversations to match and to leave out.
// Conversation N is the same whatever n is (its data derives from N and the
// fake's clock only). Every generated time is a whole number of hours plus
// half an hour away from the clock, so a filter computed from a clock read a
// little later still draws the same line.
func (d *Fake) generateConversations(n int) {
	now := d.now().UTC().Truncate(time.Second)
	users := make([]int, 0, len(d.users))
	for u := range d.users {
		users = append(users, u)
	}
	sort.Ints(users)
	st := d.conversations
	for range n {
		st.add(generateConversation(st.nextNum, now, users))
	}
}

func generateConversation(num int, now time.Time, users []int) *storedConversation {
	r := rand.New(rand.NewPCG(uint64(num), 0xc0ffee)) //nolint:gosec // num counts up from 1: never negative
	offset := func(maxHours int) time.Duration {
		return time.Duration(r.IntN(maxHours))*time.Hour + 30*time.Minute
	}
	pick := func(k, of int) []int {
		idx := r.Perm(of)[:k]
		sort.Ints(idx)
		for i := range idx {
			idx[i]++
		}
		return idx
	}
	pickUsers := func(k int) []int {
		var out []int
		for _, i := range pick(min(k, len(users)), len(users)) {
			out = append(out, users[i-1])
		}
		return out
	}

	c := &storedConversation{num: num}
	topic := topics[r.IntN(len(topics))]
	c.title = fmt.Sprintf("%s (#%d)", topic, num)
	c.description = fmt.Sprintf("Generated conversation %d about %q.", num, strings.ToLower(topic))

	switch x := r.IntN(20); {
	case x < 4:
		c.stage = "new"
	case x < 6:
		c.stage = "needs_response"
	case x < 8:
		c.stage = "hold"
	case x < 11:
		c.stage = "waiting_on_user"
	case x < 16:
		c.stage = "resolved"
	case x < 17:
		c.stage = "suspended"
	default:
		c.stage = "archived"
	}
	c.state = convStageStates[c.stage]

	c.created = now.Add(-2*365*24*time.Hour + time.Duration(num)*time.Minute)
	c.modified = now.Add(-offset(120 * 24))
	if c.modified.Before(c.created) {
		c.modified = c.created
	}
	if c.state == "closed" {
		c.actualClose = now.Add(-offset(90 * 24))
	}

	c.ownedBy = pickUsers(1 + r.IntN(2))
	c.members = pickUsers(1 + r.IntN(3))
	c.createdBy = c.members[0]
	for _, t := range pick(r.IntN(3), len(convTags)) {
		tag := storedTag{tag: t}
		if vals := convTags.item(t).allowedValues; len(vals) > 0 {
			tag.value = vals[r.IntN(len(vals))]
		}
		c.tags = append(c.tags, tag)
	}
	c.group = r.IntN(len(convGroups) + 1)
	c.channels = pick(r.IntN(3), len(convChannels))
	c.sourceChannel = convSourceChannels[r.IntN(len(convSourceChannels))]
	c.sourceChannelV2 = r.IntN(len(convChannels) + 1)
	c.brand = r.IntN(len(convBrands) + 1)
	c.revOrg = r.IntN(len(convRevOrgs) + 1)
	c.parts = pick(r.IntN(3), len(convParts))
	c.isSpam = r.IntN(10) == 0
	c.isFrozen = r.IntN(7) == 0
	c.isCreatorVerified = r.IntN(10) < 6

	if r.IntN(5) > 0 {
		c.slaStage = slaStages[r.IntN(len(slaStages))]
		past, future := now.Add(-offset(30*24)), now.Add(offset(30*24))
		switch c.slaStage {
		case "breached", "completed":
			c.slaTarget = past
		case "running", "warning":
			c.slaTarget = future
		default:
			c.slaTarget = []time.Time{past, future}[r.IntN(2)]
		}
	}
	return c
}
