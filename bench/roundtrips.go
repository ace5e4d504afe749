package bench

import (
	"context"
	"database/sql"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/retortdb/retort/engine"
)

// RoundTrips counts the statements an implementation sends, each once,
// BEGIN and COMMIT included: each is a round trip to the server, and a
// library that wraps every read in a transaction pays for it.
//
// pgx, GORM and bun all reach PostgreSQL through a pgx connection whose
// config carries a RoundTrips as its QueryTracer, so the same hook counts
// all three. Retort's engine builds its own pgx config, so there the
// counter is the engine's Tracer and TxTracer, which see the same
// statements.
//
// Only statements are counted. The Parse and Describe exchange that pgx
// adds the first time a connection runs an SQL text, and the ping that
// pgxpool and pgx's database/sql driver send on a connection idle for
// over a second, are not; a benchmark's warm-up run leaves neither in its
// loop.
type RoundTrips struct{ n atomic.Int64 }

// TraceQueryStart counts one statement (pgx.QueryTracer).
func (r *RoundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}

// TraceQueryEnd does nothing (pgx.QueryTracer).
func (r *RoundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// StatementStart counts one statement (engine.Tracer).
func (r *RoundTrips) StatementStart(ctx context.Context, _ engine.StatementStartData) context.Context {
	r.n.Add(1)
	return ctx
}

// StatementEnd does nothing (engine.Tracer).
func (r *RoundTrips) StatementEnd(context.Context, engine.StatementEndData) {}

// TxEvent counts COMMIT and ROLLBACK (engine.TxTracer), which Retort's
// engine reports apart from statements, unless Deferred says that nothing
// was sent. BEGIN is not counted: on PostgreSQL the engine sends it with
// the transaction's first statement, in that statement's round trip. The
// savepoint operations are left out: the engine reports them as
// statements too.
func (r *RoundTrips) TxEvent(_ context.Context, d engine.TxEventData) {
	switch d.Op {
	case engine.TxCommit, engine.TxRollback:
		if !d.Deferred {
			r.n.Add(1)
		}
	}
}

// Load returns the count.
func (r *RoundTrips) Load() int64 { return r.n.Load() }

// Reset sets the count to zero.
func (r *RoundTrips) Reset() { r.n.Store(0) }

// openDB opens, as c says, a database/sql pool of pgx connections that
// count their statements in c.RoundTrips: what GORM and bun run on.
func openDB(c Config) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(c.DSN)
	if err != nil {
		return nil, err
	}
	cfg.Tracer = c.RoundTrips
	db := stdlib.OpenDB(*cfg)
	if c.MaxConns > 0 {
		db.SetMaxOpenConns(c.MaxConns)
		db.SetMaxIdleConns(c.MaxConns)
	}
	return db, nil
}
