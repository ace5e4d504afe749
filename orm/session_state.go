package orm

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"

	"github.com/retortdb/retort/internal/objptr"
)

// What the session will do: the objects the next flush inserts, updates
// and deletes, and the fields it writes, as SQLAlchemy's session.new,
// session.dirty, session.deleted and session.is_modified report them.
// SQLAlchemy knows a field was set because its attributes record every
// assignment; Go's fields record nothing, so Retort compares each object
// with its snapshot, as the flush does. The answer is therefore the
// flush's own: an object whose field was set to the value it had is not
// dirty here, where SQLAlchemy's session.dirty lists it.

// Change is one field of an object that the next flush writes.
type Change struct {
	// Field is the struct field's name: "Email", "Orders".
	Field string
	// Old and New are a column's value as last loaded or flushed and as
	// the object holds it now, pointers followed (nil for NULL). They
	// are equal for a column FlagModified marked without a change. For a
	// many-to-one, they are the target objects (a nil *T when none); for
	// a collection, slices of the collection's type ([]*Order).
	Old, New any
}

// New returns the objects the next flush inserts: those Add put in the
// session and those its objects' save-update cascades reach (an order
// appended to a loaded user's Orders), in the order they joined. As
// SQLAlchemy adds an object to the session when it is appended to a
// collection, New adds the cascaded objects first, as the flush would;
// a nil in a collection fails it, naming the collection.
func (s *Session) New() ([]any, error) {
	if err := s.enter(opNew); err != nil {
		return nil, err
	}
	defer s.leave()
	if err := s.cascade("New"); err != nil {
		return nil, err
	}
	out := make([]any, len(s.idmap.pending))
	for i, inst := range s.idmap.pending {
		out[i] = inst.obj.Interface(inst.m.typ)
	}
	return out, nil
}

// Dirty returns the persistent objects the next flush updates: a column
// changed or marked with FlagModified, a many-to-one set to another
// object or to nil, a collection that gained or lost objects. They come
// ordered by table, then by primary key. Objects marked for deletion are
// Deleted's, expired objects (to be overwritten, not written) nobody's;
// a read-only session keeps no snapshots, and has no dirty objects.
func (s *Session) Dirty() ([]any, error) {
	if err := s.enter(opDirty); err != nil {
		return nil, err
	}
	defer s.leave()
	return s.objects(func(inst *instance) bool { return inst.comparable() && inst.changed() }), nil
}

// Deleted returns the objects Delete marked whose DELETE is not yet
// flushed, ordered by table, then by primary key. The orphans a
// delete-orphan cascade will delete are found by the flush, and are not
// among them until then.
func (s *Session) Deleted() ([]any, error) {
	if err := s.enter(opDeleted); err != nil {
		return nil, err
	}
	defer s.leave()
	return s.objects(func(inst *instance) bool { return inst.deletePending }), nil
}

// objects returns the session's objects that keep says to, ordered by
// table and key, so that a log or a test of them reads the same each
// run (the identity map's order is a map's).
func (s *Session) objects(keep func(*instance) bool) []any {
	var found []*instance
	s.idmap.each(func(inst *instance) {
		if keep(inst) {
			found = append(found, inst)
		}
	})
	slices.SortFunc(found, func(a, b *instance) int {
		if c := cmp.Compare(a.m.table.Name(), b.m.table.Name()); c != 0 {
			return c
		}
		if a.m.intKey {
			return cmp.Compare(a.id, b.id)
		}
		return cmp.Compare(fmt.Sprint(a.identity().values()), fmt.Sprint(b.identity().values()))
	})
	out := make([]any, len(found))
	for i, inst := range found {
		out[i] = inst.obj.Interface(inst.m.typ)
	}
	return out
}

// IsModified reports whether the next flush writes obj: a pending object
// always, a persistent one when Changes lists a field. An object the
// session does not hold (transient, detached) is an error, as is one
// whose fields a read-only session has nothing to compare with.
func (s *Session) IsModified(obj any) (bool, error) {
	if err := s.enter(opIsModified); err != nil {
		return false, err
	}
	defer s.leave()
	inst, err := s.record("IsModified", obj)
	if err != nil || inst.state == Pending {
		return err == nil, err
	}
	return inst.comparable() && inst.changed(), nil
}

// Changes returns the fields of obj, a persistent object, that the next
// flush writes, columns in the struct's order then relationships, each
// with its old and new value: for an audit log, or to check in a test
// that a handler changed only what it should. It is empty for an
// unchanged object, an expired one (its fields are to be overwritten) and
// one marked for deletion. A pending object has nothing to compare with:
// Changes fails for it, and for objects the session does not hold.
func (s *Session) Changes(obj any) ([]Change, error) {
	if err := s.enter(opChanges); err != nil {
		return nil, err
	}
	defer s.leave()
	inst, err := s.record("Changes", obj)
	if err != nil {
		return nil, err
	}
	if inst.state == Pending {
		return nil, fmt.Errorf("retort: Changes: the %T is pending: the flush inserts all of it (New lists it), and there is nothing loaded to compare it with", obj)
	}
	if !inst.comparable() {
		return nil, nil
	}
	m := inst.m
	var out []Change
	for i := range m.cols {
		if inst.columnChanged(i) {
			out = append(out, Change{Field: m.fields[i], Old: inst.old(i), New: deref(m.value(inst.obj, i))})
		}
	}
	for _, r := range m.rels {
		switch {
		case inst.targetChanged(r):
			out = append(out, Change{Field: r.field,
				Old: r.at.Ptr(inst.snapshot).Interface(r.targetType), New: r.at.Ptr(inst.obj).Interface(r.targetType)})
		case inst.collectionChanged(r):
			out = append(out, Change{Field: r.field, Old: r.collection(inst.links[r]), New: r.collection(r.related(inst.obj))})
		}
	}
	return out, nil
}

// record returns the session's record of obj, which must be pending or
// persistent in it.
func (s *Session) record(op string, obj any) (*instance, error) {
	m, p, err := objectOf(op, obj)
	if err != nil {
		return nil, err
	}
	inst := s.idmap.find(m, p)
	if inst == nil || inst.readOnly || s.opts.readOnly {
		return nil, fmt.Errorf("retort: %s: the %T is not pending or persistent in this session (a read-only session keeps nothing to compare with)", op, obj)
	}
	return inst, nil
}

// comparable reports whether inst is a persistent object whose fields the
// flush compares with a snapshot.
func (inst *instance) comparable() bool {
	return inst.state == Persistent && !inst.deletePending && !inst.expired && !inst.snapshot.IsNil()
}

// changed reports whether the flush writes something for inst, a
// comparable object.
func (inst *instance) changed() bool {
	m := inst.m
	for i := range m.cols {
		if inst.columnChanged(i) {
			return true
		}
	}
	for _, r := range m.rels {
		if inst.targetChanged(r) || inst.collectionChanged(r) {
			return true
		}
	}
	return false
}

// columnChanged reports whether the flush's UPDATE of inst sets column i:
// a mapped column whose value differs from the snapshot's, or one that
// FlagModified marked. The version column is the flush's to set.
func (inst *instance) columnChanged(i int) bool {
	m := inst.m
	return m.fields[i] != "" && i != m.version && (!m.sameCol(inst.obj, inst.snapshot, i) || slices.Contains(inst.modified, i))
}

// targetChanged reports whether many-to-one r of inst was set to nil, or
// to an object whose key is not the foreign key inst was loaded or
// flushed with: the flush then writes the foreign key (NULL, or the new
// target's). A target the loader filled, or the same row's object, is
// no change.
func (inst *instance) targetChanged(r *relationship) bool {
	if r.kind != ManyToOne {
		return false
	}
	now, before := r.at.Ptr(inst.obj), r.at.Ptr(inst.snapshot)
	if now.IsNil() {
		return !before.IsNil()
	}
	return now != before && !inst.loadedLink(r, now)
}

// collectionChanged reports whether collection r of inst gained or lost
// objects since it was loaded or flushed: the flush then writes the
// children's keys or the association rows.
func (inst *instance) collectionChanged(r *relationship) bool {
	return r.many && !slices.Equal(inst.links[r], r.related(inst.obj))
}

// collection returns objs as a slice of r's field type ([]*Order).
func (r *relationship) collection(objs []objptr.Ptr) any {
	v := reflect.MakeSlice(r.at.Type(), len(objs), len(objs))
	for i, p := range objs {
		v.Index(i).Set(reflect.ValueOf(p.Interface(r.targetType)))
	}
	return v.Interface()
}

// NoAutoflush runs fn with autoflush off: the queries fn runs do not
// flush the session's pending changes first, as inside SQLAlchemy's
// no_autoflush block. Use it to query while building objects that cannot
// be flushed yet (a required field still unset). The setting is restored
// when fn returns or panics; fn's error is returned.
func (s *Session) NoAutoflush(fn func() error) error {
	if s == nil {
		return &nilError{op: "NoAutoflush", what: "the session"}
	}
	if fn == nil {
		return &nilError{op: "NoAutoflush", what: "the function"}
	}
	autoflush := s.opts.autoflush
	s.opts.autoflush = false
	defer func() { s.opts.autoflush = autoflush }()
	return fn()
}
