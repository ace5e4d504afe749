package orm_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/retortdb/retort/orm"
)

// TestInheritanceGlobalCriteria: criteria on a hierarchy's base, the
// session's or a query's, hold for its subtypes too: in a query of a
// subtype (which reads the same table), in WithoutGlobalCriteria of the
// base, and in the flush's check of a subtype's new row.
func TestInheritanceGlobalCriteria(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		if err := orm.CreateAll(ctx, w.eng, stTeams.Table, Staffers.Table); err != nil {
			t.Fatal(err)
		}
		s := w.f.New()
		for _, o := range []any{
			&Staffer{Name: "ann"},
			&StaffManager{Staffer: Staffer{Name: "bob"}},
			&StaffManager{Staffer: Staffer{Name: "max"}},
			&StaffEngineer{Staffer: Staffer{Name: "cy"}},
		} {
			if err := s.Add(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s.Close()

		names := func(t *testing.T, s *orm.Session, all func() ([]string, error)) []string {
			t.Helper()
			got, err := all()
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			return got
		}
		notBob := Staffers.Name.Ne("bob")
		base := w.f.New(orm.WithGlobalCriteria[Staffer](notBob))
		defer base.Close()
		got := names(t, base, func() ([]string, error) {
			ms, err := orm.All(ctx, base, orm.Select[StaffManager]())
			var out []string
			for _, m := range ms {
				out = append(out, m.Name)
			}
			return out, err
		})
		if !slices.Equal(got, []string{"max"}) {
			t.Errorf("managers under the base's criteria: %v, want [max]", got)
		}
		got = names(t, base, func() ([]string, error) {
			es, err := orm.All(ctx, base, orm.Select[Staffer]())
			var out []string
			for _, e := range es {
				out = append(out, e.Name)
			}
			return out, err
		})
		if !slices.Equal(got, []string{"ann", "cy", "max"}) {
			t.Errorf("staff under the base's criteria: %v, want [ann cy max]", got)
		}
		managers := func(t *testing.T, s *orm.Session, opts ...orm.QueryOption) []string {
			t.Helper()
			return names(t, s, func() ([]string, error) {
				ms, err := orm.All(ctx, s, orm.Select[StaffManager]().Options(opts...))
				var out []string
				for _, m := range ms {
					out = append(out, m.Name)
				}
				return out, err
			})
		}
		if got := managers(t, base, orm.WithoutGlobalCriteria[Staffer]()); !slices.Equal(got, []string{"bob", "max"}) {
			t.Errorf("managers with the base's criteria lifted: %v, want [bob max]", got)
		}
		plain := w.f.New(orm.WithReadOnly(true))
		defer plain.Close()
		if got := managers(t, plain, orm.WithLoaderCriteria[Staffer](notBob)); !slices.Equal(got, []string{"max"}) {
			t.Errorf("managers under the base's loader criteria: %v, want [max]", got)
		}
		if err := base.Add(&StaffManager{Staffer: Staffer{Name: "bob"}}); err != nil {
			t.Fatal(err)
		}
		if err := base.Flush(ctx); !errors.Is(err, orm.ErrOutsideCriteria) {
			t.Errorf("a new manager outside the base's criteria: %v, want ErrOutsideCriteria", err)
		}
	})
}
