// engine/scan.go

package engine

import (
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/retortdb/retort/internal/naming"
	"github.com/retortdb/retort/internal/objptr"
)

// Scanning into structs matches columns to fields by label: a field's name
// is its `db:"label"` tag, or else its Go name in snake_case (UserID →
// user_id, CreatedAt → created_at, HTTPStatus → http_status). A field
// tagged `db:"-"` is never matched. Fields of embedded structs are matched
// as if they were the outer struct's, the outer name winning. Every column
// must match a field (a column no field takes is an error naming it);
// fields no column matches keep their zero value. A column that may be NULL
// needs a pointer field (or a sql.Null*/pgtype type), which gets nil.
//
// This is the reflective path; `retort gen` is to write reflection-free
// scanners for generated descriptors later.

// structPlan maps a struct type's column names to field index paths.
type structPlan struct {
	fields map[string][]int
}

// plans caches a structPlan (or the error) per struct type.
var plans sync.Map // reflect.Type → *structPlan or error

func planFor(t reflect.Type) (*structPlan, error) {
	if p, ok := plans.Load(t); ok {
		if err, isErr := p.(error); isErr {
			return nil, err
		}
		return p.(*structPlan), nil
	}
	p, err := buildPlan(t)
	if err != nil {
		plans.Store(t, err)
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

func buildPlan(t reflect.Type) (*structPlan, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("engine: cannot scan rows into %s: not a struct", t)
	}
	p := &structPlan{fields: map[string][]int{}}
	depth := map[string]int{} // how deep each name's field is, for shadowing
	var walk func(t reflect.Type, index []int) error
	walk = func(t reflect.Type, index []int) error {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("db")
			if tag == "-" {
				continue
			}
			path := append(append([]int(nil), index...), i)
			if f.Anonymous && !hasTag {
				ft := f.Type
				if ft.Kind() == reflect.Struct {
					if err := walk(ft, path); err != nil {
						return err
					}
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			name := tag
			if name == "" {
				name = naming.Snake(f.Name)
			}
			d, seen := depth[name]
			switch {
			case !seen || len(path) < d:
				p.fields[name] = path
				depth[name] = len(path)
			case len(path) == d:
				return fmt.Errorf("engine: %s: two fields take column %q", t, name)
			}
		}
		return nil
	}
	if err := walk(t, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// structScanner scans a Result's rows into values of T.
type structScanner[T any] struct {
	// Per column, its field in T. A field's path runs through embedded
	// structs by value only, so the field is at a fixed place in T, and
	// a row's destinations need no walk of the path.
	fields []objptr.Field
	// The destinations: per column a *F, F the field's type, which scan
	// points at the row's field with objptr.Field.SetAddr: in the
	// default build one word written per column, without the type lookup
	// of reflect.NewAt (a sixth of the time of scanning a row).
	dest []any
}

func newStructScanner[T any](r *Result) (*structScanner[T], error) {
	t := reflect.TypeFor[T]()
	p, err := planFor(t)
	if err != nil {
		return nil, err
	}
	cols := r.Columns()
	s := &structScanner[T]{fields: make([]objptr.Field, len(cols)), dest: make([]any, len(cols))}
	var unknown []string
	for i, c := range cols {
		path, ok := p.fields[c]
		if !ok {
			unknown = append(unknown, c)
			continue
		}
		s.fields[i] = objptr.FieldOf(t, path)
	}
	if unknown != nil {
		return nil, fmt.Errorf("engine: scan into %s: no field for column(s) %s (tag a field `db:\"name\"`, or select fewer columns)\nSQL: %s",
			t, strings.Join(unknown, ", "), shortSQL(r.sql))
	}
	return s, nil
}

// scan reads the current row into *v, which the caller has zeroed: in
// place, so that a row costs no allocation of its own. The destinations
// keep pointing into *v until the next row: the scanner is dropped with
// the loop that reads the rows.
func (s *structScanner[T]) scan(r *Result, v *T) error {
	obj := objptr.Of(v)
	for i := range s.fields {
		s.fields[i].SetAddr(&s.dest[i], obj)
	}
	return r.Scan(s.dest...)
}

// ScanAll reads every remaining row into a struct of type T, matching
// columns to fields by label (see the rules above), and closes the Result.
func ScanAll[T any](r *Result) ([]T, error) {
	s, err := newStructScanner[T](r)
	if err != nil {
		_ = r.Close()
		return nil, err
	}
	// The rows go into chunks, and at the end are copied once into a slice
	// of their number, which is not known before. Appending to one slice
	// would copy them several times over and allocate several times their
	// size: append grows a big slice by a quarter at a time. The chunks
	// double in size from 8 rows up to maxChunk bytes, Go's largest small
	// allocation, beyond which an allocation costs more.
	var zero T
	maxRows := max(8, maxChunk/max(1, int(reflect.TypeFor[T]().Size())))
	var chunks [][]T
	var cur []T
	for r.Next() {
		if len(cur) == cap(cur) {
			if cur != nil {
				chunks = append(chunks, cur)
			}
			cur = make([]T, 0, min(maxRows, max(8, 2*cap(cur))))
		}
		cur = append(cur, zero)
		if err := s.scan(r, &cur[len(cur)-1]); err != nil {
			return nil, err
		}
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	if chunks == nil {
		return cur, nil
	}
	return slices.Concat(append(chunks, cur)...), nil
}

// AppendAll is [ScanAll] appending to dst: for a caller who knows roughly
// how many rows to expect, or reuses a slice from one query to the next, so
// the rows are scanned straight into place with no copy at the end.
func AppendAll[T any](dst []T, r *Result) ([]T, error) {
	s, err := newStructScanner[T](r)
	if err != nil {
		_ = r.Close()
		return dst, err
	}
	var zero T
	for r.Next() {
		dst = append(dst, zero)
		if err := s.scan(r, &dst[len(dst)-1]); err != nil {
			return dst[:len(dst)-1], err
		}
	}
	return dst, r.done()
}

// maxChunk is the size in bytes of ScanAll's biggest chunks.
const maxChunk = 32 << 10

// ScanPartitions is [Result.Partitions] with each row scanned into a T as
// [ScanAll] does.
func ScanPartitions[T any](r *Result, n int) iter.Seq2[[]T, error] {
	s, err := newStructScanner[T](r)
	if err != nil {
		_ = r.Close()
		return func(yield func([]T, error) bool) { yield(nil, err) }
	}
	return partitions(r, n, s.scan)
}
