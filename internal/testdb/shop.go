// internal/testdb/shop.go

package testdb

import (
	"context"
	"testing"
	"time"
)

// LoadShop creates and fills the shop dataset (testdata/shop:
// 20,000 users, 200,000 orders, 1,000,000 items, ...) in db's namespace,
// with the dataset's own DDL, on PostgreSQL: the dataset is written in its
// SQL. It takes some ten seconds, so only heavy tests and benchmarks use
// it.
func LoadShop(t testing.TB, db *DB) {
	t.Helper()
	if db.Name != Postgres {
		t.Fatalf("testdb: the shop dataset is PostgreSQL's SQL, not %s", db.Name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	if err := db.ExecScript(ctx, shopScript); err != nil {
		t.Fatalf("testdb: shop: %v", err)
	}
	// Frozen and analysed, so that the first reader does not pay for
	// setting hint bits on a million fresh rows, nor autovacuum start
	// under a benchmark.
	if _, err := db.Exec(ctx, "VACUUM (FREEZE, ANALYZE)"); err != nil {
		t.Fatalf("testdb: shop: %v", err)
	}
	t.Logf("testdb: shop loaded in %v", time.Since(start).Round(time.Millisecond))
}
