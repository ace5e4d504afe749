// engine/mysql/tx.go

package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/go-sql-driver/mysql"

	edriver "github.com/retortdb/retort/engine/driver"
	"github.com/retortdb/retort/engine/internal/sqldb"
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

// mysqlTx is a transaction on one connection, which runs its statements
// (SQLTx is nil).
type mysqlTx struct {
	sqldb.Tx
	// inTx is set from START TRANSACTION to the transaction's end.
	inTx   bool
	killer *killer // nil for a program's *sql.DB (kill.go)
}

// startMySQL begins a transaction on conn.
func startMySQL(ctx context.Context, conn *sql.Conn, p *pool, opts edriver.TxOptions) (*mysqlTx, error) {
	t := &mysqlTx{killer: p.killer}
	t.Tx = sqldb.Tx{SQLConn: conn, Rules: p.Rules, Hooks: t}
	if opts.Autocommit {
		return t, nil
	}
	if level := opts.Isolation.String(); level != "" {
		// It applies to the next transaction only.
		if _, err := conn.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL "+level); err != nil {
			t.discard()
			return nil, err
		}
	}
	begin := "START TRANSACTION"
	if opts.ReadOnly {
		begin += " READ ONLY"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		t.discard()
		return nil, err
	}
	t.inTx = true
	return t, nil
}

// SentBegin reports whether START TRANSACTION was sent (not under
// Autocommit).
func (t *mysqlTx) SentBegin() bool { return t.inTx }

// Classify is sqldb.Hooks'.
func (t *mysqlTx) Classify(err error) error { return classify(err) }

// Failed is sqldb.Hooks': a statement cut short by its context is killed
// on the server (kill.go).
func (t *mysqlTx) Failed(ctx context.Context) { t.killQuery(ctx) }

func (t *mysqlTx) Commit(ctx context.Context) error {
	if !t.inTx {
		return t.SQLConn.Close() // Autocommit
	}
	return classify(t.commit(ctx))
}

func (t *mysqlTx) commit(ctx context.Context) error {
	t.inTx = false
	if err := ctx.Err(); err != nil {
		// Nothing is sent under a context that is done; the server
		// rolls back when the connection closes.
		t.discard()
		return err
	}
	_, err := t.SQLConn.ExecContext(ctx, "COMMIT")
	if err != nil {
		t.discard()
		var myErr *mysql.MySQLError
		if !errors.As(err, &myErr) && !errors.Is(err, driver.ErrBadConn) {
			// Neither did the server answer with an error, nor did
			// the driver fail before writing COMMIT (ErrBadConn):
			// the server may have committed.
			return edriver.CommitOutcomeUnknown(err)
		}
		return err
	}
	return t.SQLConn.Close()
}

func (t *mysqlTx) Rollback(ctx context.Context) error {
	if !t.inTx {
		return t.SQLConn.Close() // Autocommit
	}
	return classify(t.rollback(ctx))
}

func (t *mysqlTx) rollback(ctx context.Context) error {
	t.inTx = false
	if ctx.Err() != nil {
		t.discard() // the server rolls back when the connection closes
		return nil
	}
	if _, err := t.SQLConn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.discard()
		if errors.Is(err, driver.ErrBadConn) {
			// The connection was gone before ROLLBACK was written (a
			// statement cancelled by its context closes it), and the
			// transaction with it.
			return nil
		}
		return err
	}
	return t.SQLConn.Close()
}

// discard closes the connection instead of returning it to the pool.
func (t *mysqlTx) discard() {
	// database/sql closes a connection whose Raw function returns
	// driver.ErrBadConn; if the connection is closed already, there is
	// nothing to do.
	_ = t.SQLConn.Raw(func(any) error { return driver.ErrBadConn })
	_ = t.SQLConn.Close()
}
