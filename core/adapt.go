// core/adapt.go

package core

// Adapt returns e with the columns of alias's table read from alias
// instead: a condition written on a table (Orders.Status.Eq("paid"))
// applied to an alias of it, as SQLAlchemy's ClauseAdapter applies it.
// The ORM uses it to put a relationship's criteria into the ON clause of
// the anonymous alias it joins the relationship under. Columns of other
// tables and aliases stay as they are, and so do those of a subquery in
// e that selects from the table itself (From): they are its own; a
// subquery that only refers to the table is correlated to the alias.
// For an ORDER BY term use AdaptOrder.
func Adapt[T any](e TypedExpression[T], alias *Table) Expr[T] {
	if e == nil {
		return typed[T](invalid("Adapt of a nil expression"))
	}
	return typed[T](adaptNodeOf(nodeOf(e, "Adapt"), alias))
}

// AdaptOrder is Adapt for an ORDER BY term: an Ordering
// (Orders.CreatedAt.Desc()), or an expression, which orders ascending.
func AdaptOrder(e Expression, alias *Table) Ordering {
	n := nodeOf(e, "AdaptOrder")
	if o, ok := n.(*orderNode); ok {
		return Ordering{n: &orderNode{expr: adaptNodeOf(o.expr, alias), desc: o.desc, nulls: o.nulls}}
	}
	return Ordering{n: &orderNode{expr: adaptNodeOf(n, alias)}}
}

func adaptNodeOf(n node, alias *Table) node {
	switch {
	case alias == nil:
		return invalid("Adapt onto a nil alias")
	case alias.base == nil:
		return n // the table itself: nothing to move
	}
	if _, bad := n.(*errNode); bad {
		return n
	}
	return &adaptNode{expr: n, alias: alias}
}

// adaptNode is an expression whose columns of alias's base table render
// as alias's: the compiler holds the adaptation while it renders expr
// (see compiler.adapted).
type adaptNode struct {
	expr  node
	alias *Table
}

// adaptation is one adaptNode being rendered: depth is the number of
// scopes open when it began, so that a SELECT nested deeper that reads
// the table itself keeps its own columns.
type adaptation struct {
	alias *Table
	depth int
}

func (n *adaptNode) render(c *compiler) {
	c.adapts = append(c.adapts, adaptation{alias: n.alias, depth: len(c.scopes)})
	n.expr.render(c)
	c.adapts = c.adapts[:len(c.adapts)-1]
}

func (n *adaptNode) key(k *keyer) {
	k.op('@')
	n.alias.key(k)
	n.expr.key(k)
}

// walk reports the columns of the table as the alias's, so that FROM
// inference and the checks of ORDER BY see what the SQL reads.
func (n *adaptNode) walk(fn func(node) bool) {
	if !fn(n) {
		return
	}
	base := n.alias.base
	n.expr.walk(func(x node) bool {
		if col, ok := x.(*columnNode); ok && col.def != nil && col.from == fromNode(base) {
			return fn(n.alias.cols[col.pos])
		}
		return fn(x)
	})
}

// adapted returns the FROM item a column of f is read from: the alias of
// the innermost adaptation of f's table, unless a SELECT opened since
// reads the table itself.
func (c *compiler) adapted(f fromNode) fromNode {
	t, ok := f.(*Table)
	if !ok || t.base != nil {
		return f
	}
	for i := len(c.adapts) - 1; i >= 0; i-- {
		a := c.adapts[i]
		if a.alias.base != t {
			continue
		}
		for _, s := range c.scopes[a.depth:] {
			for _, m := range s.members {
				if m == fromNode(t) {
					return f
				}
			}
		}
		return a.alias
	}
	return f
}
