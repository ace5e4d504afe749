package orm_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// reportIDs lists the keys of e's reports.
func reportIDs(e *chinook.Employee) []int32 {
	var out []int32
	for _, r := range e.Reports {
		out = append(out, r.EmployeeID)
	}
	return out
}

// recursiveEmployeeSQL is the recursive load of Employee.Reports from one
// manager, as each backend gets it.
func recursiveEmployeeSQL(backend string) string {
	cols := "employee_id, last_name, first_name, title, reports_to, birth_date, hire_date, address, city, state, country, postal_code, phone, fax, email"
	qual := func(t string) string {
		f := strings.Split(cols, ", ")
		for i := range f {
			f[i] = t + "." + f[i]
		}
		return strings.Join(f, ", ")
	}
	one, in, plus, lt := "?", "IN (?)", "?", "?"
	switch backend {
	case testdb.Postgres:
		one, in, plus, lt = "CAST($1 AS BIGINT)", "= ANY($2)", "$3", "$4"
	}
	return "WITH RECURSIVE retort_tree(" + cols + ", retort_depth) AS (" +
		"SELECT " + qual("employee") + ", " + one + " AS retort_depth FROM employee WHERE employee.reports_to " + in +
		" UNION ALL SELECT " + qual("employee") + ", (retort_tree.retort_depth + " + plus + ") FROM employee" +
		" JOIN retort_tree ON employee.reports_to = retort_tree.employee_id WHERE retort_tree.retort_depth < " + lt + ")" +
		" SELECT retort_tree.retort_depth, " + qual("retort_tree") + " FROM retort_tree" +
		" ORDER BY retort_tree.retort_depth ASC, retort_tree.employee_id ASC"
}

// TestRecursiveLoadEmployees: Chinook's org chart (Adams manages Edwards
// and Mitchell, who manage the other five) loads from its root in one
// statement to any depth: every level's collection filled in order and
// marked loaded, leaves empty and loaded, the last level unloaded, the
// back-references filled.
func TestRecursiveLoadEmployees(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		root := orm.Select[chinook.Employee]().Where(chinook.Employees.ReportsTo.IsNull())
		for _, tc := range []struct {
			depth  int
			loaded []int32 // whose Reports are loaded
		}{
			{1, []int32{1}},
			{2, []int32{1, 2, 6}},
			{3, []int32{1, 2, 3, 4, 5, 6, 7, 8}},
			{orm.ToLeaves, []int32{1, 2, 3, 4, 5, 6, 7, 8}},
		} {
			t.Run(fmt.Sprint("depth", tc.depth), func(t *testing.T) {
				s := w.f.New()
				defer s.Close()
				w.rec.Reset()
				got, err := orm.All(ctx, s, root.Options(orm.RecursiveLoad(chinook.Employees.Reports, tc.depth)))
				if err != nil {
					t.Fatal(err)
				}
				sql := w.rec.SQL()
				if len(sql) != 2 || !strings.HasPrefix(sql[0], "SELECT") {
					t.Fatalf("statements %q, want the query and one more", sql)
				}
				if want := recursiveEmployeeSQL(w.backend); sql[1] != want {
					t.Errorf("recursive load:\n%s\nwant\n%s", sql[1], want)
				}
				if len(got) != 1 || got[0].EmployeeID != 1 {
					t.Fatalf("roots %v", got)
				}
				want := map[int32][]int32{1: {2, 6}, 2: {3, 4, 5}, 6: {7, 8}}
				seen := map[int32]*chinook.Employee{}
				var walk func(e *chinook.Employee)
				walk = func(e *chinook.Employee) {
					seen[e.EmployeeID] = e
					loaded := isLoaded(t, s, e, chinook.Employees.Reports)
					if loaded != slices.Contains(tc.loaded, e.EmployeeID) {
						t.Errorf("employee %d: reports loaded %v", e.EmployeeID, loaded)
					}
					if !loaded {
						if e.Reports != nil {
							t.Errorf("employee %d: unloaded reports hold %v", e.EmployeeID, reportIDs(e))
						}
						return
					}
					if ids := reportIDs(e); !slices.Equal(ids, want[e.EmployeeID]) {
						t.Errorf("employee %d: reports %v, want %v", e.EmployeeID, ids, want[e.EmployeeID])
					}
					for _, r := range e.Reports {
						if r.Manager != e || !isLoaded(t, s, r, chinook.Employees.Manager) {
							t.Errorf("employee %d: manager %p not filled", r.EmployeeID, r.Manager)
						}
						walk(r)
					}
				}
				walk(got[0])
				wantSeen := map[int]int{1: 3, 2: 8, 3: 8, orm.ToLeaves: 8}[tc.depth]
				if len(seen) != wantSeen {
					t.Errorf("%d employees reached, want %d", len(seen), wantSeen)
				}
			})
		}
	})
}

// TestRecursiveLoadSession: objects the session holds keep their state;
// a collection loaded already is kept; links chained after RecursiveLoad
// load at every level; criteria filter every level, hiding a subtree.
func TestRecursiveLoadSession(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		edwards, err := orm.Get[chinook.Employee](ctx, s, int32(2))
		if err != nil {
			t.Fatal(err)
		}
		edwards.FirstName = "Nan"
		root := orm.Select[chinook.Employee]().Where(chinook.Employees.ReportsTo.IsNull())
		w.rec.Reset()
		got, err := orm.All(ctx, s, root.Options(
			orm.RecursiveLoad(chinook.Employees.Reports, orm.ToLeaves).SelectInLoad(chinook.Employees.Customers)))
		if err != nil {
			t.Fatal(err)
		}
		// The autoflush writes Edwards first; then a statement per level
		// of the options.
		sql := w.rec.SQL()
		if len(sql) != 4 || !strings.HasPrefix(sql[0], "UPDATE") || !strings.HasPrefix(sql[2], "WITH RECURSIVE") || w.selects()[1] != "customer" {
			t.Errorf("statements %q, want the flush, the employees, their tree, the customers", sql)
		}
		if got[0].Reports[0] != edwards || edwards.FirstName != "Nan" || inspect(t, s, edwards) != orm.Persistent {
			t.Errorf("Edwards replaced or reset: %+v", got[0].Reports[0])
		}
		customers := 0
		for _, e := range append(got[0].Reports, edwards.Reports...) {
			if !isLoaded(t, s, e, chinook.Employees.Customers) {
				t.Errorf("employee %d: customers not loaded", e.EmployeeID)
			}
			customers += len(e.Customers)
		}
		if customers != 59 {
			t.Errorf("%d customers of Adams' reports and Edwards' team, want 59", customers)
		}
		s.Close()

		s2 := w.f.New()
		defer s2.Close()
		noIT := chinook.Employees.Reports.And(chinook.Employees.EmployeeID.Ne(6))
		got, err = orm.All(ctx, s2, root.Options(orm.RecursiveLoad(noIT, orm.ToLeaves)))
		if err != nil {
			t.Fatal(err)
		}
		if ids := reportIDs(got[0]); !slices.Equal(ids, []int32{2}) || !slices.Equal(reportIDs(got[0].Reports[0]), []int32{3, 4, 5}) {
			t.Errorf("without Mitchell: reports %v", ids)
		}
	})
}

// TestRecursiveLoadRefused: RecursiveLoad names the relationship it
// cannot load.
func TestRecursiveLoadRefused(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		q := orm.Select[chinook.Employee]()
		for _, tc := range []struct {
			opt  orm.LoadPath
			want string
		}{
			{orm.RecursiveLoad(chinook.Employees.Customers, 2), "Employee.Customers links chinook.Employee to chinook.Customer"},
			{orm.RecursiveLoad(chinook.Employees.Manager, 2), "Employee.Manager is a many-to-one"},
			{orm.RecursiveLoad(chinook.Employees.Reports, -1), "over -1 levels"},
			{orm.RecursiveLoad(chinook.Employees.Reports.OrderBy(chinook.Employees.LastName.Asc()), 2), "order on the recursive Employee.Reports"},
		} {
			if _, err := orm.All(ctx, s, q.Options(tc.opt)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		}
	})
}

// TestRecursiveLoadCycle: categories whose keys make a cycle stop at a
// bounded depth, and fail to the leaves rather than loop.
func TestRecursiveLoadCycle(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		for _, sql := range []string{
			"INSERT INTO categories (id, parent_id, name) VALUES (1, NULL, 'a')",
			"INSERT INTO categories (id, parent_id, name) VALUES (2, 1, 'b')",
			"UPDATE categories SET parent_id = 2 WHERE id = 1",
		} {
			if _, err := w.db.Exec(ctx, sql); err != nil {
				t.Fatal(err)
			}
		}
		s := w.f.New()
		defer s.Close()
		q := orm.Select[shop.Category]().Where(shop.Categories.ID.Eq(1))
		got, err := orm.All(ctx, s, q.Options(orm.RecursiveLoad(shop.Categories.Children, 5)))
		if err != nil {
			t.Fatal(err)
		}
		a := got[0]
		if len(a.Children) != 1 || len(a.Children[0].Children) != 1 || a.Children[0].Children[0] != a {
			t.Errorf("the cycle a→b→a not closed: %+v", a.Children)
		}
		s.Close()
		s2 := w.f.New()
		defer s2.Close()
		if _, err := orm.All(ctx, s2, q.Options(orm.RecursiveLoad(shop.Categories.Children, orm.ToLeaves))); err == nil || !strings.Contains(err.Error(), "cycle") {
			t.Errorf("to the leaves over a cycle: %v, want an error", err)
		}
	})
}

// TestRecursiveLoadOverlapping: from every employee at once the subtrees
// overlap, and with lists of two keys the seeds of one level take four
// statements without array parameters: each object is placed once, each
// collection holds each report once.
func TestRecursiveLoadOverlapping(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		want := map[int32][]int32{1: {2, 6}, 2: {3, 4, 5}, 6: {7, 8}}
		for _, depth := range []int{1, orm.ToLeaves} {
			s := orm.NewSessionFactory(w.eng, orm.WithInListSize(2)).New()
			w.rec.Reset()
			all, err := orm.All(ctx, s, orm.Select[chinook.Employee]().OrderBy(chinook.Employees.EmployeeID.Asc()).
				Options(orm.RecursiveLoad(chinook.Employees.Reports, depth)))
			if err != nil {
				t.Fatal(err)
			}
			// To the leaves, Adams' tree brings every other employee:
			// his key alone seeds it.
			statements := 5
			if w.backend == testdb.Postgres || depth == orm.ToLeaves {
				statements = 2
			}
			if n := w.rec.Count(); n != statements {
				t.Errorf("depth %d: %d statements, want %d", depth, n, statements)
			}
			for _, e := range all {
				if ids := reportIDs(e); !isLoaded(t, s, e, chinook.Employees.Reports) || !slices.Equal(ids, want[e.EmployeeID]) {
					t.Errorf("depth %d: employee %d: reports %v, want %v", depth, e.EmployeeID, ids, want[e.EmployeeID])
				}
				for _, r := range e.Reports {
					if r != all[r.EmployeeID-1] {
						t.Errorf("depth %d: employee %d placed twice", depth, r.EmployeeID)
					}
				}
			}
			s.Close()
		}
		// Without Adams, his two reports seed the trees of the others.
		s := w.f.New()
		defer s.Close()
		staff, err := orm.All(ctx, s, orm.Select[chinook.Employee]().Where(chinook.Employees.EmployeeID.Ge(2)).
			OrderBy(chinook.Employees.EmployeeID.Asc()).Options(orm.RecursiveLoad(chinook.Employees.Reports, orm.ToLeaves)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range staff {
			if ids := reportIDs(e); !isLoaded(t, s, e, chinook.Employees.Reports) || !slices.Equal(ids, want[e.EmployeeID]) {
				t.Errorf("below Adams: employee %d: reports %v, want %v", e.EmployeeID, ids, want[e.EmployeeID])
			}
		}
	})
}
