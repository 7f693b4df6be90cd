package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// TestConvTFValue_sameAsModel proves the direct tftypes conversion gives, for
// a conversation with every field set and for one with none, exactly the
// value the framework makes of the attr.Value model the data source used to
// build (convValueReference, kept here as the specification).
func TestConvTFValue_sameAsModel(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2024, 3, 4, 5, 6, 7, 890, time.FixedZone("x", 3600))
	full := client.DevRevConversation{
		ID: "don:core:dvrv-us-1:devo/0:conversation/1", DisplayID: "CONV-1", Title: "t", Description: "d",
		Stage:         &client.DevRevConversationStage{Name: "queued"},
		Members:       []client.DevRevConversationUser{{ID: "u1"}, {ID: "u2"}},
		OwnedBy:       []client.DevRevConversationUser{{ID: "u3"}},
		Tags:          []client.DevRevConversationTag{{Tag: client.DevRevConversationTagSummary{ID: "tag1", Name: "n"}, Value: "v"}, {Tag: client.DevRevConversationTagSummary{ID: "tag2"}}},
		Group:         &client.DevRevConversationRef{ID: "g"},
		Channels:      []client.DevRevConversationRef{{ID: "c1"}},
		SourceChannel: "email",
		SLASummary:    &client.DevRevConversationSLA{Stage: "running", TargetTime: &at},
		CreatedBy:     &client.DevRevConversationUser{ID: "u4"},
		CreatedDate:   &at, ModifiedDate: &at,
	}
	for name, c := range map[string]client.DevRevConversation{
		"full":           full,
		"minimal":        {ID: "don:core:dvrv-us-1:devo/0:conversation/2"},
		"no-target-time": {ID: "x", SLASummary: &client.DevRevConversationSLA{}},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := convValueReference(&c).ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := convTFValue(&c); !got.Equal(want) {
				t.Errorf("convTFValue = %s\nwant %s", got, want)
			}
		})
	}
}

func convValueReference(c *client.DevRevConversation) attr.Value {
	stage := types.ObjectNull(devrevConvStageAttrTypes)
	if c.Stage != nil {
		stage = types.ObjectValueMust(devrevConvStageAttrTypes, map[string]attr.Value{"name": types.StringValue(c.Stage.Name)})
	}
	sla := types.ObjectNull(devrevConvSLAAttrTypes)
	if c.SLASummary != nil {
		sla = types.ObjectValueMust(devrevConvSLAAttrTypes, map[string]attr.Value{
			"stage":       stringOrNull(c.SLASummary.Stage),
			"target_time": convTime(c.SLASummary.TargetTime),
		})
	}
	tags := make([]attr.Value, 0, len(c.Tags))
	for _, t := range c.Tags {
		tags = append(tags, types.ObjectValueMust(devrevConvTagAttrTypes, map[string]attr.Value{
			"id":    types.StringValue(t.Tag.ID),
			"name":  stringOrNull(t.Tag.Name),
			"value": stringOrNull(t.Value),
		}))
	}
	channels := make([]attr.Value, 0, len(c.Channels))
	for _, ch := range c.Channels {
		channels = append(channels, types.StringValue(ch.ID))
	}
	group, createdBy := types.StringNull(), types.StringNull()
	if c.Group != nil {
		group = types.StringValue(c.Group.ID)
	}
	if c.CreatedBy != nil {
		createdBy = types.StringValue(c.CreatedBy.ID)
	}
	return types.ObjectValueMust(devrevConvAttrTypes, map[string]attr.Value{
		"id":             types.StringValue(c.ID),
		"display_id":     stringOrNull(c.DisplayID),
		"title":          stringOrNull(c.Title),
		"description":    stringOrNull(c.Description),
		"stage":          stage,
		"members":        convUserIDs(c.Members),
		"owned_by":       convUserIDs(c.OwnedBy),
		"tags":           types.ListValueMust(types.ObjectType{AttrTypes: devrevConvTagAttrTypes}, tags),
		"group":          group,
		"channels":       types.ListValueMust(types.StringType, channels),
		"source_channel": stringOrNull(c.SourceChannel),
		"sla_summary":    sla,
		"created_date":   convTime(c.CreatedDate),
		"modified_date":  convTime(c.ModifiedDate),
		"created_by":     createdBy,
	})
}

func convUserIDs(users []client.DevRevConversationUser) types.List {
	ids := make([]attr.Value, 0, len(users))
	for _, u := range users {
		ids = append(ids, types.StringValue(u.ID))
	}
	return types.ListValueMust(types.StringType, ids)
}
