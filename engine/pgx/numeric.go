// engine/pgx/numeric.go

package pgx

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// pgx reads a binary numeric into a float64 by way of a big.Int, its
// decimal string and strconv.ParseFloat: about 260 ns and four
// allocations a value (BenchmarkNumericFloat64), more than the rest of an items row costs
// together. numericCodec reads the base-10000 digits itself. A value of
// at most 16 significant digits whose power of ten is small (every money
// amount) is one exact integer times or over one exact power of ten,
// which IEEE arithmetic rounds once, to the nearest float64; any other
// value goes through ParseFloat as pgx's does, over the same digits
// written to a buffer. Either way the result is pgx's, bit for bit,
// which the tests check against pgx's own plan.
type numericCodec struct{ pgtype.NumericCodec }

// PlanScan plans a binary numeric into a *float64 by numericFloat64Plan,
// a numeric of either format into a *decimal.Decimal or a
// *decimal.NullDecimal by numericDecimalPlan (decimal.go), and anything
// else as pgx does. A named float64 type, a **float64 and a Nullable's
// *float64 reach the *float64 case through pgx's wrappers, a
// **decimal.Decimal and a Nullable's *decimal.Decimal the
// *decimal.Decimal case.
func (c numericCodec) PlanScan(m *pgtype.Map, oid uint32, format int16, target any) pgtype.ScanPlan {
	switch target.(type) {
	case *float64:
		if format == pgtype.BinaryFormatCode {
			return numericFloat64Plan{}
		}
	case *decimal.Decimal, *decimal.NullDecimal:
		return numericDecimalPlan{format: format}
	}
	return c.NumericCodec.PlanScan(m, oid, format, target)
}

// PlanEncode plans a decimal.Decimal, a *decimal.Decimal or a
// decimal.NullDecimal into a binary numeric by numericDecimalEncodePlan
// (decimal.go), and anything else as pgx does.
func (c numericCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	switch value.(type) {
	case decimal.Decimal, *decimal.Decimal, decimal.NullDecimal:
		if format == pgtype.BinaryFormatCode {
			return numericDecimalEncodePlan{}
		}
	}
	return c.NumericCodec.PlanEncode(m, oid, format, value)
}

// DecodeValue reads a numeric as its decimal text, as [Row] holds it on
// every backend: exact, where a float64 would round and pgx's own
// pgtype.Numeric is PostgreSQL's alone.
func (c numericCodec) DecodeValue(m *pgtype.Map, oid uint32, format int16, src []byte) (any, error) {
	if src == nil {
		return nil, nil
	}
	if format == pgtype.TextFormatCode {
		return string(src), nil
	}
	v, err := c.NumericCodec.DecodeValue(m, oid, format, src)
	if err != nil {
		return nil, err
	}
	return v.(pgtype.Numeric).Value()
}

// withNumericCodec makes m read numeric columns through numericCodec,
// and tells it that a []decimal.Decimal (an In over decimals) is a
// numeric[]: under the exec and simple_protocol exec modes pgx has no
// statement description to take a parameter's type from, and cannot
// encode a slice of a type it does not know. A single decimal.Decimal
// needs nothing: it is a driver.Valuer, bound as its text.
func withNumericCodec(m *pgtype.Map) {
	m.RegisterType(&pgtype.Type{Name: "numeric", OID: pgtype.NumericOID, Codec: numericCodec{}})
	m.RegisterDefaultPgType([]decimal.Decimal(nil), "_numeric")
}

// numericFloat64Plan scans a binary numeric into a *float64.
type numericFloat64Plan struct{}

func (numericFloat64Plan) Scan(src []byte, dst any) error {
	f, ok := dst.(*float64)
	if !ok {
		return fmt.Errorf("engine: a scan planned for *float64 was given %T", dst)
	}
	if src == nil {
		return fmt.Errorf("cannot scan NULL into %T", dst)
	}
	v, err := numericFloat64(src)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// The sign word of PostgreSQL's binary numeric (src/backend/utils/adt/numeric.c).
const (
	numericPositive = 0x0000
	numericNegative = 0x4000
	numericNaN      = 0xc000
	numericPosInf   = 0xd000
	numericNegInf   = 0xf000
)

// exactPow10 holds the powers of ten a float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// numericFloat64 returns the float64 nearest the binary numeric src: a
// header of four 16-bit words (the count of base-10000 digits, the
// weight of the first, the sign and the display scale), then the digits.
func numericFloat64(src []byte) (float64, error) {
	if len(src) < 8 {
		return 0, fmt.Errorf("numeric: %d bytes, fewer than its header's 8", len(src))
	}
	ndigits := int(binary.BigEndian.Uint16(src))
	weight := int(int16(binary.BigEndian.Uint16(src[2:])))
	sign := binary.BigEndian.Uint16(src[4:])
	switch sign {
	case numericNaN:
		return math.NaN(), nil
	case numericPosInf:
		return math.Inf(1), nil
	case numericNegInf:
		return math.Inf(-1), nil
	case numericPositive, numericNegative:
	default:
		return 0, fmt.Errorf("numeric: unknown sign word %#04x", sign)
	}
	digits := src[8:]
	if len(digits) != 2*ndigits {
		return 0, fmt.Errorf("numeric: %d digits in %d bytes", ndigits, len(digits))
	}
	// One pass checks the digits and, for up to four (16 decimal
	// digits, which fit a uint64), sums them.
	var m uint64
	nonzero := false
	for i := range ndigits {
		d := binary.BigEndian.Uint16(digits[2*i:])
		if d > 9999 {
			return 0, fmt.Errorf("numeric: digit %d out of range", d)
		}
		nonzero = nonzero || d != 0
		m = m*10000 + uint64(d)
	}
	if !nonzero {
		return 0, nil // +0 whatever the sign, as pgx reads it
	}
	neg := sign == numericNegative
	exp := (weight - ndigits + 1) * 4 // the power of ten of the last digit
	const maxExp = len(exactPow10) - 1
	if ndigits <= 4 && m <= 1<<53 && -maxExp <= exp && exp <= maxExp {
		f := float64(m)
		if exp < 0 {
			f /= exactPow10[-exp]
		} else {
			f *= exactPow10[exp]
		}
		if neg {
			f = -f
		}
		return f, nil
	}
	// Written out as "DDDD…DDDDe-N" for ParseFloat, which rounds any
	// number of digits correctly; the sign is applied after.
	var stack [64]byte
	buf := stack[:0]
	for i := range ndigits {
		d := binary.BigEndian.Uint16(digits[2*i:])
		buf = append(buf, byte('0'+d/1000), byte('0'+d/100%10), byte('0'+d/10%10), byte('0'+d%10))
	}
	buf = append(buf, 'e')
	buf = strconv.AppendInt(buf, int64(exp), 10)
	f, err := strconv.ParseFloat(string(buf), 64)
	if err != nil {
		return 0, err
	}
	if neg {
		f = -f
	}
	return f, nil
}
