package engine_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// constraintsDDL is a parent and a child with every kind of constraint, the
// same on the three backends (MariaDB names its CHECK as written).
var constraintsDDL = []string{
	`CREATE TABLE parents (id BIGINT PRIMARY KEY)`,
	`CREATE TABLE children (
		id        BIGINT PRIMARY KEY,
		parent_id BIGINT NOT NULL,
		email     VARCHAR(100) NOT NULL,
		qty       BIGINT NOT NULL,
		CONSTRAINT children_email_key UNIQUE (email),
		CONSTRAINT children_qty_positive CHECK (qty > 0),
		CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id)
	)`,
	`INSERT INTO parents (id) VALUES (1), (2)`,
	`INSERT INTO children (id, parent_id, email, qty) VALUES (1, 1, 'a@example.com', 1)`,
}

// TestDatabaseErrors: each constraint violation comes back as the same
// sentinel on every backend, as a *engine.DatabaseError carrying the code
// and what the server names, with the driver's own error still reachable.
func TestDatabaseErrors(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		for _, ddl := range constraintsDDL {
			if err := eng.Transaction(ctx, func(tx *engine.Tx) error { _, err := tx.ExecSQL(ctx, ddl); return err }); err != nil {
				t.Fatalf("%s: %v", ddl, err)
			}
		}
		cases := []struct {
			name string
			sql  string
			kind error
			// what the DatabaseError names, per backend ("" where the
			// server does not say)
			code, constraint, table, column map[string]string
		}{
			{
				name: "unique", kind: engine.ErrUniqueViolation,
				sql:        `INSERT INTO children (id, parent_id, email, qty) VALUES (2, 1, 'a@example.com', 1)`,
				code:       map[string]string{testdb.Postgres: "23505", testdb.MySQL: "1062", testdb.SQLite: "2067"},
				constraint: map[string]string{testdb.Postgres: "children_email_key", testdb.MySQL: "children_email_key"},
				table:      map[string]string{testdb.Postgres: "children", testdb.SQLite: "children"},
				column:     map[string]string{testdb.SQLite: "email"},
			},
			{
				name: "primary key", kind: engine.ErrUniqueViolation,
				sql:        `INSERT INTO children (id, parent_id, email, qty) VALUES (1, 1, 'b@example.com', 1)`,
				code:       map[string]string{testdb.Postgres: "23505", testdb.MySQL: "1062", testdb.SQLite: "1555"},
				constraint: map[string]string{testdb.Postgres: "children_pkey", testdb.MySQL: "PRIMARY"},
				table:      map[string]string{testdb.Postgres: "children", testdb.SQLite: "children"},
				column:     map[string]string{testdb.SQLite: "id"},
			},
			{
				name: "foreign key", kind: engine.ErrForeignKeyViolation,
				sql:        `INSERT INTO children (id, parent_id, email, qty) VALUES (3, 9, 'c@example.com', 1)`,
				code:       map[string]string{testdb.Postgres: "23503", testdb.MySQL: "1452", testdb.SQLite: "787"},
				constraint: map[string]string{testdb.Postgres: "children_parent_fk", testdb.MySQL: "children_parent_fk"},
				table:      map[string]string{testdb.Postgres: "children", testdb.MySQL: "children"},
				column:     map[string]string{testdb.MySQL: "parent_id"},
			},
			{
				name: "referenced row", kind: engine.ErrForeignKeyViolation,
				sql:        `DELETE FROM parents WHERE id = 1`,
				code:       map[string]string{testdb.Postgres: "23503", testdb.MySQL: "1451", testdb.SQLite: "787"},
				constraint: map[string]string{testdb.Postgres: "children_parent_fk", testdb.MySQL: "children_parent_fk"},
				table:      map[string]string{testdb.Postgres: "children", testdb.MySQL: "children"},
				column:     map[string]string{testdb.MySQL: "parent_id"},
			},
			{
				name: "not null", kind: engine.ErrNotNullViolation,
				sql:    `INSERT INTO children (id, parent_id, email, qty) VALUES (4, 1, NULL, 1)`,
				code:   map[string]string{testdb.Postgres: "23502", testdb.MySQL: "1048", testdb.SQLite: "1299"},
				table:  map[string]string{testdb.Postgres: "children", testdb.SQLite: "children"},
				column: map[string]string{testdb.Postgres: "email", testdb.MySQL: "email", testdb.SQLite: "email"},
			},
			{
				name: "check", kind: engine.ErrCheckViolation,
				sql:        `INSERT INTO children (id, parent_id, email, qty) VALUES (5, 1, 'e@example.com', 0)`,
				code:       map[string]string{testdb.Postgres: "23514", testdb.MySQL: "4025", testdb.SQLite: "275"},
				constraint: map[string]string{testdb.Postgres: "children_qty_positive", testdb.MySQL: "children_qty_positive", testdb.SQLite: "children_qty_positive"},
				table:      map[string]string{testdb.Postgres: "children", testdb.MySQL: "children"},
			},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				err := eng.Transaction(ctx, func(tx *engine.Tx) error { _, err := tx.ExecSQL(ctx, c.sql); return err })
				if !errors.Is(err, c.kind) {
					t.Fatalf("%v, want %v", err, c.kind)
				}
				for _, other := range []error{engine.ErrUniqueViolation, engine.ErrForeignKeyViolation, engine.ErrNotNullViolation, engine.ErrCheckViolation} {
					if other != c.kind && errors.Is(err, other) {
						t.Errorf("also %v", other)
					}
				}
				var de *engine.DatabaseError
				if !errors.As(err, &de) {
					t.Fatalf("%T is no *engine.DatabaseError", err)
				}
				got := fmt.Sprintf("code %q constraint %q table %q column %q", de.Code, de.Constraint, de.Table, de.Column)
				want := fmt.Sprintf("code %q constraint %q table %q column %q", c.code[b.name], c.constraint[b.name], c.table[b.name], c.column[b.name])
				if got != want {
					t.Errorf("got  %s\nwant %s\n(%v)", got, want, err)
				}
				if !driverErrorReachable(err) {
					t.Errorf("errors.As does not reach the driver's error through %v", err)
				}
				if engine.IsRetryable(err) {
					t.Error("a constraint violation is retryable")
				}
			})
		}
		if n := scalar(t, eng, "SELECT COUNT(*) FROM children"); n != 1 {
			t.Errorf("%d children after the failures, want 1", n)
		}
	})
}

// driverErrorReachable reports whether errors.As finds a driver's error in err.
func driverErrorReachable(err error) bool {
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var liteErr *sqlite.Error
	return errors.As(err, &pgErr) || errors.As(err, &myErr) || errors.As(err, &liteErr)
}

// TestConcurrencyErrors: a deadlock, a write skew under SERIALIZABLE and a
// lock refused under NOWAIT are told apart, and only the first two are
// retryable.
func TestConcurrencyErrors(t *testing.T) {
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 2)
		ctx := t.Context()

		t.Run("deadlock", func(t *testing.T) {
			tx1, tx2 := begin(t, eng), begin(t, eng)
			defer tx1.Rollback(ctx)
			defer tx2.Rollback(ctx)
			mustExec(t, tx1, "UPDATE items SET qty = qty + 1 WHERE id = 1")
			mustExec(t, tx2, "UPDATE items SET qty = qty + 1 WHERE id = 2")
			errs := make([]error, 2)
			var wg sync.WaitGroup
			wg.Go(func() { _, errs[0] = tx1.ExecSQL(ctx, "UPDATE items SET qty = qty + 1 WHERE id = 2") })
			time.Sleep(50 * time.Millisecond) // tx1 waits for tx2's lock
			_, errs[1] = tx2.ExecSQL(ctx, "UPDATE items SET qty = qty + 1 WHERE id = 1")
			if errs[1] != nil {
				// The victim's partner goes on once the victim is gone.
				tx2.Rollback(ctx)
			}
			wg.Wait()
			victim := errors.Join(errs...)
			if !errors.Is(victim, engine.ErrDeadlock) || !engine.IsRetryable(victim) {
				t.Errorf("%v, want a retryable ErrDeadlock", victim)
			}
		})

		t.Run("lock not available", func(t *testing.T) {
			tx1, tx2 := begin(t, eng), begin(t, eng)
			defer tx1.Rollback(ctx)
			defer tx2.Rollback(ctx)
			mustExec(t, tx1, "UPDATE items SET qty = qty + 1 WHERE id = 1")
			_, err := tx2.ExecSQL(ctx, "SELECT id FROM items WHERE id = 1 FOR UPDATE NOWAIT")
			if !errors.Is(err, engine.ErrLockNotAvailable) || engine.IsRetryable(err) {
				t.Errorf("%v, want ErrLockNotAvailable, not retryable", err)
			}
		})

		if b.name != testdb.Postgres {
			return // MySQL has no serialization failure of its own: a deadlock stands for it
		}
		t.Run("serialization failure", func(t *testing.T) {
			err := writeSkew(t, eng, 1)
			if !errors.Is(err, engine.ErrSerializationFailure) || !engine.IsRetryable(err) {
				t.Errorf("%v, want a retryable ErrSerializationFailure", err)
			}
		})
	})
}

// writeSkew runs two SERIALIZABLE transactions that each count the items
// and insert one, id base and base+1000: PostgreSQL fails one of them with
// a serialization failure, whose error writeSkew returns.
func writeSkew(t *testing.T, eng *engine.Engine, base int64) error {
	t.Helper()
	ctx := t.Context()
	tx1 := begin(t, eng, engine.WithIsolation(engine.Serializable))
	tx2 := begin(t, eng, engine.WithIsolation(engine.Serializable))
	defer tx1.Rollback(ctx)
	defer tx2.Rollback(ctx)
	count(t, tx1)
	count(t, tx2)
	insert := func(tx *engine.Tx, id int64) error {
		_, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set("skew"), Items.Qty.Set(1), Items.Note.SetNull()))
		return err
	}
	if err := insert(tx1, base+100); err != nil {
		return err
	}
	if err := insert(tx2, base+1100); err != nil {
		return err
	}
	if err := tx1.Commit(ctx); err != nil {
		return err
	}
	return tx2.Commit(ctx)
}

func mustExec(t *testing.T, tx *engine.Tx, sql string) {
	t.Helper()
	if _, err := tx.ExecSQL(t.Context(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestRetry: Engine.Transaction with Retry runs a transaction that met a
// serialization failure again, and the second run commits; without Retry,
// or with an error that is not retryable, fn runs once.
func TestRetry(t *testing.T) {
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		if b.name != testdb.Postgres {
			t.Skip("the conflict below is PostgreSQL's serialization failure")
		}
		createItems(t, eng, 2)
		ctx := t.Context()
		conflicted := false
		runs := 0
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			runs++
			n := count(t, tx)
			if !conflicted {
				// Another transaction inserts what this one read the
				// absence of, and commits first.
				conflicted = true
				if err := eng.Transaction(ctx, func(other *engine.Tx) error {
					count(t, other)
					_, err := other.ExecSQL(ctx, "INSERT INTO items (id, name, qty) VALUES (50, 'other', 1)")
					return err
				}, engine.WithIsolation(engine.Serializable)); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(60+n), Items.Name.Set("mine"), Items.Qty.Set(n), Items.Note.SetNull()))
			return err
		}, engine.WithIsolation(engine.Serializable), engine.WithRetry(3))
		if err != nil {
			t.Fatalf("with Retry: %v", err)
		}
		if runs != 2 {
			t.Errorf("%d runs, want 2 (a failure, then a commit)", runs)
		}
		if ids := idsOf(t, eng); fmt.Sprint(ids) != "[1 2 50 63]" {
			t.Errorf("ids %v, want [1 2 50 63]: the second run saw the other's row", ids)
		}

		runs = 0
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			runs++
			_, err := tx.ExecSQL(ctx, "INSERT INTO items (id, name, qty) VALUES (1, 'dup', 1)")
			return err
		}, engine.WithRetry(3))
		if !errors.Is(err, engine.ErrUniqueViolation) || runs != 1 {
			t.Errorf("a unique violation: %v after %d runs, want one run", err, runs)
		}

		// The context ends while Retry waits: the last error and the
		// context's come back.
		short, cancel := context.WithCancel(ctx)
		runs = 0
		err = eng.Transaction(short, func(tx *engine.Tx) error {
			runs++
			cancel()
			return &engine.DatabaseError{Kind: engine.ErrDeadlock, Err: errors.New("a deadlock")}
		}, engine.WithRetry(5))
		if !errors.Is(err, engine.ErrDeadlock) || !errors.Is(err, context.Canceled) || runs != 1 {
			t.Errorf("cancelled between runs: %v after %d runs", err, runs)
		}
	})
}

// TestIsRetryable: an unknown commit outcome is never retryable, even when
// its cause would be.
func TestIsRetryable(t *testing.T) {
	deadlock := &engine.DatabaseError{Kind: engine.ErrDeadlock, Err: errors.New("deadlock")}
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("other"), false},
		{deadlock, true},
		{fmt.Errorf("wrapped: %w", &engine.DatabaseError{Kind: engine.ErrSerializationFailure, Err: errors.New("40001")}), true},
		{errors.Join(engine.ErrCommitOutcomeUnknown, deadlock), false},
		{&engine.DatabaseError{Kind: engine.ErrLockNotAvailable, Err: errors.New("55P03")}, false},
	} {
		if got := engine.IsRetryable(c.err); got != c.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	if !errors.Is(engine.ErrNoRows, sql.ErrNoRows) {
		t.Error("engine.ErrNoRows does not match sql.ErrNoRows")
	}
}

// TestCanceledAndLost: a statement stopped when its context ended is
// ErrQueryCanceled and the context's error on every backend; one the
// server stopped on its own is ErrQueryCanceled; one on a connection the
// server killed is ErrConnectionLost.
func TestCanceledAndLost(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		ctx := t.Context()
		sleep := map[string]string{
			testdb.Postgres: "SELECT pg_sleep(5)",
			testdb.MySQL:    "SELECT SLEEP(5)",
			testdb.SQLite:   "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c",
		}[b.name]
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		err := eng.Transaction(short, func(tx *engine.Tx) error {
			res, err := tx.QuerySQL(short, sleep)
			if err != nil {
				return err
			}
			_, err = res.All()
			return err
		})
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, engine.ErrQueryCanceled) || errors.Is(err, engine.ErrConnectionLost) {
			t.Errorf("past the deadline: %v, want context.DeadlineExceeded and ErrQueryCanceled", err)
		}
		if b.name == testdb.SQLite {
			return
		}

		// The server's own limit, with a context that is still live.
		timeout := map[string]string{
			testdb.Postgres: "SET LOCAL statement_timeout = 50",
			testdb.MySQL:    "SET STATEMENT max_statement_time = 0.05 FOR SELECT COUNT(*) FROM information_schema.columns a, information_schema.columns b, information_schema.columns c",
		}[b.name]
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			if b.name == testdb.MySQL {
				res, err := tx.QuerySQL(ctx, timeout)
				if err != nil {
					return err
				}
				_, err = res.All()
				return err
			}
			mustExec(t, tx, timeout)
			res, err := tx.QuerySQL(ctx, sleep)
			if err != nil {
				return err
			}
			_, err = res.All()
			return err
		})
		var de *engine.DatabaseError
		if !errors.Is(err, engine.ErrQueryCanceled) || !errors.As(err, &de) || de.Code == "" || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("past the server's statement timeout: %v, want ErrQueryCanceled with the server's code", err)
		}

		tx := begin(t, eng)
		defer tx.Rollback(ctx)
		killConnection(t, b, txConnectionID(t, tx, b.name))
		_, err = tx.ExecSQL(ctx, "SELECT 1")
		if !errors.Is(err, engine.ErrConnectionLost) || engine.IsRetryable(err) {
			t.Errorf("on a killed connection: %v, want ErrConnectionLost", err)
		}
		if strings.Contains(err.Error(), "engine: engine:") {
			t.Errorf("doubled prefix: %v", err)
		}
	})
}
