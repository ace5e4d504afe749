// engine/pgx/pgx.go

package pgx

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/driver"
)

// PostgreSQL runs on pgx natively: pgxpool and the binary protocol, not
// pgx's database/sql adapter.

func init() {
	engine.Register("postgres", pgxDriver{})
	engine.Register("postgresql", pgxDriver{})
}

// pgxDriver opens pools from postgres:// DSNs.
type pgxDriver struct{}

// forever stands for "no limit" in pgxpool settings where zero means
// something else (MaxConnIdleTime zero closes every idle connection).
const forever = time.Duration(math.MaxInt64)

type pgxPool struct {
	pool    *pgxpool.Pool
	cancels *cancels // cancel.go; nil for a program's pool
	// simple: the pool's connections run pgx's simple_protocol exec
	// mode, which writes arguments into the SQL text (see noNUL).
	simple bool
}

// newPool wraps pool; cancels is nil for a program's pool.
func newPool(pool *pgxpool.Pool, cancels *cancels) *pgxPool {
	// Config copies the whole config: read once, not per statement.
	simple := pool.Config().ConnConfig.DefaultQueryExecMode == pgx.QueryExecModeSimpleProtocol
	return &pgxPool{pool: pool, cancels: cancels, simple: simple}
}

// Open opens the pool; cfg.Connected is called for each new connection.
func (pgxDriver) Open(ctx context.Context, dsn string, cfg driver.Config) (driver.Pool, error) {
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err // pgconn's ParseConfigError redacts the password
	}
	pc.MaxConns = int32(cfg.MaxOpen)
	pc.MinConns = 0
	pc.MaxConnLifetime = cfg.Recycle // zero: never, as in pgxpool
	pc.MaxConnLifetimeJitter = 0
	pc.MaxConnIdleTime = cfg.IdleTimeout
	if cfg.IdleTimeout <= 0 {
		pc.MaxConnIdleTime = forever
	}
	// Ping every connection on checkout with PrePing, and without it one
	// idle for over a second, as pgxpool does by default; but the engine
	// pings, not pgxpool (see pinged).
	pc.ShouldPing = func(_ context.Context, sp pgxpool.ShouldPingParams) bool {
		if cfg.PrePing || sp.IdleDuration > time.Second {
			sp.Conn.PgConn().CustomData()[pingKey] = true
		}
		return false
	}
	cancels := configure(pc, newCancels(), cfg.Connected)
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, err
	}
	p := newPool(pool, cancels)
	// pgxpool connects lazily; connect once so that a wrong host, user
	// or password fails Open rather than the first transaction.
	if err := pool.Ping(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// configure sets on pc what the engine's connections need: cancel
// requests by cancels (which it returns), the session's time zone, the
// engine's codecs, and then pc's own AfterConnect, if any, and connected.
func configure(pc *pgxpool.Config, cancels *cancels, connected func(context.Context)) *cancels {
	// A cancelled context sends the server a cancel request, so the
	// backend stops working on the statement, rather than pgx's default
	// of dropping the socket and leaving the query running; the caller
	// does not wait long for its answer (cancel.go).
	pc.ConnConfig.BuildContextWatcherHandler = cancels.handler
	utcSession(pc.ConnConfig.RuntimeParams)
	theirs := pc.AfterConnect
	pc.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		withPointerPlans(c.TypeMap())
		withNumericCodec(c.TypeMap())
		withUTCTimes(c.TypeMap())
		withUUIDs(c.TypeMap())
		if theirs != nil {
			if err := theirs(ctx, c); err != nil {
				return err
			}
		}
		if connected != nil {
			connected(ctx)
		}
		return nil
	}
	return cancels
}

func (p *pgxPool) Dialect() *core.Dialect { return postgres.Dialect }

func (p *pgxPool) Begin(ctx, acquireCtx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var conn *pgxpool.Conn
	for conn == nil {
		var err error
		if conn, err = p.pool.Acquire(acquireCtx); err != nil {
			return nil, err
		}
		conn = pinged(acquireCtx, conn)
	}
	if opts.Autocommit {
		return &pgxTx{conn: conn, autocommit: true, simple: p.simple}, nil
	}
	begin := "BEGIN"
	if level := opts.Isolation.String(); level != "" {
		begin += " ISOLATION LEVEL " + level
	}
	if opts.ReadOnly {
		begin += " READ ONLY"
	}
	return &pgxTx{conn: conn, begin: begin, simple: p.simple}, nil
}

// pingKey marks, in a connection's CustomData, a connection to be pinged
// before it is handed out.
const pingKey = "retort.ping"

// pinged returns conn, pinging it first if it is so marked, or nil if the
// ping failed: conn is then closed (release). pgxpool would ping it itself,
// but it keeps a connection whose ping failed in its place in the pool
// while pgx cleans it up, up to 15 seconds on a stalled network.
func pinged(ctx context.Context, conn *pgxpool.Conn) *pgxpool.Conn {
	data := conn.Conn().PgConn().CustomData()
	if data[pingKey] == nil {
		return conn
	}
	delete(data, pingKey)
	if err := conn.Ping(ctx); err != nil {
		if !conn.Conn().IsClosed() {
			// Failed without pgx closing it (a ping cut short by ctx
			// before anything was sent): not to be handed out.
			data[cancelledKey] = true
		}
		release(conn)
		return nil
	}
	return conn
}

func (p *pgxPool) Stats() driver.Stats {
	s := p.pool.Stat()
	return driver.Stats{
		MaxOpen:      int(s.MaxConns()),
		Open:         int(s.TotalConns()),
		InUse:        int(s.AcquiredConns()),
		Idle:         int(s.IdleConns()),
		WaitCount:    s.EmptyAcquireCount(),
		WaitDuration: s.EmptyAcquireWaitTime(),
	}
}

func (p *pgxPool) Close() error {
	p.pool.Close()
	if p.cancels != nil {
		p.cancels.close()
	}
	return nil
}

// pgxTx is a transaction on a pgx connection. Its BEGIN is sent with its
// first statement, in one round trip (a pipeline of the two), rather than
// by itself: a transaction of n statements then costs n+1 round trips, not
// n+2, and one that runs none costs none. The server takes a transaction's
// snapshot at its first statement either way.
type pgxTx struct {
	conn *pgxpool.Conn
	// begin is the BEGIN statement, until it is sent; always empty under
	// Autocommit, which sends none.
	begin      string
	autocommit bool
	simple     bool // see pgxPool.simple
	// refused is set when the server refused the transaction's first
	// statement before BEGIN ran (see pipelined): the transaction has
	// then failed, as if BEGIN had run, and sends nothing more.
	refused bool
}

// errAborted returns PostgreSQL's error for a statement in a failed
// transaction, which a Tx whose first statement was refused gives too.
func errAborted() error {
	return &pgconn.PgError{
		Severity: "ERROR",
		Code:     "25P02",
		Message:  "current transaction is aborted, commands ignored until end of transaction block",
	}
}

// begun reports whether statements go straight to the connection: BEGIN
// has been sent, or none is to be.
func (t *pgxTx) begun() bool { return t.begin == "" }

// sentBegin reports whether a transaction may be open on the server: this
// Tx sent BEGIN, or the server says one is open (a BEGIN whose reply was
// lost to a cancelled context still has to be ended). It reads the
// connection, so it is called before the connection is released.
func (t *pgxTx) SentBegin() bool {
	return (t.begin == "" && !t.autocommit) || t.conn.Conn().PgConn().TxStatus() != 'I'
}

// pipelined sends BEGIN and then sql in one batch, returning the batch's
// results with BEGIN's read: the caller reads sql's and closes them.
//
// Whether BEGIN ran depends on pgx's exec mode. In the cache modes and
// describe_exec, pgx has the server prepare sql first, in a round trip of
// its own, and runs nothing if the server refuses it (a syntax error, a
// missing table); under exec, BEGIN runs and sql's refusal aborts the
// transaction; under simple_protocol, the server parses the two together
// and runs neither if it cannot parse them. So what the server did is
// read from BEGIN's result, and when BEGIN did not run but the server
// refused sql, the transaction is marked failed (refused), as the server
// marks it in the other case: in every mode the statements after a
// failed first one get 25P02 and COMMIT rolls back, as after any failed
// statement. A failure of pgx's own before anything was sent (an
// argument it cannot encode) leaves BEGIN to go with the next statement,
// in every mode.
func (t *pgxTx) pipelined(ctx context.Context, sql string, args []any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	b.Queue(t.begin)
	b.Queue(sql, args...)
	br := t.conn.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		var pgErr *pgconn.PgError
		pc := t.conn.Conn().PgConn()
		if errors.As(err, &pgErr) && !pc.IsClosed() && pc.TxStatus() == 'I' {
			t.refused = true
		}
		return nil, err
	}
	t.begin = ""
	return br, nil
}

// check returns why sql cannot be sent, or nil: the transaction failed
// (refused), or an argument has a NUL byte that simple_protocol cannot
// carry (see noNUL).
func (t *pgxTx) check(args []any) error {
	if t.refused {
		return errAborted()
	}
	if t.simple {
		return noNUL(args)
	}
	return nil
}

// noNUL returns an error if a string argument holds a NUL byte. Under
// simple_protocol pgx writes arguments into the SQL text, which the
// protocol ends at its first NUL: the server would refuse the message as
// malformed (08P01, "invalid message format"). The other modes send the
// value apart and the server refuses it as text (22021); this gives that
// error in every mode, so that a program branches on one code.
func noNUL(args []any) error {
	for i, a := range args {
		var bad bool
		switch v := a.(type) {
		case string:
			bad = strings.IndexByte(v, 0) >= 0
		case *string:
			bad = v != nil && strings.IndexByte(*v, 0) >= 0
		case []string:
			bad = slices.ContainsFunc(v, func(s string) bool { return strings.IndexByte(s, 0) >= 0 })
		}
		if bad {
			return &pgconn.PgError{
				Severity: "ERROR",
				Code:     "22021",
				Message:  `invalid byte sequence for encoding "UTF8": 0x00`,
				Detail:   fmt.Sprintf("argument $%d holds a NUL byte, which pgx's simple_protocol exec mode cannot send; the statement was not sent", i+1),
			}
		}
	}
	return nil
}

func (t *pgxTx) Exec(ctx context.Context, sql string, args []any) (int64, error) {
	if err := t.check(args); err != nil {
		return 0, err
	}
	args = uuidArgs(args)
	if !t.begun() {
		br, err := t.pipelined(ctx, sql, args)
		if err != nil {
			return 0, classify(err)
		}
		tag, err := br.Exec()
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		return tag.RowsAffected(), classify(err)
	}
	tag, err := t.conn.Exec(ctx, sql, args...)
	if err != nil {
		return 0, classify(err)
	}
	return tag.RowsAffected(), nil
}

// Conn returns the *pgx.Conn, with the transaction begun on it.
func (t *pgxTx) Conn(ctx context.Context) (any, error) {
	if t.refused {
		return nil, errAborted()
	}
	if !t.begun() {
		if _, err := t.conn.Exec(ctx, t.begin); err != nil {
			return nil, classify(err)
		}
		t.begin = ""
	}
	return t.conn.Conn(), nil
}

func (t *pgxTx) Query(ctx context.Context, sql string, args []any) (driver.Rows, error) {
	if err := t.check(args); err != nil {
		return nil, err
	}
	args = uuidArgs(args)
	rows, err := t.query(ctx, sql, args)
	if err != nil {
		return nil, classify(err)
	}
	return rows, nil
}

func (t *pgxTx) query(ctx context.Context, sql string, args []any) (*pgxRows, error) {
	var rows pgx.Rows
	var br pgx.BatchResults
	if !t.begun() {
		var err error
		if br, err = t.pipelined(ctx, sql, args); err != nil {
			return nil, err
		}
		// A statement that fails as it runs (a division by zero, a
		// duplicate key) fails here, and its rows are then only a shell
		// holding the error: pgx's accessors would dereference its
		// missing result.
		if rows, err = br.Query(); err != nil {
			br.Close()
			return nil, err
		}
	} else {
		var err error
		if rows, err = t.conn.Query(ctx, sql, args...); err != nil {
			return nil, err
		}
	}
	// pgx reports a statement's error on the first Next or at Close, not
	// here. The field descriptions are there as soon as the server
	// described the result; without them the statement either returns
	// no rows (an INSERT run as a query) or failed before it was
	// described (a lost connection: FATAL 57P01, a reset). Reading the
	// result to its end tells which, at no cost: it has no rows to read.
	if rows.FieldDescriptions() == nil {
		rows.Close()
		if err := rows.Err(); err != nil {
			if br != nil {
				br.Close()
			}
			return nil, err
		}
	}
	return &pgxRows{rows: rows, batch: br}, nil
}

// Commit commits and returns the connection (see release).
func (t *pgxTx) Commit(ctx context.Context) error {
	return classify(t.commit(ctx))
}

func (t *pgxTx) commit(ctx context.Context) error {
	defer release(t.conn)
	if t.refused {
		// What the server answers to COMMIT of a failed transaction.
		return pgx.ErrTxCommitRollback
	}
	if !t.SentBegin() {
		return nil
	}
	if t.conn.Conn().IsClosed() {
		// Lost before COMMIT could be sent: the server rolled the
		// transaction back when it lost the connection.
		return fmt.Errorf("the connection was lost before COMMIT; the transaction was rolled back: %w", pgconn.ErrConnClosed)
	}
	if err := ctx.Err(); err != nil {
		// COMMIT is not sent under a context that is done.
		return err
	}
	tag, err := t.conn.Exec(ctx, "COMMIT")
	if err == nil && tag.String() == "ROLLBACK" {
		// The server ends a failed transaction's COMMIT with a rollback.
		err = pgx.ErrTxCommitRollback
	}
	var pgErr *pgconn.PgError
	if err != nil && !errors.As(err, &pgErr) {
		// COMMIT may have been sent, and no answer came back: the
		// server may have committed before the connection went. (The
		// connection was open and the context live when it was sent.
		// pgx's SafeToRetry cannot tell: when the connection is reset
		// as it waits for the answer, pgx reports "conn closed", an
		// error it marks safe to retry.)
		return driver.CommitOutcomeUnknown(err)
	}
	return err
}

func (t *pgxTx) Rollback(ctx context.Context) error {
	defer release(t.conn)
	if !t.SentBegin() {
		return nil
	}
	if t.conn.Conn().IsClosed() || ctx.Err() != nil {
		// The server rolled the transaction back when it lost the
		// connection (pgx would say "conn closed" and nothing more), or
		// will when release closes it, since ROLLBACK cannot be sent
		// under a context that is done.
		return nil
	}
	_, err := t.conn.Exec(ctx, "ROLLBACK")
	return classify(err)
}

type pgxRows struct {
	rows pgx.Rows
	sc   pgxScanner
	// batch, when the query went with BEGIN, is closed after rows.
	batch pgx.BatchResults
	cols  []string
}

func (r *pgxRows) Columns() []string {
	if r.cols == nil {
		fds := r.rows.FieldDescriptions()
		r.cols = make([]string, len(fds))
		for i, fd := range fds {
			r.cols[i] = fd.Name
		}
	}
	return r.cols
}

func (r *pgxRows) Next() bool { return r.rows.Next() }
func (r *pgxRows) Scan(dest ...any) error {
	if len(dest) == 1 {
		if _, ok := dest[0].(pgx.RowScanner); ok {
			return r.rows.Scan(dest...) // which hands it the rows
		}
	}
	return r.sc.scan(r.rows.Conn().TypeMap(), r.rows.FieldDescriptions(), r.rows.RawValues(), dest)
}
func (r *pgxRows) Err() error { return classify(r.rows.Err()) }

func (r *pgxRows) Values() ([]any, error) {
	v, err := r.rows.Values()
	if err != nil {
		return nil, fmt.Errorf("read row values: %w", err)
	}
	return v, nil
}

func (r *pgxRows) Close() error {
	r.rows.Close()
	err := r.rows.Err()
	if r.batch != nil {
		if berr := r.batch.Close(); err == nil {
			err = berr
		}
		r.batch = nil
	}
	return classify(err)
}
