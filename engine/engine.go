// engine/engine.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/dialect/sqlite"
)

// Engine runs statements on one database through a pool of connections. It
// is safe for concurrent use; open one per database and share it.
type Engine struct {
	pool    driverPool
	dialect *core.Dialect
	cfg     Config
	// The pool's effective shape: cfg's, except for an in-memory
	// SQLite database, which has one connection.
	size, overflow int

	waiting  atomic.Int64 // checkouts waiting now
	acquires atomic.Int64 // checkouts that succeeded

	tracers engineTracers // nil when none is registered (events.go)
	watch   *txWatch      // nil when LongTransaction is zero (leak.go)
}

// Open opens an engine on the database named by dsn. The scheme chooses the
// driver and the dialect:
//
//	postgres://user:pass@host:5432/db?sslmode=disable   pgx (pgxpool), PostgreSQL
//	postgresql://...                                    the same
//	sqlite:path/to/file.db                              modernc.org/sqlite, a file
//	sqlite::memory:                                     modernc.org/sqlite, in memory
//	mysql://user:pass@host:3306/db?params               go-sql-driver/mysql
//
// A PostgreSQL DSN takes pgx's parameters (any other parameter, such as
// search_path, is sent to the server as a run-time setting). A SQLite DSN
// may add modernc.org/sqlite's parameters after '?'; foreign keys are
// always on, and unless the DSN sets them otherwise, a busy timeout of 5s,
// BEGIN IMMEDIATE for transactions that may write (_txlock=immediate), and
// for a database in a file the write-ahead log with synchronous=NORMAL
// (see "SQLite and concurrent writers" in the package documentation). A
// MySQL DSN takes go-sql-driver/mysql's
// parameters; parseTime and clientFoundRows are always on, and the server's
// VERSION() decides between the MariaDB and MySQL dialects.
//
// Open connects once, so that a wrong address or password fails here.
func Open(ctx context.Context, dsn string, opts ...Option) (*Engine, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	e := &Engine{cfg: cfg, size: cfg.PoolSize, overflow: cfg.MaxOverflow}
	e.tracers.Store(cfg.tracers)
	e.cfg.tracers = nil
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return nil, fmt.Errorf("engine: open: DSN has no scheme (want postgres://, sqlite: or mysql://)")
	}
	var err error
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		e.dialect = postgres.Dialect
		e.pool, err = openPgx(ctx, dsn, cfg, e.connected)
	case "sqlite":
		e.dialect = sqlite.Dialect
		var p *sqlPool
		p, err = openSQLite(ctx, rest, cfg)
		if err == nil {
			e.pool = p
			if rest == ":memory:" || strings.HasPrefix(rest, ":memory:?") {
				e.size, e.overflow = 1, 0
			}
		}
	case "mysql":
		var u *url.URL
		u, err = url.Parse(dsn)
		if err != nil {
			// url.Error quotes the whole DSN, password included.
			return nil, errors.New("engine: open mysql: malformed URL")
		}
		var p *sqlPool
		var mariadb bool
		p, mariadb, err = openMySQL(ctx, u, cfg, e.connected)
		if err == nil {
			e.pool = p
			e.dialect = mysql.MySQL
			if mariadb {
				e.dialect = mysql.MariaDB
			}
		}
	default:
		return nil, fmt.Errorf("engine: open: unknown scheme %q (want postgres://, postgresql://, sqlite: or mysql://)", scheme)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: open %s: %w", scheme, err)
	}
	e.watchTransactions()
	return e, nil
}

// Dialect returns the dialect statements are compiled with.
func (e *Engine) Dialect() *core.Dialect { return e.dialect }

// Config returns the pool settings the engine was opened with.
func (e *Engine) Config() Config { return e.cfg }

// Close closes the pool. On PostgreSQL it waits for connections in use to
// be returned (pgxpool's Close does); on SQLite and MySQL those are closed
// when they are returned. Finish every transaction first.
func (e *Engine) Close() error {
	// The watch stops last: a transaction left open, which pgxpool's
	// Close waits for, is still reported.
	defer e.watch.close()
	if err := e.pool.close(); err != nil {
		return fmt.Errorf("engine: close: %w", err)
	}
	return nil
}
