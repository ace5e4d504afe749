package pgx

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// numericCases are decimals at the edges of numericFloat64's fast path
// (16 digits, 2^53, 10^±22) and past it, and at float64's range.
var numericCases = []string{
	"0", "0.00", "-0.00", "1", "-1", "0.1", "0.5", "12.34", "-12.34", "99999999.99", "0.01",
	"3.14159265358979", "2.718281828459045", "0.1234567890123456789",
	"9007199254740992", "9007199254740993", "-9007199254740993", "9999999999999999", "10000000000000001",
	"1" + strings.Repeat("0", 22), "1" + strings.Repeat("0", 23), "123" + strings.Repeat("0", 30),
	"0." + strings.Repeat("0", 21) + "1", "0." + strings.Repeat("0", 22) + "1", "0." + strings.Repeat("0", 40) + "7",
	"123456789012345678901234567890.123456789", "-0.000123456789012345678901234567890",
	"17976931348623157" + strings.Repeat("0", 292), "17976931348623159" + strings.Repeat("0", 292),
	"1" + strings.Repeat("0", 400), "0." + strings.Repeat("0", 399) + "1", "-0." + strings.Repeat("0", 399) + "1",
	"0." + strings.Repeat("0", 323) + "5", "0." + strings.Repeat("0", 323) + "25",
	"NaN", "Infinity", "-Infinity",
}

// pgxNumeric returns s as PostgreSQL sends a numeric in binary, encoded
// by pgx, and the float64 pgx's own plan scans it into.
func pgxNumeric(t testing.TB, m *pgtype.Map, s string) ([]byte, float64, error) {
	var n pgtype.Numeric
	if err := n.Scan(s); err != nil {
		t.Fatalf("pgtype.Numeric.Scan(%q): %v", s, err)
	}
	src, err := m.Encode(pgtype.NumericOID, pgtype.BinaryFormatCode, n, nil)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	var f float64
	err = m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, src, &f)
	return src, f, err
}

// checkAsPgx fails t unless numericFloat64 reads s as pgx does: the same
// bits (NaN for NaN), or an error where pgx's is one.
func checkAsPgx(t testing.TB, m *pgtype.Map, s string) {
	t.Helper()
	src, want, wantErr := pgxNumeric(t, m, s)
	got, err := numericFloat64(src)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("%s: error %v, pgx's %v", s, err, wantErr)
	case err == nil && math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)):
		t.Errorf("%s: %v (%#x), pgx's %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

func TestNumericFloat64AsPgx(t *testing.T) {
	m := pgtype.NewMap()
	for _, s := range numericCases {
		checkAsPgx(t, m, s)
	}
	// Random decimals of 1 to 40 digits at every scale in the fast
	// path's range and past it.
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		digits := make([]byte, 1+r.IntN(40))
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
		checkAsPgx(t, m, s)
	}
}

func FuzzNumericFloat64(f *testing.F) {
	f.Add("1234", 2, false)
	f.Add("9007199254740993", 0, true)
	f.Add("12345678901234567890123456789", 5, false)
	f.Add("1", 399, true)
	f.Add("25", 322, false)
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
		checkAsPgx(t, m, s)
	})
}

// TestNumericFloat64Malformed: bytes no server sends are errors, not
// panics or a number.
func TestNumericFloat64Malformed(t *testing.T) {
	header := func(ndigits, weight, sign uint16, digits ...uint16) []byte {
		b := []byte{byte(ndigits >> 8), byte(ndigits), byte(weight >> 8), byte(weight), byte(sign >> 8), byte(sign), 0, 0}
		for _, d := range digits {
			b = append(b, byte(d>>8), byte(d))
		}
		return b
	}
	for name, src := range map[string][]byte{
		"short header":        {0, 1, 0},
		"missing digits":      header(2, 0, numericPositive, 12),
		"extra bytes":         header(1, 0, numericPositive, 12, 34),
		"unknown sign":        header(1, 0, 0x8000, 12),
		"digit over 9999":     header(1, 0, numericPositive, 10000),
		"long, digit bad":     header(6, 0, numericPositive, 1, 2, 3, 4, 5, 10000),
		"huge ndigits, empty": header(0xffff, 0, numericPositive),
	} {
		if f, err := numericFloat64(src); err == nil {
			t.Errorf("%s: %v, want an error", name, f)
		}
	}
}

// TestNumericCodecPlans: a binary numeric into a *float64 is planned by
// numericFloat64Plan directly and through pgx's wrappers (a named float
// type, a **float64); other targets, and the text format, keep pgx's
// plans; NULL into a *float64 is an error, into a **float64 nil.
func TestNumericCodecPlans(t *testing.T) {
	m := pgtype.NewMap()
	withPointerPlans(m)
	withNumericCodec(m)
	src, _, _ := pgxNumeric(t, m, "12.34")

	var f float64
	if _, ok := m.PlanScan(pgtype.NumericOID, pgtype.BinaryFormatCode, &f).(numericFloat64Plan); !ok {
		t.Errorf("*float64: planned %T", m.PlanScan(pgtype.NumericOID, pgtype.BinaryFormatCode, &f))
	}
	if _, ok := m.PlanScan(pgtype.NumericOID, pgtype.TextFormatCode, &f).(numericFloat64Plan); ok {
		t.Error("text format planned by numericFloat64Plan")
	}
	type money float64
	var mo money
	var p *float64
	var s string
	var n pgtype.Numeric
	for _, c := range []struct {
		dst  any
		ok   func() bool
		text string
	}{
		{&f, func() bool { return f == 12.34 }, "*float64"},
		{&mo, func() bool { return mo == 12.34 }, "*money"},
		{&p, func() bool { return p != nil && *p == 12.34 }, "**float64"},
		{&s, func() bool { return s == "12.34" }, "*string"},
		{&n, func() bool { v, _ := n.Float64Value(); return v.Float64 == 12.34 }, "*pgtype.Numeric"},
	} {
		if err := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, src, c.dst); err != nil || !c.ok() {
			t.Errorf("%s: %v", c.text, err)
		}
	}
	if err := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, nil, &p); err != nil || p != nil {
		t.Errorf("NULL into **float64: %v, %v", p, err)
	}
	if err := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, nil, &f); err == nil {
		t.Error("NULL into *float64: no error")
	}
	if err := (numericFloat64Plan{}).Scan(src, &s); err == nil {
		t.Error("numericFloat64Plan given a *string: no error")
	}
}

func BenchmarkNumericFloat64(b *testing.B) {
	stock := pgtype.NewMap()
	ours := pgtype.NewMap()
	withNumericCodec(ours)
	for _, s := range []string{"12.34", "123456789012345678901234567890.5"} {
		src, _, _ := pgxNumeric(b, stock, s)
		for name, m := range map[string]*pgtype.Map{"pgx": stock, "retort": ours} {
			b.Run(name+"/"+strconv.Itoa(len(s))+"chars", func(b *testing.B) {
				var f float64
				plan := m.PlanScan(pgtype.NumericOID, pgtype.BinaryFormatCode, &f)
				b.ReportAllocs()
				for b.Loop() {
					if err := plan.Scan(src, &f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
