package provider

// The conversations output written straight to the msgpack Terraform reads.
// Going through attr.Value objects and State.Set cost a 10,000-conversation
// read most of its CPU and memory (the framework reflects over the model,
// converts every attr.Value to tftypes, walks the result for blocks this
// schema does not have, compares it with the configuration, then encodes
// it); building tftypes values still held about 18 KB per conversation until
// the answer was encoded. Written here, a conversation costs its bytes in the
// answer and nothing else, and the read is served by the protocol server
// (protocol_server.go) without the framework's passes over the result.

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// Terraform types of the conversations output, from devrevConvAttrTypes so
// that the schema stays their only source. The assertions are on static
// types: a wrong one panics when the package loads, in every test.
//
//nolint:forcetypeassert // see above
var (
	convTFObject = types.ObjectType{AttrTypes: devrevConvAttrTypes}.TerraformType(context.Background()).(tftypes.Object)
	convTFStage  = convTFObject.AttributeTypes["stage"].(tftypes.Object)
	convTFSLA    = convTFObject.AttributeTypes["sla_summary"].(tftypes.Object)
	convTFTag    = convTFObject.AttributeTypes["tags"].(tftypes.List).ElementType.(tftypes.Object)

	convTFNames      = attributeNames(convTFObject)
	convTFStageNames = attributeNames(convTFStage)
	convTFSLANames   = attributeNames(convTFSLA)
	convTFTagNames   = attributeNames(convTFTag)
)

// attributeNames are typ's attribute names in the order msgpack has them.
func attributeNames(typ tftypes.Object) []string {
	return slices.Sorted(maps.Keys(typ.AttributeTypes))
}

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

// object writes the header of an object of the attributes names, which the
// caller writes next, name and value, in that order.
func (m *msgpack) object(names []string) []string {
	m.header(len(names), 0x80, 0, 0xde, 15)
	return names
}

// optStr writes the empty string as null, as stringOrNull does.
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

// conversation writes c as the schema's conversation object (see
// TestConvMsgpack_sameAsModel).
func (m *msgpack) conversation(c *client.DevRevConversation) {
	for _, name := range m.object(convTFNames) {
		m.str(name)
		switch name {
		case "id":
			m.str(c.ID)
		case "display_id":
			m.optStr(c.DisplayID)
		case "title":
			m.optStr(c.Title)
		case "description":
			m.optStr(c.Description)
		case "stage":
			m.stage(c.Stage)
		case "members":
			m.userIDs(c.Members)
		case "owned_by":
			m.userIDs(c.OwnedBy)
		case "tags":
			m.tags(c.Tags)
		case "group":
			if c.Group == nil {
				m.null()
			} else {
				m.str(c.Group.ID)
			}
		case "channels":
			m.array(len(c.Channels))
			for _, ch := range c.Channels {
				m.str(ch.ID)
			}
		case "source_channel":
			m.optStr(c.SourceChannel)
		case "sla_summary":
			m.sla(c.SLASummary)
		case "created_date":
			m.time(c.CreatedDate)
		case "modified_date":
			m.time(c.ModifiedDate)
		case "created_by":
			if c.CreatedBy == nil {
				m.null()
			} else {
				m.str(c.CreatedBy.ID)
			}
		default:
			panic(fmt.Sprintf("conversation attribute %q has no msgpack writer", name))
		}
	}
}

func (m *msgpack) stage(s *client.DevRevConversationStage) {
	if s == nil {
		m.null()
		return
	}
	for _, name := range m.object(convTFStageNames) {
		m.str(name)
		switch name {
		case "name":
			m.str(s.Name)
		default:
			panic(fmt.Sprintf("stage attribute %q has no msgpack writer", name))
		}
	}
}

func (m *msgpack) sla(s *client.DevRevConversationSLA) {
	if s == nil {
		m.null()
		return
	}
	for _, name := range m.object(convTFSLANames) {
		m.str(name)
		switch name {
		case "stage":
			m.optStr(s.Stage)
		case "target_time":
			m.time(s.TargetTime)
		default:
			panic(fmt.Sprintf("SLA summary attribute %q has no msgpack writer", name))
		}
	}
}

func (m *msgpack) tags(tags []client.DevRevConversationTag) {
	m.array(len(tags))
	for _, t := range tags {
		for _, name := range m.object(convTFTagNames) {
			m.str(name)
			switch name {
			case "id":
				m.str(t.Tag.ID)
			case "name":
				m.optStr(t.Tag.Name)
			case "value":
				m.optStr(t.Value)
			default:
				panic(fmt.Sprintf("tag attribute %q has no msgpack writer", name))
			}
		}
	}
}

func (m *msgpack) userIDs(users []client.DevRevConversationUser) {
	m.array(len(users))
	for _, u := range users {
		m.str(u.ID)
	}
}
