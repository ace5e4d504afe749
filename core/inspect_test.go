package core

import (
	"fmt"
	"testing"

	"github.com/retortdb/retort/internal/corehook"
)

// TestInspect: the conditions Go can evaluate come out as predicates on
// the columns and values they test; the rest as Unknown. Columns lists a
// condition's columns, leaving out those of its subqueries.
func TestInspect(t *testing.T) {
	tbl := NewTable("acct")
	id := NewColumn[int64](tbl, "id", PrimaryKey())
	tenant := NewColumn[int64](tbl, "tenant_id")
	gone := NewColumn[bool](tbl, "gone")
	other := NewTable("other")
	otherID := NewColumn[int64](other, "id")
	show := func(p corehook.Pred) string {
		var f func(p corehook.Pred) string
		f = func(p corehook.Pred) string {
			if len(p.Items) > 0 {
				s := fmt.Sprint(p.Op, "(")
				for i, it := range p.Items {
					if i > 0 {
						s += " "
					}
					s += f(it)
				}
				return s + ")"
			}
			if p.Column.Name == "" {
				return fmt.Sprint(p.Op, p.Values)
			}
			return fmt.Sprint(p.Op, " ", p.Column.Name, p.Values)
		}
		return f(p)
	}
	for _, tc := range []struct {
		cond Condition
		want string
	}{
		{tenant.Eq(7), "5 tenant_id[7]"},
		{tenant.Ne(7), "6 tenant_id[7]"},
		{tenant.In(1, 2), "7 tenant_id[1 2]"},
		{tenant.NotIn(3), "8 tenant_id[3]"},
		{tenant.IsNull(), "9 tenant_id[]"},
		{tenant.IsNotNull(), "10 tenant_id[]"},
		{gone, "5 gone[true]"},
		{And(tenant.Eq(1), Not(gone)), "1(5 tenant_id[1] 3(5 gone[true]))"},
		{Or(tenant.Eq(1), True(), False()), "2(5 tenant_id[1] 4 [true] 4 [false])"},
		{tenant.Gt(1), "0 []"},
		{tenant.EqCol(id), "0 []"},
		{Exists(Select(otherID).Where(otherID.EqCol(tenant))), "0 []"},
	} {
		if got := show(corehook.Inspect(tc.cond)); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.cond, got, tc.want)
		}
	}
	cols := corehook.Columns(And(tenant.Eq(1), id.InSelect(Select(otherID).Where(otherID.Gt(2))), Exists(Select(otherID))))
	if len(cols) != 2 || cols[0].Name != "tenant_id" || cols[1].Name != "id" || cols[0].Table != any(tbl) || cols[1].Table != any(tbl) {
		t.Errorf("Columns: %+v", cols)
	}
}
