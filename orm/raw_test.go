package orm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/mysql"
	"github.com/retortdb/retort/engine/pgx"
	"github.com/retortdb/retort/engine/sqlite"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestSessionTxRaw: the driver's connection of a session's transaction
// (Session.Tx, then the backend's Conn) is inside that transaction: a row
// inserted through it is seen by the session's query, and gone after the
// session's rollback.
func TestSessionTxRaw(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		tx, err := s.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert := "INSERT INTO departments (id, name) VALUES (?, ?)"
		var exec func(ctx context.Context) error
		switch w.backend {
		case testdb.Postgres:
			conn, err := pgx.Conn(ctx, tx)
			if err != nil {
				t.Fatal(err)
			}
			exec = func(ctx context.Context) error {
				_, err := conn.Exec(ctx, "INSERT INTO departments (id, name) VALUES ($1, $2)", int64(7), "raw")
				return err
			}
		default:
			var conn *sql.Conn
			if w.backend == testdb.SQLite {
				conn, err = sqlite.Conn(ctx, tx)
			} else {
				conn, err = mysql.Conn(ctx, tx)
			}
			if err != nil {
				t.Fatal(err)
			}
			exec = func(ctx context.Context) error {
				_, err := conn.ExecContext(ctx, insert, int64(7), "raw")
				return err
			}
		}
		if err := exec(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := orm.All(ctx, s, orm.Select[shop.Department]())
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != 7 || got[0].Name != "raw" {
			t.Fatalf("the session sees %+v, want the department inserted through its connection", got)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		err = w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.QuerySQL(ctx, "SELECT count(*) FROM departments")
			if err != nil {
				return err
			}
			n, err := engine.Scalars[int64](res)
			if err == nil && n[0] != 0 {
				t.Errorf("%d departments after the session's rollback, want 0", n[0])
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
