// orm/writeonly.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/internal/objptr"
)

// ErrWriteOnly: a loader option, Load, Related or IsLoaded named a
// write-only collection, which is never loaded. The message names the
// relationship; query its objects with the relationship's Select.
var ErrWriteOnly = errors.New("retort: write-only collection")

// WriteOnly is a collection field that is never loaded, for collections
// too large to hold in memory (SQLAlchemy's WriteOnlyMapped): a
// one-to-many or a many-to-many whose field is a WriteOnly[C] instead of
// a []*C.
//
//	type Account struct {
//		ID           int64                      `retort:"pk"`
//		Transactions orm.WriteOnly[Transaction] `retort:"cascade:all, delete-orphan"`
//	}
//
// Add and Remove record changes, which the next flush writes without
// reading the collection; the relationship's Select queries its objects,
// page by page. The zero value is an empty set of changes, ready to use.
// A WriteOnly belongs to its parent object, as a slice field would: it
// is not safe for concurrent use.
type WriteOnly[C any] struct{ ch writeOnlyChanges }

// writeOnlyChanges is a WriteOnly's pending changes, untyped: the
// objects added and removed since the last flush, each in one list at
// most, in the order given.
type writeOnlyChanges struct {
	added, removed []objptr.Ptr
	// in says where an object is: true in added, false in removed.
	in map[objptr.Ptr]bool
}

// Add records objs as added to the collection: the next flush adds the
// new ones to the session (with the save-update cascade, the default) and
// gives each the parent's key (a one-to-many) or inserts its association
// row (a many-to-many). Adding an object twice adds it once; adding one
// that Remove recorded since the last flush cancels the removal. A nil
// fails the next flush with ErrNil.
func (w *WriteOnly[C]) Add(objs ...*C) {
	for _, o := range objs {
		w.ch.record(objptr.Of(o), true)
	}
}

// Remove records objs as removed from the collection: the next flush
// deletes the association row (a many-to-many), or, for a one-to-many,
// deletes the object when the relationship has the delete-orphan cascade
// and otherwise sets its foreign key to NULL (failing with ErrNotNullable
// when the key cannot be NULL). An object whose key does not reference
// the parent was not in the collection, and is left alone. Removing an
// object that Add recorded since the last flush cancels the addition.
// Each object must be one the session holds, else the flush fails with
// ErrDetached. A nil fails the next flush with ErrNil.
func (w *WriteOnly[C]) Remove(objs ...*C) {
	for _, o := range objs {
		w.ch.record(objptr.Of(o), false)
	}
}

// record notes p as added (add) or removed: an object in the other list
// leaves it instead, as SQLAlchemy's write-only history does.
func (ch *writeOnlyChanges) record(p objptr.Ptr, add bool) {
	if ch.in == nil {
		ch.in = map[objptr.Ptr]bool{}
	}
	was, ok := ch.in[p]
	switch {
	case ok && was == add:
		return
	case ok:
		delete(ch.in, p)
		if was {
			ch.added = without(ch.added, p)
		} else {
			ch.removed = without(ch.removed, p)
		}
		return
	}
	ch.in[p] = add
	if add {
		ch.added = append(ch.added, p)
	} else {
		ch.removed = append(ch.removed, p)
	}
}

// without returns list without p, in a new array: the old one may be
// shared with a snapshot's copy of the parent.
func without(list []objptr.Ptr, p objptr.Ptr) []objptr.Ptr {
	out := make([]objptr.Ptr, 0, len(list)-1)
	for _, q := range list {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}

func (w *WriteOnly[C]) changes() *writeOnlyChanges { return &w.ch }

// changesOf returns the pending changes of write-only r in obj.
func (r *relationship) changesOf(obj objptr.Ptr) *writeOnlyChanges {
	return r.at.Addr(obj).(interface{ changes() *writeOnlyChanges }).changes()
}

// anyWriteOnly is set once a configured mapping has a write-only
// collection: until then a flush does not look for their changes.
var anyWriteOnly atomic.Bool

// writeOnlyError is the error of an operation that would load write-only
// r.
func writeOnlyError(r *relationship, what string) error {
	return fmt.Errorf("%w: %s cannot be loaded by %s: query its objects with the relationship's Select", ErrWriteOnly, r.name(), what)
}

// loaderName names the loader option of strategy st.
func loaderName(st Strategy) string {
	return "orm." + [...]string{"RaiseLoad", "SelectInLoad", "JoinedLoad", "NoLoad", "ContainsEager", "RecursiveLoad", "DefaultLoad"}[st]
}

// Select returns the query of p's objects in the collection r, read from
// the database (after the autoflush has written what Add and Remove
// recorded): WHERE the target's foreign key is p's key, or, for a
// many-to-many, joined through the association table. It is ordered by
// the mapping's order_by (or the relationship's OrderBy), filtered by its
// And criteria, limited by its Limit; add Where, OrderBy, Limit and
// Offset to page through it, and run it with All, Stream or Partitions:
//
//	page, err := orm.All(ctx, s, Accounts.Transactions.Select(acct).
//		Where(Transactions.ID.Gt(last)).OrderBy(Transactions.ID.Asc()).Limit(100))
//
// It is the way to read a write-only collection, and works for any
// collection. The parent's key is read now: a parent whose key the
// database generates must be flushed first, or the query fails.
func (r Relationship[P, C]) Select(p *P) *SelectStmt[*C] {
	rel := r.configured()
	q := Select[C]()
	fail := func(err error) *SelectStmt[*C] { return q.with(func(pl *plan) { pl.fail(err) }) }
	switch {
	case p == nil:
		return fail(&nilError{op: rel.name() + ".Select", what: "the parent"})
	case !rel.many:
		return fail(fmt.Errorf("retort: %s.Select: %s is a %s, not a collection", rel.name(), rel.name(), rel.kind))
	case r.from != nil || r.of != nil:
		return fail(fmt.Errorf("retort: %s.Select: Of and From are for joins, Any and Has", rel.name()))
	}
	pp := objptr.Of(p)
	m := rel.parent
	far, farCols := rel.target.table, rel.remote
	if rel.kind == ManyToMany {
		far = rel.secondary
		q = q.Join(rel.secondary, equate(rel.target.table, rel.targetColumns, rel.secondary, rel.secondaryRemote)...)
	}
	where := make([]core.Condition, 0, len(rel.local)+len(r.spec.criteria))
	for i, c := range rel.local {
		pos := m.position(c)
		if pos == m.autoinc && reflect.ValueOf(m.value(pp, pos)).IsZero() {
			return fail(fmt.Errorf("retort: %s.Select: the %s has no key yet: flush it first", rel.name(), m.typ.Name()))
		}
		where = append(where, core.ColumnOf[any](far, farCols[i].Name).Eq(deref(m.value(pp, pos))))
	}
	q = q.Where(append(where, r.spec.criteria...)...)
	order := r.spec.order
	if order == nil {
		for _, o := range rel.orderBy {
			col := core.ColumnOf[any](rel.target.table, o.col.Name)
			if o.desc {
				order = append(order, col.Desc())
			} else {
				order = append(order, col.Asc())
			}
		}
	}
	if len(order) > 0 {
		q = q.OrderBy(order...)
	}
	if r.spec.limit > 0 {
		q = q.Limit(r.spec.limit)
	}
	return q
}

// writeOnlyChanges plans what the write-only collections of the
// session's objects recorded: association rows to insert and delete,
// the parent's key given to objects added to a one-to-many of a
// persistent parent (a pending parent's go with its INSERT, in
// syncKeys), and objects removed from one deleted or their key set to
// NULL. Every check comes before any change: an error leaves the objects
// as they were.
func (u *flush) writeOnlyChanges() error {
	// change is an object added to or removed from r of parent: child
	// is its instance, or nil for an added one the session does not
	// hold (a collection without the save-update cascade).
	type change struct {
		parent, child *instance
		r             *relationship
		obj           objptr.Ptr
	}
	var removals, additions []change
	moved := map[objptr.Ptr]bool{}
	im := u.s.idmap
	var err error
	// each, not all: this runs at every flush once a mapping has a
	// write-only collection, and most objects have none.
	im.each(func(inst *instance) {
		if err != nil || inst.m.writeOnly == nil {
			return
		}
		for _, r := range inst.m.writeOnly {
			ch := r.changesOf(inst.obj)
			if len(ch.added) == 0 && len(ch.removed) == 0 {
				continue
			}
			u.flushed = append(u.flushed, ch)
			if inst.deletePending || inst.state != Persistent && inst.state != Pending {
				continue
			}
			for _, c := range ch.added {
				additions = append(additions, change{inst, im.find(r.target, c), r, c})
				if r.kind == ManyToMany {
					u.links = append(u.links, link{inst, r, c})
				} else {
					moved[c] = true
				}
			}
			if inst.state == Pending {
				continue // nothing of the database references it yet
			}
			for i, c := range ch.removed {
				if c.IsNil() {
					err = &nilError{op: "flush", what: fmt.Sprintf("%s: Remove's object %d", r.name(), i)}
					return
				}
				ci := im.find(r.target, c)
				if ci == nil || ci.state != Persistent && ci.state != Pending {
					err = fmt.Errorf("%w: %s.Remove was given a %s the session does not hold: load it in this session (or Merge it) first",
						ErrDetached, r.name(), r.target.typ.Name())
					return
				}
				if ci.state == Pending || ci.deletePending {
					continue // no row links it yet, or it is going anyway
				}
				if r.kind == ManyToMany {
					u.unlinks = append(u.unlinks, link{inst, r, c})
					continue
				}
				removals = append(removals, change{inst, ci, r, c})
			}
		}
	})
	if err != nil {
		return err
	}
	var orphans []change
	for _, o := range removals {
		if moved[o.child.obj] || !o.r.references(o.child.obj, o.parent.obj) {
			continue // in another parent's collection now, or never in this one
		}
		if o.r.cascade&DeleteOrphan == 0 {
			for _, col := range o.r.remote {
				if !col.Nullable {
					return fmt.Errorf("%w: %s %v was removed from %s of %s %v, but %s.%s cannot be NULL: delete the %s, or give %s the delete-orphan cascade",
						ErrNotNullable, o.r.target.typ.Name(), o.child.identity().values(), o.r.name(), o.parent.m.typ.Name(), o.parent.identity().values(),
						o.r.target.table.Name(), col.Name, o.r.target.typ.Name(), o.r.name())
				}
			}
		}
		orphans = append(orphans, o)
	}
	for _, o := range orphans {
		c := o.child.obj
		if b := o.r.back; b != nil && !b.many && b.at.Ptr(c) == o.parent.obj {
			b.at.SetPtr(c, objptr.Ptr{})
		}
		if o.r.cascade&DeleteOrphan != 0 {
			u.s.delete(o.child, false)
			continue
		}
		for _, col := range o.r.remote {
			setField(o.r.target.addr(c, o.r.target.position(col)), nil)
		}
	}
	for _, a := range additions {
		if b := a.r.back; b != nil && !b.many {
			b.at.SetPtr(a.obj, a.parent.obj)
		}
		if a.r.kind == OneToMany && a.parent.state == Persistent && a.child != nil {
			copyKey(a.parent.m, a.parent.obj, a.r.localPos, a.r.target, a.obj, a.r.remotePos)
		}
	}
	return nil
}

// references reports whether child's foreign key of one-to-many r holds
// parent's key.
func (r *relationship) references(child, parent objptr.Ptr) bool {
	for j, i := range r.localPos {
		if !r.target.sameAs(child, r.remotePos[j], r.parent, parent, i) {
			return false
		}
	}
	return true
}

// syncWriteOnly gives the objects added to inst's write-only one-to-many
// collections inst's key: after inst's INSERT, when it was pending.
func (u *flush) syncWriteOnly(inst *instance) {
	for _, r := range inst.m.writeOnly {
		if r.kind != OneToMany {
			continue
		}
		for _, c := range r.changesOf(inst.obj).added {
			copyKey(inst.m, inst.obj, r.localPos, r.target, c, r.remotePos)
		}
	}
}

// cascadeWriteOnly tracks the objects added to inst's write-only
// collections, along the save-update cascade; a nil among them is an
// error naming the collection.
func (s *Session) cascadeWriteOnly(inst *instance) error {
	for _, r := range inst.m.writeOnly {
		ch := r.changesOf(inst.obj)
		for i, c := range ch.added {
			if c.IsNil() {
				return &nilError{what: fmt.Sprintf("%s: Add's object %d", r.name(), i)}
			}
		}
		if r.cascade&SaveUpdate == 0 {
			continue
		}
		for _, c := range ch.added {
			if err := s.track(r.target, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// nullWriteOnly sets to NULL, by the keys of deleted parents (rows, all
// of one mapper), the foreign keys of the objects in their write-only
// one-to-many collections that no delete cascade deletes: SQLAlchemy
// nulls a deleted parent's children too, after loading them. A key that
// cannot be NULL, or passive_deletes, leaves the rows to the database's
// ON DELETE.
func (u *flush) nullWriteOnly(ctx context.Context, rows []*instance) error {
	for _, r := range rows[0].m.writeOnly {
		if r.kind != OneToMany || r.cascade&Delete != 0 || r.passiveDeletes {
			continue
		}
		nullable := true
		set := make([]core.Assignment, len(r.remote))
		for i, col := range r.remote {
			nullable = nullable && col.Nullable
			set[i] = core.ColumnOf[any](r.target.table, col.Name).Set(nil)
		}
		if !nullable {
			continue
		}
		var keys [][]any
		for _, inst := range rows {
			keys = appendKey(keys, inst.m, inst.obj, r.local)
		}
		for _, cond := range keyIn(r.target.table, r.remote, keys) {
			if _, err := u.tx.Exec(ctx, core.Update(r.target.table).Set(set...).Where(cond).Where(u.s.globalOn(r.target)...)); err != nil {
				return err
			}
		}
	}
	return nil
}
