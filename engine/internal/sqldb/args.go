// engine/internal/sqldb/args.go

package sqldb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/retortdb/retort/engine"
)

// Some databases store a float they cannot represent as another value,
// without an error: SQLite stores NaN as NULL, and MySQL and MariaDB store
// NaN and ±Inf in a DECIMAL column as 0 (a DOUBLE column refuses them).
// The engine refuses such an argument before sending the statement, as
// PostgreSQL, which stores both, never needs.

// FloatRule says which floats a database cannot store.
type FloatRule uint8

const (
	AnyFloat   FloatRule = iota // PostgreSQL
	NoNaN                       // SQLite: NaN becomes NULL
	NoNaNOrInf                  // MySQL, MariaDB: both become 0
)

// check returns an error naming the first argument the database would not
// store as given, or nil.
func (rule FloatRule) check(args []any, database string) error {
	if rule == AnyFloat {
		return nil
	}
	for i, a := range args {
		f, ok := floatArg(a)
		if !ok {
			continue
		}
		if math.IsNaN(f) || (rule == NoNaNOrInf && math.IsInf(f, 0)) {
			return fmt.Errorf("%w: argument %d is %v, which %s would store as another value",
				engine.ErrUnsupportedValue, i+1, f, database)
		}
	}
	return nil
}

// floatArg returns a as a float64, if it is a float: of either size, by
// pointer, or a driver.Valuer's (sql.NullFloat64).
func floatArg(a any) (float64, bool) {
	switch v := a.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case *float64:
		if v != nil {
			return *v, true
		}
	case *float32:
		if v != nil {
			return float64(*v), true
		}
	case driver.Valuer:
		dv, err := valuerValue(v)
		if f, ok := dv.(float64); ok && err == nil {
			return f, true
		}
	}
	return 0, false
}

// valuerValue is v.Value(), but nil for a nil pointer to a type whose
// Value method has a value receiver (a nil *uuid.UUID), which would
// panic; database/sql treats that pointer as NULL likewise.
func valuerValue(v driver.Valuer) (driver.Value, error) {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() && rv.Type().Elem().Implements(valuerType) {
		return nil, nil
	}
	return v.Value()
}

// realNumericDigits is how many significant digits an 8-byte float keeps
// of any decimal: SQLite keeps a NUMERIC column's values as such floats
// (core.FeatureRealNumerics).
const realNumericDigits = 15

// realNumerics returns args with each decimal as the number SQLite
// keeps it as: an int64, or the float64 nearest, which is the decimal
// exactly for up to realNumericDigits significant digits. A decimal bound
// as its text would compare as text with the numbers that expressions
// make (HAVING sum(amount) > ? would compare 37.72 with '9.5' as text).
// It returns an error naming the first decimal of more digits, or beyond
// a float's range, which the database would store as another number.
// args is not modified; it is returned as is when it holds no decimal.
func realNumerics(args []any, database string) ([]any, error) {
	out, copied := args, false
	for i, a := range args {
		var d decimal.Decimal
		switch v := a.(type) {
		case nil, int64, string, float64, bool, []byte:
			continue // the usual arguments, decided without reflection
		case decimal.Decimal:
			d = v
		case *decimal.Decimal:
			if v == nil {
				continue
			}
			d = *v
		case decimal.NullDecimal:
			if !v.Valid {
				continue
			}
			d = v.Decimal
		default:
			continue
		}
		var n any
		if d.IsInteger() && d.BigInt().IsInt64() {
			n = d.BigInt().Int64()
		} else {
			digits, magnitude := significantDigits(d)
			if digits > realNumericDigits {
				return nil, fmt.Errorf("%w: argument %d is the decimal %s, of %d significant digits; %s keeps a number as an 8-byte float, exact to %d",
					engine.ErrUnsupportedValue, i+1, d, digits, database, realNumericDigits)
			}
			// A float's normal numbers run from about 2.2e-308 to 1.8e308.
			if magnitude < -307 || magnitude > 307 {
				return nil, fmt.Errorf("%w: argument %d is the decimal %s, beyond the range of the 8-byte floats %s keeps numbers as",
					engine.ErrUnsupportedValue, i+1, d, database)
			}
			f, err := strconv.ParseFloat(d.String(), 64)
			if err != nil {
				return nil, fmt.Errorf("%w: argument %d is the decimal %s: %v", engine.ErrUnsupportedValue, i+1, d, err)
			}
			n = f
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = n
	}
	return out, nil
}

// significantDigits counts d's digits from its first to its last that is
// not zero (1200 and 0.0012 have two), and returns the power of ten of
// its first (3 and -3).
func significantDigits(d decimal.Decimal) (n, magnitude int) {
	digits := d.Coefficient().String()
	if digits[0] == '-' {
		digits = digits[1:]
	}
	end := len(digits)
	for end > 1 && digits[end-1] == '0' {
		end--
	}
	return end, int(d.Exponent()) + len(digits) - 1
}
