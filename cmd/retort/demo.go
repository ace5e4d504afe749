// cmd/retort/demo.go

package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// maxRows is how many rows the demo prints of each result.
const maxRows = 10

// sqliteDSN opens a private in-memory database. Times are written in
// SQLite's own sortable format, so ORDER BY created_at orders by time.
const sqliteDSN = ":memory:?_time_format=sqlite"

// runDemo builds the shop in a new in-memory SQLite database and runs the
// canonical query patterns on it, printing each to w.
func runDemo(ctx context.Context, w io.Writer) error {
	db, err := sql.Open("sqlite", sqliteDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	// Every connection to ":memory:" is a database of its own: hold one.
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	if err := newShop(ctx, conn, sqlite.Dialect); err != nil {
		return err
	}
	dm := &demo{ctx: ctx, conn: conn, w: w}
	fmt.Fprintf(w, "Retort demo: query patterns built with package core, compiled for SQLite and run on an\n"+
		"in-memory database holding %d departments, %d users, %d orders and %d categories.\n",
		numDepartments, numUsers, numOrders, numCategories)
	for _, p := range []func(*demo) error{
		patternAggregate,
		patternLatestOrder,
		patternWindow,
		patternRecursiveCTE,
		patternUpsert,
		patternCartesian,
	} {
		if err := p(dm); err != nil {
			return err
		}
	}
	return nil
}

// 1. Users with their order counts and totals: JOIN, GROUP BY, HAVING.
func patternAggregate(dm *demo) error {
	dm.title("1. Users with their order counts and totals (JOIN, GROUP BY, HAVING)")
	orderCount := core.Count(Orders.ID).Label("order_count")
	totalSpent := core.Round(core.Sum(Orders.Total), 2).Label("total_spent")
	stmt := core.Select(Users.ID, Users.Email, orderCount, totalSpent).
		Join(Orders, Orders.UserID.EqCol(Users.ID)).
		GroupBy(Users.ID, Users.Email).
		Having(core.Count(Orders.ID).Ge(10)).
		OrderBy(totalSpent.Desc(), Users.ID)
	return dm.run(stmt)
}

// 2. Latest order per user: LATERAL on PostgreSQL; ROW_NUMBER() in a
// subquery on SQLite, which has no LATERAL.
func patternLatestOrder(dm *demo) error {
	dm.title("2. Latest order per user (LATERAL on PostgreSQL, ROW_NUMBER() on SQLite)")
	u := core.Aliased(Users, "u")
	latest := core.Select(Orders.UserID, Orders.CreatedAt, Orders.Total).
		Where(Orders.UserID.EqCol(u.ID)).
		OrderBy(Orders.CreatedAt.Desc()).
		Limit(1).
		Lateral("latest_ord")
	lateral := core.Select(u.ID, u.Email, Orders.CreatedAt.Of(latest), Orders.Total.Of(latest)).
		From(u).
		OuterJoin(latest, Orders.UserID.Of(latest).EqCol(u.ID)).
		OrderBy(u.ID)
	if _, err := dm.show(postgres.Dialect, lateral); err != nil {
		return err
	}
	_, err := sqlite.Dialect.Compile(lateral)
	if !errors.Is(err, core.ErrUnsupported) {
		return fmt.Errorf("pattern 2: compiling LATERAL for SQLite: want ErrUnsupported, got %v", err)
	}
	fmt.Fprintf(dm.w, "%-9s error: %v\n", "sqlite:", err)

	fmt.Fprintf(dm.w, "\nOn SQLite, number each user's orders newest first and keep number 1:\n")
	rn := core.RowNumber().
		Over(core.PartitionBy(Orders.UserID), core.OrderBy(Orders.CreatedAt.Desc(), Orders.ID.Desc())).
		Label("rn")
	ranked := core.Select(Orders.UserID, Orders.CreatedAt, Orders.Total, rn).Subquery("ranked")
	stmt := core.Select(Users.ID, Users.Email, Orders.CreatedAt.Of(ranked), Orders.Total.Of(ranked)).
		From(Users).
		OuterJoin(ranked, core.And(Orders.UserID.Of(ranked).EqCol(Users.ID), rn.Of(ranked).Eq(1))).
		OrderBy(Users.ID)
	return dm.run(stmt)
}

// 3. Active users with a ROW_NUMBER() rank within their department: a
// window function beside plain columns.
func patternWindow(dm *demo) error {
	dm.title("3. Active users ranked by sign-up within their department (window function)")
	rank := core.RowNumber().
		Over(core.PartitionBy(Users.DepartmentID), core.OrderBy(Users.CreatedAt, Users.ID)).
		Label("dept_rank")
	stmt := core.Select(Departments.Name.Label("department"), rank, Users.ID, Users.Email, Users.CreatedAt).
		Join(Users, Users.DepartmentID.EqCol(Departments.ID)).
		Where(Users.IsActive.IsTrue()).
		OrderBy(Departments.Name, rank)
	return dm.run(stmt)
}

// 4. The category tree walked from its root by a recursive CTE, with each
// category's depth.
func patternRecursiveCTE(dm *demo) error {
	dm.title("4. The category tree with depths (recursive CTE)")
	depth := core.Value[int64](0).Label("depth")
	tree := core.Select(Categories.ID, Categories.ParentID, Categories.Name, depth).
		Where(Categories.ParentID.IsNull()).
		CTE("tree")
	tree = tree.UnionAll(
		core.Select(Categories.ID, Categories.ParentID, Categories.Name, depth.Of(tree).Add(1)).
			Join(tree, Categories.ParentID.EqCol(Categories.ID.Of(tree))),
	)
	stmt := core.Select(Categories.ID.Of(tree), Categories.Name.Of(tree), Categories.ParentID.Of(tree), depth.Of(tree)).
		OrderBy(depth.Of(tree), Categories.ID.Of(tree))
	return dm.run(stmt)
}

// 5. An upsert: insert departments, or rename those that exist, and return
// the rows as they are now.
func patternUpsert(dm *demo) error {
	dm.title("5. Upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING)")
	stmt := core.Insert(Departments.Table).
		Values(Departments.ID.Set(3), Departments.Name.Set("dept-3 (renamed)")).
		Values(Departments.ID.Set(6), Departments.Name.Set("dept-6")).
		OnConflict(Departments.ID).
		DoUpdate(Departments.Name.SetExpr(core.Excluded(Departments.Name))).
		Returning(Departments.ID, Departments.Name)
	if err := dm.run(stmt); err != nil {
		return err
	}
	fmt.Fprintf(dm.w, "\nThe departments afterwards:\n")
	return dm.run(core.Select(Departments.ID, Departments.Name).OrderBy(Departments.ID))
}

// 6. The Cartesian-product refusal: two tables that nothing connects.
func patternCartesian(dm *demo) error {
	dm.title("6. Cartesian products are refused")
	bad := core.Select(Users.Email, Orders.Total).Where(Orders.Total.Gt(180))
	_, err := sqlite.Dialect.Compile(bad)
	if !errors.Is(err, core.ErrCartesianProduct) {
		return fmt.Errorf("pattern 6: want ErrCartesianProduct, got %v", err)
	}
	fmt.Fprintf(dm.w, "core.Select(Users.Email, Orders.Total).Where(Orders.Total.Gt(180)) does not compile:\n")
	fmt.Fprintf(dm.w, "%-9s error: %v\n", "sqlite:", err)
	fmt.Fprintf(dm.w, "%-9s errors.Is(err, core.ErrCartesianProduct) == true\n", "")

	fmt.Fprintf(dm.w, "\nJoined, it runs:\n")
	good := core.Select(Users.Email, Orders.Total).
		Join(Orders, Orders.UserID.EqCol(Users.ID)).
		Where(Orders.Total.Gt(180)).
		OrderBy(Orders.Total.Desc())
	return dm.run(good)
}

// demo prints the patterns.
type demo struct {
	ctx  context.Context
	conn *sql.Conn
	w    io.Writer
}

func (dm *demo) title(s string) {
	fmt.Fprintf(dm.w, "\n%s\n%s\n", s, strings.Repeat("=", len(s)))
}

// show compiles stmt for d and prints its SQL and arguments.
func (dm *demo) show(d *core.Dialect, stmt core.Statement) (core.Compiled, error) {
	c, err := d.Compile(stmt)
	if err != nil {
		return c, fmt.Errorf("compiling for %s: %w", d, err)
	}
	fmt.Fprintf(dm.w, "%-9s %s\n", d.Name+":", c.SQL)
	fmt.Fprintf(dm.w, "%-9s %s\n", "args:", formatArgs(c.Args))
	return c, nil
}

// run compiles stmt for SQLite, prints it, runs it and prints its rows.
func (dm *demo) run(stmt core.Statement) error {
	c, err := dm.show(sqlite.Dialect, stmt)
	if err != nil {
		return err
	}
	rows, err := dm.conn.QueryContext(dm.ctx, c.SQL, c.Args...)
	if err != nil {
		return fmt.Errorf("running %s: %w", c.SQL, err)
	}
	defer rows.Close()
	fmt.Fprintln(dm.w)
	return printRows(dm.w, rows, maxRows)
}

func formatArgs(args []any) string {
	if len(args) == 0 {
		return "(none)"
	}
	parts := make([]string, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case string:
			parts[i] = strconv.Quote(a)
		case time.Time:
			parts[i] = a.Format(time.RFC3339)
		default:
			parts[i] = fmt.Sprint(a)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// printRows prints up to limit rows as an aligned table, then the row count.
// Numbers are right-aligned; a column holding any fraction shows all its
// numbers with two decimals (SQLite returns a NUMERIC 5.00 as the integer 5).
func printRows(w io.Writer, rows *sql.Rows, limit int) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var kept [][]any
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if n++; n <= limit {
			kept = append(kept, vals)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}

	numeric := make([]bool, len(cols))
	fraction := make([]bool, len(cols))
	for j := range cols {
		numeric[j] = true
		for _, r := range kept {
			switch r[j].(type) {
			case nil, int64:
			case float64:
				fraction[j] = true
			default:
				numeric[j] = false
			}
		}
	}
	cells := make([][]string, len(kept))
	width := make([]int, len(cols))
	for j, c := range cols {
		width[j] = len(c)
	}
	for i, r := range kept {
		cells[i] = make([]string, len(cols))
		for j, v := range r {
			s := formatValue(v, fraction[j])
			cells[i][j] = s
			width[j] = max(width[j], len(s))
		}
	}
	line := func(vals []string) {
		var b strings.Builder
		for j, v := range vals {
			if j > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[j]-len(v))
			if numeric[j] {
				b.WriteString(pad + v)
			} else {
				b.WriteString(v + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(cols)
	rule := make([]string, len(cols))
	for j := range cols {
		rule[j] = strings.Repeat("-", width[j])
	}
	line(rule)
	for _, r := range cells {
		line(r)
	}
	switch {
	case n == 1:
		fmt.Fprintln(w, "(1 row)")
	case n > limit:
		fmt.Fprintf(w, "(%d rows, first %d shown)\n", n, limit)
	default:
		fmt.Fprintf(w, "(%d rows)\n", n)
	}
	return nil
}

func formatValue(v any, fraction bool) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case int64:
		if fraction {
			return strconv.FormatFloat(float64(v), 'f', 2, 64)
		}
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case time.Time:
		return v.UTC().Format("2006-01-02 15:04")
	case []byte:
		return string(v)
	default:
		return fmt.Sprint(v)
	}
}
