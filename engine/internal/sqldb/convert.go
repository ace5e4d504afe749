// engine/internal/sqldb/convert.go

package sqldb

import (
	"database/sql"
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
// to row.
type destTemps struct {
	uuids []uuidScan
	jsons []jsonScan
	dest  []any
}

// scan scans a row of rows into dest, through a uuidScan or jsonScan
// where a destination needs one.
func (t *destTemps) scan(rows *sql.Rows, dest []any) error {
	var out []any
	for i, d := range dest {
		switch d.(type) {
		case *int64, *string, *float64, *bool, *[]byte, *any, **string, **int64, *time.Time:
			continue // the usual destinations, decided without reflection
		}
		us, isUUID := uuidDest(d)
		js, isJSON := jsonDest(d)
		if !isUUID && !isJSON {
			continue
		}
		if out == nil {
			t.dest = append(t.dest[:0], dest...)
			out = t.dest
			if len(t.uuids) < len(dest) {
				t.uuids = make([]uuidScan, len(dest))
				t.jsons = make([]jsonScan, len(dest))
			}
		}
		if isUUID {
			t.uuids[i] = us
			out[i] = &t.uuids[i]
		} else {
			t.jsons[i] = js
			out[i] = &t.jsons[i]
		}
	}
	if out == nil {
		return rows.Scan(dest...)
	}
	return rows.Scan(out...)
}
