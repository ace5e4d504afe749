package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// TestFinishUnderDoneContext: Commit and Rollback take the context they
// run under. A Commit whose context is done commits nothing and returns
// the context's error; a Rollback whose context is done sends nothing, and
// the connection, closed rather than returned inside a transaction, takes
// the transaction with it. Either way the Tx is finished, nothing of it is
// committed, no connection stays checked out, and the next transaction
// runs on a clean connection. A savepoint's release and rollback likewise.
func TestFinishUnderDoneContext(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createItems(t, eng, 0)
		ctx := t.Context()
		done, cancel := context.WithCancel(ctx)
		cancel()
		insert := func(tx *engine.Tx, id int64) {
			t.Helper()
			_, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set("x"), Items.Qty.Set(1), Items.Note.SetNull()))
			if err != nil {
				t.Fatalf("insert %d: %v", id, err)
			}
		}
		finished := func(what string, tx *engine.Tx) {
			t.Helper()
			if _, err := tx.ExecSQL(ctx, "SELECT 1"); !errors.Is(err, engine.ErrTxDone) {
				t.Errorf("%s: a statement after it: %v, want ErrTxDone", what, err)
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Errorf("%s: Rollback after it: %v, want nil", what, err)
			}
			if s := eng.Stats(); s.InUse != 0 {
				t.Errorf("%s: Stats() = %+v, want no connection in use", what, s)
			}
		}

		tx, err := eng.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(tx, 1)
		if err := tx.Commit(done); !errors.Is(err, context.Canceled) {
			t.Errorf("Commit under a cancelled context: %v, want context.Canceled", err)
		}
		finished("Commit", tx)

		tx, err = eng.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(tx, 2)
		if err := tx.Rollback(done); err != nil {
			t.Logf("Rollback under a cancelled context: %v", err)
		}
		finished("Rollback", tx)

		// A savepoint: its release under a done context fails and leaves
		// the savepoint open, to be rolled back to; a rollback to it under
		// a done context sends nothing, and leaves the transaction whole
		// but unusable where the connection went with it.
		tx, err = eng.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(tx, 3)
		sp, err := tx.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		insert(sp, 4)
		if err := sp.Commit(done); err == nil {
			t.Error("a savepoint's release under a cancelled context succeeded")
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Logf("Rollback after the failed release: %v", err)
		}
		finished("savepoint", tx)

		if ids := idsOf(t, eng); len(ids) != 0 {
			t.Errorf("rows after every transaction failed or rolled back: %v, want none", ids)
		}
		// The pool serves a clean connection.
		tx = begin(t, eng)
		insert(tx, 5)
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(t, eng); len(ids) != 1 || ids[0] != 5 {
			t.Errorf("rows after a commit: %v, want [5]", ids)
		}
	})
}
