package provider

// The provider's protocol server is the framework's, with one exception:
// chatops_devrev_conversations writes its state as msgpack itself
// (devrev_conversation_msgpack.go). On that read the framework would decode
// the configuration, build the state from attr.Values, walk it for semantic
// equality against the configuration and encode it again: for 10,000
// conversations that is several times the cost of the read itself. The
// answer is the framework's, response for response
// (TestConversationsMsgpack_answersAsTheFramework), and anything the msgpack
// path does not know goes to the framework: another type, a provider that is
// not configured (or deferred: see Configure), a schema the writer does not
// cover.
//
// Every other call is the framework's. frameworkServer names the optional
// server interfaces; TestProtocolServer_exposesEveryFrameworkMethod fails when
// the framework's server gains one that this one would hide.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// frameworkServer is every tfprotov6 interface the framework's server
// implements, so that tf6server finds each of them on the wrapper too.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// NewProtocol6Server returns the provider's protocol server factory, for
// tf6server.Serve and the acceptance tests.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &chatopsProvider{version: version}
		fw := providerserver.NewProtocol6(p)()
		s, ok := fw.(frameworkServer)
		if !ok {
			return fw
		}
		var meta provider.MetadataResponse
		p.Metadata(context.Background(), provider.MetadataRequest{}, &meta)
		var md datasource.MetadataResponse
		NewDevRevConversationsDataSource().Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		return &protocolServer{frameworkServer: s, provider: p, conversations: md.TypeName}
	}
}

type protocolServer struct {
	frameworkServer
	provider *chatopsProvider
	// conversations is the chatops_devrev_conversations type name, or ""
	// when the msgpack writer does not cover its schema.
	conversations string
}

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	data := s.provider.configured.Load()
	w := devrevConvMsgpack()
	if req.TypeName != s.conversations || w == nil || data == nil || data.DevRev == nil || req.Config == nil {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	config, err := req.Config.Unmarshal(devrevConversationsSchema().Type().TerraformType(ctx))
	if err != nil {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	d := &devrevConversationsDataSource{}
	d.client = data.DevRev
	state, diags := d.readMsgpack(ctx, w, config)
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(ctx, diags)}
	if diags.HasError() {
		// The framework answers a failed read with the state it started
		// from: the configuration.
		dv, err := tfprotov6.NewDynamicValue(config.Type(), config)
		if err != nil {
			return s.frameworkServer.ReadDataSource(ctx, req)
		}
		resp.State = &dv
		return resp, nil
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	return resp, nil
}

// protocolDiagnostics converts diagnostics as the framework does: nil when
// there are none.
func protocolDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail()}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = protocolPath(ctx, dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// protocolPath converts a diagnostic's path; one that does not convert is
// left out, and the diagnostic is then about the whole object.
func protocolPath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(step)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(step)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(step)))
		case path.PathStepElementKeyValue:
			v, err := step.ToTerraformValue(ctx)
			if err != nil {
				return nil
			}
			steps = append(steps, tftypes.ElementKeyValue(v))
		default:
			return nil
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
