package pgx_test

import (
	"math/big"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/testdb"
)

// eachExecMode runs f on an engine under each of the exec modes that
// decide how numerics travel: binary results and parameter types from
// a prepared statement (cache_statement), text results and parameter
// types from Go types (exec, and simple_protocol with the arguments in
// the SQL text).
func eachExecMode(t *testing.T, f func(t *testing.T, eng *engine.Engine)) {
	for _, mode := range []string{"cache_statement", "exec", "simple_protocol"} {
		t.Run(mode, func(t *testing.T) {
			dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set("default_query_exec_mode", mode)
			u.RawQuery = q.Encode()
			eng, err := engine.Open(t.Context(), u.String())
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			f(t, eng)
		})
	}
}

// decimalValues are money amounts, long values, trailing zeros after
// the point and a value at each place a decimal digit takes in a
// base-10000 digit.
func decimalValues() []string {
	values := []string{
		"0", "-0.00", "12.34", "12.50", "12.5000", "100.000", "-99999999.99", "0.1", "9007199254740993",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e23", "1e-23",
		"123456789012345678901234567890.123456789", strings.Repeat("9", 1000),
		"-" + strings.Repeat("1234567890", 50) + "." + strings.Repeat("0987654321", 50),
	}
	for i := 1; i <= 9; i++ {
		for j := 0; j <= 9; j++ {
			values = append(values, strings.Repeat("7", i)+"."+strings.Repeat("3", j), "-0."+strings.Repeat("0", j)+strings.Repeat("5", i))
		}
	}
	return values
}

// TestPostgresDecimal: a numeric read into a decimal.Decimal is the
// value exactly, with the exponent of the server's text (the column's
// scale), in every exec mode; decimal.Decimal arguments, one or a slice
// of them for = ANY, bind in every mode.
func TestPostgresDecimal(t *testing.T) {
	values := decimalValues()
	eachExecMode(t, func(t *testing.T, eng *engine.Engine) {
		ctx := t.Context()
		tx, err := eng.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		res, err := tx.QuerySQL(ctx, "SELECT v::numeric, v::numeric::text FROM unnest($1::text[]) AS v", values)
		if err != nil {
			t.Fatal(err)
		}
		var decimals []decimal.Decimal
		for res.Next() {
			var got decimal.Decimal
			var text string
			if err := res.Scan(&got, &text); err != nil {
				t.Fatal(err)
			}
			v := values[len(decimals)]
			if !got.Equal(decimal.RequireFromString(v)) {
				t.Errorf("%.40s: read %.40s", v, got)
			}
			if want := decimal.RequireFromString(text); got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
				t.Errorf("%.40s: read with exponent %d, the server's text %.40s has %d", v, got.Exponent(), text, want.Exponent())
			}
			decimals = append(decimals, got)
		}
		if err := res.Err(); err != nil || len(decimals) != len(values) {
			t.Fatalf("%d rows of %d: %v", len(decimals), len(values), err)
		}

		// Each value bound alone, with trailing zeros, which the server
		// keeps as it keeps them from the decimal's String, and all of
		// them as an array.
		for i, d := range decimals {
			zeros := decimal.NewFromBigInt(new(big.Int).Mul(d.Coefficient(), big.NewInt(1000)), d.Exponent()-3)
			res, err := tx.QuerySQL(ctx, "SELECT $1::numeric = $2::text::numeric, $1::numeric, $3::numeric::text", d, values[i], zeros)
			if err != nil {
				t.Fatal(err)
			}
			var same bool
			var back decimal.Decimal
			var text string
			if err := scanOne(res, &same, &back, &text); err != nil || !same || !back.Equal(d) || text != zeros.String() {
				t.Errorf("%.40s bound: equal %v, read back %.40s, %.40s bound as %.40s, %v", values[i], same, back, zeros.String(), text, err)
			}
		}
		one := decimal.New(15, -1)
		res, err = tx.QuerySQL(ctx, "SELECT $1::numeric, $2::numeric, $3::numeric IS NULL, $4::numeric IS NULL",
			&one, decimal.NewNullDecimal(one), (*decimal.Decimal)(nil), decimal.NullDecimal{})
		if err != nil {
			t.Fatal(err)
		}
		var fromPointer, fromNull decimal.Decimal
		var nil1, nil2 bool
		if err := scanOne(res, &fromPointer, &fromNull, &nil1, &nil2); err != nil || !fromPointer.Equal(one) || !fromNull.Equal(one) || !nil1 || !nil2 {
			t.Errorf("*Decimal, NullDecimal, nil *Decimal, NullDecimal{} bound: %v %v %v %v, %v", fromPointer, fromNull, nil1, nil2, err)
		}
		res, err = tx.QuerySQL(ctx, "SELECT count(*) FROM unnest($1::text[]) AS v WHERE v::numeric = ANY($2) AND v::numeric <> $3", values, decimals, decimal.New(-1, 0))
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := scanOne(res, &n); err != nil || n != int64(len(values)) {
			t.Errorf("= ANY of a []decimal.Decimal: %d rows of %d, %v", n, len(values), err)
		}
	})
}

// TestPostgresDecimalRefused: NULL is nil in a *decimal.Decimal, Valid
// false in a NullDecimal, and an error naming NULL in a decimal.Decimal;
// NaN and the infinities, which a decimal cannot hold, are errors naming
// the value and the destination, in every exec mode.
func TestPostgresDecimalRefused(t *testing.T) {
	eachExecMode(t, func(t *testing.T, eng *engine.Engine) {
		ctx := t.Context()
		tx, err := eng.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		query := func(sql string) *engine.Result {
			t.Helper()
			res, err := tx.QuerySQL(ctx, sql)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		var d decimal.Decimal
		var p, some *decimal.Decimal
		var nd decimal.NullDecimal
		nullable := enginehook.Nullable{Dest: &d}
		res := query("SELECT NULL::numeric, NULL::numeric, NULL::numeric, 1.50::numeric")
		if err := scanOne(res, &p, &nd, &nullable, &some); err != nil || p != nil || nd.Valid || !nullable.Null || some == nil || some.String() != "1.5" || some.Exponent() != -2 {
			t.Errorf("NULL, NULL, NULL, 1.50 into *Decimal, NullDecimal, Nullable, *Decimal: %v %v %v %v, %v", p, nd, nullable.Null, some, err)
		}
		if err := scanOne(query("SELECT NULL::numeric"), &d); err == nil || !strings.Contains(err.Error(), "NULL") {
			t.Errorf("NULL into a decimal.Decimal: %v, want an error naming NULL", err)
		}
		for _, v := range []string{"NaN", "Infinity", "-Infinity"} {
			for _, dst := range []any{&d, &p, &nd} {
				err := scanOne(query("SELECT '"+v+"'::numeric"), dst)
				if err == nil || !strings.Contains(err.Error(), " "+v+" ") || !strings.Contains(err.Error(), "decimal.") {
					t.Errorf("%s into %T: %v, want an error naming %[1]s and the decimal", v, dst, err)
				}
			}
		}
	})
}

// scanOne scans res's one row into dest and closes res.
func scanOne(res *engine.Result, dest ...any) error {
	defer res.Close()
	if !res.Next() {
		return res.Err()
	}
	return res.Scan(dest...)
}
