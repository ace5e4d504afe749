// engine/internal/sqldb/json.go

package sqldb

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// A JSON column (core.JSON: TEXT on SQLite, JSON on MySQL and MariaDB)
// holds a document that encoding/json writes and reads: core.Column.Set
// binds a map, a struct or a slice as its JSON text, and a destination of
// such a type without a Scan method of its own is read back from it here,
// database/sql knowing none of them. PostgreSQL's driver, pgx, reads json
// and jsonb into any Go type itself.

var timeType = reflect.TypeFor[time.Time]()

// isDocument reports whether values of t go to and from the database as
// JSON.
func isDocument(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Map:
		return true
	case reflect.Struct:
		return t != timeType
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8
	}
	return false
}

// jsonScan is a database/sql destination that reads JSON text into a
// document without a Scan method: dst is a *T, or a **T for a nullable
// column. raw marks a T of bytes other than []byte (json.RawMessage),
// which takes the text as it is.
type jsonScan struct {
	dst    reflect.Value
	double bool
	raw    bool
}

// jsonDest returns the jsonScan d needs, if it is a *T or **T of a
// document type T without a Scan method.
func jsonDest(d any) (jsonScan, bool) {
	t := reflect.TypeOf(d)
	if t == nil || t.Kind() != reflect.Pointer || t.Implements(scannerType) {
		return jsonScan{}, false
	}
	e := t.Elem()
	switch {
	case isDocument(e):
		return jsonScan{dst: reflect.ValueOf(d)}, true
	case e.Kind() == reflect.Pointer && isDocument(e.Elem()) && !e.Implements(scannerType):
		return jsonScan{dst: reflect.ValueOf(d), double: true}, true
	case e.Kind() == reflect.Slice && e.Elem().Kind() == reflect.Uint8 && e != bytesType:
		return jsonScan{dst: reflect.ValueOf(d), raw: true}, true
	}
	return jsonScan{}, false
}

var bytesType = reflect.TypeFor[[]byte]()

// Scan implements sql.Scanner. The document is decoded into a new value,
// so that no key or element of what dst held before survives.
func (j *jsonScan) Scan(src any) error {
	target := j.dst.Elem() // the T, or the *T
	if src == nil {
		if !j.double {
			return fmt.Errorf("converting NULL to %s is unsupported", target.Type())
		}
		target.SetZero()
		return nil
	}
	var text []byte
	switch s := src.(type) {
	case string:
		text = []byte(s)
	case []byte:
		text = s
	default:
		return fmt.Errorf("converting %T to %s is unsupported: a document reads JSON text", src, target.Type())
	}
	t := target.Type()
	if j.raw {
		target.SetBytes(append([]byte(nil), text...)) // text is the driver's, reused
		return nil
	}
	if j.double {
		t = t.Elem()
	}
	v := reflect.New(t)
	if err := json.Unmarshal(text, v.Interface()); err != nil {
		return fmt.Errorf("reading JSON into %s: %w", t, err)
	}
	if j.double {
		target.Set(v)
	} else {
		target.Set(v.Elem())
	}
	return nil
}
