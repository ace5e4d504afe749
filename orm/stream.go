// orm/stream.go

package orm

import (
	"context"
	"fmt"
	"iter"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/objptr"
)

// Partitions runs q and yields its rows in batches of n (the last holds
// the remainder): on PostgreSQL through a server-side cursor (DECLARE,
// then FETCH n per batch), so that the server, the driver and the program
// each hold one batch; on SQLite and MySQL through the driver's own
// streaming.
//
//	for batch, err := range orm.Partitions(ctx, sess, orm.Select[User](), 2000) { ... }
//
// Each batch is hydrated, then its relationships are loaded (select-in:
// one query per level per batch, L17), then its objects' AfterLoad hooks
// run, then it is yielded. On PostgreSQL
// the cursor leaves the connection free between FETCHes, so the select-in
// queries run in the same transaction and snapshot. SQLite and MySQL hold
// the connection while a result streams, so there, when a batch's
// relationships need queries, the rows are read instead by keyset pages
// (WHERE key > the last key ORDER BY key LIMIT n, each page a statement of
// the same transaction): the query must then select one entity with a
// one-column key and have no ORDER BY, LIMIT or OFFSET of its own. A
// joined collection cannot stream (its rows for one parent could straddle
// two batches, L18), nor can Unique (L19).
//
// The session holds a batch's objects while the loop body has it. When
// the next batch is read, the previous batch's objects that are
// unchanged and were not in the session before leave it (the session
// forgets them, and Inspect reports them transient), so that the heap
// stays bounded however many rows there are; a changed object stays, to
// be flushed, and so do the objects its relationships hold (a collection
// appended to reaches them at the flush). Breaking out of the loop closes the stream. Once ctx is
// done, the next batch is not read: the loop gets ctx's error instead
// (a driver may have more rows in hand, which would otherwise still
// come).
func Partitions[R any](ctx context.Context, s *Session, q *SelectStmt[R], n int) iter.Seq2[[]R, error] {
	return func(yield func([]R, error) bool) {
		if n <= 0 {
			yield(nil, fmt.Errorf("retort: Partitions(%d): the batch size must be positive", n))
			return
		}
		if q == nil {
			yield(nil, &nilError{op: "Partitions", what: "the statement"})
			return
		}
		var c *cursor
		err := s.guarded(opPartitions, func() (err error) {
			c, err = s.open(ctx, &q.p, n)
			return err
		})
		if err != nil {
			yield(nil, err)
			return
		}
		defer c.res.Close()
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, fmt.Errorf("retort: Partitions: %w", err))
				return
			}
			// The loop body may use the session between batches: it
			// is only inside the session while reading a batch.
			var batch []R
			err := s.guarded(opPartitions, func() (err error) {
				c.release()
				if batch, err = readRows(c, q, n); err == nil && len(batch) > 0 {
					err = c.loadBatch(ctx)
				}
				return s.afterLoad(ctx, err)
			})
			if err != nil {
				yield(nil, err)
				return
			}
			if len(batch) == 0 || !yield(batch, nil) {
				return
			}
		}
	}
}

// Stream runs q and yields its rows one by one, reading, hydrating and
// loading relationships a batch at a time: YieldPer rows (by default
// 1000), as Partitions does.
//
//	for row, err := range orm.Stream(ctx, sess, stmt.YieldPer(2000)) { ... }
//
// Once ctx is done, the rows of the batch in hand still come, and then
// ctx's error.
func Stream[R any](ctx context.Context, s *Session, q *SelectStmt[R]) iter.Seq2[R, error] {
	n := 1000
	if q != nil && q.p.yieldPer != 0 {
		n = q.p.yieldPer
	}
	return func(yield func(R, error) bool) {
		if q == nil {
			var zero R
			yield(zero, &nilError{op: "Stream", what: "the statement"})
			return
		}
		for batch, err := range Partitions(ctx, s, q, n) {
			if err != nil {
				var zero R
				yield(zero, err)
				return
			}
			for _, r := range batch {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// releaseStreamed forgets the streamed objects insts that are still
// unchanged, adding them to drop, whose records forgetAll then drops.
// A changed object stays, to be flushed, and so do the objects its
// relationships hold: the flush's cascade walks from it to them, and
// would take one the session forgot for a new object to insert. insts
// is the caller's scratch, reused here.
func (s *Session) releaseStreamed(insts []*instance, drop map[objptr.Ptr]struct{}) {
	var held map[objptr.Ptr]bool // what the changed objects hold
	free := insts[:0]
	for _, inst := range insts {
		if inst.state != Persistent || inst.deletePending || s.idmap.get(inst.identity()) != inst {
			continue
		}
		if inst.comparable() && inst.changed() {
			if held == nil {
				held = map[objptr.Ptr]bool{}
			}
			for _, r := range inst.m.rels {
				for _, p := range r.related(inst.obj) {
					held[p] = true
				}
			}
			continue
		}
		free = append(free, inst)
	}
	for _, inst := range free {
		if held[inst.obj] {
			continue
		}
		// Forgotten rather than detach()ed: a weak reference per
		// streamed row would cost as much as the row.
		s.idmap.forget(inst)
		drop[inst.obj] = struct{}{}
	}
}

// forgetAll drops what the session records of the relationships and
// columns of the objects in drop, so that released objects are not kept
// alive by the records: a set at a time, not an object at a time.
func (s *Session) forgetAll(drop map[objptr.Ptr]struct{}) {
	if len(drop) == 0 {
		return
	}
	for _, objs := range s.loaded {
		objs.removeAll(drop)
	}
	for _, objs := range s.raised {
		objs.removeAll(drop)
	}
	if len(s.partial) > 0 {
		for p := range drop {
			delete(s.partial, p)
		}
	}
}

// guarded runs f inside the session, as operation op.
func (s *Session) guarded(op operation, f func() error) error {
	if err := s.enter(op); err != nil {
		return err
	}
	defer s.leave()
	return f()
}

// loadRow scans one row of res through sc and places its object through
// the identity map (see place); extra, when given, receives a first
// result column that is not the entity's.
func (s *Session) loadRow(sc *entityScanner, res *engine.Result, extra any, populate bool) (objptr.Ptr, *instance, bool, error) {
	if err := sc.scan(res, extra); err != nil {
		return objptr.Ptr{}, nil, false, err
	}
	return s.place(sc.m, sc.cols, sc.stage, populate)
}
