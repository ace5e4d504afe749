// engine/sqlite/sqlite.go

package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	sqlitedialect "github.com/retortdb/retort/dialect/sqlite"
	"github.com/retortdb/retort/engine"
	edriver "github.com/retortdb/retort/engine/driver"
	"github.com/retortdb/retort/engine/internal/sqldb"
)

// SQLite runs on modernc.org/sqlite (pure Go) through database/sql, whose
// pool the engine configures with its setters.

func init() { engine.Register("sqlite", sqliteDriver{}) }

// sqliteDriver opens pools from sqlite: DSNs.
type sqliteDriver struct{}

// sqlitePragmas are added to every SQLite DSN: SQLite leaves foreign keys
// off unless asked, while the other databases always enforce them.
const sqlitePragmas = "_pragma=foreign_keys(1)"

// sqliteDefaults are added to a SQLite DSN unless it sets them itself (see
// "SQLite and concurrent writers" in doc.go). busy_timeout makes a
// statement wait for another connection's lock instead of failing at once
// with SQLITE_BUSY. _txlock=immediate makes modernc.org/sqlite begin a
// transaction that is not read-only with BEGIN IMMEDIATE, which takes the
// write lock at once, where a deferred transaction that has read cannot
// take it later while another writer holds it (SQLITE_BUSY, which the busy
// timeout does not help); read-only transactions still begin deferred. A
// database in a file also gets the write-ahead log, so that readers never
// wait for a writer nor a writer for readers, and synchronous=NORMAL, with
// which a commit does not wait for the disk: in WAL mode the database
// stays consistent through a power loss, which may lose the last
// transactions committed before it (a crash of the process loses none).
var sqliteDefaults = []struct {
	param  string   // as added to the DSN
	keys   []string // the parameters that set the same thing
	pragma string   // the PRAGMA, as a _pragma parameter names it
	file   bool     // for a database in a file only
}{
	{"_pragma=busy_timeout(5000)", []string{"_busy_timeout", "_timeout"}, "busy_timeout", false},
	{"_txlock=immediate", []string{"_txlock"}, "", false},
	{"_journal_mode=WAL", []string{"_journal_mode", "_journal"}, "journal_mode", true},
	{"_synchronous=NORMAL", []string{"_synchronous", "_sync"}, "synchronous", true},
}

// sqliteSets reports whether the DSN parameters q set what one of keys or
// the PRAGMA pragma sets.
func sqliteSets(q url.Values, keys []string, pragma string) bool {
	for _, k := range keys {
		if q.Has(k) {
			return true
		}
	}
	if pragma == "" {
		return false
	}
	for _, v := range q["_pragma"] {
		name, _, _ := strings.Cut(v, "(")
		name, _, _ = strings.Cut(name, "=")
		if strings.EqualFold(strings.TrimSpace(name), pragma) {
			return true
		}
	}
	return false
}

// sqliteDSN turns the text after "sqlite:" into modernc.org/sqlite's DSN.
// It reports whether the database is in memory.
func sqliteDSN(rest string) (dsn string, memory bool, err error) {
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return "", false, errors.New("no database path after sqlite: (use sqlite:path/to/file.db or sqlite::memory:)")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", false, fmt.Errorf("parameters after ?: %w", err)
	}
	// A database in memory has no journal file to make a WAL of, and a
	// read-only one cannot be switched to it.
	inFile := path != ":memory:" && q.Get("mode") != "memory" && q.Get("mode") != "ro"
	params := sqlitePragmas
	for _, d := range sqliteDefaults {
		if (inFile || !d.file) && !sqliteSets(q, d.keys, d.pragma) {
			params += "&" + d.param
		}
	}
	if query != "" {
		params += "&" + query
	}
	if path == ":memory:" {
		// One connection, so the pool holds one database: every new
		// connection to ":memory:" would be a new, empty one.
		return "file::memory:?" + params, true, nil
	}
	// A URI filename, escaped, so that '#' or '?' in a directory name
	// stays part of the path.
	uri := "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
	return uri + "?" + params, false, nil
}

// rules are SQLite's rules on arguments: NaN would be stored as NULL, and
// times are written as SQLite's own text, in UTC.
var rules = &sqldb.Rules{Floats: sqldb.NoNaN, UTCTimes: true, RealNumerics: true, Database: "SQLite"}

// Open opens the database after "sqlite:" in dsn.
func (sqliteDriver) Open(ctx context.Context, dsn string, cfg edriver.Config) (edriver.Pool, error) {
	_, rest, _ := strings.Cut(dsn, ":")
	dsn, memory, err := sqliteDSN(rest)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if memory {
		// The in-memory database lives as long as its one connection:
		// it must never be closed for age or idleness, nor a second
		// one opened. A second transaction waits for the first (up to
		// the pool timeout).
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	} else {
		sqldb.Configure(db, cfg)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	p := newPool(db)
	if memory {
		// In memory, the one connection makes writers take turns.
		p.writers = nil
	}
	return p, nil
}

// pool is a SQLite database's pool.
type pool struct {
	sqldb.Pool
	// writers is the queue of writable transactions of a database in a
	// file (tx.go); nil in memory.
	writers *writeQueue
}

func newPool(db *sql.DB) *pool {
	return &pool{Pool: sqldb.Pool{DB: db, Dial: sqlitedialect.Dialect, Rules: rules}, writers: &writeQueue{}}
}

func (p *pool) Begin(ctx, acquireCtx context.Context, opts edriver.TxOptions) (edriver.Tx, error) {
	to := sqldb.TxOptions(opts)
	// A transaction that may write waits for its turn before it takes a
	// connection, so that the writers waiting hold none.
	queued := p.writers != nil && !opts.ReadOnly && !opts.Autocommit
	if queued {
		if err := p.writers.wait(acquireCtx); err != nil {
			return nil, err
		}
	}
	for i := 0; ; i++ {
		tx, err := p.beginOnce(ctx, acquireCtx, to, opts)
		if errors.Is(err, driver.ErrBadConn) && i < sqldb.BadConnRetries {
			continue
		}
		if err != nil {
			if queued {
				p.writers.done()
			}
			return nil, err
		}
		if queued {
			// The turn ends with the transaction, or when its
			// context ends, since database/sql then rolls the
			// transaction back (the next writer's BEGIN IMMEDIATE
			// waits the moment that takes in SQLite's busy handler).
			tx.turn.Store(p.writers)
			tx.stopTurn = context.AfterFunc(ctx, tx.passTurn)
		}
		return tx, nil
	}
}

func (p *pool) beginOnce(ctx, acquireCtx context.Context, to *sql.TxOptions, opts edriver.TxOptions) (*sqliteTx, error) {
	// db.Conn skips connections the driver reports dead
	// (driver.SessionResetter, driver.Validator).
	conn, err := p.DB.Conn(acquireCtx)
	if err != nil {
		return nil, err
	}
	t := &sqliteTx{}
	t.Tx = sqldb.Tx{SQLConn: conn, Rules: rules, Hooks: t}
	if opts.Autocommit {
		return t, nil
	}
	// Under the DSN's _txlock=immediate (sqliteDSN), BEGIN IMMEDIATE
	// unless to is read-only.
	tx, err := conn.BeginTx(ctx, to)
	if err != nil {
		conn.Close()
		return nil, sqliteBusy(err)
	}
	t.SQLTx = tx
	return t, nil
}

// sqliteTx is a transaction on one connection: database/sql's *sql.Tx, or
// nothing under Autocommit.
type sqliteTx struct {
	sqldb.Tx
	// turn is the write queue whose turn the transaction holds, if any
	// (tx.go); stopTurn stops passing it on when Begin's context ends.
	turn     atomic.Pointer[writeQueue]
	stopTurn func() bool
}

// passTurn lets the next writer in the queue begin, once.
func (t *sqliteTx) passTurn() {
	if q := t.turn.Swap(nil); q != nil {
		q.done()
	}
}

// endTurn passes the turn on when the transaction ends.
func (t *sqliteTx) endTurn() {
	if t.stopTurn != nil {
		t.stopTurn()
	}
	t.passTurn()
}

// SentBegin reports whether a transaction was begun (not under
// Autocommit).
func (t *sqliteTx) SentBegin() bool { return t.SQLTx != nil }

// Classify is sqldb.Hooks'.
func (t *sqliteTx) Classify(err error) error { return classify(err) }

// Failed is sqldb.Hooks': SQLite's driver interrupts a statement cut
// short by its context itself.
func (t *sqliteTx) Failed(context.Context) {}

// database/sql's Commit and Rollback take no context: the transaction is
// bound to the one it began under, and rolled back when that is done.
// Commit honours its own as the other backends do: under a done context
// it rolls back and returns the context's error, committing nothing.
func (t *sqliteTx) Commit(ctx context.Context) error {
	if t.SQLTx == nil {
		return t.SQLConn.Close()
	}
	defer t.endTurn()
	if err := ctx.Err(); err != nil {
		rerr := t.SQLTx.Rollback()
		if errors.Is(rerr, sql.ErrTxDone) {
			rerr = nil // rolled back already: ctx is the one it began under
		}
		return errors.Join(err, rerr, t.SQLConn.Close())
	}
	// SQLite commits in the process: its outcome is always known.
	err := classify(t.SQLTx.Commit())
	return errors.Join(err, t.SQLConn.Close())
}

func (t *sqliteTx) Rollback(context.Context) error {
	if t.SQLTx == nil {
		return t.SQLConn.Close()
	}
	defer t.endTurn()
	err := t.SQLTx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		// Already rolled back by database/sql, because the
		// transaction's context ended.
		err = nil
	}
	return errors.Join(err, t.SQLConn.Close())
}

// New opens an engine on db, a SQLite database the program opened with
// modernc.org/sqlite (driver name "sqlite"). The engine does not close it
// unless opts hold [engine.WithOwnPool]. db's own settings stand: the
// engine's pool settings do not apply, nor the DSN parameters
// [engine.Open] adds (foreign keys, busy timeout, BEGIN IMMEDIATE for
// writers, the write-ahead log), which db's DSN should set itself if it
// wants them. The engine's writers still take turns (see "SQLite and
// concurrent writers" in package engine's documentation).
func New(db *sql.DB, opts ...engine.Option) (*engine.Engine, error) {
	if db == nil {
		return nil, errors.New("engine/sqlite: New: the *sql.DB is nil")
	}
	return engine.OpenPool(newPool(db), opts...)
}

// Conn returns the *sql.Conn that tx runs on, inside its transaction, for
// what the engine does not wrap. See [engine.Tx.Raw] for the rules: it is
// tx's until tx ends, and goes back to the pool after.
func Conn(ctx context.Context, tx *engine.Tx) (*sql.Conn, error) {
	c, err := tx.Raw(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := c.(*sql.Conn)
	if !ok {
		return nil, fmt.Errorf("engine/sqlite: Conn: the transaction runs on %T, not on database/sql", c)
	}
	return sc, nil
}
