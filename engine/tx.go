// engine/tx.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine/driver"
)

// rollbackTimeout bounds a rollback, which runs even when the transaction's
// context is done (the connection must be cleaned up either way).
const rollbackTimeout = 5 * time.Second

// IsolationLevel is a transaction isolation level.
type IsolationLevel int

// Isolation levels. DefaultIsolation leaves the database's default
// (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL/MariaDB). SQLite
// transactions are always serializable; it accepts and ignores every level.
const (
	DefaultIsolation IsolationLevel = iota
	ReadUncommitted
	ReadCommitted
	RepeatableRead
	Serializable
)

// TxOption sets an option of a transaction begun by [Engine.Begin] or
// [Engine.Transaction]. Options, of transactions as of engines ([Option]),
// are named With and the setting, and take its value, a switch its bool:
// engine.WithReadOnly(true), so that a caller can pass one it computed.
// (A TxOption takes and returns the options by value: given their
// address, the options of every Begin escaped to the heap.)
type TxOption func(txOptions) txOptions

// WithIsolation sets the transaction's isolation level.
func WithIsolation(level IsolationLevel) TxOption {
	return func(o txOptions) txOptions { o.d.Isolation = driver.IsolationLevel(level); return o }
}

// WithAutocommit(true) makes a Tx that is not a transaction: nothing is sent for
// BEGIN, COMMIT or ROLLBACK, and each statement's work is committed when
// the statement ends, as under the database's own autocommit (SQLAlchemy's
// AUTOCOMMIT isolation level). The Tx still holds one connection from
// Begin to Commit or Rollback, and Rollback undoes nothing.
//
// It is for reads to which a transaction adds nothing: at READ COMMITTED each
// statement takes its own snapshot anyway, and Autocommit saves the
// COMMIT's round trip (and on SQLite and MySQL the BEGIN's). It has no
// savepoints ([Tx.Begin] fails), and its [Tx.Stream] holds the connection
// as on SQLite, since a server-side cursor lives in a transaction.
// WithIsolation and WithReadOnly do not apply to it.
func WithAutocommit(on bool) TxOption {
	return func(o txOptions) txOptions { o.d.Autocommit = on; return o }
}

// WithReadOnly(true) makes the transaction read-only (START TRANSACTION
// READ ONLY on PostgreSQL and MySQL/MariaDB, where writes then fail).
// SQLite does not enforce it.
func WithReadOnly(on bool) TxOption {
	return func(o txOptions) txOptions { o.d.ReadOnly = on; return o }
}

// Tx is a database transaction on one connection checked out of the pool,
// or a savepoint within one (see [Tx.Begin]). Nothing autocommits: the work
// of a Tx is visible to others only after [Tx.Commit], and the connection
// returns to the pool when the transaction is committed or rolled back —
// so every Tx must be finished, the idiom being
//
//	tx, err := eng.Begin(ctx)
//	if err != nil { ... }
//	defer tx.Rollback(ctx) // does nothing after Commit
//	...
//	return tx.Commit(ctx)
//
// Every method that sends something takes a context, as pgx's do. The
// context a Tx was begun under also binds it: on SQLite (as a database/sql
// Tx is) the transaction is rolled back when that context is done.
//
// A Tx is used by one goroutine at a time, and runs one statement at a
// time: while a [Result] of it is open, other statements fail with
// [ErrResultOpen].
type Tx struct {
	e      *Engine
	conn   *txConn
	parent *Tx    // nil for the transaction itself
	name   string // the savepoint's name; "" for the transaction
	done   bool
}

// txConn is what a transaction and its savepoints share: the driver's
// transaction on one connection.
type txConn struct {
	dtx        driver.Tx
	ctx        context.Context // Begin's
	savepoints int             // savepoints made so far, for their names
	open       *openResult     // the Result using the connection, if any (leak.go)
	cursors    int             // server-side cursors declared, for their names (cursor.go)
	ahead      *cursorRows     // the cursor whose next FETCH is in flight, if any (cursor.go)
	autocommit bool            // begun with Autocommit: no transaction
	closes     bool            // begun with enginehook.ClosesResults: its Results are not tracked (leak.go)
	log        *slog.Logger    // for leak reports (leak.go)
	sites      bool            // Config.CallSites: record where each Result is opened (leak.go)

	// For the long-transaction watch (leak.go), which links the open
	// transactions, and guards these fields.
	began      time.Time
	site       callSite
	reported   bool
	prev, next *txConn
}

// Begin checks a connection out of the pool and begins a transaction on it.
// On PostgreSQL, BEGIN is sent with the transaction's first statement, in
// the same round trip, and not at all if none runs: the server takes the
// transaction's snapshot at its first statement anyway.
// If every connection is in use it waits, at most [Config.PoolTimeout]
// (then failing with [ErrPoolTimeout]) and at most as long as ctx allows.
func (e *Engine) Begin(ctx context.Context, opts ...TxOption) (*Tx, error) {
	var o txOptions
	for _, opt := range opts {
		o = opt(o)
	}
	dtx, err := e.checkout(ctx, o) // events.go: acquire, with the events
	if err != nil {
		return nil, err
	}
	// The transaction and its connection in one allocation (a savepoint
	// is a Tx of its own, on the same connection).
	b := &struct {
		tx   Tx
		conn txConn
	}{conn: txConn{dtx: dtx, ctx: ctx, autocommit: o.d.Autocommit, closes: o.closes, log: e.diagLogger(), sites: e.cfg.CallSites}}
	b.tx = Tx{e: e, conn: &b.conn}
	e.watch.add(&b.conn) // leak.go: the long-transaction warning
	return &b.tx, nil
}

// Transaction runs fn in a transaction: it commits if fn returns nil, and
// rolls back if fn returns an error (which Transaction returns, joined with
// any error of the rollback) or panics (the panic then continues, after the
// rollback). With [WithRetry] among opts it runs fn again in a new transaction
// after a serialization failure or a deadlock.
func (e *Engine) Transaction(ctx context.Context, fn func(tx *Tx) error, opts ...TxOption) error {
	var o txOptions
	for _, opt := range opts {
		o = opt(o)
	}
	if o.attempts > 1 {
		return retryTransaction(ctx, o.attempts, func() error { return e.transaction(ctx, fn, opts) })
	}
	return e.transaction(ctx, fn, opts)
}

func (e *Engine) transaction(ctx context.Context, fn func(tx *Tx) error, opts []TxOption) error {
	tx, err := e.Begin(ctx, opts...)
	if err != nil {
		return err
	}
	return run(ctx, tx, fn)
}

// Savepoint runs fn in a savepoint of tx, as [Engine.Transaction] runs it
// in a transaction: released if fn returns nil, rolled back to otherwise,
// the enclosing transaction going on either way.
func (tx *Tx) Savepoint(ctx context.Context, fn func(tx *Tx) error) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	return run(ctx, sp, fn)
}

func run(ctx context.Context, tx *Tx, fn func(*Tx) error) error {
	finished := false
	defer func() {
		// Reached without finished on a panic or runtime.Goexit (as
		// t.FatalNow in a test); a panic goes on after the rollback.
		if !finished {
			_ = tx.Rollback(ctx)
		}
	}()
	if err := fn(tx); err != nil {
		finished = true
		if rerr := tx.Rollback(ctx); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	finished = true
	return tx.Commit(ctx)
}

// Begin starts a nested transaction: a SAVEPOINT (named retort_sp_1,
// retort_sp_2... within the transaction). Its Commit releases the savepoint,
// keeping its work in the enclosing transaction, and its Rollback rolls back
// to the savepoint, undoing its work only. Finishing the enclosing
// transaction finishes the savepoint too.
func (tx *Tx) Begin(ctx context.Context) (*Tx, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	if tx.conn.autocommit {
		return nil, ErrAutocommit
	}
	tx.conn.savepoints++
	name := "retort_sp_" + strconv.Itoa(tx.conn.savepoints)
	if err := tx.savepoint(ctx, TxSavepoint, name); err != nil {
		return nil, err
	}
	return &Tx{e: tx.e, conn: tx.conn, parent: tx, name: name}, nil
}

// finished reports whether tx or a transaction enclosing it is finished.
func (tx *Tx) finished() bool {
	for t := tx; t != nil; t = t.parent {
		if t.done {
			return true
		}
	}
	return false
}

// usable returns an error if a statement cannot run on tx now, after
// landing a cursor's FETCH in flight, which would keep the connection busy.
func (tx *Tx) usable() error {
	if tx.finished() {
		return ErrTxDone
	}
	tx.conn.land()
	if tx.conn.open != nil {
		return fmt.Errorf("%w: close it before running another statement\nopen: %s", ErrResultOpen, shortSQL(tx.conn.open.sql))
	}
	return nil
}

// Commit commits the transaction, or releases the savepoint. It first
// closes a Result of the transaction that is still open. After Commit,
// statements fail with [ErrTxDone] and Rollback does nothing.
//
// A transaction whose commit fails is finished all the same, and nothing
// of it was committed — except when the error is [ErrCommitOutcomeUnknown]:
// COMMIT was sent and its answer lost (the connection reset or timed out
// after it left), so the server may have committed. A caller that retries
// failed transactions must not retry that one blindly: see
// ErrCommitOutcomeUnknown for what to do. Only MySQL and PostgreSQL
// connections can lose an answer; SQLite commits in the process.
func (tx *Tx) Commit(ctx context.Context) error {
	if tx.finished() {
		return ErrTxDone
	}
	tx.closeOpen("Commit")
	if tx.parent != nil {
		if err := tx.savepoint(ctx, TxReleaseSavepoint, tx.name); err != nil {
			return err
		}
		tx.done = true
		return nil
	}
	tx.done = true
	tx.e.watch.remove(tx.conn)
	ctx, cancel := tx.e.bound(ctx)
	if cancel != nil {
		defer cancel()
	}
	if err := tx.conn.dtx.Commit(ctx); err != nil {
		// A serialization failure or deferred constraint can fail COMMIT
		// itself: the driver classifies it as a statement's error.
		return fmt.Errorf("engine: commit: %w", err)
	}
	return nil
}

// bound returns ctx with the engine's StatementTimeout as its deadline, and
// the function that releases it, when ctx has no deadline and the engine a
// timeout; otherwise ctx and nil.
func (e *Engine) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if e.cfg.StatementTimeout <= 0 {
		return ctx, nil
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, nil
	}
	return context.WithTimeout(ctx, e.cfg.StatementTimeout)
}

// Rollback rolls the transaction back, or rolls back to the savepoint. It
// first closes a Result of the transaction that is still open. On a
// transaction or savepoint already finished it does nothing and returns
// nil, so that it can be deferred.
//
// Rollback runs even if ctx is cancelled while it waits for the server,
// bounded by a few seconds of its own, since the connection must be
// cleaned up before it goes back to the pool. If ctx, or the context the
// transaction was begun under, is done already, though, nothing is sent
// and Rollback returns at once: the connection is closed instead, and the
// server rolls the transaction back with it. If
// the connection was lost (on MySQL a statement cancelled by its context
// closes it), Rollback may return that error; the connection is
// discarded, and the server discards the transaction with it. Either way
// the Tx is finished.
func (tx *Tx) Rollback(ctx context.Context) error {
	if tx.finished() {
		return nil
	}
	tx.closeOpen("Rollback")
	// A done context sends nothing; the driver then discards the
	// connection rather than return it in a transaction.
	if tx.conn.ctx.Err() != nil {
		ctx = tx.conn.ctx
	}
	if ctx.Err() == nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
		defer cancel()
	}
	if tx.parent != nil {
		tx.done = true
		return tx.savepoint(ctx, TxRollbackToSavepoint, tx.name)
	}
	tx.done = true
	tx.e.watch.remove(tx.conn)
	if err := tx.conn.dtx.Rollback(ctx); err != nil {
		return fmt.Errorf("engine: rollback: %w", err)
	}
	return nil
}

// closeOpen closes the transaction's open Result, if any, for op (Commit
// or Rollback), and lands a cursor's FETCH in flight.
func (tx *Tx) closeOpen(op string) {
	if r := tx.conn.open; r != nil {
		r.end(op)
	}
	tx.conn.land()
}

// savepoint makes, releases or rolls back to the savepoint name. The
// statement is spelt alike on every database, so it goes through the
// driver's exec; a traced transaction is told what it is rather than having
// to recognise it in the SQL.
func (tx *Tx) savepoint(ctx context.Context, op TxOp, name string) error {
	var sql string
	switch op {
	case TxSavepoint:
		sql = "SAVEPOINT " + name
	case TxReleaseSavepoint:
		sql = "RELEASE SAVEPOINT " + name
	default:
		sql = "ROLLBACK TO SAVEPOINT " + name
	}
	var err error
	if t, ok := tx.conn.dtx.(*tracedTx); ok {
		err = t.savepoint(ctx, op, name, sql)
	} else {
		_, err = tx.conn.dtx.Exec(ctx, sql, nil)
	}
	return stmtError(ctx, sql, err)
}

// Exec compiles stmt with the engine's dialect and runs it, returning the
// number of rows it affected. Use [Tx.Query] for a statement that returns
// rows (a SELECT, or DML with RETURNING).
func (tx *Tx) Exec(ctx context.Context, stmt core.Statement) (int64, error) {
	c, err := tx.compile(stmt)
	if err != nil {
		return 0, err
	}
	return tx.ExecSQL(ctx, c.SQL, c.Args...)
}

// ExecSQL runs SQL text with arguments, in the driver's placeholder style
// ($1 on PostgreSQL, ? on SQLite and MySQL), returning the number of rows
// affected.
func (tx *Tx) ExecSQL(ctx context.Context, sql string, args ...any) (int64, error) {
	if err := tx.usable(); err != nil {
		return 0, err
	}
	ctx, cancel := tx.e.bound(ctx)
	if cancel != nil {
		defer cancel()
	}
	n, err := tx.conn.dtx.Exec(ctx, sql, args)
	if err != nil {
		return 0, stmtError(ctx, sql, err)
	}
	return n, nil
}

// Query compiles stmt with the engine's dialect and runs it, returning its
// rows as a [Result] that streams them: rows are read from the connection
// as the Result is advanced, never all at once. The Result must be closed
// (its methods that read all rows close it).
func (tx *Tx) Query(ctx context.Context, stmt core.Statement) (*Result, error) {
	c, err := tx.compile(stmt)
	if err != nil {
		return nil, err
	}
	return tx.QuerySQL(ctx, c.SQL, c.Args...)
}

// QuerySQL runs SQL text with arguments, in the driver's placeholder style,
// returning its rows as [Tx.Query] does.
func (tx *Tx) QuerySQL(ctx context.Context, sql string, args ...any) (*Result, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	ctx, cancel := tx.e.bound(ctx)
	rows, err := tx.conn.dtx.Query(ctx, sql, args)
	if err != nil {
		err = stmtError(ctx, sql, err)
		if cancel != nil {
			cancel()
		}
		return nil, err
	}
	r := &Result{rows: rows, sql: sql, conn: tx.conn, ctx: ctx, cancel: cancel}
	r.track(true) // leak.go; makes r the connection's open Result
	return r, nil
}

// Raw returns the driver's own connection that tx runs on, for what the
// engine does not wrap: COPY, LISTEN and NOTIFY, pgx batches. It is a
// *pgx.Conn on PostgreSQL and a *sql.Conn on SQLite and MySQL; the
// backends' Conn functions (engine/pgx.Conn, engine/sqlite.Conn,
// engine/mysql.Conn) return it typed. Statements run on it run inside the
// transaction (on PostgreSQL, Raw first sends the BEGIN the engine
// defers to the first statement) and are not seen by tracers.
//
// The connection belongs to tx: use it only until tx is committed or
// rolled back, not while a [Result] of tx is open, and leave it as
// found (UNLISTEN what was listened to, close what was prepared) since it
// goes back to the pool afterwards.
func (tx *Tx) Raw(ctx context.Context) (any, error) {
	if err := tx.usable(); err != nil {
		return nil, err
	}
	c, err := tx.conn.dtx.Conn(ctx)
	if err != nil {
		return nil, stmtError(ctx, "BEGIN", err)
	}
	return c, nil
}

func (tx *Tx) compile(stmt core.Statement) (core.Compiled, error) {
	c, err := tx.e.dialect.Compile(stmt)
	if err != nil {
		return core.Compiled{}, fmt.Errorf("engine: compile for %s: %w", tx.e.dialect, err)
	}
	return c, nil
}
