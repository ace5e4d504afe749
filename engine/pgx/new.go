// engine/pgx/new.go

package pgx

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/engine"
)

// New opens an engine on pool, a pool the program built. The engine does
// not close it unless opts hold [engine.WithOwnPool]: [engine.Engine.Close]
// leaves it open for the program, which may go on using it beside the
// engine. The pool's own settings stand (size, lifetimes, pings);
// [engine.Config]'s pool settings do not apply, its other settings do.
//
// The connections are the pool's as built. Give its config to
// [Configure] before pgxpool.NewWithConfig for the engine's own settings
// (times in UTC, numerics as exact text in rows' values, cancel requests
// for statements whose context ends); without it, pgx's defaults apply
// and a statement cut short by its context closes its connection.
func New(pool *pgxpool.Pool, opts ...engine.Option) (*engine.Engine, error) {
	if pool == nil {
		return nil, errors.New("engine/pgx: New: the pool is nil")
	}
	return engine.OpenPool(newPool(pool, nil), opts...)
}

// Configure sets on pc, before the program builds its pool with
// pgxpool.NewWithConfig, what [engine.Open] sets on the pools it opens:
// the engine's codecs (timestamps read in UTC and written as instants,
// numerics scanned into float64 without a detour through big.Int and
// read as exact text into a row's values), the session's TimeZone set to
// UTC unless pc sets one, and a cancel request to the server when a
// statement's context ends, where pgx would close the connection. pc's
// AfterConnect, if set, still runs, after the engine's: set it before
// calling Configure.
func Configure(pc *pgxpool.Config) {
	configure(pc, newCancels(), nil)
}

// Conn returns the pgx connection that tx runs on, inside its
// transaction: for COPY (CopyFrom), LISTEN and WaitForNotification, and
// pgx batches (SendBatch), which the engine does not wrap. See
// [engine.Tx.Raw] for the rules: it is tx's until tx ends, and goes back
// to the pool after.
//
//	conn, err := pgx.Conn(ctx, tx)
//	n, err := conn.CopyFrom(ctx, pgx.Identifier{"items"}, cols, rows)
//
// A [github.com/retortdb/retort/orm.Session] gives its transaction by
// Session.Tx.
func Conn(ctx context.Context, tx *engine.Tx) (*pgx.Conn, error) {
	c, err := tx.Raw(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := c.(*pgx.Conn)
	if !ok {
		return nil, fmt.Errorf("engine/pgx: Conn: the transaction runs on %T, not on pgx", c)
	}
	return pc, nil
}
