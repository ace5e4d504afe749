// orm/scan.go

package orm

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// scanner reads a Result's rows into objects of T through T's mapping:
// each result column is scanned straight into its field, through the
// pointers the mapping's Addr gives (generated code: a switch, no
// reflection).
type scanner[T any] struct {
	addr func(obj *T, i int) any
	cols []int // per result column, its table column's position
	dest []any
}

// newScanner prepares to scan rows whose columns are named cols, each a
// column of T's table.
func newScanner[T any](cols []string) (*scanner[T], error) {
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	s := &scanner[T]{addr: m.typed.(Mapping[T]).Addr, cols: make([]int, len(cols)), dest: make([]any, len(cols))}
	for i, name := range cols {
		j := slices.IndexFunc(m.cols, func(c *core.ColumnDef) bool { return c.Name == name })
		if j < 0 || m.fields[j] == "" {
			return nil, fmt.Errorf("retort: column %q of the result is not a mapped column of %s", name, m.typ)
		}
		s.cols[i] = j
	}
	return s, nil
}

func (s *scanner[T]) scan(r *engine.Result, obj *T) error {
	for i, c := range s.cols {
		s.dest[i] = s.addr(obj, c)
	}
	return r.Scan(s.dest...)
}

// scanAll reads every row of r into a new object of T, and closes r.
func scanAll[T any](r *engine.Result) (objs []*T, err error) {
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	s, err := newScanner[T](r.Columns())
	if err != nil {
		return nil, err
	}
	for r.Next() {
		obj := new(T)
		if err := s.scan(r, obj); err != nil {
			return nil, err
		}
		objs = append(objs, obj)
	}
	return objs, r.Err()
}
