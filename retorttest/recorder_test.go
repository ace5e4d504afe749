package retorttest_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/retorttest"
)

func TestRecorder(t *testing.T) {
	for _, backend := range []string{testdb.SQLite, testdb.Postgres, testdb.MySQL} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			dsn, _ := testdb.EngineDSN(t, backend)
			rec := retorttest.NewRecorder()
			eng, err := engine.Open(ctx, dsn, rec.Option())
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			ph := "?"
			if backend == testdb.Postgres {
				ph = "$1"
			}
			err = eng.Transaction(ctx, func(tx *engine.Tx) error {
				if _, err := tx.ExecSQL(ctx, "CREATE TABLE r (id BIGINT PRIMARY KEY)"); err != nil {
					return err
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			rec.Reset()
			err = eng.Transaction(ctx, func(tx *engine.Tx) error {
				for i := range 3 {
					if _, err := tx.ExecSQL(ctx, "INSERT INTO r (id) VALUES ("+ph+")", int64(i)); err != nil {
						return err
					}
				}
				return tx.Savepoint(ctx, func(sp *engine.Tx) error {
					res, err := sp.QuerySQL(ctx, "SELECT id FROM r")
					if err != nil {
						return err
					}
					_, err = res.All()
					return err
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			insert := "INSERT INTO r (id) VALUES (" + ph + ")"
			want := []string{insert, insert, insert, "SAVEPOINT retort_sp_1", "SELECT id FROM r", "RELEASE SAVEPOINT retort_sp_1"}
			if got := rec.SQL(); !slices.Equal(got, want) {
				t.Errorf("SQL() = %q, want %q", got, want)
			}
			if n := rec.Count(); n != 6 {
				t.Errorf("Count() = %d, want 6", n)
			}
			st := rec.Statements()
			if st[1].Kind != engine.KindExec || !slices.Equal(st[1].Args, []any{int64(1)}) || st[1].Rows != 1 || !st[1].Done {
				t.Errorf("second statement = %+v", st[1])
			}
			if st[4].Kind != engine.KindQuery || st[4].Rows != 3 || st[3].Kind != engine.KindSavepoint {
				t.Errorf("statements = %+v", st)
			}
			if ops := rec.TxOps(); !slices.Equal(ops, []engine.TxOp{engine.TxBegin, engine.TxCommit}) {
				t.Errorf("TxOps() = %v", ops)
			}
			rec.Reset()
			if rec.Count() != 0 || len(rec.TxOps()) != 0 {
				t.Error("Reset left statements")
			}
		})
	}
}

// TestRecorderConcurrent runs statements on several goroutines under
// -race, with a Reset among them.
func TestRecorderConcurrent(t *testing.T) {
	ctx := t.Context()
	rec := retorttest.NewRecorder()
	eng, err := engine.Open(ctx, "sqlite:"+t.TempDir()+"/c.db")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	eng.AddTracer(rec)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10 {
				err := eng.Transaction(ctx, func(tx *engine.Tx) error {
					_, err := tx.ExecSQL(ctx, "SELECT 1")
					return err
				})
				if err != nil {
					t.Error(err)
				}
				_ = rec.Statements()
			}
		})
	}
	wg.Go(rec.Reset)
	wg.Wait()
	if n := rec.Count(); n > 80 {
		t.Errorf("Count() = %d, more than the 80 statements run", n)
	}
	rec.Reset()
	if !connectionOK(ctx, eng) || rec.Count() != 1 {
		t.Errorf("Count() = %d after one statement", rec.Count())
	}
}

func connectionOK(ctx context.Context, eng *engine.Engine) bool {
	return eng.Transaction(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(ctx, "SELECT 1")
		return err
	}) == nil
}

// A test asserts the statements a piece of code issues.
func ExampleRecorder() {
	ctx := context.Background()
	rec := retorttest.NewRecorder()
	eng, err := engine.Open(ctx, "sqlite::memory:", rec.Option())
	if err != nil {
		panic(err)
	}
	defer eng.Close()

	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.ExecSQL(ctx, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"); err != nil {
			return err
		}
		_, err := tx.ExecSQL(ctx, "INSERT INTO users (id, name) VALUES (?, ?)", 1, "ada")
		return err
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(rec.Count(), "statements:")
	for _, s := range rec.Statements() {
		fmt.Println(s.Kind, s.SQL, s.Args, "rows:", s.Rows)
	}
	fmt.Println(rec.TxOps())
	// Output:
	// 2 statements:
	// exec CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT) [] rows: 0
	// exec INSERT INTO users (id, name) VALUES (?, ?) [1 ada] rows: 1
	// [BEGIN COMMIT]
}
