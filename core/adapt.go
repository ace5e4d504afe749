// core/adapt.go

package core

import "slices"

// Adapt returns e with columns read from to instead of where e names
// them, as SQLAlchemy's ClauseAdapter does: for an alias of a table, its
// table's columns, so that a condition written on the table
// (Orders.Status.Eq("paid")) applies to the alias; for a subquery or a
// CTE, the columns it selects, so that a condition on the query it wraps
// applies outside it. The ORM uses it to put a relationship's criteria
// into the ON clause of the anonymous alias it joins the relationship
// under, next to the subquery that wraps a limited query. Other columns
// stay as they are, and so do those of a subquery in e that selects from
// the table itself (From): they are its own; a subquery that only refers
// to the table is correlated to to. For an ORDER BY term use AdaptOrder.
func Adapt[T any](e TypedExpression[T], to FromItem) Expr[T] {
	if e == nil {
		return typed[T](invalid("Adapt of a nil expression"))
	}
	return typed[T](adaptNodeOf(nodeOf(e, "Adapt"), to))
}

// AdaptOrder is Adapt for an ORDER BY term: an Ordering
// (Orders.CreatedAt.Desc()), or an expression, which orders ascending.
func AdaptOrder(e Expression, to FromItem) Ordering {
	n := nodeOf(e, "AdaptOrder")
	if o, ok := n.(*orderNode); ok {
		return Ordering{n: &orderNode{expr: adaptNodeOf(o.expr, to), desc: o.desc, nulls: o.nulls}}
	}
	return Ordering{n: &orderNode{expr: adaptNodeOf(n, to)}}
}

func adaptNodeOf(n node, to FromItem) node {
	if to == nil {
		return invalid("Adapt onto a nil FROM item")
	}
	if _, bad := n.(*errNode); bad {
		return n
	}
	switch f := to.fromNode().(type) {
	case *Table:
		if f.base == nil {
			return n // the table itself: nothing to move
		}
		return &adaptNode{expr: n, to: f}
	case derivedFrom:
		return &adaptNode{expr: n, to: f}
	}
	return invalid("Adapt onto %s, which is not an alias, a subquery or a CTE", to.fromNode().displayName())
}

// adaptNode is an expression whose columns render as to's (see
// adaptation.column): the compiler holds the adaptation while it renders
// expr.
type adaptNode struct {
	expr node
	to   fromNode // an alias (*Table) or a derivedFrom
}

// adaptation is one adaptNode being rendered: depth is the number of
// scopes open when it began, so that a SELECT nested deeper that reads a
// table itself keeps its own columns.
type adaptation struct {
	to    fromNode
	depth int
}

// column returns the column of a.to that stands for n, or nil.
func (a adaptation) column(n *columnNode) *columnNode {
	if n.def == nil {
		return nil
	}
	switch to := a.to.(type) {
	case *Table:
		if n.from == fromNode(to.base) {
			return to.cols[n.pos]
		}
	case derivedFrom:
		if t, ok := n.from.(*Table); ok && t.base == nil {
			if name, ok := selectedAs(to, n); ok {
				return &columnNode{from: to, name: name}
			}
		}
	}
	return nil
}

// selectedAs returns the name under which d selects the column n itself
// (not another alias's of the same table column).
func selectedAs(d derivedFrom, n *columnNode) (string, bool) {
	var name string
	var ok bool
	switch d := d.(type) {
	case *Subquery:
		name, ok = findProjectedAs(d.q, n, false)
	case *CTE:
		name, ok = findProjectedAs(d.q, n, false)
	}
	return name, ok && name != ""
}

func (n *adaptNode) render(c *compiler) {
	c.adapts = append(c.adapts, adaptation{to: n.to, depth: len(c.scopes)})
	n.expr.render(c)
	c.adapts = c.adapts[:len(c.adapts)-1]
}

func (n *adaptNode) key(k *keyer) {
	k.op('@')
	n.to.key(k)
	n.expr.key(k)
}

// walk reports the columns as to's, so that FROM inference and the
// checks of ORDER BY see what the SQL reads.
func (n *adaptNode) walk(fn func(node) bool) {
	if !fn(n) {
		return
	}
	a := adaptation{to: n.to}
	n.expr.walk(func(x node) bool {
		if col, ok := x.(*columnNode); ok {
			if to := a.column(col); to != nil {
				return fn(to)
			}
		}
		return fn(x)
	})
}

// adapted returns the column that n renders as: that of the innermost
// adaptation that has one, unless a SELECT opened since reads n's table
// itself.
func (c *compiler) adapted(n *columnNode) *columnNode {
	for i := len(c.adapts) - 1; i >= 0; i-- {
		a := c.adapts[i]
		to := a.column(n)
		if to == nil {
			continue
		}
		if c.readsSince(a.depth, n.from) {
			return n
		}
		return to
	}
	return n
}

// adaptedFrom is adapted for a FROM item that a nested SELECT refers to:
// the item an adaptation reads f's columns from, for correlation.
func (c *compiler) adaptedFrom(f fromNode) fromNode {
	t, ok := f.(*Table)
	if !ok || t.base != nil {
		return f
	}
	for i := len(c.adapts) - 1; i >= 0; i-- {
		a := c.adapts[i]
		switch to := a.to.(type) {
		case *Table:
			if to.base != t {
				continue
			}
		case derivedFrom:
			if !selectsFrom(to, t) {
				continue
			}
		}
		if c.readsSince(a.depth, f) {
			return f
		}
		return a.to
	}
	return f
}

// readsSince reports whether a SELECT opened after the first depth scopes
// reads f.
func (c *compiler) readsSince(depth int, f fromNode) bool {
	for _, s := range c.scopes[depth:] {
		for _, m := range s.members {
			if m == f {
				return true
			}
		}
	}
	return false
}

// selectsFrom reports whether d selects a column of t.
func selectsFrom(d derivedFrom, t *Table) bool {
	for _, c := range t.cols {
		if _, ok := selectedAs(d, c); ok {
			return true
		}
	}
	return false
}

// Reads returns the FROM items whose columns e names, each once, in the
// order first met. The columns of a subquery in e (Scalar, Exists,
// InSelect) are left out: the subquery reads its own FROM, and a column
// it names from outside is correlated to the enclosing query. The ORM
// checks with it that an expression mapped onto an entity
// (orm.ColumnProperty) reads the entity's table alone.
func Reads(e Expression) []FromItem {
	if e == nil || e.exprNode() == nil {
		return nil
	}
	var out []FromItem
	e.exprNode().walk(func(n node) bool {
		switch n := n.(type) {
		case *subqueryExpr, queryNodeT:
			return false
		case *columnNode:
			if f, ok := n.from.(FromItem); ok && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
		return true
	})
	return out
}
