package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/chatinfra/terraform-provider-chatops/internal/acctest"
)

// newTFCLI is a terraform working directory for the action tests, which
// drive the CLI themselves because terraform-plugin-testing cannot pass
// -invoke: the provider served from this process, config written after the
// provider requirement, and init run. It skips, saying why, below Terraform
// 1.14, the first with actions.
func newTFCLI(t *testing.T, config string) *terraformCLI {
	t.Helper()
	acctest.PreCheck(t)
	c := newTerraformCLI(t, "1.14.0")
	c.writeConfig(config)
	c.run("init", "-input=false", "-no-color")
	return c
}

// invoke runs `terraform apply -invoke=ADDR` and returns its output.
func (c *terraformCLI) invoke(addr string) (string, error) {
	c.t.Helper()
	return c.output("apply", "-auto-approve", "-input=false", "-no-color", "-invoke="+addr)
}

// mustInvoke is invoke that fails the test on an error.
func (c *terraformCLI) mustInvoke(addr string) string {
	c.t.Helper()
	out, err := c.invoke(addr)
	if err != nil {
		c.t.Fatalf("terraform apply -invoke=%s: %v\n%s", addr, err, out)
	}
	return out
}

// invokeMustFail is invoke for an invocation that must fail: it fails the
// test if the invocation succeeds, and returns the output, with the error.
func (c *terraformCLI) invokeMustFail(addr string) string {
	c.t.Helper()
	out, err := c.invoke(addr)
	if err == nil {
		c.t.Fatalf("terraform apply -invoke=%s succeeded, want an error:\n%s", addr, out)
	}
	return out
}

// mustContain fails the test unless out (whitespace folded) holds every part.
func mustContain(t *testing.T, out string, parts ...string) {
	t.Helper()
	flat := compact(out)
	for _, p := range parts {
		if !strings.Contains(flat, p) {
			t.Errorf("output lacks %q:\n%s", p, out)
		}
	}
}

// TestMessageActions_validateConfig checks, through the plugin protocol and
// without Terraform, what terraform plan asks the provider before any
// request: bad values are attribute errors, unknown values (an id known only
// after apply) pass, and so do good ones.
func TestMessageActions_validateConfig(t *testing.T) {
	t.Parallel()
	ps := NewProtocol6Server("test")()
	srv, ok := ps.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	ctx := context.Background()
	schemas, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	devrevType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"target": tftypes.String, "body": tftypes.String, "body_type": tftypes.String, "visibility": tftypes.String,
	}}
	hcType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"chat": tftypes.Number, "text": tftypes.String, "markdown_text": tftypes.String, "agent": tftypes.Number, "type": tftypes.String,
	}}
	for name, typ := range map[string]tftypes.Object{"chatops_devrev_message": devrevType, "chatops_helpcrunch_message": hcType} {
		s := schemas.ActionSchemas[name]
		if s == nil {
			t.Fatalf("no action schema %s: %v", name, schemas.ActionSchemas)
		}
		for _, a := range s.Schema.Block.Attributes {
			if _, ok := typ.AttributeTypes[a.Name]; !ok || strings.TrimSpace(a.Description) == "" {
				t.Errorf("%s.%s: unexpected attribute, or no description", name, a.Name)
			}
		}
		if len(s.Schema.Block.Attributes) != len(typ.AttributeTypes) {
			t.Errorf("%s has %d attributes, want %d", name, len(s.Schema.Block.Attributes), len(typ.AttributeTypes))
		}
	}

	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	num := func(v int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, v) }
	nullStr := tftypes.NewValue(tftypes.String, nil)
	devrev := func(target, body tftypes.Value, bodyType, visibility tftypes.Value) tftypes.Value {
		return tftypes.NewValue(devrevType, map[string]tftypes.Value{"target": target, "body": body, "body_type": bodyType, "visibility": visibility})
	}
	hc := func(chat tftypes.Value, text string, markdown tftypes.Value, agent int64, typ tftypes.Value) tftypes.Value {
		return tftypes.NewValue(hcType, map[string]tftypes.Value{"chat": chat, "text": str(text), "markdown_text": markdown, "agent": num(agent), "type": typ})
	}
	for _, tc := range []struct {
		name, action string
		config       tftypes.Value
		typ          tftypes.Object
		wantAttr     string // "" for no error
	}{
		{"devrev ok", "chatops_devrev_message", devrev(str("DM-1"), str("hi"), str("text"), str("internal")), devrevType, ""},
		{"devrev DON id", "chatops_devrev_message", devrev(str("don:core:dvrv-us-1:devo/0:conversation/3"), str("hi"), nullStr, nullStr), devrevType, ""},
		{"devrev unknown target", "chatops_devrev_message", devrev(tftypes.NewValue(tftypes.String, tftypes.UnknownValue), str("hi"), nullStr, nullStr), devrevType, ""},
		{"devrev blank target", "chatops_devrev_message", devrev(str(" "), str("hi"), nullStr, nullStr), devrevType, "target"},
		{"devrev malformed target", "chatops_devrev_message", devrev(str("DM 1"), str("hi"), nullStr, nullStr), devrevType, "target"},
		{"devrev empty body", "chatops_devrev_message", devrev(str("DM-1"), str(""), nullStr, nullStr), devrevType, "body"},
		{"devrev snap_kit body", "chatops_devrev_message", devrev(str("DM-1"), str("hi"), str("snap_kit"), nullStr), devrevType, "body_type"},
		{"devrev bad visibility", "chatops_devrev_message", devrev(str("DM-1"), str("hi"), nullStr, str("everyone")), devrevType, "visibility"},
		{"helpcrunch ok", "chatops_helpcrunch_message", hc(num(7), "hi", str("**hi**"), 2, str("private")), hcType, ""},
		{"helpcrunch unknown chat", "chatops_helpcrunch_message", hc(tftypes.NewValue(tftypes.Number, tftypes.UnknownValue), "hi", nullStr, 2, nullStr), hcType, ""},
		{"helpcrunch chat 0", "chatops_helpcrunch_message", hc(num(0), "hi", nullStr, 2, nullStr), hcType, "chat"},
		{"helpcrunch blank text", "chatops_helpcrunch_message", hc(num(7), "\t", nullStr, 2, nullStr), hcType, "text"},
		{"helpcrunch blank markdown", "chatops_helpcrunch_message", hc(num(7), "hi", str(""), 2, nullStr), hcType, "markdown_text"},
		{"helpcrunch agent 0", "chatops_helpcrunch_message", hc(num(7), "hi", nullStr, 0, nullStr), hcType, "agent"},
		{"helpcrunch fractional chat", "chatops_helpcrunch_message", hc(tftypes.NewValue(tftypes.Number, 7.5), "hi", nullStr, 2, nullStr), hcType, "chat"},
		{"helpcrunch chat past int64", "chatops_helpcrunch_message", hc(tftypes.NewValue(tftypes.Number, 1e19), "hi", nullStr, 2, nullStr), hcType, "chat"},
		{"helpcrunch bad type", "chatops_helpcrunch_message", hc(num(7), "hi", nullStr, 2, str("email")), hcType, "type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dv, err := tfprotov6.NewDynamicValue(tc.typ, tc.config)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := srv.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: tc.action, Config: &dv})
			if err != nil {
				t.Fatal(err)
			}
			var errs []*tfprotov6.Diagnostic
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					errs = append(errs, d)
				}
			}
			if tc.wantAttr == "" {
				if len(errs) > 0 {
					t.Fatalf("errors for a good config: %v", errs[0])
				}
				return
			}
			if len(errs) != 1 || errs[0].Attribute == nil || errs[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName(tc.wantAttr).String() {
				t.Fatalf("diagnostics = %+v, want one error on %s", resp.Diagnostics, tc.wantAttr)
			}
		})
	}
}

// expectActionInvocations is a plan check: the plan invokes exactly the
// given actions, each once, triggered by event on resource ("" for no
// action at all).
type expectActionInvocations struct {
	action, resource, event string
}

func (e expectActionInvocations) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := req.Plan.ActionInvocations
	if e.action == "" {
		if len(got) != 0 {
			resp.Error = fmt.Errorf("plan invokes %d actions, want none (first: %s)", len(got), got[0].Address)
		}
		return
	}
	if len(got) != 1 {
		resp.Error = fmt.Errorf("plan invokes %d actions, want exactly one: %s", len(got), e.action)
		return
	}
	inv := got[0]
	trig := inv.LifecycleActionTrigger
	if inv.Address != e.action || trig == nil || trig.TriggeringResourceAddress != e.resource || trig.ActionTriggerEvent != e.event {
		resp.Error = fmt.Errorf("plan invokes %s (trigger %+v), want %s after %s on %s", inv.Address, trig, e.action, e.event, e.resource)
	}
}
