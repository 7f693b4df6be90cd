package provider

import "testing"

func TestValidateEndpoint(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://api.devrev.ai":          true,
		"https://api.helpcrunch.com/v1":  true,
		"http://127.0.0.1:8787/devrev":   true,
		"http://127.9.9.9/devrev":        true,
		"http://[::1]:8080/helpcrunch":   true,
		"http://localhost:1234":          true,
		"http://LOCALHOST:1234":          true,
		"http://api.devrev.ai":           false,
		"http://10.0.0.1/devrev":         false,
		"http://localhost.example.com":   false,
		"ftp://127.0.0.1":                false,
		"api.devrev.ai":                  false,
		"https://user:pw@api.devrev.ai":  false,
		"":                               false,
		"https://":                       false,
		"http://127.0.0.1.example.com/x": false,
	} {
		if err := validateEndpoint(raw); (err == nil) != ok {
			t.Errorf("validateEndpoint(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestParsePositiveDuration(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{"30s": true, "1m30s": true, "0s": false, "-1s": false, "30": false, "": false} {
		if _, err := parsePositiveDuration(raw); (err == nil) != ok {
			t.Errorf("parsePositiveDuration(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}
