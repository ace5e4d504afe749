package orm

import (
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/corehook"
	"github.com/retortdb/retort/internal/objptr"
)

type evalKind string

type evalRow struct {
	ID     int64
	Tenant int32
	Region *string
	Kind   evalKind
}

// TestEvalCriteria: the flush's evaluation of global criteria in Go
// follows SQL: NULL lets nothing through, NOT of NULL is NULL, AND and OR
// follow Kleene's logic; a criterion of another form is unknown (not
// checked), except where the others decide; a named type's value and an
// int32 field compare with the criteria's values; a column not loaded is
// unknown.
func TestEvalCriteria(t *testing.T) {
	tbl := core.NewTable("eval_row")
	core.NewColumn[int64](tbl, "id", core.PrimaryKey())
	tenant := core.NewColumn[int32](tbl, "tenant")
	region := core.NewColumn[string](tbl, "region", core.Nullable())
	kind := core.NewColumn[evalKind](tbl, "kind")
	other := core.NewColumn[int64](core.NewTable("eval_other"), "id")
	m := imperative[evalRow](tbl, nil)
	if m.err != nil {
		t.Fatal(m.err)
	}
	eu := "eu"
	s := &Session{}
	for _, tc := range []struct {
		name string
		row  evalRow
		cond core.Condition
		want truth
	}{
		{"equal", evalRow{Tenant: 1}, tenant.Eq(1), isTrue},
		{"not equal", evalRow{Tenant: 2}, tenant.Eq(1), isFalse},
		{"NULL", evalRow{}, region.Eq("eu"), isNull},
		{"IS NULL", evalRow{}, region.IsNull(), isTrue},
		{"IS NOT NULL", evalRow{Region: &eu}, region.IsNotNull(), isTrue},
		{"pointer", evalRow{Region: &eu}, region.Eq("eu"), isTrue},
		{"NOT NULL", evalRow{}, core.Not(region.Eq("eu")), isNull},
		{"<> NULL", evalRow{}, region.Ne("eu"), isNull},
		{"OR decides", evalRow{Tenant: 1}, core.Or(region.Eq("eu"), tenant.Eq(1)), isTrue},
		{"AND unknown", evalRow{Tenant: 1}, core.And(tenant.Eq(1), tenant.Gt(0)), isUnknown},
		{"AND decides", evalRow{Tenant: 2}, core.And(tenant.Eq(1), tenant.Gt(0)), isFalse},
		{"AND NULL unknown", evalRow{Tenant: 1}, core.And(region.Eq("eu"), tenant.Gt(0)), isNull},
		{"OR NULL unknown", evalRow{Tenant: 1}, core.Or(region.Eq("eu"), tenant.Gt(0)), isUnknown},
		{"IN", evalRow{Tenant: 2}, tenant.In(1, 2), isTrue},
		{"IN none", evalRow{Tenant: 3}, tenant.In(1, 2), isFalse},
		{"NOT IN", evalRow{Tenant: 3}, tenant.NotIn(1, 2), isTrue},
		{"NOT IN empty of NULL", evalRow{}, region.NotIn(), isTrue},
		{"named string", evalRow{Kind: "a"}, kind.Eq("a"), isTrue},
		{"TRUE", evalRow{}, core.True(), isTrue},
		{"another table", evalRow{}, other.Eq(1), isUnknown},
		{"a function", evalRow{Region: &eu}, core.Lower(region.Expr).Eq("eu"), isUnknown},
	} {
		row := tc.row
		if got := s.eval(m, objptr.Of(&row), objptr.Of(&row), corehook.Inspect(tc.cond)); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	row := evalRow{Tenant: 2}
	p := objptr.Of(&row)
	s.partial = map[objptr.Ptr][]int{p: {1}}
	if got := s.eval(m, p, p, corehook.Inspect(tenant.Eq(1))); got != isUnknown {
		t.Errorf("a column not loaded: %d, want unknown", got)
	}
}
