// core/array.go

package core

import "encoding/json"

// arrayOp is what an arrayNode tests.
type arrayOp uint8

const (
	arrayContains arrayOp = iota
	arrayOverlaps
	arrayAny
)

// arrayNode tests the array e against values, bound twice, as an array
// (PostgreSQL) and as JSON text (elsewhere); only the form the dialect
// uses is rendered.
type arrayNode struct {
	op     arrayOp
	e      node
	native node // the values as a slice, or the one value for Any
	text   node // their JSON array's text
}

// Contains is true where the array e holds every one of vals (and for no
// vals).
func Contains[E any](e TypedExpression[[]E], vals ...E) Bool {
	return typed[bool](newArrayNode(arrayContains, e, vals, "Contains"))
}

// Overlaps is true where the array e holds at least one of vals.
func Overlaps[E any](e TypedExpression[[]E], vals ...E) Bool {
	return typed[bool](newArrayNode(arrayOverlaps, e, vals, "Overlaps"))
}

// Any is true where v is an element of the array e: SQL's v = ANY(e).
func Any[E any](e TypedExpression[[]E], v E) Bool {
	n := newArrayNode(arrayAny, e, []E{v}, "Any")
	if an, ok := n.(*arrayNode); ok {
		an.native = bindOf(v)
	}
	return typed[bool](n)
}

func newArrayNode[E any](op arrayOp, e TypedExpression[[]E], vals []E, what string) node {
	if vals == nil {
		vals = []E{} // an empty array, where nil would bind NULL
	}
	text, err := json.Marshal(vals)
	if err != nil {
		return invalid("%s: %v", what, err)
	}
	return &arrayNode{op: op, e: nodeOf(e, what), native: bindOf(vals), text: bindOf(string(text))}
}

func (n *arrayNode) key(k *keyer) {
	k.op('K')
	k.byte(byte(n.op))
	n.e.key(k)
	n.native.key(k)
	n.text.key(k)
}

func (n *arrayNode) walk(fn func(node) bool) {
	if fn(n) {
		n.e.walk(fn)
		n.native.walk(fn)
		n.text.walk(fn)
	}
}

func (n *arrayNode) render(c *compiler) {
	switch {
	case c.d.Has(FeatureArrayColumns):
		c.write("(")
		if n.op == arrayAny {
			n.native.render(c)
			c.write(" = ANY(")
			n.e.render(c)
			c.write("))")
			return
		}
		n.e.render(c)
		c.write([]string{arrayContains: " @> ", arrayOverlaps: " && "}[n.op])
		n.native.render(c)
		c.write(")")
	case c.d.Has(FeatureJSONFunctions):
		c.write([]string{arrayContains: "JSON_CONTAINS(", arrayOverlaps: "JSON_OVERLAPS(", arrayAny: "JSON_CONTAINS("}[n.op])
		n.e.render(c)
		c.write(", ")
		n.text.render(c)
		c.write(")")
	default: // SQLite: the values of the JSON arrays, by json_each
		switch n.op {
		case arrayContains:
			c.write("NOT EXISTS (SELECT 1 FROM json_each(")
			n.text.render(c)
			c.write(") AS v WHERE v.value NOT IN (SELECT value FROM json_each(")
			n.e.render(c)
			c.write(")))")
		default:
			c.write("EXISTS (SELECT 1 FROM json_each(")
			n.e.render(c)
			c.write(") AS a, json_each(")
			n.text.render(c)
			c.write(") AS v WHERE a.value = v.value)")
		}
	}
}

// arrayValue is the value of an array column: the slice itself where
// arrays are column types, its JSON text where they are not.
type arrayValue struct{ native, text node }

func (n *arrayValue) key(k *keyer) {
	k.op('k')
	n.native.key(k)
	n.text.key(k)
}

func (n *arrayValue) walk(fn func(node) bool) {
	if fn(n) {
		n.native.walk(fn)
		n.text.walk(fn)
	}
}

func (n *arrayValue) render(c *compiler) {
	if c.d.Has(FeatureArrayColumns) {
		n.native.render(c)
		return
	}
	n.text.render(c)
}
