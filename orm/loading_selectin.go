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
// objects in the parents' fields, and returns the objects it loaded.
func (s *Session) selectIn(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec) ([]objptr.Ptr, error) {
	if r.kind == ManyToMany {
		return s.selectInSecondary(ctx, r, parents, o, spec)
	}
	if spec.limit > 0 && !r.many {
		return nil, fmt.Errorf("retort: a per-parent limit on %s, which is not a collection", r.name())
	}
	if len(r.local) != 1 {
		return s.selectInComposite(ctx, r, parents, o, spec)
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
	remoteCol := target.columns[target.position(r.remote[0])]
	var loaded []objptr.Ptr
	bf := s.backFill(r)
	if len(lists) > 0 {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		order := spec.order
		if len(order) == 0 && r.kind != ManyToOne {
			order = orderByOf(target, r.orderBy)
		}
		if len(order) == 0 && spec.limit > 0 {
			// A per-parent limit keeps the first objects by key: some
			// order has to say which.
			order = keyOrder(target)
		}
		for _, part := range lists {
			stmt := core.Select(spec.projection(target)...).Where(remoteCol.In(part...)).Where(spec.criteria...).OrderBy(order...)
			if spec.limit > 0 {
				stmt = perParentLimit(target, remoteCol, spec.criteria, order, spec.limit).Where(remoteCol.In(part...))
				stmt = limitedOuter(target, spec, stmt)
			}
			if loaded, err = s.queryObjects(ctx, tx, stmt, target, o, loaded, bf); err != nil {
				return nil, err
			}
		}
	}
	s.assign(r, todo, loaded, localPos, bf)
	bf.done(r, loaded)
	return loaded, nil
}

// queryObjects runs stmt, a SELECT of target's columns, and appends its
// objects, through the identity map, to objs; bf, when not nil, notes
// those the session held before.
func (s *Session) queryObjects(ctx context.Context, tx *engine.Tx, stmt core.Statement, target *mapper, o queryOptions, objs []objptr.Ptr, bf *backFill) (_ []objptr.Ptr, err error) {
	res, err := tx.Query(ctx, stmt)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := res.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	cols, err := columnsOf(target, res.Columns())
	if err != nil {
		return nil, err
	}
	sc := newEntityScanner(target, cols, false)
	for res.Next() {
		p, inst, fresh, err := s.loadRow(sc, res, nil, o.populateExisting)
		if err != nil {
			return nil, err
		}
		if bf != nil && inst == nil && !fresh {
			bf.hold(p)
		}
		objs = append(objs, p)
	}
	return objs, res.Err()
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

// selectInComposite is selectIn over a composite foreign key: the key
// tuples are compared as (a = ? AND b = ?) OR ..., in lists of at most
// InListSize values padded to a power of two, on every dialect.
func (s *Session) selectInComposite(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec) ([]objptr.Ptr, error) {
	n := len(r.local)
	if n > maxKeyColumns || spec.limit > 0 {
		return nil, fmt.Errorf("retort: select-in loading of %s over %d key columns (at most %d, without a per-parent limit)", r.name(), n, maxKeyColumns)
	}
	parentM, target := r.parent, r.target
	localPos := make([]int, n)
	remote := make([]core.Column[any], n)
	remotePos := make([]int, n)
	for j := range n {
		localPos[j] = parentM.position(r.local[j])
		remotePos[j] = target.position(r.remote[j])
		remote[j] = target.columns[remotePos[j]]
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
	order := spec.order
	if len(order) == 0 && r.kind != ManyToOne {
		order = orderByOf(target, r.orderBy)
	}
	var loaded []objptr.Ptr
	bf := s.backFill(r)
	for _, part := range lists {
		alts := make([]core.Condition, len(part))
		for i, k := range part {
			eqs := make([]core.Condition, n)
			for j := range n {
				eqs[j] = remote[j].Eq(k[j])
			}
			alts[i] = core.And(eqs...)
		}
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		stmt := core.Select(spec.projection(target)...).Where(core.Or(alts...)).Where(spec.criteria...).OrderBy(order...)
		if loaded, err = s.queryObjects(ctx, tx, stmt, target, o, loaded, bf); err != nil {
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

// parentKeyLabel labels the association table's parent key in a
// many-to-many select-in.
const parentKeyLabel = "retort_parent_key"

// selectInSecondary loads a many-to-many: the target's rows joined to the
// association table, each with the parent key it belongs to.
func (s *Session) selectInSecondary(ctx context.Context, r *relationship, parents []objptr.Ptr, o queryOptions, spec loadSpec) ([]objptr.Ptr, error) {
	if len(r.local) != 1 || len(r.secondaryRemote) != 1 {
		return nil, fmt.Errorf("retort: select-in loading of %s through a composite key is not supported yet", r.name())
	}
	if spec.limit > 0 {
		return nil, fmt.Errorf("retort: a per-parent limit on the many-to-many %s is not supported: load the association's rows as a one-to-many", r.name())
	}
	order := spec.order
	if len(order) == 0 {
		order = orderByOf(r.target, r.orderBy)
	}
	parentM, target := r.parent, r.target
	localPos := parentM.position(r.local[0])
	todo, lists := selectInKeys(s, r, parents, o.populateExisting, columnKey(parentM, localPos), nil)
	secParent := core.ColumnOf[any](r.secondary, r.remote[0].Name)
	secTarget := core.ColumnOf[any](r.secondary, r.secondaryRemote[0].Name)
	targetCol := target.columns[target.position(r.targetColumns[0])]
	groups := map[any][]objptr.Ptr{}
	var loaded []objptr.Ptr
	inLoaded := map[objptr.Ptr]bool{}
	for _, part := range lists {
		tx, err := s.transaction(ctx)
		if err != nil {
			return nil, err
		}
		stmt := core.Select(append([]core.Projection{secParent.Label(parentKeyLabel)}, spec.projection(target)...)...).
			From(target.table).
			Join(r.secondary, secTarget.EqCol(targetCol)).
			Where(secParent.In(part...)).
			Where(spec.criteria...).
			OrderBy(order...)
		res, err := tx.Query(ctx, stmt)
		if err != nil {
			return nil, err
		}
		cols, err := columnsOf(target, res.Columns()[1:])
		if err != nil {
			res.Close()
			return nil, err
		}
		sc := newEntityScanner(target, cols, false)
		var parentKey any
		for res.Next() {
			p, _, _, err := s.loadRow(sc, res, &parentKey, o.populateExisting)
			if err != nil {
				res.Close()
				return nil, err
			}
			k := normalizeKey(parentKey)
			groups[k] = append(groups[k], p)
			if !inLoaded[p] {
				inLoaded[p] = true
				loaded = append(loaded, p)
			}
		}
		if err := res.Close(); err != nil {
			return nil, err
		}
	}
	for _, p := range todo {
		r.at.SetPtrs(p, slices.Clone(groups[normalizeKey(deref(parentM.value(p, localPos)))]))
		s.markLoaded(p, r)
	}
	return loaded, nil
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
		items = append(items, target.columns[c])
	}
	rn := core.RowNumber().Over(core.PartitionBy(key), core.OrderBy(order...)).Label(rowNumberLabel)
	return core.Select(append(items, rn)...).Where(criteria...).OrderBy(order...)
}

// limitedOuter wraps inner, keeping each parent's first spec.limit rows
// in their order, with spec's columns: inner reads the default ones,
// among which those its order names, for the wrapping ORDER BY.
func limitedOuter(target *mapper, spec loadSpec, inner *core.SelectStmt) *core.SelectStmt {
	sub := inner.Subquery("")
	cols := spec.columns(target)
	items := make([]core.Projection, len(cols))
	for i, c := range cols {
		items[i] = core.ColumnOf[any](sub, target.cols[c].Name)
	}
	return core.Select(items...).
		Where(core.ColumnOf[int64](sub, rowNumberLabel).Le(spec.limit)).
		OrderBy(inner.OrderingsOn(sub)...)
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
	k := identityKey{m: m}
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
