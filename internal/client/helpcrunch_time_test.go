package client

import (
	"encoding/json"
	"testing"
	"time"
)

// Unix seconds in every form HelpCrunch sends, to the nanosecond, and the
// sanity bound on float forms.
func TestUnixTimeEdges(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Time{
		`"0.5"`:            time.Unix(0, 500_000_000).UTC(),
		`"-1.5"`:           time.Unix(-1, -500_000_000).UTC(),
		`1.6038648005e9`:   time.Unix(1603864800, 500_000_000).UTC(),
		`"1e15"`:           time.Unix(1e15, 0).UTC(),
		`"1603864800.000"`: time.Unix(1603864800, 0).UTC(),
		// Exact to the nanosecond, which a float64 of these is not.
		`"1603864800.123456789"`: time.Unix(1603864800, 123456789).UTC(),
		`"1603864800.999999999"`: time.Unix(1603864800, 999999999).UTC(),
		`"1603864800.000000001"`: time.Unix(1603864800, 1).UTC(),
		`"1603864800.5"`:         time.Unix(1603864800, 500_000_000).UTC(),
	} {
		var u UnixTime
		if err := json.Unmarshal([]byte(in), &u); err != nil || !u.Valid || !u.Time.Equal(want) {
			t.Errorf("%s: %v (valid %v, %v), want %v", in, u.Time, u.Valid, err, want)
		}
	}
	for _, in := range []string{`"1.0000001e15"`, `"-1.0000001e15"`, `"NaN"`, `"1e400"`, `"x"`} {
		var u UnixTime
		if err := json.Unmarshal([]byte(in), &u); err == nil {
			t.Errorf("%s: accepted as %v", in, u.Time)
		}
	}
}
