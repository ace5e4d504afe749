package orm_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

// post has array columns: TEXT[] and BIGINT[] on PostgreSQL, the slices'
// JSON text elsewhere.
type post struct {
	ID     int64
	Tags   []string
	Scores []int64
}

var posts = func() (t struct {
	*core.Table
	ID     core.Column[int64]
	Tags   core.Column[[]string]
	Scores core.Column[[]int64]
}) {
	t.Table = core.NewTable("post")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Tags = core.NewColumn[[]string](t.Table, "tags")
	t.Scores = core.NewColumn[[]int64](t.Table, "scores")
	return t
}()

func init() { orm.Map[post](posts.Table) }

// TestArrays: slices round-trip as arrays (PostgreSQL) or JSON (SQLite,
// MariaDB) through the unit of work and InsertMany (COPY on PostgreSQL),
// a nil slice as an empty one; an element changed in place is written;
// and Contains, Overlaps and Any find rows on every backend, values with
// a quote included.
func TestArrays(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, posts.Table); err != nil {
			t.Fatal(err)
		}
		want := []*post{
			{ID: 1, Tags: []string{"go", "sql"}, Scores: []int64{1, 5}},
			{ID: 2, Tags: []string{"go", `it's "odd"`}, Scores: []int64{7}},
			{ID: 3, Tags: nil, Scores: []int64{}},
		}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(want[0], want[1], want[2]) }); err != nil {
			t.Fatal(err)
		}
		err := w.eng.Transaction(ctx, func(tx *engine.Tx) error {
			rows := make([][]any, 120)
			for i := range rows {
				rows[i] = []any{int64(100 + i), []string{"bulk", fmt.Sprint(i)}, []int64{int64(i)}}
			}
			_, err := tx.InsertMany(ctx, posts.Table, []string{"id", "tags", "scores"}, rows)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		defer s.Close()
		got, err := orm.All(ctx, s, orm.Select[post]().Where(posts.ID.Lt(100)).OrderBy(posts.ID.Asc()))
		if err != nil {
			t.Fatal(err)
		}
		want[2].Tags = []string{} // a nil slice is written as an empty one
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back %v, want %v", dump(got), dump(want))
		}
		bulk, err := orm.Get[post](ctx, s, int64(150))
		if err != nil || fmt.Sprint(bulk.Tags, bulk.Scores) != "[bulk 50] [50]" {
			t.Errorf("a row of InsertMany: %+v, %v", bulk, err)
		}

		got[0].Tags[1] = "postgres" // in place
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s2 := w.f.New()
		again, err := orm.Get[post](ctx, s2, int64(1))
		if err != nil || fmt.Sprint(again.Tags) != "[go postgres]" {
			t.Errorf("after an element changed in place: %+v, %v", again, err)
		}
		s2.Close()

		for _, c := range []struct {
			what string
			cond core.Condition
			want string
		}{
			{"tags contain go and postgres", core.Contains(posts.Tags, "go", "postgres"), "[1]"},
			{"tags contain go", core.Contains(posts.Tags, "go"), "[1 2]"},
			{"tags contain nothing asked", core.Contains(posts.Tags), "[1 2 3]"},
			{"tags overlap odd or postgres", core.Overlaps(posts.Tags, `it's "odd"`, "postgres"), "[1 2]"},
			{"tags overlap neither", core.Overlaps(posts.Tags, "rust", "c"), "[]"},
			{"scores have 7", core.Any(posts.Scores, 7), "[2]"},
			{"scores contain 1 and 5", core.Contains(posts.Scores, 1, 5), "[1]"},
		} {
			rows, err := orm.All(ctx, s, orm.Select[post]().Where(c.cond, posts.ID.Lt(100)).OrderBy(posts.ID.Asc()))
			if err != nil {
				t.Fatalf("%s: %v", c.what, err)
			}
			var ids []int64
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
			if fmt.Sprint(ids) != c.want {
				t.Errorf("%s: %v, want %s", c.what, ids, c.want)
			}
		}
	})
}

func dump(ps []*post) string {
	out := ""
	for _, p := range ps {
		out += fmt.Sprintf("%d:%q:%v ", p.ID, p.Tags, p.Scores)
	}
	return out
}
