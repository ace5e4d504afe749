package bench

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"
)

// DSN is the benchmark database: $RETORT_BENCH_DSN, or retort_bench on the
// local server.
func DSN() string {
	if dsn := os.Getenv("RETORT_BENCH_DSN"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/retort_bench?sslmode=disable"
}

// datasetRows is how many rows each table of the shop dataset holds
// (internal/testdb/testdata/shop/shop_postgresql.sql, which computes every value
// from the row's id, so these never vary).
var datasetRows = []struct {
	table string
	rows  int64
}{
	{"departments", 10},
	{"users", 20_000},
	{"profiles", 20_000},
	{"orders", 200_000},
	{"items", 1_000_000},
	{"categories", 511},
	{"products", 10_000},
	{"tags", 50},
	{"product_tags", 29_400},
}

// CheckDataset reports whether the database conn is connected to holds
// the shop dataset, with every table's row count; the error says what
// differs.
func CheckDataset(ctx context.Context, conn *pgx.Conn) error {
	for _, t := range datasetRows {
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{t.table}.Sanitize()).Scan(&n); err != nil {
			return fmt.Errorf("table %s: %w", t.table, err)
		}
		if n != t.rows {
			return fmt.Errorf("table %s holds %d rows, the dataset %d", t.table, n, t.rows)
		}
	}
	return nil
}
