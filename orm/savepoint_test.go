package orm_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// duplicateKey is each backend's code for a duplicate primary key.
var duplicateKey = map[string]string{testdb.SQLite: "1555", testdb.Postgres: "23505", testdb.MySQL: "1062"}

// genreRows returns the genres' ids and names, in id order, read outside
// any session.
func (w *world) genreRows(t *testing.T) string {
	t.Helper()
	rows, err := w.db.QueryStrings(t.Context(), "SELECT genre_id, COALESCE(name, '-') FROM genre ORDER BY genre_id")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r[0]+":"+r[1])
	}
	return strings.Join(out, " ")
}

// TestFailedFlushInSavepoint: a flush that fails inside Session.Savepoint
// (a duplicate key) rolls back to the savepoint only, as SQLAlchemy's
// begin_nested does: the work flushed before the savepoint stays, the
// session goes on in the enclosing transaction and commits. The objects
// the savepoint inserted (by an earlier flush in it, or the failed one)
// are transient again, the one it deleted persistent, and no ROLLBACK of
// the whole transaction is sent.
func TestFailedFlushInSavepoint(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		before, doomed := &chinook.Genre{GenreID: 1, Name: ptr("before")}, &chinook.Genre{GenreID: 2, Name: ptr("doomed")}
		if err := s.AddAll(before, doomed); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		inside, dup := &chinook.Genre{GenreID: 3, Name: ptr("inside")}, &chinook.Genre{GenreID: 1, Name: ptr("duplicate")}
		w.rec.Reset()
		err := s.Savepoint(ctx, func() error {
			if err := s.Add(inside); err != nil {
				return err
			}
			if err := s.Delete(doomed); err != nil {
				return err
			}
			if err := s.Flush(ctx); err != nil {
				return err
			}
			before.Name = ptr("changed inside")
			if err := s.Add(dup); err != nil {
				return err
			}
			return s.Flush(ctx)
		})
		if code := testdb.ErrorCode(err); code != duplicateKey[w.backend] {
			t.Fatalf("Transaction: %v (code %q), want the duplicate key's error", err, code)
		}
		for _, c := range []struct {
			name string
			obj  *chinook.Genre
			want orm.State
		}{{"flushed before", before, orm.Persistent}, {"deleted inside", doomed, orm.Persistent},
			{"inserted inside", inside, orm.Transient}, {"the duplicate", dup, orm.Transient}} {
			if st := inspect(t, s, c.obj); st != c.want {
				t.Errorf("%s: %v after the savepoint's rollback, want %v", c.name, st, c.want)
			}
		}
		// The enclosing transaction goes on: a query, more work, a commit.
		held, err := orm.Get[chinook.Genre](ctx, s, int32(1))
		if err != nil || held != before || *before.Name != "before" {
			t.Errorf("Get(1) = %p %q (%v), want the expired object refreshed to \"before\"", held, *before.Name, err)
		}
		if err := s.Add(&chinook.Genre{GenreID: 4, Name: ptr("after")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("Commit after the savepoint's rollback: %v", err)
		}
		if got, want := w.genreRows(t), "1:before 2:doomed 4:after"; got != want {
			t.Errorf("genres %q, want %q", got, want)
		}
		if ops := w.rec.TxOps(); !slices.Equal(ops, []engine.TxOp{engine.TxCommit}) {
			t.Errorf("transaction operations %v, want the commit only", ops)
		}
		var savepoints []string
		for _, sql := range w.rec.SQL() {
			if strings.Contains(sql, "SAVEPOINT") {
				savepoints = append(savepoints, strings.Fields(sql)[0])
			}
		}
		if got := strings.Join(savepoints, " "); got != "SAVEPOINT ROLLBACK" {
			t.Errorf("savepoint statements %q, want SAVEPOINT then ROLLBACK TO SAVEPOINT", got)
		}
	})
}

// TestFailedReleaseFlushInSavepoint: Session.Savepoint's last flush, at
// the release, fails: it rolls back to the savepoint too, and the session
// goes on. With BeginNested, the session refuses work after such a flush,
// naming RollbackNested, until RollbackNested ends the nested transaction.
func TestFailedReleaseFlushInSavepoint(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		if err := s.Add(&chinook.Genre{GenreID: 1, Name: ptr("before")}); err != nil {
			t.Fatal(err)
		}
		err := s.Savepoint(ctx, func() error { return s.Add(&chinook.Genre{GenreID: 1, Name: ptr("duplicate")}) })
		if code := testdb.ErrorCode(err); code != duplicateKey[w.backend] {
			t.Fatalf("Transaction: %v (code %q), want the duplicate key's error", err, code)
		}

		if err := s.BeginNested(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAll(&chinook.Genre{GenreID: 2, Name: ptr("nested")}, &chinook.Genre{GenreID: 1, Name: ptr("duplicate")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err == nil {
			t.Fatal("the flush of a duplicate key succeeded")
		}
		_, err = orm.All(ctx, s, orm.Select[chinook.Genre]())
		if !errors.Is(err, orm.ErrNeedsRollback) || !strings.Contains(err.Error(), "call RollbackNested") {
			t.Errorf("query after a failed flush in a savepoint: %v, want ErrNeedsRollback naming RollbackNested", err)
		}
		if err := s.Commit(ctx); !errors.Is(err, orm.ErrNeedsRollback) {
			t.Errorf("Commit with the failed savepoint open: %v, want ErrNeedsRollback", err)
		}
		if err := s.RollbackNested(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(&chinook.Genre{GenreID: 3, Name: ptr("after")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := w.genreRows(t), "1:before 3:after"; got != want {
			t.Errorf("genres %q, want %q", got, want)
		}
	})
}
