// orm/changes.go

package orm

import (
	"bytes"
	"reflect"
	"sync"
	"time"
	"unsafe"
)

// Change detection: a flush compares each object's mapped columns with its
// snapshot, every column of every object the session holds. Comparing
// through Mapping.Value would box both values of every column, an
// allocation or two each; the common field types are compared in place
// instead, at the field's offset in the object and in its snapshot (a
// copy of the same struct).

// columnEqs holds, per column, the field's offset and type and a
// comparison of two fields of that type, or nil where the column goes the
// general way.
type columnEqs struct {
	once sync.Once
	eq   []func(a, b unsafe.Pointer) bool
	off  []uintptr
	typ  []reflect.Type
}

// sameCol reports whether column i of the objects a and b holds the same
// value, pointers followed.
func (m *mapper) sameCol(a, b unsafe.Pointer, i int) bool {
	return m.sameAs(a, i, m, b, i)
}

// sameAs reports whether column i of obj (of m) holds the value that
// column j of other (of om) holds: a foreign key and the key it copies.
func (m *mapper) sameAs(obj unsafe.Pointer, i int, om *mapper, other unsafe.Pointer, j int) bool {
	m.eqs.once.Do(m.buildEqs)
	om.eqs.once.Do(om.buildEqs)
	if eq := m.eqs.eq[i]; eq != nil && om.eqs.eq[j] != nil && m.eqs.typ[i] == om.eqs.typ[j] {
		return eq(unsafe.Add(obj, m.eqs.off[i]), unsafe.Add(other, om.eqs.off[j]))
	}
	return sameValue(deref(m.value(obj, i)), deref(om.value(other, j)))
}

// buildEqs finds each mapped field's offset and picks its comparison.
func (m *mapper) buildEqs() {
	m.eqs.eq = make([]func(a, b unsafe.Pointer) bool, len(m.cols))
	m.eqs.off = make([]uintptr, len(m.cols))
	m.eqs.typ = make([]reflect.Type, len(m.cols))
	probe := m.alloc()
	size := m.typ.Size()
	for i := range m.cols {
		if m.fields[i] == "" {
			continue
		}
		field := reflect.ValueOf(m.addr(probe, i))
		off := field.Pointer() - uintptr(probe)
		if field.Pointer() < uintptr(probe) || off >= size {
			continue // not a field of the struct itself
		}
		m.eqs.eq[i], m.eqs.off[i], m.eqs.typ[i] = eqFor(field.Type().Elem()), off, field.Type().Elem()
	}
}

var timeType = reflect.TypeFor[time.Time]()

// eqFor returns a comparison of two values of type t at the given
// addresses, as sameValue would compare them, or nil for a type left to
// sameValue.
func eqFor(t reflect.Type) func(a, b unsafe.Pointer) bool {
	switch {
	case t == timeType:
		return func(a, b unsafe.Pointer) bool { return (*time.Time)(a).Equal(*(*time.Time)(b)) }
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && t.Elem().PkgPath() == "":
		return func(a, b unsafe.Pointer) bool {
			x, y := *(*[]byte)(a), *(*[]byte)(b)
			return bytes.Equal(x, y) && (x == nil) == (y == nil)
		}
	case t.Kind() == reflect.Pointer:
		elem := eqFor(t.Elem())
		if elem == nil {
			return nil
		}
		return func(a, b unsafe.Pointer) bool {
			x, y := *(*unsafe.Pointer)(a), *(*unsafe.Pointer)(b)
			if x == nil || y == nil {
				return x == nil && y == nil
			}
			return elem(x, y)
		}
	}
	// By kind: a named type (type Status string) compares as its
	// underlying type, as == on its boxed values does.
	switch t.Kind() {
	case reflect.String:
		return func(a, b unsafe.Pointer) bool { return *(*string)(a) == *(*string)(b) }
	case reflect.Bool:
		return func(a, b unsafe.Pointer) bool { return *(*bool)(a) == *(*bool)(b) }
	case reflect.Int64:
		return func(a, b unsafe.Pointer) bool { return *(*int64)(a) == *(*int64)(b) }
	case reflect.Int:
		return func(a, b unsafe.Pointer) bool { return *(*int)(a) == *(*int)(b) }
	case reflect.Int32:
		return func(a, b unsafe.Pointer) bool { return *(*int32)(a) == *(*int32)(b) }
	case reflect.Int16:
		return func(a, b unsafe.Pointer) bool { return *(*int16)(a) == *(*int16)(b) }
	case reflect.Float64:
		return func(a, b unsafe.Pointer) bool { return *(*float64)(a) == *(*float64)(b) }
	case reflect.Float32:
		return func(a, b unsafe.Pointer) bool { return *(*float32)(a) == *(*float32)(b) }
	}
	return nil
}
