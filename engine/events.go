// engine/events.go

package engine

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/retortdb/retort/engine/driver"
)

// Execution events, after pgx's tracers: small interfaces whose methods
// take payload structs, so that fields can be added later without breaking
// anyone. A tracer is registered with [WithTracer] (or [Engine.AddTracer]
// after Open); it implements [Tracer] and, if it wants them, [TxTracer] and
// [PoolTracer] too, detected by type assertion when it is registered.
//
// How the events are wired: when a transaction is begun on an engine with
// tracers, its driver transaction is wrapped in a tracedTx that reports
// each statement, the transaction's end and the connection's return. With
// no tracer nothing is wrapped, so the cost is one atomic load and a nil
// check per Begin, and nothing per statement.

// Tracer observes the statements an engine runs. StatementStart is called
// before each statement goes to the driver; the context it returns is the
// one StatementEnd gets (so a tracer can carry a span or a start time from
// one to the other). StatementEnd is called after an Exec, and for a query
// when its [Result] is closed (by reading it to the end, by the methods
// that read it, by Close, or by finishing the transaction): only then is
// the number of rows known. A Result that is never closed never reports
// its end.
//
// Both are called on the goroutine that runs the statement (for a query's
// end, the one that closes the Result), so a tracer registered on an engine
// used by several goroutines must be safe for concurrent use. They must not
// run statements on the transaction they observe.
type Tracer interface {
	StatementStart(ctx context.Context, data StatementStartData) context.Context
	StatementEnd(ctx context.Context, data StatementEndData)
}

// TxTracer is implemented by a [Tracer] that also wants the transaction
// events: begin, commit and rollback, and the savepoints of [Tx.Begin].
type TxTracer interface {
	TxEvent(ctx context.Context, data TxEventData)
}

// PoolTracer is implemented by a [Tracer] that also wants the pool's
// events. Connect is observed on PostgreSQL (pgxpool's AfterConnect) and
// MySQL/MariaDB (a wrapper of the driver's Connector) for pools the engine
// opened: not on SQLite, whose connections are opened by database/sql from
// a DSN, nor on a program's pool handed to a backend's New.
type PoolTracer interface {
	// Connect is called when the pool has opened a new connection,
	// before its first use.
	Connect(ctx context.Context, data ConnectData)
	// Checkout is called when [Engine.Begin] has checked a connection out
	// and begun a transaction on it, or failed to.
	Checkout(ctx context.Context, data CheckoutData)
	// Checkin is called when a transaction has ended and its connection
	// has gone back to the pool.
	Checkin(ctx context.Context, data CheckinData)
}

// StatementKind tells how a statement was run.
type StatementKind uint8

// Statement kinds.
const (
	// KindExec is a statement run by [Tx.Exec] or [Tx.ExecSQL].
	KindExec StatementKind = iota + 1
	// KindQuery is a statement run by [Tx.Query] or [Tx.QuerySQL].
	KindQuery
	// KindSavepoint is SAVEPOINT, RELEASE SAVEPOINT or ROLLBACK TO
	// SAVEPOINT, run by [Tx.Begin], Commit and Rollback on a savepoint.
	// Such a statement is reported as a statement and as a [TxEventData].
	KindSavepoint
	// KindCopy is a COPY ... FROM STDIN run by [Tx.InsertMany] on
	// PostgreSQL: one statement for all its rows, whose Args are nil.
	KindCopy
)

// String returns "exec", "query", "savepoint" or "copy".
func (k StatementKind) String() string {
	switch k {
	case KindExec:
		return "exec"
	case KindQuery:
		return "query"
	case KindSavepoint:
		return "savepoint"
	case KindCopy:
		return "copy"
	}
	return "unknown"
}

// StatementStartData is what [Tracer.StatementStart] receives.
type StatementStartData struct {
	// SQL is the statement's text as the driver receives it, in its
	// placeholder style ($1 on PostgreSQL, ? on SQLite and MySQL).
	SQL string
	// Args are the statement's arguments, in placeholder order. The
	// slice is the one the driver gets: read it, do not modify it, and
	// copy it to keep it.
	Args []any
	// Kind tells how the statement was run.
	Kind StatementKind
}

// StatementEndData is what [Tracer.StatementEnd] receives.
type StatementEndData struct {
	SQL  string
	Args []any // as in StatementStartData
	Kind StatementKind
	// Duration is the time from StatementStart to this event: for an
	// Exec, the round trip; for a query, until its Result was closed,
	// reading the rows included.
	Duration time.Duration
	// Rows is the number of rows affected for an Exec, and the number of
	// rows read for a query (all of them if the Result was read to the
	// end; fewer if it was closed early).
	Rows int64
	// Err is the statement's error (a *[StatementError]), or nil. An
	// error scanning a row into the caller's variables is not the
	// statement's and is not reported here.
	Err error
}

// TxOp is a transaction event's operation.
type TxOp uint8

// Transaction operations.
const (
	TxBegin               TxOp = iota + 1 // BEGIN, after a connection is checked out
	TxCommit                              // COMMIT of the transaction
	TxRollback                            // ROLLBACK of the transaction
	TxSavepoint                           // SAVEPOINT, by Tx.Begin on a Tx
	TxReleaseSavepoint                    // RELEASE SAVEPOINT, by a savepoint's Commit
	TxRollbackToSavepoint                 // ROLLBACK TO SAVEPOINT, by a savepoint's Rollback
)

// String returns the operation's SQL keyword: "BEGIN", "COMMIT",
// "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT" or "ROLLBACK TO SAVEPOINT".
func (op TxOp) String() string {
	switch op {
	case TxBegin:
		return "BEGIN"
	case TxCommit:
		return "COMMIT"
	case TxRollback:
		return "ROLLBACK"
	case TxSavepoint:
		return "SAVEPOINT"
	case TxReleaseSavepoint:
		return "RELEASE SAVEPOINT"
	case TxRollbackToSavepoint:
		return "ROLLBACK TO SAVEPOINT"
	}
	return "unknown"
}

// TxEventData is what [TxTracer.TxEvent] receives, after the operation.
type TxEventData struct {
	Op TxOp
	// Savepoint is the savepoint's name for the savepoint operations.
	Savepoint string
	// Duration is how long the operation took. For TxBegin it includes
	// checking the connection out of the pool (the drivers do both in
	// one call).
	Duration time.Duration
	// Err is the operation's error, or nil. A failed Begin reports only
	// a [PoolTracer.Checkout] event, with the error.
	Err error
	// Deferred is set when nothing was sent for the operation: for
	// TxBegin on PostgreSQL, where BEGIN goes later, with the
	// transaction's first statement and in its round trip; for TxCommit
	// and TxRollback when no statement ran, so that the transaction never
	// reached the server; and for all three under [WithAutocommit], which
	// sends none of them.
	Deferred bool
	// Autocommit is set for the events of a Tx begun with [WithAutocommit]:
	// there is no transaction, and nothing is sent for them.
	Autocommit bool
}

// ConnectData is what [PoolTracer.Connect] receives. It has no fields yet.
type ConnectData struct{}

// CheckoutData is what [PoolTracer.Checkout] receives.
type CheckoutData struct {
	// Wait is how long Begin took to check out a connection and begin
	// the transaction: the wait for a free connection, a new connection's
	// connect, a pre-ping, and BEGIN.
	Wait time.Duration
	// Err is why no connection was checked out (an [ErrPoolTimeout], a
	// context's error...), or nil.
	Err error
}

// CheckinData is what [PoolTracer.Checkin] receives.
type CheckinData struct {
	// Held is how long the connection was checked out.
	Held time.Duration
}

// tracers is an immutable set of registered tracers, split by the
// interfaces they implement.
type tracers struct {
	stmt []Tracer
	tx   []TxTracer
	pool []PoolTracer
}

// with returns a copy of ts (which may be nil) with t added.
func (ts *tracers) with(t Tracer) *tracers {
	n := &tracers{}
	if ts != nil {
		n.stmt = append(n.stmt, ts.stmt...)
		n.tx = append(n.tx, ts.tx...)
		n.pool = append(n.pool, ts.pool...)
	}
	n.stmt = append(n.stmt, t)
	if tt, ok := t.(TxTracer); ok {
		n.tx = append(n.tx, tt)
	}
	if pt, ok := t.(PoolTracer); ok {
		n.pool = append(n.pool, pt)
	}
	return n
}

// WithTracer registers t on the engine: it observes every statement, and
// the transaction and pool events if it implements [TxTracer] or
// [PoolTracer]. Tracers are called in the order they were registered. The
// option may be given more than once; [WithLogger] is one too.
func WithTracer(t Tracer) Option {
	return func(c *Config) {
		if t != nil {
			c.tracers = c.tracers.with(t)
		}
	}
}

// AddTracer registers t on an open engine, as [WithTracer] does at Open.
// It is safe to call while the engine is in use; transactions begun before
// the call are not observed by t (a transaction's tracers are fixed when it
// begins), except for their checkin. The pool's Connect events reach t for
// connections opened after the call.
func (e *Engine) AddTracer(t Tracer) {
	if t == nil {
		return
	}
	for {
		old := e.tracers.Load()
		if e.tracers.CompareAndSwap(old, old.with(t)) {
			return
		}
	}
}

// engineTracers is the Engine's field holding its tracers (nil when
// there are none).
type engineTracers = atomic.Pointer[tracers]

// connected reports a new connection to the pool tracers.
func (e *Engine) connected(ctx context.Context) {
	if ts := e.tracers.Load(); ts != nil {
		for _, t := range ts.pool {
			t.Connect(ctx, ConnectData{})
		}
	}
}

// checkout is Engine.acquire with the Checkout and Begin events, and the
// driver's transaction wrapped for the statement events, when the engine
// has tracers.
func (e *Engine) checkout(ctx context.Context, opts txOptions) (driver.Tx, error) {
	ts := e.tracers.Load()
	if ts == nil {
		return e.acquire(ctx, opts)
	}
	start := time.Now()
	dtx, err := e.acquire(ctx, opts)
	wait := time.Since(start)
	for _, t := range ts.pool {
		t.Checkout(ctx, CheckoutData{Wait: wait, Err: err})
	}
	if err != nil {
		return nil, err
	}
	deferred := unsent(dtx)
	for _, t := range ts.tx {
		t.TxEvent(ctx, TxEventData{Op: TxBegin, Duration: wait, Deferred: deferred, Autocommit: opts.d.Autocommit})
	}
	return &tracedTx{Tx: dtx, ts: ts, since: time.Now(), autocommit: opts.d.Autocommit}, nil
}

// tracedTx is a driver transaction that reports its statements and its
// end to tracers.
type tracedTx struct {
	driver.Tx
	ts    *tracers
	since time.Time // checkout
	// autocommit: begun with Autocommit, not a transaction.
	autocommit bool
}

func (t *tracedTx) start(ctx context.Context, sql string, args []any, kind StatementKind) context.Context {
	for _, tr := range t.ts.stmt {
		ctx = tr.StatementStart(ctx, StatementStartData{SQL: sql, Args: args, Kind: kind})
	}
	return ctx
}

func (t *tracedTx) end(ctx context.Context, d StatementEndData) {
	for _, tr := range t.ts.stmt {
		tr.StatementEnd(ctx, d)
	}
}

func (t *tracedTx) Exec(ctx context.Context, sql string, args []any) (int64, error) {
	tctx := t.start(ctx, sql, args, KindExec)
	start := time.Now()
	n, err := t.Tx.Exec(ctx, sql, args)
	t.end(tctx, StatementEndData{SQL: sql, Args: args, Kind: KindExec, Duration: time.Since(start), Rows: n,
		Err: stmtError(ctx, sql, err)})
	return n, err
}

// savepoint runs a savepoint statement of tx.go, reporting it as a statement
// of KindSavepoint and as a transaction event.
func (t *tracedTx) savepoint(ctx context.Context, op TxOp, name, sql string) error {
	tctx := t.start(ctx, sql, nil, KindSavepoint)
	start := time.Now()
	_, err := t.Tx.Exec(ctx, sql, nil)
	d := time.Since(start)
	// Rows stays 0: SQLite reports the previous statement's count here.
	t.end(tctx, StatementEndData{SQL: sql, Kind: KindSavepoint, Duration: d, Err: stmtError(ctx, sql, err)})
	for _, tr := range t.ts.tx {
		tr.TxEvent(ctx, TxEventData{Op: op, Savepoint: name, Duration: d, Err: stmtError(ctx, sql, err)})
	}
	return err
}

func (t *tracedTx) Query(ctx context.Context, sql string, args []any) (driver.Rows, error) {
	tctx := t.start(ctx, sql, args, KindQuery)
	start := time.Now()
	rows, err := t.Tx.Query(ctx, sql, args)
	if err != nil {
		t.end(tctx, StatementEndData{SQL: sql, Args: args, Kind: KindQuery, Duration: time.Since(start), Err: stmtError(ctx, sql, err)})
		return nil, err
	}
	return &tracedRows{Rows: rows, tx: t, ctx: ctx, tctx: tctx, sql: sql, args: args, start: start}, nil
}

// unsent reports whether dtx has sent nothing that COMMIT or ROLLBACK
// would have to end: known before the commit or rollback only.
func unsent(dtx driver.Tx) bool {
	b, ok := dtx.(driver.BeginSender)
	return ok && !b.SentBegin()
}

func (t *tracedTx) Commit(ctx context.Context) error {
	nothing := unsent(t.Tx)
	start := time.Now()
	err := t.Tx.Commit(ctx)
	t.finished(ctx, TxCommit, time.Since(start), err, nothing)
	return err
}

func (t *tracedTx) Rollback(ctx context.Context) error {
	nothing := unsent(t.Tx)
	start := time.Now()
	err := t.Tx.Rollback(ctx)
	t.finished(ctx, TxRollback, time.Since(start), err, nothing)
	return err
}

// finished reports the transaction's end and the connection's checkin
// (the drivers return the connection whether or not the commit or
// rollback succeeded).
func (t *tracedTx) finished(ctx context.Context, op TxOp, d time.Duration, err error, unsent bool) {
	for _, tr := range t.ts.tx {
		tr.TxEvent(ctx, TxEventData{Op: op, Duration: d, Err: err, Deferred: unsent, Autocommit: t.autocommit})
	}
	held := time.Since(t.since)
	for _, tr := range t.ts.pool {
		tr.Checkin(ctx, CheckinData{Held: held})
	}
}

// tracedRows counts a query's rows and reports its end when closed.
type tracedRows struct {
	driver.Rows
	tx        *tracedTx
	ctx, tctx context.Context // the statement's; the tracers'
	sql       string
	args      []any
	start     time.Time
	n         int64
	ended     bool
}

func (r *tracedRows) Next() bool {
	if r.Rows.Next() {
		r.n++
		return true
	}
	return false
}

func (r *tracedRows) Close() error {
	cerr := r.Rows.Close()
	if !r.ended {
		r.ended = true
		err := r.Rows.Err()
		if err == nil {
			err = cerr
		}
		r.tx.end(r.tctx, StatementEndData{SQL: r.sql, Args: r.args, Kind: KindQuery,
			Duration: time.Since(r.start), Rows: r.n, Err: stmtError(r.ctx, r.sql, err)})
	}
	return cerr
}

// baseTx returns the driver's own transaction under the tracing wrapper,
// for code that looks for an optional capability of the driver by type
// assertion (the wrapper has only driverTx's methods). Statements run on
// the result are not traced.
func baseTx(d driver.Tx) driver.Tx {
	if t, ok := d.(*tracedTx); ok {
		return t.Tx
	}
	return d
}

// baseRows is baseTx for rows. Rows read from the result are not counted,
// and the query's end is reported only when the wrapper is closed.
func baseRows(r driver.Rows) driver.Rows {
	if t, ok := r.(*tracedRows); ok {
		return t.Rows
	}
	return r
}
