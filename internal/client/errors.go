package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a non-2xx answer of a chat API.
type APIError struct {
	// Platform is "DevRev" or "HelpCrunch".
	Platform string
	// Operation names the call, e.g. "chats.create" or "POST /chats".
	Operation string
	Method    string
	Path      string
	// StatusCode is the HTTP status.
	StatusCode int
	// Type is the API's error type (DevRev "not_found") or, for HelpCrunch,
	// the first error code ("invalid_token").
	Type string
	// Message and Detail are the API's own words.
	Message string
	Detail  string
	// ReferenceID is the API's id for the failure, when it gives one.
	ReferenceID string
	// RetryAfter is the wait a 429 asked for.
	RetryAfter time.Duration
	// Errors lists every {code, message} of a HelpCrunch error body.
	Errors []ErrorItem
	// MayHaveCommitted is true for a create that reached the server and was
	// answered with a 5xx: the object may exist although the call failed.
	MayHaveCommitted bool
}

// ErrorItem is one entry of an error list.
type ErrorItem struct {
	Code    string
	Message string
	Field   string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Platform, e.Operation, e.StatusCode)
	if e.Type != "" {
		fmt.Fprintf(&b, " %s", e.Type)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Detail != "" && e.Detail != e.Message {
		fmt.Fprintf(&b, " (%s)", e.Detail)
	}
	for i, item := range e.Errors {
		if i == 0 && item.Message == e.Message {
			continue
		}
		fmt.Fprintf(&b, "; %s", item.Message)
		if item.Code != "" {
			fmt.Fprintf(&b, " [%s]", item.Code)
		}
	}
	if e.ReferenceID != "" {
		fmt.Fprintf(&b, " [reference id %s]", e.ReferenceID)
	}
	if e.StatusCode == http.StatusTooManyRequests && e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; the API asks to retry after %s", e.RetryAfter.Round(time.Second))
	}
	return b.String()
}

// TransportError is a request that got no HTTP answer: a connection failure,
// a timeout of every attempt, or a cancelled context.
type TransportError struct {
	Platform  string
	Operation string
	Attempts  int
	// MayHaveCommitted is true when a request was written before the failure,
	// so the server may have acted on it.
	MayHaveCommitted bool
	Err              error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: no answer after %d attempt(s): %v", e.Platform, e.Operation, e.Attempts, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is an API answer of 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsBadRequest reports whether err is an API answer of 400.
func IsBadRequest(err error) bool { return hasStatus(err, http.StatusBadRequest) }

// IsConflict reports whether err is an API answer of 409.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsUnauthorized reports whether err is an API answer of 401.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// MayHaveCommitted reports whether a failed write may nevertheless have taken
// effect on the server (a lost response).
func MayHaveCommitted(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.MayHaveCommitted
	}
	var tErr *TransportError
	return errors.As(err, &tErr) && tErr.MayHaveCommitted
}

func redact(s, secret string) string {
	if secret == "" || s == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "<redacted>")
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactErr(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{msg: redact(err.Error(), secret), err: err}
}
