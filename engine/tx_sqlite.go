// engine/tx_sqlite.go

package engine

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyAdvice is what ErrBusy's messages tell the user to do.
const busyAdvice = "keep write transactions short, and read with ReadOnly or Autocommit transactions " +
	"(under WAL they never wait for a writer)"

// busyError is ErrBusy, and ErrLockNotAvailable: SQLite's SQLITE_BUSY or
// SQLITE_LOCKED.
type busyError struct{ err error }

func (e *busyError) Error() string {
	return "database is busy: another connection held SQLite's lock past the busy timeout: " +
		e.err.Error() + "; " + busyAdvice
}

func (e *busyError) Is(target error) bool {
	return target == ErrBusy || target == ErrLockNotAvailable
}
func (e *busyError) Unwrap() error { return e.err }

// sqliteBusy returns err as ErrBusy if it is SQLite's SQLITE_BUSY or
// SQLITE_LOCKED (with any extended code), and err otherwise. The
// exception is SQLITE_BUSY_SNAPSHOT, a write in a transaction whose
// snapshot another's commit has moved past: no wait helps, only running
// the transaction again (classifySQLite makes it ErrSerializationFailure).
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
