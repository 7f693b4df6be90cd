package provider

// Benchmarks of what terraform asks the provider process for, through the
// protocol server (tfprotov6), so that the framework's own work (plan
// modification, semantic equality, validation, the msgpack answer) is in the
// profile. The figures users feel come from `go run ./bench`; these exist to
// profile (go test -run '^$' -bench Proto -cpuprofile cpu.out).

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http/httptest"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// protoBench is a configured protocol server in front of a fake.
type protoBench struct {
	srv     tfprotov6.ProviderServer
	fake    *fake.Server
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtoBench(b testing.TB, opts fake.Options) *protoBench {
	b.Helper()
	fakeAPIs := fake.MustNew(opts)
	ts := httptest.NewServer(fakeAPIs)
	b.Cleanup(ts.Close)
	srv := NewProtocol6Server("bench")()
	return &protoBench{srv: srv, fake: fakeAPIs, schemas: protoConfigure(b, srv, ts.URL, true, true)}
}

// protoConfigure configures srv for the fake at url, with each platform
// when asked, and returns its schemas.
func protoConfigure(b testing.TB, srv tfprotov6.ProviderServer, url string, withDevRev, withHelpCrunch bool) *tfprotov6.GetProviderSchemaResponse {
	b.Helper()
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || protoHasError(schemas.Diagnostics) {
		b.Fatal(err, schemas.Diagnostics)
	}
	ptyp := schemas.Provider.ValueType().(tftypes.Object)
	platforms := map[string]tftypes.Value{}
	if withDevRev {
		platforms["devrev"] = protoObject(ptyp.AttributeTypes["devrev"].(tftypes.Object), map[string]tftypes.Value{
			"token":    tftypes.NewValue(tftypes.String, devrev.DemoToken),
			"endpoint": tftypes.NewValue(tftypes.String, url+devrev.Prefix),
		})
	}
	if withHelpCrunch {
		platforms["helpcrunch"] = protoObject(ptyp.AttributeTypes["helpcrunch"].(tftypes.Object), map[string]tftypes.Value{
			"api_key":  tftypes.NewValue(tftypes.String, helpcrunch.DemoKey),
			"endpoint": tftypes.NewValue(tftypes.String, url+helpcrunch.Prefix),
			// The fake has no rate limit here: pacing would measure the clock.
			"max_requests_per_minute": tftypes.NewValue(tftypes.Number, 0),
		})
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           protoDynamic(b, ptyp, protoObject(ptyp, platforms)),
	})
	if err != nil || protoHasError(resp.Diagnostics) {
		b.Fatal(err, resp.Diagnostics)
	}
	return schemas
}

func (p *protoBench) resourceType(name string) tftypes.Object {
	return p.schemas.ResourceSchemas[name].ValueType().(tftypes.Object)
}

// create plans and applies one resource of config, as terraform does for a
// new resource, and returns its state and private data.
func (p *protoBench) create(b testing.TB, name string, config tftypes.Value) (*tfprotov6.DynamicValue, []byte) {
	b.Helper()
	ctx := context.Background()
	typ := p.resourceType(name)
	dvConfig := protoDynamic(b, typ, config)
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         name,
		PriorState:       protoDynamic(b, typ, tftypes.NewValue(typ, nil)),
		ProposedNewState: dvConfig,
		Config:           dvConfig,
	})
	if err != nil || protoHasError(plan.Diagnostics) {
		b.Fatal(err, plan.Diagnostics)
	}
	applied, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       name,
		PriorState:     protoDynamic(b, typ, tftypes.NewValue(typ, nil)),
		PlannedState:   plan.PlannedState,
		Config:         dvConfig,
		PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil || protoHasError(applied.Diagnostics) {
		b.Fatal(err, applied.Diagnostics)
	}
	return applied.NewState, applied.Private
}

// benchRefreshPlan runs, per object, what a no-op `terraform plan` asks of
// the provider: UpgradeResourceState of the stored state, ReadResource of the
// upgraded state, ValidateResourceConfig, then PlanResourceChange with the
// configuration unchanged, and fails unless the plan is empty.
func benchRefreshPlan(b *testing.B, p *protoBench, name string, config tftypes.Value, objects int) {
	ctx := context.Background()
	typ := p.resourceType(name)
	stored := make([][]byte, objects)
	privs := make([][]byte, objects)
	for i := range objects {
		var state *tfprotov6.DynamicValue
		state, privs[i] = p.create(b, name, config)
		var err error
		if stored[i], err = json.Marshal(stateJSON(b, protoValue(b, typ, state))); err != nil {
			b.Fatal(err)
		}
	}
	dvConfig := protoDynamic(b, typ, config)
	p.fake.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range objects {
			upgraded, err := p.srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: name, RawState: &tfprotov6.RawState{JSON: stored[i]}})
			if err != nil || protoHasError(upgraded.Diagnostics) {
				b.Fatal(err, upgraded.Diagnostics)
			}
			read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: name, CurrentState: upgraded.UpgradedState, Private: privs[i]})
			if err != nil || protoHasError(read.Diagnostics) {
				b.Fatal(err, read.Diagnostics)
			}
			valid, err := p.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: name, Config: dvConfig})
			if err != nil || protoHasError(valid.Diagnostics) {
				b.Fatal(err, valid.Diagnostics)
			}
			// With an unchanged configuration the proposed new state is
			// the refreshed state.
			plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: name, PriorState: read.NewState, ProposedNewState: read.NewState,
				Config: dvConfig, PriorPrivate: read.Private, PriorIdentity: read.NewIdentity,
			})
			if err != nil || protoHasError(plan.Diagnostics) || len(plan.RequiresReplace) > 0 {
				b.Fatal(err, plan.Diagnostics)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(p.fake.Requests().Total)/float64(b.N*objects), "requests/object")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*objects)/1e6, "ms/object")
}

// BenchmarkProtoDevRevChatRefreshPlan500 is the provider's side of a no-op
// plan of 500 chatops_devrev_chat.
func BenchmarkProtoDevRevChatRefreshPlan500(b *testing.B) {
	p := newProtoBench(b, fake.Options{})
	typ := p.resourceType("chatops_devrev_chat")
	config := protoObject(typ, map[string]tftypes.Value{
		"users": tftypes.NewValue(typ.AttributeTypes["users"], []tftypes.Value{
			tftypes.NewValue(tftypes.String, "DEVU-1"), tftypes.NewValue(tftypes.String, "DEVU-2"),
		}),
		"title":      tftypes.NewValue(tftypes.String, "bench"),
		"is_default": tftypes.NewValue(tftypes.Bool, false),
	})
	benchRefreshPlan(b, p, "chatops_devrev_chat", config, 500)
}

// BenchmarkProtoHelpCrunchChatRefreshPlan500 is the provider's side of a
// no-op plan of 500 chatops_helpcrunch_chat.
func BenchmarkProtoHelpCrunchChatRefreshPlan500(b *testing.B) {
	p := newProtoBench(b, fake.Options{})
	typ := p.resourceType("chatops_helpcrunch_chat")
	config := protoObject(typ, map[string]tftypes.Value{
		"customer":    tftypes.NewValue(tftypes.Number, 1),
		"application": tftypes.NewValue(tftypes.Number, 1),
		"assignee":    tftypes.NewValue(tftypes.Number, 1),
	})
	benchRefreshPlan(b, p, "chatops_helpcrunch_chat", config, 500)
}

// BenchmarkProtoDevRevConversationsRead10k is the provider's side of a plan
// that reads chatops_devrev_conversations over 10,000 conversations,
// including the framework's checks and the msgpack answer.
func BenchmarkProtoDevRevConversationsRead10k(b *testing.B) {
	ctx := context.Background()
	p := newProtoBench(b, fake.Options{GenerateConversations: 10_000})
	typ := p.schemas.DataSourceSchemas["chatops_devrev_conversations"].ValueType().(tftypes.Object)
	config := protoDynamic(b, typ, protoObject(typ, nil))
	p.fake.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		resp, err := p.srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "chatops_devrev_conversations", Config: config})
		if err != nil || protoHasError(resp.Diagnostics) {
			b.Fatal(err, resp.Diagnostics)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(p.fake.RequestCount(devrev.RouteConversationsList))/float64(b.N), "requests/op")
}

// protoObject is an object of typ with vals and every other attribute null.
func protoObject(typ tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	all := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
			continue
		}
		all[name] = tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(typ, all)
}

func protoDynamic(b testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func protoHasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
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

func protoValue(t testing.TB, typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
