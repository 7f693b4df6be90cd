package fake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/helpcrunch"
)

func TestLoadFixturesKeepsDefaultsForMissingSections(t *testing.T) {
	t.Parallel()
	fx := loadFixturesFile(t, `{"devrev": {"token": "other"}}`)
	if fx.DevRev.Token != "other" || len(fx.DevRev.Users) != 20 || fx.DevRev.AuthUser != "DEVU-1" || fx.HelpCrunch.APIKey != helpcrunch.DemoKey {
		t.Fatalf("fixtures %+v", fx)
	}
}

// loadFixturesFile writes content to a fixtures file and loads it.
func loadFixturesFile(t *testing.T, content string) *Fixtures {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fx.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	fx, err := LoadFixtures(path)
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// hcDo sends one HelpCrunch request with key to s and decodes the answer,
// numbers as json.Number.
func hcDo(t *testing.T, s *Server, key, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, helpcrunch.Prefix+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var out map[string]any
	dec := json.NewDecoder(rec.Body)
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("%s %s: decoding answer (HTTP %d): %v", method, path, rec.Code, err)
	}
	return rec.Code, out
}

// A HelpCrunch section keeps the defaults of what it leaves out, and the fake
// serves what it lists.
func TestHelpCrunchFixturesFile(t *testing.T) {
	t.Parallel()
	fx := loadFixturesFile(t, `{"helpcrunch": {"api_key": "k2", "agents": [{"id": 9, "name": "Nine", "email": "nine@example.com", "role": "admin"}],
		"chats": [{"id": 500, "customer": 2, "application": 1, "assignee": 9, "status": "on hold", "created_at": 1603864800}],
		"timestamp_format": "string"}}`)
	if fx.HelpCrunch.APIKey != "k2" || len(fx.HelpCrunch.Customers) != 20 || len(fx.HelpCrunch.Departments) != 3 || len(fx.HelpCrunch.Agents) != 1 {
		t.Fatalf("merged fixtures = %+v", fx.HelpCrunch)
	}
	s := MustNew(Options{Fixtures: fx})
	status, chat := hcDo(t, s, "k2", "GET", "/chats/500", "")
	if status != http.StatusOK || chat["status"] != "onhold" || chat["createdAt"] != "1603864800" {
		t.Fatalf("fixture chat: %d %v", status, chat)
	}
	_, created := hcDo(t, s, "k2", "POST", "/chats", `{"customer": 1, "application": 1}`)
	if created["id"] != json.Number("501") {
		t.Errorf("next id = %v, want 501", created["id"])
	}
}

// A fixtures file's agents_shape is kept; only a missing one takes the default.
func TestHelpCrunchFixturesFileKeepsAgentsShape(t *testing.T) {
	t.Parallel()
	fx := loadFixturesFile(t, `{"helpcrunch": {"agents_shape": "object"}}`)
	if fx.HelpCrunch.AgentsShape != "object" {
		t.Errorf("agents_shape = %q, want object", fx.HelpCrunch.AgentsShape)
	}
}
