package engine_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// failingStatement is a statement that fails as it runs, with the error
// code each backend gives it: PostgreSQL's SQLSTATE, MySQL's error number,
// SQLite's extended result code. A backend it does not name has no such
// failure (SQLite divides by zero into NULL, say).
type failingStatement struct {
	name    string
	sql     map[string]string
	args    []any
	dml     bool // a cursor cannot be declared for it
	code    map[string]string
	timeout time.Duration // a context deadline that cuts the statement short
}

var failingStatements = []failingStatement{
	{name: "division by zero",
		sql:  map[string]string{testdb.Postgres: "SELECT 1/0"},
		code: map[string]string{testdb.Postgres: "22012"}},
	{name: "duplicate key",
		sql: map[string]string{
			testdb.Postgres: "INSERT INTO items (id, name, qty) VALUES (1, 'dup', 1) RETURNING id",
			testdb.SQLite:   "INSERT INTO items (id, name, qty) VALUES (1, 'dup', 1) RETURNING id",
			testdb.MySQL:    "INSERT INTO items (id, name, qty) VALUES (1, 'dup', 1)",
		},
		code: map[string]string{testdb.Postgres: "23505", testdb.SQLite: "1555", testdb.MySQL: "1062"},
		dml:  true},
	{name: "bad argument for a cast",
		sql:  map[string]string{testdb.Postgres: "SELECT $1::int"},
		args: []any{"x"},
		code: map[string]string{testdb.Postgres: "22P02"}},
	{name: "NUL byte in text",
		sql:  map[string]string{testdb.Postgres: "SELECT $1::text"},
		args: []any{"a\x00b"},
		code: map[string]string{testdb.Postgres: "22021"}},
	{name: "bigint overflow",
		sql:  map[string]string{testdb.Postgres: "SELECT $1::bigint * 2", testdb.MySQL: "SELECT CAST(? AS SIGNED) * 2"},
		args: []any{int64(math.MaxInt64)},
		code: map[string]string{testdb.Postgres: "22003", testdb.MySQL: "1690"}},
	{name: "deadline during the statement",
		sql: map[string]string{
			testdb.Postgres: "SELECT pg_sleep(10)",
			testdb.MySQL:    "SELECT SLEEP(10)",
			testdb.SQLite:   "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c",
		},
		timeout: 200 * time.Millisecond},
}

// TestFailingStatement runs statements that fail as they run, first in
// their transaction (on PostgreSQL, in one round trip with BEGIN), second,
// and under Autocommit, through Query, Exec and Stream. Each must return
// the database's error (not panic, not lose it), leave the Tx able to roll
// back, and leave its connection fit for the next transaction: the pool
// has one connection, so the next transaction runs on it. Nothing the
// failed transaction did may be committed.
func TestFailingStatement(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 1)
		for _, fs := range failingStatements {
			sql, ok := fs.sql[b.name]
			if !ok {
				continue
			}
			for _, place := range []string{"first", "second", "autocommit"} {
				for _, via := range []string{"query", "exec", "stream"} {
					if via == "stream" && fs.dml {
						continue
					}
					t.Run(fs.name+"/"+place+"/"+via, func(t *testing.T) {
						runFailing(t, b, eng, fs, sql, place, via)
					})
				}
			}
		}
	}, engine.WithPoolSize(1), engine.WithMaxOverflow(0))
}

func runFailing(t *testing.T, b backend, eng *engine.Engine, fs failingStatement, sql, place, via string) {
	var opts []engine.TxOption
	if place == "autocommit" {
		opts = append(opts, engine.WithAutocommit(true))
	}
	tx, err := eng.Begin(t.Context(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(t.Context())
	if place == "second" {
		if _, err := tx.ExecSQL(t.Context(), "INSERT INTO items (id, name, qty) VALUES (2, 'second', 2)"); err != nil {
			t.Fatal(err)
		}
	}
	ctx := t.Context()
	if fs.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, fs.timeout)
		defer cancel()
	}
	switch via {
	case "exec":
		_, err = tx.ExecSQL(ctx, sql, fs.args...)
	case "query", "stream":
		var res *engine.Result
		if via == "query" {
			res, err = tx.QuerySQL(ctx, sql, fs.args...)
		} else {
			res, err = tx.StreamSQL(ctx, 10, sql, fs.args...)
		}
		if err == nil {
			var rows []engine.Row
			rows, err = res.All()
			if err == nil {
				t.Fatalf("the statement returned %v, no error", rows)
			}
		}
	}
	if err == nil {
		t.Fatal("the statement succeeded")
	}
	checkMessage(t, err)
	var se *engine.StatementError
	if !errors.As(err, &se) {
		t.Errorf("%v: not a StatementError", err)
	}
	if fs.timeout > 0 {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%v: not context.DeadlineExceeded", err)
		}
	} else if got, want := testdb.ErrorCode(err), fs.code[b.name]; got != want {
		t.Errorf("%v: code %q, want %q", err, got, want)
	}
	// On PostgreSQL the failure aborts the transaction; elsewhere a
	// statement after it runs, and must be rolled back with the rest.
	// Either way it must not run outside the transaction.
	_, afterErr := tx.ExecSQL(t.Context(), "INSERT INTO items (id, name, qty) VALUES (3, 'after', 3)")
	rerr := tx.Rollback(t.Context())
	// go-sql-driver/mysql cancels a statement by closing its
	// connection: the rollback then reports the lost connection.
	if rerr != nil && !(b.name == testdb.MySQL && fs.timeout > 0) {
		t.Errorf("Rollback: %v", rerr)
	}
	want := []int64{1}
	if place == "autocommit" && afterErr == nil {
		want = []int64{1, 3} // each statement committed as it ran
	}
	if ids := idsOf(t, eng); fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("ids after the rollback: %v, want %v", ids, want)
	}
	if len(want) > 1 {
		cleanup := begin(t, eng)
		if _, err := cleanup.ExecSQL(t.Context(), "DELETE FROM items WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		if err := cleanup.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if s := eng.Stats(); s.InUse != 0 {
		t.Errorf("Stats() = %+v after the rollback, want no connection in use", s)
	}
}

// TestStatementTimeout: Config.StatementTimeout ends a statement whose
// context has no deadline, as a deadline of the caller's would (the
// server-side statement cancelled on PostgreSQL), and the engine goes on
// working; a caller's deadline, even a longer one, takes its place.
func TestStatementTimeout(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		slow := failingStatements[len(failingStatements)-1].sql[b.name] // runs for seconds
		for _, via := range []string{"exec", "query"} {
			tx := begin(t, eng)
			start := time.Now()
			var err error
			if via == "exec" {
				_, err = tx.ExecSQL(t.Context(), slow)
			} else {
				var res *engine.Result
				if res, err = tx.QuerySQL(t.Context(), slow); err == nil {
					_, err = res.All()
				}
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s past the statement timeout: %v, want DeadlineExceeded", via, err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%s took %v to end with a timeout of 200ms", via, d)
			}
			_ = tx.Rollback(t.Context())
		}
		// A caller's deadline of its own, longer than the timeout. (SQLite
		// has no sleep, and its slow statements are too slow under -race.)
		if sleep, ok := map[string]string{testdb.Postgres: "SELECT pg_sleep(0.4)", testdb.MySQL: "SELECT SLEEP(0.4)"}[b.name]; ok {
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			tx := begin(t, eng)
			if _, err := tx.ExecSQL(ctx, sleep); err != nil {
				t.Errorf("a statement under the caller's longer deadline: %v", err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Error(err)
			}
		}
		if !connectionOK(t, eng) {
			t.Error("the engine does not work after the timeouts")
		}
	}, engine.WithStatementTimeout(200*time.Millisecond))
}
