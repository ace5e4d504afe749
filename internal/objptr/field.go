// internal/objptr/field.go

package objptr

import "reflect"

// FieldAt returns the field of obj, an object of the struct type t, that
// addr (a *F) points at: a field of the struct, or of a struct field
// within it, of type F. It reports false for an addr outside the struct
// (a field reached through a pointer), or at no field of type F. It finds,
// once for a mapping, the field a generated Addr function returns, which
// the ORM then reads without calling it.
func FieldAt(t reflect.Type, obj Ptr, addr any) (Field, bool) {
	a := reflect.ValueOf(addr)
	if obj.IsNil() || a.Kind() != reflect.Pointer || a.IsNil() {
		return Field{}, false
	}
	base, p := obj.Uintptr(), a.Pointer()
	if p < base || p-base >= t.Size() {
		return Field{}, false
	}
	index := fieldIndex(t, p-base, a.Type().Elem())
	if index == nil {
		return Field{}, false
	}
	return FieldOf(t, index), true
}

// fieldIndex returns the path to the field of type ft at offset off in
// the struct type t, through struct fields by value; nil for none.
func fieldIndex(t reflect.Type, off uintptr, ft reflect.Type) []int {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Offset == off && f.Type == ft {
			return []int{i}
		}
		if f.Type.Kind() == reflect.Struct && off >= f.Offset && off < f.Offset+f.Type.Size() {
			if rest := fieldIndex(f.Type, off-f.Offset, ft); rest != nil {
				return append([]int{i}, rest...)
			}
		}
	}
	return nil
}

// fieldType returns the type of the field at index in t, checking that
// the path runs through struct fields by value, as a Field's must: a
// field behind a pointer is at no fixed place in the object.
func fieldType(t reflect.Type, index []int) reflect.Type {
	for _, i := range index {
		if t.Kind() != reflect.Struct {
			panic("objptr: field path through " + t.String() + ", not a struct by value")
		}
		t = t.Field(i).Type
	}
	return t
}
