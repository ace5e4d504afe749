// orm/changes.go

package orm

import (
	"bytes"
	"reflect"
	"sync"
	"time"

	"github.com/retortdb/retort/internal/objptr"
)

// Change detection: a flush compares each object's mapped columns with its
// snapshot, every column of every object the session holds. Comparing
// through Mapping.Value would box both values of every column, an
// allocation or two each; the common field types are compared in place
// instead, through the field's descriptor (objptr.Field) in the object and
// in its snapshot (a copy of the same struct).

// columnEqs holds, per column, the field and a comparison of two fields of
// its type, or nil where the column goes the general way.
type columnEqs struct {
	once  sync.Once
	eq    []fieldEq
	field []objptr.Field
}

// fieldEq reports whether field fa of a holds the value field fb of b
// holds, two fields of one type.
type fieldEq func(a objptr.Ptr, fa objptr.Field, b objptr.Ptr, fb objptr.Field) bool

// sameCol reports whether column i of the objects a and b holds the same
// value, pointers followed.
func (m *mapper) sameCol(a, b objptr.Ptr, i int) bool {
	return m.sameAs(a, i, m, b, i)
}

// sameAs reports whether column i of obj (of m) holds the value that
// column j of other (of om) holds: a foreign key and the key it copies.
func (m *mapper) sameAs(obj objptr.Ptr, i int, om *mapper, other objptr.Ptr, j int) bool {
	m.eqs.once.Do(m.buildEqs)
	om.eqs.once.Do(om.buildEqs)
	if eq := m.eqs.eq[i]; eq != nil && om.eqs.eq[j] != nil && m.eqs.field[i].Type() == om.eqs.field[j].Type() {
		return eq(obj, m.eqs.field[i], other, om.eqs.field[j])
	}
	return sameValue(deref(m.value(obj, i)), deref(om.value(other, j)))
}

// buildEqs finds each mapped field and picks its comparison.
func (m *mapper) buildEqs() {
	m.eqs.eq = make([]fieldEq, len(m.cols))
	m.eqs.field = make([]objptr.Field, len(m.cols))
	probe := m.alloc()
	for i := range m.cols {
		if m.fields[i] == "" {
			continue
		}
		f, ok := objptr.FieldAt(m.typ, probe, m.addr(probe, i))
		if !ok {
			continue // not a field of the struct itself
		}
		m.eqs.eq[i], m.eqs.field[i] = eqFor(f.Type()), f
	}
}

var timeType = reflect.TypeFor[time.Time]()

// eqFor returns a comparison of two fields of type t, as sameValue would
// compare their values, or nil for a type left to sameValue. A pointer is
// followed one level.
func eqFor(t reflect.Type) fieldEq {
	ptr := t.Kind() == reflect.Pointer
	if ptr {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return eqOf(time.Time.Equal, ptr)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && t.Elem().PkgPath() == "":
		return eqOf(sameBytes, ptr)
	}
	// By kind: a named type (type Status string) compares as its
	// underlying type, as == on its boxed values does.
	switch t.Kind() {
	case reflect.String:
		return eqComparable[string](ptr)
	case reflect.Bool:
		return eqComparable[bool](ptr)
	case reflect.Int64:
		return eqComparable[int64](ptr)
	case reflect.Int:
		return eqComparable[int](ptr)
	case reflect.Int32:
		return eqComparable[int32](ptr)
	case reflect.Int16:
		return eqComparable[int16](ptr)
	case reflect.Float64:
		return eqComparable[float64](ptr)
	case reflect.Float32:
		return eqComparable[float32](ptr)
	}
	return nil
}

// sameBytes compares byte slices as sameValue does: a nil slice differs
// from an empty one.
func sameBytes(x, y []byte) bool { return bytes.Equal(x, y) && (x == nil) == (y == nil) }

// eqComparable compares fields of type F (or *F, when ptr) with ==,
// without a call per comparison.
func eqComparable[F comparable](ptr bool) fieldEq {
	if ptr {
		return func(a objptr.Ptr, fa objptr.Field, b objptr.Ptr, fb objptr.Field) bool {
			x, y := objptr.Load[*F](a, fa), objptr.Load[*F](b, fb)
			if x == nil || y == nil {
				return x == nil && y == nil
			}
			return *x == *y
		}
	}
	return func(a objptr.Ptr, fa objptr.Field, b objptr.Ptr, fb objptr.Field) bool {
		return objptr.Load[F](a, fa) == objptr.Load[F](b, fb)
	}
}

// eqOf compares fields of type F (or *F, when ptr) with eq.
func eqOf[F any](eq func(x, y F) bool, ptr bool) fieldEq {
	if ptr {
		return func(a objptr.Ptr, fa objptr.Field, b objptr.Ptr, fb objptr.Field) bool {
			x, y := objptr.Load[*F](a, fa), objptr.Load[*F](b, fb)
			if x == nil || y == nil {
				return x == nil && y == nil
			}
			return eq(*x, *y)
		}
	}
	return func(a objptr.Ptr, fa objptr.Field, b objptr.Ptr, fb objptr.Field) bool {
		return eq(objptr.Load[F](a, fa), objptr.Load[F](b, fb))
	}
}
