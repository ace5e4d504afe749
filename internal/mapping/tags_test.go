package mapping

import (
	"reflect"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
)

func TestParseColumnTag(t *testing.T) {
	yes, no := true, false
	vc := core.Varchar(200)
	num := core.Numeric(12, 2)
	for _, tc := range []struct {
		tag  string
		want ColumnTag
	}{
		{"", ColumnTag{}},
		{"-", ColumnTag{Skip: true}},
		{"computed", ColumnTag{Skip: true, Computed: true}},
		{"pk", ColumnTag{PK: true}},
		{" column:uid ; pk; autoincrement:false ", ColumnTag{Column: "uid", PK: true, AutoIncrement: &no}},
		{"autoincrement", ColumnTag{AutoIncrement: &yes}},
		{"unique;index;version", ColumnTag{Unique: true, Index: true, Version: true}},
		{"soft_delete; deferred", ColumnTag{SoftDelete: true, Deferred: true}},
		{"type:VARCHAR(200)", ColumnTag{Type: &vc}},
		{"type:numeric(12, 2)", ColumnTag{Type: &num}},
		{"default:new; server_default:now()", ColumnTag{Default: "new", ServerDefault: "now()"}},
		{"references:users.id; ondelete:set null; onupdate:cascade",
			ColumnTag{References: &Ref{"users", "id"}, OnDelete: core.FKSetNull, OnUpdate: core.FKCascade}},
	} {
		got, err := ParseColumnTag(tc.tag)
		if err != nil {
			t.Errorf("%q: %v", tc.tag, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %+v, want %+v", tc.tag, got, tc.want)
		}
	}
}

func TestParseRelTag(t *testing.T) {
	got, err := ParseRelTag("fk:a, b; order_by:created_at DESC, id asc; back:User; cascade:all, delete-orphan; passive_deletes; lazy:selectin")
	if err != nil {
		t.Fatal(err)
	}
	want := RelTag{
		FK: []string{"a", "b"}, OrderBy: []Order{{"created_at", true}, {"id", false}}, Back: "User",
		Cascade: SaveUpdate | Merge | Delete | DeleteOrphan, PassiveDeletes: true, Lazy: "selectin",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got, _ := ParseRelTag(""); got.Cascade != SaveUpdate {
		t.Errorf("default cascade %v, want save-update", got.Cascade)
	}
	if got, _ := ParseRelTag("cascade:save-update, merge"); got.Cascade != SaveUpdate|Merge {
		t.Errorf("cascade:save-update, merge gave %v", got.Cascade)
	}
	if got, _ := ParseRelTag("cascade:none"); got.Cascade != 0 {
		t.Errorf("cascade:none gave %v", got.Cascade)
	}
}

func TestParseTableTag(t *testing.T) {
	got, err := ParseTableTag("table:users; descriptor:People; schema:sales; index:(a, b); unique:uq_ab(a,b); check:price > 0; check:a <> b")
	if err != nil {
		t.Fatal(err)
	}
	want := TableTag{
		Name: "users", Descriptor: "People", Schema: "sales",
		Indexes: []Index{{Columns: []string{"a", "b"}}, {Name: "uq_ab", Columns: []string{"a", "b"}, Unique: true}},
		Checks:  []string{"price > 0", "a <> b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestTagErrors: a malformed tag fails with a message that says which
// option and what it wants.
func TestTagErrors(t *testing.T) {
	for _, tc := range []struct {
		parse func(string) error
		tag   string
		want  string
	}{
		{col, "pk; pk", `option "pk" given twice`},
		{col, "pk:yes", `option "pk" takes no value`},
		{col, "column", `option "column" needs a value`},
		{col, "primary_key", `unknown option "primary_key" for a column (known: column, pk,`},
		{col, "Server_Default:x", `(did you mean "server_default"?)`},
		{col, "softdelete", `(did you mean "soft_delete"?)`},
		{col, "soft_delete:yes", `option "soft_delete" takes no value`},
		{col, "autoincrement:maybe", "autoincrement:maybe: want true or false"},
		{col, "type:varchar", "type:varchar: want bigint, integer"},
		{col, "type:varchar(x)", `type:varchar(x): "x" is not a length`},
		{col, "type:numeric(1, 2", "type:numeric(1, 2: unbalanced parenthesis"},
		{col, "references:users", "references:users: want table.column"},
		{col, "references:users.id; ondelete:explode", "ondelete:explode: want cascade, set null"},
		{col, "computed; column:n", `option "computed" stands alone`},
		{col, "computed:yes", `option "computed" takes no value`},
		{col, "ondelete:cascade", "ondelete and onupdate need references:table.column"},
		{rel, "fk", `option "fk" needs a value`},
		{rel, "lazy:eager", "lazy:eager: want one of selectin, joined, raise, noload"},
		{rel, "cascade:everything", `cascade "everything": want save-update`},
		{rel, "cascade:delete-orphan", "cascade delete-orphan needs delete too"},
		{rel, "order_by:id sideways", `order_by term "id sideways": want column [asc|desc]`},
		{rel, "pk", `unknown option "pk" for a relationship`},
		{tbl, "index:a, b", "index:a, b: want index:[name](col, col)"},
		{tbl, "unique:()", "unique:(): want unique:[name](col, col)"},
		{tbl, "table:a; table:b", `option "table" given twice`},
		{tbl, "tabel:x", `unknown option "tabel" for a table`},
	} {
		err := tc.parse(tc.tag)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.tag, err, tc.want)
		}
	}
}

func col(s string) error { _, err := ParseColumnTag(s); return err }
func rel(s string) error { _, err := ParseRelTag(s); return err }
func tbl(s string) error { _, err := ParseTableTag(s); return err }
