package acctest

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// The API specs, copied from the shared design folder. They are embedded so
// the conformance check needs no file paths and always matches this build.
var (
	//go:embed specs/devrev-openapi-public.yaml
	devrevSpecYAML []byte
	// DevRev's beta spec, from the same source as the public one: the only
	// one that says what a chat (a `dm`) holds. The public spec's `chat` has
	// just a `type`.
	//go:embed specs/devrev-openapi-beta.yaml
	devrevBetaSpecYAML []byte
	//go:embed specs/helpcrunch-chats-openapi.yaml
	helpcrunchSpecYAML []byte
)

// apiSpec is one API's OpenAPI description, prepared for validating
// exchanges.
//
// Loading DevRev's 1 MB spec whole with kin-openapi takes about half a
// second of CPU (YAML decoding and kin-openapi's own unmarshalling of
// thousands of schemas), once per test binary, on a machine whose two cores
// are shared. Tests call only a handful of the spec's 200 paths, so the spec
// is instead indexed as text once (a few milliseconds): every path item and
// every component becomes a slice of the file. When a path is first
// requested, its path item and the components it reaches through $ref are
// put together into a small self-contained document, which kin-openapi loads
// in a few milliseconds and which is then kept for the rest of the process.
// The result is the same schemas kin-openapi would have resolved from the
// whole file; TestConformanceSpec_everyPathLoads proves every path of both
// specs builds and loads this way.
type apiSpec struct {
	// name is the API's name in violation messages.
	name string
	// prefix is the fake's path prefix of this API, stripped before lookup.
	prefix string
	raw    []byte
	// extraRefs adds components to a path's document that the path item
	// itself does not reference (see the quirks in conformance_quirks).
	extraRefs map[string][]string
	// quirks adjusts a freshly loaded path document, see applyQuirks.
	quirks func(doc *openapi3.T, path string, log *quirkLog)
	// genericError is the component schema an undocumented 5xx answer is
	// checked against.
	genericError string

	once    sync.Once
	idx     *specIndex
	idxErr  error
	mu      sync.Mutex
	docs    map[string]*pathDoc
	errSchm *openapi3.Schema
	errErr  error
	errOnce sync.Once
}

// pathDoc is the loaded document of one path template.
type pathDoc struct {
	doc    *openapi3.T
	item   *openapi3.PathItem
	quirks []string
	err    error
}

var (
	devrevSpec = &apiSpec{
		name:         "DevRev",
		prefix:       "/devrev",
		raw:          devrevSpecYAML,
		extraRefs:    devrevExtraRefs,
		quirks:       devrevQuirks,
		genericError: "error-base",
	}
	devrevBetaSpec = &apiSpec{
		name:         "DevRev beta",
		prefix:       "/devrev",
		raw:          devrevBetaSpecYAML,
		extraRefs:    devrevExtraRefs,
		quirks:       devrevQuirks,
		genericError: "error-base",
	}
	helpcrunchSpec = &apiSpec{
		name:         "HelpCrunch",
		prefix:       "/helpcrunch/v1",
		raw:          helpcrunchSpecYAML,
		quirks:       commonQuirks,
		genericError: "ErrorResponse",
	}
)

// specFor returns the spec covering an URL path of the fake, and the path
// with the API prefix stripped; nil for anything that is not an API route
// (the control API under /__mock/ included).
func specFor(urlPath string) (*apiSpec, string) {
	for _, s := range []*apiSpec{devrevSpec, helpcrunchSpec} {
		if rest, ok := strings.CutPrefix(urlPath, s.prefix+"/"); ok {
			if s == devrevSpec && slices.Contains(devrevBetaPaths, "/"+rest) {
				return devrevBetaSpec, "/" + rest
			}
			return s, "/" + rest
		}
	}
	return nil, ""
}

// devrevBetaPaths are the DevRev paths checked against the beta spec: the
// chats.* operations, whose answers the public spec leaves undescribed.
var devrevBetaPaths = []string{"/chats.create", "/chats.get", "/chats.update"}

func (s *apiSpec) index() (*specIndex, error) {
	s.once.Do(func() {
		s.idx, s.idxErr = indexSpec(s.raw)
		if s.idxErr != nil {
			s.idxErr = fmt.Errorf("%s spec: %w", s.name, s.idxErr)
		}
	})
	return s.idx, s.idxErr
}

// operation finds the operation for a method and a prefix-stripped path. A
// path the spec does not describe, or a method its path item lacks, is an
// error that says so.
func (s *apiSpec) operation(method, path string) (*openapi3.T, *openapi3.PathItem, *openapi3.Operation, string, map[string]string, error) {
	idx, err := s.index()
	if err != nil {
		return nil, nil, nil, "", nil, err
	}
	// Prefer a template that has the method, then the most literal one,
	// as routers do: PUT /chats/status is /chats/status, GET /chats/7 is
	// /chats/{id}.
	var (
		best       *pathTemplate
		bestParams map[string]string
		bestHas    bool
		anyMatch   bool
	)
	for i := range idx.templates {
		t := &idx.templates[i]
		params, ok := t.match(path)
		if !ok {
			continue
		}
		anyMatch = true
		has := slices.Contains(t.methods, method)
		if best == nil || (has && !bestHas) || (has == bestHas && t.moreLiteralThan(best)) {
			best, bestParams, bestHas = t, params, has
		}
	}
	if !anyMatch {
		return nil, nil, nil, "", nil, fmt.Errorf("the %s spec has no path %s", s.name, path)
	}
	if !bestHas {
		return nil, nil, nil, "", nil, fmt.Errorf("the %s spec has no operation %s %s (path %s allows %s)", s.name, method, path, best.path, strings.Join(best.methods, ", "))
	}
	pd := s.pathDoc(best.path)
	if pd.err != nil {
		return nil, nil, nil, "", nil, pd.err
	}
	op := pd.item.GetOperation(method)
	if op == nil {
		return nil, nil, nil, "", nil, fmt.Errorf("the %s spec's path %s has no %s operation once loaded", s.name, best.path, method)
	}
	return pd.doc, pd.item, op, best.path, bestParams, nil
}

// pathDoc returns the loaded document of one path template, building it on
// first use.
func (s *apiSpec) pathDoc(path string) *pathDoc {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pd, ok := s.docs[path]; ok {
		return pd
	}
	if s.docs == nil {
		s.docs = map[string]*pathDoc{}
	}
	pd := s.loadPathDoc(path)
	s.docs[path] = pd
	return pd
}

func (s *apiSpec) loadPathDoc(path string) *pathDoc {
	idx, err := s.index()
	if err != nil {
		return &pathDoc{err: err}
	}
	src, err := idx.document([]string{path}, s.extraRefs[path])
	if err != nil {
		return &pathDoc{err: fmt.Errorf("%s spec, path %s: %w", s.name, path, err)}
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(src)
	if err != nil {
		return &pathDoc{err: fmt.Errorf("%s spec, path %s: loading: %w", s.name, path, err)}
	}
	item := doc.Paths.Value(path)
	if item == nil {
		return &pathDoc{err: fmt.Errorf("%s spec, path %s: missing after loading", s.name, path)}
	}
	var log quirkLog
	if s.quirks != nil {
		s.quirks(doc, path, &log)
	}
	return &pathDoc{doc: doc, item: item, quirks: log.entries}
}

// genericErrorSchema is the schema an undocumented 5xx body must match.
func (s *apiSpec) genericErrorSchema() (*openapi3.Schema, error) {
	s.errOnce.Do(func() {
		idx, err := s.index()
		if err != nil {
			s.errErr = err
			return
		}
		ref := "#/components/schemas/" + s.genericError
		src, err := idx.document(nil, []string{ref})
		if err == nil {
			var doc *openapi3.T
			doc, err = openapi3.NewLoader().LoadFromData(src)
			if err == nil {
				s.errSchm = doc.Components.Schemas[s.genericError].Value
			}
		}
		if err != nil {
			s.errErr = fmt.Errorf("%s spec, schema %s: %w", s.name, s.genericError, err)
		}
	})
	return s.errSchm, s.errErr
}

// specIndex locates the parts of a spec in its YAML text. It relies only on
// YAML's block structure: a key at a given indentation runs until the next
// line indented as much or less (block scalars and continuation lines are
// always indented deeper than their key), so the top-level sections, the
// path items (indent 2 under paths) and the components (indent 4 under
// components.<kind>) can be cut out without decoding the file.
type specIndex struct {
	lines [][]byte
	// top holds the top-level sections copied into every document.
	top map[string]span
	// paths and components hold the line spans of path items and of
	// components (by kind, then name).
	paths      map[string]span
	components map[string]map[string]span
	templates  []pathTemplate
}

type span struct{ from, to int }

func indexSpec(raw []byte) (*specIndex, error) {
	x := &specIndex{
		lines:      bytes.Split(raw, []byte("\n")),
		top:        map[string]span{},
		paths:      map[string]span{},
		components: map[string]map[string]span{},
	}
	type open struct {
		indent int
		set    func(span)
		from   int
	}
	var (
		stack   []open
		topKey  string
		kindKey string
	)
	closeFrom := func(indent, at int) {
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			o := stack[len(stack)-1]
			o.set(span{o.from, at})
			stack = stack[:len(stack)-1]
		}
	}
	for i, line := range x.lines {
		trimmed := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(trimmed)) == 0 || trimmed[0] == '#' {
			continue
		}
		indent := len(line) - len(trimmed)
		if indent > 4 {
			continue
		}
		if bytes.HasPrefix(trimmed, []byte("- ")) || trimmed[0] == '-' {
			// A sequence item at this indent belongs to the key above it
			// (e.g. "security:\n  - auth-token: []").
			continue
		}
		key, ok := yamlKey(trimmed)
		if !ok {
			if indent == 0 {
				return nil, fmt.Errorf("line %d: expected a top-level key", i+1)
			}
			continue
		}
		closeFrom(indent, i)
		switch indent {
		case 0:
			topKey, kindKey = key, ""
			k := key
			stack = append(stack, open{0, func(sp span) { x.top[k] = sp }, i})
		case 2:
			switch topKey {
			case "paths":
				k := key
				stack = append(stack, open{2, func(sp span) { x.paths[k] = sp }, i})
			case "components":
				kindKey = key
				if x.components[key] == nil {
					x.components[key] = map[string]span{}
				}
			}
		case 4:
			if topKey == "components" && kindKey != "" {
				m, k := x.components[kindKey], key
				stack = append(stack, open{4, func(sp span) { m[k] = sp }, i})
			}
		}
	}
	closeFrom(0, len(x.lines))
	if _, ok := x.top["openapi"]; !ok {
		return nil, fmt.Errorf("no openapi version")
	}
	if len(x.paths) == 0 {
		return nil, fmt.Errorf("no paths")
	}
	for p, sp := range x.paths {
		t, err := parseTemplate(p)
		if err != nil {
			return nil, err
		}
		t.methods = x.methodsOf(sp)
		x.templates = append(x.templates, t)
	}
	sort.Slice(x.templates, func(i, j int) bool { return x.templates[i].path < x.templates[j].path })
	return x, nil
}

// yamlKey returns the key of a "key:" or "key: value" line.
func yamlKey(line []byte) (string, bool) {
	s := string(bytes.TrimRight(line, " \r"))
	if s != "" && (s[0] == '\'' || s[0] == '"') {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 || !strings.HasPrefix(s[end+2:], ":") {
			return "", false
		}
		return s[1 : end+1], true
	}
	if k, ok := strings.CutSuffix(s, ":"); ok && !strings.Contains(k, ": ") {
		return k, true
	}
	if i := strings.Index(s, ": "); i > 0 {
		return s[:i], true
	}
	return "", false
}

var httpMethods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

// methodsOf lists the operations of a path item: its keys at indent 4.
func (x *specIndex) methodsOf(sp span) []string {
	var methods []string
	for _, line := range x.lines[sp.from+1 : sp.to] {
		trimmed := bytes.TrimLeft(line, " ")
		if len(line)-len(trimmed) != 4 {
			continue
		}
		if k, ok := yamlKey(trimmed); ok {
			if m := strings.ToUpper(k); slices.Contains(httpMethods, m) {
				methods = append(methods, m)
			}
		}
	}
	return methods
}

var componentRef = regexp.MustCompile(`#/components/([A-Za-z]+)/([A-Za-z0-9._~%-]+)`)

// document builds a self-contained YAML document with the given path items,
// every component they (and refs) reach, all security schemes, and the
// top-level openapi, info and security sections.
func (x *specIndex) document(paths []string, refs []string) ([]byte, error) {
	type comp struct{ kind, name string }
	need := map[comp]bool{}
	var queue []comp
	add := func(text []byte) {
		for _, m := range componentRef.FindAllSubmatch(text, -1) {
			c := comp{string(m[1]), string(m[2])}
			if !need[c] {
				need[c] = true
				queue = append(queue, c)
			}
		}
	}
	var body bytes.Buffer
	for _, k := range []string{"openapi", "info", "security"} {
		if sp, ok := x.top[k]; ok {
			x.write(&body, sp)
		}
	}
	body.WriteString("paths:")
	if len(paths) == 0 {
		body.WriteString(" {}")
	}
	body.WriteString("\n")
	for _, p := range paths {
		sp, ok := x.paths[p]
		if !ok {
			return nil, fmt.Errorf("no path %s", p)
		}
		x.write(&body, sp)
		add(x.text(sp))
	}
	for _, r := range refs {
		add([]byte(r))
	}
	for name := range x.components["securitySchemes"] {
		c := comp{"securitySchemes", name}
		need[c] = true
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		sp, ok := x.components[c.kind][c.name]
		if !ok {
			return nil, fmt.Errorf("unresolved reference #/components/%s/%s", c.kind, c.name)
		}
		add(x.text(sp))
	}
	byKind := map[string][]string{}
	for c := range need {
		byKind[c.kind] = append(byKind[c.kind], c.name)
	}
	if len(byKind) > 0 {
		body.WriteString("components:\n")
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		names := byKind[k]
		sort.Strings(names)
		fmt.Fprintf(&body, "  %s:\n", k)
		for _, n := range names {
			x.write(&body, x.components[k][n])
		}
	}
	return body.Bytes(), nil
}

func (x *specIndex) text(sp span) []byte {
	return bytes.Join(x.lines[sp.from:sp.to], []byte("\n"))
}

func (x *specIndex) write(b *bytes.Buffer, sp span) {
	for _, l := range x.lines[sp.from:sp.to] {
		b.Write(l)
		b.WriteByte('\n')
	}
}

// pathTemplate is one path of a spec, split for matching.
type pathTemplate struct {
	path     string
	segments []string // a "{name}" segment is a parameter
	methods  []string
}

func parseTemplate(p string) (pathTemplate, error) {
	if !strings.HasPrefix(p, "/") {
		return pathTemplate{}, fmt.Errorf("path %q does not start with /", p)
	}
	return pathTemplate{path: p, segments: strings.Split(p[1:], "/")}, nil
}

func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

func (t *pathTemplate) match(path string) (map[string]string, bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	segs := strings.Split(path[1:], "/")
	if len(segs) != len(t.segments) {
		return nil, false
	}
	var params map[string]string
	for i, seg := range t.segments {
		if isParam(seg) {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[seg[1:len(seg)-1]] = segs[i]
			continue
		}
		if seg != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// moreLiteralThan reports whether t has a literal segment where o, the
// first time they differ, has a parameter.
func (t *pathTemplate) moreLiteralThan(o *pathTemplate) bool {
	for i := range t.segments {
		tp, op := isParam(t.segments[i]), isParam(o.segments[i])
		if tp != op {
			return op
		}
	}
	return false
}
