// core/funcs.go

package core

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// funcNode is a function call: "name(args)".
type funcNode struct {
	name     string
	args     []node
	star     bool // count(*)
	distinct bool
	filter   node
	// exactSum marks sum() of a decimal column, which a database that
	// keeps decimals as floats must add as decimals (FeatureRealNumerics).
	exactSum bool
}

func validFuncName(name string) error {
	if name == "" {
		return errorf(ErrInvalidIdentifier, "empty function name")
	}
	for i, r := range name {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '.')
		if !ok {
			return errorf(ErrInvalidIdentifier, "function name %q: only letters, digits, '_' and '.' are allowed", name)
		}
	}
	return nil
}

func newFunc(name string, args []Expression) node {
	if err := validFuncName(name); err != nil {
		return &errNode{err}
	}
	f := &funcNode{name: name, args: make([]node, len(args))}
	for i, a := range args {
		f.args[i] = nodeOf(a, fmt.Sprintf("argument %d of %s", i+1, name))
	}
	return f
}

func (f *funcNode) render(c *compiler) {
	name := f.name
	if r, ok := c.d.FuncNames[name]; ok {
		name = r
	}
	if f.exactSum && c.d.Has(FeatureRealNumerics) {
		name = RealNumericSum
	}
	c.write(name)
	c.write("(")
	if f.distinct {
		c.write("DISTINCT ")
	}
	if f.star {
		c.write("*")
	}
	for i, a := range f.args {
		if i > 0 {
			c.write(", ")
		}
		a.render(c)
	}
	c.write(")")
	if f.filter != nil {
		if !c.d.Has(FeatureFilter) {
			c.fail(unsupported(c.d, "FILTER"))
		}
		c.write(" FILTER (WHERE ")
		f.filter.render(c)
		c.write(")")
	}
}

func (f *funcNode) key(k *keyer) {
	k.op('f')
	k.str(f.name)
	var flags byte
	if f.star {
		flags |= 1
	}
	if f.distinct {
		flags |= 2
	}
	if f.filter != nil {
		flags |= 4
	}
	if f.exactSum {
		flags |= 8
	}
	k.byte(flags)
	k.int(len(f.args))
	for _, a := range f.args {
		a.key(k)
	}
	if f.filter != nil {
		f.filter.key(k)
	}
}

func (f *funcNode) walk(fn func(node) bool) {
	if fn(f) {
		walkAll(fn, f.args...)
		walkAll(fn, f.filter)
	}
}

// Func calls the SQL function name with args, returning type T:
// core.Func[string]("upper", Users.Email). The name must be a plain
// identifier (letters, digits, '_', '.'); it is never a way to inject SQL.
func Func[T any](name string, args ...Expression) Expr[T] { return typed[T](newFunc(name, args)) }

// Count is count(e): the number of non-NULL values.
func Count(e Expression) Expr[int64] { return Func[int64]("count", e) }

// CountAll is count(*).
func CountAll() Expr[int64] { return typed[int64](&funcNode{name: "count", star: true}) }

// CountDistinct is count(DISTINCT e).
func CountDistinct(e Expression) Expr[int64] {
	n := newFunc("count", []Expression{e})
	if f, ok := n.(*funcNode); ok {
		f.distinct = true
	}
	return typed[int64](n)
}

// IntegerValue is the Go types of integer columns, which SumInt adds up.
type IntegerValue interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// FloatValue is the Go types of float columns, which Sum adds up: the
// databases return their sums in the column's own type.
type FloatValue interface{ ~float32 | ~float64 }

// NumberValue is IntegerValue or FloatValue: what Avg takes, with
// decimal.Decimal.
type NumberValue interface{ IntegerValue | FloatValue }

// Sum is sum(e) of a float or decimal column, typed as the column is: the
// databases return a float column's sum as that float type (double
// precision, or MySQL's DOUBLE for a FLOAT) and a NUMERIC or DECIMAL
// column's as an exact NUMERIC or DECIMAL, which reads into a
// decimal.Decimal without rounding. SQLite keeps decimals as floats and
// would add them as floats (0.1 + 0.2 is 0.30000000000000004 there), so
// on SQLite the sum of a decimal column is retort_decimal_sum(e), which
// adds the stored values as decimals (see FeatureRealNumerics).
//
// For an integer column use SumInt, whose sum is wider than the column.
// Like every aggregate but count, it is NULL over no rows:
// Coalesce(Sum(e), Value(0.0)) reads 0 instead.
func Sum[T FloatValue | decimal.Decimal](e TypedExpression[T]) Expr[T] {
	n := newFunc("sum", []Expression{e})
	if f, ok := n.(*funcNode); ok {
		_, f.exactSum = any(*new(T)).(decimal.Decimal)
	}
	return typed[T](n)
}

// RealNumericSum is the aggregate that Sum of a decimal column calls on a
// database with FeatureRealNumerics. engine/sqlite registers it.
const RealNumericSum = "retort_decimal_sum"

// SumInt is sum(e) of an integer column, as an int64 whatever the
// column's width: PostgreSQL returns the sum of a smallint or integer as
// bigint (and of a bigint as numeric), MySQL as DECIMAL, SQLite as
// INTEGER, so the sum of an int32 column may not fit an int32
// (core.SumInt(Tracks.Bytes).Gt(5_000_000_000) compiles and reads). A
// sum beyond int64 fails as it is read (PostgreSQL, MySQL) or as it is
// computed (SQLite's integer overflow), never wrapped.
func SumInt[T IntegerValue](e TypedExpression[T]) Expr[int64] { return Func[int64]("sum", e) }

// Avg is avg(e) of a number or decimal column, as a float64: the
// databases return it as numeric (PostgreSQL of integers and numerics,
// MySQL's DECIMAL) or a float, which reads into a float64 rounded to the
// nearest. For an exact mean of a decimal column, divide its Sum by its
// Count in Go.
func Avg[T NumberValue | decimal.Decimal](e TypedExpression[T]) Expr[float64] {
	return Func[float64]("avg", e)
}

// Min is min(e).
func Min[T any](e TypedExpression[T]) Expr[T] { return Func[T]("min", e) }

// Max is max(e).
func Max[T any](e TypedExpression[T]) Expr[T] { return Func[T]("max", e) }

// Lower is lower(e).
func Lower(e TypedExpression[string]) Expr[string] { return Func[string]("lower", e) }

// Upper is upper(e).
func Upper(e TypedExpression[string]) Expr[string] { return Func[string]("upper", e) }

// Length is the number of characters in e (char_length on MySQL, whose
// length counts bytes).
func Length(e TypedExpression[string]) Expr[int64] { return Func[int64]("length", e) }

// Abs is abs(e).
func Abs[T any](e TypedExpression[T]) Expr[T] { return Func[T]("abs", e) }

// Round is round(e, digits).
//
// On databases with FeatureNumericRound the value is cast to NUMERIC first:
// PostgreSQL has no round(double precision, integer), and a float64 column
// is DOUBLE PRECISION there.
func Round[T any](e TypedExpression[T], digits int) Expr[T] {
	arg := &castNode{expr: nodeOf(e, "Round"), typ: Numeric(0, 0), only: FeatureNumericRound}
	return typed[T](&funcNode{name: "round", args: []node{arg, bindOf(digits)}})
}

// Coalesce is coalesce(e1, e2, ...): the first that is not NULL.
func Coalesce[T any](exprs ...TypedExpression[T]) Expr[T] {
	args := make([]Expression, len(exprs))
	for i, e := range exprs {
		args[i] = e
	}
	return Func[T]("coalesce", args...)
}

// Filter adds "FILTER (WHERE cond)" to an aggregate, on databases that have
// it (PostgreSQL, SQLite).
func Filter[T any](aggregate Expr[T], cond Condition) Expr[T] {
	f, ok := aggregate.n.(*funcNode)
	if !ok {
		return typed[T](invalid("Filter applies to an aggregate function call"))
	}
	c := *f
	c.filter = nodeOf(cond, "Filter")
	return typed[T](&c)
}

// castNode is "CAST(expr AS type)".
type castNode struct {
	expr node
	typ  Type
	only Feature // if set, cast only on dialects with this feature
}

// Cast converts e to SQL type typ, giving a value of Go type T:
// core.Cast[string](Tracks.Milliseconds, core.Text).
func Cast[T any](e Expression, typ Type) Expr[T] {
	return typed[T](&castNode{expr: nodeOf(e, "Cast"), typ: typ})
}

func (n *castNode) render(c *compiler) {
	if n.only != 0 && !c.d.Has(n.only) {
		n.expr.render(c)
		return
	}
	name := c.typeName(n.typ, true)
	if name == "" {
		c.fail(unsupported(c.d, "CAST to this type"))
	}
	c.write("CAST(")
	n.expr.render(c)
	c.write(" AS ")
	c.write(name)
	c.write(")")
}

func (n *castNode) key(k *keyer) {
	k.op('C')
	k.int(int(n.only))
	k.byte(byte(n.typ.kind))
	k.int(n.typ.length)
	k.int(n.typ.precision)
	keyType(k, n.typ)
	n.expr.key(k)
}

// keyType keys what a type's kind, length, precision and scale leave out:
// an enum's name (a cast to one enum is not a cast to another), an
// array's element type.
func keyType(k *keyer, t Type) {
	if t.enum != nil {
		k.str(t.enum.name)
	}
	if t.kind == KindCustom {
		k.str(t.custom)
	}
	if t.elem != nil {
		k.byte(byte(t.elem.kind))
		k.int(t.elem.length)
		k.int(t.elem.precision)
		k.int(t.elem.scale)
		keyType(k, *t.elem)
	}
}

func (n *castNode) walk(fn func(node) bool) {
	if fn(n) {
		n.expr.walk(fn)
	}
}

// CaseExpr is a searched CASE expression under construction; see Case.
type CaseExpr[T any] struct {
	n *caseNode
}

type caseNode struct {
	whens []node // cond, result, cond, result, ...
	els   node
}

// Case starts "CASE WHEN cond THEN result ... ELSE result END" of type T:
//
//	core.Case[string]().
//		When(Tracks.Milliseconds.Lt(60000), core.Value("short")).
//		Else(core.Value("long"))
func Case[T any]() CaseExpr[T] { return CaseExpr[T]{n: &caseNode{}} }

// When adds a branch.
func (c CaseExpr[T]) When(cond Condition, result TypedExpression[T]) CaseExpr[T] {
	n := &caseNode{whens: append(c.n.whens[:len(c.n.whens):len(c.n.whens)],
		nodeOf(cond, "Case.When"), nodeOf(result, "Case.When")), els: c.n.els}
	return CaseExpr[T]{n: n}
}

// Else sets the result when no branch matches and finishes the expression.
func (c CaseExpr[T]) Else(result TypedExpression[T]) Expr[T] {
	n := &caseNode{whens: c.n.whens, els: nodeOf(result, "Case.Else")}
	return typed[T](n)
}

// End finishes the expression without ELSE: no match gives NULL.
func (c CaseExpr[T]) End() Expr[T] { return typed[T](c.n) }

func (n *caseNode) render(c *compiler) {
	if len(n.whens) == 0 {
		c.fail(errorf(ErrInvalidStatement, "CASE without WHEN"))
		return
	}
	c.write("CASE")
	for i := 0; i < len(n.whens); i += 2 {
		c.write(" WHEN ")
		n.whens[i].render(c)
		c.write(" THEN ")
		n.whens[i+1].render(c)
	}
	if n.els != nil {
		c.write(" ELSE ")
		n.els.render(c)
	}
	c.write(" END")
}

func (n *caseNode) key(k *keyer) {
	k.op('W')
	k.int(len(n.whens))
	for _, w := range n.whens {
		w.key(k)
	}
	if n.els != nil {
		k.byte(1)
		n.els.key(k)
	} else {
		k.byte(0)
	}
}

func (n *caseNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.whens...)
		walkAll(fn, n.els)
	}
}
