package client

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// Error() says everything the API said, once, in a fixed order.
func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  APIError
		want string
	}{
		{"DevRev", APIError{Platform: "DevRev", Operation: "chats.get", StatusCode: 404, Type: "not_found", Message: "no chat", Detail: "id DM-9", ReferenceID: "r1"},
			"DevRev chats.get: HTTP 404 not_found: no chat (id DM-9) [reference id r1]"},
		{"detail equal to message", APIError{Platform: "DevRev", Operation: "x", StatusCode: 400, Message: "m", Detail: "m"},
			"DevRev x: HTTP 400: m"},
		{"HelpCrunch items", APIError{Platform: "HelpCrunch", Operation: "POST /chats", StatusCode: 400, Type: "invalid_request", Message: "Invalid request",
			Errors: []ErrorItem{{Code: "invalid_request", Message: "Invalid request"}, {Code: "customer", Message: "not found"}, {Message: "no code"}}},
			"HelpCrunch POST /chats: HTTP 400 invalid_request: Invalid request; not found [customer]; no code"},
		{"first item differs from the message", APIError{Platform: "HelpCrunch", Operation: "x", StatusCode: 400, Message: "top",
			Errors: []ErrorItem{{Code: "a", Message: "first"}}},
			"HelpCrunch x: HTTP 400: top; first [a]"},
		{"later item repeats the message", APIError{Platform: "HelpCrunch", Operation: "x", StatusCode: 400, Message: "same",
			Errors: []ErrorItem{{Code: "a", Message: "same"}, {Code: "b", Message: "same"}}},
			"HelpCrunch x: HTTP 400: same; same [b]"},
		{"429 with a wait", APIError{Platform: "DevRev", Operation: "x", StatusCode: 429, RetryAfter: 90 * time.Second},
			"DevRev x: HTTP 429; the API asks to retry after 1m30s"},
		{"429 without a wait", APIError{Platform: "HelpCrunch", Operation: "x", StatusCode: 429},
			"HelpCrunch x: HTTP 429"},
		{"wait on another status", APIError{Platform: "DevRev", Operation: "x", StatusCode: 503, RetryAfter: time.Second},
			"DevRev x: HTTP 503"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestErrorPredicates(t *testing.T) {
	t.Parallel()
	wrap := func(e error) error { return errors.Join(errors.New("while testing"), e) }
	notFound := wrap(&APIError{StatusCode: http.StatusNotFound})
	if !IsNotFound(notFound) || IsConflict(notFound) || IsUnauthorized(notFound) {
		t.Error("404 misclassified")
	}
	if !IsConflict(wrap(&APIError{StatusCode: http.StatusConflict})) || !IsUnauthorized(wrap(&APIError{StatusCode: http.StatusUnauthorized})) {
		t.Error("409 or 401 misclassified")
	}
	if IsNotFound(errors.New("404")) || IsNotFound(nil) {
		t.Error("a non-API error counted as 404")
	}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{wrap(&APIError{StatusCode: 502, MayHaveCommitted: true}), true},
		{wrap(&APIError{StatusCode: 502}), false},
		{wrap(&TransportError{MayHaveCommitted: true, Err: errors.New("timeout")}), true},
		{wrap(&TransportError{Err: errors.New("refused")}), false},
		{errors.New("other"), false},
	} {
		if got := MayHaveCommitted(tc.err); got != tc.want {
			t.Errorf("MayHaveCommitted(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// redactErr replaces the secret and keeps the chain; without a secret in the
// text, or without a secret at all, the error is returned as it is.
func TestRedactErr(t *testing.T) {
	t.Parallel()
	cause := errors.New("dial failed for token s3cr3t")
	red := redactErr(cause, "s3cr3t")
	if red.Error() != "dial failed for token <redacted>" || !errors.Is(red, cause) {
		t.Errorf("redacted = %q (is cause: %v)", red, errors.Is(red, cause))
	}
	plain := errors.New("dial failed")
	if got := redactErr(plain, "s3cr3t"); isRedacted(got) || !errors.Is(got, plain) {
		t.Errorf("an error without the secret was wrapped: %#v", got)
	}
	if got := redactErr(cause, ""); isRedacted(got) || !errors.Is(got, cause) {
		t.Errorf("an empty secret wrapped the error: %#v", got)
	}
	if redactErr(nil, "s3cr3t") != nil {
		t.Error("nil became an error")
	}
	if got := redact("a s3cr3t b s3cr3t", "s3cr3t"); got != "a <redacted> b <redacted>" {
		t.Errorf("redact = %q", got)
	}
	if got := redact("text", ""); got != "text" {
		t.Errorf("redact with no secret = %q", got)
	}
}

func isRedacted(err error) bool {
	_, ok := err.(*redactedError) //nolint:errorlint // the wrapper itself, not one in its chain
	return ok
}

// HelpCrunch error items: a bare string or an object with a code or a
// message counts; an empty one does not.
func TestDecodeHelpCrunchErrorItems(t *testing.T) {
	t.Parallel()
	e := &APIError{}
	decodeHelpCrunchError(e, []byte(`{"errors":[{"field":"x"},{"code":"c"},{"message":"m"},"",{},"text"]}`))
	want := []ErrorItem{{Code: "c"}, {Message: "m"}, {Message: "text"}}
	if len(e.Errors) != len(want) {
		t.Fatalf("items %+v, want %+v", e.Errors, want)
	}
	for i := range want {
		if e.Errors[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, e.Errors[i], want[i])
		}
	}
	if e.Type != "c" || e.Message != "" {
		t.Errorf("type %q message %q: the first item's", e.Type, e.Message)
	}
}
