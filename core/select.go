// core/select.go

package core

import "slices"

// Statement is anything Dialect.Compile accepts: SELECT (and set operations
// of SELECTs), INSERT, UPDATE and DELETE.
type Statement interface {
	statementNode() node
}

// SelectQuery is a SELECT or a set operation of SELECTs, usable as a
// subquery: in Exists, Scalar, InSelect, Subquery, Lateral and CTE.
type SelectQuery interface {
	Statement
	selectQuery() queryNodeT
}

// queryNodeT is a SELECT or compound SELECT inside the tree.
type queryNodeT interface {
	node
	projection() []node
	names() []string
}

func queryNode(q SelectQuery) queryNodeT {
	if q == nil {
		return &errQuery{invalid("nil subquery")}
	}
	return q.selectQuery()
}

// errQuery is a subquery that could not be built.
type errQuery struct{ *errNode }

func (errQuery) projection() []node { return nil }
func (errQuery) names() []string    { return nil }

// SelectStmt is a SELECT statement. It is immutable: every method returns a
// new statement and leaves the receiver as it was, so a base query can be
// shared between goroutines and extended differently by each.
type SelectStmt struct {
	items      []node
	names_     []string // projectionNames(items), computed once
	froms      []fromNode
	where      []node
	groupBy    []node
	having     []node
	orderBy    []node
	limit      node
	offset     node
	distinct   bool
	distinctOn []node
	lock       *lockClause
	// correlate are the items Correlate says the enclosing statement has.
	correlate []fromNode
}

// Select starts a SELECT of columns, expressions or whole tables:
//
//	core.Select(Users.ID, Users.Email).Where(Users.IsActive.IsTrue())
//
// The FROM clause is inferred from what is selected and filtered on unless
// From or a join states it.
func Select(items ...Projection) *SelectStmt {
	s := &SelectStmt{items: make([]node, 0, len(items))}
	for _, it := range items {
		s.items = append(s.items, nodeOrInvalid(it))
	}
	if len(items) == 0 {
		s.items = append(s.items, invalid("Select needs at least one column"))
	}
	s.names_ = projectionNames(s.items)
	return s
}

func (s *SelectStmt) clone() *SelectStmt { c := *s; return &c }

// AddColumns returns the statement with more items selected after its
// own: SQLAlchemy's add_columns. The ORM uses it to select the columns of
// eagerly joined tables.
func (s *SelectStmt) AddColumns(items ...Projection) *SelectStmt {
	c := s.clone()
	c.items = grow(c.items)
	for _, it := range items {
		c.items = append(c.items, nodeOrInvalid(it))
	}
	c.names_ = projectionNames(c.items)
	return c
}

// WithOnlyColumns returns the statement with items selected instead of
// its own, keeping its FROM, WHERE and the rest: SQLAlchemy's
// with_only_columns. The ORM uses it to narrow an entity's columns.
func (s *SelectStmt) WithOnlyColumns(items ...Projection) *SelectStmt {
	c := s.clone()
	c.items = make([]node, 0, len(items))
	for _, it := range items {
		c.items = append(c.items, nodeOrInvalid(it))
	}
	c.names_ = projectionNames(c.items)
	return c
}

// nodeOrInvalid is a projection's node, or an error node for a nil or
// zero-value one.
func nodeOrInvalid(it Projection) node {
	if it == nil {
		return invalid("nil item in Select")
	}
	if n := it.projectionNode(); n != nil {
		return n
	}
	return invalid("zero-value expression in Select")
}

// grow returns a copy of list with room to append without touching the
// original's backing array: statements share slices, never mutate them.
func grow[E any](list []E) []E { return list[:len(list):len(list)] }

func (s *SelectStmt) statementNode() node     { return s }
func (s *SelectStmt) selectQuery() queryNodeT { return s }
func (s *SelectStmt) projection() []node      { return s.items }
func (s *SelectStmt) names() []string         { return s.names_ }

// From adds FROM items: tables, aliases, subqueries, CTEs. Items that are
// not joined must be linked by a WHERE condition, or Compile refuses the
// statement with ErrCartesianProduct.
func (s *SelectStmt) From(items ...FromItem) *SelectStmt {
	c := s.clone()
	c.froms = grow(c.froms)
	for _, it := range items {
		if it == nil {
			c.froms = append(c.froms, &errFrom{invalid("nil FROM item")})
			continue
		}
		c.froms = append(c.froms, it.fromNode())
	}
	return c
}

// Correlate says that the statement, as a subquery (in Exists, Scalar,
// InSelect or Lateral), reads items from the enclosing statement: compiling
// fails when no enclosing statement has one of them in its FROM clause.
// Without it, a subquery that names a table the enclosing query lacks
// reads the table itself, silently uncorrelated; package orm's Any and Has
// correlate their parent so.
func (s *SelectStmt) Correlate(items ...FromItem) *SelectStmt {
	c := s.clone()
	c.correlate = grow(c.correlate)
	for _, it := range items {
		if it == nil {
			c.correlate = append(c.correlate, &errFrom{invalid("nil item in Correlate")})
			continue
		}
		c.correlate = append(c.correlate, it.fromNode())
	}
	return c
}

// Join adds "JOIN target ON on..." to the last FROM item (or, without a
// From, to the first table selected). Without an ON condition, the condition
// is inferred from the foreign keys between the two sides, and it is an
// error unless exactly one foreign-key path exists.
func (s *SelectStmt) Join(target FromItem, on ...Condition) *SelectStmt {
	return s.join("JOIN", target, on)
}

// OuterJoin is Join as LEFT OUTER JOIN.
func (s *SelectStmt) OuterJoin(target FromItem, on ...Condition) *SelectStmt {
	return s.join("LEFT OUTER JOIN", target, on)
}

// FullJoin is Join as FULL OUTER JOIN (not on MySQL).
func (s *SelectStmt) FullJoin(target FromItem, on ...Condition) *SelectStmt {
	return s.join("FULL OUTER JOIN", target, on)
}

// CrossJoin adds "CROSS JOIN target": every row paired with every row of
// target, stated on purpose, so the Cartesian-product lint lets it pass.
func (s *SelectStmt) CrossJoin(target FromItem) *SelectStmt {
	return s.join("CROSS JOIN", target, nil)
}

func (s *SelectStmt) join(kind string, target FromItem, on []Condition) *SelectStmt {
	c := s.clone()
	c.froms = grow(c.froms)
	var left fromNode
	if n := len(c.froms); n > 0 {
		// The join replaces the last item: capped at n-1, so that the
		// append below makes an array of its own rather than write
		// over the item the receiver still holds.
		left = c.froms[n-1]
		c.froms = c.froms[: n-1 : n-1]
	} else {
		left = firstFrom(c.items)
	}
	if target == nil {
		c.froms = append(c.froms, &errFrom{invalid("%s to a nil FROM item", kind)})
		return c
	}
	right := target.fromNode()
	if left == nil {
		c.froms = append(c.froms, &errFrom{invalid("%s to %s: nothing to join from; use From", kind, right.displayName())})
		return c
	}
	j := &joinNode{left: left, right: right, kind: kind}
	switch {
	case kind == "CROSS JOIN":
	case len(on) > 0:
		j.on = newBoolList("AND", on)
		if l, ok := j.on.(*boolListNode); ok && len(l.items) == 0 {
			j.on = invalid("%s to %s: nil ON condition", kind, right.displayName())
		}
	default:
		j.on = inferJoin(left, right)
	}
	c.froms = append(c.froms, j)
	return c
}

// firstFrom is the FROM item of the first column selected.
func firstFrom(items []node) fromNode {
	var found fromNode
	for _, it := range items {
		walkShallow(it, func(f fromNode) {
			if found == nil {
				found = f
			}
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// walkShallow reports the FROM items that n's columns come from, without
// entering subqueries (whose columns belong to their own FROM).
func walkShallow(n node, fn func(fromNode)) {
	n.walk(func(x node) bool {
		switch x := x.(type) {
		case *columnNode:
			fn(x.from)
		case *tableStarNode:
			fn(x.t)
		case *subqueryExpr, *SelectStmt, *CompoundSelect:
			return false
		}
		return true
	})
}

// Where adds conditions, joined with AND to any already there.
func (s *SelectStmt) Where(conds ...Condition) *SelectStmt {
	c := s.clone()
	c.where = appendConds(c.where, conds, "Where")
	return c
}

func appendConds[E Expression](list []node, conds []E, what string) []node {
	list = grow(list)
	for _, e := range conds {
		list = append(list, nodeOf(e, what))
	}
	return list
}

// GroupBy adds GROUP BY items; a whole table stands for all its columns.
func (s *SelectStmt) GroupBy(items ...Projection) *SelectStmt {
	c := s.clone()
	c.groupBy = grow(c.groupBy)
	for _, it := range items {
		if it == nil {
			c.groupBy = append(c.groupBy, invalid("nil GroupBy item"))
			continue
		}
		c.groupBy = append(c.groupBy, it.projectionNode())
	}
	return c
}

// Having adds HAVING conditions, joined with AND.
func (s *SelectStmt) Having(conds ...Condition) *SelectStmt {
	c := s.clone()
	c.having = appendConds(c.having, conds, "Having")
	return c
}

// OrderBy adds ORDER BY items: orderings (Users.ID.Desc()) or expressions,
// which order ascending.
func (s *SelectStmt) OrderBy(items ...Expression) *SelectStmt {
	c := s.clone()
	c.orderBy = append(grow(c.orderBy), orderNodes(items, "OrderBy")...)
	return c
}

// OrderingsOn returns the statement's ORDER BY restated on the columns
// of sub, a subquery of the statement: what a query that wraps the
// statement must order by to keep its order. The ORM wraps a limited query
// this way when it joins a collection to it. A term that the statement
// does not select makes the result fail to compile.
func (s *SelectStmt) OrderingsOn(sub *Subquery) []Expression {
	out := make([]Expression, 0, len(s.orderBy))
	for _, n := range s.orderBy {
		o, ok := n.(*orderNode)
		if !ok {
			out = append(out, Expr[any]{n: n})
			continue
		}
		name, ok := findProjected(sub.q, o.expr)
		if !ok {
			out = append(out, Expr[any]{n: invalid("the ORDER BY term %s is not selected, so a wrapping query cannot order by it", o.expr)})
			continue
		}
		out = append(out, Ordering{n: &orderNode{expr: &columnNode{from: sub, name: name}, desc: o.desc, nulls: o.nulls}})
	}
	return out
}

// SelectingOrder returns the statement with each ORDER BY term that it
// does not select added to its select list, after its own items (an
// expression other than a column under the label order_by), so that a
// query wrapping it can restate its order with OrderingsOn: SQLAlchemy's
// ORM does the same when it wraps a limited query to join a collection to
// it, and the query may be ordered by a column of a table it joins. A
// term that reads a FROM item the statement does not read (a table it
// neither selects from, joins nor names in its WHERE) is not added, and
// its items are returned in unread: the statement fails to compile for
// it as before, and the caller may say why first.
func (s *SelectStmt) SelectingOrder() (sel *SelectStmt, unread []FromItem) {
	var read []fromNode
	for _, f := range s.froms {
		read = members(f, read)
	}
	for _, list := range [][]node{s.items, s.where, s.groupBy, s.having, s.distinctOn} {
		for _, n := range list {
			walkShallow(n, func(f fromNode) { read = append(read, f) })
		}
	}
	reads := func(f fromNode) bool {
		return slices.ContainsFunc(read, func(r fromNode) bool { return r.identity() == f.identity() })
	}
	var add, seen []node
	for _, n := range s.orderBy {
		o, ok := n.(*orderNode)
		if !ok || slices.Contains(seen, o.expr) {
			continue
		}
		seen = append(seen, o.expr)
		if _, ok := findProjected(s, o.expr); ok {
			continue
		}
		all := true
		walkShallow(o.expr, func(f fromNode) {
			if reads(f) {
				return
			}
			all = false
			if it, ok := f.(FromItem); ok && !slices.Contains(unread, it) {
				unread = append(unread, it)
			}
		})
		if !all {
			continue
		}
		switch o.expr.(type) {
		case *columnNode, *labelNode:
			add = append(add, o.expr)
		default:
			add = append(add, &labelNode{expr: o.expr, name: "order_by"})
		}
	}
	if len(add) == 0 {
		return s, unread
	}
	c := s.clone()
	c.items = append(grow(c.items), add...)
	c.names_ = projectionNames(c.items)
	return c, unread
}

// Limit sets LIMIT n (bound as a parameter).
func (s *SelectStmt) Limit(n int64) *SelectStmt {
	c := s.clone()
	c.limit = bindOf(n)
	return c
}

// Limited reports whether the statement has a LIMIT or an OFFSET: the ORM
// asks before joining a collection, whose rows would be limited instead of
// the parents.
func (s *SelectStmt) Limited() bool { return s.limit != nil || s.offset != nil }

// Grouped reports whether the statement has a GROUP BY or a HAVING: the
// ORM asks before joining a collection, whose columns a grouped query
// could not select (an error on PostgreSQL, one row per group elsewhere).
func (s *SelectStmt) Grouped() bool { return len(s.groupBy) > 0 || len(s.having) > 0 }

// Ordered reports whether the statement has an ORDER BY.
func (s *SelectStmt) Ordered() bool { return len(s.orderBy) > 0 }

// Offset sets OFFSET n (bound as a parameter).
func (s *SelectStmt) Offset(n int64) *SelectStmt {
	c := s.clone()
	c.offset = bindOf(n)
	return c
}

// Distinct makes it SELECT DISTINCT.
func (s *SelectStmt) Distinct() *SelectStmt {
	c := s.clone()
	c.distinct = true
	return c
}

// HasDistinctOn reports whether the statement is a SELECT DISTINCT ON,
// whose rows a join added around it would change.
func (s *SelectStmt) HasDistinctOn() bool { return len(s.distinctOn) > 0 }

// DistinctOn makes it SELECT DISTINCT ON (exprs) (PostgreSQL only): one row
// per distinct value of exprs, the first in ORDER BY order.
func (s *SelectStmt) DistinctOn(exprs ...Expression) *SelectStmt {
	c := s.clone()
	c.distinctOn = appendConds(c.distinctOn, exprs, "DistinctOn")
	return c
}

// LockOption refines ForUpdate and ForShare; see NoWait, SkipLocked and Of.
type LockOption func(*lockClause)

type lockClause struct {
	share      bool
	of         []*Table
	nowait     bool
	skipLocked bool
}

// NoWait fails at once instead of waiting for a locked row.
func NoWait() LockOption { return func(l *lockClause) { l.nowait = true } }

// SkipLocked skips rows that another transaction has locked.
func SkipLocked() LockOption { return func(l *lockClause) { l.skipLocked = true } }

// LockOf locks only the rows of the given tables.
func LockOf(tables ...*Table) LockOption {
	return func(l *lockClause) { l.of = append(l.of, tables...) }
}

// ForUpdate adds FOR UPDATE: the selected rows are locked until the
// transaction ends.
func (s *SelectStmt) ForUpdate(opts ...LockOption) *SelectStmt { return s.withLock(false, opts) }

// ForShare adds FOR SHARE: the selected rows cannot be changed by others
// until the transaction ends.
func (s *SelectStmt) ForShare(opts ...LockOption) *SelectStmt { return s.withLock(true, opts) }

func (s *SelectStmt) withLock(share bool, opts []LockOption) *SelectStmt {
	c := s.clone()
	c.lock = &lockClause{share: share}
	for _, o := range opts {
		o(c.lock)
	}
	return c
}

// Subquery makes the statement a FROM item: "(SELECT ...) AS name". An empty
// name gives anon_1, anon_2, ... when compiled.
func (s *SelectStmt) Subquery(name string) *Subquery { return &Subquery{q: s, name: name} }

// Lateral makes the statement a LATERAL FROM item (PostgreSQL, MySQL 8): it
// may refer to the FROM items before it, and it is correlated to them
// automatically.
func (s *SelectStmt) Lateral(name string) *Subquery {
	return &Subquery{q: s, name: name, lateral: true}
}

// CTE makes the statement a common table expression named name. Use the CTE
// as a FROM item; the statements that do render it in their WITH clause.
// For a recursive CTE, refer to this CTE in a second SELECT and pass it to
// UnionAll.
func (s *SelectStmt) CTE(name string) *CTE { return &CTE{family: &cteFamily{name}, q: s, name: name} }

// Union is "s UNION others": rows of all, without duplicates.
func (s *SelectStmt) Union(others ...SelectQuery) *CompoundSelect {
	return compound("UNION", s, others)
}

// UnionAll is "s UNION ALL others": rows of all, with duplicates.
func (s *SelectStmt) UnionAll(others ...SelectQuery) *CompoundSelect {
	return compound("UNION ALL", s, others)
}

// Intersect is "s INTERSECT others": rows in all of them.
func (s *SelectStmt) Intersect(others ...SelectQuery) *CompoundSelect {
	return compound("INTERSECT", s, others)
}

// Except is "s EXCEPT others": rows of s in none of the others.
func (s *SelectStmt) Except(others ...SelectQuery) *CompoundSelect {
	return compound("EXCEPT", s, others)
}

// errFrom is a FROM item that could not be built.
type errFrom struct{ *errNode }

func (e *errFrom) identity() any       { return e }
func (e *errFrom) displayName() string { return "invalid FROM item" }
