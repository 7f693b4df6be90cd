package mockapi

import (
	"strconv"
	"testing"
)

func TestRequestBodies_keepsTheLatest(t *testing.T) {
	t.Parallel()
	var b requestBodies
	for i := range maxKeptBodies + 5 {
		b.keep("r", []byte(strconv.Itoa(i)))
	}
	if len(b["r"]) != maxKeptBodies || string(b["r"][0]) != "5" || string(b["r"][maxKeptBodies-1]) != strconv.Itoa(maxKeptBodies+4) {
		t.Errorf("kept %d bodies from %s to %s", len(b["r"]), b["r"][0], b["r"][len(b["r"])-1])
	}
}
