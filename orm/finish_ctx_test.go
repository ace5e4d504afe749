package orm_test

import (
	"context"
	"errors"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/orm"
)

// TestCommitUnderDoneContext: Session.Commit flushes and commits under
// the context it is given. Under a done one it writes nothing and returns
// the context's error: with pending objects the flush fails (and the
// session then needs Rollback), with everything flushed the COMMIT does
// (and the session takes the transaction as rolled back). Rollback under a
// done context sets the objects back all the same. No connection stays
// checked out.
func TestCommitUnderDoneContext(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		done, cancel := context.WithCancel(ctx)
		cancel()
		s := w.f.New()
		defer s.Close()

		// Pending: the flush fails.
		g := &chinook.Genre{GenreID: 1, Name: ptr("pending")}
		if err := s.Add(g); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(done); !errors.Is(err, context.Canceled) {
			t.Fatalf("Commit with a pending object under a cancelled context: %v, want context.Canceled", err)
		}
		if err := s.Rollback(done); err != nil {
			t.Logf("Rollback under a cancelled context: %v", err)
		}
		if st := inspect(t, s, g); st != orm.Transient {
			t.Errorf("the object after the rollback: %v, want Transient", st)
		}

		// Flushed: COMMIT itself fails.
		g = &chinook.Genre{GenreID: 2, Name: ptr("flushed")}
		if err := s.Add(g); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(done); !errors.Is(err, context.Canceled) {
			t.Fatalf("Commit of a flushed object under a cancelled context: %v, want context.Canceled", err)
		}
		if st := inspect(t, s, g); st != orm.Transient {
			t.Errorf("the object after the failed COMMIT: %v, want Transient", st)
		}
		if n := w.count(t, "genre"); n != 0 {
			t.Errorf("%d genres after Commits under a cancelled context, want 0", n)
		}
		if s := w.eng.Stats(); s.InUse != 0 {
			t.Errorf("Stats() = %+v, want no connection in use", s)
		}

		// The session goes on.
		if err := s.Add(&chinook.Genre{GenreID: 3, Name: ptr("committed")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "genre"); n != 1 {
			t.Errorf("%d genres after a Commit, want 1", n)
		}
	})
}
