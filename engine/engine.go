// engine/engine.go

package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine/driver"
)

// Engine runs statements on one database through a pool of connections. It
// is safe for concurrent use; open one per database and share it.
type Engine struct {
	pool    driver.Pool
	dialect *core.Dialect
	cfg     Config
	// The pool's effective shape: cfg's, except for a pool whose limit
	// is its own (an in-memory SQLite database has one connection; a
	// pool handed to a backend's New keeps its settings).
	size, overflow int
	// owns is set when Close is to close the pool.
	owns bool

	waiting  atomic.Int64 // checkouts waiting now
	acquires atomic.Int64 // checkouts that succeeded

	tracers engineTracers // nil when none is registered (events.go)
	watch   *txWatch      // nil when LongTransaction is zero (leak.go)
}

var (
	driversMu sync.RWMutex
	drivers   = map[string]driver.Driver{}
)

// backends are the packages that register the DSN schemes [Open] knows,
// for the error that names the import a program lacks.
var backends = map[string]string{
	"postgres":   "github.com/retortdb/retort/engine/pgx",
	"postgresql": "github.com/retortdb/retort/engine/pgx",
	"sqlite":     "github.com/retortdb/retort/engine/sqlite",
	"mysql":      "github.com/retortdb/retort/engine/mysql",
}

// Register makes a driver available to [Open] for DSNs of scheme (the
// text before the first ':', compared without regard to case). The
// backends call it from their init, as database/sql drivers call
// sql.Register; a program only imports them:
//
//	import _ "github.com/retortdb/retort/engine/pgx" // postgres://, postgresql://
//
// Register panics, at init, if d is nil or scheme is registered already.
func Register(scheme string, d driver.Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	scheme = strings.ToLower(scheme)
	if d == nil {
		panic("engine: Register of a nil driver for " + scheme)
	}
	if _, dup := drivers[scheme]; dup {
		panic("engine: Register called twice for scheme " + scheme)
	}
	drivers[scheme] = d
}

// lookup returns the driver registered for scheme, or an error naming
// what to import.
func lookup(scheme string) (driver.Driver, error) {
	driversMu.RLock()
	d := drivers[strings.ToLower(scheme)]
	var known []string
	for s := range drivers {
		known = append(known, s)
	}
	driversMu.RUnlock()
	if d != nil {
		return d, nil
	}
	if pkg, ok := backends[strings.ToLower(scheme)]; ok {
		return nil, fmt.Errorf("no driver for %s: DSNs: import its backend, as import _ %q", scheme, pkg)
	}
	sort.Strings(known)
	return nil, fmt.Errorf("unknown scheme %q (registered: %s; the backends are engine/pgx for postgres://, engine/sqlite for sqlite:, engine/mysql for mysql://)",
		scheme, strings.Join(known, ", "))
}

// Open opens an engine on the database named by dsn. The scheme chooses the
// driver, which the program registers by importing its backend:
//
//	postgres://user:pass@host:5432/db?sslmode=disable   engine/pgx: pgx (pgxpool), PostgreSQL
//	postgresql://...                                    the same
//	sqlite:path/to/file.db                              engine/sqlite: modernc.org/sqlite, a file
//	sqlite::memory:                                     the same, in memory
//	mysql://user:pass@host:3306/db?params               engine/mysql: go-sql-driver/mysql
//
// A DSN whose backend is not imported fails, naming the import. Each
// backend's package documentation says what its DSN takes.
//
// Open connects once, so that a wrong address or password fails here.
// The engine owns the pool it opens: [Engine.Close] closes it. A pool the
// program already has is handed in with a backend's New instead.
func Open(ctx context.Context, dsn string, opts ...Option) (*Engine, error) {
	cfg, err := config(opts)
	if err != nil {
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	scheme, _, ok := strings.Cut(dsn, ":")
	if !ok {
		return nil, fmt.Errorf("engine: open: DSN has no scheme (want postgres://, sqlite: or mysql://)")
	}
	d, err := lookup(scheme)
	if err != nil {
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	e := newEngine(cfg)
	p, err := d.Open(ctx, dsn, driver.Config{
		MaxOpen:     cfg.PoolSize + cfg.MaxOverflow,
		MaxIdle:     cfg.PoolSize,
		PrePing:     cfg.PrePing,
		Recycle:     cfg.Recycle,
		IdleTimeout: cfg.IdleTimeout,
		Logger:      cfg.diagLogger,
		Connected:   e.connected,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: open %s: %w", scheme, err)
	}
	e.owns = true
	e.start(p)
	return e, nil
}

// OpenPool opens an engine on a driver's pool: what the backends' New
// functions do with a pool the program made (engine/pgx.New from a
// *pgxpool.Pool, engine/sqlite.New and engine/mysql.New from a *sql.DB).
// Programs call those. The pool's own settings stand: the options that
// shape a pool (PoolSize, MaxOverflow, PrePing, Recycle, IdleTimeout) do
// not apply, the others do. The engine does not close the pool unless
// [WithOwnPool] is among opts.
func OpenPool(p driver.Pool, opts ...Option) (*Engine, error) {
	if p == nil {
		return nil, errors.New("engine: OpenPool: the pool is nil")
	}
	cfg, err := config(opts)
	if err != nil {
		return nil, fmt.Errorf("engine: open: %w", err)
	}
	e := newEngine(cfg)
	e.owns = cfg.ownPool
	e.start(p)
	return e, nil
}

// WithOwnPool(true) makes an engine opened on a program's pool (by a
// backend's New) own it: [Engine.Close] then closes the pool too. Without
// it the pool stays open for the program, which closes it after the
// engine. An engine opened from a DSN always owns its pool.
func WithOwnPool(on bool) Option { return func(c *Config) { c.ownPool = on } }

// config is DefaultConfig with opts applied, validated.
func config(opts []Option) (Config, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, cfg.validate()
}

func newEngine(cfg Config) *Engine {
	e := &Engine{cfg: cfg, size: cfg.PoolSize, overflow: cfg.MaxOverflow}
	e.tracers.Store(cfg.tracers)
	e.cfg.tracers = nil
	return e
}

// start puts the engine to work on p.
func (e *Engine) start(p driver.Pool) {
	e.pool = p
	e.dialect = p.Dialect()
	if n := p.Stats().MaxOpen; n != e.size+e.overflow {
		// The pool's own limit (zero for none).
		e.size, e.overflow = n, 0
	}
	e.watchTransactions()
}

// Dialect returns the dialect statements are compiled with.
func (e *Engine) Dialect() *core.Dialect { return e.dialect }

// Config returns the pool settings the engine was opened with.
func (e *Engine) Config() Config { return e.cfg }

// Close closes the pool, if the engine owns it (see [WithOwnPool]). On
// PostgreSQL it waits for connections in use to be returned (pgxpool's
// Close does); on SQLite and MySQL those are closed when they are
// returned. Finish every transaction first.
func (e *Engine) Close() error {
	// The watch stops last: a transaction left open, which pgxpool's
	// Close waits for, is still reported.
	defer e.watch.close()
	if !e.owns {
		return nil
	}
	if err := e.pool.Close(); err != nil {
		return fmt.Errorf("engine: close: %w", err)
	}
	return nil
}
