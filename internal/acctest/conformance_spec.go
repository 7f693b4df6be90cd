package acctest

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
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

// apiSpec is one API's OpenAPI description, loaded whole with kin-openapi
// once per process and routed with its legacy router, which, unlike the
// gorilla/mux one, picks the template that has the request's method
// (GET /chats/search is GET /chats/{id}, as a real router would route it).
type apiSpec struct {
	// name is the API's name in violation messages.
	name string
	// prefix is the fake's path prefix of this API, stripped before routing.
	prefix string
	raw    []byte
	// quirks adjusts the loaded document for one path, see conformance_quirks.
	quirks func(doc *openapi3.T, path string, log *quirkLog)
	// genericError is the component schema an undocumented 5xx answer is
	// checked against.
	genericError string

	once   sync.Once
	err    error
	doc    *openapi3.T
	router routers.Router
	// quirkLogs holds, by path template, the adjustments its operations got.
	quirkLogs map[string][]string
}

var (
	devrevSpec = &apiSpec{
		name:         "DevRev",
		prefix:       "/devrev",
		raw:          devrevSpecYAML,
		quirks:       devrevQuirks,
		genericError: "error-base",
	}
	devrevBetaSpec = &apiSpec{
		name:         "DevRev beta",
		prefix:       "/devrev",
		raw:          devrevBetaSpecYAML,
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

// loadSpecs loads every spec, so that no exchange waits for one: the first
// load of DevRev's specs takes seconds of CPU on a busy machine, long enough
// for a client's timeout to fire and its retry to change the fake's counts.
func loadSpecs() error {
	var errs []error
	for _, s := range []*apiSpec{devrevSpec, devrevBetaSpec, helpcrunchSpec} {
		errs = append(errs, s.load())
	}
	return errors.Join(errs...)
}

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
// chats.* operations and schemas.custom.list, whose answers the public spec
// leaves undescribed (its `chat` and `custom-schema-fragment` hold their type
// alone). The operations are the same in both specs.
var devrevBetaPaths = []string{"/chats.create", "/chats.get", "/chats.update", "/schemas.custom.list"}

// load reads the spec, applies the quirks to every path before any
// validation reads it (the paths share their components), and builds the
// router.
func (s *apiSpec) load() error {
	s.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(s.raw)
		if err != nil {
			s.err = fmt.Errorf("%s spec: %w", s.name, err)
			return
		}
		// The checker routes prefix-stripped paths, whatever the host.
		doc.Servers = nil
		s.quirkLogs = map[string][]string{}
		fixed := map[*openapi3.Schema]string{}
		for _, p := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
			doc.Paths.Value(p).Servers = nil
			log := quirkLog{fixed: fixed}
			s.quirks(doc, p, &log)
			s.quirkLogs[p] = log.entries
		}
		if s.router, err = legacy.NewRouter(doc); err != nil {
			s.err = fmt.Errorf("%s spec: routing: %w", s.name, err)
			return
		}
		s.doc = doc
	})
	return s.err
}

var httpMethods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

// route finds the operation for a method and a prefix-stripped path. A path
// the spec does not describe, or a method its path item lacks, is an error
// that says so.
func (s *apiSpec) route(method, path string) (*routers.Route, map[string]string, error) {
	if err := s.load(); err != nil {
		return nil, nil, err
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: path}}
	route, params, err := s.router.FindRoute(req)
	if err == nil {
		return route, params, nil
	}
	for _, m := range httpMethods {
		req.Method = m
		if other, _, err := s.router.FindRoute(req); err == nil {
			allowed := slices.Sorted(maps.Keys(other.PathItem.Operations()))
			return nil, nil, fmt.Errorf("the %s spec has no operation %s %s (path %s allows %s)", s.name, method, path, other.Path, strings.Join(allowed, ", "))
		}
	}
	return nil, nil, fmt.Errorf("the %s spec has no path %s", s.name, path)
}

// genericErrorSchema is the schema an undocumented 5xx body must match.
func (s *apiSpec) genericErrorSchema() (*openapi3.Schema, error) {
	if err := s.load(); err != nil {
		return nil, err
	}
	ref := s.doc.Components.Schemas[s.genericError]
	if ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("%s spec has no schema %s", s.name, s.genericError)
	}
	return ref.Value, nil
}
