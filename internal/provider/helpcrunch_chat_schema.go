package provider

// The chat search filters, in one place: the chatops_helpcrunch_chats data
// source and the chatops_helpcrunch_chat list resource take the same filters
// (see filterAttr), read them into the same model and search with the same
// code.

import (
	"context"
	"iter"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// helpcrunchChatFilterModel holds the chat search filters. Embedded in the
// models of whatever searches chats.
type helpcrunchChatFilterModel struct {
	Status        types.String          `tfsdk:"status"`
	Customer      framework.WholeNumber `tfsdk:"customer"`
	Assignee      framework.WholeNumber `tfsdk:"assignee"`
	Department    framework.WholeNumber `tfsdk:"department"`
	Application   framework.WholeNumber `tfsdk:"application"`
	CreatedAfter  types.String          `tfsdk:"created_after"`
	CreatedBefore types.String          `tfsdk:"created_before"`
}

// helpcrunchChatFilters defines the chat search filters (see
// helpcrunchChatFilterModel) once, for the data source and the list resource.
func helpcrunchChatFilters() map[string]filterAttr {
	idFilter := func(what, how string) filterAttr {
		return filterAttr{
			kind:       filterNumber,
			numberType: framework.WholeNumberType{},
			desc:       "Only chats " + what + " (an id: a whole number, at least 1). " + how + " Unset: no filter.",
			num:        []validator.Number{framework.PositiveWholeNumber()},
		}
	}
	return map[string]filterAttr{
		"status": {
			kind: filterString,
			desc: "Only chats with this status: one of " + helpcrunchStatusList(client.HelpCrunchStatuses) +
				". The spellings of \"on hold\" (`on hold`, `onhold`, `on-hold`) all find the same chats; it is sent as `onhold`, " +
				"the spelling of HelpCrunch's chat model. Unset: no filter.",
			str: []validator.String{stringvalidator.OneOf(client.HelpCrunchStatuses...)},
		},
		"customer":   idFilter("of this customer", "Sent to HelpCrunch as a `chats.customer` filter."),
		"assignee":   idFilter("assigned to this agent", "Sent to HelpCrunch as a `chats.assignee` filter."),
		"department": idFilter("in this department", "Sent to HelpCrunch as a `chats.department` filter."),
		"application": idFilter("that came through this application",
			"HelpCrunch cannot search by application, so the provider keeps, from the chats the other filters find, "+
				"those whose `applicationId` is this one (a chat whose answer leaves `applicationId` out is left out). "+
				"Every chat the other filters match may be read to find them."),
		"created_after": {
			kind: filterTime,
			desc: "Only chats created at or after this moment, RFC 3339 (e.g. `2024-01-31T09:00:00Z`); not later than `created_before`. Sent to HelpCrunch as Unix seconds. Unset: no filter.",
			str:  []validator.String{framework.NotAfter(path.MatchRoot("created_before"), "Empty Time Range")},
		},
		"created_before": {
			kind: filterTime,
			desc: "Only chats created at or before this moment, RFC 3339. Sent to HelpCrunch as Unix seconds. Unset: no filter.",
		},
	}
}

// searchRequest is the search of the filters HelpCrunch can apply, in the
// order sort and order ask for.
func (m *helpcrunchChatFilterModel) searchRequest(sort, order string, diags *diag.Diagnostics) client.HelpCrunchSearchRequest {
	return client.HelpCrunchSearchRequest{Comparison: "AND", Sort: sort, Order: order, Filter: m.filters(diags)}
}

// search yields the chats of req (see searchRequest) that also match the
// application filter, and stops after limit of them (0: no limit). Pages
// are read only as the caller ranges on; without the application filter
// every chat found is kept, so pages ask for no more than limit still
// needs. The first error is yielded once and ends it; total, when not nil,
// is set to the first page's total when it has one.
func (m *helpcrunchChatFilterModel) search(ctx context.Context, chats *client.HelpCrunchChatsService, req client.HelpCrunchSearchRequest, limit int, total *int) iter.Seq2[client.HelpCrunchChat, error] {
	return func(yield func(client.HelpCrunchChat, error) bool) {
		application := m.Application.ValueInt64Pointer()
		pageWant := limit
		if application != nil {
			pageWant = 0
		}
		tflog.Debug(ctx, "Searching HelpCrunch chats", map[string]any{"filters": len(req.Filter), "limit": limit, "application": application})
		found := 0
		for chat, err := range chats.SearchIter(ctx, req, pageWant, total) {
			if err != nil {
				yield(chat, err)
				return
			}
			if application != nil && (chat.ApplicationID == nil || *chat.ApplicationID != *application) {
				continue
			}
			found++
			if !yield(chat, nil) || (limit > 0 && found >= limit) {
				return
			}
		}
	}
}

// filters turns the configured filters into the search's filter list. The
// search needs at least one, so without any it asks for every chat created
// since the epoch.
func (m *helpcrunchChatFilterModel) filters(diags *diag.Diagnostics) []client.HelpCrunchSearchFilter {
	var out []client.HelpCrunchSearchFilter
	if framework.Known(m.Status) {
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.status", Operator: "=", Value: client.HelpCrunchSearchStatus(m.Status.ValueString())})
	}
	for _, f := range []struct {
		field string
		value framework.WholeNumber
	}{
		{"chats.customer", m.Customer},
		{"chats.assignee", m.Assignee},
		{"chats.department", m.Department},
	} {
		if !f.value.IsNull() && !f.value.IsUnknown() {
			out = append(out, client.HelpCrunchSearchFilter{Field: f.field, Operator: "=", Value: f.value.ValueInt64()})
		}
	}
	if t, ok := knownTime(m.CreatedAfter, diags); ok {
		// Timestamps are whole seconds: "at or after 10.5" is ">= 11".
		secs := t.Unix()
		if t.Nanosecond() > 0 {
			secs++
		}
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: ">=", Value: secs})
	}
	if t, ok := knownTime(m.CreatedBefore, diags); ok {
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: "<=", Value: t.Unix()})
	}
	if len(out) == 0 {
		out = append(out, client.HelpCrunchSearchFilter{Field: "chats.createdAt", Operator: ">=", Value: 0})
	}
	return out
}

// knownTime is v's time, and false when v is unset or unknown.
func knownTime(v types.String, diags *diag.Diagnostics) (time.Time, bool) {
	if !framework.Known(v) {
		return time.Time{}, false
	}
	t, err := framework.ParseRFC3339(v.ValueString())
	if err != nil {
		diags.AddError("Invalid RFC 3339 Time", err.Error())
		return time.Time{}, false
	}
	return t, true
}
