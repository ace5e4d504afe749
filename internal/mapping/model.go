// internal/mapping/model.go

// Package mapping checks a mapping of Go structs onto tables and works out
// its relationships, for package orm (from registered mappings, at
// configuration) and for the retort gen command (from tagged source, with
// file and line). Both describe what they have as a Model of plain names;
// Resolve finds every mistake and the columns each relationship joins on,
// so that the generator and the runtime accept and refuse the same
// mappings, with the same messages.
package mapping

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ConfigError is a mistake in a mapping. It names the struct, the field
// when there is one, and, from the generator, the file and line.
type ConfigError struct {
	Pos    string // "models.go:12", when known
	Struct string
	Field  string // empty for a mistake of the whole struct
	Msg    string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	if e.Pos != "" {
		b.WriteString(e.Pos + ": ")
	}
	b.WriteString(e.Struct)
	if e.Field != "" {
		b.WriteString("." + e.Field)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Model is a set of mapped structs.
type Model struct {
	Tables        []*Table
	Relationships []*Relationship
}

// Table is a struct mapped onto a table.
type Table struct {
	Struct  string // the Go struct's name
	Pos     string
	Name    string
	Columns []*Column
	FKs     []*FK
	// Indexes are the composite indexes and unique constraints, whose
	// columns must exist.
	Indexes []Index
	// Shared: the struct is a subtype that maps the table of the type
	// it embeds (single-table inheritance), which that type's Table
	// describes for references to it.
	Shared bool
}

// Column is a mapped column.
type Column struct {
	Field string // the Go field; empty for a column no field maps
	Pos   string
	Name  string
	// Type identifies the column's Go value type, pointers and nullable
	// wrappers removed ("int64", "time.Time"): a foreign key and the key
	// it references must have the same.
	Type       string
	Nullable   bool // a pointer or sql.Null field
	PK         bool
	Version    bool
	Deferred   bool
	SoftDelete bool
}

// FK is a foreign key of a table.
type FK struct {
	Field      string // the field whose tag declares it, for messages
	Pos        string
	Columns    []string
	RefTable   string
	RefColumns []string
}

// Kind is the kind of a relationship.
type Kind uint8

// The relationship kinds.
const (
	ManyToOne Kind = iota + 1
	OneToMany
	OneToOne
	ManyToMany
)

func (k Kind) String() string {
	return [...]string{"", "many-to-one", "one-to-many", "one-to-one", "many-to-many"}[k]
}

// Relationship is a relationship field: declared by its struct, its field
// and its tag, and resolved by Model.Resolve.
type Relationship struct {
	Struct string // the parent struct
	Field  string
	Pos    string
	Target string // the target struct
	Many   bool   // a slice field: a collection
	// WriteOnly: an orm.WriteOnly[T] field, a collection never loaded
	// (Many too).
	WriteOnly bool
	Tag       RelTag

	// Resolved by Resolve:
	Kind Kind
	// Local are columns of the parent's table, Remote the columns they
	// join: of the target's table, or for a many-to-many of the
	// secondary table, whose SecondaryRemote columns join the target's
	// TargetColumns.
	Local, Remote                  []string
	SecondaryRemote, TargetColumns []string
}

// Resolve checks the model and resolves its relationships. It returns
// every mistake it finds, joined, in the order of the model's structs.
func (m *Model) Resolve() error {
	var errs []*ConfigError
	fail := func(pos, st, field, format string, args ...any) {
		errs = append(errs, &ConfigError{Pos: pos, Struct: st, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	byName := map[string]*Table{}
	byStruct := map[string]*Table{}
	for _, t := range m.Tables {
		byStruct[t.Struct] = t
		if t.Shared {
			continue
		}
		if prev := byName[t.Name]; prev != nil {
			fail(t.Pos, t.Struct, "", "table %q is mapped by %s too", t.Name, prev.Struct)
		}
		byName[t.Name] = t
	}
	for _, t := range m.Tables {
		m.checkTable(t, byName, fail)
	}
	for _, r := range m.Relationships {
		parent, target := byStruct[r.Struct], byStruct[r.Target]
		if target == nil {
			fail(r.Pos, r.Struct, r.Field, "%s is not mapped: a relationship's target must be a mapped struct", r.Target)
			continue
		}
		if parent == nil {
			continue // reported with the struct
		}
		if err := resolve(r, parent, target, byName); err != "" {
			fail(r.Pos, r.Struct, r.Field, "%s", err)
		}
		if r.WriteOnly && r.Tag.Lazy != "" {
			fail(r.Pos, r.Struct, r.Field, "lazy:%s on a write-only collection, which nothing loads: query it with Select", r.Tag.Lazy)
		}
	}
	for _, r := range m.Relationships {
		if r.Tag.Back != "" && r.Kind != 0 {
			if msg := m.checkBack(r); msg != "" {
				fail(r.Pos, r.Struct, r.Field, "%s", msg)
			}
		}
	}
	order := map[string]int{}
	for i, t := range m.Tables {
		order[t.Struct] = i
	}
	slices.SortStableFunc(errs, func(a, b *ConfigError) int { return cmp.Compare(order[a.Struct], order[b.Struct]) })
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}

func (m *Model) checkTable(t *Table, byName map[string]*Table, fail func(pos, st, field, format string, args ...any)) {
	cols := map[string]*Column{}
	pk, versions := 0, 0
	var softDelete *Column
	for _, c := range t.Columns {
		if prev := cols[c.Name]; prev != nil {
			fail(c.Pos, t.Struct, c.Field, "column %q is mapped by %s too", c.Name, prev.Field)
		}
		cols[c.Name] = c
		if c.PK {
			pk++
			if c.Deferred {
				fail(c.Pos, t.Struct, c.Field, "a primary key column cannot be deferred")
			}
		}
		if c.SoftDelete {
			switch {
			case c.PK:
				fail(c.Pos, t.Struct, c.Field, "a primary key column cannot be soft_delete")
			case c.Type == "time.Time" && !c.Nullable:
				fail(c.Pos, t.Struct, c.Field, "a soft_delete time must be nullable (a *time.Time or sql.Null[time.Time]): NULL marks a row not deleted")
			case c.Type == "bool" && c.Nullable:
				fail(c.Pos, t.Struct, c.Field, "a soft_delete bool cannot be nullable: false marks a row not deleted (or use a *time.Time, NULL until deleted)")
			case c.Type != "time.Time" && c.Type != "bool":
				fail(c.Pos, t.Struct, c.Field, "a soft_delete column must be a nullable time (*time.Time) or a bool, not %s", c.Type)
			case softDelete != nil:
				fail(c.Pos, t.Struct, c.Field, "a second soft_delete column: %s is one already", softDelete.Field)
			}
			if softDelete == nil {
				softDelete = c
			}
		}
		if c.Version {
			versions++
			if !strings.HasPrefix(c.Type, "int") && !strings.HasPrefix(c.Type, "uint") {
				fail(c.Pos, t.Struct, c.Field, "a version column must be an integer, not %s", c.Type)
			}
		}
	}
	if pk == 0 {
		fail(t.Pos, t.Struct, "", "no primary key: tag the key field (or fields) `retort:\"pk\"`")
	}
	if versions > 1 {
		fail(t.Pos, t.Struct, "", "more than one version column")
	}
	for _, ix := range t.Indexes {
		for _, c := range ix.Columns {
			if cols[c] == nil {
				fail(t.Pos, t.Struct, "", "index (%s) names unknown column %q%s", strings.Join(ix.Columns, ", "), c, known(t))
			}
		}
	}
	for _, fk := range t.FKs {
		ref := byName[fk.RefTable]
		if ref == nil {
			fail(fk.Pos, t.Struct, fk.Field, "references unknown table %q", fk.RefTable)
			continue
		}
		for i, name := range fk.RefColumns {
			rc := ref.column(name)
			if rc == nil {
				fail(fk.Pos, t.Struct, fk.Field, "references unknown column %s.%s%s", ref.Name, name, known(ref))
				continue
			}
			if c := cols[fk.Columns[i]]; c != nil && c.Type != rc.Type {
				fail(fk.Pos, t.Struct, fk.Field, "foreign key %s is %s but %s.%s, which it references, is %s",
					c.Name, c.Type, ref.Name, rc.Name, rc.Type)
			}
		}
	}
}

func (t *Table) column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func known(t *Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return fmt.Sprintf(" (%s has %s)", t.Name, strings.Join(names, ", "))
}

// resolve works out r's kind and join columns, or returns what is wrong.
func resolve(r *Relationship, parent, target *Table, byName map[string]*Table) string {
	for _, o := range r.Tag.OrderBy {
		if target.column(o.Column) == nil {
			return fmt.Sprintf("order_by names unknown column %q%s", o.Column, known(target))
		}
	}
	if r.Tag.Secondary != "" {
		return resolveSecondary(r, parent, target, byName)
	}
	// A foreign key from the parent's table to the target's makes a
	// many-to-one; one from the target's to the parent's a one-to-many,
	// or a one-to-one for a single-object field. In a self-referential
	// table every key is both: the field's shape decides.
	var candidates []*FK
	var kinds []Kind
	self := parent == target
	if !r.Many {
		for _, fk := range parent.FKs {
			if fk.RefTable == target.Name {
				candidates, kinds = append(candidates, fk), append(kinds, ManyToOne)
			}
		}
	}
	if r.Many || !self {
		for _, fk := range target.FKs {
			if fk.RefTable == parent.Name {
				k := OneToOne
				if r.Many {
					k = OneToMany
				}
				candidates, kinds = append(candidates, fk), append(kinds, k)
			}
		}
	}
	if len(r.Tag.FK) > 0 {
		var cs []*FK
		var ks []Kind
		for i, fk := range candidates {
			if slices.Equal(fk.Columns, r.Tag.FK) {
				cs, ks = append(cs, fk), append(ks, kinds[i])
			}
		}
		if len(cs) == 0 {
			return fmt.Sprintf("fk:%s is not a foreign key between %s and %s%s",
				strings.Join(r.Tag.FK, ", "), parent.Name, target.Name, listFKs(candidates))
		}
		candidates, kinds = cs, ks
	}
	switch len(candidates) {
	case 0:
		if r.Many && !self && hasFK(parent, target.Name) {
			return fmt.Sprintf("a slice needs a foreign key from %s to %s; %s's key to %s makes this a many-to-one: use *%s",
				target.Name, parent.Name, parent.Name, target.Name, r.Target)
		}
		return fmt.Sprintf("no foreign key links %s and %s: declare one with references:table.column on a column", parent.Name, target.Name)
	case 1:
	default:
		return fmt.Sprintf("%d foreign keys link %s and %s%s: choose one with fk:", len(candidates), parent.Name, target.Name, listFKs(candidates))
	}
	fk, kind := candidates[0], kinds[0]
	r.Kind = kind
	if kind == ManyToOne {
		r.Local, r.Remote = fk.Columns, fk.RefColumns
	} else {
		r.Local, r.Remote = fk.RefColumns, fk.Columns
	}
	return ""
}

func resolveSecondary(r *Relationship, parent, target *Table, byName map[string]*Table) string {
	sec := byName[r.Tag.Secondary]
	if sec == nil {
		return fmt.Sprintf("secondary:%s is not a mapped table", r.Tag.Secondary)
	}
	if !r.Many {
		return fmt.Sprintf("a many-to-many through %s needs a slice field, []*%s", sec.Name, r.Target)
	}
	var toParent, toTarget []*FK
	for _, fk := range sec.FKs {
		if fk.RefTable == parent.Name && (len(r.Tag.FK) == 0 || slices.Equal(fk.Columns, r.Tag.FK)) {
			toParent = append(toParent, fk)
		}
		if fk.RefTable == target.Name {
			toTarget = append(toTarget, fk)
		}
	}
	if parent == target && len(toParent) == 1 {
		// Self-referential: the key toward the parent is the one
		// chosen with fk:, and the other goes to the target.
		toTarget = slices.DeleteFunc(toTarget, func(fk *FK) bool { return fk == toParent[0] })
	}
	switch {
	case len(toParent) == 0:
		return fmt.Sprintf("no foreign key of %s references %s", sec.Name, parent.Name)
	case len(toParent) > 1:
		return fmt.Sprintf("%d foreign keys of %s reference %s%s: choose the parent's with fk:", len(toParent), sec.Name, parent.Name, listFKs(toParent))
	case len(toTarget) == 0:
		return fmt.Sprintf("no foreign key of %s references %s", sec.Name, target.Name)
	case len(toTarget) > 1:
		return fmt.Sprintf("%d foreign keys of %s reference %s%s", len(toTarget), sec.Name, target.Name, listFKs(toTarget))
	}
	r.Kind = ManyToMany
	r.Local, r.Remote = toParent[0].RefColumns, toParent[0].Columns
	r.SecondaryRemote, r.TargetColumns = toTarget[0].Columns, toTarget[0].RefColumns
	return ""
}

func hasFK(t *Table, ref string) bool {
	return slices.ContainsFunc(t.FKs, func(fk *FK) bool { return fk.RefTable == ref })
}

func listFKs(fks []*FK) string {
	if len(fks) == 0 {
		return ""
	}
	parts := make([]string, len(fks))
	for i, fk := range fks {
		parts[i] = "(" + strings.Join(fk.Columns, ", ") + ")"
	}
	return ": " + strings.Join(parts, ", ")
}

// checkBack checks that r's back: names a relationship of the target that
// points back at r's struct over the same columns.
func (m *Model) checkBack(r *Relationship) string {
	for _, b := range m.Relationships {
		if b.Struct != r.Target || b.Field != r.Tag.Back {
			continue
		}
		if b.Target != r.Struct {
			return fmt.Sprintf("back:%s: %s.%s points at %s, not %s", r.Tag.Back, r.Target, b.Field, b.Target, r.Struct)
		}
		if b.Kind != 0 && !(slices.Equal(b.Local, r.Remote) && slices.Equal(b.Remote, r.Local) ||
			r.Kind == ManyToMany && slices.Equal(b.Local, r.TargetColumns) && slices.Equal(b.Remote, r.SecondaryRemote)) {
			return fmt.Sprintf("back:%s: %s.%s joins on other columns", r.Tag.Back, r.Target, b.Field)
		}
		return ""
	}
	return fmt.Sprintf("back:%s: %s has no relationship %s", r.Tag.Back, r.Target, r.Tag.Back)
}
