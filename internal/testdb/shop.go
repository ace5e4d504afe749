// internal/testdb/shop.go

package testdb

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// LoadShop creates and fills the shop dataset (shared/datasets/shop:
// 20,000 users, 200,000 orders, 1,000,000 items, ...) in db's namespace,
// with the dataset's own DDL, on PostgreSQL: the dataset is written in its
// SQL. It takes some ten seconds, so only heavy tests and benchmarks use
// it. A missing dataset skips t, or fails it as LoadChinook does.
func LoadShop(t testing.TB, db *DB) {
	t.Helper()
	if db.Name != Postgres {
		t.Fatalf("testdb: the shop dataset is PostgreSQL's SQL, not %s", db.Name)
	}
	dir, explicit, err := datasetsDir()
	if err != nil {
		if explicit || os.Getenv("CI") == "true" {
			t.Fatalf("testdb: shop: %v", err)
		}
		t.Skipf("testdb: shop: %v", err)
	}
	script, err := os.ReadFile(filepath.Join(dir, "shop", "shop_postgresql.sql"))
	if err != nil {
		t.Fatalf("testdb: shop: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	if err := db.ExecScript(ctx, string(script)); err != nil {
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
