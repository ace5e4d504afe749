// engine/mysql/mysql.go

package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/retortdb/retort/core"
	mysqldialect "github.com/retortdb/retort/dialect/mysql"
	"github.com/retortdb/retort/engine"
	edriver "github.com/retortdb/retort/engine/driver"
	"github.com/retortdb/retort/engine/internal/sqldb"
)

// MySQL and MariaDB run on github.com/go-sql-driver/mysql through
// database/sql, whose pool the engine configures with its setters.

func init() { engine.Register("mysql", mysqlDriver{}) }

// mysqlDriver opens pools from mysql:// DSNs.
type mysqlDriver struct{}

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
	utcSession(cfg)
	return cfg, nil
}

// Open opens a MySQL or MariaDB server, and tells which it is from
// SELECT VERSION(). Each new connection is reported to cfg.Connected.
func (mysqlDriver) Open(ctx context.Context, dsn string, cfg edriver.Config) (edriver.Pool, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// url.Error quotes the whole DSN, password included.
		return nil, errors.New("malformed URL")
	}
	mc, err := mysqlConfig(u)
	if err != nil {
		return nil, err
	}
	// With PrePing the driver checks, before reusing a connection, that
	// the server has not closed it (a non-blocking read of the socket in
	// ResetSession). It is the driver's default too.
	mc.CheckConnLiveness = mc.CheckConnLiveness || cfg.PrePing
	mc.Logger = mysqlLogger{cfg.Logger}
	conn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, err
	}
	k := newKiller(conn.Connect)
	db := sql.OpenDB(sqldb.Connected(killConnector{conn, k}, cfg.Connected))
	sqldb.Configure(db, cfg)
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		k.close()
		db.Close()
		return nil, err
	}
	d := mysqldialect.MySQL
	if strings.Contains(strings.ToLower(version), "mariadb") {
		d = mysqldialect.MariaDB
	}
	p := newPool(db, d)
	p.killer = k
	return p, nil
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

// pool is a MySQL or MariaDB server's pool.
type pool struct {
	sqldb.Pool
	killer *killer // statements cut short by their context (kill.go); nil for a program's *sql.DB
}

func newPool(db *sql.DB, d *core.Dialect) *pool {
	name := "MySQL"
	if d == mysqldialect.MariaDB {
		name = "MariaDB"
	}
	// NaN and ±Inf would be stored as 0 in a DECIMAL column.
	rules := &sqldb.Rules{Floats: sqldb.NoNaNOrInf, Database: name}
	return &pool{Pool: sqldb.Pool{DB: db, Dial: d, Rules: rules}}
}

func (p *pool) Begin(ctx, acquireCtx context.Context, opts edriver.TxOptions) (edriver.Tx, error) {
	for i := 0; ; i++ {
		tx, err := p.beginOnce(ctx, acquireCtx, opts)
		if errors.Is(err, driver.ErrBadConn) && i < sqldb.BadConnRetries {
			continue
		}
		if err != nil {
			return nil, err
		}
		return tx, nil
	}
}

func (p *pool) beginOnce(ctx, acquireCtx context.Context, opts edriver.TxOptions) (*mysqlTx, error) {
	// db.Conn skips connections the driver reports dead
	// (driver.SessionResetter, driver.Validator).
	conn, err := p.DB.Conn(acquireCtx)
	if err != nil {
		return nil, err
	}
	return startMySQL(ctx, conn, p, opts) // tx.go
}

func (p *pool) Close() error {
	if p.killer != nil {
		p.killer.close()
	}
	return p.DB.Close()
}

// New opens an engine on db, a MySQL or MariaDB server the program opened
// with go-sql-driver/mysql, which d names: [mysqldialect.MySQL] or
// [mysqldialect.MariaDB] of package dialect/mysql. The engine does not
// close db unless opts hold [engine.WithOwnPool]. db's own settings stand:
// the engine's pool settings do not apply, nor what [engine.Open] sets
// (parseTime and clientFoundRows, which the engine's results expect, and
// a session in UTC), which db's DSN should set itself; and a statement
// cut short by its context is not killed on the server, since the engine
// cannot learn the ids of connections it did not open.
func New(db *sql.DB, d *core.Dialect, opts ...engine.Option) (*engine.Engine, error) {
	if db == nil {
		return nil, errors.New("engine/mysql: New: the *sql.DB is nil")
	}
	if d != mysqldialect.MySQL && d != mysqldialect.MariaDB {
		return nil, fmt.Errorf("engine/mysql: New: dialect %v: want dialect/mysql's MySQL or MariaDB", d)
	}
	return engine.OpenPool(newPool(db, d), opts...)
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
		return nil, fmt.Errorf("engine/mysql: Conn: the transaction runs on %T, not on database/sql", c)
	}
	return sc, nil
}

// utcSession sets the MariaDB or MySQL session's time_zone to UTC
// ('+00:00'), unless the DSN sets one or binds and reads times in a
// location other than UTC (loc=). NOW() and CURRENT_TIMESTAMP then give
// the UTC wall clock that the driver writes into DATETIME columns, and a
// TIMESTAMP column converts from and to UTC.
func utcSession(cfg *mysql.Config) {
	if cfg.Loc != time.UTC {
		return
	}
	for k := range cfg.Params {
		if strings.EqualFold(k, "time_zone") {
			return
		}
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
}
