// core/dml.go

package core

import (
	"reflect"
	"slices"
)

// Assignment is "column = value", for INSERT rows, UPDATE SET and upserts.
// Make one with Column.Set or Column.SetExpr.
type Assignment struct {
	col   *columnNode
	value node
}

// Set assigns the value v to the column. A value an enum column does not
// allow fails the statement's Compile with ErrInvalidStatement, before
// anything is sent.
//
// A value for a JSON column is bound as its JSON text (encoding/json),
// unless it is text already (a string, []byte or json.RawMessage) or has
// a Value method of its own: every database then reads the same document,
// whatever its driver makes of the Go type (pgx's exec modes would send a
// []string as a text[]). A value for an Array column is bound as the
// slice where arrays are column types (PostgreSQL), as its JSON text
// elsewhere, and a nil slice as an empty one.
func (c Column[T]) Set(v T) Assignment {
	a := c.assign(bindOf(v))
	if a.col == nil {
		return a
	}
	if a.col.def.Type.enum != nil { // an Enum or an IntEnum
		if err := a.col.def.Check(v); err != nil {
			a.value = &errNode{err}
		}
		return a
	}
	switch a.col.def.Type.kind {
	case KindJSON:
		if doc, err := jsonDocument(v); err != nil {
			a.value = invalid("column %s.%s: %v", tableLabel(a.col.def.Table), a.col.def.Name, err)
		} else if doc != nil {
			a.value = bindOf(doc)
		}
	case KindArray:
		// Bound as the slice on PostgreSQL, as its JSON text elsewhere;
		// a nil slice as an empty one, as a slice field is NOT NULL.
		var slice any = v
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
			slice = reflect.MakeSlice(rv.Type(), 0, 0).Interface()
		}
		if doc, err := jsonDocument(slice); err != nil {
			a.value = invalid("column %s.%s: %v", tableLabel(a.col.def.Table), a.col.def.Name, err)
		} else if doc != nil {
			a.value = &arrayValue{native: bindOf(slice), text: bindOf(doc)}
		}
	}
	return a
}

// SetNull assigns NULL to the column.
func (c Column[T]) SetNull() Assignment { return c.assign(&keywordNode{word: "NULL"}) }

// SetExpr assigns an expression to the column: Balance.SetExpr(Balance.Add(10)).
func (c Column[T]) SetExpr(e TypedExpression[T]) Assignment { return c.assign(nodeOf(e, "SetExpr")) }

func (c Column[T]) assign(v node) Assignment {
	col, ok := c.n.(*columnNode)
	if !ok || col.def == nil {
		return Assignment{value: invalid("assignment to something that is not a table column")}
	}
	return Assignment{col: col, value: v}
}

// Excluded is, in an upsert's update, the value the conflicting INSERT
// proposed for column c: EXCLUDED.c on PostgreSQL and SQLite, VALUES(c) on
// MySQL.
func Excluded[T any](c Column[T]) Expr[T] {
	col, ok := c.n.(*columnNode)
	if !ok {
		return typed[T](invalid("Excluded needs a table column"))
	}
	return typed[T](&excludedNode{name: col.name})
}

type excludedNode struct{ name string }

func (n *excludedNode) render(c *compiler) {
	if c.d.Has(FeatureOnDuplicateKey) {
		c.write("VALUES(")
		c.ident(n.name)
		c.write(")")
		return
	}
	c.write("EXCLUDED.")
	c.ident(n.name)
}

func (n *excludedNode) key(k *keyer)            { k.op('x'); k.str(n.name) }
func (n *excludedNode) walk(fn func(node) bool) { fn(n) }

// InsertStmt is an INSERT statement; like every statement it is immutable.
type InsertStmt struct {
	table     *Table
	cols      []*columnNode
	rows      [][]node
	sel       queryNodeT
	conflict  *conflictClause
	dupKey    []Assignment
	returning []node
	err       node
}

type conflictClause struct {
	target  []node
	set     []Assignment
	nothing bool
}

// Insert starts an INSERT into table t: a *Table, or a table struct that
// embeds one (Insert(Users)). Add rows with Values, or a SELECT with
// FromSelect.
func Insert(t FromItem) *InsertStmt {
	i := &InsertStmt{table: tableOf(t)}
	if i.table == nil {
		i.err = invalid("Insert into something that is not a table")
	}
	return i
}

// tableOf is the table a DML statement writes to, or nil if f is not one.
func tableOf(f FromItem) *Table {
	if f == nil {
		return nil
	}
	t, _ := f.fromNode().(*Table)
	return t
}

func (i *InsertStmt) clone() *InsertStmt { c := *i; return &c }

func (i *InsertStmt) failed(n *errNode) *InsertStmt {
	c := i.clone()
	if c.err == nil {
		c.err = n
	}
	return c
}

// Values adds one row. Every row must set the same columns (in any order);
// a column left out that has a Default gets it.
func (i *InsertStmt) Values(row ...Assignment) *InsertStmt { return i.Rows(row) }

// Rows adds many rows at once, as Values adds one. Use it for a large
// multi-row INSERT: a statement is immutable, so each Values call copies
// the rows before it, and adding n rows one by one costs n² copies.
func (i *InsertStmt) Rows(rows ...[]Assignment) *InsertStmt {
	if i.sel != nil {
		return i.failed(invalid("INSERT into %s: Values and FromSelect cannot be mixed", i.tableName()))
	}
	c := i.clone()
	c.rows = slices.Grow(c.rows[:len(c.rows):len(c.rows)], len(rows))
	for _, row := range rows {
		if err := c.addRow(row); err != nil {
			return i.failed(err)
		}
	}
	return c
}

// addRow appends one row to c, a statement not yet shared.
func (c *InsertStmt) addRow(row []Assignment) *errNode {
	for _, a := range row {
		if a.col == nil {
			return invalid("INSERT into %s: assignment to something that is not a table column", c.tableName())
		}
		if a.col.def.Table != c.table.Base() {
			return invalid("INSERT into %s: column %s belongs to %s", c.tableName(), a.col.name, a.col.def.Table.name)
		}
	}
	if len(c.rows) == 0 {
		c.cols = nil
		for _, a := range row {
			c.cols = append(c.cols, a.col)
		}
		for _, col := range c.table.Base().cols {
			if col.def.Default != nil && !hasCol(c.cols, col) {
				c.cols = append(c.cols, col)
			}
		}
	}
	vals := make([]node, len(c.cols))
	for j, col := range c.cols {
		for _, a := range row {
			if a.col.def == col.def {
				vals[j] = a.value
			}
		}
		if vals[j] == nil {
			if col.def.Default == nil {
				return invalid("INSERT into %s: row %d does not set column %s, which the first row sets",
					c.tableName(), len(c.rows)+1, col.name)
			}
			vals[j] = bindOf(col.def.Default)
		}
	}
	for _, a := range row {
		if !hasCol(c.cols, a.col) {
			return invalid("INSERT into %s: row %d sets column %s, which the first row does not",
				c.tableName(), len(c.rows)+1, a.col.name)
		}
	}
	c.rows = append(c.rows, vals)
	return nil
}

func hasCol(cols []*columnNode, c *columnNode) bool {
	for _, x := range cols {
		if x.def == c.def {
			return true
		}
	}
	return false
}

func (i *InsertStmt) tableName() string {
	if i.table == nil {
		return "nil table"
	}
	return i.table.name
}

// FromSelect makes it INSERT INTO t (cols) SELECT ...
func (i *InsertStmt) FromSelect(cols []Expression, q SelectQuery) *InsertStmt {
	if len(i.rows) > 0 {
		return i.failed(invalid("INSERT into %s: Values and FromSelect cannot be mixed", i.tableName()))
	}
	c := i.clone()
	c.cols = nil
	for _, e := range cols {
		col, ok := nodeOf(e, "FromSelect").(*columnNode)
		if !ok || col.def == nil || col.def.Table != i.table.Base() {
			return i.failed(invalid("INSERT into %s: FromSelect columns must be columns of the table", i.tableName()))
		}
		c.cols = append(c.cols, col)
	}
	c.sel = queryNode(q)
	return c
}

// ConflictTarget is an INSERT waiting to be told what to do on conflict;
// see InsertStmt.OnConflict.
type ConflictTarget struct {
	ins    *InsertStmt
	target []node
}

// OnConflict starts "ON CONFLICT (target) ..." (PostgreSQL, SQLite): the
// columns of a unique constraint. Finish it with DoNothing or DoUpdate.
func (i *InsertStmt) OnConflict(target ...Expression) ConflictTarget {
	t := ConflictTarget{ins: i}
	for _, e := range target {
		t.target = append(t.target, nodeOf(e, "OnConflict"))
	}
	return t
}

// DoNothing skips rows that conflict.
func (t ConflictTarget) DoNothing() *InsertStmt {
	c := t.ins.clone()
	c.conflict = &conflictClause{target: t.target, nothing: true}
	return c
}

// DoUpdate updates the existing row instead; Excluded(col) is the value the
// INSERT proposed.
func (t ConflictTarget) DoUpdate(set ...Assignment) *InsertStmt {
	c := t.ins.clone()
	c.conflict = &conflictClause{target: t.target, set: set}
	if len(set) == 0 || len(t.target) == 0 {
		return c.failed(invalid("ON CONFLICT DO UPDATE on %s needs a conflict target and at least one assignment", c.tableName()))
	}
	return c
}

// OnDuplicateKeyUpdate adds MySQL's "ON DUPLICATE KEY UPDATE set".
func (i *InsertStmt) OnDuplicateKeyUpdate(set ...Assignment) *InsertStmt {
	c := i.clone()
	c.dupKey = set
	if len(set) == 0 {
		return c.failed(invalid("ON DUPLICATE KEY UPDATE on %s needs at least one assignment", c.tableName()))
	}
	return c
}

// Returning adds "RETURNING items" (PostgreSQL, SQLite, MariaDB).
func (i *InsertStmt) Returning(items ...Projection) *InsertStmt {
	c := i.clone()
	c.returning = projectionNodes(items, "Returning")
	return c
}

func projectionNodes(items []Projection, what string) []node {
	out := make([]node, 0, len(items))
	for _, it := range items {
		if it == nil || it.projectionNode() == nil {
			out = append(out, invalid("nil item in %s", what))
			continue
		}
		out = append(out, it.projectionNode())
	}
	return out
}

func (i *InsertStmt) statementNode() node { return i }

func (i *InsertStmt) render(c *compiler) { i.renderWith(c, nil) }

// renderWith renders the INSERT, with ctes after the column list (MySQL's
// place for them) when given.
func (i *InsertStmt) renderWith(c *compiler, ctes []*CTE) {
	c.scopes = append(c.scopes, &scope{members: []fromNode{i.table}})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.write("INSERT INTO ")
	i.table.render(c)
	c.write(" (")
	for j, col := range i.cols {
		if j > 0 {
			c.write(", ")
		}
		c.ident(col.name)
	}
	c.write(")")
	if len(ctes) > 0 && i.sel == nil {
		c.fail(unsupported(c.d, "WITH on INSERT ... VALUES"))
	}
	if i.sel != nil {
		c.write(" ")
		if len(ctes) > 0 {
			c.with(ctes)
		}
		c.nested(i.sel, false)
	} else {
		if len(i.rows) == 0 {
			c.fail(errorf(ErrInvalidStatement, "INSERT into %s has no rows", i.tableName()))
		}
		c.write(" VALUES ")
		// VALUES cannot refer to the target table, so a subquery in a row
		// is not correlated to it and keeps its own FROM.
		saved := c.scopes
		c.scopes = nil
		for j, row := range i.rows {
			if j > 0 {
				c.write(", ")
			}
			c.write("(")
			c.list(row)
			c.write(")")
		}
		c.scopes = saved
	}
	if cl := i.conflict; cl != nil {
		if !c.d.Has(FeatureOnConflict) {
			c.fail(unsupported(c.d, "ON CONFLICT (use OnDuplicateKeyUpdate)"))
		}
		c.write(" ON CONFLICT")
		if len(cl.target) > 0 {
			c.write(" (")
			bare := c.bareColumns
			c.bareColumns = true
			c.list(cl.target)
			c.bareColumns = bare
			c.write(")")
		}
		if cl.nothing {
			c.write(" DO NOTHING")
		} else {
			c.write(" DO UPDATE SET ")
			renderAssignments(c, cl.set, false)
		}
	}
	if len(i.dupKey) > 0 {
		if !c.d.Has(FeatureOnDuplicateKey) {
			c.fail(unsupported(c.d, "ON DUPLICATE KEY UPDATE (use OnConflict)"))
		}
		c.write(" ON DUPLICATE KEY UPDATE ")
		renderAssignments(c, i.dupKey, false)
	}
	renderReturning(c, i.returning, FeatureReturningInsert, "INSERT", false)
}

func renderAssignments(c *compiler, set []Assignment, qualified bool) {
	for j, a := range set {
		if j > 0 {
			c.write(", ")
		}
		if a.col == nil {
			a.value.render(c) // an errNode
			continue
		}
		if qualified {
			a.col.render(c)
		} else {
			c.ident(a.col.name)
		}
		c.write(" = ")
		a.value.render(c)
	}
}

// renderReturning writes RETURNING items, with bare column names unless
// qualified: UPDATE ... FROM needs table names, since a bare name may be in
// two of its tables (PostgreSQL rejects it as ambiguous).
func renderReturning(c *compiler, items []node, f Feature, stmt string, qualified bool) {
	if len(items) == 0 {
		return
	}
	if !c.d.Has(f) {
		c.fail(unsupported(c.d, "RETURNING on "+stmt))
		return
	}
	c.write(" RETURNING ")
	bare := c.bareColumns
	c.bareColumns = !qualified
	c.list(items)
	c.bareColumns = bare
}

func keyAssignments(k *keyer, set []Assignment) {
	k.int(len(set))
	for _, a := range set {
		if a.col == nil {
			a.value.key(k)
			continue
		}
		a.col.key(k)
		a.value.key(k)
	}
}

func (i *InsertStmt) key(k *keyer) {
	k.op('N')
	if i.err != nil {
		i.err.key(k)
		return
	}
	i.table.key(k)
	k.int(len(i.cols))
	for _, col := range i.cols {
		k.str(col.name)
	}
	k.int(len(i.rows))
	for _, r := range i.rows {
		k.nodes(r)
	}
	k.optional(i.sel)
	if cl := i.conflict; cl != nil {
		k.op('o')
		k.nodes(cl.target)
		if cl.nothing {
			k.byte(1)
		} else {
			k.byte(0)
		}
		keyAssignments(k, cl.set)
	} else {
		k.byte(0)
	}
	keyAssignments(k, i.dupKey)
	k.nodes(i.returning)
}

func (i *InsertStmt) walk(fn func(node) bool) {
	if !fn(i) {
		return
	}
	for _, r := range i.rows {
		walkAll(fn, r...)
	}
	walkAll(fn, i.sel)
	if cl := i.conflict; cl != nil {
		walkAll(fn, cl.target...)
		walkAssignments(fn, cl.set)
	}
	walkAssignments(fn, i.dupKey)
	walkAll(fn, i.returning...)
}

func walkAssignments(fn func(node) bool, set []Assignment) {
	for _, a := range set {
		walkAll(fn, a.value)
	}
}

// UpdateStmt is an UPDATE statement.
type UpdateStmt struct {
	table     *Table
	set       []Assignment
	from      []fromNode
	where     []node
	returning []node
}

// Update starts an UPDATE of table t.
func Update(t FromItem) *UpdateStmt { return &UpdateStmt{table: tableOf(t)} }

func (u *UpdateStmt) clone() *UpdateStmt { c := *u; return &c }

// Set adds assignments: Update(Users).Set(Users.Email.Set("a@b.c")).
func (u *UpdateStmt) Set(set ...Assignment) *UpdateStmt {
	c := u.clone()
	c.set = append(c.set[:len(c.set):len(c.set)], set...)
	return c
}

// From adds other tables to the UPDATE, to read from or filter by (UPDATE
// ... FROM on PostgreSQL and SQLite, UPDATE t, other on MySQL). Link them in
// Where.
func (u *UpdateStmt) From(items ...FromItem) *UpdateStmt {
	c := u.clone()
	c.from = c.from[:len(c.from):len(c.from)]
	for _, it := range items {
		if it == nil {
			c.from = append(c.from, &errFrom{invalid("nil FROM item in UPDATE")})
			continue
		}
		c.from = append(c.from, it.fromNode())
	}
	return c
}

// Where adds conditions, joined with AND.
func (u *UpdateStmt) Where(conds ...Condition) *UpdateStmt {
	c := u.clone()
	c.where = appendConds(c.where, conds, "Where")
	return c
}

// Returning adds "RETURNING items" (PostgreSQL, SQLite; not MySQL or MariaDB).
func (u *UpdateStmt) Returning(items ...Projection) *UpdateStmt {
	c := u.clone()
	c.returning = projectionNodes(items, "Returning")
	return c
}

func (u *UpdateStmt) statementNode() node { return u }

func (u *UpdateStmt) render(c *compiler) {
	if u.table == nil {
		c.fail(errorf(ErrInvalidStatement, "Update of something that is not a table"))
		return
	}
	if len(u.set) == 0 {
		c.fail(errorf(ErrInvalidStatement, "UPDATE %s has no assignments", u.table.name))
	}
	c.scopes = append(c.scopes, &scope{members: append([]fromNode{u.table}, u.from...)})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.write("UPDATE ")
	u.table.render(c)
	multi := len(u.from) > 0 && c.d.Has(FeatureUpdateMultiTable)
	if multi {
		for _, f := range u.from {
			c.write(", ")
			f.render(c)
		}
	}
	c.write(" SET ")
	renderAssignments(c, u.set, multi)
	if len(u.from) > 0 && !multi {
		if !c.d.Has(FeatureUpdateFrom) {
			c.fail(unsupported(c.d, "UPDATE ... FROM"))
		}
		c.write(" FROM ")
		for j, f := range u.from {
			if j > 0 {
				c.write(", ")
			}
			f.render(c)
		}
	}
	if len(u.where) > 0 {
		c.write(" WHERE ")
		renderConds(c, u.where)
	}
	renderReturning(c, u.returning, FeatureReturningUpdate, "UPDATE", len(u.from) > 0)
}

func (u *UpdateStmt) key(k *keyer) {
	k.op('P')
	if u.table != nil {
		u.table.key(k)
	}
	keyAssignments(k, u.set)
	k.int(len(u.from))
	for _, f := range u.from {
		f.key(k)
	}
	k.nodes(u.where)
	k.nodes(u.returning)
}

func (u *UpdateStmt) walk(fn func(node) bool) {
	if !fn(u) {
		return
	}
	walkAssignments(fn, u.set)
	for _, f := range u.from {
		f.walk(fn)
	}
	walkAll(fn, u.where...)
	walkAll(fn, u.returning...)
}

// DeleteStmt is a DELETE statement.
type DeleteStmt struct {
	table     *Table
	where     []node
	returning []node
}

// Delete starts a DELETE from table t. Without Where it deletes every row.
func Delete(t FromItem) *DeleteStmt { return &DeleteStmt{table: tableOf(t)} }

// Where adds conditions, joined with AND.
func (d *DeleteStmt) Where(conds ...Condition) *DeleteStmt {
	c := *d
	c.where = appendConds(c.where, conds, "Where")
	return &c
}

// Returning adds "RETURNING items" (PostgreSQL, SQLite, MariaDB).
func (d *DeleteStmt) Returning(items ...Projection) *DeleteStmt {
	c := *d
	c.returning = projectionNodes(items, "Returning")
	return &c
}

func (d *DeleteStmt) statementNode() node { return d }

func (d *DeleteStmt) render(c *compiler) {
	if d.table == nil {
		c.fail(errorf(ErrInvalidStatement, "Delete from something that is not a table"))
		return
	}
	c.scopes = append(c.scopes, &scope{members: []fromNode{d.table}})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.write("DELETE FROM ")
	d.table.render(c)
	if len(d.where) > 0 {
		c.write(" WHERE ")
		renderConds(c, d.where)
	}
	renderReturning(c, d.returning, FeatureReturningDelete, "DELETE", false)
}

func (d *DeleteStmt) key(k *keyer) {
	k.op('D')
	if d.table != nil {
		d.table.key(k)
	}
	k.nodes(d.where)
	k.nodes(d.returning)
}

func (d *DeleteStmt) walk(fn func(node) bool) {
	if fn(d) {
		walkAll(fn, d.where...)
		walkAll(fn, d.returning...)
	}
}
