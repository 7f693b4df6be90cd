package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/devrev"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

// TestMain lets a test run this binary as the program itself (see
// TestMain_stopsOnSIGTERM).
func TestMain(m *testing.M) {
	if os.Getenv("CHATOPS_MOCKAPI_RUN_MAIN") == "1" {
		os.Args = append([]string{"chatops-mockapi"}, strings.Fields(os.Getenv("CHATOPS_MOCKAPI_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

func TestRun_printsEnvironmentAndServes(t *testing.T) {
	t.Parallel()
	p := startRun(t, "-listen", "127.0.0.1:0", "-generate-conversations", "3")
	env := p.env(t)

	base := strings.TrimSuffix(env["CONTROL"], mockapi.ControlPrefix)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		t.Fatalf("CONTROL=%q: want the chosen loopback port", env["CONTROL"])
	}
	want := map[string]string{
		"DEVREV_ENDPOINT":     base + "/devrev",
		"DEVREV_TOKEN":        devrev.DemoToken,
		"HELPCRUNCH_ENDPOINT": base + "/helpcrunch/v1",
		"HELPCRUNCH_API_KEY":  helpcrunch.DemoKey,
		"CONTROL":             base + "/__mock/",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s=%q, want %q", k, env[k], v)
		}
	}

	// One API request (refused: wrong token), then the control API counts it.
	status, _ := do(t, "POST", env["DEVREV_ENDPOINT"]+"/chats.create", "Bearer wrong", `{"type":"dm","users":["DEVU-1"]}`)
	if status != http.StatusUnauthorized {
		t.Errorf("chats.create with a wrong token: %d, want 401", status)
	}
	status, body := do(t, "GET", env["CONTROL"]+"requests", "", "")
	if status != http.StatusOK {
		t.Fatalf("GET %srequests: %d %s", env["CONTROL"], status, body)
	}
	var counts mockapi.RequestCounts
	if err := json.Unmarshal(body, &counts); err != nil {
		t.Fatal(err)
	}
	if counts.Total != 1 || counts.ByRoute[devrev.RouteChatsCreate] != 1 {
		t.Errorf("request counts %+v, want the one chats.create", counts)
	}
	// The program's http.Server is hooked in: it counts the connections.
	if counts.Connections < 1 {
		t.Errorf("connections %d, want the ones of the requests above", counts.Connections)
	}

	if code := p.stop(t); code != 0 {
		t.Errorf("exit code %d after a clean stop, want 0; stderr:\n%s", code, p.stderr.String())
	}
	if resp, err := http.Get(env["CONTROL"] + "requests"); err == nil {
		_ = resp.Body.Close()
		t.Error("the fake still answers after stopping")
	}
}

// -helpcrunch-rate-limit and -devrev-rate-limit hold each key to its window,
// answering past it as each API documents, and the control API counts it.
func TestRun_rateLimitFlags(t *testing.T) {
	t.Parallel()
	p := startRun(t, "-listen", "127.0.0.1:0", "-helpcrunch-rate-limit", "2/min", "-devrev-rate-limit", "1/1h")
	env := p.env(t)
	chat := env["HELPCRUNCH_ENDPOINT"] + "/chats/1"
	for i := range 2 {
		if status, body := do(t, "GET", chat, "Bearer "+helpcrunch.DemoKey, ""); status == http.StatusTooManyRequests {
			t.Fatalf("HelpCrunch request %d refused within the limit: %s", i+1, body)
		}
	}
	status, header := doHeader(t, "GET", chat, "Bearer "+helpcrunch.DemoKey, "")
	if status != http.StatusTooManyRequests || header.Get("Retry-After") != "" {
		t.Errorf("third HelpCrunch request: %d, Retry-After %q; want 429 naming no wait", status, header.Get("Retry-After"))
	}
	get := env["DEVREV_ENDPOINT"] + "/chats.get"
	if status, body := do(t, "POST", get, "Bearer "+devrev.DemoToken, `{"id":"DM-1"}`); status == http.StatusTooManyRequests {
		t.Fatalf("first DevRev request refused: %s", body)
	}
	status, header = doHeader(t, "POST", get, "Bearer "+devrev.DemoToken, `{"id":"DM-1"}`)
	if status != http.StatusTooManyRequests || header.Get("Retry-After") != "3600" {
		t.Errorf("second DevRev request: %d, Retry-After %q; want 429 asking for 3600s", status, header.Get("Retry-After"))
	}
	status, body := do(t, "GET", env["CONTROL"]+"rate-limits", "", "")
	var limits map[string]mockapi.RateLimitStatus
	if err := json.Unmarshal(body, &limits); err != nil || status != http.StatusOK {
		t.Fatalf("GET rate-limits: %d %s (%v)", status, body, err)
	}
	want := map[string]mockapi.RateLimitStatus{"helpcrunch": {Limit: "2/1m0s", Limited: 1}, "devrev": {Limit: "1/1h0m0s", Limited: 1}}
	for k, v := range want {
		if limits[k] != v {
			t.Errorf("rate-limits[%s] = %+v, want %+v", k, limits[k], v)
		}
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if !strings.Contains(p.stderr.String(), "rate limits: DevRev 1/1h0m0s, HelpCrunch 2/1m0s") {
		t.Errorf("stderr %q does not state the rate limits", p.stderr.String())
	}
}

// TestRun_readingFlags serves the readings -reading names, as
// GET /__mock/readings shows them.
func TestRun_readingFlags(t *testing.T) {
	t.Parallel()
	p := startRun(t, "-listen", "127.0.0.1:0", "-reading", "helpcrunch.status_search=codes", "-reading", "devrev.chats_scope=beta")
	env := p.env(t)
	status, body := do(t, "GET", env["CONTROL"]+"readings", "", "")
	var readings map[string]map[string]string
	if err := json.Unmarshal(body, &readings); err != nil || status != http.StatusOK {
		t.Fatalf("GET readings: %d %s (%v)", status, body, err)
	}
	if readings["helpcrunch"]["status_search"] != "codes" || readings["devrev"]["chats_scope"] != "beta" || readings["helpcrunch"]["search_total"] != "meta" {
		t.Errorf("readings %v", readings)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

// doHeader is do for a test that needs the headers.
func doHeader(t *testing.T, method, url, auth, body string) (int, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, resp.Header
}

func TestRun_fixturesSetTheCredentials(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(file, []byte(`{"devrev":{"token":"dr-test"},"helpcrunch":{"api_key":"hc-test"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startRun(t, "-listen", "localhost:0", "-fixtures", file)
	env := p.env(t)
	if env["DEVREV_TOKEN"] != "dr-test" || env["HELPCRUNCH_API_KEY"] != "hc-test" {
		t.Errorf("credentials %q / %q, want the fixtures'", env["DEVREV_TOKEN"], env["HELPCRUNCH_API_KEY"])
	}
	if status, _ := do(t, "GET", env["HELPCRUNCH_ENDPOINT"]+"/chats/1", "Bearer "+helpcrunch.DemoKey, ""); status != http.StatusUnauthorized {
		t.Errorf("the default key: %d, want 401", status)
	}
	if status, _ := do(t, "GET", env["HELPCRUNCH_ENDPOINT"]+"/chats/1", "Bearer hc-test", ""); status == http.StatusUnauthorized {
		t.Error("the fixtures' key was refused")
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

func TestRun_refusesBadUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-listen", "0.0.0.0:0"}, 2, "pass -allow-non-loopback"},
		{[]string{"-listen", ":0"}, 2, "is not a loopback address"},
		{[]string{"-listen", "127.0.0.1"}, 2, "missing port"},
		{[]string{"-generate-conversations", "-1"}, 2, "must not be negative"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-helpcrunch-rate-limit", "120"}, 2, "is not N/min"},
		{[]string{"-devrev-rate-limit", "0/min"}, 2, "at least 1"},
		{[]string{"-devrev-rate-limit", "5/fortnight"}, 2, "the window must be"},
		{[]string{"-fixtures", "/nonexistent/fixtures.json", "-listen", "127.0.0.1:0"}, 1, "no such file"},
		{[]string{"-reading", "helpcrunch.status_search"}, 2, "is not PLATFORM.NAME=VALUE"},
		{[]string{"-reading", "status_search=codes"}, 2, "is not PLATFORM.NAME=VALUE"},
		{[]string{"-reading", "helpcrunch.status_search=roman", "-listen", "127.0.0.1:0"}, 1, `"roman" is not one of names, codes`},
		{[]string{"-reading", "zendesk.x=y", "-listen", "127.0.0.1:0"}, 1, "no such platform"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr.String(), tc.code, tc.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("%q: printed %q on stdout", tc.args, stdout.String())
		}
	}
}

// The program itself stops cleanly on SIGTERM.
func TestMain_stopsOnSIGTERM(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CHATOPS_MOCKAPI_RUN_MAIN=1", "CHATOPS_MOCKAPI_ARGS=-listen 127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	env := readEnv(t, out)
	if status, _ := do(t, "GET", env["CONTROL"]+"state", "", ""); status != http.StatusOK {
		t.Errorf("GET %sstate: %d", env["CONTROL"], status)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("stderr %q does not say it stopped", stderr.String())
	}
}

// running is run() in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan int
	out    *io.PipeReader
	stderr *syncBuffer
}

func startRun(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	p := &running{cancel: cancel, done: make(chan int, 1), out: pr, stderr: &syncBuffer{}}
	go func() {
		code := run(ctx, args, pw, p.stderr)
		_ = pw.Close()
		p.done <- code
	}()
	t.Cleanup(cancel)
	return p
}

func (p *running) env(t *testing.T) map[string]string {
	t.Helper()
	return readEnv(t, p.out)
}

func (p *running) stop(t *testing.T) int {
	t.Helper()
	go func() { _, _ = io.Copy(io.Discard, p.out) }()
	p.cancel()
	select {
	case code := <-p.done:
		return code
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("run did not return after its context ended")
		return -1
	}
}

// readEnv reads the KEY=value lines up to CONTROL=, the last one.
func readEnv(t *testing.T, r io.Reader) map[string]string {
	t.Helper()
	env := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("stdout line %q is not KEY=value", sc.Text())
		}
		env[k] = v
		if k == "CONTROL" {
			return env
		}
	}
	t.Fatalf("stdout ended before CONTROL=: %v (got %v)", sc.Err(), env)
	return nil
}

func do(t *testing.T, method, url, auth, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
