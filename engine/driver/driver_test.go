package driver_test

import (
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
)

// TestOpenWithoutBackend: this test binary imports no backend, so each
// scheme's Open fails naming the import to add.
func TestOpenWithoutBackend(t *testing.T) {
	for dsn, pkg := range map[string]string{
		"postgres://u@127.0.0.1/db":   "github.com/retortdb/retort/engine/pgx",
		"postgresql://u@127.0.0.1/db": "github.com/retortdb/retort/engine/pgx",
		"sqlite::memory:":             "github.com/retortdb/retort/engine/sqlite",
		"mysql://u@127.0.0.1/db":      "github.com/retortdb/retort/engine/mysql",
	} {
		_, err := engine.Open(t.Context(), dsn)
		if err == nil || !strings.Contains(err.Error(), `import _ "`+pkg+`"`) {
			t.Errorf("Open(%s) = %v, want an error naming import _ %q", dsn, err, pkg)
		}
	}
	if _, err := engine.Open(t.Context(), "oracle://x"); err == nil || !strings.Contains(err.Error(), "unknown scheme") {
		t.Errorf("Open(oracle://x) = %v, want an unknown scheme", err)
	}
}
