// engine/internal/sqldb/convert.go

package sqldb

import (
	"database/sql"
	"reflect"
	"time"
)

// Values database/sql cannot bind or scan itself, which the engine
// converts: UUIDs (uuid.go) and JSON documents (json.go).

// goArgs returns args with each UUID as its text. args is not modified;
// it is returned as is when it holds none.
func goArgs(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		switch a.(type) {
		case nil, int64, string, float64, bool, []byte, time.Time:
			continue // the usual arguments, decided without reflection
		}
		v, ok := uuidArg(a)
		if !ok {
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = v
	}
	return out
}

// destTemps holds a Rows' converting destinations, per column, from row
// to row, and what it decided for each column's destination type, so
// that reflection runs once per column, not once per row.
type destTemps struct {
	uuids []uuidScan
	jsons []jsonScan
	dest  []any
	types []reflect.Type // per column, the destination type decided for
	kinds []destKind     // and what it needs
}

// destKind is what a destination needs of destTemps.
type destKind uint8

const (
	destPlain destKind = iota // database/sql scans it itself
	destUUID
	destJSON
)

// scan scans a row of rows into dest, through a uuidScan or jsonScan
// where a destination needs one.
func (t *destTemps) scan(rows *sql.Rows, dest []any) error {
	if len(t.types) < len(dest) {
		t.types = make([]reflect.Type, len(dest))
		t.kinds = make([]destKind, len(dest))
		t.uuids = make([]uuidScan, len(dest))
		t.jsons = make([]jsonScan, len(dest))
	}
	var out []any
	for i, d := range dest {
		switch d.(type) {
		case *int64, *string, *float64, *bool, *[]byte, *any, **string, **int64, *time.Time:
			continue // the usual destinations, decided without reflection
		}
		if rt := reflect.TypeOf(d); rt != t.types[i] {
			t.types[i], t.kinds[i] = rt, destPlain
			if us, ok := uuidDest(d); ok {
				t.kinds[i], t.uuids[i] = destUUID, us
			} else if js, ok := jsonDest(d); ok {
				t.kinds[i], t.jsons[i] = destJSON, js
			}
		}
		if t.kinds[i] == destPlain {
			continue
		}
		if out == nil {
			t.dest = append(t.dest[:0], dest...)
			out = t.dest
		}
		if t.kinds[i] == destUUID {
			t.uuids[i].dst = reflect.ValueOf(d)
			out[i] = &t.uuids[i]
		} else {
			t.jsons[i].dst = reflect.ValueOf(d)
			out[i] = &t.jsons[i]
		}
	}
	if out == nil {
		return rows.Scan(dest...)
	}
	return rows.Scan(out...)
}
