package orm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	_ "github.com/retortdb/retort/engine/sqlite" // sqlite: DSNs
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// exampleShop opens an in-memory SQLite database with the shop schema and
// three users: ann with orders of 3 and 1 items, bob with one of 2, cid
// with none.
func exampleShop(ctx context.Context) (*engine.Engine, *orm.SessionFactory) {
	eng, err := engine.Open(ctx, "sqlite::memory:")
	if err != nil {
		log.Fatal(err)
	}
	if err := orm.CreateAll(ctx, eng, shop.MappedTables...); err != nil {
		log.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sales := &shop.Department{Name: "sales"}
	ball := &shop.Product{Name: "ball", Price: 2, Category: &shop.Category{Name: "toys"}}
	order := func(day, items int) *shop.Order {
		o := &shop.Order{CreatedAt: at.AddDate(0, 0, day), Status: "paid"}
		for i := range items {
			o.Items = append(o.Items, &shop.Item{Product: ball, SKU: fmt.Sprint(day, "-", i), Quantity: 1, Price: 2})
		}
		return o
	}
	err = f.Transaction(ctx, func(s *orm.Session) error {
		return s.AddAll(
			&shop.User{Email: "ann@example.com", Department: sales, IsActive: true, CreatedAt: at, Orders: []*shop.Order{order(1, 3), order(2, 1)}},
			&shop.User{Email: "bob@example.com", Department: sales, IsActive: true, CreatedAt: at, Orders: []*shop.Order{order(3, 2)}},
			&shop.User{Email: "cid@example.com", Department: sales, CreatedAt: at},
		)
	})
	if err != nil {
		log.Fatal(err)
	}
	return eng, f
}

// Users with their orders and the orders' items, by select-in: three
// statements however many users there are.
func ExampleSelectInLoad() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).
		Options(orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Print(u.Email, ":")
		for _, o := range u.Orders {
			fmt.Print(" ", len(o.Items), " items")
		}
		fmt.Println()
	}
	// Output:
	// ann@example.com: 1 items 3 items
	// bob@example.com: 2 items
	// cid@example.com:
}

// Column options on a loader path: the orders with their dates alone
// (and the keys: id, user_id), the path going on to their items, whose
// SKUs alone are read. The other fields stay zero, unloaded.
func ExampleLoadPath_LoadOnly() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("ann@example.com")).Options(
		orm.SelectInLoad(shop.Users.Orders).LoadOnly(shop.Orders.CreatedAt).
			SelectInLoad(shop.Orders.Items).LoadOnly(shop.Items.SKU)))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range users[0].Orders {
		fmt.Printf("%s status %q:", o.CreatedAt.Format(time.DateOnly), o.Status)
		for _, it := range o.Items {
			fmt.Printf(" %s×%d", it.SKU, it.Quantity)
		}
		fmt.Println()
	}
	// Output:
	// 2026-01-03 status "": 2-0×0
	// 2026-01-02 status "": 1-0×0 1-1×0 1-2×0
}

// DefaultLoad reaches below a relationship without changing how it is
// loaded: Users.Orders stays select-in, as its mapping says, and only
// their items' loader is named.
func ExampleDefaultLoad() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.Email.Eq("bob@example.com")).Options(
		orm.DefaultLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(shop.Users.Orders.Strategy(), len(users[0].Orders), "order,", len(users[0].Orders[0].Items), "items")
	// Output:
	// selectin 1 order, 2 items
}

// A category tree to its leaves in one statement (WITH RECURSIVE), where
// select-in would take one per level: every collection filled, each
// child's Parent too.
func ExampleRecursiveLoad() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	err := f.Transaction(ctx, func(s *orm.Session) error {
		all := &shop.Category{Name: "all"}
		toys := &shop.Category{Name: "toys", Parent: all}
		return s.AddAll(all, toys, &shop.Category{Name: "books", Parent: all},
			&shop.Category{Name: "kites", Parent: toys}, &shop.Category{Name: "balls", Parent: toys})
	})
	if err != nil {
		log.Fatal(err)
	}
	s := f.New()
	defer s.Close()
	roots, err := orm.All(ctx, s, orm.Select[shop.Category]().Where(shop.Categories.Name.Eq("all")).
		Options(orm.RecursiveLoad(shop.Categories.Children, orm.ToLeaves)))
	if err != nil {
		log.Fatal(err)
	}
	var show func(c *shop.Category, indent string)
	show = func(c *shop.Category, indent string) {
		fmt.Println(indent + c.Name)
		for _, child := range c.Children {
			show(child, indent+"  ")
		}
	}
	show(roots[0], "")
	// Output:
	// all
	//   toys
	//     kites
	//     balls
	//   books
}

// Each user's latest order only: a per-parent limit, one statement.
func ExampleRelationship_Limit() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	latest := shop.Users.Orders.OrderBy(shop.Orders.CreatedAt.Desc()).Limit(1)
	users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Options(orm.SelectInLoad(latest)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		for _, o := range u.Orders {
			fmt.Println(u.Email, o.CreatedAt.Format(time.DateOnly))
		}
	}
	// Output:
	// ann@example.com 2026-01-03
	// bob@example.com 2026-01-04
}

// An entity and a window function's value in one row.
func ExampleSelect2() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	items := core.Count(shop.Items.ID).Label("items")
	rows, err := orm.All(ctx, s, orm.Select2[*shop.Order, int64](shop.Orders, items).
		Join(shop.Items).GroupBy(shop.Orders.ID).OrderBy(shop.Orders.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println("order", r.V1.ID, "of user", r.V1.UserID, "has", r.V2, "items")
	}
	// Output:
	// order 1 of user 1 has 3 items
	// order 2 of user 1 has 1 items
	// order 3 of user 2 has 2 items
}

// Plain columns, without entities: each row is a pair typed by the
// compiler from the columns, scanned straight into it, with no object
// made or tracked.
func ExampleColumns2() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	orders := core.Count(shop.Orders.ID).Label("orders")
	rows, err := orm.All(ctx, s, orm.Columns2(shop.Users.Email, orders).
		OuterJoin(shop.Orders).GroupBy(shop.Users.Email).OrderBy(shop.Users.Email))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r.V1, r.V2)
	}
	// Output:
	// ann@example.com 2
	// bob@example.com 1
	// cid@example.com 0
}

// Orders filtered by the query's own join, which also fills each user's
// orders: only the matching ones.
func ExampleContainsEager() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().Join(shop.Orders).
		Where(shop.Orders.CreatedAt.Ge(time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC))).
		OrderBy(shop.Users.ID.Asc()).
		Options(orm.ContainsEager(shop.Users.Orders)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Email, len(u.Orders), "recent orders")
	}
	// Output:
	// ann@example.com 1 recent orders
	// bob@example.com 1 recent orders
}

// Each user's orders since January 3rd, joined into the query: the
// criteria go in the ON clause of the join, so cid, who has none, still
// comes back. The LIMIT counts users, in the order of their department's
// name, a column of the query's own join, which ContainsEager reads.
func ExampleJoinedLoad() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	since := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	users, err := orm.All(ctx, s, orm.Select[shop.User]().Join(shop.Users.Department).
		OrderBy(shop.Departments.Name.Asc(), shop.Users.Email.Asc()).Limit(3).
		Options(orm.ContainsEager(shop.Users.Department),
			orm.JoinedLoad(shop.Users.Orders.And(shop.Orders.CreatedAt.Ge(since)))))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Department.Name, u.Email, len(u.Orders), "recent orders")
	}
	// Output:
	// sales ann@example.com 1 recent orders
	// sales bob@example.com 1 recent orders
	// sales cid@example.com 0 recent orders
}

// Streaming in batches, each batch's relationships loaded before it is
// yielded; on SQLite by keyset pages.
func ExamplePartitions() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	q := orm.Select[shop.Item]().Options(orm.SelectInLoad(shop.Items.Order))
	for batch, err := range orm.Partitions(ctx, s, q, 4) {
		if err != nil {
			log.Fatal(err)
		}
		var line []string
		for _, it := range batch {
			line = append(line, fmt.Sprint(it.ID, "→", it.Order.ID))
		}
		fmt.Println(strings.Join(line, " "))
	}
	// Output:
	// 1→1 2→1 3→1 4→2
	// 5→3 6→3
}

// A read path in an autocommit session: no snapshots, no BEGIN or COMMIT,
// and writes refused.
func ExampleWithAutocommit() {
	ctx := context.Background()
	eng, _ := exampleShop(ctx)
	defer eng.Close()
	reads := orm.NewSessionFactory(eng, orm.WithAutocommit(true))
	s := reads.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(shop.Users.IsActive.IsTrue()).
		OrderBy(shop.Users.ID.Asc()).Options(orm.SelectInLoad(shop.Users.Orders)))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Email, len(u.Orders), "orders")
	}
	fmt.Println(s.Add(&shop.Department{Name: "new"}))
	// Output:
	// ann@example.com 2 orders
	// bob@example.com 1 orders
	// retort: read-only session: Add
}

// A savepoint inside a transaction: the duplicate it tries to add fails
// alone, and the work before it commits.
func ExampleSession_Savepoint() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	err := f.Transaction(ctx, func(s *orm.Session) error {
		dept, err := orm.First(ctx, s, orm.Select[shop.Department]())
		if err != nil {
			return err
		}
		if err := s.Add(&shop.User{Email: "dee@example.com", Department: dept}); err != nil {
			return err
		}
		err = s.Savepoint(ctx, func() error {
			return s.Add(&shop.User{Email: "ann@example.com", Department: dept}) // taken
		})
		fmt.Println("duplicate refused:", errors.Is(err, engine.ErrUniqueViolation))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	s := f.New()
	defer s.Close()
	users, err := orm.All(ctx, s, orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Print(u.Email, " ")
	}
	fmt.Println()
	// Output:
	// duplicate refused: true
	// ann@example.com bob@example.com cid@example.com dee@example.com
}

// Joins along relationships: the mapping gives each ON clause.
func ExampleSelectStmt_Join() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	items := core.Count(shop.Items.ID).Label("items")
	// FROM users JOIN orders ON orders.user_id = users.id JOIN items ON items.order_id = orders.id
	rows, err := orm.All(ctx, s, orm.Select2[*shop.User, int64](shop.Users, items).
		Join(shop.Users.Orders).Join(shop.Orders.Items).GroupBy(shop.Users.ID).OrderBy(shop.Users.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r.V1.Email, r.V2, "items")
	}
	// Output:
	// ann@example.com 4 items
	// bob@example.com 2 items
}

// An outer join to an alias of the target: Of names it.
func ExampleRelationship_Of() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	o := core.Aliased(shop.Orders, "o")
	// FROM users LEFT OUTER JOIN orders AS o ON o.user_id = users.id
	rows, err := orm.All(ctx, s, orm.Select2[*shop.User, *time.Time](shop.Users, o.CreatedAt).
		OuterJoin(shop.Users.Orders.Of(o)).OrderBy(shop.Users.ID.Asc(), o.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		if r.V2 == nil {
			fmt.Println(r.V1.Email, "no order")
			continue
		}
		fmt.Println(r.V1.Email, r.V2.Format(time.DateOnly))
	}
	// Output:
	// ann@example.com 2026-01-02
	// ann@example.com 2026-01-03
	// bob@example.com 2026-01-04
	// cid@example.com no order
}

// Users by what their orders hold: EXISTS along the relationships,
// nested, and negated.
func ExampleRelationship_Any() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	// WHERE EXISTS (SELECT 1 FROM orders WHERE users.id = orders.user_id
	// AND EXISTS (SELECT 1 FROM items WHERE orders.id = items.order_id AND items.sku = ?))
	withSKU := shop.Users.Orders.Any(shop.Orders.Items.Any(shop.Items.SKU.Eq("3-1")))
	for _, cond := range []core.Condition{withSKU, core.Not(shop.Users.Orders.Any())} {
		users, err := orm.All(ctx, s, orm.Select[shop.User]().Where(cond).Options(orm.NoLoad(shop.Users.Orders)))
		if err != nil {
			log.Fatal(err)
		}
		for _, u := range users {
			fmt.Println(u.Email)
		}
	}
	// Output:
	// bob@example.com
	// cid@example.com
}

// Orders by their user: EXISTS along a many-to-one.
func ExampleRelationship_Has() {
	ctx := context.Background()
	eng, f := exampleShop(ctx)
	defer eng.Close()
	s := f.New()
	defer s.Close()
	// WHERE EXISTS (SELECT 1 FROM users WHERE orders.user_id = users.id AND users.email = ?)
	orders, err := orm.All(ctx, s, orm.Select[shop.Order]().
		Where(shop.Orders.User.Has(shop.Users.Email.Eq("ann@example.com"))).OrderBy(shop.Orders.ID.Asc()))
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range orders {
		fmt.Println("order", o.ID, o.CreatedAt.Format(time.DateOnly))
	}
	// Output:
	// order 1 2026-01-02
	// order 2 2026-01-03
}
