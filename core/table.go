// core/table.go

package core

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// Table is a database table, or an alias of one. Define tables once, at
// package initialisation, with NewTable and NewColumn; after that a Table is
// read-only and may be shared freely.
//
// The usual shape is a struct that embeds the table and holds its typed
// columns, so queries read Users.Email:
//
//	var Users = func() (u struct {
//		*core.Table
//		ID    core.Column[int64]
//		Email core.Column[string]
//	}) {
//		u.Table = core.NewTable("users")
//		u.ID = core.NewColumn[int64](u.Table, "id", core.PrimaryKey())
//		u.Email = core.NewColumn[string](u.Table, "email", core.Unique())
//		return u
//	}()
type Table struct {
	id     uint64 // identity in statement cache keys; names alone could collide
	name   string
	schema string

	// base and alias are set on an alias: base is the aliased table, alias
	// its name ("" for an anonymous alias, named <table>_<n> when compiled).
	base  *Table
	alias string

	cols    []*columnNode
	byName  map[string]*columnNode
	pk      []*ColumnDef
	fks     []ForeignKey
	indexes []Index
	checks  []string
	err     error

	// star selects the whole table (projectionNode), kept in the table
	// so that selecting it allocates nothing.
	star tableStarNode
	// names are the result names of selecting the whole table, made the
	// first time it is (set on a base table only: an alias's are its
	// base's).
	names atomic.Pointer[[]string]
}

var tableIDs atomic.Uint64

// TableOption configures a table; see Schema.
type TableOption func(*Table)

// Schema places the table in a database schema: "schema"."table".
func Schema(name string) TableOption { return func(t *Table) { t.schema = name } }

// NewTable defines a table. Add its columns with NewColumn.
func NewTable(name string, opts ...TableOption) *Table {
	t := &Table{id: tableIDs.Add(1), name: name, byName: map[string]*columnNode{}}
	t.star.t = t
	for _, o := range opts {
		o(t)
	}
	if err := checkIdent(name); err != nil {
		t.fail(err)
	}
	return t
}

func (t *Table) fail(err error) {
	if t.err == nil {
		t.err = fmt.Errorf("table %s: %w", t.name, err)
	}
}

// Name returns the table's name (of the aliased table, for an alias).
func (t *Table) Name() string { return t.name }

// SchemaName returns the table's schema, or "".
func (t *Table) SchemaName() string { return t.schema }

// AliasName returns the alias name, "" for a table or an anonymous alias.
func (t *Table) AliasName() string { return t.alias }

// IsAlias reports whether t is an alias of another table.
func (t *Table) IsAlias() bool { return t.base != nil }

// Base returns the table that t aliases, or t itself.
func (t *Table) Base() *Table {
	if t.base != nil {
		return t.base
	}
	return t
}

// PrimaryKeyName returns the name the table's DDL gives its primary key
// constraint (pk_<table>, shortened as generated names are), by which a
// server's error names a duplicate key.
func (t *Table) PrimaryKeyName() string { return generatedName("pk_" + t.name) }

// Columns returns the definitions of the table's columns, in order.
func (t *Table) Columns() []*ColumnDef {
	out := make([]*ColumnDef, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.def
	}
	return out
}

// PrimaryKey returns the primary key's columns, in order.
func (t *Table) PrimaryKey() []*ColumnDef { return t.Base().pk }

// ForeignKeys returns the table's foreign keys.
func (t *Table) ForeignKeys() []ForeignKey { return t.Base().fks }

// Indexes returns the table's secondary indexes and unique constraints.
func (t *Table) Indexes() []Index { return t.Base().indexes }

// Checks returns the table's CHECK constraint expressions, as SQL text.
func (t *Table) Checks() []string { return t.Base().checks }

// Err returns the first mistake made while defining the table, if any.
// Statements that use the table report it when compiled.
func (t *Table) Err() error {
	if t.err != nil {
		return t.err // an alias's own mistake: an invalid alias name
	}
	return t.Base().err
}

// ForeignKey is a (possibly composite) reference from Columns of Table to
// RefColumns of RefTable. Name is fk_<table>_<columns joined by _>,
// shortened with a hash past 63 bytes (see the package documentation).
// OnDelete and OnUpdate are empty unless set with the OnDelete and OnUpdate
// options; CREATE TABLE then writes no clause, and the database's default,
// NO ACTION, applies.
type ForeignKey struct {
	Name       string
	Table      *Table
	Columns    []*ColumnDef
	RefTable   *Table
	RefColumns []*ColumnDef
	OnDelete   FKAction
	OnUpdate   FKAction
}

// FKAction is what the database does to the referencing rows when a
// referenced row is deleted (OnDelete) or its key changes (OnUpdate).
type FKAction string

// The foreign key actions. FKSetDefault is refused with ErrUnsupported on
// MySQL and MariaDB, whose InnoDB engine rejects it (MariaDB silently
// treats it as RESTRICT).
const (
	// FKCascade deletes or updates the referencing rows along with the
	// referenced one: for rows that cannot exist without their parent.
	FKCascade FKAction = "CASCADE"
	// FKSetNull sets the referencing columns to NULL; they must be Nullable.
	FKSetNull FKAction = "SET NULL"
	// FKSetDefault sets the referencing columns to their ServerDefault.
	FKSetDefault FKAction = "SET DEFAULT"
	// FKRestrict refuses the change at once while referencing rows exist.
	FKRestrict FKAction = "RESTRICT"
	// FKNoAction refuses the change at the end of the statement (or of
	// the transaction, for a deferred constraint); the default.
	FKNoAction FKAction = "NO ACTION"
)

func (a FKAction) valid() bool {
	switch a {
	case "", FKCascade, FKSetNull, FKSetDefault, FKRestrict, FKNoAction:
		return true
	}
	return false
}

// FKOption configures a foreign key declared with References or
// Table.AddForeignKey: OnDelete, OnUpdate.
type FKOption func(*ForeignKey)

// OnDelete sets what deleting a referenced row does to the rows that
// reference it: core.References(Users.ID, core.OnDelete(core.FKCascade)).
func OnDelete(a FKAction) FKOption { return func(fk *ForeignKey) { fk.OnDelete = a } }

// OnUpdate sets what changing a referenced key does to the rows that
// reference it. Keys rarely change; it matters for natural keys.
func OnUpdate(a FKAction) FKOption { return func(fk *ForeignKey) { fk.OnUpdate = a } }

// addFK names fk, applies opts and records it, or records why it is wrong.
func (t *Table) addFK(fk ForeignKey, opts []FKOption) {
	names := make([]string, len(fk.Columns))
	for i, c := range fk.Columns {
		names[i] = c.Name
	}
	fk.Name = generatedName("fk_" + t.name + "_" + strings.Join(names, "_"))
	for _, o := range opts {
		if o != nil {
			o(&fk)
		}
	}
	for _, a := range []FKAction{fk.OnDelete, fk.OnUpdate} {
		if !a.valid() {
			t.fail(errorf(ErrInvalidStatement, "foreign key %s: unknown action %q (use one of the FKAction constants)", fk.Name, string(a)))
			return
		}
	}
	t.fks = append(t.fks, fk)
}

// Index is a secondary index or, with Unique, a unique constraint.
type Index struct {
	Name    string
	Columns []*ColumnDef
	Unique  bool
}

// AddForeignKey declares a composite foreign key: cols of t reference refs,
// which must all belong to one table (t itself for a self-reference).
// Single-column references are simpler with the References column option.
// opts set the ON DELETE and ON UPDATE actions.
func (t *Table) AddForeignKey(cols []Expression, refs []Expression, opts ...FKOption) {
	if len(cols) == 0 || len(cols) != len(refs) {
		t.fail(fmt.Errorf("foreign key needs as many referenced columns as columns (%d, %d)", len(cols), len(refs)))
		return
	}
	fk := ForeignKey{Table: t}
	for i := range cols {
		c, err := t.ownColumn(cols[i])
		if err != nil {
			t.fail(err)
			return
		}
		r, ok := refs[i].exprNode().(*columnNode)
		if !ok || r.def == nil {
			t.fail(fmt.Errorf("foreign key on %s: the referenced expression is not a table column", c.Name))
			return
		}
		if fk.RefTable == nil {
			fk.RefTable = r.def.Table
		} else if fk.RefTable != r.def.Table {
			t.fail(fmt.Errorf("foreign key on %s: referenced columns span two tables", c.Name))
			return
		}
		fk.Columns = append(fk.Columns, c)
		fk.RefColumns = append(fk.RefColumns, r.def)
	}
	t.addFK(fk, opts)
}

// AddIndex declares an index over cols; unique makes it a unique constraint,
// which CREATE TABLE writes, while a non-unique index is one of
// SecondaryIndexes, for CreateIndex. An empty name is replaced by
// uq_<table>_<columns> or ix_<table>_<columns> in DDL.
func (t *Table) AddIndex(name string, unique bool, cols ...Expression) {
	ix := Index{Name: name, Unique: unique}
	for _, e := range cols {
		c, err := t.ownColumn(e)
		if err != nil {
			t.fail(err)
			return
		}
		ix.Columns = append(ix.Columns, c)
	}
	t.indexes = append(t.indexes, ix)
}

// SetPrimaryKey declares a composite primary key.
func (t *Table) SetPrimaryKey(cols ...Expression) {
	t.pk = nil
	for _, e := range cols {
		c, err := t.ownColumn(e)
		if err != nil {
			t.fail(err)
			return
		}
		c.PrimaryKey = true
		c.Nullable = false
		t.pk = append(t.pk, c)
	}
}

// AddCheck declares a CHECK constraint, named ck_<table>_<n> in CREATE
// TABLE (n counts from 1 in declaration order). The expression is DDL text
// written by the program, never user input.
func (t *Table) AddCheck(sql string) { t.checks = append(t.checks, sql) }

func (t *Table) ownColumn(e Expression) (*ColumnDef, error) {
	if e == nil {
		return nil, fmt.Errorf("nil column")
	}
	c, ok := e.exprNode().(*columnNode)
	if !ok || c.def == nil || c.def.Table != t {
		return nil, fmt.Errorf("expression is not a column of %s", t.name)
	}
	return c.def, nil
}

// Alias returns an alias of t: "users AS u". With an empty name the alias is
// anonymous and named <table>_1, <table>_2, ... when compiled, in order of
// first appearance, so output stays deterministic (a name longer than 63
// bytes is shortened with a hash, as derived constraint names are). Reach its columns with
// Of (Users.ID.Of(u)), or alias a whole table struct with Aliased.
func Alias(t *Table, name string) *Table {
	base := t.Base()
	a := &Table{id: base.id, name: base.name, schema: base.schema, base: base, alias: name}
	a.star.t = a
	if name != "" {
		if err := checkIdent(name); err != nil {
			a.err = err
		}
	}
	// One allocation for the columns, and no map of names (see column):
	// a statement may alias a table each time it is built.
	nodes := make([]columnNode, len(base.cols))
	a.cols = make([]*columnNode, len(base.cols))
	for i, bc := range base.cols {
		nodes[i] = columnNode{from: a, name: bc.name, def: bc.def, pos: bc.pos}
		a.cols[i] = &nodes[i]
	}
	return a
}

// column returns t's column called name, or nil: the table's map gives
// the column's place, and t's own column at that place is the alias's.
func (t *Table) column(name string) *columnNode {
	if c := t.Base().byName[name]; c != nil {
		return t.cols[c.pos]
	}
	return nil
}

// Aliased returns a copy of a table struct (a struct embedding *Table and
// holding its Column fields, as in the Table example) whose table and
// columns refer to a new alias of the table, so that u := core.Aliased(Users)
// gives u.ID as "u.id". name is optional; without it the alias is anonymous.
func Aliased[S any](s S, name ...string) S {
	p := aliasPlanOf(reflect.TypeFor[S]())
	if len(p.tables) == 0 {
		return s
	}
	v := reflect.ValueOf(&s).Elem()
	base, _ := v.Field(p.tables[0]).Interface().(*Table)
	if base == nil {
		return s
	}
	alias := Alias(base, strings.Join(name, ""))
	for _, i := range p.tables {
		v.Field(i).Set(reflect.ValueOf(alias))
	}
	for _, i := range p.columns {
		v.Field(i).Addr().Interface().(rebinder).rebind(alias)
	}
	return s
}

// aliasPlan is where a table struct type holds its tables and columns:
// the places of its exported fields of type *Table (the first is the
// table aliased) and of those a rebinder points to. Aliased finds them
// once per type: a statement may alias a table each time it is built, and
// reading a struct's fields through reflect cost more than the alias.
type aliasPlan struct{ tables, columns []int }

var aliasPlans sync.Map // reflect.Type to *aliasPlan

func aliasPlanOf(t reflect.Type) *aliasPlan {
	if p, ok := aliasPlans.Load(t); ok {
		return p.(*aliasPlan)
	}
	p := &aliasPlan{}
	if t.Kind() == reflect.Struct {
		tableType, rebinderType := reflect.TypeFor[*Table](), reflect.TypeFor[rebinder]()
		for i := range t.NumField() {
			switch f := t.Field(i); {
			case !f.IsExported():
			case f.Type == tableType:
				p.tables = append(p.tables, i)
			case reflect.PointerTo(f.Type).Implements(rebinderType):
				p.columns = append(p.columns, i)
			}
		}
	}
	aliasPlans.Store(t, p)
	return p
}

// rebinder is a column that can be moved onto an alias of its table.
type rebinder interface{ rebind(alias *Table) }

// fromNode implementation: a table renders as its (schema-qualified) name,
// an alias as "name AS alias".
func (t *Table) fromNode() fromNode { return t }

func (t *Table) render(c *compiler) {
	if t.schema != "" {
		c.ident(t.schema)
		c.write(".")
	}
	c.ident(t.name)
	if t.base != nil {
		c.write(" AS ")
		c.write(c.qualifier(t))
	}
}

func (t *Table) key(k *keyer) {
	if t.base == nil {
		// A table is its id, which no other table has and which fixes its
		// name and schema, so it is written as such every time: this is
		// the key of most columns, and needs no search of k.seen.
		k.op('T')
		k.int(int(t.id))
	} else {
		// An alias has its base table's id; an anonymous one is told
		// apart from other aliases by its place in k.seen.
		if seenFrom(k, t) {
			return
		}
		k.op('A')
		k.int(int(t.id))
		k.str(t.alias)
	}
	if err := t.Err(); err != nil {
		k.fail(err)
	}
}

func (t *Table) walk(fn func(node) bool) { fn(t) }

func (t *Table) displayName() string {
	if t.alias != "" {
		return t.alias
	}
	if t.base != nil {
		return t.name + " (anonymous alias)"
	}
	return t.name
}
