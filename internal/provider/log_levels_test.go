package provider

import (
	"maps"
	"testing"
)

func TestQuietLogLevels(t *testing.T) {
	all := func(level string) map[string]string {
		m := map[string]string{}
		for _, name := range libraryLogLevelVars {
			m[name] = level
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing set: Terraform keeps no provider logs", nil, all("OFF")},
		{"TF_LOG", map[string]string{"TF_LOG": "debug"}, all("DEBUG")},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "warn"}, all("WARN")},
		{"TF_LOG_PROVIDER alone", map[string]string{"TF_LOG_PROVIDER": "ERROR"}, all("ERROR")},
		{"TF_LOG_PATH alone keeps nothing", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, all("OFF")},
		{"JSON is TRACE", map[string]string{"TF_LOG": "json"}, all("TRACE")},
		{"an unknown level is TRACE, as in Terraform", map[string]string{"TF_LOG": "verbose"}, all("TRACE")},
		{"TF_LOG=OFF", map[string]string{"TF_LOG": "off"}, all("OFF")},
		{
			"a level set for a library is kept",
			map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_CHATOPS": "DEBUG"},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := QuietLogLevels(func(name string) string { return tt.env[name] })
			if !maps.Equal(got, tt.want) {
				t.Errorf("quietLogLevels = %v, want %v", got, tt.want)
			}
		})
	}
}
