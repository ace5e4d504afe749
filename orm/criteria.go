// orm/criteria.go

package orm

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/retortdb/retort/core"
)

// globalCriteria are the criteria of WithGlobalCriteria, by mapper, in
// the order given so that the SQL does not change from run to run. A
// set is never changed once a session holds it: an option that adds to
// one makes a new one, since a factory's set is shared by its sessions.
type globalCriteria struct {
	by    map[*mapper][]core.Condition
	order []*mapper
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
// select-in, joined and recursive loads of relationships to T. Criteria
// given several times, by the factory and the session, or with
// WithLoaderCriteria on a query, are ANDed. WithoutGlobalCriteria lifts
// them from one query. conds name T's table's own columns; a mistake
// (an unmapped T) fails the session's first statement.
func WithGlobalCriteria[T any](conds ...core.Condition) SessionOption {
	return func(o *sessionOptions) {
		g := o.criteria.clone()
		o.criteria = g
		m, err := mapperFor(reflect.TypeFor[T]())
		if err != nil {
			g.err = cmp.Or(g.err, fmt.Errorf("retort: WithGlobalCriteria[%s]: %w", reflect.TypeFor[T](), err))
			return
		}
		if _, ok := g.by[m]; !ok {
			g.order = append(g.order, m)
		}
		// Clipped, so that appending to a query's copy never writes
		// into the shared array.
		g.by[m] = slices.Clip(append(slices.Clone(g.by[m]), conds...))
	}
}

// clone returns a copy of g to add to, or a new set when g is nil.
func (g *globalCriteria) clone() *globalCriteria {
	if g == nil {
		return &globalCriteria{by: map[*mapper][]core.Condition{}}
	}
	return &globalCriteria{by: maps.Clone(g.by), order: slices.Clone(g.order), err: g.err}
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
		o.without = append(o.without, m)
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
	if o.criteria == nil && o.without == nil {
		o.criteria, o.criteriaOrder = g.by, g.order
		return
	}
	own, ownOrder := o.criteria, o.criteriaOrder
	o.criteria, o.criteriaOrder = nil, nil
	for _, m := range g.order {
		if !slices.Contains(o.without, m) {
			o.addCriteria(m, g.by[m])
		}
	}
	for _, m := range ownOrder {
		o.addCriteria(m, own[m])
	}
}

// criteriaName names, for a message, where the criteria on m's loads
// come from.
func (o *queryOptions) criteriaName(m *mapper) string {
	if o.global != nil && len(o.global.by[m]) > 0 && !slices.Contains(o.without, m) {
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
