// core/expr.go

package core

import "reflect"

// Expression is any SQL expression: a column, a bound value, an operator, a
// function call, a subquery. Build them with the methods of Column and Expr
// and with this package's functions; only this package implements it.
type Expression interface {
	exprNode() node
}

// TypedExpression is an Expression whose values have Go type T. Comparisons
// take a TypedExpression of the same T, so comparing a BIGINT column with a
// string does not compile.
type TypedExpression[T any] interface {
	Expression
	valueType(T)
}

// Expr is a SQL expression whose values have Go type T. Methods build larger
// expressions; none of them changes the receiver.
type Expr[T any] struct {
	n node
}

func (e Expr[T]) exprNode() node { return e.n }
func (Expr[T]) valueType(T)      {}
func (Expr[T]) goType() reflect.Type {
	return reflect.TypeFor[T]()
}

// ValueType returns the Go type of e's values: T for a TypedExpression[T]
// (a Column[T], an Expr[T]), nil for anything else (a table). Code that
// takes expressions behind an interface, as orm.Select2 does, checks with
// it what it will scan a value into.
func ValueType(e any) reflect.Type {
	if t, ok := e.(interface{ goType() reflect.Type }); ok {
		return t.goType()
	}
	return nil
}

func typed[T any](n node) Expr[T] { return Expr[T]{n: n} }

// ExprOf returns e as an Expr: for a value of a type that embeds one (a
// Column, an orm.Property) to be kept as the expression it is.
func ExprOf[T any](e TypedExpression[T]) Expr[T] { return typed[T](nodeOf(e, "ExprOf")) }

// Condition is any boolean expression: what Where, Having, join conditions,
// And, Or and Not take. Comparisons, And, Or, Not, Exists and Column[bool]
// are conditions; Users.ID is not, so Where(Users.ID) does not compile.
type Condition = TypedExpression[bool]

// Bool is the type of conditions: comparisons, And, Or, Not, Exists.
type Bool = Expr[bool]

// Value binds v as a parameter of type T. Every value reaches the database
// as a bind parameter; it is never written into the SQL text.
func Value[T any](v T) Expr[T] {
	return typed[T](&bindNode{value: v, typ: TypeOf[T](), standalone: true})
}

// bindOf binds v for comparison with other; the other side tells the server
// its type, so no cast is needed.
func bindOf(v any) node { return &bindNode{value: v} }

// Null is the SQL NULL of type T, for inserts and CASE branches.
func Null[T any]() Expr[T] { return typed[T](&keywordNode{word: "NULL"}) }

// True and False are the boolean literals.
func True() Bool { return typed[bool](&keywordNode{word: "TRUE"}) }

// False is the boolean literal FALSE; see True.
func False() Bool { return typed[bool](&keywordNode{word: "FALSE"}) }

// Comparisons with a value.

// Eq is "e = v"; a nil pointer v gives "e IS NULL", since "e = NULL" is never true.
func (e Expr[T]) Eq(v T) Bool {
	if isNilValue(v) {
		return e.IsNull()
	}
	return e.cmp("=", bindOf(v))
}

// Ne is "e <> v"; a nil pointer v gives "e IS NOT NULL".
func (e Expr[T]) Ne(v T) Bool {
	if isNilValue(v) {
		return e.IsNotNull()
	}
	return e.cmp("<>", bindOf(v))
}

// isNilValue reports whether v is a nil pointer or a nil interface.
func isNilValue[T any](v T) bool {
	switch reflect.TypeFor[T]().Kind() {
	case reflect.Pointer:
		var null T
		return any(v) == any(null)
	case reflect.Interface:
		return any(v) == nil
	}
	return false
}

// Lt is "e < v".
func (e Expr[T]) Lt(v T) Bool { return e.cmp("<", bindOf(v)) }

// Le is "e <= v".
func (e Expr[T]) Le(v T) Bool { return e.cmp("<=", bindOf(v)) }

// Gt is "e > v".
func (e Expr[T]) Gt(v T) Bool { return e.cmp(">", bindOf(v)) }

// Ge is "e >= v".
func (e Expr[T]) Ge(v T) Bool { return e.cmp(">=", bindOf(v)) }

// Comparisons with another expression of the same type.

// EqCol is "e = other", for join conditions and correlation.
func (e Expr[T]) EqCol(other TypedExpression[T]) Bool { return e.cmp("=", nodeOf(other, "EqCol")) }

// NeCol is "e <> other".
func (e Expr[T]) NeCol(other TypedExpression[T]) Bool { return e.cmp("<>", nodeOf(other, "NeCol")) }

// LtCol is "e < other".
func (e Expr[T]) LtCol(other TypedExpression[T]) Bool { return e.cmp("<", nodeOf(other, "LtCol")) }

// LeCol is "e <= other".
func (e Expr[T]) LeCol(other TypedExpression[T]) Bool { return e.cmp("<=", nodeOf(other, "LeCol")) }

// GtCol is "e > other".
func (e Expr[T]) GtCol(other TypedExpression[T]) Bool { return e.cmp(">", nodeOf(other, "GtCol")) }

// GeCol is "e >= other".
func (e Expr[T]) GeCol(other TypedExpression[T]) Bool { return e.cmp(">=", nodeOf(other, "GeCol")) }

func (e Expr[T]) cmp(op string, right node) Bool {
	return typed[bool](&binaryNode{op: op, left: e.self("comparison"), right: right})
}

func (e Expr[T]) self(what string) node {
	if e.n == nil {
		return invalid("zero-value expression in %s", what)
	}
	return e.n
}

// IsNull is "e IS NULL".
func (e Expr[T]) IsNull() Bool {
	return typed[bool](&postfixNode{op: " IS NULL", operand: e.self("IsNull")})
}

// IsNotNull is "e IS NOT NULL".
func (e Expr[T]) IsNotNull() Bool {
	return typed[bool](&postfixNode{op: " IS NOT NULL", operand: e.self("IsNotNull")})
}

// In is "e IN (v1, v2, ...)". An empty list matches nothing.
//
// On PostgreSQL the whole slice is one array parameter ("e = ANY($1)"), so
// the statement has one shape for any length and no list is too long; it
// means what IN means, NULLs included (a NULL e, or no match in a list
// holding NULL, gives NULL). Elsewhere each value is its own parameter, and
// a statement may have at most Dialect.MaxParameters of them (32,766 on
// SQLite, 65,535 on MySQL and MariaDB): past that Compile fails with
// ErrTooManyParameters, naming the count and the limit. Split a longer list
// over several statements, as the ORM's select-in loading does, or load the
// values into a table and use InSelect.
func (e Expr[T]) In(values ...T) Bool {
	return typed[bool](newInList(e.self("In"), values, false))
}

// NotIn is "e NOT IN (v1, ...)". An empty list matches every row. On
// PostgreSQL it is "e <> ALL($1)", with NOT IN's NULL rules; elsewhere its
// length is bounded as In's is.
func (e Expr[T]) NotIn(values ...T) Bool {
	return typed[bool](newInList(e.self("NotIn"), values, true))
}

// InSelect is "e IN (SELECT ...)"; the subquery must return one column.
func (e Expr[T]) InSelect(sub SelectQuery) Bool {
	return typed[bool](&inSelectNode{left: e.self("InSelect"), sub: queryNode(sub)})
}

// NotInSelect is "e NOT IN (SELECT ...)".
func (e Expr[T]) NotInSelect(sub SelectQuery) Bool {
	return typed[bool](&inSelectNode{left: e.self("NotInSelect"), sub: queryNode(sub), negate: true})
}

// Between is "e BETWEEN lo AND hi".
func (e Expr[T]) Between(lo, hi T) Bool {
	return typed[bool](&betweenNode{operand: e.self("Between"), lo: bindOf(lo), hi: bindOf(hi)})
}

// Like is "e LIKE pattern".
func (e Expr[T]) Like(pattern string) Bool {
	return typed[bool](&likeNode{operand: e.self("Like"), pattern: bindOf(pattern)})
}

// NotLike is "e NOT LIKE pattern".
func (e Expr[T]) NotLike(pattern string) Bool {
	return typed[bool](&likeNode{operand: e.self("NotLike"), pattern: bindOf(pattern), negate: true})
}

// ILike is a case-insensitive LIKE: ILIKE on PostgreSQL, lower(e) LIKE
// lower(pattern) elsewhere.
func (e Expr[T]) ILike(pattern string) Bool {
	return typed[bool](&likeNode{operand: e.self("ILike"), pattern: bindOf(pattern), fold: true})
}

// Arithmetic.

// Add is "e + v".
func (e Expr[T]) Add(v T) Expr[T] { return e.arith("+", bindOf(v)) }

// Sub is "e - v".
func (e Expr[T]) Sub(v T) Expr[T] { return e.arith("-", bindOf(v)) }

// Mul is "e * v".
func (e Expr[T]) Mul(v T) Expr[T] { return e.arith("*", bindOf(v)) }

// Div is "e / v". Integer division truncates on PostgreSQL and SQLite.
func (e Expr[T]) Div(v T) Expr[T] { return e.arith("/", bindOf(v)) }

// AddExpr is "e + other".
func (e Expr[T]) AddExpr(other TypedExpression[T]) Expr[T] {
	return e.arith("+", nodeOf(other, "AddExpr"))
}

// SubExpr is "e - other".
func (e Expr[T]) SubExpr(other TypedExpression[T]) Expr[T] {
	return e.arith("-", nodeOf(other, "SubExpr"))
}

// MulExpr is "e * other".
func (e Expr[T]) MulExpr(other TypedExpression[T]) Expr[T] {
	return e.arith("*", nodeOf(other, "MulExpr"))
}

// DivExpr is "e / other".
func (e Expr[T]) DivExpr(other TypedExpression[T]) Expr[T] {
	return e.arith("/", nodeOf(other, "DivExpr"))
}

func (e Expr[T]) arith(op string, right node) Expr[T] {
	return typed[T](&binaryNode{op: op, left: e.self("arithmetic"), right: right, paren: true})
}

// Neg is "-e".
func (e Expr[T]) Neg() Expr[T] {
	return typed[T](&prefixNode{op: "-", operand: e.self("Neg"), paren: true}) // "--" would start a comment
}

// Label names the expression in a select list ("e AS name"). The name is how
// the column is reached from a subquery or CTE (Of) and how rows are scanned.
func (e Expr[T]) Label(name string) Expr[T] {
	return typed[T](&labelNode{expr: e.self("Label"), name: name})
}

// Asc orders by e ascending.
func (e Expr[T]) Asc() Ordering { return Ordering{n: &orderNode{expr: e.self("Asc")}} }

// Desc orders by e descending.
func (e Expr[T]) Desc() Ordering { return Ordering{n: &orderNode{expr: e.self("Desc"), desc: true}} }

// Of returns this expression as a column of a subquery, lateral subquery or
// CTE that selects it: "latest.total" for Orders.Total.Of(latest). A table
// column of an alias is found by name (Users.ID.Of(u) is "u.id"); in a
// subquery it is the select-list item that is this expression or, for a
// column, that selects the same table column. A missing column is reported
// when the statement is compiled.
func (e Expr[T]) Of(from FromItem) Column[T] {
	return Column[T]{Expr: typed[T](resolveColumn(from, e.n))}
}

// And is "c1 AND c2 AND ...". Nil conditions are skipped, so optional
// filters compose; with none left it is TRUE.
func And(conds ...Condition) Bool { return typed[bool](newBoolList("AND", conds)) }

// Or is "c1 OR c2 OR ...". With no conditions it is FALSE.
func Or(conds ...Condition) Bool { return typed[bool](newBoolList("OR", conds)) }

// Not is "NOT c".
func Not(cond Condition) Bool {
	return typed[bool](&prefixNode{op: "NOT ", operand: nodeOf(cond, "Not"), paren: true})
}

// IsTrue is "e" for a boolean expression; it reads well in Where.
func (e Expr[T]) IsTrue() Bool { return typed[bool](e.self("IsTrue")) }

// Exists is "EXISTS (SELECT ...)". A subquery that refers to tables of the
// enclosing query is correlated to it automatically.
func Exists(sub SelectQuery) Bool {
	return typed[bool](&prefixNode{op: "EXISTS ", operand: &subqueryExpr{q: queryNode(sub)}})
}

// NotExists is "NOT EXISTS (SELECT ...)".
func NotExists(sub SelectQuery) Bool {
	return typed[bool](&prefixNode{op: "NOT EXISTS ", operand: &subqueryExpr{q: queryNode(sub)}})
}

// Scalar uses a one-row, one-column SELECT as a value of type T:
// "(SELECT count(*) FROM orders WHERE orders.user_id = users.id)". It is
// correlated to the enclosing query automatically.
func Scalar[T any](sub SelectQuery) Expr[T] { return typed[T](&subqueryExpr{q: queryNode(sub)}) }

// Invalid is an expression that could not be built: compiling a statement
// that holds it fails with err. It lets builders outside this package (the
// orm's Any and Has along a relationship) report a mistake where the
// statement is run, as this package's own builders do, instead of
// panicking.
func Invalid[T any](err error) Expr[T] {
	if err == nil {
		err = errorf(ErrInvalidStatement, "Invalid with a nil error")
	}
	return typed[T](&errNode{err: err})
}

// Raw is the escape hatch: sql is written into the statement verbatim, with
// each "?" in it replaced by the next of args as a bind parameter. Never
// build sql from untrusted input; pass such values as args.
//
// A "?" inside a string literal ('what?', E'...', $$...$$ on PostgreSQL), a
// quoted name ("a?b", `a?b`) or a comment (-- ?, /* ? */, # ? on MySQL) is
// text, not a placeholder: sql is read as the dialect's own lexer reads it,
// backslash escapes included on MySQL. Write "??" for a literal "?" outside
// them, as in PostgreSQL's jsonb operators: "doc ?? ?" is "doc ? $1". The
// placeholders must match args one for one, and an unterminated literal or
// comment is refused: Compile reports either with ErrInvalidStatement.
func Raw[T any](sql string, args ...any) Expr[T] {
	return typed[T](&rawNode{sql: sql, args: args})
}

// Ordering is one ORDER BY item: an expression, a direction and where NULLs go.
type Ordering struct{ n *orderNode }

func (o Ordering) exprNode() node {
	if o.n == nil {
		return nil
	}
	return o.n
}

// NullsFirst puts NULLs before other values.
func (o Ordering) NullsFirst() Ordering { return o.nulls("FIRST") }

// NullsLast puts NULLs after other values.
func (o Ordering) NullsLast() Ordering { return o.nulls("LAST") }

func (o Ordering) nulls(where string) Ordering {
	if o.n == nil {
		return o
	}
	c := *o.n
	c.nulls = where
	return Ordering{n: &c}
}
