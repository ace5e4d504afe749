package orm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// TestNilInput: a nil session, statement, object, or object in a
// collection, given to any function of the package, returns ErrNil with a
// message naming the operation and where the nil is, instead of a panic;
// nothing is sent, and an Add that met one adds nothing.
func TestNilInput(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		dept := &shop.Department{Name: "ops"}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(dept) }); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		held := &shop.User{Email: "held@example.com", DepartmentID: dept.ID}
		if err := s.Add(held); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var nilSession *orm.Session
		var nilUser *shop.User
		query := orm.Select[shop.User]()
		stream := func(seq func(func(*shop.User, error) bool)) error {
			for _, err := range seq {
				return err
			}
			return nil
		}
		partitions := func(seq func(func([]*shop.User, error) bool)) error {
			for _, err := range seq {
				return err
			}
			return nil
		}
		deep := &shop.User{Email: "deep@example.com", DepartmentID: dept.ID,
			Orders: []*shop.Order{{Status: "new", Items: []*shop.Item{{SKU: "a"}, nil}}}}
		cases := []struct {
			name string
			call func() error
			want string
		}{
			{"Add, a nil in a cascaded collection", func() error {
				return s.Add(&shop.User{Email: "ann@example.com", DepartmentID: dept.ID, Orders: []*shop.Order{nil}})
			}, "retort: Add: User.Orders[0] is nil"},
			{"Add, a nil two levels down", func() error { return s.Add(deep) }, "retort: Add: Order.Items[1] is nil"},
			{"Add of nil", func() error { return s.Add(nil) }, "retort: Add: the object is nil"},
			{"Add of a nil pointer", func() error { return s.Add(nilUser) }, "retort: Add: the *shop.User is nil"},
			{"AddAll", func() error { return s.AddAll(held, nil) }, "retort: AddAll: objs[1] is nil"},
			{"AddAll of a nil pointer", func() error { return s.AddAll(nilUser) }, "retort: AddAll: objs[0] is nil"},
			{"Delete", func() error { return s.Delete(nilUser) }, "retort: Delete: the *shop.User is nil"},
			{"Expire", func() error { return s.Expire(nil) }, "retort: Expire: the object is nil"},
			{"Expunge", func() error { return s.Expunge(nilUser) }, "retort: Expunge: the *shop.User is nil"},
			{"Refresh", func() error { return s.Refresh(ctx, nilUser) }, "retort: Refresh: the *shop.User is nil"},
			{"Merge", func() error { _, err := orm.Merge(ctx, s, nilUser); return err }, "retort: Merge: the *shop.User is nil"},
			{"Inspect", func() error { _, err := orm.Inspect(s, nilUser); return err }, "retort: Inspect: the *shop.User is nil"},
			{"IsLoaded of nil", func() error { _, err := orm.IsLoaded(s, nilUser, shop.Users.Orders); return err },
				"retort: IsLoaded(User.Orders): the *shop.User is nil"},
			{"IsLoaded, no relationship", func() error { _, err := orm.IsLoaded(s, held, nil); return err },
				"retort: IsLoaded: the relationship is nil"},
			{"Related", func() error { _, err := orm.Related(s, nilUser, shop.Users.Orders); return err },
				"retort: Related(User.Orders): the object is nil"},
			{"Load", func() error { return orm.Load(ctx, s, []*shop.User{held, nil}, shop.Users.Orders) },
				"retort: Load(User.Orders): objs[1] is nil"},
			{"All of nil", func() error { _, err := orm.All[*shop.User](ctx, s, nil); return err }, "retort: All: the statement is nil"},
			{"One of nil", func() error { _, err := orm.One[*shop.User](ctx, s, nil); return err }, "retort: All: the statement is nil"},
			{"OneOrNone of nil", func() error { _, err := orm.OneOrNone[*shop.User](ctx, s, nil); return err }, "retort: All: the statement is nil"},
			{"First of nil", func() error { _, err := orm.First[*shop.User](ctx, s, nil); return err }, "retort: First: the statement is nil"},
			{"Partitions of nil", func() error { return partitions(orm.Partitions[*shop.User](ctx, s, nil, 10)) },
				"retort: Partitions: the statement is nil"},
			{"Stream of nil", func() error { return stream(orm.Stream[*shop.User](ctx, s, nil)) }, "retort: Stream: the statement is nil"},
			{"FromStatement(nil)", func() error { _, err := orm.All(ctx, s, orm.FromStatement[shop.User](nil)); return err },
				"retort: FromStatement: the statement is nil"},
			{"FromStatement of a nil *core.SelectStmt", func() error {
				var sel *core.SelectStmt
				_, err := orm.All(ctx, s, orm.FromStatement[shop.User](sel))
				return err
			}, "retort: FromStatement: the statement is nil"},
			{"Get on a nil session", func() error { _, err := orm.Get[shop.User](ctx, nilSession, int64(1)); return err },
				"retort: Get: the session is nil"},
			{"All on a nil session", func() error { _, err := orm.All(ctx, nilSession, query); return err }, "retort: All: the session is nil"},
			{"Add on a nil session", func() error { return nilSession.Add(held) }, "retort: Add: the session is nil"},
			{"Commit on a nil session", func() error { return nilSession.Commit(ctx) }, "retort: Commit: the session is nil"},
			{"Close on a nil session", func() error { return nilSession.Close() }, "retort: Close: the session is nil"},
			{"Savepoint on a nil session", func() error { return nilSession.Savepoint(ctx, func() error { return nil }) },
				"retort: BeginNested: the session is nil"},
			{"Inspect on a nil session", func() error { _, err := orm.Inspect(nilSession, held); return err },
				"retort: Inspect: the session is nil"},
			{"Related on a nil session", func() error { _, err := orm.Related(nilSession, held, shop.Users.Orders); return err },
				"retort: Related: the session is nil"},
			{"Merge on a nil session", func() error { _, err := orm.Merge(ctx, nilSession, held); return err },
				"retort: Merge: the session is nil"},
			{"a session of a nil factory", func() error {
				var f *orm.SessionFactory
				_, err := orm.All(ctx, f.New(), query)
				return err
			}, "retort: Begin: the session factory's engine is nil"},
			{"a session of a factory of a nil engine", func() error {
				return orm.NewSessionFactory(nil).Transaction(ctx, func(*orm.Session) error { return nil })
			}, "retort: Begin: the session factory's engine is nil"},
			{"Savepoint of a nil function", func() error { return s.Savepoint(ctx, nil) }, "retort: Savepoint: the function is nil"},
			{"a factory's Transaction of a nil function", func() error { return w.f.Transaction(ctx, nil) },
				"retort: Transaction: the function is nil"},
			{"a loader option of nil", func() error {
				_, err := orm.All(ctx, s, query.Options(orm.SelectInLoad(shop.Users.Orders).JoinedLoad(nil)))
				return err
			}, "retort: loader option joined: the relationship is nil"},
			{"a nil option", func() error { _, err := orm.All(ctx, s, query.Options(orm.PopulateExisting(), nil)); return err },
				"retort: Options: option [1] is nil"},
			{"DDL of a nil dialect", func() error { _, err := orm.DDL(nil, shop.MappedTables...); return err }, "retort: DDL: the dialect is nil"},
			{"CreateAll on a nil engine", func() error { return orm.CreateAll(ctx, nil, shop.MappedTables...) }, "retort: CreateAll: the engine is nil"},
			{"DropAll on a nil engine", func() error { return orm.DropAll(ctx, nil, shop.MappedTables...) }, "retort: DropAll: the engine is nil"},
			{"Partitions on a nil session", func() error { return partitions(orm.Partitions(ctx, nilSession, query, 10)) },
				"retort: Partitions: the session is nil"},
		}
		w.rec.Reset()
		for _, c := range cases {
			err := c.call()
			if !errors.Is(err, orm.ErrNil) || err.Error() != c.want {
				t.Errorf("%s: %v; want ErrNil: %s", c.name, err, c.want)
			}
		}
		if sql := w.rec.SQL(); len(sql) != 0 {
			t.Errorf("statements sent for nil input: %q", sql)
		}
		if st := inspect(t, s, deep); st != orm.Transient {
			t.Errorf("the user of the failed Add is %v, want transient", st)
		}
		if st := inspect(t, s, deep.Orders[0]); st != orm.Transient {
			t.Errorf("the order of the failed Add is %v, want transient", st)
		}

		// A nil put in a collection after Add fails the flush, before
		// anything is sent; taken out, the flush goes on.
		u := &shop.User{Email: "bob@example.com", DepartmentID: dept.ID, Orders: []*shop.Order{{Status: "new"}}}
		if err := s.Add(u); err != nil {
			t.Fatal(err)
		}
		u.Orders = append(u.Orders, nil)
		err := s.Commit(ctx)
		if !errors.Is(err, orm.ErrNil) || err.Error() != "retort: flush: User.Orders[1] is nil" {
			t.Errorf("Commit with a nil in a collection: %v", err)
		}
		if sql := w.rec.SQL(); len(sql) != 0 {
			t.Errorf("statements sent: %q", sql)
		}
		u.Orders = u.Orders[:1]
		if err := s.Commit(ctx); err != nil {
			t.Fatalf("Commit once the nil is gone: %v", err)
		}
		if n := w.count(t, "orders"); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}

		// The delete cascade passes over a nil.
		u.Orders = append(u.Orders, nil)
		if err := s.Delete(u); err != nil {
			t.Fatal(err)
		}
		u.Orders = u.Orders[:1]
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := w.count(t, "orders"); n != 0 {
			t.Errorf("%d orders after the cascade, want 0", n)
		}
	})
}

// TestBackReferenceNil: the back-reference methods return nothing, so a
// nil parent or child is a panic, as a method call on a nil pointer would
// be, but one that names the relationship and the argument, raised before
// either side is changed.
func TestBackReferenceNil(t *testing.T) {
	u := &shop.User{}
	o := &shop.Order{}
	cases := []struct {
		name, want string
		call       func()
	}{
		{"Append to nil", "User.Orders.Append: the parent is nil", func() { shop.Users.Orders.Append(nil, o) }},
		{"Append nil", "User.Orders.Append: child 1 is nil", func() { shop.Users.Orders.Append(u, o, nil) }},
		{"Remove from nil", "User.Orders.Remove: the parent is nil", func() { shop.Users.Orders.Remove(nil, o) }},
		{"Remove nil", "User.Orders.Remove: the child is nil", func() { shop.Users.Orders.Remove(u, nil) }},
		{"Set on nil", "Order.User.Set: the object is nil", func() { shop.Orders.User.Set(nil, u) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want one naming %q", msg, c.want)
				}
				if len(u.Orders) != 0 || o.User != nil {
					t.Errorf("changed before the panic: %d orders, order's user %v", len(u.Orders), o.User)
				}
			}()
			c.call()
		})
	}
}
