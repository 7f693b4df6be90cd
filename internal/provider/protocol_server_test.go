package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

// TestProtocolServer_exposesEveryFrameworkMethod fails when the framework's
// server gains a method, such as an optional interface's, that the provider's
// server would hide from tf6server: frameworkServer must then name it.
func TestProtocolServer_exposesEveryFrameworkMethod(t *testing.T) {
	t.Parallel()
	fw := reflect.TypeOf(providerserver.NewProtocol6(New("test")())())
	ours := reflect.TypeOf(NewProtocol6Server("test")())
	if fw == ours {
		t.Fatal("NewProtocol6Server served the framework's server as it is: the conversations read is not written as msgpack")
	}
	for i := range fw.NumMethod() {
		name := fw.Method(i).Name
		if _, ok := ours.MethodByName(name); !ok {
			t.Errorf("the framework's server has %s, which the provider's server does not expose: add its interface to frameworkServer", name)
		}
	}
}

// TestProtocolServer_servesTheConversationsRead: the equivalence test below
// would pass, and the msgpack path go unused, if the server did not know the
// data source's type name.
func TestProtocolServer_servesTheConversationsRead(t *testing.T) {
	t.Parallel()
	s, ok := NewProtocol6Server("test")().(*protocolServer)
	if !ok {
		t.Fatal("NewProtocol6Server served the framework's server as it is")
	}
	if s.conversations != "chatops_devrev_conversations" {
		t.Fatalf("the protocol server answers the msgpack read for %q, want chatops_devrev_conversations", s.conversations)
	}
}

// TestConversationsMsgpack_answersAsTheFramework reads
// chatops_devrev_conversations with every filter and every output mode
// through the provider's server (the msgpack path) and through the
// framework's own server (the data source's Read), configured alike against
// one fake, and requires the same whole response from both, byte for byte,
// with the same requests.
func TestConversationsMsgpack_answersAsTheFramework(t *testing.T) {
	t.Parallel()
	if devrevConvMsgpack() == nil {
		t.Fatal("the msgpack writer does not cover the data source's schema: there is no msgpack path to compare")
	}
	ctx := context.Background()
	fakeAPIs := fake.MustNew(fake.Options{GenerateConversations: 250})
	ts := httptest.NewServer(fakeAPIs)
	t.Cleanup(ts.Close)
	ours := NewProtocol6Server("test")()
	framework := providerserver.NewProtocol6(New("test")())()
	schemas := protoConfigure(t, ours, ts.URL, true, false)
	protoConfigure(t, framework, ts.URL, true, false)
	const name = "chatops_devrev_conversations"
	typ := schemas.DataSourceSchemas[name].ValueType()

	pick := convValuePicker{all: fakeConversations(t, fakeAPIs)}
	brand := pick.first(func(c fakeConv) []string { return optional(c.FilterFields.Brand) })
	part := pick.first(func(c fakeConv) []string { return c.FilterFields.AppliesToParts })
	channel := pick.first(func(c fakeConv) []string { return refIDs(c.Channels) })
	group := pick.first(func(c fakeConv) []string { return optionalRef(c.Group) })
	revOrg := pick.first(func(c fakeConv) []string { return optional(c.FilterFields.RevOrg) })
	srcV2 := pick.first(func(c fakeConv) []string { return optionalRef(c.SourceChannelV2) })
	member := pick.first(func(c fakeConv) []string { return userIDs(c.Members) })
	tag := pick.firstTag(func(t fakeTag) bool { return t.Value != "" })
	cursor := readCursor(t, ours, typ, `{"limit": 40}`)
	monthAgo := time.Now().Add(-30 * 24 * time.Hour).UTC().Format(time.RFC3339)

	cases := map[string]string{
		// Output modes.
		"every conversation":    `{}`,
		"ids only":              `{"ids_only": true}`,
		"ids only false":        `{"ids_only": false, "limit": 7}`,
		"limit":                 `{"limit": 120}`,
		"limit of one":          `{"limit": 1}`,
		"before":                `{"mode": "before", "limit": 5}`,
		"after a cursor":        fmt.Sprintf(`{"cursor": %q, "mode": "after", "limit": 30}`, cursor),
		"before a cursor":       fmt.Sprintf(`{"cursor": %q, "mode": "before"}`, cursor),
		"no match":              `{"brand": ["no-such-brand"]}`,
		"no match, ids only":    `{"brand": ["no-such-brand"], "ids_only": true}`,
		"ids only with filters": `{"state": ["closed"], "ids_only": true}`,
		// Every filter.
		"actual_close_date range":      fmt.Sprintf(`{"actual_close_date": {"after": %q}}`, monthAgo),
		"actual_close_date preset":     `{"actual_close_date": {"preset_type": "last_n_days", "days": 10}}`,
		"applies_to_parts":             fmt.Sprintf(`{"applies_to_parts": [%q]}`, part),
		"brand":                        fmt.Sprintf(`{"brand": [%q]}`, brand),
		"channels":                     fmt.Sprintf(`{"channels": [%q]}`, channel),
		"group":                        fmt.Sprintf(`{"group": [%q]}`, group),
		"is_creator_verified":          `{"is_creator_verified": false}`,
		"is_frozen":                    `{"is_frozen": true}`,
		"is_spam":                      `{"is_spam": true}`,
		"members":                      fmt.Sprintf(`{"members": ["DEVU-3", %q]}`, member),
		"modified_date range":          fmt.Sprintf(`{"modified_date": {"after": %q}}`, monthAgo),
		"modified_date preset":         `{"modified_date": {"preset_type": "last_n_days", "days": 30}}`,
		"owned_by":                     `{"owned_by": ["DEVU-1", "DEVU-2"]}`,
		"rev_orgs":                     fmt.Sprintf(`{"rev_orgs": [%q]}`, revOrg),
		"rev_org (deprecated)":         fmt.Sprintf(`{"rev_org": [%q]}`, revOrg),
		"sla_summary":                  `{"sla_summary": {"stage": ["breached", "warning"], "target_time": {"preset_type": "next_n_days", "days": 7}}}`,
		"source_channel":               `{"source_channel": ["email", "api"]}`,
		"source_channel_v2":            fmt.Sprintf(`{"source_channel_v2": [%q]}`, srcV2),
		"source_channels (deprecated)": `{"source_channels": ["slack"]}`,
		"stage":                        `{"stage": {"name": ["new", "archived"]}}`,
		"state":                        `{"state": ["open", "in_progress"]}`,
		"tags (deprecated)":            fmt.Sprintf(`{"tags": [%q]}`, tag.Tag.ID),
		"tags_v2":                      fmt.Sprintf(`{"tags_v2": [{"id": %q, "value": %q}]}`, tag.Tag.ID, tag.Value),
		// Refused by the API: the same error from both.
		"a cursor the API refuses": `{"cursor": "not-a-cursor"}`,
	}
	for name, config := range cases {
		t.Run(name, func(t *testing.T) {
			req := &tfprotov6.ReadDataSourceRequest{TypeName: "chatops_devrev_conversations", Config: protoJSON(t, typ, config)}
			got, gotRequests := readCounted(t, fakeAPIs, ours, req)
			want, wantRequests := readCounted(t, fakeAPIs, framework, req)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the msgpack path's answer differs from the framework's (-framework +msgpack):\n%s", diff)
			}
			if gotRequests != wantRequests || gotRequests == 0 {
				t.Errorf("%d conversations.list requests, the framework's path %d", gotRequests, wantRequests)
			}
		})
	}

	t.Run("forbidden", func(t *testing.T) {
		req := &tfprotov6.ReadDataSourceRequest{TypeName: "chatops_devrev_conversations", Config: protoJSON(t, typ, `{}`)}
		var answers []*tfprotov6.ReadDataSourceResponse
		for _, srv := range []tfprotov6.ProviderServer{ours, framework} {
			fakeAPIs.SetFaults(mockapi.Faults{Script: []mockapi.ScriptedFault{{Route: devrev.RouteConversationsList, Status: http.StatusForbidden}}})
			resp, err := srv.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			answers = append(answers, resp)
		}
		fakeAPIs.ClearFaults()
		if diff := cmp.Diff(answers[1], answers[0]); diff != "" || !protoHasError(answers[0].Diagnostics) {
			t.Errorf("answer %v; differs from the framework's (-framework +msgpack):\n%s", answers[0].Diagnostics, diff)
		}
	})
}

// TestConversationsMsgpack_fallsBackToTheFramework proves the reads the
// msgpack path does not answer go to the framework, with the framework's
// answer: a provider without DevRev, and data sources of other types.
func TestConversationsMsgpack_fallsBackToTheFramework(t *testing.T) {
	t.Parallel()
	fakeAPIs := fake.MustNew(fake.Options{GenerateConversations: 3})
	ts := httptest.NewServer(fakeAPIs)
	t.Cleanup(ts.Close)
	for _, tc := range []struct {
		name, typeName, config string
		devrev, wantError      bool
	}{
		{"without DevRev", "chatops_devrev_conversations", `{}`, false, true},
		{"another data source", "chatops_helpcrunch_chats", `{"limit": 5}`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ours := NewProtocol6Server("test")()
			framework := providerserver.NewProtocol6(New("test")())()
			typ := protoConfigure(t, ours, ts.URL, tc.devrev, true).DataSourceSchemas[tc.typeName].ValueType()
			protoConfigure(t, framework, ts.URL, tc.devrev, true)
			req := &tfprotov6.ReadDataSourceRequest{TypeName: tc.typeName, Config: protoJSON(t, typ, tc.config)}
			got, err := ours.ReadDataSource(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			want, err := framework.ReadDataSource(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" || protoHasError(got.Diagnostics) != tc.wantError {
				t.Errorf("answer %v; differs from the framework's (-framework +ours):\n%s", got.Diagnostics, diff)
			}
		})
	}
}

// readCounted reads through srv and returns the answer and the
// conversations.list requests it made.
func readCounted(t *testing.T, fakeAPIs *fake.Server, srv tfprotov6.ProviderServer, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, int) {
	t.Helper()
	before := fakeAPIs.RequestCount(devrev.RouteConversationsList)
	resp, err := srv.ReadDataSource(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, fakeAPIs.RequestCount(devrev.RouteConversationsList) - before
}

// readCursor reads config and returns the next_cursor it gives.
func readCursor(t *testing.T, srv tfprotov6.ProviderServer, typ tftypes.Type, config string) string {
	t.Helper()
	resp, err := srv.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "chatops_devrev_conversations", Config: protoJSON(t, typ, config),
	})
	if err != nil || protoHasError(resp.Diagnostics) {
		t.Fatal(err, resp.Diagnostics)
	}
	var attrs map[string]tftypes.Value
	if err := protoValue(t, typ, resp.State).As(&attrs); err != nil {
		t.Fatal(err)
	}
	var cursor string
	if err := attrs["next_cursor"].As(&cursor); err != nil || cursor == "" {
		t.Fatalf("no next_cursor (%v)", err)
	}
	return cursor
}

// protoJSON is the configuration written as JSON, every attribute it leaves
// out null.
func protoJSON(t *testing.T, typ tftypes.Type, config string) *tfprotov6.DynamicValue {
	t.Helper()
	v, err := (&tfprotov6.RawState{JSON: []byte(config)}).Unmarshal(typ)
	if err != nil {
		t.Fatalf("%s: %v", config, err)
	}
	return protoDynamic(t, typ, v)
}
