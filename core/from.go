// core/from.go

package core

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FromItem is anything that can stand in a FROM clause or be joined: a
// *Table (or alias), a *Subquery (also LATERAL) or a *CTE.
type FromItem interface {
	fromNode() fromNode
}

// fromNode is a FROM item inside the tree.
type fromNode interface {
	node
	// identity is what correlation and the Cartesian lint compare: the item
	// itself, except for a CTE, whose versions (before and after UnionAll)
	// are one table.
	identity() any
	displayName() string
}

// derivedFrom is a FROM item whose columns are a select list: a subquery or CTE.
type derivedFrom interface {
	fromNode
	columnNames() []string
	findColumn(e node) (string, bool)
}

func (t *Table) identity() any { return t }

// Projection is anything that can be selected: an expression, or a whole
// table (all of its columns).
type Projection interface {
	projectionNode() node
}

func (e Expr[T]) projectionNode() node { return e.n }

func (t *Table) projectionNode() node { return &t.star }

// tableStarNode selects every column of a table, in definition order.
type tableStarNode struct{ t *Table }

func (n *tableStarNode) render(c *compiler) {
	for i, col := range n.t.cols {
		if i > 0 {
			c.write(", ")
		}
		col.render(c)
	}
}

func (n *tableStarNode) key(k *keyer) { k.op('*'); n.t.key(k) }

func (n *tableStarNode) walk(fn func(node) bool) { fn(n) }

// joinNode is "left JOIN right ON on".
type joinNode struct {
	left, right fromNode
	on          node
	kind        string // "JOIN", "LEFT OUTER JOIN", "FULL OUTER JOIN", "CROSS JOIN"
}

func (j *joinNode) identity() any { return j }
func (j *joinNode) displayName() string {
	return j.left.displayName() + " JOIN " + j.right.displayName()
}

func (j *joinNode) render(c *compiler) {
	if j.kind == "FULL OUTER JOIN" && !c.d.Has(FeatureFullJoin) {
		c.fail(unsupported(c.d, "FULL OUTER JOIN"))
	}
	j.left.render(c)
	c.write(" ")
	c.write(j.kind)
	c.write(" ")
	if _, nested := j.right.(*joinNode); nested {
		c.write("(")
		j.right.render(c)
		c.write(")")
	} else {
		j.right.render(c)
	}
	if j.on != nil {
		c.write(" ON ")
		j.on.render(c)
	}
}

func (j *joinNode) key(k *keyer) {
	k.op('j')
	k.str(j.kind)
	j.left.key(k)
	j.right.key(k)
	if j.on != nil {
		j.on.key(k)
	} else {
		k.byte(0)
	}
}

func (j *joinNode) walk(fn func(node) bool) {
	if fn(j) {
		walkAll(fn, j.left, j.right, j.on)
	}
}

// FromItems returns the FROM items the statement names through From and
// its joins: items, those whose every row takes part (each item joined to
// none, the left end of a chain of joins, and a CROSS JOIN's right side),
// and joined, the right side of each join with an ON clause, in order. A
// FROM inferred from the columns selected is in neither. The ORM asks
// where an entity's table stands before it adds a loader criterion.
func (s *SelectStmt) FromItems() (items, joined []FromItem) {
	var visit func(f fromNode, right bool)
	visit = func(f fromNode, right bool) {
		if j, ok := f.(*joinNode); ok {
			visit(j.left, false)
			visit(j.right, j.kind != "CROSS JOIN")
			return
		}
		it, ok := f.(FromItem)
		switch {
		case !ok:
		case right:
			joined = append(joined, it)
		default:
			items = append(items, it)
		}
	}
	for _, f := range s.froms {
		visit(f, false)
	}
	return items, joined
}

// AndOn returns the statement with conds ANDed into the ON clause of each
// join whose right side is target itself (not another alias of its
// table), and how many joins that is: the ORM adds a loader criterion
// there, so that an outer join keeps the rows it found nothing for. A
// CROSS JOIN has no ON clause and is left as it is; so is the receiver.
func (s *SelectStmt) AndOn(target FromItem, conds ...Condition) (*SelectStmt, int) {
	if target == nil || len(conds) == 0 {
		return s, 0
	}
	right := target.fromNode()
	n := 0
	var froms []fromNode
	for i, f := range s.froms {
		if g := andOn(f, right, conds, &n); g != f {
			if froms == nil {
				froms = slices.Clone(s.froms)
			}
			froms[i] = g
		}
	}
	if froms == nil {
		return s, 0
	}
	c := s.clone()
	c.froms = froms
	return c, n
}

// andOn is f with conds ANDed into the ON clause of its joins to right,
// counted in n: a new join tree where one changed, f itself otherwise.
func andOn(f, right fromNode, conds []Condition, n *int) fromNode {
	j, ok := f.(*joinNode)
	if !ok {
		return f
	}
	left, r, on := andOn(j.left, right, conds, n), andOn(j.right, right, conds, n), j.on
	if j.right == right && j.kind != "CROSS JOIN" {
		var items []node
		if l, ok := on.(*boolListNode); ok && l.op == "AND" {
			items = append(items, l.items...)
		} else if on != nil {
			items = append(items, on)
		}
		for _, c := range conds {
			items = append(items, nodeOf(c, "AndOn"))
		}
		on = &boolListNode{op: "AND", items: items}
		*n++
	}
	if left == j.left && r == j.right && on == j.on {
		return f
	}
	return &joinNode{left: left, right: r, on: on, kind: j.kind}
}

// members lists the FROM items a FROM element is made of: the leaves of a
// join tree, or the item itself.
func members(f fromNode, out []fromNode) []fromNode {
	if j, ok := f.(*joinNode); ok {
		return members(j.right, members(j.left, out))
	}
	return append(out, f)
}

// inferJoin builds the ON clause of a join from the foreign keys between the
// tables of left and the table right. Exactly one path must exist.
func inferJoin(left, right fromNode) node {
	rt, ok := right.(*Table)
	if !ok {
		return &errNode{errorf(ErrNoJoinPath, "join to %s needs an ON condition: only tables carry foreign keys", right.displayName())}
	}
	// A path is a foreign key from one side to the other; its description
	// is only written when there is an error to report.
	type path struct {
		from, to *Table
		fk       ForeignKey
	}
	var paths []path
	for _, m := range members(left, nil) {
		lt, ok := m.(*Table)
		if !ok {
			continue
		}
		for _, fk := range lt.Base().fks {
			if fk.RefTable == rt.Base() {
				paths = append(paths, path{lt, rt, fk})
			}
		}
		for _, fk := range rt.Base().fks {
			if fk.RefTable == lt.Base() {
				paths = append(paths, path{rt, lt, fk})
			}
		}
	}
	switch len(paths) {
	case 1:
		p := paths[0]
		conds := make([]Expression, len(p.fk.Columns))
		for i := range p.fk.Columns {
			conds[i] = typed[bool](&binaryNode{op: "=",
				left: p.from.column(p.fk.Columns[i].Name), right: p.to.column(p.fk.RefColumns[i].Name)})
		}
		return newBoolList("AND", conds)
	case 0:
		return &errNode{errorf(ErrNoJoinPath, "no foreign key links %s to %s; give an ON condition",
			left.displayName(), right.displayName())}
	}
	descs := make([]string, len(paths))
	for i, p := range paths {
		parts := make([]string, len(p.fk.Columns))
		for j := range p.fk.Columns {
			parts[j] = fmt.Sprintf("%s -> %s", p.from.column(p.fk.Columns[j].Name), p.to.column(p.fk.RefColumns[j].Name))
		}
		descs[i] = strings.Join(parts, ", ")
	}
	return &errNode{errorf(ErrNoJoinPath, "%d foreign-key paths link %s to %s (%s); give an ON condition",
		len(paths), left.displayName(), right.displayName(), strings.Join(descs, "; "))}
}

// Subquery is a SELECT used as a FROM item: "(SELECT ...) AS name", or with
// Lateral, "LATERAL (SELECT ...) AS name". Reach its columns with Of or
// ColumnOf.
type Subquery struct {
	q       queryNodeT
	name    string
	lateral bool
}

func (s *Subquery) fromNode() fromNode { return s }
func (s *Subquery) identity() any      { return s }

func (s *Subquery) displayName() string {
	if s.name == "" {
		return "anonymous subquery"
	}
	return s.name
}

func (s *Subquery) columnNames() []string            { return s.q.names() }
func (s *Subquery) findColumn(e node) (string, bool) { return findProjected(s.q, e) }

func (s *Subquery) render(c *compiler) {
	if s.lateral {
		if !c.d.Has(FeatureLateral) {
			c.fail(unsupported(c.d, "LATERAL"))
			return
		}
		c.write("LATERAL ")
	}
	c.write("(")
	c.nested(s.q, s.lateral)
	c.write(") AS ")
	c.write(c.qualifier(s))
}

func (s *Subquery) key(k *keyer) {
	if seenFrom(k, s) {
		return
	}
	k.op('S')
	k.str(s.name)
	if s.lateral {
		k.byte(1)
	} else {
		k.byte(0)
	}
	s.q.key(k)
}

func (s *Subquery) walk(fn func(node) bool) {
	if fn(s) {
		s.q.walk(fn)
	}
}

// CTE is a common table expression: a named SELECT in the statement's WITH
// clause, used as a FROM item. Statements collect the CTEs they use, so
// there is no With method: referring to a CTE is enough.
type CTE struct {
	family  *cteFamily
	version int
	q       queryNodeT
	name    string
	// recursive parts, joined to q with UNION ALL (or UNION, if distinct).
	recursive []queryNodeT
	distinct  bool
}

// cteFamily ties together the versions of one CTE: the anchor that the
// recursive part refers to, and the CTE returned by UnionAll.
type cteFamily struct{ name string }

func (t *CTE) fromNode() fromNode { return t }
func (t *CTE) identity() any      { return t.family }
func (t *CTE) displayName() string {
	return t.name
}

func (t *CTE) columnNames() []string            { return t.q.names() }
func (t *CTE) findColumn(e node) (string, bool) { return findProjected(t.q, e) }

// UnionAll makes the CTE recursive: "WITH RECURSIVE name(cols) AS (anchor
// UNION ALL part)". part refers to the CTE (the receiver) to read the rows
// found so far; the returned CTE is the one to select from.
func (t *CTE) UnionAll(part SelectQuery) *CTE { return t.union(part, false) }

// Union is UnionAll without duplicate rows, which also stops cycles.
func (t *CTE) Union(part SelectQuery) *CTE { return t.union(part, true) }

func (t *CTE) union(part SelectQuery, distinct bool) *CTE {
	c := *t
	c.version = t.version + 1
	c.recursive = append(t.recursive[:len(t.recursive):len(t.recursive)], queryNode(part))
	c.distinct = distinct
	return &c
}

// render, as a FROM item, is the CTE's name; its definition goes in WITH.
func (t *CTE) render(c *compiler) { c.ident(t.name) }

func (t *CTE) key(k *keyer) {
	if seenFrom(k, t) {
		return
	}
	k.op('E')
	k.str(t.name)
	k.int(t.version)
	if t.distinct {
		k.byte(1)
	} else {
		k.byte(0)
	}
	t.q.key(k)
	k.int(len(t.recursive))
	for _, r := range t.recursive {
		r.key(k)
	}
}

func (t *CTE) walk(fn func(node) bool) { fn(t) }

// renderDefinition writes "name(cols) AS (...)".
func (t *CTE) renderDefinition(c *compiler) {
	c.ident(t.name)
	if len(t.recursive) > 0 {
		c.write("(")
		for i, n := range t.q.names() {
			if i > 0 {
				c.write(", ")
			}
			c.alias(n)
		}
		c.write(")")
	}
	c.write(" AS (")
	c.nested(t.q, false)
	for _, r := range t.recursive {
		if t.distinct {
			c.write(" UNION ")
		} else {
			c.write(" UNION ALL ")
		}
		c.nested(r, false)
	}
	c.write(")")
}

// findProjected finds e among the select-list items of q and returns the
// name it has there.
func findProjected(q queryNodeT, e node) (string, bool) {
	// The column itself first, then one of the same table column read
	// from elsewhere: a query that selects a table's column and its
	// alias's (an employee and their manager) has both.
	for _, sameDef := range []bool{false, true} {
		if name, ok := findProjectedAs(q, e, sameDef); ok {
			return name, true
		}
	}
	return "", false
}

func findProjectedAs(q queryNodeT, e node, sameDef bool) (string, bool) {
	items := q.projection()
	names := q.names()
	col, _ := e.(*columnNode)
	matches := func(it *columnNode) bool {
		return it == e || sameDef && col != nil && col.def != nil && it.def == col.def
	}
	pos := 0
	for _, it := range items {
		switch it := it.(type) {
		case *tableStarNode:
			for _, tc := range it.t.cols {
				if matches(tc) {
					return names[pos], true
				}
				pos++
			}
			continue
		case *labelNode:
			if it == e || it.expr == e {
				return names[pos], true
			}
		case *columnNode:
			if matches(it) {
				return names[pos], true
			}
		default:
			if it == e {
				return names[pos], true
			}
		}
		pos++
	}
	return "", false
}

// projectionNames gives each select-list column its name: a column's own
// name, a label, or "" for an unlabelled expression. A name already taken
// gets a suffix (id, id_1, id_2) so that every column can be told apart, as
// SQLAlchemy does; a long one is shortened as generatedName says, else
// PostgreSQL would cut id_1 back to id.
func projectionNames(items []node) []string {
	if len(items) == 1 {
		if ts, ok := items[0].(*tableStarNode); ok {
			return ts.t.starNames()
		}
	}
	n := 0
	for _, it := range items {
		if ts, ok := it.(*tableStarNode); ok {
			n += len(ts.t.cols)
		} else {
			n++
		}
	}
	names := make([]string, 0, n)
	for _, it := range items {
		switch it := it.(type) {
		case *tableStarNode:
			for _, c := range it.t.cols {
				names = appendName(names, c.name)
			}
		case *columnNode:
			names = appendName(names, it.name)
		case *labelNode:
			names = appendName(names, it.name)
		default:
			names = append(names, "")
		}
	}
	return names
}

// starNames are the result names of selecting all of t, shared by every
// statement that selects t alone: they are read, never appended to. A
// table may gain columns until it is first selected (NewColumn), so they
// are made then, not with the table; two goroutines making them at once
// make the same names.
func (t *Table) starNames() []string {
	base := t.Base()
	if p := base.names.Load(); p != nil && len(*p) == len(base.cols) {
		return *p
	}
	names := make([]string, 0, len(base.cols))
	for _, c := range base.cols {
		names = appendName(names, c.name)
	}
	base.names.Store(&names)
	return names
}

// appendName appends n to names, with the first suffix that makes it new
// if names holds it already.
func appendName(names []string, n string) []string {
	if n != "" && slices.Contains(names, n) {
		base := n
		for i := 1; slices.Contains(names, n); i++ {
			n = generatedName(base + "_" + strconv.Itoa(i))
		}
	}
	return append(names, n)
}
