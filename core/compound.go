// core/compound.go

package core

// CompoundSelect is a set operation of SELECTs: UNION [ALL], INTERSECT,
// EXCEPT. Like SelectStmt it is immutable. Its columns are named after the
// first SELECT's.
type CompoundSelect struct {
	op      string
	parts   []queryNodeT
	orderBy []node
	limit   node
	offset  node
}

func compound(op string, first SelectQuery, others []SelectQuery) *CompoundSelect {
	c := &CompoundSelect{op: op, parts: []queryNodeT{queryNode(first)}}
	for _, o := range others {
		c.parts = append(c.parts, queryNode(o))
	}
	if len(others) == 0 {
		c.parts = append(c.parts, &errQuery{invalid("%s needs a second SELECT", op)})
	}
	return c
}

func (s *CompoundSelect) statementNode() node     { return s }
func (s *CompoundSelect) selectQuery() queryNodeT { return s }
func (s *CompoundSelect) projection() []node      { return s.parts[0].projection() }
func (s *CompoundSelect) names() []string         { return s.parts[0].names() }

// OrderBy orders the combined rows. Refer to columns of the first SELECT.
func (s *CompoundSelect) OrderBy(items ...Expression) *CompoundSelect {
	c := *s
	c.orderBy = append(grow(c.orderBy), orderNodes(items, "OrderBy")...)
	return &c
}

// Limit sets LIMIT n on the combined rows.
func (s *CompoundSelect) Limit(n int64) *CompoundSelect { c := *s; c.limit = bindOf(n); return &c }

// Offset sets OFFSET n on the combined rows.
func (s *CompoundSelect) Offset(n int64) *CompoundSelect { c := *s; c.offset = bindOf(n); return &c }

// Subquery makes the set operation a FROM item.
func (s *CompoundSelect) Subquery(name string) *Subquery { return &Subquery{q: s, name: name} }

// CTE makes the set operation a common table expression.
func (s *CompoundSelect) CTE(name string) *CTE {
	return &CTE{family: &cteFamily{name}, q: s, name: name}
}

func (s *CompoundSelect) render(c *compiler) {
	if (s.op == "INTERSECT" || s.op == "EXCEPT") && !c.d.Has(FeatureIntersectExcept) {
		c.fail(unsupported(c.d, s.op))
	}
	for i, p := range s.parts {
		if i > 0 {
			c.write(" " + s.op + " ")
		}
		// SQLite rejects parentheses around the parts of a compound, so
		// a part that needs its own ORDER BY or LIMIT goes in a subquery.
		if sel, ok := p.(*SelectStmt); ok && (len(sel.orderBy) > 0 || sel.limit != nil || sel.offset != nil) {
			c.write("SELECT * FROM (")
			p.render(c)
			c.write(") AS ")
			c.write(c.anonName(p, "anon"))
			continue
		}
		p.render(c)
	}
	// ORDER BY of a compound names result columns, never table columns.
	bare := c.bareColumns
	c.bareColumns = true
	c.scopes = append(c.scopes, &scope{items: s.projection()})
	c.orderLimit(s.orderBy, s.limit, s.offset)
	c.scopes = c.scopes[:len(c.scopes)-1]
	c.bareColumns = bare
}

func (s *CompoundSelect) key(k *keyer) {
	k.op('U')
	k.str(s.op)
	k.nodes(s.orderBy)
	keyBareLabels(k, s.orderBy, s.projection())
	for _, p := range s.parts {
		p.key(k)
	}
	k.optional(s.limit)
	k.optional(s.offset)
}

func (s *CompoundSelect) walk(fn func(node) bool) {
	if fn(s) {
		for _, p := range s.parts {
			p.walk(fn)
		}
		walkAll(fn, s.orderBy...)
	}
}
