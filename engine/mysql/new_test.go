package mysql_test

import (
	"testing"

	mysqldialect "github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/mysql"
	"github.com/retortdb/retort/internal/testdb"
)

// TestNewSQLDB: an engine on a *sql.DB the program opened runs on it; the
// hatch's *sql.Conn is inside the engine's transaction; and closing the
// engine leaves the *sql.DB open.
func TestNewSQLDB(t *testing.T) {
	ctx := t.Context()
	db := testdb.Open(t, testdb.MySQL)
	d := mysqldialect.MySQL
	if db.Flavor == testdb.MariaDB {
		d = mysqldialect.MariaDB
	}
	if _, err := db.SQL().ExecContext(ctx, "CREATE TABLE t (id BIGINT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	eng, err := mysql.New(db.SQL(), d)
	if err != nil {
		t.Fatal(err)
	}
	if eng.Dialect() != d {
		t.Errorf("Dialect() = %v, want %v", eng.Dialect(), d)
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
	conn, err := mysql.Conn(ctx, tx)
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
	if err := db.SQL().PingContext(ctx); err != nil {
		t.Fatalf("the *sql.DB after the engine's Close: %v; want it open", err)
	}
	if _, err := mysql.New(db.SQL(), postgres.Dialect); err == nil {
		t.Error("New with PostgreSQL's dialect: no error")
	}
}
