// core/column.go

package core

import (
	"fmt"
	"reflect"
)

// Column is a column of a table, alias, subquery or CTE, whose values have
// Go type T. It has every method of Expr (comparisons, arithmetic, ordering);
// the type parameter makes Users.ID.Eq("x") fail to compile when ID is a
// Column[int64].
type Column[T any] struct {
	Expr[T]
}

// ColumnDef is what a table column is: the metadata that DDL and the ORM
// read. Set it through ColumnOptions; treat it as read-only afterwards.
type ColumnDef struct {
	Table         *Table
	Name          string
	Type          Type
	Nullable      bool
	PrimaryKey    bool
	AutoIncrement bool
	Unique        bool
	Indexed       bool
	// Default is a value Insert binds when a row does not set the column.
	Default any
	// ServerDefault is DDL text for the column's DEFAULT clause.
	ServerDefault string
	// GoType is the column's Go value type T.
	GoType reflect.Type
}

// ColumnOption configures a column in NewColumn.
type ColumnOption func(t *Table, c *ColumnDef)

// PrimaryKey makes the column (part of) the primary key. For a composite key
// give it to each column in order, or use Table.SetPrimaryKey.
func PrimaryKey() ColumnOption {
	return func(t *Table, c *ColumnDef) {
		c.PrimaryKey = true
		c.Nullable = false
		t.pk = append(t.pk, c)
	}
}

// Nullable lets the column hold NULL. Columns are NOT NULL unless their Go
// type is a pointer or they have this option.
func Nullable() ColumnOption { return func(_ *Table, c *ColumnDef) { c.Nullable = true } }

// AutoIncrement makes the database generate the column's values (identity,
// AUTO_INCREMENT, or SQLite's rowid alias).
func AutoIncrement() ColumnOption { return func(_ *Table, c *ColumnDef) { c.AutoIncrement = true } }

// Unique adds a unique constraint on the column alone.
func Unique() ColumnOption { return func(_ *Table, c *ColumnDef) { c.Unique = true } }

// Indexed adds an index on the column alone.
func Indexed() ColumnOption { return func(_ *Table, c *ColumnDef) { c.Indexed = true } }

// Default is a value that Insert binds when a row leaves the column out.
func Default(v any) ColumnOption { return func(_ *Table, c *ColumnDef) { c.Default = v } }

// ServerDefault is the DDL text of the column's DEFAULT clause ("now()").
// It is written by the program, never taken from user input.
func ServerDefault(sql string) ColumnOption {
	return func(_ *Table, c *ColumnDef) { c.ServerDefault = sql }
}

// SQLType overrides the SQL type derived from the column's Go type.
func SQLType(typ Type) ColumnOption { return func(_ *Table, c *ColumnDef) { c.Type = typ } }

// References declares a single-column foreign key to target, a column of
// another (or the same) table.
func References(target Expression) ColumnOption {
	return func(t *Table, c *ColumnDef) {
		r, ok := target.exprNode().(*columnNode)
		if !ok || r.def == nil {
			t.fail(fmt.Errorf("column %s: References needs a table column", c.Name))
			return
		}
		t.fks = append(t.fks, ForeignKey{
			Name: fmt.Sprintf("fk_%s_%s", t.name, c.Name), Table: t,
			Columns: []*ColumnDef{c}, RefTable: r.def.Table, RefColumns: []*ColumnDef{r.def},
		})
	}
}

// NewColumn adds a column to t and returns it, typed by its Go value type:
//
//	Email: core.NewColumn[string](users, "email", core.Unique())
func NewColumn[T any](t *Table, name string, opts ...ColumnOption) Column[T] {
	gt := reflect.TypeFor[T]()
	def := &ColumnDef{Table: t, Name: name, Type: TypeOf[T](), GoType: gt, Nullable: gt.Kind() == reflect.Pointer}
	if t.base != nil {
		t.fail(fmt.Errorf("column %s: add columns to the table, not to an alias", name))
	}
	if err := checkIdent(name); err != nil {
		t.fail(err)
	}
	if _, dup := t.byName[name]; dup {
		t.fail(fmt.Errorf("column %s defined twice", name))
	}
	for _, o := range opts {
		o(t, def)
	}
	n := &columnNode{from: t, name: name, def: def, pos: len(t.cols)}
	t.cols = append(t.cols, n)
	t.byName[name] = n
	return Column[T]{Expr: typed[T](n)}
}

// Name returns the column's name.
func (c Column[T]) Name() string {
	if n, ok := c.n.(*columnNode); ok {
		return n.name
	}
	return ""
}

// Def returns the table column's definition, or nil for a column of a
// subquery or CTE.
func (c Column[T]) Def() *ColumnDef {
	if n, ok := c.n.(*columnNode); ok {
		return n.def
	}
	return nil
}

func (c Column[T]) rebind(alias *Table) any {
	n, ok := c.n.(*columnNode)
	if !ok || n.def == nil || n.def.Table != alias.base {
		return c
	}
	return Column[T]{Expr: typed[T](alias.byName[n.name])}
}

// ColumnOf returns the column named name of a subquery, CTE or table, typed
// as T: core.ColumnOf[int64](tree, "depth"). Prefer Expr.Of where the column
// came from an expression you hold.
func ColumnOf[T any](from FromItem, name string) Column[T] {
	return Column[T]{Expr: typed[T](columnByName(from, name))}
}

// columnNode is a reference to a column of a FROM item.
type columnNode struct {
	from fromNode
	name string
	def  *ColumnDef // the table column; nil for a column of a subquery or CTE
	// pos is a table column's place in its table, which with the table's
	// id identifies it in cache keys more cheaply than its name.
	pos int
}

func (n *columnNode) render(c *compiler) {
	if !c.bareColumns {
		c.write(c.qualifier(n.from))
		c.write(".")
	}
	c.ident(n.name)
}

func (n *columnNode) key(k *keyer) {
	if t, ok := n.from.(*Table); ok && t.base == nil {
		// Most columns are of a table, not an alias: write the table's
		// key (see Table.key) here, without a call.
		k.op('d')
		k.int(int(t.id))
		k.int(n.pos)
		if t.err != nil {
			k.fail(t.err)
		}
		return
	}
	k.op('c')
	n.from.key(k)
	if n.def != nil {
		k.int(n.pos) // a column of an alias: its place in the table
		return
	}
	k.str(n.name)
}

func (n *columnNode) walk(fn func(node) bool) { fn(n) }

func (n *columnNode) String() string { return n.from.displayName() + "." + n.name }

// columnByName finds the column called name in a FROM item.
func columnByName(from FromItem, name string) node {
	if from == nil {
		return invalid("column %q of a nil FROM item", name)
	}
	f := from.fromNode()
	switch f := f.(type) {
	case *Table:
		if c := f.byName[name]; c != nil {
			return c
		}
		return invalid("table %s has no column %q", f.displayName(), name)
	case derivedFrom:
		for _, nm := range f.columnNames() {
			if nm == name {
				return &columnNode{from: f, name: name}
			}
		}
		return invalid("%s has no column %q (it has %v)", f.displayName(), name, f.columnNames())
	}
	return invalid("column %q of an unexpected FROM item", name)
}

// resolveColumn finds expression e among the columns of from; see Expr.Of.
func resolveColumn(from FromItem, e node) node {
	if from == nil {
		return invalid("Of(nil)")
	}
	if e == nil {
		return invalid("Of on a zero-value expression")
	}
	switch f := from.fromNode().(type) {
	case *Table:
		c, ok := e.(*columnNode)
		if !ok || c.def == nil || c.def.Table != f.Base() {
			return invalid("%s is not a column of table %s", describe(e), f.Base().name)
		}
		return f.byName[c.name]
	case derivedFrom:
		if c, ok := e.(*columnNode); ok && c.from.identity() == f.identity() {
			return &columnNode{from: f, name: c.name} // another version of the same CTE
		}
		if name, ok := f.findColumn(e); ok {
			if name == "" {
				return invalid("%s selects %s without a name; give it one with Label", f.displayName(), describe(e))
			}
			return &columnNode{from: f, name: name}
		}
		return invalid("%s is not selected by %s (it has %v)", describe(e), f.displayName(), f.columnNames())
	}
	return invalid("Of on an unexpected FROM item")
}

func describe(n node) string {
	switch n := n.(type) {
	case *columnNode:
		return n.String()
	case *labelNode:
		return "expression labelled " + n.name
	}
	return "the expression"
}
