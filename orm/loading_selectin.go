// orm/loading_selectin.go

package orm

import (
	"context"
	"fmt"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/objptr"
)

// selectInKeys is the one gathering of a select-in's keys, for every
// kind of relationship: it returns the parents whose r the select-in
// loads (todo: those whose r is not loaded already, unless populate
// reloads them; L14) and the distinct keys of todo, which key reads from a
// parent (ok false for a NULL one) and skip, when not nil, drops where no
// query is needed, cut into the key lists of the statements. A key of one
// column goes in one list of all of them where the dialect binds an array
// parameter (= ANY($1): one statement shape, no ceiling on parameters);
// otherwise the lists hold at most InListSize values (keys times their
// columns), each padded by repeating its last key to a power of two (or
// to the size), so that a few statement shapes serve any number of keys.
func selectInKeys[K comparable](s *Session, r *relationship, parents []objptr.Ptr, populate bool, key func(objptr.Ptr) (K, bool), skip func(K) bool) (todo []objptr.Ptr, lists [][]K) {
	var keys []K
	seen := map[K]bool{}
	for _, p := range parents {
		if s.loaded.has(p, r) && !populate {
			continue
		}
		todo = append(todo, p)
		k, ok := key(p)
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		if skip == nil || !skip(k) {
			keys = append(keys, k)
		}
	}
	switch width := len(r.local); {
	case len(keys) == 0:
	case width == 1 && s.f.eng.Dialect().Has(core.FeatureArrayParams):
		lists = [][]K{keys}
	default:
		size := max(1, s.opts.inList/width)
		for start := 0; start < len(keys); start += size {
			lists = append(lists, padKeys(keys[start:min(start+size, len(keys))], size))
		}
	}
	return todo, lists
}

// columnKey reads, for selectInKeys, a key of one column: the value of
// m's column at pos, nil when NULL.
func columnKey(m *mapper, pos int) func(objptr.Ptr) (any, bool) {
	return func(p objptr.Ptr) (any, bool) {
		k := deref(m.value(p, pos))
		return k, k != nil
	}
}

// selectIn loads the relationship r of parents with one SELECT of r's
// target (one per chunk of keys without array parameters), puts the
// objects in the parents' fields, and returns the objects it loaded. The
// relationships node joins below r (JoinedLoad, lazy:joined) are joined
// into that SELECT; node is nil where nothing below r is loaded.
func (s *Session) selectIn(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec, node *loadNode) ([]objptr.Ptr, error) {
	if err := selectInRefused(r, spec); err != nil {
		return nil, err
	}
	var parts []joinedPart
	if node != nil {
		var err error
		if parts, err = planJoins(r.target, node, r, o); err != nil {
			return nil, err
		}
	}
	jr := newJoinedRows(parts)
	if r.kind == ManyToMany {
		return s.selectInSecondary(ctx, r, parents, o, spec, &jr)
	}
	if len(r.local) != 1 {
		return s.selectInComposite(ctx, r, parents, o, spec, &jr)
	}
	parentM, target := r.parent, r.target
	localPos := parentM.position(r.local[0])
	// A many-to-one's target the session holds needs no query.
	var held func(any) bool
	if r.kind == ManyToOne {
		held = func(k any) bool {
			key, ok := target.keyFromValue(k)
			return ok && !s.idmap.heldObject(key).IsNil()
		}
	}
	todo, lists := selectInKeys(s, r, parents, o.populateExisting, columnKey(parentM, localPos), held)
	var loaded []objptr.Ptr
	bf := s.backFill(r)
	if len(lists) > 0 {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		for _, keys := range lists {
			if loaded, err = s.queryObjects(ctx, tx, selectInStmt(r, keys, spec, parts), target, &jr, o, loaded, bf); err != nil {
				return nil, err
			}
		}
	}
	s.assign(r, todo, loaded, localPos, bf)
	bf.done(r, loaded)
	return loaded, nil
}

// selectInRefused says why r cannot be loaded by select-in as spec asks,
// or nil.
func selectInRefused(r *relationship, spec loadSpec) error {
	switch {
	case r.kind == ManyToMany && (len(r.local) != 1 || len(r.secondaryRemote) != 1):
		return fmt.Errorf("retort: select-in loading of %s through a composite key is not supported yet", r.name())
	case r.kind == ManyToMany && spec.limit > 0:
		return fmt.Errorf("retort: a per-parent limit on the many-to-many %s is not supported: load the association's rows as a one-to-many", r.name())
	case spec.limit > 0 && !r.many:
		return fmt.Errorf("retort: a per-parent limit on %s, which is not a collection", r.name())
	case len(r.local) > maxKeyColumns || len(r.local) > 1 && spec.limit > 0:
		return fmt.Errorf("retort: select-in loading of %s over %d key columns (at most %d, without a per-parent limit)", r.name(), len(r.local), maxKeyColumns)
	}
	return nil
}

// selectInOrder is the ORDER BY of a select-in of r: the option's order,
// else the collection's order_by, else, under a per-parent limit, the
// target's key, since some order has to say which objects are first.
func selectInOrder(r *relationship, spec loadSpec) []core.Expression {
	order := spec.order
	if len(order) == 0 && r.kind != ManyToOne {
		order = orderByOf(r.target, r.orderBy)
	}
	if len(order) == 0 && spec.limit > 0 {
		order = keyOrder(r.target)
	}
	return order
}

// selectInStmt is the statement of a select-in of r, a relationship over
// one key column that is no many-to-many, for the parents whose keys are
// keys (a list of selectInKeys), with the joins of parts:
//
//	SELECT target.*, joined.* FROM target LEFT OUTER JOIN ... WHERE target.fk IN (keys) AND criteria ORDER BY ...
//
// Under a per-parent limit the target's rows are numbered per parent in
// a subquery, which the joins then join.
func selectInStmt(r *relationship, keys []any, spec loadSpec, parts []joinedPart) *core.SelectStmt {
	target := r.target
	remoteCol := target.columns[target.position(r.remote[0])]
	order := selectInOrder(r, spec)
	if spec.limit > 0 {
		inner := perParentLimit(target, remoteCol, spec.criteria, order, spec.limit).Where(remoteCol.In(keys...))
		stmt, sub := limitedOuter(target, spec, inner)
		return addJoins(stmt, sub, nil, parts)
	}
	stmt := core.Select(spec.projection(target)...).Where(remoteCol.In(keys...)).Where(spec.criteria...).OrderBy(order...)
	return addJoins(stmt, target.table, nil, parts)
}

// queryObjects runs stmt, a select-in's SELECT of target's columns and
// those of the relationships jr joins, and appends its objects, through
// the identity map, each once, to objs; bf, when not nil, notes those the
// session held before.
func (s *Session) queryObjects(ctx context.Context, tx *engine.Tx, stmt core.Statement, target *mapper, jr *joinedRows, o queryOptions, objs []objptr.Ptr, bf *backFill) ([]objptr.Ptr, error) {
	err := s.readTargets(ctx, tx, stmt, target, jr, nil, o, func(p objptr.Ptr, held, first bool) {
		if !first {
			return
		}
		if bf != nil && held {
			bf.hold(p)
		}
		objs = append(objs, p)
	})
	return objs, err
}

// readTargets runs stmt, a select-in's SELECT of target's columns (after
// a first column scanned into extra, when extra is not nil) and of the
// relationships jr joins, and places each row's objects through the
// identity map; row gets each row's target object, whether the session
// held it before the statement (held) and whether this is its first row
// in the statement (first; a joined collection repeats it).
func (s *Session) readTargets(ctx context.Context, tx *engine.Tx, stmt core.Statement, target *mapper, jr *joinedRows, extra any, o queryOptions, row func(p objptr.Ptr, held, first bool)) (err error) {
	res, err := tx.Query(ctx, stmt)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := res.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil && jr.collection {
			jr.abandon(s)
		}
	}()
	names := res.Columns()
	if extra != nil {
		names = names[1:]
	}
	width := len(names)
	for _, part := range jr.parts {
		width -= len(part.sc.cols)
	}
	if width < 0 {
		return fmt.Errorf("retort: the select-in of %s returned %d columns, fewer than its joins read", target.typ, len(names))
	}
	cols, err := columnsOf(target, names[:width])
	if err != nil {
		return err
	}
	populate := o.populateExisting
	sc := newEntityScanner(target, cols, false)
	sc.row = sc.dests
	if jr.collection {
		// Its rows repeat each target per child.
		sc.gate(s, populate)
	}
	jr.gateParts(s, populate)
	var dest []any
	if extra != nil {
		dest = append(dest, extra)
	}
	dest = append(dest, sc.row...)
	for _, part := range jr.parts {
		dest = append(dest, part.sc.row...)
	}
	for res.Next() {
		sc.ready()
		for i := range jr.parts {
			jr.parts[i].sc.ready()
		}
		if err := res.Scan(dest...); err != nil {
			return err
		}
		p, inst, fresh, err := sc.place(s, populate)
		if err != nil {
			return err
		}
		isNew := inst != nil || fresh
		if len(jr.parts) > 0 {
			if err := jr.placeJoined(s, p, isNew, populate); err != nil {
				return err
			}
		}
		row(p, !isNew, !jr.repeated(p))
	}
	return res.Err()
}

// backFill fills the back-references of the children a one-to-many or
// one-to-one loads: each child's many-to-one (b) points at the parent
// whose collection or field it joined, and is marked loaded, without SQL,
// as SQLAlchemy shows both sides of a back_populates pair. The other way
// is not filled: a many-to-one's target would get a collection holding
// only the objects this load met, and a many-to-many's back holds other
// parents too.
type backFill struct {
	s   *Session
	b   *relationship
	set *objSet // the session's objects whose b is loaded
	// held: the children the session held before the load (nil when
	// there are none, as in most loads): only they can have b loaded or
	// set already.
	held map[objptr.Ptr]struct{}
}

// backFill returns the filling of r's back-reference, or nil when
// loading r fills none.
func (s *Session) backFill(r *relationship) *backFill {
	b := filledBack(r)
	if b == nil {
		return nil
	}
	return &backFill{s: s, b: b, set: s.loaded.of(b)}
}

// filledBack is the back-reference that loading r fills (see backFill),
// or nil.
func filledBack(r *relationship) *relationship {
	if b := r.back; b != nil && (r.kind == OneToMany || r.kind == OneToOne) && b.kind == ManyToOne {
		return b
	}
	return nil
}

func (bf *backFill) hold(p objptr.Ptr) {
	if bf.held == nil {
		bf.held = map[objptr.Ptr]struct{}{}
	}
	bf.held[p] = struct{}{}
}

// fill points the back-reference of each of children at parent. Where
// no child was held, those of a collection are marked loaded together,
// by done.
func (bf *backFill) fill(parent objptr.Ptr, children []objptr.Ptr, many bool) {
	if bf.held == nil && many {
		for _, c := range children {
			bf.b.at.SetPtr(c, parent)
		}
		return
	}
	for _, c := range children {
		_, held := bf.held[c]
		fillBack(bf.s, bf.b, bf.set, parent, c, held)
	}
}

// done marks loaded the back-references of loaded, the children of a
// collection that fill filled without marking: each of them joined its
// parent's collection. One list of their number, where a mark each
// would grow it again and again.
func (bf *backFill) done(r *relationship, loaded []objptr.Ptr) {
	if bf != nil && bf.held == nil && r.many {
		bf.set.addAll(loaded)
		for _, c := range loaded {
			bf.s.unrecord(c, bf.b)
		}
	}
}

// fillBack points child's many-to-one b at parent and marks it loaded in
// set, the session's loaded marks of b, unless child was held before the
// load (held) and its b is set or loaded already: the program's own
// assignment, waiting for a flush, or what an earlier load put there,
// is kept. It makes no change a flush would write: b points at the object
// whose key the child's foreign key holds. Like a loaded many-to-one, the
// target goes in the child's snapshot (unrecord), so that setting it to
// nil afterwards counts.
func fillBack(s *Session, b *relationship, set *objSet, parent, child objptr.Ptr, held bool) {
	if held && (!b.at.Ptr(child).IsNil() || set.has(child)) {
		return
	}
	b.at.SetPtr(child, parent)
	set.add(child)
	s.unrecord(child, b)
}

// tupleKey is the values of a composite key, comparable.
type tupleKey [maxKeyColumns]any

// selectInComposite is selectIn over a composite foreign key.
func (s *Session) selectInComposite(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec, jr *joinedRows) ([]objptr.Ptr, error) {
	n := len(r.local)
	parentM, target := r.parent, r.target
	localPos := make([]int, n)
	remotePos := make([]int, n)
	for j := range n {
		localPos[j] = parentM.position(r.local[j])
		remotePos[j] = target.position(r.remote[j])
	}
	tuple := func(m *mapper, p objptr.Ptr, pos []int) (tupleKey, bool) {
		var k tupleKey
		for j, i := range pos {
			if k[j] = normalizeKey(deref(m.value(p, i))); k[j] == nil {
				return k, false
			}
		}
		return k, true
	}
	todo, lists := selectInKeys(s, r, parents, o.populateExisting, func(p objptr.Ptr) (tupleKey, bool) {
		return tuple(parentM, p, localPos)
	}, nil)
	var loaded []objptr.Ptr
	bf := s.backFill(r)
	for _, keys := range lists {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		if loaded, err = s.queryObjects(ctx, tx, selectInCompositeStmt(r, keys, spec, jr.parts), target, jr, o, loaded, bf); err != nil {
			return nil, err
		}
	}
	groups := map[tupleKey][]objptr.Ptr{}
	for _, c := range loaded {
		if k, ok := tuple(target, c, remotePos); ok {
			groups[k] = append(groups[k], c)
		}
	}
	for _, p := range todo {
		k, _ := tuple(parentM, p, localPos)
		s.setRelated(r, p, groups[k], bf)
	}
	bf.done(r, loaded)
	return loaded, nil
}

// selectInCompositeStmt is the statement of a select-in of r over a
// composite foreign key, for the parents whose key tuples are keys, with
// the joins of parts: the tuples are compared as (a = ? AND b = ?) OR
// ..., in lists of at most InListSize values padded to a power of two,
// on every dialect.
func selectInCompositeStmt(r *relationship, keys []tupleKey, spec loadSpec, parts []joinedPart) *core.SelectStmt {
	target := r.target
	alts := make([]core.Condition, len(keys))
	for i, k := range keys {
		eqs := make([]core.Condition, len(r.remote))
		for j, c := range r.remote {
			eqs[j] = target.columns[target.position(c)].Eq(k[j])
		}
		alts[i] = core.And(eqs...)
	}
	stmt := core.Select(spec.projection(target)...).Where(core.Or(alts...)).Where(spec.criteria...).OrderBy(selectInOrder(r, spec)...)
	return addJoins(stmt, target.table, nil, parts)
}

// parentKeyLabel labels the association table's parent key in a
// many-to-many select-in.
const parentKeyLabel = "retort_parent_key"

// selectInSecondary loads a many-to-many: the target's rows joined to the
// association table, each with the parent key it belongs to.
func (s *Session) selectInSecondary(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec, jr *joinedRows) ([]objptr.Ptr, error) {
	parentM := r.parent
	localPos := parentM.position(r.local[0])
	todo, lists := selectInKeys(s, r, parents, o.populateExisting, columnKey(parentM, localPos), nil)
	groups := map[any][]objptr.Ptr{}
	var loaded []objptr.Ptr
	inLoaded := map[objptr.Ptr]bool{}
	// A joined collection repeats a (parent, target) row per child.
	type pair struct {
		k any
		p objptr.Ptr
	}
	var paired map[pair]bool
	if jr.collection {
		paired = map[pair]bool{}
	}
	for _, keys := range lists {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		var parentKey any
		err = s.readTargets(ctx, tx, selectInSecondaryStmt(r, keys, spec, jr.parts), r.target, jr, &parentKey, o, func(p objptr.Ptr, _, _ bool) {
			k := normalizeKey(parentKey)
			if paired != nil {
				if paired[pair{k, p}] {
					return
				}
				paired[pair{k, p}] = true
			}
			groups[k] = append(groups[k], p)
			if !inLoaded[p] {
				inLoaded[p] = true
				loaded = append(loaded, p)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, p := range todo {
		r.at.SetPtrs(p, slices.Clone(groups[normalizeKey(deref(parentM.value(p, localPos)))]))
		s.markLoaded(p, r)
	}
	return loaded, nil
}

// selectInSecondaryStmt is the statement of a select-in of r, a
// many-to-many, for the parents whose keys are keys, with the joins of
// parts: the target's rows joined to the association table, each with
// the parent key it belongs to first.
func selectInSecondaryStmt(r *relationship, keys []any, spec loadSpec, parts []joinedPart) *core.SelectStmt {
	target := r.target
	order := spec.order
	if len(order) == 0 {
		order = orderByOf(target, r.orderBy)
	}
	secParent := core.ColumnOf[any](r.secondary, r.remote[0].Name)
	secTarget := core.ColumnOf[any](r.secondary, r.secondaryRemote[0].Name)
	targetCol := target.columns[target.position(r.targetColumns[0])]
	stmt := core.Select(append([]core.Projection{secParent.Label(parentKeyLabel)}, spec.projection(target)...)...).
		From(target.table).
		Join(r.secondary, secTarget.EqCol(targetCol)).
		Where(secParent.In(keys...)).
		Where(spec.criteria...).
		OrderBy(order...)
	return addJoins(stmt, target.table, nil, parts)
}

// normalizeKey makes a key scanned into an any (an int64, or []byte
// text) comparable with the key read from a field.
func normalizeKey(v any) any {
	switch x := v.(type) {
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case int16:
		return int64(x)
	case []byte:
		return string(x)
	}
	return v
}

// assign puts loaded objects (and, for a many-to-one, objects the session
// held) in the parents' relationship fields, and marks them loaded; bf,
// when not nil, fills the objects' back-references.
func (s *Session) assign(r *relationship, parents, loaded []objptr.Ptr, localPos int, bf *backFill) {
	target := r.target
	remotePos := target.position(r.remote[0])
	if r.kind == ManyToOne {
		for _, p := range parents {
			var found objptr.Ptr
			if k := deref(r.parent.value(p, localPos)); k != nil {
				if key, ok := target.keyFromValue(k); ok {
					found = s.idmap.heldObject(key)
				}
			}
			r.at.SetPtr(p, found)
			s.markLoaded(p, r)
		}
		return
	}
	// Each child comes once in loaded, so it joins its group once. An
	// integer key groups without boxing.
	if _, ok := intField(target, loaded, remotePos); ok || len(loaded) == 0 {
		groups := map[int64][]objptr.Ptr{}
		for _, c := range loaded {
			k, _ := intField(target, []objptr.Ptr{c}, remotePos)
			groups[k] = append(groups[k], c)
		}
		for _, p := range parents {
			k, ok := intField(r.parent, []objptr.Ptr{p}, localPos)
			var g []objptr.Ptr
			if ok {
				g = groups[k]
			}
			s.setRelated(r, p, g, bf)
		}
		return
	}
	groups := map[any][]objptr.Ptr{}
	for _, c := range loaded {
		k := deref(target.value(c, remotePos))
		groups[k] = append(groups[k], c)
	}
	for _, p := range parents {
		s.setRelated(r, p, groups[deref(r.parent.value(p, localPos))], bf)
	}
}

// setRelated puts a parent's loaded objects g in its field r and marks it
// loaded; bf, when not nil, points their back-references at the parent.
func (s *Session) setRelated(r *relationship, p objptr.Ptr, g []objptr.Ptr, bf *backFill) {
	switch {
	case r.many:
		r.at.SetPtrs(p, slices.Clip(g))
	case len(g) > 0:
		g = g[:1] // a one-to-one keeps the first (L35)
		r.at.SetPtr(p, g[0])
	default:
		r.at.SetPtr(p, objptr.Ptr{})
	}
	s.markLoaded(p, r)
	if bf != nil {
		bf.fill(p, g, r.many)
	}
}

// intField reads column i of the first of objs as an integer, without
// boxing it: ok is false for a column that is not an integer, or NULL.
func intField(m *mapper, objs []objptr.Ptr, i int) (int64, bool) {
	if len(objs) == 0 {
		return 0, false
	}
	switch v := m.addr(objs[0], i).(type) {
	case *int64:
		return *v, true
	case *int32:
		return int64(*v), true
	case *int:
		return int64(*v), true
	case **int64:
		if *v != nil {
			return **v, true
		}
	case **int32:
		if *v != nil {
			return int64(**v), true
		}
	}
	return 0, false
}

// orderByOf is a relationship's order_by as an ORDER BY of m, its
// target's table: none when it has none. A collection without one is
// loaded in whatever order the database returns it, as in SQLAlchemy:
// sorting every select-in and joined load by key cost a server-side sort
// per load (W1's items select-in sorted 136k rows, spilling to disk at
// the default work_mem), which nothing but an order_by or OrderBy asks
// for.
func orderByOf(m *mapper, terms []orderTerm) []core.Expression {
	var out []core.Expression
	for _, t := range terms {
		c := m.columns[m.position(t.col)]
		if t.desc {
			out = append(out, c.Desc())
		} else {
			out = append(out, c.Asc())
		}
	}
	return out
}

// keyOrder orders m's rows by primary key.
func keyOrder(m *mapper) []core.Expression {
	out := make([]core.Expression, len(m.pk))
	for i, c := range m.pk {
		out[i] = m.columns[c].Asc()
	}
	return out
}

// rowNumberLabel labels the per-parent row number of a limited select-in.
const rowNumberLabel = "retort_row_number"

// perParentLimit is the inner SELECT of a select-in with a per-parent
// limit: the target's rows that criteria let through, each numbered
// within its parent's in the collection's order. The caller adds the
// keys; limitedOuter keeps the rows numbered up to the limit.
func perParentLimit(target *mapper, key core.Column[any], criteria []core.Condition, order []core.Expression, limit int64) *core.SelectStmt {
	items := make([]core.Projection, 0, len(target.cols)+1)
	for _, c := range defaultColumns(target) {
		items = append(items, target.tableProjection(c))
	}
	rn := core.RowNumber().Over(core.PartitionBy(key), core.OrderBy(order...)).Label(rowNumberLabel)
	return core.Select(append(items, rn)...).Where(criteria...).OrderBy(order...)
}

// limitedOuter wraps inner, keeping each parent's first spec.limit rows
// in their order, with spec's columns: inner reads the default ones,
// among which those its order names, for the wrapping ORDER BY. sub is
// inner as the outer SELECT reads it, which the joins below the
// select-in join to.
func limitedOuter(target *mapper, spec loadSpec, inner *core.SelectStmt) (outer *core.SelectStmt, sub core.FromItem) {
	subq := inner.Subquery("")
	cols := spec.columns(target)
	items := make([]core.Projection, len(cols))
	for i, c := range cols {
		items[i] = core.ColumnOf[any](subq, target.resultName(c))
	}
	return core.Select(items...).
		Where(core.ColumnOf[int64](subq, rowNumberLabel).Le(spec.limit)).
		OrderBy(inner.OrderingsOn(subq)...), subq
}

// paddedSize is n rounded up to a power of two, but not above limit.
func paddedSize(n, limit int) int {
	size := 1
	for size < n {
		size *= 2
	}
	return min(size, limit)
}

// padKeys repeats the last key up to paddedSize.
func padKeys[K any](keys []K, limit int) []K {
	n := paddedSize(len(keys), limit)
	out := slices.Grow(slices.Clone(keys), n-len(keys))
	for len(out) < n {
		out = append(out, keys[len(keys)-1])
	}
	return out
}

// keyFromValue is the identity of m's object whose single-column key is v.
func (m *mapper) keyFromValue(v any) (identityKey, bool) {
	if len(m.pk) != 1 {
		return identityKey{}, false
	}
	k := identityKey{m: m.key}
	if m.intKey {
		switch x := v.(type) {
		case int64:
			k.id = x
		case int32:
			k.id = int64(x)
		case int:
			k.id = int64(x)
		case int16:
			k.id = int64(x)
		default:
			return k, false
		}
		return k, true
	}
	k.k[0] = v
	return k, true
}

// heldObject returns the session's object of identity k, in either map.
func (im *identityMap) heldObject(k identityKey) objptr.Ptr {
	if p := im.roGet(k); !p.IsNil() {
		return p
	}
	if inst := im.get(k); inst != nil && !inst.deletePending {
		return inst.obj
	}
	return objptr.Ptr{}
}
