package client

import (
	"encoding/json"
	"testing"
)

// A reference comes as an id string or as an object with an id, a display
// id or both; anything carrying neither is no reference.
func TestDevRevRefs(t *testing.T) {
	t.Parallel()
	var raws []json.RawMessage
	if err := json.Unmarshal([]byte(`["don:core:dvrv-us-1:devo/1:issue/1", "", {"display_id":"ISS-2"}, {"id":"don:3"}, {"id":"don:4","display_id":"ISS-4"}, {}, {"name":"x"}, 5]`), &raws); err != nil {
		t.Fatal(err)
	}
	got := devrevRefs(raws)
	want := []DevRevChatRef{{ID: "don:core:dvrv-us-1:devo/1:issue/1"}, {DisplayID: "ISS-2"}, {ID: "don:3"}, {ID: "don:4", DisplayID: "ISS-4"}}
	if len(got) != len(want) {
		t.Fatalf("refs %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ref %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
