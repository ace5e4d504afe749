package orm_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/orm"
)

type prefs struct {
	Theme  string   `json:"theme"`
	Fonts  []string `json:"fonts"`
	Legacy bool     `json:"legacy,omitempty"`
}

// account has JSON documents of each kind: a map (JSON without a tag), a
// struct and a slice (JSON by their column's type), and a nullable struct.
type account struct {
	ID    int64
	Attrs map[string]any
	Prefs prefs
	Tags  []string
	Old   *prefs
}

var accounts = func() (t struct {
	*core.Table
	ID    core.Column[int64]
	Attrs core.Column[map[string]any]
	Prefs core.Column[prefs]
	Tags  core.Column[[]string]
	Old   core.Column[prefs]
}) {
	t.Table = core.NewTable("account")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Attrs = core.NewColumn[map[string]any](t.Table, "attrs")
	t.Prefs = core.NewColumn[prefs](t.Table, "prefs", core.SQLType(core.JSON))
	t.Tags = core.NewColumn[[]string](t.Table, "tags", core.SQLType(core.JSON))
	t.Old = core.NewColumn[prefs](t.Table, "old", core.SQLType(core.JSON), core.Nullable())
	return t
}()

func init() { orm.Map[account](accounts.Table) }

// TestJSON: documents round-trip through the unit of work (jsonb on
// PostgreSQL, JSON on MariaDB, TEXT on SQLite), NULL and a nullable
// struct included; a change made inside a map in place is seen and
// written; and the JSON functions find rows by a path's value (keys with
// a quote, nested, missing), by containment and by key, and read a
// path's JSON, on each backend (containment refused on SQLite).
func TestJSON(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, accounts.Table); err != nil {
			t.Fatal(err)
		}
		ann := &account{ID: 1, Attrs: map[string]any{"plan": "pro", "seats": 5.0, "owner": map[string]any{"name": "ann"}},
			Prefs: prefs{Theme: "dark", Fonts: []string{"mono", "serif"}}, Tags: []string{"a", "b"}, Old: &prefs{Theme: "light", Legacy: true}}
		bob := &account{ID: 2, Attrs: map[string]any{"plan": "free", "it's": `"quoted"`}, Prefs: prefs{Theme: "light"}, Tags: []string{}}
		if err := w.f.Transaction(ctx, func(s *orm.Session) error { return s.AddAll(ann, bob) }); err != nil {
			t.Fatal(err)
		}
		load := func(id int64) *account {
			t.Helper()
			s := w.f.New()
			defer s.Close()
			a, err := orm.Get[account](ctx, s, id)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		for _, want := range []*account{ann, bob} {
			if got := load(want.ID); !reflect.DeepEqual(got, want) {
				t.Errorf("account %d read back as\n%+v\nwant\n%+v", want.ID, got, want)
			}
		}

		// A change inside the map and the slice is written.
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			a, err := orm.Get[account](ctx, s, int64(2))
			if err != nil {
				return err
			}
			a.Attrs["plan"] = "team"
			a.Tags = append(a.Tags, "new")
			a.Old = &prefs{Theme: "x"}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := load(2)
		if got.Attrs["plan"] != "team" || fmt.Sprint(got.Tags) != "[new]" || got.Old == nil || got.Old.Theme != "x" {
			t.Errorf("after the update: %+v", got)
		}

		s := w.f.New()
		defer s.Close()
		ids := func(what string, q *orm.SelectStmt[*account]) string {
			t.Helper()
			rows, err := orm.All(ctx, s, q.OrderBy(accounts.ID.Asc()))
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			var out []int64
			for _, r := range rows {
				out = append(out, r.ID)
			}
			return fmt.Sprint(out)
		}
		for _, c := range []struct {
			what string
			cond core.Condition
			want string
		}{
			{"plan is pro", core.JSONText(accounts.Attrs, "plan").Eq("pro"), "[1]"},
			{"owner's name is ann", core.JSONText(accounts.Attrs, "owner", "name").Eq("ann"), "[1]"},
			{"a key with a quote", core.JSONText(accounts.Attrs, "it's").Eq(`"quoted"`), "[2]"},
			{"has the key owner", core.JSONHasKey(accounts.Attrs, "owner"), "[1]"},
			{"theme is light", core.JSONText(accounts.Prefs, "theme").Eq("light"), "[2]"},
			{"no such path", core.JSONText(accounts.Attrs, "nothing", "here").IsNull(), "[1 2]"},
		} {
			if got := ids(c.what, orm.Select[account]().Where(c.cond)); got != c.want {
				t.Errorf("%s: %s, want %s", c.what, got, c.want)
			}
		}
		contains := orm.Select[account]().Where(core.JSONContains(accounts.Prefs, map[string]any{"fonts": []string{"serif"}}))
		if w.backend == "sqlite" {
			if _, err := orm.All(ctx, s, contains); !errors.Is(err, core.ErrUnsupported) {
				t.Errorf("JSONContains on SQLite: %v, want ErrUnsupported", err)
			}
		} else if got := ids("contains", contains); got != "[1]" {
			t.Errorf("prefs containing the font serif: %s, want [1]", got)
		}

		// A path's JSON, read into a json.RawMessage through core.
		tx, err := s.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := tx.Query(ctx, core.Select(core.JSONGet(accounts.Prefs, "fonts")).From(accounts.Table).Where(accounts.ID.Eq(1)))
		if err != nil {
			t.Fatal(err)
		}
		fonts, err := engine.Scalars[json.RawMessage](res)
		var list []string
		if err == nil && len(fonts) == 1 {
			err = json.Unmarshal(fonts[0], &list)
		}
		if err != nil || fmt.Sprint(list) != "[mono serif]" {
			t.Errorf("JSONGet of the fonts: %s, %v", fonts, err)
		}
	})
}
