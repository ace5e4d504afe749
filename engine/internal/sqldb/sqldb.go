// engine/internal/sqldb/sqldb.go

// Package sqldb is what the backends on database/sql share (engine/sqlite,
// engine/mysql): a *sql.DB as the engine's driver.Pool, its transactions on
// one *sql.Conn, and their rows. Each backend adds how it begins and ends a
// transaction, and what it makes of a statement's error (Hooks).
package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/retort/core"
	edriver "github.com/retortdb/retort/engine/driver"
)

// Pool is a *sql.DB as the engine's pool. A backend embeds it and adds
// Begin.
type Pool struct {
	DB    *sql.DB
	Dial  *core.Dialect
	Rules *Rules
}

// Rules are a database's rules on arguments.
type Rules struct {
	// Floats says which floats the database cannot store (args.go).
	Floats FloatRule
	// UTCTimes writes times as SQLite's text in UTC (args.go).
	UTCTimes bool
	// RealNumerics binds decimals as the 8-byte floats that SQLite's
	// NUMERIC columns hold, and refuses those a float would not keep
	// exactly (args.go).
	RealNumerics bool
	// Database is the database's name, for messages.
	Database string
}

// Dialect returns the pool's dialect.
func (p *Pool) Dialect() *core.Dialect { return p.Dial }

// Stats reports database/sql's counters.
func (p *Pool) Stats() edriver.Stats {
	s := p.DB.Stats()
	return edriver.Stats{
		MaxOpen:      s.MaxOpenConnections,
		Open:         s.OpenConnections,
		InUse:        s.InUse,
		Idle:         s.Idle,
		WaitCount:    s.WaitCount,
		WaitDuration: s.WaitDuration,
	}
}

// Close closes the *sql.DB.
func (p *Pool) Close() error { return p.DB.Close() }

// Configure maps the engine's pool settings onto database/sql's.
func Configure(db *sql.DB, cfg edriver.Config) {
	db.SetMaxOpenConns(cfg.MaxOpen)
	db.SetMaxIdleConns(cfg.MaxIdle)
	db.SetConnMaxLifetime(cfg.Recycle)     // zero: never
	db.SetConnMaxIdleTime(cfg.IdleTimeout) // zero: never
}

// BadConnRetries is how many times a Begin tries another connection when
// the one it got turns out dead (driver.ErrBadConn), as database/sql's own
// methods retry. Nothing can have run on it yet, so retrying is safe;
// database/sql retries a BEGIN on a fresh connection itself, but not on a
// pinned sql.Conn, which the engine uses: database/sql binds a
// transaction's life to the context it begins under, so the acquire
// timeout must bound the checkout alone.
const BadConnRetries = 2

// TxOptions returns opts as database/sql's.
func TxOptions(opts edriver.TxOptions) *sql.TxOptions {
	to := &sql.TxOptions{ReadOnly: opts.ReadOnly}
	switch opts.Isolation {
	case edriver.ReadUncommitted:
		to.Isolation = sql.LevelReadUncommitted
	case edriver.ReadCommitted:
		to.Isolation = sql.LevelReadCommitted
	case edriver.RepeatableRead:
		to.Isolation = sql.LevelRepeatableRead
	case edriver.Serializable:
		to.Isolation = sql.LevelSerializable
	}
	return to
}

// Connected wraps c so that each connection it opens is reported to
// connected.
func Connected(c driver.Connector, connected func(context.Context)) driver.Connector {
	return connectorFunc{c, connected}
}

// connectorFunc is a database/sql connector that reports each connection
// it opens.
type connectorFunc struct {
	driver.Connector
	connected func(context.Context)
}

func (c connectorFunc) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err == nil {
		c.connected(ctx)
	}
	return conn, err
}

// Hooks are what a backend makes of its statements' failures.
type Hooks interface {
	// Classify returns a statement's error as the engine is to see it:
	// as an *engine.DatabaseError when its kind is known.
	Classify(err error) error
	// Failed is told that a statement run under ctx failed, before its
	// error is classified (MySQL then kills a statement its context
	// cut short).
	Failed(ctx context.Context)
}

// Tx is a transaction on one *sql.Conn, SQLConn: statements run on SQLTx, or on
// the connection itself when SQLTx is nil (under Autocommit, and on MySQL,
// which begins and ends its transactions as statements). A backend embeds
// it and adds Commit and Rollback.
type Tx struct {
	SQLConn *sql.Conn
	SQLTx   *sql.Tx
	Rules   *Rules
	Hooks   Hooks
}

// on is what statements run on.
func (t *Tx) on() interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
} {
	if t.SQLTx == nil {
		return t.SQLConn
	}
	return t.SQLTx
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, query string, args []any) (int64, error) {
	args, err := t.Rules.args(args)
	if err != nil {
		return 0, err
	}
	res, err := t.on().ExecContext(ctx, query, args...)
	if err != nil {
		t.Hooks.Failed(ctx)
		return 0, t.Hooks.Classify(err)
	}
	return res.RowsAffected()
}

// Query runs a statement that returns rows.
func (t *Tx) Query(ctx context.Context, query string, args []any) (edriver.Rows, error) {
	args, err := t.Rules.args(args)
	if err != nil {
		return nil, err
	}
	rows, err := t.on().QueryContext(ctx, query, args...)
	if err != nil {
		t.Hooks.Failed(ctx)
		return nil, t.Hooks.Classify(err)
	}
	// The names are read now, as pgx has them, so that Columns works
	// after the rows are closed too.
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, err
	}
	r := &Rows{rows: rows, cols: cols, hooks: t.Hooks, ctx: ctx}
	r.scan = func(dest ...any) error { return r.conv.scan(r.rows, dest) }
	return r, nil
}

// Conn returns the *sql.Conn, which is in the transaction already.
func (t *Tx) Conn(context.Context) (any, error) { return t.SQLConn, nil }

// Rows are a statement's rows through database/sql.
type Rows struct {
	rows   *sql.Rows
	cols   []string
	types  []*sql.ColumnType
	nulls  nullTemps
	groups groupScan
	conv   destTemps
	scan   func(...any) error // rows.Scan through conv
	// hooks and ctx are the statement's, for an error as its rows are
	// read.
	hooks Hooks
	ctx   context.Context
}

// Columns returns the column names.
func (r *Rows) Columns() []string { return r.cols }

// Next advances to the next row.
func (r *Rows) Next() bool { return r.rows.Next() }

// Scan scans the current row, enginehook.Nullable and enginehook.Group included.
func (r *Rows) Scan(dest ...any) error {
	if ok, err := r.groups.scan(&r.nulls, r.scan, dest); ok {
		return err
	}
	return r.nulls.scan(r.scan, dest)
}

// Err returns the error that ended the rows.
func (r *Rows) Err() error {
	if err := r.rows.Err(); err != nil {
		return r.hooks.Classify(err)
	}
	return nil
}

// Close closes the rows.
func (r *Rows) Close() error {
	err := r.rows.Close()
	if r.rows.Err() != nil {
		r.hooks.Failed(r.ctx)
	}
	if err != nil {
		return r.hooks.Classify(err)
	}
	return nil
}

// Values returns the current row as Go values.
func (r *Rows) Values() ([]any, error) {
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
			dv, err := valuerValue(v)
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
func (r *Rules) args(args []any) ([]any, error) {
	if err := r.Floats.check(args, r.Database); err != nil {
		return nil, err
	}
	if r.RealNumerics {
		var err error
		if args, err = realNumerics(args, r.Database); err != nil {
			return nil, err
		}
	}
	if r.UTCTimes {
		args = sqliteTimes(args)
	}
	return goArgs(args), nil
}
