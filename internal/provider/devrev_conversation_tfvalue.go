package provider

// The conversations output built directly as tftypes values. Going through
// attr.Value objects and State.Set cost a 10,000-conversation read most of its
// CPU and memory: the framework reflects over the model, converts every
// attr.Value to tftypes, then walks the whole result once more looking for
// blocks this schema does not have. Here each conversation becomes its
// Terraform value in one pass, with no intermediate objects.

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// Terraform types of the conversations output, from devrevConvAttrTypes so
// that the schema stays their only source. The assertions are on static
// types: a wrong one panics when the package loads, in every test.
//
//nolint:forcetypeassert // see above
var (
	convTFObject  = types.ObjectType{AttrTypes: devrevConvAttrTypes}.TerraformType(context.Background()).(tftypes.Object)
	convTFStage   = convTFObject.AttributeTypes["stage"].(tftypes.Object)
	convTFSLA     = convTFObject.AttributeTypes["sla_summary"].(tftypes.Object)
	convTFTags    = convTFObject.AttributeTypes["tags"].(tftypes.List)
	convTFTag     = convTFTags.ElementType.(tftypes.Object)
	convTFStrings = tftypes.List{ElementType: tftypes.String}
	convTFList    = tftypes.List{ElementType: convTFObject}

	convTFNullString = tftypes.NewValue(tftypes.String, nil)
	convTFNullStage  = tftypes.NewValue(convTFStage, nil)
	convTFNullSLA    = tftypes.NewValue(convTFSLA, nil)
)

// convTFValue is the conversation's Terraform value: the same value the
// schema's attribute types would produce from the model (see
// TestConvTFValue_sameAsModel).
func convTFValue(c *client.DevRevConversation) tftypes.Value {
	stage := convTFNullStage
	if c.Stage != nil {
		stage = tftypes.NewValue(convTFStage, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, c.Stage.Name)})
	}
	sla := convTFNullSLA
	if c.SLASummary != nil {
		sla = tftypes.NewValue(convTFSLA, map[string]tftypes.Value{
			"stage":       convTFString(c.SLASummary.Stage),
			"target_time": convTFTime(c.SLASummary.TargetTime),
		})
	}
	tags := make([]tftypes.Value, len(c.Tags))
	for i, t := range c.Tags {
		tags[i] = tftypes.NewValue(convTFTag, map[string]tftypes.Value{
			"id":    tftypes.NewValue(tftypes.String, t.Tag.ID),
			"name":  convTFString(t.Tag.Name),
			"value": convTFString(t.Value),
		})
	}
	channels := make([]tftypes.Value, len(c.Channels))
	for i, ch := range c.Channels {
		channels[i] = tftypes.NewValue(tftypes.String, ch.ID)
	}
	group, createdBy := convTFNullString, convTFNullString
	if c.Group != nil {
		group = tftypes.NewValue(tftypes.String, c.Group.ID)
	}
	if c.CreatedBy != nil {
		createdBy = tftypes.NewValue(tftypes.String, c.CreatedBy.ID)
	}
	return tftypes.NewValue(convTFObject, map[string]tftypes.Value{
		"id":             tftypes.NewValue(tftypes.String, c.ID),
		"display_id":     convTFString(c.DisplayID),
		"title":          convTFString(c.Title),
		"description":    convTFString(c.Description),
		"stage":          stage,
		"members":        convTFUserIDs(c.Members),
		"owned_by":       convTFUserIDs(c.OwnedBy),
		"tags":           tftypes.NewValue(convTFTags, tags),
		"group":          group,
		"channels":       tftypes.NewValue(convTFStrings, channels),
		"source_channel": convTFString(c.SourceChannel),
		"sla_summary":    sla,
		"created_date":   convTFTime(c.CreatedDate),
		"modified_date":  convTFTime(c.ModifiedDate),
		"created_by":     createdBy,
	})
}

func convTFUserIDs(users []client.DevRevConversationUser) tftypes.Value {
	ids := make([]tftypes.Value, len(users))
	for i, u := range users {
		ids[i] = tftypes.NewValue(tftypes.String, u.ID)
	}
	return tftypes.NewValue(convTFStrings, ids)
}

// convTFString is null for the empty string, as stringOrNull.
func convTFString(s string) tftypes.Value {
	if s == "" {
		return convTFNullString
	}
	return tftypes.NewValue(tftypes.String, s)
}

func convTFTime(t *time.Time) tftypes.Value {
	if t == nil {
		return convTFNullString
	}
	return tftypes.NewValue(tftypes.String, t.UTC().Format(time.RFC3339Nano))
}
