// core/inspect.go

package core

import "github.com/retortdb/retort/internal/corehook"

func init() {
	corehook.Inspect = func(cond any) corehook.Pred {
		e, ok := cond.(Expression)
		if !ok || e == nil || e.exprNode() == nil {
			return corehook.Pred{}
		}
		return inspect(e.exprNode())
	}
	corehook.Columns = func(e any) []corehook.Column {
		var root node
		switch x := e.(type) {
		case Expression:
			root = x.exprNode()
		case Projection:
			root = x.projectionNode()
		}
		if root == nil {
			return nil
		}
		var cols []corehook.Column
		root.walk(func(n node) bool {
			switch n := n.(type) {
			case *columnNode:
				cols = append(cols, corehook.Column{Table: n.from, Name: n.name})
			case *subqueryExpr, *SelectStmt, *CompoundSelect:
				return false
			case *inSelectNode:
				n.left.walk(func(m node) bool {
					if c, ok := m.(*columnNode); ok {
						cols = append(cols, corehook.Column{Table: c.from, Name: c.name})
					}
					return true
				})
				return false
			}
			return true
		})
		return cols
	}
}

// inspect is n as a Pred: the comparisons of a column with bound values,
// IS NULL, IN, AND, OR, NOT and the boolean literals; Unknown for the
// rest.
func inspect(n node) corehook.Pred {
	switch n := n.(type) {
	case *boolListNode:
		p := corehook.Pred{Op: corehook.And, Items: make([]corehook.Pred, len(n.items))}
		if n.op == "OR" {
			p.Op = corehook.Or
		}
		for i, it := range n.items {
			p.Items[i] = inspect(it)
		}
		return p
	case *prefixNode:
		if n.op == "NOT " {
			return corehook.Pred{Op: corehook.Not, Items: []corehook.Pred{inspect(n.operand)}}
		}
	case *keywordNode:
		switch n.word {
		case "TRUE":
			return corehook.Pred{Op: corehook.Const, Values: []any{true}}
		case "FALSE":
			return corehook.Pred{Op: corehook.Const, Values: []any{false}}
		}
	case *columnNode:
		// A boolean column alone: true where it is.
		return corehook.Pred{Op: corehook.Eq, Column: columnOf(n), Values: []any{true}}
	case *binaryNode:
		col, ok := n.left.(*columnNode)
		bind, isBind := n.right.(*bindNode)
		if !ok || !isBind {
			break
		}
		switch n.op {
		case "=":
			return corehook.Pred{Op: corehook.Eq, Column: columnOf(col), Values: []any{bind.value}}
		case "<>":
			return corehook.Pred{Op: corehook.Ne, Column: columnOf(col), Values: []any{bind.value}}
		}
	case *postfixNode:
		col, ok := n.operand.(*columnNode)
		if !ok {
			break
		}
		switch n.op {
		case " IS NULL":
			return corehook.Pred{Op: corehook.IsNull, Column: columnOf(col)}
		case " IS NOT NULL":
			return corehook.Pred{Op: corehook.IsNotNull, Column: columnOf(col)}
		}
	case *inListNode:
		col, ok := n.left.(*columnNode)
		if !ok {
			break
		}
		p := corehook.Pred{Op: corehook.In, Column: columnOf(col), Values: n.elems(nil)}
		if n.negate {
			p.Op = corehook.NotIn
		}
		return p
	}
	return corehook.Pred{Op: corehook.Unknown}
}

func columnOf(n *columnNode) corehook.Column { return corehook.Column{Table: n.from, Name: n.name} }
