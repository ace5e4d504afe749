// engine/pgx/uuid.go

package pgx

import (
	"database/sql/driver"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

var valuerType = reflect.TypeFor[driver.Valuer]()

// withUUIDs tells m that a [16]byte is a uuid and a [][16]byte a uuid[]:
// where no statement description gives a parameter's type, pgx takes it
// from the Go type, and knows neither.
func withUUIDs(m *pgtype.Map) {
	m.RegisterDefaultPgType([16]byte{}, "uuid")
	m.RegisterDefaultPgType([][16]byte(nil), "_uuid")
}

// uuidArgs returns args with each value of a [16]byte-based type that
// has no Value method of its own as a [16]byte, and each slice of a
// [16]byte-based type (an In over google/uuid UUIDs, say) as a [][16]byte,
// which withUUIDs makes a uuid[]. Under the exec and simple_protocol
// exec modes (PgBouncer's) pgx has no statement description to take a
// parameter's type from, and cannot encode a type it does not know by
// its Go type. args is not modified; it is returned as is when it holds
// no such value.
func uuidArgs(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		switch a.(type) {
		case nil, int64, int32, string, bool, float64, time.Time, []int64, []int32, []string, [16]byte, [][16]byte:
			continue // the usual arguments, decided without reflection
		}
		var conv any
		switch t := reflect.TypeOf(a); {
		case isUUID(t) && !t.Implements(valuerType):
			var id [16]byte
			reflect.Copy(reflect.ValueOf(&id).Elem(), reflect.ValueOf(a))
			conv = id
		case t.Kind() == reflect.Slice && isUUID(t.Elem()):
			v := reflect.ValueOf(a)
			if v.IsNil() {
				continue
			}
			ids := make([][16]byte, v.Len())
			for j := range ids {
				reflect.Copy(reflect.ValueOf(&ids[j]).Elem(), v.Index(j))
			}
			conv = ids
		default:
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = conv
	}
	return out
}

// isUUID reports whether t is a [16]byte-based type.
func isUUID(t reflect.Type) bool {
	return t.Kind() == reflect.Array && t.Len() == 16 && t.Elem().Kind() == reflect.Uint8
}
