// engine/driver.go

package engine

import (
	"context"
	"time"
)

// The driver interface hides pgx from database/sql. Only driver_pgx.go and
// driver_sql.go know which library runs; everything else in the package
// (transactions, results, scanning, and later events and cursors) talks to
// these three interfaces. They are deliberately small, in the spirit of
// database/sql/driver: an optional capability a later driver feature needs
// (pgx batches, COPY, server-side cursors) should be a separate interface
// detected by type assertion, not a new method every driver must grow.

// driverPool is a driver's own connection pool.
type driverPool interface {
	// begin checks out a connection and starts a transaction on it.
	// Checking out is bounded by acquireCtx (which carries the engine's
	// pool timeout); the transaction itself lives under ctx.
	begin(ctx, acquireCtx context.Context, opts txOptions) (driverTx, error)
	// stats reports the pool's counters. Waiting is not among them:
	// neither pool reports current waiters, so the engine counts them.
	stats() driverStats
	// close closes the pool. pgxpool waits for connections in use to be
	// returned; database/sql closes them when they are.
	close() error
}

// driverStats is what a driver's pool can tell about itself.
type driverStats struct {
	open         int           // connections open, in use or idle
	inUse        int           // connections checked out
	idle         int           // connections open and not checked out
	waitCount    int64         // checkouts that had to wait for a connection
	waitDuration time.Duration // total time those checkouts waited
}

// driverTx is a transaction on one checked-out connection. Finishing it
// (commit or rollback, successful or not) returns the connection to the
// pool.
type driverTx interface {
	exec(ctx context.Context, sql string, args []any) (int64, error)
	// query starts a statement whose rows stream: the driver reads them
	// from the connection as next asks for them.
	query(ctx context.Context, sql string, args []any) (driverRows, error)
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
	// Savepoints need no methods of their own: SAVEPOINT, RELEASE
	// SAVEPOINT and ROLLBACK TO SAVEPOINT are spelt alike on PostgreSQL,
	// SQLite and MySQL/MariaDB, so tx.go sends them through exec.
}

// beginSender is a driverTx that may not have sent BEGIN yet (PostgreSQL
// sends it with the first statement), or never does (Autocommit);
// sentBegin reports whether a transaction may be open on the server, so
// that COMMIT or ROLLBACK is to be sent.
type beginSender interface{ sentBegin() bool }

// driverRows is the stream of a query's rows. The connection is busy until
// close.
type driverRows interface {
	columns() []string
	next() bool
	// scan copies the current row into dest, one pointer per column,
	// with the driver's own conversions.
	scan(dest ...any) error
	// values returns the current row as Go values: the driver's natural
	// type for each column, with text as string rather than []byte.
	values() ([]any, error)
	// close releases the rows; it is safe to call more than once.
	close() error
	err() error
}

// txOptions are the driver-neutral transaction options.
type txOptions struct {
	isolation  IsolationLevel
	readOnly   bool
	autocommit bool
	closes     bool // ClosesResults
	attempts   int  // Retry, read by Engine.Transaction only
}
