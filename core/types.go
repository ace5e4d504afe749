// core/types.go

package core

import (
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// TypeKind is the family of a SQL type.
type TypeKind uint8

// The SQL type families Retort knows. Dialects map each to their own spelling.
const (
	KindUnknown TypeKind = iota
	KindBoolean
	KindSmallInt
	KindInteger
	KindBigInt
	KindReal
	KindDouble
	KindNumeric
	KindText
	KindVarchar
	KindBytes
	KindDate
	KindTimestamp
	KindTimestampTZ
	KindJSON
	KindUUID
	KindEnum
	KindArray
	KindCustom
)

// Type is a SQL column type: a kind plus its length or precision. Use the
// constructors (BigInt, Varchar(160), Numeric(12, 2), ...).
type Type struct {
	kind             TypeKind
	length           int
	precision, scale int
	enum             *enumDef // KindEnum's name and values; a pointer keeps Type comparable
	elem             *Type    // KindArray's element type
	custom           string   // KindCustom's spelling
}

// Kind returns the type's family.
func (t Type) Kind() TypeKind { return t.kind }

// Length returns the length of a VARCHAR, 0 otherwise.
func (t Type) Length() int { return t.length }

// Precision returns the precision and scale of a NUMERIC.
func (t Type) Precision() (precision, scale int) { return t.precision, t.scale }

// The SQL types without parameters. Timestamp is TIMESTAMP WITHOUT TIME
// ZONE and TimestampTZ TIMESTAMP WITH TIME ZONE, which only PostgreSQL
// tells apart; time.Time columns are TimestampTZ unless SQLType says
// otherwise (see TypeOf).
var (
	Boolean     = Type{kind: KindBoolean}
	SmallInt    = Type{kind: KindSmallInt}
	Integer     = Type{kind: KindInteger}
	BigInt      = Type{kind: KindBigInt}
	Real        = Type{kind: KindReal}
	Double      = Type{kind: KindDouble}
	Text        = Type{kind: KindText}
	Bytes       = Type{kind: KindBytes}
	Date        = Type{kind: KindDate}
	Timestamp   = Type{kind: KindTimestamp}
	TimestampTZ = Type{kind: KindTimestampTZ}
	JSON        = Type{kind: KindJSON}
	UUID        = Type{kind: KindUUID}
)

// Array is an array of elem, for a Go slice column ([]int64, []string):
// elem[] on PostgreSQL (BIGINT[], TEXT[]), and elsewhere the slice's JSON
// text, in a JSON column on MySQL and MariaDB and TEXT on SQLite, which
// Contains, Overlaps and AnyOf search all the same.
func Array(elem Type) Type { return Type{kind: KindArray, elem: &elem} }

// Elem returns an array type's element type; the zero Type for others.
func (t Type) Elem() Type {
	if t.elem == nil {
		return Type{}
	}
	return *t.elem
}

// Custom is a type Retort does not know, spelt as name in DDL and casts
// on every dialect: citext, int4range, inet, vector(3) (pgvector's),
// geometry(Point, 4326). The Go type of its column must be one the driver
// can bind and scan: a type with Value and Scan methods works everywhere;
// on PostgreSQL so does one pgx knows (pgtype.Range, netip.Prefix) or one
// the program registers in pgx's type map, on a pool it builds itself
// (engine/pgx.Configure, then its own AfterConnect, then engine/pgx.New).
// A table with a Custom column is for the databases that have the type.
// name is SQL text the program writes, never input: letters, digits, _,
// spaces, dots, commas, brackets and parentheses only, or Compile fails.
func Custom(name string) Type { return Type{kind: KindCustom, custom: strings.TrimSpace(name)} }

// CustomName returns a Custom type's spelling, "" for other types.
func (t Type) CustomName() string { return t.custom }

// validCustom reports whether name is a type's spelling and nothing more:
// no quote, semicolon or comment can end the type and start other SQL.
func validCustom(name string) bool {
	if name == "" {
		return false
	}
	depth := 0
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == ' ', r == '.', r == ',', r == '[', r == ']':
		case r == '(':
			depth++
		case r == ')':
			if depth--; depth < 0 {
				return false
			}
		default:
			return false
		}
	}
	return depth == 0
}

// Varchar is VARCHAR(n).
func Varchar(n int) Type { return Type{kind: KindVarchar, length: n} }

// Numeric is NUMERIC(precision, scale); Numeric(0, 0) is an unconstrained NUMERIC.
func Numeric(precision, scale int) Type {
	return Type{kind: KindNumeric, precision: precision, scale: scale}
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalType = reflect.TypeFor[decimal.NullDecimal]()
)

// TypeOf returns the SQL type Retort uses by default for Go type T: int64 is
// BIGINT, int32 INTEGER, string TEXT, time.Time TimestampTZ, a
// decimal.Decimal (github.com/shopspring/decimal, or its NullDecimal) an
// unconstrained Numeric, a [16]byte (google/uuid's UUID and the like)
// UUID, a map JSON, a slice of any of these (but bytes) an Array of it,
// and so on. A pointer has the type of what it points to. Unknown types
// give KindUnknown.
//
// A decimal.Decimal is exact: NUMERIC on PostgreSQL, DECIMAL(65, 30) on
// MySQL and MariaDB (their widest; give Numeric(p, s) for a column of
// your own), and NUMERIC on SQLite, which keeps a number as an 8-byte
// float, exact to 15 significant digits: the engine refuses a decimal
// with more there, rather than store another number (FeatureRealNumerics).
//
// A time.Time is an instant, so its column is one that keeps instants:
// TIMESTAMP WITH TIME ZONE on PostgreSQL, where a TIMESTAMP without zone
// would keep the value's wall clock and lose its offset. MariaDB and MySQL
// (DATETIME(6)) and SQLite (text) have no zone-aware type and store the
// same for Timestamp and TimestampTZ: the instant's UTC wall clock, which
// package engine binds and reads back as UTC on every backend.
func TypeOf[T any]() Type { return typeOfReflect(reflect.TypeFor[T]()) }

func typeOfReflect(rt reflect.Type) Type {
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	switch rt {
	case timeType:
		return TimestampTZ
	case decimalType, nullDecimalType:
		return Numeric(0, 0)
	}
	switch rt.Kind() {
	case reflect.Bool:
		return Boolean
	case reflect.Int8, reflect.Int16, reflect.Uint8:
		return SmallInt
	case reflect.Int32, reflect.Uint16:
		return Integer
	case reflect.Int, reflect.Int64, reflect.Uint32, reflect.Uint, reflect.Uint64:
		return BigInt
	case reflect.Float32:
		return Real
	case reflect.Float64:
		return Double
	case reflect.String:
		return Text
	case reflect.Slice:
		if rt.Elem().Kind() == reflect.Uint8 {
			return Bytes
		}
		if elem := typeOfReflect(rt.Elem()); elem.kind != KindUnknown && elem.kind != KindArray && elem.kind != KindJSON {
			return Array(elem)
		}
	case reflect.Map:
		return JSON // a document; a struct or slice takes type:json
	case reflect.Array:
		if rt.Len() == 16 && rt.Elem().Kind() == reflect.Uint8 {
			return UUID // google/uuid's UUID, gofrs' and any [16]byte
		}
	}
	return Type{}
}
