// cmd/retort/strategies.go

package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/orm"
)

// strategyUsers is how many users the strategies section loads, with their
// department, orders and the orders' items.
const strategyUsers = 10

// strategy is one way to load the strategies section's graph.
type strategy struct {
	name string
	load func(ctx context.Context, s *orm.Session) ([]*shop.User, error)
}

// firstUsers is the section's root query.
func firstUsers() *orm.SelectStmt[*shop.User] {
	return orm.Select[shop.User]().OrderBy(shop.Users.ID.Asc()).Limit(strategyUsers)
}

var strategies = []strategy{
	{"select-in", func(ctx context.Context, s *orm.Session) ([]*shop.User, error) {
		return orm.All(ctx, s, firstUsers().Options(
			orm.SelectInLoad(shop.Users.Department),
			orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
	}},
	{"joined", func(ctx context.Context, s *orm.Session) ([]*shop.User, error) {
		// Orders and their items are two collections: their rows
		// multiply, which the query must allow.
		return orm.All(ctx, s, firstUsers().Options(
			orm.JoinedLoad(shop.Users.Department),
			orm.JoinedLoad(shop.Users.Orders).JoinedLoad(shop.Orders.Items),
			orm.AllowCartesian()))
	}},
	{"joined + select-in", func(ctx context.Context, s *orm.Session) ([]*shop.User, error) {
		return orm.All(ctx, s, firstUsers().Options(
			orm.JoinedLoad(shop.Users.Department),
			orm.SelectInLoad(shop.Users.Orders).SelectInLoad(shop.Orders.Items)))
	}},
	{"explicit orm.Load", func(ctx context.Context, s *orm.Session) ([]*shop.User, error) {
		users, err := orm.All(ctx, s, firstUsers().Options(orm.RaiseLoad(orm.Wildcard)))
		if err != nil {
			return nil, err
		}
		if err := orm.Load(ctx, s, users, shop.Users.Department); err != nil {
			return nil, err
		}
		return users, orm.Load(ctx, s, users, shop.Users.Orders, orm.SelectInLoad(shop.Orders.Items))
	}},
	{"N+1 (a query per object)", loadOneByOne},
}

// loadOneByOne loads the graph the way lazy loading does: a query per
// user for its orders and per order for its items; the departments come
// from the session's identity map after the first of each.
func loadOneByOne(ctx context.Context, s *orm.Session) ([]*shop.User, error) {
	users, err := orm.All(ctx, s, firstUsers().Options(orm.RaiseLoad(orm.Wildcard)))
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Department, err = orm.Get[shop.Department](ctx, s, u.DepartmentID); err != nil {
			return nil, err
		}
		u.Orders, err = orm.All(ctx, s, orm.Select[shop.Order]().Where(shop.Orders.UserID.Eq(u.ID)).
			OrderBy(shop.Orders.CreatedAt.Desc(), shop.Orders.ID.Asc()))
		if err != nil {
			return nil, err
		}
		for _, o := range u.Orders {
			if o.Items, err = orm.All(ctx, s, orm.Select[shop.Item]().Where(shop.Items.OrderID.Eq(o.ID)).OrderBy(shop.Items.ID.Asc())); err != nil {
				return nil, err
			}
		}
	}
	return users, nil
}

// strategyRun is what one strategy cost.
type strategyRun struct {
	strategy
	statements, rows, objects int
	elapsed                   time.Duration
	sql                       []string
	graph                     string
}

// runStrategies loads the graph once per strategy, each in a new
// read-only session, prints what each cost side by side and then each one's
// SQL, and fails if any strategy built a different graph.
func (dm *demo) runStrategies() error {
	dm.title("7. Loading strategies: the first 10 users, their department, orders and items")
	f := orm.NewSessionFactory(dm.eng, orm.WithReadOnly(true))
	var runs []strategyRun
	for _, st := range strategies {
		r, err := dm.runStrategy(f, st)
		if err != nil {
			return fmt.Errorf("strategy %s: %w", st.name, err)
		}
		if len(runs) > 0 && r.graph != runs[0].graph {
			return fmt.Errorf("strategy %s built another graph than %s:\n%s\n---\n%s", st.name, runs[0].name, r.graph, runs[0].graph)
		}
		runs = append(runs, r)
	}
	fmt.Fprintf(dm.w, "Each strategy built the same graph of %d objects, in a new read-only session.\n"+
		"Round trips and rows are counted by the engine's tracer; time includes hydration.\n\n", runs[0].objects)
	rows := make([]engine.Row, len(runs))
	for i, r := range runs {
		rows[i] = engine.Row{r.name, int64(r.statements), int64(r.rows), r.elapsed.Round(10 * time.Microsecond).String(), int64(r.objects)}
	}
	printTable(dm.w, []string{"strategy", "round trips", "rows read", "time", "objects"}, rows)
	for _, r := range runs {
		fmt.Fprintf(dm.w, "\n%s:\n", r.name)
		for _, line := range r.sql {
			fmt.Fprintf(dm.w, "  %s\n", line)
		}
	}
	return nil
}

// runStrategy loads the graph with st and measures it.
func (dm *demo) runStrategy(f *orm.SessionFactory, st strategy) (strategyRun, error) {
	s := f.New()
	defer s.Close()
	dm.rec.Reset()
	start := time.Now()
	users, err := st.load(dm.ctx, s)
	elapsed := time.Since(start)
	if err != nil {
		return strategyRun{}, err
	}
	if err := s.Commit(dm.ctx); err != nil {
		return strategyRun{}, err
	}
	r := strategyRun{strategy: st, elapsed: elapsed}
	shapes := map[string]int{}
	var order []string
	for _, stmt := range dm.rec.Statements() {
		r.statements++
		r.rows += int(stmt.Rows)
		if shapes[stmt.SQL] == 0 {
			order = append(order, stmt.SQL)
		}
		shapes[stmt.SQL]++
	}
	for _, sql := range order {
		line := sql
		if n := shapes[sql]; n > 1 {
			line = fmt.Sprintf("%d× %s", n, line)
		}
		r.sql = append(r.sql, line)
	}
	r.graph, r.objects = describeGraph(users)
	return r, nil
}

// describeGraph writes the graph's ids, one user a line, and counts its
// distinct objects.
func describeGraph(users []*shop.User) (string, int) {
	var b strings.Builder
	depts := map[int64]bool{}
	n := 0
	for _, u := range users {
		dept := int64(0)
		if u.Department != nil {
			dept = u.Department.ID
			depts[dept] = true
		}
		fmt.Fprintf(&b, "user %d dept %d:", u.ID, dept)
		n++
		for _, o := range u.Orders {
			fmt.Fprintf(&b, " %d(", o.ID)
			n++
			for _, it := range o.Items {
				fmt.Fprintf(&b, " %d", it.ID)
				n++
			}
			b.WriteString(")")
		}
		b.WriteString("\n")
	}
	return b.String(), n + len(depts)
}
