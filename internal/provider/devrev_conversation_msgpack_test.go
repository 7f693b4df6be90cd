package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// TestConvMsgpack_sameAsModel proves the msgpack writer gives, for a
// conversation with every field set, one with none, and ones whose strings
// and lists need every msgpack header size, exactly the value the framework
// makes of the attr.Value model the data source used to build
// (convValueReference, kept here as the specification).
func TestConvMsgpack_sameAsModel(t *testing.T) {
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
	large := client.DevRevConversation{ID: strings.Repeat("i", 31), Title: strings.Repeat("t", 32),
		Description: strings.Repeat("d", 256), SourceChannel: strings.Repeat("s", 70_000)}
	for i := range 70_000 {
		large.Members = append(large.Members, client.DevRevConversationUser{ID: fmt.Sprint("u", i)})
	}
	for i := range 16 {
		large.Channels = append(large.Channels, client.DevRevConversationRef{ID: fmt.Sprint("c", i)})
	}
	for i := range 300 {
		large.Tags = append(large.Tags, client.DevRevConversationTag{Tag: client.DevRevConversationTagSummary{ID: fmt.Sprint("tag", i)}})
	}
	for name, c := range map[string]client.DevRevConversation{
		"full":           full,
		"minimal":        {ID: "don:core:dvrv-us-1:devo/0:conversation/2"},
		"no-target-time": {ID: "x", SLASummary: &client.DevRevConversationSLA{}},
		"large":          large,
	} {
		t.Run(name, func(t *testing.T) {
			want, err := convValueReference(&c).ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var m msgpack
			m.conversation(&c)
			got, err := (&tfprotov6.DynamicValue{MsgPack: m}).Unmarshal(convTFObject)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("msgpack decodes to %s\nwant %s", got, want)
			}
			if dv, err := tfprotov6.NewDynamicValue(convTFObject, want); err != nil || !bytes.Equal(dv.MsgPack, m) {
				t.Errorf("msgpack differs from terraform-plugin-go's encoding of the same value (%v)", err)
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
