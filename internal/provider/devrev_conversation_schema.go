package provider

// The conversation object and the conversations.list filters, in one place:
// the chatops_devrev_conversations data source, the chatops_devrev_conversation
// resource and its list resource all build on what is here.

import (
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/framework"
)

// The spec's enums the data source checks at plan time.
var (
	devrevConvListModes       = []string{client.DevRevListModeAfter, client.DevRevListModeBefore}
	devrevConvDatePresetTypes = []string{"last_n_days", "next_n_days"}
	devrevConvSLAStages       = []string{"breached", "completed", "paused", "running", "warning"}
)

// convMaxPresetDays is the most days a date preset may span: the spec allows
// a uint32, but a span is computed as a time.Duration, here for modified_date
// (whose filter has no presets in the API) and by DevRev, and no more than
// 106,751 days (about 292 years) fit in one.
const convMaxPresetDays = math.MaxInt64 / int64(24*time.Hour)

// devrevConversationFilterModel holds every conversations.list filter, with
// the API's names, in the Go types of the request (null is nil), since a
// filter is read only from a known configuration. A set is read as a slice
// as well as a list is, so the data source (sets) and the list resource
// (lists) both read their configuration into it.
type devrevConversationFilterModel struct {
	ActualCloseDate   *devrevDateFilterModel       `tfsdk:"actual_close_date"`
	AppliesToParts    []string                     `tfsdk:"applies_to_parts"`
	Brand             []string                     `tfsdk:"brand"`
	Channels          []string                     `tfsdk:"channels"`
	Group             []string                     `tfsdk:"group"`
	IsCreatorVerified *bool                        `tfsdk:"is_creator_verified"`
	IsFrozen          *bool                        `tfsdk:"is_frozen"`
	IsSpam            *bool                        `tfsdk:"is_spam"`
	Members           []string                     `tfsdk:"members"`
	ModifiedDate      *devrevDateFilterModel       `tfsdk:"modified_date"`
	OwnedBy           []string                     `tfsdk:"owned_by"`
	RevOrg            []string                     `tfsdk:"rev_org"`
	RevOrgs           []string                     `tfsdk:"rev_orgs"`
	SLASummary        *devrevSLASummaryFilterModel `tfsdk:"sla_summary"`
	SourceChannel     []string                     `tfsdk:"source_channel"`
	SourceChannelV2   []string                     `tfsdk:"source_channel_v2"`
	SourceChannels    []string                     `tfsdk:"source_channels"`
	Stage             *devrevStageFilterModel      `tfsdk:"stage"`
	State             []string                     `tfsdk:"state"`
	Tags              []string                     `tfsdk:"tags"`
	TagsV2            []devrevTagFilterModel       `tfsdk:"tags_v2"`
}

type devrevDateFilterModel struct {
	After      *string `tfsdk:"after"`
	Before     *string `tfsdk:"before"`
	PresetType *string `tfsdk:"preset_type"`
	Days       *int64  `tfsdk:"days"`
}

// devrevStageFilterModel and devrevTagFilterModel are the client's filters
// with tfsdk tags, and convert to them.
type devrevStageFilterModel struct {
	Name []string `tfsdk:"name"`
}

type devrevTagFilterModel struct {
	ID    *string `tfsdk:"id"`
	Value *string `tfsdk:"value"`
}

type devrevSLASummaryFilterModel struct {
	Stage      []string               `tfsdk:"stage"`
	TargetTime *devrevDateFilterModel `tfsdk:"target_time"`
}

// devrevConvSLAAttrTypes is the type of a conversation's SLA summary.
var devrevConvSLAAttrTypes = map[string]attr.Type{"stage": types.StringType, "target_time": types.StringType}

// devrevConvOutputModel is one conversation of a read's output (see
// devrevConvOutputAttribute). Lists are never nil: a conversation without
// members has an empty list, not a null one.
type devrevConvOutputModel struct {
	ID            types.String              `tfsdk:"id"`
	DisplayID     types.String              `tfsdk:"display_id"`
	Title         types.String              `tfsdk:"title"`
	Description   types.String              `tfsdk:"description"`
	Stage         *devrevConvStageOutput    `tfsdk:"stage"`
	Members       []string                  `tfsdk:"members"`
	OwnedBy       []string                  `tfsdk:"owned_by"`
	Tags          []devrevConvTagOutput     `tfsdk:"tags"`
	Group         types.String              `tfsdk:"group"`
	Channels      []string                  `tfsdk:"channels"`
	SourceChannel types.String              `tfsdk:"source_channel"`
	SLASummary    *devrevConvSLAOutputModel `tfsdk:"sla_summary"`
	CreatedDate   types.String              `tfsdk:"created_date"`
	ModifiedDate  types.String              `tfsdk:"modified_date"`
	CreatedBy     types.String              `tfsdk:"created_by"`
}

type devrevConvStageOutput struct {
	Name types.String `tfsdk:"name"`
}

type devrevConvTagOutput struct {
	ID    types.String `tfsdk:"id"`
	Name  types.String `tfsdk:"name"`
	Value types.String `tfsdk:"value"`
}

type devrevConvSLAOutputModel struct {
	Stage      types.String `tfsdk:"stage"`
	TargetTime types.String `tfsdk:"target_time"`
}

// devrevConvOutput is the output model of conversation c.
func devrevConvOutput(c *client.DevRevConversation) devrevConvOutputModel {
	out := devrevConvOutputModel{
		ID:            types.StringValue(c.ID),
		DisplayID:     framework.StringOrNull(c.DisplayID),
		Title:         framework.StringOrNull(c.Title),
		Description:   framework.StringOrNull(c.Description),
		Members:       convUserIDs(c.Members),
		OwnedBy:       convUserIDs(c.OwnedBy),
		Tags:          make([]devrevConvTagOutput, 0, len(c.Tags)),
		Group:         types.StringNull(),
		Channels:      make([]string, 0, len(c.Channels)),
		SourceChannel: framework.StringOrNull(c.SourceChannel),
		CreatedDate:   convTime(c.CreatedDate),
		ModifiedDate:  convTime(c.ModifiedDate),
		CreatedBy:     types.StringNull(),
	}
	if c.Stage != nil {
		out.Stage = &devrevConvStageOutput{Name: types.StringValue(c.Stage.Name)}
	}
	for _, t := range c.Tags {
		out.Tags = append(out.Tags, devrevConvTagOutput{ID: types.StringValue(t.Tag.ID), Name: framework.StringOrNull(t.Tag.Name), Value: framework.StringOrNull(t.Value)})
	}
	if c.Group != nil {
		out.Group = types.StringValue(c.Group.ID)
	}
	for _, ch := range c.Channels {
		out.Channels = append(out.Channels, ch.ID)
	}
	if c.SLASummary != nil {
		out.SLASummary = &devrevConvSLAOutputModel{Stage: framework.StringOrNull(c.SLASummary.Stage), TargetTime: convTime(c.SLASummary.TargetTime)}
	}
	if c.CreatedBy != nil {
		out.CreatedBy = types.StringValue(c.CreatedBy.ID)
	}
	return out
}

func convUserIDs(users []client.DevRevUserSummary) []string {
	ids := make([]string, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return ids
}

// devrevConvFilters defines every conversations.list filter (see
// devrevConversationFilterModel) once, for the data source and the list
// resource alike (see filterAttr). Every id-set filter refuses blank elements
// and every range refuses after > before at plan time, because the API would
// take them and match nothing.
func devrevConvFilters() map[string]filterAttr {
	idSet := func(desc string) filterAttr {
		return filterAttr{
			kind: filterStringSet,
			desc: desc + " Each element must not be blank. Unset (or empty): not filtered.",
			str:  []validator.String{framework.NotBlank()},
		}
	}
	deprecatedSet := func(desc, instead string) filterAttr {
		a := idSet(desc + fmt.Sprintf(" **Deprecated** by the API: use `%s`.", instead))
		a.deprecated = fmt.Sprintf("Deprecated by the DevRev API; use %s instead.", instead)
		return a
	}
	flag := func(desc string) filterAttr {
		return filterAttr{kind: filterBool, desc: desc + " Unset: not filtered."}
	}
	dateRange := func(at path.Expression, desc, what string) filterAttr {
		return filterAttr{kind: filterObject, desc: desc, attrs: convDateFilterAttributes(at, what)}
	}

	return map[string]filterAttr{
		"actual_close_date": dateRange(path.MatchRoot("actual_close_date"), "Filters for conversations closed in a time range: either `after`/`before`, or `preset_type` with `days`. "+
			"Conversations that are not closed never match. Unset: not filtered.", "closed"),
		"applies_to_parts":    idSet("Filters for conversations belonging to any of these parts (ids or display ids such as `PROD-1`)."),
		"brand":               idSet("Filters for conversations associated with any of these brands (ids)."),
		"channels":            idSet("Filters for conversations associated with any of these channels (ids)."),
		"group":               idSet("Filters for conversations belonging to any of these groups (ids)."),
		"is_creator_verified": flag("`true`: only conversations created by verified users; `false`: only the others."),
		"is_frozen":           flag("`true`: only frozen conversations; `false`: only the others."),
		"is_spam":             flag("`true`: only conversations marked as spam; `false`: only the others."),
		"members":             idSet("Filters for conversations in which any of these users takes part (ids or display ids such as `DEVU-1`)."),
		"modified_date": dateRange(path.MatchRoot("modified_date"), "Filters for conversations last modified in a time range: either `after`/`before`, or `preset_type` with `days`. "+
			"The API takes only a range here, so a preset is sent as the range it stands for, counted from the time of the read. Unset: not filtered.", "last modified"),
		"owned_by":          idSet("Filters for conversations owned by any of these users (ids or display ids such as `DEVU-1`)."),
		"rev_orgs":          idSet("Filters for conversations associated with any of these Rev organizations (ids)."),
		"rev_org":           deprecatedSet("Filters for conversations associated with any of these Rev organizations (ids).", "rev_orgs"),
		"source_channel":    idSet("Filters for conversations from any of these source channels (names such as `email`)."),
		"source_channel_v2": idSet("Filters for conversations associated with any of these source channels (channel ids)."),
		"source_channels":   deprecatedSet("Filters for conversations from any of these source channels (names).", "source_channel"),
		"sla_summary": {
			kind: filterObject,
			desc: "Filters on the conversation's SLA summary. Unset: not filtered.",
			attrs: map[string]filterAttr{
				"stage": {
					kind: filterStringSet,
					desc: "Filters for conversations whose SLA is in any of these stages: " +
						"`breached`, `completed`, `paused`, `running`, `warning`. Unset: not filtered.",
					str: []validator.String{stringvalidator.OneOf(devrevConvSLAStages...)},
				},
				"target_time": dateRange(path.MatchRoot("sla_summary").AtName("target_time"), "Filters for conversations whose SLA target time is in a time range: either `after`/`before`, or `preset_type` with `days`. Unset: not filtered.", "due"),
			},
		},
		"stage": {
			kind: filterObject,
			desc: "Filters on the conversation's stage. Unset: not filtered.",
			attrs: map[string]filterAttr{
				"name": {
					kind: filterStringSet,
					desc: "Filters for conversations in any of these stages, by name (such as `queued` or `resolved`). Each name must not be blank. Unset: not filtered.",
					str:  []validator.String{framework.NotBlank()},
				},
			},
		},
		"state": idSet("Filters for conversations in any of these states (such as `open` or `closed`)."),
		"tags":  deprecatedSet("Filters for conversations with any of these tags (ids).", "tags_v2"),
		"tags_v2": {
			kind: filterObjectList,
			desc: "Filters for conversations with any of these tags: an entry matches a conversation that has the tag `id` " +
				"and, when `value` is set, that value. Unset: not filtered.",
			attrs: map[string]filterAttr{
				// An entry without either would match every tagged conversation.
				"id": {kind: filterString, desc: "The tag's id (or display id such as `TAG-1`). At least one of `id` and `value` must be set.",
					str: []validator.String{framework.NotBlank(), stringvalidator.AtLeastOneOf(path.MatchRelative().AtParent().AtName("value"))}},
				"value": {kind: filterString, desc: "The value the conversation's tag must have. Unset: any value."},
			},
		},
	}
}

// devrevConvOutputAttribute is the schema of the conversations a read returns
// (see devrevConvOutputModel).
func devrevConvOutputAttribute(desc string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The conversation's id."},
				"display_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "The conversation's display id, such as `CONV-1`."},
				"title":       schema.StringAttribute{Computed: true, MarkdownDescription: "The title."},
				"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The description."},
				"stage": schema.SingleNestedAttribute{
					Computed:            true,
					MarkdownDescription: "The conversation's stage.",
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{Computed: true, MarkdownDescription: "The stage's name."},
					},
				},
				"members":  schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Ids of the users in the conversation."},
				"owned_by": schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Ids of the users who own the conversation."},
				"tags": schema.ListNestedAttribute{
					Computed:            true,
					MarkdownDescription: "The conversation's tags.",
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"id":    schema.StringAttribute{Computed: true, MarkdownDescription: "The tag's id."},
							"name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The tag's name."},
							"value": schema.StringAttribute{Computed: true, MarkdownDescription: "The tag's value on this conversation, if any."},
						},
					},
				},
				"group":          schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the group the conversation belongs to."},
				"channels":       schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Ids of the conversation's channels."},
				"source_channel": schema.StringAttribute{Computed: true, MarkdownDescription: "The channel the conversation came from, such as `email`."},
				"sla_summary": schema.SingleNestedAttribute{
					Computed:            true,
					MarkdownDescription: "The conversation's SLA summary; null when no SLA applies.",
					Attributes: map[string]schema.Attribute{
						"stage":       schema.StringAttribute{Computed: true, MarkdownDescription: "The SLA's stage: `breached`, `completed`, `paused`, `running` or `warning`."},
						"target_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the SLA is breached (RFC 3339)."},
					},
				},
				"created_date":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the conversation was created (RFC 3339)."},
				"modified_date": schema.StringAttribute{Computed: true, MarkdownDescription: "When the conversation was last modified (RFC 3339)."},
				"created_by":    schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the user who created the conversation."},
			},
		},
	}
}

// convDateFilterAttributes is the date filter at at: a range (after and/or
// before) or a preset (preset_type with days), not both and not neither. The
// rules name their attributes from the root, so that their errors do too.
func convDateFilterAttributes(at path.Expression, what string) map[string]filterAttr {
	attrs := func(names ...string) []path.Expression {
		out := make([]path.Expression, len(names))
		for i, n := range names {
			out[i] = at.AtName(n)
		}
		return out
	}
	return map[string]filterAttr{
		"after": {
			kind: filterTime,
			desc: fmt.Sprintf("Only conversations %s at or after this time (RFC 3339, e.g. `2024-01-01T00:00:00Z`); not later than `before`. Conflicts with `preset_type`.", what),
			str: []validator.String{
				stringvalidator.AtLeastOneOf(attrs("before", "preset_type", "days")...),
				framework.NotAfter(at.AtName("before"), "Inverted Date Range"),
			},
		},
		"before": {
			kind: filterTime,
			desc: fmt.Sprintf("Only conversations %s at or before this time (RFC 3339). Conflicts with `preset_type`.", what),
		},
		"preset_type": {
			kind: filterString,
			desc: fmt.Sprintf("A range counted from now: `last_n_days` (the past `days` days) or `next_n_days` (the next `days` days) "+
				"of conversations %s then. Needs `days`; conflicts with `after` and `before`.", what),
			str: []validator.String{
				stringvalidator.OneOf(devrevConvDatePresetTypes...),
				stringvalidator.ConflictsWith(attrs("after", "before")...),
				stringvalidator.AlsoRequires(attrs("days")...),
			},
		},
		"days": {
			kind: filterInt64,
			desc: "The number of days of `preset_type`, 0 to 106751 (about 292 years; the API takes a larger number but cannot count that far). Needs `preset_type`.",
			i64:  []validator.Int64{int64validator.Between(0, convMaxPresetDays), int64validator.AlsoRequires(attrs("preset_type")...)},
		},
	}
}

// listRequest turns the configured filters into a conversations.list request;
// an unset filter stays nil and is not sent.
func (m *devrevConversationFilterModel) listRequest(now time.Time) *client.DevRevConversationsListRequest {
	r := &client.DevRevConversationsListRequest{
		ActualCloseDate:   m.ActualCloseDate.request(),
		AppliesToParts:    m.AppliesToParts,
		Brand:             m.Brand,
		Channels:          m.Channels,
		Group:             m.Group,
		IsCreatorVerified: m.IsCreatorVerified,
		IsFrozen:          m.IsFrozen,
		IsSpam:            m.IsSpam,
		Members:           m.Members,
		OwnedBy:           m.OwnedBy,
		RevOrg:            m.RevOrg,
		RevOrgs:           m.RevOrgs,
		SourceChannel:     m.SourceChannel,
		SourceChannelV2:   m.SourceChannelV2,
		SourceChannels:    m.SourceChannels,
		Stage:             (*client.DevRevStageFilter)(m.Stage),
		State:             m.State,
		Tags:              m.Tags,
	}
	if f := m.ModifiedDate.request(); f != nil {
		r.ModifiedDate = convDateTimeFilter(f, now)
	}
	for _, t := range m.TagsV2 {
		r.TagsV2 = append(r.TagsV2, client.DevRevTagWithValueFilter(t))
	}
	if m.SLASummary != nil {
		r.SLASummary = &client.DevRevSLASummaryFilter{Stage: m.SLASummary.Stage, TargetTime: m.SLASummary.TargetTime.request()}
	}
	return r
}

// request is the spec's date-filter of a configured date filter (nil: unset).
func (f *devrevDateFilterModel) request() *client.DevRevDateFilter {
	switch {
	case f == nil:
		return nil
	case f.PresetType != nil:
		return &client.DevRevDateFilter{Type: "preset", PresetType: f.PresetType, Days: f.Days}
	}
	return &client.DevRevDateFilter{Type: "range", After: f.After, Before: f.Before}
}

// convDateTimeFilter turns a date-filter into the spec's date-time-filter, which
// has no presets: a preset becomes the range it means at now.
func convDateTimeFilter(f *client.DevRevDateFilter, now time.Time) *client.DevRevDateTimeFilter {
	if f.Type == "range" {
		return &client.DevRevDateTimeFilter{After: f.After, Before: f.Before}
	}
	span := time.Duration(*f.Days) * 24 * time.Hour
	from, to := now.Add(-span), now
	if *f.PresetType == "next_n_days" {
		from, to = now, now.Add(span)
	}
	after, before := from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339)
	return &client.DevRevDateTimeFilter{After: &after, Before: &before}
}

func convTime(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}
