// orm/scan.go

package orm

import (
	"reflect"
	"unsafe"

	"github.com/retortdb/retort/engine"
)

// scanAll reads every row of r into a new object of T, outside any
// session, and closes r.
func scanAll[T any](r *engine.Result) (objs []*T, err error) {
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	sc, err := newRowScanner(m, r.Columns())
	if err != nil {
		return nil, err
	}
	for r.Next() {
		obj := new(T)
		if err := sc.scan(r, unsafe.Pointer(obj)); err != nil {
			return nil, err
		}
		objs = append(objs, obj)
	}
	return objs, r.Err()
}
