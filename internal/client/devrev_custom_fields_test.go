package client

import "testing"

func TestSplitDevRevCustomFieldName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, prefix, field string
		ok                  bool
	}{
		{"tnt__tier", "tnt", "tier", true},
		{"ctype__severity", "ctype", "severity", true},
		{"billing__plan__code", "billing", "plan__code", true},
		{"tier", "", "", false},
		{"__tier", "", "", false},
		{"tnt__", "", "", false},
		{" tnt__tier", "", "", false},
		{"tnt __tier", "", "", false},
		{"", "", "", false},
	} {
		prefix, field, ok := SplitDevRevCustomFieldName(tc.name)
		if prefix != tc.prefix || field != tc.field || ok != tc.ok {
			t.Errorf("SplitDevRevCustomFieldName(%q) = %q, %q, %v; want %q, %q, %v", tc.name, prefix, field, ok, tc.prefix, tc.field, tc.ok)
		}
	}
}
