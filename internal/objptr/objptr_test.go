// internal/objptr/objptr_test.go

package objptr_test

import (
	"reflect"
	"testing"

	"github.com/retortdb/retort/internal/objptr"
)

type Status string

type Inner struct {
	Code int32
	When int64
}

type Child struct{ ID int64 }

type Obj struct {
	ID     int64
	Name   string
	Status Status
	Nick   *string
	Inner  Inner
	Ref    *Inner
	Parent *Child
	Kids   []*Child
}

var objType = reflect.TypeFor[Obj]()

func field(t *testing.T, name string) objptr.Field {
	t.Helper()
	f, ok := objType.FieldByName(name)
	if !ok {
		t.Fatalf("no field %s", name)
	}
	return objptr.FieldOf(objType, f.Index)
}

func TestPtr(t *testing.T) {
	a, b := &Obj{ID: 1}, &Obj{ID: 2}
	pa := objptr.Of(a)
	if pa.IsNil() || objptr.To[Obj](pa) != a || objptr.As[*Obj](pa) != a {
		t.Fatalf("Of then To or As does not give the pointer back")
	}
	if pa != objptr.FromAny(a) || pa != objptr.Of(a) || pa == objptr.Of(b) {
		t.Fatalf("Ptrs of one object differ, or of two are equal")
	}
	if got, ok := pa.Interface(reflect.TypeFor[Obj]()).(*Obj); !ok || got != a {
		t.Fatalf("Interface gives %#v, want the *Obj", pa.Interface(reflect.TypeFor[Obj]()))
	}
	if got, ok := (objptr.Ptr{}).Interface(reflect.TypeFor[Obj]()).(*Obj); !ok || got != nil {
		t.Fatalf("Interface of the nil Ptr gives %#v, want a nil *Obj", got)
	}
	if pa.Uintptr() != reflect.ValueOf(a).Pointer() {
		t.Fatalf("Uintptr: %#x, want %#x", pa.Uintptr(), reflect.ValueOf(a).Pointer())
	}
	m := map[objptr.Ptr]int{pa: 1, objptr.Of(b): 2}
	if m[objptr.FromAny(b)] != 2 {
		t.Fatalf("a Ptr is not found as a map key")
	}
	for _, p := range []objptr.Ptr{{}, objptr.Of[Obj](nil), objptr.FromAny(nil), objptr.FromAny((*Obj)(nil))} {
		if !p.IsNil() || p != (objptr.Ptr{}) || objptr.To[Obj](p) != nil || objptr.As[*Obj](p) != nil || p.Uintptr() != 0 {
			t.Fatalf("a nil pointer does not give the nil Ptr: %v", p)
		}
	}
}

func TestLoad(t *testing.T) {
	nick := "n"
	o := &Obj{ID: 7, Name: "x", Status: "open", Nick: &nick, Inner: Inner{Code: 3, When: 9}}
	p := objptr.Of(o)
	if got := objptr.Load[int64](p, field(t, "ID")); got != 7 {
		t.Errorf("ID: %d", got)
	}
	if got := objptr.Load[string](p, field(t, "Name")); got != "x" {
		t.Errorf("Name: %q", got)
	}
	if got := objptr.Load[string](p, field(t, "Status")); got != "open" {
		t.Errorf("Status as its underlying type: %q", got)
	}
	if got := objptr.Load[Status](p, field(t, "Status")); got != "open" {
		t.Errorf("Status: %q", got)
	}
	if got := objptr.Load[*string](p, field(t, "Nick")); got != &nick {
		t.Errorf("Nick: %v", got)
	}
	when := objptr.FieldOf(objType, []int{4, 1})
	if got := objptr.Load[int64](p, when); got != 9 || when.Type() != reflect.TypeFor[int64]() {
		t.Errorf("Inner.When: %d, %v", got, when.Type())
	}
}

func TestFieldAt(t *testing.T) {
	o := &Obj{Ref: &Inner{}}
	p := objptr.Of(o)
	o.Inner.When = 5
	for _, tc := range []struct {
		addr any
		ok   bool
	}{
		{&o.ID, true},
		{&o.Status, true},
		{&o.Inner, true},
		{&o.Inner.When, true},
		{&o.Kids, true},
		{&o.Ref.When, false},      // behind a pointer
		{(*int32)(nil), false},    // no address
		{new(int64), false},       // another object
		{7, false},                // not a pointer
		{(*[2]int32)(nil), false}, // no field of that type
		{&o.Inner.Code, true},     // at the Inner's own offset
	} {
		f, ok := objptr.FieldAt(objType, p, tc.addr)
		if ok != tc.ok {
			t.Errorf("FieldAt(%T): %v, want %v", tc.addr, ok, tc.ok)
			continue
		}
		if ok && f.Type() != reflect.TypeOf(tc.addr).Elem() {
			t.Errorf("FieldAt(%T): a field of type %v", tc.addr, f.Type())
		}
	}
	f, _ := objptr.FieldAt(objType, p, &o.Inner.When)
	if objptr.Load[int64](p, f) != 5 {
		t.Errorf("FieldAt(&o.Inner.When) reads another field")
	}
}

func TestPointerFields(t *testing.T) {
	o, c1, c2 := &Obj{}, &Child{1}, &Child{2}
	p, parent, kids := objptr.Of(o), field(t, "Parent"), field(t, "Kids")
	if !parent.Ptr(p).IsNil() || kids.Ptrs(p) != nil {
		t.Fatalf("a zero object's relationship fields are not nil")
	}
	parent.SetPtr(p, objptr.Of(c1))
	if o.Parent != c1 || parent.Ptr(p) != objptr.Of(c1) {
		t.Fatalf("SetPtr: %v", o.Parent)
	}
	parent.SetPtr(p, objptr.Ptr{})
	if o.Parent != nil {
		t.Fatalf("SetPtr(nil): %v", o.Parent)
	}
	kids.AppendPtr(p, objptr.Of(c1))
	kids.AppendPtr(p, objptr.Ptr{})
	if len(o.Kids) != 2 || o.Kids[0] != c1 || o.Kids[1] != nil {
		t.Fatalf("AppendPtr: %v", o.Kids)
	}
	got := kids.Ptrs(p)
	if kids.Len(p) != 2 || len(got) != 2 || got[0] != objptr.Of(c1) || !got[1].IsNil() {
		t.Fatalf("Ptrs: %v", got)
	}
	kids.SetPtrs(p, []objptr.Ptr{objptr.Of(c2), objptr.Of(c1)})
	if len(o.Kids) != 2 || o.Kids[0] != c2 || o.Kids[1] != c1 {
		t.Fatalf("SetPtrs: %v", o.Kids)
	}
	kids.SetPtrs(p, []objptr.Ptr{})
	if o.Kids == nil || len(o.Kids) != 0 {
		t.Fatalf("SetPtrs(empty): %#v", o.Kids)
	}
	kids.SetPtrs(p, nil)
	if o.Kids != nil {
		t.Fatalf("SetPtrs(nil): %#v", o.Kids)
	}
}

func TestSetAddr(t *testing.T) {
	a, b := &Obj{}, &Obj{}
	name, when := field(t, "Name"), objptr.FieldOf(objType, []int{4, 1})
	dest := make([]any, 2)
	for _, o := range []*Obj{a, b} {
		p := objptr.Of(o)
		name.SetAddr(&dest[0], p)
		when.SetAddr(&dest[1], p)
		*dest[0].(*string) = "set"
		*dest[1].(*int64) = 42
	}
	if a.Name != "set" || b.Name != "set" || a.Inner.When != 42 || b.Inner.When != 42 {
		t.Fatalf("SetAddr's destinations do not point at the fields: %+v %+v", a, b)
	}
	if a := when.Addr(objptr.Of(b)); a != any(&b.Inner.When) {
		t.Fatalf("Addr: %#v, want %p", a, &b.Inner.When)
	}
	var other any = 3 // a destination that held another type
	name.SetAddr(&other, objptr.Of(a))
	if sp, ok := other.(*string); !ok || sp != &a.Name {
		t.Fatalf("SetAddr over an int: %#v", other)
	}
}

func TestTypeOf(t *testing.T) {
	var s string
	var n int64
	if objptr.TypeOf(&s) != objptr.TypeOf(new(string)) || objptr.TypeOf(&s) == objptr.TypeOf(&n) {
		t.Fatalf("TypeOf does not tell types apart")
	}
	if objptr.TypeOf(nil) != (objptr.Type{}) || objptr.TypeOf(nil) == objptr.TypeOf(&s) {
		t.Fatalf("TypeOf(nil) is not the zero Type")
	}
}

func TestFieldOfThroughPointer(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatalf("FieldOf through a pointer did not panic")
		}
	}()
	f, _ := objType.FieldByName("Ref")
	objptr.FieldOf(objType, []int{f.Index[0], 0})
}
