// engine/pgx/cancel.go

package pgx

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
)

// When a statement's context is done, PostgreSQL is asked to stop it (a
// cancel request, sent on a connection of its own) and the statement's
// call returns as soon as the server answers, with SQLSTATE 57014, keeping
// the connection. If no answer comes within cancelGrace (the network has
// stalled, the server is gone), the call returns anyway: the socket's
// deadline ends the wait, pgx closes the connection, and the cancel
// request goes on in the background. A call thus returns within
// cancelGrace of its context's deadline, whatever the network does.
//
// pgx's own handler waits two seconds for the answer, and after it, for
// the cancel request to finish plus 100 ms, lest a cancel that arrives late
// stop the connection's next statement. The engine never gives a
// connection whose statement it cancelled to another transaction (see
// release), so it need not wait for that.

// cancelGrace is how long a cancelled statement waits for the server's
// answer to the cancel request. A server that is up answers within a few
// milliseconds.
const cancelGrace = 50 * time.Millisecond

// cancelRequestTimeout bounds a cancel request sent in the background.
const cancelRequestTimeout = 10 * time.Second

// cancelledKey marks, in a connection's CustomData, a connection whose
// statement the engine asked the server to cancel.
const cancelledKey = "retort.cancelled"

// cancels tracks the cancel requests a pool has in flight, so that
// closing the pool stops and waits for them.
type cancels struct {
	ctx  context.Context // done when the pool closes
	stop context.CancelFunc
	wg   sync.WaitGroup
}

func newCancels() *cancels {
	ctx, stop := context.WithCancel(context.Background())
	return &cancels{ctx: ctx, stop: stop}
}

// close stops the cancel requests in flight and waits for them.
func (c *cancels) close() {
	c.stop()
	c.wg.Wait()
}

// handler returns the context watcher handler of conn (pgconn's
// BuildContextWatcherHandler).
func (c *cancels) handler(conn *pgconn.PgConn) ctxwatch.Handler {
	return &cancelHandler{conn: conn, cancels: c}
}

// cancelHandler is a connection's ctxwatch.Handler: HandleCancel runs on
// the watcher's goroutine when the statement's context is done, and
// HandleUnwatchAfterCancel on the statement's goroutine when it returns.
type cancelHandler struct {
	conn    *pgconn.PgConn
	cancels *cancels
}

func (h *cancelHandler) HandleCancel(context.Context) {
	h.conn.Conn().SetDeadline(time.Now().Add(cancelGrace))
	h.cancels.wg.Add(1)
	go func() {
		defer h.cancels.wg.Done()
		ctx, cancel := context.WithTimeout(h.cancels.ctx, cancelRequestTimeout)
		defer cancel()
		_ = h.conn.CancelRequest(ctx) // the statement's own error says what happened
	}()
}

func (h *cancelHandler) HandleUnwatchAfterCancel() {
	h.conn.CustomData()[cancelledKey] = true
	// A connection pgx closed (the deadline passed) is being cleaned up
	// by pgx, which sets a deadline of its own for that.
	if !h.conn.IsClosed() {
		h.conn.Conn().SetDeadline(time.Time{})
	}
}

// release returns conn to the pool, or, if it cannot serve another
// transaction, takes it out of the pool at once and closes it. pgxpool
// would destroy such a connection itself, but it keeps the connection's
// place in the pool until pgx's clean-up ends, up to 15 seconds on a
// stalled network, during which a full pool hands out nothing.
//
// A connection cannot serve another transaction when it is closed, busy, in
// a transaction (its COMMIT or ROLLBACK failed), or when a statement on it
// was cancelled: the server may still act on that cancel request, and
// would stop the next statement instead.
func release(conn *pgxpool.Conn) {
	pc := conn.Conn().PgConn()
	if !pc.IsClosed() && !pc.IsBusy() && pc.TxStatus() == 'I' && pc.CustomData()[cancelledKey] == nil {
		conn.Release()
		return
	}
	pc = conn.Hijack().PgConn()
	// Closing the socket first makes whatever pgx still has to send or
	// drain on it fail at once; the server ends the session (rolling back
	// any transaction) when it sees the socket closed.
	_ = pc.Conn().Close()
	_ = pc.Close(context.Background())
}
