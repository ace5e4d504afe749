// engine/tx_mysql.go

package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/go-sql-driver/mysql"
)

// On MySQL the engine begins and ends transactions itself, with START
// TRANSACTION, COMMIT and ROLLBACK run as statements on the connection,
// rather than through database/sql's Tx: database/sql's Commit takes no
// context, and go-sql-driver/mysql's waits for COMMIT's answer with none,
// so a commit on a stalled network waited for ever, whatever the
// transaction's deadline. Run as statements, they are cut short by their
// context like any other (the driver closes the connection).
//
// A connection whose transaction could not be ended for sure is closed
// rather than returned to the pool (discard): database/sql would hand it
// to the next caller still inside the transaction.

// startMySQL begins a transaction on conn.
func startMySQL(ctx context.Context, conn *sql.Conn, p *sqlPool, opts txOptions) (*sqlTx, error) {
	t := &sqlTx{conn: conn, pool: p}
	if level := isolationName(opts.isolation); level != "" {
		// It applies to the next transaction only.
		if _, err := conn.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL "+level); err != nil {
			t.discard()
			return nil, err
		}
	}
	begin := "START TRANSACTION"
	if opts.readOnly {
		begin += " READ ONLY"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		t.discard()
		return nil, err
	}
	t.inTx = true
	return t, nil
}

func (t *sqlTx) commitMySQL(ctx context.Context) error {
	t.inTx = false
	if err := ctx.Err(); err != nil {
		// Nothing is sent under a context that is done; the server
		// rolls back when the connection closes.
		t.discard()
		return err
	}
	_, err := t.conn.ExecContext(ctx, "COMMIT")
	if err != nil {
		t.discard()
		var myErr *mysql.MySQLError
		if !errors.As(err, &myErr) && !errors.Is(err, driver.ErrBadConn) {
			// Neither did the server answer with an error, nor did
			// the driver fail before writing COMMIT (ErrBadConn):
			// the server may have committed.
			return &commitOutcomeError{err: err}
		}
		return err
	}
	return t.conn.Close()
}

func (t *sqlTx) rollbackMySQL(ctx context.Context) error {
	t.inTx = false
	if ctx.Err() != nil {
		t.discard() // the server rolls back when the connection closes
		return nil
	}
	if _, err := t.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.discard()
		if errors.Is(err, driver.ErrBadConn) {
			// The connection was gone before ROLLBACK was written (a
			// statement cancelled by its context closes it), and the
			// transaction with it.
			return nil
		}
		return err
	}
	return t.conn.Close()
}

// discard closes the connection instead of returning it to the pool.
func (t *sqlTx) discard() {
	// database/sql closes a connection whose Raw function returns
	// driver.ErrBadConn; if the connection is closed already, there is
	// nothing to do.
	_ = t.conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = t.conn.Close()
}
