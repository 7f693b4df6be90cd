package main

// The floor of the conversations run: Terraform planning the same data source
// when the provider has its answer already. Terraform decodes the answer,
// checks it, keeps it in the state and evaluates what refers to it, at a cost
// that grows with the answer whatever the provider does; terraform_data is
// no such floor for a data source, so bench makes one. It records what the
// provider answers (in-process, against the same fake), then stands in for
// the provider with a server that has the provider's own schema and answers
// the read with the recorded state at once.

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
	"github.com/chatinfra/terraform-provider-chatops/internal/provider"
)

// envReplay names the recorded state file: when set, bench is standing in
// for the provider with the replay server.
const envReplay = "CHATOPS_BENCH_REPLAY"

const conversationsType = "chatops_devrev_conversations"

func serveReplay(path string) int {
	state, err := os.ReadFile(path) //nolint:gosec // G304: the file bench itself wrote and named in the environment it set
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench replay:", err)
		return 1
	}
	// As the provider does (main.go).
	for name, level := range provider.QuietLogLevels(os.Getenv) {
		_ = os.Setenv(name, level)
	}
	err = tf6server.Serve("registry.terraform.io/chatinfra/chatops", func() tfprotov6.ProviderServer {
		return &replayServer{ProviderServer: provider.NewProtocol6Server("bench")(), state: state}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench replay:", err)
		return 1
	}
	return 0
}

// replayServer is the provider's server with the conversations read
// answered from the recording.
type replayServer struct {
	tfprotov6.ProviderServer
	state []byte
}

func (s *replayServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != conversationsType {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: s.state}}, nil
}

// recordConversations reads the conversations data source with limit count
// (and ids_only) through the provider's server, in-process, and returns its
// state.
func recordConversations(f *fakeServer, count int, idsOnly bool) ([]byte, error) {
	ctx := context.Background()
	srv := provider.NewProtocol6Server("bench")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("the provider's schema", schemas.Diagnostics); err != nil {
		return nil, err
	}
	ptyp, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("the provider's configuration is not an object")
	}
	cfg, err := objectValue(ptyp, map[string]any{
		"devrev":     map[string]any{"token": devrev.DemoToken, "endpoint": f.url + devrev.Prefix},
		"helpcrunch": map[string]any{"api_key": helpcrunch.DemoKey, "endpoint": f.url + helpcrunch.Prefix},
	})
	if err != nil {
		return nil, err
	}
	configured, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("configuring the provider", configured.Diagnostics); err != nil {
		return nil, err
	}
	dtyp, ok := schemas.DataSourceSchemas[conversationsType].ValueType().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", conversationsType)
	}
	dcfg, err := objectValue(dtyp, map[string]any{"limit": count, "ids_only": idsOnly})
	if err != nil {
		return nil, err
	}
	read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: conversationsType, Config: dcfg})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("reading "+conversationsType, read.Diagnostics); err != nil {
		return nil, err
	}
	return read.State.MsgPack, nil
}

// objectValue is an object of typ with the given attributes (strings,
// numbers, or nested objects as maps) and the others null.
func objectValue(typ tftypes.Object, attrs map[string]any) (*tfprotov6.DynamicValue, error) {
	v, err := object(typ, attrs)
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	return &dv, err
}

func object(typ tftypes.Object, attrs map[string]any) (tftypes.Value, error) {
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		a, ok := attrs[name]
		switch a := a.(type) {
		case map[string]any:
			nested, isObject := at.(tftypes.Object)
			if !isObject {
				return tftypes.Value{}, fmt.Errorf("attribute %s is not an object", name)
			}
			v, err := object(nested, a)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[name] = v
		default:
			if !ok {
				a = nil
			}
			vals[name] = tftypes.NewValue(at, a)
		}
	}
	return tftypes.NewValue(typ, vals), nil
}

func diagnosticsError(what string, diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
	return nil
}
