package engine_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// TestSQLiteWALReaders: on a database in a file, a read-only transaction
// reads while a writer holds its transaction open, and the writer commits
// while the reader is still open, each seeing its own snapshot. Without the
// write-ahead log the commit would wait for the reader's lock until the busy
// timeout, then fail.
func TestSQLiteWALReaders(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng := open(t, dsn)
	createItems(t, eng, 2)

	w := begin(t, eng)
	insertItem(t, w, 10)
	r := begin(t, eng, engine.WithReadOnly(true))
	if n := count(t, r); n != 2 {
		t.Fatalf("reader during the write: %d rows, want 2 (not the writer's uncommitted row)", n)
	}
	if err := w.Commit(t.Context()); err != nil {
		t.Fatalf("commit while a reader is open: %v", err)
	}
	if n := count(t, r); n != 2 {
		t.Errorf("reader after the commit: %d rows, want its snapshot's 2", n)
	}
	if err := r.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := countItems(t, eng); n != 3 {
		t.Errorf("after both: %d rows, want 3", n)
	}
}

// TestSQLiteBusy: a writer of another engine (as of another process) holds
// the write lock past the busy timeout. A transaction that may write fails
// at Begin (BEGIN IMMEDIATE) with ErrBusy wrapping SQLite's SQLITE_BUSY; a
// read-only one begins, reads, and fails with ErrBusy only when it writes.
func TestSQLiteBusy(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	holder := open(t, dsn)
	createItems(t, holder, 1)
	other := open(t, dsn+"?_busy_timeout=50")

	w := begin(t, holder)
	insertItem(t, w, 10)

	_, err := other.Begin(t.Context())
	if !errors.Is(err, engine.ErrBusy) || !errors.Is(err, engine.ErrLockNotAvailable) {
		t.Fatalf("Begin while another engine writes: %v, want ErrBusy and ErrLockNotAvailable", err)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
		t.Errorf("ErrBusy does not wrap SQLite's SQLITE_BUSY: %#v", err)
	}
	for _, want := range []string{"database is busy", "keep write transactions short", "ReadOnly"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}

	r := begin(t, other, engine.WithReadOnly(true))
	if n := count(t, r); n != 1 {
		t.Errorf("read-only transaction: %d rows, want 1", n)
	}
	_, err = r.ExecSQL(t.Context(), "DELETE FROM items")
	var stmtErr *engine.StatementError
	if !errors.Is(err, engine.ErrBusy) || !errors.Is(err, engine.ErrLockNotAvailable) || !errors.As(err, &stmtErr) {
		t.Errorf("write in a read-only transaction while another engine writes: %v, want ErrBusy and ErrLockNotAvailable in a StatementError", err)
	}
	if err := r.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The lock free, the other engine writes.
	if err := other.Transaction(t.Context(), func(tx *engine.Tx) error {
		insertItem(t, tx, 11)
		return nil
	}); err != nil {
		t.Fatalf("write once the lock is free: %v", err)
	}
	if n := countItems(t, holder); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
}

// TestSQLiteWriterTimeout: a transaction that may write waits for the
// writer before it to end. If its context ends first, Begin fails with
// ErrBusy wrapping the context's error; if the pool timeout does, with an
// error that is ErrBusy and ErrPoolTimeout. Read-only and Autocommit
// transactions do not wait.
func TestSQLiteWriterTimeout(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng := open(t, dsn, engine.WithPoolTimeout(300*time.Millisecond))
	createItems(t, eng, 1)
	w := begin(t, eng)
	insertItem(t, w, 10)

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := eng.Begin(ctx)
	if !errors.Is(err, engine.ErrBusy) || !errors.Is(err, engine.ErrLockNotAvailable) || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrPoolTimeout) {
		t.Errorf("Begin under a deadline while another writer holds the lock: %v, want ErrBusy, ErrLockNotAvailable and DeadlineExceeded, not ErrPoolTimeout", err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("gave up after %v, before the deadline", d)
	}
	says := regexp.MustCompile(`waited \d+ms for SQLite's write lock, which a transaction of this engine has held for \d+ms \(0 more writers waiting\): context deadline exceeded; keep write transactions short`)
	if err != nil && !says.MatchString(err.Error()) {
		t.Errorf("message %q does not match %s", err, says)
	}

	_, err = eng.Begin(t.Context())
	if !errors.Is(err, engine.ErrBusy) || !errors.Is(err, engine.ErrPoolTimeout) {
		t.Errorf("Begin past the pool timeout: %v, want ErrBusy and ErrPoolTimeout", err)
	}
	says = regexp.MustCompile(`waited \d+ms for SQLite's write lock, .*: pool timeout;`)
	if err != nil && !says.MatchString(err.Error()) {
		t.Errorf("message %q does not match %s", err, says)
	}

	for _, opt := range []engine.TxOption{engine.WithReadOnly(true), engine.WithAutocommit(true)} {
		r := begin(t, eng, opt)
		if n := count(t, r); n != 1 {
			t.Errorf("reader: %d rows, want 1", n)
		}
		if err := r.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if s := eng.Stats(); s.Waiting != 0 || s.InUse != 1 {
		t.Errorf("Stats() = %+v, want the writer alone in use and none waiting", s)
	}
	if err := w.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The turn free, a writer begins at once.
	ctx, cancel = context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if err := eng.Transaction(ctx, func(tx *engine.Tx) error { insertItem(t, tx, 11); return nil }); err != nil {
		t.Fatalf("writer after the first committed: %v", err)
	}
	if n := countItems(t, eng); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
}

// TestSQLiteWriteQueue: writers waiting for the lock get it in the order
// they asked for it, each as the one before it ends.
func TestSQLiteWriteQueue(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng := open(t, dsn)
	createItems(t, eng, 0)
	first := begin(t, eng)

	const writers = 8
	var (
		mu    sync.Mutex
		order []int64
		wg    sync.WaitGroup
	)
	for i := range int64(writers) {
		wg.Go(func() {
			err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				_, err := tx.Exec(t.Context(), core.Insert(Items).Values(Items.ID.Set(i), Items.Name.Set("x"), Items.Qty.Set(1), Items.Note.SetNull()))
				return err
			})
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		})
		// The next writer starts once this one waits.
		for eng.Stats().Waiting != int(i)+1 {
			time.Sleep(time.Millisecond)
		}
	}
	if err := first.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if want := []int64{0, 1, 2, 3, 4, 5, 6, 7}; !slices.Equal(order, want) {
		t.Errorf("writers ran in the order %v, want %v", order, want)
	}
	if n := countItems(t, eng); n != writers {
		t.Errorf("%d rows, want %d", n, writers)
	}
}

// TestSQLiteWriterCancelled: when the context a writer began under ends,
// database/sql rolls its transaction back, and the next writer's turn comes
// without waiting for the first to call Rollback.
func TestSQLiteWriterCancelled(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.SQLite)
	eng := open(t, dsn)
	createItems(t, eng, 0)
	ctx, cancel := context.WithCancel(t.Context())
	w, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	insertItem(t, w, 1)
	cancel()
	ctx2, cancel2 := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel2()
	err = eng.Transaction(ctx2, func(tx *engine.Tx) error { insertItem(t, tx, 2); return nil })
	if err != nil {
		t.Fatalf("writer after the first's context ended: %v", err)
	}
	if err := w.Rollback(ctx); err != nil {
		t.Errorf("Rollback of the cancelled writer: %v", err)
	}
	if ids := idsOf(t, eng); !slices.Equal(ids, []int64{2}) {
		t.Errorf("rows %v, want [2]: the cancelled writer's row rolled back", ids)
	}
}
