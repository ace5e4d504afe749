// orm/identity_map.go

package orm

import (
	"bytes"
	"fmt"
	"reflect"
	"time"
	"unsafe"
	"weak"
)

// State is where an object stands with a session, as SQLAlchemy's
// inspect(obj) reports it.
type State uint8

// The object states.
const (
	// Transient: not in the session, never saved through it.
	Transient State = iota
	// Pending: added, not yet flushed.
	Pending
	// Persistent: in the session and in the database.
	Persistent
	// Deleted: deleted and flushed, not yet committed.
	Deleted
	// Detached: the session held it and let it go (Expunge, Close, or a
	// commit after its deletion).
	Detached
)

// String names the state: "transient", "pending", ...
func (s State) String() string {
	return [...]string{"transient", "pending", "persistent", "deleted", "detached"}[s]
}

// maxKeyColumns bounds a composite primary key's columns, so that an
// identity is a comparable array rather than a string built per row.
const maxKeyColumns = 4

// identityKey is an object's identity: its mapper and primary key.
type identityKey struct {
	m *mapper
	k [maxKeyColumns]any
}

// instance is what a session knows of one object.
type instance struct {
	m     *mapper
	obj   unsafe.Pointer
	key   identityKey
	state State
	// deletePending: Delete was called and the DELETE is not flushed.
	deletePending bool
	// snapshot holds the column values as last loaded or flushed, for
	// finding the changed ones; nil for a pending object and in a
	// read-only session.
	snapshot []any
	// expired: the next row loaded for the object overwrites it.
	expired bool
	// links holds the objects of each many-to-many collection as last
	// flushed, to find the association rows to insert and delete.
	links map[*relationship][]unsafe.Pointer
}

// journalEntry records a change of state within a transaction, which a
// rollback undoes.
type journalEntry struct {
	inst *instance
	from State
}

// identityMap holds a session's objects: by identity for the persistent
// ones, and by address for all. It holds them strongly: see
// docs/differences.md (Session) for the choice against weak references.
type identityMap struct {
	byKey   map[identityKey]*instance
	byObj   map[unsafe.Pointer]*instance
	pending []*instance // in the order Add saw them
	journal []journalEntry
	// detached remembers, weakly, objects this session let go, so
	// Inspect can tell them from transient ones.
	detached     map[any]struct{}
	detachedPeak int
}

func newIdentityMap() *identityMap {
	return &identityMap{byKey: map[identityKey]*instance{}, byObj: map[unsafe.Pointer]*instance{}}
}

func (im *identityMap) journalMark() int { return len(im.journal) }

func (im *identityMap) record(inst *instance, from State) {
	im.journal = append(im.journal, journalEntry{inst, from})
}

// afterCommit makes deleted objects detached and forgets the journal.
func (im *identityMap) afterCommit(expire bool) {
	for _, e := range im.journal {
		if e.inst.state == Deleted {
			im.detach(e.inst)
		}
	}
	im.journal = im.journal[:0]
	if expire {
		for _, inst := range im.byObj {
			inst.expired = true
		}
	}
}

// afterRollback undoes the journal back to mark (all of it when nil):
// objects inserted become transient, objects deleted persistent; then
// every object is expired, its fields no longer known to match the
// database.
func (im *identityMap) afterRollback(mark *int) {
	from := 0
	if mark != nil {
		from = *mark
	}
	for i := len(im.journal) - 1; i >= from; i-- {
		e := im.journal[i]
		switch {
		case e.from == Pending && e.inst.state == Persistent:
			// Inserted in the rolled-back work: no longer saved.
			delete(im.byKey, e.inst.key)
			delete(im.byObj, e.inst.obj)
			e.inst.state = Transient
		case e.inst.state == Deleted:
			e.inst.state = Persistent
			im.byKey[e.inst.key] = e.inst
		}
	}
	im.journal = im.journal[:from]
	// Objects added since and never flushed leave with the work they
	// were part of. (A savepoint begins with a flush, so none predate
	// it.)
	for _, inst := range im.pending {
		delete(im.byObj, inst.obj)
		inst.state = Transient
	}
	im.pending = nil
	for _, inst := range im.byObj {
		inst.expired = true
		inst.deletePending = false
	}
}

// detach lets an object go.
func (im *identityMap) detach(inst *instance) {
	if im.byKey[inst.key] == inst {
		delete(im.byKey, inst.key)
	}
	delete(im.byObj, inst.obj)
	inst.state = Detached
	if im.detached == nil {
		im.detached = map[any]struct{}{}
	}
	im.detached[inst.m.weak(inst.obj)] = struct{}{}
	// Forget collected objects when the set has doubled, so that it is
	// bounded by the objects still alive.
	if n := len(im.detached); n >= 2*im.detachedPeak && n > 64 {
		for w := range im.detached {
			if !w.(interface{ alive() bool }).alive() {
				delete(im.detached, w)
			}
		}
		im.detachedPeak = len(im.detached)
	}
}

func (im *identityMap) expungeAll() {
	for _, inst := range im.byObj {
		im.detach(inst)
	}
	im.pending = nil
	im.journal = nil
}

// weakRef is a weak pointer to an object of type T, comparable, so that a
// map of them is a weak set.
type weakRef[T any] struct{ p weak.Pointer[T] }

func (w weakRef[T]) alive() bool { return w.p.Value() != nil }

// keyOf returns obj's identity from its primary-key fields.
func (m *mapper) keyOf(obj unsafe.Pointer) (identityKey, error) {
	k := identityKey{m: m}
	if len(m.pk) > maxKeyColumns {
		return k, fmt.Errorf("retort: %s has %d primary-key columns; at most %d are supported", m.typ, len(m.pk), maxKeyColumns)
	}
	for i, c := range m.pk {
		k.k[i] = deref(m.value(obj, c))
	}
	return k, nil
}

// snapshot copies the column values of obj, pointers followed, so that a
// change made through a pointer field shows.
func (m *mapper) snapshot(obj unsafe.Pointer) []any {
	s := make([]any, len(m.cols))
	for i := range m.cols {
		if m.fields[i] != "" {
			s[i] = deref(m.value(obj, i))
		}
	}
	return s
}

// deref follows a pointer to its value (nil for a nil one) and copies a
// byte slice, so the copy does not change with the object.
func deref(v any) any {
	switch x := v.(type) {
	case nil, int64, int32, int, string, bool, float64, time.Time:
		return v
	case []byte:
		return bytes.Clone(x)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		return deref(rv.Elem().Interface())
	}
	return v
}

// sameValue reports whether two snapshot values are equal: times by
// instant, byte slices by content, other comparable values by ==.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y) && (x == nil) == (y == nil)
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta := reflect.TypeOf(a)
	if ta != reflect.TypeOf(b) {
		return false
	}
	if !ta.Comparable() {
		return reflect.DeepEqual(a, b)
	}
	return a == b
}

// Inspect reports obj's state in session s.
func Inspect(s *Session, obj any) State {
	p := reflect.ValueOf(obj)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return Transient
	}
	ptr := p.UnsafePointer()
	if inst := s.idmap.byObj[ptr]; inst != nil {
		if inst.deletePending {
			return Persistent
		}
		return inst.state
	}
	if m, err := mapperFor(p.Type().Elem()); err == nil {
		if _, ok := s.idmap.detached[m.weak(ptr)]; ok {
			return Detached
		}
	}
	return Transient
}
