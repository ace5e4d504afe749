// orm/query.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// QueryOption changes how a query loads objects: a loader option such as
// SelectInLoad, a column option such as LoadOnly, PopulateExisting,
// AllowCartesian or WithLoaderCriteria.
type QueryOption interface{ applyQuery(*queryOptions) }

type queryOptions struct {
	populateExisting bool
	cartesian        bool
	loads            []LoadPath
	// criteria filter every load of a mapper's objects (WithLoaderCriteria);
	// criteriaOrder lists their mappers in the order given, so that the
	// SQL does not change from run to run.
	criteria      map[*mapper][]core.Condition
	criteriaOrder []*mapper
	// global holds the session's global criteria, merged into criteria
	// but for the mappers of rare.without (WithoutGlobalCriteria).
	global *globalCriteria
	// allDeleted (IncludeDeleted) lifts every soft-delete filter.
	allDeleted bool
	// rare holds the options few queries give, or is nil: apart, so
	// that queryOptions stays small, as it is copied into every cursor
	// and loader call (a cursor over 512 bytes costs its allocation
	// more), and read through rarely.
	rare *rareOptions
	err  error
}

// rareOptions are the query options few queries give.
type rareOptions struct {
	// own lists the mappers the query gave WithLoaderCriteria; without
	// those whose global criteria it lifts (WithoutGlobalCriteria).
	own     []*mapper
	without []*mapper
	// columns narrow the columns an entity is loaded with.
	columns []columnOption
	// withDeleted (IncludeDeletedOf) lifts its mappers' soft-delete
	// filters.
	withDeleted []*mapper
	// exprs fill computed fields (WithExpression).
	exprs []exprOption
}

// noRareOptions is what rarely returns for a query without them.
var noRareOptions rareOptions

// rarely returns o's rare options, to read: never nil, never to write.
func (o *queryOptions) rarely() *rareOptions {
	if o.rare != nil {
		return o.rare
	}
	return &noRareOptions
}

// more returns o's rare options, to add to.
func (o *queryOptions) more() *rareOptions {
	if o.rare == nil {
		o.rare = &rareOptions{}
	}
	return o.rare
}

type optionFunc func(*queryOptions)

func (f optionFunc) applyQuery(o *queryOptions) { f(o) }

// PopulateExisting makes the query overwrite the fields of objects the
// session already holds with the rows it reads, discarding unflushed
// changes to them, and reload their relationships that were loaded
// already; by default such an object is returned as it is.
func PopulateExisting() QueryOption {
	return optionFunc(func(o *queryOptions) { o.populateExisting = true })
}

// WithLoaderCriteria filters every load of T's objects that the query
// causes: its rows of T and each relationship to T loaded by select-in,
// or by JoinedLoad, in the ON clause of its join on its alias
// (SQLAlchemy's with_loader_criteria, L30): a tenant or soft-delete
// filter stated once per query. conds are on T's table's columns. Where
// the query joins T's table (Join(Orders), OuterJoin(Orders, ...)), they
// are ANDed into that join's ON clause, as SQLAlchemy does, so that an
// outer join keeps the rows that have no T let through; where T's table
// is the query's FROM, they go in its WHERE. A query that joins an alias
// of T's table, or reads T from one, is refused: the criteria name the
// table's own columns, so state them in that join or query. Criteria
// that every query of a session must carry (a tenant's) belong in
// WithGlobalCriteria. Criteria on the base of a hierarchy (Polymorphic)
// hold for its subtypes too.
func WithLoaderCriteria[T any](conds ...core.Condition) QueryOption {
	return optionFunc(func(o *queryOptions) {
		m, err := mapperFor(reflect.TypeFor[T]())
		if err != nil {
			o.err = err
			return
		}
		r := o.more()
		for _, m := range m.family() {
			o.addCriteria(m, conds)
			r.own = append(r.own, m)
		}
	})
}

// IncludeDeleted makes the query see soft-deleted rows: of every entity
// with a soft_delete column, in its FROM and joins and in the loads of
// its relationships. Without it they are left out (see Soft delete in
// the package documentation).
func IncludeDeleted() QueryOption {
	return optionFunc(func(o *queryOptions) { o.allDeleted = true })
}

// IncludeDeletedOf is IncludeDeleted for T's rows alone: the other
// entities' deleted rows stay out. T must have a soft_delete column.
func IncludeDeletedOf[T any]() QueryOption {
	return optionFunc(func(o *queryOptions) {
		m, err := mapperFor(reflect.TypeFor[T]())
		switch {
		case err != nil:
			o.err = err
		case m.softDelete < 0:
			o.err = fmt.Errorf("retort: IncludeDeletedOf[%s]: %s has no soft_delete column", m.typ, m.typ)
		default:
			r := o.more()
			r.withDeleted = append(r.withDeleted, m)
		}
	})
}

// hidesDeleted reports whether the query leaves out m's soft-deleted
// rows. IncludeDeletedOf lifts the filter of its type's table, which the
// types of an inheritance hierarchy share.
func (o *queryOptions) hidesDeleted(m *mapper) bool {
	return m.live != nil && !o.allDeleted &&
		!slices.ContainsFunc(o.rarely().withDeleted, func(w *mapper) bool { return w.table == m.table })
}

// criteriaOf returns the criteria that filter every load of m's objects:
// WithLoaderCriteria's and, for an entity with soft delete, the
// condition of its rows not deleted.
func (o *queryOptions) criteriaOf(m *mapper) []core.Condition {
	crit := o.criteria[m]
	switch {
	case !o.hidesDeleted(m):
		return crit
	case len(crit) == 0:
		return m.live
	}
	return append(slices.Clip(m.live), crit...)
}

func parseOptions(opts []QueryOption) (queryOptions, error) {
	var o queryOptions
	for i, opt := range opts {
		if opt == nil {
			return o, &nilError{op: "Options", what: fmt.Sprintf("option [%d]", i)}
		}
		opt.applyQuery(&o)
	}
	return o, o.err
}

// All runs q in the session's transaction and returns its rows: objects
// for Select, Row2/Row3 for Select2/Select3. A row whose object the
// session already holds gives that object, unchanged (see
// PopulateExisting). Pending changes are flushed first when autoflush is
// on. The relationships the options and mappings ask for are loaded
// before All returns.
func All[R any](ctx context.Context, s *Session, q *SelectStmt[R]) ([]R, error) {
	if err := s.enter(opAll); err != nil {
		return nil, err
	}
	defer s.leave()
	if q == nil {
		return nil, &nilError{op: "All", what: "the statement"}
	}
	return all(ctx, s, q)
}

// all is All inside the session.
func all[R any](ctx context.Context, s *Session, q *SelectStmt[R]) ([]R, error) {
	c, err := s.open(ctx, &q.p, 0)
	if err != nil {
		return nil, err
	}
	rows, err := readRows(c, q, -1)
	return rows, c.finish(ctx, err)
}

// One is All for a query that must return exactly one row: none is
// ErrNoRows, more ErrMultipleRows.
func One[R any](ctx context.Context, s *Session, q *SelectStmt[R]) (R, error) {
	rows, err := All(ctx, s, q)
	var zero R
	switch {
	case err != nil:
		return zero, err
	case len(rows) == 0:
		return zero, noRows("One", &q.p)
	case len(rows) > 1:
		return zero, fmt.Errorf("retort: One: %d rows of %s: %w", len(rows), q.p.what(), ErrMultipleRows)
	}
	return rows[0], nil
}

// noRows is ErrNoRows naming the operation and what the query looked for.
func noRows(op string, p *plan) error {
	return fmt.Errorf("retort: %s: no row of %s: %w", op, p.what(), ErrNoRows)
}

// what names the query's first entity for a message: its struct, or "the
// query" for a query of columns.
func (p *plan) what() string {
	if root := p.root(); root >= 0 {
		return p.elems[root].m.typ.Name()
	}
	return "the query"
}

// OneOrNone is One that returns the zero R (a nil object) for no row.
func OneOrNone[R any](ctx context.Context, s *Session, q *SelectStmt[R]) (R, error) {
	r, err := One(ctx, s, q)
	if errors.Is(err, ErrNoRows) {
		err = nil
	}
	return r, err
}

// First returns the query's first row, or ErrNoRows. Like SQLAlchemy's
// Result.first() it adds no LIMIT (R03): it reads one row and closes the
// result, so put a Limit(1) in the query when the rest are many. With a
// joined collection it reads the whole result, to complete the collection.
func First[R any](ctx context.Context, s *Session, q *SelectStmt[R]) (R, error) {
	var zero R
	if err := s.enter(opFirst); err != nil {
		return zero, err
	}
	defer s.leave()
	if q == nil {
		return zero, &nilError{op: "First", what: "the statement"}
	}
	c, err := s.open(ctx, &q.p, 0)
	if err != nil {
		return zero, err
	}
	limit := 1
	if c.collection {
		limit = -1
	}
	rows, err := readRows(c, q, limit)
	if err = c.finish(ctx, err); err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, noRows("First", &q.p)
	}
	return rows[0], nil
}

// readRows reads up to limit rows of c (all when negative) as Rs.
func readRows[R any](c *cursor, q *SelectStmt[R], limit int) ([]R, error) {
	var rows []R
	if limit > 0 {
		rows = make([]R, 0, min(limit, 4096))
	}
	var seen map[any]struct{}
	if c.p.unique {
		seen = map[any]struct{}{}
	}
	// One row variable, and its scan destinations, serve every row (each
	// is copied into rows): it escapes, through the destinations, and
	// would otherwise cost an allocation per row.
	var row, zero R
	var dests []any
	if q.row.dests != nil {
		dests = q.row.dests(&row)
	}
	for n := 0; limit < 0 || n < limit; {
		row = zero
		ents, ok, err := c.next(dests)
		if err != nil || !ok {
			return rows, err
		}
		if ents == nil {
			continue // a joined collection's parent, again
		}
		q.row.set(&row, ents)
		if seen != nil {
			if _, dup := seen[any(row)]; dup {
				continue
			}
			seen[any(row)] = struct{}{}
		}
		rows = append(rows, row)
		n++
	}
	return rows, nil
}

// Get returns the object of T with primary key pk (one value per key
// column, in order): the session's own without any SQL when it holds it,
// else loaded by one SELECT of the columns Select loads, those tagged
// deferred left out (as SQLAlchemy's get defers them too). A missing row
// is ErrNoRows, and so is a soft-deleted one (read it with Select and
// IncludeDeleted).
func Get[T any](ctx context.Context, s *Session, pk ...any) (*T, error) {
	if err := s.enter(opGet); err != nil {
		return nil, err
	}
	defer s.leave()
	return get[T](ctx, s, pk)
}

// get is Get inside the session.
func get[T any](ctx context.Context, s *Session, pk []any) (*T, error) {
	m, err := mapperFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	p, err := s.getKey(ctx, m, pk, true)
	return objptr.To[T](p), err
}

// getKey is get for an object of m, whose type the caller need not know;
// hide leaves out a soft-deleted row, as Get does (Merge does not).
func (s *Session) getKey(ctx context.Context, m *mapper, pk []any, hide bool) (objptr.Ptr, error) {
	if len(pk) != len(m.pk) {
		return objptr.Ptr{}, fmt.Errorf("retort: Get(%s) takes %d primary-key values, not %d", m.typ, len(m.pk), len(pk))
	}
	key := identityKey{m: m.key}
	for i, v := range pk {
		key.k[i] = deref(v)
	}
	if m.intKey {
		id := reflect.ValueOf(key.k[0])
		if !id.CanInt() {
			return objptr.Ptr{}, fmt.Errorf("retort: Get(%s): the key is an integer, not %T", m.typ, pk[0])
		}
		key = identityKey{m: m.key, id: id.Int()}
	}
	// With global criteria on m, a held object is Get's only if they
	// let it through: it may have come from a query that lifted them
	// (WithoutGlobalCriteria). One held because a query included deleted
	// rows is not Get's either.
	hide = hide && m.live != nil
	var held, snapshot objptr.Ptr
	if p := s.idmap.roGet(key); !p.IsNil() {
		held = p
	} else if inst := s.idmap.get(key); inst != nil && !inst.expired && !inst.deletePending {
		if inst.m != m && !inst.m.isA(m) {
			// The key's row is of another type of m's hierarchy.
			return objptr.Ptr{}, fmt.Errorf("retort: Get: the %s with key %v is a %s: %w", m.key.typ.Name(), pk, inst.m.typ.Name(), ErrNoRows)
		}
		held, snapshot = inst.obj, inst.snapshot
	}
	if !held.IsNil() {
		inside, known := s.heldInside(m, held, snapshot)
		switch {
		case hide && m.deleted(held):
			return objptr.Ptr{}, fmt.Errorf("retort: Get: the %s with key %v is soft-deleted: %w", m.typ.Name(), pk, ErrNoRows)
		case inside:
			return held, nil
		case known:
			return objptr.Ptr{}, fmt.Errorf("retort: Get: no %s with key %v inside the session's global criteria: %w", m.typ.Name(), pk, ErrNoRows)
		}
	}
	// The columns Select loads: a deferred one is left out here too.
	sel := m.byKey(pk, defaultProjection(m)...).Where(s.globalOn(m)...)
	if f := m.typeFilter(m.table); f != nil {
		sel = sel.Where(f)
	}
	if hide {
		sel = sel.Where(m.live...)
	}
	q := plan{raw: sel, keyed: true, elems: []elem{{m: m}}}
	c, err := s.open(ctx, &q, 0)
	if err != nil {
		return objptr.Ptr{}, err
	}
	var obj objptr.Ptr
	for {
		// A joined collection repeats the row, with no new object.
		ents, ok, err := c.next(nil)
		if err != nil || !ok {
			if err = c.finish(ctx, err); err == nil && obj.IsNil() {
				err = fmt.Errorf("retort: Get: no %s with key %v: %w", m.typ.Name(), pk, ErrNoRows)
			}
			if err != nil {
				return objptr.Ptr{}, err
			}
			return obj, nil
		}
		if ents != nil {
			obj = ents[0]
		}
	}
}

// heldInside reports, for Get, whether obj, the object of m that the
// session holds, is inside the global criteria on m (its fields, and
// its snapshot's): an object the session holds may come from a query
// that lifted them (WithoutGlobalCriteria). Where Go cannot evaluate
// them, known is false, and Get reads the row with them in its WHERE.
func (s *Session) heldInside(m *mapper, obj, snapshot objptr.Ptr) (inside, known bool) {
	if s.opts.criteria == nil {
		return true, true
	}
	v := s.inside(m, obj, obj)
	if v == isTrue && !snapshot.IsNil() {
		v = s.inside(m, obj, snapshot)
	}
	return v == isTrue, v != isUnknown
}

// byKey is SELECT of items for one primary key of the mapper.
func (m *mapper) byKey(pk []any, items ...core.Projection) *core.SelectStmt {
	conds := make([]core.Condition, len(m.pk))
	for i, c := range m.pk {
		conds[i] = m.columns[c].Eq(pk[i])
	}
	return core.Select(items...).Where(conds...)
}

// columnsOf returns, for result columns named names, the positions of
// m's columns they hold, which must include the primary key.
func columnsOf(m *mapper, names []string) ([]int, error) {
	cols := make([]int, len(names))
	for i, name := range names {
		j := slices.IndexFunc(m.cols, func(c *core.ColumnDef) bool { return c.Name == name })
		if k := slices.IndexFunc(m.computed, func(c *computed) bool { return c.label == name }); j < 0 && k >= 0 {
			// A computed field, selected under its label.
			cols[i] = len(m.cols) + k
			continue
		}
		if j < 0 || m.fields[j] == "" && !m.familyMaps(j) {
			return nil, fmt.Errorf("retort: column %q of the result is not a mapped column of %s", name, m.typ)
		}
		cols[i] = j
	}
	for _, pk := range m.pk {
		if !slices.Contains(cols, pk) {
			return nil, fmt.Errorf("retort: the query does not select %s's primary key column %s", m.typ, m.cols[pk].Name)
		}
	}
	return cols, nil
}
