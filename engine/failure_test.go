package engine_test

import (
	"errors"
	"fmt"
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
		query := map[string]string{testdb.Postgres: "SELECT pg_backend_pid()", testdb.MySQL: "SELECT CONNECTION_ID()"}[b.name]
		res, err := tx.QuerySQL(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := engine.Scalars[int64](res)
		if err != nil {
			t.Fatal(err)
		}
		kill := map[string]string{
			testdb.Postgres: fmt.Sprintf("SELECT pg_terminate_backend(%d)", ids[0]),
			testdb.MySQL:    fmt.Sprintf("KILL %d", ids[0]),
		}[b.name]
		killer := open(t, b.dsn)
		if err := killer.Transaction(ctx, func(k *engine.Tx) error {
			res, err := k.QuerySQL(ctx, kill)
			if err != nil {
				return err
			}
			return res.Close()
		}); err != nil {
			t.Fatalf("%s: %v", kill, err)
		}
		time.Sleep(50 * time.Millisecond)

		if _, err := tx.ExecSQL(ctx, "SELECT 1"); err == nil {
			t.Error("a statement on a killed connection succeeded")
		}
		if err := tx.Commit(); err == nil {
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
