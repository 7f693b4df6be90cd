// Package client is the HTTP client of the chatops provider: one core (auth,
// JSON, retries, error decoding, logging) shared by a thin client per chat API.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const (
	defaultMaxRetries     = 5
	defaultRequestTimeout = 30 * time.Second
	defaultRetryWaitMin   = 250 * time.Millisecond
	defaultRetryWaitMax   = 30 * time.Second

	// maxErrorBodyBytes bounds how much of an error response is read.
	maxErrorBodyBytes = 1 << 20
	// maxResponseBodyBytes bounds how much of a success response is read.
	maxResponseBodyBytes = 64 << 20
)

// Options configure one API client.
type Options struct {
	// Endpoint is the API's base URL, e.g. https://api.devrev.ai.
	Endpoint string
	// Token is the bearer credential. It never appears in logs or errors.
	Token string
	// MaxRetries caps the retries of one request (not counting the first attempt).
	MaxRetries int
	// RequestTimeout bounds each attempt of a request.
	RequestTimeout time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// retries of a failed attempt; they do not bound a server's Retry-After.
	RetryWaitMin, RetryWaitMax time.Duration
	// Transport replaces the default HTTP transport (tests).
	Transport http.RoundTripper
	// MaxRequestsPerMinute is a client-side budget: requests, retries
	// included, are paced so that no minute carries more. 0 means no pacing.
	MaxRequestsPerMinute int
	// RateLimitWindow is the window the API counts its rate limit over. A
	// 429 that names no wait is retried once a slot of that window has freed
	// (at most one window later) instead of after a short backoff. It
	// defaults to the API's documented window (HelpCrunch: one minute); with
	// none, such a 429 backs off exponentially from one second.
	RateLimitWindow time.Duration
}

// maxIdleConnsPerHost is how many idle connections the pool keeps to one
// API host. Terraform runs up to -parallelism operations at once (10 by
// default) in one provider process, each with a request in flight, and then
// the next ten; a pool that keeps fewer idle connections than were just in use
// closes the rest after every burst and opens them again, paying a TCP and a
// TLS handshake (two to three round trips to the API) each time.
// cleanhttp's pooled transport keeps GOMAXPROCS+1 (3 on two cores). The
// client-side budget never lets more requests start at once than a tenth of
// max_requests_per_minute, at most 10, so Terraform's parallelism is the
// bound: this covers -parallelism up to 100, the pool's overall cap. An idle
// connection costs a file descriptor and closes after 90 s unused.
const maxIdleConnsPerHost = 100

// NewPooledTransport is the transport every client uses unless
// Options.Transport names another: cleanhttp's pooled transport (HTTP/2
// where the server offers it, proxies from the environment), keeping
// maxIdleConnsPerHost idle connections per host.
func NewPooledTransport() *http.Transport {
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConns = maxIdleConnsPerHost
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return t
}

// defaultTransport is the process's one pool, shared by its DevRev and
// HelpCrunch clients, so that CloseIdleConnections can close it.
var defaultTransport = sync.OnceValue(NewPooledTransport)

// CloseIdleConnections closes the idle connections of the clients that use
// the default transport. The provider's process calls it when Terraform is
// done with it, so that the APIs see each connection closed rather than
// dropped when the process exits.
func CloseIdleConnections() { defaultTransport().CloseIdleConnections() }

// core is the HTTP machinery shared by every API client.
type core struct {
	platform  string
	baseURL   *url.URL
	token     string
	userAgent string
	http      *http.Client
	limiter   *rateLimiter

	retryMax              int
	retryWaitMin, waitMax time.Duration
	// decodeError turns a non-2xx response body into the API's error fields.
	decodeError func(e *APIError, body []byte)
}

func newCore(platform string, opts Options, decodeError func(*APIError, []byte)) (*core, error) {
	base, err := url.Parse(strings.TrimRight(opts.Endpoint, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("%s endpoint %q is not an absolute URL", platform, opts.Endpoint)
	}
	if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = defaultRequestTimeout
	}
	if opts.RetryWaitMin <= 0 {
		opts.RetryWaitMin = defaultRetryWaitMin
	}
	if opts.RetryWaitMax <= 0 {
		opts.RetryWaitMax = defaultRetryWaitMax
	}
	transport := opts.Transport
	if transport == nil {
		transport = defaultTransport()
	}
	if opts.RateLimitWindow <= 0 {
		opts.RateLimitWindow = documentedRateLimitWindow[platform]
	}
	limiter := newRateLimiter(platform, opts.MaxRequestsPerMinute, opts.RateLimitWindow)
	c := &core{
		platform:    platform,
		baseURL:     base,
		token:       opts.Token,
		userAgent:   opts.UserAgent,
		decodeError: decodeError,
		limiter:     limiter,
		http: &http.Client{
			Timeout:   opts.RequestTimeout,
			Transport: &loggingTransport{next: transport, limiter: limiter},
		},
		retryMax:     opts.MaxRetries,
		retryWaitMin: opts.RetryWaitMin,
		waitMax:      opts.RetryWaitMax,
	}
	return c, nil
}

// retryClient returns the retrying client of one request. It is built per
// request so that retryablehttp's own log lines (each retry and how long it
// waits) go to tflog with that request's context and masks.
func (c *core) retryClient(ctx context.Context) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       tflogLogger{ctx: ctx},
		RetryMax:     c.retryMax,
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.waitMax,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		// The hook runs before each attempt, after retryablehttp has rewound
		// the body and outside the attempt's timeout: the place to swap in a
		// request's retry body and to wait for the client-side budget.
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			st := attemptStateFrom(req.Context())
			if st == nil {
				return
			}
			st.begin(attempt)
			st.releaseSlot()
			if attempt > 0 && st.retryBody != nil {
				setBody(req, st.retryBody)
			}
			// A wait cut short by a cancelled context needs no handling
			// here: the attempt that follows fails at once with ctx's error.
			_ = c.limiter.pace(req.Context())
		},
		// The last response is returned as it is, so its error body can be decoded.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// request describes one API call.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// retryBody, when set, is sent instead of body on every retry. DevRev's
	// chats.create uses it to retry with get_if_conflict, so a retry can only
	// return the chat the first attempt may have made.
	retryBody any
	// policy says which failures may be retried without risking a duplicate.
	policy retryPolicy
	// operation names the call in logs and errors, e.g. "chats.create".
	operation string
	// header holds headers the call needs on top of every request's.
	header http.Header
}

// do sends the request, retrying as its policy allows, and decodes a 2xx
// JSON body into out (when out is not nil). Any other status is an *APIError.
func (c *core) do(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBodyBytes))
		return nil
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxResponseBodyBytes))
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s %s: decoding response (HTTP %d): %w", c.platform, r.operation, resp.StatusCode, err)
	}
	return nil
}

// send sends the request, retrying as its policy allows, and returns its 2xx
// answer, whose body the caller closes. Any other status is an *APIError.
func (c *core) send(ctx context.Context, r request) (*http.Response, error) {
	u := *c.baseURL
	u.Path = c.baseURL.Path + r.path
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}

	var body []byte
	st := &attemptState{policy: r.policy, operation: r.operation, platform: c.platform, limiter: c.limiter}
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("encoding %s request: %w", r.operation, err)
		}
		if r.retryBody != nil {
			if st.retryBody, err = json.Marshal(r.retryBody); err != nil {
				return nil, fmt.Errorf("encoding %s request: %w", r.operation, err)
			}
		}
	}

	// Masked here, so that no log line of this request can carry the
	// credential: ours, retryablehttp's, and the transport's.
	if c.token != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, c.token)
		ctx = tflog.MaskMessageStrings(ctx, c.token)
	}
	ctx = withAttemptState(ctx, st)
	var rawBody any // a nil []byte would still be sent as an empty body
	if body != nil {
		rawBody = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u.String(), rawBody)
	if err != nil {
		return nil, fmt.Errorf("building %s request: %w", r.operation, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	for name, values := range r.header {
		req.Header[name] = values
	}

	resp, err := c.retryClient(ctx).Do(req)
	// A wait for a window slot cut short (cancelled, or out of retries)
	// gives its place in line back.
	st.releaseSlot()
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, &TransportError{Platform: c.platform, Operation: r.operation, Attempts: st.attempts(), MayHaveCommitted: r.policy == retryUnsentOnly && st.mayHaveCommitted(), Err: redactErr(err, c.token)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		apiErr := c.apiError(r, resp)
		apiErr.MayHaveCommitted = r.policy == retryUnsentOnly && resp.StatusCode >= 500
		return nil, apiErr
	}
	return resp, nil
}

// call sends r and returns its decoded 2xx answer.
func call[T any](ctx context.Context, c *core, r request) (*T, error) {
	var out T
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *core) apiError(r request, resp *http.Response) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	e := &APIError{
		Platform:   c.platform,
		Operation:  r.operation,
		Method:     r.method,
		Path:       r.path,
		StatusCode: resp.StatusCode,
		RetryAfter: retryAfterFromHeader(resp.Header),
	}
	if c.decodeError != nil && len(raw) > 0 {
		c.decodeError(e, raw)
	}
	if e.Message == "" && e.Type == "" {
		e.Message = strings.TrimSpace(string(raw))
		if len(e.Message) > 512 {
			e.Message = e.Message[:512] + "..."
		}
	}
	e.Type = redact(e.Type, c.token)
	e.Message = redact(e.Message, c.token)
	e.Detail = redact(e.Detail, c.token)
	e.ReferenceID = redact(e.ReferenceID, c.token)
	for i, item := range e.Errors {
		e.Errors[i] = ErrorItem{Code: redact(item.Code, c.token), Message: redact(item.Message, c.token), Field: redact(item.Field, c.token)}
	}
	return e
}

func setBody(req *http.Request, body []byte) {
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

// pages is the one pager of every *Iter method: it yields the items of
// fetch's pages in order, fetching a page only when the caller ranges past
// the previous one. Each page asks for at most maxPage items, and no more
// than want still needs (want <= 0: no limit); after want items, or a page
// fetch says is the last, no page is fetched. fetch gets the page's number
// (1 on every new range, so the sequence can be ranged again) and its size.
// The first error is yielded once and ends the sequence.
func pages[T any](want, maxPage int, fetch func(page, size int) (items []T, more bool, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		yielded := 0
		for page := 1; ; page++ {
			size := maxPage
			if want > 0 {
				size = min(size, want-yielded)
			}
			items, more, err := fetch(page, size)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
				if yielded++; want > 0 && yielded >= want {
					return
				}
			}
			if !more {
				return
			}
		}
	}
}
