package engine_test

import (
	"math"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// TestPostgresNumericFloat64: a numeric column read into a float64 is
// the float8 the server casts it to (PostgreSQL rounds the decimal to
// the nearest double, as the engine must), for money amounts, long
// decimals, the extremes of float64's range and the special values; a
// NULL is nil in a *float64 and an error in a float64.
func TestPostgresNumericFloat64(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	tx := begin(t, eng)
	defer tx.Rollback()
	values := []string{
		"0", "-0.00", "12.34", "-99999999.99", "0.1", "9007199254740993", "1" + strings.Repeat("0", 23),
		"0." + strings.Repeat("0", 22) + "1", "123456789012345678901234567890.123456789",
		"1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "NaN", "Infinity", "-Infinity",
	}
	for i := range 200 { // prices of every cent magnitude
		values = append(values, strings.Repeat("7", i%12+1)+"."+strings.Repeat("3", i%3))
	}
	ctx := t.Context()
	res, err := tx.QuerySQL(ctx, "SELECT v::numeric, v::numeric::float8 FROM unnest($1::text[]) AS v", values)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for res.Next() {
		var got, want float64
		if err := res.Scan(&got, &want); err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: read %v, the server's float8 is %v", values[n], got, want)
		}
		n++
	}
	if err := res.Err(); err != nil || n != len(values) {
		t.Fatalf("%d rows of %d: %v", n, len(values), err)
	}

	res, err = tx.QuerySQL(ctx, "SELECT NULL::numeric, 2.5::numeric, NULL::numeric")
	if err != nil {
		t.Fatal(err)
	}
	var null, some *float64
	var plain float64
	if !res.Next() {
		t.Fatal(res.Err())
	}
	if err := res.Scan(&null, &some, &engine.Nullable{Dest: &plain}); err != nil || null != nil || some == nil || *some != 2.5 {
		t.Errorf("NULL, 2.5, NULL into *float64, *float64, Nullable: %v %v %v", null, some, err)
	}
	if err := res.Scan(&plain, &plain, &plain); err == nil || !strings.Contains(err.Error(), "NULL") {
		t.Errorf("NULL into a float64: %v, want an error naming NULL", err)
	}
	res.Close()
}
