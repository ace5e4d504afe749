package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// newUsers returns users from..to of department 1, with their keys set
// when keyed: a million above the number, clear of the keys PostgreSQL's
// identity draws (it does not see keys set by the program).
const keyBase = 1_000_000

func newUsers(from, to int64, keyed bool) []any {
	var out []any
	for i := from; i <= to; i++ {
		u := &shop.User{Email: fmt.Sprintf("u%d@x", i), DepartmentID: 1, IsActive: i%2 == 0,
			CreatedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)}
		if keyed {
			u.ID = keyBase + i
		}
		out = append(out, u)
	}
	return out
}

// TestFlushBulkInsert: a flush of 10,000 new objects whose keys the
// program set goes, on PostgreSQL, as one COPY (one statement event, of
// KindCopy), and elsewhere as INSERTs within the parameter limit; the
// rows read back. Objects whose keys the database generates still go by
// INSERT ... RETURNING (PostgreSQL, SQLite) and get their keys, and a
// duplicate key among the 10,000 fails the flush with
// ErrUniqueViolation and the hint to Merge, committing nothing.
func TestFlushBulkInsert(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.Add(&shop.Department{ID: 1, Name: "d"})
		})
		if err != nil {
			t.Fatal(err)
		}
		const n = 10_000

		// A duplicate key mid-way.
		users := newUsers(1, n, true)
		users[7000].(*shop.User).ID = keyBase + 3
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			if err := s.AddAll(users...); err != nil {
				return err
			}
			return s.Flush(ctx)
		})
		if !errors.Is(err, engine.ErrUniqueViolation) || !strings.Contains(err.Error(), "orm.Merge") {
			t.Fatalf("flush with a duplicate key: %v, want ErrUniqueViolation with the hint to Merge", err)
		}
		if got := countUsers(t, w); got != 0 {
			t.Fatalf("%d users committed after the failed flush, want 0", got)
		}

		w.rec.Reset()
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			if err := s.AddAll(newUsers(1, n, true)...); err != nil {
				return err
			}
			return s.Flush(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		var sent []string
		for _, st := range w.rec.Statements() {
			sent = append(sent, fmt.Sprintf("%s %.40s rows=%d", st.Kind, st.SQL, st.Rows))
		}
		if w.backend == testdb.Postgres {
			st := w.rec.Statements()
			if len(st) != 1 || st[0].Kind != engine.KindCopy || st[0].Rows != n || !strings.HasPrefix(st[0].SQL, "COPY users ") {
				t.Errorf("statements sent: %q, want one COPY of %d rows", sent, n)
			}
		} else {
			per := w.eng.Dialect().MaxParameters / 5
			if len(sent) != (n+per-1)/per {
				t.Errorf("statements sent: %q, want INSERTs of %d rows", sent, per)
			}
			for _, st := range w.rec.Statements() {
				if st.Kind != engine.KindExec || !strings.HasPrefix(st.SQL, "INSERT INTO users ") || len(st.Args) > w.eng.Dialect().MaxParameters {
					t.Errorf("statement %s %.40s with %d args, want an INSERT within the limit", st.Kind, st.SQL, len(st.Args))
				}
			}
		}
		if got := countUsers(t, w); got != n {
			t.Fatalf("%d users, want %d", got, n)
		}
		s := w.f.New()
		u, err := orm.Get[shop.User](ctx, s, int64(keyBase+4321))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := newUsers(4321, 4321, true)[0].(*shop.User)
		if u.Email != want.Email || u.IsActive != want.IsActive || !u.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("user 4321 read back as %+v, want %+v", u, want)
		}

		// Generated keys: read back, by INSERT ... RETURNING where the
		// database has it.
		w.rec.Reset()
		fresh := newUsers(n+1, n+300, false)
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(fresh...) })
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range w.rec.Statements() {
			if st.Kind == engine.KindCopy {
				t.Errorf("COPY sent for objects whose keys are generated: %s", st.SQL)
			}
		}
		for _, o := range fresh {
			if id := o.(*shop.User).ID; id == 0 || id > keyBase && id <= keyBase+n {
				t.Fatalf("generated key %d", o.(*shop.User).ID)
			}
		}
	})
}

func countUsers(t *testing.T, w *world) int64 {
	t.Helper()
	var n int64
	err := w.eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.Query(t.Context(), core.Select(core.CountAll()).From(shop.Users.Table))
		if err != nil {
			return err
		}
		ns, err := engine.Scalars[int64](res)
		if err == nil {
			n = ns[0]
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
