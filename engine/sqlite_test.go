package engine_test

import (
	"errors"
	"strings"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

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
	r := begin(t, eng, engine.ReadOnly())
	if n := count(t, r); n != 2 {
		t.Fatalf("reader during the write: %d rows, want 2 (not the writer's uncommitted row)", n)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("commit while a reader is open: %v", err)
	}
	if n := count(t, r); n != 2 {
		t.Errorf("reader after the commit: %d rows, want its snapshot's 2", n)
	}
	if err := r.Commit(); err != nil {
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

	r := begin(t, other, engine.ReadOnly())
	if n := count(t, r); n != 1 {
		t.Errorf("read-only transaction: %d rows, want 1", n)
	}
	_, err = r.ExecSQL(t.Context(), "DELETE FROM items")
	var stmtErr *engine.StatementError
	if !errors.Is(err, engine.ErrBusy) || !errors.Is(err, engine.ErrLockNotAvailable) || !errors.As(err, &stmtErr) {
		t.Errorf("write in a read-only transaction while another engine writes: %v, want ErrBusy and ErrLockNotAvailable in a StatementError", err)
	}
	if err := r.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
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
