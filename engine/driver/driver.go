// engine/driver/driver.go

// Package driver defines the interface that the engine's backends
// implement: engine/pgx for PostgreSQL, engine/sqlite and engine/mysql. It
// is to package engine what database/sql/driver is to database/sql. A
// program does not use it: it imports a backend, whose init registers it
// with engine.Register, and calls engine.Open or the backend's New.
//
// The interfaces are small on purpose. A capability only some drivers
// have (a transaction that sends BEGIN late, server-side cursors, rows
// that can be read into memory) is an optional interface of its own,
// found by type assertion, not a method every driver must grow.
//
// The engine calls a Pool, a Tx and its Rows from one goroutine at a time,
// and a Tx runs one statement at a time: the engine closes, or reads into
// memory, a statement's Rows before it sends the next.
//
// Errors: a driver returns its library's errors as they are, except that
// it wraps those whose kind it recognises (a unique violation, a lost
// connection...) so that errors.Is matches the engine's sentinels
// (engine.ErrUniqueViolation...), normally as an *engine.DatabaseError,
// and a COMMIT whose answer was lost as an error that matches
// engine.ErrCommitOutcomeUnknown.
package driver

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/retortdb/retort/core"
)

// Driver opens pools from DSNs of the schemes it is registered for.
type Driver interface {
	// Open opens a pool on the database that dsn, the whole DSN as
	// given to engine.Open (scheme included), names, configured by cfg.
	// It connects once, so that a wrong address or password fails here.
	Open(ctx context.Context, dsn string, cfg Config) (Pool, error)
}

// Config is what the engine asks of a pool it opens: its settings, as
// engine.Config gives them.
type Config struct {
	// MaxOpen is how many connections may be open at once, and MaxIdle
	// how many are kept open when idle (database/sql's
	// SetMaxIdleConns; pgxpool has no such cap).
	MaxOpen, MaxIdle int
	// PrePing asks that a connection be checked before it is handed
	// out.
	PrePing bool
	// Recycle is a connection's maximum age, IdleTimeout its maximum
	// idle time; zero means no limit.
	Recycle, IdleTimeout time.Duration
	// Logger receives the driver's own diagnostics, if it has any; nil
	// means slog.Default().
	Logger *slog.Logger
	// Connected is to be called for each new connection the pool opens,
	// before its first use, where the driver can tell (it feeds the
	// engine's PoolTracer.Connect events). It is never nil.
	Connected func(context.Context)
}

// Pool is a driver's connection pool, open on one database.
type Pool interface {
	// Dialect is the dialect the engine compiles statements with.
	Dialect() *core.Dialect
	// Begin checks out a connection and starts a transaction on it.
	// Checking out is bounded by acquireCtx (which carries the engine's
	// pool timeout, as its cause engine.ErrPoolTimeout); the
	// transaction itself lives under ctx.
	Begin(ctx, acquireCtx context.Context, opts TxOptions) (Tx, error)
	// Stats reports the pool's counters.
	Stats() Stats
	// Close closes the pool. The engine calls it only for a pool it
	// owns.
	Close() error
}

// Stats is what a pool can tell about itself. Waiting checkouts are not
// among them: the engine counts those.
type Stats struct {
	MaxOpen      int           // connections that may be open at once
	Open         int           // connections open, in use or idle
	InUse        int           // connections checked out
	Idle         int           // connections open and not checked out
	WaitCount    int64         // checkouts that had to wait for a connection
	WaitDuration time.Duration // total time those checkouts waited
}

// IsolationLevel is a transaction's isolation level, as engine's.
type IsolationLevel int

// Isolation levels, in engine's order.
const (
	DefaultIsolation IsolationLevel = iota
	ReadUncommitted
	ReadCommitted
	RepeatableRead
	Serializable
)

// String returns the level as SQL spells it, or "" for the default.
func (l IsolationLevel) String() string {
	switch l {
	case ReadUncommitted:
		return "READ UNCOMMITTED"
	case ReadCommitted:
		return "READ COMMITTED"
	case RepeatableRead:
		return "REPEATABLE READ"
	case Serializable:
		return "SERIALIZABLE"
	}
	return ""
}

// TxOptions are a transaction's options.
type TxOptions struct {
	Isolation IsolationLevel
	ReadOnly  bool
	// Autocommit asks for no transaction: nothing is sent for BEGIN,
	// COMMIT or ROLLBACK, and each statement commits as it ends. The
	// Tx still holds one connection until it is finished.
	Autocommit bool
}

// Tx is a transaction on one checked-out connection. Finishing it (commit
// or rollback, successful or not) returns the connection to the pool, or
// closes it if it cannot serve another transaction.
//
// Savepoints need no methods: SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO
// SAVEPOINT are spelt alike on every database, and the engine sends them
// through Exec.
type Tx interface {
	// Exec runs a statement and returns the rows it affected.
	Exec(ctx context.Context, sql string, args []any) (int64, error)
	// Query starts a statement whose rows stream: the driver reads
	// them from the connection as Next asks for them.
	Query(ctx context.Context, sql string, args []any) (Rows, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	// Conn returns the driver's own connection (a *pgx.Conn, a
	// *sql.Conn), for a program's use inside the transaction
	// (engine.Tx.Raw), with the transaction begun on it: a BEGIN not
	// yet sent is sent first.
	Conn(ctx context.Context) (any, error)
}

// Rows is a statement's stream of rows. The connection is busy until
// Close.
type Rows interface {
	Columns() []string
	Next() bool
	// Scan copies the current row into dest, one pointer per column,
	// with the driver's own conversions. Package orm's joined loading
	// also passes destinations internal to this module
	// (internal/enginehook's *Nullable and *Group), which the module's
	// own backends take and a driver outside the module cannot.
	Scan(dest ...any) error
	// Values returns the current row as Go values: the driver's
	// natural type for each column, text as string rather than []byte,
	// decimals as their text.
	Values() ([]any, error)
	// Close releases the rows; it is safe to call more than once.
	Close() error
	Err() error
}

// BeginSender is implemented by a Tx that may not have sent BEGIN yet
// (pgx sends it with the first statement), or never does (Autocommit).
// SentBegin reports whether a transaction may be open on the server, so
// that COMMIT or ROLLBACK is to be sent.
type BeginSender interface {
	SentBegin() bool
}

// ServerCursors is implemented by a Tx whose database has SQL cursors
// usable inside a transaction (DECLARE, FETCH, CLOSE): the engine's Stream
// then reads through one, a batch at a time.
type ServerCursors interface {
	ServerCursors() bool
}

// RowBufferer is implemented by Rows that can read the rest of their rows
// into memory, freeing the connection: a FETCH's batch. prev is the
// cursor's previous batch, read to its end, or nil: its memory may be
// reused. The batch returned implements Len.
type RowBufferer interface {
	Buffer(prev Rows) (Rows, error)
}

// Lener is implemented by a batch of rows in memory: Len is how many.
type Lener interface {
	Len() int
}

// ErrCommitOutcomeUnknown is engine.ErrCommitOutcomeUnknown: a driver's
// Commit returns it, by [CommitOutcomeUnknown], when COMMIT was sent and
// no answer came back.
var ErrCommitOutcomeUnknown = errors.New("engine: commit outcome unknown")

// CommitOutcomeUnknown returns err, the cause, as an error that matches
// ErrCommitOutcomeUnknown and reports itself unsafe to retry.
func CommitOutcomeUnknown(err error) error { return &commitOutcomeError{err: err} }

// commitOutcomeError is ErrCommitOutcomeUnknown with its cause. Tx.Commit
// prefixes its message with "engine: commit: ".
type commitOutcomeError struct{ err error }

func (e *commitOutcomeError) Error() string {
	return "outcome unknown: COMMIT was sent and no answer came back, so the transaction may or may not have been committed: " + e.err.Error()
}

func (e *commitOutcomeError) Is(target error) bool { return target == ErrCommitOutcomeUnknown }
func (e *commitOutcomeError) Unwrap() error        { return e.err }

// SafeToRetry reports false, whatever the cause says: the work may have
// been committed. pgconn.SafeToRetry asks it first.
func (e *commitOutcomeError) SafeToRetry() bool { return false }

// Copier is implemented by a Tx that can load many rows by a protocol
// faster than INSERT statements (PostgreSQL's COPY FROM STDIN, binary):
// engine.Tx.InsertMany then goes through it. CopyFrom inserts rows into
// the table schema.table ("" for the connection's search path), one value
// per column of columns in each row, as data, never as SQL text. It sends
// a BEGIN not yet sent first. Its errors are classified as a statement's
// are, and a failure leaves the transaction as a failed INSERT would.
type Copier interface {
	CopyFrom(ctx context.Context, schema, table string, columns []string, rows [][]any) (int64, error)
}
