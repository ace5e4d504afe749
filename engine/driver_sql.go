// engine/driver_sql.go

package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// SQLite (modernc.org/sqlite, pure Go) and MySQL/MariaDB
// (github.com/go-sql-driver/mysql) run through database/sql, whose pool the
// engine configures with its setters.

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

type sqlPool struct {
	db *sql.DB
	// utcTimes is set for SQLite, which has no time type: see sqliteTime.
	utcTimes bool
	floats   floatRule // args.go
	database string    // its name, for messages
	// remote is set for MySQL, whose COMMIT can be lost on the way
	// back, unlike SQLite's.
	remote bool
	killer *killer // MySQL's statements cut short by their context (kill_mysql.go)
	// writers is the queue of writable transactions of a SQLite
	// database in a file (tx_sqlite.go); nil elsewhere.
	writers *writeQueue
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

func openSQLite(ctx context.Context, rest string, cfg Config) (*sqlPool, error) {
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
		configureSQLPool(db, cfg)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	p := &sqlPool{db: db, utcTimes: true, floats: noNaN, database: "SQLite"}
	if !memory {
		// In memory, the one connection makes writers take turns.
		p.writers = &writeQueue{}
	}
	return p, nil
}

// mysqlConfig turns a mysql:// URL into go-sql-driver/mysql's Config.
// Query parameters are the driver's own DSN parameters (tls, loc, timeout,
// charset, collation...) or, like there, session variables.
func mysqlConfig(u *url.URL) (*mysql.Config, error) {
	if u.Host == "" {
		return nil, errors.New("no host in mysql:// DSN (use mysql://user:pass@host:3306/db)")
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	db := strings.TrimPrefix(u.Path, "/")
	if strings.Contains(db, "/") {
		return nil, fmt.Errorf("database name %q contains '/'", db)
	}
	// Let the driver parse its own parameters; the address and the
	// credentials are set afterwards, so no escaping can go wrong.
	cfg, err := mysql.ParseDSN("tcp(127.0.0.1)/?" + u.RawQuery)
	if err != nil {
		return nil, err
	}
	cfg.Addr = host
	cfg.DBName = db
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	// Times scan as time.Time, and UPDATE reports rows matched rather
	// than rows changed, as PostgreSQL and SQLite do (SQLAlchemy sets
	// CLIENT_FOUND_ROWS for the same reason).
	cfg.ParseTime = true
	cfg.ClientFoundRows = true
	utcSessionMySQL(cfg)
	return cfg, nil
}

// openMySQL opens a MySQL or MariaDB server and reports whether it is
// MariaDB, from SELECT VERSION(). Each new connection is reported to
// connected.
func openMySQL(ctx context.Context, u *url.URL, cfg Config, connected func(context.Context)) (_ *sqlPool, mariadb bool, err error) {
	mc, err := mysqlConfig(u)
	if err != nil {
		return nil, false, err
	}
	// With PrePing the driver checks, before reusing a connection, that
	// the server has not closed it (a non-blocking read of the socket in
	// ResetSession). It is the driver's default too.
	mc.CheckConnLiveness = mc.CheckConnLiveness || cfg.PrePing
	mc.Logger = mysqlLogger{cfg.diagLogger}
	conn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, false, err
	}
	k := newKiller(conn.Connect)
	db := sql.OpenDB(connectorFunc{killConnector{conn, k}, connected})
	configureSQLPool(db, cfg)
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		k.close()
		db.Close()
		return nil, false, err
	}
	mariadb = strings.Contains(strings.ToLower(version), "mariadb")
	name := "MySQL"
	if mariadb {
		name = "MariaDB"
	}
	return &sqlPool{db: db, floats: noNaNOrInf, database: name, remote: true, killer: k}, mariadb, nil
}

// mysqlLogger takes go-sql-driver/mysql's log lines, which it otherwise
// prints to standard error ("[mysql] packets.go:58 unexpected EOF" at each
// lost connection), to the engine's diagnostic logger, at debug level:
// each reports an error that the statement returns too.
type mysqlLogger struct{ log *slog.Logger }

func (l mysqlLogger) Print(v ...any) {
	log := l.log
	if log == nil {
		log = slog.Default()
	}
	log.Debug("engine: mysql driver: " + strings.TrimSpace(fmt.Sprint(v...)))
}

// configureSQLPool maps the engine's pool settings onto database/sql's.
func configureSQLPool(db *sql.DB, cfg Config) {
	db.SetMaxOpenConns(cfg.PoolSize + cfg.MaxOverflow)
	db.SetMaxIdleConns(cfg.PoolSize)
	db.SetConnMaxLifetime(cfg.Recycle)     // zero: never
	db.SetConnMaxIdleTime(cfg.IdleTimeout) // zero: never
}

// badConnRetries is how many times begin tries another connection when the
// one it got turns out dead, as database/sql's own methods retry.
const badConnRetries = 2

func (p *sqlPool) begin(ctx, acquireCtx context.Context, opts txOptions) (driverTx, error) {
	to := &sql.TxOptions{ReadOnly: opts.readOnly}
	switch opts.isolation {
	case ReadUncommitted:
		to.Isolation = sql.LevelReadUncommitted
	case ReadCommitted:
		to.Isolation = sql.LevelReadCommitted
	case RepeatableRead:
		to.Isolation = sql.LevelRepeatableRead
	case Serializable:
		to.Isolation = sql.LevelSerializable
	}
	// A transaction that may write waits for its turn before it takes a
	// connection, so that the writers waiting hold none.
	queued := p.writers != nil && !opts.readOnly && !opts.autocommit
	if queued {
		if err := p.writers.wait(acquireCtx); err != nil {
			return nil, err
		}
	}
	for i := 0; ; i++ {
		tx, err := p.beginOnce(ctx, acquireCtx, to, opts)
		// database/sql retries a BEGIN that failed with a dead
		// connection on a fresh one, but not on a pinned sql.Conn.
		// Nothing can have run yet, so retrying is safe.
		if errors.Is(err, driver.ErrBadConn) && i < badConnRetries {
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

func (p *sqlPool) beginOnce(ctx, acquireCtx context.Context, to *sql.TxOptions, opts txOptions) (*sqlTx, error) {
	// A sql.Conn, not db.BeginTx: database/sql binds a transaction's
	// life to the context it begins under, so the acquire timeout must
	// bound the checkout alone. db.Conn itself skips connections the
	// driver reports dead (driver.SessionResetter, driver.Validator).
	conn, err := p.db.Conn(acquireCtx)
	if err != nil {
		return nil, err
	}
	if opts.autocommit {
		return &sqlTx{conn: conn, pool: p}, nil
	}
	if p.remote {
		return startMySQL(ctx, conn, p, opts) // tx_mysql.go
	}
	// Under the DSN's _txlock=immediate (sqliteDSN), BEGIN IMMEDIATE
	// unless to is read-only.
	tx, err := conn.BeginTx(ctx, to)
	if err != nil {
		conn.Close()
		return nil, sqliteBusy(err)
	}
	return &sqlTx{conn: conn, tx: tx, pool: p}, nil
}

func (p *sqlPool) stats() driverStats {
	s := p.db.Stats()
	return driverStats{
		open:         s.OpenConnections,
		inUse:        s.InUse,
		idle:         s.Idle,
		waitCount:    s.WaitCount,
		waitDuration: s.WaitDuration,
	}
}

func (p *sqlPool) close() error {
	if p.killer != nil {
		p.killer.close()
	}
	return p.db.Close()
}

type sqlTx struct {
	conn *sql.Conn
	tx   *sql.Tx // SQLite's transaction; nil under Autocommit and on MySQL
	// inTx is set on MySQL, whose transactions the engine begins and
	// ends itself (tx_mysql.go), from START TRANSACTION to its end.
	inTx bool
	pool *sqlPool // for its database's rules on arguments
	// turn is the write queue whose turn the transaction holds, if any
	// (tx_sqlite.go); stopTurn stops passing it on when Begin's context
	// ends.
	turn     atomic.Pointer[writeQueue]
	stopTurn func() bool
}

// passTurn lets the next writer in the queue begin, once.
func (t *sqlTx) passTurn() {
	if q := t.turn.Swap(nil); q != nil {
		q.done()
	}
}

// endTurn passes the turn on when the transaction ends.
func (t *sqlTx) endTurn() {
	if t.stopTurn != nil {
		t.stopTurn()
	}
	t.passTurn()
}

func (t *sqlTx) sentBegin() bool { return t.tx != nil || t.inTx }

// on is what statements run on: SQLite's transaction, or the connection
// (under Autocommit, and on MySQL).
func (t *sqlTx) on() interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
} {
	if t.tx == nil {
		return t.conn
	}
	return t.tx
}

// sqliteTimeLayout is the text SQLite's own date functions write
// (CURRENT_TIMESTAMP, datetime()), with fractional seconds when there are
// any. SQLite compares times as text, so a bound time must be written the
// way the stored ones are: with the driver's default, or its
// "...+00:00" form, '2009-01-01 00:00:00' >= ? is false for that very
// instant. The driver reads this text back as a UTC time.
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999"

// sqliteTimes returns args with every time written in UTC as SQLite
// text. args is not modified; it is returned as is when it holds no time.
func sqliteTimes(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		var t time.Time
		switch v := a.(type) {
		case time.Time:
			t = v
		case *time.Time:
			if v == nil {
				continue
			}
			t = *v
		case driver.Valuer:
			// sql.NullTime and the like.
			dv, err := v.Value()
			tv, ok := dv.(time.Time)
			if err != nil || !ok {
				continue
			}
			t = tv
		default:
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = t.UTC().Format(sqliteTimeLayout)
	}
	return out
}

// args returns args as the database is to receive them, or an error for
// one it cannot store.
func (t *sqlTx) args(args []any) ([]any, error) {
	if err := t.pool.floats.check(args, t.pool.database); err != nil {
		return nil, err
	}
	if t.pool.utcTimes {
		args = sqliteTimes(args)
	}
	return args, nil
}

func (t *sqlTx) exec(ctx context.Context, query string, args []any) (int64, error) {
	args, err := t.args(args)
	if err != nil {
		return 0, err
	}
	res, err := t.on().ExecContext(ctx, query, args...)
	if err != nil {
		t.killQuery(ctx)
		return 0, sqliteBusy(err)
	}
	return res.RowsAffected()
}

func (t *sqlTx) query(ctx context.Context, query string, args []any) (driverRows, error) {
	args, err := t.args(args)
	if err != nil {
		return nil, err
	}
	rows, err := t.on().QueryContext(ctx, query, args...)
	if err != nil {
		t.killQuery(ctx)
		return nil, sqliteBusy(err)
	}
	// The names are read now, as pgx has them, so that Columns works
	// after the rows are closed too.
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, err
	}
	return &sqlRows{rows: rows, cols: cols, tx: t, ctx: ctx}, nil
}

// database/sql's Commit and Rollback take no context: the transaction is
// bound to the one it began under, and rolled back when that is done.
func (t *sqlTx) commit(ctx context.Context) error {
	if t.inTx {
		return t.commitMySQL(ctx)
	}
	if t.tx == nil {
		return t.conn.Close()
	}
	defer t.endTurn()
	// SQLite commits in the process: its outcome is always known.
	err := sqliteBusy(t.tx.Commit())
	return errors.Join(err, t.conn.Close())
}

func (t *sqlTx) rollback(ctx context.Context) error {
	if t.inTx {
		return t.rollbackMySQL(ctx)
	}
	if t.tx == nil {
		return t.conn.Close()
	}
	defer t.endTurn()
	err := t.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		// Already rolled back by database/sql, because the
		// transaction's context ended.
		err = nil
	}
	return errors.Join(err, t.conn.Close())
}

type sqlRows struct {
	rows   *sql.Rows
	cols   []string
	types  []*sql.ColumnType
	nulls  nullTemps
	groups groupScan
	// tx and ctx are the statement's, for a MySQL statement that its
	// context cuts short as its rows are read (killQuery).
	tx  *sqlTx
	ctx context.Context
}

func (r *sqlRows) columns() []string { return r.cols }

func (r *sqlRows) next() bool { return r.rows.Next() }
func (r *sqlRows) scan(dest ...any) error {
	if ok, err := r.groups.scan(&r.nulls, r.rows.Scan, dest); ok {
		return err
	}
	return r.nulls.scan(r.rows.Scan, dest)
}
func (r *sqlRows) err() error { return sqliteBusy(r.rows.Err()) }
func (r *sqlRows) close() error {
	err := r.rows.Close()
	if r.rows.Err() != nil {
		r.tx.killQuery(r.ctx)
	}
	return err
}

func (r *sqlRows) values() ([]any, error) {
	if r.types == nil {
		types, err := r.rows.ColumnTypes()
		if err != nil {
			return nil, err
		}
		r.types = types
	}
	vals := make([]any, len(r.types))
	ptrs := make([]any, len(r.types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := r.rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, v := range vals {
		switch v := v.(type) {
		case []byte:
			// go-sql-driver/mysql returns text, decimals and JSON
			// as []byte, which is only bytes for a binary column.
			if !binaryType(r.types[i].DatabaseTypeName()) {
				vals[i] = string(v)
			}
		case float64, int64:
			// SQLite keeps a NUMERIC or DECIMAL column's values as
			// REAL or INTEGER; a Row holds decimals as text.
			if decimalType(r.types[i].DatabaseTypeName()) {
				vals[i] = decimalText(v)
			}
		}
	}
	return vals, nil
}

// decimalType reports whether a column declared as name holds decimals:
// NUMERIC or DECIMAL, with or without precision and scale.
func decimalType(name string) bool {
	name = strings.ToUpper(name)
	return strings.HasPrefix(name, "NUMERIC") || strings.HasPrefix(name, "DECIMAL")
}

// decimalText is a SQLite decimal's text: the shortest that reads back as
// the same value.
func decimalText(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatInt(v.(int64), 10)
}

// binaryType reports whether a column of this database type holds bytes
// rather than text.
func binaryType(name string) bool {
	switch strings.ToUpper(name) {
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "BIT", "GEOMETRY", "VECTOR", "BYTEA", "":
		return true
	}
	return false
}
