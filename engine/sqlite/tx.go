// engine/sqlite/tx.go

package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/retortdb/retort/engine"
)

// busyAdvice is what engine.ErrBusy's messages tell the user to do.
const busyAdvice = "keep write transactions short, read with ReadOnly or Autocommit transactions " +
	"(under WAL they never wait for a writer), and let one Engine per process write to a database file " +
	"(its writers take turns; those of other engines and processes contend in SQLite's busy handler)"

// busyError is engine.ErrBusy, and engine.ErrLockNotAvailable: SQLite's SQLITE_BUSY or
// SQLITE_LOCKED.
type busyError struct{ err error }

func (e *busyError) Error() string {
	return "database is busy: another connection held SQLite's lock past the busy timeout: " +
		e.err.Error() + "; " + busyAdvice
}

func (e *busyError) Is(target error) bool {
	return target == engine.ErrBusy || target == engine.ErrLockNotAvailable
}
func (e *busyError) Unwrap() error { return e.err }

// sqliteBusy returns err as engine.ErrBusy if it is SQLite's SQLITE_BUSY or
// SQLITE_LOCKED (with any extended code), and err otherwise. The
// exception is SQLITE_BUSY_SNAPSHOT, a write in a transaction whose
// snapshot another's commit has moved past: no wait helps, only running
// the transaction again (classifySQLite makes it engine.ErrSerializationFailure).
func sqliteBusy(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) || se.Code() == sqlite3.SQLITE_BUSY_SNAPSHOT {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &busyError{err: err}
	}
	return err
}

// writeQueue lets the writable transactions of one engine on a SQLite
// database in a file hold the write lock one at a time, in the order they
// began. Without it they would all wait in SQLite's busy handler, which
// sleeps and retries: not in turn, so that under load one writer can lose
// every race until its busy timeout runs out. In the queue a writer waits
// in Go, holding no connection, for as long as its context and the pool
// timeout allow, and is handed the lock by the writer before it.
type writeQueue struct {
	mu      sync.Mutex
	held    bool
	since   time.Time       // when the holder got its turn
	waiters []chan struct{} // in order of arrival; closed when it is their turn
}

// wait returns when it is the caller's turn, who then calls done when its
// transaction ends; or it returns engine.ErrBusy when ctx ends first.
func (q *writeQueue) wait(ctx context.Context) error {
	q.mu.Lock()
	if !q.held {
		q.held, q.since = true, time.Now()
		q.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	q.waiters = append(q.waiters, turn)
	start := time.Now()
	q.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	select {
	case <-turn:
		// Handed the turn as ctx ended: pass it on, since the
		// transaction cannot begin under a done context.
		q.next()
	default:
		q.waiters = slices.DeleteFunc(q.waiters, func(c chan struct{}) bool { return c == turn })
	}
	return &queueBusyError{waited: time.Since(start), held: time.Since(q.since), behind: len(q.waiters),
		err: ctx.Err(), pool: context.Cause(ctx) == engine.ErrPoolTimeout}
}

// done ends the caller's turn.
func (q *writeQueue) done() {
	q.mu.Lock()
	q.next()
	q.mu.Unlock()
}

// next gives the turn to the first writer waiting, if any. q.mu is held.
func (q *writeQueue) next() {
	if len(q.waiters) == 0 {
		q.held = false
		return
	}
	turn := q.waiters[0]
	q.waiters = q.waiters[1:]
	q.since = time.Now()
	close(turn)
}

// queueBusyError is engine.ErrBusy, and engine.ErrLockNotAvailable, for a writer whose
// context, or the pool timeout, ended while it waited its turn in the
// engine's write queue. In the second case it is engine.ErrPoolTimeout too: Begin
// waited PoolTimeout, as for a connection.
type queueBusyError struct {
	waited, held time.Duration
	behind       int   // writers still waiting
	err          error // the context's
	pool         bool  // ended by the pool timeout
}

func (e *queueBusyError) Error() string {
	why := e.err.Error()
	if e.pool {
		why = "pool timeout"
	}
	return fmt.Sprintf("database is busy: waited %s for SQLite's write lock, which a transaction of this engine has held for %s (%d more writers waiting): %s; %s",
		e.waited.Round(time.Millisecond), e.held.Round(time.Millisecond), e.behind, why, busyAdvice)
}

func (e *queueBusyError) Is(target error) bool {
	return target == engine.ErrBusy || target == engine.ErrLockNotAvailable || (e.pool && target == engine.ErrPoolTimeout)
}
func (e *queueBusyError) Unwrap() error { return e.err }
