// engine/internal/sqldb/uuid.go

package sqldb

import (
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"reflect"
)

// A UUID column (core.UUID: TEXT on SQLite, CHAR(36) on MySQL) holds the
// canonical text, "3f2c...-....", lower case. A Go type whose underlying
// type is [16]byte is bound and read as that text here; database/sql
// knows no arrays. Types with their own Value and Scan methods (google/uuid's
// UUID, whose Value writes the same text) keep them.

var (
	scannerType = reflect.TypeFor[sql.Scanner]()
	valuerType  = reflect.TypeFor[driver.Valuer]()
)

// isUUID reports whether t is a [16]byte-based type.
func isUUID(t reflect.Type) bool {
	return t.Kind() == reflect.Array && t.Len() == 16 && t.Elem().Kind() == reflect.Uint8
}

// uuidArg returns a, a [16]byte-based value without a Value method (or a
// pointer to one), as its canonical text, a nil pointer as nil; ok is
// false for any other a.
func uuidArg(a any) (v any, ok bool) {
	t := reflect.TypeOf(a)
	if t == nil || t.Implements(valuerType) {
		return nil, false
	}
	rv := reflect.ValueOf(a)
	if t.Kind() == reflect.Pointer {
		if !isUUID(t.Elem()) || t.Elem().Implements(valuerType) {
			return nil, false
		}
		if rv.IsNil() {
			return nil, true
		}
		rv = rv.Elem()
	} else if !isUUID(t) {
		return nil, false
	}
	var b [16]byte
	reflect.Copy(reflect.ValueOf(&b).Elem(), rv)
	return uuidText(b), true
}

// uuidText is b in the canonical form.
func uuidText(b [16]byte) string {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// uuidScan is a database/sql destination that reads a UUID's text (or
// its 16 bytes) into a [16]byte-based type without a Scan method: dst is
// a *T, or a **T for a nullable column.
type uuidScan struct {
	dst    reflect.Value
	double bool
}

// uuidDest returns the uuidScan d needs, if it is a *T or **T of a
// [16]byte-based T without a Scan method.
func uuidDest(d any) (uuidScan, bool) {
	t := reflect.TypeOf(d)
	if t == nil || t.Kind() != reflect.Pointer || t.Implements(scannerType) {
		return uuidScan{}, false
	}
	e := t.Elem()
	switch {
	case isUUID(e):
		return uuidScan{dst: reflect.ValueOf(d)}, true
	case e.Kind() == reflect.Pointer && isUUID(e.Elem()) && !e.Implements(scannerType):
		return uuidScan{dst: reflect.ValueOf(d), double: true}, true
	}
	return uuidScan{}, false
}

// Scan implements sql.Scanner.
func (u *uuidScan) Scan(src any) error {
	if src == nil {
		if !u.double {
			return fmt.Errorf("converting NULL to %s is unsupported", u.dst.Type().Elem())
		}
		u.dst.Elem().SetZero()
		return nil
	}
	var text []byte
	switch s := src.(type) {
	case string:
		text = []byte(s)
	case []byte:
		text = s
	default:
		return fmt.Errorf("converting %T to %s is unsupported", src, u.dst.Type().Elem())
	}
	b, err := parseUUID(text)
	if err != nil {
		return err
	}
	arr := u.dst.Elem()
	if u.double {
		if arr.IsNil() {
			arr.Set(reflect.New(arr.Type().Elem()))
		}
		arr = arr.Elem()
	}
	reflect.Copy(arr, reflect.ValueOf(b[:]))
	return nil
}

// parseUUID reads a UUID from its 16 bytes, its canonical text, or its
// 32 hex digits.
func parseUUID(s []byte) ([16]byte, error) {
	var b [16]byte
	switch len(s) {
	case 16:
		copy(b[:], s)
		return b, nil
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			break
		}
		var h [32]byte
		copy(h[0:8], s[0:8])
		copy(h[8:12], s[9:13])
		copy(h[12:16], s[14:18])
		copy(h[16:20], s[19:23])
		copy(h[20:], s[24:])
		s = h[:]
		fallthrough
	case 32:
		if _, err := hex.Decode(b[:], s); err == nil {
			return b, nil
		}
	}
	return b, fmt.Errorf("%q is not a UUID", s)
}
