package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

// TestPlanShortcut_answersAsTheFramework plans resources proposed unchanged
// through the shortcut server and through the framework's server behind it,
// and requires the same answer from both; and that the shortcut is taken
// exactly where the schema makes the answer certain: not where the
// configuration leaves out an attribute whose default (or null-when-unset
// modifier) differs from the prior value.
func TestPlanShortcut_answersAsTheFramework(t *testing.T) {
	t.Parallel()
	p := newProtoBench(t, fake.Options{})
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	boolean := func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	num := func(n int) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	chat := p.resourceType("chatops_devrev_chat")
	users := tftypes.NewValue(chat.AttributeTypes["users"], []tftypes.Value{str("DEVU-1"), str("DEVU-2")})
	spec := chat.AttributeTypes["custom_schema_spec"].(tftypes.Object)
	conv := p.resourceType("chatops_devrev_conversation")
	hc := p.resourceType("chatops_helpcrunch_chat")
	hcBase := map[string]tftypes.Value{"customer": num(1), "application": num(1)}
	with := func(base map[string]tftypes.Value, k string, v tftypes.Value) map[string]tftypes.Value {
		out := map[string]tftypes.Value{k: v}
		for bk, bv := range base {
			out[bk] = bv
		}
		return out
	}
	chatBase := map[string]tftypes.Value{"users": users, "title": str("ops")}

	for _, tc := range []struct {
		name             string
		resource         string
		typ              tftypes.Object
		created, planned map[string]tftypes.Value
		shortcut         bool
	}{
		{"devrev chat unchanged", "chatops_devrev_chat", chat, chatBase, chatBase, true},
		{"devrev chat with its schema spec unchanged", "chatops_devrev_chat", chat,
			with(chatBase, "custom_schema_spec", protoObject(spec, map[string]tftypes.Value{"tenant_fragment": boolean(true)})),
			with(chatBase, "custom_schema_spec", protoObject(spec, map[string]tftypes.Value{"tenant_fragment": boolean(true)})), true},
		{"devrev chat schema spec removed", "chatops_devrev_chat", chat,
			with(chatBase, "custom_schema_spec", protoObject(spec, map[string]tftypes.Value{"tenant_fragment": boolean(true)})), chatBase, false},
		{"devrev chat default left out as created", "chatops_devrev_chat", chat,
			with(chatBase, "get_if_conflict", boolean(true)), chatBase, true},
		{"devrev chat default left out after another value", "chatops_devrev_chat", chat,
			with(with(chatBase, "is_default", boolean(false)), "get_if_conflict", boolean(false)),
			with(chatBase, "is_default", boolean(false)), false},
		{"devrev conversation unchanged", "chatops_devrev_conversation", conv,
			map[string]tftypes.Value{"title": str("t")}, map[string]tftypes.Value{"title": str("t")}, true},
		{"devrev conversation is_spam left out after true", "chatops_devrev_conversation", conv,
			map[string]tftypes.Value{"title": str("t"), "is_spam": boolean(true)}, map[string]tftypes.Value{"title": str("t")}, false},
		{"helpcrunch chat unchanged", "chatops_helpcrunch_chat", hc, hcBase, hcBase, true},
		{"helpcrunch chat on_destroy left out after keep", "chatops_helpcrunch_chat", hc,
			with(hcBase, "on_destroy", str("keep")), hcBase, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state, private := p.create(t, tc.resource, protoObject(tc.typ, tc.created))
			config := protoDynamic(t, tc.typ, protoObject(tc.typ, tc.planned))
			for _, identity := range []*tfprotov6.ResourceIdentityData{nil, p.identity(t, tc.resource, state, private)} {
				req := &tfprotov6.PlanResourceChangeRequest{
					TypeName: tc.resource, PriorState: state, ProposedNewState: state, Config: config,
					PriorPrivate: private, PriorIdentity: identity,
				}
				before := p.srv.shortcuts.Load()
				got, err := p.srv.PlanResourceChange(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if took := p.srv.shortcuts.Load() > before; took != tc.shortcut {
					t.Errorf("prior identity %v: shortcut taken = %v, want %v", identity != nil, took, tc.shortcut)
				}
				want, err := p.srv.protocolServer.PlanResourceChange(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				p.requireSamePlan(t, tc.resource, tc.typ, got, want)
				if !tc.shortcut && p.planEqualsPrior(t, tc.typ, want, state) {
					t.Errorf("the framework plans the prior state: the case does not test a fall-through")
				}
			}
		})
	}
}

// TestPlanShortcut_unknownModifierFallsThrough checks that a plan modifier
// the shortcut does not know keeps its attribute's resource out of it, while
// the framework's own modifiers do not.
func TestPlanShortcut_unknownModifierFallsThrough(t *testing.T) {
	t.Parallel()
	if kept, _ := keepsUnchangedPlan(stringplanmodifier.UseStateForUnknown()); !kept {
		t.Error("UseStateForUnknown is not taken for a modifier that keeps an unchanged plan")
	}
	if kept, _ := keepsUnchangedPlan(stringplanmodifier.RequiresReplace()); !kept {
		t.Error("RequiresReplace is not taken for a modifier that keeps an unchanged plan")
	}
	if kept, _ := keepsUnchangedPlan(nullWhenUnset()); !kept {
		t.Error("nullWhenUnset refused")
	}
	if kept, _ := keepsUnchangedPlan(unknownModifier{}); kept {
		t.Error("a modifier the shortcut does not know is taken for one that keeps an unchanged plan")
	}
	mods, _, _ := attributeParts(nil)
	if len(mods) == 0 {
		t.Error("an attribute of an unknown kind is not refused")
	}
}

// unknownModifier stands for a plan modifier added after the shortcut.
type unknownModifier struct{}

// identity reads the resource as Terraform 1.12 and later do, for the
// identity they send with a plan.
func (p *protoBench) identity(t *testing.T, name string, state *tfprotov6.DynamicValue, private []byte) *tfprotov6.ResourceIdentityData {
	t.Helper()
	read, err := p.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: name, CurrentState: state, Private: private})
	if err != nil || protoHasError(read.Diagnostics) || read.NewIdentity == nil {
		t.Fatal(err, read.Diagnostics)
	}
	return read.NewIdentity
}

func (p *protoBench) requireSamePlan(t *testing.T, name string, typ tftypes.Object, got, want *tfprotov6.PlanResourceChangeResponse) {
	t.Helper()
	if len(got.Diagnostics) != len(want.Diagnostics) || !reflect.DeepEqual(got.RequiresReplace, want.RequiresReplace) {
		t.Fatalf("diagnostics %v / replace %v, the framework's %v / %v", got.Diagnostics, got.RequiresReplace, want.Diagnostics, want.RequiresReplace)
	}
	if g, w := protoValue(t, typ, got.PlannedState), protoValue(t, typ, want.PlannedState); !g.Equal(w) {
		t.Fatalf("planned %v, the framework planned %v", g, w)
	}
	identityType := p.identityType(t, name)
	if (got.PlannedIdentity == nil) != (want.PlannedIdentity == nil) {
		t.Fatalf("planned identity %v, the framework's %v", got.PlannedIdentity, want.PlannedIdentity)
	}
	if got.PlannedIdentity != nil {
		if g, w := protoValue(t, identityType, got.PlannedIdentity.IdentityData), protoValue(t, identityType, want.PlannedIdentity.IdentityData); !g.Equal(w) {
			t.Fatalf("planned identity %v, the framework planned %v", g, w)
		}
	}
	if !samePrivate(got.PlannedPrivate, want.PlannedPrivate) {
		t.Fatalf("planned private %q, the framework's %q", got.PlannedPrivate, want.PlannedPrivate)
	}
}

func (p *protoBench) planEqualsPrior(t *testing.T, typ tftypes.Object, plan *tfprotov6.PlanResourceChangeResponse, prior *tfprotov6.DynamicValue) bool {
	t.Helper()
	return protoValue(t, typ, plan.PlannedState).Equal(protoValue(t, typ, prior))
}

func (p *protoBench) identityType(t *testing.T, name string) tftypes.Type {
	t.Helper()
	resp, err := p.srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || protoHasError(resp.Diagnostics) {
		t.Fatal(err, resp.Diagnostics)
	}
	return resp.IdentitySchemas[name].ValueType()
}

func protoValue(t testing.TB, typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// samePrivate compares private data as the JSON it is; empty and absent are
// the same.
func samePrivate(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var av, bv any
	return json.Unmarshal(a, &av) == nil && json.Unmarshal(b, &bv) == nil && reflect.DeepEqual(av, bv)
}

// TestReadShortcut_answersAsTheFramework reads chatops_devrev_conversations
// through the protocol server's msgpack path and through the framework's
// (which decodes the same msgpack into its state and runs its checks on it),
// and requires the same state, the exact request counts, and the same error
// when the API refuses.
func TestReadShortcut_answersAsTheFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newProtoBench(t, fake.Options{GenerateConversations: 250})
	const name = "chatops_devrev_conversations"
	typ := p.schemas.DataSourceSchemas[name].ValueType().(tftypes.Object)
	for _, tc := range []struct {
		name     string
		config   map[string]tftypes.Value
		requests int
	}{
		{"every conversation", nil, 3},
		{"limit", map[string]tftypes.Value{"limit": tftypes.NewValue(tftypes.Number, 120)}, 2},
		{"before mode", map[string]tftypes.Value{"mode": tftypes.NewValue(tftypes.String, "before"), "limit": tftypes.NewValue(tftypes.Number, 5)}, 1},
		{"ids only", map[string]tftypes.Value{"ids_only": tftypes.NewValue(tftypes.Bool, true)}, 3},
		{"ids only false", map[string]tftypes.Value{"ids_only": tftypes.NewValue(tftypes.Bool, false), "limit": tftypes.NewValue(tftypes.Number, 7)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &tfprotov6.ReadDataSourceRequest{TypeName: name, Config: protoDynamic(t, typ, protoObject(typ, tc.config))}
			p.fake.ResetRequests()
			got, err := p.srv.ReadDataSource(ctx, req)
			if err != nil || len(got.Diagnostics) > 0 {
				t.Fatal(err, got.Diagnostics)
			}
			if n := p.fake.RequestCount(devrev.RouteConversationsList); n != tc.requests {
				t.Errorf("%d conversations.list requests, want %d", n, tc.requests)
			}
			want, err := p.srv.protocolServer.ReadDataSource(ctx, req)
			if err != nil || len(want.Diagnostics) > 0 {
				t.Fatal(err, want.Diagnostics)
			}
			if g, w := protoValue(t, typ, got.State), protoValue(t, typ, want.State); !g.Equal(w) {
				t.Errorf("state %v\nthe framework's %v", g, w)
			}
		})
	}

	t.Run("refused", func(t *testing.T) {
		req := &tfprotov6.ReadDataSourceRequest{TypeName: name, Config: protoDynamic(t, typ, protoObject(typ, nil))}
		var answers [2]*tfprotov6.ReadDataSourceResponse
		for i, srv := range []tfprotov6.ProviderServer{p.srv, p.srv.protocolServer} {
			p.fake.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: devrev.RouteConversationsList, Status: http.StatusForbidden}}})
			resp, err := srv.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			answers[i] = resp
		}
		p.fake.ClearFaults()
		got, want := answers[0], answers[1]
		if got.State != nil || len(got.Diagnostics) != 1 || len(want.Diagnostics) != 1 {
			t.Fatalf("answer %v %v, the framework's %v", got.State, got.Diagnostics, want.Diagnostics)
		}
		requireSameDiagnostics(t, got.Diagnostics, want.Diagnostics)
	})
}

// TestUpgradeShortcut_answersAsTheFramework upgrades stored states through
// the shortcut server and through the framework's server behind it, and
// requires the same answer from both; and that the shortcut is taken only for
// a JSON state at the schema's version that decodes.
func TestUpgradeShortcut_answersAsTheFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newProtoBench(t, fake.Options{})
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	chat := p.resourceType("chatops_devrev_chat")
	created := map[string]tftypes.Value{
		"chatops_devrev_chat": protoObject(chat, map[string]tftypes.Value{
			"users": tftypes.NewValue(chat.AttributeTypes["users"], []tftypes.Value{str("DEVU-1"), str("DEVU-2")}), "title": str("ops"),
		}),
		"chatops_devrev_conversation": protoObject(p.resourceType("chatops_devrev_conversation"), map[string]tftypes.Value{"title": str("t")}),
		"chatops_helpcrunch_chat":     protoObject(p.resourceType("chatops_helpcrunch_chat"), map[string]tftypes.Value{"customer": num(1), "application": num(1)}),
	}
	for name, config := range created {
		typ := p.resourceType(name)
		state, _ := p.create(t, name, config)
		stored := stateJSON(t, protoValue(t, typ, state)).(map[string]any)
		with := func(k string, v any) []byte {
			m := maps.Clone(stored)
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		asStored, err := json.Marshal(stored)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			raw      tfprotov6.RawState
			version  int64
			shortcut bool
		}{
			{"as stored", tfprotov6.RawState{JSON: asStored}, 0, true},
			{"an attribute the schema no longer has", tfprotov6.RawState{JSON: with("retired", "x")}, 0, true},
			{"an attribute missing", tfprotov6.RawState{JSON: with("id", nil)}, 0, true},
			{"an older version", tfprotov6.RawState{JSON: asStored}, 1, false},
			{"a value of the wrong type", tfprotov6.RawState{JSON: with("id", []any{1})}, 0, false},
			{"not JSON", tfprotov6.RawState{JSON: []byte("{")}, 0, false},
			{"flatmap", tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}}, 0, false},
		} {
			t.Run(name+" "+tc.name, func(t *testing.T) {
				req := &tfprotov6.UpgradeResourceStateRequest{TypeName: name, Version: tc.version, RawState: &tc.raw}
				if taken := p.srv.upgradeCurrent(req) != nil; taken != tc.shortcut {
					t.Errorf("shortcut taken: %v, want %v", taken, tc.shortcut)
				}
				got, err := p.srv.UpgradeResourceState(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				want, err := p.srv.protocolServer.UpgradeResourceState(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				requireSameDiagnostics(t, got.Diagnostics, want.Diagnostics)
				if (got.UpgradedState == nil) != (want.UpgradedState == nil) {
					t.Fatalf("state %v, the framework's %v", got.UpgradedState, want.UpgradedState)
				}
				if want.UpgradedState == nil {
					return
				}
				if !bytes.Equal(got.UpgradedState.MsgPack, want.UpgradedState.MsgPack) {
					t.Errorf("state %v\nthe framework's %v", protoValue(t, typ, got.UpgradedState), protoValue(t, typ, want.UpgradedState))
				}
			})
		}
	}
}

// stateJSON is v as Terraform stores it in a state file.
func stateJSON(t testing.TB, v tftypes.Value) any {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	switch typ := v.Type(); {
	case typ.Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case typ.Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case typ.Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		return json.Number(f.Text('g', -1))
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			t.Fatal(err)
		}
		out := map[string]any{}
		for k, a := range attrs {
			out[k] = stateJSON(t, a)
		}
		return out
	default:
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			t.Fatal(err)
		}
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = stateJSON(t, e)
		}
		return out
	}
}

// TestReadResourceShortcut_answersAsTheFramework refreshes resources through
// the shortcut server and through the framework's server behind it, and
// requires the same answer from both; that the shortcut answers exactly the
// refreshes that change nothing; and that every refresh asks the API once,
// including those the shortcut hands to the framework.
func TestReadResourceShortcut_answersAsTheFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newProtoBench(t, fake.Options{})
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	chat := p.resourceType("chatops_devrev_chat")
	for _, r := range []struct {
		name    string
		config  tftypes.Value
		drifted string // an attribute the API holds
	}{
		{"chatops_devrev_chat", protoObject(chat, map[string]tftypes.Value{
			"users": tftypes.NewValue(chat.AttributeTypes["users"], []tftypes.Value{str("DEVU-1"), str("DEVU-2")}), "title": str("ops"),
		}), "title"},
		{"chatops_devrev_conversation", protoObject(p.resourceType("chatops_devrev_conversation"), map[string]tftypes.Value{"title": str("t")}),
			"title"},
		{"chatops_helpcrunch_chat", protoObject(p.resourceType("chatops_helpcrunch_chat"), map[string]tftypes.Value{"customer": num(1), "application": num(1)}),
			"status"},
	} {
		typ := p.resourceType(r.name)
		idType := p.identityType(t, r.name)
		state, private := p.create(t, r.name, r.config)
		if len(private) > 0 {
			t.Fatalf("%s: private data %q after create; the cases below assume none", r.name, private)
		}
		with := func(attr, value string) *tfprotov6.DynamicValue {
			var attrs map[string]tftypes.Value
			if err := protoValue(t, typ, state).As(&attrs); err != nil {
				t.Fatal(err)
			}
			attrs[attr] = str(value)
			return protoDynamic(t, typ, tftypes.NewValue(typ, attrs))
		}
		var attrs map[string]tftypes.Value
		var id string
		if err := protoValue(t, typ, state).As(&attrs); err != nil || attrs["id"].As(&id) != nil {
			t.Fatal(err)
		}
		// The same form of id, of an object the API does not have.
		missing := regexp.MustCompile(`[0-9]+$`).ReplaceAllString(id, "99999")
		identity := p.identity(t, r.name, state, nil)
		nullIdentity := &tfprotov6.ResourceIdentityData{IdentityData: protoDynamic(t, idType, tftypes.NewValue(idType, nil))}
		otherIdentity := &tfprotov6.ResourceIdentityData{IdentityData: protoDynamic(t, idType, protoObject(idType.(tftypes.Object), map[string]tftypes.Value{"id": str(missing)}))}
		const kept, changed, removed, refused = "kept", "changed", "removed", "refused"
		for _, tc := range []struct {
			name     string
			req      tfprotov6.ReadResourceRequest
			shortcut bool
			outcome  string
		}{
			{"unchanged", tfprotov6.ReadResourceRequest{CurrentState: state}, true, kept},
			{"unchanged, with its identity", tfprotov6.ReadResourceRequest{CurrentState: state, CurrentIdentity: identity}, true, kept},
			// Terraform 1.12 and later send a null identity for a state saved before identities.
			{"unchanged, with a null identity", tfprotov6.ReadResourceRequest{CurrentState: state, CurrentIdentity: nullIdentity}, true, kept},
			{"changed behind Terraform's back", tfprotov6.ReadResourceRequest{CurrentState: with(r.drifted, "changed elsewhere")}, false, changed},
			{"deleted behind Terraform's back", tfprotov6.ReadResourceRequest{CurrentState: with("id", missing)}, false, removed},
			{"private data", tfprotov6.ReadResourceRequest{CurrentState: state, Private: []byte(`{"chatops_test":"InRydWUi"}`)}, false, kept},
			{"another identity", tfprotov6.ReadResourceRequest{CurrentState: state, CurrentIdentity: otherIdentity}, false, refused},
		} {
			t.Run(r.name+" "+tc.name, func(t *testing.T) {
				req := tc.req
				req.TypeName = r.name
				before, requests := p.srv.readShortcuts.Load(), p.fake.Requests().Total
				got, err := p.srv.ReadResource(ctx, &req)
				if err != nil {
					t.Fatal(err)
				}
				if n := p.fake.Requests().Total - requests; n != 1 {
					t.Errorf("%d requests, want 1", n)
				}
				if taken := p.srv.readShortcuts.Load() > before; taken != tc.shortcut {
					t.Errorf("shortcut taken: %v, want %v", taken, tc.shortcut)
				}
				outcome := refused
				if !protoHasError(got.Diagnostics) {
					switch v := protoValue(t, typ, got.NewState); {
					case v.IsNull():
						outcome = removed
					case v.Equal(protoValue(t, typ, req.CurrentState)):
						outcome = kept
					default:
						outcome = changed
					}
				}
				if outcome != tc.outcome {
					t.Errorf("state %s, want %s (diagnostics %s)", outcome, tc.outcome, diagnosticsText(got.Diagnostics))
				}
				want, err := p.srv.protocolServer.ReadResource(ctx, &req)
				if err != nil {
					t.Fatal(err)
				}
				requireSameDiagnostics(t, got.Diagnostics, want.Diagnostics)
				if (got.NewState == nil) != (want.NewState == nil) {
					t.Fatalf("state %v, the framework's %v", got.NewState, want.NewState)
				}
				if got.NewState != nil {
					if g, w := protoValue(t, typ, got.NewState), protoValue(t, typ, want.NewState); !g.Equal(w) {
						t.Errorf("state %v\nthe framework's %v", g, w)
					}
				}
				if (got.NewIdentity == nil) != (want.NewIdentity == nil) {
					t.Fatalf("identity %v, the framework's %v", got.NewIdentity, want.NewIdentity)
				}
				if got.NewIdentity != nil {
					if g, w := protoValue(t, idType, got.NewIdentity.IdentityData), protoValue(t, idType, want.NewIdentity.IdentityData); !g.Equal(w) {
						t.Errorf("identity %v\nthe framework's %v", g, w)
					}
				}
				if !samePrivate(got.Private, want.Private) {
					t.Errorf("private %q, the framework's %q", got.Private, want.Private)
				}
			})
		}
	}
}

// requireSameDiagnostics compares diagnostics by what Terraform shows of them.
func requireSameDiagnostics(t *testing.T, got, want []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("diagnostics %s, the framework's %s", diagnosticsText(got), diagnosticsText(want))
	}
	for i, g := range got {
		if w := want[i]; g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail {
			t.Errorf("diagnostic %+v\nthe framework's %+v", g, w)
		}
	}
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "[%s: %s] ", d.Summary, d.Detail)
	}
	return b.String()
}
