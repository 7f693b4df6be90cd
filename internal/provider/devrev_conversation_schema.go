package provider

// The conversation object and the conversations.list filters, in one place:
// the chatops_devrev_conversations data source, the chatops_devrev_conversation
// resource and its list resource all build on what is here.

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// The spec's enums the data source checks at plan time.
var (
	devrevConvListModes       = []string{client.DevRevListModeAfter, client.DevRevListModeBefore}
	devrevConvDatePresetTypes = []string{"last_n_days", "next_n_days"}
	devrevConvSLAStages       = []string{"breached", "completed", "paused", "running", "warning"}
)

// convMaxPresetDays is the spec's maximum of a date preset's days (uint32).
const convMaxPresetDays = 4294967295

// devrevConversationFilterModel holds every conversations.list filter, with
// the API's names. Embedded in the models of whatever lists conversations.
type devrevConversationFilterModel struct {
	ActualCloseDate   types.Object `tfsdk:"actual_close_date"`
	AppliesToParts    types.Set    `tfsdk:"applies_to_parts"`
	Brand             types.Set    `tfsdk:"brand"`
	Channels          types.Set    `tfsdk:"channels"`
	Group             types.Set    `tfsdk:"group"`
	IsCreatorVerified types.Bool   `tfsdk:"is_creator_verified"`
	IsFrozen          types.Bool   `tfsdk:"is_frozen"`
	IsSpam            types.Bool   `tfsdk:"is_spam"`
	Members           types.Set    `tfsdk:"members"`
	ModifiedDate      types.Object `tfsdk:"modified_date"`
	OwnedBy           types.Set    `tfsdk:"owned_by"`
	RevOrg            types.Set    `tfsdk:"rev_org"`
	RevOrgs           types.Set    `tfsdk:"rev_orgs"`
	SLASummary        types.Object `tfsdk:"sla_summary"`
	SourceChannel     types.Set    `tfsdk:"source_channel"`
	SourceChannelV2   types.Set    `tfsdk:"source_channel_v2"`
	SourceChannels    types.Set    `tfsdk:"source_channels"`
	Stage             types.Object `tfsdk:"stage"`
	State             types.Set    `tfsdk:"state"`
	Tags              types.Set    `tfsdk:"tags"`
	TagsV2            types.List   `tfsdk:"tags_v2"`
	Cursor            types.String `tfsdk:"cursor"`
	Mode              types.String `tfsdk:"mode"`
}

type devrevDateFilterModel struct {
	After      types.String `tfsdk:"after"`
	Before     types.String `tfsdk:"before"`
	PresetType types.String `tfsdk:"preset_type"`
	Days       types.Int64  `tfsdk:"days"`
}

type devrevSLASummaryFilterModel struct {
	Stage      types.Set    `tfsdk:"stage"`
	TargetTime types.Object `tfsdk:"target_time"`
}

type devrevStageFilterModel struct {
	Name types.Set `tfsdk:"name"`
}

type devrevTagFilterModel struct {
	ID    types.String `tfsdk:"id"`
	Value types.String `tfsdk:"value"`
}

// Attribute types of the conversations output.
var (
	devrevConvStageAttrTypes = map[string]attr.Type{"name": types.StringType}
	devrevConvSLAAttrTypes   = map[string]attr.Type{"stage": types.StringType, "target_time": types.StringType}
	devrevConvTagAttrTypes   = map[string]attr.Type{"id": types.StringType, "name": types.StringType, "value": types.StringType}
	devrevConvAttrTypes      = map[string]attr.Type{
		"id":             types.StringType,
		"display_id":     types.StringType,
		"title":          types.StringType,
		"description":    types.StringType,
		"stage":          types.ObjectType{AttrTypes: devrevConvStageAttrTypes},
		"members":        types.ListType{ElemType: types.StringType},
		"owned_by":       types.ListType{ElemType: types.StringType},
		"tags":           types.ListType{ElemType: types.ObjectType{AttrTypes: devrevConvTagAttrTypes}},
		"group":          types.StringType,
		"channels":       types.ListType{ElemType: types.StringType},
		"source_channel": types.StringType,
		"sla_summary":    types.ObjectType{AttrTypes: devrevConvSLAAttrTypes},
		"created_date":   types.StringType,
		"modified_date":  types.StringType,
		"created_by":     types.StringType,
	}
)

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
			str:  []validator.String{notBlank()},
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
	dateRange := func(desc, what string) filterAttr {
		return filterAttr{kind: filterObject, desc: desc, attrs: convDateFilterAttributes(what), obj: []validator.Object{convDateFilterValidator{}}}
	}

	return map[string]filterAttr{
		"actual_close_date": dateRange("Filters for conversations closed in a time range: either `after`/`before`, or `preset_type` with `days`. "+
			"Conversations that are not closed never match. Unset: not filtered.", "closed"),
		"applies_to_parts":    idSet("Filters for conversations belonging to any of these parts (ids or display ids such as `PROD-1`)."),
		"brand":               idSet("Filters for conversations associated with any of these brands (ids)."),
		"channels":            idSet("Filters for conversations associated with any of these channels (ids)."),
		"group":               idSet("Filters for conversations belonging to any of these groups (ids)."),
		"is_creator_verified": flag("`true`: only conversations created by verified users; `false`: only the others."),
		"is_frozen":           flag("`true`: only frozen conversations; `false`: only the others."),
		"is_spam":             flag("`true`: only conversations marked as spam; `false`: only the others."),
		"members":             idSet("Filters for conversations in which any of these users takes part (ids or display ids such as `DEVU-1`)."),
		"modified_date": dateRange("Filters for conversations last modified in a time range: either `after`/`before`, or `preset_type` with `days`. "+
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
				"target_time": dateRange("Filters for conversations whose SLA target time is in a time range: either `after`/`before`, or `preset_type` with `days`. Unset: not filtered.", "due"),
			},
		},
		"stage": {
			kind: filterObject,
			desc: "Filters on the conversation's stage. Unset: not filtered.",
			attrs: map[string]filterAttr{
				"name": {
					kind: filterStringSet,
					desc: "Filters for conversations in any of these stages, by name (such as `queued` or `resolved`). Each name must not be blank. Unset: not filtered.",
					str:  []validator.String{notBlank()},
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
				"id":    {kind: filterString, desc: "The tag's id (or display id such as `TAG-1`).", str: []validator.String{notBlank()}},
				"value": {kind: filterString, desc: "The value the conversation's tag must have. Unset: any value."},
			},
			obj: []validator.Object{convTagFilterValidator{}},
		},
		"cursor": {
			kind: filterString,
			desc: "Where to start: a `next_cursor` (with `mode = \"after\"`) or `prev_cursor` (with `mode = \"before\"`) " +
				"of an earlier read. Unset: from the beginning (`after`) or the end (`before`).",
			str:            []validator.String{notBlank()},
			dataSourceOnly: true,
		},
		"mode": {
			kind: filterString,
			desc: "Which way to read from `cursor`: `after` (the default) reads forward in the API's order; " +
				"`before` reads backward, so `conversations` lists the last conversation first and `limit` keeps the last ones.",
			str:            []validator.String{stringvalidator.OneOf(devrevConvListModes...)},
			dataSourceOnly: true,
		},
	}
}

// devrevConvOutputAttribute is the schema of the conversations a read returns
// (see convValue).
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

func convDateFilterAttributes(what string) map[string]filterAttr {
	return map[string]filterAttr{
		"after": {
			kind: filterString,
			desc: fmt.Sprintf("Only conversations %s at or after this time (RFC 3339, e.g. `2024-01-01T00:00:00Z`). Conflicts with `preset_type`.", what),
			str:  []validator.String{convRFC3339Validator{}},
		},
		"before": {
			kind: filterString,
			desc: fmt.Sprintf("Only conversations %s at or before this time (RFC 3339). Conflicts with `preset_type`.", what),
			str:  []validator.String{convRFC3339Validator{}},
		},
		"preset_type": {
			kind: filterString,
			desc: fmt.Sprintf("A range counted from now: `last_n_days` (the past `days` days) or `next_n_days` (the next `days` days) "+
				"of conversations %s then. Needs `days`; conflicts with `after` and `before`.", what),
			str: []validator.String{stringvalidator.OneOf(devrevConvDatePresetTypes...)},
		},
		"days": {
			kind: filterInt64,
			desc: "The number of days of `preset_type`, 0 to 4294967295.",
			i64:  []validator.Int64{int64validator.Between(0, convMaxPresetDays)},
		},
	}
}

// listRequest turns the configured filters into a conversations.list request;
// an unset filter stays nil and is not sent.
func (m *devrevConversationFilterModel) listRequest(ctx context.Context, now time.Time) (*client.DevRevConversationsListRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	strs := func(s types.Set) []string {
		if s.IsNull() || s.IsUnknown() {
			return nil
		}
		var out []string
		diags.Append(s.ElementsAs(ctx, &out, false)...)
		return out
	}
	r := &client.DevRevConversationsListRequest{
		AppliesToParts:    strs(m.AppliesToParts),
		Brand:             strs(m.Brand),
		Channels:          strs(m.Channels),
		Group:             strs(m.Group),
		IsCreatorVerified: m.IsCreatorVerified.ValueBoolPointer(),
		IsFrozen:          m.IsFrozen.ValueBoolPointer(),
		IsSpam:            m.IsSpam.ValueBoolPointer(),
		Members:           strs(m.Members),
		OwnedBy:           strs(m.OwnedBy),
		RevOrg:            strs(m.RevOrg),
		RevOrgs:           strs(m.RevOrgs),
		SourceChannel:     strs(m.SourceChannel),
		SourceChannelV2:   strs(m.SourceChannelV2),
		SourceChannels:    strs(m.SourceChannels),
		State:             strs(m.State),
		Tags:              strs(m.Tags),
		Cursor:            m.Cursor.ValueStringPointer(),
		Mode:              m.Mode.ValueStringPointer(),
	}
	r.ActualCloseDate = convDateFilter(ctx, m.ActualCloseDate, &diags)
	if f := convDateFilter(ctx, m.ModifiedDate, &diags); f != nil {
		r.ModifiedDate = convDateTimeFilter(f, now)
	}
	if !m.SLASummary.IsNull() && !m.SLASummary.IsUnknown() {
		var sla devrevSLASummaryFilterModel
		diags.Append(m.SLASummary.As(ctx, &sla, basetypes.ObjectAsOptions{})...)
		r.SLASummary = &client.DevRevSLASummaryFilter{
			Stage:      strs(sla.Stage),
			TargetTime: convDateFilter(ctx, sla.TargetTime, &diags),
		}
	}
	if !m.Stage.IsNull() && !m.Stage.IsUnknown() {
		var st devrevStageFilterModel
		diags.Append(m.Stage.As(ctx, &st, basetypes.ObjectAsOptions{})...)
		r.Stage = &client.DevRevStageFilter{Name: strs(st.Name)}
	}
	if !m.TagsV2.IsNull() && !m.TagsV2.IsUnknown() {
		var tags []devrevTagFilterModel
		diags.Append(m.TagsV2.ElementsAs(ctx, &tags, false)...)
		for _, t := range tags {
			r.TagsV2 = append(r.TagsV2, client.DevRevTagWithValueFilter{ID: t.ID.ValueStringPointer(), Value: t.Value.ValueStringPointer()})
		}
	}
	return r, diags
}

// convDateFilter reads a date filter attribute as the spec's date-filter.
func convDateFilter(ctx context.Context, o types.Object, diags *diag.Diagnostics) *client.DevRevDateFilter {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	var f devrevDateFilterModel
	diags.Append(o.As(ctx, &f, basetypes.ObjectAsOptions{})...)
	if !f.PresetType.IsNull() {
		return &client.DevRevDateFilter{Type: "preset", PresetType: f.PresetType.ValueStringPointer(), Days: f.Days.ValueInt64Pointer()}
	}
	return &client.DevRevDateFilter{Type: "range", After: f.After.ValueStringPointer(), Before: f.Before.ValueStringPointer()}
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

// convRFC3339Validator checks an RFC 3339 timestamp at plan time.
type convRFC3339Validator struct{}

func (convRFC3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp such as 2024-01-01T00:00:00Z"
}

func (v convRFC3339Validator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (convRFC3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timestamp",
			fmt.Sprintf("%s must be an RFC 3339 timestamp such as 2024-01-01T00:00:00Z, not %q.", req.Path, req.ConfigValue.ValueString()))
	}
}

// convDateFilterValidator checks that a date filter is a range or a preset, and
// not both or neither.
type convDateFilterValidator struct{}

func (convDateFilterValidator) Description(context.Context) string {
	return "must set after and/or before, or preset_type with days, but not both"
}

func (v convDateFilterValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (convDateFilterValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	set := func(name string) bool { a, ok := attrs[name]; return ok && !a.IsNull() }
	rng := set("after") || set("before")
	preset := set("preset_type") || set("days")
	switch {
	case rng && preset:
		resp.Diagnostics.AddAttributeError(req.Path, "Conflicting Date Filter",
			fmt.Sprintf("%s sets both a range (after/before) and a preset (preset_type/days). Set one or the other.", req.Path))
	case !rng && !preset:
		resp.Diagnostics.AddAttributeError(req.Path, "Empty Date Filter",
			fmt.Sprintf("%s sets nothing. Set after and/or before (RFC 3339), or preset_type (last_n_days or next_n_days) with days; or leave it out.", req.Path))
	case preset && !set("preset_type"):
		resp.Diagnostics.AddAttributeError(req.Path.AtName("preset_type"), "Missing Preset Type",
			fmt.Sprintf("%s sets days without preset_type: set preset_type to last_n_days or next_n_days.", req.Path))
	case preset && !set("days"):
		resp.Diagnostics.AddAttributeError(req.Path.AtName("days"), "Missing Days",
			fmt.Sprintf("%s sets preset_type without days: set days (0 or more).", req.Path))
	case rng:
		// The API takes an inverted range and matches nothing: a typo that
		// would read as "no conversations" instead of failing.
		after, okA := convKnownTime(attrs["after"])
		before, okB := convKnownTime(attrs["before"])
		if okA && okB && after.After(before) {
			resp.Diagnostics.AddAttributeError(req.Path, "Inverted Date Range",
				fmt.Sprintf("%s has after (%s) later than before (%s), so nothing could match. Swap them.",
					req.Path, after.Format(time.RFC3339), before.Format(time.RFC3339)))
		}
	}
}

// convKnownTime is a configured RFC 3339 time; false when unset, unknown or
// malformed (which convRFC3339Validator reports).
func convKnownTime(v attr.Value) (time.Time, bool) {
	s, ok := v.(types.String)
	if !ok || s.IsNull() || s.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s.ValueString())
	return t, err == nil
}

// convTagFilterValidator refuses a tags_v2 entry that names neither a tag nor a value.
type convTagFilterValidator struct{}

func (convTagFilterValidator) Description(context.Context) string {
	return "must set id, value, or both"
}

func (v convTagFilterValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (convTagFilterValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, a := range req.ConfigValue.Attributes() {
		if !a.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty Tag Filter",
		fmt.Sprintf("%s sets neither id nor value: it would match every tagged conversation. Set id (and value if needed).", req.Path))
}
