// engine/cursor.go

package engine

import (
	"context"
	"fmt"
	"strconv"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine/driver"
)

// Server-side cursors: SQLAlchemy's stream_results/yield_per.
//
// [Tx.Stream] runs a query so that no one holds more than one batch of its
// rows. On PostgreSQL that takes a server-side cursor, declared inside the
// transaction:
//
//	DECLARE "retort_cur_1" NO SCROLL CURSOR FOR <the query>
//	FETCH FORWARD <batch> FROM "retort_cur_1"     -- once per batch
//	CLOSE "retort_cur_1"
//
// Each FETCH is read off the connection whole (one batch, raw, in one slab)
// and the Result then serves its rows from memory, so between FETCHes the
// connection is free: other statements may run on the transaction while a
// streamed Result is open (the ORM's select-in loads of each batch's
// children). Elsewhere the one-Result-per-Tx rule stands.
//
// Each FETCH is sent as soon as the batch before it is in memory, so that
// the server produces a batch while the application reads the previous
// one, rather than the two taking turns. The next statement on the
// transaction, of whatever kind, first reads the FETCH in flight into
// memory (lands it), which frees the connection: the read-ahead never
// makes a statement fail, it only makes it wait for the batch.
//
// On SQLite and MySQL/MariaDB Stream is an ordinary [Tx.Query]: database/sql
// already streams (go-sql-driver/mysql reads each row from the socket as
// Next asks for it; modernc.org/sqlite steps the statement one row at a
// time), and the connection stays busy until the Result is closed.

// cursorsOn reports whether tx can declare server-side cursors: its
// driver's transaction implements driver.ServerCursors (PostgreSQL's).
func (tx *Tx) cursorsOn() bool {
	sc, ok := baseTx(tx.conn.dtx).(driver.ServerCursors)
	return ok && sc.ServerCursors()
}

// Stream compiles stmt and runs it as [Tx.StreamSQL] does. The batch size
// comes before the statement, as in StreamSQL, whose arguments must end
// with the SQL's own.
func (tx *Tx) Stream(ctx context.Context, batch int, stmt core.Statement) (*Result, error) {
	c, err := tx.compile(stmt)
	if err != nil {
		return nil, err
	}
	return tx.StreamSQL(ctx, batch, c.SQL, c.Args...)
}

// StreamSQL runs SQL text with arguments as a stream of batches of batch
// rows: on PostgreSQL through a server-side cursor (the server, the driver
// and the application each hold at most one batch), elsewhere as
// [Tx.QuerySQL] does. The Result reads like any other; its Partitions(batch)
// lines up with the FETCHes. The first batch is fetched before StreamSQL
// returns, so errors in the statement show here.
//
// On PostgreSQL the Result does not hold the connection: other statements
// may run on tx while it is open (but not while another, ordinary Result
// is: its next FETCH then fails with [ErrResultOpen]). The cursor lives in
// the transaction: committing or rolling back ends it, and the Result then
// fails at its next FETCH. Close it (or read it to the end) to send CLOSE.
func (tx *Tx) StreamSQL(ctx context.Context, batch int, sql string, args ...any) (*Result, error) {
	if batch < 1 {
		return nil, fmt.Errorf("engine: Stream: the batch size must be at least 1, not %d", batch)
	}
	if !tx.cursorsOn() {
		return tx.QuerySQL(ctx, sql, args...)
	}
	if err := tx.usable(); err != nil {
		return nil, err
	}
	// The statement's timeout runs until the Result is closed.
	ctx, cancel := tx.e.bound(ctx)
	fail := func(err error) (*Result, error) {
		if cancel != nil {
			cancel()
		}
		return nil, err
	}
	tx.conn.cursors++
	name := `"retort_cur_` + strconv.Itoa(tx.conn.cursors) + `"`
	declare := "DECLARE " + name + " NO SCROLL CURSOR FOR " + sql
	if _, err := tx.conn.dtx.Exec(ctx, declare, args); err != nil {
		return fail(stmtError(ctx, declare, err))
	}
	c := &cursorRows{tx: tx, ctx: ctx, name: name, batch: batch,
		fetch: "FETCH FORWARD " + strconv.Itoa(batch) + " FROM " + name}
	if err := c.fetchBatch(); err != nil {
		c.closeCursor()
		return fail(err)
	}
	r := &Result{rows: c, sql: sql, conn: tx.conn, ctx: ctx, cancel: cancel}
	r.track(false)
	return r, nil
}

// cursorRows are the rows of a server-side cursor, one FETCH at a time.
type cursorRows struct {
	tx    *Tx
	ctx   context.Context
	name  string
	fetch string // the FETCH statement
	batch int
	cur   driver.Rows // the current batch, in memory
	// ahead is the next FETCH, sent and not yet read; ready is that
	// batch once landed in memory, and aheadErr its error; spare is a
	// batch read to its end, whose memory the next landing reuses.
	ahead        driver.Rows
	ready, spare driver.Rows
	aheadErr     error
	cols         []string
	last         bool // the current batch is the cursor's last
	e            error
	done         bool // CLOSE sent (or not needed)
}

// fetchBatch reads the next batch into memory.
func (c *cursorRows) fetchBatch() error {
	if c.tx.finished() {
		// The cursor ended with its transaction.
		return fmt.Errorf("%w: the stream's cursor ended with it before its last row", ErrTxDone)
	}
	if err := c.tx.usable(); err != nil {
		return err
	}
	rows, err := c.tx.conn.dtx.Query(c.ctx, c.fetch, nil)
	if err != nil {
		return stmtError(c.ctx, c.fetch, err)
	}
	cur, err := c.buffer(rows, c.cur)
	if err != nil {
		return err
	}
	c.cur = cur
	if c.cols == nil {
		c.cols = cur.Columns()
	}
	c.readAhead()
	return nil
}

// readAhead notes whether the current batch is the last (a short one),
// and if not sends the next FETCH without reading it.
func (c *cursorRows) readAhead() {
	if pb, ok := c.cur.(driver.Lener); ok {
		c.last = pb.Len() < c.batch
	}
	if c.last || c.tx.finished() || c.tx.conn.open != nil || c.tx.conn.ahead != nil {
		return
	}
	rows, err := c.tx.conn.dtx.Query(c.ctx, c.fetch, nil)
	if err != nil {
		c.aheadErr = stmtError(c.ctx, c.fetch, err)
		return
	}
	c.ahead = rows
	c.tx.conn.ahead = c
}

// land reads the FETCH in flight, if any, into memory, freeing the
// connection.
func (conn *txConn) land() {
	c := conn.ahead
	if c == nil {
		return
	}
	conn.ahead = nil
	rows := c.ahead
	c.ahead = nil
	c.ready, c.aheadErr = c.buffer(rows, c.spare)
	c.spare = nil
}

// buffer reads a FETCH's rows into memory, reusing prev's.
func (c *cursorRows) buffer(rows driver.Rows, prev driver.Rows) (driver.Rows, error) {
	b, ok := rows.(driver.RowBufferer)
	if !ok {
		_ = rows.Close()
		return nil, fmt.Errorf("engine: the driver's rows cannot be buffered for a cursor (%T)", rows)
	}
	batch, err := b.Buffer(prev)
	if err != nil {
		return nil, stmtError(c.ctx, c.fetch, err)
	}
	return batch, nil
}

func (c *cursorRows) Columns() []string { return c.cols }
func (c *cursorRows) Err() error        { return c.e }

func (c *cursorRows) Next() bool {
	if c.e != nil || c.cur == nil {
		return false
	}
	if c.cur.Next() {
		return true
	}
	if c.last {
		c.cur = nil
		return false
	}
	c.tx.conn.land()
	switch {
	case c.aheadErr != nil:
		c.e, c.cur = c.aheadErr, nil
		return false
	case c.ready != nil:
		// The batch read to its end is the spare of the next landing.
		c.spare, c.cur, c.ready = c.cur, c.ready, nil
		c.readAhead()
	default:
		if err := c.fetchBatch(); err != nil {
			c.e, c.cur = err, nil
			return false
		}
	}
	return c.Next()
}

func (c *cursorRows) Scan(dest ...any) error { return c.cur.Scan(dest...) }
func (c *cursorRows) Values() ([]any, error) { return c.cur.Values() }

// close sends CLOSE, unless the cursor died with an error or its
// transaction (a statement that failed aborts a PostgreSQL transaction,
// and the cursor with it: ROLLBACK is all that is left to send).
func (c *cursorRows) Close() error {
	if c.ahead != nil {
		c.tx.conn.land()
	}
	c.cur, c.ready, c.spare = nil, nil, nil
	if c.e != nil {
		c.done = true
		return nil
	}
	return c.closeCursor()
}

func (c *cursorRows) closeCursor() error {
	if c.done {
		return nil
	}
	c.done = true
	if c.tx.finished() || c.ctx.Err() != nil {
		return nil
	}
	sql := "CLOSE " + c.name
	if err := c.tx.usable(); err != nil {
		return err
	}
	if _, err := c.tx.conn.dtx.Exec(c.ctx, sql, nil); err != nil {
		return stmtError(c.ctx, sql, err)
	}
	return nil
}
