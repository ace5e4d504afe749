package orm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// pantry and jar are models with an AfterLoad method, which logs what
// the object holds when it runs (its jars, its pantry): the
// relationships the query loads are set by then. A pantry named as
// failPantry fails its AfterLoad, one named as panicPantry panics.
type pantry struct {
	ID   int64
	Name string
	Jars []*jar
	// loads counts the AfterLoad calls: a field no column holds.
	loads int
}

type jar struct {
	ID       int64
	PantryID int64
	Label    string
	Pantry   *pantry
}

var pantries = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("pantry")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

var jars = func() (t struct {
	*core.Table
	ID, PantryID core.Column[int64]
	Label        core.Column[string]
}) {
	t.Table = core.NewTable("jar")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.PantryID = core.NewColumn[int64](t.Table, "pantry_id", core.References(pantries.ID))
	t.Label = core.NewColumn[string](t.Table, "label")
	return t
}()

var (
	pantryJars = orm.NewRelationship[pantry, jar]("Jars", "back:Pantry; order_by:id; cascade:save-update, merge")
	jarPantry  = orm.NewRelationship[jar, pantry]("Pantry", "back:Jars")
)

func init() {
	orm.Map[pantry](pantries.Table, pantryJars)
	orm.Map[jar](jars.Table, jarPantry)
}

var failPantry, panicPantry string

var errBadPantry = errors.New("a bad pantry")

func (p *pantry) AfterLoad(context.Context) error {
	p.loads++
	logHook("pantry %s jars=%d", p.Name, len(p.Jars))
	switch p.Name {
	case failPantry:
		return errBadPantry
	case panicPantry:
		panic("pantry " + p.Name)
	}
	return nil
}

func (j *jar) AfterLoad(context.Context) error {
	owner := "-"
	if j.Pantry != nil {
		owner = j.Pantry.Name
	}
	logHook("jar %s pantry=%s", j.Label, owner)
	return nil
}

// pantryWorld creates the tables and writes pantries A (jars a1, a2), B
// (b1) and C (none), and returns a factory whose sessions log a jar's
// load once more, from a WithHook function.
func pantryWorld(t *testing.T, w *world, opts ...orm.SessionOption) *orm.SessionFactory {
	t.Helper()
	ctx := t.Context()
	if err := orm.CreateAll(ctx, w.eng, pantries.Table, jars.Table); err != nil {
		t.Fatal(err)
	}
	err := w.f.Transaction(ctx, func(s *orm.Session) error {
		return s.AddAll(
			&pantry{ID: 1, Name: "A", Jars: []*jar{{ID: 1, Label: "a1"}, {ID: 2, Label: "a2"}}},
			&pantry{ID: 2, Name: "B", Jars: []*jar{{ID: 3, Label: "b1"}}},
			&pantry{ID: 3, Name: "C"})
	})
	if err != nil {
		t.Fatal(err)
	}
	takeLog()
	opts = append([]orm.SessionOption{orm.WithHook(orm.AfterLoad, func(_ context.Context, j *jar) error {
		logHook("factory jar %s", j.Label)
		return nil
	})}, opts...)
	return orm.NewSessionFactory(w.eng, opts...)
}

// TestAfterLoad: every way of loading calls AfterLoad once for each
// object a row brings into the session, after the query has set the
// relationships it loads (the pantry sees its jars, the jar its pantry),
// the model's method before the factory's function; an object the
// session holds already gets none, one PopulateExisting or Refresh
// overwrites gets it again, once however many rows repeat it. No
// statement is added for the hooks.
func TestAfterLoad(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		f := pantryWorld(t, w)
		byID := orm.Select[pantry]().OrderBy(pantries.ID.Asc())
		const (
			a     = "pantry A jars=2"
			b     = "pantry B jars=1"
			c     = "pantry C jars=0"
			a1    = "jar a1 pantry=A; factory jar a1"
			a2    = "jar a2 pantry=A; factory jar a2"
			b1    = "jar b1 pantry=B; factory jar b1"
			join  = a + "; " + a1 + "; " + a2 + "; " + b + "; " + b1 + "; " + c
			joins = 1
		)
		for _, tc := range []struct {
			name  string
			run   func(s *orm.Session) error
			want  string
			stmts int
		}{
			{"All, relationships unloaded", func(s *orm.Session) error {
				_, err := orm.All(ctx, s, byID)
				return err
			}, "pantry A jars=0; pantry B jars=0; pantry C jars=0", 1},
			{"select-in", func(s *orm.Session) error {
				_, err := orm.All(ctx, s, byID.Options(orm.SelectInLoad(pantryJars)))
				return err
			}, a + "; " + b + "; " + c + "; " + a1 + "; " + a2 + "; " + b1, 2},
			{"joined", func(s *orm.Session) error {
				_, err := orm.All(ctx, s, byID.Options(orm.JoinedLoad(pantryJars)))
				return err
			}, join, joins},
			{"ContainsEager", func(s *orm.Session) error {
				_, err := orm.All(ctx, s, orm.Select[pantry]().OuterJoin(pantryJars).OrderBy(pantries.ID.Asc(), jars.ID.Asc()).
					Options(orm.ContainsEager(pantryJars)))
				return err
			}, join, joins},
			{"joined many-to-one", func(s *orm.Session) error {
				_, err := orm.All(ctx, s, orm.Select[jar]().OrderBy(jars.ID.Asc()).Options(orm.JoinedLoad(jarPantry)))
				return err
			}, "jar a1 pantry=A; factory jar a1; pantry A jars=0; jar a2 pantry=A; factory jar a2; jar b1 pantry=B; factory jar b1; pantry B jars=0", 1},
			{"One", func(s *orm.Session) error {
				_, err := orm.One(ctx, s, byID.Where(pantries.Name.Eq("B")).Options(orm.SelectInLoad(pantryJars)))
				return err
			}, b + "; " + b1, 2},
			{"First", func(s *orm.Session) error {
				_, err := orm.First(ctx, s, byID)
				return err
			}, "pantry A jars=0", 1},
			{"Get", func(s *orm.Session) error {
				_, err := orm.Get[jar](ctx, s, int64(3))
				return err
			}, "jar b1 pantry=-; factory jar b1", 1},
			{"Load", func(s *orm.Session) error {
				ps, err := orm.All(ctx, s, byID.Where(pantries.Name.Eq("A")))
				if err != nil {
					return err
				}
				logHook("loading")
				return orm.Load(ctx, s, ps, pantryJars)
			}, "pantry A jars=0; loading; " + a1 + "; " + a2, 2},
			{"Merge", func(s *orm.Session) error {
				_, err := orm.Merge(ctx, s, &pantry{ID: 2, Name: "B", Jars: []*jar{{ID: 3, PantryID: 2, Label: "b1"}}})
				return err
			}, "pantry B jars=0; " + b1, 2},
			{"Stream", func(s *orm.Session) error {
				for p, err := range orm.Stream(ctx, s, orm.Select[pantry]().Options(orm.SelectInLoad(pantryJars)).YieldPer(2)) {
					if err != nil {
						return err
					}
					logHook("yield %s", p.Name)
				}
				return nil
			}, a + "; " + b + "; " + a1 + "; " + a2 + "; " + b1 + "; yield A; yield B; " + c + "; yield C", -1},
			{"again in the session", func(s *orm.Session) error {
				if _, err := orm.All(ctx, s, byID.Options(orm.JoinedLoad(pantryJars))); err != nil {
					return err
				}
				logHook("again")
				_, err := orm.All(ctx, s, byID.Options(orm.JoinedLoad(pantryJars)))
				return err
			}, join + "; again", 2},
			{"PopulateExisting and Refresh", func(s *orm.Session) error {
				ps, err := orm.All(ctx, s, byID.Options(orm.JoinedLoad(pantryJars)))
				if err != nil {
					return err
				}
				logHook("populate")
				if _, err := orm.All(ctx, s, byID.Options(orm.JoinedLoad(pantryJars), orm.PopulateExisting())); err != nil {
					return err
				}
				logHook("refresh")
				if err := s.Refresh(ctx, ps[1]); err != nil {
					return err
				}
				if ps[0].loads != 2 || ps[1].loads != 3 {
					return fmt.Errorf("AfterLoad ran %d and %d times, want 2 and 3", ps[0].loads, ps[1].loads)
				}
				return nil
			}, join + "; populate; " + join + "; refresh; pantry B jars=1", 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := f.New()
				defer s.Close()
				takeLog()
				w.rec.Reset()
				if err := tc.run(s); err != nil {
					t.Fatal(err)
				}
				if got := takeLog(); got != tc.want {
					t.Errorf("hooks:\n got %s\nwant %s", got, tc.want)
				}
				if n := len(w.statements("SELECT")) + len(w.statements("WITH")); tc.stmts >= 0 && n != tc.stmts {
					t.Errorf("%d statements, want %d: %q", n, tc.stmts, w.rec.SQL())
				}
			})
		}
	})
}

// TestAfterLoadRecursive: RecursiveLoad calls the hooks of every level it
// loads, each object seeing the children loaded below it; a read-only
// session calls them too.
func TestAfterLoadRecursive(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		// A level per flush: the parent's key is generated.
		err := w.f.Transaction(ctx, func(s *orm.Session) error {
			var parent *int64
			for _, level := range [][]string{{"root"}, {"c1", "c2"}, {"c11"}} {
				var first *shop.Category
				for _, name := range level {
					c := &shop.Category{Name: name, ParentID: parent}
					if first == nil {
						first = c
					}
					if err := s.Add(c); err != nil {
						return err
					}
				}
				if err := s.Flush(ctx); err != nil {
					return err
				}
				parent = &first.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		hook := orm.WithHook(orm.AfterLoad, func(_ context.Context, c *shop.Category) error {
			logHook("%s children=%d", c.Name, len(c.Children))
			return nil
		})
		for _, readOnly := range []bool{false, true} {
			s := orm.NewSessionFactory(w.eng, hook, orm.WithReadOnly(readOnly)).New()
			takeLog()
			w.rec.Reset()
			_, err := orm.All(ctx, s, orm.Select[shop.Category]().Where(shop.Categories.ParentID.IsNull()).
				Options(orm.RecursiveLoad(shop.Categories.Children, orm.ToLeaves)))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := takeLog(), "root children=2; c1 children=1; c2 children=0; c11 children=0"; got != want {
				t.Errorf("read-only %t:\n got %s\nwant %s", readOnly, got, want)
			}
			if n := w.rec.Count(); n != 2 {
				t.Errorf("read-only %t: %d statements, want 2: %q", readOnly, n, w.rec.SQL())
			}
			s.Close()
		}
	})
}

// TestAfterLoadFailure: an AfterLoad error fails the query with a
// *HookError naming the object; the objects stay in the session, and
// those whose AfterLoad did not run to the end are expired, so that the
// next query reads them again and calls it then. A panicking AfterLoad
// goes through the call, and leaves the session usable in the same way.
// Load and a stream fail the same way.
func TestAfterLoadFailure(t *testing.T) {
	defer func() { failPantry, panicPantry = "", "" }()
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		f := pantryWorld(t, w)
		byID := orm.Select[pantry]().OrderBy(pantries.ID.Asc())
		s := f.New()
		defer s.Close()

		failPantry = "B"
		takeLog()
		_, err := orm.All(ctx, s, byID)
		var he *orm.HookError
		if !errors.As(err, &he) || he.Event != orm.AfterLoad || !errors.Is(err, errBadPantry) ||
			he.Object.(*pantry).Name != "B" || err.Error() != "retort: AfterLoad of *orm_test.pantry: a bad pantry" {
			t.Fatalf("a failing AfterLoad: %v", err)
		}
		if got, want := takeLog(), "pantry A jars=0; pantry B jars=0"; got != want {
			t.Errorf("hooks run:\n got %s\nwant %s", got, want)
		}
		failPantry = ""
		ps, err := orm.All(ctx, s, byID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "pantry B jars=0; pantry C jars=0"; got != want {
			t.Errorf("the next query calls the hooks that did not run:\n got %s\nwant %s", got, want)
		}
		if ps[0].loads != 1 || ps[1].loads != 2 || ps[2].loads != 1 {
			t.Errorf("loads %d %d %d, want 1 2 1", ps[0].loads, ps[1].loads, ps[2].loads)
		}

		panicPantry = "A"
		func() {
			defer func() {
				if r := recover(); r != "pantry A" {
					t.Errorf("recovered %v, want the hook's panic", r)
				}
			}()
			_, _ = orm.All(ctx, s, byID.Options(orm.PopulateExisting()))
		}()
		panicPantry = ""
		takeLog()
		if _, err := orm.All(ctx, s, byID); err != nil {
			t.Fatalf("a query after the panic: %v", err)
		}
		if got, want := takeLog(), "pantry A jars=0; pantry B jars=0; pantry C jars=0"; got != want {
			t.Errorf("after the panic:\n got %s\nwant %s", got, want)
		}

		// SQLite lets one transaction write at a time.
		s.Close()
		failPantry = "C"
		s2 := f.New()
		defer s2.Close()
		n := 0
		for _, err = range orm.Stream(ctx, s2, byID.YieldPer(2)) {
			if err != nil {
				break
			}
			n++
		}
		if !errors.As(err, &he) || n != 2 {
			t.Errorf("a stream whose second batch fails: %d rows, then %v", n, err)
		}
		s2.Close()
		failPantry = "A"
		s3 := f.New()
		defer s3.Close()
		js, err := orm.All(ctx, s3, orm.Select[jar]())
		if err != nil {
			t.Fatal(err)
		}
		if err := orm.Load(ctx, s3, js, jarPantry); !errors.As(err, &he) || !strings.Contains(err.Error(), "AfterLoad of *orm_test.pantry") {
			t.Errorf("Load whose pantry fails: %v", err)
		}
		failPantry = ""
		takeLog()
	})
}

// TestAfterLoadQueryFails: a query that fails after it put objects in
// the session (its select-in fails) calls no AfterLoad, and leaves those
// objects expired, so that the next query that reads them calls it.
func TestAfterLoadQueryFails(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		f := pantryWorld(t, w)
		s := f.New()
		defer s.Close()
		ghost := core.NewColumn[int64](core.NewTable("ghost"), "id")
		byID := orm.Select[pantry]().OrderBy(pantries.ID.Asc())
		_, err := orm.All(ctx, s, byID.Options(orm.SelectInLoad(pantryJars), orm.WithLoaderCriteria[jar](ghost.Eq(1))))
		var he *orm.HookError
		if err == nil || errors.As(err, &he) {
			t.Fatalf("a query whose select-in fails: %v", err)
		}
		if got := takeLog(); got != "" {
			t.Errorf("hooks of a failed query: %s", got)
		}
		if w.backend == testdb.Postgres {
			// The failed statement aborted the transaction.
			if err := s.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := orm.All(ctx, s, byID); err != nil {
			t.Fatal(err)
		}
		if got, want := takeLog(), "pantry A jars=0; pantry B jars=0; pantry C jars=0"; got != want {
			t.Errorf("the next query:\n got %s\nwant %s", got, want)
		}
	})
}
