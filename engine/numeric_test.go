package engine_test

import (
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
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
	defer tx.Rollback(t.Context())
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
	if err := res.Scan(&null, &some, &enginehook.Nullable{Dest: &plain}); err != nil || null != nil || some == nil || *some != 2.5 {
		t.Errorf("NULL, 2.5, NULL into *float64, *float64, Nullable: %v %v %v", null, some, err)
	}
	if err := res.Scan(&plain, &plain, &plain); err == nil || !strings.Contains(err.Error(), "NULL") {
		t.Errorf("NULL into a float64: %v, want an error naming NULL", err)
	}
	res.Close()
}

// TestDecimalRow: a NUMERIC or DECIMAL column in a Row (All, Mappings) is
// its decimal text on every backend. It was pgtype.Numeric on
// PostgreSQL, float64 on SQLite and string on MariaDB. PostgreSQL and
// MariaDB keep the value exactly; SQLite keeps it as a REAL or an
// INTEGER, whose shortest text is given.
func TestDecimalRow(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		tx := begin(t, eng)
		ctx := t.Context()
		for _, sql := range []string{
			"CREATE TABLE prices (id INT, price DECIMAL(10, 2), exact NUMERIC(30, 10), whole DECIMAL(10, 0))",
			"INSERT INTO prices VALUES (1, 1.50, 12345678901234567890.0123456789, 7), (2, NULL, -0.5, -3)",
		} {
			if _, err := tx.ExecSQL(ctx, sql); err != nil {
				t.Fatal(err)
			}
		}
		res, err := tx.QuerySQL(ctx, "SELECT price, exact, whole FROM prices ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := res.Mappings()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			testdb.Postgres: "[map[exact:12345678901234567890.0123456789 price:1.50 whole:7] map[exact:-0.5000000000 price:<nil> whole:-3]]",
			testdb.MySQL:    "[map[exact:12345678901234567890.0123456789 price:1.50 whole:7] map[exact:-0.5000000000 price:<nil> whole:-3]]",
			testdb.SQLite:   "[map[exact:12345678901234567000 price:1.5 whole:7] map[exact:-0.5 price:<nil> whole:-3]]",
		}[b.name]
		if got := fmt.Sprint(rows); got != want {
			t.Errorf("Mappings() = %s\nwant %s", got, want)
		}
		for _, row := range rows {
			for col, v := range row {
				if _, ok := v.(string); !ok && v != nil {
					t.Errorf("%s is a %T, not a string", col, v)
				}
			}
		}
	})
}

// TestUnsupportedFloats: a NaN or an infinity that the database would
// store as another value without an error (NaN as NULL on SQLite, NaN and
// ±Inf as 0 in a MariaDB DECIMAL) is refused before the statement is
// sent, with ErrUnsupportedValue naming the argument; PostgreSQL stores
// them and gets them.
func TestUnsupportedFloats(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		createFloats := "CREATE TABLE floats (id INT, d DECIMAL(10, 2))"
		if b.name == testdb.Postgres {
			createFloats = "CREATE TABLE floats (id INT, d NUMERIC)" // unbounded: takes ±Infinity
		}
		tx := begin(t, eng)
		ctx := t.Context()
		if _, err := tx.ExecSQL(ctx, createFloats); err != nil {
			t.Fatal(err)
		}
		insert := "INSERT INTO floats VALUES (?, ?)"
		if b.name == testdb.Postgres {
			insert = "INSERT INTO floats VALUES ($1, $2)"
		}
		nan, inf := math.NaN(), math.Inf(-1)
		for i, c := range []struct {
			v        any
			nan, inf bool
		}{
			{nan, true, false}, {float32(inf), false, true}, {&nan, true, false},
			{sql.NullFloat64{Float64: inf, Valid: true}, false, true}, {1.25, false, false},
		} {
			_, err := tx.ExecSQL(ctx, insert, i, c.v)
			refused := b.name == testdb.MySQL && (c.nan || c.inf) || b.name == testdb.SQLite && c.nan
			if refused != errors.Is(err, engine.ErrUnsupportedValue) {
				t.Errorf("argument %v: %v; want refused %v", c.v, err, refused)
			}
			if refused && !strings.Contains(fmt.Sprint(err), "argument 2 is") {
				t.Errorf("the error does not name the argument: %v", err)
			}
			if !refused && err != nil {
				t.Errorf("argument %v: %v", c.v, err)
			}
		}
	})
}
