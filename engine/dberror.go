// engine/dberror.go

package engine

import (
	"database/sql"
	"errors"
)

// Kinds of database error a program branches on, the same on every
// backend. Test with errors.Is; errors.As with a *[DatabaseError] gives the
// code and the constraint, table and column where the server names them,
// and errors.As still reaches the driver's own error below it.
//
//	if errors.Is(err, engine.ErrUniqueViolation) { ... 409 Conflict ... }
var (
	// ErrUniqueViolation: a row would repeat a key of a unique
	// constraint or of the primary key (PostgreSQL 23505, MySQL 1062,
	// SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY).
	ErrUniqueViolation = errors.New("engine: unique violation")
	// ErrForeignKeyViolation: a row would refer to a missing row, or a
	// referred-to row would be deleted (PostgreSQL 23503, MySQL 1451 and
	// 1452, SQLite SQLITE_CONSTRAINT_FOREIGNKEY).
	ErrForeignKeyViolation = errors.New("engine: foreign key violation")
	// ErrNotNullViolation: a NOT NULL column would hold NULL (PostgreSQL
	// 23502, MySQL 1048 and 1364, SQLite SQLITE_CONSTRAINT_NOTNULL).
	ErrNotNullViolation = errors.New("engine: not-null violation")
	// ErrCheckViolation: a CHECK constraint failed (PostgreSQL 23514,
	// MySQL 3819, MariaDB 4025, SQLite SQLITE_CONSTRAINT_CHECK).
	ErrCheckViolation = errors.New("engine: check violation")
	// ErrSerializationFailure: the transaction could not be serialized
	// with concurrent ones and was rolled back (PostgreSQL 40001; SQLite's
	// SQLITE_BUSY_SNAPSHOT, a write on a snapshot another connection has
	// moved past). Running the whole transaction again is the remedy:
	// see [IsRetryable] and [WithRetry].
	ErrSerializationFailure = errors.New("engine: serialization failure")
	// ErrDeadlock: the transaction was chosen as a deadlock's victim and
	// rolled back (PostgreSQL 40P01, MySQL 1213). Retryable as a whole.
	ErrDeadlock = errors.New("engine: deadlock")
	// ErrLockNotAvailable: a lock was not granted in time, or at once
	// under NOWAIT (PostgreSQL 55P03, MySQL 1205 and 3572, SQLite
	// SQLITE_BUSY and SQLITE_LOCKED). On MySQL the statement, not the
	// transaction, is rolled back.
	ErrLockNotAvailable = errors.New("engine: lock not available")
	// ErrQueryCanceled: the statement was stopped before it finished.
	// Its context ended (the error then matches the context's error too,
	// and the engine has stopped the statement on the server), or the
	// server stopped it: a statement timeout, a cancel request or a KILL
	// QUERY from elsewhere (PostgreSQL 57014, MySQL 1317 and 3024, MariaDB
	// 1969, SQLite SQLITE_INTERRUPT).
	ErrQueryCanceled = errors.New("engine: query canceled")
	// ErrConnectionLost: the connection to the server ended under the
	// statement (the server shut down or killed the session, the network
	// failed). The transaction it was in is gone; a COMMIT whose answer
	// was lost is [ErrCommitOutcomeUnknown] instead.
	ErrConnectionLost = errors.New("engine: connection lost")
)

// DatabaseError is an error of the database that the engine's driver
// recognised: Kind is one of the errors above (ErrUniqueViolation, ...),
// and Err the driver's error (a *pgconn.PgError, *mysql.MySQLError,
// *sqlite.Error or a network error). errors.Is(err, Kind) holds, and
// errors.As reaches Err. The backends make them, as their errors come.
type DatabaseError struct {
	Kind error
	// Code is the server's code: the SQLSTATE on PostgreSQL, the error
	// number on MySQL and MariaDB, the extended result code on SQLite;
	// empty for a lost connection.
	Code string
	// Constraint, Table and Column are what the server names, when it
	// does: PostgreSQL names all three where they apply; MySQL the key or
	// constraint (and a foreign key's table and column), or the column
	// of a NOT NULL; SQLite the table and columns of a unique or NOT NULL
	// violation (several columns joined by ", ") and a CHECK's name.
	Constraint, Table, Column string
	Err                       error
}

// Error returns the driver's message.
func (e *DatabaseError) Error() string { return e.Err.Error() }

// Is reports whether target is the error's kind.
func (e *DatabaseError) Is(target error) bool { return target == e.Kind }

// Unwrap returns the driver's error.
func (e *DatabaseError) Unwrap() error { return e.Err }

// IsRetryable reports whether err says that the whole transaction was
// rolled back by a conflict with concurrent ones and may succeed if run
// again: a serialization failure or a deadlock. It is false for an
// unknown commit outcome, whatever its cause, since the transaction may
// have been committed.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, ErrCommitOutcomeUnknown) {
		return false
	}
	return errors.Is(err, ErrSerializationFailure) || errors.Is(err, ErrDeadlock)
}

// noRowsError is ErrNoRows: it also matches database/sql's sql.ErrNoRows,
// so that code written against database/sql keeps working.
type noRowsError struct{}

func (noRowsError) Error() string        { return "engine: no rows" }
func (noRowsError) Is(target error) bool { return target == sql.ErrNoRows }
