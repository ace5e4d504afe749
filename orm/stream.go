// orm/stream.go

package orm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"unsafe"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
)

// Partitions streams the objects of stmt (as All loads them) in batches of
// n: on PostgreSQL through a server-side cursor, so that the server, the
// driver and the program each hold one batch; on SQLite and MySQL through
// the driver's own streaming.
//
//	for batch, err := range orm.Partitions[User](ctx, sess, stmt, 2000) { ... }
//
// The session holds a batch's objects while the loop body has it. When the
// next batch is read, the previous batch's objects that are unchanged and
// were not in the session before leave it (the session forgets them, and
// Inspect reports them transient), so that
// the heap stays bounded however many rows there are; a changed object
// stays, to be flushed. Breaking out of the loop closes the stream.
func Partitions[T any](ctx context.Context, s *Session, stmt core.Statement, n int, opts ...QueryOption) iter.Seq2[[]*T, error] {
	return func(yield func([]*T, error) bool) {
		leave, err := s.enter("Partitions")
		if err != nil {
			leave()
			yield(nil, err)
			return
		}
		// The loop body may use the session between batches: it is
		// only inside the session while reading a batch.
		leave()
		m, err := mapperFor(reflect.TypeFor[T]())
		if err == nil && s.opts.autoflush {
			err = s.flushGuarded(ctx)
		}
		if err != nil {
			yield(nil, err)
			return
		}
		var o queryOptions
		for _, opt := range opts {
			opt.applyQuery(&o)
		}
		tree, err := loadTree(m, o.loads)
		if err != nil {
			yield(nil, err)
			return
		}
		tx, err := s.transactionGuarded(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		res, err := tx.Stream(ctx, stmt, n)
		if err != nil {
			yield(nil, err)
			return
		}
		defer res.Close()
		sc, err := newRowScanner(m, res.Columns())
		if err != nil {
			yield(nil, err)
			return
		}
		var prev []*instance
		var prevRO []unsafe.Pointer // the same, in a read-only session
		for {
			leave, err := s.enter("Partitions")
			if err != nil {
				leave()
				yield(nil, err)
				return
			}
			s.releaseStreamed(prev)
			s.idmap.forgetReadOnly(m, prevRO)
			prev, prevRO = prev[:0], prevRO[:0]
			batch := make([]*T, 0, n)
			for len(batch) < n && res.Next() {
				p, inst, fresh, err := s.loadRow(m, sc, res, o)
				if err != nil {
					leave()
					yield(nil, err)
					return
				}
				if inst != nil {
					prev = append(prev, inst)
				} else if fresh {
					prevRO = append(prevRO, p)
				}
				batch = append(batch, (*T)(p))
			}
			if len(batch) > 0 {
				// Each batch's relationships are loaded before it is
				// yielded, with the stream still open: PostgreSQL's
				// cursor leaves the connection free between FETCHes.
				objs := make([]unsafe.Pointer, len(batch))
				for i, b := range batch {
					objs[i] = unsafe.Pointer(b)
				}
				if err := s.eagerLoad(ctx, m, objs, tree, nil, o); err != nil {
					leave()
					if errors.Is(err, engine.ErrResultOpen) {
						err = fmt.Errorf("retort: Partitions: select-in loading while streaming needs a server-side cursor, which only PostgreSQL has; on SQLite and MySQL the stream holds the connection: %w", err)
					}
					yield(nil, err)
					return
				}
			}
			leave()
			if len(batch) == 0 {
				if err := res.Err(); err != nil {
					yield(nil, err)
				}
				return
			}
			if !yield(batch, nil) {
				return
			}
		}
	}
}

// releaseStreamed detaches streamed objects that are still unchanged.
func (s *Session) releaseStreamed(insts []*instance) {
	for _, inst := range insts {
		if inst.state != Persistent || inst.deletePending || s.idmap.get(inst.identity()) != inst {
			continue
		}
		if inst.snapshot != nil && inst.m.changed(inst) {
			continue
		}
		// Forgotten rather than detach()ed: a weak reference per
		// streamed row would cost as much as the row.
		s.idmap.forget(inst)
	}
}

// changed reports whether any column of inst differs from its snapshot.
func (m *mapper) changed(inst *instance) bool {
	for i := range m.cols {
		if m.fields[i] != "" && !sameValue(deref(m.value(inst.obj, i)), inst.snapshot[i]) {
			return true
		}
	}
	return false
}

func (s *Session) flushGuarded(ctx context.Context) error {
	leave, err := s.enter("Partitions")
	defer leave()
	if err != nil {
		return err
	}
	return s.flush(ctx)
}

func (s *Session) transactionGuarded(ctx context.Context) (*engine.Tx, error) {
	leave, err := s.enter("Partitions")
	defer leave()
	if err != nil {
		return nil, err
	}
	return s.transaction(ctx)
}

// loadRow scans one row and returns its object through the identity map,
// and the instance it created for it (nil when the session held it); in a
// read-only session, which keeps no instances for integer keys, fresh
// says the object is new to the session.
func (s *Session) loadRow(m *mapper, sc *rowScanner, res *engine.Result, o queryOptions) (_ unsafe.Pointer, _ *instance, fresh bool, _ error) {
	obj := m.alloc()
	if err := sc.scan(res, obj); err != nil {
		return nil, nil, false, err
	}
	key, err := m.keyOf(obj)
	if err != nil {
		return nil, nil, false, err
	}
	if s.opts.readOnly && m.intKey {
		// A read-only session's objects never change state, so the
		// map holds them alone, without a record each.
		ids := s.idmap.ro[m]
		if ids == nil {
			ids = map[int64]unsafe.Pointer{}
			s.idmap.ro[m] = ids
		}
		if held := ids[key.id]; held != nil {
			if o.populateExisting {
				sc.copyColumns(held, obj)
			}
			return held, nil, false, nil
		}
		ids[key.id] = obj
		return obj, nil, true, nil
	}
	if inst := s.idmap.get(key); inst != nil {
		if o.populateExisting || inst.expired {
			sc.copyColumns(inst.obj, obj)
			inst.expired = false
			if !s.opts.readOnly {
				inst.snapshot = m.snapshot(inst.obj)
			}
		}
		return inst.obj, nil, false, nil
	}
	inst := &instance{m: m, obj: obj, state: Persistent}
	inst.setKey(key)
	if !s.opts.readOnly {
		inst.snapshot = m.snapshot(obj)
	}
	s.idmap.put(inst)
	return obj, inst, false, nil
}
