package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// RawRequest is one API call described by hand, for a caller that must see
// an answer as the API sent it (its status, headers and bytes) rather than
// decoded: `make probe` (scripts/probe), which asks the APIs the questions
// their docs leave open.
type RawRequest struct {
	// Method and Path (under the endpoint, e.g. "/chats.get") of the call.
	Method, Path string
	// Query is sent as the URL's query string.
	Query url.Values
	// Header holds headers to send on top of every request's (auth, Accept,
	// User-Agent, Content-Type).
	Header http.Header
	// Body, when not nil, is sent as JSON.
	Body any
	// Write marks a call that may change something: it is retried only when
	// no copy of it can have reached the API (after a 429, or a connection
	// error before it was written), as the clients' creates are. Other calls
	// are retried after every failure a retry can mend.
	Write bool
}

// RawResponse is a 2xx answer as the API sent it.
type RawResponse struct {
	StatusCode int
	Header     http.Header
	// Body holds the answer's bytes (at most 64 MiB).
	Body []byte
}

// Raw sends req with the DevRev client's credential, retries and rate-limit
// handling, and returns its 2xx answer undecoded. Any other status is an
// *APIError, as for every other call, with the credential masked.
func (c *DevRev) Raw(ctx context.Context, req RawRequest) (*RawResponse, error) {
	return c.core.raw(ctx, req)
}

// Raw sends req with the HelpCrunch client's credential, retries and
// rate-limit handling (a 429 waits for a slot of HelpCrunch's window), and
// returns its 2xx answer undecoded. Any other status is an *APIError.
func (c *HelpCrunch) Raw(ctx context.Context, req RawRequest) (*RawResponse, error) {
	return c.core.raw(ctx, req)
}

func (c *core) raw(ctx context.Context, req RawRequest) (*RawResponse, error) {
	policy := retryIdempotent
	if req.Write {
		policy = retryUnsentOnly
	}
	operation := req.Method + " " + req.Path
	resp, err := c.send(ctx, request{
		method:    req.Method,
		path:      req.Path,
		query:     req.Query,
		body:      req.Body,
		header:    req.Header,
		policy:    policy,
		operation: operation,
	})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBodyBytes))
	if err != nil {
		return nil, &TransportError{Platform: c.platform, Operation: operation, Attempts: 1, MayHaveCommitted: req.Write,
			Err: redactErr(fmt.Errorf("reading the answer (HTTP %d): %w", resp.StatusCode, err), c.token)}
	}
	return &RawResponse{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), Body: body}, nil
}
