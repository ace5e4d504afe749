// core/enum.go

package core

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// enumDef is an enumerated type's definition: an Enum's values, or an
// IntEnum's ints.
type enumDef struct {
	name   string
	values []string
	ints   []int64
	err    error // what is wrong with the definition, reported where it is used
}

// Enum is an enumerated type named name, whose values are values, in
// their order: a column of it holds one of them, and a value outside them
// is refused before it is sent (Compile fails with ErrInvalidStatement
// naming the column, the value and the type's values). Each database
// keeps it as it can:
//
//   - PostgreSQL: a type of its own, CREATE TYPE name AS ENUM (values...),
//     which orm.CreateAll creates before the tables that use it (and
//     orm.DropAll drops after them). Its values sort in their order here.
//   - MySQL and MariaDB: an ENUM(values...) column, sorting likewise.
//   - SQLite: a TEXT column with CHECK (column IN (values...)), sorting as
//     text.
//
// retort gen makes one for a field of a named string type with typed
// constants: the constants, in source order, are the values, and the
// type's name in snake_case the enum's (type OrderStatus string gives
// order_status). A tag type: other than an enum's keeps the column plain.
func Enum(name string, values ...string) Type {
	d := &enumDef{name: name, values: values}
	seen := map[string]bool{}
	switch {
	case name == "":
		d.err = errorf(ErrInvalidStatement, "an enum type needs a name")
	case len(values) == 0:
		d.err = errorf(ErrInvalidStatement, "enum type %s has no values", name)
	}
	for _, v := range values {
		switch {
		case d.err != nil:
		case seen[v]:
			d.err = errorf(ErrInvalidStatement, "enum type %s has the value %q twice", name, v)
		case v == "" || len(v) > 63 || strings.IndexByte(v, 0) >= 0:
			// PostgreSQL's limit on a label is 63 bytes, and no
			// database keeps an empty one apart from NULL everywhere.
			d.err = errorf(ErrInvalidStatement, "enum type %s: the value %q must be 1 to 63 bytes, without NUL", name, v)
		}
		seen[v] = true
	}
	return Type{kind: KindEnum, enum: d}
}

// IntEnum is an enumerated integer type named name, whose values are
// values: for a named integer type whose constants are its only values,
//
//	type Priority int
//
//	const (
//		Low Priority = iota
//		Medium
//		High
//	)
//
// core.IntEnum("priority", Low, Medium, High) keeps the integers
// themselves, in the integer type of T's width (TypeOf: BIGINT for an int,
// SMALLINT for an int8), with CHECK (column IN (0, 1, 2)) as a table
// constraint named ck_table_column, on every database. It is not a
// PostgreSQL enum type: that would hold labels, which the program's
// integers would have to be turned into and back from. Its Kind is the
// integer's, and it binds, reads, compares and sorts as the integer does;
// name is for messages, no database object bears it. A value outside it
// is refused before it is sent, as an Enum's: Compile fails with
// ErrInvalidStatement naming the column, the value and the type's values.
// A zero value that is not one of them (constants from iota + 1) is
// refused too, so a field left unset is not written as 0.
//
// retort gen makes one, named as the type in snake_case, for a field of a
// named integer type with at least two typed constants whose values run
// without a gap (what iota and iota + 1 declare): a type whose constants
// are units or flags (time.Duration, 1 << iota) or a lone sentinel keeps
// a plain integer column, which any value fits.
func IntEnum[T ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](name string, values ...T) Type {
	d := &enumDef{name: name, ints: make([]int64, 0, len(values))}
	switch {
	case name == "":
		d.err = errorf(ErrInvalidStatement, "an enum type needs a name")
	case len(values) == 0:
		d.err = errorf(ErrInvalidStatement, "enum type %s has no values", name)
	}
	for _, v := range values {
		i := int64(v)
		switch {
		case d.err != nil:
		case v > 0 && i < 0:
			d.err = errorf(ErrInvalidStatement, "enum type %s: the value %d does not fit a BIGINT", name, uint64(v))
		case slices.Contains(d.ints, i):
			d.err = errorf(ErrInvalidStatement, "enum type %s has the value %d twice", name, i)
		}
		d.ints = append(d.ints, i)
	}
	return Type{kind: TypeOf[T]().kind, enum: d}
}

// EnumName returns an enum type's name, "" for other types.
func (t Type) EnumName() string {
	if t.enum == nil {
		return ""
	}
	return t.enum.name
}

// EnumValues returns an Enum's values, nil for other types.
func (t Type) EnumValues() []string {
	if t.enum == nil {
		return nil
	}
	return slices.Clone(t.enum.values)
}

// IntEnumValues returns an IntEnum's values, nil for other types.
func (t Type) IntEnumValues() []int64 {
	if t.enum == nil || t.kind == KindEnum {
		return nil
	}
	return slices.Clone(t.enum.ints)
}

// Check returns nil if v may be written to the column c, or an error
// wrapping ErrInvalidStatement that says why not: a value of an Enum or
// IntEnum column must be one of the enum's values (or nil, for NULL).
// Column.Set checks each value it is given so; Check is for code that
// writes values without it.
func (c *ColumnDef) Check(v any) error {
	if c.Type.enum == nil || v == nil {
		return nil
	}
	return c.Type.enumAllows(tableLabel(c.Table)+"."+c.Name, v)
}

// enumAllows returns nil if v, a string or a value of a named string type
// for an Enum, an integer of any type for an IntEnum, is one of t's
// values, or the error that names what is wrong.
func (t Type) enumAllows(column string, v any) error {
	if t.enum.err != nil {
		return t.enum.err
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil // NULL, which the column's nullability decides on
		}
		rv = rv.Elem()
	}
	if t.kind != KindEnum {
		return t.intEnumAllows(column, v, rv)
	}
	if rv.Kind() != reflect.String {
		return errorf(ErrInvalidStatement, "column %s of enum type %s: a %T is not one of its values", column, t.enum.name, v)
	}
	if !slices.Contains(t.enum.values, rv.String()) {
		return errorf(ErrInvalidStatement, "column %s of enum type %s: %q is not one of its values %q", column, t.enum.name, rv.String(), t.enum.values)
	}
	return nil
}

// intEnumAllows is enumAllows for an IntEnum, rv being v with its
// pointers followed.
func (t Type) intEnumAllows(column string, v any, rv reflect.Value) error {
	var i int64
	switch {
	case rv.CanInt():
		i = rv.Int()
	case rv.CanUint() && rv.Uint() <= 1<<63-1:
		i = int64(rv.Uint())
	case rv.CanUint():
		return t.outside(column, fmt.Sprint(rv.Uint()))
	default:
		return errorf(ErrInvalidStatement, "column %s of enum type %s: a %T is not one of its values", column, t.enum.name, v)
	}
	if !slices.Contains(t.enum.ints, i) {
		return t.outside(column, fmt.Sprint(i))
	}
	return nil
}

// outside is the error for the value v, as text, of an IntEnum column.
func (t Type) outside(column, v string) error {
	return errorf(ErrInvalidStatement, "column %s of enum type %s: %s is not one of its values %v", column, t.enum.name, v, t.enum.ints)
}

// CreateEnumStmt is CREATE TYPE name AS ENUM (values...), for
// databases where an enum is a type of its own (FeatureEnumTypes:
// PostgreSQL). Compile refuses it elsewhere with ErrUnsupported: their
// enums need no statement of their own.
type CreateEnumStmt struct{ typ Type }

// CreateEnum starts CREATE TYPE for the enum t, which must come before the
// tables that use it; orm.CreateAll sends it where it is needed.
func CreateEnum(t Type) *CreateEnumStmt { return &CreateEnumStmt{typ: t} }

func (s *CreateEnumStmt) statementNode() node { return s }

func (s *CreateEnumStmt) key(k *keyer) {
	k.op('V')
	keyEnum(k, s.typ)
}

func (s *CreateEnumStmt) walk(fn func(node) bool) { fn(s) }

func (s *CreateEnumStmt) render(c *compiler) {
	if !enumStatement(c, s.typ, "CREATE TYPE") {
		return
	}
	c.write("CREATE TYPE ")
	c.ident(s.typ.enum.name)
	c.write(" AS ENUM (")
	c.enumValues(s.typ)
	c.write(")")
}

// DropEnumStmt is DROP TYPE name, the enum's, for databases where it is a
// type of its own; see CreateEnumStmt.
type DropEnumStmt struct {
	typ      Type
	ifExists bool
}

// DropEnum starts DROP TYPE for the enum t, which must come after the
// tables that use it are dropped.
func DropEnum(t Type) *DropEnumStmt { return &DropEnumStmt{typ: t} }

// IfExists makes it DROP TYPE IF EXISTS.
func (s *DropEnumStmt) IfExists() *DropEnumStmt {
	c := *s
	c.ifExists = true
	return &c
}

func (s *DropEnumStmt) statementNode() node { return s }

func (s *DropEnumStmt) key(k *keyer) {
	k.op('v')
	keyEnum(k, s.typ)
	keyBool(k, s.ifExists)
}

func (s *DropEnumStmt) walk(fn func(node) bool) { fn(s) }

func (s *DropEnumStmt) render(c *compiler) {
	if !enumStatement(c, s.typ, "DROP TYPE") {
		return
	}
	c.write("DROP TYPE ")
	if s.ifExists {
		c.write("IF EXISTS ")
	}
	c.ident(s.typ.enum.name)
}

// keyEnum keys an enum type by its name and values: two definitions of
// one name compile apart.
func keyEnum(k *keyer, t Type) {
	if t.kind != KindEnum {
		k.fail(errorf(ErrInvalidStatement, "not an enum type"))
		return
	}
	if t.enum.err != nil {
		k.fail(t.enum.err)
		return
	}
	k.str(t.enum.name)
	k.int(len(t.enum.values))
	for _, v := range t.enum.values {
		k.str(v)
	}
}

// enumStatement reports whether a statement of t's own (what) may
// compile on c's dialect, failing c if not.
func enumStatement(c *compiler, t Type, what string) bool {
	switch {
	case t.kind != KindEnum:
		c.fail(errorf(ErrInvalidStatement, "%s of a type that is not an enum (an IntEnum is a CHECK, not a type)", what))
	case t.enum.err != nil:
		c.fail(t.enum.err)
	case !c.d.Has(FeatureEnumTypes):
		c.fail(unsupported(c.d, what+" for an enum (its enums are column types)"))
	default:
		return true
	}
	return false
}
