package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// sessionState prints what New, Dirty and Deleted return: the objects'
// types and keys (or emails, for users, whose keys vary by backend).
func sessionState(t *testing.T, s *orm.Session) string {
	t.Helper()
	name := func(obj any) string {
		switch o := obj.(type) {
		case *shop.User:
			return "user " + o.Email
		case *shop.Order:
			return fmt.Sprintf("order %s %g", o.Status, o.Total)
		case *shop.Department:
			return "department " + o.Name
		case *shop.Item:
			return "item " + o.SKU
		}
		return fmt.Sprintf("%T", obj)
	}
	var parts []string
	for _, list := range []struct {
		what string
		get  func() ([]any, error)
	}{{"new", s.New}, {"dirty", s.Dirty}, {"deleted", s.Deleted}} {
		objs, err := list.get()
		if err != nil {
			t.Fatalf("%s: %v", list.what, err)
		}
		var names []string
		for _, o := range objs {
			names = append(names, name(o))
		}
		parts = append(parts, list.what+" ["+strings.Join(names, ", ")+"]")
	}
	return strings.Join(parts, " ")
}

// changes prints Changes(obj): each field with its old and new value, a
// collection as its length.
func changes(t *testing.T, s *orm.Session, obj any) string {
	t.Helper()
	cs, err := s.Changes(obj)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	show := func(v any) string {
		switch x := v.(type) {
		case []*shop.Order:
			return fmt.Sprintf("%d orders", len(x))
		case *shop.Department:
			if x == nil {
				return "nil"
			}
			return x.Name
		}
		return fmt.Sprint(v)
	}
	for _, c := range cs {
		out = append(out, c.Field+": "+show(c.Old)+" -> "+show(c.New))
	}
	return strings.Join(out, "; ")
}

// TestSessionState: New, Dirty, Deleted, IsModified and Changes report
// what the next flush writes, on each backend: nothing after a load (the
// loaders' back-references and many-to-one targets are no change), a
// changed column, a collection appended to without Add (the cascaded
// object is new), a many-to-one set to another object, a Delete; nothing
// again after the flush; a FlagModified column with its value unchanged.
func TestSessionState(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		u, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")).Options(
			orm.SelectInLoad(shop.Users.Department), orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
		if err != nil {
			t.Fatal(err)
		}
		const clean = "new [] dirty [] deleted []"
		if got := sessionState(t, s); got != clean {
			t.Errorf("after loading: %s, want %s", got, clean)
		}
		if mod, err := s.IsModified(u); err != nil || mod {
			t.Errorf("IsModified after loading: %v, %v", mod, err)
		}

		u.Email = "z@x"
		if got, want := sessionState(t, s), "new [] dirty [user z@x] deleted []"; got != want {
			t.Errorf("after a column changed: %s, want %s", got, want)
		}
		if got, want := changes(t, s, u), "Email: a@x -> z@x"; got != want {
			t.Errorf("Changes: %s, want %s", got, want)
		}
		u.Email = "a@x"
		if got := sessionState(t, s); got != clean {
			t.Errorf("a column set back to its value: %s, want %s", got, clean)
		}

		u.Orders = append(u.Orders, &shop.Order{CreatedAt: u.CreatedAt, Total: 9, Status: "new"})
		dept := &shop.Department{Name: "support"}
		u.Department = dept
		if err := s.Delete(u.Orders[0]); err != nil {
			t.Fatal(err)
		}
		// New in the cascade's order (the user's relationships in
		// field order); the order's Delete cascades to its items.
		want := "new [department support, order new 9] dirty [user a@x] deleted [item sku-2-0, item sku-2-1, order paid 2]"
		if got := sessionState(t, s); got != want {
			t.Errorf("after an append, a new department and a delete: %s, want %s", got, want)
		}
		if got, want := changes(t, s, u), "Department: sales -> support; Orders: 2 orders -> 3 orders"; got != want {
			t.Errorf("Changes: %s, want %s", got, want)
		}
		for _, pending := range []any{dept, u.Orders[2]} {
			if mod, err := s.IsModified(pending); err != nil || !mod {
				t.Errorf("IsModified of a pending %T: %v, %v; want true", pending, mod, err)
			}
			if _, err := s.Changes(pending); err == nil || !strings.Contains(err.Error(), "is pending") {
				t.Errorf("Changes of a pending %T: %v", pending, err)
			}
		}
		if cs, err := s.Changes(u.Orders[0]); err != nil || len(cs) != 0 {
			t.Errorf("Changes of an object marked for deletion: %v, %v; want none", cs, err)
		}

		w.rec.Reset()
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := sessionState(t, s); got != clean {
			t.Errorf("after the flush: %s, want %s", got, clean)
		}
		if mod, err := s.IsModified(u); err != nil || mod {
			t.Errorf("IsModified after the flush: %v, %v", mod, err)
		}
		if n := w.rec.Count(); n == 0 {
			t.Errorf("the flush sent nothing")
		}

		if err := orm.FlagModified(s, u, shop.Users.Email); err != nil {
			t.Fatal(err)
		}
		if got, want := changes(t, s, u), "Email: a@x -> a@x"; got != want {
			t.Errorf("Changes after FlagModified: %s, want %s", got, want)
		}
		if err := s.Expire(u); err != nil {
			t.Fatal(err)
		}
		if got := sessionState(t, s); got != clean {
			t.Errorf("an expired object is to be overwritten, not written: %s", got)
		}
	})
}

// TestSessionStateBadInput: objects the session does not hold, nils, a
// nil in a collection, and a read-only session, which keeps nothing to
// compare with.
func TestSessionStateBadInput(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		u, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")))
		if err != nil {
			t.Fatal(err)
		}
		for name, obj := range map[string]any{"transient": &shop.User{ID: u.ID}, "not mapped": new(int)} {
			if _, err := s.IsModified(obj); err == nil {
				t.Errorf("IsModified of a %s object: no error", name)
			}
			if _, err := s.Changes(obj); err == nil {
				t.Errorf("Changes of a %s object: no error", name)
			}
		}
		if _, err := s.Changes((*shop.User)(nil)); !errors.Is(err, orm.ErrNil) {
			t.Errorf("Changes(nil): %v, want ErrNil", err)
		}
		var none *orm.Session
		if _, err := none.Dirty(); !errors.Is(err, orm.ErrNil) {
			t.Errorf("Dirty of a nil session: %v, want ErrNil", err)
		}
		if err := none.NoAutoflush(func() error { return nil }); !errors.Is(err, orm.ErrNil) {
			t.Errorf("NoAutoflush of a nil session: %v, want ErrNil", err)
		}
		if err := s.NoAutoflush(nil); !errors.Is(err, orm.ErrNil) {
			t.Errorf("NoAutoflush(nil): %v, want ErrNil", err)
		}

		u.Orders = append(u.Orders, nil)
		if _, err := s.New(); !errors.Is(err, orm.ErrNil) || !strings.Contains(err.Error(), "User.Orders[2]") {
			t.Errorf("New with a nil in a collection: %v", err)
		}
		u.Orders = u.Orders[:2]
		if got := sessionState(t, s); got != "new [] dirty [] deleted []" {
			t.Errorf("after the refused New: %s", got)
		}

		ro := orm.NewSessionFactory(w.eng, orm.WithReadOnly(true)).New()
		defer ro.Close()
		ru, err := orm.One(ctx, ro, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")))
		if err != nil {
			t.Fatal(err)
		}
		ru.Email = "changed"
		if objs, err := ro.Dirty(); err != nil || len(objs) != 0 {
			t.Errorf("Dirty of a read-only session: %v, %v", objs, err)
		}
		if _, err := ro.IsModified(ru); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("IsModified in a read-only session: %v", err)
		}
	})
}

// TestNoAutoflush: a query inside NoAutoflush sends no INSERT of the
// pending object and does not find it; the next query outside flushes it.
// A panic in the block restores autoflush too.
func TestNoAutoflush(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		if err := s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Jazz")}); err != nil {
			t.Fatal(err)
		}
		genres := orm.Select[chinook.Genre]()
		err := s.NoAutoflush(func() error {
			gs, err := orm.All(ctx, s, genres)
			if err == nil && len(gs) != 0 {
				err = fmt.Errorf("found %d genres before the flush", len(gs))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(w.statements("INSERT")); n != 0 {
			t.Errorf("%d INSERTs inside NoAutoflush", n)
		}
		func() {
			defer func() { recover() }()
			s.NoAutoflush(func() error { panic("in the block") })
		}()
		if gs, err := orm.All(ctx, s, genres); err != nil || len(gs) != 1 {
			t.Errorf("the query after the block: %d genres, %v; want the flushed one", len(gs), err)
		}
		if n := len(w.statements("INSERT")); n != 1 {
			t.Errorf("%d INSERTs after the block, want 1", n)
		}
	})
}

// TestAutobeginOff: a session made WithAutobegin(false) sends nothing
// before Begin (a query and a Commit with work fail with
// ErrNoTransaction), works between Begin and Commit, and refuses again
// after; the factory's Transaction begins its own.
func TestAutobeginOff(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		genres := orm.Select[chinook.Genre]()
		if _, err := orm.All(ctx, s, genres); !errors.Is(err, orm.ErrNoTransaction) || !strings.Contains(err.Error(), "call Begin") {
			t.Errorf("a query before Begin: %v, want ErrNoTransaction", err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Errorf("Commit with nothing to write and no transaction: %v", err)
		}
		if err := s.Add(&chinook.Genre{GenreID: 1, Name: ptr("Jazz")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); !errors.Is(err, orm.ErrNoTransaction) {
			t.Errorf("Commit with an object to insert before Begin: %v, want ErrNoTransaction", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent without a transaction: %q", n, w.rec.SQL())
		}
		if err := s.Begin(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "genre"); n != 1 {
			t.Errorf("%d genres after Begin and Commit, want 1", n)
		}
		if _, err := orm.All(ctx, s, genres); !errors.Is(err, orm.ErrNoTransaction) {
			t.Errorf("a query after Commit: %v, want ErrNoTransaction", err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			_, err := orm.All(ctx, s, genres)
			return err
		})
		if err != nil {
			t.Errorf("Transaction with autobegin off: %v", err)
		}
	}, orm.WithAutobegin(false))
}

// TestStreamKeepsChangedCollections: a streamed object whose collection
// the program appended to (without Add) stays in the session, and the
// flush inserts the new child; unchanged objects whose collections were
// loaded are still let go.
func TestStreamKeepsChangedCollections(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		var first, changed *chinook.Album
		q := orm.Select[chinook.Album]().Options(orm.SelectInLoad(chinook.Albums.Tracks))
		for batch, err := range orm.Partitions(ctx, s, q, 100) {
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first, changed = batch[0], batch[1]
				changed.Tracks = append(changed.Tracks, &chinook.Track{TrackID: 100000, Name: "added while streaming", MediaTypeID: 1, Milliseconds: 1, UnitPrice: 1})
			}
		}
		if st := inspect(t, s, first); st == orm.Persistent {
			t.Errorf("an unchanged streamed album with its tracks loaded is still in the session")
		}
		if st := inspect(t, s, changed); st != orm.Persistent {
			t.Errorf("a streamed album whose tracks were appended to is %v, want persistent", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT album_id FROM track WHERE track_id = 100000")
		if err != nil || len(rows) != 1 || rows[0][0] != fmt.Sprint(changed.AlbumID) {
			t.Errorf("the track appended while streaming: %v, %v; want it inserted under album %d", rows, err, changed.AlbumID)
		}
	})
}

// What the next flush writes, asked before it runs: for an audit log, or
// a test that a handler changed only what it should.
func ExampleSession_Changes() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	ann, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("ann@example.com")))
	if err != nil {
		log.Fatal(err)
	}
	ann.Email = "ann@example.org"
	ann.Orders = append(ann.Orders, &shop.Order{CreatedAt: ann.CreatedAt, Status: "new"})
	changes, err := s.Changes(ann)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range changes {
		if orders, ok := c.New.([]*shop.Order); ok {
			fmt.Printf("%s: %d -> %d orders\n", c.Field, len(c.Old.([]*shop.Order)), len(orders))
		} else {
			fmt.Printf("%s: %v -> %v\n", c.Field, c.Old, c.New)
		}
	}
	added, err := s.New()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new:", len(added), "order with status", added[0].(*shop.Order).Status)
	// Output:
	// Email: ann@example.com -> ann@example.org
	// Orders: 2 -> 3 orders
	// new: 1 order with status new
}
