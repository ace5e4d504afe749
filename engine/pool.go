// engine/pool.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/retortdb/retort/engine/driver"
)

// Config holds the pool settings of an [Engine]. The settings have
// SQLAlchemy's names and meanings (pool_size, max_overflow, pool_pre_ping,
// pool_recycle, pool_timeout) and are carried out by the drivers' own pools,
// pgxpool for PostgreSQL and database/sql for SQLite and MySQL; the engine
// has no pool of its own. Start from [DefaultConfig]; [Open] applies its
// options to it. On a program's pool handed to a backend's New (see
// [OpenPool]) the pool's own settings stand instead of PoolSize,
// MaxOverflow, PrePing, Recycle and IdleTimeout.
//
// How each setting maps onto the two pools:
//
//	setting      pgxpool.Config                  *sql.DB
//	-----------  ------------------------------  ------------------------------------------
//	PoolSize     (no idle cap: see below)        SetMaxIdleConns(PoolSize)
//	+MaxOverflow MaxConns = PoolSize+MaxOverflow SetMaxOpenConns(PoolSize+MaxOverflow)
//	PrePing      ShouldPing: always              MySQL: CheckConnLiveness (socket check,
//	             (off: pgx pings a connection    no round trip); SQLite: nothing to ping
//	             idle for more than 1s)
//	Recycle      MaxConnLifetime (no jitter)     SetConnMaxLifetime
//	IdleTimeout  MaxConnIdleTime                 SetConnMaxIdleTime
//	PoolTimeout  the engine bounds Acquire with a context deadline (both pools)
//
// Differences from SQLAlchemy's QueuePool, deliberately not papered over:
//
//   - pgxpool has no idle cap: a connection opened beyond PoolSize (an
//     overflow connection) stays idle in the pool until IdleTimeout or
//     Recycle closes it, where QueuePool and database/sql close it as soon
//     as it is returned to a full idle set. Set IdleTimeout to bound them.
//   - PrePing on database/sql is not a ping: database/sql has no checkout
//     hook, and checking a connection before reuse is the driver's
//     business (driver.SessionResetter / driver.Validator, called when
//     database/sql hands out a pooled connection). go-sql-driver/mysql's
//     ResetSession does a non-blocking read of the socket to see whether
//     the server closed it (CheckConnLiveness); that is the driver's
//     default already, so PrePing only forces it on against a DSN's
//     checkConnLiveness=false. A connection that died without the socket
//     showing it fails its BEGIN with driver.ErrBadConn, and the engine
//     then begins again on another connection (up to twice), as
//     database/sql does for statements that cannot have run. SQLite
//     connections are local files: there is nothing to ping.
//   - An in-memory SQLite database (sqlite::memory:) ignores these settings
//     and uses one connection that is never closed: the database lives
//     only as long as that connection. A second concurrent transaction
//     waits for the first, up to PoolTimeout.
//   - Without PrePing pgxpool still pings a connection idle for over a
//     second, which SQLAlchemy would not; it is cheap and kept.
//   - Recycle and IdleTimeout act at checkout and in each pool's periodic
//     cleanup: pgxpool's health check runs every minute
//     (HealthCheckPeriod, left at its default), so on PostgreSQL an idle
//     connection can outlive IdleTimeout by up to a minute.
type Config struct {
	// PoolSize is how many connections the pool keeps open when idle.
	// Default 5. Must be at least 1.
	PoolSize int
	// MaxOverflow is how many connections may be opened beyond PoolSize
	// under load; at most PoolSize+MaxOverflow are open at once. Default
	// 10. Must not be negative.
	MaxOverflow int
	// PrePing checks a connection before it is handed out, replacing it
	// if it is dead. Default false. See the table above for what each
	// driver can do.
	PrePing bool
	// Recycle is the maximum age of a connection: an older one is not
	// handed out again but closed, at checkout or by the pool's periodic
	// cleanup. Zero (the default) means connections never age out.
	Recycle time.Duration
	// PoolTimeout is how long checking out a connection (in
	// [Engine.Begin]) may wait when all are in use before it fails with
	// [ErrPoolTimeout]. Default 30s. Zero means no limit of the engine's:
	// only the caller's context bounds the wait.
	PoolTimeout time.Duration
	// IdleTimeout closes a connection that has been idle for this long.
	// Zero (the default) means never.
	IdleTimeout time.Duration
	// StatementTimeout bounds each statement whose context has no
	// deadline of its own: an Exec; a Query or Stream until its Result is
	// closed; a Commit, under the context its transaction began with.
	// Past it the statement fails with context.DeadlineExceeded, as if
	// its context had that deadline (on PostgreSQL the server is asked
	// to cancel it). A caller's deadline always wins, longer or shorter.
	// Zero (the default) means no bound but the caller's: a statement
	// may wait for the server, or a stalled network, for ever. Set it in
	// a service whose callers may not all set deadlines.
	StatementTimeout time.Duration
	// LongTransaction is how long a transaction may stay open before a
	// warning is logged (once per transaction): the forgotten
	// transactions that starve a pool. It comes within a quarter of this
	// past it: one goroutine of the engine, stopped by Close, checks four
	// times a period. The warning names the line that began the
	// transaction when CallSites is on. Default 1 minute; zero turns the
	// warning off (and the goroutine). See leak.go.
	LongTransaction time.Duration
	// CallSites records where each transaction is begun (while
	// LongTransaction is on) and each Result opened (but those of
	// package orm, which closes its Results itself), so that the
	// warnings of a long transaction and of a Result never closed name
	// the program's file:line. Recording a
	// stack costs over a third of a short query's own work, so it is off
	// by default: the warnings then come all the same, without the line.
	// Turn it on in development and tests, or while hunting a warning.
	CallSites bool
	// diagLogger receives the leak reports (leak.go); nil means
	// slog.Default().
	diagLogger *slog.Logger

	// tracers are those of WithTracer and WithLogger, handed to the
	// Engine by Open (a pointer, so that Config stays comparable).
	tracers *tracers
	// ownPool is WithOwnPool's.
	ownPool bool
}

// DefaultConfig returns the defaults: SQLAlchemy's QueuePool defaults for
// the pool (size 5, overflow 10, timeout 30s, no pre-ping, no recycling),
// and a warning for any transaction still open after a minute.
func DefaultConfig() Config {
	return Config{PoolSize: 5, MaxOverflow: 10, PoolTimeout: 30 * time.Second, LongTransaction: time.Minute}
}

func (c Config) validate() error {
	switch {
	case c.PoolSize < 1:
		return fmt.Errorf("PoolSize %d: must be at least 1", c.PoolSize)
	case c.MaxOverflow < 0:
		return fmt.Errorf("MaxOverflow %d: must not be negative", c.MaxOverflow)
	case c.LongTransaction < 0:
		return fmt.Errorf("LongTransaction %v: must not be negative", c.LongTransaction)
	case c.Recycle < 0, c.PoolTimeout < 0, c.IdleTimeout < 0, c.StatementTimeout < 0:
		return fmt.Errorf("durations must not be negative: Recycle %v, PoolTimeout %v, IdleTimeout %v, StatementTimeout %v",
			c.Recycle, c.PoolTimeout, c.IdleTimeout, c.StatementTimeout)
	}
	return nil
}

// Option changes one setting of the [Config] that [Open] starts from.
type Option func(*Config)

// WithConfig replaces the whole configuration; options after it still
// apply. Tracers registered by options before it are kept.
func WithConfig(c Config) Option {
	return func(cfg *Config) { ts := cfg.tracers; *cfg = c; cfg.tracers = ts }
}

// WithLongTransaction sets [Config.LongTransaction].
func WithLongTransaction(d time.Duration) Option {
	return func(c *Config) { c.LongTransaction = d }
}

// WithCallSites sets [Config.CallSites].
func WithCallSites(on bool) Option { return func(c *Config) { c.CallSites = on } }

// WithPoolSize sets [Config.PoolSize].
func WithPoolSize(n int) Option { return func(c *Config) { c.PoolSize = n } }

// WithMaxOverflow sets [Config.MaxOverflow].
func WithMaxOverflow(n int) Option { return func(c *Config) { c.MaxOverflow = n } }

// WithPrePing sets [Config.PrePing].
func WithPrePing(on bool) Option { return func(c *Config) { c.PrePing = on } }

// WithRecycle sets [Config.Recycle].
func WithRecycle(d time.Duration) Option { return func(c *Config) { c.Recycle = d } }

// WithPoolTimeout sets [Config.PoolTimeout].
func WithPoolTimeout(d time.Duration) Option { return func(c *Config) { c.PoolTimeout = d } }

// WithStatementTimeout sets [Config.StatementTimeout].
func WithStatementTimeout(d time.Duration) Option {
	return func(c *Config) { c.StatementTimeout = d }
}

// WithIdleTimeout sets [Config.IdleTimeout].
func WithIdleTimeout(d time.Duration) Option { return func(c *Config) { c.IdleTimeout = d } }

// Stats is a snapshot of an engine's pool.
type Stats struct {
	// MaxOpen is how many connections the pool may open at once (zero
	// for a program's *sql.DB that sets no limit).
	MaxOpen int
	// Open is how many connections are open, in use or idle.
	Open int
	// InUse is how many connections are checked out (held by a Tx).
	InUse int
	// Idle is how many open connections are not checked out.
	Idle int
	// Waiting is how many checkouts are in progress now: waiting for a
	// connection to be returned, or for a new one to connect, or on
	// SQLite for a writer's turn.
	Waiting int
	// Acquires counts successful checkouts since Open.
	Acquires int64
	// WaitCount counts checkouts that had to wait for a connection.
	// pgxpool counts only waits that ended with a connection
	// (EmptyAcquireCount); database/sql counts every wait, timed out or
	// not (WaitCount).
	WaitCount int64
	// WaitDuration is the total time those checkouts waited: pgxpool's
	// EmptyAcquireWaitTime, database/sql's WaitDuration.
	WaitDuration time.Duration
}

// Stats reports the state of the pool: from pgxpool.Stat on PostgreSQL and
// sql.DBStats elsewhere, with Waiting and Acquires counted by the engine
// (neither pool reports them alike).
func (e *Engine) Stats() Stats {
	s := e.pool.Stats()
	return Stats{
		MaxOpen:      e.size + e.overflow,
		Open:         s.Open,
		InUse:        s.InUse,
		Idle:         s.Idle,
		Waiting:      int(e.waiting.Load()),
		Acquires:     e.acquires.Load(),
		WaitCount:    s.WaitCount,
		WaitDuration: s.WaitDuration,
	}
}

// acquire begins a transaction on a connection checked out of the pool,
// waiting at most PoolTimeout for one.
func (e *Engine) acquire(ctx context.Context, opts txOptions) (driver.Tx, error) {
	acquireCtx := ctx
	if e.cfg.PoolTimeout > 0 {
		// ErrPoolTimeout as the cause tells the engine's deadline from
		// a deadline of the caller's.
		var cancel context.CancelFunc
		acquireCtx, cancel = context.WithTimeoutCause(ctx, e.cfg.PoolTimeout, ErrPoolTimeout)
		defer cancel()
	}
	e.waiting.Add(1)
	dtx, err := e.pool.Begin(ctx, acquireCtx, opts.d)
	if err != nil {
		// A writer that timed out waiting for its turn on SQLite says
		// so itself (ErrBusy).
		if ctx.Err() == nil && context.Cause(acquireCtx) == ErrPoolTimeout && !errors.Is(err, ErrBusy) {
			// Every checkout that outlasted the pool timeout is a
			// pool timeout, whether it waited for a connection in
			// use or for a new one to connect: at the start of a
			// burst, the pool is not yet full but its connections
			// are still connecting.
			s := e.Stats()
			e.waiting.Add(-1)
			return nil, &poolTimeoutError{size: e.size, overflow: e.overflow,
				timeout: e.cfg.PoolTimeout, inUse: s.InUse, open: s.Open, waiting: s.Waiting, err: err}
		}
		e.waiting.Add(-1)
		return nil, fmt.Errorf("engine: begin: %w", err)
	}
	e.waiting.Add(-1)
	e.acquires.Add(1)
	return dtx, nil
}
