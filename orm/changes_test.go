package orm

import (
	"reflect"
	"testing"
	"time"

	"github.com/retortdb/retort/internal/objptr"
)

type status string

// TestEqForAgreesWithSameValue: each in-place comparison says what
// sameValue says of the boxed values, pointers followed, for every pair.
func TestEqForAgreesWithSameValue(t *testing.T) {
	s1, s2 := "a", "b"
	i1, i2 := int64(1), int64(2)
	t1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 := t1.In(time.FixedZone("x", 3600)) // the same instant elsewhere
	t3 := t1.Add(time.Second)
	cases := []struct {
		name string
		vals []any // pointers to values of one type
	}{
		{"string", []any{&s1, &s2, ptr("a")}},
		{"int64", []any{&i1, &i2, ptr(int64(1))}},
		{"int", []any{ptr(1), ptr(2), ptr(1)}},
		{"int32", []any{ptr(int32(1)), ptr(int32(-1))}},
		{"bool", []any{ptr(true), ptr(false), ptr(true)}},
		{"float64", []any{ptr(1.5), ptr(2.5), ptr(1.5)}},
		{"time", []any{&t1, &t2, &t3}},
		{"bytes", []any{ptr([]byte("x")), ptr([]byte("y")), ptr([]byte{}), ptr([]byte(nil))}},
		{"*string", []any{ptr(&s1), ptr(&s2), ptr((*string)(nil)), ptr(ptr("a"))}},
		{"*time", []any{ptr(&t1), ptr(&t2), ptr((*time.Time)(nil))}},
		{"named", []any{ptr(status("new")), ptr(status("paid")), ptr(status("new"))}},
	}
	for _, c := range cases {
		eq := eqFor(typeOfPointee(c.vals[0]))
		if eq == nil {
			t.Errorf("%s: no in-place comparison", c.name)
			continue
		}
		for _, a := range c.vals {
			for _, b := range c.vals {
				want := sameValue(deref(pointee(a)), deref(pointee(b)))
				pa, fa := inStruct(a)
				pb, fb := inStruct(b)
				if got := eq(pa, fa, pb, fb); got != want {
					t.Errorf("%s: %v against %v: %v, sameValue says %v", c.name, pointee(a), pointee(b), got, want)
				}
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func typeOfPointee(p any) reflect.Type { return reflect.TypeOf(p).Elem() }
func pointee(p any) any                { return reflect.ValueOf(p).Elem().Interface() }

// inStruct returns a new struct of one field holding *p, and that field.
func inStruct(p any) (objptr.Ptr, objptr.Field) {
	v := reflect.ValueOf(p).Elem()
	st := reflect.StructOf([]reflect.StructField{{Name: "V", Type: v.Type()}})
	s := reflect.New(st)
	s.Elem().Field(0).Set(v)
	return objptr.FromAny(s.Interface()), objptr.FieldOf(st, []int{0})
}
