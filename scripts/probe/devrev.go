package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// The DevRev questions, and what the provider assumes for each, as its code
// has it.
const (
	qCustomFields = "DevRev: are `tnt__`, `ctype__` and `<app>__` the only custom-field prefixes?"
	aCustomFields = "`custom_fields` keys are `<prefix>__<name>`: `tnt__` (the tenant's fragment), `ctype__` (a subtype's), " +
		"`<app>__` (an app's); any other key fails at plan (`SplitDevRevCustomFieldName`, internal/provider/devrev_custom_fields.go)"

	qChatsScope = "DevRev: without `X-Devrev-Scope: beta`, does `chats.get` of a DM answer `id`, `users` and `title`?"
	aChatsScope = "sends `X-Devrev-Scope: beta` on every `chats.*` call, so either answer works; an answer without `id` " +
		"even then is an error (`devrevBetaScope`, internal/client/devrev_chats.go)"

	qMissingTarget = "DevRev: `timeline-entries.create` on a missing target answers 400 or 404? (`-writes`)"
	aMissingTarget = "400 `invalid_id` or 404: either fails the message action with what to check, and is not retried " +
		"(`postMessage`, internal/provider/action_base.go)"

	qComment = "DevRev: a comment on a conversation (`-writes`)"
	aComment = "any 2xx whose `timeline_entry` has an `id` (`DevRevTimelineEntriesService.Create`, " +
		"internal/client/devrev_timeline_entries.go)"
)

// fragmentPrefixes are the prefixes of the fields of each fragment type, as
// the provider's custom_schema_spec documents them; an app fragment's is its
// app's name.
var fragmentPrefixes = map[string]string{"tenant_fragment": "tnt", "custom_type_fragment": "ctype", "app_fragment": ""}

// maxFragmentPages bounds the paging of schemas.custom.list.
const maxFragmentPages = 50

// devrevCustomFieldPrefixes lists the org's custom schema fragments
// (schemas.custom.list, 100 a page) and checks the name of every field they
// define, prefixed as DevRev addresses it in custom_fields, against the
// provider's rule.
func (p *prober) devrevCustomFieldPrefixes(ctx context.Context) result {
	if p.dr == nil {
		return noCredentials(qCustomFields, aCustomFields)
	}
	type fragment struct {
		Type    string `json:"type"`
		App     string `json:"app"`
		Subtype string `json:"subtype"`
		Leaf    string `json:"leaf_type"`
		Fields  []struct {
			Name string `json:"name"`
		} `json:"fields"`
	}
	var fragments []fragment
	cursor := ""
	for page := 1; ; page++ {
		query := url.Values{"limit": {"100"}}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		resp, err := p.dr.Raw(ctx, client.RawRequest{Method: http.MethodGet, Path: "/schemas.custom.list", Query: query})
		if err != nil {
			return p.unanswered(qCustomFields, aCustomFields, p.cfg.devrev, err)
		}
		var body struct {
			Result     []fragment `json:"result"`
			NextCursor string     `json:"next_cursor"`
		}
		if err := json.Unmarshal(resp.Body, &body); err != nil {
			return result{question: qCustomFields, assumes: aCustomFields, verdict: failed,
				answer: fmt.Sprintf("error: schemas.custom.list answered something else than a list of fragments: %v", err),
				next:   "DevRev's schemas.custom.list answered an unexpected shape"}
		}
		fragments = append(fragments, body.Result...)
		if body.NextCursor == "" || body.NextCursor == cursor || page == maxFragmentPages {
			break
		}
		cursor = body.NextCursor
	}
	if len(fragments) == 0 {
		return skipped(qCustomFields, aCustomFields, "the org has no custom schema fragments")
	}
	fieldsBy := map[string]int{}
	var prefixes, unknown, badNames []string
	for _, f := range fragments {
		prefix, known := fragmentPrefixes[f.Type]
		if !known {
			if !slices.Contains(unknown, f.Type) {
				unknown = append(unknown, f.Type)
			}
			continue
		}
		label := map[string]string{"tenant_fragment": "tenant", "custom_type_fragment": "subtype " + f.Subtype, "app_fragment": "app " + f.App}[f.Type]
		if f.Type == "app_fragment" {
			prefix = f.App
		}
		key := prefix + "__ (" + label + ")"
		if _, seen := fieldsBy[key]; !seen {
			prefixes = append(prefixes, key)
		}
		fieldsBy[key] += len(f.Fields)
		for _, field := range f.Fields {
			if name := prefix + "__" + field.Name; !validName(name) {
				badNames = append(badNames, fmt.Sprintf("%q", name))
			}
		}
	}
	var parts []string
	for _, k := range prefixes {
		parts = append(parts, fmt.Sprintf("%s %s", k, plural(fieldsBy[k], "field")))
	}
	answer := fmt.Sprintf("%s: %s", plural(len(fragments), "fragment"), strings.Join(parts, ", "))
	res := result{question: qCustomFields, assumes: aCustomFields, verdict: agrees, answer: answer}
	if len(unknown) > 0 {
		res.verdict = disagrees
		res.answer += "; fragment types the provider names no prefix for: " + strings.Join(unknown, ", ")
		res.next = fmt.Sprintf("find the prefix DevRev gives the fields of %s fragments, and document it with the rule in "+
			"internal/provider/devrev_custom_fields.go and custom_schema_spec", strings.Join(unknown, ", "))
	}
	if len(badNames) > 0 {
		res.verdict = disagrees
		res.answer += "; field names the provider refuses at plan: " + strings.Join(badNames, ", ")
		res.next = strings.TrimPrefix(res.next+"; ", "; ") + "let SplitDevRevCustomFieldName (internal/client/devrev.go) take " + strings.Join(badNames, ", ")
	}
	return res
}

func validName(name string) bool {
	_, _, ok := client.SplitDevRevCustomFieldName(name)
	return ok
}

// devrevChatsScope reads the DM the user named with chats.get twice: without
// the beta header (the question), then as the provider does (whether it copes).
func (p *prober) devrevChatsScope(ctx context.Context) result {
	switch {
	case p.dr == nil:
		return noCredentials(qChatsScope, aChatsScope)
	case p.cfg.devrevDM == "":
		return skipped(qChatsScope, aChatsScope, "name a DM with -devrev-dm: DevRev has no API that lists DMs")
	}
	if res, ok := p.refused(qChatsScope, aChatsScope, p.cfg.devrev); ok {
		return res
	}
	resp, err := p.dr.Raw(ctx, client.RawRequest{Method: http.MethodGet, Path: "/chats.get", Query: url.Values{"id": {p.cfg.devrevDM}}})
	if err != nil {
		res := p.unanswered(qChatsScope, aChatsScope, p.cfg.devrev, err)
		if client.IsNotFound(err) {
			res.next = fmt.Sprintf("check that %s is a DM the token's user is in", p.cfg.devrevDM)
		}
		return res
	}
	var body struct {
		Chat map[string]json.RawMessage `json:"chat"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		return result{question: qChatsScope, assumes: aChatsScope, verdict: failed,
			answer: fmt.Sprintf("error: chats.get answered something else than a chat: %v", err), next: "DevRev's chats.get answered an unexpected shape"}
	}
	var has, lacks []string
	for _, k := range []string{"id", "users", "title"} {
		if _, ok := body.Chat[k]; ok {
			has = append(has, "`"+k+"`")
		} else {
			lacks = append(lacks, "`"+k+"`")
		}
	}
	var answer string
	if _, ok := body.Chat["id"]; ok {
		answer = "without the header: the DM, with " + strings.Join(has, ", ")
		if len(lacks) > 0 {
			answer += " (no " + strings.Join(lacks, ", ") + ")"
		}
	} else {
		keys := make([]string, 0, len(body.Chat))
		for k := range body.Chat {
			keys = append(keys, "`"+k+"`")
		}
		slices.Sort(keys)
		answer = "without the header: the public chat object (" + strings.Join(keys, ", ") + " only): the beta scope is required"
	}
	chat, err := p.dr.Chats.Get(ctx, p.cfg.devrevDM)
	if err != nil {
		var apiErr *client.APIError
		if errors.As(err, &apiErr) {
			return p.unanswered(qChatsScope, aChatsScope, p.cfg.devrev, err)
		}
		return result{question: qChatsScope, assumes: aChatsScope, verdict: disagrees,
			answer: answer + "; with the header, as the provider sends it: " + err.Error(),
			next:   "DevRev does not answer the DM even in its beta scope: find how chats.* reach it (devrevBetaScope, internal/client/devrev_chats.go)"}
	}
	return result{question: qChatsScope, assumes: aChatsScope, verdict: agrees,
		answer: answer + fmt.Sprintf("; with the header, as the provider sends it: the DM %s", chat.DisplayID)}
}

// devrevTimelineMissingTarget posts a comment to an object that does not
// exist, which DevRev must refuse. It is a create request, so it needs
// -writes: were the object there after all, the comment would be posted.
func (p *prober) devrevTimelineMissingTarget(ctx context.Context) result {
	switch {
	case p.dr == nil:
		return noCredentials(qMissingTarget, aMissingTarget)
	case !p.cfg.writes:
		return skipped(qMissingTarget, aMissingTarget, "a create request meant to fail, but a create: run with -writes")
	}
	if res, ok := p.refused(qMissingTarget, aMissingTarget, p.cfg.devrev); ok {
		return res
	}
	object := p.cfg.devrevMissingObject
	resp, err := p.dr.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/timeline-entries.create", Write: true,
		Body: p.comment(object, "chatops make probe: a comment addressed to an object that does not exist; DevRev should refuse it.")})
	var apiErr *client.APIError
	switch {
	case err == nil:
		return result{question: qMissingTarget, assumes: aMissingTarget, verdict: failed,
			answer: fmt.Sprintf("error: %d: DevRev posted the comment, so %s exists", resp.StatusCode, object),
			next:   fmt.Sprintf("%s exists: name an object that does not with -devrev-missing-object (and delete the comment the probe posted on it)", object)}
	case client.IsUnauthorized(err) || !errors.As(err, &apiErr):
		return p.unanswered(qMissingTarget, aMissingTarget, p.cfg.devrev, err)
	}
	answer := fmt.Sprintf("%d `%s` (%s)", apiErr.StatusCode, apiErr.Type, apiErr.Message)
	if apiErr.StatusCode == http.StatusNotFound || (apiErr.StatusCode == http.StatusBadRequest && apiErr.Type == "invalid_id") {
		return result{question: qMissingTarget, assumes: aMissingTarget, verdict: agrees, answer: answer}
	}
	return result{question: qMissingTarget, assumes: aMissingTarget, verdict: disagrees, answer: answer,
		next: fmt.Sprintf("DevRev answers a missing target with %d %s: have postMessage (internal/provider/action_base.go) "+
			"give its not-found hint for that answer too", apiErr.StatusCode, apiErr.Type)}
}

// devrevTimelineComment posts one private comment (only the token's user
// sees it) to the conversation the user named: with -writes only.
func (p *prober) devrevTimelineComment(ctx context.Context) result {
	switch {
	case p.dr == nil:
		return noCredentials(qComment, aComment)
	case !p.cfg.writes:
		return skipped(qComment, aComment, "a write: run with -writes -devrev-conversation ID")
	case p.cfg.devrevConversation == "":
		return skipped(qComment, aComment, "name a conversation with -devrev-conversation")
	}
	if res, ok := p.refused(qComment, aComment, p.cfg.devrev); ok {
		return res
	}
	resp, err := p.dr.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/timeline-entries.create", Write: true,
		Body: p.comment(p.cfg.devrevConversation, "chatops make probe: a private comment to see how timeline-entries.create answers. It can be deleted.")})
	if err != nil {
		res := p.unanswered(qComment, aComment, p.cfg.devrev, err)
		if client.IsNotFound(err) || client.IsBadRequest(err) {
			res.next = fmt.Sprintf("check that %s is a conversation the token's user can see", p.cfg.devrevConversation)
		}
		return res
	}
	var body struct {
		TimelineEntry client.DevRevTimelineEntry `json:"timeline_entry"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil || body.TimelineEntry.ID == "" {
		return result{question: qComment, assumes: aComment, verdict: disagrees,
			answer: fmt.Sprintf("%d, with a body the provider cannot read as a timeline entry with an id (%v)", resp.StatusCode, err),
			next:   "DevRevTimelineEntry (internal/client/devrev_timeline_entries.go) must read what timeline-entries.create answers"}
	}
	return result{question: qComment, assumes: aComment, verdict: agrees,
		answer: fmt.Sprintf("%s (posted private comment %s to %s)", statusText(resp.StatusCode), body.TimelineEntry.ID, p.cfg.devrevConversation)}
}

// comment is a private comment's request: only the token's user sees it.
func (p *prober) comment(object, text string) client.DevRevTimelineEntryCreateRequest {
	bodyType, visibility := client.TimelineCommentBodyTypeText, "private"
	return client.DevRevTimelineEntryCreateRequest{Type: client.TimelineEntryTypeComment, Object: object, Body: &text,
		BodyType: &bodyType, Visibility: &visibility}
}
