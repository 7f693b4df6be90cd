package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// conformanceHandler wraps the fake so every request the provider sends and
// every response the fake gives on the API routes is checked against the API
// specs (/devrev/... against DevRev's, /helpcrunch/v1/... against
// HelpCrunch's; the control API under /__mock/ is not an API route). Each
// violation fails the test when it ends.
func conformanceHandler(t testing.TB, next http.Handler, strict bool) http.Handler {
	c := newConformanceChecker(next)
	c.strict = strict
	// NewFake registers the server's Close right after this returns, and
	// cleanups run last-registered first: by the time this one runs, Close
	// has waited for every request in flight, so no exchange goes unreported.
	t.Cleanup(func() {
		for _, v := range c.Violations() {
			t.Errorf("API spec violation: %s", v)
		}
	})
	return c
}

// conformanceChecker is an http.Handler that validates each API exchange
// against its spec with kin-openapi, records what fails, and otherwise
// passes requests and responses through untouched.
type conformanceChecker struct {
	next http.Handler
	// strict also reports every response property the spec does not
	// declare (see conformance_strict.go).
	strict bool

	mu         sync.Mutex
	violations []string
}

func newConformanceChecker(next http.Handler) *conformanceChecker {
	return &conformanceChecker{next: next}
}

// Violations returns what failed so far, in the order it happened.
func (c *conformanceChecker) Violations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.violations...)
}

func (c *conformanceChecker) violate(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.violations = append(c.violations, fmt.Sprintf(format, args...))
}

// validationOptions are the checks made on every exchange.
var validationOptions = &openapi3filter.Options{
	AuthenticationFunc: bearerAuthentication,
	// Validate what was sent; never add the spec's defaults to it.
	SkipSettingDefaults: true,
	// The status is checked before the body, with the quirks of
	// checkResponseStatus.
	IncludeResponseStatus: true,
	MultiError:            true,
	SchemaValidationOptions: []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidators(freeStringFormats),
		// Messages name the JSON pointer and the reason without dumping
		// DevRev's schemas, which run to thousands of lines.
		openapi3.DisableSchemaErrorDetails(),
	},
}

// bearerAuthentication checks that the request carries the credential
// form both specs declare (HTTP bearer). Whether the token is right is the
// fake's business: it answers 401 as the specs say, and that answer is
// validated like any other.
func bearerAuthentication(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	if scheme == nil || scheme.Type != "http" || !strings.EqualFold(scheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not HTTP bearer, which the check does not know", in.SecuritySchemeName)
	}
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	scheme0, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme0, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New(`no "Authorization: Bearer <token>" header`)
	}
	return nil
}

func (c *conformanceChecker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	spec, path := specFor(r.URL.Path)
	if spec == nil {
		c.next.ServeHTTP(w, r)
		return
	}
	exchange := r.Method + " " + r.URL.RequestURI()

	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		// The client went away mid-request; there is no message to judge.
		c.next.ServeHTTP(w, r)
		return
	}

	in, err := c.checkRequest(spec, path, r, body)
	if err != nil {
		c.violate("%s: request: %v%s", exchange, err, bodyContext(body))
	}

	rec := &teeWriter{ResponseWriter: w}
	c.next.ServeHTTP(rec, r)
	if in == nil {
		return
	}
	if rec.status == 0 && r.Context().Err() != nil {
		// The client went away (a timeout) before anything was answered:
		// there is no response to judge.
		return
	}
	status := rec.statusCode()
	err = checkResponse(spec, in, status, rec.Header(), rec.body.Bytes(), c.strict)
	if err != nil && unscopedChats(spec, path, r) {
		// Outside DevRev's beta scope a chats.* answer may be the public
		// spec's chat instead of the beta `dm` (the open question of the
		// fake's devrev.chats_scope reading): either spec's shape passes.
		if pin, perr := c.checkRequest(devrevSpec, path, r, body); perr == nil && pin != nil &&
			checkResponse(devrevSpec, pin, status, rec.Header(), rec.body.Bytes(), c.strict) == nil {
			err = nil
		}
	}
	if err != nil {
		c.violate("%s -> %d: response: %v%s", exchange, status, err, bodyContext(rec.body.Bytes()))
	}
}

// unscopedChats reports whether r is a DevRev chats.* request sent without
// X-Devrev-Scope: beta.
func unscopedChats(spec *apiSpec, path string, r *http.Request) bool {
	return spec == devrevBetaSpec && strings.HasPrefix(path, "/chats.") &&
		!strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Devrev-Scope")), "beta")
}

// checkRequest validates a request. It returns the validation input for the
// response check when the spec has the operation (even if the request
// itself failed), nil when it has not.
func (c *conformanceChecker) checkRequest(spec *apiSpec, path string, r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := spec.route(r.Method, path)
	if err != nil {
		return nil, err
	}
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    validationOptions,
	}
	err = openapi3filter.ValidateRequest(context.Background(), in)
	// Later checks read the request again.
	req.Body = io.NopCloser(bytes.NewReader(body))
	return in, err
}

// checkResponse validates a response against the operation of its request.
//
// A status the operation does not document is a violation, except a 5xx:
// any HTTP service can answer one (an overloaded or failing backend, which
// the fake's fault injection stands for), and no spec lists them all. Such a
// body must still be the API's error shape (the schema named by the spec's
// genericError).
func checkResponse(spec *apiSpec, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte, strict bool) error {
	err := checkResponseSchema(spec, in, status, header, body)
	if !strict {
		return err
	}
	schema, serr := responseSchema(spec, in, status)
	if serr != nil || schema == nil {
		return err
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return err
	}
	if extra := undeclaredProperties(schema, v); len(extra) > 0 {
		err = errors.Join(err, fmt.Errorf("strict: %s", strings.Join(extra, "; ")))
	}
	return err
}

// responseSchema is the JSON schema of a response: the operation's for the
// status (or its default), else for a 5xx the spec's generic error; nil when
// there is none.
func responseSchema(spec *apiSpec, in *openapi3filter.RequestValidationInput, status int) (*openapi3.SchemaRef, error) {
	responses := in.Route.Operation.Responses
	r := responses.Status(status)
	if r == nil {
		r = responses.Default()
	}
	if r == nil {
		if status < 500 {
			return nil, nil
		}
		s, err := spec.genericErrorSchema()
		if err != nil || s == nil {
			return nil, err
		}
		return &openapi3.SchemaRef{Ref: "#/components/schemas/" + spec.genericError, Value: s}, nil
	}
	if r.Value == nil {
		return nil, nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		return nil, nil
	}
	return mt.Schema, nil
}

// checkResponseSchema validates a response against its schema as JSON
// Schema does (undeclared properties allowed).
func checkResponseSchema(spec *apiSpec, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	responses := in.Route.Operation.Responses
	if responses.Status(status) == nil && responses.Default() == nil && status >= 500 {
		schema, err := spec.genericErrorSchema()
		if err != nil {
			return err
		}
		if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return fmt.Errorf("undocumented %d with Content-Type %q, not the API's JSON error", status, ct)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return fmt.Errorf("undocumented %d whose body is not JSON: %w", status, err)
		}
		opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse(), openapi3.MultiErrors()}, validationOptions.SchemaValidationOptions...)
		if err := schema.VisitJSON(v, opts...); err != nil {
			return fmt.Errorf("undocumented %d whose body is not %s's %s: %w", status, spec.name, spec.genericError, err)
		}
		return nil
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                validationOptions,
	}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), out)
}

// bodyContext quotes the start of a body for a violation message.
func bodyContext(body []byte) string {
	const limit = 300
	if len(body) == 0 {
		return ""
	}
	s := string(body)
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return "\n\tbody: " + s
}

// teeWriter passes a response through and keeps a copy of its status,
// headers (the underlying writer's) and body.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(status int) {
	if t.status == 0 {
		t.status = status
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(p)
	return t.ResponseWriter.Write(p)
}

func (t *teeWriter) statusCode() int {
	if t.status == 0 {
		return http.StatusOK
	}
	return t.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
