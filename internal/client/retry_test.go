package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A transport failure can quote the request, and so the credential (a proxy
// echoing the Authorization header, a URL that carries it): the error the
// caller sees must not, while errors.Is still finds the cause.
func TestTransportErrorRedactsTheToken(t *testing.T) {
	t.Parallel()
	cause := errors.New("proxy refused the request")
	c, err := newCore("HelpCrunch", Options{
		Endpoint:   "https://api.example.com/v1",
		Token:      testToken,
		MaxRetries: 0,
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("%w: Authorization: %s", cause, r.Header.Get("Authorization"))
		}),
	}, decodeHelpCrunchError)
	if err != nil {
		t.Fatal(err)
	}
	err = c.do(t.Context(), request{method: "GET", path: "/chats/1", operation: "GET /chats/{id}"}, nil)
	tErr := requireErrorAs[*TransportError](t, err)
	if strings.Contains(err.Error(), testToken) || strings.Contains(tErr.Err.Error(), testToken) {
		t.Fatalf("the transport error carries the token: %q", err)
	}
	if !strings.Contains(err.Error(), "Authorization: Bearer <redacted>") {
		t.Errorf("Error() = %q, want the redacted text of the failure", err)
	}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(%v, cause) = false: redaction must keep the chain", err)
	}
}

// checkRetry never retries once the request's context has ended: it says
// why, whatever the answer was.
func TestCheckRetryStopsOnAnEndedContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		resp *http.Response
		err  error
	}{
		{"503", &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}}, nil},
		{"429", &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}, nil},
		{"connection error", nil, errors.New("connection reset by peer")},
	} {
		retry, err := checkRetry(ctx, tc.resp, tc.err)
		if retry || !errors.Is(err, context.Canceled) {
			t.Errorf("%s after cancel: retry %v, err %v; want no retry and context.Canceled", tc.name, retry, err)
		}
		// The same answer with a live context is retried: the context alone
		// decides.
		if retry, _ := checkRetry(context.Background(), tc.resp, tc.err); !retry {
			t.Errorf("%s with a live context: not retried", tc.name)
		}
	}
}

// A request cancelled while an attempt is in flight makes no further
// attempt, and announces none: the log of a cancelled apply must not say it
// is waiting to retry.
func TestCancelledRequestMakesNoFurtherAttempt(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var calls atomic.Int32
	c := setupCore(t, answer(&calls, http.StatusServiceUnavailable, ""), func(o *Options) {
		o.RetryWaitMin, o.RetryWaitMax = 5*time.Second, 5*time.Second
		next := http.DefaultTransport
		o.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			cancel() // Ctrl-C arrives with the 503.
			return resp, err
		})
	})
	var logs syncBuffer
	start := time.Now()
	err := c.do(tflogtest.RootLogger(ctx, &logs), request{method: "GET", path: "/x", operation: "x.get"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("returned after %s: it waited for a retry after the cancel", elapsed)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
	for _, e := range logs.entries(t) {
		if e["@message"] == "retrying request" {
			t.Errorf("a retry was announced after the cancel: %v", e)
		}
	}
}

// A 429 asking for more than five minutes is refused at once, as documented
// ("reported as a rate-limit error"): five minutes exactly is still waited.
func TestRetryAfterOverFiveMinutesIsRefused(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{"300": true, "301": false} {
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {v}}, Body: http.NoBody}
		retry, err := checkRetry(context.Background(), resp, nil)
		_ = resp.Body.Close()
		if retry != want || err != nil {
			t.Errorf("Retry-After %s: retry %v, err %v; want retry %v and no error of its own", v, retry, err, want)
		}
	}

	for _, tc := range []struct{ name, header, body string }{
		{"header", "301", `{"type":"too_many_requests","message":"slow down"}`},
		{"DevRev body field", "", `{"type":"too_many_requests","message":"slow down","retry_after":3600}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			c := setupCore(t, func(w http.ResponseWriter, _ *http.Request) {
				calls.Add(1)
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = io.WriteString(w, tc.body)
			})
			// No deadline of its own, so only the cap can refuse; the
			// watchdog turns a wrong wait into a failure instead of a hang.
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			err := c.do(ctx, request{method: "GET", path: "/x", operation: "x"}, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter <= maxRetryAfter {
				t.Fatalf("err = %v, want the 429 with its wait over five minutes", err)
			}
			if got := calls.Load(); got != 1 {
				t.Errorf("calls = %d, want 1", got)
			}
		})
	}
}

// retryablehttp's own lines reach tflog through the levelled adapter, so a
// rate-limited apply says what it is waiting for, and for how long.
func TestRetryWaitsAreLogged(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"type":"too_many_requests","message":"slow down `+testToken+`"}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	var logs syncBuffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	if err := c.do(ctx, request{method: "GET", path: "/things/" + testToken, operation: "things.get"}, nil); err != nil {
		t.Fatal(err)
	}
	var retrying, waiting map[string]any
	for _, e := range logs.entries(t) {
		switch e["@message"] {
		case "retrying request":
			retrying = e
		case "DevRev rate limit: waiting 1s":
			waiting = e
		}
		for k, v := range e {
			if strings.Contains(fmt.Sprint(v), testToken) {
				t.Errorf("log field %s carries the token: %v", k, e)
			}
		}
	}
	if retrying == nil || retrying["@level"] != "debug" || retrying["timeout"] != "1s" || retrying["remaining"] != float64(3) ||
		!strings.Contains(fmt.Sprint(retrying["request"]), "(status: 429)") {
		t.Errorf("retryablehttp's retry line = %v, want DEBUG with the 1s wait, 3 retries left and the 429", retrying)
	}
	if waiting == nil || waiting["@level"] != "info" || waiting["wait_ms"] != float64(1000) || waiting["operation"] != "DevRev things.get" {
		t.Errorf("rate-limit wait line = %v, want INFO with the wait and operation", waiting)
	}
}

// The adapter turns retryablehttp's key-value pairs into fields people can
// read: durations and errors as text; a dangling key is dropped.
func TestKVFields(t *testing.T) {
	t.Parallel()
	got := kvFields([]any{"timeout", 1500 * time.Millisecond, "error", errors.New("boom"), "remaining", 2, "dangling"})
	if len(got) != 3 || got["timeout"] != "1.5s" || got["error"] != "boom" || got["remaining"] != 2 {
		t.Fatalf("kvFields = %v", got)
	}
	var logs syncBuffer
	l := tflogLogger{ctx: tflogtest.RootLogger(context.Background(), &logs)}
	l.Error("e")
	l.Warn("w")
	l.Info("i")
	l.Debug("d")
	var levels []string
	for _, e := range logs.entries(t) {
		levels = append(levels, fmt.Sprint(e["@message"], "=", e["@level"]))
	}
	if want := "e=error w=warn i=info d=debug"; strings.Join(levels, " ") != want {
		t.Errorf("levels %q, want %q", strings.Join(levels, " "), want)
	}
}

// Retry-After as an HTTP date, and absurd waits: a wait past a day stays a
// day (and is then refused by the five-minute cap), never zero.
func TestRetryAfterForms(t *testing.T) {
	t.Parallel()
	date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	if d := retryAfterFromHeader(http.Header{"Retry-After": {date}}); d < time.Second || d > 3*time.Second {
		t.Errorf("Retry-After %q = %s, want about 3s", date, d)
	}
	past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	if d := retryAfterFromHeader(http.Header{"Retry-After": {past}}); d != 0 {
		t.Errorf("a past date = %s, want no wait", d)
	}
	for v, want := range map[string]time.Duration{"100000": 24 * time.Hour, "86400": 24 * time.Hour, "1e300": 24 * time.Hour, "0.25": 250 * time.Millisecond, "0": 0, "-5": 0, "soon": 0} {
		if d := retryAfterFromHeader(http.Header{"Retry-After": {v}}); d != want {
			t.Errorf("Retry-After %q = %s, want %s", v, d, want)
		}
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"100000"}}, Body: http.NoBody}
	retry, err := checkRetry(context.Background(), resp, nil)
	_ = resp.Body.Close()
	if retry || err != nil {
		t.Errorf("a wait of more than a day: retry %v, %v; want refused", retry, err)
	}
}

// Waits are shown as people read them: whole seconds from a second up.
func TestRoundWait(t *testing.T) {
	t.Parallel()
	for in, want := range map[time.Duration]time.Duration{
		41*time.Second + 400*time.Millisecond:       41 * time.Second,
		1500 * time.Millisecond:                     2 * time.Second,
		300*time.Millisecond + 400*time.Microsecond: 300 * time.Millisecond,
		0: 0,
	} {
		if got := roundWait(in); got != want {
			t.Errorf("roundWait(%s) = %s, want %s", in, got, want)
		}
	}
}

// unsafeCreates are the creates an API could make twice: each is retried
// only when no copy of it can have reached the API (a 429, a connection
// refused before the request was written), and any other failure after it
// was sent says the object may exist.
var unsafeCreates = []struct {
	name, route string
	// created answers the create; tooMany is the platform's 429.
	created, tooMany string
	errorBody        func(code, message string) string
	create           func(ctx context.Context, dr *DevRev, hc *HelpCrunch) (id string, err error)
	wantID           string
}{
	{
		name: "core", route: "POST /things.create", created: `{}`, tooMany: devrevTooMany, errorBody: devrevErrorBody,
		create: func(ctx context.Context, dr *DevRev, _ *HelpCrunch) (string, error) {
			return "", dr.core.do(ctx, request{method: "POST", path: "/things.create", body: map[string]int{}, policy: retryUnsentOnly, operation: "things.create"}, nil)
		},
	},
	{
		name: "HelpCrunch chats", tooMany: helpcrunchTooMany, route: "POST /chats", created: helpcrunchTestChat, errorBody: helpcrunchErrorBody, wantID: "77",
		create: func(ctx context.Context, _ *DevRev, hc *HelpCrunch) (string, error) {
			chat, err := hc.Chats.Create(ctx, &HelpCrunchCreateChatRequest{Customer: 5, Application: 2})
			if err != nil {
				return "", err
			}
			return fmt.Sprint(chat.ID), nil
		},
	},
	{
		name: "HelpCrunch messages", tooMany: helpcrunchTooMany, route: "POST /messages", created: helpcrunchTestMessage, errorBody: helpcrunchErrorBody, wantID: "9577656",
		create: func(ctx context.Context, _ *DevRev, hc *HelpCrunch) (string, error) {
			msg, err := hc.Messages.Create(ctx, &HelpCrunchCreateMessageRequest{Chat: 77, Text: "x", Type: HelpCrunchMessageTypeMessage})
			if err != nil {
				return "", err
			}
			return fmt.Sprint(msg.ID), nil
		},
	},
	{
		name: "DevRev timeline entries", tooMany: devrevTooMany, route: "POST /timeline-entries.create", created: drtTestEntryJSON, errorBody: devrevErrorBody,
		wantID: "don:core:dvrv-us-1:devo/demo:dm/7:comment/3",
		create: func(ctx context.Context, dr *DevRev, _ *HelpCrunch) (string, error) {
			entry, err := dr.TimelineEntries.Create(ctx, &DevRevTimelineEntryCreateRequest{Type: TimelineEntryTypeComment, Object: "DM-7"})
			if err != nil {
				return "", err
			}
			return entry.ID, nil
		},
	},
	{
		name: "DevRev conversations", tooMany: devrevTooMany, route: "POST /conversations.create", created: convWriteTestResponse, errorBody: devrevErrorBody,
		wantID: "don:core:dvrv-us-1:devo/demo:conversation/3",
		create: func(ctx context.Context, dr *DevRev, _ *HelpCrunch) (string, error) {
			conv, err := dr.Conversations.Create(ctx, &DevRevConversationCreateRequest{Title: ptr("x")})
			if err != nil {
				return "", err
			}
			return conv.ID, nil
		},
	},
	{
		name: "DevRev non-default DM", tooMany: devrevTooMany, route: "POST /chats.create", created: drcTestChatJSON, errorBody: devrevErrorBody,
		wantID: "don:core:dvrv-us-1:devo/demo:dm/7",
		create: func(ctx context.Context, dr *DevRev, _ *HelpCrunch) (string, error) {
			chat, err := dr.Chats.Create(ctx, &DevRevChatCreateRequest{Users: []string{"DEVU-1"}, IsDefault: ptr(false)})
			if err != nil {
				return "", err
			}
			return chat.ID, nil
		},
	},
}

// The platforms' 429s: DevRev names a wait in its body, HelpCrunch none.
const (
	devrevTooMany     = `{"type":"too_many_requests","message":"slow down","retry_after":0.01}`
	helpcrunchTooMany = `{"errors":[{"code":"too_many_requests","message":"You have exceeded your requests limit"}]}`
)

func devrevErrorBody(code, message string) string {
	return fmt.Sprintf(`{"type":%q,"message":%q}`, code, message)
}

func helpcrunchErrorBody(code, message string) string {
	return fmt.Sprintf(`{"errors":[{"code":%q,"message":%q}]}`, code, message)
}

// An error answer to a sent create is final: one attempt. After a 5xx the
// object may exist; a refusal (400, 404) made nothing.
func TestUnsafeCreateErrorAnswerIsFinal(t *testing.T) {
	t.Parallel()
	for _, op := range unsafeCreates {
		for _, status := range []int{http.StatusBadRequest, http.StatusNotFound, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
			t.Run(fmt.Sprintf("%s/%d", op.name, status), func(t *testing.T) {
				t.Parallel()
				mayExist := status >= http.StatusInternalServerError
				code, message := "refused", "Customer 9 does not exist."
				if mayExist {
					code, message = "internal_error", "Something broke."
				}
				dr, hc, mux := setup(t)
				var calls atomic.Int32
				mux.HandleFunc(op.route, answer(&calls, status, op.errorBody(code, message)))
				_, err := op.create(t.Context(), dr, hc)
				if !hasStatus(err, status) || MayHaveCommitted(err) != mayExist {
					t.Fatalf("err = %v, MayHaveCommitted = %v; want the %d, after which the object may exist: %v", err, MayHaveCommitted(err), status, mayExist)
				}
				if status == http.StatusNotFound && !IsNotFound(err) {
					t.Errorf("IsNotFound(%v) = false", err)
				}
				if n := calls.Load(); n != 1 {
					t.Errorf("sent %d times, want exactly 1: a second could make a second object, and a refusal is final", n)
				}
			})
		}
	}
}

// A 429 means nothing was made, so the create is retried, whether or not
// the API names a wait (HelpCrunch names none).
func TestUnsafeCreateRetriedAfter429(t *testing.T) {
	t.Parallel()
	for _, op := range unsafeCreates {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			dr, hc, mux := setup(t)
			var calls atomic.Int32
			mux.HandleFunc(op.route, func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) == 1 {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = io.WriteString(w, op.tooMany)
					return
				}
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, op.created)
			})
			id, err := op.create(t.Context(), dr, hc)
			if err != nil {
				t.Fatal(err)
			}
			if id != op.wantID || calls.Load() != 2 {
				t.Errorf("created %q after %d calls, want %q after 2", id, calls.Load(), op.wantID)
			}
		})
	}
}

// A create whose answer does not come in time is not sent again: the API
// may be making the object.
func TestUnsafeCreateTimeoutNotRetried(t *testing.T) {
	t.Parallel()
	for _, op := range unsafeCreates {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			dr, hc, mux := setup(t, func(o *Options) { o.RequestTimeout = 100 * time.Millisecond })
			var calls atomic.Int32
			mux.HandleFunc(op.route, func(_ http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				select {
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
				}
			})
			_, err := op.create(t.Context(), dr, hc)
			var tErr *TransportError
			if !errors.As(err, &tErr) || !tErr.MayHaveCommitted || !MayHaveCommitted(err) {
				t.Fatalf("err = %v, want a TransportError that may have committed", err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("sent %d times after a timeout, want 1", n)
			}
		})
	}
}

// A connection refused before the request was written is retried: nothing
// reached the API.
func TestUnsafeCreateRetriedWhenUnsent(t *testing.T) {
	t.Parallel()
	for _, op := range unsafeCreates {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			var attempts, served atomic.Int32
			dr, hc, mux := setup(t, failFirst(&attempts))
			mux.HandleFunc(op.route, func(w http.ResponseWriter, _ *http.Request) {
				served.Add(1)
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, op.created)
			})
			if _, err := op.create(t.Context(), dr, hc); err != nil {
				t.Fatal(err)
			}
			if attempts.Load() != 2 || served.Load() != 1 {
				t.Errorf("attempts = %d, served = %d; want 2 attempts and 1 object", attempts.Load(), served.Load())
			}
		})
	}
}
