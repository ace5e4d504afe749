// cmd/retort/demo.go

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/retorttest"
)

// maxRows is how many rows the demo prints of each result.
const maxRows = 10

// demoDSN opens a private in-memory SQLite database: the engine holds it
// on a single connection, so every transaction sees the same database.
const demoDSN = "sqlite::memory:"

// step is one part of the demo, run in a transaction of its own.
type step struct {
	name     string // as the "Statements issued" table shows it
	readOnly bool
	run      func(*demo) error
}

// patterns are the canonical query patterns, in the order they print.
var patterns = []step{
	{"1. aggregate (JOIN, GROUP BY, HAVING)", true, patternAggregate},
	{"2. latest order per user", true, patternLatestOrder},
	{"3. window function", true, patternWindow},
	{"4. recursive CTE", true, patternRecursiveCTE},
	{"5. upsert", false, patternUpsert},
	{"6. cartesian product refused", true, patternCartesian},
}

// runDemo opens an engine on dsn (a new in-memory SQLite database when
// empty), builds the shop in it and runs the canonical query patterns and
// the loading strategies, printing each to w, then how many statements
// each step issued. A non-nil echo receives the engine's echo of every
// statement (engine.WithLogger).
func runDemo(ctx context.Context, w io.Writer, echo *slog.Logger, dsn string) error {
	if dsn == "" {
		dsn = demoDSN
	}
	rec := retorttest.NewRecorder()
	eng, err := engine.Open(ctx, dsn, rec.Option(), engine.WithLogger(echo))
	if err != nil {
		return err
	}
	defer eng.Close()

	dm := &demo{ctx: ctx, eng: eng, rec: rec, w: w}
	rec.Reset()
	if err := newShop(ctx, eng); err != nil {
		return fmt.Errorf("schema and data: %w", err)
	}
	dm.counts = append(dm.counts, stepCount{step{name: "schema and data (orm.CreateAll)"}, rec.Count()})
	fmt.Fprintf(w, "Retort demo: query patterns built with package core, and ORM loading strategies, run\n"+
		"through the engine on %s, in a shop of %d departments, %d users, %d orders, %d items\n"+
		"and %d categories created by orm.CreateAll.\n",
		eng.Dialect().Name, numDepartments, numUsers, numOrders, numItems, numCategories)
	for _, p := range patterns {
		if err := dm.step(p); err != nil {
			return err
		}
	}
	if err := dm.runStrategies(); err != nil {
		return err
	}
	dm.printCounts()
	return nil
}

// 1. shop.Users with their order counts and totals: JOIN, GROUP BY, HAVING.
func patternAggregate(dm *demo) error {
	dm.title("1. Users with their order counts and totals (JOIN, GROUP BY, HAVING)")
	orderCount := core.Count(shop.Orders.ID).Label("order_count")
	totalSpent := core.Round(core.Sum(shop.Orders.Total), 2).Label("total_spent")
	stmt := core.Select(shop.Users.ID, shop.Users.Email, orderCount, totalSpent).
		Join(shop.Orders, shop.Orders.UserID.EqCol(shop.Users.ID)).
		GroupBy(shop.Users.ID, shop.Users.Email).
		Having(core.Count(shop.Orders.ID).Ge(10)).
		OrderBy(totalSpent.Desc(), shop.Users.ID)
	// Scanned into structs, matching columns to fields by label.
	type userTotal struct {
		ID         int64
		Email      string
		OrderCount int64
		TotalSpent float64
	}
	res, err := dm.query(stmt)
	if err != nil {
		return err
	}
	cols := res.Columns()
	users, err := engine.ScanAll[userTotal](res)
	if err != nil {
		return err
	}
	fmt.Fprintf(dm.w, "engine.ScanAll[userTotal]: %d structs, printed from their fields\n\n", len(users))
	rows := make([]engine.Row, len(users))
	for i, u := range users {
		rows[i] = engine.Row{u.ID, u.Email, u.OrderCount, u.TotalSpent}
	}
	printRows(dm.w, cols, rows, maxRows)
	return nil
}

// 2. Latest order per user: LATERAL where the database has it
// (PostgreSQL, MySQL 8); ROW_NUMBER() in a subquery everywhere, which is
// what SQLite and MariaDB, without LATERAL, run instead.
func patternLatestOrder(dm *demo) error {
	dm.title("2. Latest order per user (LATERAL, or ROW_NUMBER() where there is none)")
	u := core.Aliased(shop.Users, "u")
	latest := core.Select(shop.Orders.UserID, shop.Orders.CreatedAt, shop.Orders.Total).
		Where(shop.Orders.UserID.EqCol(u.ID)).
		OrderBy(shop.Orders.CreatedAt.Desc()).
		Limit(1).
		Lateral("latest_ord")
	lateral := core.Select(u.ID, u.Email, shop.Orders.CreatedAt.Of(latest), shop.Orders.Total.Of(latest)).
		From(u).
		OuterJoin(latest, shop.Orders.UserID.Of(latest).EqCol(u.ID)).
		OrderBy(u.ID)
	d := dm.eng.Dialect()
	if d.Has(core.FeatureLateral) {
		if err := dm.run(lateral); err != nil {
			return err
		}
		fmt.Fprintf(dm.w, "\nWithout LATERAL (as on SQLite and MariaDB), number each user's orders newest first\nand keep number 1:\n")
	} else {
		if _, err := dm.show(postgres.Dialect, lateral); err != nil {
			return err
		}
		_, err := d.Compile(lateral)
		if !errors.Is(err, core.ErrUnsupported) {
			return fmt.Errorf("pattern 2: compiling LATERAL for %s: want ErrUnsupported, got %v", d.Name, err)
		}
		fmt.Fprintf(dm.w, "%-9s error: %v\n", d.Name+":", err)
		fmt.Fprintf(dm.w, "\nOn %s, number each user's orders newest first and keep number 1:\n", d.Name)
	}
	rn := core.RowNumber().
		Over(core.PartitionBy(shop.Orders.UserID), core.OrderBy(shop.Orders.CreatedAt.Desc(), shop.Orders.ID.Desc())).
		Label("rn")
	ranked := core.Select(shop.Orders.UserID, shop.Orders.CreatedAt, shop.Orders.Total, rn).Subquery("ranked")
	stmt := core.Select(shop.Users.ID, shop.Users.Email, shop.Orders.CreatedAt.Of(ranked), shop.Orders.Total.Of(ranked)).
		From(shop.Users).
		OuterJoin(ranked, core.And(shop.Orders.UserID.Of(ranked).EqCol(shop.Users.ID), rn.Of(ranked).Eq(1))).
		OrderBy(shop.Users.ID)
	return dm.run(stmt)
}

// 3. Active users with a ROW_NUMBER() rank within their department: a
// window function beside plain columns.
func patternWindow(dm *demo) error {
	dm.title("3. Active users ranked by sign-up within their department (window function)")
	rank := core.RowNumber().
		Over(core.PartitionBy(shop.Users.DepartmentID), core.OrderBy(shop.Users.CreatedAt, shop.Users.ID)).
		Label("dept_rank")
	stmt := core.Select(shop.Departments.Name.Label("department"), rank, shop.Users.ID, shop.Users.Email, shop.Users.CreatedAt).
		Join(shop.Users, shop.Users.DepartmentID.EqCol(shop.Departments.ID)).
		Where(shop.Users.IsActive.IsTrue()).
		OrderBy(shop.Departments.Name, rank)
	return dm.run(stmt)
}

// 4. The category tree walked from its root by a recursive CTE, with each
// category's depth.
func patternRecursiveCTE(dm *demo) error {
	dm.title("4. The category tree with depths (recursive CTE)")
	depth := core.Value[int64](0).Label("depth")
	tree := core.Select(shop.Categories.ID, shop.Categories.ParentID, shop.Categories.Name, depth).
		Where(shop.Categories.ParentID.IsNull()).
		CTE("tree")
	tree = tree.UnionAll(
		core.Select(shop.Categories.ID, shop.Categories.ParentID, shop.Categories.Name, depth.Of(tree).Add(1)).
			Join(tree, shop.Categories.ParentID.EqCol(shop.Categories.ID.Of(tree))),
	)
	stmt := core.Select(shop.Categories.ID.Of(tree), shop.Categories.Name.Of(tree), shop.Categories.ParentID.Of(tree), depth.Of(tree)).
		OrderBy(depth.Of(tree), shop.Categories.ID.Of(tree))
	return dm.run(stmt)
}

// 5. An upsert: insert departments, or rename those that exist, and return
// the rows as they are now.
func patternUpsert(dm *demo) error {
	dm.title("5. Upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING)")
	d := shop.Departments
	ins := core.Insert(d.Table).
		Values(d.ID.Set(3), d.Name.Set("dept-3 (renamed)")).
		Values(d.ID.Set(6), d.Name.Set("dept-6"))
	var stmt *core.InsertStmt
	if dm.eng.Dialect().Has(core.FeatureOnConflict) {
		stmt = ins.OnConflict(d.ID).DoUpdate(d.Name.SetExpr(core.Excluded(d.Name))).Returning(d.ID, d.Name)
	} else {
		// MySQL and MariaDB: ON DUPLICATE KEY UPDATE, and no RETURNING.
		stmt = ins.OnDuplicateKeyUpdate(d.Name.SetExpr(core.Excluded(d.Name)))
	}
	if err := dm.run(stmt); err != nil {
		return err
	}
	fmt.Fprintf(dm.w, "\nThe departments afterwards:\n")
	return dm.run(core.Select(d.ID, d.Name).OrderBy(d.ID))
}

// 6. The Cartesian-product refusal: two tables that nothing connects.
func patternCartesian(dm *demo) error {
	dm.title("6. Cartesian products are refused")
	bad := core.Select(shop.Users.Email, shop.Orders.Total).Where(shop.Orders.Total.Gt(180))
	d := dm.eng.Dialect()
	_, err := d.Compile(bad)
	if !errors.Is(err, core.ErrCartesianProduct) {
		return fmt.Errorf("pattern 6: want ErrCartesianProduct, got %v", err)
	}
	fmt.Fprintf(dm.w, "core.Select(shop.Users.Email, shop.Orders.Total).Where(shop.Orders.Total.Gt(180)) does not compile:\n")
	fmt.Fprintf(dm.w, "%-9s error: %v\n", d.Name+":", err)
	fmt.Fprintf(dm.w, "%-9s errors.Is(err, core.ErrCartesianProduct) == true\n", "")

	fmt.Fprintf(dm.w, "\nJoined, it runs:\n")
	good := core.Select(shop.Users.Email, shop.Orders.Total).
		Join(shop.Orders, shop.Orders.UserID.EqCol(shop.Users.ID)).
		Where(shop.Orders.Total.Gt(180)).
		OrderBy(shop.Orders.Total.Desc())
	return dm.run(good)
}

// demo runs the steps and prints them.
type demo struct {
	ctx    context.Context
	eng    *engine.Engine
	rec    *retorttest.Recorder
	w      io.Writer
	tx     *engine.Tx // the running step's transaction
	counts []stepCount
}

// stepCount is how many statements a step issued.
type stepCount struct {
	step
	statements int
}

// step runs s in a transaction of its own (read-only if s says so) and
// counts the statements it issued.
func (dm *demo) step(s step) error {
	var opts []engine.TxOption
	if s.readOnly {
		opts = append(opts, engine.WithReadOnly(true))
	}
	dm.rec.Reset()
	err := dm.eng.Transaction(dm.ctx, func(tx *engine.Tx) error {
		dm.tx = tx
		defer func() { dm.tx = nil }()
		return s.run(dm)
	}, opts...)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	dm.counts = append(dm.counts, stepCount{s, dm.rec.Count()})
	return nil
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

// query prints stmt as the engine's dialect compiles it, then runs it in
// the step's transaction.
func (dm *demo) query(stmt core.Statement) (*engine.Result, error) {
	if _, err := dm.show(dm.eng.Dialect(), stmt); err != nil {
		return nil, err
	}
	res, err := dm.tx.Query(dm.ctx, stmt)
	if err != nil {
		return nil, fmt.Errorf("running the statement: %w", err)
	}
	return res, nil
}

// run prints stmt, runs it in the step's transaction and prints its rows.
func (dm *demo) run(stmt core.Statement) error {
	res, err := dm.query(stmt)
	if err != nil {
		return err
	}
	cols := res.Columns()
	rows, err := res.All()
	if err != nil {
		return err
	}
	fmt.Fprintln(dm.w)
	printRows(dm.w, cols, rows, maxRows)
	return nil
}

// printCounts prints the "Statements issued" section: what the Recorder
// registered at engine.Open counted in each step.
func (dm *demo) printCounts() {
	dm.title("Statements issued")
	fmt.Fprintf(dm.w, "Counted by a retorttest.Recorder registered at engine.Open. Each step ran in one\n"+
		"engine.Transaction; its BEGIN and COMMIT are not counted.\n\n")
	rows := make([]engine.Row, 0, len(dm.counts)+1)
	total := 0
	for _, c := range dm.counts {
		tx := "read-write"
		if c.readOnly {
			tx = "read-only"
		}
		rows = append(rows, engine.Row{c.name, tx, int64(c.statements)})
		total += c.statements
	}
	rows = append(rows, engine.Row{"total", "", int64(total)})
	printTable(dm.w, []string{"step", "transaction", "statements"}, rows)
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
func printRows(w io.Writer, cols []string, rows []engine.Row, limit int) {
	n := len(rows)
	printTable(w, cols, rows[:min(n, limit)])
	switch {
	case n == 1:
		fmt.Fprintln(w, "(1 row)")
	case n > limit:
		fmt.Fprintf(w, "(%d rows, first %d shown)\n", n, limit)
	default:
		fmt.Fprintf(w, "(%d rows)\n", n)
	}
}

// printTable prints rows as an aligned table under a header of cols.
// Numbers are right-aligned; a column holding any fraction shows all its
// numbers with two decimals (SQLite keeps a NUMERIC 5.00 as the integer 5,
// and a Row gives it as "5"). A Row holds a decimal as its text, so a
// column of strings that all read as numbers is taken for numbers.
func printTable(w io.Writer, cols []string, rows []engine.Row) {
	numeric := make([]bool, len(cols))
	fraction := make([]bool, len(cols))
	for j := range cols {
		numeric[j] = true
		for _, r := range rows {
			switch v := r[j].(type) {
			case nil, int64:
			case float64:
				fraction[j] = true
			case string:
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					numeric[j] = false
				} else if strings.Contains(v, ".") {
					fraction[j] = true
				}
			default:
				numeric[j] = false
			}
		}
	}
	cells := make([][]string, len(rows))
	width := make([]int, len(cols))
	for j, c := range cols {
		width[j] = len(c)
	}
	for i, r := range rows {
		cells[i] = make([]string, len(cols))
		for j, v := range r {
			s := formatValue(v, numeric[j], fraction[j])
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
}

func formatValue(v any, numeric, fraction bool) string {
	if s, ok := v.(string); ok && numeric {
		f, _ := strconv.ParseFloat(s, 64)
		v = f
		if !fraction {
			return s
		}
	}
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
