package orm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// TestAddDetached: Add of an object the session let go with Expunge
// reattaches it, as SQLAlchemy's add does a detached object: it is
// persistent again, and the commit sends an UPDATE of what changed while
// it was detached, where it sent an INSERT that failed on the duplicate
// key. When the session has since loaded another object for the key, Add
// refuses with ErrDetached, pointing to Merge, and sends nothing.
func TestAddDetached(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		dept := &shop.Department{Name: "ops"}
		ann := &shop.User{Email: "ann@example.com", Department: dept, Orders: []*shop.Order{{Status: "new"}}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(ann) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		u, err := orm.Get[shop.User](ctx, s, ann.ID) // its orders load by select-in
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(u); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, u); st != orm.Detached {
			t.Fatalf("expunged: %v", st)
		}
		u.Email = "ann@example.org"
		w.rec.Reset()
		if err := s.Add(u); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, u); st != orm.Persistent {
			t.Errorf("added back: %v, want persistent", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("Commit of a reattached object: %v", err)
		}
		if got := strings.Join(w.rec.SQL(), "\n"); !strings.HasPrefix(got, "UPDATE users SET email") || len(w.rec.SQL()) != 1 {
			t.Errorf("the commit sent:\n%s\nwant one UPDATE of the email", got)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT email FROM users")
		if err != nil || len(rows) != 1 || rows[0][0] != "ann@example.org" {
			t.Errorf("users: %v %v", rows, err)
		}
		if n := w.count(t, "orders"); n != 1 {
			t.Errorf("%d orders, want the one", n)
		}

		// Let go again, and its key loaded anew into another object:
		// the session cannot hold both.
		if err := s.Expunge(u); err != nil {
			t.Fatal(err)
		}
		other, err := orm.Get[shop.User](ctx, s, ann.ID)
		if err != nil || other == u {
			t.Fatalf("Get after Expunge: %v", err)
		}
		u.IsActive = true
		w.rec.Reset()
		err = s.Add(u)
		if !errors.Is(err, orm.ErrDetached) || !strings.Contains(err.Error(), "orm.Merge") || !strings.Contains(err.Error(), "shop.User [") {
			t.Errorf("Add of a detached object whose key the session holds: %v; want ErrDetached naming the object and Merge", err)
		}
		if st := inspect(t, s, u); st != orm.Detached {
			t.Errorf("after the refused Add: %v, want detached", st)
		}
		merged, err := orm.Merge(ctx, s, u)
		if err != nil || merged != other || !other.IsActive {
			t.Fatalf("Merge: %v", err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.HasPrefix(sql[0], "UPDATE users SET is_active") {
			t.Errorf("the commit sent %q, want one UPDATE", sql)
		}
	})
}

// TestAddDetachedWithoutRow: an object let go while it had no row in the
// database goes back to being inserted: one expunged while pending, one
// whose INSERT was rolled back after it was expunged (or expunged and
// added back), one deleted and committed.
func TestAddDetachedWithoutRow(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		dept := &shop.Department{Name: "ops"}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(dept) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		pending := &shop.User{Email: "pending@example.com", DepartmentID: dept.ID}
		if err := s.Add(pending); err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(pending); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(pending); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, pending); st != orm.Pending {
			t.Errorf("an object expunged while pending, added back: %v, want pending", st)
		}

		rolled := &shop.User{Email: "rolled@example.com", DepartmentID: dept.ID}
		back := &shop.User{Email: "back@example.com", DepartmentID: dept.ID}
		if err := s.AddAll(rolled, back); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(rolled); err != nil {
			t.Fatal(err)
		}
		if err := s.Expunge(back); err != nil {
			t.Fatal(err)
		}
		if err := s.Add(back); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, back); st != orm.Persistent {
			t.Errorf("flushed, expunged, added back: %v, want persistent", st)
		}
		if err := s.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, rolled); st != orm.Transient {
			t.Errorf("expunged, then its INSERT rolled back: %v, want transient", st)
		}
		if st := inspect(t, s, back); st != orm.Transient {
			t.Errorf("expunged, added back, then its INSERT rolled back: %v, want transient", st)
		}
		if err := s.AddAll(pending, rolled, back); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "users"); n != 3 {
			t.Errorf("%d users, want 3", n)
		}

		if err := s.Delete(rolled); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, rolled); st != orm.Detached {
			t.Errorf("deleted and committed: %v, want detached", st)
		}
		if err := s.Add(rolled); err != nil {
			t.Fatal(err)
		}
		if st := inspect(t, s, rolled); st != orm.Pending {
			t.Errorf("deleted, committed, added back: %v, want pending", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "users"); n != 3 {
			t.Errorf("%d users, want 3 once the deleted one is added back", n)
		}
	})
}

// TestAddLoadedElsewhere: an object loaded by another session, or let go
// by Close, is unknown to the session it is added to, which inserts it;
// the database refuses the duplicate primary key, and the error, still a
// unique violation, says to copy the object in with Merge.
func TestAddLoadedElsewhere(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		dept := &shop.Department{Name: "ops"}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(dept) }); err != nil {
			t.Fatal(err)
		}
		other := w.f.New()
		loaded, err := orm.Get[shop.Department](ctx, other, dept.ID)
		if err != nil {
			t.Fatal(err)
		}
		other.Close()
		loaded.Name = "ops (renamed)"
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(loaded) })
		if !errors.Is(err, engine.ErrUniqueViolation) || !strings.Contains(fmt.Sprint(err), "copy it into this session with orm.Merge") {
			t.Fatalf("Add of an object another session loaded: %v, want a unique violation that points to Merge", err)
		}
		// A unique violation of another constraint says nothing of Merge.
		a := &shop.User{Email: "same@example.com", DepartmentID: dept.ID}
		b := &shop.User{Email: "same@example.com", DepartmentID: dept.ID}
		err = w.f.Transaction(ctx, func(s *orm.Session) error { return errors.Join(s.Add(a), s.Add(b)) })
		if !errors.Is(err, engine.ErrUniqueViolation) || strings.Contains(fmt.Sprint(err), "Merge") {
			t.Errorf("two users with one email: %v, want a plain unique violation", err)
		}
		// Merge is the way.
		err = w.f.Transaction(ctx, func(s *orm.Session) error {
			_, err := orm.Merge(ctx, s, loaded)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		if d, err := orm.Get[shop.Department](ctx, s, dept.ID); err != nil || d.Name != "ops (renamed)" {
			t.Errorf("after Merge: %+v, %v", d, err)
		}
	})
}
