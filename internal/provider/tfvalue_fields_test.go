package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestTFFields_sameAsStateGetSet proves the fields codec of each model Read
// uses reads and writes exactly what tfsdk's State.Get and State.Set do, for a
// state with every kind of value (null, unknown-free known values, nested
// objects, sets of the custom user type, the timeouts block).
func TestTFFields_sameAsStateGetSet(t *testing.T) {
	ctx := context.Background()
	schemaOf := func(r resource.Resource) tfsdk.State {
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		return tfsdk.State{Schema: resp.Schema}
	}

	t.Run("devrev_chat", func(t *testing.T) {
		st := schemaOf(&devrevChatResource{})
		users, _ := devrevUsersSet(ctx, []string{"DEVU-1", "don:identity:dvrv-us-1:devo/0:devu/2"})
		spec := types.ObjectValueMust(map[string]attr.Type{
			"apps": types.ListType{ElemType: types.StringType}, "subtype": types.StringType,
			"tenant_fragment": types.BoolType, "validate_required_fields": types.BoolType,
		}, map[string]attr.Value{
			"apps": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a")}), "subtype": types.StringNull(),
			"tenant_fragment": types.BoolValue(true), "validate_required_fields": types.BoolNull(),
		})
		for name, m := range map[string]devrevChatModel{
			"full": {
				ID: types.StringValue("don:core:dvrv-us-1:devo/0:dm/1"), DisplayID: types.StringValue("DM-1"), Type: types.StringValue("dm"),
				Users: users, Title: types.StringValue("t"), Records: types.SetValueMust(types.StringType, []attr.Value{types.StringValue("ISS-1")}),
				IsDefault: types.BoolValue(false), CustomFields: jsontypes.NewNormalizedValue(`{"tnt__a":1}`), CustomSchemaSpec: spec,
				GetIfConflict: types.BoolValue(true), CreatedDate: types.StringValue("2024-01-01T00:00:00Z"),
				ModifiedDate: types.StringValue("2024-01-02T00:00:00Z"), CreatedBy: types.StringValue("u"),
				Groups: types.SetValueMust(types.StringType, []attr.Value{}),
			},
			"nulls": {
				ID: types.StringValue("x"), Users: users, CustomFields: jsontypes.NewNormalizedNull(),
				CustomSchemaSpec: types.ObjectNull(spec.AttributeTypes(ctx)), Records: types.SetNull(types.StringType),
				Groups: types.SetNull(types.StringType),
			},
		} {
			t.Run(name, func(t *testing.T) {
				m.Timeouts = timeoutsNullForTest(ctx, st)
				testTFFieldsRoundTrip(t, st, &m, m.fields(), devrevChatAttrTypes(), func() ([]tfField, any) {
					var got devrevChatModel
					return got.fields(), &got
				})
			})
		}
	})

	t.Run("helpcrunch_chat", func(t *testing.T) {
		st := schemaOf(&helpcrunchChatResource{})
		m := helpcrunchChatModel{
			ID: types.StringValue("12"), Customer: wholeNumberValue(3), Application: wholeNumberValue(1),
			Assignee: wholeNumberNull(), Department: wholeNumberValue(2), Status: types.StringValue("opened"),
			OnDestroy: types.StringValue("close"), CreatedAt: types.StringValue("2024-01-01T00:00:00Z"),
			ClosedAt: types.StringNull(), LastMessageAt: types.StringNull(), ClosedBy: types.StringNull(), Rating: types.StringNull(),
		}
		m.Timeouts = timeoutsNullForTest(ctx, st)
		testTFFieldsRoundTrip(t, st, &m, m.fields(), helpcrunchChatAttrTypes(), func() ([]tfField, any) {
			var got helpcrunchChatModel
			return got.fields(), &got
		})
	})

	t.Run("devrev_conversation", func(t *testing.T) {
		st := schemaOf(&devrevConversationResource{})
		members, _ := devrevUsersSet(ctx, []string{"DEVU-1"})
		tag := types.ObjectValueMust(devrevConversationTagAttrTypes, map[string]attr.Value{"id": types.StringValue("TAG-1"), "value": types.StringNull()})
		m := devrevConversationModel{
			ID: types.StringValue("don:core:dvrv-us-1:devo/0:conversation/1"), DisplayID: types.StringValue("CONV-1"),
			Title: types.StringValue("t"), Description: types.StringNull(), Group: types.StringNull(), Members: members,
			OwnedBy: types.SetNull(devrevUserType{}), Stage: types.StringValue("queued"),
			Tags:     types.SetValueMust(types.ObjectType{AttrTypes: devrevConversationTagAttrTypes}, []attr.Value{tag}),
			Channels: types.SetNull(types.StringType), IsSpam: types.BoolValue(false), IsFrozen: types.BoolValue(true),
			CustomFields: jsontypes.NewNormalizedNull(), CustomSchemaSpec: types.ObjectNull(devrevCustomSchemaSpecAttribute("").GetType().(attr.TypeWithAttributeTypes).AttributeTypes()),
			SourceChannel: types.StringNull(), SLASummary: types.ObjectNull(devrevConvSLAAttrTypes),
			CreatedDate: types.StringValue("2024-01-01T00:00:00Z"), ModifiedDate: types.StringNull(), CreatedBy: types.StringNull(),
		}
		m.Timeouts = timeoutsNullForTest(ctx, st)
		testTFFieldsRoundTrip(t, st, &m, m.fields(), devrevConversationAttrTypes(), func() ([]tfField, any) {
			var got devrevConversationModel
			return got.fields(), &got
		})
	})
}

// testTFFieldsRoundTrip writes want with State.Set and with tfSetFields, wants
// the same value, then reads it back with tfGetFields and State.Get and wants
// the same models.
func testTFFieldsRoundTrip(t *testing.T, st tfsdk.State, want any, wantFields []tfField, types map[string]attr.Type, fresh func() ([]tfField, any)) {
	t.Helper()
	ctx := context.Background()
	if diags := st.Set(ctx, want); diags.HasError() {
		t.Fatal(diags)
	}
	raw, diags := tfSetFields(ctx, st.Raw.Type(), wantFields)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !raw.Equal(st.Raw) {
		t.Fatalf("tfSetFields = %s\nState.Set = %s", raw, st.Raw)
	}
	fields, got := fresh()
	if diags := tfGetFields(ctx, raw, types, fields); diags.HasError() {
		t.Fatal(diags)
	}
	_, viaGet := fresh()
	if diags := st.Get(ctx, viaGet); diags.HasError() {
		t.Fatal(diags)
	}
	st2 := st
	if diags := st2.Set(ctx, got); diags.HasError() {
		t.Fatal(diags)
	}
	st3 := st
	if diags := st3.Set(ctx, viaGet); diags.HasError() {
		t.Fatal(diags)
	}
	if !st2.Raw.Equal(st3.Raw) || !st2.Raw.Equal(raw) {
		t.Errorf("tfGetFields read %s, State.Get %s", st2.Raw, st3.Raw)
	}
}

func timeoutsNullForTest(ctx context.Context, st tfsdk.State) (v timeouts.Value) {
	typ := st.Schema.GetBlocks()["timeouts"].Type()
	av, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	if err != nil {
		panic(err)
	}
	return av.(timeouts.Value)
}
