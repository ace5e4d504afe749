// orm/unit_of_work.go

package orm

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/objptr"
)

// Add puts obj, a pointer to a mapped struct, in the session: the next
// flush inserts it. Objects reachable through its relationships with the
// save-update cascade (the default) are added with it, now and again at
// each flush. Adding an object the session holds does nothing. An object
// the session let go with Expunge is reattached, persistent again: the
// next flush writes the changes made to it meanwhile (see Merge for an
// object the session never held).
func (s *Session) Add(obj any) error {
	if err := s.enter(opAdd); err != nil {
		return err
	}
	defer s.leave()
	return s.add("Add", obj)
}

// AddAll adds each object, as Add does.
func (s *Session) AddAll(objs ...any) error {
	if err := s.enter(opAddAll); err != nil {
		return err
	}
	defer s.leave()
	for i, o := range objs {
		if v := reflect.ValueOf(o); !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
			return &nilError{op: "AddAll", what: fmt.Sprintf("objs[%d]", i)}
		}
		if err := s.add("AddAll", o); err != nil {
			return err
		}
	}
	return nil
}

// add adds obj and what it cascades to, or, when that meets a nil in a
// collection, nothing.
func (s *Session) add(op string, obj any) error {
	if s.opts.readOnly {
		return fmt.Errorf("%w: %s", ErrReadOnly, op)
	}
	m, p, err := objectOf(op, obj)
	if err != nil {
		return err
	}
	mark := len(s.idmap.pending)
	if err := s.track(m, p); err != nil {
		s.untrack(mark)
		return addOp(err, op)
	}
	return nil
}

// addOp names op in err, a nil met by a cascade.
func addOp(err error, op string) error {
	if ne, ok := err.(*nilError); ok {
		ne.op = op
	}
	return err
}

// untrack makes the objects made pending since mark transient again: an
// Add that fails adds nothing.
func (s *Session) untrack(mark int) {
	for _, inst := range s.idmap.pending[mark:] {
		delete(s.idmap.others, inst.obj)
		inst.state = Transient
	}
	clear(s.idmap.pending[mark:])
	s.idmap.pending = s.idmap.pending[:mark]
}

// objectOf returns obj's mapper and address; op names the operation in
// the error for a nil.
func objectOf(op string, obj any) (*mapper, objptr.Ptr, error) {
	v := reflect.ValueOf(obj)
	switch {
	case obj == nil:
		return nil, objptr.Ptr{}, &nilError{op: op, what: "the object"}
	case v.Kind() != reflect.Pointer:
		return nil, objptr.Ptr{}, fmt.Errorf("retort: %s: want a pointer to a mapped struct, not %T", op, obj)
	case v.IsNil():
		return nil, objptr.Ptr{}, &nilError{op: op, what: fmt.Sprintf("the %T", obj)}
	}
	m, err := mapperFor(v.Type().Elem())
	if err != nil {
		return nil, objptr.Ptr{}, err
	}
	return m, objptr.FromAny(obj), nil
}

// track makes an untracked object pending, or persistent again when the
// session let it go with Expunge, and follows the save-update cascade
// from it.
func (s *Session) track(m *mapper, p objptr.Ptr) error {
	if inst := s.idmap.find(m, p); inst != nil {
		if inst.m != m && inst.state == Pending && m.isA(inst.m) {
			// Reached first through a relationship to its base, the
			// object is now added as what it is.
			delete(s.idmap.others, inst.obj)
			inst.m, inst.obj = m, p
			s.idmap.hold(inst)
		}
		return nil
	}
	inst, err := s.idmap.reattach(m, p)
	if err != nil {
		return err
	}
	if inst == nil {
		inst = &instance{m: m, obj: p, state: Pending}
		s.idmap.hold(inst)
		s.idmap.pending = append(s.idmap.pending, inst)
	}
	return s.cascadeAdd(inst)
}

// cascade tracks the objects the save-update cascades of the session's
// objects reach, for op (the flush, or New). A failure (a nil in a
// collection) leaves none of them pending.
func (s *Session) cascade(op string) error {
	mark := len(s.idmap.pending)
	for _, inst := range s.idmap.all() {
		if inst.deletePending {
			continue
		}
		if err := s.cascadeAdd(inst); err != nil {
			s.untrack(mark)
			return addOp(err, op)
		}
	}
	return nil
}

// cascadeAdd tracks the objects inst's relationships hold, along the
// save-update cascade. A nil in a collection is an error naming the
// collection and the position, whatever the cascade: the flush would
// have no row for it.
func (s *Session) cascadeAdd(inst *instance) error {
	for _, r := range inst.m.rels {
		if r.cascade&SaveUpdate == 0 && !r.many {
			continue
		}
		now := r.related(inst.obj)
		if before, ok := inst.links[r]; ok && inst.state == Persistent && slices.Equal(before, now) {
			// Unchanged since it was loaded or flushed: nothing new
			// joined it, and what left the session (expunged) is not
			// brought back as new rows, as SQLAlchemy, which flushes
			// changed objects only, does not either.
			continue
		}
		if i := slices.Index(now, objptr.Ptr{}); i >= 0 {
			return &nilError{what: fmt.Sprintf("%s[%d]", r.name(), i)}
		}
		if r.cascade&SaveUpdate == 0 {
			continue
		}
		for _, c := range now {
			if r.kind == ManyToOne && inst.state == Persistent && inst.loadedLink(r, c) {
				// The target of the key the object was loaded with,
				// as a load's back-reference fills it: an unchanged
				// link, along which nothing joins the session (not a
				// target since let go with Expunge), as SQLAlchemy adds
				// nothing along a many-to-one it has no change of.
				continue
			}
			if err := s.track(r.target, c); err != nil {
				return err
			}
		}
	}
	if inst.m.writeOnly != nil {
		return s.cascadeWriteOnly(inst)
	}
	return nil
}

// loadedLink reports whether target, held by inst's many-to-one r, has
// the key that inst's foreign key had when it was loaded or last flushed.
func (inst *instance) loadedLink(r *relationship, target objptr.Ptr) bool {
	if inst.snapshot.IsNil() {
		return false
	}
	for j, i := range r.localPos {
		if !inst.m.sameAs(inst.snapshot, i, r.target, target, r.remotePos[j]) {
			return false
		}
	}
	return true
}

// related returns the objects a relationship field of obj holds.
func (r *relationship) related(obj objptr.Ptr) []objptr.Ptr {
	if r.many {
		return r.at.Ptrs(obj)
	}
	if p := r.at.Ptr(obj); !p.IsNil() {
		return []objptr.Ptr{p}
	}
	return nil
}

// Delete marks obj, an object of the session, for deletion at the next
// flush; objects in its loaded relationships with the delete cascade go
// with it, and the flush deletes by obj's key what such a relationship
// that nobody loaded holds (see the package documentation). Deleting a
// pending object just takes it out of the session. An object with a
// soft_delete column is soft-deleted, its row kept and marked, unless
// opts has HardDelete (see Soft delete in the package documentation).
func (s *Session) Delete(obj any, opts ...DeleteOption) error {
	if err := s.enter(opDelete); err != nil {
		return err
	}
	defer s.leave()
	if s.opts.readOnly {
		return fmt.Errorf("%w: Delete", ErrReadOnly)
	}
	m, p, err := objectOf("Delete", obj)
	if err != nil {
		return err
	}
	inst := s.idmap.find(m, p)
	if inst == nil || inst.state != Persistent && inst.state != Pending {
		return fmt.Errorf("retort: Delete: the %T is not persistent in this session", obj)
	}
	hard := false
	for _, o := range opts {
		hard = hard || o.hard
	}
	s.delete(inst, hard)
	return nil
}

// DeleteOption changes what Session.Delete does: HardDelete.
type DeleteOption struct{ hard bool }

// HardDelete makes Session.Delete delete the row of an object with a
// soft_delete column, as it deletes any other, rather than mark it
// deleted; the objects the delete cascade takes with it are deleted
// for real too.
func HardDelete() DeleteOption { return DeleteOption{hard: true} }

// delete marks inst deleted, with what its delete cascades reach. hard
// deletes the row of an object with soft delete. A soft delete cascades
// to the children that have soft delete too, and leaves the others
// alone: the parent's row stays, so they still reference a row (as GORM
// deletes only the parent). A hard delete, or the delete of an object
// without soft delete, deletes the children for real, whose rows would
// reference nothing.
func (s *Session) delete(inst *instance, hard bool) {
	if inst.state == Pending {
		delete(s.idmap.others, inst.obj)
		s.idmap.pending = slices.DeleteFunc(s.idmap.pending, func(i *instance) bool { return i == inst })
		inst.state = Transient
		return
	}
	hard = hard || inst.m.softDelete < 0
	if inst.deletePending && (inst.hardDelete || !hard) {
		return
	}
	inst.deletePending, inst.hardDelete = true, hard
	for _, r := range inst.m.rels {
		if r.cascade&Delete == 0 || !hard && r.target.softDelete < 0 {
			continue
		}
		for _, c := range r.related(inst.obj) {
			if ci := s.idmap.find(r.target, c); ci != nil && ci.state != Transient {
				s.delete(ci, hard)
			}
		}
	}
}

// Flush writes the session's pending changes in its transaction: inserts
// (parents first, a multi-row INSERT per table), updates of changed
// columns, and deletes (children first). A failed flush rolls the
// transaction back, or, inside a nested transaction, rolls back to its
// savepoint only; the session then refuses work until Rollback (or
// RollbackNested) says the program has seen it.
func (s *Session) Flush(ctx context.Context) error {
	if err := s.enter(opFlush); err != nil {
		return err
	}
	defer s.leave()
	return s.flush(ctx)
}

func (s *Session) flush(ctx context.Context) error {
	if s.failed != nil {
		return s.needsRollback()
	}
	if s.opts.readOnly {
		return nil
	}
	if s.flushing {
		return errors.New("retort: flush: called from a flush's own event or hook")
	}
	s.flushing = true
	defer func() { s.flushing = false }()
	u := &flush{s: s}
	if err := u.collect(); err != nil {
		return err
	}
	if u.empty() {
		return nil
	}
	if ev := s.opts.events; ev != nil && len(ev.beforeFlush) > 0 && u.changes() {
		// The functions may add, change and delete objects: plan
		// again with what they did.
		if err := s.fire(ctx, ev.beforeFlush); err != nil {
			return fmt.Errorf("retort: flush: before-flush event: %w", err)
		}
		u = &flush{s: s}
		if err := u.collect(); err != nil || u.empty() {
			return err
		}
	}
	if err := u.before(ctx); err != nil {
		return flushError(err)
	}
	if s.opts.criteria != nil {
		// After the Before hooks, which may set the columns tested (a
		// tenant's id), before anything is sent.
		if err := u.checkCriteria(); err != nil {
			return err
		}
	}
	return s.send(ctx, u)
}

// send runs the flush u has planned, in the session's transaction, and
// its After hooks and after-flush events. It is flush's second half, a
// function of its own so that flush's deferred call stays open-coded (a
// function with several defers and many returns gets the runtime's
// slower defer, which every query's autoflush, mostly empty, would pay).
func (s *Session) send(ctx context.Context, u *flush) error {
	tx, err := s.transaction(ctx)
	if err != nil {
		return err
	}
	u.tx = tx
	sending := true
	defer func() {
		if sending {
			// A hook, an event or the flush itself panicked once
			// statements may have gone: the transaction, half
			// written, is rolled back as a failed flush's is, and the
			// panic goes on.
			u.unmark()
			s.flushFailed(ctx, errFlushPanicked)
		}
	}()
	err = u.run(ctx)
	if err == nil {
		err = u.after(ctx)
	}
	if err == nil {
		u.done()
		if ev := s.opts.events; ev != nil && u.wrote() {
			if err = s.fire(ctx, ev.afterFlush); err != nil {
				err = fmt.Errorf("after-flush event: %w", err)
			}
		}
	}
	sending = false
	if err != nil {
		u.unmark()
		return flushError(errors.Join(err, s.flushFailed(ctx, err)))
	}
	return nil
}

// unmark clears the soft-delete fields the failed flush set: their rows
// are not marked, the transaction rolled back. Each was clear before
// (softDelete skips an object marked already).
func (u *flush) unmark() {
	for _, inst := range u.marked {
		setField(inst.m.addr(inst.obj, inst.m.softDelete), nil)
	}
}

// flushError is err, which failed a flush, saying so once: an error of
// Retort's own begins "retort: " already (a hook's, a statement's built
// by the flush), and "retort: flush: " is not said twice.
func flushError(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "retort: flush: "):
		return err
	case strings.HasPrefix(msg, "retort: "):
		return &flushFailure{msg: "retort: flush: " + msg[len("retort: "):], err: err}
	}
	return fmt.Errorf("retort: flush: %w", err)
}

// flushFailure is an error of Retort's own that failed a flush, with
// its message saying so.
type flushFailure struct {
	msg string
	err error
}

// Error is the error's message, naming the flush once.
func (e *flushFailure) Error() string { return e.msg }

// Unwrap returns the error that failed the flush.
func (e *flushFailure) Unwrap() error { return e.err }

// errFlushPanicked is why a session whose flush panicked was rolled back.
var errFlushPanicked = errors.New("retort: flush: a hook or event panicked")

// empty reports whether the flush has nothing to write.
func (u *flush) empty() bool {
	return len(u.inserts) == 0 && len(u.updates) == 0 && len(u.deletes) == 0 && len(u.links) == 0 && len(u.unlinks) == 0
}

// changes reports whether the flush will send a statement: updates holds
// every persistent object, changed or not.
func (u *flush) changes() bool {
	return len(u.inserts) > 0 || len(u.deletes) > 0 || len(u.links) > 0 || len(u.unlinks) > 0 ||
		slices.ContainsFunc(u.updates, func(inst *instance) bool { return inst.comparable() && inst.changed() })
}

// wrote reports whether the flush sent a statement.
func (u *flush) wrote() bool {
	return len(u.inserts) > 0 || len(u.written) > 0 || len(u.deletes) > 0 || len(u.links) > 0 || len(u.unlinks) > 0
}

// before runs the Before hooks of the objects the flush writes.
// BeforeUpdate runs for the objects it updates: of all the persistent
// ones it compares, those with a change.
func (u *flush) before(ctx context.Context) error {
	s := u.s
	if err := s.runHooks(ctx, BeforeInsert, u.inserts, nil); err != nil {
		return err
	}
	if err := s.runHooks(ctx, BeforeUpdate, u.updates, func(inst *instance) bool { return inst.comparable() && inst.changed() }); err != nil {
		return err
	}
	return s.runHooks(ctx, BeforeDelete, u.deletes, nil)
}

// after runs the After hooks of the objects the flush wrote.
func (u *flush) after(ctx context.Context) error {
	s := u.s
	if err := s.runHooks(ctx, AfterInsert, u.inserts, nil); err != nil {
		return err
	}
	if err := s.runHooks(ctx, AfterUpdate, u.written, nil); err != nil {
		return err
	}
	return s.runHooks(ctx, AfterDelete, u.deletes, nil)
}

// flush is one flush's work.
type flush struct {
	s       *Session
	tx      *engine.Tx
	inserts []*instance
	updates []*instance
	written []*instance // the updates that sent an UPDATE
	deletes []*instance
	// links and unlinks are many-to-many association rows to insert
	// and delete: a parent, a relationship, a child.
	links, unlinks []link
	// gone are the session's objects that deleteBelow deleted with a
	// parent (or softBelow soft-deleted), and below is every row it
	// met, against cycles.
	gone  []*instance
	below map[identityKey]bool
	// now is the time that marks the flush's soft deletes, and marked
	// the objects whose field they set.
	now    time.Time
	marked []*instance
	// flushed are the write-only collections' changes the flush
	// writes, cleared once it has.
	flushed []*writeOnlyChanges
}

type link struct {
	parent *instance
	rel    *relationship
	child  objptr.Ptr
}

// collect finds the work: cascades from every object, then what is new,
// changed and deleted. A nil in a collection fails it before anything is
// sent, and leaves nothing the cascade added pending.
func (u *flush) collect() error {
	im := u.s.idmap
	if err := u.clearedManyToOne(); err != nil {
		return err
	}
	if err := u.orphans(); err != nil {
		return err
	}
	mark := len(im.pending)
	if err := u.s.cascade("flush"); err != nil {
		return err
	}
	if anyWriteOnly.Load() {
		if err := u.writeOnlyChanges(); err != nil {
			u.s.untrack(mark)
			return err
		}
	}
	u.inserts = slices.Clone(im.pending)
	for _, inst := range u.inserts {
		if inst.m.inh != nil {
			inst.m.setIdentity(inst.obj)
		}
	}
	all := im.all()
	for _, inst := range all {
		switch {
		case inst.deletePending:
			u.deletes = append(u.deletes, inst)
		case inst.state == Persistent && !inst.expired:
			// An expired object's fields are to be overwritten
			// from the database, not written to it.
			u.updates = append(u.updates, inst)
		}
	}
	for _, inst := range all {
		if inst.deletePending {
			continue
		}
		for _, r := range inst.m.rels {
			if r.kind != ManyToMany {
				continue
			}
			now := r.related(inst.obj)
			before, recorded := inst.links[r]
			if recorded && slices.Equal(before, now) {
				continue
			}
			for _, c := range now {
				if !slices.Contains(before, c) {
					u.links = append(u.links, link{inst, r, c})
				}
			}
			for _, c := range before {
				if !slices.Contains(now, c) {
					u.unlinks = append(u.unlinks, link{inst, r, c})
				}
			}
		}
	}
	u.links, u.unlinks = onePerRow(u.links), onePerRow(u.unlinks)
	return nil
}

// linkKey is an association row: its table and its two objects, in the
// order of the table's columns (see flipped).
type linkKey struct {
	secondary *core.Table
	a, b      objptr.Ptr
}

// onePerRow drops the links that are another's row seen from the other
// side: with a back-reference, u.Groups holding g and g.Users holding u
// are one row of the association table, to be inserted (or deleted) once.
func onePerRow(links []link) []link {
	if len(links) < 2 {
		return links
	}
	seen := make(map[linkKey]bool, len(links))
	return slices.DeleteFunc(links, func(l link) bool {
		k := linkKey{l.rel.secondary, l.parent.obj, l.child}
		if l.rel.flipped() {
			k.a, k.b = k.b, k.a
		}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// flipped reports whether many-to-many r's columns toward its target come
// first in the association table's order, the columns of the two sides
// compared by name: the relationship and its back-reference then agree
// on which object of a row is first, and on the row's column order.
func (r *relationship) flipped() bool {
	return slices.CompareFunc(r.secondaryRemote, r.remote, func(a, b *core.ColumnDef) int {
		return strings.Compare(a.Name, b.Name)
	}) < 0
}

func (u *flush) run(ctx context.Context) error {
	order, err := u.tableOrder()
	if err != nil {
		return err
	}
	if err := u.deleteLinks(ctx); err != nil {
		return err
	}
	// Objects already saved know their keys: hand them to the new
	// objects their relationships hold before those are inserted. With
	// nothing to insert, the pass before the updates does it all.
	if len(u.inserts) > 0 {
		for _, inst := range u.updates {
			u.syncKeys(inst)
		}
	}
	for _, t := range order {
		if err := u.insert(ctx, t); err != nil {
			return err
		}
	}
	for _, inst := range u.updates {
		u.syncKeys(inst)
		if err := u.update(ctx, inst); err != nil {
			return err
		}
	}
	if err := u.insertLinks(ctx); err != nil {
		return err
	}
	slices.Reverse(order)
	for _, t := range order {
		if err := u.delete(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// tableOrder is the tables of the work in foreign-key order.
func (u *flush) tableOrder() ([]*core.Table, error) {
	var tables []*core.Table
	for _, list := range [][]*instance{u.inserts, u.updates, u.deletes} {
		for _, inst := range list {
			if !slices.Contains(tables, inst.m.table) {
				tables = append(tables, inst.m.table)
			}
		}
	}
	return core.SortTables(tables)
}

// syncKeys sets inst's foreign-key fields from the objects its
// relationships hold, and its children's from it: appending an order to
// user.Orders sets the order's user_id.
func (u *flush) syncKeys(inst *instance) {
	for _, r := range inst.m.rels {
		switch r.kind {
		case ManyToOne:
			if p := r.at.Ptr(inst.obj); !p.IsNil() {
				copyKey(r.target, p, r.remotePos, inst.m, inst.obj, r.localPos)
			}
		case OneToMany, OneToOne:
			for _, c := range r.related(inst.obj) {
				copyKey(inst.m, inst.obj, r.localPos, r.target, c, r.remotePos)
			}
		}
	}
	if inst.m.writeOnly != nil {
		u.syncWriteOnly(inst)
	}
}

// copyKey copies the values of from's columns at places fromPos into
// to's columns at toPos.
func copyKey(fromM *mapper, from objptr.Ptr, fromPos []int, toM *mapper, to objptr.Ptr, toPos []int) {
	for i, fi := range fromPos {
		ti := toPos[i]
		if toM.sameAs(to, ti, fromM, from, fi) {
			continue // a flush syncs every object's keys: most hold already
		}
		setField(toM.addr(to, ti), deref(fromM.value(from, fi)))
	}
}

func (m *mapper) position(c *core.ColumnDef) int { return slices.Index(m.cols, c) }

// setField stores v in the field that ptr points at: a plain field, a
// pointer field (nil for a nil v) or a sql.Null.
func setField(ptr any, v any) {
	f := reflect.ValueOf(ptr).Elem()
	if v == nil {
		f.SetZero()
		return
	}
	val := reflect.ValueOf(v)
	switch {
	case f.Kind() == reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		p.Elem().Set(val.Convert(f.Type().Elem()))
		f.Set(p)
	case val.Type().ConvertibleTo(f.Type()):
		// Before Scan: a google/uuid UUID scans text, not another UUID.
		f.Set(val.Convert(f.Type()))
	case f.Addr().Type().Implements(reflect.TypeFor[sql.Scanner]()):
		f.Addr().Interface().(sql.Scanner).Scan(v) // a sql.Null[T] from a T
	default:
		f.Set(val.Convert(f.Type()))
	}
}

// insert inserts the pending objects of table t: in levels, so that a row
// referencing another pending row of the same table (a tree) comes after
// it, each level in multi-row INSERTs.
func (u *flush) insert(ctx context.Context, t *core.Table) error {
	var rows, postponed []*instance
	for _, inst := range u.inserts {
		if inst.m.table == t {
			rows = append(rows, inst)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	// waiting holds the rows not yet inserted, and holders the row whose
	// self-referencing collection holds each row: sets, not searches of
	// rows, so that a tree of thousands of new rows costs no more than a
	// flat list.
	waiting := make(map[objptr.Ptr]bool, len(rows))
	for _, inst := range rows {
		waiting[inst.obj] = true
	}
	holders := selfHolders(rows)
	for len(rows) > 0 {
		var level, later []*instance
		for _, inst := range rows {
			if waitsForSibling(inst, waiting, holders) {
				later = append(later, inst)
			} else {
				level = append(level, inst)
			}
		}
		if len(level) == 0 {
			// The new rows reference each other in a cycle. Break it
			// as SQLAlchemy's post_update does: insert one with its
			// self-referencing key NULL, and set the key by an
			// UPDATE once its target has one.
			inst := later[0]
			if h, ok := holders[inst.obj]; ok && waiting[h] {
				// Its key comes from a row holding it in a collection,
				// which an UPDATE after the fact would not know to set.
				return fmt.Errorf("%s: the new rows hold each other in their collections in a cycle", t.Name())
			}
			if !selfKeysNullable(inst) {
				return fmt.Errorf("%s: the new rows reference each other in a cycle, through a key that cannot be NULL", t.Name())
			}
			level, later = later[:1], later[1:]
			postponed = append(postponed, inst)
		}
		for _, inst := range level {
			u.syncKeys(inst)
			if slices.Contains(postponed, inst) {
				clearSelfKeys(inst)
			}
		}
		if err := u.insertRows(ctx, level); err != nil {
			return err
		}
		// Their new keys go to the objects they hold.
		for _, inst := range level {
			u.syncKeys(inst)
			delete(waiting, inst.obj)
		}
		rows = later
	}
	for _, inst := range postponed {
		u.syncKeys(inst)
		var set []core.Assignment
		for _, r := range inst.m.rels {
			if r.kind == ManyToOne && r.target == inst.m {
				for _, c := range r.local {
					i := inst.m.position(c)
					set = append(set, inst.m.columns[i].Set(inst.m.value(inst.obj, i)))
				}
			}
		}
		key, err := inst.m.keyOf(inst.obj)
		if err != nil {
			return err
		}
		where := make([]core.Condition, len(inst.m.pk))
		for i, c := range inst.m.pk {
			where[i] = inst.m.columns[c].Eq(key.values()[i])
		}
		if _, err := u.tx.Exec(ctx, core.Update(t).Set(set...).Where(where...)); err != nil {
			return err
		}
	}
	return nil
}

// selfKeysNullable reports whether inst's self-referencing foreign keys
// can be NULL, so that it can be inserted before its target.
func selfKeysNullable(inst *instance) bool {
	for _, r := range inst.m.rels {
		if r.kind == ManyToOne && r.target == inst.m {
			for _, c := range r.local {
				if !c.Nullable {
					return false
				}
			}
		}
	}
	return true
}

func clearSelfKeys(inst *instance) {
	for _, r := range inst.m.rels {
		if r.kind == ManyToOne && r.target == inst.m {
			for _, c := range r.local {
				setField(inst.m.addr(inst.obj, inst.m.position(c)), nil)
			}
		}
	}
}

// waitsForSibling reports whether inst must wait for another row of its
// table not yet inserted (waiting): the row its many-to-one relationship
// points at, or the row whose one-to-many collection holds it (holders),
// whose key its foreign key copies once that row has one.
func waitsForSibling(inst *instance, waiting map[objptr.Ptr]bool, holders map[objptr.Ptr]objptr.Ptr) bool {
	for _, r := range inst.m.rels {
		if r.kind != ManyToOne || r.target != inst.m {
			continue
		}
		if p := r.at.Ptr(inst.obj); !p.IsNil() && p != inst.obj && waiting[p] {
			return true
		}
	}
	h, ok := holders[inst.obj]
	return ok && h != inst.obj && waiting[h]
}

// selfHolders maps each row of rows that another row of rows holds in a
// self-referencing one-to-many or one-to-one relationship (a tree built
// through its Children alone) to that row; nil when the table has none.
func selfHolders(rows []*instance) map[objptr.Ptr]objptr.Ptr {
	var holders map[objptr.Ptr]objptr.Ptr
	for _, inst := range rows {
		for _, r := range inst.m.rels {
			if (r.kind != OneToMany && r.kind != OneToOne) || r.target != inst.m {
				continue
			}
			for _, c := range r.related(inst.obj) {
				if holders == nil {
					holders = map[objptr.Ptr]objptr.Ptr{}
				}
				holders[c] = inst.obj
			}
		}
	}
	return holders
}

// maxParams bounds the bind parameters of one statement: PostgreSQL's
// protocol allows 65,535, SQLite's default limit is 32,766.
const maxParams = 32_000

// insertRows inserts rows of one table, grouped by the columns they set
// (and by type, for a table that types of a hierarchy share):
// a key the database generates is left out while zero, and a column with
// a default while its field is zero.
func (u *flush) insertRows(ctx context.Context, rows []*instance) error {
	type columnSet struct {
		cols []int
		rows []*instance
	}
	groups := map[string]*columnSet{}
	var order []*columnSet
	var cols []int
	var sig []byte
	for _, inst := range rows {
		cols = u.insertColumns(cols[:0], inst)
		// The set's key: each position in two bytes, since a table may
		// have more columns than a byte numbers (no database allows more
		// than 65,535: PostgreSQL 1,600, MySQL 4,096, SQLite 32,767).
		// The types of a hierarchy that share a table (a manager, an
		// engineer) read their fields each its own way: a set per type.
		sig = sig[:0]
		if inst.m.inh != nil {
			sig = binary.LittleEndian.AppendUint64(sig, uint64(inst.m.slot))
		}
		for _, c := range cols {
			sig = binary.LittleEndian.AppendUint16(sig, uint16(c))
		}
		g, ok := groups[string(sig)]
		if !ok {
			g = &columnSet{cols: slices.Clone(cols)}
			groups[string(sig)] = g
			order = append(order, g)
		}
		g.rows = append(g.rows, inst)
	}
	d := u.s.f.eng.Dialect()
	for _, set := range order {
		group, cols := set.rows, set.cols
		m := group[0].m
		generated := m.autoinc >= 0 && !slices.Contains(cols, m.autoinc)
		if !generated && len(group) >= copyMinRows {
			if err := u.insertMany(ctx, m, cols, group); err != nil {
				return err
			}
			continue
		}
		per := max(1, maxParams/max(1, len(cols)))
		if generated && !d.Has(core.FeatureReturningInsert) {
			per = 1 // the key comes from LAST_INSERT_ID(), one row at a time
		}
		for start := 0; start < len(group); start += per {
			chunk := group[start:min(start+per, len(group))]
			if err := u.insertChunk(ctx, m, cols, chunk, generated); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertColumns appends to cols the positions of the columns inst's
// INSERT sets.
func (u *flush) insertColumns(cols []int, inst *instance) []int {
	for i, c := range inst.m.cols {
		if inst.m.fields[i] == "" {
			continue
		}
		zero := reflect.ValueOf(inst.m.value(inst.obj, i)).IsZero()
		if zero && (i == inst.m.autoinc || c.ServerDefault != "" || c.Default != nil) {
			continue
		}
		cols = append(cols, i)
	}
	return cols
}

// copyMinRows is the fewest rows of one table and column set that
// insertRows hands to engine.Tx.InsertMany (COPY on PostgreSQL) when no
// key is to be read back. Below it one INSERT is faster: COPY takes a
// round trip more than an INSERT, and cannot go in one with BEGIN.
const copyMinRows = 100

// insertMany inserts rows whose keys need no read-back by
// engine.Tx.InsertMany: one COPY on PostgreSQL, INSERTs within the
// parameter limit elsewhere.
func (u *flush) insertMany(ctx context.Context, m *mapper, cols []int, group []*instance) error {
	names := make([]string, len(cols))
	for j, c := range cols {
		names[j] = m.cols[c].Name
	}
	rows := make([][]any, len(group))
	vals := make([]any, len(group)*len(cols)) // one allocation for every row's values
	for i, inst := range group {
		u.firstVersion(m, cols, inst)
		row := vals[i*len(cols) : (i+1)*len(cols) : (i+1)*len(cols)]
		for j, c := range cols {
			row[j] = m.value(inst.obj, c)
		}
		rows[i] = row
	}
	_, err := u.tx.InsertMany(ctx, m.table, names, rows)
	return keyExists(m, err)
}

// firstVersion sets the version column of inst, about to be inserted, to
// 1 if the program left it zero.
func (u *flush) firstVersion(m *mapper, cols []int, inst *instance) {
	if m.version >= 0 && slices.Contains(cols, m.version) && reflect.ValueOf(m.value(inst.obj, m.version)).IsZero() {
		setField(m.addr(inst.obj, m.version), 1)
	}
}

func (u *flush) insertChunk(ctx context.Context, m *mapper, cols []int, chunk []*instance, generated bool) error {
	rows := make([][]core.Assignment, 0, len(chunk))
	for _, inst := range chunk {
		u.firstVersion(m, cols, inst)
		row := make([]core.Assignment, len(cols))
		for j, c := range cols {
			row[j] = m.columns[c].Set(m.value(inst.obj, c))
		}
		rows = append(rows, row)
	}
	stmt := core.Insert(m.table).Rows(rows...)
	if !generated {
		_, err := u.tx.Exec(ctx, stmt)
		return keyExists(m, err)
	}
	key := m.columns[m.autoinc]
	var ids []int64
	if u.s.f.eng.Dialect().Has(core.FeatureReturningInsert) {
		res, err := u.tx.Query(ctx, stmt.Returning(key))
		if err != nil {
			return err
		}
		if ids, err = engine.Scalars[int64](res); err != nil {
			return err
		}
	} else {
		if _, err := u.tx.Exec(ctx, stmt); err != nil {
			return err
		}
		res, err := u.tx.QuerySQL(ctx, "SELECT LAST_INSERT_ID()")
		if err != nil {
			return err
		}
		if ids, err = engine.Scalars[int64](res); err != nil {
			return err
		}
	}
	if len(ids) != len(chunk) {
		return fmt.Errorf("%s: INSERT returned %d keys for %d rows", m.table.Name(), len(ids), len(chunk))
	}
	// The database draws generated keys in the order of the VALUES
	// rows, but need not return them in that order.
	slices.Sort(ids)
	for i, inst := range chunk {
		setField(m.addr(inst.obj, m.autoinc), ids[i])
	}
	return nil
}

// keyExists adds to err, when it is a duplicate primary key of m's INSERT,
// the likeliest cause in a program that set the keys itself: an object
// the session does not know was persistent. A session knows objects it
// loaded or let go one by one (Expunge), which Add takes back; objects
// another session loaded, or that Close or ExpungeAll let go, it takes
// for new. The error still matches engine.ErrUniqueViolation.
func keyExists(m *mapper, err error) error {
	var de *engine.DatabaseError
	if !errors.As(err, &de) || de.Kind != engine.ErrUniqueViolation {
		return err
	}
	// SQLite's code for a primary key, MySQL's name for it, and on
	// PostgreSQL the name CreateAll gives it or, for a table made
	// elsewhere, the server's default.
	switch {
	case de.Code == "1555", de.Constraint == "PRIMARY", de.Constraint == m.table.PrimaryKeyName(), de.Constraint == m.table.Name()+"_pkey":
	default:
		return err
	}
	return fmt.Errorf("retort: flush: a row of %s has the primary key of an object Add was given as new; "+
		"if it was loaded by another session, or let go by Close or ExpungeAll, copy it into this session with orm.Merge: %w",
		m.typ.Name(), err)
}

// update writes the changed columns of a persistent object; with a
// version column, only if the row still has the version it was loaded
// with, and the version goes up by one.
func (u *flush) update(ctx context.Context, inst *instance) error {
	m := inst.m
	if inst.snapshot.IsNil() {
		return nil
	}
	var set []core.Assignment
	for i := range m.cols {
		if inst.columnChanged(i) {
			set = append(set, m.columns[i].Set(m.value(inst.obj, i)))
		}
	}
	if len(set) == 0 {
		return nil
	}
	// The global criteria guard the row as the database holds it: one
	// another transaction moved outside them is not touched.
	crit := u.s.globalOn(m)
	where := append(u.keyCondition(inst), crit...)
	if m.version >= 0 {
		old := inst.old(m.version)
		next := reflect.ValueOf(old).Int() + 1
		set = append(set, m.columns[m.version].Set(next))
		where = append(where, m.columns[m.version].Eq(old))
		n, err := u.tx.Exec(ctx, core.Update(m.table).Set(set...).Where(where...))
		if err != nil {
			return err
		}
		if n != 1 {
			return u.stale("UPDATE", inst, n)
		}
		setField(m.addr(inst.obj, m.version), next)
		u.written = append(u.written, inst)
		return nil
	}
	n, err := u.tx.Exec(ctx, core.Update(m.table).Set(set...).Where(where...))
	if err == nil && len(crit) > 0 && n != 1 {
		err = u.s.outside(m, "UPDATE", inst.identity().values())
	}
	u.written = append(u.written, inst)
	return err
}

// stale is the error of an UPDATE or DELETE of inst, an object with a
// version column, that matched n rows, not one.
func (u *flush) stale(op string, inst *instance, n int64) error {
	m := inst.m
	if len(u.s.globalOn(m)) > 0 {
		return fmt.Errorf("%w: %s of %s %v matched %d rows: changed or deleted by another transaction since it was loaded, or moved outside the session's global criteria (%w)",
			ErrStaleData, op, m.typ, inst.identity().values(), n, u.s.outside(m, op, inst.identity().values()))
	}
	return fmt.Errorf("%w: %s of %s %v matched %d rows: changed or deleted by another transaction since it was loaded", ErrStaleData, op, m.typ, inst.identity().values(), n)
}

// keyCondition matches inst's row by the primary key it was loaded with.
func (u *flush) keyCondition(inst *instance) []core.Condition {
	m := inst.m
	conds := make([]core.Condition, len(m.pk))
	for i, c := range m.pk {
		conds[i] = m.columns[c].Eq(inst.identity().values()[i])
	}
	return conds
}

// delete deletes the objects of table t marked for deletion: by primary
// key, one statement for a single-column key without a version, else a
// statement per row.
func (u *flush) delete(ctx context.Context, t *core.Table) error {
	var rows, soft []*instance
	for _, inst := range u.deletes {
		switch {
		case inst.m.table != t:
		case inst.m.softDelete >= 0 && !inst.hardDelete:
			soft = append(soft, inst)
		default:
			rows = append(rows, inst)
		}
	}
	for len(soft) > 0 {
		// The types of a hierarchy that share t, one by one: each
		// has its own relationships to cascade along.
		m := soft[0].m
		var mine, others []*instance
		for _, inst := range soft {
			if inst.m == m {
				mine = append(mine, inst)
			} else {
				others = append(others, inst)
			}
		}
		if err := u.softDelete(ctx, mine); err != nil {
			return err
		}
		soft = others
	}
	for len(rows) > 0 {
		// The types of a hierarchy that share t, one by one.
		m := rows[0].m
		mine := rows
		if m.inh != nil {
			var others []*instance
			mine, others = nil, nil
			for _, inst := range rows {
				if inst.m == m {
					mine = append(mine, inst)
				} else {
					others = append(others, inst)
				}
			}
			rows = others
		} else {
			rows = nil
		}
		if err := u.deleteRows(ctx, t, m, mine); err != nil {
			return err
		}
	}
	return nil
}

// deleteRows deletes rows, objects of m in table t.
func (u *flush) deleteRows(ctx context.Context, t *core.Table, m *mapper, rows []*instance) error {
	if err := u.deleteSecondary(ctx, rows); err != nil {
		return err
	}
	if err := u.deleteUnloaded(ctx, rows); err != nil {
		return err
	}
	if m.writeOnly != nil {
		if err := u.nullWriteOnly(ctx, rows); err != nil {
			return err
		}
	}
	crit := u.s.globalOn(m)
	if len(m.pk) == 1 && m.version < 0 {
		for start := 0; start < len(rows); start += maxParams {
			chunk := rows[start:min(start+maxParams, len(rows))]
			keys := make([]any, len(chunk))
			for i, inst := range chunk {
				keys[i] = inst.identity().values()[0]
			}
			n, err := u.tx.Exec(ctx, core.Delete(t).Where(m.columns[m.pk[0]].In(keys...)).Where(crit...))
			if err != nil {
				return err
			}
			if len(crit) > 0 && n != int64(len(chunk)) {
				return u.s.outside(m, "DELETE", keys)
			}
		}
		return nil
	}
	for _, inst := range rows {
		where := append(u.keyCondition(inst), crit...)
		if m.version >= 0 {
			where = append(where, m.columns[m.version].Eq(inst.old(m.version)))
		}
		n, err := u.tx.Exec(ctx, core.Delete(t).Where(where...))
		switch {
		case err != nil:
			return err
		case m.version >= 0 && n != 1:
			return u.stale("DELETE", inst, n)
		case len(crit) > 0 && n != 1:
			return u.s.outside(m, "DELETE", inst.identity().values())
		}
	}
	return nil
}

// deletedMark is what marks a row of m deleted: true for a bool, else
// the flush's time, one for all its soft deletes, in UTC to the
// microsecond that every database keeps, so that the object holds what
// its row does.
func (u *flush) deletedMark(m *mapper) any {
	if valueKind(m.cols[m.softDelete].GoType) == reflect.Bool {
		return true
	}
	if u.now.IsZero() {
		u.now = time.Now().UTC().Truncate(time.Microsecond)
	}
	return u.now
}

// softDelete marks deleted the rows of rows, soft-deleted objects of one
// mapper: one UPDATE of the soft_delete column by key (IN lists within
// the parameter limit) for a one-column key without a version, else one
// per row, its version checked and bumped as an update's. A row the
// UPDATE does not find was deleted by another transaction: ErrStaleData.
// An object read with IncludeDeleted that was deleted already keeps its
// mark and sends nothing. The children its delete cascade reaches and
// nobody loaded are soft-deleted by the parents' keys (softUnloaded).
func (u *flush) softDelete(ctx context.Context, rows []*instance) error {
	m := rows[0].m
	rows = slices.DeleteFunc(slices.Clone(rows), func(inst *instance) bool {
		return !inst.snapshot.IsNil() && m.deleted(inst.snapshot)
	})
	if len(rows) == 0 {
		return nil
	}
	mark := u.deletedMark(m)
	set := m.columns[m.softDelete].Set(mark)
	stale := func(inst *instance, n int64, of int) error {
		return fmt.Errorf("%w: soft delete (UPDATE) of %s %v matched %d of %d rows: changed or deleted by another transaction since it was loaded",
			ErrStaleData, m.typ, inst.identity().values(), n, of)
	}
	// The global criteria guard the rows, as a DELETE's.
	crit := u.s.globalOn(m)
	if len(m.pk) == 1 && m.version < 0 {
		for start := 0; start < len(rows); start += maxParams {
			chunk := rows[start:min(start+maxParams, len(rows))]
			keys := make([]any, len(chunk))
			for i, inst := range chunk {
				keys[i] = inst.identity().values()[0]
			}
			n, err := u.tx.Exec(ctx, core.Update(m.table).Set(set).Where(m.columns[m.pk[0]].In(keys...)).Where(crit...))
			switch {
			case err != nil:
				return err
			case n != int64(len(chunk)) && len(crit) > 0:
				return u.s.outside(m, "DELETE", keys)
			case n != int64(len(chunk)):
				return stale(chunk[0], n, len(chunk))
			}
		}
	} else {
		for _, inst := range rows {
			assign, where := []core.Assignment{set}, append(u.keyCondition(inst), crit...)
			var next int64
			if m.version >= 0 {
				old := inst.old(m.version)
				next = reflect.ValueOf(old).Int() + 1
				assign = append(assign, m.columns[m.version].Set(next))
				where = append(where, m.columns[m.version].Eq(old))
			}
			n, err := u.tx.Exec(ctx, core.Update(m.table).Set(assign...).Where(where...))
			switch {
			case err != nil:
				return err
			case n != 1 && len(crit) > 0 && m.version < 0:
				return u.s.outside(m, "DELETE", inst.identity().values())
			case n != 1 && len(crit) > 0:
				return u.stale("DELETE", inst, n)
			case n != 1:
				return stale(inst, n, 1)
			}
			if m.version >= 0 {
				setField(m.addr(inst.obj, m.version), next)
			}
		}
	}
	for _, inst := range rows {
		setField(m.addr(inst.obj, m.softDelete), mark)
	}
	u.marked = append(u.marked, rows...)
	return u.softUnloaded(ctx, rows)
}

// softUnloaded soft-deletes, for rows (soft-deleted objects of one
// mapper), the children that their delete-cascaded relationships hold
// where nobody loaded the relationship, when the children have soft
// delete too (softBelow); the others stay, as they would loaded.
func (u *flush) softUnloaded(ctx context.Context, rows []*instance) error {
	for _, r := range rows[0].m.allRels {
		if !r.cascadesDelete() || r.target.softDelete < 0 {
			continue
		}
		if err := u.softBelow(ctx, r, u.unloadedKeys(rows, r)); err != nil {
			return err
		}
	}
	return nil
}

// softBelow marks deleted the live rows of r, a delete-cascaded
// relationship to a mapper with soft delete, whose parents' r.local
// values are keys, their versions bumped, in one UPDATE per chunk of
// keys; before that, the same below them, along their own such
// relationships, with their keys read by one SELECT (selectBelow), which
// is skipped when nothing below needs them and the session holds no
// object of r's target. Objects of those rows that the session holds
// become deleted, their field set, as if Delete had reached them.
func (u *flush) softBelow(ctx context.Context, r *relationship, keys [][]any) error {
	if len(keys) == 0 {
		return nil
	}
	c := r.target
	mark := u.deletedMark(c)
	needed := u.holds(c) || slices.ContainsFunc(c.allRels, func(cr *relationship) bool {
		return cr.cascadesDelete() && cr.target.softDelete >= 0
	})
	if needed {
		objs, err := u.selectBelow(ctx, r, keys, c.live)
		if err != nil {
			return err
		}
		for _, cr := range c.allRels {
			if !cr.cascadesDelete() || cr.target.softDelete < 0 {
				continue
			}
			var next [][]any
			for _, o := range objs {
				next = appendKey(next, c, o.obj, cr.local)
			}
			if err := u.softBelow(ctx, cr, next); err != nil {
				return err
			}
		}
		for _, o := range objs {
			if inst := u.s.idmap.get(o.identity()); inst != nil && inst.state == Persistent && !inst.deletePending {
				setField(c.addr(inst.obj, c.softDelete), mark)
				u.gone = append(u.gone, inst)
				u.marked = append(u.marked, inst)
			}
		}
	}
	set := []core.Assignment{c.columns[c.softDelete].Set(mark)}
	if c.version >= 0 {
		v := c.columns[c.version]
		set = append(set, v.SetExpr(v.Add(1)))
	}
	for _, cond := range keyIn(c.table, r.remote, keys) {
		if _, err := u.tx.Exec(ctx, core.Update(c.table).Set(set...).Where(cond).Where(c.live...).Where(u.s.globalOn(c)...)); err != nil {
			return err
		}
	}
	return nil
}

// deleteUnloaded deletes, before rows (deleted objects of one table), the
// rows that their delete-cascaded relationships hold in the database
// where nobody loaded the relationship, so the session cannot know them:
// a set-based DELETE by the parents' keys per relationship, after what
// cascades from those rows in turn (deleteBelow). SQLAlchemy loads such a
// collection to delete its objects one by one. A relationship with
// passive_deletes is left to the database's ON DELETE.
func (u *flush) deleteUnloaded(ctx context.Context, rows []*instance) error {
	for _, r := range rows[0].m.allRels {
		if !r.cascadesDelete() {
			continue
		}
		if err := u.deleteBelow(ctx, r, u.unloadedKeys(rows, r)); err != nil {
			return err
		}
	}
	return nil
}

// unloadedKeys returns the r.local values of those of rows whose r
// nobody loaded: the parents whose children a cascade reaches by key.
func (u *flush) unloadedKeys(rows []*instance, r *relationship) [][]any {
	var keys [][]any
	for _, inst := range rows {
		if !u.s.loaded.has(inst.obj, r) {
			keys = appendKey(keys, inst.m, inst.obj, r.local)
		}
	}
	return keys
}

// cascadesDelete reports whether deleting a parent is to delete the
// objects of r: they hold the parent's key (one-to-many, one-to-one), r
// has the delete cascade, and not passive_deletes.
func (r *relationship) cascadesDelete() bool {
	return r.cascade&Delete != 0 && !r.passiveDeletes && (r.kind == OneToMany || r.kind == OneToOne)
}

// appendKey appends the values of obj's columns cols (of mapper m) to
// keys, unless one is NULL: no row references a NULL.
func appendKey(keys [][]any, m *mapper, obj objptr.Ptr, cols []*core.ColumnDef) [][]any {
	key := make([]any, len(cols))
	for i, c := range cols {
		if key[i] = deref(m.value(obj, m.position(c))); key[i] == nil {
			return keys
		}
	}
	return append(keys, key)
}

// deleteBelow deletes the objects of r (delete-cascaded, holding the
// parent's key) whose parents' r.local values are keys, with what
// cascades from them: first their own delete-cascaded relationships and
// their many-to-many association rows, which takes their keys, read with
// one SELECT; then them, by the parents' keys. The SELECT is skipped
// when nothing below needs the keys and the session holds no object of
// r's target; objects it holds that are deleted so become deleted.
func (u *flush) deleteBelow(ctx context.Context, r *relationship, keys [][]any) error {
	if len(keys) == 0 {
		return nil
	}
	c := r.target
	if u.keysNeeded(c) {
		objs, err := u.selectBelow(ctx, r, keys, nil)
		if err != nil {
			return err
		}
		if len(objs) > 0 {
			for _, cr := range c.allRels {
				if !cr.cascadesDelete() {
					continue
				}
				var next [][]any
				for _, o := range objs {
					next = appendKey(next, c, o.obj, cr.local)
				}
				if err := u.deleteBelow(ctx, cr, next); err != nil {
					return err
				}
			}
			if err := u.deleteSecondary(ctx, objs); err != nil {
				return err
			}
			for _, o := range objs {
				if inst := u.s.idmap.get(o.identity()); inst != nil && inst.state == Persistent && !inst.deletePending {
					u.gone = append(u.gone, inst)
				}
			}
		}
	}
	// A row of another tenant below is not deleted: the parent's DELETE
	// then fails on its foreign key.
	for _, cond := range keyIn(c.table, r.remote, keys) {
		if _, err := u.tx.Exec(ctx, core.Delete(c.table).Where(cond).Where(u.s.globalOn(c)...)); err != nil {
			return err
		}
	}
	return nil
}

// keysNeeded reports whether deleteBelow needs the keys of the objects of
// m it deletes: for relationships cascading from them, for their
// association rows, or because the session may hold some.
func (u *flush) keysNeeded(m *mapper) bool {
	for _, r := range m.allRels {
		if r.cascadesDelete() || r.kind == ManyToMany && !r.passiveDeletes {
			return true
		}
	}
	return u.holds(m)
}

// holds reports whether the session may hold objects of m.
func (u *flush) holds(m *mapper) bool {
	if m.intKey {
		ids := u.s.idmap.ints.get(m.key)
		return ids != nil && ids.len() > 0
	}
	return len(u.s.idmap.keyed) > 0
}

// selectBelow reads the objects of r whose parents' r.local values are
// keys, as records holding the columns deleteBelow needs (the primary key
// and the columns that relationships from them join on), each row once:
// one met before in this flush is left out, so that rows referencing each
// other in a cycle end the descent. where narrows the rows (softBelow
// reads the live ones).
func (u *flush) selectBelow(ctx context.Context, r *relationship, keys [][]any, where []core.Condition) ([]*instance, error) {
	c := r.target
	var cols []int
	add := func(i int) {
		if !slices.Contains(cols, i) {
			cols = append(cols, i)
		}
	}
	for _, i := range c.pk {
		add(i)
	}
	for _, cr := range c.allRels {
		if cr.cascadesDelete() || cr.kind == ManyToMany {
			for _, col := range cr.local {
				add(c.position(col))
			}
		}
	}
	items := make([]core.Projection, len(cols))
	for j, i := range cols {
		items[j] = c.columns[i]
	}
	if u.below == nil {
		u.below = map[identityKey]bool{}
	}
	var out []*instance
	for _, cond := range keyIn(c.table, r.remote, keys) {
		res, err := u.tx.Query(ctx, core.Select(items...).From(c.table).Where(cond).Where(where...).Where(u.s.globalOn(c)...))
		if err != nil {
			return nil, err
		}
		for res.Next() {
			obj := c.alloc()
			dest := make([]any, len(cols))
			for j, i := range cols {
				dest[j] = c.addr(obj, i)
			}
			if err := res.Scan(dest...); err != nil {
				res.Close()
				return nil, err
			}
			key, err := c.keyOf(obj)
			if err != nil {
				res.Close()
				return nil, err
			}
			if !u.below[key] {
				u.below[key] = true
				inst := &instance{m: c, obj: obj}
				inst.setKey(key)
				out = append(out, inst)
			}
		}
		if err := res.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keyIn returns conditions matching the rows of table t whose columns
// cols hold one of keys, one per chunk: cols IN (...) for one column,
// within the parameter limit; else (a = ? AND b = ?) OR ..., 500 keys at
// a time, within SQLite's expression depth.
func keyIn(t *core.Table, cols []*core.ColumnDef, keys [][]any) []core.Condition {
	per := maxParams
	if len(cols) > 1 {
		per = 500
	}
	var out []core.Condition
	for start := 0; start < len(keys); start += per {
		chunk := keys[start:min(start+per, len(keys))]
		if len(cols) == 1 {
			vals := make([]any, len(chunk))
			for i, k := range chunk {
				vals[i] = k[0]
			}
			out = append(out, core.ColumnOf[any](t, cols[0].Name).In(vals...))
			continue
		}
		ors := make([]core.Condition, len(chunk))
		for i, k := range chunk {
			ands := make([]core.Condition, len(cols))
			for j, col := range cols {
				ands[j] = core.ColumnOf[any](t, col.Name).Eq(k[j])
			}
			ors[i] = core.And(ands...)
		}
		out = append(out, core.Or(ors...))
	}
	return out
}

// deleteSecondary deletes the association rows of deleted objects, rows
// (all of one mapper): one DELETE per relationship when it joins on one
// column, else one per object.
func (u *flush) deleteSecondary(ctx context.Context, rows []*instance) error {
	m := rows[0].m
	for _, r := range m.allRels {
		if r.kind != ManyToMany || r.passiveDeletes {
			continue
		}
		keyOf := func(inst *instance, i int) any {
			return deref(m.value(inst.obj, m.position(r.local[i])))
		}
		if len(r.remote) == 1 {
			keys := make([]any, len(rows))
			for j, inst := range rows {
				keys[j] = keyOf(inst, 0)
			}
			col := core.ColumnOf[any](r.secondary, r.remote[0].Name)
			for start := 0; start < len(keys); start += maxParams {
				if _, err := u.tx.Exec(ctx, core.Delete(r.secondary).Where(col.In(keys[start:min(start+maxParams, len(keys))]...))); err != nil {
					return err
				}
			}
			continue
		}
		for _, inst := range rows {
			var where []core.Condition
			for i, c := range r.remote {
				where = append(where, core.ColumnOf[any](r.secondary, c.Name).Eq(keyOf(inst, i)))
			}
			if _, err := u.tx.Exec(ctx, core.Delete(r.secondary).Where(where...)); err != nil {
				return err
			}
		}
	}
	return nil
}

// linkRow is the columns and values of one association row, in the
// order flipped gives.
func linkRow(l link) ([]core.Column[any], []any) {
	r := l.rel
	var cols []core.Column[any]
	var vals []any
	side := func(m *mapper, obj objptr.Ptr, secondary, own []*core.ColumnDef) {
		for i, c := range secondary {
			cols = append(cols, core.ColumnOf[any](r.secondary, c.Name))
			vals = append(vals, deref(m.value(obj, m.position(own[i]))))
		}
	}
	if r.flipped() {
		side(r.target, l.child, r.secondaryRemote, r.targetColumns)
		side(l.parent.m, l.parent.obj, r.remote, r.local)
	} else {
		side(l.parent.m, l.parent.obj, r.remote, r.local)
		side(r.target, l.child, r.secondaryRemote, r.targetColumns)
	}
	return cols, vals
}

// insertLinks inserts the new association rows: a multi-row INSERT per
// table (and set of columns), as insertRows does for objects.
func (u *flush) insertLinks(ctx context.Context) error {
	type group struct {
		table *core.Table
		cols  string
	}
	var order []group
	rows := map[group][][]core.Assignment{}
	for _, l := range u.links {
		cols, vals := linkRow(l)
		g := group{table: l.rel.secondary}
		row := make([]core.Assignment, len(cols))
		for i := range cols {
			row[i] = cols[i].Set(vals[i])
			g.cols += cols[i].Name() + ","
		}
		if _, ok := rows[g]; !ok {
			order = append(order, g)
		}
		rows[g] = append(rows[g], row)
	}
	for _, g := range order {
		all := rows[g]
		per := max(1, maxParams/len(all[0]))
		for start := 0; start < len(all); start += per {
			if _, err := u.tx.Exec(ctx, core.Insert(g.table).Rows(all[start:min(start+per, len(all))]...)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (u *flush) deleteLinks(ctx context.Context) error {
	for _, l := range u.unlinks {
		cols, vals := linkRow(l)
		where := make([]core.Condition, len(cols))
		for i := range cols {
			where[i] = cols[i].Eq(vals[i])
		}
		if _, err := u.tx.Exec(ctx, core.Delete(l.rel.secondary).Where(where...)); err != nil {
			return err
		}
	}
	return nil
}

// done records what the flush did: inserted objects become persistent,
// deleted ones deleted, and every object's snapshot is taken anew.
func (u *flush) done() {
	im := u.s.idmap
	for _, inst := range u.inserts {
		key, err := inst.m.keyOf(inst.obj)
		if err != nil {
			continue
		}
		inst.state = Persistent
		inst.setKey(key)
		im.put(inst)
		im.record(inst, Pending)
	}
	im.pending = nil
	for _, ch := range u.flushed {
		*ch = writeOnlyChanges{}
	}
	for _, list := range [][]*instance{u.deletes, u.gone} {
		for _, inst := range list {
			inst.deletePending, inst.hardDelete = false, false
			inst.state = Deleted
			im.unkey(inst)
			im.hold(inst)
			im.record(inst, Persistent)
		}
	}
	for _, list := range [][]*instance{u.inserts, u.written} {
		for _, inst := range list {
			inst.snapshot = inst.m.snapshot(inst.obj)
			inst.modified = nil
		}
	}
	for _, inst := range im.all() {
		if inst.state == Persistent {
			inst.recordCollections()
		}
	}
}

// recordCollections notes the objects of inst's collections, to find at
// the next flush the association rows to delete and the children removed,
// and its many-to-one targets, in its snapshot, to find those set to nil.
func (inst *instance) recordCollections() {
	for _, r := range inst.m.rels {
		switch r.kind {
		case ManyToOne:
			if !inst.snapshot.IsNil() {
				r.at.SetPtr(inst.snapshot, r.at.Ptr(inst.obj))
			}
		case ManyToMany, OneToMany:
			if len(r.related(inst.obj)) > 0 || inst.links[r] != nil {
				inst.recordCollection(r)
			}
		}
	}
}

// recordCollection notes what inst's collection r holds now, keeping the
// record it has when that is the same.
func (inst *instance) recordCollection(r *relationship) {
	now := r.related(inst.obj)
	if inst.links == nil {
		inst.links = map[*relationship][]objptr.Ptr{}
	}
	if before, ok := inst.links[r]; !ok || !slices.Equal(before, now) {
		inst.links[r] = slices.Clone(now)
	}
}

// clearedManyToOne handles the many-to-one fields the program set to nil
// (post.Account = nil) since they were loaded or last flushed, as
// SQLAlchemy does: the object is deleted when the other side's collection
// has the delete-orphan cascade, else its foreign key is set to NULL (an
// error when the key cannot be NULL, before anything is sent). An object
// whose foreign-key fields the program changed itself is left to them.
// The old target's collection, when it still holds the object, lets it go,
// as Set would have. A nil the session never saw a target in (a
// relationship nobody loaded) says nothing, and changes nothing.
func (u *flush) clearedManyToOne() error {
	type cleared struct {
		inst *instance
		rel  *relationship
	}
	var found []cleared
	var err error
	u.s.idmap.each(func(inst *instance) {
		if err != nil || inst.state != Persistent || inst.deletePending || inst.expired || inst.snapshot.IsNil() {
			return
		}
		m := inst.m
		for _, r := range m.rels {
			if r.kind != ManyToOne || r.at.Ptr(inst.snapshot).IsNil() || !r.at.Ptr(inst.obj).IsNil() {
				continue
			}
			if slices.ContainsFunc(r.local, func(c *core.ColumnDef) bool {
				return !m.sameCol(inst.obj, inst.snapshot, m.position(c))
			}) {
				continue
			}
			if !r.orphans() {
				for _, c := range r.local {
					if !c.Nullable {
						err = fmt.Errorf("%w: %s of %s %v was set to nil, but %s.%s cannot be NULL: set another %s, delete the %s, or give its other side the delete-orphan cascade",
							ErrNotNullable, r.name(), m.typ, inst.identity().values(), m.table.Name(), c.Name, r.targetType.Name(), m.typ.Name())
						return
					}
				}
			}
			found = append(found, cleared{inst, r})
		}
	})
	if err != nil {
		return err
	}
	adopted := map[*relationship]map[objptr.Ptr]bool{}
	for _, c := range found {
		inst, r := c.inst, c.rel
		old := r.at.Ptr(inst.snapshot)
		if b := r.back; b != nil && b.many {
			b.remove(old, inst.obj)
		}
		if r.orphans() {
			if adopted[r.back] == nil {
				adopted[r.back] = u.collected(r.back)
			}
			if !adopted[r.back][inst.obj] {
				u.s.delete(inst, false)
			}
			// Else another parent's collection took it: the flush
			// gives it that parent's key.
			continue
		}
		for _, col := range r.local {
			setField(inst.m.addr(inst.obj, inst.m.position(col)), nil)
		}
	}
	return nil
}

// collected returns the objects that collection r of the session's
// objects holds.
func (u *flush) collected(r *relationship) map[objptr.Ptr]bool {
	out := map[objptr.Ptr]bool{}
	for _, inst := range u.s.idmap.all() {
		if inst.m == r.parent && !inst.deletePending {
			objs := r.related
			if r.writeOnly {
				objs = func(obj objptr.Ptr) []objptr.Ptr { return r.changesOf(obj).added }
			}
			for _, c := range objs(inst.obj) {
				out[c] = true
			}
		}
	}
	return out
}

// orphans reports whether an object whose many-to-one r is set to nil is
// an orphan to delete: its other side is a collection with the
// delete-orphan cascade.
func (r *relationship) orphans() bool {
	return r.back != nil && r.back.many && r.back.cascade&DeleteOrphan != 0
}

// orphans handles the children taken out of a one-to-many collection
// since the last flush: deleted with the delete-orphan cascade, else their
// foreign key set to NULL, as SQLAlchemy does. A child's many-to-one side
// still pointing at the parent is cleared too. A key that cannot be NULL
// fails the flush with ErrNotNullable before any child is changed.
func (u *flush) orphans() error {
	type orphan struct {
		parent, child *instance
		r             *relationship
	}
	var found []orphan
	im := u.s.idmap
	for _, inst := range im.all() {
		if inst.state != Persistent || inst.deletePending || inst.links == nil {
			continue
		}
		for _, r := range inst.m.rels {
			before := inst.links[r]
			if r.kind != OneToMany || len(before) == 0 {
				continue
			}
			now := r.related(inst.obj)
			if slices.Equal(before, now) {
				continue
			}
			for _, c := range before {
				if slices.Contains(now, c) {
					continue
				}
				ci := im.find(r.target, c)
				if ci == nil || ci.state != Persistent || ci.deletePending {
					continue
				}
				if r.cascade&DeleteOrphan == 0 {
					for _, col := range r.remote {
						if !col.Nullable {
							return fmt.Errorf("%w: %s %v was taken out of %s of %s %v, but %s.%s cannot be NULL: delete the %s, put it in another collection, or give %s the delete-orphan cascade",
								ErrNotNullable, r.target.typ.Name(), ci.identity().values(), r.name(), inst.m.typ.Name(), inst.identity().values(),
								r.target.table.Name(), col.Name, r.target.typ.Name(), r.name())
						}
					}
				}
				found = append(found, orphan{inst, ci, r})
			}
		}
	}
	for _, o := range found {
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
	return nil
}
