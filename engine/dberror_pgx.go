// engine/dberror_pgx.go

package engine

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// classifyPgx recognises PostgreSQL's errors by SQLSTATE, with the
// constraint, table and column the server sends in its error fields, and
// pgx's words for a connection that is gone.
func classifyPgx(err error) *DatabaseError {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		if errors.Is(err, pgconn.ErrConnClosed) || lostNetwork(err) {
			return &DatabaseError{Kind: ErrConnectionLost}
		}
		return nil
	}
	var kind error
	switch pgErr.Code {
	case "23505":
		kind = ErrUniqueViolation
	case "23503":
		kind = ErrForeignKeyViolation
	case "23502":
		kind = ErrNotNullViolation
	case "23514":
		kind = ErrCheckViolation
	case "40001":
		kind = ErrSerializationFailure
	case "40P01":
		kind = ErrDeadlock
	case "55P03":
		kind = ErrLockNotAvailable
	case "57014":
		kind = ErrQueryCanceled
	case "57P01", "57P02", "57P03":
		// admin_shutdown (also pg_terminate_backend), crash_shutdown,
		// cannot_connect_now: the server ended the session.
		kind = ErrConnectionLost
	default:
		return nil
	}
	return &DatabaseError{Kind: kind, Code: pgErr.Code, Constraint: pgErr.ConstraintName, Table: pgErr.TableName, Column: pgErr.ColumnName}
}
