package provider

// The chatops_devrev_conversations state written straight to the msgpack
// Terraform reads, for the protocol server's one exception
// (protocol_server.go). Through attr.Values and State.Set, a read of 10,000
// conversations spent most of its CPU and memory in the framework's
// reflection, conversions and passes over the result; written here, a
// conversation costs its bytes in the answer and nothing else.
//
// The writer follows the schema: each object is written attribute by
// attribute, in the order msgpack has them, by the field writers below. When
// the schema has an attribute the writer does not know, or a type it writes
// otherwise than the framework would, convMsgpackCoversSchema is false and the
// framework's path (Read) serves every read instead.

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// msgpack writes the part of msgpack that Terraform values use, as
// terraform-plugin-go's encoder does: objects are maps with their attributes
// in name order, lists are arrays, null is nil, and strings use the shortest
// header.
type msgpack []byte

func (m *msgpack) null() { *m = append(*m, 0xc0) }

// header writes the header of a string, array or map of n: fix holds n in
// its low bits up to fixMax; small (0 if the kind has none) takes an 8-bit
// length, mid a 16-bit one and mid+1 a 32-bit one.
//
//nolint:gosec // n is a length, so not negative, and each case bounds it
func (m *msgpack) header(n int, fix, small, mid byte, fixMax int) {
	switch {
	case n <= fixMax:
		*m = append(*m, fix|byte(n))
	case small != 0 && n <= math.MaxUint8:
		*m = append(*m, small, byte(n))
	case n <= math.MaxUint16:
		*m = binary.BigEndian.AppendUint16(append(*m, mid), uint16(n))
	default:
		*m = binary.BigEndian.AppendUint32(append(*m, mid+1), uint32(n))
	}
}

func (m *msgpack) str(s string) {
	m.header(len(s), 0xa0, 0xd9, 0xda, 31)
	*m = append(*m, s...)
}

func (m *msgpack) array(n int) { m.header(n, 0x90, 0, 0xdc, 15) }

func (m *msgpack) mapHeader(n int) { m.header(n, 0x80, 0, 0xde, 15) }

// optStr writes the empty string as null, as framework.StringOrNull does.
func (m *msgpack) optStr(s string) {
	if s == "" {
		m.null()
		return
	}
	m.str(s)
}

func (m *msgpack) time(t *time.Time) {
	if t == nil {
		m.null()
		return
	}
	m.str(t.UTC().Format(time.RFC3339Nano))
}

func (m *msgpack) strings(n int, at func(int) string) {
	m.array(n)
	for i := range n {
		m.str(at(i))
	}
}

func (m *msgpack) userIDs(users []client.DevRevUserSummary) {
	m.strings(len(users), func(i int) string { return users[i].ID })
}

// value writes any Terraform value through terraform-plugin-go's encoder,
// for the configuration's attributes.
func (m *msgpack) value(typ tftypes.Type, v tftypes.Value) error {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		return err
	}
	*m = append(*m, dv.MsgPack...)
	return nil
}

// objectWriter writes a *T as an object of the schema: names are its
// attributes in msgpack's order, each written by its field writer.
type objectWriter[T any] struct {
	names  []string
	fields map[string]func(*msgpack, *T)
}

// newObjectWriter is the writer of the object type typ; it fails when typ
// is not an object or has an attribute fields does not write.
func newObjectWriter[T any](typ tftypes.Type, fields map[string]func(*msgpack, *T)) (objectWriter[T], error) {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return objectWriter[T]{}, fmt.Errorf("%s is not an object", typ)
	}
	names := slices.Sorted(maps.Keys(obj.AttributeTypes))
	for _, name := range names {
		if fields[name] == nil {
			return objectWriter[T]{}, fmt.Errorf("attribute %q has no msgpack writer", name)
		}
	}
	return objectWriter[T]{names: names, fields: fields}, nil
}

// write writes v, or null when v is nil.
func (w objectWriter[T]) write(m *msgpack, v *T) {
	if v == nil {
		m.null()
		return
	}
	m.mapHeader(len(w.names))
	for _, name := range w.names {
		m.str(name)
		w.fields[name](m, v)
	}
}

// convMsgpack writes the conversations of the data source's schema.
type convMsgpack struct {
	conversation objectWriter[client.DevRevConversation]
}

// newConvMsgpack builds the writers from the data source's schema.
func newConvMsgpack(conv tftypes.Object) (*convMsgpack, error) {
	stage, err := newObjectWriter(conv.AttributeTypes["stage"], map[string]func(*msgpack, *client.DevRevConversationStage){
		"name": func(m *msgpack, s *client.DevRevConversationStage) { m.str(s.Name) },
	})
	if err != nil {
		return nil, fmt.Errorf("stage: %w", err)
	}
	sla, err := newObjectWriter(conv.AttributeTypes["sla_summary"], map[string]func(*msgpack, *client.DevRevConversationSLA){
		"stage":       func(m *msgpack, s *client.DevRevConversationSLA) { m.optStr(s.Stage) },
		"target_time": func(m *msgpack, s *client.DevRevConversationSLA) { m.time(s.TargetTime) },
	})
	if err != nil {
		return nil, fmt.Errorf("sla_summary: %w", err)
	}
	tagList, ok := conv.AttributeTypes["tags"].(tftypes.List)
	if !ok {
		return nil, fmt.Errorf("tags is not a list")
	}
	tag, err := newObjectWriter(tagList.ElementType, map[string]func(*msgpack, *client.DevRevConversationTag){
		"id":    func(m *msgpack, t *client.DevRevConversationTag) { m.str(t.Tag.ID) },
		"name":  func(m *msgpack, t *client.DevRevConversationTag) { m.optStr(t.Tag.Name) },
		"value": func(m *msgpack, t *client.DevRevConversationTag) { m.optStr(t.Value) },
	})
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	type conversation = client.DevRevConversation
	w, err := newObjectWriter(conv, map[string]func(*msgpack, *conversation){
		"id":             func(m *msgpack, c *conversation) { m.str(c.ID) },
		"display_id":     func(m *msgpack, c *conversation) { m.optStr(c.DisplayID) },
		"title":          func(m *msgpack, c *conversation) { m.optStr(c.Title) },
		"description":    func(m *msgpack, c *conversation) { m.optStr(c.Description) },
		"stage":          func(m *msgpack, c *conversation) { stage.write(m, c.Stage) },
		"members":        func(m *msgpack, c *conversation) { m.userIDs(c.Members) },
		"owned_by":       func(m *msgpack, c *conversation) { m.userIDs(c.OwnedBy) },
		"source_channel": func(m *msgpack, c *conversation) { m.optStr(c.SourceChannel) },
		"sla_summary":    func(m *msgpack, c *conversation) { sla.write(m, c.SLASummary) },
		"created_date":   func(m *msgpack, c *conversation) { m.time(c.CreatedDate) },
		"modified_date":  func(m *msgpack, c *conversation) { m.time(c.ModifiedDate) },
		"tags": func(m *msgpack, c *conversation) {
			m.array(len(c.Tags))
			for i := range c.Tags {
				tag.write(m, &c.Tags[i])
			}
		},
		"channels": func(m *msgpack, c *conversation) {
			m.strings(len(c.Channels), func(i int) string { return c.Channels[i].ID })
		},
		"group": func(m *msgpack, c *conversation) {
			if c.Group == nil {
				m.null()
				return
			}
			m.str(c.Group.ID)
		},
		"created_by": func(m *msgpack, c *conversation) {
			if c.CreatedBy == nil {
				m.null()
				return
			}
			m.str(c.CreatedBy.ID)
		},
	})
	if err != nil {
		return nil, err
	}
	return &convMsgpack{conversation: w}, nil
}

// devrevConvMsgpack is the writer of the data source's schema, or nil when
// it does not write that schema as the framework would: checked once, on
// a conversation with every field set and one with none, against the
// framework's value of the same conversations (devrevConvOutput).
var devrevConvMsgpack = sync.OnceValue(func() *convMsgpack {
	ctx := context.Background()
	list, ok := devrevConversationsSchema().Attributes["conversations"].GetType().(types.ListType)
	if !ok {
		return nil
	}
	objType, ok := list.ElemType.(types.ObjectType)
	if !ok {
		return nil
	}
	conv, ok := objType.TerraformType(ctx).(tftypes.Object)
	if !ok {
		return nil
	}
	w, err := newConvMsgpack(conv)
	if err != nil {
		return nil
	}
	for _, c := range convMsgpackSamples() {
		var m msgpack
		w.conversation.write(&m, &c)
		got, err := (&tfprotov6.DynamicValue{MsgPack: m}).Unmarshal(conv)
		if err != nil {
			return nil
		}
		want, diags := types.ObjectValueFrom(ctx, objType.AttrTypes, devrevConvOutput(&c))
		if diags.HasError() {
			return nil
		}
		wantTF, err := want.ToTerraformValue(ctx)
		if err != nil || !got.Equal(wantTF) {
			return nil
		}
	}
	return w
})

// convMsgpackSamples are a conversation with every field the writer reads
// set, and one with none.
func convMsgpackSamples() []client.DevRevConversation {
	at := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
	return []client.DevRevConversation{
		{ID: "don:core:dvrv-us-1:devo/0:conversation/2"},
		{
			ID: "don:core:dvrv-us-1:devo/0:conversation/1", DisplayID: "CONV-1", Title: "t", Description: "d",
			Stage:         &client.DevRevConversationStage{Name: "new"},
			Members:       []client.DevRevUserSummary{{ID: "u1"}},
			OwnedBy:       []client.DevRevUserSummary{{ID: "u2"}},
			Tags:          []client.DevRevConversationTag{{Tag: client.DevRevConversationTagSummary{ID: "tag", Name: "n"}, Value: "v"}},
			Group:         &client.DevRevConversationRef{ID: "g"},
			Channels:      []client.DevRevConversationRef{{ID: "c"}},
			SourceChannel: "email",
			SLASummary:    &client.DevRevConversationSLA{Stage: "running", TargetTime: &at},
			CreatedBy:     &client.DevRevUserSummary{ID: "u3"},
			CreatedDate:   &at, ModifiedDate: &at,
		},
	}
}
