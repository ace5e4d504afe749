package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// TestReturning runs an INSERT ... RETURNING through Query, where the
// dialect has it (MySQL proper does not; the compiler says so).
func TestReturning(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 0)
		ctx := t.Context()
		stmt := core.Insert(Items).
			Values(Items.ID.Set(1), Items.Name.Set("a"), Items.Qty.Set(2), Items.Note.SetNull()).
			Values(Items.ID.Set(2), Items.Name.Set("b"), Items.Qty.Set(3), Items.Note.SetNull()).
			Returning(Items.ID, Items.Qty)
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			res, err := tx.Query(ctx, stmt)
			if err != nil {
				return err
			}
			rows, err := res.All()
			if err == nil && fmt.Sprint(rows) != "[[1 2] [2 3]]" {
				err = fmt.Errorf("RETURNING rows %v", rows)
			}
			return err
		})
		if b.flavor == "mysql" {
			if !errors.Is(err, core.ErrUnsupported) {
				t.Errorf("RETURNING on MySQL: %v, want ErrUnsupported", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(t, eng); len(ids) != 2 {
			t.Errorf("ids %v after RETURNING insert", ids)
		}
	})
}

// TestKilledMidTransaction kills the server connection of an open
// transaction: the next statement fails, nothing of the transaction is
// committed, the connection does not go back into use, and the next
// transaction works.
func TestKilledMidTransaction(t *testing.T) {
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 0)
		ctx := t.Context()
		tx := begin(t, eng)
		if _, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(1), Items.Name.Set("a"), Items.Qty.Set(1), Items.Note.SetNull())); err != nil {
			t.Fatal(err)
		}
		killConnection(t, b, txConnectionID(t, tx, b.name))

		if _, err := tx.ExecSQL(ctx, "SELECT 1"); err == nil {
			t.Error("a statement on a killed connection succeeded")
		}
		if err := tx.Commit(ctx); err == nil {
			t.Error("Commit on a killed connection succeeded")
		}
		if ids := idsOf(t, eng); len(ids) != 0 {
			t.Errorf("the killed transaction's insert was committed: %v", ids)
		}
		if !connectionOK(t, eng) {
			t.Error("the engine does not work after the kill")
		}
	})
}

// TestConcurrent runs many transactions from many goroutines at once, more
// than the pool holds, so that some wait (under -race).
func TestConcurrent(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 10)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for range 40 {
			wg.Go(func() {
				errs <- eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					res, err := tx.Query(t.Context(), core.Select(Items.ID).From(Items))
					if err != nil {
						return err
					}
					ids, err := engine.Scalars[int64](res)
					if err == nil && len(ids) != 10 {
						err = fmt.Errorf("%d ids", len(ids))
					}
					time.Sleep(5 * time.Millisecond) // hold the connection
					return err
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if s := eng.Stats(); s.InUse != 0 || s.Waiting != 0 || s.Acquires < 40 || s.Open > 3 {
			t.Errorf("Stats() = %+v, want none in use or waiting, at most 3 open, 40+ acquires", s)
		}
	}, engine.WithPoolSize(2), engine.WithMaxOverflow(1))
}

// TestLostConnection kills a transaction's server connection at each
// stage of its life: before its first statement, between two runs of one
// (prepared) statement, in the middle of a result, of a stream, and
// before Commit. The statement that meets the dead connection returns the
// driver's error (once, a cached statement's rows came back empty and
// without error, which Scalars then took for a query of no columns); a
// result cut short says so rather than ending as if complete; nothing of
// the transaction is committed; and the pool's one connection is
// replaced for the next transaction.
func TestLostConnection(t *testing.T) {
	const million = `WITH d(i) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
		UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)
		SELECT a.i + 10*b.i + 100*c.i + 1000*e.i + 10000*f.i + 100000*g.i FROM d a, d b, d c, d e, d f, d g`
	insert := "INSERT INTO items (id, name, qty) VALUES (1, 'a', 1)"
	stages := []struct {
		name string
		// run runs the stage on tx, calling kill at its point, and
		// returns the error that shows the loss.
		run func(t *testing.T, tx *engine.Tx, kill func()) error
	}{
		{"before the first statement", func(t *testing.T, tx *engine.Tx, kill func()) error {
			kill()
			_, err := tx.ExecSQL(t.Context(), insert)
			return err
		}},
		{"between runs of a statement", func(t *testing.T, tx *engine.Tx, kill func()) error {
			if _, err := tx.ExecSQL(t.Context(), insert); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				res, err := tx.QuerySQL(t.Context(), "SELECT id, name FROM items")
				if err == nil {
					_, err = engine.Scalars[int64](res)
				}
				if err != nil {
					return err
				}
				kill()
			}
			t.Fatal("the statement on the dead connection succeeded")
			return nil
		}},
		{"in the middle of a result", func(t *testing.T, tx *engine.Tx, kill func()) error {
			return readKilled(t, tx, false, million, kill)
		}},
		{"in the middle of a stream", func(t *testing.T, tx *engine.Tx, kill func()) error {
			return readKilled(t, tx, true, million, kill)
		}},
		{"before Commit", func(t *testing.T, tx *engine.Tx, kill func()) error {
			if _, err := tx.ExecSQL(t.Context(), insert); err != nil {
				t.Fatal(err)
			}
			kill()
			return tx.Commit(t.Context())
		}},
	}
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 0)
		for _, stage := range stages {
			t.Run(stage.name, func(t *testing.T) {
				// The pool's one connection, idle: the Tx gets it.
				id := connectionID(t, eng, b.name)
				tx := begin(t, eng)
				err := stage.run(t, tx, func() { killConnection(t, b, id) })
				if !testdb.LostConnection(err) {
					t.Errorf("%v (%T): not the driver's lost connection", err, errors.Unwrap(err))
				}
				checkMessage(t, err)
				_ = tx.Rollback(t.Context())
				if ids := idsOf(t, eng); len(ids) != 0 {
					t.Errorf("the killed transaction's rows were committed: %v", ids)
				}
				if got := connectionID(t, eng, b.name); got == id {
					t.Errorf("the killed connection %d was reused", id)
				}
			})
		}
	}, engine.WithPoolSize(1), engine.WithMaxOverflow(0))
}

// readKilled reads one row of query (streamed through a cursor, or not),
// calls kill, and reads on: the Result must end with an error
// before the end of its million rows, which it returns.
func readKilled(t *testing.T, tx *engine.Tx, stream bool, query string, kill func()) error {
	t.Helper()
	res := queryOrStream(t, tx, stream, query)
	if !res.Next() {
		t.Fatal(res.Err())
	}
	kill()
	n := 1
	for res.Next() {
		n++
	}
	if res.Err() == nil {
		t.Errorf("the result ended after %d rows without an error", n)
	}
	if n == 1_000_000 {
		t.Errorf("all %d rows read from a killed connection", n)
	}
	return res.Err()
}

// TestResultEndedByTransaction commits or rolls back a transaction whose
// Result has read 1 of its 5,000 rows: reading on, the caller learns that
// the rows were cut short (once, Next was false and Err nil, as at the
// end of a complete read). A Result whose every row was read before the
// commit, though Next has not yet said so, ends without an error.
func TestResultEndedByTransaction(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 5000)
		for _, end := range []string{"Commit", "Rollback"} {
			for _, stream := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/stream=%v", end, stream), func(t *testing.T) {
					tx := begin(t, eng)
					res := queryOrStream(t, tx, stream, "SELECT id FROM items ORDER BY id")
					if !res.Next() {
						t.Fatal(res.Err())
					}
					finish(t, tx, end)
					n := 1
					for res.Next() {
						n++
					}
					if !errors.Is(res.Err(), engine.ErrTxDone) || n == 5000 {
						t.Errorf("after %s: %d rows read, Err() = %v; want fewer than 5000 and ErrTxDone", end, n, res.Err())
					}
					checkMessage(t, res.Err())

					tx = begin(t, eng)
					res = queryOrStream(t, tx, stream, "SELECT id FROM items WHERE id <= 2 ORDER BY id")
					for range 2 {
						if !res.Next() {
							t.Fatal(res.Err())
						}
					}
					finish(t, tx, end)
					if res.Next() || res.Err() != nil {
						t.Errorf("a Result read whole: Next() true or Err() = %v after %s", res.Err(), end)
					}
				})
			}
		}
	})
}

// finish commits or rolls back tx.
func finish(t *testing.T, tx *engine.Tx, how string) {
	t.Helper()
	var err error
	if how == "Commit" {
		err = tx.Commit(t.Context())
	} else {
		err = tx.Rollback(t.Context())
	}
	if err != nil {
		t.Fatalf("%s: %v", how, err)
	}
}

// checkMessage fails t if err's message repeats the package's prefix, as
// an engine error wrapped in a StatementError once did ("engine: engine:
// transaction already committed or rolled back").
func checkMessage(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "engine: engine:") {
		t.Errorf("doubled prefix: %v", err)
	}
}

// TestMySQLDriverLog: go-sql-driver/mysql's own log lines, which it would
// print to standard error at each lost connection, go to the engine's
// diagnostic logger at debug level.
func TestMySQLDriverLog(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.MySQL)
	buf := &testdb.LogBuffer{}
	eng := open(t, dsn, engine.WithPoolSize(1), engine.WithMaxOverflow(0),
		engine.WithDiagLogger(slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	tx := begin(t, eng)
	killConnection(t, backend{name: testdb.MySQL, dsn: dsn}, txConnectionID(t, tx, testdb.MySQL))
	if _, err := tx.ExecSQL(t.Context(), "SELECT 1"); err == nil {
		t.Fatal("a statement on a killed connection succeeded")
	}
	if !strings.Contains(buf.String(), "level=DEBUG msg=\"engine: mysql driver:") {
		t.Errorf("the driver's line is not in the engine's log: %q", buf.String())
	}
}

// TestMySQLCancelKillsQuery: a MySQL statement cut short by its context
// stops on the server too (KILL QUERY), not only in the client: the
// driver closes its connection and tells the server nothing, and the
// server ran a SLEEP(10) to its end, holding its locks meanwhile.
func TestMySQLCancelKillsQuery(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.MySQL)
	eng := open(t, dsn)
	watch := open(t, dsn)
	for _, via := range []string{"exec", "query"} {
		tag := fmt.Sprintf("retort_kill_%s_%d", via, time.Now().UnixNano())
		tx := begin(t, eng)
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		var err error
		if via == "exec" {
			_, err = tx.ExecSQL(ctx, "SELECT SLEEP(10) /* "+tag+" */")
		} else {
			var res *engine.Result
			if res, err = tx.QuerySQL(ctx, "SELECT SLEEP(10) /* "+tag+" */"); err == nil {
				_, err = res.All()
			}
		}
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want DeadlineExceeded", via, err)
		}
		_ = tx.Rollback(ctx)
		deadline := time.Now().Add(time.Second)
		for {
			var running []int64
			err := watch.Transaction(t.Context(), func(w *engine.Tx) error {
				res, err := w.QuerySQL(t.Context(), "SELECT id FROM information_schema.processlist WHERE info LIKE ? AND id <> CONNECTION_ID()", "%"+tag+"%")
				if err != nil {
					return err
				}
				running, err = engine.Scalars[int64](res)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(running) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s: the cancelled statement still runs on the server (ids %v) a second later", via, running)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
