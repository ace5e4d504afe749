// orm/loading_joined.go

package orm

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/enginehook"
	"github.com/retortdb/retort/internal/objptr"
)

// JoinedLoad loads a relationship in the query itself, through a LEFT
// OUTER JOIN of the target's table under an anonymous alias: no second
// round trip. For a many-to-one or one-to-one it costs nothing more; for a
// one-to-many collection every parent row is repeated per child: only one
// collection may be joined per query (see AllowCartesian), parents come
// out once each, and a LIMIT or OFFSET of the query still counts parents,
// a GROUP BY or HAVING still groups them and a DISTINCT ON still picks
// them, because the query is then wrapped in a subquery that the
// collection is joined to. Nested chains join
// through further aliases: orm.JoinedLoad(Orders.User).JoinedLoad(Users.Department).
//
// Criteria (Users.Orders.And(...), WithLoaderCriteria) go into the ON
// clause of the join, moved onto its alias, as SQLAlchemy puts them: every
// parent still comes back, a collection holding what they let through and
// a many-to-one its target or nil. A column of the parent's table in them
// is read where the join reads the parent (its alias, or the subquery). An order (Users.Orders.OrderBy(...))
// orders a collection after the query's own order, as its mapping's
// order_by does. The query itself cannot name the alias; to filter or
// order the parents by the related table, join it (Join(Albums.Artist))
// and fill the relationship from that join with ContainsEager. Under a
// LIMIT the query may then be ordered by that table's columns: they are
// selected inside the subquery, so that the limit counts parents in that
// order. Ordering it by the joined collection's columns is refused: they
// cannot order the parents that the subquery counts.
//
// Below a select-in level the join goes into that level's statement, as
// in SQLAlchemy: orm.SelectInLoad(Users.Orders).JoinedLoad(Orders.Items)
// is two statements, the users and their orders LEFT OUTER JOIN items,
// with the same rules (criteria in the ON clause, one collection side by
// side, InnerJoin, and a per-parent limit counting the orders, in a
// subquery the items join). Below RecursiveLoad, or an entity of a
// Select2 or Select3 other than the first, a joined relationship is
// loaded by select-in instead.
func JoinedLoad(r AnyRelationship) LoadPath { return LoadPath{}.JoinedLoad(r) }

// JoinedLoad continues the path with r, loaded by a join.
func (l LoadPath) JoinedLoad(r AnyRelationship) LoadPath { return l.then(r, LazyJoined) }

// InnerJoin makes the path's last link, a joined many-to-one whose key is
// NOT NULL, an INNER JOIN: the planner can then use it like any join. It
// takes no criteria (And, WithLoaderCriteria): in an inner join they would
// drop the parents whose target they filter out.
func (l LoadPath) InnerJoin() LoadPath {
	if n := len(l.links); n > 0 && l.err == nil {
		last := l.links[n-1]
		if last.strategy != LazyJoined {
			l.err = fmt.Errorf("retort: InnerJoin after %s, which is not joined", last.rel.name())
			return l
		}
		l.links = slices.Clone(l.links)
		l.links[n-1].inner = true
	}
	return l
}

// ContainsEager populates the relationship from the query's own JOIN of
// its target instead of loading it: the query joins the target (to filter
// on it), and its rows fill the relationship with exactly the objects the
// join and the filter let through (SQLAlchemy's contains_eager, L28).
// from is where the target's columns are read, when the query joins an
// alias or a subquery rather than the target's table:
//
//	orm.Select[User]().Join(Orders).Where(Orders.Status.Eq("paid")).
//		Options(orm.ContainsEager(Users.Orders))
//
// Parents repeated by the join come out once each. A collection loaded
// before keeps its objects unless the query has PopulateExisting.
func ContainsEager(r AnyRelationship, from ...core.FromItem) LoadPath {
	return LoadPath{}.ContainsEager(r, from...)
}

// ContainsEager continues the path with r, read from the query's join.
func (l LoadPath) ContainsEager(r AnyRelationship, from ...core.FromItem) LoadPath {
	out := l.then(r, containsEager)
	if len(from) > 0 && len(out.links) > 0 {
		out.links[len(out.links)-1].from = from[0]
	}
	return out
}

// AllowCartesian lets a query join two or more collections side by side,
// whose rows then multiply (every order times every address of a user):
// for small collections where one round trip matters more than the rows.
// A chain of collections (users, their orders, the orders' items) needs
// no permission: it reads one row per leaf.
func AllowCartesian() QueryOption {
	return optionFunc(func(o *queryOptions) { o.cartesian = true })
}

var scannerType = reflect.TypeFor[sql.Scanner]()

// joinedPart is one relationship joined into a query: the alias its
// columns come from, the part it hangs from (-1 for the query's entity),
// and the scanner of its columns.
type joinedPart struct {
	rel    *relationship
	alias  core.FromItem
	parent int
	node   *loadNode
	sc     *entityScanner
	// contains: the query joins the target itself (ContainsEager).
	contains bool
	// on is the criteria ANDed into the join's ON clause, and order the
	// collection's order instead of its mapping's, both on alias.
	on    []core.Condition
	order []core.Expression
	// loaded is the session's set of objects whose rel is loaded.
	loaded *objSet
	// back is the back-reference of rel that its objects get pointed at
	// their parent (see backFill), or nil; backLoaded is the session's
	// set of objects whose back is loaded.
	back       *relationship
	backLoaded *objSet
}

// planJoins lists the relationships to join into a statement of m's
// objects, depth first in the mapper's field order (L09): those the
// options ask to join, and those joined by default (not walking back up
// the path, nor back up under, the relationship a select-in of m's
// objects loads; nil for a query's entity). It marks their nodes joined,
// so that eagerLoad leaves them be, and refuses joins that would multiply
// rows, unless o allows it.
func planJoins(m *mapper, root *loadNode, under *relationship, o queryOptions) ([]joinedPart, error) {
	var parts []joinedPart
	var collections []int // the parts that join a collection
	var walk func(m *mapper, node *loadNode, parent int, via *relationship) error
	walk = func(m *mapper, node *loadNode, parent int, via *relationship) error {
		for _, r := range m.rels {
			child := node.children[r]
			if child == nil {
				if r.lazy != LazyJoined || (via != nil && (r == via.back || r.target == via.parent)) || pathHas(parts, parent, r) {
					continue
				}
				child = node.child(r, LazyJoined, optionName{strategy: LazyJoined, mapping: true}, nil)
			}
			if child.strategy != LazyJoined && child.strategy != containsEager {
				continue
			}
			if child.strategy == containsEager && under != nil {
				return fmt.Errorf("retort: ContainsEager(%s) below the select-in of %s: a select-in has no join of the query's to read it from: use orm.JoinedLoad", r.name(), under.name())
			}
			if child.strategy == containsEager && (len(child.spec.criteria) > 0 || len(child.spec.order) > 0) {
				return fmt.Errorf("retort: criteria or an order on %s, which ContainsEager reads from the query's own join: put the criteria in that join and the order in the query's OrderBy", r.name())
			}
			if child.inner && (r.many || slices.ContainsFunc(r.local, func(c *core.ColumnDef) bool { return c.Nullable })) {
				return fmt.Errorf("retort: InnerJoin on %s would drop the parents that have none: it needs a many-to-one with a NOT NULL key", r.name())
			}
			if child.inner && parent >= 0 && !parts[parent].node.inner {
				return fmt.Errorf("retort: InnerJoin on %s under the outer join of %s would drop the rows that join found nothing for", r.name(), parts[parent].rel.name())
			}
			child.joined = true
			if child.strategy == containsEager {
				from := child.from
				if from == nil {
					from = r.target.table
				} else if t := tableOf(from); t != nil {
					from = t
				}
				parts = append(parts, joinedPart{rel: r, alias: from, parent: parent, node: child, contains: true})
			} else {
				part, err := joinedPartOf(r, parent, child, o)
				if err != nil {
					return err
				}
				if r.many {
					collections = append(collections, len(parts))
				}
				parts = append(parts, part)
			}
			if err := walk(r.target, child, len(parts)-1, r); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(m, root, -1, under); err != nil {
		return nil, err
	}
	for _, part := range parts {
		// ContainsEager reading the query's own join of the table reads
		// what the criteria let through: they are in its ON clause. A
		// JoinedLoad has them in its own (joinedPartOf).
		if len(o.criteria[part.rel.target]) > 0 && part.contains && part.alias != part.rel.target.table && !o.adapts(part.rel.target, part.alias) {
			return nil, fmt.Errorf("retort: %s on %s, which ContainsEager(%s) reads from an alias or a subquery: put the criteria in the query", o.criteriaName(part.rel.target), part.rel.target.typ, part.rel.name())
		}
	}
	if !o.cartesian {
		// Collections down one path (users, their orders, the orders'
		// items) read a row per leaf, as a hand-written join does; two
		// side by side multiply each other's rows.
		for i, a := range collections {
			for _, b := range collections[i+1:] {
				if !below(parts, b, a) {
					return nil, fmt.Errorf("retort: joined loading of the collections %s and %s multiplies their rows (a cartesian product): load one with orm.SelectInLoad, or allow it with orm.AllowCartesian()", parts[a].rel.name(), parts[b].rel.name())
				}
			}
		}
	}
	return parts, nil
}

// joinedPartOf is the part that joins r, loaded by JoinedLoad at node,
// under an anonymous alias of its target's table. The criteria of And and
// of WithLoaderCriteria are moved onto that alias and into the join's ON
// clause, as SQLAlchemy does: in the WHERE they would drop the parents
// that have no such child, and a many-to-one's parent keeps a nil. An
// order (OrderBy) orders a collection as its mapping's order_by does.
func joinedPartOf(r *relationship, parent int, node *loadNode, o queryOptions) (joinedPart, error) {
	alias := core.Alias(r.target.table, "")
	part := joinedPart{rel: r, alias: alias, parent: parent, node: node}
	spec := node.spec
	if len(spec.order) > 0 && !r.many {
		return part, fmt.Errorf("retort: OrderBy on the joined %s, a %s: it holds one object, which has no order", r.name(), r.kind)
	}
	for _, list := range [][]core.Condition{spec.criteria, o.criteria[r.target]} {
		for _, c := range list {
			part.on = append(part.on, core.Adapt(c, alias))
		}
	}
	if node.inner && len(part.on) > 0 {
		return part, fmt.Errorf("retort: InnerJoin on %s with criteria would drop the parents whose target the criteria filter out: leave it an outer join", r.name())
	}
	if o.hidesDeleted(r.target) {
		// Not refused in an inner join: a parent whose target is
		// deleted has none, as the inner join asked.
		part.on = append(part.on, r.target.liveOn(alias))
	}
	for _, e := range spec.order {
		part.order = append(part.order, core.AdaptOrder(e, alias))
	}
	return part, nil
}

// below reports whether part i hangs, directly or not, from part j.
func below(parts []joinedPart, i, j int) bool {
	for i = parts[i].parent; i >= 0; i = parts[i].parent {
		if i == j {
			return true
		}
	}
	return false
}

// pathHas reports whether r is joined already on the path to part i.
func pathHas(parts []joinedPart, i int, r *relationship) bool {
	for ; i >= 0; i = parts[i].parent {
		if parts[i].rel == r {
			return true
		}
	}
	return false
}

// joinsCollection reports whether parts join a collection (own reports
// only those the loader joins, not the query): the query's rows then
// repeat its parents.
func joinsCollection(parts []joinedPart, own bool) bool {
	for _, p := range parts {
		if p.rel.many && !(own && p.contains) {
			return true
		}
	}
	return false
}

// joinStatement adds the joins and columns of parts to sel, the SELECT of
// m's columns named by cols. A limited or grouped SELECT that joins a
// collection is wrapped first, as SQLAlchemy wraps it, so that its LIMIT
// counts parents (L06) and its GROUP BY groups them: joined inside, the
// collection's columns would be limited instead, or be columns a group
// cannot select (PostgreSQL refuses them; SQLite and MariaDB keep one
// child per group):
//
//	SELECT anon_1.*, orders_1.* FROM (SELECT ... GROUP BY ... LIMIT 5) AS anon_1
//	LEFT OUTER JOIN orders AS orders_1 ON orders_1.user_id = anon_1.id
//	ORDER BY <the inner order on anon_1>, <the collection's order, if any>
//
// The query's own joins stay inside, with what ContainsEager reads from
// them and the columns its ORDER BY needs (a joined department's name),
// so that the LIMIT counts parents in that order; outside, the order is
// restated on the subquery's columns.
func joinStatement(m *mapper, sel *core.SelectStmt, cols []int, parts []joinedPart) (*core.SelectStmt, error) {
	var sub *core.Subquery
	if joinsCollection(parts, true) && (sel.Limited() || sel.Grouped() || sel.HasDistinctOn()) {
		for _, p := range parts {
			if p.contains {
				for _, c := range p.node.spec.columns(p.rel.target) {
					sel = sel.AddColumns(p.rel.target.project(p.alias, c))
				}
			}
		}
		var unread []core.FromItem
		sel, unread = sel.SelectingOrder()
		if err := orderUnread(unread, parts); err != nil {
			return nil, err
		}
		sub = sel.Subquery("")
		items := make([]core.Projection, len(cols))
		for i, c := range cols {
			items[i] = core.ColumnOf[any](sub, m.resultName(c))
		}
		sel = core.Select(items...).OrderBy(sel.OrderingsOn(sub)...)
		return addJoins(sel, sub, sub, parts), nil
	}
	return addJoins(sel, m.table, nil, parts), nil
}

// addJoins adds to sel the joins and columns of parts, whose entity sel
// reads from src: its table, or a subquery that wraps it. wrapped, when
// not nil, is the subquery that wraps the query, through which the
// columns ContainsEager reads from the query's own joins are read.
func addJoins(sel *core.SelectStmt, src core.FromItem, wrapped *core.Subquery, parts []joinedPart) *core.SelectStmt {
	// column is a column of the part i (of the entity when -1).
	column := func(i int, name string) core.Column[any] {
		switch {
		case i < 0:
			return core.ColumnOf[any](src, name)
		case wrapped != nil && parts[i].contains:
			return core.ColumnOf[any](parts[i].alias, name).Of(wrapped)
		}
		return core.ColumnOf[any](parts[i].alias, name)
	}
	for i, p := range parts {
		r := p.rel
		if p.contains {
			for _, c := range p.node.spec.columns(r.target) {
				switch {
				case c < len(r.target.cols):
					sel = sel.AddColumns(column(i, r.target.cols[c].Name))
				case wrapped != nil:
					sel = sel.AddColumns(core.ColumnOf[any](wrapped, r.target.resultName(c)))
				default:
					sel = sel.AddColumns(r.target.project(p.alias, c))
				}
			}
			continue
		}
		var on []core.Condition
		if r.kind == ManyToMany {
			// Through an alias of the association table.
			sec := core.Alias(r.secondary, "")
			for j := range r.local {
				on = append(on, core.ColumnOf[any](sec, r.remote[j].Name).EqCol(column(p.parent, r.local[j].Name)))
			}
			sel = sel.OuterJoin(sec, on...)
			on = nil
			for j := range r.secondaryRemote {
				on = append(on, core.ColumnOf[any](p.alias, r.targetColumns[j].Name).EqCol(core.ColumnOf[any](sec, r.secondaryRemote[j].Name)))
			}
		} else {
			for j := range r.local {
				on = append(on, core.ColumnOf[any](p.alias, r.remote[j].Name).EqCol(column(p.parent, r.local[j].Name)))
			}
		}
		// The criteria and the order name the target's table, moved onto
		// its alias (joinedPartOf); a column of the parent's table they
		// name is read where the parent is: its alias, or the subquery.
		var parentFrom core.FromItem
		if _, table := src.(*core.Table); p.parent < 0 && !table {
			parentFrom = src
		} else if p.parent >= 0 && !parts[p.parent].contains {
			parentFrom = parts[p.parent].alias
		}
		order := p.order
		if parentFrom != nil {
			for _, c := range p.on {
				on = append(on, core.Adapt(c, parentFrom))
			}
			order = make([]core.Expression, len(p.order))
			for k, e := range p.order {
				order[k] = core.AdaptOrder(e, parentFrom)
			}
		} else {
			on = append(on, p.on...)
		}
		if p.node.inner {
			sel = sel.Join(p.alias, on...)
		} else {
			sel = sel.OuterJoin(p.alias, on...)
		}
		for _, c := range p.node.spec.columns(r.target) {
			sel = sel.AddColumns(r.target.project(p.alias, c))
		}
		// The collection's order, after the query's own (L36).
		switch {
		case !r.many:
		case len(order) > 0:
			sel = sel.OrderBy(order...)
		case len(r.orderBy) > 0:
			sel = sel.OrderBy(aliasOrderBy(p.alias, r)...)
		}
	}
	return sel
}

// orderUnread explains why a wrapped query cannot be ordered by the
// tables in unread, which it does not read: the ORDER BY names the table
// of a relationship that JoinedLoad joins under an alias of its own.
// Other tables are left to the statement's compilation, which names them.
func orderUnread(unread []core.FromItem, parts []joinedPart) error {
	for _, f := range unread {
		for _, p := range parts {
			if p.contains || f != core.FromItem(p.rel.target.table) {
				continue
			}
			if p.rel.many {
				return fmt.Errorf("retort: the query is ordered by a column of %s, the table of the joined collection %s: a LIMIT, GROUP BY or DISTINCT ON counts, groups or picks the parents in a subquery, which a column of their collection cannot order; order the parents by their own columns (or a joined many-to-one's) and the collection with OrderBy on %s in its loader option",
					p.rel.target.table.Name(), p.rel.name(), p.rel.name())
			}
			return fmt.Errorf("retort: the query is ordered by a column of %s, which it does not join: JoinedLoad(%s) joins it under an alias of its own, which the query cannot name; join it with Join(%s) and load it from that join with ContainsEager(%s)",
				p.rel.target.table.Name(), p.rel.name(), p.rel.name(), p.rel.name())
		}
	}
	return nil
}

// entityScanner scans the columns of one entity in a row into stage, one
// object whose scan destinations (dests) serve every row: place copies it
// into an object of its own only when the session does not hold the
// row's object already, so that a row of a held object (a joined
// many-to-one's target, row after row) allocates nothing, and no row
// builds destinations. A nullable one (the target of an outer join, or a
// second entity of a row) tolerates NULL in every column and is missing
// when its primary key is NULL.
type entityScanner struct {
	m        *mapper
	cols     []int // the mapper's columns, in result order
	nullable bool
	stage    objptr.Ptr
	dests    []any
	buf      []any // scan's destinations
	// plain: every field scanned is a number, bool, string or time, or
	// a pointer to one, which a driver overwrites whatever the field
	// held (a pointer with a new value or nil), so that the stage needs
	// no zeroing between rows: only the fields a Nullable left alone.
	plain bool
	// A field that cannot hold NULL is scanned through nulls[k], which
	// says whether the value was NULL: the field is then left zero.
	// keys are the places k of the primary key's such columns, others
	// those of the rest. They serve every row.
	nulls        []enginehook.Nullable
	keys, others []int
	// loads: the query's options or the mapping load or mark some
	// relationship of these objects, so batch collects them.
	loads bool
	// The objects read since the batch began, for eager loading and
	// (when streaming) for releasing them when the next batch is read.
	batch   []objptr.Ptr
	fresh   []*instance
	freshRO []objptr.Ptr
	// roSet is the read-only map of m when it was empty as the batch
	// began, and roAdds its count of additions then: if the batch's
	// objects are all it has gained since, and all it holds, release
	// clears it rather than deleting them one by one.
	roSet  *roIDs
	roAdds int
	// row is the destinations of a row: dests, or, for a gated scanner
	// (see gate), its key's and group, which stands for the rest.
	row   []any
	group enginehook.Group
	// held is the object skipRest found the session holding for the
	// current row, which place then returns.
	held objptr.Ptr
	// poly reads the rows of a mapper with subtypes, or is nil.
	poly *polyScan
}

// gate makes the columns after the key a Group that a row of an object s
// holds already leaves unread (skipRest), when the key's columns come
// first: a joined many-to-one's target, or a joined collection's parent,
// repeats row after row, and its columns would be decoded (a string
// allocated) for nothing. Not under PopulateExisting (populate), which
// reads every row's.
func (es *entityScanner) gate(s *Session, populate bool) {
	nk := len(es.m.pk)
	if populate || nk == 0 || nk >= len(es.cols) {
		return
	}
	for _, c := range es.cols[:nk] {
		if !slices.Contains(es.m.pk, c) {
			return
		}
	}
	es.group = enginehook.Group{Dests: es.dests[nk:], Skip: func() bool { return es.skipRest(s) }}
	es.row = append(es.dests[:nk:nk], &es.group)
}

// skipRest reports whether the current row's columns after the key can go
// unread: the row has no entity (its key is NULL), or s holds its object
// already, as place would return it; that object is kept for place.
func (es *entityScanner) skipRest(s *Session) bool {
	es.held = objptr.Ptr{}
	for _, k := range es.keys {
		if es.nulls[k].Null {
			return true
		}
	}
	es.held = s.held(es.m, es.stage)
	return !es.held.IsNil()
}

// place returns the session's object of the current row (see
// Session.place).
func (es *entityScanner) place(s *Session, populate bool) (objptr.Ptr, *instance, bool, error) {
	if p := es.held; !p.IsNil() {
		es.held = objptr.Ptr{}
		return p, nil, false, nil
	}
	if es.poly != nil {
		return es.poly.place(s, populate)
	}
	return s.place(es.m, es.cols, es.stage, populate)
}

func newEntityScanner(m *mapper, cols []int, nullable bool) *entityScanner {
	es := &entityScanner{m: m, cols: cols, nullable: nullable, stage: m.alloc(), dests: make([]any, len(cols)), plain: true}
	if nullable {
		es.nulls = make([]enginehook.Nullable, len(cols))
	}
	if m.polymorphic() {
		es.poly, es.dests = newPolyScan(m, es.stage, cols)
	}
	for k, c := range cols {
		if es.poly == nil {
			es.dests[k] = m.addr(es.stage, c)
		}
		t := reflect.TypeOf(es.dests[k]).Elem()
		es.plain = es.plain && plainField(t)
		if nullable {
			if t.Kind() != reflect.Pointer && !reflect.PointerTo(t).Implements(scannerType) {
				es.nulls[k] = enginehook.Nullable{Dest: es.dests[k]}
				es.dests[k] = &es.nulls[k]
				if slices.Contains(m.pk, c) {
					es.keys = append(es.keys, k)
				} else {
					es.others = append(es.others, k)
				}
			}
		}
	}
	return es
}

// defaultColumns is the columns of m a query loads unless told otherwise:
// every mapped column but the deferred ones, in table order; for a type
// with subtypes, those of the subtypes too.
func defaultColumns(m *mapper) []int {
	if m.inh != nil && m.inh.defaults != nil {
		return m.inh.defaults
	}
	return m.defaults
}

// defaultProjection is defaultColumns as columns of m's table, for a
// SELECT.
func defaultProjection(m *mapper) []core.Projection {
	cols := defaultColumns(m)
	out := make([]core.Projection, len(cols))
	for i, c := range cols {
		out[i] = m.tableProjection(c)
	}
	return out
}

// ready readies the stage for the next row: it is zeroed unless it is
// plain, since a scanner, a slice or a map may be filled in place
// (json.Unmarshal adds to a map), and the last row's value may now be an
// object's.
func (es *entityScanner) ready() {
	if !es.plain {
		es.m.zero(es.stage)
		if es.poly != nil {
			es.poly.zero()
		}
	}
}

// plainField reports whether a field of type t is plain (see
// entityScanner.plain).
func plainField(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return true
	}
	if reflect.PointerTo(t).Implements(scannerType) {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// found reports whether the row holds the entity: a nullable one is
// missing when its primary key is NULL. For a found one, it zeroes the
// fields whose columns were NULL, which the Nullable left as the last row
// had them.
func (es *entityScanner) found() bool {
	if !es.nullable {
		return true
	}
	for _, k := range es.keys {
		if es.nulls[k].Null {
			return false
		}
	}
	for _, k := range es.others {
		if es.nulls[k].Null {
			reflect.ValueOf(es.nulls[k].Dest).Elem().SetZero()
		}
	}
	return true
}

// scan reads the current row of res into the stage; extra, when given,
// receives a first result column that is not the entity's (the parent
// key of a many-to-many row), and is the same at every call.
func (es *entityScanner) scan(res *engine.Result, extra any) error {
	if es.buf == nil {
		if extra != nil {
			es.buf = append(es.buf, extra)
		}
		es.buf = append(es.buf, es.dests...)
	}
	es.ready()
	return res.Scan(es.buf...)
}

// aliasOrderBy is a collection's order_by on the alias it is joined
// under: none when it has none (see orderByOf). The collection is built
// the same whatever order its rows come in (joinedCollections).
func aliasOrderBy(alias core.FromItem, r *relationship) []core.Expression {
	var out []core.Expression
	for _, t := range r.orderBy {
		c := core.ColumnOf[any](alias, t.col.Name)
		if t.desc {
			out = append(out, c.Desc())
		} else {
			out = append(out, c.Asc())
		}
	}
	return out
}
