package introspect

import (
	"bytes"
	"fmt"
	"go/format"
	"slices"
	"strings"

	"github.com/retortdb/retort/internal/naming"
)

// Options say how Write writes the package.
type Options struct {
	// Package is the package's name.
	Package string
	// Generate is the go:generate command that writes the descriptors;
	// by default "go tool retort gen".
	Generate string
}

// model is the Go side of a schema: a struct per table.
type model struct {
	structs []*goStruct
	enums   []*goEnum
	byTable map[string]*goStruct
	enumOf  map[*Enum]*goEnum
	time    bool
	decimal bool // a field is a shopspring decimal.Decimal
}

type goStruct struct {
	notes  []string // comment lines before the fields
	name   string
	table  *Table
	assoc  bool     // an association table: two foreign keys that are the whole primary key and all its columns
	tags   []string // the table's options
	fields []*field
}

type field struct {
	name, typ string
	tags      []string
	kind      int // column, toOne or toMany: the order of the struct's fields
}

// The kinds of fields, in the order a struct lists them.
const (
	column = iota
	toOne  // a many-to-one
	toMany // the other side of a foreign key, or a many-to-many
)

type goEnum struct {
	name   string
	enum   *Enum
	consts []string
}

// Write returns the source of models.go: a tagged struct per table of s,
// named after the table in the singular (departments → Department), its
// columns as fields (artist_id → ArtistID; a nullable column a pointer),
// and relationships from the foreign keys: a many-to-one *Parent on the
// child and a []*Child on the parent (a *Child when the key is unique),
// paired with back:, and a many-to-many through each association table.
func Write(s *Schema, opts Options) ([]byte, error) {
	if opts.Generate == "" {
		opts.Generate = "go tool retort gen"
	}
	m := &model{byTable: map[string]*goStruct{}, enumOf: map[*Enum]*goEnum{}}
	taken := map[string]bool{}
	unique := func(name string) string {
		for base, i := name, 2; taken[name]; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		taken[name] = true
		return name
	}
	for _, e := range s.Enums {
		ge := &goEnum{name: unique(naming.Camel(e.Name)), enum: e}
		for _, v := range e.Values {
			ge.consts = append(ge.consts, unique(ge.name+naming.Camel(v)))
		}
		m.enums = append(m.enums, ge)
		m.enumOf[e] = ge
	}
	for _, t := range s.Tables {
		st := &goStruct{name: unique(naming.Camel(naming.Singular(t.Name))), table: t, assoc: association(s, t)}
		m.structs = append(m.structs, st)
		m.byTable[t.Name] = st
	}
	for _, st := range m.structs {
		if err := m.columns(st); err != nil {
			return nil, err
		}
	}
	m.relationships()
	return m.source(opts)
}

// association reports whether t is the association table of a
// many-to-many: two foreign keys to two other tables of the schema, whose
// columns are the whole primary key and all of t's columns.
func association(s *Schema, t *Table) bool {
	if len(t.FKs) != 2 || t.FKs[0].RefTable == t.FKs[1].RefTable {
		return false
	}
	var cols []string
	for _, fk := range t.FKs {
		if s.table(fk.RefTable) == nil || fk.RefTable == t.Name || len(fk.Columns) > 1 {
			return false
		}
		cols = append(cols, fk.Columns...)
	}
	slices.Sort(cols)
	pk := slices.Sorted(slices.Values(t.PK))
	return slices.Equal(cols, pk) && len(cols) == len(t.Columns)
}

// goTypes are the Go types of a type: tag's words, and whether the tag
// must say it (the Go type's own SQL type is another).
var goTypes = map[string]struct {
	typ string
	tag bool
}{
	"bigint": {"int64", false}, "integer": {"int32", false}, "smallint": {"int16", false},
	"boolean": {"bool", false}, "real": {"float32", false}, "double": {"float64", false},
	"numeric": {"decimal.Decimal", false}, "text": {"string", false}, "varchar": {"string", true},
	"bytes": {"[]byte", false}, "date": {"time.Time", true}, "timestamp": {"time.Time", true},
	"timestamptz": {"time.Time", false}, "json": {"map[string]any", false}, "uuid": {"[16]byte", false},
}

func (m *model) columns(st *goStruct) error {
	t := st.table
	if naming.Snake(st.name) != t.Name {
		st.tags = append(st.tags, "table:"+t.Name)
	}
	for _, u := range t.Uniques {
		if len(u) > 1 {
			st.tags = append(st.tags, "unique:("+strings.Join(u, ", ")+")")
		}
	}
	for _, ix := range t.Indexes {
		if len(ix) > 1 {
			st.tags = append(st.tags, "index:("+strings.Join(ix, ", ")+")")
		}
	}
	for _, ck := range t.Checks {
		// A tag cannot hold a semicolon (it separates options) or a
		// backquote (it ends the tag).
		if !strings.ContainsAny(ck, ";`") {
			st.tags = append(st.tags, "check:"+ck)
		} else {
			st.notes = append(st.notes, "CHECK ("+ck+"), which a tag cannot hold")
		}
	}
	for _, ix := range t.Unwritten {
		st.notes = append(st.notes, ix+", which tags cannot declare")
	}
	for _, fk := range t.FKs {
		if m.byTable[fk.RefTable] == nil {
			st.notes = append(st.notes, fmt.Sprintf("(%s) references %s (%s), a table left out",
				strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", ")))
		} else if len(fk.Columns) > 1 {
			st.notes = append(st.notes, fmt.Sprintf("(%s) references %s (%s): a composite foreign key, which tags cannot declare",
				strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", ")))
		}
	}
	for _, c := range t.Columns {
		f := &field{name: naming.Camel(c.Name)}
		if naming.Snake(f.name) != c.Name {
			f.tags = append(f.tags, "column:"+c.Name)
		}
		if slices.Contains(t.PK, c.Name) {
			f.tags = append(f.tags, "pk")
		}
		if c.Enum != nil {
			f.typ = m.enumOf[c.Enum].name
		} else {
			// An array (text[], numeric(8, 2)[]) is a slice of its
			// element's Go type, tagged when the element would be.
			elem, array := strings.CutSuffix(c.Type, "[]")
			base, _, _ := strings.Cut(elem, "(")
			gt, ok := goTypes[base]
			if !ok {
				return fmt.Errorf("introspect: %s.%s: no Go type maps %s", t.Name, c.Name, c.Type)
			}
			f.typ = gt.typ
			if array {
				f.typ = "[]" + f.typ
			}
			if gt.tag || elem != base { // numeric(10, 2), varchar(5)[]
				f.tags = append(f.tags, "type:"+c.Type)
			}
			m.time = m.time || gt.typ == "time.Time"
			m.decimal = m.decimal || gt.typ == "decimal.Decimal"
			if len(t.PK) == 1 && t.PK[0] == c.Name && !array && (base == "bigint" || base == "integer" || base == "smallint") && !c.AutoInc {
				f.tags = append(f.tags, "autoincrement:false")
			}
		}
		if c.Nullable {
			f.typ = "*" + f.typ
		}
		if c.Default != "" && !c.AutoInc && !strings.ContainsAny(c.Default, ";`") {
			f.tags = append(f.tags, "server_default:"+c.Default)
		}
		for _, fk := range t.FKs {
			if i := slices.Index(fk.Columns, c.Name); i >= 0 && len(fk.Columns) == 1 && m.byTable[fk.RefTable] != nil {
				f.tags = append(f.tags, "references:"+fk.RefTable+"."+fk.RefColumns[i])
				if fk.OnDelete != "" {
					f.tags = append(f.tags, "ondelete:"+fk.OnDelete)
				}
			}
		}
		if slices.ContainsFunc(t.Uniques, func(u []string) bool { return len(u) == 1 && u[0] == c.Name }) {
			f.tags = append(f.tags, "unique")
		}
		if slices.ContainsFunc(t.Indexes, func(ix []string) bool { return len(ix) == 1 && ix[0] == c.Name }) {
			f.tags = append(f.tags, "index")
		}
		st.fields = append(st.fields, f)
	}
	return nil
}

// relationships adds the relationship fields of every foreign key, child
// side first, in table order, so that names are stable.
func (m *model) relationships() {
	for _, child := range m.structs {
		if child.assoc {
			continue
		}
		for _, fk := range child.table.FKs {
			parent := m.byTable[fk.RefTable]
			if parent == nil || len(fk.Columns) > 1 {
				continue
			}
			self := parent == child
			several := 0
			for _, other := range child.table.FKs {
				if other.RefTable == fk.RefTable {
					several++
				}
			}
			// The many-to-one: artist_id → Artist, parent_id → Parent;
			// a key not named *_id is named after its table, or Parent
			// when the table refers to itself.
			name := parent.name
			if col, ok := strings.CutSuffix(fk.Columns[0], "_id"); ok {
				name = naming.Camel(col)
			} else if self {
				name = "Parent"
			}
			name = child.fieldName(name)
			one := &field{name: name, typ: "*" + parent.name, kind: toOne}
			// The other side: the children, or the one child when the
			// key is unique.
			oneToOne := !self && isUnique(child.table, fk.Columns)
			other := naming.Plural(child.name)
			switch {
			case self:
				other = "Children"
			case oneToOne:
				other = child.name
			}
			if several > 1 {
				other = name + other
			}
			other = parent.fieldName(other)
			typ := "[]*" + child.name
			if oneToOne {
				typ = "*" + child.name
			}
			many := &field{name: other, typ: typ, kind: toMany}
			if several > 1 {
				fkTag := "fk:" + strings.Join(fk.Columns, ", ")
				one.tags = append(one.tags, fkTag)
				many.tags = append(many.tags, fkTag)
			}
			one.tags = append(one.tags, "back:"+many.name)
			many.tags = append(many.tags, "back:"+one.name)
			child.fields = append(child.fields, one)
			parent.fields = append(parent.fields, many)
		}
	}
	for _, a := range m.structs {
		if !a.assoc {
			continue
		}
		left, right := m.byTable[a.table.FKs[0].RefTable], m.byTable[a.table.FKs[1].RefTable]
		ln := left.fieldName(naming.Plural(right.name))
		lf := &field{name: ln, typ: "[]*" + right.name, kind: toMany}
		left.fields = append(left.fields, lf)
		rn := right.fieldName(naming.Plural(left.name))
		rf := &field{name: rn, typ: "[]*" + left.name, kind: toMany}
		right.fields = append(right.fields, rf)
		lf.tags = []string{"secondary:" + a.table.Name, "back:" + rn}
		rf.tags = []string{"secondary:" + a.table.Name, "back:" + ln}
	}
}

// fieldName returns name, or name with a number when the struct has a
// field of that name already.
func (st *goStruct) fieldName(name string) string {
	has := func(n string) bool {
		return slices.ContainsFunc(st.fields, func(f *field) bool { return f.name == n })
	}
	for base, i := name, 2; has(name); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// isUnique reports whether cols are the primary key or a unique
// constraint of t.
func isUnique(t *Table, cols []string) bool {
	same := func(u []string) bool {
		return slices.Equal(slices.Sorted(slices.Values(u)), slices.Sorted(slices.Values(cols)))
	}
	return same(t.PK) || slices.ContainsFunc(t.Uniques, same)
}

func (m *model) source(opts Options) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Package %s maps the tables of a database. retort gen -from-db wrote\n", opts.Package)
	fmt.Fprintf(&b, "// this file from the database's schema; it is the package's source now,\n")
	fmt.Fprintf(&b, "// to edit as any other.\npackage %s\n\n", opts.Package)
	switch {
	case m.time && m.decimal:
		b.WriteString("import (\n\t\"time\"\n\n\t\"github.com/shopspring/decimal\"\n)\n\n")
	case m.time:
		b.WriteString("import \"time\"\n\n")
	case m.decimal:
		b.WriteString("import \"github.com/shopspring/decimal\"\n\n")
	}
	fmt.Fprintf(&b, "//go:generate %s\n", opts.Generate)
	for _, e := range m.enums {
		fmt.Fprintf(&b, "\n// %s is the enum type %s.\ntype %s string\n\n", e.name, e.enum.Name, e.name)
		fmt.Fprintf(&b, "// The values of %s, in the enum's order.\nconst (\n", e.name)
		for i, v := range e.enum.Values {
			fmt.Fprintf(&b, "\t%s %s = %q\n", e.consts[i], e.name, v)
		}
		b.WriteString(")\n")
	}
	for _, st := range m.structs {
		what := "the table " + st.table.Name
		if st.assoc {
			what = "the association table " + st.table.Name
		}
		fmt.Fprintf(&b, "\n// %s maps %s.\ntype %s struct {\n", st.name, what, st.name)
		for _, n := range st.notes {
			fmt.Fprintf(&b, "\t// %s.\n", n)
		}
		if len(st.tags) > 0 {
			fmt.Fprintf(&b, "\t_ struct{} `retort:%q`\n", strings.Join(st.tags, "; "))
		}
		fields := slices.SortedStableFunc(slices.Values(st.fields), func(a, b *field) int { return a.kind - b.kind })
		for _, f := range fields {
			if len(f.tags) == 0 {
				fmt.Fprintf(&b, "\t%s %s\n", f.name, f.typ)
				continue
			}
			fmt.Fprintf(&b, "\t%s %s `retort:%q`\n", f.name, f.typ, strings.Join(f.tags, "; "))
		}
		b.WriteString("}\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("introspect: formatting models.go: %w\n%s", err, b.Bytes())
	}
	return src, nil
}
