package pgx

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// decimalCases adds to numericCases long values, trailing zeros after
// the point, and a value at each of the four places a decimal digit
// takes in a base-10000 digit, on both sides of the point.
func decimalCases() []string {
	cases := append([]string(nil), numericCases...)
	cases = append(cases, "-99999999.99", "12.50", "12.500", "12.5000", "12.50000", "100.000", "0.10", "-0.000",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
		"922337203685477580.7", "92233720368547758.08", "18446744073709551615", "18446744073709551616",
		"1"+strings.Repeat("0", 23), "0."+strings.Repeat("0", 22)+"1",
		strings.Repeat("9", 1000), "-"+strings.Repeat("1234567890", 50)+"."+strings.Repeat("0987654321", 50),
		"0."+strings.Repeat("0", 9999)+"1")
	for i := 1; i <= 9; i++ {
		for j := 0; j <= 9; j++ {
			cases = append(cases, strings.Repeat("7", i)+"."+strings.Repeat("3", j), "-0."+strings.Repeat("0", j)+strings.Repeat("5", i))
		}
	}
	return cases
}

// numericSrc returns s as PostgreSQL sends a numeric in binary and in
// text, both encoded by pgx.
func numericSrc(t testing.TB, m *pgtype.Map, s string) (bin, text []byte) {
	var n pgtype.Numeric
	if err := n.Scan(s); err != nil {
		t.Fatalf("pgtype.Numeric.Scan(%q): %v", s, err)
	}
	bin, err := m.Encode(pgtype.NumericOID, pgtype.BinaryFormatCode, n, nil)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	text, err = m.Encode(pgtype.NumericOID, pgtype.TextFormatCode, n, nil)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return bin, text
}

// sameDecimal reports whether a and b have the same coefficient and
// exponent, which Equal does not check.
func sameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// checkDecimalAsPgx fails t unless numericDecimal and numericTextDecimal
// read s as pgx's own path for a *decimal.Decimal does (its sql.Scanner,
// by the numeric's text): the same coefficient and exponent, or an
// error where pgx's is one.
func checkDecimalAsPgx(t testing.TB, m *pgtype.Map, s string) {
	t.Helper()
	bin, text := numericSrc(t, m, s)
	var want decimal.Decimal
	wantErr := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, bin, &want)
	for _, c := range []struct {
		format string
		decode func([]byte) (decimal.Decimal, error)
		src    []byte
	}{{"binary", numericDecimal, bin}, {"text", numericTextDecimal, text}} {
		got, err := c.decode(c.src)
		switch {
		case (err != nil) != (wantErr != nil):
			t.Errorf("%s in %s: error %v, pgx's %v", s, c.format, err, wantErr)
		case err == nil && !sameDecimal(got, want):
			t.Errorf("%s in %s: %s × 10^%d, pgx's %s × 10^%d", s, c.format, got.Coefficient(), got.Exponent(), want.Coefficient(), want.Exponent())
		case err == nil && !strings.HasPrefix(s, "NaN") && !strings.Contains(s, "Inf") && !got.Equal(decimal.RequireFromString(s)):
			t.Errorf("%s in %s: %s", s, c.format, got)
		}
	}
}

func TestNumericDecimalAsPgx(t *testing.T) {
	m := pgtype.NewMap()
	for _, s := range decimalCases() {
		checkDecimalAsPgx(t, m, s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		digits := make([]byte, 1+r.IntN(45))
		for i := range digits {
			digits[i] = byte('0' + r.IntN(10))
		}
		s := string(digits)
		if point := r.IntN(len(digits) + 30); point < len(s) {
			s = s[:point] + "." + s[point:]
		} else {
			s += strings.Repeat("0", point-len(s))
		}
		if strings.HasPrefix(s, ".") {
			s = "0" + s
		}
		if r.IntN(2) == 0 {
			s = "-" + s
		}
		checkDecimalAsPgx(t, m, s)
	}
}

func FuzzNumericDecimal(f *testing.F) {
	f.Add("1234", 2, false)
	f.Add("9223372036854775808", 0, true)
	f.Add("12345678901234567890123456789", 5, false)
	f.Add("0000", 0, true)
	m := pgtype.NewMap()
	f.Fuzz(func(t *testing.T, digits string, scale int, neg bool) {
		if digits == "" || len(digits) > 1000 || strings.Trim(digits, "0123456789") != "" || scale < 0 || scale > 1000 {
			return
		}
		s := digits
		if scale > 0 {
			s = "0." + strings.Repeat("0", scale) + digits
		}
		if neg {
			s = "-" + s
		}
		checkDecimalAsPgx(t, m, s)
	})
}

// numericBytes returns a binary numeric with the given header and digits.
func numericBytes(ndigits, weight, sign, dscale uint16, digits ...uint16) []byte {
	b := []byte{byte(ndigits >> 8), byte(ndigits), byte(weight >> 8), byte(weight), byte(sign >> 8), byte(sign), byte(dscale >> 8), byte(dscale)}
	for _, d := range digits {
		b = append(b, byte(d>>8), byte(d))
	}
	return b
}

// TestNumericDecimalMalformed: bytes and text no server sends are
// errors, not panics or a number; digits past the display scale are cut
// off, as the server's numeric_recv does.
func TestNumericDecimalMalformed(t *testing.T) {
	for name, src := range map[string][]byte{
		"short header":        {0, 1, 0},
		"empty":               {},
		"missing digits":      numericBytes(2, 0, numericPositive, 0, 12),
		"extra bytes":         numericBytes(1, 0, numericPositive, 0, 12, 34),
		"unknown sign":        numericBytes(1, 0, 0x8000, 0, 12),
		"digit over 9999":     numericBytes(1, 0, numericPositive, 0, 10000),
		"long, digit bad":     numericBytes(6, 0, numericPositive, 0, 1, 2, 3, 4, 5, 0xffff),
		"huge ndigits, empty": numericBytes(0xffff, 0, numericPositive, 0),
		"display scale":       numericBytes(1, 0, numericPositive, maxDscale+1, 12),
	} {
		if d, err := numericDecimal(src); err == nil {
			t.Errorf("%s: %v, want an error", name, d)
		}
	}
	for _, s := range []string{"", "-", ".", "-.", "1.2.3", "1e5", "+1", "1 ", "0x10", "inf", "nan"} {
		if d, err := numericTextDecimal([]byte(s)); err == nil {
			t.Errorf("%q: %v, want an error", s, d)
		}
	}
	for _, c := range []struct {
		src  []byte
		want string
	}{
		{numericBytes(2, 0, numericPositive, 1, 12, 5678), "12.5"},
		{numericBytes(2, 0, numericNegative, 0, 12, 5678), "-12"},
		{numericBytes(6, 0, numericPositive, 2, 1, 2345, 6789, 1234, 5678, 9012), "1.23"},
		{numericBytes(1, 0xfff0, numericPositive, 3, 1234), "0.000"},
	} {
		d, err := numericDecimal(c.src)
		if want := decimal.RequireFromString(c.want); err != nil || !sameDecimal(d, want) {
			t.Errorf("%v: %v (%v), want %v", c.src, d, err, c.want)
		}
	}
}

// TestNumericDecimalPlans: a numeric of either format into a
// *decimal.Decimal or *decimal.NullDecimal is planned by
// numericDecimalPlan, into a **decimal.Decimal by a pointerPlan over it;
// NULL is an error in a decimal.Decimal, nil in a *decimal.Decimal and
// Valid false in a NullDecimal; NaN and the infinities are errors naming
// the value and the destination. A decimal.Decimal, a *decimal.Decimal
// and a NullDecimal are encoded by numericDecimalEncodePlan.
func TestNumericDecimalPlans(t *testing.T) {
	m := pgtype.NewMap()
	withPointerPlans(m)
	withNumericCodec(m)
	bin, text := numericSrc(t, m, "12.50")
	want := decimal.New(1250, -2)
	for _, format := range []int16{pgtype.BinaryFormatCode, pgtype.TextFormatCode} {
		src := map[int16][]byte{pgtype.BinaryFormatCode: bin, pgtype.TextFormatCode: text}[format]
		var d decimal.Decimal
		var p *decimal.Decimal
		var n decimal.NullDecimal
		if plan, ok := m.PlanScan(pgtype.NumericOID, format, &d).(numericDecimalPlan); !ok || plan.format != format {
			t.Errorf("*decimal.Decimal in format %d: planned %#v", format, m.PlanScan(pgtype.NumericOID, format, &d))
		}
		if _, ok := m.PlanScan(pgtype.NumericOID, format, &n).(numericDecimalPlan); !ok {
			t.Errorf("*decimal.NullDecimal in format %d: planned %T", format, m.PlanScan(pgtype.NumericOID, format, &n))
		}
		if _, ok := m.PlanScan(pgtype.NumericOID, format, &p).(*pointerPlan[decimal.Decimal]); !ok {
			t.Errorf("**decimal.Decimal in format %d: planned %T", format, m.PlanScan(pgtype.NumericOID, format, &p))
		}
		if err := m.Scan(pgtype.NumericOID, format, src, &d); err != nil || !sameDecimal(d, want) {
			t.Errorf("format %d into *decimal.Decimal: %v, %v", format, d, err)
		}
		if err := m.Scan(pgtype.NumericOID, format, src, &p); err != nil || p == nil || !sameDecimal(*p, want) {
			t.Errorf("format %d into **decimal.Decimal: %v, %v", format, p, err)
		}
		if err := m.Scan(pgtype.NumericOID, format, src, &n); err != nil || !n.Valid || !sameDecimal(n.Decimal, want) {
			t.Errorf("format %d into *decimal.NullDecimal: %v, %v", format, n, err)
		}
		if err := m.Scan(pgtype.NumericOID, format, nil, &p); err != nil || p != nil {
			t.Errorf("NULL in format %d into **decimal.Decimal: %v, %v", format, p, err)
		}
		if err := m.Scan(pgtype.NumericOID, format, nil, &n); err != nil || n.Valid {
			t.Errorf("NULL in format %d into *decimal.NullDecimal: %v, %v", format, n, err)
		}
		if err := m.Scan(pgtype.NumericOID, format, nil, &d); err == nil || !strings.Contains(err.Error(), "NULL") {
			t.Errorf("NULL in format %d into *decimal.Decimal: %v, want an error naming NULL", format, err)
		}
		for _, s := range []string{"NaN", "Infinity", "-Infinity"} {
			bin, text := numericSrc(t, m, s)
			src := map[int16][]byte{pgtype.BinaryFormatCode: bin, pgtype.TextFormatCode: text}[format]
			for _, dst := range []any{&d, &n, &p} {
				err := m.Scan(pgtype.NumericOID, format, src, dst)
				if err == nil || !strings.Contains(err.Error(), " "+s+" ") || !strings.Contains(err.Error(), "decimal.") {
					t.Errorf("%s in format %d into %T: %v, want an error naming %[1]s and the decimal", s, format, dst, err)
				}
			}
		}
	}
	for _, v := range []any{want, &want, decimal.NewNullDecimal(want)} {
		if _, ok := m.PlanEncode(pgtype.NumericOID, pgtype.BinaryFormatCode, v).(numericDecimalEncodePlan); !ok {
			t.Errorf("%T encoded by %T", v, m.PlanEncode(pgtype.NumericOID, pgtype.BinaryFormatCode, v))
		}
	}
	var s string
	if _, err := (numericDecimalEncodePlan{}).Encode(s, nil); err == nil {
		t.Error("numericDecimalEncodePlan given a string: no error")
	}
	if err := (numericDecimalPlan{}).Scan(bin, &s); err == nil {
		t.Error("numericDecimalPlan given a *string: no error")
	}
}

// BenchmarkNumericDecimal reads a binary and a text numeric into a
// decimal.Decimal by numericDecimalPlan ("retort") and by pgx's own
// plan, its sql.Scanner ("pgx"), into a pgtype.Numeric by pgx, and into
// a float64 by numericFloat64Plan, for a money amount, a long value and
// one of 1000 digits.
func BenchmarkNumericDecimal(b *testing.B) {
	stock := pgtype.NewMap()
	ours := pgtype.NewMap()
	withNumericCodec(ours)
	for _, s := range []string{"1234.50", "123456789012345678901234567890.123456789", strings.Repeat("1234567890", 100)} {
		bin, text := numericSrc(b, stock, s)
		size := strconv.Itoa(len(s)) + "chars"
		for _, c := range []struct {
			name   string
			m      *pgtype.Map
			format int16
			src    []byte
			dst    any
		}{
			{"decimal/retort/binary", ours, pgtype.BinaryFormatCode, bin, new(decimal.Decimal)},
			{"decimal/pgx/binary", stock, pgtype.BinaryFormatCode, bin, new(decimal.Decimal)},
			{"decimal/retort/text", ours, pgtype.TextFormatCode, text, new(decimal.Decimal)},
			{"decimal/pgx/text", stock, pgtype.TextFormatCode, text, new(decimal.Decimal)},
			{"pgtype.Numeric/binary", stock, pgtype.BinaryFormatCode, bin, new(pgtype.Numeric)},
			{"float64/retort/binary", ours, pgtype.BinaryFormatCode, bin, new(float64)},
		} {
			if _, ok := c.dst.(*float64); ok && len(s) > 308 {
				continue // past float64's range
			}
			b.Run(c.name+"/"+size, func(b *testing.B) {
				plan := c.m.PlanScan(pgtype.NumericOID, c.format, c.dst)
				b.ReportAllocs()
				for b.Loop() {
					if err := plan.Scan(c.src, c.dst); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// checkDecimalEncode fails t unless d, encoded by numericDecimalEncodePlan,
// is the numeric pgx reads as d's String, the text pgx binds without the
// plan, and numericDecimal reads it back as that value.
func checkDecimalEncode(t testing.TB, m *pgtype.Map, d decimal.Decimal) {
	t.Helper()
	src, err := (numericDecimalEncodePlan{}).Encode(d, []byte("x"))
	if err != nil || len(src) < 1 || src[0] != 'x' {
		t.Fatalf("%v × 10^%d: %v, %v", d.Coefficient(), d.Exponent(), src, err)
	}
	src = src[1:]
	var n pgtype.Numeric
	if err := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, src, &n); err != nil {
		t.Fatalf("%v × 10^%d: pgx cannot read %v: %v", d.Coefficient(), d.Exponent(), src, err)
	}
	// pgx reads any zero as 0, without its scale: the read back below
	// checks that.
	text, err := m.Encode(pgtype.NumericOID, pgtype.TextFormatCode, n, nil)
	if err != nil || string(text) != d.String() && !d.IsZero() {
		t.Errorf("%v × 10^%d: encoded as %s, its String is %s (%v)", d.Coefficient(), d.Exponent(), text, d, err)
	}
	back, err := numericDecimal(src)
	if err != nil || !sameDecimal(back, decimal.RequireFromString(d.String())) {
		t.Errorf("%v × 10^%d: read back as %v, %v", d.Coefficient(), d.Exponent(), back, err)
	}
}

// TestNumericDecimalEncode: decimals of every case, and each again with
// trailing zeros and as a multiple of a power of ten, encode to the
// numeric of their String; a NullDecimal that is not Valid and a nil
// *decimal.Decimal to NULL; a value past PostgreSQL's numeric to an
// error.
func TestNumericDecimalEncode(t *testing.T) {
	m := pgtype.NewMap()
	check := func(d decimal.Decimal) {
		t.Helper()
		checkDecimalEncode(t, m, d)
		c, exp := d.Coefficient(), d.Exponent()
		for _, k := range []int64{1, 3, 7} {
			checkDecimalEncode(t, m, decimal.NewFromBigInt(new(big.Int).Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil)), exp-int32(k)))
			checkDecimalEncode(t, m, decimal.NewFromBigInt(c, exp+int32(k)))
		}
	}
	for _, s := range decimalCases() {
		if d, err := decimal.NewFromString(s); err == nil {
			check(d)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		check(decimal.New(r.Int64N(1<<62)-1<<61, int32(r.IntN(60)-40)))
	}
	check(decimal.Decimal{})
	check(decimal.New(0, -2))
	check(decimal.New(math.MinInt64, -3))
	// Under TrimTrailingZeros false a String keeps the exponent's
	// digits, and so does the encoding.
	decimal.TrimTrailingZeros = false
	for _, d := range []decimal.Decimal{decimal.New(1250, -2), decimal.New(0, -2), decimal.New(-100, -2), decimal.New(5, 3)} {
		check(d)
	}
	decimal.TrimTrailingZeros = true
	for _, v := range []any{decimal.NullDecimal{}, (*decimal.Decimal)(nil)} {
		if src, err := (numericDecimalEncodePlan{}).Encode(v, nil); src != nil || err != nil {
			t.Errorf("%#v: %v, %v; want NULL", v, src, err)
		}
	}
	for _, d := range []decimal.Decimal{decimal.New(1, 1<<20), decimal.New(1, -1<<20), decimal.New(1, -20000)} {
		if src, err := (numericDecimalEncodePlan{}).Encode(d, nil); err == nil {
			t.Errorf("1 × 10^%d: %v, want an error", d.Exponent(), src)
		}
	}
}

// BenchmarkNumericDecimalEncode binds a decimal.Decimal to a numeric
// parameter as pgx's cache_statement mode does: by
// numericDecimalEncodePlan ("retort"); by pgx's own plans beside
// numericCodec ("before": the binary format fails, and the text is sent);
// by pgx alone ("pgx": the text is parsed into a pgtype.Numeric and
// encoded). And a pgtype.Numeric of the same value by pgx.
func BenchmarkNumericDecimalEncode(b *testing.B) {
	stock := pgtype.NewMap()
	before := pgtype.NewMap()
	before.RegisterType(&pgtype.Type{Name: "numeric", OID: pgtype.NumericOID, Codec: numericCodecWithoutEncode{}})
	ours := pgtype.NewMap()
	withNumericCodec(ours)
	sd := &pgconn.StatementDescription{ParamOIDs: []uint32{pgtype.NumericOID}}
	for _, s := range []string{"1234.50", "123456789012345678901234567890.123456789"} {
		d := decimal.RequireFromString(s)
		size := strconv.Itoa(len(s)) + "chars"
		for _, c := range []struct {
			name string
			m    *pgtype.Map
			arg  any
		}{
			{"decimal/retort", ours, d},
			{"decimal/before", before, d},
			{"decimal/pgx", stock, d},
			{"pgtype.Numeric", stock, pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}},
		} {
			b.Run(c.name+"/"+size, func(b *testing.B) {
				var eqb pgxv5.ExtendedQueryBuilder
				b.ReportAllocs()
				for b.Loop() {
					if err := eqb.Build(c.m, sd, []any{c.arg}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// numericCodecWithoutEncode is numericCodec with pgx's encode plans.
type numericCodecWithoutEncode struct{ numericCodec }

func (c numericCodecWithoutEncode) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	return c.NumericCodec.PlanEncode(m, oid, format, value)
}
