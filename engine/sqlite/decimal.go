// engine/sqlite/decimal.go

package sqlite

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	sqlite "modernc.org/sqlite"

	"github.com/retortdb/retort/core"
)

// SQLite keeps a NUMERIC column's values as 8-byte floats (or integers),
// and its sum() adds them as floats: 0.1 + 0.2 is 0.30000000000000004.
// core.Sum of a decimal column calls core.RealNumericSum instead, which
// this file registers with the driver for every connection: it reads each
// value as the decimal it was written as (the shortest text of its float)
// and adds decimals, so the sum of money amounts is exact. It returns NULL
// over no values, as sum() does, and otherwise a number, which SQL
// compares as a number (HAVING sum > ?; a text would compare as text): an
// integer, or the float whose shortest text is the sum, which a
// decimal.Decimal reads without rounding. That is the exact sum while it
// has at most 15 significant digits (and most of 16 or 17); beyond, it is
// the nearest float, as is every number SQLite keeps.
func init() {
	sqlite.MustRegisterFunction(core.RealNumericSum, &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &decimalSum{}, nil },
	})
}

// decimalSum is one evaluation of core.RealNumericSum, as an aggregate or
// over a window.
type decimalSum struct {
	sum   decimal.Decimal
	count int // the values added and not taken away: the sum is NULL at 0
}

func (s *decimalSum) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	d, ok, err := sqliteDecimal(args[0])
	if ok {
		s.sum = s.sum.Add(d)
		s.count++
	}
	return err
}

func (s *decimalSum) WindowInverse(_ *sqlite.FunctionContext, args []driver.Value) error {
	d, ok, err := sqliteDecimal(args[0])
	if ok {
		s.sum = s.sum.Sub(d)
		s.count--
	}
	return err
}

func (s *decimalSum) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if s.count == 0 {
		return nil, nil
	}
	if s.sum.IsInteger() {
		if c := s.sum.BigInt(); c.IsInt64() {
			return c.Int64(), nil
		}
	}
	return strconv.ParseFloat(s.sum.String(), 64)
}

func (s *decimalSum) Final(*sqlite.FunctionContext) {}

// sqliteDecimal reads a stored value as a decimal: an integer as itself,
// a float as the shortest decimal that reads back as it (what was
// written, for up to 15 significant digits), a text as its number. It
// reports false for NULL, and an error for anything else.
func sqliteDecimal(v driver.Value) (decimal.Decimal, bool, error) {
	switch v := v.(type) {
	case nil:
		return decimal.Decimal{}, false, nil
	case int64:
		return decimal.NewFromInt(v), true, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return decimal.Decimal{}, false, fmt.Errorf("%s: %v is not a decimal", core.RealNumericSum, v)
		}
		return decimal.NewFromFloat(v), true, nil
	case string:
		d, err := decimal.NewFromString(v)
		if err != nil {
			return d, false, fmt.Errorf("%s: %q is not a decimal", core.RealNumericSum, v)
		}
		return d, true, nil
	case []byte:
		return sqliteDecimal(string(v))
	}
	return decimal.Decimal{}, false, fmt.Errorf("%s: a %T is not a decimal", core.RealNumericSum, v)
}
