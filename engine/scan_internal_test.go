package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/objptr"
)

type base struct {
	ID        int64
	CreatedAt string
}

type withEmbedded struct {
	base
	Name      string
	CreatedAt string `db:"created_at"` // shadows base's
	hidden    int    //lint:ignore U1000 an unexported field is never matched
}

type twoTakers struct {
	A string `db:"x"`
	B string `db:"x"`
}

func TestStructPlan(t *testing.T) {
	p, err := planFor(reflect.TypeFor[withEmbedded]())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"id": {0, 0}, "name": {1}, "created_at": {2}}
	if !reflect.DeepEqual(p.fields, want) {
		t.Errorf("plan = %v, want %v", p.fields, want)
	}
	if p2, _ := planFor(reflect.TypeFor[withEmbedded]()); p2 != p {
		t.Error("the plan is not cached")
	}
	if _, err := planFor(reflect.TypeFor[twoTakers]()); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("two fields for one column: %v", err)
	}
	if _, err := planFor(reflect.TypeFor[int]()); err == nil {
		t.Error("a plan for int")
	}
}

// colsOnly is driver rows with columns and no row, for newStructScanner.
type colsOnly []string

func (c colsOnly) Columns() []string    { return c }
func (colsOnly) Next() bool             { return false }
func (colsOnly) Scan(...any) error      { return nil }
func (colsOnly) Values() ([]any, error) { return nil, nil }
func (colsOnly) Err() error             { return nil }
func (colsOnly) Close() error           { return nil }

// TestStructScannerDest checks the destinations scan makes (with
// objptr.Field.SetAddr): each is the same *F, pointing at the same field,
// as reflect's FieldByIndex(path).Addr().Interface().
func TestStructScannerDest(t *testing.T) {
	s, err := newStructScanner[withEmbedded](&Result{rows: colsOnly{"name", "id", "created_at"}})
	if err != nil {
		t.Fatal(err)
	}
	var v withEmbedded
	rv := reflect.ValueOf(&v).Elem()
	for i, path := range [][]int{{1}, {0, 0}, {2}} {
		s.fields[i].SetAddr(&s.dest[i], objptr.Of(&v))
		if want := rv.FieldByIndex(path).Addr().Interface(); s.dest[i] != want {
			t.Errorf("column %d: destination %T %p, want %T %p", i, s.dest[i], s.dest[i], want, want)
		}
	}
	*s.dest[0].(*string) = "x"
	*s.dest[1].(*int64) = 7
	if v.Name != "x" || v.ID != 7 {
		t.Errorf("after writes through the destinations: %+v", v)
	}
}
