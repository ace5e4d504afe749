// core/expr_nodes.go

package core

import "reflect"

// The expression nodes. Each renders itself and writes its shape; see node.

// bindNode is one bound value.
type bindNode struct {
	value any
	// typ and standalone: a Value() in a select list or CASE branch has no
	// column beside it to tell the server its type, so dialects with
	// FeatureTypedBinds cast it.
	typ        Type
	standalone bool
}

func (b *bindNode) render(c *compiler) {
	if b.standalone && c.d.Has(FeatureTypedBinds) && b.typ.kind != KindUnknown {
		c.write("CAST(")
		c.bind(b, 0)
		c.write(" AS ")
		c.write(c.typeName(b.typ, true))
		c.write(")")
		return
	}
	c.bind(b, 0)
}

func (b *bindNode) key(k *keyer) {
	k.op('?')
	// Always one byte here, so that a standalone value's type cannot be
	// read as the start of whatever follows another bind.
	if b.standalone {
		k.byte(1 + byte(b.typ.kind))
	} else {
		k.byte(0)
	}
	k.bindValue(b)
}

func (b *bindNode) walk(fn func(node) bool) { fn(b) }

// keywordNode is a fixed piece of SQL: NULL, TRUE, FALSE, *.
type keywordNode struct{ word string }

func (n *keywordNode) render(c *compiler)      { c.write(n.word) }
func (n *keywordNode) key(k *keyer)            { k.op('k'); k.str(n.word) }
func (n *keywordNode) walk(fn func(node) bool) { fn(n) }

// binaryNode is "left op right".
type binaryNode struct {
	op          string
	left, right node
	paren       bool // arithmetic nests in parentheses; comparisons need none
}

func (n *binaryNode) render(c *compiler) {
	if n.paren {
		c.write("(")
	}
	n.left.render(c)
	c.write(" ")
	c.write(n.op)
	c.write(" ")
	n.right.render(c)
	if n.paren {
		c.write(")")
	}
}

func (n *binaryNode) key(k *keyer) {
	k.op('b')
	k.str(n.op)
	n.left.key(k)
	n.right.key(k)
}

func (n *binaryNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.left, n.right)
	}
}

// prefixNode is "op operand": NOT, EXISTS, unary minus.
type prefixNode struct {
	op      string
	operand node
	paren   bool
}

func (n *prefixNode) render(c *compiler) {
	c.write(n.op)
	if n.paren {
		c.write("(")
	}
	n.operand.render(c)
	if n.paren {
		c.write(")")
	}
}

func (n *prefixNode) key(k *keyer) { k.op('p'); k.str(n.op); n.operand.key(k) }

func (n *prefixNode) walk(fn func(node) bool) {
	if fn(n) {
		n.operand.walk(fn)
	}
}

// postfixNode is "operand op": IS NULL, IS NOT NULL.
type postfixNode struct {
	op      string
	operand node
}

func (n *postfixNode) render(c *compiler) { n.operand.render(c); c.write(n.op) }
func (n *postfixNode) key(k *keyer)       { k.op('s'); k.str(n.op); n.operand.key(k) }

func (n *postfixNode) walk(fn func(node) bool) {
	if fn(n) {
		n.operand.walk(fn)
	}
}

// boolListNode is "a AND b AND c" or "a OR b".
type boolListNode struct {
	op    string
	items []node
}

func newBoolList[E Expression](op string, conds []E) node {
	items := make([]node, 0, len(conds))
	for _, c := range conds {
		e := Expression(c)
		if e == nil {
			continue
		}
		if n := e.exprNode(); n != nil {
			items = append(items, n)
		}
	}
	if len(items) == 1 {
		return items[0]
	}
	return &boolListNode{op: op, items: items}
}

func (n *boolListNode) render(c *compiler) {
	if len(n.items) == 0 {
		if n.op == "AND" {
			c.write("TRUE")
		} else {
			c.write("FALSE")
		}
		return
	}
	c.write("(")
	for i, it := range n.items {
		if i > 0 {
			c.write(" ")
			c.write(n.op)
			c.write(" ")
		}
		it.render(c)
	}
	c.write(")")
}

func (n *boolListNode) key(k *keyer) {
	k.op('l')
	k.str(n.op)
	k.int(len(n.items))
	for _, it := range n.items {
		it.key(k)
	}
}

func (n *boolListNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.items...)
	}
}

// inListNode is "left IN (values)".
type inListNode struct {
	left   node
	array  any // the []T as given, bound whole where FeatureArrayParams
	count  int
	elems  func(dst []any) []any // appends each element, for expanding lists
	negate bool
}

func newInList[T any](left node, values []T, negate bool) *inListNode {
	vals := values
	if vals == nil {
		// Drivers bind a nil slice as NULL, and "x <> ALL(NULL)" is
		// NULL, not true: bind an empty array instead.
		vals = []T{}
	}
	return &inListNode{
		left:   left,
		array:  vals,
		count:  len(vals),
		negate: negate,
		elems: func(dst []any) []any {
			for _, v := range vals {
				dst = append(dst, v)
			}
			return dst
		},
	}
}

// typedArray returns the values of an In over a Column[any] (the ORM's
// keys) as a slice of their one dynamic type, []int64 for int64 keys: an
// array parameter that pgx can encode in every query exec mode. A []any
// needs the parameter's type from a prepared statement, which PgBouncer's
// usual modes (exec, simple_protocol) do not have. Values of several types,
// or none, stay as they are.
func typedArray(vals []any) any {
	if len(vals) == 0 {
		return vals
	}
	switch vals[0].(type) {
	case int64:
		return sameType[int64](vals)
	case int32:
		return sameType[int32](vals)
	case string:
		return sameType[string](vals)
	}
	t := reflect.TypeOf(vals[0])
	if t == nil {
		return vals
	}
	s := reflect.MakeSlice(reflect.SliceOf(t), len(vals), len(vals))
	for i, v := range vals {
		if reflect.TypeOf(v) != t {
			return vals
		}
		s.Index(i).Set(reflect.ValueOf(v))
	}
	return s.Interface()
}

// sameType is typedArray's loop without reflection for the common key
// types.
func sameType[T any](vals []any) any {
	out := make([]T, len(vals))
	for i, v := range vals {
		tv, ok := v.(T)
		if !ok {
			return vals
		}
		out[i] = tv
	}
	return out
}

func (n *inListNode) render(c *compiler) {
	if c.d.Has(FeatureArrayParams) {
		n.left.render(c)
		if n.negate {
			c.write(" <> ALL(")
		} else {
			c.write(" = ANY(")
		}
		c.bind(n, 0)
		c.write(")")
		return
	}
	if n.count == 0 {
		// "x IN ()" is not SQL; an empty list is a constant answer.
		if n.negate {
			c.write("1 = 1")
		} else {
			c.write("1 <> 1")
		}
		return
	}
	n.left.render(c)
	if n.negate {
		c.write(" NOT IN (")
	} else {
		c.write(" IN (")
	}
	for i := range n.count {
		if i > 0 {
			c.write(", ")
		}
		c.bind(n, i)
	}
	c.write(")")
}

func (n *inListNode) key(k *keyer) {
	k.op('i')
	if n.negate {
		k.byte(1)
	} else {
		k.byte(0)
	}
	if k.d.Has(FeatureArrayParams) {
		n.left.key(k)
		array := n.array
		if anys, ok := array.([]any); ok {
			array = typedArray(anys)
		}
		k.bind(n, array)
		return
	}
	k.int(n.count)
	// left is keyed even when an empty list does not render it: its table
	// is still in the inferred FROM clause.
	n.left.key(k)
	k.bindList(n, n.elems)
}

func (n *inListNode) walk(fn func(node) bool) {
	if fn(n) {
		n.left.walk(fn)
	}
}

// inSelectNode is "left IN (SELECT ...)".
type inSelectNode struct {
	left   node
	sub    queryNodeT
	negate bool
}

func (n *inSelectNode) render(c *compiler) {
	n.left.render(c)
	if n.negate {
		c.write(" NOT IN ")
	} else {
		c.write(" IN ")
	}
	(&subqueryExpr{q: n.sub}).render(c)
}

func (n *inSelectNode) key(k *keyer) {
	k.op('I')
	if n.negate {
		k.byte(1)
	} else {
		k.byte(0)
	}
	n.left.key(k)
	n.sub.key(k)
}

func (n *inSelectNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.left, n.sub)
	}
}

// betweenNode is "operand BETWEEN lo AND hi".
type betweenNode struct{ operand, lo, hi node }

func (n *betweenNode) render(c *compiler) {
	n.operand.render(c)
	c.write(" BETWEEN ")
	n.lo.render(c)
	c.write(" AND ")
	n.hi.render(c)
}

func (n *betweenNode) key(k *keyer) { k.op('B'); n.operand.key(k); n.lo.key(k); n.hi.key(k) }

func (n *betweenNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.operand, n.lo, n.hi)
	}
}

// likeNode is LIKE, NOT LIKE and case-insensitive ILIKE.
type likeNode struct {
	operand, pattern node
	negate, fold     bool
}

func (n *likeNode) render(c *compiler) {
	not := ""
	if n.negate {
		not = "NOT "
	}
	switch {
	case !n.fold:
		n.operand.render(c)
		c.write(" " + not + "LIKE ")
		n.pattern.render(c)
	case c.d.Has(FeatureILike):
		n.operand.render(c)
		c.write(" " + not + "ILIKE ")
		n.pattern.render(c)
	default:
		c.write("lower(")
		n.operand.render(c)
		c.write(") " + not + "LIKE lower(")
		n.pattern.render(c)
		c.write(")")
	}
}

func (n *likeNode) key(k *keyer) {
	k.op('L')
	var flags byte
	if n.negate {
		flags |= 1
	}
	if n.fold {
		flags |= 2
	}
	k.byte(flags)
	n.operand.key(k)
	n.pattern.key(k)
}

func (n *likeNode) walk(fn func(node) bool) {
	if fn(n) {
		walkAll(fn, n.operand, n.pattern)
	}
}

// labelNode is "expr AS name" in a select list; elsewhere it is just expr.
type labelNode struct {
	expr node
	name string
}

func (n *labelNode) render(c *compiler) { n.expr.render(c) }
func (n *labelNode) key(k *keyer)       { k.op('='); k.str(n.name); n.expr.key(k) }

func (n *labelNode) walk(fn func(node) bool) {
	if fn(n) {
		n.expr.walk(fn)
	}
}

// orderNode is an ORDER BY item.
type orderNode struct {
	expr  node
	desc  bool
	nulls string // "", "FIRST" or "LAST"
}

func (n *orderNode) render(c *compiler) {
	// A labelled select-list item is ordered by its bare label, as SQL
	// allows and as readers expect ("ORDER BY rn").
	if l, ok := n.expr.(*labelNode); ok && c.inSelectList(l) {
		c.alias(l.name)
	} else {
		n.expr.render(c)
	}
	if n.desc {
		c.write(" DESC")
	} else {
		c.write(" ASC")
	}
	if n.nulls != "" {
		if !c.d.Has(FeatureNullsOrdering) {
			c.fail(unsupported(c.d, "NULLS "+n.nulls))
			return
		}
		c.write(" NULLS " + n.nulls)
	}
}

func (n *orderNode) key(k *keyer) {
	k.op('o')
	if n.desc {
		k.byte(1)
	} else {
		k.byte(0)
	}
	k.str(n.nulls)
	n.expr.key(k)
}

func (n *orderNode) walk(fn func(node) bool) {
	if fn(n) {
		n.expr.walk(fn)
	}
}

// rawNode is literal SQL from Raw, with "?" marking its arguments.
type rawNode struct {
	sql  string
	args []any
}

func (n *rawNode) render(c *compiler) {
	parts, err := rawSplit(c.d, n.sql)
	if err != nil {
		c.fail(err)
		return
	}
	if len(parts)-1 != len(n.args) {
		c.fail(errorf(ErrInvalidStatement, "Raw(%q) has %d placeholders for %d arguments", n.sql, len(parts)-1, len(n.args)))
		return
	}
	c.write(parts[0])
	for i, p := range parts[1:] {
		c.bind(n, i)
		c.write(p)
	}
}

func (n *rawNode) key(k *keyer) {
	k.op('r')
	k.str(n.sql)
	args := n.args
	k.bindList(n, func(dst []any) []any { return append(dst, args...) })
}

func (n *rawNode) walk(fn func(node) bool) { fn(n) }

// subqueryExpr is a SELECT used as a value or a set: "(SELECT ...)".
type subqueryExpr struct{ q queryNodeT }

func (n *subqueryExpr) render(c *compiler) {
	c.write("(")
	c.nested(n.q, true)
	c.write(")")
}

func (n *subqueryExpr) key(k *keyer) { k.op('('); n.q.key(k) }

func (n *subqueryExpr) walk(fn func(node) bool) {
	if fn(n) {
		n.q.walk(fn)
	}
}
