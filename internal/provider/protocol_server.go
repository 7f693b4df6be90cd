package provider

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The protocol server of the provider: the framework's, with four shortcuts.
//
// Plans.
// In a plan where nothing changed, Terraform proposes exactly the prior state
// for every resource. The framework still decodes the configuration, the
// prior and the proposed state into its own data, applies defaults and runs
// every attribute's plan modifiers and the resource's ModifyPlan, to end with
// the proposed state: per chat that was more than half of the provider's CPU
// in a no-op plan (BenchmarkProtoDevRevChatRefreshPlan500). The shortcut
// answers such a plan with the proposed state, the prior private data and
// the prior identity, which is what the framework answers, and it is taken
// only where that is certain from the schema:
//   - the proposed state is the prior state byte for byte (msgpack is
//     canonical: attributes in name order) and is not null;
//   - every plan modifier is the framework's own (they act only on an unknown
//     or a changed value) or one of this provider's listed in
//     keepsUnchangedPlan, and the resource's ModifyPlan, if any, is listed in
//     modifyPlanKeepsUnchanged;
//   - where the configuration leaves out an attribute with a default (or one
//     whose modifier plans null when unset), the prior value is that default.
// Anything else goes to the framework, so a new modifier or resource is never
// skipped by mistake: it merely makes the shortcut fall through.
//
// Reads of data sources that write their state as msgpack themselves
// (msgpackReader): the framework would decode that state, check it against
// the schema and the configuration and encode it again, which for 10,000
// conversations cost more than the read. Their Read method serves the
// framework's path with the same answer.
//
// Refreshes that change nothing. For a resource whose Read is readState,
// the shortcut calls readState itself; when the state it returns is the
// current state (as in every refresh without drift), it answers with that
// state and the identity, which is what the framework answers: its
// semantic-equality pass keeps a value that did not change, and the schema has
// no write-only attributes or blocks of many objects for it to null. Any
// other read (drift, a removed object, an error, a warning, private data, an
// identity that differs) goes to the framework, with what readState fetched
// kept in the context so that the API is not asked twice.
//
// State upgrades to the current version. Terraform asks to upgrade every
// resource's stored state before each refresh, even when it is already at the
// schema's version; the framework then decodes the JSON with the schema and
// encodes it as msgpack, which the shortcut does without the framework's
// per-request setup: 0.2 ms of 0.4 per chat in a no-op plan.

// NewProtocol6Server returns the provider's protocol server factory, for
// tf6server.Serve and the acceptance tests.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer { return newShortcutServer(New(version)()) }
}

// protocolServer is everything the framework's server implements that
// tf6server looks for.
type protocolServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
}

type shortcutServer struct {
	protocolServer
	provider *chatopsProvider
	rules    map[string]*unchangedPlanRule
	states   map[string]stateSchema
	reads    map[string]readRule
	readers  map[string]msgpackReaderType
	// shortcuts counts the plans answered without the framework;
	// readShortcuts the refreshes.
	shortcuts, readShortcuts atomic.Int64
}

// newShortcutServer wraps the framework's server for p; were that server ever
// to lack list resources or actions, it is served as it is.
func newShortcutServer(p fwprovider.Provider) tfprotov6.ProviderServer {
	fwServer := providerserver.NewProtocol6(p)()
	fw, ok := fwServer.(protocolServer)
	if !ok {
		return fwServer
	}
	ctx := context.Background()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	s := &shortcutServer{protocolServer: fw, rules: map[string]*unchangedPlanRule{}, states: map[string]stateSchema{}, reads: map[string]readRule{}, readers: map[string]msgpackReaderType{}}
	s.provider, _ = p.(*chatopsProvider)
	for _, newDataSource := range p.DataSources(ctx) {
		if _, ok := newDataSource().(msgpackReader); !ok {
			continue
		}
		d := newDataSource()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &sr)
		s.readers[md.TypeName] = msgpackReaderType{typ: sr.Schema.Type().TerraformType(ctx), new: newDataSource}
	}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			continue
		}
		if rule, ok := newUnchangedPlanRule(ctx, r, sr.Schema); ok {
			s.rules[md.TypeName] = rule
		}
		if st, ok := newStateSchema(ctx, sr.Schema); ok {
			s.states[md.TypeName] = st
			if rule, ok := newReadRule(ctx, st, sr.Schema, newResource); ok {
				s.reads[md.TypeName] = rule
			}
		}
	}
	return s
}

// msgpackReader is a data source that writes its state as msgpack.
type msgpackReader interface {
	datasource.DataSourceWithConfigure
	readMsgpack(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics)
}

type msgpackReaderType struct {
	typ tftypes.Type
	new func() datasource.DataSource
}

// configured is the provider's data once ConfigureProvider has run, else nil.
func (s *shortcutServer) configured() *providerData {
	if s.provider == nil {
		return nil
	}
	return s.provider.configured.Load()
}

func (s *shortcutServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	reader, ok := s.readers[req.TypeName]
	data := s.configured()
	if !ok || data == nil || req.Config == nil {
		return s.protocolServer.ReadDataSource(ctx, req)
	}
	config, err := req.Config.Unmarshal(reader.typ)
	if err != nil {
		return s.protocolServer.ReadDataSource(ctx, req)
	}
	d := reader.new().(msgpackReader) //nolint:forcetypeassert // checked when the server was made
	var configured datasource.ConfigureResponse
	d.Configure(ctx, datasource.ConfigureRequest{ProviderData: data}, &configured)
	diags := configured.Diagnostics
	var state []byte
	if !diags.HasError() {
		var more diag.Diagnostics
		state, more = d.readMsgpack(ctx, config)
		diags.Append(more...)
	}
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protocolDiagnostics(diags)}
	if !diags.HasError() {
		resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	}
	return resp, nil
}

// protocolDiagnostics converts diagnostics as the framework does.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = protocolPath(dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// protocolPath converts the steps diagnostics use; a path with another kind
// of step is left out, and the diagnostic is then about the whole object.
func protocolPath(p path.Path) *tftypes.AttributePath {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(step))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(step))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(step))
		default:
			return nil
		}
	}
	return ap
}

// msgpackNull is how msgpack writes a null value (a null prior state is a
// create).
var msgpackNull = []byte{0xc0}

func (s *shortcutServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if resp := s.planUnchanged(req); resp != nil {
		s.shortcuts.Add(1)
		return resp, nil
	}
	return s.protocolServer.PlanResourceChange(ctx, req)
}

func (s *shortcutServer) planUnchanged(req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	rule := s.rules[req.TypeName]
	if rule == nil || req.PriorState == nil || req.ProposedNewState == nil || req.Config == nil {
		return nil
	}
	prior := req.PriorState.MsgPack
	if len(prior) == 0 || bytes.Equal(prior, msgpackNull) || !bytes.Equal(prior, req.ProposedNewState.MsgPack) {
		return nil
	}
	if !rule.unsetKeepsPrior(req.Config, req.PriorState) {
		return nil
	}
	identity := req.PriorIdentity
	if identity == nil {
		identity = rule.nullIdentity
	}
	return &tfprotov6.PlanResourceChangeResponse{
		PlannedState:    req.ProposedNewState,
		PlannedPrivate:  req.PriorPrivate,
		PlannedIdentity: identity,
	}
}

// stateSchema is what upgrading a resource's state needs of its schema.
type stateSchema struct {
	typ     tftypes.Type
	version int64
}

// newStateSchema reads a resource's schema; ok is false where the
// framework's upgrade does more than decode and encode: blocks of many
// objects, which it turns from null into empty.
func newStateSchema(ctx context.Context, sch schema.Schema) (stateSchema, bool) {
	if !onlySingleBlocks(sch.Blocks) {
		return stateSchema{}, false
	}
	return stateSchema{typ: sch.Type().TerraformType(ctx), version: sch.Version}, true
}

func onlySingleBlocks(blocks map[string]schema.Block) bool {
	for _, b := range blocks {
		single, ok := b.(schema.SingleNestedBlock)
		if !ok || !onlySingleBlocks(single.Blocks) {
			return false
		}
	}
	return true
}

func (s *shortcutServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if resp := s.upgradeCurrent(req); resp != nil {
		return resp, nil
	}
	return s.protocolServer.UpgradeResourceState(ctx, req)
}

// upgradeCurrent answers as the framework does for a JSON state at the
// schema's version: decoded with the schema, attributes the schema no longer
// has left out, and encoded as msgpack. Anything else, and a state that does
// not decode, goes to the framework (for its upgraders and its diagnostics).
func (s *shortcutServer) upgradeCurrent(req *tfprotov6.UpgradeResourceStateRequest) *tfprotov6.UpgradeResourceStateResponse {
	st, ok := s.states[req.TypeName]
	if !ok || req.RawState == nil || len(req.RawState.JSON) == 0 || req.Version != st.version {
		return nil
	}
	v, err := req.RawState.UnmarshalWithOpts(st.typ, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil
	}
	dv, err := tfprotov6.NewDynamicValue(st.typ, v)
	if err != nil {
		return nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}
}

// readRule is what reading a stateReader's state needs.
type readRule struct {
	state        stateSchema
	identityType tftypes.Type
	new          func() resource.Resource
}

// newReadRule is the rule of a stateReader with the id identity and no
// write-only attributes; ok is false for any other resource.
func newReadRule(ctx context.Context, st stateSchema, sch schema.Schema, newResource func() resource.Resource) (readRule, bool) {
	r, ok := newResource().(stateReader)
	if !ok {
		return readRule{}, false
	}
	ri, ok := r.(resource.ResourceWithIdentity)
	if !ok {
		return readRule{}, false
	}
	var ir resource.IdentitySchemaResponse
	ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
	idType, ok := ir.IdentitySchema.Type().TerraformType(ctx).(tftypes.Object)
	if ir.Diagnostics.HasError() || !ok || len(idType.AttributeTypes) != 1 || !idType.AttributeTypes["id"].Is(tftypes.String) {
		return readRule{}, false
	}
	if hasWriteOnly(sch.Attributes) || blocksHaveWriteOnly(sch.Blocks) {
		return readRule{}, false
	}
	return readRule{state: st, identityType: idType, new: newResource}, true
}

func hasWriteOnly(attrs map[string]schema.Attribute) bool {
	for _, a := range attrs {
		if a.IsWriteOnly() {
			return true
		}
		var nested map[string]schema.Attribute
		switch a := a.(type) {
		case schema.SingleNestedAttribute:
			nested = a.Attributes
		case schema.ListNestedAttribute:
			nested = a.NestedObject.Attributes
		case schema.SetNestedAttribute:
			nested = a.NestedObject.Attributes
		case schema.MapNestedAttribute:
			nested = a.NestedObject.Attributes
		}
		if hasWriteOnly(nested) {
			return true
		}
	}
	return false
}

// blocksHaveWriteOnly looks into single blocks, the only ones stateSchema
// lets through.
func blocksHaveWriteOnly(blocks map[string]schema.Block) bool {
	for _, b := range blocks {
		if single, ok := b.(schema.SingleNestedBlock); ok && (hasWriteOnly(single.Attributes) || blocksHaveWriteOnly(single.Blocks)) {
			return true
		}
	}
	return false
}

func (s *shortcutServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	rule, ok := s.reads[req.TypeName]
	data := s.configured()
	if !ok || data == nil || req.CurrentState == nil || len(req.Private) > 0 {
		return s.protocolServer.ReadResource(ctx, req)
	}
	memo := &fetchMemo{}
	ctx = withFetchMemo(ctx, memo)
	if resp := s.readUnchanged(ctx, rule, data, req); resp != nil {
		s.readShortcuts.Add(1)
		return resp, nil
	}
	return s.protocolServer.ReadResource(ctx, req)
}

// readUnchanged reads the resource; it answers only when the state read is
// the current state, without diagnostics.
func (s *shortcutServer) readUnchanged(ctx context.Context, rule readRule, data *providerData, req *tfprotov6.ReadResourceRequest) *tfprotov6.ReadResourceResponse {
	current, err := req.CurrentState.Unmarshal(rule.state.typ)
	if err != nil || current.IsNull() {
		return nil
	}
	r := rule.new().(stateReader) //nolint:forcetypeassert // checked when the rule was made
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: data}, &configured)
	if len(configured.Diagnostics) > 0 {
		return nil
	}
	state, id, diags := r.readState(ctx, current)
	if len(diags) > 0 || !state.Equal(current) || id.IsNull() || id.IsUnknown() {
		return nil
	}
	identity := tftypes.NewValue(rule.identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id.ValueString())})
	if req.CurrentIdentity != nil && req.CurrentIdentity.IdentityData != nil {
		// The framework refuses an identity that changes.
		prior, err := req.CurrentIdentity.IdentityData.Unmarshal(rule.identityType)
		if err != nil || !prior.IsFullyNull() && !prior.Equal(identity) {
			return nil
		}
	}
	dv, err := tfprotov6.NewDynamicValue(rule.identityType, identity)
	if err != nil {
		return nil
	}
	return &tfprotov6.ReadResourceResponse{
		NewState:    req.CurrentState,
		NewIdentity: &tfprotov6.ResourceIdentityData{IdentityData: &dv},
	}
}

// unchangedPlanRule is what a resource's schema says about planning an
// unchanged resource.
type unchangedPlanRule struct {
	typ tftypes.Type
	// unset lists the attributes whose omission from the configuration
	// plans a value of their own.
	unset []unsetValue
	// nullIdentity is what the framework plans when Terraform sends no
	// prior identity (Terraform before 1.12): a null identity object.
	nullIdentity *tfprotov6.ResourceIdentityData
}

// unsetValue is the value planned for the attribute at path when the
// configuration leaves it out.
type unsetValue struct {
	path  []string
	value tftypes.Value
}

// unsetKeepsPrior reports whether every attribute the configuration leaves
// out plans its prior value.
func (r *unchangedPlanRule) unsetKeepsPrior(config, prior *tfprotov6.DynamicValue) bool {
	if len(r.unset) == 0 {
		return true
	}
	cfg, err := config.Unmarshal(r.typ)
	if err != nil {
		return false
	}
	state, err := prior.Unmarshal(r.typ)
	if err != nil {
		return false
	}
	for _, u := range r.unset {
		c, ok := attributeAt(cfg, u.path)
		if !ok || !c.IsNull() {
			// Set in the configuration (so equal to the prior value, the
			// proposed state being the prior), or inside an object the
			// configuration leaves out, where no default applies.
			continue
		}
		if p, ok := attributeAt(state, u.path); !ok || !p.Equal(u.value) {
			return false
		}
	}
	return true
}

// attributeAt walks nested object attributes; ok is false where a parent is
// null or unknown.
func attributeAt(v tftypes.Value, path []string) (tftypes.Value, bool) {
	for _, name := range path {
		if v.IsNull() || !v.IsKnown() {
			return tftypes.Value{}, false
		}
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return tftypes.Value{}, false
		}
		if v = attrs[name]; v.Type() == nil {
			return tftypes.Value{}, false
		}
	}
	return v, true
}

// newUnchangedPlanRule reads r and its schema; ok is false when the shortcut
// cannot be sure of the framework's answer for r.
func newUnchangedPlanRule(ctx context.Context, r resource.Resource, sch schema.Schema) (*unchangedPlanRule, bool) {
	if m, ok := r.(resource.ResourceWithModifyPlan); ok && !modifyPlanKeepsUnchanged(m) {
		return nil, false
	}
	rule := &unchangedPlanRule{typ: sch.Type().TerraformType(ctx)}
	w := &schemaWalk{ctx: ctx, rule: rule, ok: true}
	w.attributes(nil, sch.Attributes)
	w.blocks(nil, sch.Blocks)
	if !w.ok {
		return nil, false
	}
	if ri, ok := r.(resource.ResourceWithIdentity); ok {
		var ir resource.IdentitySchemaResponse
		ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
		typ := ir.IdentitySchema.Type().TerraformType(ctx)
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
		if ir.Diagnostics.HasError() || err != nil {
			return nil, false
		}
		rule.nullIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &dv}
	}
	return rule, true
}

// modifyPlanKeepsUnchanged lists the resources whose ModifyPlan plans the
// prior state when it is proposed unchanged.
func modifyPlanKeepsUnchanged(r resource.ResourceWithModifyPlan) bool {
	switch r.(type) {
	case *devrevConversationResource:
		// Copies modified_date and the SLA summary from the state when no
		// update is needed: they are the state's already.
		return true
	case *helpcrunchChatResource:
		// Acts only on a status, assignee or department that differs from
		// the state.
		return true
	}
	return false
}

// keepsUnchangedPlan sorts plan modifiers: kept means the modifier plans the
// prior value when it is proposed and the configuration sets the attribute;
// nullWhenUnset means it plans null when the configuration leaves it out.
func keepsUnchangedPlan(m any) (kept, nullWhenUnset bool) {
	switch m.(type) {
	case devrevSameUsersModifier, devrevChatIsDefaultModifier, sameJSONModifier, devrevChatModifiedDateModifier:
		return true, false
	case nullWhenUnsetModifier:
		return true, true
	}
	// UseStateForUnknown, RequiresReplace and their kin act only on an
	// unknown planned value or one that differs from the state.
	pkg := reflect.TypeOf(m).PkgPath()
	return strings.HasPrefix(pkg, "github.com/hashicorp/terraform-plugin-framework/resource/schema/") &&
		strings.HasSuffix(pkg, "planmodifier"), false
}

type schemaWalk struct {
	ctx  context.Context
	rule *unchangedPlanRule
	ok   bool
}

func (w *schemaWalk) attributes(parent []string, attrs map[string]schema.Attribute) {
	for name, a := range attrs {
		path := append(append([]string(nil), parent...), name)
		if a.IsWriteOnly() {
			w.ok = false
			return
		}
		mods, def, nested := attributeParts(a)
		w.modifiers(path, a.GetType(), mods)
		if def != nil {
			w.defaultValue(path, def)
		}
		if nested != nil {
			w.attributes(path, nested)
		}
	}
}

func (w *schemaWalk) blocks(parent []string, blocks map[string]schema.Block) {
	for name, b := range blocks {
		path := append(append([]string(nil), parent...), name)
		switch b := b.(type) {
		case schema.SingleNestedBlock:
			w.modifiers(path, b.Type(), anys(b.PlanModifiers))
			w.attributes(path, b.Attributes)
			w.blocks(path, b.Blocks)
		default:
			// Blocks of many objects: defaults inside them apply per
			// element, which this walk does not follow.
			w.ok = false
		}
	}
}

func (w *schemaWalk) modifiers(path []string, typ attr.Type, mods []any) {
	for _, m := range mods {
		kept, nullWhenUnset := keepsUnchangedPlan(m)
		if !kept {
			w.ok = false
			return
		}
		if nullWhenUnset {
			w.rule.unset = append(w.rule.unset, unsetValue{path: path, value: tftypes.NewValue(typ.TerraformType(w.ctx), nil)})
		}
	}
}

func (w *schemaWalk) defaultValue(path []string, def any) {
	var v attr.Value
	switch d := def.(type) {
	case defaults.Bool:
		var resp defaults.BoolResponse
		d.DefaultBool(w.ctx, defaults.BoolRequest{}, &resp)
		v = resp.PlanValue
	case defaults.String:
		var resp defaults.StringResponse
		d.DefaultString(w.ctx, defaults.StringRequest{}, &resp)
		v = resp.PlanValue
	case defaults.Int64:
		var resp defaults.Int64Response
		d.DefaultInt64(w.ctx, defaults.Int64Request{}, &resp)
		v = resp.PlanValue
	case defaults.Number:
		var resp defaults.NumberResponse
		d.DefaultNumber(w.ctx, defaults.NumberRequest{}, &resp)
		v = resp.PlanValue
	default:
		w.ok = false
		return
	}
	tv, err := v.ToTerraformValue(w.ctx)
	if err != nil {
		w.ok = false
		return
	}
	w.rule.unset = append(w.rule.unset, unsetValue{path: path, value: tv})
}

// attributeParts returns an attribute's plan modifiers, its default (nil if
// none) and, for a single nested attribute, its attributes. Attributes of
// other kinds that carry modifiers or defaults inside many-object nesting are
// refused by giving them an unknown modifier.
func attributeParts(a schema.Attribute) (mods []any, def any, nested map[string]schema.Attribute) {
	refuse := []any{struct{}{}}
	switch a := a.(type) {
	case schema.BoolAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.StringAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.Int64Attribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.NumberAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.SetAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.ListAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.MapAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), nil
	case schema.SingleNestedAttribute:
		return anys(a.PlanModifiers), nilIfNone(a.Default), a.Attributes
	case schema.SetNestedAttribute:
		if nestedIsPlain(a.NestedObject) {
			return anys(a.PlanModifiers), nilIfNone(a.Default), nil
		}
	case schema.ListNestedAttribute:
		if nestedIsPlain(a.NestedObject) {
			return anys(a.PlanModifiers), nilIfNone(a.Default), nil
		}
	}
	return refuse, nil, nil
}

// nestedIsPlain reports whether the objects of a many-object attribute have
// no modifiers or defaults of their own.
func nestedIsPlain(o schema.NestedAttributeObject) bool {
	if len(o.PlanModifiers) > 0 {
		return false
	}
	for _, a := range o.Attributes {
		mods, def, nested := attributeParts(a)
		if len(mods) > 0 || def != nil || nested != nil {
			return false
		}
	}
	return true
}

func anys[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// nilIfNone turns a typed nil default into a plain nil.
func nilIfNone[T any](d T) any {
	if reflect.ValueOf(&d).Elem().IsNil() {
		return nil
	}
	return d
}
