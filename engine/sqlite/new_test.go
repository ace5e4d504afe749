package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/internal/sqldbtest"
	"github.com/retortdb/retort/engine/sqlite"
)

// TestNewSQLDB: an engine on a *sql.DB the program opened runs on it, as
// sqldbtest.New checks; and closing the engine leaves the *sql.DB open,
// unless it owns it.
func TestNewSQLDB(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "caller.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng, err := sqlite.New(db)
	if err != nil {
		t.Fatal(err)
	}
	sqldbtest.New(t, db, eng, sqlite.Conn)
	owner, err := sqlite.New(db, engine.WithOwnPool(true))
	if err != nil {
		t.Fatal(err)
	}
	if err := owner.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.PingContext(context.Background()); err == nil {
		t.Fatal("the *sql.DB still answers after the engine that owns it closed")
	}
}
