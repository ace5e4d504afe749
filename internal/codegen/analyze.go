// internal/codegen/analyze.go

// Package codegen is retort gen and retort schema: it reads the tagged
// structs of a Go package from source (go/packages, go/types), checks the
// mapping with internal/mapping, the same checks orm.Configure makes, and
// writes the typed descriptors or the DDL. No user code runs.
package codegen

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/mapping"
	"github.com/retortdb/retort/internal/naming"
)

// Package is a loaded Go package's mapped structs, checked and resolved.
type Package struct {
	Name    string // the package name
	Path    string // the import path
	Dir     string
	Structs []*Struct
	Model   *mapping.Model
	types   *types.Package
}

// Struct is a mapped struct.
type Struct struct {
	Name       string
	Descriptor string
	Table      string
	Schema     string
	Columns    []*Column
	Rels       []*Rel
	Indexes    []mapping.Index
	Checks     []string
	model      *mapping.Table
}

// Column is a column field.
type Column struct {
	Field    string // the field's name, promoted from an embedded struct or not
	GoType   types.Type
	Name     string
	Type     types.Type // the value type: pointer and sql.Null removed
	Nullable bool
	SQLType  core.Type // explicit or derived from Type
	Explicit bool      // SQLType goes in the descriptor: from type:, or an enum
	Tag      mapping.ColumnTag
	AutoInc  bool
	// Via are the embedded pointers the field is reached through,
	// outermost first: the generated Addr allocates them, and Value
	// reads the zero value when one is nil.
	Via []Embed
}

// Embed is an embedded pointer to a struct.
type Embed struct {
	Selector string     // the path to it from the mapped struct: Base, Audit.Stamp
	Type     types.Type // the struct it points to
}

// Rel is a relationship field.
type Rel struct {
	Field  string
	Target *Struct
	Tag    string // the tag text, trimmed
	model  *mapping.Relationship
}

// Load reads the package in dir and analyses its mapped structs. Mapping
// mistakes come back joined, each a *mapping.ConfigError with its file and
// line; a package that does not compile is an error too.
func Load(dir string) (*Package, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  abs,
	}
	// The previous output is read as an empty file: it may be stale and
	// no longer compile, and the structs are what is read, not it.
	gen := filepath.Join(abs, FileName)
	if old, err := os.ReadFile(gen); err == nil {
		f, err := parser.ParseFile(token.NewFileSet(), gen, old, parser.PackageClauseOnly)
		if err != nil {
			return nil, err
		}
		cfg.Overlay = map[string][]byte{gen: []byte("package " + f.Name.Name + "\n")}
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("%s: want one package, found %d", dir, len(pkgs))
	}
	p := pkgs[0]
	// Code that uses the descriptors does not compile while they are
	// missing; that is no reason to refuse to write them. Only errors
	// that leave nothing to read are.
	if p.Types == nil || len(p.Syntax) == 0 {
		var errs []error
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
		return nil, errors.Join(append(errs, fmt.Errorf("%s: no Go package to read", dir))...)
	}
	for _, e := range p.Errors {
		if e.Kind == packages.ParseError {
			return nil, e
		}
	}
	return analyse(p, abs)
}

// analyse finds the mapped structs of p and checks them.
func analyse(p *packages.Package, dir string) (*Package, error) {
	pkg := &Package{Name: p.Name, Path: p.PkgPath, Dir: dir, Model: &mapping.Model{}, types: p.Types}
	a := &analyser{pkg: pkg, fset: p.Fset, dir: dir, byName: map[string]*Struct{}}

	// The files in name order, the structs in source order: the
	// generated code and the messages follow it.
	files := slices.Clone(p.Syntax)
	slices.SortFunc(files, func(x, y *ast.File) int {
		return strings.Compare(p.Fset.File(x.Pos()).Name(), p.Fset.File(y.Pos()).Name())
	})
	type found struct {
		spec *ast.TypeSpec
		st   *types.Struct
	}
	var mapped []found
	for _, f := range files {
		if strings.HasSuffix(p.Fset.File(f.Pos()).Name(), "retort_gen.go") {
			continue
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				obj, ok := p.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok {
					continue
				}
				st, ok := obj.Type().Underlying().(*types.Struct)
				if ok && ts.TypeParams == nil && tagged(st, nil) {
					mapped = append(mapped, found{ts, st})
				}
			}
		}
	}
	// A struct that a mapped one embeds is part of that one's table
	// (a mixin, as gorm.Model is), not a table of its own.
	parts := map[*types.TypeName]bool{}
	for _, m := range mapped {
		embedded(m.st, parts, nil)
	}
	mapped = slices.DeleteFunc(mapped, func(m found) bool { return parts[p.TypesInfo.Defs[m.spec.Name].(*types.TypeName)] })
	for _, m := range mapped {
		a.byName[m.spec.Name.Name] = &Struct{Name: m.spec.Name.Name}
	}
	for _, m := range mapped {
		a.structure(a.byName[m.spec.Name.Name], m.spec, m.st)
	}
	// Resolve the model even after mistakes in fields, to report the
	// others in the same run, but not what follows from a field left
	// out: a struct that already has an error gets no more.
	failed := map[string]bool{}
	for _, e := range a.errs {
		failed[e.Struct] = true
	}
	if err := pkg.Model.Resolve(); err != nil {
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			if ce := e.(*mapping.ConfigError); !failed[ce.Struct] {
				a.errs = append(a.errs, ce)
			}
		}
	}
	if len(a.errs) == 0 {
		if err := a.cycles(); err != nil {
			return nil, err
		}
	}
	if len(a.errs) > 0 {
		slices.SortStableFunc(a.errs, func(x, y *mapping.ConfigError) int { return comparePos(x.Pos, y.Pos) })
		joined := make([]error, len(a.errs))
		for i, e := range a.errs {
			joined[i] = e
		}
		return nil, errors.Join(joined...)
	}
	return pkg, nil
}

// tagged reports whether any field of st, or of a struct it embeds, has
// a retort tag. seen holds the structs on the way.
func tagged(st *types.Struct, seen []*types.Struct) bool {
	if slices.Contains(seen, st) {
		return false
	}
	for i := range st.NumFields() {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup("retort"); ok {
			return true
		}
		if _, est, _, ok := embeddedStruct(st.Field(i).Type()); st.Field(i).Embedded() && ok && tagged(est, append(seen, st)) {
			return true
		}
	}
	return false
}

// embedded adds to parts the named structs that st embeds, at any depth.
func embedded(st *types.Struct, parts map[*types.TypeName]bool, seen []*types.Struct) {
	if slices.Contains(seen, st) {
		return
	}
	for i := range st.NumFields() {
		elem, est, _, ok := embeddedStruct(st.Field(i).Type())
		if !st.Field(i).Embedded() || !ok {
			continue
		}
		if n, isNamed := elem.(*types.Named); isNamed {
			parts[n.Obj()] = true
		}
		embedded(est, parts, append(seen, st))
	}
}

type analyser struct {
	pkg    *Package
	fset   *token.FileSet
	dir    string
	byName map[string]*Struct
	errs   []*mapping.ConfigError
}

func (a *analyser) pos(p token.Pos) string {
	pos := a.fset.Position(p)
	name := pos.Filename
	if rel, err := filepath.Rel(a.dir, name); err == nil {
		name = rel
	}
	return fmt.Sprintf("%s:%d", name, pos.Line)
}

func (a *analyser) fail(pos token.Pos, st, field, format string, args ...any) {
	a.errs = append(a.errs, &mapping.ConfigError{Pos: a.pos(pos), Struct: st, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// structure reads one mapped struct's fields into s and the model.
func (a *analyser) structure(s *Struct, spec *ast.TypeSpec, st *types.Struct) {
	mt := &mapping.Table{Struct: s.Name, Pos: a.pos(spec.Pos())}
	s.model = mt
	var tableTag mapping.TableTag
	for i := range st.NumFields() {
		f := st.Field(i)
		if tag, ok := reflect.StructTag(st.Tag(i)).Lookup("retort"); ok && f.Name() == "_" {
			t, err := mapping.ParseTableTag(tag)
			if err != nil {
				a.fail(f.Pos(), s.Name, "", "%v", err)
			}
			tableTag = t
		}
	}
	members := a.members(s, st, nil, nil)
	promoted := make([]mapping.Promoted, len(members))
	for i, m := range members {
		promoted[i] = mapping.Promoted{Name: m.v.Name(), Depth: len(m.via)}
	}
	visible, clash := mapping.Visible(promoted)
	for i, m := range members {
		f, tag, hasTag := m.v, m.tag, m.hasTag
		if j := clash[i]; j >= 0 && f.Exported() && !(members[j].inert() && m.inert()) {
			pos := m.pos // where the mapped struct embeds the second
			if len(m.via) > 0 {
				pos = m.via[0].Pos()
			}
			a.fail(pos, s.Name, m.path(), "%s and %s are both %s.%s, which Go leaves ambiguous: name one of the embedded fields, or tag one `retort:\"-\"`",
				members[j].path(), m.path(), s.Name, f.Name())
			continue
		}
		if !visible[i] || m.parent || m.skip {
			continue // shadowed, as Go does; an embedded struct, whose fields are members; or tagged -
		}
		if !f.Exported() {
			if hasTag {
				a.fail(m.pos, s.Name, m.path(), "only exported fields are mapped")
			}
			continue
		}
		if f.Embedded() {
			a.fail(m.pos, s.Name, m.path(), "an embedded %s is not mapped: only an embedded struct's fields are columns; name the field to map it as one, or tag it `retort:\"-\"`",
				types.TypeString(f.Type(), a.qualifier))
			continue
		}
		if !validType(f.Type()) {
			a.fail(m.pos, s.Name, m.path(), "its type does not compile")
			continue
		}
		if target, many, writeOnly, ok := a.relationshipTarget(f.Type()); ok {
			if len(m.via) > 0 {
				a.fail(m.pos, s.Name, m.path(), "a relationship cannot be in an embedded struct: declare %s on %s", f.Name(), s.Name)
				continue
			}
			rt, err := mapping.ParseRelTag(tag)
			if err != nil {
				a.fail(f.Pos(), s.Name, f.Name(), "%v", err)
				continue
			}
			mr := &mapping.Relationship{Struct: s.Name, Field: f.Name(), Pos: a.pos(f.Pos()), Target: target.Name, Many: many, WriteOnly: writeOnly, Tag: rt}
			s.Rels = append(s.Rels, &Rel{Field: f.Name(), Target: target, Tag: strings.TrimSpace(tag), model: mr})
			a.pkg.Model.Relationships = append(a.pkg.Model.Relationships, mr)
			continue
		}
		if name, ok := unmappedStruct(f.Type()); ok && !jsonTag(tag) {
			if len(m.via) > 0 {
				a.fail(m.pos, s.Name, m.path(), "a relationship cannot be in an embedded struct: declare %s on %s", f.Name(), s.Name)
			} else {
				a.fail(m.pos, s.Name, m.path(), "%s is not mapped: a relationship's target must be a struct of this package with retort tags (or, for a JSON document, tag the field type:json)", name)
			}
			continue
		}
		ct, err := mapping.ParseColumnTag(tag)
		if err != nil {
			a.fail(m.pos, s.Name, m.path(), "%v", err)
			continue
		}
		if ct.Skip {
			continue
		}
		c := &Column{Field: f.Name(), Name: ct.Column, Tag: ct, GoType: f.Type()}
		if c.Name == "" {
			c.Name = naming.Snake(f.Name())
		}
		if c.Via, err = a.via(m); err != nil {
			a.fail(m.pos, s.Name, m.path(), "%v", err)
			continue
		}
		c.Type, c.Nullable = valueType(f.Type())
		if ct.Type != nil {
			c.SQLType, c.Explicit = *ct.Type, true
		} else if e, ok := enumType(c.Type); ok {
			c.SQLType, c.Explicit = e, true
		} else if c.SQLType = sqlType(c.Type); c.SQLType.Kind() == core.KindUnknown {
			a.fail(m.pos, s.Name, m.path(), "no SQL type for %s: give one with type:", types.TypeString(f.Type(), a.qualifier))
			continue
		}
		if c.SQLType.Kind() == core.KindEnum && ct.Default != "" && !slices.Contains(c.SQLType.EnumValues(), ct.Default) {
			a.fail(m.pos, s.Name, m.path(), "default %q is not one of enum %s's values %q", ct.Default, c.SQLType.EnumName(), c.SQLType.EnumValues())
		}
		if ints := c.SQLType.IntEnumValues(); ints != nil && ct.Default != "" {
			// A default that is no integer is defaultLiteral's to report.
			if v, err := strconv.ParseInt(ct.Default, 10, 64); err == nil && !slices.Contains(ints, v) {
				a.fail(m.pos, s.Name, m.path(), "default %d is not one of enum %s's values %v", v, c.SQLType.EnumName(), ints)
			}
		}
		if c.Nullable && ct.PK {
			a.fail(m.pos, s.Name, m.path(), "a primary key cannot be nullable (%s)", types.TypeString(f.Type(), a.qualifier))
		}
		s.Columns = append(s.Columns, c)
		mt.Columns = append(mt.Columns, &mapping.Column{
			Field: m.path(), Pos: a.pos(m.pos), Name: c.Name, Type: types.TypeString(c.Type, a.qualifier), Nullable: c.Nullable,
			PK: ct.PK, Version: ct.Version, Deferred: ct.Deferred, SoftDelete: ct.SoftDelete,
		})
		if ct.References != nil {
			mt.FKs = append(mt.FKs, &mapping.FK{Field: m.path(), Pos: a.pos(m.pos), Columns: []string{c.Name},
				RefTable: ct.References.Table, RefColumns: []string{ct.References.Column}})
		}
		if ct.Default != "" {
			if _, err := defaultLiteral(c); err != nil {
				a.fail(m.pos, s.Name, m.path(), "%v", err)
			}
		}
	}
	s.Table = tableTag.Name
	if s.Table == "" {
		s.Table = naming.Snake(s.Name)
	}
	s.Schema, s.Indexes, s.Checks = tableTag.Schema, tableTag.Indexes, tableTag.Checks
	s.Descriptor = tableTag.Descriptor
	if s.Descriptor == "" {
		s.Descriptor = naming.Plural(s.Name)
	}
	mt.Name, mt.Indexes = s.Table, s.Indexes
	var pks []*Column
	for _, c := range s.Columns {
		if c.Tag.PK {
			pks = append(pks, c)
		}
	}
	for _, c := range s.Columns {
		integer := isInteger(c.SQLType)
		if c.Tag.AutoIncrement != nil {
			c.AutoInc = *c.Tag.AutoIncrement
		} else {
			c.AutoInc = len(pks) == 1 && pks[0] == c && integer && c.Tag.References == nil
		}
		if c.AutoInc && !integer {
			a.fail(spec.Pos(), s.Name, c.Field, "autoincrement needs an integer column, not %s", types.TypeString(c.Type, a.qualifier))
		}
	}
	a.pkg.Structs = append(a.pkg.Structs, s)
	a.pkg.Model.Tables = append(a.pkg.Model.Tables, mt)
}

// member is a field of a mapped struct: one of its own, or one that a
// struct it embeds promotes.
type member struct {
	v      *types.Var
	tag    string
	hasTag bool
	via    []*types.Var // the embedded fields it is reached through, outermost first
	// pos is where its mistakes are reported: the field, or, for a
	// field of another package's struct, the embedding in this one.
	pos    token.Pos
	parent bool // an embedded struct, whose fields are members after it
	skip   bool // an embedded field tagged "-"
}

// inert reports whether m is no column or relationship of its own, so
// that an ambiguous selector of it in Go is no mistake of the mapping.
func (m member) inert() bool { return m.parent || m.skip }

// path names m from the mapped struct: ID, Base.ID, Audit.Stamp.At.
func (m member) path() string {
	var b strings.Builder
	for _, e := range m.via {
		b.WriteString(e.Name() + ".")
	}
	return b.String() + m.v.Name()
}

// members lists the fields of st, a mapped struct or (with via, the
// embedded fields on the way) one it embeds, and after each embedded
// struct its own members: depth first, in source order, as
// mapping.Visible takes them. seen holds the structs on the way, so that
// a struct embedding a pointer to itself ends.
func (a *analyser) members(s *Struct, st *types.Struct, via []*types.Var, seen []types.Type) []member {
	var out []member
	for i := range st.NumFields() {
		f := st.Field(i)
		tag, hasTag := reflect.StructTag(st.Tag(i)).Lookup("retort")
		m := member{v: f, tag: tag, hasTag: hasTag, via: via, pos: f.Pos()}
		if len(via) > 0 && f.Pkg() != a.pkg.types {
			m.pos = via[0].Pos()
		}
		if f.Name() == "_" {
			if hasTag && len(via) > 0 {
				a.fail(m.pos, s.Name, m.path(), "a table tag in an embedded struct names no table: an embedded struct is part of %s's table", s.Name)
			}
			continue
		}
		if f.Embedded() && strings.TrimSpace(tag) == "-" {
			m.skip = true
		} else if elem, est, ptr, ok := embeddedStruct(f.Type()); f.Embedded() && ok {
			m.parent = true
			switch {
			case hasTag:
				a.fail(m.pos, s.Name, m.path(), "an embedded struct takes no tag but \"-\": its fields carry their own")
			case ptr && !f.Exported():
				a.fail(m.pos, s.Name, m.path(), "an embedded pointer must be exported: a load allocates it, and reflection (orm.Map) cannot set an unexported one; embed the struct by value")
			case slices.ContainsFunc(seen, func(t types.Type) bool { return types.Identical(t, elem) }):
				// Its fields, a level deeper, are shadowed by those already listed.
			default:
				out = append(out, m)
				out = append(out, a.members(s, est, append(slices.Clip(via), f), append(slices.Clip(seen), elem))...)
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// embeddedStruct reports whether t, the type of an embedded field, is S
// or *S (ptr) for a struct S whose fields are mapped: one that is no
// column value (time.Time, a sql.Null, a type with a Scan method), as
// orm.Map decides too.
func embeddedStruct(t types.Type) (elem types.Type, st *types.Struct, ptr, ok bool) {
	elem = t
	if p, isPtr := t.(*types.Pointer); isPtr {
		elem, ptr = p.Elem(), true
	}
	st, ok = elem.Underlying().(*types.Struct)
	_, null := valueType(elem)
	scanner := types.NewMethodSet(types.NewPointer(elem)).Lookup(nil, "Scan") != nil
	if !ok || null || scanner || sqlType(elem).Kind() != core.KindUnknown {
		return nil, nil, false, false
	}
	return elem, st, ptr, true
}

// via lists the embedded pointers that m is reached through, which the
// generated code allocates and checks for nil.
func (a *analyser) via(m member) ([]Embed, error) {
	var out []Embed
	var sel []string
	hidden := "" // an unexported field of another package on the way
	for _, e := range m.via {
		sel = append(sel, e.Name())
		if !e.Exported() && e.Pkg() != a.pkg.types && hidden == "" {
			hidden = e.Name()
		}
		if p, ok := e.Type().(*types.Pointer); ok {
			if hidden != "" {
				return nil, fmt.Errorf("the embedded pointer %s is reached through %s, which package %s does not export: generated code cannot allocate it",
					strings.Join(sel, "."), hidden, e.Pkg().Name())
			}
			out = append(out, Embed{Selector: strings.Join(sel, "."), Type: p.Elem()})
		}
	}
	return out, nil
}

// validType reports whether t was type-checked without error.
func validType(t types.Type) bool {
	for {
		switch u := t.(type) {
		case *types.Basic:
			return u.Kind() != types.Invalid
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		default:
			return true
		}
	}
}

// unmappedStruct reports whether t is *S or []*S for a struct S that is
// no column value (time.Time is one): a relationship to a struct that is
// not mapped.
// jsonTag reports whether a field's tag makes it a JSON column, which a
// *S of an unmapped struct S may then be: a nullable document.
func jsonTag(tag string) bool {
	ct, err := mapping.ParseColumnTag(tag)
	return err == nil && ct.Type != nil && ct.Type.Kind() == core.KindJSON
}

func unmappedStruct(t types.Type) (string, bool) {
	if sl, ok := t.(*types.Slice); ok {
		t = sl.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == ormPath && n.Obj().Name() == "WriteOnly" && n.TypeArgs().Len() == 1 {
		t = types.NewPointer(n.TypeArgs().At(0))
	}
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return "", false
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || sqlType(named).Kind() != core.KindUnknown {
		return "", false
	}
	if _, isStruct := named.Underlying().(*types.Struct); !isStruct {
		return "", false
	}
	return named.Obj().Name(), true
}

// relationshipTarget reports whether t is *S, []*S or orm.WriteOnly[S]
// (a write-only collection) for a mapped struct S of the package.
func (a *analyser) relationshipTarget(t types.Type) (target *Struct, many, writeOnly, ok bool) {
	var elem types.Type
	switch t := t.(type) {
	case *types.Slice:
		many = true
		if ptr, ok := t.Elem().(*types.Pointer); ok {
			elem = ptr.Elem()
		}
	case *types.Pointer:
		elem = t.Elem()
	case *types.Named:
		if obj := t.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == ormPath && obj.Name() == "WriteOnly" && t.TypeArgs().Len() == 1 {
			many, writeOnly, elem = true, true, t.TypeArgs().At(0)
		}
	}
	named, ok := elem.(*types.Named)
	if !ok || named.Obj().Pkg() != a.pkg.types {
		return nil, false, false, false
	}
	s := a.byName[named.Obj().Name()]
	return s, many, writeOnly, s != nil
}

// ormPath is the import path of package orm, whose WriteOnly makes a
// write-only collection.
const ormPath = "github.com/retortdb/retort/orm"

func (a *analyser) qualifier(p *types.Package) string {
	if p == a.pkg.types {
		return ""
	}
	return p.Name()
}

// cycles refuses foreign keys that form a cycle between tables: no order
// creates each table after those it references, and core has no ALTER
// TABLE to add a key afterwards.
func (a *analyser) cycles() error {
	tables, err := a.pkg.CoreTables()
	if err != nil {
		return err
	}
	if _, err := core.SortTables(tables); err != nil {
		a.errs = append(a.errs, &mapping.ConfigError{Pos: a.pkg.Structs[0].model.Pos, Struct: a.pkg.Structs[0].Name,
			Msg: strings.TrimPrefix(err.Error(), "retort: ")})
	}
	return nil
}

// valueType removes one pointer, or database/sql's Null, from t, and
// reports whether it did: the column is then nullable.
func valueType(t types.Type) (types.Type, bool) {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem(), true
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "database/sql" &&
		n.Obj().Name() == "Null" && n.TypeArgs().Len() == 1 {
		return n.TypeArgs().At(0), true
	}
	if isNamed(t, decimalPath, "NullDecimal") {
		if s, ok := t.Underlying().(*types.Struct); ok && s.NumFields() == 2 && s.Field(0).Name() == "Decimal" {
			return s.Field(0).Type(), true
		}
	}
	return t, false
}

// decimalPath is the package of the decimal type Retort maps to NUMERIC.
const decimalPath = "github.com/shopspring/decimal"

// isNamed reports whether t is the named type pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// enumType returns the enum of t, a named string type with typed
// constants in its package: the constants' values, in source order, named
// as the type in snake_case (see core.Enum); or of a named integer type
// whose constants make one (see intEnumType). Other types have none.
func enumType(t types.Type) (core.Type, bool) {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return core.Type{}, false
	}
	b, ok := n.Underlying().(*types.Basic)
	if ok && b.Info()&types.IsInteger != 0 {
		return intEnumType(n)
	}
	if !ok || b.Kind() != types.String {
		return core.Type{}, false
	}
	consts := typedConsts(n)
	if len(consts) == 0 {
		return core.Type{}, false
	}
	values := make([]string, 0, len(consts))
	for _, c := range consts {
		if v := constant.StringVal(c.Val()); !slices.Contains(values, v) {
			values = append(values, v) // two names of one value are one value
		}
	}
	return core.Enum(naming.Snake(n.Obj().Name()), values...), true
}

// intEnumType returns the core.IntEnum of n, a named integer type, if its
// typed constants are at least two distinct values that run without a gap,
// as iota declares an enumeration: their values in source order, in the
// integer type of n's width, named as the type in snake_case. Integer
// types have constants for other ends, where a CHECK of them would refuse
// the values the type is for: units (time.Duration), flags (1 << iota),
// levels spaced apart (slog.Level) and lone sentinels (Unlimited = -1)
// are none of them runs.
func intEnumType(n *types.Named) (core.Type, bool) {
	var values []int64
	for _, c := range typedConsts(n) {
		v, exact := constant.Int64Val(c.Val())
		if !exact {
			return core.Type{}, false // a uint64 past BIGINT's range
		}
		if !slices.Contains(values, v) {
			values = append(values, v) // two names of one value are one value
		}
	}
	if len(values) < 2 || slices.Max(values)-slices.Min(values) != int64(len(values)-1) {
		return core.Type{}, false
	}
	name := naming.Snake(n.Obj().Name())
	// core.IntEnum takes its width from its type argument: one of the
	// width sqlType gives n.
	switch sqlType(n).Kind() {
	case core.KindSmallInt:
		return core.IntEnum(name, convert[int16](values)...), true
	case core.KindInteger:
		return core.IntEnum(name, convert[int32](values)...), true
	}
	return core.IntEnum(name, values...), true
}

// convert returns values as Ts, which hold each of them.
func convert[T int16 | int32](values []int64) []T {
	out := make([]T, len(values))
	for i, v := range values {
		out[i] = T(v)
	}
	return out
}

// typedConsts returns the constants of n's package whose type is n, in
// source order; names (already sorted) break ties where positions are
// unknown.
func typedConsts(n *types.Named) []*types.Const {
	scope := n.Obj().Pkg().Scope()
	var consts []*types.Const
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), n) {
			consts = append(consts, c)
		}
	}
	slices.SortStableFunc(consts, func(x, y *types.Const) int { return cmp.Compare(x.Pos(), y.Pos()) })
	return consts
}

// sqlType follows core.TypeOf's rules on a type's underlying type.
func sqlType(t types.Type) core.Type {
	if isNamed(t, "time", "Time") {
		return core.TimestampTZ
	}
	if isNamed(t, decimalPath, "Decimal") || isNamed(t, decimalPath, "NullDecimal") {
		return core.Numeric(0, 0) // as core.TypeOf
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool:
			return core.Boolean
		case types.Int8, types.Int16, types.Uint8:
			return core.SmallInt
		case types.Int32, types.Uint16:
			return core.Integer
		case types.Int, types.Int64, types.Uint32, types.Uint, types.Uint64:
			return core.BigInt
		case types.Float32:
			return core.Real
		case types.Float64:
			return core.Double
		case types.String:
			return core.Text
		}
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
			return core.Bytes
		}
		if elem := sqlType(u.Elem()); elem.Kind() != core.KindUnknown && elem.Kind() != core.KindArray && elem.Kind() != core.KindJSON {
			return core.Array(elem) // as core.TypeOf
		}
	case *types.Map:
		return core.JSON // a document, as core.TypeOf
	case *types.Array:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 && u.Len() == 16 {
			return core.UUID // google/uuid's UUID and any [16]byte, as core.TypeOf
		}
	}
	return core.Type{}
}

func isInteger(t core.Type) bool {
	switch t.Kind() {
	case core.KindSmallInt, core.KindInteger, core.KindBigInt:
		return true
	}
	return false
}

// comparePos orders "file.go:12" positions by file, then line.
func comparePos(x, y string) int {
	fx, lx, _ := strings.Cut(x, ":")
	fy, ly, _ := strings.Cut(y, ":")
	if c := strings.Compare(fx, fy); c != 0 {
		return c
	}
	if c := len(lx) - len(ly); c != 0 {
		return c
	}
	return strings.Compare(lx, ly)
}
