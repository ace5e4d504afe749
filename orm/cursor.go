// orm/cursor.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/corehook"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/objptr"
)

// cursor runs an ORM query and turns its rows into objects, a batch at a
// time: All reads one batch of everything, Partitions one per FETCH.
type cursor struct {
	s     *Session
	ctx   context.Context
	p     *plan
	o     queryOptions
	res   *engine.Result
	trees loadForest
	ents  []*entityScanner // one per entity element
	// joinedRows reads the relationships joined into the query.
	joinedRows

	dest    []any        // the scan destinations (see dests)
	scalars []any        // the column elements' destinations dest holds
	row     []objptr.Ptr // the current row's entities
	// held: objects of this batch that the session held before they
	// were read, so that a repeated one is loaded once.
	held map[objptr.Ptr]struct{}
	// rootFresh: the current row's first entity is new to the session.
	rootFresh bool
	// stream: the cursor streams, and releases each batch's objects,
	// those of its rows (in ents) and those its loaders brought (related).
	stream  bool
	related []tracked
	drop    map[objptr.Ptr]struct{} // release's, reused batch to batch
	// releasing is release's list of the objects it may forget, reused.
	releasing []*instance
	// pages, when set, reads the query by keyset pages instead of one
	// streamed result (see keyset).
	pages *keyset
}

// keyset reads a streamed query page by page, WHERE key > the last key
// read ORDER BY key LIMIT n, each page read whole before the batch's
// relationships load: for SQLite and MySQL, whose streams hold the
// connection, when a batch needs queries of its own. Each page is a
// statement of the same transaction, so it sees the same snapshot (SQLite's
// transaction, MySQL's REPEATABLE READ).
type keyset struct {
	tx   *engine.Tx
	base *core.SelectStmt
	key  core.Column[any]
	pos  int // the key's column in the root entity's mapper
	n    int
	last any
	rows int // read from the current page
}

func (k *keyset) page(ctx context.Context) (*engine.Result, error) {
	stmt := k.base
	if k.last != nil {
		stmt = stmt.Where(k.key.Gt(k.last))
	}
	k.rows = 0
	return k.tx.Query(ctx, stmt.OrderBy(k.key.Asc()).Limit(int64(k.n)))
}

// tracked is an object new to the session that a streaming batch's
// loaders brought: its instance, or in a read-only session its mapper.
type tracked struct {
	m    *mapper
	inst *instance
	obj  objptr.Ptr
}

// open compiles and runs the query of p, through a server-side cursor
// fetching stream rows at a time when stream > 0.
func (s *Session) open(ctx context.Context, p *plan, stream int) (*cursor, error) {
	c, stmt, cols, err := s.prepare(p, stream)
	if err != nil {
		return nil, err
	}
	c.ctx = ctx
	if s.opts.autoflush && !s.flushing {
		if err := s.flush(ctx); err != nil {
			return nil, err
		}
	}
	tx, err := s.transaction(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case stream > 0 && enginehook.StreamHoldsConnection(tx) && c.needsQueries():
		if c.pages, err = c.keyset(tx, stmt, stream); err != nil {
			return nil, err
		}
		c.res, err = c.pages.page(ctx)
	case stream > 0:
		c.res, err = tx.Stream(ctx, stream, stmt)
	default:
		c.res, err = tx.Query(ctx, stmt)
	}
	if err != nil {
		return nil, err
	}
	if err := c.scanners(cols); err != nil {
		c.res.Close()
		return nil, err
	}
	c.gate()
	c.row = make([]objptr.Ptr, len(c.ents))
	return c, nil
}

// prepare readies the query of p without running it: its options, its
// trees of loaders with the joins planned, and its statement, with each
// element's entity columns (see statement). Running it and previewing it
// (Preview) begin here.
func (s *Session) prepare(p *plan, stream int) (*cursor, core.Statement, [][]int, error) {
	if p.err != nil {
		return nil, nil, nil, p.err
	}
	o, err := parseOptions(p.opts)
	if err != nil {
		return nil, nil, nil, err
	}
	o.withGlobal(s.opts.criteria)
	var roots []*mapper
	for _, e := range p.elems {
		if e.m != nil && !slices.Contains(roots, e.m) {
			roots = append(roots, e.m)
		}
	}
	trees, err := loadTrees(roots, o.loads, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	var parts []joinedPart
	if root := p.root(); root >= 0 {
		m := p.elems[root].m
		if parts, err = planJoins(m, trees.of(m), nil, o); err != nil {
			return nil, nil, nil, err
		}
	}
	c := &cursor{s: s, p: p, o: o, trees: trees, joinedRows: newJoinedRows(parts), stream: stream > 0}
	switch {
	case c.collection && stream > 0:
		return nil, nil, nil, fmt.Errorf("retort: a joined collection cannot be streamed: a parent's rows could straddle two batches (L18); load it with orm.SelectInLoad")
	case c.collection && len(p.elems) > 1:
		return nil, nil, nil, fmt.Errorf("retort: joined loading of a collection in a query of several elements would repeat rows: load it with orm.SelectInLoad")
	case p.unique && stream > 0:
		return nil, nil, nil, fmt.Errorf("retort: Unique cannot stream: it would hold every row seen (L19)")
	}
	stmt, cols, err := c.statement()
	if err != nil {
		return nil, nil, nil, err
	}
	return c, stmt, cols, nil
}

// needsQueries reports whether loading a batch's relationships runs
// statements: a relationship of an entity of the query is loaded and not
// joined.
func (c *cursor) needsQueries() bool {
	for i := range c.trees {
		m, node := c.trees[i].m, &c.trees[i].node
		for _, r := range m.rels {
			st, child := node.strategyFor(r)
			if (st == LazySelectIn || st == LazyJoined || st == recursiveLoad) && (child == nil || !child.joined) {
				return true
			}
		}
	}
	return false
}

// keyset prepares keyset pages of n rows over stmt, which must be a
// Select of an entity with a one-column key and no order or limit of its
// own: the pages are in key order.
func (c *cursor) keyset(tx *engine.Tx, stmt core.Statement, n int) (*keyset, error) {
	sel, ok := stmt.(*core.SelectStmt)
	e := c.p.elems[0]
	if !ok || c.p.raw != nil || e.m == nil || len(e.m.pk) != 1 || sel.Ordered() || sel.Limited() {
		return nil, fmt.Errorf("retort: loading relationships while streaming where the stream holds the connection (SQLite, MySQL, an Autocommit session) reads the rows by pages in primary-key order: the query must select one entity with a one-column key and have no ORDER BY, LIMIT or OFFSET of its own (or load the relationships with orm.Load after each batch)")
	}
	pos := e.m.pk[0]
	return &keyset{tx: tx, base: sel, key: core.ColumnOf[any](e.src, e.m.cols[pos].Name), pos: pos, n: n}, nil
}

// statement is the SQL of the query: the plan's SELECT narrowed by column
// options, filtered by loader criteria on its entities, with the joins of
// joined loading. cols are each element's entity columns (nil for a
// FromStatement, whose columns are found by name).
func (c *cursor) statement() (core.Statement, [][]int, error) {
	p, o := c.p, c.o
	if p.raw != nil {
		if r := o.rarely(); len(r.columns) > 0 || len(r.own) > 0 || len(r.exprs) > 0 {
			return nil, nil, fmt.Errorf("retort: column options, WithLoaderCriteria and WithExpression do not apply to a FromStatement query: state them in its statement")
		}
		if m := p.elems[0].m; !p.keyed && len(o.criteria[m]) > 0 {
			return nil, nil, fmt.Errorf("retort: a FromStatement query of %s cannot carry the session's WithGlobalCriteria on it: state them in its statement, and lift them with orm.WithoutGlobalCriteria[%s]()", m.typ, m.typ.Name())
		}
		if len(c.parts) == 0 {
			return p.raw, nil, nil
		}
		sel, ok := p.raw.(*core.SelectStmt)
		if !ok {
			return nil, nil, fmt.Errorf("retort: joined loading needs a core.SelectStmt, not %T", p.raw)
		}
		sel, err := joinStatement(p.elems[0].m, sel, defaultColumns(p.elems[0].m), c.parts)
		return sel, nil, err
	}
	// Column options narrow the query's own entities. One naming another
	// table (a relationship's target, loaded by select-in or a join) would
	// change nothing, so it fails rather than be ignored: those go on the
	// loader's path.
	for _, opt := range o.rarely().columns {
		if len(opt.cols) > 0 && !slices.ContainsFunc(p.elems, func(e elem) bool { return e.m != nil && e.m.position(opt.cols[0]) >= 0 }) {
			return nil, nil, fmt.Errorf("retort: %s of %s.%s: the query selects no entity of that table; narrow a loaded relationship's objects on its loader's path (orm.SelectInLoad(...).%s(...))",
				opt.name, opt.cols[0].Table.Name(), opt.cols[0].Name, opt.name)
		}
		if len(opt.props) > 0 && !slices.ContainsFunc(p.elems, func(e elem) bool { return e.m != nil && e.m.computedPos(opt.props[0]) >= 0 }) {
			return nil, nil, fmt.Errorf("retort: %s of %s.%s: the query selects no %[2]s; narrow a loaded relationship's objects on its loader's path (orm.SelectInLoad(...).%[1]s(...))",
				opt.name, opt.props[0].owner.Name(), opt.props[0].field)
		}
	}
	sel := p.sel
	cols := make([][]int, len(p.elems))
	narrowed := false
	for i, e := range p.elems {
		cols[i] = e.cols
		if e.m == nil {
			continue
		}
		if columns := o.rarely().columns; len(columns) > 0 {
			var err error
			if cols[i], err = narrow(e.m, e.cols, columns); err != nil {
				return nil, nil, err
			}
			if !slices.Equal(cols[i], e.cols) {
				cols[i] = c.trees.of(e.m).withKeys(e.m, cols[i], nil)
				narrowed = true
			}
		}
		if len(o.criteria[e.m]) > 0 && e.src != e.m.table && !o.adapts(e.m, e.src) {
			return nil, nil, fmt.Errorf("retort: %s on %s, read from %s: put the criteria in the query", o.criteriaName(e.m), e.m.typ, e.src)
		}
	}
	var exprs []queryExpr
	if len(o.rarely().exprs) > 0 {
		var err error
		if exprs, err = resolveExprs(o.rarely().exprs, p.elems); err != nil {
			return nil, nil, err
		}
		for i, e := range p.elems {
			for _, x := range exprs {
				if x.m == e.m {
					cols[i] = append(slices.Clip(cols[i]), x.pos)
					narrowed = true
				}
			}
		}
	}
	var err error
	if sel, err = c.withCriteria(sel); err != nil {
		return nil, nil, err
	}
	if narrowed {
		var items []core.Projection
		for i, e := range p.elems {
			if e.m == nil {
				items = append(items, e.proj)
				continue
			}
			for _, col := range cols[i] {
				items = append(items, projectWith(e, col, exprs))
			}
		}
		sel = sel.WithOnlyColumns(items...)
	}
	if len(c.parts) > 0 {
		root := p.root()
		if sel, err = joinStatement(p.elems[root].m, sel, cols[root], c.parts); err != nil {
			return nil, nil, err
		}
	}
	return sel, cols, nil
}

// withCriteria adds the query's loader criteria to sel: into the ON
// clause of each join of an entity's table, else into the WHERE where the
// table is read from (an entity's FROM, or a From item), else nowhere,
// for a table the query does not read.
func (c *cursor) withCriteria(sel *core.SelectStmt) (*core.SelectStmt, error) {
	o := c.o
	var soft []*mapper
	if p := softMappers.Load(); p != nil && !o.allDeleted {
		soft = *p
	}
	if len(o.criteriaOrder) == 0 && len(soft) == 0 {
		return sel, nil
	}
	items, joined := sel.FromItems()
	for _, m := range o.criteriaOrder {
		crit := o.criteria[m]
		for _, j := range joined {
			switch t := tableOf(j); {
			case t == nil || t == m.table || t.Base() != m.table:
			case o.adapts(m, j):
				sel, _ = sel.AndOn(j, adapted(crit, j)...)
			default:
				return nil, fmt.Errorf("retort: %s on %s: the query joins an alias of %s, which the criteria do not name: put them in that join's ON", o.criteriaName(m), m.typ, m.table.Name())
			}
		}
		// An alias read in the FROM, or an entity's, takes them in the
		// WHERE (where adapts allows it).
		// FROM items are compared by table: an alias made by
		// core.Aliased is a struct, which == may not compare.
		var aliases []*core.Table
		add := func(f core.FromItem) {
			t := tableOf(f)
			if t != nil && t != m.table && o.adapts(m, f) && !slices.Contains(aliases, t) &&
				!slices.ContainsFunc(joined, func(j core.FromItem) bool { return tableOf(j) == t }) {
				aliases = append(aliases, t)
				sel = sel.Where(adapted(crit, t)...)
			}
		}
		for _, f := range items {
			add(f)
		}
		for _, e := range c.p.elems {
			if e.m == m {
				add(e.src)
			}
		}
		var n int
		if sel, n = sel.AndOn(m.table, crit...); n > 0 {
			continue
		}
		read := slices.Contains(items, core.FromItem(m.table)) ||
			slices.ContainsFunc(c.p.elems, func(e elem) bool {
				return e.m == m && tableOf(e.src) == m.table || e.m == nil && names(e.proj, m.table)
			})
		if read {
			sel = sel.Where(crit...)
		}
	}
	if len(soft) > 0 {
		sel = c.hideDeleted(sel, soft, items, joined)
	}
	return sel, nil
}

// hideDeleted adds to sel the condition of the rows not deleted of each
// table with soft delete (of soft) that it reads, or an alias of one,
// moved onto the alias: into the ON clause of a join, so that an outer
// join keeps the rows it finds no live row for, else into the WHERE, for
// a FROM item or an entity's table. A subquery or CTE reads what its
// own statement says.
func (c *cursor) hideDeleted(sel *core.SelectStmt, soft []*mapper, items, joined []core.FromItem) *core.SelectStmt {
	for _, j := range joined {
		if m := softMapperOf(soft, j); m != nil && c.o.hidesDeleted(m) {
			sel, _ = sel.AndOn(j, m.liveOn(j))
		}
	}
	var seen []*core.Table
	where := func(f core.FromItem) {
		m := softMapperOf(soft, f)
		if m == nil || !c.o.hidesDeleted(m) {
			return
		}
		t := tableOf(f)
		if slices.Contains(seen, t) || slices.ContainsFunc(joined, func(j core.FromItem) bool { return tableOf(j) == t }) {
			return
		}
		seen = append(seen, t)
		sel = sel.Where(m.liveOn(f))
	}
	for _, f := range items {
		where(f)
	}
	for _, e := range c.p.elems {
		if e.m != nil && e.m.live != nil {
			where(e.src)
		}
	}
	return sel
}

// names reports whether e, a column element of a query, names a column
// of t outside its subqueries: a query of columns alone reads t from the
// FROM the columns infer.
func names(e core.Projection, t *core.Table) bool {
	return slices.ContainsFunc(corehook.Columns(e), func(c corehook.Column) bool { return c.Table == any(t) })
}

// scanners prepares the scanner of each entity element.
func (c *cursor) scanners(cols [][]int) error {
	names := c.res.Columns()
	width := len(names)
	for _, part := range c.parts {
		width -= len(part.sc.cols)
	}
	if cols == nil {
		m := c.p.elems[0].m
		cols, err := columnsOf(m, names[:width])
		if err != nil {
			return err
		}
		c.ents = []*entityScanner{newEntityScanner(m, cols, false)}
		c.ents[0].loads = c.trees.of(m).touches(m, nil)
		return nil
	}
	n := 0
	for i, e := range c.p.elems {
		if e.m == nil {
			n++
			continue
		}
		c.ents = append(c.ents, newEntityScanner(e.m, cols[i], i > 0))
		n += len(cols[i])
	}
	for _, es := range c.ents {
		es.loads = c.trees.of(es.m).touches(es.m, nil)
	}
	if n != width {
		return fmt.Errorf("retort: the query returned %d columns where %d were expected", width, n)
	}
	return nil
}

// gate gates the scanners of entities whose objects come again row after
// row (entityScanner.gate): a joined many-to-one's target and, in a query
// that joins a collection, every entity but the members of a collection
// joined last, each of which comes once. The others are looked up once,
// by place: a gate costs a lookup and a call when it reads the row after
// all (W3's users and their latest orders, two entities of a row that
// never repeat, read 14% more instructions gated).
func (c *cursor) gate() {
	populate := c.o.populateExisting
	for _, es := range c.ents {
		es.row = es.dests
		if c.collection {
			es.gate(c.s, populate)
		}
	}
	c.gateParts(c.s, populate)
}

// dests sets the scan destinations of every row: scalars, those of the
// column elements (the same for every row a readRows reads), and the
// scanners' stages.
func (c *cursor) dests(scalars []any) {
	dest := c.dest[:0]
	si, ei := 0, 0
	for _, e := range c.p.elems {
		if e.m == nil {
			dest = append(dest, scalars[si])
			si++
			continue
		}
		dest = append(dest, c.ents[ei].row...)
		ei++
	}
	for _, part := range c.parts {
		dest = append(dest, part.sc.row...)
	}
	c.dest, c.scalars = dest, scalars
}

// next reads a row: the column elements into scalars, the entities into
// objects through the identity map. ok is false at the end; a nil row
// with ok true is a joined collection's parent seen before.
func (c *cursor) next(scalars []any) (row []objptr.Ptr, ok bool, err error) {
	if c.pages != nil && c.pages.rows == c.pages.n {
		// The last page was full: the next may hold more.
		if c.res, err = c.pages.page(c.ctx); err != nil {
			return nil, false, err
		}
	}
	if !c.res.Next() {
		return nil, false, c.res.Err()
	}
	if c.dest == nil || len(scalars) > 0 && &scalars[0] != &c.scalars[0] {
		c.dests(scalars)
	}
	for _, es := range c.ents {
		es.ready()
	}
	for i := range c.parts {
		c.parts[i].sc.ready()
	}
	if err := c.res.Scan(c.dest...); err != nil {
		return nil, false, err
	}
	for i, es := range c.ents {
		if !es.found() {
			c.row[i] = objptr.Ptr{}
			continue
		}
		p, inst, fresh, err := es.place(c.s, c.o.populateExisting)
		if err != nil {
			return nil, false, err
		}
		c.row[i] = p
		if i == 0 {
			c.rootFresh = inst != nil || fresh
		}
		if i == 0 && c.pages != nil {
			c.pages.rows++
			c.pages.last = deref(es.m.value(p, c.pages.pos))
			if c.pages.rows == c.pages.n {
				// Closed now, so that the batch's loaders can run.
				if err := c.res.Close(); err != nil {
					return nil, false, err
				}
			}
		}
		if c.stream {
			if inst != nil {
				es.fresh = append(es.fresh, inst)
			} else if fresh {
				es.freshRO = append(es.freshRO, p)
			}
		}
		if !es.loads {
			continue
		}
		if inst != nil || fresh {
			es.batch = append(es.batch, p)
			continue
		}
		if c.held == nil {
			c.held = map[objptr.Ptr]struct{}{}
		}
		if _, dup := c.held[p]; !dup {
			c.held[p] = struct{}{}
			es.batch = append(es.batch, p)
		}
	}
	if len(c.parts) > 0 {
		root := c.row[0]
		if err := c.placeJoined(c.s, root, c.rootFresh, c.o.populateExisting); err != nil {
			return nil, false, err
		}
		if c.repeated(root) {
			return nil, true, nil
		}
	}
	return c.row, true, nil
}

// loadBatch loads the relationships of the objects read since the last
// batch, as the options and mappings ask.
func (c *cursor) loadBatch(ctx context.Context) error {
	// What the collections hold once loaded, or as far as loading went.
	defer c.s.recordLoaded()
	for i, es := range c.ents {
		if len(es.batch) == 0 || slices.IndexFunc(c.ents[:i], func(o *entityScanner) bool { return o.m == es.m }) >= 0 {
			continue
		}
		objs := es.batch
		for _, other := range c.ents[i+1:] {
			if other.m == es.m {
				objs = append(objs, other.batch...)
			}
		}
		if c.stream {
			c.s.streamed = &c.related
		}
		err := c.s.eagerLoad(ctx, es.m, objs, c.trees.of(es.m), nil, c.o)
		c.s.streamed = nil
		if err != nil {
			if errors.Is(err, engine.ErrResultOpen) {
				err = fmt.Errorf("retort: select-in loading while streaming needs a server-side cursor, which only PostgreSQL has; on SQLite and MySQL the stream holds the connection: %w", err)
			}
			return err
		}
	}
	for _, es := range c.ents {
		es.batch = es.batch[:0]
	}
	clear(c.held)
	return nil
}

// release lets the session forget the previous batch's objects that were
// new to it and are unchanged, so that a stream's heap stays bounded.
func (c *cursor) release() {
	s := c.s
	// The released objects are forgotten together: what is recorded of
	// them is filtered once per set, not looked up per object and
	// relationship.
	if c.drop == nil {
		c.drop = map[objptr.Ptr]struct{}{}
	}
	drop := c.drop
	clear(drop)
	insts := c.releasing[:0]
	for _, es := range c.ents {
		insts = append(insts, es.fresh...)
		ids, n := s.idmap.ro.get(es.m), len(es.freshRO)
		if ids != nil && ids == es.roSet && ids.adds-es.roAdds == n && ids.len() == n {
			ids.clear()
		} else {
			s.idmap.forgetReadOnly(es.m, es.freshRO)
		}
		for _, p := range es.freshRO {
			drop[p] = struct{}{}
		}
		es.fresh, es.freshRO = es.fresh[:0], es.freshRO[:0]
		es.roSet = nil
		if ids != nil && ids.len() == 0 {
			es.roSet, es.roAdds = ids, ids.adds
		}
	}
	for _, t := range c.related {
		if t.inst != nil {
			insts = append(insts, t.inst)
			continue
		}
		s.idmap.forgetReadOnly(t.m, []objptr.Ptr{t.obj})
		drop[t.obj] = struct{}{}
	}
	// One call for the batch's objects and those its loaders brought:
	// a changed object keeps what it holds, whichever list that is in.
	s.releaseStreamed(insts, drop)
	clear(insts)
	c.releasing = insts[:0]
	s.forgetAll(drop)
	c.related = c.related[:0]
}

// finish closes the result and, when reading went well, loads the
// relationships of what was read: after the close, because SQLite and
// MySQL run one statement at a time on a connection. Then the objects
// loaded get their AfterLoad hooks (see afterLoad).
func (c *cursor) finish(ctx context.Context, err error) error {
	if cerr := c.res.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if c.collection {
			c.abandon(c.s)
		}
		return c.s.afterLoad(ctx, err)
	}
	return c.s.afterLoad(ctx, c.loadBatch(ctx))
}

// place returns the session's object of the identity of scanned, a
// scanner's stage whose columns cols were read: the object it held
// (refreshed when populate, the query's PopulateExisting, or expired;
// completed when it was loaded with fewer columns), else a copy of
// scanned, put in the identity map. inst is the instance made for a new object; in a read-only
// session, which keeps no instances for integer keys, fresh says the
// object is new to the session.
func (s *Session) place(m *mapper, cols []int, scanned objptr.Ptr, populate bool) (_ objptr.Ptr, inst *instance, fresh bool, _ error) {
	partial := len(cols) < m.mapped
	if s.opts.readOnly && m.intKey && m.inh == nil {
		// A read-only session's objects never change state, so the
		// map holds them alone, without a record each.
		id := m.intKeyOf(scanned)
		ids := s.idmap.ro.make(m)
		if held := ids.get(id); !held.IsNil() {
			if populate {
				m.copyCols(held, scanned, cols)
				if m.computed != nil {
					m.clearExpressions(held, cols)
				}
				if s.loadHooked(m) {
					s.loadedRow(m, nil, held, true)
				}
			}
			s.complete(m, nil, held, scanned, cols)
			return held, nil, false, nil
		}
		obj := m.clone(scanned)
		ids.put(id, obj)
		ids.adds++
		if partial {
			s.markPartial(m, obj, cols)
		}
		if s.loadHooked(m) {
			s.loadedRow(m, nil, obj, populate)
		}
		if s.streamed != nil {
			*s.streamed = append(*s.streamed, tracked{m: m, obj: obj})
		}
		return obj, nil, true, nil
	}
	key, err := m.keyOf(scanned)
	if err != nil {
		return objptr.Ptr{}, nil, false, err
	}
	if held := s.idmap.get(key); held != nil {
		if held.m != m {
			// A row of a hierarchy's table held as another type.
			return objptr.Ptr{}, nil, false, heldAs(held, m)
		}
		if populate || held.expired {
			m.copyCols(held.obj, scanned, cols)
			s.unwrite(m, held.obj, cols)
			if m.computed != nil {
				m.clearExpressions(held.obj, cols)
			}
			switch {
			case s.opts.readOnly:
			case partial && !held.expired && !held.snapshot.IsNil():
				// PopulateExisting overwrites what it read, no
				// more: a column it did not read keeps its snapshot
				// and its FlagModified mark, so that a change the
				// program made to it and has not flushed is still
				// found, as SQLAlchemy keeps it.
				m.snapshotCols(held.snapshot, held.obj, cols)
				held.modified = slices.DeleteFunc(held.modified, func(c int) bool { return slices.Contains(cols, c) })
			default:
				held.snapshot = m.snapshot(held.obj)
				held.modified = nil
			}
			held.expired = false
			if s.loadHooked(m) {
				s.loadedRow(m, held, held.obj, populate)
			}
		}
		s.complete(m, held, held.obj, scanned, cols)
		return held.obj, nil, false, nil
	}
	if p := s.idmap.roGet(key); !p.IsNil() {
		s.complete(m, nil, p, scanned, cols)
		return p, nil, false, nil
	}
	obj := m.clone(scanned)
	inst = &instance{m: m, obj: obj, state: Persistent}
	inst.setKey(key)
	if !s.opts.readOnly {
		inst.snapshot = m.snapshot(obj)
	}
	s.idmap.put(inst)
	if partial {
		s.markPartial(m, obj, cols)
	}
	if s.loadHooked(m) {
		s.loadedRow(m, inst, obj, populate)
	}
	if s.streamed != nil {
		*s.streamed = append(*s.streamed, tracked{m: m, inst: inst, obj: obj})
	}
	return obj, inst, false, nil
}

// held returns the session's object of the identity of scanned, an
// object of m, when place would return it as it is: not expired, and
// with no columns to complete. Otherwise nil.
func (s *Session) held(m *mapper, scanned objptr.Ptr) objptr.Ptr {
	var p objptr.Ptr
	if s.opts.readOnly && m.intKey && m.inh == nil {
		ids := s.idmap.ro.get(m)
		if ids == nil {
			return objptr.Ptr{}
		}
		p = ids.get(m.intKeyOf(scanned))
	} else {
		key, err := m.keyOf(scanned)
		if err != nil {
			return objptr.Ptr{}
		}
		if inst := s.idmap.get(key); inst != nil {
			if inst.expired || inst.m != m && !inst.m.isA(m) {
				return objptr.Ptr{}
			}
			p = inst.obj
		} else {
			p = s.idmap.roGet(key)
		}
	}
	if p.IsNil() {
		return objptr.Ptr{}
	}
	if _, partial := s.partial[p]; partial {
		return objptr.Ptr{}
	}
	return p
}

// copyCols copies the fields of columns cols of src onto dst.
// snapshotCols copies columns cols of obj into its snapshot snap, each
// as the whole snapshot copies it.
func (m *mapper) snapshotCols(snap, obj objptr.Ptr, cols []int) {
	deep := m.deepColumns()
	for _, c := range cols {
		if slices.Contains(deep, c) {
			m.copyDeep(snap, obj, c)
		} else {
			copyField(m.addr(snap, c), m.addr(obj, c))
		}
	}
}

func (m *mapper) copyCols(dst, src objptr.Ptr, cols []int) {
	for _, c := range cols {
		copyField(m.addr(dst, c), m.addr(src, c))
	}
}
