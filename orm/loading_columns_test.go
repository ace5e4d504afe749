package orm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// selectLists returns, for each SELECT the recorder saw, its first select
// list: "orders.id, orders.user_id, orders.total".
func (w *world) selectLists() []string {
	var out []string
	for _, sql := range w.rec.SQL() {
		if rest, ok := strings.CutPrefix(sql, "SELECT "); ok {
			out = append(out, rest[:strings.Index(rest, " FROM ")])
		}
	}
	return out
}

// wantLists checks the select lists of the statements sent since the
// recorder's last reset, one per statement.
func wantLists(t *testing.T, w *world, want ...string) {
	t.Helper()
	got := w.selectLists()
	if len(got) != len(want) || w.rec.Count() != len(want) {
		t.Fatalf("%d statements, %d SELECTs %q; want %d: %q", w.rec.Count(), len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d selects %q, want %q", i+1, got[i], want[i])
		}
	}
}

// TestPathColumnsSelectIn: LoadOnly and Defer along a select-in path
// read the columns named, the primary key and the keys the loaders need
// (the parent key that places each object, the local key of the next
// level), even one Defer names; the fields read are the database's, the
// others zero; the path goes on after them; and a later query that reads
// the columns completes the objects.
func TestPathColumnsSelectIn(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadShopSample(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Le(3)).Options(
			orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total).SelectInLoad(shop.Orders.Items).Defer(shop.Items.SKU, shop.Items.OrderID, shop.Items.Price)))
		if err != nil {
			t.Fatal(err)
		}
		wantLists(t, w,
			"users.id, users.email, users.department_id, users.is_active, users.created_at",
			"orders.id, orders.user_id, orders.total",
			"items.id, items.order_id, items.product_id, items.quantity")
		rows, err := w.db.QueryStrings(ctx, "SELECT o.id, o.user_id, COUNT(i.id) FROM orders o LEFT JOIN items i ON i.order_id = o.id WHERE o.user_id <= 3 GROUP BY o.id, o.user_id ORDER BY o.id")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]*shop.Order{}
		items := 0
		for _, u := range users {
			for _, o := range u.Orders {
				byID[o.ID] = o
				if o.UserID != u.ID || o.Total == 0 || o.Status != "" || !o.CreatedAt.IsZero() || o.User != u {
					t.Errorf("order %d of user %d: %+v, want its key, user and total only", o.ID, u.ID, *o)
				}
				for _, it := range o.Items {
					items++
					if it.OrderID != o.ID || it.ProductID == 0 || it.Quantity == 0 || it.SKU != "" || it.Price != 0 {
						t.Errorf("item %d: %+v, want sku and price unloaded, the keys loaded", it.ID, *it)
					}
				}
			}
		}
		if len(byID) != len(rows) {
			t.Errorf("%d orders loaded, the database has %d", len(byID), len(rows))
		}
		want := 0
		for _, r := range rows {
			n := 0
			for _, c := range r[2] {
				n = n*10 + int(c-'0')
			}
			want += n
		}
		if items != want {
			t.Errorf("%d items loaded, the database has %d", items, want)
		}

		// A query that reads the other columns completes the objects.
		if _, err := orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.UserID.Le(3)).Options(orm.NoLoad(shop.Orders.Items))); err != nil {
			t.Fatal(err)
		}
		for id, o := range byID {
			if o.Status == "" || o.CreatedAt.IsZero() {
				t.Errorf("order %d not completed by a query of all its columns: %+v", id, *o)
			}
		}
	})
}

// TestPathColumnsLoaders: column options on a joined, contains-eager,
// recursive, many-to-many and per-parent-limited load, and on the
// query's own entity, where they keep the local key of a relationship
// loaded from it.
func TestPathColumnsLoaders(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadShopSample(t, w.db)
		s := w.f.New()
		defer func() { s.Close() }()

		w.rec.Reset()
		orders, err := orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.ID.Le(4)).Options(
			orm.JoinedLoad(shop.Orders.User).LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], ", users_1.id AS id_1, users_1.email FROM orders LEFT OUTER JOIN users AS users_1 ") {
			t.Errorf("joined many-to-one: %q, want users_1.id and users_1.email alone", sql)
		}
		for _, o := range orders {
			if o.User == nil || o.User.ID != o.UserID || o.User.Email == "" || !o.User.CreatedAt.IsZero() || o.User.DepartmentID != 0 {
				t.Errorf("order %d's user: %+v, want its key and email only", o.ID, o.User)
			}
		}

		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Le(2)).Options(
			orm.JoinedLoad(shop.Users.Orders).Defer(shop.Orders.CreatedAt, shop.Orders.Status)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], ", orders_1.id AS id_1, orders_1.user_id, orders_1.total FROM users LEFT OUTER JOIN orders AS orders_1 ") {
			t.Errorf("joined collection: %q", sql)
		}
		for _, u := range users {
			if len(u.Orders) == 0 {
				t.Errorf("user %d: no orders", u.ID)
			}
			for _, o := range u.Orders {
				if o.Total == 0 || o.Status != "" || !o.CreatedAt.IsZero() || o.UserID != u.ID {
					t.Errorf("user %d's order: %+v", u.ID, *o)
				}
			}
		}

		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		users, err = orm.All(ctx, s, orm.Select[shop.User]().Join(shop.Orders).Where(shop.Orders.Status.Eq("paid"), shop.Users.ID.Le(3)).Options(
			orm.ContainsEager(shop.Users.Orders).LoadOnly(shop.Orders.Status)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], ", orders.id AS id_1, orders.user_id, orders.status FROM users JOIN orders ") {
			t.Errorf("contains-eager: %q", sql)
		}
		for _, u := range users {
			for _, o := range u.Orders {
				if o.Status != "paid" || o.Total != 0 {
					t.Errorf("user %d's order: %+v", u.ID, *o)
				}
			}
		}

		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		roots, err := orm.All(ctx, s, orm.Select[shop.Category]().Where(shop.Categories.ParentID.IsNull()).Options(
			orm.RecursiveLoad(shop.Categories.Children, orm.ToLeaves).Defer(shop.Categories.Name, shop.Categories.ParentID)))
		if err != nil {
			t.Fatal(err)
		}
		if sql := w.rec.SQL(); len(sql) != 2 || !strings.Contains(sql[1], "WITH RECURSIVE retort_tree(id, parent_id, retort_depth) AS (SELECT categories.id, categories.parent_id, ") {
			t.Errorf("recursive: %q, want id and parent_id, the keys", sql)
		}
		n := 0
		var walk func(c *shop.Category)
		walk = func(c *shop.Category) {
			n++
			for _, child := range c.Children {
				if child.Name != "" || child.ParentID == nil || *child.ParentID != c.ID {
					t.Errorf("category %d: %+v", child.ID, *child)
				}
				walk(child)
			}
		}
		walk(roots[0])
		if n != 7 {
			t.Errorf("%d categories in the tree, want 7", n)
		}

		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		products, err := orm.All(ctx, s, orm.Select[shop.Product]().Where(shop.Products.ID.Le(3)).Options(
			orm.SelectInLoad(shop.Products.Tags).Defer(shop.Tags.Name)))
		if err != nil {
			t.Fatal(err)
		}
		wantLists(t, w, "products.id, products.category_id, products.name, products.price", "product_tags.product_id AS retort_parent_key, tags.id")
		for _, p := range products {
			if len(p.Tags) == 0 || p.Tags[0].ID == 0 || p.Tags[0].Name != "" {
				t.Errorf("product %d's tags: %v", p.ID, p.Tags)
			}
		}

		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		latest := shop.Users.Orders.OrderBy(shop.Orders.CreatedAt.Desc()).Limit(1)
		users, err = orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Le(3)).Options(orm.SelectInLoad(latest).LoadOnly(shop.Orders.Total)))
		if err != nil {
			t.Fatal(err)
		}
		lists := w.selectLists()
		if len(lists) != 2 || lists[1] != "anon_1.id, anon_1.user_id, anon_1.total" || !strings.Contains(w.rec.SQL()[1], "(SELECT orders.id, orders.user_id, orders.created_at, orders.total, orders.status, row_number() OVER") {
			t.Errorf("per-parent limit: %q", w.rec.SQL())
		}
		for _, u := range users {
			if len(u.Orders) != 1 || u.Orders[0].Total == 0 || !u.Orders[0].CreatedAt.IsZero() {
				t.Errorf("user %d's latest order: %v", u.ID, u.Orders)
			}
		}

		// A join below a select-in, in its statement: both narrowed.
		s.Close()
		s = w.f.New()
		w.rec.Reset()
		users, err = orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Le(3)).Options(
			orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total).JoinedLoad(shop.Orders.Items).LoadOnly(shop.Items.SKU)))
		if err != nil {
			t.Fatal(err)
		}
		lists = w.selectLists()
		if len(lists) != 2 || lists[1] != "orders.id, orders.user_id, orders.total, items_1.id AS id_1, items_1.order_id, items_1.sku" {
			t.Errorf("joined below a select-in: %q", w.rec.SQL())
		}
		for _, u := range users {
			for _, o := range u.Orders {
				if o.Total == 0 || o.Status != "" {
					t.Errorf("user %d's order: %+v", u.ID, *o)
				}
				for _, it := range o.Items {
					if it.SKU == "" || it.Quantity != 0 || it.OrderID != o.ID {
						t.Errorf("item %d: %+v", it.ID, *it)
					}
				}
			}
		}

		// The query's own entity keeps the local key of a relationship
		// loaded from it: without orders.user_id each order's user
		// would be looked up by a zero key.
		s.Close() // SQLite: one writing transaction at a time
		s = w.f.New()
		w.rec.Reset()
		orders, err = orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.ID.Le(4)).Options(
			orm.LoadOnly(shop.Orders.Total), orm.SelectInLoad(shop.Orders.User).LoadOnly(shop.Users.Email)))
		if err != nil {
			t.Fatal(err)
		}
		wantLists(t, w, "orders.id, orders.user_id, orders.total", "users.id, users.email")
		for _, o := range orders {
			if o.User == nil || o.User.ID != o.UserID || o.User.Email == "" || o.Status != "" {
				t.Errorf("order %d: %+v, user %+v", o.ID, *o, o.User)
			}
		}
	})
}

// TestPathColumnsIdentityMap: a select-in narrowed by LoadOnly leaves the
// objects the session holds as they are, an unflushed write included;
// with PopulateExisting it overwrites the columns it reads, discarding
// the write, and leaves the others as they were loaded.
func TestPathColumnsIdentityMap(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadShopSample(t, w.db)
		s := orm.NewSessionFactory(w.eng, orm.WithAutoflush(false)).New() // the write stays unflushed
		defer s.Close()
		held, err := orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.UserID.Eq(1)))
		if err != nil {
			t.Fatal(err)
		}
		if len(held) == 0 {
			t.Fatal("user 1 has no orders")
		}
		before := map[int64]shop.Order{}
		for _, o := range held {
			before[o.ID] = *o
			o.Total = 0.5 // unflushed
		}
		narrowed := orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total)
		w.rec.Reset()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Eq(1)).Options(narrowed))
		if err != nil {
			t.Fatal(err)
		}
		wantLists(t, w, "users.id, users.email, users.department_id, users.is_active, users.created_at", "orders.id, orders.user_id, orders.total")
		if len(users[0].Orders) != len(held) {
			t.Fatalf("%d orders, want %d", len(users[0].Orders), len(held))
		}
		for _, o := range users[0].Orders {
			b := before[o.ID]
			if o.Total != 0.5 || o.Status != b.Status || !o.CreatedAt.Equal(b.CreatedAt) {
				t.Errorf("held order %d changed by a narrowed load: %+v, was %+v", o.ID, *o, b)
			}
		}
		if _, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Eq(1)).Options(narrowed, orm.PopulateExisting())); err != nil {
			t.Fatal(err)
		}
		for _, o := range users[0].Orders {
			b := before[o.ID]
			if o.Total != b.Total || o.Status != b.Status || !o.CreatedAt.Equal(b.CreatedAt) {
				t.Errorf("order %d after PopulateExisting: %+v, want as loaded first: %+v", o.ID, *o, b)
			}
		}
		// The write was discarded: nothing to flush.
		w.rec.Reset()
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := updatesSent(w); got != "" {
			t.Errorf("UPDATEs %q after PopulateExisting", got)
		}
	})
}

// TestPathColumnsLoad: Load takes column options on its then paths, and
// on a path of no relationship for its own objects.
func TestPathColumnsLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadShopSample(t, w.db)
		s := w.f.New()
		defer s.Close()
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Le(2)).Options(orm.RaiseLoad(shop.Users.Orders)))
		if err != nil {
			t.Fatal(err)
		}
		w.rec.Reset()
		err = orm.Load(ctx, s, users, shop.Users.Orders,
			orm.LoadPath{}.Defer(shop.Orders.CreatedAt, shop.Orders.Total),
			orm.SelectInLoad(shop.Orders.Items).LoadOnly(shop.Items.SKU))
		if err != nil {
			t.Fatal(err)
		}
		wantLists(t, w, "orders.id, orders.user_id, orders.status", "items.id, items.order_id, items.sku")
		for _, u := range users {
			for _, o := range u.Orders {
				if o.Status == "" || o.Total != 0 || !o.CreatedAt.IsZero() {
					t.Errorf("order %d: %+v", o.ID, *o)
				}
				for _, it := range o.Items {
					if it.SKU == "" || it.Quantity != 0 || it.OrderID != o.ID {
						t.Errorf("item %d: %+v", it.ID, *it)
					}
				}
			}
		}
		w.rec.Reset()
		err = orm.Load(ctx, s, users, shop.Users.Orders, orm.LoadPath{}.LoadOnly(shop.Users.Email))
		if err == nil || !strings.Contains(err.Error(), "users.email is not a mapped column of shop.Order, the objects of User.Orders") {
			t.Errorf("Load narrowing its orders by a users column: %v", err)
		}
		if err := orm.Load(ctx, s, users, shop.Users.Orders, orm.LoadPath{}.LoadOnly(shop.Orders.Total), orm.LoadPath{}.LoadOnly(shop.Orders.Status)); err == nil ||
			!strings.Contains(err.Error(), "column options conflict for User.Orders: orm.LoadPath{}.LoadOnly(orders.total) and orm.LoadPath{}.LoadOnly(orders.status)") {
			t.Errorf("two column options for Load's own objects: %v", err)
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent by refused loads", n)
		}
	})
}

// TestDefaultLoad: DefaultLoad leaves a relationship at its mapping's
// strategy (Users.Orders is select-in; Users.Department raise), or a
// wildcard's, and applies what is chained after it; another option's
// strategy for it wins without conflict.
func TestDefaultLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadShopSample(t, w.db)
		byID := orm.Select[shop.User]().Where(shop.Users.ID.Le(3))
		for _, tc := range []struct {
			name  string
			opts  []orm.QueryOption
			lists []string
		}{
			{"below", []orm.QueryOption{orm.DefaultLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items).LoadOnly(shop.Items.SKU)},
				[]string{"orders.id, orders.user_id, orders.created_at, orders.total, orders.status", "items.id, items.order_id, items.sku"}},
			{"columns", []orm.QueryOption{orm.DefaultLoad(shop.Users.Orders).LoadOnly(shop.Orders.Status)},
				[]string{"orders.id, orders.user_id, orders.status"}},
			{"joined wins", []orm.QueryOption{orm.DefaultLoad(shop.Users.Orders).LoadOnly(shop.Orders.Status), orm.JoinedLoad(shop.Users.Orders)}, nil},
			{"raise by the mapping", []orm.QueryOption{orm.DefaultLoad(shop.Users.Department).SelectInLoad(shop.Departments.Users), orm.NoLoad(shop.Users.Orders)}, []string{}},
			{"raise by a wildcard", []orm.QueryOption{orm.RaiseLoad(orm.Wildcard), orm.DefaultLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)}, []string{}},
		} {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				s := w.f.New()
				defer s.Close()
				w.rec.Reset()
				users, err := orm.All(ctx, s, byID.Options(tc.opts...))
				if err != nil {
					t.Fatal(err)
				}
				if tc.lists == nil {
					if sql := w.rec.SQL(); len(sql) != 1 || !strings.Contains(sql[0], ", orders_1.id AS id_1, orders_1.user_id, orders_1.status FROM users LEFT OUTER JOIN orders AS orders_1 ") {
						t.Errorf("joined with DefaultLoad's columns: %q", sql)
					}
				} else {
					wantLists(t, w, append([]string{"users.id, users.email, users.department_id, users.is_active, users.created_at"}, tc.lists...)...)
				}
				for _, u := range users {
					orders := isLoaded(t, s, u, shop.Users.Orders)
					if want := tc.name != "raise by a wildcard"; orders != want {
						t.Errorf("user %d: orders loaded %t, want %t", u.ID, orders, want)
					}
					if isLoaded(t, s, u, shop.Users.Department) {
						t.Errorf("user %d: department loaded", u.ID)
					}
				}
			})
		}
	})
}

// TestPathColumnsRefused: the mistakes column options and DefaultLoad
// can hold fail before anything is sent, naming what is wrong.
func TestPathColumnsRefused(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		for _, tc := range []struct {
			opts []orm.QueryOption
			want string
		}{
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Users.Email)},
				"selectin(User.Orders).LoadOnly(users.email): users.email is not a mapped column of shop.Order, the objects of User.Orders"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items).Defer(shop.Orders.Status)},
				"orders.status is not a mapped column of shop.Item, the objects of Order.Items"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total), orm.DefaultLoad(shop.Users.Orders).Defer(shop.Orders.Status)},
				"column options conflict for User.Orders: selectin(User.Orders).LoadOnly(orders.total) and defaultload(User.Orders).Defer(orders.status)"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total), orm.JoinedLoad(shop.Users.Orders)},
				"loader strategies conflict for User.Orders: selectin(User.Orders) and joined(User.Orders)"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).Defer(shop.Orders.ID)}, "Defer of shop.Order's primary key column id"},
			{[]orm.QueryOption{orm.RaiseLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total)}, "LoadOnly(orders.total) after raise(User.Orders), which loads no objects"},
			{[]orm.QueryOption{orm.SelectInLoad(orm.Wildcard).LoadOnly(shop.Orders.Total)}, "LoadOnly(orders.total) after orm.Wildcard"},
			{[]orm.QueryOption{orm.DefaultLoad(shop.Users.Department).LoadOnly(shop.Departments.Name)},
				"defaultload(User.Department).LoadOnly(departments.name) narrows objects nothing loads: User.Department is left unloaded by the mapping's lazy:raise"},
			{[]orm.QueryOption{orm.RaiseLoad(orm.Wildcard), orm.DefaultLoad(shop.Users.Orders).LoadOnly(shop.Orders.Total)},
				"User.Orders is left unloaded by raise(orm.Wildcard)"},
			{[]orm.QueryOption{orm.DefaultLoad(orm.Wildcard)}, "orm.DefaultLoad(orm.Wildcard) changes nothing"},
			{[]orm.QueryOption{orm.DefaultLoad(shop.Users.Orders.Limit(2))}, "And, OrderBy and Limit on User.Orders need a loader named"},
			{[]orm.QueryOption{orm.LoadPath{}.LoadOnly(shop.Users.Email)}, "LoadOnly(users.email) names no relationship"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders).LoadOnly(core.Value[int64](1))}, "LoadOnly takes table columns"},
			{[]orm.QueryOption{orm.SelectInLoad(shop.Users.Orders), orm.LoadOnly(shop.Orders.Status)}, "the query selects no entity of that table; narrow a loaded relationship's objects on its loader's path"},
		} {
			_, err := orm.All(ctx, s, orm.Select[shop.User]().Options(tc.opts...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		}
		if n := w.rec.Count(); n != 0 {
			t.Errorf("%d statements sent for refused queries", n)
		}
	})
}

// bin holds letters, whose body is mapped deferred.
type bin struct {
	ID      int64
	Letters []*letter
}

type letter struct {
	ID, BinID int64
	Body      string
}

var bins = func() (t struct {
	*core.Table
	ID core.Column[int64]
}) {
	t.Table = core.NewTable("bin")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	return t
}()

var letters = func() (t struct {
	*core.Table
	ID, BinID core.Column[int64]
	Body      core.Column[string]
}) {
	t.Table = core.NewTable("letter")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.BinID = core.NewColumn[int64](t.Table, "bin_id", core.References(bins.ID))
	t.Body = core.NewColumn[string](t.Table, "body")
	return t
}()

var binLetters = orm.NewRelationship[bin, letter]("Letters", "order_by:id")

func init() {
	orm.Register(orm.Mapping[bin]{
		Table: bins.Table, Fields: []string{"ID"},
		Addr:          func(o *bin, i int) any { return &o.ID },
		Value:         func(o *bin, i int) any { return o.ID },
		Relationships: []orm.AnyRelationship{binLetters},
	})
	orm.Register(orm.Mapping[letter]{
		Table: letters.Table, Fields: []string{"ID", "BinID", "Body"}, Deferred: []string{"body"},
		Addr:  func(o *letter, i int) any { return []any{&o.ID, &o.BinID, &o.Body}[i] },
		Value: func(o *letter, i int) any { return []any{o.ID, o.BinID, o.Body}[i] },
	})
}

// TestPathColumnsUndefer: a column mapped deferred stays out of a
// select-in of its objects unless the path undefers it.
func TestPathColumnsUndefer(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, bins.Table, letters.Table); err != nil {
			t.Fatal(err)
		}
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			return s.AddAll(&bin{ID: 1}, &letter{ID: 1, BinID: 1, Body: "first"}, &letter{ID: 2, BinID: 1, Body: "second"})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			opt   orm.LoadPath
			list  string
			first string
		}{
			{orm.SelectInLoad(binLetters), "letter.id, letter.bin_id", ""},
			{orm.SelectInLoad(binLetters).Undefer(letters.Body), "letter.id, letter.bin_id, letter.body", "first"},
		} {
			s := w.f.New()
			w.rec.Reset()
			fs, err := orm.All(ctx, s, orm.Select[bin]().Options(tc.opt))
			if err != nil {
				t.Fatal(err)
			}
			wantLists(t, w, "bin.id", tc.list)
			if len(fs[0].Letters) != 2 || fs[0].Letters[0].Body != tc.first {
				t.Errorf("letters %+v, want 2, the first's body %q", fs[0].Letters, tc.first)
			}
			s.Close()
		}
	})
}

// TestPopulateExistingKeepsUnreadChanges: PopulateExisting with LoadOnly
// overwrites the columns it reads (an unflushed change to one is
// discarded) and no more: an unflushed change to a column it did not read
// (autoflush off) is still found and flushed, where it used to vanish into
// the new snapshot while the field kept it.
func TestPopulateExistingKeepsUnreadChanges(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		seedShop(t, w)
		s := w.f.New()
		defer s.Close()
		u, err := orm.One(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("a@x")))
		if err != nil {
			t.Fatal(err)
		}
		u.IsActive = false // unflushed, and read again below
		u.Email = "changed@x"
		if err := orm.FlagModified(s, u, shop.Users.DepartmentID); err != nil {
			t.Fatal(err)
		}
		err = s.NoAutoflush(func() error {
			_, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.ID.Eq(u.ID)).Options(orm.LoadOnly(shop.Users.IsActive), orm.PopulateExisting()))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !u.IsActive || u.Email != "changed@x" {
			t.Errorf("after PopulateExisting of is_active: active %t, email %q; want the database's true and the unflushed email", u.IsActive, u.Email)
		}
		cs, err := s.Changes(u)
		if err != nil || len(cs) != 2 || cs[0].Field != "Email" || cs[1].Field != "DepartmentID" {
			t.Errorf("Changes after PopulateExisting: %+v, %v; want Email and the flagged DepartmentID", cs, err)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, fmt.Sprintf("SELECT email FROM users WHERE id = %d AND is_active", u.ID))
		if err != nil || len(rows) != 1 || rows[0][0] != "changed@x" {
			t.Errorf("email in the database: %v, %v; want the change flushed", rows, err)
		}
	})
}
