package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRawSendsTheRequestAndReturnsTheAnswerAsSent: Raw sends what it is
// given with the client's credential and headers, and hands back the 2xx
// status, headers and bytes untouched.
func TestRawSendsTheRequestAndReturnsTheAnswerAsSent(t *testing.T) {
	t.Parallel()
	dr, hc, mux := setup(t)
	mux.HandleFunc("/chats.get", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testAPIHeaders(t, r, false)
		testHeader(t, r, "X-Devrev-Scope", "")
		if got := r.URL.Query().Get("id"); got != "DM-1" {
			t.Errorf("id = %q, want DM-1", got)
		}
		w.Header().Set("X-Seen", "yes")
		_, _ = io.WriteString(w, `{"chat": {"type": "dm"}}`)
	})
	mux.HandleFunc("/messages", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testAPIHeaders(t, r, true)
		testHeader(t, r, "X-Extra", "1")
		testJSONBody(t, r, `{"chat":7}`)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id": 1}`)
	})
	got, err := dr.Raw(context.Background(), RawRequest{Method: "GET", Path: "/chats.get", Query: url.Values{"id": {"DM-1"}}})
	if err != nil || got.StatusCode != http.StatusOK || string(got.Body) != `{"chat": {"type": "dm"}}` || got.Header.Get("X-Seen") != "yes" {
		t.Fatalf("DevRev Raw = %+v, %v", got, err)
	}
	got, err = hc.Raw(context.Background(), RawRequest{Method: "POST", Path: "/messages", Header: http.Header{"X-Extra": {"1"}},
		Body: map[string]int{"chat": 7}, Write: true})
	if err != nil || got.StatusCode != http.StatusCreated || string(got.Body) != `{"id": 1}` {
		t.Fatalf("HelpCrunch Raw = %+v, %v", got, err)
	}
}

// TestRawErrorsAreAPIErrorsWithoutTheToken: a non-2xx answer is the
// platform's decoded *APIError, and the credential never shows in it.
func TestRawErrorsAreAPIErrorsWithoutTheToken(t *testing.T) {
	t.Parallel()
	dr, hc, mux := setup(t)
	mux.HandleFunc("/timeline-entries.create", respond(http.StatusBadRequest, `{"type":"invalid_id","message":"Object 'CONV-9' does not exist (token `+testToken+`)."}`))
	mux.HandleFunc("/chats/search", respond(http.StatusUnauthorized, `{"errors":[{"code":"invalid_token","message":"Bad key `+testToken+`"}]}`))
	_, err := dr.Raw(context.Background(), RawRequest{Method: "POST", Path: "/timeline-entries.create", Body: map[string]string{"object": "CONV-9"}, Write: true})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Type != "invalid_id" || apiErr.Operation != "POST /timeline-entries.create" {
		t.Fatalf("DevRev err = %#v", err)
	}
	_, err = hc.Raw(context.Background(), RawRequest{Method: "POST", Path: "/chats/search", Body: map[string]any{}})
	if !IsUnauthorized(err) || !errors.As(err, &apiErr) || apiErr.Type != "invalid_token" {
		t.Fatalf("HelpCrunch err = %v", err)
	}
	for _, e := range []error{err, apiErr} {
		if strings.Contains(e.Error(), testToken) {
			t.Errorf("error leaks the token: %q", e)
		}
	}
}

// TestRawRetriesAsItsKindAllows: a read is retried after a 5xx; a write is
// not (it may have been done) and says so; both wait out a 429.
func TestRawRetriesAsItsKindAllows(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		write     bool
		status    int
		wantCalls int32
		wantErr   bool
	}{
		{"read after 503", false, http.StatusServiceUnavailable, 2, false},
		{"write after 503", true, http.StatusServiceUnavailable, 1, true},
		{"read after 429", false, http.StatusTooManyRequests, 2, false},
		{"write after 429", true, http.StatusTooManyRequests, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			dr, _, mux := setup(t)
			mux.HandleFunc("/x", func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) == 1 {
					w.Header().Set("Retry-After", "0.01")
					w.WriteHeader(tc.status)
					_, _ = io.WriteString(w, `{"type":"busy","message":"try later"}`)
					return
				}
				_, _ = io.WriteString(w, `{}`)
			})
			_, err := dr.Raw(context.Background(), RawRequest{Method: "POST", Path: "/x", Body: struct{}{}, Write: tc.write})
			if (err != nil) != tc.wantErr || calls.Load() != tc.wantCalls {
				t.Fatalf("err %v after %d calls, want error %v after %d", err, calls.Load(), tc.wantErr, tc.wantCalls)
			}
			if tc.wantErr && !MayHaveCommitted(err) {
				t.Errorf("a write answered 503 does not say it may have been done: %v", err)
			}
		})
	}
}

// TestRawHelpCrunch429WaitsForItsWindow: HelpCrunch's 429 names no wait, so
// a raw call waits for a slot of its window as every other call does.
func TestRawHelpCrunch429WaitsForItsWindow(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var first time.Time
	var gap time.Duration
	_, hc, mux := setup(t, func(o *Options) { o.RateLimitWindow = 300 * time.Millisecond })
	mux.HandleFunc("/chats/search", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			first = time.Now()
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"errors":[{"code":"too_many_requests","message":"slow down"}]}`)
			return
		}
		gap = time.Since(first)
		_, _ = io.WriteString(w, `{"data":[]}`)
	})
	if _, err := hc.Raw(context.Background(), RawRequest{Method: "POST", Path: "/chats/search", Body: struct{}{}}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || gap < 250*time.Millisecond {
		t.Fatalf("%d calls, retried after %s; want a retry after the window (300ms)", calls.Load(), gap)
	}
}

// TestRawUnencodableBody fails before sending anything.
func TestRawUnencodableBody(t *testing.T) {
	t.Parallel()
	dr, _, mux := setup(t)
	mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) { t.Error("a request was sent") })
	if _, err := dr.Raw(context.Background(), RawRequest{Method: "POST", Path: "/x", Body: func() {}}); err == nil {
		t.Fatal("no error for a body JSON cannot encode")
	}
}
