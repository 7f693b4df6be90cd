package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// The HelpCrunch questions, and what the provider assumes for each, as its
// code has it.
const (
	qStatusSearch = "HelpCrunch: a search by `chats.status` takes names (`pending`) or codes (`3`)?"
	aStatusSearch = "either: its first search by status tries the name, then the code, and keeps the form that found chats " +
		"(`HelpCrunchChatsService.Search`, internal/client/helpcrunch_chats.go)"

	qStatusSpelling = "HelpCrunch: statuses as read back; how is on hold spelled?"
	aStatusSpelling = "a status is a string; `on hold`, `onhold` and `on-hold` are one status, and any of the documented " +
		"statuses is read (`HelpCrunchStatusEqual`, `HelpCrunchStatuses`, internal/client/helpcrunch.go)"

	qSearchTotal = "HelpCrunch: where is a search page's total: `meta.total`, top level, or absent?"
	aSearchTotal = "optional: `meta.total`, else a top-level `total`, else none (the data source's `total` is null); " +
		"paging goes on while pages come back full (`HelpCrunchChatList`, internal/client/helpcrunch_chats.go)"

	qChatFieldTypes = "HelpCrunch: a chat's `closedBy` and `rating` read back as strings or numbers?"
	aChatFieldTypes = "either: each is read as a string or a number and kept as its text " +
		"(`HelpCrunchChat`, internal/client/helpcrunch_chats.go)"

	qCustomData = "HelpCrunch: a customer's `customData` reads back as an object or a list?"
	aCustomData = "either: an object of property to value, or a list of `{property, value}` " +
		"(`HelpCrunchCustomData.UnmarshalJSON`, internal/client/helpcrunch_customers.go)"

	qCustomerPut = "HelpCrunch: `PUT /customers/{id}` sets the fields it leaves out to null, or keeps them? (`-writes`)"
	aCustomerPut = "either: every update sends every field the resource manages, and the other writable fields as last " +
		"read (`HelpCrunchCustomersService.Update`, internal/client/helpcrunch_customers.go)"

	qMessageStatus = "HelpCrunch: `POST /messages` answers 200 or 201? (`-writes`)"
	aMessageStatus = "any 2xx whose body is the message with its id (`HelpCrunchMessagesService.Create`, " +
		"internal/client/helpcrunch_messages.go)"
)

// helpcrunchPage is the first call of the HelpCrunch questions: one search
// for the newest chats (at most 100), read raw, whose answer three
// questions look at.
type helpcrunchPage struct {
	// skip is the result every question of the page gives instead, when it
	// could not be read (no credentials, an error).
	skip *result
	// raw is the answer as it came.
	raw []byte
	// statuses are the chats' statuses as read back, in order; nonString
	// counts those that were no JSON string.
	statuses  []string
	nonString []string
	// customers are the ids of the chats' customers, in order.
	customers []int64
	// fields are the chats' closedBy and rating values that are not null,
	// as raw JSON, by field name.
	fields map[string][]json.RawMessage
	// meta and top hold the totals found, as raw JSON (nil: absent).
	meta, top json.RawMessage
	// decodeErr is the provider's client failing to read the page.
	decodeErr error
}

// helpcrunchChatsPage asks for the newest chats: POST /chats/search with
// chats.createdAt > 0 (the search needs a filter), 100 of them, newest first.
func (p *prober) helpcrunchChatsPage(ctx context.Context) *helpcrunchPage {
	if p.hc == nil {
		return &helpcrunchPage{skip: &result{answer: "not checked (no credentials)"}}
	}
	resp, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/chats/search", Body: client.HelpCrunchSearchRequest{
		Filter: []client.HelpCrunchSearchFilter{{Field: "chats.createdAt", Operator: ">", Value: 0}},
		Limit:  client.HelpCrunchMaxPageSize, Sort: "chats.createdAt", Order: "desc",
	}})
	if err != nil {
		res := p.unanswered("", "", p.cfg.helpcrunch, err)
		return &helpcrunchPage{skip: &res}
	}
	page := &helpcrunchPage{raw: resp.Body, fields: map[string][]json.RawMessage{}}
	var body struct {
		Data []struct {
			Status   json.RawMessage `json:"status"`
			Customer *struct {
				ID int64 `json:"id"`
			} `json:"customer"`
			ClosedBy json.RawMessage `json:"closedBy"`
			Rating   json.RawMessage `json:"rating"`
		} `json:"data"`
		Meta  map[string]json.RawMessage `json:"meta"`
		Total json.RawMessage            `json:"total"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		res := result{verdict: failed, answer: fmt.Sprintf("error: the answer to POST /chats/search is not a page of chats: %v", err),
			next: "HelpCrunch's search answered something else than a page of chats"}
		return &helpcrunchPage{skip: &res}
	}
	for _, c := range body.Data {
		for field, v := range map[string]json.RawMessage{"closedBy": c.ClosedBy, "rating": c.Rating} {
			if len(v) > 0 && string(v) != "null" {
				page.fields[field] = append(page.fields[field], v)
			}
		}
		if c.Customer != nil && c.Customer.ID > 0 && !slices.Contains(page.customers, c.Customer.ID) {
			page.customers = append(page.customers, c.Customer.ID)
		}
		var s string
		if json.Unmarshal(c.Status, &s) != nil {
			page.nonString = append(page.nonString, string(c.Status))
			continue
		}
		page.statuses = append(page.statuses, s)
	}
	page.meta, page.top = body.Meta["total"], body.Total
	var list client.HelpCrunchChatList
	page.decodeErr = json.Unmarshal(resp.Body, &list)
	return page
}

// statusOrder is the order a status to search by is picked in, from those
// the page shows.
var statusOrder = []string{"pending", "opened", "new", "on hold", "no communication", "closed", "empty"}

// helpcrunchStatusSearch searches by one status the page shows, once by its
// name and once by its code (limit 1 each): which form finds its chats.
func (p *prober) helpcrunchStatusSearch(ctx context.Context, page *helpcrunchPage) result {
	if page.skip != nil {
		return page.skip.as(qStatusSearch, aStatusSearch)
	}
	var status, spelled string
	for _, want := range statusOrder {
		if i := slices.IndexFunc(page.statuses, func(s string) bool { return client.HelpCrunchStatusEqual(s, want) }); i >= 0 {
			status, spelled = want, page.statuses[i]
			break
		}
	}
	if status == "" {
		return skipped(qStatusSearch, aStatusSearch, "the account has no chat with a known status to search for")
	}
	name := client.HelpCrunchSearchStatus(status)
	code, _ := client.HelpCrunchSearchStatusCode(status)
	forms := []struct{ form, value string }{{"name", name}, {"code", code}}
	found := map[string]bool{}
	var parts []string
	for _, f := range forms {
		resp, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/chats/search", Body: client.HelpCrunchSearchRequest{
			Filter: []client.HelpCrunchSearchFilter{{Field: "chats.status", Operator: "=", Value: f.value}}, Limit: 1,
		}})
		var apiErr *client.APIError
		switch {
		case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest:
			parts = append(parts, fmt.Sprintf("%q refused (%s)", f.value, err))
			continue
		case err != nil:
			return p.unanswered(qStatusSearch, aStatusSearch, p.cfg.helpcrunch, err)
		}
		var list client.HelpCrunchChatList
		if err := json.Unmarshal(resp.Body, &list); err != nil {
			parts = append(parts, fmt.Sprintf("%q answered a page the provider cannot read (%v)", f.value, err))
			continue
		}
		switch {
		case len(list.Data) == 0:
			parts = append(parts, fmt.Sprintf("%q found none", f.value))
		case !client.HelpCrunchStatusEqual(list.Data[0].Status, status):
			parts = append(parts, fmt.Sprintf("%q found a chat of status %q", f.value, list.Data[0].Status))
		default:
			found[f.form] = true
			parts = append(parts, fmt.Sprintf("%q found %s chats", f.value, spelled))
		}
	}
	answer := "searched for " + spelled + " chats: " + strings.Join(parts, "; ")
	switch {
	case found["name"] && found["code"]:
		return result{question: qStatusSearch, assumes: aStatusSearch, verdict: agrees, answer: "both forms; " + answer}
	case found["name"]:
		return result{question: qStatusSearch, assumes: aStatusSearch, verdict: agrees, answer: "names; " + answer}
	case found["code"]:
		return result{question: qStatusSearch, assumes: aStatusSearch, verdict: agrees, answer: "codes; " + answer}
	}
	return result{question: qStatusSearch, assumes: aStatusSearch, verdict: disagrees, answer: "neither form; " + answer,
		next: fmt.Sprintf("a search by status finds no chats in either form the provider tries (%q, %q): find the form this account takes "+
			"and teach it to HelpCrunchChatsService.Search (internal/client/helpcrunch_chats.go)", name, code)}
}

// helpcrunchStatusSpelling reads the page's statuses: every one must be a
// string the provider knows, and on hold is spelled as it is.
func (p *prober) helpcrunchStatusSpelling(page *helpcrunchPage) result {
	if page.skip != nil {
		return page.skip.as(qStatusSpelling, aStatusSpelling)
	}
	if len(page.statuses)+len(page.nonString) == 0 {
		return skipped(qStatusSpelling, aStatusSpelling, "the account has no chats")
	}
	counts := map[string]int{}
	var unknown []string
	for _, s := range page.statuses {
		counts[s]++
		if counts[s] == 1 && !slices.ContainsFunc(client.HelpCrunchStatuses, func(known string) bool { return client.HelpCrunchStatusEqual(known, s) }) {
			unknown = append(unknown, fmt.Sprintf("%q", s))
		}
	}
	var seen []string
	for _, s := range slices.Sorted(maps.Keys(counts)) {
		seen = append(seen, fmt.Sprintf("%q %d", s, counts[s]))
	}
	onHold := "no chat on hold among them, so its spelling was not seen"
	for s := range counts {
		if client.HelpCrunchStatusEqual(s, client.HelpCrunchStatusOnHold) {
			onHold = fmt.Sprintf("on hold reads back as %q", s)
		}
	}
	answer := fmt.Sprintf("%s; statuses of the newest %d chats: %s", onHold, len(page.statuses)+len(page.nonString), strings.Join(seen, ", "))
	res := result{question: qStatusSpelling, assumes: aStatusSpelling, verdict: agrees, answer: answer}
	switch {
	case len(page.nonString) > 0:
		res.verdict = disagrees
		res.answer += fmt.Sprintf("; statuses that are not strings: %s", strings.Join(page.nonString, ", "))
		res.next = "HelpCrunch reads statuses back as something else than strings: HelpCrunchChat.Status " +
			"(internal/client/helpcrunch_chats.go) must read that form"
	case len(unknown) > 0:
		res.verdict = disagrees
		res.answer += "; unknown: " + strings.Join(unknown, ", ")
		res.next = fmt.Sprintf("HelpCrunch reads back statuses the provider does not know (%s): add them to HelpCrunchStatuses "+
			"(internal/client/helpcrunch.go) and the resource's status values", strings.Join(unknown, ", "))
	}
	return res
}

// helpcrunchSearchTotal says where the page put its total, and whether the
// provider's client read the page.
func (p *prober) helpcrunchSearchTotal(page *helpcrunchPage) result {
	if page.skip != nil {
		return page.skip.as(qSearchTotal, aSearchTotal)
	}
	var where []string
	if page.meta != nil {
		where = append(where, "`meta.total` = "+string(page.meta))
	}
	if page.top != nil {
		where = append(where, "top-level `total` = "+string(page.top))
	}
	answer := "absent: the page carries no total"
	if len(where) > 0 {
		answer = strings.Join(where, " and ")
	}
	if page.decodeErr != nil {
		return result{question: qSearchTotal, assumes: aSearchTotal, verdict: disagrees,
			answer: answer + fmt.Sprintf("; the provider cannot read the page: %v", page.decodeErr),
			next:   "HelpCrunchChatList.UnmarshalJSON (internal/client/helpcrunch_chats.go) must read this page's shape"}
	}
	return result{question: qSearchTotal, assumes: aSearchTotal, verdict: agrees, answer: answer}
}

// helpcrunchChatFieldTypes says how the page types closedBy and rating: the
// provider reads a string or a number, and nothing else.
func (p *prober) helpcrunchChatFieldTypes(page *helpcrunchPage) result {
	if page.skip != nil {
		return page.skip.as(qChatFieldTypes, aChatFieldTypes)
	}
	res := result{question: qChatFieldTypes, assumes: aChatFieldTypes, verdict: agrees}
	var parts, other []string
	for _, field := range []string{"closedBy", "rating"} {
		values := page.fields[field]
		if len(values) == 0 {
			parts = append(parts, fmt.Sprintf("`%s` is null in each", field))
			continue
		}
		kinds := map[string][]string{}
		for _, v := range values {
			kind := "other"
			switch v[0] {
			case '"':
				kind = "strings"
			case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				kind = "numbers"
			}
			if !slices.Contains(kinds[kind], string(v)) {
				kinds[kind] = append(kinds[kind], string(v))
			}
		}
		for _, kind := range slices.Sorted(maps.Keys(kinds)) {
			parts = append(parts, fmt.Sprintf("`%s`: %s (%s)", field, kind, strings.Join(kinds[kind], ", ")))
		}
		if len(kinds["other"]) > 0 {
			other = append(other, field)
		}
	}
	res.answer = fmt.Sprintf("in the newest %d chats: %s", len(page.statuses)+len(page.nonString), strings.Join(parts, "; "))
	if len(other) > 0 {
		res.verdict = disagrees
		res.next = fmt.Sprintf("HelpCrunch reads %s back as something else than a string or a number: HelpCrunchChat "+
			"(internal/client/helpcrunch_chats.go) must read that form", strings.Join(other, " and "))
	}
	return res
}

// helpcrunchMessageStatus posts one private note (only agents see it) to
// the chat the user named, as the agent the user named: with -writes only.
func (p *prober) helpcrunchMessageStatus(ctx context.Context) result {
	switch {
	case p.hc == nil:
		return noCredentials(qMessageStatus, aMessageStatus)
	case !p.cfg.writes:
		return skipped(qMessageStatus, aMessageStatus, "a write: run with -writes -helpcrunch-chat ID -helpcrunch-agent ID")
	case p.cfg.helpcrunchChat == 0 || p.cfg.helpcrunchAgent == 0:
		return skipped(qMessageStatus, aMessageStatus, "name a chat with -helpcrunch-chat and an agent with -helpcrunch-agent")
	}
	if res, ok := p.refused(qMessageStatus, aMessageStatus, p.cfg.helpcrunch); ok {
		return res
	}
	agent := p.cfg.helpcrunchAgent
	resp, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/messages", Write: true, Body: client.HelpCrunchCreateMessageRequest{
		Chat: p.cfg.helpcrunchChat, Agent: &agent, Type: client.HelpCrunchMessageTypePrivate,
		Text: "chatops make probe: a private note (agents only) to see how POST /messages answers. It can be deleted.",
	}})
	if err != nil {
		res := p.unanswered(qMessageStatus, aMessageStatus, p.cfg.helpcrunch, err)
		if client.IsNotFound(err) {
			res.next = fmt.Sprintf("check that chat %d and agent %d exist", p.cfg.helpcrunchChat, agent)
		}
		return res
	}
	var msg client.HelpCrunchMessage
	decodeErr := json.Unmarshal(resp.Body, &msg)
	answer := fmt.Sprintf("%s (posted private note %d to chat %d)", statusText(resp.StatusCode), msg.ID, p.cfg.helpcrunchChat)
	if decodeErr != nil || msg.ID == 0 {
		return result{question: qMessageStatus, assumes: aMessageStatus, verdict: disagrees,
			answer: fmt.Sprintf("%d, with a body the provider cannot read as a message with an id (%v)", resp.StatusCode, decodeErr),
			next:   "HelpCrunchMessage (internal/client/helpcrunch_messages.go) must read what POST /messages answers"}
	}
	return result{question: qMessageStatus, assumes: aMessageStatus, verdict: agrees, answer: answer}
}

// as is a page-wide result given to one question.
func (r result) as(question, assumes string) result {
	r.question, r.assumes = question, assumes
	return r
}

// helpcrunchCustomData reads the first customer of the chats page with
// custom data, raw: whether HelpCrunch answers customData as an object or as
// a list, and whether the provider's client reads it.
func (p *prober) helpcrunchCustomData(ctx context.Context, page *helpcrunchPage) result {
	if page.skip != nil {
		return page.skip.as(qCustomData, aCustomData)
	}
	if len(page.customers) == 0 {
		return skipped(qCustomData, aCustomData, "no chat on the page names its customer")
	}
	var seen []string
	for _, id := range page.customers[:min(len(page.customers), 3)] {
		resp, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodGet, Path: fmt.Sprintf("/customers/%d", id)})
		if err != nil {
			return p.unanswered(qCustomData, aCustomData, p.cfg.helpcrunch, err)
		}
		var body struct {
			CustomData json.RawMessage `json:"customData"`
		}
		if err := json.Unmarshal(resp.Body, &body); err != nil {
			return result{question: qCustomData, assumes: aCustomData, verdict: failed,
				answer: fmt.Sprintf("error: customer %d is not a JSON object: %v", id, err)}
		}
		shape := "absent"
		switch raw := strings.TrimSpace(string(body.CustomData)); {
		case raw == "" || raw == "null":
		case strings.HasPrefix(raw, "{"):
			shape = "an object"
		case strings.HasPrefix(raw, "["):
			shape = "a list"
		default:
			shape = "something else (" + raw + ")"
		}
		seen = append(seen, fmt.Sprintf("customer %d: %s", id, shape))
		if shape == "absent" {
			continue
		}
		var customer client.HelpCrunchCustomer
		if err := json.Unmarshal(resp.Body, &customer); err != nil {
			return result{question: qCustomData, assumes: aCustomData, verdict: disagrees,
				answer: fmt.Sprintf("%s; the provider cannot read it: %v", strings.Join(seen, "; "), err),
				next:   "HelpCrunchCustomData.UnmarshalJSON (internal/client/helpcrunch_customers.go) must read this shape"}
		}
		return result{question: qCustomData, assumes: aCustomData, verdict: agrees, answer: strings.Join(seen, "; ")}
	}
	return result{question: qCustomData, assumes: aCustomData, verdict: notChecked,
		answer: strings.Join(seen, "; ") + ": none of them has custom data, so its shape did not show"}
}

// probeCustomerName names the customer helpcrunchCustomerPut makes, so that
// one left behind by a failed run is easy to find and delete.
const probeCustomerName = "chatops make probe (delete me)"

// helpcrunchCustomerPut makes a customer, updates it with a PUT that leaves
// out its company, reads it back and deletes it: whether HelpCrunch set the
// company to null or kept it. With -writes only.
func (p *prober) helpcrunchCustomerPut(ctx context.Context) result {
	switch {
	case p.hc == nil:
		return noCredentials(qCustomerPut, aCustomerPut)
	case !p.cfg.writes:
		return skipped(qCustomerPut, aCustomerPut, "a write: run with -writes (it makes a customer and deletes it)")
	}
	if res, ok := p.refused(qCustomerPut, aCustomerPut, p.cfg.helpcrunch); ok {
		return res
	}
	created, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodPost, Path: "/customers", Write: true,
		Body: map[string]any{"name": probeCustomerName, "company": "chatops probe"}})
	if err != nil {
		return p.unanswered(qCustomerPut, aCustomerPut, p.cfg.helpcrunch, err)
	}
	var customer struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(created.Body, &customer); err != nil || customer.ID == 0 {
		return result{question: qCustomerPut, assumes: aCustomerPut, verdict: failed,
			answer: fmt.Sprintf("error: POST /customers answered no customer id (%v)", err),
			next:   fmt.Sprintf("look for a customer named %q and delete it", probeCustomerName)}
	}
	path := fmt.Sprintf("/customers/%d", customer.ID)
	answer, verdict := "", agrees
	if _, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodPut, Path: path, Write: true,
		Body: map[string]any{"name": probeCustomerName}}); err != nil {
		answer, verdict = "error: "+err.Error(), failed
	} else if read, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodGet, Path: path}); err != nil {
		answer, verdict = "error: "+err.Error(), failed
	} else {
		var after struct {
			Company *string `json:"company"`
		}
		_ = json.Unmarshal(read.Body, &after)
		answer = "keeps them: the company left out of the PUT is still set (merge)"
		if after.Company == nil || *after.Company == "" {
			answer = "sets them to null: the company left out of the PUT is gone (replace)"
		}
	}
	res := result{question: qCustomerPut, assumes: aCustomerPut, verdict: verdict, answer: answer}
	if _, err := p.hc.Raw(ctx, client.RawRequest{Method: http.MethodDelete, Path: path, Write: true}); err != nil {
		res.answer += fmt.Sprintf("; deleting the probe's customer %d failed: %v", customer.ID, err)
		res.next = fmt.Sprintf("delete HelpCrunch customer %d (%q) by hand", customer.ID, probeCustomerName)
		if res.verdict == agrees {
			res.verdict = failed
		}
		return res
	}
	res.answer += fmt.Sprintf(" (customer %d made, updated and deleted)", customer.ID)
	return res
}
