// core/ddl.go

package core

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Schema DDL: CREATE TABLE, CREATE INDEX, DROP TABLE and the order to run
// them in. The package documentation (doc.go, "Schema") shows how they fit
// together. Where databases differ, the code asks the dialect's Feature
// flags and KeyTextType, never its name.

// CreateTableStmt is a CREATE TABLE statement: the table's columns, its
// primary key, unique constraints (Unique columns and unique indexes),
// foreign keys and CHECK constraints. Non-unique indexes are separate
// statements; see CreateIndex and Table.SecondaryIndexes.
type CreateTableStmt struct {
	table       *Table
	err         error
	ifNotExists bool
}

// CreateTable starts CREATE TABLE for t. A table whose foreign keys
// reference other tables must be created after them: see SortTables.
//
// Each column has the dialect's name for its Type, except that on MySQL
// and MariaDB a TEXT column in the primary key, a unique constraint, an
// index or a foreign key is VARCHAR(255) (Dialect.KeyTextType), since they
// cannot index TEXT. How AutoIncrement is written, and where a database
// refuses it with ErrUnsupported, is described at AutoIncrement. Foreign
// key actions are written as declared; SET DEFAULT is ErrUnsupported on
// MySQL and MariaDB.
func CreateTable(t *Table) *CreateTableStmt {
	return &CreateTableStmt{table: t, err: ddlTarget(t, "CREATE TABLE")}
}

// IfNotExists makes it CREATE TABLE IF NOT EXISTS, which does nothing when
// a table of that name exists, whatever its columns: for idempotent setup
// scripts, not for migrations.
func (s *CreateTableStmt) IfNotExists() *CreateTableStmt {
	c := *s
	c.ifNotExists = true
	return &c
}

// ddlTarget checks the table a DDL statement is about.
func ddlTarget(t *Table, what string) error {
	switch {
	case t == nil:
		return errorf(ErrInvalidStatement, "%s of a nil table", what)
	case t.base != nil:
		return errorf(ErrInvalidStatement, "%s of alias %s: use the table itself", what, t.displayName())
	}
	return nil
}

func (s *CreateTableStmt) statementNode() node { return s }

func (s *CreateTableStmt) key(k *keyer) {
	k.op('Y')
	if s.err != nil {
		k.fail(s.err)
		return
	}
	// A table is immutable once defined, so its id stands for all of its
	// columns and constraints.
	s.table.key(k)
	keyBool(k, s.ifNotExists)
}

func (s *CreateTableStmt) walk(fn func(node) bool) { fn(s) }

func keyBool(k *keyer, b bool) {
	if b {
		k.byte(1)
	} else {
		k.byte(0)
	}
}

func (s *CreateTableStmt) render(c *compiler) {
	t := s.table
	if len(t.cols) == 0 {
		c.fail(errorf(ErrInvalidStatement, "CREATE TABLE %s: the table has no columns", tableLabel(t)))
		return
	}
	if c.d.TypeName == nil {
		c.fail(unsupported(c.d, "CREATE TABLE (the dialect declares no TypeName)"))
		return
	}
	rowid := checkAutoIncrement(c, t)
	c.write("CREATE TABLE ")
	if s.ifNotExists {
		c.write("IF NOT EXISTS ")
	}
	t.render(c)
	c.write(" (")
	// One item per line: a CREATE TABLE is read by people far more often
	// than other statements (schema dumps, migrations, the schema command).
	first := true
	item := func() {
		if !first {
			c.write(",")
		}
		first = false
		c.write("\n    ")
	}
	constraint := func(name string) {
		item()
		c.write("CONSTRAINT ")
		c.ident(name)
		c.write(" ")
	}
	for _, n := range t.cols {
		item()
		columnDefinition(c, t, n.def, n.def == rowid)
	}
	if len(t.pk) > 0 && rowid == nil {
		constraint(generatedName("pk_" + t.name))
		c.write("PRIMARY KEY (")
		identList(c, t.pk)
		c.write(")")
	}
	for _, n := range t.cols {
		if n.def.Unique {
			constraint(indexName("uq", t, []*ColumnDef{n.def}))
			c.write("UNIQUE (")
			c.ident(n.def.Name)
			c.write(")")
		}
	}
	for _, ix := range t.indexes {
		if !ix.Unique {
			continue
		}
		if len(ix.Columns) == 0 {
			c.fail(errorf(ErrInvalidStatement, "CREATE TABLE %s: unique index %q has no columns", tableLabel(t), ix.Name))
			return
		}
		name := ix.Name
		if name == "" {
			name = indexName("uq", t, ix.Columns)
		}
		constraint(name)
		c.write("UNIQUE (")
		identList(c, ix.Columns)
		c.write(")")
	}
	for _, fk := range t.fks {
		constraint(fk.Name)
		c.write("FOREIGN KEY (")
		identList(c, fk.Columns)
		c.write(") REFERENCES ")
		ref := fk.RefTable
		if c.d.Has(FeatureAttachedSchemas) {
			if ref.schema != t.schema {
				c.fail(unsupported(c.d, fmt.Sprintf("foreign key %s from %s to %s, a table of another schema,",
					fk.Name, tableLabel(t), tableLabel(ref))))
			}
			c.ident(ref.name)
		} else {
			ref.render(c)
		}
		c.write(" (")
		identList(c, fk.RefColumns)
		c.write(")")
		fkAction(c, "ON DELETE", fk.OnDelete)
		fkAction(c, "ON UPDATE", fk.OnUpdate)
	}
	// An IntEnum column's values, as a named table constraint: MariaDB
	// names no column constraint, and MySQL's CHECK names are the
	// schema's, hence the table's name in it.
	for _, n := range t.cols {
		if ints := n.def.Type.IntEnumValues(); ints != nil {
			constraint(generatedName("ck_" + t.name + "_" + n.def.Name))
			c.write("CHECK (")
			c.ident(n.def.Name)
			c.write(" IN (")
			for i, v := range ints {
				if i > 0 {
					c.write(", ")
				}
				c.buf = strconv.AppendInt(c.buf, v, 10)
			}
			c.write("))")
		}
	}
	for i, check := range t.checks {
		if strings.TrimSpace(check) == "" {
			c.fail(errorf(ErrInvalidStatement, "CREATE TABLE %s: CHECK constraint %d is empty", tableLabel(t), i+1))
		}
		constraint(generatedName(fmt.Sprintf("ck_%s_%d", t.name, i+1)))
		c.write("CHECK (" + check + ")")
	}
	c.write("\n)")
}

// columnDefinition writes one column of CREATE TABLE: name, type, NOT NULL,
// DEFAULT and the dialect's auto-increment clause; rowid writes SQLite's
// inline INTEGER PRIMARY KEY instead.
func columnDefinition(c *compiler, t *Table, col *ColumnDef, rowid bool) {
	c.ident(col.Name)
	typ := col.Type
	switch {
	case rowid:
		// Only the exact type name INTEGER makes the key the rowid; a
		// BIGINT key would be a separate column with its own index.
		typ = Integer
	case typ.kind == KindText && c.d.KeyTextType.kind != KindUnknown && inKey(t, col):
		typ = c.d.KeyTextType
	}
	name := c.typeName(typ, false)
	if name == "" {
		c.fail(errorf(ErrInvalidStatement, "column %s.%s has no SQL type for its Go type %v: give it one with SQLType",
			tableLabel(t), col.Name, col.GoType))
		return
	}
	c.write(" " + name)
	if !col.Nullable || col.PrimaryKey {
		c.write(" NOT NULL")
	}
	if rowid {
		c.write(" PRIMARY KEY")
		return
	}
	if col.ServerDefault != "" {
		c.write(" DEFAULT " + col.ServerDefault)
	}
	if col.AutoIncrement {
		switch {
		case c.d.Has(FeatureIdentityColumns):
			c.write(" GENERATED BY DEFAULT AS IDENTITY")
		case c.d.Has(FeatureAutoIncrement):
			c.write(" AUTO_INCREMENT")
		}
	}
	if typ.kind == KindEnum && !c.d.Has(FeatureEnumTypes) && !c.d.Has(FeatureInlineEnums) {
		c.write(" CHECK (")
		c.ident(col.Name)
		c.write(" IN (")
		c.enumValues(typ)
		c.write("))")
	}
}

// typeName is the dialect's name for t, but for an enum, which core
// spells for every dialect (see Enum): its quoted name where it is a type
// of its own, ENUM(...) where it is a column type, else TEXT (CHAR in a
// cast on MySQL, whose CAST knows no ENUM); and for an array, its
// element's name and [] where arrays are column types, else JSON's.
func (c *compiler) typeName(t Type, cast bool) string {
	if t.kind == KindCustom {
		if !validCustom(t.custom) {
			c.fail(errorf(ErrInvalidStatement, "custom type %q: a type's spelling has letters, digits, _, spaces, dots, commas, brackets and balanced parentheses only", t.custom))
			return ""
		}
		return t.custom
	}
	if t.kind == KindArray {
		if !c.d.Has(FeatureArrayColumns) {
			return c.d.TypeName(JSON, cast) // the slice's JSON text
		}
		if elem := c.typeName(*t.elem, cast); elem != "" {
			return elem + "[]"
		}
		return ""
	}
	if t.kind != KindEnum {
		if t.enum != nil && t.enum.err != nil { // an IntEnum's
			c.fail(t.enum.err)
			return ""
		}
		return c.d.TypeName(t, cast)
	}
	if t.enum.err != nil {
		c.fail(t.enum.err)
		return ""
	}
	switch {
	case c.d.Has(FeatureEnumTypes):
		if !c.check(t.enum.name, false) {
			return ""
		}
		return string(appendIdent(nil, c.d, t.enum.name))
	case c.d.Has(FeatureInlineEnums) && !cast:
		start := len(c.buf)
		c.write("ENUM(")
		c.enumValues(t)
		c.write(")")
		name := string(c.buf[start:])
		c.buf = c.buf[:start]
		return name
	}
	return c.d.TypeName(Text, cast)
}

// enumValues writes an enum's values as string literals, separated by
// commas. They are the program's own constants, never a user's input,
// and are quoted as the dialect reads string literals all the same.
func (c *compiler) enumValues(t Type) {
	for i, v := range t.enum.values {
		if i > 0 {
			c.write(", ")
		}
		c.buf = appendStringLiteral(c.buf, c.d, v)
	}
}

// appendStringLiteral appends s as a SQL string literal: in single quotes,
// a quote doubled, and on dialects where a backslash escapes (MySQL) a
// backslash doubled too.
func appendStringLiteral(buf []byte, d *Dialect, s string) []byte {
	buf = append(buf, '\'')
	for i := range len(s) {
		switch {
		case s[i] == '\'':
			buf = append(buf, '\'', '\'')
		case s[i] == '\\' && d.Has(FeatureBackslashEscapes):
			buf = append(buf, '\\', '\\')
		default:
			buf = append(buf, s[i])
		}
	}
	return append(buf, '\'')
}

// checkAutoIncrement checks t's AutoIncrement columns against what the
// dialect can do, and returns the column to write as SQLite's rowid alias,
// if there is one.
func checkAutoIncrement(c *compiler, t *Table) (rowid *ColumnDef) {
	var autos []*ColumnDef
	for _, n := range t.cols {
		col := n.def
		if !col.AutoIncrement {
			continue
		}
		switch col.Type.kind {
		case KindSmallInt, KindInteger, KindBigInt:
		default:
			c.fail(errorf(ErrInvalidStatement, "AutoIncrement on %s.%s, which is not an integer column", tableLabel(t), col.Name))
			return nil
		}
		if col.ServerDefault != "" {
			c.fail(errorf(ErrInvalidStatement, "column %s.%s has both AutoIncrement and a ServerDefault", tableLabel(t), col.Name))
			return nil
		}
		autos = append(autos, col)
	}
	for _, col := range autos {
		what := fmt.Sprintf("AutoIncrement on %s.%s", tableLabel(t), col.Name)
		switch {
		case c.d.Has(FeatureRowidAlias) && len(t.pk) == 1 && t.pk[0] == col:
			rowid = col
		case c.d.Has(FeatureIdentityColumns):
		case c.d.Has(FeatureAutoIncrement):
			if len(autos) > 1 {
				c.fail(unsupported(c.d, fmt.Sprintf("AutoIncrement on more than one column of %s", tableLabel(t))))
			} else if !leadsKey(t, col) {
				c.fail(unsupported(c.d, what+", which leads neither the primary key nor a unique constraint,"))
			}
		case c.d.Has(FeatureRowidAlias):
			c.fail(unsupported(c.d, what+", which is not the table's single-column primary key,"))
		default:
			c.fail(unsupported(c.d, what))
		}
	}
	return rowid
}

// leadsKey reports whether col is the first column of a key that CREATE
// TABLE declares, as MySQL requires of an AUTO_INCREMENT column.
func leadsKey(t *Table, col *ColumnDef) bool {
	if (len(t.pk) > 0 && t.pk[0] == col) || col.Unique {
		return true
	}
	for _, ix := range t.indexes {
		if ix.Unique && len(ix.Columns) > 0 && ix.Columns[0] == col {
			return true
		}
	}
	return false
}

// inKey reports whether col is part of t's primary key, a unique
// constraint, an index or a foreign key: where MySQL needs an indexable type.
func inKey(t *Table, col *ColumnDef) bool {
	if col.PrimaryKey || col.Unique || col.Indexed {
		return true
	}
	for _, ix := range t.indexes {
		if slices.Contains(ix.Columns, col) {
			return true
		}
	}
	for _, fk := range t.fks {
		if slices.Contains(fk.Columns, col) {
			return true
		}
	}
	return false
}

func fkAction(c *compiler, clause string, a FKAction) {
	switch {
	case a == "":
		return
	case !a.valid(): // ForeignKey values are exported, so check again
		c.fail(errorf(ErrInvalidStatement, "unknown foreign key action %q", string(a)))
		return
	case a == FKSetDefault && !c.d.Has(FeatureFKSetDefault):
		c.fail(unsupported(c.d, clause+" SET DEFAULT"))
		return
	}
	c.write(" " + clause + " " + string(a))
}

func identList(c *compiler, cols []*ColumnDef) {
	for i, col := range cols {
		if i > 0 {
			c.write(", ")
		}
		c.ident(col.Name)
	}
}

// indexName is the name of an index or constraint that has none of its own:
// <prefix>_<table>_<columns joined by _>, shortened as generatedName says.
func indexName(prefix string, t *Table, cols []*ColumnDef) string {
	var b strings.Builder
	b.WriteString(prefix + "_" + t.name)
	for _, col := range cols {
		b.WriteString("_" + col.Name)
	}
	return generatedName(b.String())
}

// tableLabel names a table in errors, with its schema.
func tableLabel(t *Table) string {
	if t.schema != "" {
		return t.schema + "." + t.name
	}
	return t.name
}

// SecondaryIndexes returns the table's non-unique indexes, which CREATE
// TABLE leaves out and CreateIndex creates after it: one per Indexed column,
// named ix_<table>_<column>, in column order, then those declared with
// AddIndex (unnamed ones named ix_<table>_<columns>). Unique indexes are
// constraints of CREATE TABLE. Every Index returned has a name.
func (t *Table) SecondaryIndexes() []Index {
	t = t.Base()
	var out []Index
	add := func(ix Index) {
		for _, o := range out {
			if o.Name == ix.Name && slices.Equal(o.Columns, ix.Columns) {
				return // declared twice, as Indexed and by AddIndex
			}
		}
		out = append(out, ix)
	}
	for _, n := range t.cols {
		if n.def.Indexed {
			cols := []*ColumnDef{n.def}
			add(Index{Name: indexName("ix", t, cols), Columns: cols})
		}
	}
	for _, ix := range t.indexes {
		if ix.Unique {
			continue
		}
		ix.Columns = slices.Clone(ix.Columns)
		if ix.Name == "" {
			ix.Name = indexName("ix", t, ix.Columns)
		}
		add(ix)
	}
	return out
}

// CreateIndexStmt is a CREATE INDEX statement.
type CreateIndexStmt struct {
	table       *Table
	index       Index
	err         error
	ifNotExists bool
}

// CreateIndex starts CREATE [UNIQUE] INDEX for ix, an index of t, usually
// one of t.SecondaryIndexes(). An index without a name is named
// ix_<table>_<columns> (uq_ when unique). Create it after the table.
// Declare indexes on the table (Indexed, AddIndex) rather than making them
// up here: CREATE TABLE then holds the unique ones, and on MySQL gives a
// TEXT column the indexable type an index needs.
func CreateIndex(t *Table, ix Index) *CreateIndexStmt {
	s := &CreateIndexStmt{table: t, index: ix, err: ddlTarget(t, "CREATE INDEX")}
	if s.err != nil {
		return s
	}
	what := "CREATE INDEX"
	if ix.Name != "" {
		what += " " + ix.Name
	}
	if len(ix.Columns) == 0 {
		s.err = errorf(ErrInvalidStatement, "%s on %s: no columns", what, tableLabel(t))
		return s
	}
	for _, col := range ix.Columns {
		switch {
		case col == nil || col.Table == nil:
			s.err = errorf(ErrInvalidStatement, "%s on %s: a column that is not of a table", what, tableLabel(t))
		case col.Table != t:
			s.err = errorf(ErrInvalidStatement, "%s on %s: column %s is of table %s", what, tableLabel(t), col.Name, tableLabel(col.Table))
		}
		if s.err != nil {
			return s
		}
	}
	s.index.Columns = slices.Clone(ix.Columns)
	if s.index.Name == "" {
		prefix := "ix"
		if ix.Unique {
			prefix = "uq"
		}
		s.index.Name = indexName(prefix, t, ix.Columns)
	}
	return s
}

// IfNotExists makes it CREATE INDEX IF NOT EXISTS, for idempotent setup.
// MySQL lacks it (MariaDB has it): Compile refuses it there with
// ErrUnsupported.
func (s *CreateIndexStmt) IfNotExists() *CreateIndexStmt {
	c := *s
	c.ifNotExists = true
	return &c
}

func (s *CreateIndexStmt) statementNode() node { return s }

func (s *CreateIndexStmt) key(k *keyer) {
	k.op('X')
	if s.err != nil {
		k.fail(s.err)
		return
	}
	s.table.key(k)
	k.str(s.index.Name)
	keyBool(k, s.index.Unique)
	k.int(len(s.index.Columns))
	for _, col := range s.index.Columns {
		k.str(col.Name)
	}
	keyBool(k, s.ifNotExists)
}

func (s *CreateIndexStmt) walk(fn func(node) bool) { fn(s) }

func (s *CreateIndexStmt) render(c *compiler) {
	t := s.table
	c.write("CREATE ")
	if s.index.Unique {
		c.write("UNIQUE ")
	}
	c.write("INDEX ")
	if s.ifNotExists {
		if !c.d.Has(FeatureCreateIndexIfNotExists) {
			c.fail(unsupported(c.d, "CREATE INDEX IF NOT EXISTS"))
		}
		c.write("IF NOT EXISTS ")
	}
	if c.d.Has(FeatureAttachedSchemas) {
		// SQLite: the index lives in the table's database, named there.
		if t.schema != "" {
			c.ident(t.schema)
			c.write(".")
		}
		c.ident(s.index.Name)
		c.write(" ON ")
		c.ident(t.name)
	} else {
		c.ident(s.index.Name)
		c.write(" ON ")
		t.render(c)
	}
	c.write(" (")
	identList(c, s.index.Columns)
	c.write(")")
}

// DropTableStmt is a DROP TABLE statement.
type DropTableStmt struct {
	table    *Table
	err      error
	ifExists bool
}

// DropTable starts DROP TABLE for t, which drops its rows, indexes and
// constraints with it. Drop referencing tables first: the reverse of
// SortTables order.
func DropTable(t *Table) *DropTableStmt {
	return &DropTableStmt{table: t, err: ddlTarget(t, "DROP TABLE")}
}

// IfExists makes it DROP TABLE IF EXISTS, which does nothing when there is
// no such table: for teardown that may run twice.
func (s *DropTableStmt) IfExists() *DropTableStmt {
	c := *s
	c.ifExists = true
	return &c
}

func (s *DropTableStmt) statementNode() node { return s }

func (s *DropTableStmt) key(k *keyer) {
	k.op('Z')
	if s.err != nil {
		k.fail(s.err)
		return
	}
	s.table.key(k)
	keyBool(k, s.ifExists)
}

func (s *DropTableStmt) walk(fn func(node) bool) { fn(s) }

func (s *DropTableStmt) render(c *compiler) {
	c.write("DROP TABLE ")
	if s.ifExists {
		c.write("IF EXISTS ")
	}
	s.table.render(c)
}

// SortTables orders tables so that each comes after the tables its foreign
// keys reference: the order to create them in (and, reversed, to drop
// them). It is deterministic: a table moves only as far as its references
// require, and tables with no order between them keep their input order. A
// table that references itself (a tree) depends on nothing for it; tables
// referenced but not in the list are ignored, and a table listed twice is
// returned once. Tables whose foreign keys form a cycle cannot be ordered:
// the error wraps ErrForeignKeyCycle and names them.
func SortTables(tables []*Table) ([]*Table, error) {
	var list []*Table
	pos := map[*Table]int{}
	for _, t := range tables {
		if t == nil {
			return nil, errorf(ErrInvalidStatement, "SortTables: nil table")
		}
		t = t.Base()
		if _, dup := pos[t]; !dup {
			pos[t] = len(list)
			list = append(list, t)
		}
	}
	// deps[i] lists the positions of the tables that list[i] references.
	deps := make([][]int, len(list))
	for i, t := range list {
		for _, fk := range t.fks {
			if j, ok := pos[fk.RefTable.Base()]; ok && j != i {
				deps[i] = append(deps[i], j)
			}
		}
	}
	ready := func(i int, done []bool) bool {
		for _, j := range deps[i] {
			if !done[j] {
				return false
			}
		}
		return true
	}
	// Each step takes the first table, in input order, whose references
	// are all placed. Schemas have tens or hundreds of tables, so the
	// quadratic scan costs nothing and keeps the order obvious.
	done := make([]bool, len(list))
	out := make([]*Table, 0, len(list))
	for len(out) < len(list) {
		next := -1
		for i := range list {
			if !done[i] && ready(i, done) {
				next = i
				break
			}
		}
		if next < 0 {
			return nil, cycleError(list, deps, done)
		}
		done[next] = true
		out = append(out, list[next])
	}
	return out, nil
}

// cycleError names one cycle among the tables not yet placed. Each of them
// references another unplaced table (else it would have been placed), so
// following those references from any of them must come back round.
func cycleError(list []*Table, deps [][]int, done []bool) error {
	at := slices.Index(done, false)
	seen := map[int]int{} // table position -> its place in path
	var path []int
	for {
		if k, ok := seen[at]; ok {
			path = path[k:]
			break
		}
		seen[at] = len(path)
		path = append(path, at)
		for _, j := range deps[at] {
			if !done[j] {
				at = j
				break
			}
		}
	}
	names := make([]string, 0, len(path)+1)
	for _, i := range path {
		names = append(names, tableLabel(list[i]))
	}
	names = append(names, names[0])
	return errorf(ErrForeignKeyCycle, "the foreign keys of tables %s form a cycle, so none can be created first",
		strings.Join(names, " -> "))
}
