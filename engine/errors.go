// engine/errors.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/retortdb/retort/engine/driver"
)

// Errors the engine returns, to be tested with errors.Is. Each is wrapped in
// a message that names the statement or the pool involved.
var (
	// ErrNoRows is returned by [Result.One] when the query returned no
	// row. errors.Is(err, sql.ErrNoRows) holds for it too.
	ErrNoRows error = noRowsError{}
	// ErrMultipleRows is returned by [Result.One] and [Result.OneOrNone]
	// when the query returned more than one row.
	ErrMultipleRows = errors.New("engine: more than one row")
	// ErrTxDone is returned by every method of a [Tx] that was already
	// committed or rolled back (except Rollback, which then does nothing),
	// and by a savepoint whose enclosing transaction is finished.
	ErrTxDone = errors.New("engine: transaction already committed or rolled back")
	// ErrPoolTimeout is returned by [Engine.Begin] when no connection
	// was ready within [Config.PoolTimeout]: none became free, or a new
	// one took too long to connect. The message gives the pool's size
	// and overflow, and the connections in use and waiting.
	ErrPoolTimeout = errors.New("engine: pool timeout")
	// ErrResultOpen is returned when a statement is run on a transaction
	// whose previous Result is still open: a connection runs one
	// statement at a time. Close the Result (or read it to the end) first.
	ErrResultOpen = errors.New("engine: a result of this transaction is still open")
	// ErrCommitOutcomeUnknown is returned by [Tx.Commit] when COMMIT was
	// sent but no answer came back: the connection was lost, or the
	// context ended, after it left. The server may have committed the
	// transaction, or not; the error wraps the cause, and is never safe
	// to retry blindly (pgconn.SafeToRetry reports false for it).
	//
	// What to do: find out whether the transaction's writes are in the
	// database before retrying (look for a row it inserted by a key the
	// application chose, or record an idempotency key in the
	// transaction), or make the transaction safe to repeat. Any other
	// error of Commit means that nothing was committed.
	ErrCommitOutcomeUnknown = driver.ErrCommitOutcomeUnknown
	// ErrUnsupportedValue is returned, before anything is sent, for an
	// argument the database would store as another value without an
	// error: NaN on SQLite (which stores NULL), NaN or ±Inf on MySQL and
	// MariaDB (which store 0 in a DECIMAL column). The message names the
	// argument.
	ErrUnsupportedValue = errors.New("engine: a value the database cannot store")
	// ErrBusy is returned on SQLite when a statement, a BEGIN or a
	// COMMIT found the database locked by another connection for longer
	// than the busy timeout (SQLITE_BUSY or SQLITE_LOCKED, which the
	// error wraps). Within one engine writers take turns and readers
	// never wait under WAL, so it comes from a writer of another engine or
	// process, a ReadOnly or Autocommit transaction that writes, or a
	// DSN that turned WAL off. The message says what to do; see
	// "SQLite and concurrent writers" in the package documentation.
	//
	// [Engine.Begin] returns it too for a transaction that may write whose
	// turn did not come before its context ended (the error then wraps
	// the context's), or within PoolTimeout (it is then ErrPoolTimeout
	// as well). Every ErrBusy is [ErrLockNotAvailable] too. (A write on
	// a snapshot that another transaction's commit has moved past,
	// SQLITE_BUSY_SNAPSHOT, is no ErrBusy but [ErrSerializationFailure]:
	// no wait helps, running the transaction again may.)
	ErrBusy = errors.New("engine: database is busy")
	// ErrAutocommit is returned by [Tx.Begin] on a Tx begun with
	// [WithAutocommit]: it is no transaction, so it has no savepoints.
	ErrAutocommit = errors.New("engine: an Autocommit Tx has no savepoints")
)

// poolTimeoutError is ErrPoolTimeout with its figures, worded after
// SQLAlchemy's "QueuePool limit of size 5 overflow 10 reached, connection
// timed out, timeout 30.00".
type poolTimeoutError struct {
	size, overflow       int
	timeout              time.Duration
	inUse, open, waiting int
	err                  error // the driver's error, for the record
}

func (e *poolTimeoutError) Error() string {
	if e.inUse < e.size+e.overflow {
		// The pool was not full: connecting took too long.
		return fmt.Sprintf("engine: pool timeout %s: no connection ready in time with the pool of size %d overflow %d not full (%d in use, %d open, %d waiting): connecting took too long",
			e.timeout, e.size, e.overflow, e.inUse, e.open, e.waiting)
	}
	return fmt.Sprintf("engine: pool limit of size %d overflow %d reached, connection timed out, timeout %s (%d in use, %d waiting)",
		e.size, e.overflow, e.timeout, e.inUse, e.waiting)
}

func (e *poolTimeoutError) Is(target error) bool { return target == ErrPoolTimeout }
func (e *poolTimeoutError) Unwrap() error        { return e.err }

// StatementError is an error of the database or the driver while running
// a statement. It names the statement's SQL and unwraps to the driver's
// error (a *pgconn.PgError, *mysql.MySQLError, *sqlite.Error, or a context
// error), which errors.As and errors.Is reach through it.
type StatementError struct {
	SQL string
	Err error
}

// Error returns the driver's message followed by the statement's SQL.
func (e *StatementError) Error() string {
	msg := e.Err.Error()
	// An error of the engine's own (a scan's, a cursor's) has the
	// prefix already.
	if !strings.HasPrefix(msg, "engine: ") {
		msg = "engine: " + msg
	}
	return msg + "\nSQL: " + shortSQL(e.SQL)
}

// Unwrap returns the driver's error.
func (e *StatementError) Unwrap() error { return e.Err }

// stmtError wraps a driver error with its statement, once (the driver has
// made it a *DatabaseError when its kind is known). If ctx is done
// and err does not say so (PostgreSQL answers a cancel request with its own
// error, SQLSTATE 57014), the context's error is joined to it, so that
// errors.Is(err, context.Canceled) and errors.As(err, &pgErr) both hold.
func stmtError(ctx context.Context, sql string, err error) error {
	if err == nil {
		return nil
	}
	var cerr error
	if ctx != nil {
		cerr = ctx.Err()
	}
	var de *DatabaseError
	switch {
	case cerr == nil:
	case errors.As(err, &de) && de.Kind != ErrConnectionLost:
	default:
		// The statement stopped because its context ended, whatever the
		// driver says (SQLite and MySQL say only that; a connection the
		// engine closed for it was not lost): a query canceled, on every
		// backend alike.
		err = &DatabaseError{Kind: ErrQueryCanceled, Err: err}
	}
	if cerr != nil && !errors.Is(err, cerr) {
		err = fmt.Errorf("%w: %w", cerr, err)
	}
	var se *StatementError
	if errors.As(err, &se) {
		return err
	}
	return &StatementError{SQL: sql, Err: err}
}

// shortSQL is a statement's text for an error message: whitespace
// collapsed and cut at 500 bytes.
func shortSQL(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > 500 {
		s = s[:500] + "..."
	}
	return s
}
