package orm_test

import (
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/orm"
)

// A tree whose keys the database generates, linked by its collection
// alone (no many-to-one field): a child's parent_id is known only once
// its parent's INSERT returned the key.
type shoot struct {
	ID       int64
	ParentID *int64
	Name     string
	Children []*shoot
}

var shoots = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	ParentID core.Column[*int64]
	Name     core.Column[string]
}) {
	t.Table = core.NewTable("shoot")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey(), core.AutoIncrement())
	t.ParentID = core.NewColumn[*int64](t.Table, "parent_id", core.Nullable(), core.References(t.ID))
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var shootChildren = orm.NewRelationship[shoot, shoot]("Children", "cascade:all")

func init() { orm.Map[shoot](shoots.Table, shootChildren) }

// TestInsertGeneratedKeyTree: a new tree of three levels, linked through
// its collections and keyed by the database, goes in one flush, each
// level after the one it references, and every row names its parent.
func TestInsertGeneratedKeyTree(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, shoots.Table); err != nil {
			t.Fatal(err)
		}
		root := &shoot{Name: "r", Children: []*shoot{
			{Name: "a", Children: []*shoot{{Name: "a1"}, {Name: "a2"}}},
			{Name: "b", Children: []*shoot{{Name: "b1"}}},
		}}
		err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(root) })
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		rows, err := orm.All(ctx, s, orm.Columns2(shoots.Name, shoots.ParentID).OrderBy(shoots.Name.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		parent := map[string]int64{}
		ids := map[string]int64{"r": root.ID, "a": root.Children[0].ID, "b": root.Children[1].ID}
		for _, r := range rows {
			if r.V2 != nil {
				parent[r.V1] = *r.V2
			}
		}
		want := map[string]string{"a": "r", "b": "r", "a1": "a", "a2": "a", "b1": "b"}
		for child, p := range want {
			if parent[child] != ids[p] || ids[p] == 0 {
				t.Errorf("%s's parent_id is %d, want %s's id %d", child, parent[child], p, ids[p])
			}
		}
		if len(rows) != 6 {
			t.Errorf("%d rows, want 6", len(rows))
		}
	})
}

// TestInsertCollectionCycle: two new rows that hold each other in their
// collections cannot both name their parent; the flush says so and
// writes nothing.
func TestInsertCollectionCycle(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, shoots.Table); err != nil {
			t.Fatal(err)
		}
		a, b := &shoot{Name: "a"}, &shoot{Name: "b"}
		a.Children, b.Children = []*shoot{b}, []*shoot{a}
		err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.Add(a) })
		if err == nil || !strings.Contains(err.Error(), "hold each other in their collections in a cycle") {
			t.Fatalf("err = %v, want the cycle named", err)
		}
		if n := w.count(t, "shoot"); n != 0 {
			t.Errorf("%d rows written, want 0", n)
		}
	})
}
