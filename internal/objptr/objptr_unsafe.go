// internal/objptr/objptr_unsafe.go

//go:build !retort_purego

package objptr

import (
	"reflect"
	"unsafe"
)

// Ptr is a pointer to an object of a mapped struct type, whatever the
// type: comparable, and usable as a map key. The zero Ptr is nil.
type Ptr struct{ p unsafe.Pointer }

// Of returns p as a Ptr.
func Of[T any](p *T) Ptr { return Ptr{unsafe.Pointer(p)} }

// FromAny returns the pointer x holds as a Ptr: x is nil or holds a
// pointer (a nil one gives the nil Ptr).
func FromAny(x any) Ptr { return Ptr{(*eface)(unsafe.Pointer(&x)).data} }

// To returns p as a *T: T is the type of the object p points at.
func To[T any](p Ptr) *T { return (*T)(p.p) }

// As returns p as a P, a pointer type to the type of the object p points
// at: for a type parameter that is a pointer, which To cannot name.
func As[P any](p Ptr) P { return *(*P)(unsafe.Pointer(&p.p)) }

// IsNil reports whether p is nil.
func (p Ptr) IsNil() bool { return p.p == nil }

// Interface returns p as a *T in an interface, T being elem, the type of
// the object p points at: for handing objects to code that takes any.
func (p Ptr) Interface(elem reflect.Type) any {
	if p.p == nil {
		return reflect.Zero(reflect.PointerTo(elem)).Interface()
	}
	return reflect.NewAt(elem, p.p).Interface()
}

// Uintptr returns p's address, for a map that must not keep the object
// alive.
func (p Ptr) Uintptr() uintptr { return uintptr(p.p) }

// Field is a field of a struct type, at a fixed place in its objects:
// made once (FieldOf, FieldAt), then read and written in any object of
// that type without reflection.
type Field struct {
	off uintptr
	typ reflect.Type
	// ptrType is the type word of a *F, F the field's type, which
	// SetAddr gives the interface it sets.
	ptrType unsafe.Pointer
}

// FieldOf returns the field of the struct type t at index (as
// reflect.Type.FieldByIndex takes it), whose path runs through struct
// fields by value, not pointers.
func FieldOf(t reflect.Type, index []int) Field {
	ft := fieldType(t, index)
	var off uintptr
	for _, i := range index {
		f := t.Field(i)
		off += f.Offset
		t = f.Type
	}
	var null any = reflect.Zero(reflect.PointerTo(ft)).Interface()
	return Field{off: off, typ: ft, ptrType: (*eface)(unsafe.Pointer(&null)).typ}
}

// Type returns the field's type.
func (f Field) Type() reflect.Type { return f.typ }

func (f Field) addr(obj Ptr) unsafe.Pointer { return unsafe.Add(obj.p, f.off) }

// Load returns the value of field f of obj as an F: the field's type, or
// its underlying type (a string for a field of type Status string).
func Load[F any](obj Ptr, f Field) F { return *(*F)(f.addr(obj)) }

// Ptr returns the pointer that f, a *C field of obj, holds.
func (f Field) Ptr(obj Ptr) Ptr { return Ptr{*(*unsafe.Pointer)(f.addr(obj))} }

// SetPtr sets f, a *C field of obj, to v, a *C or nil.
func (f Field) SetPtr(obj, v Ptr) { *(*unsafe.Pointer)(f.addr(obj)) = v.p }

// Ptrs returns the pointers that f, a []*C field of obj, holds: nil for a
// nil slice. The result may share memory with the field: the caller does
// not write to it (SetPtrs and AppendPtr change the field).
func (f Field) Ptrs(obj Ptr) []Ptr { return *(*[]Ptr)(f.addr(obj)) }

// Len returns the length of f, a []*C field of obj.
func (f Field) Len(obj Ptr) int { return len(*(*[]Ptr)(f.addr(obj))) }

// SetPtrs sets f, a []*C field of obj, to hold the pointers of s, each a
// *C or nil; a nil s makes the field nil. The field may keep s's array:
// the caller does not write to s afterwards.
func (f Field) SetPtrs(obj Ptr, s []Ptr) { *(*[]Ptr)(f.addr(obj)) = s }

// AppendPtr appends v, a *C or nil, to f, a []*C field of obj, as append
// would.
func (f Field) AppendPtr(obj, v Ptr) {
	s := (*[]Ptr)(f.addr(obj))
	*s = append(*s, v)
}

// Addr returns the address of f in obj, a *F in an interface.
func (f Field) Addr(obj Ptr) any {
	var a any
	*(*eface)(unsafe.Pointer(&a)) = eface{typ: f.ptrType, data: f.addr(obj)}
	return a
}

// SetAddr sets *dst to the address of f in obj, a *F in an interface: a
// destination for a row's value to be scanned into. Where *dst already
// holds a *F, as after a first SetAddr, this writes its data word alone,
// with no allocation and no type lookup: what a row costs per column.
func (f Field) SetAddr(dst *any, obj Ptr) {
	e := (*eface)(unsafe.Pointer(dst))
	if e.typ != f.ptrType {
		e.typ = f.ptrType
	}
	e.data = f.addr(obj)
}

// Type identifies a dynamic type: two interface values hold values of
// the same type exactly when their TypeOfs are equal. The zero Type is
// no type's, that of a nil interface.
type Type struct{ w unsafe.Pointer }

// TypeOf returns the identity of v's dynamic type.
func TypeOf(v any) Type { return Type{(*eface)(unsafe.Pointer(&v)).typ} }

// eface is the layout of an interface{} value: its type word and its data
// word, which for a pointer type is the pointer itself.
type eface struct {
	typ, data unsafe.Pointer
}
