// orm/loading_recursive.go

package orm

import (
	"context"
	"fmt"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/objptr"
)

// ToLeaves, as RecursiveLoad's depth, loads a tree down to its leaves
// (at most MaxRecursionDepth levels).
const ToLeaves = 0

// MaxRecursionDepth bounds RecursiveLoad: the deepest depth it takes, and
// how far ToLeaves goes. A tree deeper than that, or rows whose keys make
// a cycle, make a ToLeaves load fail rather than run forever.
const MaxRecursionDepth = 200

// RecursiveLoad loads a self-referential one-to-many collection
// (Categories.Children, Employees.Reports) over depth levels, or to the
// leaves with ToLeaves, in one statement: a WITH RECURSIVE seeded by the
// parents' keys as SelectInLoad binds them (chunked likewise where there
// are no array parameters). SelectInLoad chained per level costs a
// statement per level, as SQLAlchemy's join_depth does.
//
// Each object of a level but the last gets its collection filled (empty
// for a leaf) and marked loaded; the objects of the last level keep
// theirs unloaded. Objects the session holds keep their state, and a
// collection loaded already is kept, as with SelectInLoad. The
// relationship's order_by orders each collection; criteria (And,
// WithLoaderCriteria) filter every level, so a child they leave out hides
// its subtree. Rows whose keys make a cycle are loaded once each: a
// bounded depth stops the recursion, and ToLeaves fails past
// MaxRecursionDepth levels. To the leaves without criteria, a parent that
// another parent's tree reaches (a query of a whole table) does not seed
// the statement again.
func RecursiveLoad(r AnyRelationship, depth int) LoadPath {
	return LoadPath{}.RecursiveLoad(r, depth)
}

// RecursiveLoad continues the path with r, loaded over depth levels (see
// the function RecursiveLoad); the links after it apply at every level.
func (l LoadPath) RecursiveLoad(r AnyRelationship, depth int) LoadPath {
	out := l.then(r, recursiveLoad)
	if out.err != nil {
		return out
	}
	rel := r.relationship()
	spec := r.loadSpec()
	switch {
	case rel == nil:
		out.err = fmt.Errorf("retort: orm.RecursiveLoad needs a relationship, not orm.Wildcard")
	case rel.parentType != rel.targetType:
		out.err = fmt.Errorf("retort: orm.RecursiveLoad needs a self-referential collection: %s links %s to %s", rel.name(), rel.parentType, rel.targetType)
	case depth < 0 || depth > MaxRecursionDepth:
		out.err = fmt.Errorf("retort: orm.RecursiveLoad(%s) over %d levels: the depth is ToLeaves or 1 to %d", rel.name(), depth, MaxRecursionDepth)
	case len(spec.order) > 0:
		out.err = fmt.Errorf("retort: an order on the recursive %s is not supported: its mapping's order_by orders each level", rel.name())
	default:
		out.links[len(out.links)-1].spec.depth = depth
	}
	return out
}

// recursiveDepthLabel labels the level of each row of a recursive load:
// 1 for the parents' children.
const recursiveDepthLabel = "retort_depth"

// recursiveStmt is the statement of a recursive load of r from the
// parents whose keys are keys, down to level bound:
//
//	WITH RECURSIVE retort_tree(cols, retort_depth) AS (
//	  SELECT cols, 1 FROM t WHERE t.fk IN (keys) AND criteria
//	  UNION ALL
//	  SELECT cols, retort_tree.retort_depth + 1 FROM t JOIN retort_tree ON t.fk = retort_tree.key
//	  WHERE retort_tree.retort_depth < bound AND criteria)
//	SELECT retort_depth, cols FROM retort_tree [ORDER BY retort_depth, order_by]
//
// The depth both bounds the recursion, whatever cycles the rows make,
// and tells the objects of the last level, whose collections are not
// loaded.
func recursiveStmt(r *relationship, keys []any, spec loadSpec, bound int64) *core.SelectStmt {
	m, criteria := r.target, spec.criteria
	proj := spec.projection(m)
	fk := m.columns[m.position(r.remote[0])]
	anchor := core.Select(append(slices.Clip(proj), core.Value[int64](1).Label(recursiveDepthLabel))...).
		Where(fk.In(keys...)).
		Where(criteria...)
	tree := anchor.CTE("retort_tree")
	depth := core.ColumnOf[int64](tree, recursiveDepthLabel)
	step := core.Select(append(slices.Clip(proj), depth.Add(1))...).
		From(m.table).
		Join(tree, fk.EqCol(core.ColumnOf[any](tree, r.local[0].Name))).
		Where(depth.Lt(bound)).
		Where(criteria...)
	full := tree.UnionAll(step)
	items := make([]core.Projection, 0, len(proj)+1)
	items = append(items, core.ColumnOf[int64](full, recursiveDepthLabel))
	for _, c := range spec.columns(m) {
		items = append(items, core.ColumnOf[any](full, m.resultName(c)))
	}
	if len(r.orderBy) == 0 {
		// No order asked for, none sorted for (see orderByOf); nor do
		// the levels need one: an object's is the least depth it is
		// met at (queryTree).
		return core.Select(items...)
	}
	order := []core.Expression{core.ColumnOf[int64](full, recursiveDepthLabel).Asc()}
	for _, t := range r.orderBy {
		c := core.ColumnOf[any](full, t.col.Name)
		if t.desc {
			order = append(order, c.Desc())
		} else {
			order = append(order, c.Asc())
		}
	}
	return core.Select(items...).OrderBy(order...)
}

// recursiveRefused says why r cannot be loaded recursively as spec
// asks, or nil.
func recursiveRefused(r *relationship, spec loadSpec) error {
	m := r.target
	if r.kind != OneToMany || r.parent != m || len(r.local) != 1 {
		return fmt.Errorf("retort: orm.RecursiveLoad needs a self-referential one-to-many over one key column: %s is a %s", r.name(), r.kind)
	}
	cols := spec.columns(m)
	if !slices.Contains(cols, m.position(r.local[0])) || !slices.Contains(cols, m.position(r.remote[0])) {
		return fmt.Errorf("retort: orm.RecursiveLoad(%s) needs the columns %s and %s loaded", r.name(), r.local[0].Name, r.remote[0].Name)
	}
	return nil
}

// recursiveBound is the deepest level the statement of a recursive load
// reads: spec's depth, or for ToLeaves one level more than allowed, where
// a row shows a deeper tree or a cycle.
func recursiveBound(spec loadSpec) int64 {
	if spec.depth == ToLeaves {
		return MaxRecursionDepth + 1
	}
	return int64(spec.depth)
}

// recursiveLoad loads r, a self-referential one-to-many, of parents and
// of their descendants down to spec.depth levels in one statement (one
// per chunk of keys without array parameters), fills the collections
// (see RecursiveLoad) and returns the objects it loaded, each once.
func (s *Session) recursiveLoad(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec) ([]objptr.Ptr, error) {
	if err := recursiveRefused(r, spec); err != nil {
		return nil, err
	}
	m := r.target
	localPos, remotePos := m.position(r.local[0]), m.position(r.remote[0])
	bound := recursiveBound(spec)
	var below func(any) bool
	if spec.depth == ToLeaves && len(spec.criteria) == 0 {
		below = seedsBelow(s, r, parents, o.populateExisting, localPos, remotePos)
	}
	todo, lists := selectInKeys(s, r, parents, o.populateExisting, columnKey(m, localPos), below)
	// level is each object's shallowest level: parents whose subtrees
	// overlap, or a cycle, bring an object more than once.
	level := map[objptr.Ptr]int64{}
	var loaded []objptr.Ptr
	var deepest int64
	bf := s.backFill(r)
	if len(lists) > 0 {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		for _, part := range lists {
			d, err := s.queryTree(ctx, tx, recursiveStmt(r, part, spec, bound), m, o, level, &loaded, bf)
			if err != nil {
				return nil, err
			}
			deepest = max(deepest, d)
		}
	}
	if deepest > MaxRecursionDepth {
		return nil, fmt.Errorf("retort: orm.RecursiveLoad(%s, orm.ToLeaves) found more than %d levels: the keys make a cycle, or the tree needs an explicit depth", r.name(), MaxRecursionDepth)
	}
	groups := map[any][]objptr.Ptr{}
	for _, c := range loaded {
		if k := normalizeKey(deref(m.value(c, remotePos))); k != nil {
			groups[k] = append(groups[k], c)
		}
	}
	fill := func(p objptr.Ptr, joined []objptr.Ptr) []objptr.Ptr {
		g := groups[normalizeKey(deref(m.value(p, localPos)))]
		s.setRelated(r, p, g, bf)
		return append(joined, g...)
	}
	var joined []objptr.Ptr
	filled := make(map[objptr.Ptr]bool, len(todo))
	for _, p := range todo {
		filled[p] = true
		joined = fill(p, joined)
	}
	for _, p := range loaded {
		if filled[p] || level[p] >= bound || (s.loaded.has(p, r) && !o.populateExisting) {
			continue
		}
		filled[p] = true
		joined = fill(p, joined)
	}
	bf.done(r, joined)
	return loaded, nil
}

// seedsBelow tells, for a load to the leaves, the keys of the parents
// that another parent's subtree reaches (a parent's parent is a parent,
// and so on up): their rows come through it, so seeding them too would
// bring their subtrees twice, as when a query of a whole table loads
// the tree of each of its rows. With criteria a parent could be filtered
// out of that subtree and is kept; parents whose keys make a cycle are
// kept too.
func seedsBelow(s *Session, r *relationship, parents []objptr.Ptr, populate bool, localPos, remotePos int) func(any) bool {
	m := r.target
	up := map[any]any{} // a parent's key: its own parent's
	for _, p := range parents {
		if s.loaded.has(p, r) && !populate {
			continue
		}
		if k := normalizeKey(deref(m.value(p, localPos))); k != nil {
			up[k] = normalizeKey(deref(m.value(p, remotePos)))
		}
	}
	return func(k any) bool {
		start := normalizeKey(k)
		met := map[any]bool{start: true}
		for cur := start; ; {
			next := up[cur]
			if _, seed := up[next]; next == nil || !seed {
				return cur != start
			}
			if met[next] {
				return false
			}
			met[next] = true
			cur = next
		}
	}
}

// queryTree runs a recursive load's statement and appends its objects,
// through the identity map, to loaded, each once, noting each one's
// shallowest level in level; bf notes those the session held before. It
// returns the deepest level of the rows.
func (s *Session) queryTree(ctx context.Context, tx *engine.Tx, stmt core.Statement, m *mapper, o queryOptions, level map[objptr.Ptr]int64, loaded *[]objptr.Ptr, bf *backFill) (deepest int64, err error) {
	res, err := tx.Query(ctx, stmt)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := res.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	cols, err := columnsOf(m, res.Columns()[1:])
	if err != nil {
		return 0, err
	}
	sc := newEntityScanner(m, cols, false)
	var depth int64
	for res.Next() {
		p, inst, fresh, err := s.loadRow(sc, res, &depth, o.populateExisting)
		if err != nil {
			return 0, err
		}
		deepest = max(deepest, depth)
		if lv, met := level[p]; met {
			level[p] = min(lv, depth)
			continue
		}
		level[p] = depth
		if bf != nil && inst == nil && !fresh {
			bf.hold(p)
		}
		*loaded = append(*loaded, p)
	}
	return deepest, res.Err()
}
