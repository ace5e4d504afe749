// orm/criteria.go

package orm

import (
	"cmp"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/corehook"
	"github.com/retortdb/retort/internal/objptr"
)

// globalCriteria are the criteria of WithGlobalCriteria, by mapper, in
// the order given so that the SQL does not change from run to run. A
// set is never changed once a session holds it: an option that adds to
// one makes a new one, since a factory's set is shared by its sessions.
type globalCriteria struct {
	by    map[*mapper][]core.Condition
	order []*mapper
	// preds are the criteria on each mapper, ANDed, as far as Go can
	// evaluate them on an object (see eval).
	preds map[*mapper]corehook.Pred
	// err is the first mistake of an option (an unmapped type), which
	// a session reports when it begins.
	err error
}

// WithGlobalCriteria filters every load of T's objects by conds, in
// every session of a factory (as an option of NewSessionFactory) or in
// one session (as an option of SessionFactory.New): a tenant's rows,
// stated once where the tenant is known,
//
//	s := f.New(orm.WithGlobalCriteria[Order](Orders.TenantID.Eq(tenant)))
//
// The session then treats every query as if it carried
// WithLoaderCriteria[T](conds...), and so do Get (an object the session
// holds included), Refresh, Load, Merge and the loads of the mapping's
// default strategies: T's rows are filtered where the query reads T's
// table (its WHERE), in the ON clause of each join of T's table, in
// select-in, joined and recursive loads of relationships to T; moved onto
// an alias of T's table where a query reads one. Criteria
// given several times, by the factory and the session, or with
// WithLoaderCriteria on a query, are ANDed. WithoutGlobalCriteria lifts
// them from one query. conds name T's table's own columns; a mistake
// (an unmapped T) fails the session's first statement. Criteria on the
// base of a hierarchy (Polymorphic) hold for its subtypes too.
func WithGlobalCriteria[T any](conds ...core.Condition) SessionOption {
	return func(o *sessionOptions) {
		g := o.criteria.clone()
		o.criteria = g
		m, err := mapperFor(reflect.TypeFor[T]())
		if err != nil {
			g.err = cmp.Or(g.err, fmt.Errorf("retort: WithGlobalCriteria[%s]: %w", reflect.TypeFor[T](), err))
			return
		}
		if err := checkCriteria(m, conds); err != nil {
			g.err = cmp.Or(g.err, err)
			return
		}
		for _, m := range m.family() {
			if _, ok := g.by[m]; !ok {
				g.order = append(g.order, m)
			}
			// Clipped, so that appending to a query's copy never
			// writes into the shared array.
			g.by[m] = slices.Clip(append(slices.Clone(g.by[m]), conds...))
			g.preds[m] = corehook.Inspect(core.And(g.by[m]...))
		}
	}
}

// family returns m and, when m is the base of a single-table hierarchy,
// the types below it: criteria on a base hold for the rows of its
// subtypes, which a query of a subtype reads from the same table, or a
// tenant's managers would escape a filter stated on its employees.
func (m *mapper) family() []*mapper {
	if m.inh == nil {
		return []*mapper{m}
	}
	return m.inh.family
}

// clone returns a copy of g to add to, or a new set when g is nil.
func (g *globalCriteria) clone() *globalCriteria {
	if g == nil {
		return &globalCriteria{by: map[*mapper][]core.Condition{}, preds: map[*mapper]corehook.Pred{}}
	}
	return &globalCriteria{by: maps.Clone(g.by), preds: maps.Clone(g.preds), order: slices.Clone(g.order), err: g.err}
}

// WithoutGlobalCriteria lifts the session's global criteria on T from
// one query (its rows of T, its joins of T's table and its loads of
// relationships to T), for code that must see every tenant's rows: an
// administrator's report, a migration. WithLoaderCriteria on the same
// query still applies. Other paths (Get, Load, the flush's checks) keep
// the criteria: use a session made without them for such work.
func WithoutGlobalCriteria[T any]() QueryOption {
	return optionFunc(func(o *queryOptions) {
		m, err := mapperFor(reflect.TypeFor[T]())
		if err != nil {
			o.err = err
			return
		}
		r := o.more()
		r.without = append(r.without, m.family()...)
	})
}

// addCriteria adds conds to the criteria on m's loads.
func (o *queryOptions) addCriteria(m *mapper, conds []core.Condition) {
	if o.criteria == nil {
		o.criteria = map[*mapper][]core.Condition{}
	}
	if _, ok := o.criteria[m]; !ok {
		o.criteriaOrder = append(o.criteriaOrder, m)
	}
	o.criteria[m] = append(o.criteria[m], conds...)
}

// withGlobal adds the global criteria g to o, ahead of the query's own,
// except on the mappers WithoutGlobalCriteria names. A session without
// any pays a nil check; a query with no criteria of its own shares g's.
func (o *queryOptions) withGlobal(g *globalCriteria) {
	if g == nil {
		return
	}
	o.global = g
	if o.criteria == nil && o.rarely().without == nil {
		o.criteria, o.criteriaOrder = g.by, g.order
		return
	}
	own, ownOrder := o.criteria, o.criteriaOrder
	o.criteria, o.criteriaOrder = nil, nil
	for _, m := range g.order {
		if !slices.Contains(o.rarely().without, m) {
			o.addCriteria(m, g.by[m])
		}
	}
	for _, m := range ownOrder {
		o.addCriteria(m, own[m])
	}
}

// adapts reports whether the criteria on m's loads go onto f, an alias
// of m's table, moved onto it: when they are the session's alone. Those
// of WithLoaderCriteria name the table itself, and a query that reads an
// alias is refused them.
func (o *queryOptions) adapts(m *mapper, f core.FromItem) bool {
	t := tableOf(f)
	return t != nil && t.Base() == m.table && !slices.Contains(o.rarely().own, m)
}

// adapted is conds moved onto f, an alias of their table.
func adapted(conds []core.Condition, f core.FromItem) []core.Condition {
	out := make([]core.Condition, len(conds))
	for i, c := range conds {
		out[i] = core.Adapt(c, f)
	}
	return out
}

// criteriaName names, for a message, where the criteria on m's loads
// come from.
func (o *queryOptions) criteriaName(m *mapper) string {
	if o.global != nil && len(o.global.by[m]) > 0 && !slices.Contains(o.rarely().without, m) {
		return "the session's WithGlobalCriteria"
	}
	return "WithLoaderCriteria"
}

// loadOptions are the options of a load that no query states (Get,
// Load, Merge): the session's global criteria.
func (s *Session) loadOptions() queryOptions {
	var o queryOptions
	o.withGlobal(s.opts.criteria)
	return o
}

// globalOn returns the session's global criteria on m's rows, or nil.
func (s *Session) globalOn(m *mapper) []core.Condition {
	if g := s.opts.criteria; g != nil {
		return g.by[m]
	}
	return nil
}

// ErrOutsideCriteria: a flush was about to write a row outside the
// session's global criteria (WithGlobalCriteria): insert or update an
// object whose values they do not let through, or update or delete a row
// they do not. The error is a *CriteriaError.
var ErrOutsideCriteria = errors.New("retort: outside the session's global criteria")

// CriteriaError is ErrOutsideCriteria with what was refused: the entity,
// the object's key and the criteria, as SQL. When the object's values
// showed it, nothing was sent; when only the database could tell (an
// UPDATE or DELETE that matched no row inside the criteria), the flush
// failed as a failed statement does, its transaction rolled back.
type CriteriaError struct {
	// Entity is the struct's name, Op the write refused: INSERT,
	// UPDATE or DELETE.
	Entity, Op string
	// Key is the object's primary key (for a DELETE of several rows by
	// key, each one's).
	Key []any
	// Criteria are the criteria, as the dialect writes them, with
	// their values.
	Criteria string
}

// Error says what was refused, naming the entity, the key and the
// criteria.
func (e *CriteriaError) Error() string {
	return fmt.Sprintf("retort: flush: %s of %s %v: outside the session's global criteria (%s)", e.Op, e.Entity, e.Key, e.Criteria)
}

// Is makes errors.Is(err, ErrOutsideCriteria) true.
func (e *CriteriaError) Is(target error) bool { return target == ErrOutsideCriteria }

// outside is the CriteriaError for op of m's object with key.
func (s *Session) outside(m *mapper, op string, key []any) error {
	return &CriteriaError{Entity: m.typ.Name(), Op: op, Key: key, Criteria: s.criteriaText(m)}
}

// criteriaText writes the global criteria on m as the engine's dialect
// does, with their values.
func (s *Session) criteriaText(m *mapper) string {
	c, err := s.f.eng.Dialect().Compile(core.Select(m.columns[m.pk[0]]).Where(s.globalOn(m)...))
	if err != nil {
		return err.Error()
	}
	_, where, _ := strings.Cut(c.SQL, " WHERE ")
	return fmt.Sprintf("%s %v", where, c.Args)
}

// truth is a condition's value for an object: SQL's three (NULL counts
// as not passing), and unknown where Go cannot evaluate it.
type truth uint8

const (
	isFalse truth = iota
	isTrue
	isNull
	isUnknown
)

// checkCriteria returns the mistake in conds given as T's global
// criteria (m's): a column of another table, or of an alias.
func checkCriteria(m *mapper, conds []core.Condition) error {
	for _, c := range conds {
		if c == nil {
			return fmt.Errorf("retort: WithGlobalCriteria[%s]: a criterion is nil", m.typ.Name())
		}
		for _, col := range corehook.Columns(c) {
			if col.Table != any(m.table) {
				name := col.Name
				if t, ok := col.Table.(*core.Table); ok && t.IsAlias() {
					name = fmt.Sprintf("%s.%s (an alias of %s)", t.AliasName(), name, t.Name())
				} else if ok {
					name = t.Name() + "." + name
				}
				return fmt.Errorf("retort: WithGlobalCriteria[%s]: the criteria name %s, not a column of %s's table %s: they filter %s's rows, by its own columns",
					m.typ.Name(), name, m.typ.Name(), m.table.Name(), m.typ.Name())
			}
		}
	}
	return nil
}

// eval evaluates p, the global criteria on m's objects, for obj's
// values (its fields, or its snapshot's when values is that): isTrue
// when they let it through, isFalse or isNull when they do not,
// isUnknown when Go cannot tell (a criterion of another form, a column
// obj was loaded without).
func (s *Session) eval(m *mapper, obj, values objptr.Ptr, p corehook.Pred) truth {
	switch p.Op {
	case corehook.And, corehook.Or:
		// Kleene's logic: AND is false on any false, OR true on any
		// true.
		decisive, other := isFalse, isTrue
		if p.Op == corehook.Or {
			decisive, other = isTrue, isFalse
		}
		// Beside NULL, an unknown item still decides an AND that
		// cannot be true (NULL whichever it is) and an OR that may be.
		strong, weak := isNull, isUnknown
		if p.Op == corehook.Or {
			strong, weak = isUnknown, isNull
		}
		out := other
		for _, it := range p.Items {
			switch v := s.eval(m, obj, values, it); {
			case v == decisive:
				return decisive
			case v == strong, v == weak && out != strong:
				out = v
			}
		}
		return out
	case corehook.Not:
		switch v := s.eval(m, obj, values, p.Items[0]); v {
		case isTrue:
			return isFalse
		case isFalse:
			return isTrue
		default:
			return v
		}
	case corehook.Const:
		return of(p.Values[0] == true)
	}
	if p.Op == corehook.Unknown || p.Column.Table != any(m.table) {
		return isUnknown
	}
	i := slices.IndexFunc(m.cols, func(c *core.ColumnDef) bool { return c.Name == p.Column.Name })
	if i < 0 || m.fields[i] == "" || slices.Contains(s.partial[obj], i) {
		return isUnknown
	}
	v, ok := plainValue(m.value(values, i))
	if !ok {
		return isUnknown
	}
	switch p.Op {
	case corehook.IsNull:
		return of(v == nil)
	case corehook.IsNotNull:
		return of(v != nil)
	}
	if v == nil {
		if p.Op == corehook.NotIn && len(p.Values) == 0 {
			return isTrue
		}
		return isNull
	}
	found, null := false, false
	for _, want := range p.Values {
		w, ok := plainValue(want)
		switch {
		case !ok || w != nil && reflect.TypeOf(w) != reflect.TypeOf(v):
			return isUnknown
		case w == nil:
			null = true
		case sameValue(v, w):
			found = true
		}
	}
	switch {
	case p.Op == corehook.Eq || p.Op == corehook.In:
		if !found && null {
			return isNull
		}
		return of(found)
	case found:
		return isFalse
	case null:
		return isNull
	default:
		return isTrue
	}
}

func of(b bool) truth {
	if b {
		return isTrue
	}
	return isFalse
}

// plainValue is v as the criteria compare it: a pointer followed, a
// driver.Valuer's value (sql.Null, a UUID or decimal type), an integer
// as an int64, a named string as a string. ok is false for a value it
// cannot make comparable.
func plainValue(v any) (_ any, ok bool) {
	v = deref(v)
	if vr, isValuer := v.(driver.Valuer); isValuer {
		if _, isTime := v.(time.Time); !isTime {
			dv, err := vr.Value()
			if err != nil {
				return nil, false
			}
			v = dv
		}
	}
	if v == nil {
		return nil, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u), true
		}
		return rv.Uint(), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.String:
		return rv.String(), true
	case reflect.Bool:
		return rv.Bool(), true
	case reflect.Slice:
		if b, isBytes := v.([]byte); isBytes {
			return string(b), true
		}
		return nil, false
	}
	if _, isTime := v.(time.Time); isTime || rv.Type().Comparable() {
		return v, true
	}
	return nil, false
}

// inside evaluates the global criteria on m's objects for the values of
// obj's fields, or of its snapshot when values is that.
func (s *Session) inside(m *mapper, obj, values objptr.Ptr) truth {
	g := s.opts.criteria
	if g == nil {
		return isTrue
	}
	p, ok := g.preds[m]
	if !ok {
		return isTrue
	}
	return s.eval(m, obj, values, p)
}

// checkCriteria refuses, before anything is sent, a flush that would
// write a row outside the session's global criteria, as far as the
// objects' values show: an object to insert, or to update, whose values
// they do not let through, or one to update or delete that was loaded
// outside them (its snapshot's values).
func (u *flush) checkCriteria() error {
	s := u.s
	out := func(inst *instance, values objptr.Ptr) bool {
		v := s.inside(inst.m, inst.obj, values)
		return v == isFalse || v == isNull
	}
	for _, inst := range u.inserts {
		if out(inst, inst.obj) {
			return s.outside(inst.m, "INSERT", keyValues(inst.m, inst.obj))
		}
	}
	for _, inst := range u.updates {
		if inst.comparable() && inst.changed() && (out(inst, inst.obj) || out(inst, inst.snapshot)) {
			return s.outside(inst.m, "UPDATE", inst.identity().values())
		}
	}
	for _, inst := range u.deletes {
		values := inst.snapshot
		if values.IsNil() {
			values = inst.obj
		}
		if out(inst, values) {
			return s.outside(inst.m, "DELETE", inst.identity().values())
		}
	}
	return nil
}
