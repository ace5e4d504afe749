// engine/internal/sqldbtest/sqldbtest.go

// Package sqldbtest holds the tests that the backends on database/sql
// (engine/sqlite and engine/mysql) share, each run from a test of the
// backend's own.
package sqldbtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/retortdb/retort/engine"
)

// New checks eng, made by a backend's New on db, a *sql.DB the test
// opened: the engine runs on db; conn, the backend's Conn, gives a
// *sql.Conn inside the engine's transaction (a row inserted through it is
// seen by the transaction, and gone after its rollback); and closing the
// engine leaves db open. It makes a table t in db.
func New(t *testing.T, db *sql.DB, eng *engine.Engine, conn func(context.Context, *engine.Tx) (*sql.Conn, error)) {
	t.Helper()
	ctx := t.Context()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id BIGINT PRIMARY KEY)"); err != nil {
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
	c, err := conn(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "INSERT INTO t (id) VALUES (1), (2)"); err != nil {
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
}
