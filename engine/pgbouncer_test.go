package engine_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// pgBouncerModes are pgx's exec modes that work through PgBouncer in
// transaction pooling mode (engine/pgx's package doc says why the others
// do not).
var pgBouncerModes = []string{"exec", "simple_protocol", "cache_describe"}

// TestPgBouncerTransactionPooling runs the engine through a real PgBouncer
// in transaction pooling mode, whose four server connections 16 clients
// share, so that consecutive transactions of one engine connection run on
// different server connections. Each client's transactions send BEGIN
// with their first statement, stream through a server-side cursor, roll a
// savepoint back and commit; every committed row, and no other, must be
// there at the end. A refused first statement fails its transaction, and
// an Autocommit Tx's statements commit each on their own. The session's
// TimeZone, a startup parameter that PgBouncer carries over to every
// server connection, is UTC.
func TestPgBouncerTransactionPooling(t *testing.T) {
	for _, mode := range pgBouncerModes {
		t.Run(mode, func(t *testing.T) {
			_, dsn := testdb.OpenPgBouncer(t, mode)
			eng := open(t, dsn, engine.WithPoolSize(16))
			ctx := t.Context()
			createItems(t, eng, 0)

			const clients, perClient = 16, 5
			var wg sync.WaitGroup
			for c := range clients {
				wg.Go(func() {
					for i := range perClient {
						if err := pgBouncerTx(t, eng, int64(c*100+i)); err != nil {
							t.Errorf("client %d, transaction %d: %v", c, i, err)
							return
						}
					}
				})
			}
			wg.Wait()
			if n := countItems(t, eng); n != clients*perClient {
				t.Errorf("%d rows committed, want %d", n, clients*perClient)
			}

			tx := begin(t, eng)
			if _, err := tx.ExecSQL(ctx, "SELEC 1"); testdb.ErrorCode(err) != "42601" {
				t.Errorf("a syntax error: %v, want 42601", err)
			}
			if _, err := tx.ExecSQL(ctx, "INSERT INTO items (id, name, qty) VALUES (-1, 'x', 1)"); testdb.ErrorCode(err) != "25P02" {
				t.Errorf("a statement after a refused first one: %v, want 25P02", err)
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Errorf("Rollback: %v", err)
			}

			auto := begin(t, eng, engine.WithAutocommit(true))
			for _, id := range []int64{-2, -3} {
				if _, err := auto.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set("auto"), Items.Qty.Set(1), Items.Note.SetNull())); err != nil {
					t.Fatal(err)
				}
			}
			if err := auto.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			if n := countItems(t, eng); n != clients*perClient+2 {
				t.Errorf("%d rows after two Autocommit inserts, want %d", n, clients*perClient+2)
			}

			tx = begin(t, eng)
			res, err := tx.QuerySQL(ctx, "SHOW TimeZone")
			if err != nil {
				t.Fatal(err)
			}
			if tz, err := engine.Scalars[string](res); err != nil || len(tz) != 1 || tz[0] != "UTC" {
				t.Errorf("TimeZone through PgBouncer: %v, %v; want UTC", tz, err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// pgBouncerTx inserts id and id+50 (the second in a savepoint rolled
// back), checks through a cursor of batch 1 that it sees its row, and
// commits.
func pgBouncerTx(t *testing.T, eng *engine.Engine, id int64) error {
	ctx := t.Context()
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set(fmt.Sprint("item-", id)), Items.Qty.Set(id), Items.Note.SetNull())); err != nil {
			return err
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		if _, err := sp.ExecSQL(ctx, "INSERT INTO items (id, name, qty) VALUES ($1, $2, $3)", id+50, "undone", 0); err != nil {
			return err
		}
		if err := sp.Rollback(ctx); err != nil {
			return err
		}
		res, err := tx.Stream(ctx, 1, core.Select(Items.ID).From(Items).Where(core.Or(Items.ID.Eq(id), Items.ID.Eq(id+50))))
		if err != nil {
			return err
		}
		ids, err := engine.Scalars[int64](res)
		if err != nil {
			return err
		}
		if len(ids) != 1 || ids[0] != id {
			return fmt.Errorf("the transaction sees ids %v, want [%d]", ids, id)
		}
		return nil
	})
}
