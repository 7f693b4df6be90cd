package provider

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// TestConvMsgpack_sameAsModel proves the msgpack writer gives, for a
// conversation with every field set, one with none, and ones whose strings
// and lists need every msgpack header size, exactly the value the framework
// makes of the output model the framework's path builds (devrevConvOutput).
func TestConvMsgpack_sameAsModel(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2024, 3, 4, 5, 6, 7, 890, time.FixedZone("x", 3600))
	full := client.DevRevConversation{
		ID: "don:core:dvrv-us-1:devo/0:conversation/1", DisplayID: "CONV-1", Title: "t", Description: "d",
		Stage:         &client.DevRevConversationStage{Name: "new"},
		Members:       []client.DevRevUserSummary{{ID: "u1"}, {ID: "u2"}},
		OwnedBy:       []client.DevRevUserSummary{{ID: "u3"}},
		Tags:          []client.DevRevConversationTag{{Tag: client.DevRevConversationTagSummary{ID: "tag1", Name: "n"}, Value: "v"}, {Tag: client.DevRevConversationTagSummary{ID: "tag2"}}},
		Group:         &client.DevRevConversationRef{ID: "g"},
		Channels:      []client.DevRevConversationRef{{ID: "c1"}},
		SourceChannel: "email",
		SLASummary:    &client.DevRevConversationSLA{Stage: "running", TargetTime: &at},
		CreatedBy:     &client.DevRevUserSummary{ID: "u4"},
		CreatedDate:   &at, ModifiedDate: &at,
	}
	large := client.DevRevConversation{ID: strings.Repeat("i", 31), Title: strings.Repeat("t", 32),
		Description: strings.Repeat("d", 256), SourceChannel: strings.Repeat("s", 70_000)}
	for i := range 70_000 {
		large.Members = append(large.Members, client.DevRevUserSummary{ID: fmt.Sprint("u", i)})
	}
	for i := range 16 {
		large.Channels = append(large.Channels, client.DevRevConversationRef{ID: fmt.Sprint("c", i)})
	}
	for i := range 300 {
		large.Tags = append(large.Tags, client.DevRevConversationTag{Tag: client.DevRevConversationTagSummary{ID: fmt.Sprint("tag", i)}})
	}
	w := devrevConvMsgpack()
	if w == nil {
		t.Fatal("the msgpack writer does not cover the data source's schema: every read would take the framework's path")
	}
	objType := devrevConversationsSchema().Attributes["conversations"].GetType().(types.ListType).ElemType.(types.ObjectType)
	for name, c := range map[string]client.DevRevConversation{
		"full":           full,
		"minimal":        {ID: "don:core:dvrv-us-1:devo/0:conversation/2"},
		"no-target-time": {ID: "x", SLASummary: &client.DevRevConversationSLA{}},
		"large":          large,
	} {
		t.Run(name, func(t *testing.T) {
			obj, diags := types.ObjectValueFrom(ctx, objType.AttrTypes, devrevConvOutput(&c))
			if diags.HasError() {
				t.Fatal(diags)
			}
			want, err := obj.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var m msgpack
			w.conversation.write(&m, &c)
			got, err := (&tfprotov6.DynamicValue{MsgPack: m}).Unmarshal(objType.TerraformType(ctx))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("msgpack decodes to %s\nwant %s", got, want)
			}
			if dv, err := tfprotov6.NewDynamicValue(objType.TerraformType(ctx), want); err != nil || !bytes.Equal(dv.MsgPack, m) {
				t.Errorf("msgpack differs from terraform-plugin-go's encoding of the same value (%v)", err)
			}
		})
	}
}

// TestConvMsgpack_unknownSchemaIsAnError proves a schema the writer does
// not know is refused when the writer is built, never met by a panic in the
// middle of a read: the protocol server then serves the framework's path.
func TestConvMsgpack_unknownSchemaIsAnError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conv := devrevConversationsSchema().Attributes["conversations"].GetType().(types.ListType).ElemType.TerraformType(ctx).(tftypes.Object)
	with := func(name string, typ tftypes.Type) tftypes.Object {
		attrs := maps.Clone(conv.AttributeTypes)
		attrs[name] = typ
		return tftypes.Object{AttributeTypes: attrs}
	}
	for name, typ := range map[string]tftypes.Object{
		"a new attribute":               with("priority", tftypes.String),
		"a new nested attribute":        with("stage", tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": tftypes.String, "notes": tftypes.String}}),
		"a nested object turned string": with("sla_summary", tftypes.String),
		"tags no longer a list":         with("tags", tftypes.String),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := newConvMsgpack(typ); err == nil {
				t.Error("the writer took a schema it does not know")
			}
		})
	}
	if _, err := newConvMsgpack(conv); err != nil {
		t.Errorf("the writer refused the data source's own schema: %v", err)
	}
}
