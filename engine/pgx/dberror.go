// engine/pgx/dberror.go

package pgx

import (
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/driver"
)

// classify returns err as an *engine.DatabaseError when classifyPgx
// recognises it, and err itself otherwise, or when it is nil, classified
// already or an unknown commit outcome (whose cause may well be a lost
// connection, but which says more).
func classify(err error) error {
	if err == nil {
		return nil
	}
	var de *engine.DatabaseError
	if errors.As(err, &de) || errors.Is(err, driver.ErrCommitOutcomeUnknown) {
		return err
	}
	if de := classifyPgx(err); de != nil {
		de.Err = err
		return de
	}
	return err
}

// lostNetwork reports whether err says that the connection's socket
// ended: the server closed it mid-message, or it was reset.
func lostNetwork(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// classifyPgx recognises PostgreSQL's errors by SQLSTATE, with the
// constraint, table and column the server sends in its error fields, and
// pgx's words for a connection that is gone.
func classifyPgx(err error) *engine.DatabaseError {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		if errors.Is(err, pgconn.ErrConnClosed) || lostNetwork(err) {
			return &engine.DatabaseError{Kind: engine.ErrConnectionLost}
		}
		return nil
	}
	var kind error
	switch pgErr.Code {
	case "23505":
		kind = engine.ErrUniqueViolation
	case "23503":
		kind = engine.ErrForeignKeyViolation
	case "23502":
		kind = engine.ErrNotNullViolation
	case "23514":
		kind = engine.ErrCheckViolation
	case "40001":
		kind = engine.ErrSerializationFailure
	case "40P01":
		kind = engine.ErrDeadlock
	case "55P03":
		kind = engine.ErrLockNotAvailable
	case "57014":
		kind = engine.ErrQueryCanceled
	case "57P01", "57P02", "57P03":
		// admin_shutdown (also pg_terminate_backend), crash_shutdown,
		// cannot_connect_now: the server ended the session.
		kind = engine.ErrConnectionLost
	default:
		return nil
	}
	return &engine.DatabaseError{Kind: kind, Code: pgErr.Code, Constraint: pgErr.ConstraintName, Table: pgErr.TableName, Column: pgErr.ColumnName}
}
