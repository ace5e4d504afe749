package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/sqlite"
)

// TestNewSQLDB: an engine on a *sql.DB the program opened runs on it; the
// hatch's *sql.Conn is inside the engine's transaction (a row inserted
// through it is seen by the transaction, and gone after its rollback); and
// closing the engine leaves the *sql.DB open, unless it owns it.
func TestNewSQLDB(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "caller.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	eng, err := sqlite.New(db)
	if err != nil {
		t.Fatal(err)
	}
	count := func(tx *engine.Tx) int64 {
		res, err := tx.QuerySQL(ctx, "SELECT count(*) FROM t")
		if err != nil {
			t.Fatal(err)
		}
		n, err := engine.Scalars[int64](res)
		if err != nil {
			t.Fatal(err)
		}
		return n[0]
	}
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlite.Conn(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO t (id) VALUES (1), (2)"); err != nil {
		t.Fatal(err)
	}
	if got := count(tx); got != 2 {
		t.Fatalf("the transaction sees %d rows inserted through its connection, want 2", got)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if got := count(tx); got != 0 {
			t.Errorf("%d rows after the rollback: the hatch ran outside the transaction", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("the *sql.DB after the engine's Close: %v; want it open", err)
	}
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
