// core/node.go

package core

// node is one element of the statement tree. Nodes are immutable once built,
// so a tree can be shared between goroutines and between statements.
//
// Each node does three things, and the three must agree:
//   - render writes its SQL for one dialect (the cold path, cached);
//   - key writes its shape, everything but bound values, and collects the
//     bound values in a canonical order (the hot path, run on every compile);
//   - walk visits it and its children, for FROM inference, correlation and
//     the Cartesian-product lint.
type node interface {
	render(c *compiler)
	key(k *keyer)
	walk(fn func(node) bool)
}

// walkAll walks each of ns.
func walkAll(fn func(node) bool, ns ...node) {
	for _, n := range ns {
		if n != nil {
			n.walk(fn)
		}
	}
}

// errNode stands for a part of a statement that could not be built. Builders
// never panic on a user's mistake; they leave an errNode in the tree and
// Compile reports it.
type errNode struct{ err error }

func (e *errNode) render(c *compiler)      { c.fail(e.err) }
func (e *errNode) key(k *keyer)            { k.fail(e.err) }
func (e *errNode) walk(fn func(node) bool) { fn(e) }

func invalid(format string, args ...any) *errNode {
	return &errNode{errorf(ErrInvalidStatement, format, args...)}
}

// nodeOf returns the node of an expression, or an errNode for a nil one.
func nodeOf(e Expression, what string) node {
	if e == nil {
		return invalid("nil expression in %s", what)
	}
	n := e.exprNode()
	if n == nil {
		return invalid("zero-value expression in %s", what)
	}
	return n
}
