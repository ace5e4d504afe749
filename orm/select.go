// orm/select.go

package orm

import (
	"fmt"
	"reflect"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// SelectStmt is an ORM query: a core SELECT whose rows become R, an
// entity (*T) from Select, or a Row2/Row3 of entities or columns from
// Select2/Select3, plus the loader options that say how related objects
// arrive. Run it with All, One, OneOrNone, First, Partitions or Stream.
//
// Like core.SelectStmt it is immutable: each method returns a new
// statement, so a base query can be shared and refined.
type SelectStmt[R any] struct {
	p   plan
	row rowCodec[R]
}

// plan is the untyped part of an ORM query.
type plan struct {
	sel *core.SelectStmt
	// raw is the statement of FromStatement, whose columns are matched
	// to the entity by name.
	raw core.Statement
	// keyed: raw is Get's or Refresh's SELECT by key, which carries the
	// session's global criteria on its entity itself.
	keyed    bool
	elems    []elem
	opts     []QueryOption
	yieldPer int
	unique   bool
	err      error
}

// elem is one element of a result row: an entity, or a column.
type elem struct {
	m    *mapper         // nil for a column
	src  core.FromItem   // where the entity's columns come from
	cols []int           // the entity's mapper columns, in SELECT order
	proj core.Projection // a column's expression
}

// rowCodec moves a row's values into an R: dests gives where the column
// elements are scanned; set stores the entities (one per entity element,
// nil for one an outer join did not find).
type rowCodec[R any] struct {
	dests func(r *R) []any
	set   func(r *R, ents []objptr.Ptr)
}

// Row2 is a row of Select2: two elements, each an entity (*T) or a
// column's value.
type Row2[A, B any] struct {
	V1 A
	V2 B
}

// Row3 is a row of Select3.
type Row3[A, B, C any] struct {
	V1 A
	V2 B
	V3 C
}

// Select starts a query of T's objects from T's table:
//
//	users, err := orm.All(ctx, sess, orm.Select[User]().Where(Users.IsActive.IsTrue()))
func Select[T any]() *SelectStmt[*T] {
	q := &SelectStmt[*T]{row: rowCodec[*T]{set: func(r **T, ents []objptr.Ptr) { *r = objptr.To[T](ents[0]) }}}
	q.p.entity(reflect.TypeFor[T](), nil)
	q.p.build()
	return q
}

// SelectFrom starts a query of T's objects read from src: an alias of
// T's table (core.Aliased(Users)), a subquery, a CTE or a LATERAL
// subquery that selects T's columns under their own names. The objects
// share the session's identity map with those of plain queries.
func SelectFrom[T any](src core.FromItem) *SelectStmt[*T] {
	q := &SelectStmt[*T]{row: rowCodec[*T]{set: func(r **T, ents []objptr.Ptr) { *r = objptr.To[T](ents[0]) }}}
	q.p.entity(reflect.TypeFor[T](), src)
	q.p.build()
	return q
}

// Select2 starts a query whose rows hold two elements, each an entity
// or a column's value, by its Go type: where A (or B) is a pointer to a
// mapped struct, *User, the element is that entity, read from a (its
// table struct, an alias of it, a subquery or a LATERAL subquery);
// otherwise it is a column or labelled expression scanned into A: its
// own Go type (core.ValueType), a pointer to it or its sql.Null for NULL,
// or any. Any other pairing fails the query before anything is sent: an
// Expr[int32] read into an int64 or a count into a string would otherwise
// fail or convert differently on each database. Entities are hydrated
// once, however many elements the row has; rows of columns alone are
// scanned straight into the Row2, with no reflection and no identity map:
//
//	rank := core.RowNumber().Over(core.PartitionBy(Users.DepartmentID), core.OrderBy(Users.CreatedAt)).Label("rank")
//	rows, err := orm.All(ctx, sess, orm.Select2[*User, int64](Users, rank))
//	emails, err := orm.All(ctx, sess, orm.Select2[int64, string](Users.ID, Users.Email).Where(Users.IsActive.IsTrue()))
func Select2[A, B any](a, b Element) *SelectStmt[Row2[A, B]] {
	q := &SelectStmt[Row2[A, B]]{}
	setA := q.p.element(reflect.TypeFor[A](), a)
	setB := q.p.element(reflect.TypeFor[B](), b)
	q.p.build()
	q.row.set = func(r *Row2[A, B], ents []objptr.Ptr) {
		if setA >= 0 {
			r.V1 = objptr.As[A](ents[setA])
		}
		if setB >= 0 {
			r.V2 = objptr.As[B](ents[setB])
		}
	}
	switch {
	case setA < 0 && setB < 0:
		q.row.dests = func(r *Row2[A, B]) []any { return []any{&r.V1, &r.V2} }
	case setA < 0:
		q.row.dests = func(r *Row2[A, B]) []any { return []any{&r.V1} }
	case setB < 0:
		q.row.dests = func(r *Row2[A, B]) []any { return []any{&r.V2} }
	}
	return q
}

// Select3 is Select2 with a third element.
func Select3[A, B, C any](a, b, c Element) *SelectStmt[Row3[A, B, C]] {
	q := &SelectStmt[Row3[A, B, C]]{}
	sets := [3]int{
		q.p.element(reflect.TypeFor[A](), a),
		q.p.element(reflect.TypeFor[B](), b),
		q.p.element(reflect.TypeFor[C](), c),
	}
	q.p.build()
	q.row.set = func(r *Row3[A, B, C], ents []objptr.Ptr) {
		if sets[0] >= 0 {
			r.V1 = objptr.As[A](ents[sets[0]])
		}
		if sets[1] >= 0 {
			r.V2 = objptr.As[B](ents[sets[1]])
		}
		if sets[2] >= 0 {
			r.V3 = objptr.As[C](ents[sets[2]])
		}
	}
	if sets[0] < 0 || sets[1] < 0 || sets[2] < 0 {
		q.row.dests = func(r *Row3[A, B, C]) []any {
			dests := make([]any, 0, 3)
			if sets[0] < 0 {
				dests = append(dests, &r.V1)
			}
			if sets[1] < 0 {
				dests = append(dests, &r.V2)
			}
			if sets[2] < 0 {
				dests = append(dests, &r.V3)
			}
			return dests
		}
	}
	return q
}

// Columns2 is Select2 of two columns or expressions, its row's types
// taken from theirs, so the compiler checks what each element is read
// into: orm.Columns2(Users.ID, Users.Email) is a query of
// Row2[int64, string]. A nullable column needs a pointer or sql.Null to
// read into: state the types with Select2[int64, *string].
func Columns2[A, B any](a core.TypedExpression[A], b core.TypedExpression[B]) *SelectStmt[Row2[A, B]] {
	return Select2[A, B](a, b)
}

// Columns3 is Columns2 with a third column.
func Columns3[A, B, C any](a core.TypedExpression[A], b core.TypedExpression[B], c core.TypedExpression[C]) *SelectStmt[Row3[A, B, C]] {
	return Select3[A, B, C](a, b, c)
}

// FromStatement makes a query of T's objects from a statement built
// elsewhere (a core SELECT, a CTE's outer SELECT, a UNION): its result
// columns are matched to T's columns by name and must include the
// primary key. Such a query takes options but no further clauses.
func FromStatement[T any](stmt core.Statement) *SelectStmt[*T] {
	q := &SelectStmt[*T]{row: rowCodec[*T]{set: func(r **T, ents []objptr.Ptr) { *r = objptr.To[T](ents[0]) }}}
	q.p.entity(reflect.TypeFor[T](), nil)
	if v := reflect.ValueOf(stmt); !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		q.p.fail(&nilError{op: "FromStatement", what: "the statement"})
	}
	q.p.raw = stmt
	return q
}

// entity adds an entity element of type rt, read from src (its own table
// when nil).
func (p *plan) entity(rt reflect.Type, src core.FromItem) {
	m, err := mapperFor(rt)
	if err != nil {
		p.fail(err)
		return
	}
	if src == nil {
		src = m.table
	} else if t := tableOf(src); t != nil {
		if t.Base() != m.table {
			p.fail(fmt.Errorf("retort: %s is mapped to table %s, not %s", rt, m.table.Name(), t.Name()))
			return
		}
		src = t
	}
	p.elems = append(p.elems, elem{m: m, src: src})
}

// Element is an element of a Select2 or Select3 row: a core.Projection
// (a column, a labelled expression) for a value of the row's type, or,
// where that type is a pointer to a mapped struct, a core.FromItem (its
// table struct, an alias, a subquery or LATERAL subquery) to read that
// entity from. Anything else fails the query.
type Element = any

// element adds the element of Go type rt for b: an entity when rt is a
// pointer to a mapped struct, else a column. It returns the entity's
// position among the row's entities, or -1 for a column.
func (p *plan) element(rt reflect.Type, b Element) int {
	if rt.Kind() == reflect.Pointer && rt.Elem().Kind() == reflect.Struct {
		if _, err := mapperFor(rt.Elem()); err == nil {
			src, ok := b.(core.FromItem)
			if !ok {
				p.fail(fmt.Errorf("retort: the element for %s must be a table, alias or subquery, not %T", rt, b))
				return -1
			}
			p.entity(rt.Elem(), src)
			n := 0
			for _, e := range p.elems {
				if e.m != nil {
					n++
				}
			}
			return n - 1
		}
	}
	proj, ok := b.(core.Projection)
	if !ok {
		p.fail(fmt.Errorf("retort: the element for %s must be a column or expression, not %T", rt, b))
		return -1
	}
	// The element's values must be what the row holds: an Expr[int32]
	// read into an int64, or a count into a string, is a mistake that
	// would otherwise fail, or convert, only on some databases' rows.
	if vt := core.ValueType(b); vt != nil && rt.Kind() != reflect.Interface && valueTypeName(vt) != valueTypeName(rt) {
		p.fail(fmt.Errorf("retort: the element for %s holds %s values: type the row's element as %s (or *%[3]s, sql.Null[%[3]s])",
			rt, vt, valueTypeName(vt)))
		return -1
	}
	p.elems = append(p.elems, elem{proj: proj})
	return -1
}

// tableOf returns the *core.Table that src is or embeds (a table struct
// such as Users, or its core.Aliased copy), or nil.
func tableOf(src core.FromItem) *core.Table {
	if t, ok := src.(*core.Table); ok {
		return t
	}
	v := reflect.ValueOf(src)
	if v.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < v.NumField(); i++ {
		if t, ok := v.Field(i).Interface().(*core.Table); ok && v.Type().Field(i).Anonymous {
			return t
		}
	}
	return nil
}

// root returns the position of the query's first entity, whose joined
// loading the query does, or -1 for a query of columns alone.
func (p *plan) root() int {
	for i, e := range p.elems {
		if e.m != nil {
			return i
		}
	}
	return -1
}

func (p *plan) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// build makes the SELECT of the elements: each entity's mapped columns,
// each column's expression.
func (p *plan) build() {
	n := 0
	for i := range p.elems {
		if e := &p.elems[i]; e.m == nil {
			n++
		} else {
			e.cols = defaultColumns(e.m)
			n += len(e.cols)
		}
	}
	items := make([]core.Projection, 0, n)
	for i := range p.elems {
		e := &p.elems[i]
		if e.m == nil {
			items = append(items, e.proj)
			continue
		}
		for _, c := range e.cols {
			items = append(items, e.m.project(e.src, c))
		}
	}
	if p.err == nil {
		p.sel = core.Select(items...)
		for _, e := range p.elems {
			if e.m != nil && e.m.inh != nil {
				if f := e.m.typeFilter(e.src); f != nil {
					p.sel = p.sel.Where(f)
				}
			}
		}
	}
}

// with returns a copy of q changed by f.
func (q *SelectStmt[R]) with(f func(p *plan)) *SelectStmt[R] {
	c := *q
	c.p.opts = c.p.opts[:len(c.p.opts):len(c.p.opts)]
	f(&c.p)
	return &c
}

// clause returns a copy of q whose core SELECT is changed by f.
func (q *SelectStmt[R]) clause(what string, f func(*core.SelectStmt) *core.SelectStmt) *SelectStmt[R] {
	return q.with(func(p *plan) {
		if p.raw != nil {
			p.fail(fmt.Errorf("retort: %s on a FromStatement query: add it to the statement itself", what))
			return
		}
		if p.sel != nil {
			p.sel = f(p.sel)
		}
	})
}

// Where adds conditions, joined by AND.
func (q *SelectStmt[R]) Where(conds ...core.Condition) *SelectStmt[R] {
	return q.clause("Where", func(s *core.SelectStmt) *core.SelectStmt { return s.Where(conds...) })
}

// Join adds an INNER JOIN of target: a table, an alias or a subquery,
// with the conditions on, or without them the one foreign key between the
// tables; or a relationship, whose mapping gives the ON clause (on and the
// criteria of And are added to it):
//
//	orm.Select[User]().Join(Users.Orders).Where(Orders.Total.Gt(100))
//
// is FROM users JOIN orders ON orders.user_id = users.id. A many-to-many
// joins its association table, then its target. Of joins an alias of the
// target (needed from a table to itself), From continues from an alias of
// the parent: Join(Users.Orders.Of(o)).Join(Orders.Items.From(o)).
func (q *SelectStmt[R]) Join(target JoinTarget, on ...core.Condition) *SelectStmt[R] {
	return q.join("Join", target, on, (*core.SelectStmt).Join)
}

// OuterJoin adds a LEFT OUTER JOIN of target, a FROM item or a
// relationship, as Join does: the parents without a related row are kept.
// Through a many-to-many both joins are outer.
func (q *SelectStmt[R]) OuterJoin(target JoinTarget, on ...core.Condition) *SelectStmt[R] {
	return q.join("OuterJoin", target, on, (*core.SelectStmt).OuterJoin)
}

func (q *SelectStmt[R]) join(op string, target JoinTarget, on []core.Condition,
	add func(*core.SelectStmt, core.FromItem, ...core.Condition) *core.SelectStmt) *SelectStmt[R] {
	steps, err := joinSteps(op, target, on)
	if err != nil {
		return q.with(func(p *plan) { p.fail(err) })
	}
	return q.clause(op, func(s *core.SelectStmt) *core.SelectStmt {
		for _, st := range steps {
			s = add(s, st.to, st.on...)
		}
		return s
	})
}

// From adds FROM items, for correlated or cross-joined sources.
func (q *SelectStmt[R]) From(items ...core.FromItem) *SelectStmt[R] {
	return q.clause("From", func(s *core.SelectStmt) *core.SelectStmt { return s.From(items...) })
}

// GroupBy adds GROUP BY expressions. With a joined collection the query
// is wrapped in a subquery and the collection joined outside it, so that
// the groups are the parents' (see JoinedLoad).
func (q *SelectStmt[R]) GroupBy(items ...core.Projection) *SelectStmt[R] {
	return q.clause("GroupBy", func(s *core.SelectStmt) *core.SelectStmt { return s.GroupBy(items...) })
}

// Having adds HAVING conditions.
func (q *SelectStmt[R]) Having(conds ...core.Condition) *SelectStmt[R] {
	return q.clause("Having", func(s *core.SelectStmt) *core.SelectStmt { return s.Having(conds...) })
}

// OrderBy adds ORDER BY terms.
func (q *SelectStmt[R]) OrderBy(items ...core.Expression) *SelectStmt[R] {
	return q.clause("OrderBy", func(s *core.SelectStmt) *core.SelectStmt { return s.OrderBy(items...) })
}

// Limit sets LIMIT. With a joined collection the limit still counts
// parents: the query is wrapped in a subquery (see JoinedLoad).
func (q *SelectStmt[R]) Limit(n int64) *SelectStmt[R] {
	return q.clause("Limit", func(s *core.SelectStmt) *core.SelectStmt { return s.Limit(n) })
}

// Offset sets OFFSET.
func (q *SelectStmt[R]) Offset(n int64) *SelectStmt[R] {
	return q.clause("Offset", func(s *core.SelectStmt) *core.SelectStmt { return s.Offset(n) })
}

// Distinct makes the SELECT DISTINCT.
func (q *SelectStmt[R]) Distinct() *SelectStmt[R] {
	return q.clause("Distinct", func(s *core.SelectStmt) *core.SelectStmt { return s.Distinct() })
}

// DistinctOn makes the SELECT DISTINCT ON (exprs), PostgreSQL's one row
// per distinct value of exprs: the first in ORDER BY order, which must
// begin with exprs. With a joined collection the query is wrapped in a
// subquery and the collection joined outside it, so that the rows kept
// are the parents' (see JoinedLoad). Other databases refuse it with
// core.ErrUnsupported.
func (q *SelectStmt[R]) DistinctOn(exprs ...core.Expression) *SelectStmt[R] {
	return q.clause("DistinctOn", func(s *core.SelectStmt) *core.SelectStmt { return s.DistinctOn(exprs...) })
}

// ForUpdate locks the rows read (SELECT ... FOR UPDATE).
func (q *SelectStmt[R]) ForUpdate(opts ...core.LockOption) *SelectStmt[R] {
	return q.clause("ForUpdate", func(s *core.SelectStmt) *core.SelectStmt { return s.ForUpdate(opts...) })
}

// Options adds loader options (SelectInLoad, JoinedLoad, RaiseLoad, ...),
// column options (LoadOnly, Defer) and PopulateExisting.
func (q *SelectStmt[R]) Options(opts ...QueryOption) *SelectStmt[R] {
	return q.with(func(p *plan) { p.opts = append(p.opts, opts...) })
}

// YieldPer sets how many rows Stream reads, hydrates and loads the
// relationships of at a time (by default 1000).
func (q *SelectStmt[R]) YieldPer(n int) *SelectStmt[R] {
	return q.with(func(p *plan) {
		if n <= 0 {
			p.fail(fmt.Errorf("retort: YieldPer(%d): the batch size must be positive", n))
		}
		p.yieldPer = n
	})
}

// Unique drops repeated rows from the results: an entity that appears in
// several rows (because of a JOIN) is returned once, and a Row2/Row3 once
// per distinct combination of its elements. It needs comparable elements
// and cannot stream. (Joined loading of a collection needs no Unique: its
// repeated parent rows are always merged.)
func (q *SelectStmt[R]) Unique() *SelectStmt[R] {
	return q.with(func(p *plan) {
		if !reflect.TypeFor[R]().Comparable() {
			p.fail(fmt.Errorf("retort: Unique on rows of %s: an element is not comparable", reflect.TypeFor[R]()))
		}
		p.unique = true
	})
}

// Statement returns the SELECT the query runs, before loader options add
// their joins: for a subquery, a CTE or inspection.
func (q *SelectStmt[R]) Statement() core.Statement {
	if q.p.raw != nil {
		return q.p.raw
	}
	return q.p.sel
}
