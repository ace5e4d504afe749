// cmd/retort/shop.go

package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// The demo's "shop" schema, a small cut of shared/datasets/shop: the tables
// are defined once with core and every value is a function of the row id, so
// the demo prints the same rows on every run.

// Shop sizes. The dataset file has 10 departments, 20k users, 200k orders
// and 511 categories; the demo keeps the formulas at a scale that loads in
// milliseconds.
const (
	numDepartments = 5
	numUsers       = 50
	numOrders      = 500
	numCategories  = 31 // a complete binary tree of depth 4
	insertBatch    = 100
)

// epoch is the dataset's time origin, 2024-01-01 00:00 UTC.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

var orderStatuses = [...]string{"new", "paid", "shipped", "cancelled"}

// Departments is the departments table.
var Departments = func() (t struct {
	*core.Table
	ID   core.Column[int64]
	Name core.Column[string]
}) {
	t.Table = core.NewTable("departments")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	return t
}()

// Users is the users table.
var Users = func() (t struct {
	*core.Table
	ID           core.Column[int64]
	Email        core.Column[string]
	DepartmentID core.Column[int64]
	IsActive     core.Column[bool]
	CreatedAt    core.Column[time.Time]
}) {
	t.Table = core.NewTable("users")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Email = core.NewColumn[string](t.Table, "email", core.Unique())
	t.DepartmentID = core.NewColumn[int64](t.Table, "department_id", core.References(Departments.ID))
	t.IsActive = core.NewColumn[bool](t.Table, "is_active")
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	return t
}()

// Orders is the orders table.
var Orders = func() (t struct {
	*core.Table
	ID        core.Column[int64]
	UserID    core.Column[int64]
	CreatedAt core.Column[time.Time]
	Total     core.Column[float64]
	Status    core.Column[string]
}) {
	t.Table = core.NewTable("orders")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.UserID = core.NewColumn[int64](t.Table, "user_id", core.References(Users.ID))
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	t.Total = core.NewColumn[float64](t.Table, "total", core.SQLType(core.Numeric(12, 2)))
	t.Status = core.NewColumn[string](t.Table, "status")
	t.AddIndex("orders_user_id_created_at", false, t.UserID, t.CreatedAt)
	return t
}()

// Categories is the categories table: a tree through parent_id.
var Categories = func() (t struct {
	*core.Table
	ID       core.Column[int64]
	ParentID core.Column[int64] // NULL for the root, hence Nullable
	Name     core.Column[string]
}) {
	t.Table = core.NewTable("categories")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.ParentID = core.NewColumn[int64](t.Table, "parent_id", core.Nullable())
	t.Name = core.NewColumn[string](t.Table, "name")
	t.AddForeignKey([]core.Expression{t.ParentID}, []core.Expression{t.ID})
	return t
}()

// shopTables lists the tables in creation order (referenced tables first).
var shopTables = []*core.Table{Departments.Table, Users.Table, Orders.Table, Categories.Table}

// createTableSQL writes CREATE TABLE for t from its core definition. The
// engine will own DDL in a later issue; the demo needs only this much.
func createTableSQL(d *core.Dialect, t *core.Table) (string, error) {
	if err := t.Err(); err != nil {
		return "", err
	}
	q := func(name string) string {
		s, err := d.QuoteIdentifier(name)
		if err != nil {
			panic(err) // names are the program's own constants
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (", q(t.Name()))
	for i, c := range t.Columns() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", q(c.Name), d.TypeName(c.Type, false))
		switch {
		case c.PrimaryKey && len(t.PrimaryKey()) == 1:
			b.WriteString(" PRIMARY KEY")
		case !c.Nullable:
			b.WriteString(" NOT NULL")
		}
		if c.Unique {
			b.WriteString(" UNIQUE")
		}
	}
	for _, fk := range t.ForeignKeys() {
		cols := make([]string, len(fk.Columns))
		refs := make([]string, len(fk.RefColumns))
		for i := range fk.Columns {
			cols[i], refs[i] = q(fk.Columns[i].Name), q(fk.RefColumns[i].Name)
		}
		fmt.Fprintf(&b, ", FOREIGN KEY (%s) REFERENCES %s (%s)",
			strings.Join(cols, ", "), q(fk.RefTable.Name()), strings.Join(refs, ", "))
	}
	b.WriteString(")")
	return b.String(), nil
}

// createIndexSQL writes CREATE INDEX for each of t's declared indexes.
func createIndexSQL(d *core.Dialect, t *core.Table) []string {
	var out []string
	for _, ix := range t.Indexes() {
		cols := make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			cols[i], _ = d.QuoteIdentifier(c.Name)
		}
		name, _ := d.QuoteIdentifier(ix.Name)
		table, _ := d.QuoteIdentifier(t.Name())
		unique := ""
		if ix.Unique {
			unique = "UNIQUE "
		}
		out = append(out, fmt.Sprintf("CREATE %sINDEX %s ON %s (%s)", unique, name, table, strings.Join(cols, ", ")))
	}
	return out
}

// orderUserID spreads orders unevenly over users, as the dataset does: low
// user ids get many orders, high ones few (a multiplicative hash of the
// order id, raised to the power 1.5).
func orderUserID(g int64) int64 {
	h := float64((g*2654435761)%4294967296) / 4294967296.0
	return 1 + int64(math.Floor((numUsers-0.001)*math.Pow(h, 1.5)))
}

// shopRows returns the INSERT statements that fill the shop, in batches of
// insertBatch rows (one multi-row VALUES each).
func shopRows() []*core.InsertStmt {
	var stmts []*core.InsertStmt
	batched := func(t *core.Table, n int64, row func(g int64) []core.Assignment) {
		var ins *core.InsertStmt
		for g := int64(1); g <= n; g++ {
			if ins == nil {
				ins = core.Insert(t)
			}
			ins = ins.Values(row(g)...)
			if g%insertBatch == 0 || g == n {
				stmts = append(stmts, ins)
				ins = nil
			}
		}
	}
	batched(Departments.Table, numDepartments, func(g int64) []core.Assignment {
		return []core.Assignment{Departments.ID.Set(g), Departments.Name.Set(fmt.Sprintf("dept-%d", g))}
	})
	batched(Users.Table, numUsers, func(g int64) []core.Assignment {
		return []core.Assignment{
			Users.ID.Set(g),
			Users.Email.Set(fmt.Sprintf("user%d@example.com", g)),
			Users.DepartmentID.Set(1 + g%numDepartments),
			Users.IsActive.Set(g%7 != 0),
			Users.CreatedAt.Set(epoch.Add(time.Duration(g) * 17 * time.Minute)),
		}
	})
	batched(Orders.Table, numOrders, func(g int64) []core.Assignment {
		return []core.Assignment{
			Orders.ID.Set(g),
			Orders.UserID.Set(orderUserID(g)),
			Orders.CreatedAt.Set(epoch.Add(time.Duration(g) * 3 * time.Minute)),
			Orders.Total.Set(float64((g*37)%100000) / 100),
			Orders.Status.Set(orderStatuses[g%4]),
		}
	})
	batched(Categories.Table, numCategories, func(g int64) []core.Assignment {
		// The root has no parent. Set takes an int64, so NULL goes in as an
		// expression; every row must set the same columns.
		parent := Categories.ParentID.Set(g / 2)
		if g == 1 {
			parent = Categories.ParentID.SetExpr(core.Null[int64]())
		}
		return []core.Assignment{Categories.ID.Set(g), parent, Categories.Name.Set(fmt.Sprintf("cat-%d", g))}
	})
	return stmts
}

// newShop creates the shop's tables in tx and fills them; d is the
// engine's dialect, which writes the DDL (tx.Exec compiles the INSERTs).
func newShop(ctx context.Context, tx *engine.Tx, d *core.Dialect) error {
	for _, t := range shopTables {
		ddl, err := createTableSQL(d, t)
		if err != nil {
			return err
		}
		stmts := append([]string{ddl}, createIndexSQL(d, t)...)
		for _, s := range stmts {
			if _, err := tx.ExecSQL(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
	}
	for _, ins := range shopRows() {
		if _, err := tx.Exec(ctx, ins); err != nil {
			return fmt.Errorf("loading the shop: %w", err)
		}
	}
	return nil
}
