// core/window.go

package core

import "strconv"

// Window functions.

// RowNumber is row_number(), numbering rows within a window from 1.
func RowNumber() Expr[int64] { return Func[int64]("row_number") }

// Rank is rank(): equal rows share a rank, leaving gaps after them.
func Rank() Expr[int64] { return Func[int64]("rank") }

// DenseRank is dense_rank(): ranks without gaps.
func DenseRank() Expr[int64] { return Func[int64]("dense_rank") }

// Lag is lag(e, offset): the value offset rows before, within the window.
func Lag[T any](e TypedExpression[T], offset int) Expr[T] {
	return typed[T](&funcNode{name: "lag", args: []node{nodeOf(e, "Lag"), bindOf(offset)}})
}

// Lead is lead(e, offset): the value offset rows after, within the window.
func Lead[T any](e TypedExpression[T], offset int) Expr[T] {
	return typed[T](&funcNode{name: "lead", args: []node{nodeOf(e, "Lead"), bindOf(offset)}})
}

// WindowOption is one part of an OVER clause: PartitionBy, OrderBy, Rows or Range.
type WindowOption interface{ applyWindow(w *windowNode) }

type windowOptionFunc func(w *windowNode)

func (f windowOptionFunc) applyWindow(w *windowNode) { f(w) }

// PartitionBy splits the rows into windows by the given expressions.
func PartitionBy(exprs ...Expression) WindowOption {
	return windowOptionFunc(func(w *windowNode) {
		for _, e := range exprs {
			w.partition = append(w.partition, nodeOf(e, "PartitionBy"))
		}
	})
}

// OrderBy orders the rows within each window. It takes expressions (ordered
// ascending) or orderings (Users.CreatedAt.Desc()).
func OrderBy(items ...Expression) WindowOption {
	return windowOptionFunc(func(w *windowNode) {
		w.order = append(w.order, orderNodes(items, "OrderBy")...)
	})
}

// FrameBound is one end of a window frame; see Rows and Range.
type FrameBound struct {
	kind   uint8 // 0 unbounded preceding, 1 preceding, 2 current row, 3 following, 4 unbounded following
	offset int
}

// Frame bounds.
var (
	UnboundedPreceding = FrameBound{kind: 0}
	CurrentRow         = FrameBound{kind: 2}
	UnboundedFollowing = FrameBound{kind: 4}
)

// Preceding is "n PRECEDING".
func Preceding(n int) FrameBound { return FrameBound{kind: 1, offset: n} }

// Following is "n FOLLOWING".
func Following(n int) FrameBound { return FrameBound{kind: 3, offset: n} }

func (b FrameBound) sql() string {
	switch b.kind {
	case 0:
		return "UNBOUNDED PRECEDING"
	case 1:
		return strconv.Itoa(b.offset) + " PRECEDING"
	case 2:
		return "CURRENT ROW"
	case 3:
		return strconv.Itoa(b.offset) + " FOLLOWING"
	default:
		return "UNBOUNDED FOLLOWING"
	}
}

// Rows is the frame "ROWS BETWEEN start AND end". The offsets are integers
// chosen by the program and are written into the SQL.
func Rows(start, end FrameBound) WindowOption {
	return windowOptionFunc(func(w *windowNode) { w.frame = "ROWS BETWEEN " + start.sql() + " AND " + end.sql() })
}

// Range is the frame "RANGE BETWEEN start AND end".
func Range(start, end FrameBound) WindowOption {
	return windowOptionFunc(func(w *windowNode) { w.frame = "RANGE BETWEEN " + start.sql() + " AND " + end.sql() })
}

type windowNode struct {
	fn        node
	partition []node
	order     []node
	frame     string
}

// Over makes e a window function call: "e OVER (PARTITION BY ... ORDER BY ...)".
func (e Expr[T]) Over(opts ...WindowOption) Expr[T] {
	w := &windowNode{fn: e.self("Over")}
	for _, o := range opts {
		if o != nil {
			o.applyWindow(w)
		}
	}
	return typed[T](w)
}

func (w *windowNode) render(c *compiler) {
	w.fn.render(c)
	c.write(" OVER (")
	sep := ""
	if len(w.partition) > 0 {
		c.write("PARTITION BY ")
		c.list(w.partition)
		sep = " "
	}
	if len(w.order) > 0 {
		c.write(sep + "ORDER BY ")
		// No database lets OVER name a select-list label: an empty scope
		// keeps orderNode from writing the bare label.
		c.scopes = append(c.scopes, &scope{})
		c.list(w.order)
		c.scopes = c.scopes[:len(c.scopes)-1]
		sep = " "
	}
	if w.frame != "" {
		if !c.d.Has(FeatureWindowFrames) {
			c.fail(unsupported(c.d, "window frames"))
		}
		c.write(sep + w.frame)
	}
	c.write(")")
}

func (w *windowNode) key(k *keyer) {
	k.op('w')
	w.fn.key(k)
	k.nodes(w.partition)
	k.nodes(w.order)
	k.str(w.frame)
}

func (w *windowNode) walk(fn func(node) bool) {
	if fn(w) {
		w.fn.walk(fn)
		walkAll(fn, w.partition...)
		walkAll(fn, w.order...)
	}
}

// orderNodes turns ORDER BY arguments into nodes: an Ordering as it is, any
// other expression ascending.
func orderNodes(items []Expression, what string) []node {
	out := make([]node, 0, len(items))
	for _, it := range items {
		n := nodeOf(it, what)
		if _, ok := n.(*orderNode); !ok {
			if _, bad := n.(*errNode); !bad {
				n = &orderNode{expr: n}
			}
		}
		out = append(out, n)
	}
	return out
}
