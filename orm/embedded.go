// orm/embedded.go

package orm

import (
	"reflect"
	"slices"
)

// Embedded pointers. A mapped struct may hold some of its columns in a
// struct it embeds by pointer (type Page struct { *Base; ... }). Two of
// the mapper's shortcuts copy and clear objects whole, which would treat
// such a struct wrongly: a copy (a loaded object made from the scanner's
// stage, a snapshot made from an object) would share it with the
// original, and zeroing the stage would drop the struct that the
// scanner's destinations point into. embeddedPtrs corrects both.

// embeddedPtrs are the index paths of a struct type's exported embedded
// pointers to structs, at any depth, each after those it is reached
// through. Unexported ones, which reflection cannot set, are left out:
// retort gen and Map refuse columns behind them.
type embeddedPtrs [][]int

// embeddedPointers returns t's embedded pointers, or nil for none.
func embeddedPointers(t reflect.Type) embeddedPtrs {
	var out embeddedPtrs
	var walk func(t reflect.Type, at []int, seen []reflect.Type)
	walk = func(t reflect.Type, at []int, seen []reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			ft := f.Type
			if !f.Anonymous || slices.Contains(seen, ft) {
				continue
			}
			path := append(slices.Clip(at), i)
			if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct {
				if !f.IsExported() {
					continue
				}
				out = append(out, path)
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, path, append(slices.Clip(seen), f.Type))
			}
		}
	}
	walk(t, nil, nil)
	return out
}

// unshare gives the embedded structs of obj (a struct value that can be
// set), a copy of another object, copies of their own.
func (e embeddedPtrs) unshare(obj reflect.Value) {
	for _, path := range e {
		f, err := obj.FieldByIndexErr(path)
		if err != nil || f.IsNil() {
			continue // behind a nil pointer, or nil
		}
		c := reflect.New(f.Type().Elem())
		c.Elem().Set(f.Elem())
		f.Set(c)
	}
}

// zero sets obj (a struct value that can be set) to its zero value,
// keeping the structs its embedded pointers point at, zeroed too.
func (e embeddedPtrs) zero(obj reflect.Value) {
	kept := make([]reflect.Value, len(e))
	for i, path := range e {
		if f, err := obj.FieldByIndexErr(path); err == nil && !f.IsNil() {
			kept[i] = f.Elem()
		}
	}
	obj.SetZero()
	for i, path := range e {
		if kept[i].IsValid() {
			kept[i].SetZero()
			// The pointers it is reached through are set again by now.
			obj.FieldByIndex(path).Set(kept[i].Addr())
		}
	}
}
