package orm_test

import (
	"context"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// BenchmarkScan100k reads 100,000 shop items into mapped structs, one
// allocated per row, on PostgreSQL: through the generated mapping
// (orm's scanner, the path sessions use) and by hand-written pgx code on
// the same pool settings and the same SQL text. BENCHMARKS.md has the
// figures.
func BenchmarkScan100k(b *testing.B) {
	const rows = 100_000
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
		INSERT INTO products VALUES (1, 1, 'p', 9.99);
		INSERT INTO orders SELECT g, 1, now(), g, 'paid' FROM generate_series(1, 100) g;
		INSERT INTO items SELECT g, 1 + g % 100, 1, 'SKU-' || g, 1 + g % 5, (g % 1000) / 100.0
			FROM generate_series(1, 100000) g;
		ANALYZE items;`); err != nil {
		b.Fatal(err)
	}
	stmt := core.Select(shop.Items.Table)
	compiled, err := postgres.Dialect.Compile(stmt)
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
	b.Run("retort", func(b *testing.B) {
		for b.Loop() {
			tx, err := eng.Begin(ctx)
			if err != nil {
				b.Fatal(err)
			}
			res, err := tx.Query(ctx, stmt)
			if err != nil {
				b.Fatal(err)
			}
			items, err := orm.ScanAll[shop.Item](res)
			if err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			check(b, items)
		}
	})
}
