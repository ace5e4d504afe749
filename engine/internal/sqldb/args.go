// engine/internal/sqldb/args.go

package sqldb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"

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
