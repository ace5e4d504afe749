// internal/objptr/objptr_reflect.go

//go:build retort_purego

package objptr

import "reflect"

// Ptr is a pointer to an object of a mapped struct type, whatever the
// type: comparable, and usable as a map key. The zero Ptr is nil.
type Ptr struct{ p any } // a non-nil *T, or nil

// Of returns p as a Ptr.
func Of[T any](p *T) Ptr {
	if p == nil {
		return Ptr{}
	}
	return Ptr{p}
}

// FromAny returns the pointer x holds as a Ptr: x is nil or holds a
// pointer (a nil one gives the nil Ptr).
func FromAny(x any) Ptr {
	if x == nil || reflect.ValueOf(x).IsNil() {
		return Ptr{}
	}
	return Ptr{x}
}

// To returns p as a *T: T is the type of the object p points at.
func To[T any](p Ptr) *T {
	if p.p == nil {
		return nil
	}
	if t, ok := p.p.(*T); ok {
		return t
	}
	return embeddedFirst(reflect.ValueOf(p.p), reflect.TypeFor[T]()).Interface().(*T)
}

// As returns p as a P, a pointer type to the type of the object p points
// at: for a type parameter that is a pointer, which To cannot name.
func As[P any](p Ptr) P {
	if p.p == nil {
		var null P
		return null
	}
	if t, ok := p.p.(P); ok {
		return t
	}
	return embeddedFirst(reflect.ValueOf(p.p), reflect.TypeFor[P]().Elem()).Interface().(P)
}

// embeddedFirst returns p, a pointer to a struct, as a pointer to t: to
// the struct of type t that p's struct embeds by value as its first
// field, or that one's first field, and so on. An object of a subtype
// (orm.Polymorphic) serves as its base this way, as its address does in
// the default build, where the first field's offset is 0.
func embeddedFirst(p reflect.Value, t reflect.Type) reflect.Value {
	v := p.Elem()
	for v.Type() != t {
		v = v.Field(0)
	}
	return v.Addr()
}

// IsNil reports whether p is nil.
func (p Ptr) IsNil() bool { return p.p == nil }

// Interface returns p as a *T in an interface, T being elem, the type of
// the object p points at: for handing objects to code that takes any.
func (p Ptr) Interface(elem reflect.Type) any {
	if p.p == nil {
		return reflect.Zero(reflect.PointerTo(elem)).Interface()
	}
	return p.p
}

// Uintptr returns p's address, for a map that must not keep the object
// alive.
func (p Ptr) Uintptr() uintptr {
	if p.p == nil {
		return 0
	}
	return reflect.ValueOf(p.p).Pointer()
}

// ptrOf returns v, a pointer, as a Ptr.
func ptrOf(v reflect.Value) Ptr {
	if v.IsNil() {
		return Ptr{}
	}
	return Ptr{v.Interface()}
}

// Field is a field of a struct type, at a fixed place in its objects:
// made once (FieldOf, FieldAt), then read and written in any object of
// that type.
type Field struct {
	owner reflect.Type
	index []int
	typ   reflect.Type
}

// FieldOf returns the field of the struct type t at index (as
// reflect.Type.FieldByIndex takes it), whose path runs through struct
// fields by value, not pointers.
func FieldOf(t reflect.Type, index []int) Field {
	return Field{owner: t, index: index, typ: fieldType(t, index)}
}

// Type returns the field's type.
func (f Field) Type() reflect.Type { return f.typ }

func (f Field) value(obj Ptr) reflect.Value {
	v := reflect.ValueOf(obj.p)
	if f.owner != nil && v.Type().Elem() != f.owner {
		v = embeddedFirst(v, f.owner)
	}
	return v.Elem().FieldByIndex(f.index)
}

// Load returns the value of field f of obj as an F: the field's type, or
// its underlying type (a string for a field of type Status string).
func Load[F any](obj Ptr, f Field) F {
	v := f.value(obj)
	if t := reflect.TypeFor[F](); v.Type() != t {
		v = v.Convert(t)
	}
	return v.Interface().(F)
}

// Ptr returns the pointer that f, a *C field of obj, holds.
func (f Field) Ptr(obj Ptr) Ptr { return ptrOf(f.value(obj)) }

// SetPtr sets f, a *C field of obj, to v, a *C or nil.
func (f Field) SetPtr(obj, v Ptr) { setPtr(f.value(obj), v) }

func setPtr(dst reflect.Value, v Ptr) {
	switch pv := reflect.ValueOf(v.p); {
	case v.p == nil:
		dst.SetZero()
	case pv.Type() != dst.Type():
		dst.Set(embeddedFirst(pv, dst.Type().Elem()))
	default:
		dst.Set(pv)
	}
}

// Ptrs returns the pointers that f, a []*C field of obj, holds: nil for a
// nil slice. The result may share memory with the field: the caller does
// not write to it (SetPtrs and AppendPtr change the field).
func (f Field) Ptrs(obj Ptr) []Ptr {
	v := f.value(obj)
	if v.IsNil() {
		return nil
	}
	s := make([]Ptr, v.Len())
	for i := range s {
		s[i] = ptrOf(v.Index(i))
	}
	return s
}

// Len returns the length of f, a []*C field of obj.
func (f Field) Len(obj Ptr) int { return f.value(obj).Len() }

// SetPtrs sets f, a []*C field of obj, to hold the pointers of s, each a
// *C or nil; a nil s makes the field nil. The field may keep s's array:
// the caller does not write to s afterwards.
func (f Field) SetPtrs(obj Ptr, s []Ptr) {
	v := f.value(obj)
	if s == nil {
		v.SetZero()
		return
	}
	n := reflect.MakeSlice(v.Type(), len(s), len(s))
	for i, p := range s {
		setPtr(n.Index(i), p)
	}
	v.Set(n)
}

// AppendPtr appends v, a *C or nil, to f, a []*C field of obj, as append
// would.
func (f Field) AppendPtr(obj, v Ptr) {
	s := f.value(obj)
	e := reflect.New(s.Type().Elem()).Elem()
	setPtr(e, v)
	s.Set(reflect.Append(s, e))
}

// Addr returns the address of f in obj, a *F in an interface.
func (f Field) Addr(obj Ptr) any { return f.value(obj).Addr().Interface() }

// SetAddr sets *dst to the address of f in obj, a *F in an interface: a
// destination for a row's value to be scanned into.
func (f Field) SetAddr(dst *any, obj Ptr) { *dst = f.value(obj).Addr().Interface() }

// Type identifies a dynamic type: two interface values hold values of
// the same type exactly when their TypeOfs are equal. The zero Type is
// no type's, that of a nil interface.
type Type struct{ t reflect.Type }

// TypeOf returns the identity of v's dynamic type.
func TypeOf(v any) Type { return Type{reflect.TypeOf(v)} }
