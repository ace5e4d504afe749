// core/json.go

package core

import (
	"database/sql/driver"
	"encoding/json"
	"reflect"
	"strings"
)

// jsonDocument returns v's JSON text for a JSON column, or nil where v is
// bound as it is: nil (NULL), a nil pointer, text already, or a value with
// a Value method.
func jsonDocument(v any) (any, error) {
	switch v.(type) {
	case nil, string, []byte, json.RawMessage, driver.Valuer:
		return nil, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// jsonOp is what a jsonNode does.
type jsonOp uint8

const (
	jsonGet jsonOp = iota
	jsonText
	jsonContains
	jsonHasKey
)

// jsonNode is a JSON operation on doc. Its operand is bound twice, in the
// two forms the dialects take (a text[] path for PostgreSQL, a JSON path
// string elsewhere); only the one the dialect uses is rendered, and only
// rendered values become arguments.
type jsonNode struct {
	op       jsonOp
	doc      node
	pg, path node // bindNodes; path is nil where the operand is the same for all
}

// JSONGet is the part of the JSON document e at the path of keys, as JSON
// (NULL where the path leads nowhere): JSONGet(Users.Settings, "theme",
// "colour"). With no keys it is e itself.
func JSONGet(e Expression, keys ...string) Expr[json.RawMessage] {
	return typed[json.RawMessage](newJSONPath(jsonGet, e, keys, "JSONGet"))
}

// JSONText is the part of e at the path of keys as text: a JSON string
// unquoted, a number or boolean as its text, NULL where the path leads
// nowhere or to JSON null (PostgreSQL, SQLite; MySQL gives "null").
func JSONText(e Expression, keys ...string) Expr[string] {
	return typed[string](newJSONPath(jsonText, e, keys, "JSONText"))
}

func newJSONPath(op jsonOp, e Expression, keys []string, what string) node {
	if keys == nil {
		keys = []string{} // an empty text[], where nil would bind NULL
	}
	return &jsonNode{op: op, doc: nodeOf(e, what), pg: bindOf(keys), path: bindOf(jsonPath(keys))}
}

// jsonPath is the JSON path of keys as MySQL and SQLite read it: $ and
// each key in double quotes, so that any key, a dot or a quote in it
// included, names one member.
func jsonPath(keys []string) string {
	var b strings.Builder
	b.WriteByte('$')
	for _, k := range keys {
		b.WriteString(`."`)
		for _, r := range k {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	return b.String()
}

// JSONContains is true where the JSON document e contains v (encoded with
// encoding/json) at its top level, as PostgreSQL's @> and MySQL's
// JSON_CONTAINS decide: an object every key and value of v's is in, an
// array holding each of v's elements. SQLite has no such test: Compile
// refuses it there with ErrUnsupported.
func JSONContains(e Expression, v any) Bool {
	doc, err := json.Marshal(v)
	if err != nil {
		return typed[bool](invalid("JSONContains: %v", err))
	}
	return typed[bool](&jsonNode{op: jsonContains, doc: nodeOf(e, "JSONContains"), pg: bindOf(string(doc))})
}

// JSONHasKey is true where the JSON object e has the key k at its top
// level.
func JSONHasKey(e Expression, k string) Bool {
	return typed[bool](&jsonNode{op: jsonHasKey, doc: nodeOf(e, "JSONHasKey"), pg: bindOf(k), path: bindOf(jsonPath([]string{k}))})
}

func (n *jsonNode) key(k *keyer) {
	k.op('J')
	k.byte(byte(n.op))
	n.doc.key(k)
	n.pg.key(k)
	if n.path != nil {
		n.path.key(k)
	}
}

func (n *jsonNode) walk(fn func(node) bool) {
	if fn(n) {
		n.doc.walk(fn)
		n.pg.walk(fn)
		if n.path != nil {
			n.path.walk(fn)
		}
	}
}

func (n *jsonNode) render(c *compiler) {
	switch {
	case c.d.Has(FeatureJSONB):
		c.write("(")
		n.doc.render(c)
		c.write([]string{jsonGet: " #> ", jsonText: " #>> ", jsonContains: " @> CAST(", jsonHasKey: " ? "}[n.op])
		n.pg.render(c)
		if n.op == jsonContains {
			c.write(" AS JSONB)")
		}
		c.write(")")
	case c.d.Has(FeatureJSONFunctions):
		c.write([]string{jsonGet: "JSON_EXTRACT(", jsonText: "JSON_UNQUOTE(JSON_EXTRACT(", jsonContains: "JSON_CONTAINS(",
			jsonHasKey: "JSON_CONTAINS_PATH("}[n.op])
		n.doc.render(c)
		if n.op == jsonHasKey {
			c.write(", 'one'")
		}
		c.write(", ")
		if n.op == jsonContains {
			n.pg.render(c)
		} else {
			n.path.render(c)
		}
		c.write(")")
		if n.op == jsonText {
			c.write(")")
		}
	default: // SQLite's JSON functions and operators
		switch n.op {
		case jsonContains:
			c.fail(unsupported(c.d, "JSONContains"))
		case jsonHasKey:
			c.write("(json_type(")
			n.doc.render(c)
			c.write(", ")
			n.path.render(c)
			c.write(") IS NOT NULL)")
		default:
			c.write("(")
			n.doc.render(c)
			c.write([]string{jsonGet: " -> ", jsonText: " ->> "}[n.op])
			n.path.render(c)
			c.write(")")
		}
	}
}
