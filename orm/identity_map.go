// orm/identity_map.go

package orm

import (
	"bytes"
	"fmt"
	"reflect"
	"time"
	"weak"

	"github.com/retortdb/retort/internal/objptr"
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
	// Detached: the session held it and let it go one by one (Expunge,
	// or a commit after its deletion). Objects let go in bulk (Close,
	// ExpungeAll, the batches Partitions moves past) are forgotten and
	// reported transient: remembering each would cost a weak reference
	// per object.
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
	m  *mapper
	id int64              // the key, when the mapper's intKey
	k  [maxKeyColumns]any // the key's values otherwise
}

// values returns the key's column values.
func (k identityKey) values() []any {
	if k.m.intKey {
		return []any{k.id}
	}
	return k.k[:len(k.m.pk)]
}

// instance is what a session knows of one object.
type instance struct {
	m   *mapper
	obj objptr.Ptr
	// The identity: id for an integer key, else gkey. Not an
	// identityKey by value, which would make every record of the
	// common integer case twice as large.
	id    int64
	gkey  *identityKey
	state State
	// deletePending: Delete was called and the DELETE is not flushed.
	// hardDelete: the flush deletes the row even though its mapper has
	// soft delete (HardDelete, or a cascade from a row deleted so).
	deletePending bool
	hardDelete    bool
	// snapshot is a copy of the object as last loaded or flushed, for
	// finding the changed columns (see mapper.snapshot); nil for a
	// pending object and in a read-only session.
	snapshot objptr.Ptr
	// modified lists the columns FlagModified marked as written, which
	// the next UPDATE sends whatever the snapshot says.
	modified []int
	// expired: the next row loaded for the object overwrites it.
	expired bool
	// readOnly marks a record made on demand for an object of im.ro.
	readOnly bool
	// links holds the objects of each many-to-many collection as last
	// flushed, to find the association rows to insert and delete.
	links map[*relationship][]objptr.Ptr
}

func (inst *instance) identity() identityKey {
	if inst.m.intKey {
		return identityKey{m: inst.m.key, id: inst.id}
	}
	return *inst.gkey
}

func (inst *instance) setKey(k identityKey) {
	if inst.m.intKey {
		inst.id = k.id
	} else {
		gk := new(identityKey) // allocated on this branch only
		*gk = k
		inst.gkey = gk
	}
}

// journalEntry records a change of state within a transaction, which a
// rollback undoes.
type journalEntry struct {
	inst *instance
	from State
}

// identityMap holds a session's objects: the persistent ones by identity,
// in a map of integer keys for the usual single integer primary key (its
// hash is cheap) and a map of general keys for the others; pending and
// deleted ones by address. An object is found by its address through its
// key, so that loading a row costs one map insert. The map holds objects
// strongly: see docs/differences.md (Session) for the choice against weak
// references.
type identityMap struct {
	ints perMapper[intIndex[*instance]]
	// ro holds a read-only session's objects of integer keys, without
	// instance records: they are never pending, changed or deleted.
	ro      perMapper[roIDs]
	keyed   map[identityKey]*instance
	others  map[objptr.Ptr]*instance // pending and deleted
	pending []*instance              // in the order Add saw them
	journal []journalEntry
	// detached remembers the objects this session let go one by one,
	// by address: Inspect tells them from transient ones, and Add
	// reattaches them. By address, so that adding an object the session
	// never let go costs a map lookup and no weak pointer.
	detached     map[uintptr]detachedObj
	detachedPeak int
}

// detachedObj is what the session keeps of an object it let go: a weak
// pointer, which says whether the address still holds that object (once
// the object is collected the address may hold another, and the pointer
// is nil), and, for an object let go while persistent, its record
// (snapshot, collections), which Add reattaches it with. The record's
// obj is cleared meanwhile, so that it does not keep the object alive.
type detachedObj struct {
	ref  weakObj
	inst *instance // nil for an object let go pending or deleted: it has no row
}

// weakObj is a weak pointer to an object: value is its address while it
// lives, nil once it is collected.
type weakObj interface{ value() objptr.Ptr }

// newIdentityMap returns an empty map. Its maps are made on first write:
// a session that runs one query and closes (a request's) then allocates
// only what that query holds.
func newIdentityMap() *identityMap { return &identityMap{} }

// get returns the persistent object with identity k.
func (im *identityMap) get(k identityKey) *instance {
	if k.m.intKey {
		if ids := im.ints.get(k.m); ids != nil {
			return ids.get(k.id)
		}
		return nil
	}
	return im.keyed[k]
}

// put holds inst, persistent, by its identity.
func (im *identityMap) put(inst *instance) {
	delete(im.others, inst.obj)
	if inst.m.intKey {
		im.ints.make(inst.m.key).put(inst.id, inst)
	} else {
		if im.keyed == nil {
			im.keyed = map[identityKey]*instance{}
		}
		im.keyed[*inst.gkey] = inst
	}
}

// hold holds inst, pending or deleted, by its object.
func (im *identityMap) hold(inst *instance) {
	if im.others == nil {
		im.others = map[objptr.Ptr]*instance{}
	}
	im.others[inst.obj] = inst
}

// perMapper holds a V per mapper, by the mapper's slot: the index of a
// slice, where a map by mapper cost a hash lookup per entity per row.
type perMapper[V any] []*V

// get returns m's V, or nil.
func (p perMapper[V]) get(m *mapper) *V {
	if m.slot < len(p) {
		return p[m.slot]
	}
	return nil
}

// make returns m's V, made if need be.
func (p *perMapper[V]) make(m *mapper) *V {
	if m.slot >= len(*p) {
		*p = append(*p, make([]*V, m.slot+1-len(*p))...)
	}
	v := (*p)[m.slot]
	if v == nil {
		v = new(V)
		(*p)[m.slot] = v
	}
	return v
}

// unkey removes inst from the identity maps, if it is there.
func (im *identityMap) unkey(inst *instance) {
	if im.get(inst.identity()) != inst {
		return
	}
	if inst.m.intKey {
		im.ints.get(inst.m.key).delete(inst.id)
	} else {
		delete(im.keyed, *inst.gkey)
	}
}

// roIDs is a read-only session's objects of one mapper, by integer key,
// and how many were ever added: a stream compares the count with its
// batch's to know that the batch is all the map holds.
type roIDs struct {
	intIndex[objptr.Ptr]
	adds int
}

// forgetReadOnly drops objects of a read-only session.
func (im *identityMap) forgetReadOnly(m *mapper, objs []objptr.Ptr) {
	ids := im.ro.get(m)
	if ids == nil {
		return
	}
	for _, p := range objs {
		if k, err := m.keyOf(p); err == nil && ids.get(k.id) == p {
			ids.delete(k.id)
		}
	}
}

// roGet returns a read-only session's object of identity k.
func (im *identityMap) roGet(k identityKey) objptr.Ptr {
	if !k.m.intKey {
		return objptr.Ptr{}
	}
	if ids := im.ro.get(k.m); ids != nil {
		return ids.get(k.id)
	}
	return objptr.Ptr{}
}

// find returns what the session knows of the object at p, of mapper m:
// nothing for a nil p.
func (im *identityMap) find(m *mapper, p objptr.Ptr) *instance {
	if p.IsNil() {
		return nil
	}
	if inst := im.others[p]; inst != nil {
		return inst
	}
	if m.inh != nil {
		if inst := im.otherAt(m, p); inst != nil {
			return inst
		}
	}
	if k, err := m.keyOf(p); err == nil {
		if inst := im.get(k); inst != nil && (inst.obj == p || m.inh != nil && inst.obj.Uintptr() == p.Uintptr()) {
			// An object of a subtype may come as its base: the
			// *Employee of a *Manager.
			return inst
		}
		if im.roGet(k) == p {
			return &instance{m: m, obj: p, id: k.id, state: Persistent, readOnly: true}
		}
	}
	return nil
}

// otherAt returns the pending or deleted object at p's address of m's
// hierarchy: p may point at the base of a subtype's object (a *Manager's
// Employee), which the reflect build's Ptr tells from the object.
func (im *identityMap) otherAt(m *mapper, p objptr.Ptr) *instance {
	for _, inst := range im.others {
		if inst.m.key == m.key && inst.obj.Uintptr() == p.Uintptr() {
			return inst
		}
	}
	return nil
}

// each calls fn for every object of the session.
func (im *identityMap) each(fn func(*instance)) {
	for _, ids := range im.ints {
		if ids != nil {
			ids.each(fn)
		}
	}
	for _, inst := range im.keyed {
		fn(inst)
	}
	for _, inst := range im.others {
		fn(inst)
	}
}

// all returns every object of the session, for loops that change the
// maps.
func (im *identityMap) all() []*instance {
	n := len(im.keyed) + len(im.others)
	for _, ids := range im.ints {
		if ids != nil {
			n += ids.len()
		}
	}
	out := make([]*instance, 0, n)
	im.each(func(inst *instance) { out = append(out, inst) })
	return out
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
		im.each(func(inst *instance) { inst.expired = true })
		// Read-only objects have no record to mark: forgotten, the
		// next query builds them anew.
		im.ro = nil
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
			im.unkey(e.inst)
			e.inst.state = Transient
		case e.from == Pending && e.inst.state == Detached:
			// Inserted, then let go: it has no row to be
			// reattached to (see wasDetached).
			e.inst.state = Transient
		case e.inst.state == Deleted:
			e.inst.state = Persistent
			im.put(e.inst)
		}
	}
	im.journal = im.journal[:from]
	// Objects added since and never flushed leave with the work they
	// were part of. (A savepoint begins with a flush, so none predate
	// it.)
	for _, inst := range im.pending {
		delete(im.others, inst.obj)
		inst.state = Transient
	}
	im.pending = nil
	im.each(func(inst *instance) {
		inst.expired = true
		inst.deletePending, inst.hardDelete = false, false
	})
	im.ro = nil
}

// forget drops inst from the session without remembering it.
func (im *identityMap) forget(inst *instance) {
	if inst.readOnly {
		if ids := im.ro.get(inst.m); ids != nil {
			ids.delete(inst.id)
		}
	}
	im.unkey(inst)
	delete(im.others, inst.obj)
	inst.state = Detached
}

// detach lets an object go, remembering it as detached.
func (im *identityMap) detach(inst *instance) {
	persistent := inst.state == Persistent && !inst.readOnly
	obj := inst.obj
	im.forget(inst)
	d := detachedObj{ref: inst.m.weak(obj)}
	if persistent {
		// The record itself, which a rollback's journal may still
		// reach, without its pending deletion.
		inst.obj, inst.deletePending, inst.hardDelete = objptr.Ptr{}, false, false
		d.inst = inst
	}
	if im.detached == nil {
		im.detached = map[uintptr]detachedObj{}
	}
	im.detached[obj.Uintptr()] = d
	// Forget collected objects when the set has doubled, so that it is
	// bounded by the objects still alive.
	if n := len(im.detached); n >= 2*im.detachedPeak && n > 64 {
		for a, d := range im.detached {
			if d.ref.value().IsNil() {
				delete(im.detached, a)
			}
		}
		im.detachedPeak = len(im.detached)
	}
}

// wasDetached returns what the session kept of the object at p when it
// let it go, if it did, and its row was not rolled back since.
func (im *identityMap) wasDetached(p objptr.Ptr) (detachedObj, bool) {
	if len(im.detached) == 0 {
		return detachedObj{}, false
	}
	d, ok := im.detached[p.Uintptr()]
	if !ok || d.ref.value() != p {
		return detachedObj{}, false
	}
	if d.inst != nil && d.inst.state == Transient {
		delete(im.detached, p.Uintptr())
		return detachedObj{}, false
	}
	return d, true
}

// reattach makes the object at p, of mapper m, persistent again with the
// record it had when the session let it go while persistent, and returns
// that record; nil when the session did not. The next flush compares it
// with the snapshot it had, and so writes what changed meanwhile, as
// SQLAlchemy does for a detached object added back. When another object
// now holds its identity, the session cannot hold both.
func (im *identityMap) reattach(m *mapper, p objptr.Ptr) (*instance, error) {
	d, ok := im.wasDetached(p)
	if !ok || d.inst == nil {
		return nil, nil
	}
	inst := d.inst
	key := inst.identity()
	if im.get(key) != nil || !im.roGet(key).IsNil() {
		return nil, fmt.Errorf("%w: the %s %v was let go by Expunge, and the session now holds another object with its key: copy its changes onto that one with orm.Merge",
			ErrDetached, m.typ, key.values())
	}
	delete(im.detached, p.Uintptr())
	inst.obj, inst.state = p, Persistent
	im.put(inst)
	return inst, nil
}

// expungeAll forgets every object. Unlike detach it does not remember
// them as detached: a weak reference per object would make closing a
// session that loaded 100,000 objects cost as much as loading them.
// Inspect then reports them transient. The maps are dropped, not
// cleared: they may be large, clearing costs their whole capacity, and
// the next write makes new ones.
func (im *identityMap) expungeAll() {
	im.ints = nil
	im.ro = nil
	im.keyed = nil
	im.others = nil
	im.pending = nil
	im.journal = nil
	im.detached = nil
	im.detachedPeak = 0
}

// weakRef is a weak pointer to an object of type T.
type weakRef[T any] struct{ p weak.Pointer[T] }

func (w weakRef[T]) value() objptr.Ptr { return objptr.Of(w.p.Value()) }

// intKeyOf returns the key of obj, an object of m, whose key is one
// integer column (m.intKey): without an identityKey, whose room for a
// composite key would be zeroed and copied on every row.
func (m *mapper) intKeyOf(obj objptr.Ptr) int64 {
	if m.keyDirect {
		return objptr.Load[int64](obj, m.keyField)
	}
	// Through the field's address: reading its value as an any would box
	// it, an allocation per row.
	switch p := m.addr(obj, m.pk[0]).(type) {
	case *int64:
		return *p
	case *int32:
		return int64(*p)
	case *int:
		return int64(*p)
	case *int16:
		return int64(*p)
	default:
		return reflect.ValueOf(p).Elem().Int()
	}
}

// keyOf returns obj's identity from its primary-key fields.
func (m *mapper) keyOf(obj objptr.Ptr) (identityKey, error) {
	k := identityKey{m: m.key}
	if m.intKey {
		k.id = m.intKeyOf(obj)
		return k, nil
	}
	if len(m.pk) > maxKeyColumns {
		return k, fmt.Errorf("retort: %s has %d primary-key columns; at most %d are supported", m.typ, len(m.pk), maxKeyColumns)
	}
	for i, c := range m.pk {
		k.k[i] = deref(m.value(obj, c))
	}
	return k, nil
}

// snapshot copies obj for comparing its columns later: one allocation,
// the struct, where a slice of boxed values would cost one per column.
// Pointer and byte-slice fields are copied through, so that a change made
// through them shows. A many-to-one field keeps its target, so that a
// flush can tell a target the program set to nil (see
// flush.clearedManyToOne); the other relationship fields are cleared, so
// that the copy keeps no collection alive.
func (m *mapper) snapshot(obj objptr.Ptr) objptr.Ptr {
	snap := m.clone(obj)
	for _, i := range m.deepColumns() {
		m.copyDeep(snap, obj, i)
	}
	for _, r := range m.rels {
		switch {
		case r.many:
			r.at.SetPtrs(snap, nil)
		case r.kind != ManyToOne:
			r.at.SetPtr(snap, objptr.Ptr{})
		}
	}
	return snap
}

// copyDeep sets column i of snap to an unshared copy of obj's.
func (m *mapper) copyDeep(snap, obj objptr.Ptr, i int) {
	dst := reflect.ValueOf(m.addr(snap, i)).Elem()
	dst.Set(deepCopy(reflect.ValueOf(m.addr(obj, i)).Elem()))
}

// deepCopy returns a copy of v that shares nothing with it: the bytes of
// a []byte, the elements of a slice, the entries of a map, what a pointer
// points at and the fields of a struct, all the way down. A JSON
// document's map or slice changed in place then differs from its
// snapshot.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if v.Type().Elem().Kind() == reflect.Uint8 {
			reflect.Copy(c, v)
			return c
		}
		for j := range v.Len() {
			c.Index(j).Set(deepCopy(v.Index(j)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return c
	case reflect.Struct:
		if v.Type() == timeType || !hasShared(v.Type()) {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // unexported fields too, shallowly
		for j := range v.NumField() {
			if c.Field(j).CanSet() {
				c.Field(j).Set(deepCopy(v.Field(j)))
			}
		}
		return c
	}
	return v
}

// hasShared reports whether a value of t can share memory with a copy
// of it: it holds a pointer, slice, map or interface somewhere.
func hasShared(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Array:
		return hasShared(t.Elem())
	case reflect.Struct:
		if t == timeType {
			return false // its location pointer is never written through
		}
		for j := range t.NumField() {
			if hasShared(t.Field(j).Type) {
				return true
			}
		}
	}
	return false
}

// deepColumns lists the mapped columns whose fields can share memory
// with a copy: pointers, byte slices, and the maps, slices and structs
// of JSON documents.
func (m *mapper) deepColumns() []int {
	m.deepOnce.Do(func() {
		probe := m.alloc()
		for i := range m.cols {
			if m.fields[i] == "" {
				continue
			}
			if hasShared(reflect.TypeOf(m.addr(probe, i)).Elem()) {
				m.deep = append(m.deep, i)
			}
		}
	})
	return m.deep
}

// old returns column i's value in inst's snapshot, pointers followed.
func (inst *instance) old(i int) any { return deref(inst.m.value(inst.snapshot, i)) }

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

// Inspect reports obj's state in session s, or ErrConcurrentUse while
// another goroutine is inside s.
func Inspect(s *Session, obj any) (State, error) {
	if err := s.enter(opInspect); err != nil {
		return Transient, err
	}
	defer s.leave()
	m, p, err := objectOf("Inspect", obj)
	if err != nil {
		return Transient, err
	}
	if inst := s.idmap.find(m, p); inst != nil {
		if inst.deletePending {
			return Persistent, nil
		}
		return inst.state, nil
	}
	if _, ok := s.idmap.wasDetached(p); ok {
		return Detached, nil
	}
	return Transient, nil
}
