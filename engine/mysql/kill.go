// engine/mysql/kill.go

package mysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"strconv"
	"sync"
	"time"
)

// go-sql-driver/mysql cancels a statement by closing its connection, and
// sends the server nothing: the server runs the statement on, holding its
// locks, until it next writes to the closed socket (a SLEEP or a long
// scan, seconds later). The engine then asks the server itself: KILL
// QUERY, with the connection's id, on a connection of its own, as pgx
// sends PostgreSQL a cancel request. The id is read once when a
// connection opens (SELECT CONNECTION_ID(), one round trip), since the
// driver keeps none.

// killTimeout bounds a KILL QUERY sent in the background.
const killTimeout = 5 * time.Second

// killConnector makes the driver's connections killable: each knows its
// id on the server.
type killConnector struct {
	driver.Connector
	k *killer
}

func (c killConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	id, err := connectionID(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &killableConn{Conn: conn, id: id}, nil
}

// connectionID asks the server for conn's id.
func connectionID(ctx context.Context, conn driver.Conn) (int64, error) {
	q, ok := conn.(driver.QueryerContext)
	if !ok {
		return 0, errors.New("engine: the MySQL driver's connection cannot run a query")
	}
	rows, err := q.QueryContext(ctx, "SELECT CONNECTION_ID()", nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return 0, err
	}
	switch id := v[0].(type) {
	case int64:
		return id, nil
	case uint64:
		return int64(id), nil
	case []byte:
		return strconv.ParseInt(string(id), 10, 64)
	}
	return 0, errors.New("engine: CONNECTION_ID() returned no integer")
}

// killer sends KILL QUERY in the background, and closing the pool stops
// and waits for those in flight.
type killer struct {
	connect func(context.Context) (driver.Conn, error) // the driver's own
	ctx     context.Context                            // done when the pool closes
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

func newKiller(connect func(context.Context) (driver.Conn, error)) *killer {
	ctx, stop := context.WithCancel(context.Background())
	return &killer{connect: connect, ctx: ctx, stop: stop}
}

func (k *killer) close() {
	k.stop()
	k.wg.Wait()
}

// kill asks the server to stop what connection id runs, on a new
// connection, in the background.
func (k *killer) kill(id int64) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		ctx, cancel := context.WithTimeout(k.ctx, killTimeout)
		defer cancel()
		conn, err := k.connect(ctx)
		if err != nil {
			return // the statement's own error says what happened
		}
		defer conn.Close()
		if e, ok := conn.(driver.ExecerContext); ok {
			_, _ = e.ExecContext(ctx, "KILL QUERY "+strconv.FormatInt(id, 10), nil)
		}
	}()
}

// killQuery asks the server to stop the statement that t's context cut
// short, if the context is done and the driver closed the connection
// without telling the server. A context done before the statement began
// sent nothing, and left the connection open: a KILL QUERY then would
// stop whatever the connection runs next, another transaction's
// statement once the pool hands it out again.
func (t *mysqlTx) killQuery(ctx context.Context) {
	if t.killer == nil || ctx.Err() == nil {
		return
	}
	_ = t.SQLConn.Raw(func(dc any) error {
		k, ok := dc.(*killableConn)
		if !ok {
			return nil
		}
		if v, ok := k.Conn.(driver.Validator); ok && v.IsValid() {
			return nil // never cut short: nothing runs on the server
		}
		t.killer.kill(k.id)
		return nil
	})
}

// killableConn is go-sql-driver/mysql's connection with its id on the
// server. It passes on every interface database/sql looks for, which the
// driver's connection implements.
type killableConn struct {
	driver.Conn
	id int64
}

func (c *killableConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *killableConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *killableConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *killableConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *killableConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *killableConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *killableConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

func (c *killableConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}
