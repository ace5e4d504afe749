// orm/loading_joined.go

package orm

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// JoinedLoad loads a relationship in the query itself, through a LEFT
// OUTER JOIN of the target's table under an anonymous alias: no second
// round trip. For a many-to-one or one-to-one it costs nothing more; for a
// one-to-many collection every parent row is repeated per child, so only
// one collection may be joined per query, and not under LIMIT or OFFSET:
// select-in is the better choice there.
func JoinedLoad(r AnyRelationship) LoadPath { return LoadPath{}.JoinedLoad(r) }

// JoinedLoad continues the path with r, loaded by a join.
func (l LoadPath) JoinedLoad(r AnyRelationship) LoadPath { return l.then(r, LazyJoined) }

var scannerType = reflect.TypeFor[sql.Scanner]()

// joinedPart is one relationship joined into a query: the alias its
// columns come from.
type joinedPart struct {
	rel   *relationship
	alias *core.Table
}

// joinedRels lists the root's relationships to join, in the mapper's
// field order (L09): those the options ask to join, and those joined by
// default.
func joinedRels(m *mapper, node *loadNode) ([]*relationship, error) {
	var out []*relationship
	var collection *relationship
	for _, r := range m.rels {
		st := r.lazy
		if child := node.children[r]; child != nil {
			st = child.strategy
		}
		if st != LazyJoined {
			continue
		}
		if r.kind == ManyToMany {
			return nil, fmt.Errorf("retort: joined loading of the many-to-many %s is not supported yet: use orm.SelectInLoad", r.name())
		}
		if r.many {
			if collection != nil {
				return nil, fmt.Errorf("retort: joined loading of two collections, %s and %s, multiplies their rows (a cartesian product): load one of them with orm.SelectInLoad", collection.name(), r.name())
			}
			collection = r
		}
		out = append(out, r)
	}
	return out, nil
}

// joinStatement adds to stmt a LEFT OUTER JOIN and the columns of each
// relationship of rels.
func joinStatement(m *mapper, stmt core.Statement, rels []*relationship) (core.Statement, []joinedPart, error) {
	sel, ok := stmt.(*core.SelectStmt)
	if !ok {
		return nil, nil, fmt.Errorf("retort: joined loading needs a core.SelectStmt, not %T", stmt)
	}
	for _, r := range rels {
		if r.many && sel.Limited() {
			return nil, nil, fmt.Errorf("retort: joined loading of the collection %s under LIMIT or OFFSET would limit its rows, not the parents: use orm.SelectInLoad", r.name())
		}
	}
	parts := make([]joinedPart, len(rels))
	for i, r := range rels {
		alias := core.Alias(r.target.table, "")
		on := make([]core.Condition, len(r.local))
		for j := range r.local {
			on[j] = core.ColumnOf[any](alias, r.remote[j].Name).EqCol(m.columns[m.position(r.local[j])])
		}
		sel = sel.OuterJoin(alias, on...).AddColumns(alias)
		if r.many {
			// The collection's order, after the query's own (L36).
			sel = sel.OrderBy(aliasOrderings(alias, r)...)
		}
		parts[i] = joinedPart{rel: r, alias: alias}
	}
	return sel, parts, nil
}

// joinedScanner scans the columns a joined relationship adds to each row:
// the target's columns, any of which may be NULL when no row joined.
type joinedScanner struct {
	part joinedPart
	obj  unsafe.Pointer // the target object being scanned into
	// tmp holds, for a column whose field cannot hold NULL, a **F the
	// driver sets to nil or to a new *F.
	tmp []reflect.Value
}

// dests prepares a new target object and returns the scan destinations
// of its columns.
func (js *joinedScanner) dests() []any {
	m := js.part.rel.target
	js.obj = m.alloc()
	out := make([]any, len(m.cols))
	if js.tmp == nil {
		js.tmp = make([]reflect.Value, len(m.cols))
	}
	for i := range m.cols {
		addr := m.addr(js.obj, i)
		t := reflect.TypeOf(addr).Elem()
		if t.Kind() == reflect.Pointer || reflect.PointerTo(t).Implements(scannerType) {
			out[i] = addr // holds NULL itself
			js.tmp[i] = reflect.Value{}
			continue
		}
		js.tmp[i] = reflect.New(reflect.PointerTo(t))
		out[i] = js.tmp[i].Interface()
	}
	return out
}

// finish copies the scanned values into the object and returns it, or
// nil when the join found no row (its primary key is NULL).
func (js *joinedScanner) finish() unsafe.Pointer {
	m := js.part.rel.target
	for _, k := range m.pk {
		if v := js.tmp[k]; v.IsValid() && v.Elem().IsNil() {
			return nil
		}
	}
	for i := range m.cols {
		if v := js.tmp[i]; v.IsValid() && !v.Elem().IsNil() {
			reflect.ValueOf(m.addr(js.obj, i)).Elem().Set(v.Elem().Elem())
		}
	}
	return js.obj
}

// readJoinedRows reads res, whose rows hold m's columns then each part's,
// and puts each joined object in its parent's field.
func (s *Session) readJoinedRows(m *mapper, res *engine.Result, parts []joinedPart, o queryOptions) (objs []unsafe.Pointer, err error) {
	defer func() {
		if cerr := res.Close(); err == nil {
			err = cerr
		}
	}()
	names := res.Columns()
	n := len(names)
	for _, p := range parts {
		n -= len(p.rel.target.cols)
	}
	sc, err := newRowScanner(m, names[:n])
	if err != nil {
		return nil, err
	}
	scanners := make([]*joinedScanner, len(parts))
	for i, p := range parts {
		scanners[i] = &joinedScanner{part: p}
	}
	started := map[loadedKey]bool{} // collections begun by this query
	kept := map[loadedKey]bool{}    // collections loaded before it, left as they are
	seen := map[unsafe.Pointer]bool{}
	for res.Next() {
		obj := m.alloc()
		dest := make([]any, 0, len(names))
		for _, c := range sc.cols {
			dest = append(dest, m.addr(obj, c))
		}
		for _, js := range scanners {
			dest = append(dest, js.dests()...)
		}
		if err := res.Scan(dest...); err != nil {
			return nil, err
		}
		p, err := s.place(m, obj, o)
		if err != nil {
			return nil, err
		}
		for _, js := range scanners {
			r := js.part.rel
			target := js.finish()
			if target != nil {
				if target, err = s.place(r.target, target, o); err != nil {
					return nil, err
				}
			}
			lk := loadedKey{p, r}
			if r.many {
				// A parent's rows come one per child: the first
				// starts its collection afresh, unless it was
				// loaded before this query (L14).
				if !started[lk] {
					started[lk] = true
					if _, done := s.loaded[lk]; done && !o.populateExisting {
						kept[lk] = true
					} else {
						*slicePtr(p, r.offset) = nil
					}
				}
				if kept[lk] {
					continue
				}
				if coll := slicePtr(p, r.offset); target != nil && !slices.Contains(*coll, target) {
					*coll = append(*coll, target)
				}
				s.markLoaded(p, r)
				continue
			}
			if _, done := s.loaded[lk]; !done || o.populateExisting {
				*onePtr(p, r.offset) = target
				s.markLoaded(p, r)
			}
		}
		// With a joined collection a parent comes once per child.
		if !seen[p] {
			seen[p] = true
			objs = append(objs, p)
		}
	}
	return objs, res.Err()
}

// place puts a freshly scanned object in the identity map, or returns the
// session's own object of that identity.
func (s *Session) place(m *mapper, obj unsafe.Pointer, o queryOptions) (unsafe.Pointer, error) {
	key, err := m.keyOf(obj)
	if err != nil {
		return nil, err
	}
	if held := s.idmap.heldObject(key); held != nil {
		if o.populateExisting {
			m.copyColumns(held, obj)
		}
		return held, nil
	}
	if s.opts.readOnly && m.intKey {
		ids := s.idmap.ro[m]
		if ids == nil {
			ids = map[int64]unsafe.Pointer{}
			s.idmap.ro[m] = ids
		}
		ids[key.id] = obj
		return obj, nil
	}
	inst := &instance{m: m, obj: obj, state: Persistent}
	inst.setKey(key)
	if !s.opts.readOnly {
		inst.snapshot = m.snapshot(obj)
	}
	s.idmap.put(inst)
	return obj, nil
}

// aliasOrderings is a collection's order (its order_by, else the target's
// primary key) on the alias it is joined under.
func aliasOrderings(alias *core.Table, r *relationship) []core.Expression {
	var out []core.Expression
	for _, t := range r.orderBy {
		c := core.ColumnOf[any](alias, t.col.Name)
		if t.desc {
			out = append(out, c.Desc())
		} else {
			out = append(out, c.Asc())
		}
	}
	if len(out) == 0 {
		for _, i := range r.target.pk {
			out = append(out, core.ColumnOf[any](alias, r.target.cols[i].Name).Asc())
		}
	}
	return out
}
