// core/select_render.go

package core

import (
	"fmt"
	"strings"
)

// fromElements works out the FROM clause of s: its explicit items, then the
// items its columns and conditions refer to that are not already there, less
// those correlated to an enclosing statement.
func (s *SelectStmt) fromElements(c *compiler) []fromNode {
	elems := append([]fromNode(nil), s.froms...)
	var have []fromNode
	for _, f := range elems {
		have = members(f, have)
	}
	covered := func(f fromNode) bool {
		id := f.identity()
		for _, m := range have {
			if m.identity() == id {
				return true
			}
		}
		return false
	}
	implicit := 0
	correlatedAway := 0
	add := func(f fromNode) {
		if covered(f) {
			return
		}
		if c.correlated(f) {
			correlatedAway++
			have = append(have, f) // seen; do not count it twice
			return
		}
		implicit++
		elems = append(elems, f)
		have = append(have, f)
	}
	for _, lists := range [][]node{s.items, s.where, s.groupBy, s.having, s.distinctOn} {
		for _, n := range lists {
			walkShallow(n, add)
		}
	}
	for _, f := range s.correlate {
		if e, ok := f.(*errFrom); ok {
			e.render(c)
		} else if !c.correlated(f) {
			c.fail(errorf(ErrInvalidStatement,
				"a subquery is correlated to %s, which the enclosing statement does not read", f.displayName()))
		}
	}
	if len(elems) == 0 && correlatedAway > 0 {
		c.fail(errorf(ErrInvalidStatement,
			"a subquery has no FROM item left once correlated to the enclosing query; From states its own"))
	}
	return elems
}

func (s *SelectStmt) render(c *compiler) {
	elems := s.fromElements(c)
	var mem []fromNode
	for _, f := range elems {
		mem = members(f, mem)
	}
	c.scopes = append(c.scopes, &scope{members: mem, items: s.items})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()

	if err := lintCartesian(elems, s.where, s.having); err != nil {
		c.fail(err)
	}
	// ORDER BY adds no FROM item (as in SQLAlchemy), so a column of a table
	// that is not there would only fail on the server, with a less helpful
	// message.
	for _, o := range s.orderBy {
		walkShallow(o, func(f fromNode) {
			if !c.correlated(f) {
				c.fail(errorf(ErrInvalidStatement,
					"ORDER BY refers to %s, which is not in the FROM clause; join it or select from it",
					f.displayName()))
			}
		})
	}

	c.write("SELECT ")
	if len(s.distinctOn) > 0 {
		if !c.d.Has(FeatureDistinctOn) {
			c.fail(unsupported(c.d, "DISTINCT ON"))
		}
		c.write("DISTINCT ON (")
		c.list(s.distinctOn)
		c.write(") ")
	} else if s.distinct {
		c.write("DISTINCT ")
	}
	s.renderItems(c)
	if len(elems) > 0 {
		c.write(" FROM ")
		for i, f := range elems {
			if i > 0 {
				c.write(", ")
			}
			f.render(c)
		}
	}
	if len(s.where) > 0 {
		c.write(" WHERE ")
		renderConds(c, s.where)
	}
	if len(s.groupBy) > 0 {
		c.write(" GROUP BY ")
		c.list(s.groupBy)
	}
	if len(s.having) > 0 {
		c.write(" HAVING ")
		renderConds(c, s.having)
	}
	c.orderLimit(s.orderBy, s.limit, s.offset)
	if s.lock != nil {
		s.renderLock(c)
	}
}

// renderItems writes the select list; a column gets "AS name" only where
// its name had to change to stay distinct, or where it was labelled.
func (s *SelectStmt) renderItems(c *compiler) {
	pos := 0
	first := true
	sep := func() {
		if !first {
			c.write(", ")
		}
		first = false
	}
	for _, it := range s.items {
		switch it := it.(type) {
		case *tableStarNode:
			for _, col := range it.t.cols {
				sep()
				col.render(c)
				if s.names_[pos] != col.name {
					c.write(" AS ")
					c.alias(s.names_[pos])
				}
				pos++
			}
			continue
		case *labelNode:
			sep()
			it.expr.render(c)
			c.write(" AS ")
			c.alias(s.names_[pos])
		case *columnNode:
			sep()
			it.render(c)
			if s.names_[pos] != it.name {
				c.write(" AS ")
				c.alias(s.names_[pos])
			}
		default:
			sep()
			it.render(c)
		}
		pos++
	}
}

func renderConds(c *compiler, conds []node) {
	if len(conds) == 1 {
		conds[0].render(c)
		return
	}
	for i, n := range conds {
		if i > 0 {
			c.write(" AND ")
		}
		n.render(c)
	}
}

func (s *SelectStmt) renderLock(c *compiler) {
	l := s.lock
	if !c.d.Has(FeatureForUpdate) {
		c.fail(unsupported(c.d, "FOR UPDATE / FOR SHARE"))
		return
	}
	if l.share && c.d.Has(FeatureLockInShareMode) {
		c.write(" LOCK IN SHARE MODE")
	} else if l.share {
		c.write(" FOR SHARE")
	} else {
		c.write(" FOR UPDATE")
	}
	if len(l.of) > 0 {
		if !c.d.Has(FeatureLockOf) {
			c.fail(unsupported(c.d, "FOR UPDATE OF"))
		}
		c.write(" OF ")
		for i, t := range l.of {
			if i > 0 {
				c.write(", ")
			}
			if t.base == nil {
				c.ident(t.name) // PostgreSQL refuses a schema-qualified name here
			} else {
				c.write(c.qualifier(t))
			}
		}
	}
	if l.nowait || l.skipLocked {
		if !c.d.Has(FeatureSkipLocked) {
			c.fail(unsupported(c.d, "NOWAIT / SKIP LOCKED"))
		}
		if l.nowait {
			c.write(" NOWAIT")
		}
		if l.skipLocked {
			c.write(" SKIP LOCKED")
		}
	}
}

func (s *SelectStmt) key(k *keyer) {
	k.op('Q')
	// The FROM list depends on correlation, which depends on where the
	// statement sits; the enclosing statement's shape is in the key already.
	k.nodes(s.items)
	k.int(len(s.froms))
	for _, f := range s.froms {
		f.key(k)
	}
	k.nodes(s.where)
	k.nodes(s.groupBy)
	k.nodes(s.having)
	k.nodes(s.orderBy)
	keyBareLabels(k, s.orderBy, s.items)
	k.optional(s.limit)
	k.optional(s.offset)
	if s.distinct {
		k.byte(1)
	} else {
		k.byte(0)
	}
	k.nodes(s.distinctOn)
	k.int(len(s.correlate))
	for _, f := range s.correlate {
		f.key(k)
	}
	if l := s.lock; l != nil {
		k.op('!')
		var flags byte
		if l.share {
			flags |= 1
		}
		if l.nowait {
			flags |= 2
		}
		if l.skipLocked {
			flags |= 4
		}
		k.byte(flags)
		k.int(len(l.of))
		for _, t := range l.of {
			t.key(k)
		}
	} else {
		k.byte(0)
	}
}

// keyBareLabels writes, for each ORDER BY item, whether it is a label of
// items: ORDER BY writes such a label bare and any other expression in full,
// so the two must not share a cache entry.
func keyBareLabels(k *keyer, orderBy, items []node) {
	for _, n := range orderBy {
		var bare byte
		if o, ok := n.(*orderNode); ok {
			if l, ok := o.expr.(*labelNode); ok {
				for _, it := range items {
					if it == l {
						bare = 1
					}
				}
			}
		}
		k.byte(bare)
	}
}

func (s *SelectStmt) walk(fn func(node) bool) {
	if !fn(s) {
		return
	}
	walkAll(fn, s.items...)
	for _, f := range s.froms {
		f.walk(fn)
	}
	walkAll(fn, s.where...)
	walkAll(fn, s.groupBy...)
	walkAll(fn, s.having...)
	walkAll(fn, s.orderBy...)
	walkAll(fn, s.distinctOn...)
}

// lintCartesian refuses FROM elements that nothing connects: not a join, not
// a WHERE or HAVING condition that refers to both, not a LATERAL subquery
// that reads the other. SQLAlchemy warns here; Retort refuses, because the
// mistake silently multiplies rows.
func lintCartesian(elems []fromNode, where, having []node) error {
	if len(elems) < 2 {
		return nil
	}
	parent := make([]int, len(elems))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[any]int{}
	for i, f := range elems {
		for _, m := range members(f, nil) {
			owner[m.identity()] = i
		}
	}
	// link unions every element that n refers to, looking into subqueries
	// too, since a correlated subquery can tie two outer elements together.
	link := func(n node, self int) {
		first := self
		n.walk(func(x node) bool {
			var f fromNode
			switch x := x.(type) {
			case *columnNode:
				f = x.from
			case *tableStarNode:
				f = x.t
			default:
				return true
			}
			if i, ok := owner[f.identity()]; ok {
				if first < 0 {
					first = i
				} else {
					parent[find(i)] = find(first)
				}
			}
			return true
		})
	}
	for _, list := range [][]node{where, having} {
		for _, cond := range list {
			for _, conj := range conjuncts(cond) {
				link(conj, -1)
			}
		}
	}
	for i, f := range elems {
		if sq, ok := f.(*Subquery); ok && sq.lateral {
			link(sq.q, i)
		}
	}
	groups := map[int][]string{}
	var roots []int
	for i, f := range elems {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], fmt.Sprintf("%q", f.displayName()))
	}
	if len(roots) < 2 {
		return nil
	}
	var others []string
	for _, r := range roots[1:] {
		others = append(others, groups[r]...)
	}
	return errorf(ErrCartesianProduct,
		"SELECT has a cartesian product between FROM element(s) %s and %s; join them, link them in WHERE, or use CrossJoin",
		strings.Join(others, ", "), strings.Join(groups[roots[0]], ", "))
}

// conjuncts splits "a AND b AND c" into its parts.
func conjuncts(n node) []node {
	if l, ok := n.(*boolListNode); ok && l.op == "AND" {
		var out []node
		for _, it := range l.items {
			out = append(out, conjuncts(it)...)
		}
		return out
	}
	return []node{n}
}
