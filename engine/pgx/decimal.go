// engine/pgx/decimal.go

package pgx

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// Without numericDecimalPlan pgx reads a numeric into a *decimal.Decimal
// by its sql.Scanner: a binary numeric goes to a pgtype.Numeric (a
// big.Int), to its text and back through decimal.NewFromString, about
// 550 ns and 11 allocations for a money amount (BenchmarkNumericDecimal),
// where the plan takes 50 ns and 2 (decimal.New's big.Int).
// The plan reads the base-10000 digits itself into the int64 that
// decimal.New takes, or into a big.Int when they do not fit one, and the
// text of the exec and simple_protocol modes likewise.
//
// A decimal's exponent is the column's display scale negated: 12.50 in a
// NUMERIC(10, 2) is 1250 × 10⁻², 7 in a NUMERIC(10, 0) is 7 × 10⁰. It is
// what decimal.NewFromString makes of the text PostgreSQL writes, so a
// value reads the same in every exec mode and as it did through pgx, and
// what shows a decimal's exponent (String under decimal.TrimTrailingZeros
// false, MarshalBinary) shows the column's scale. String prints 12.5 by
// default either way, and Equal compares values, not exponents.

// numericDecimalPlan scans a numeric of the format it was planned for
// into a *decimal.Decimal, where NULL is an error, or a
// *decimal.NullDecimal, where NULL is Valid false. NaN, Infinity and
// -Infinity, which a decimal cannot hold, are errors for both.
type numericDecimalPlan struct{ format int16 }

func (p numericDecimalPlan) Scan(src []byte, dst any) error {
	switch dst := dst.(type) {
	case *decimal.Decimal:
		if src == nil {
			return fmt.Errorf("cannot scan NULL into %T", dst)
		}
		d, err := p.decode(src)
		if err != nil {
			return decimalError(err, dst)
		}
		*dst = d
		return nil
	case *decimal.NullDecimal:
		if src == nil {
			*dst = decimal.NullDecimal{}
			return nil
		}
		d, err := p.decode(src)
		if err != nil {
			return decimalError(err, dst)
		}
		*dst = decimal.NullDecimal{Decimal: d, Valid: true}
		return nil
	}
	return fmt.Errorf("engine: a scan planned for *decimal.Decimal was given %T", dst)
}

func (p numericDecimalPlan) decode(src []byte) (decimal.Decimal, error) {
	if p.format == pgtype.TextFormatCode {
		return numericTextDecimal(src)
	}
	return numericDecimal(src)
}

// numericSpecial is a numeric that is not a number a decimal can hold.
type numericSpecial string

func (s numericSpecial) Error() string { return string(s) }

// decimalError names the value and the destination when err is a
// numericSpecial, and adds the destination to other errors.
func decimalError(err error, dst any) error {
	if s, ok := err.(numericSpecial); ok {
		return fmt.Errorf("cannot scan numeric %s into %T: a decimal has no NaN or infinities", string(s), dst)
	}
	return fmt.Errorf("cannot scan numeric into %T: %w", dst, err)
}

// pow10 holds the powers of ten a uint64 holds.
var pow10 = [...]uint64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// maxDscale is the largest display scale PostgreSQL's numeric has
// (NUMERIC_DSCALE_MASK).
const maxDscale = 0x3fff

// numericDecimal returns the binary numeric src (see numericFloat64) as
// a decimal whose exponent is its display scale negated. Digits past
// the display scale, which no server sends, are cut off, as PostgreSQL's
// own numeric_recv does.
func numericDecimal(src []byte) (decimal.Decimal, error) {
	if len(src) < 8 {
		return decimal.Decimal{}, fmt.Errorf("numeric: %d bytes, fewer than its header's 8", len(src))
	}
	ndigits := int(binary.BigEndian.Uint16(src))
	weight := int(int16(binary.BigEndian.Uint16(src[2:])))
	sign := binary.BigEndian.Uint16(src[4:])
	dscale := int(binary.BigEndian.Uint16(src[6:]))
	switch sign {
	case numericNaN:
		return decimal.Decimal{}, numericSpecial("NaN")
	case numericPosInf:
		return decimal.Decimal{}, numericSpecial("Infinity")
	case numericNegInf:
		return decimal.Decimal{}, numericSpecial("-Infinity")
	case numericPositive, numericNegative:
	default:
		return decimal.Decimal{}, fmt.Errorf("numeric: unknown sign word %#04x", sign)
	}
	if dscale > maxDscale {
		return decimal.Decimal{}, fmt.Errorf("numeric: display scale %d out of range", dscale)
	}
	digits := src[8:]
	if len(digits) != 2*ndigits {
		return decimal.Decimal{}, fmt.Errorf("numeric: %d digits in %d bytes", ndigits, len(digits))
	}
	// One pass checks the digits and sums them while they fit a uint64.
	var m uint64
	fits := true
	for i := range ndigits {
		d := binary.BigEndian.Uint16(digits[2*i:])
		if d > 9999 {
			return decimal.Decimal{}, fmt.Errorf("numeric: digit %d out of range", d)
		}
		if m > (math.MaxUint64-9999)/10000 {
			fits = false
		}
		m = m*10000 + uint64(d)
	}
	neg := sign == numericNegative
	// The digits make an integer times 10^(4(weight-ndigits+1)); the
	// coefficient for the exponent -dscale is that integer times
	// 10^shift.
	shift := 4*(weight-ndigits+1) + dscale
	if -shift > 4*ndigits {
		return decimal.New(0, int32(-dscale)), nil // every digit is past the scale
	}
	if fits {
		switch {
		case shift < 0 && -shift < len(pow10):
			m /= pow10[-shift]
		case shift < 0:
			m = 0
		case shift < len(pow10) && m <= math.MaxInt64/pow10[shift]:
			m *= pow10[shift]
		default:
			fits = m == 0
		}
	}
	if fits && m <= math.MaxInt64 {
		c := int64(m)
		if neg {
			c = -c
		}
		return decimal.New(c, int32(-dscale)), nil
	}
	return numericBigDecimal(digits, neg, shift, int32(-dscale)), nil
}

// numericBigDecimal returns the decimal of exponent exp whose
// coefficient is the base-10000 digits times 10^shift, negated if neg,
// cut off towards zero where shift is negative. It takes the digits four
// at a time (16 decimal digits, which fit a uint64).
func numericBigDecimal(digits []byte, neg bool, shift int, exp int32) decimal.Decimal {
	ndigits := len(digits) / 2
	var n, t big.Int
	presize(&n, &t, 14*ndigits) // log2(10000) < 14
	for i := 0; i < ndigits; {
		k := (ndigits - i) % 4
		if k == 0 {
			k = 4
		}
		var c uint64
		for range k {
			c = c*10000 + uint64(binary.BigEndian.Uint16(digits[2*i:]))
			i++
		}
		mulAdd(&n, &t, 4*k, c)
	}
	scalePow10(&n, &t, shift)
	if neg {
		n.Neg(&n)
	}
	return decimal.NewFromBigInt(&n, exp)
}

// presize gives n and t room for an integer of the given number of
// bits, which they would otherwise reach a word or so at a time, each
// growth an allocation.
func presize(n, t *big.Int, bits int) {
	words := bits/bitsPerWord + 2
	n.SetBits(make([]big.Word, 0, words))
	t.SetBits(make([]big.Word, 0, words))
}

// bitsPerWord is the size of a big.Word.
const bitsPerWord = 32 << (^big.Word(0) >> 63)

// bigPow10 holds pow10 as big.Ints, which are only read.
var bigPow10 = func() (p [len(pow10)]*big.Int) {
	for i, v := range pow10 {
		p[i] = new(big.Int).SetUint64(v)
	}
	return p
}()

// mulAdd sets n to n × 10^k + c, for k < len(pow10), with t as scratch.
func mulAdd(n, t *big.Int, k int, c uint64) {
	t.Mul(n, bigPow10[k])
	n.Add(t, n.SetUint64(c))
}

// scalePow10 multiplies n by 10^shift, or divides it by 10^-shift
// cutting off towards zero, with t as scratch.
func scalePow10(n, t *big.Int, shift int) {
	switch {
	case shift < 0 && -shift < len(pow10):
		n.Quo(n, bigPow10[-shift])
	case shift < 0:
		n.Quo(n, t.Exp(big.NewInt(10), big.NewInt(int64(-shift)), nil))
	case shift > 0 && shift < len(pow10):
		n.Mul(n, bigPow10[shift])
	case shift > 0:
		n.Mul(n, t.Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	}
}

// numericTextDecimal returns the text of a numeric, as PostgreSQL
// writes it (an optional minus, digits, and a point and digits when the
// scale is not 0), as a decimal whose exponent is the count of digits
// after the point negated.
func numericTextDecimal(src []byte) (decimal.Decimal, error) {
	switch string(src) {
	case "NaN", "Infinity", "-Infinity":
		return decimal.Decimal{}, numericSpecial(string(src))
	}
	s := src
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	// n counts the digits from the first that is not 0, of which m
	// holds the first 19 (which fit a uint64).
	var m uint64
	n, point, digits := 0, -1, false
	for i, c := range s {
		switch {
		case '0' <= c && c <= '9':
			if n < 19 {
				m = m*10 + uint64(c-'0')
			}
			if m != 0 {
				n++
			}
			digits = true
		case c == '.' && point < 0:
			point = i
		default:
			return decimal.Decimal{}, fmt.Errorf("numeric: malformed text %q", src)
		}
	}
	if !digits {
		return decimal.Decimal{}, fmt.Errorf("numeric: malformed text %q", src)
	}
	scale := 0
	if point >= 0 {
		scale = len(s) - point - 1
	}
	if n < 19 || n == 19 && m <= math.MaxInt64 {
		c := int64(m)
		if neg {
			c = -c
		}
		return decimal.New(c, int32(-scale)), nil
	}
	// Longer, the digits go 19 at a time into a big.Int.
	var c, t big.Int
	presize(&c, &t, 4*n) // log2(10) < 4
	m, k := uint64(0), 0
	for _, ch := range s {
		if ch == '.' {
			continue
		}
		m = m*10 + uint64(ch-'0')
		if k++; k == 19 {
			mulAdd(&c, &t, k, m)
			m, k = 0, 0
		}
	}
	mulAdd(&c, &t, k, m)
	if neg {
		c.Neg(&c)
	}
	return decimal.NewFromBigInt(&c, int32(-scale)), nil
}

// A decimal.Decimal argument is a driver.Valuer, its String. Bound so,
// pgx tries the numeric parameter's binary format first, fails (it cannot
// turn the text into a binary numeric), and sends the text: about 2.2 µs
// and 35 allocations an argument, where the plan takes 50 ns and none
// (BenchmarkNumericDecimalEncode).
// numericDecimalEncodePlan writes the binary numeric of the same value and
// display scale (that of the String, which drops trailing zeros after the
// point unless decimal.TrimTrailingZeros is false), so the server stores
// what it stores from the text, in every exec mode.

// numericDecimalEncodePlan encodes a decimal.Decimal, a *decimal.Decimal
// or a decimal.NullDecimal as a binary numeric.
type numericDecimalEncodePlan struct{}

func (numericDecimalEncodePlan) Encode(value any, buf []byte) ([]byte, error) {
	switch v := value.(type) {
	case decimal.Decimal:
		return appendNumericDecimal(buf, v)
	case *decimal.Decimal:
		if v == nil {
			return nil, nil
		}
		return appendNumericDecimal(buf, *v)
	case decimal.NullDecimal:
		if !v.Valid {
			return nil, nil
		}
		return appendNumericDecimal(buf, v.Decimal)
	}
	return nil, fmt.Errorf("engine: an encode planned for decimal.Decimal was given %T", value)
}

// appendNumericDecimal appends d to buf as a binary numeric: the header
// of numericFloat64, then the base-10000 digits, the first of weight
// 10000^weight.
func appendNumericDecimal(buf []byte, d decimal.Decimal) ([]byte, error) {
	// digits are the coefficient's decimal digits, without its sign.
	var stack [24]byte
	var digits []byte
	if d.NumDigits() <= 18 {
		c := d.CoefficientInt64()
		u := uint64(c)
		if c < 0 {
			u = -u
		}
		digits = strconv.AppendUint(stack[:0], u, 10)
	} else {
		digits = d.Coefficient().Append(stack[:0], 10)
		if digits[0] == '-' {
			digits = digits[1:]
		}
	}
	exp := int(d.Exponent())
	dscale := max(0, -exp)
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	zero := digits[0] == '0'
	if decimal.TrimTrailingZeros {
		dscale = max(0, -exp)
		if zero {
			dscale = 0
		}
	}
	sign := uint16(numericPositive)
	if d.Sign() < 0 {
		sign = numericNegative
	}
	if zero {
		return append(buf, 0, 0, 0, 0, 0, 0, byte(dscale>>8), byte(dscale)), nil
	}
	// The digit of power of ten p is in the base-10000 digit of weight
	// p>>2 (p/4 rounded down), times 10^(p&3).
	first := len(digits) - 1 + exp
	weight, last := first>>2, exp>>2
	ndigits := weight - last + 1
	if weight < math.MinInt16 || weight > math.MaxInt16 || ndigits > math.MaxUint16 || dscale > maxDscale {
		return nil, fmt.Errorf("numeric: %d digits times 10^%d are out of PostgreSQL's range", len(digits), exp)
	}
	buf = append(buf, byte(ndigits>>8), byte(ndigits), byte(weight>>8), byte(weight), byte(sign>>8), byte(sign), byte(dscale>>8), byte(dscale))
	g, v := weight, uint16(0)
	for i, c := range digits {
		p := first - i
		if p>>2 != g {
			buf = binary.BigEndian.AppendUint16(buf, v)
			g, v = p>>2, 0
		}
		v += uint16(c-'0') * uint16(pow10[p&3])
	}
	return binary.BigEndian.AppendUint16(buf, v), nil
}
