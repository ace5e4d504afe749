package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/retortdb/retort/internal/objptr"
)

// Lifecycle hooks and session events: doc.go's "Hooks and events" says
// what runs when, and what an error does.

// BeforeInserter is a model whose BeforeInsert the flush calls before
// its INSERT: to fill a column the row needs (a creation time), or to
// refuse the object with an error.
type BeforeInserter interface {
	BeforeInsert(ctx context.Context) error
}

// AfterInserter is a model whose AfterInsert the flush calls after its
// INSERT, generated keys set.
type AfterInserter interface {
	AfterInsert(ctx context.Context) error
}

// BeforeUpdater is a model whose BeforeUpdate the flush calls before it
// writes a change of the object.
type BeforeUpdater interface {
	BeforeUpdate(ctx context.Context) error
}

// AfterUpdater is a model whose AfterUpdate the flush calls after its
// UPDATE.
type AfterUpdater interface {
	AfterUpdate(ctx context.Context) error
}

// BeforeDeleter is a model whose BeforeDelete the flush calls before its
// DELETE (and before those of its children that a cascade deletes with
// it): to refuse the deletion with an error.
type BeforeDeleter interface {
	BeforeDelete(ctx context.Context) error
}

// AfterDeleter is a model whose AfterDelete the flush calls after its
// DELETE.
type AfterDeleter interface {
	AfterDelete(ctx context.Context) error
}

// AfterLoader is a model whose AfterLoad a query calls for each object
// it loads from a row, new to the session or overwritten by the row
// (PopulateExisting, Refresh, an expired object), once the query has
// loaded the relationships it asks for: to fill fields no column holds
// (a value decoded from a column, a cache), or to refuse the object with
// an error, which fails the query.
type AfterLoader interface {
	AfterLoad(ctx context.Context) error
}

// HookEvent names a point of an object's life that a hook runs at.
type HookEvent uint8

// The hook events: those of a flush in the order it reaches them, then
// AfterLoad.
const (
	BeforeInsert HookEvent = iota
	BeforeUpdate
	BeforeDelete
	AfterInsert
	AfterUpdate
	AfterDelete
	AfterLoad
	hookEvents
)

var hookEventNames = [...]string{"BeforeInsert", "BeforeUpdate", "BeforeDelete", "AfterInsert", "AfterUpdate", "AfterDelete", "AfterLoad"}

// String names the event: "BeforeInsert", ...
func (e HookEvent) String() string {
	if e >= hookEvents {
		return fmt.Sprintf("HookEvent(%d)", e)
	}
	return hookEventNames[e]
}

// hook is a hook with its object's type erased.
type hook func(ctx context.Context, obj objptr.Ptr) error

// hookSet holds the hooks of one type, per event; nil where it has none.
type hookSet [hookEvents][]hook

// methodHooks returns the hooks T's methods give, or nil.
func methodHooks[T any]() *hookSet {
	var set hookSet
	found := false
	add := func(e HookEvent, h hook) { set[e], found = append(set[e], h), true }
	obj := any(new(T))
	if _, ok := obj.(BeforeInserter); ok {
		add(BeforeInsert, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(BeforeInserter).BeforeInsert(ctx)
		})
	}
	if _, ok := obj.(AfterInserter); ok {
		add(AfterInsert, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(AfterInserter).AfterInsert(ctx)
		})
	}
	if _, ok := obj.(BeforeUpdater); ok {
		add(BeforeUpdate, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(BeforeUpdater).BeforeUpdate(ctx)
		})
	}
	if _, ok := obj.(AfterUpdater); ok {
		add(AfterUpdate, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(AfterUpdater).AfterUpdate(ctx)
		})
	}
	if _, ok := obj.(BeforeDeleter); ok {
		add(BeforeDelete, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(BeforeDeleter).BeforeDelete(ctx)
		})
	}
	if _, ok := obj.(AfterDeleter); ok {
		add(AfterDelete, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(AfterDeleter).AfterDelete(ctx)
		})
	}
	if _, ok := obj.(AfterLoader); ok {
		add(AfterLoad, func(ctx context.Context, p objptr.Ptr) error {
			return any(objptr.To[T](p)).(AfterLoader).AfterLoad(ctx)
		})
	}
	if !found {
		return nil
	}
	return &set
}

// WithHook makes the factory's sessions call fn at event for every
// object of type T they write (or, for AfterLoad, load), after T's own
// method for the event if it has one. Use it for a concern that is not
// the model's (an audit, a metric), or for a type whose methods are not
// yours to add.
func WithHook[T any](event HookEvent, fn func(ctx context.Context, obj *T) error) SessionOption {
	return func(o *sessionOptions) {
		if fn == nil || event >= hookEvents {
			// A programming error, found as the factory is made, as
			// net/http's Handle finds a nil handler.
			panic(fmt.Sprintf("retort: WithHook[%s](%s): the function is nil or the event unknown", reflect.TypeFor[T](), event))
		}
		if o.hooks == nil {
			o.hooks = map[reflect.Type]*hookSet{}
		} else {
			// The options of one factory may be copied into another
			// (a session's copy): never append to a shared set.
			o.hooks = cloneHooks(o.hooks)
		}
		set := o.hooks[reflect.TypeFor[T]()]
		if set == nil {
			set = new(hookSet)
			o.hooks[reflect.TypeFor[T]()] = set
		}
		set[event] = append(set[event], func(ctx context.Context, p objptr.Ptr) error { return fn(ctx, objptr.To[T](p)) })
		if event == AfterLoad {
			o.afterLoad = true
		}
	}
}

func cloneHooks(hooks map[reflect.Type]*hookSet) map[reflect.Type]*hookSet {
	out := make(map[reflect.Type]*hookSet, len(hooks))
	for t, set := range hooks {
		c := *set
		for e := range c {
			c[e] = c[e][:len(c[e]):len(c[e])]
		}
		out[t] = &c
	}
	return out
}

// hasHooks reports whether objects of m have hooks for event in s.
func (s *Session) hasHooks(m *mapper, event HookEvent) bool {
	if m.hooks != nil && len(m.hooks[event]) > 0 {
		return true
	}
	if s.opts.hooks == nil {
		return false
	}
	set := s.opts.hooks[m.typ]
	return set != nil && len(set[event]) > 0
}

// hooksOf returns the hooks of event for objects of m: its type's
// method, then the factory's functions.
func (s *Session) hooksOf(m *mapper, event HookEvent) []hook {
	var fns []hook
	if m.hooks != nil {
		fns = m.hooks[event]
	}
	if set := s.opts.hooks[m.typ]; set != nil {
		fns = append(fns[:len(fns):len(fns)], set[event]...)
	}
	return fns
}

// runHooks calls the hooks of event for each object of insts that has
// them: its type's method, then the factory's functions. The first error
// stops it, naming the event and the object.
func (s *Session) runHooks(ctx context.Context, event HookEvent, insts []*instance, when func(*instance) bool) error {
	for _, inst := range insts {
		m := inst.m
		if !s.hasHooks(m, event) || (when != nil && !when(inst)) {
			continue
		}
		for _, fn := range s.hooksOf(m, event) {
			if err := fn(ctx, inst.obj); err != nil {
				return &HookError{Event: event, Object: inst.obj.Interface(m.typ), Err: err}
			}
		}
	}
	return nil
}

// HookError is a hook's error, with the event and the object it ran for;
// errors.Is and errors.As see the hook's own error through it.
type HookError struct {
	Event  HookEvent
	Object any
	Err    error
}

// Error says which hook failed, for which type, and why.
func (e *HookError) Error() string {
	return fmt.Sprintf("retort: %s of %T: %v", e.Event, e.Object, e.Err)
}

// Unwrap returns the hook's own error.
func (e *HookError) Unwrap() error { return e.Err }

// WithBeforeFlush makes the factory's sessions call fn at the start of
// every flush that has work, before the flush plans it: to add objects
// (an audit row per change, found with Session.Dirty) or to refuse the
// flush with an error, which ends it before anything is sent.
func WithBeforeFlush(fn func(ctx context.Context, s *Session) error) SessionOption {
	return eventOption("WithBeforeFlush", func(ev *sessionEvents) *[]sessionEvent { return &ev.beforeFlush }, fn)
}

// WithAfterFlush makes the factory's sessions call fn after every flush
// that sent statements, once the objects' states are updated. An error
// fails the flush, whose transaction is rolled back.
func WithAfterFlush(fn func(ctx context.Context, s *Session) error) SessionOption {
	return eventOption("WithAfterFlush", func(ev *sessionEvents) *[]sessionEvent { return &ev.afterFlush }, fn)
}

// WithAfterCommit makes the factory's sessions call fn after each
// transaction they commit: to publish what it wrote (a message, a cache
// invalidation), which must not be seen before the commit. Its error is
// returned by Commit, the commit standing.
func WithAfterCommit(fn func(ctx context.Context, s *Session) error) SessionOption {
	return eventOption("WithAfterCommit", func(ev *sessionEvents) *[]sessionEvent { return &ev.afterCommit }, fn)
}

// WithAfterRollback makes the factory's sessions call fn after each
// transaction that ends rolled back: by Rollback or Close, by a failed
// flush, or by a failed COMMIT. Its error is returned by the call that
// rolled back, where that returns one.
func WithAfterRollback(fn func(ctx context.Context, s *Session) error) SessionOption {
	return eventOption("WithAfterRollback", func(ev *sessionEvents) *[]sessionEvent { return &ev.afterRollback }, fn)
}

type sessionEvent func(ctx context.Context, s *Session) error

// sessionEvents holds a factory's session event functions.
type sessionEvents struct {
	beforeFlush, afterFlush, afterCommit, afterRollback []sessionEvent
}

// eventOption returns the option that adds fn to the list of events.
func eventOption(name string, list func(*sessionEvents) *[]sessionEvent, fn func(ctx context.Context, s *Session) error) SessionOption {
	return func(o *sessionOptions) {
		if fn == nil {
			panic("retort: " + name + "(nil)")
		}
		ev := new(sessionEvents)
		if o.events != nil {
			*ev = *o.events
		}
		l := list(ev)
		*l = append((*l)[:len(*l):len(*l)], fn)
		o.events = ev
	}
}

// fire calls the event functions fns with the session left, so that
// they may use it, and enters it again as the operation that called.
func (s *Session) fire(ctx context.Context, fns []sessionEvent) error {
	if len(fns) == 0 {
		return nil
	}
	op := operation(s.busy.Load())
	s.leave()
	var err error
	for _, fn := range fns {
		if err = fn(ctx, s); err != nil {
			break
		}
	}
	if e := s.enter(op); e != nil {
		// Another goroutine entered the session while it was left.
		return errors.Join(err, e)
	}
	return err
}

// loadHooked reports whether objects of m have AfterLoad hooks in s: a
// nil check on the mapper, and a flag of the factory's, for a type
// without.
func (s *Session) loadHooked(m *mapper) bool {
	return m.hooks != nil && len(m.hooks[AfterLoad]) > 0 || s.opts.afterLoad && s.hasHooks(m, AfterLoad)
}

// loadedRow notes that a row set obj's columns, an object of m with
// AfterLoad hooks (inst its record, nil in a read-only session that
// keeps none), for afterLoad. Under PopulateExisting (populate) a row
// may overwrite an object the statement loaded already: it is noted
// once.
func (s *Session) loadedRow(m *mapper, inst *instance, obj objptr.Ptr, populate bool) {
	if populate {
		if s.loadSeen == nil {
			s.loadSeen = map[objptr.Ptr]struct{}{}
		}
		if _, dup := s.loadSeen[obj]; dup {
			return
		}
		s.loadSeen[obj] = struct{}{}
	}
	s.toLoad = append(s.toLoad, tracked{m: m, inst: inst, obj: obj})
}

// afterLoad ends an operation that loaded objects: when it went well
// (err is nil), it calls the AfterLoad hooks of the objects loadedRow
// noted, in the order their rows came, and returns the first error as a
// *HookError. The objects stay in the session; those whose hooks did
// not all run, because one failed or panicked or the operation failed
// (err), are expired, so that the next query that reads their rows
// loads them again and calls AfterLoad then.
func (s *Session) afterLoad(ctx context.Context, err error) error {
	if len(s.toLoad) == 0 {
		return err
	}
	objs := s.toLoad
	i := 0
	defer func() {
		// Also on a panic, which goes on: the next operation must
		// not find these noted.
		s.unload(objs[i:])
		clear(objs)
		s.toLoad = objs[:0]
		clear(s.loadSeen)
	}()
	if err != nil {
		return err
	}
	var m *mapper
	var fns []hook
	for ; i < len(objs); i++ {
		t := objs[i]
		if t.m != m {
			m, fns = t.m, s.hooksOf(t.m, AfterLoad)
		}
		for _, fn := range fns {
			if err := fn(ctx, t.obj); err != nil {
				return &HookError{Event: AfterLoad, Object: t.obj.Interface(m.typ), Err: err}
			}
		}
	}
	return nil
}

// unload expires objs, whose AfterLoad hooks did not all run, as Expire
// does: a read-only session forgets them instead.
func (s *Session) unload(objs []tracked) {
	for _, t := range objs {
		switch {
		case t.inst == nil:
			s.idmap.forgetReadOnly(t.m, []objptr.Ptr{t.obj})
		case t.inst.readOnly:
			s.idmap.forget(t.inst)
		default:
			t.inst.expired = true
		}
	}
}
