package client

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestCoreLogsEveryAttemptWithoutCredentials(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := setupCore(t, recoverAfter(&calls, 1, http.StatusServiceUnavailable, "", `{}`))
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	// The token in the path stands for any place a credential could reach a
	// log line: it must come out masked.
	if err := c.do(ctx, request{method: "GET", path: "/things/" + testToken, operation: "things.get"}, nil); err != nil {
		t.Fatal(err)
	}
	logged := out.String()
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	var attempts []any
	for _, e := range entries {
		if e["@message"] == "Received API response" {
			attempts = append(attempts, e["attempt"])
			if e["method"] != "GET" || e["status"] == nil || e["duration_ms"] == nil || e["operation"] != "DevRev things.get" {
				t.Errorf("log entry lacks method, status, duration or operation: %v", e)
			}
		}
	}
	if len(attempts) != 2 || attempts[0] != float64(1) || attempts[1] != float64(2) {
		t.Fatalf("logged attempts %v, want [1 2]", attempts)
	}
	if strings.Contains(logged, testToken) {
		t.Fatalf("a log line carries the token:\n%s", logged)
	}
	if !strings.Contains(logged, "/things/***") {
		t.Fatalf("the masked path is not logged:\n%s", logged)
	}
}
