package orm_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
	"github.com/retortdb/retort/retorttest"
)

// BenchmarkScan100k reads 100,000 shop items into mapped structs, one
// allocated per row, on PostgreSQL: by hand-written pgx code, through the
// generated mapping alone (retort), and through a session (read-only: no
// snapshots; and the default), all with the same SQL text. BENCHMARKS.md
// has the figures.
func BenchmarkScan100k(b *testing.B) {
	const rows = 100_000
	ctx := context.Background()
	db, eng := shopBench(b, `
		INSERT INTO orders SELECT g, 1, now(), g, 'paid' FROM generate_series(1, 100) g;
		INSERT INTO items SELECT g, 1 + g % 100, 1, 'SKU-' || g, 1 + g % 5, (g % 1000) / 100.0
			FROM generate_series(1, 100000) g;
		ANALYZE items;`)
	stmt := orm.Select[shop.Item]()
	compiled, err := postgres.Dialect.Compile(stmt.Statement())
	if err != nil {
		b.Fatal(err)
	}
	check := func(b *testing.B, items []*shop.Item) {
		if len(items) != rows || items[rows-1].SKU == "" {
			b.Fatalf("read %d items", len(items))
		}
	}

	b.Run("pgx", func(b *testing.B) {
		pool := db.Pool()
		for b.Loop() {
			tx, err := pool.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			r, err := tx.Query(ctx, compiled.SQL)
			if err != nil {
				b.Fatal(err)
			}
			var items []*shop.Item
			for r.Next() {
				it := new(shop.Item)
				if err := r.Scan(&it.ID, &it.OrderID, &it.ProductID, &it.SKU, &it.Quantity, &it.Price); err != nil {
					b.Fatal(err)
				}
				items = append(items, it)
			}
			if err := r.Err(); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			check(b, items)
		}
	})
	for _, tc := range []struct {
		name string
		f    *orm.SessionFactory
	}{
		{"session-readonly", orm.NewSessionFactory(eng, orm.WithReadOnly(true))},
		{"session", orm.NewSessionFactory(eng)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				s := tc.f.New()
				items, err := orm.All(ctx, s, stmt)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				check(b, items)
			}
		})
	}
	b.Run("retort", func(b *testing.B) {
		for b.Loop() {
			tx, err := eng.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			res, err := tx.Query(ctx, stmt.Statement())
			if err != nil {
				b.Fatal(err)
			}
			items, err := orm.ScanAll[shop.Item](res)
			if err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			check(b, items)
		}
	})
}

// BenchmarkFlush10k inserts 10,000 new orders with two items each (30,000
// rows) on PostgreSQL: by a session's flush, and by hand-written pgx code
// doing what a careful engineer would, multi-row INSERTs of the orders
// RETURNING their ids, then of the items. BENCHMARKS.md has the figures.
func BenchmarkFlush10k(b *testing.B) {
	const orders = 10_000
	ctx := context.Background()
	db, eng := shopBench(b, "")
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	graph := func() []*shop.Order {
		out := make([]*shop.Order, orders)
		for i := range out {
			o := &shop.Order{UserID: 1, CreatedAt: created, Total: 10, Status: "new"}
			o.Items = []*shop.Item{
				{ProductID: 1, SKU: "A-" + strconv.Itoa(i), Quantity: 1, Price: 4},
				{ProductID: 1, SKU: "B-" + strconv.Itoa(i), Quantity: 2, Price: 3},
			}
			out[i] = o
		}
		return out
	}
	reset := func(b *testing.B) {
		b.StopTimer()
		if err := db.ExecScript(ctx, "TRUNCATE items, orders"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	check := func(b *testing.B, os []*shop.Order) {
		if os[orders-1].ID == 0 || os[orders-1].Items[1].OrderID != os[orders-1].ID {
			b.Fatal("keys not set")
		}
	}

	b.Run("pgx", func(b *testing.B) {
		pool := db.Pool()
		const maxParams = 65_535
		for b.Loop() {
			reset(b)
			os := graph()
			tx, err := pool.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for start := 0; start < len(os); start += maxParams / 4 {
				chunk := os[start:min(start+maxParams/4, len(os))]
				var sql strings.Builder
				args := make([]any, 0, 4*len(chunk))
				sql.WriteString("INSERT INTO orders (user_id, created_at, total, status) VALUES ")
				for i, o := range chunk {
					if i > 0 {
						sql.WriteString(", ")
					}
					n := len(args)
					fmt.Fprintf(&sql, "($%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4)
					args = append(args, o.UserID, o.CreatedAt, o.Total, o.Status)
				}
				sql.WriteString(" RETURNING id")
				rows, err := tx.Query(ctx, sql.String(), args...)
				if err != nil {
					b.Fatal(err)
				}
				ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
				if err != nil {
					b.Fatal(err)
				}
				slices.Sort(ids)
				for i, o := range chunk {
					o.ID = ids[i]
				}
			}
			var items []*shop.Item
			for _, o := range os {
				for _, it := range o.Items {
					it.OrderID = o.ID
					items = append(items, it)
				}
			}
			for start := 0; start < len(items); start += maxParams / 5 {
				chunk := items[start:min(start+maxParams/5, len(items))]
				var sql strings.Builder
				args := make([]any, 0, 5*len(chunk))
				sql.WriteString("INSERT INTO items (order_id, product_id, sku, quantity, price) VALUES ")
				for i, it := range chunk {
					if i > 0 {
						sql.WriteString(", ")
					}
					n := len(args)
					fmt.Fprintf(&sql, "($%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5)
					args = append(args, it.OrderID, it.ProductID, it.SKU, it.Quantity, it.Price)
				}
				sql.WriteString(" RETURNING id")
				rows, err := tx.Query(ctx, sql.String(), args...)
				if err != nil {
					b.Fatal(err)
				}
				ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
				if err != nil {
					b.Fatal(err)
				}
				slices.Sort(ids)
				for i, it := range chunk {
					it.ID = ids[i]
				}
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			check(b, os)
		}
	})
	b.Run("session", func(b *testing.B) {
		f := orm.NewSessionFactory(eng)
		for b.Loop() {
			reset(b)
			os := graph()
			s := f.New()
			for _, o := range os {
				if err := s.Add(o); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			s.Close()
			check(b, os)
		}
	})
}

// shopBench opens PostgreSQL with the shop schema holding one department,
// user, category and product, then runs more, the benchmark's own rows.
func shopBench(b *testing.B, more string) (*testdb.DB, *engine.Engine) {
	ctx := context.Background()
	db, dsn := testdb.OpenWithDSN(b, testdb.Postgres)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close() })
	if err := orm.CreateAll(ctx, eng, shop.MappedTables...); err != nil {
		b.Fatal(err)
	}
	if err := db.ExecScript(ctx, `
		INSERT INTO departments VALUES (1, 'd');
		INSERT INTO users VALUES (1, 'u@example.com', 1, true, now());
		INSERT INTO categories VALUES (1, NULL, 'c');
		INSERT INTO products VALUES (1, 1, 'p', 9.99);`+more); err != nil {
		b.Fatal(err)
	}
	return db, eng
}

// BenchmarkNested1000 loads the shop dataset's first 1,000 users with
// their orders and the orders' items (about 27,000 orders and 136,000
// items) by select-in: three statements, against hand-written pgx code
// that runs the same three statements (ANY($1) with the parents' keys)
// and links the objects through maps; and by joined loading, one
// statement (session-joined). BENCHMARKS.md has the figures.
func BenchmarkNested1000(b *testing.B) {
	ctx := context.Background()
	db, dsn := testdb.OpenWithDSN(b, testdb.Postgres)
	testdb.LoadShop(b, db)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close() })
	q := orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Limit(1000).
		Options(orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items))
	check := func(b *testing.B, users []*shop.User) {
		orders, items := 0, 0
		for _, u := range users {
			orders += len(u.Orders)
			for _, o := range u.Orders {
				items += len(o.Items)
			}
		}
		if len(users) != 1000 || orders < 20_000 || items < 100_000 {
			b.Fatalf("%d users, %d orders, %d items", len(users), orders, items)
		}
	}

	b.Run("pgx", func(b *testing.B) {
		pool := db.Pool()
		for b.Loop() {
			tx, err := pool.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			rows, err := tx.Query(ctx, "SELECT users.id, users.email, users.department_id, users.is_active, users.created_at FROM users ORDER BY users.id ASC LIMIT $1", 1000)
			if err != nil {
				b.Fatal(err)
			}
			var users []*shop.User
			byID := map[int64]*shop.User{}
			var ids []int64
			for rows.Next() {
				u := new(shop.User)
				if err := rows.Scan(&u.ID, &u.Email, &u.DepartmentID, &u.IsActive, &u.CreatedAt); err != nil {
					b.Fatal(err)
				}
				users = append(users, u)
				byID[u.ID] = u
				ids = append(ids, u.ID)
			}
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
			rows, err = tx.Query(ctx, "SELECT orders.id, orders.user_id, orders.created_at, orders.total, orders.status FROM orders WHERE orders.user_id = ANY($1) ORDER BY orders.created_at DESC, orders.id ASC", ids)
			if err != nil {
				b.Fatal(err)
			}
			orderByID := map[int64]*shop.Order{}
			var orderIDs []int64
			for rows.Next() {
				o := new(shop.Order)
				if err := rows.Scan(&o.ID, &o.UserID, &o.CreatedAt, &o.Total, &o.Status); err != nil {
					b.Fatal(err)
				}
				u := byID[o.UserID]
				u.Orders = append(u.Orders, o)
				orderByID[o.ID] = o
				orderIDs = append(orderIDs, o.ID)
			}
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
			rows, err = tx.Query(ctx, "SELECT items.id, items.order_id, items.product_id, items.sku, items.quantity, items.price FROM items WHERE items.order_id = ANY($1) ORDER BY items.id ASC", orderIDs)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				it := new(shop.Item)
				if err := rows.Scan(&it.ID, &it.OrderID, &it.ProductID, &it.SKU, &it.Quantity, &it.Price); err != nil {
					b.Fatal(err)
				}
				o := orderByID[it.OrderID]
				o.Items = append(o.Items, it)
			}
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			check(b, users)
		}
	})
	// The same graph by joined loading: one statement, a row per item.
	joined := orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Limit(1000).
		Options(orm.JoinedLoad(shop.Users.Orders).JoinedLoad(shop.Orders.Items))
	for _, tc := range []struct {
		name string
		f    *orm.SessionFactory
		q    *orm.SelectStmt[*shop.User]
	}{
		{"session-readonly", orm.NewSessionFactory(eng, orm.WithReadOnly(true)), q},
		{"session", orm.NewSessionFactory(eng), q},
		{"session-joined", orm.NewSessionFactory(eng), joined},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				s := tc.f.New()
				users, err := orm.All(ctx, s, tc.q)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				check(b, users)
			}
		})
	}
}

// BenchmarkCategoryTree loads a shop category tree of 364 categories, a
// root and five levels of three children each, from its root to the
// leaves (every collection filled, the leaves' empty): by RecursiveLoad,
// one WITH RECURSIVE statement, and by SelectInLoad chained per level,
// one statement per level (six: the last finds the leaves empty), on
// PostgreSQL and SQLite. stmts/op counts the statements after the root's.
func BenchmarkCategoryTree(b *testing.B) {
	ctx := context.Background()
	for _, backend := range []string{testdb.Postgres, testdb.SQLite} {
		b.Run(backend, func(b *testing.B) {
			db, dsn := testdb.OpenWithDSN(b, backend)
			rec := retorttest.NewRecorder()
			eng, err := engine.Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { eng.Close() })
			if err := orm.CreateAll(ctx, eng, shop.MappedTables...); err != nil {
				b.Fatal(err)
			}
			root := &shop.Category{Name: "root"}
			cats := []*shop.Category{root}
			for level, start := 0, 0; level < 5; level++ {
				end := len(cats)
				for _, parent := range cats[start:end] {
					for i := range 3 {
						cats = append(cats, &shop.Category{Name: fmt.Sprint(parent.Name, "/", i), Parent: parent})
					}
				}
				start = end
			}
			f := orm.NewSessionFactory(eng)
			if err := f.Transaction(ctx, func(s *orm.Session) error {
				objs := make([]any, len(cats))
				for i, c := range cats {
					objs[i] = c
				}
				return s.AddAll(objs...)
			}); err != nil {
				b.Fatal(err)
			}
			// Statistics, as autovacuum would gather them: without them
			// PostgreSQL plans the recursive join blind.
			if _, err := db.Exec(ctx, "ANALYZE categories"); err != nil {
				b.Fatal(err)
			}
			eng.AddTracer(rec)
			q := orm.Select[shop.Category]().Where(shop.Categories.ParentID.IsNull())
			selectIn := orm.SelectInLoad(shop.Categories.Children)
			for range 5 {
				selectIn = selectIn.SelectInLoad(shop.Categories.Children)
			}
			for _, tc := range []struct {
				name string
				opt  orm.LoadPath
			}{
				{"recursive", orm.RecursiveLoad(shop.Categories.Children, orm.ToLeaves)},
				{"selectin", selectIn},
			} {
				b.Run(tc.name, func(b *testing.B) {
					rec.Reset()
					for b.Loop() {
						s := f.New()
						roots, err := orm.All(ctx, s, q.Options(tc.opt))
						if err != nil {
							b.Fatal(err)
						}
						if n := countTree(roots[0]); n != len(cats) {
							b.Fatalf("%d categories loaded, want %d", n, len(cats))
						}
						s.Close()
					}
					b.ReportMetric(float64(rec.Count())/float64(b.N)-1, "stmts/op")
				})
			}
		})
	}
}

// countTree counts c and the categories below it.
func countTree(c *shop.Category) int {
	n := 1
	for _, child := range c.Children {
		n += countTree(child)
	}
	return n
}
