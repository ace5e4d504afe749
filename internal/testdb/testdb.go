// Package testdb runs tests against real databases: SQLite always, and
// PostgreSQL and MySQL/MariaDB when a server is reachable.
//
// A test written with [Each] runs once per backend, as subtests named
// "sqlite", "postgres" and "mysql". Every run gets a namespace of its own (a
// fresh SQLite file, a PostgreSQL schema, a MySQL database) that is dropped
// when the subtest ends, so tests may run in parallel and never see each
// other's tables or leftovers from earlier runs.
//
// Servers are found through environment variables:
//
//	RETORT_TEST_POSTGRES  default postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//	RETORT_TEST_MYSQL     default root@tcp(127.0.0.1:3306)/test
//
// An unreachable server skips the subtest, unless CI=true, where it fails:
// a CI run that silently tests only SQLite would prove nothing.
//
// [DB.Query] normalises values so that one expectation holds on every
// backend; the handles behind it ([DB.Pool], [DB.SQL]) are there for tests
// that need the drivers' own behaviour.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Backend names, used as subtest names and as [DB.Name].
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
	MySQL    = "mysql"
)

// MariaDB is the [DB.Flavor] of a MySQL-protocol server that reports itself as
// MariaDB; the two differ enough (RETURNING, JSON, sequences) that tests need
// to tell them apart.
const MariaDB = "mariadb"

// backends lists the backend names in the order [Each] runs them.
var backends = []string{SQLite, Postgres, MySQL}

// Environment variables that configure the harness. DEVELOPERS.md documents
// them for people; these constants keep the messages below in step with it.
const (
	EnvPostgres = "RETORT_TEST_POSTGRES"
	EnvMySQL    = "RETORT_TEST_MYSQL"
	EnvCI       = "CI"
)

// Default DSNs: the local servers described in DEVELOPERS.md.
const (
	DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQLDSN    = "root@tcp(127.0.0.1:3306)/test"
)

const (
	// probeTimeout bounds the one reachability check per backend and
	// process. Local servers answer in milliseconds; a dead one must not
	// cost every test a long connect timeout.
	probeTimeout = 2 * time.Second

	// setupTimeout bounds creating and dropping a namespace, which can
	// wait on locks if a test leaked a transaction.
	setupTimeout = 30 * time.Second

	// leakGrace is how long the leak check waits for connections to come
	// back: database/sql closes rows of a canceled query on another
	// goroutine, and pgxpool's health check borrows idle connections for
	// a moment.
	leakGrace = time.Second
)

// DB is one backend, opened in a namespace of its own for one test.
type DB struct {
	// Name is the backend: [SQLite], [Postgres] or [MySQL].
	Name string
	// Flavor refines Name where servers that speak the same protocol
	// behave differently: [MariaDB] or "mysql" for MySQL, else Name.
	Flavor string

	pool  *pgxpool.Pool // postgres only
	sqldb *sql.DB       // sqlite and mysql
}

// Pool returns the pgx pool behind a PostgreSQL DB, and nil for other
// backends. Its connections use the test's schema through search_path.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// SQL returns the database/sql handle behind a SQLite or MySQL DB, and nil
// for PostgreSQL, which the harness drives through pgx natively.
func (db *DB) SQL() *sql.DB { return db.sqldb }

// Each runs fn once per backend, each as a subtest named after it, with a DB
// opened by [Open]. Subtests for unreachable servers are skipped (or fail
// under CI=true) without affecting the others.
func Each(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	for _, name := range backends {
		t.Run(name, func(t *testing.T) {
			fn(t, Open(t, name))
		})
	}
}

// Open opens the named backend in a fresh namespace that is dropped when t
// ends. When t ends, Open also fails t if any connection is still checked out
// of the pool, because a leaked Rows, Tx or Conn in the library under test is
// exactly the bug these tests exist to catch.
//
// If the backend's server is unreachable, Open skips t, or fails it when
// CI=true.
func Open(t testing.TB, backend string) *DB {
	t.Helper()
	var db *DB
	switch backend {
	case SQLite:
		db = openSQLite(t)
	case Postgres:
		db = openPostgres(t)
	case MySQL:
		db = openMySQL(t)
	default:
		t.Fatalf("testdb: unknown backend %q (want one of %v)", backend, backends)
	}
	// Registered after the namespace's own cleanup, so it runs before the
	// pool is closed: closing first would hide the leak.
	t.Cleanup(func() { db.checkLeaks(t) })
	return db
}

func openSQLite(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	sqldb, err := openSQLiteFile(path)
	if err != nil {
		t.Fatalf("testdb: sqlite: open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := sqldb.Close(); err != nil {
			t.Errorf("testdb: sqlite: close: %v", err)
		}
	})
	return &DB{Name: SQLite, Flavor: SQLite, sqldb: sqldb}
}

// openSQLiteFile opens (creating if needed) a SQLite database file with the
// harness's settings. foreign_keys is off by default in SQLite, while the
// other backends always enforce constraints; busy_timeout makes concurrent
// writers wait instead of failing with SQLITE_BUSY; _time_format=sqlite
// stores times as text the driver parses back, rather than in Go's String()
// layout.
func openSQLiteFile(path string) (*sql.DB, error) {
	return sql.Open("sqlite", sqliteURI(path)+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_time_format=sqlite")
}

// sqliteURI turns a file path into a SQLite URI filename. The escaping
// matters: t.TempDir names directories after subtests, and Each's repeated
// subtests are named "sqlite#01", whose '#' would otherwise end the path
// and make every repetition share one database.
func sqliteURI(path string) string {
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
}

func openPostgres(t testing.TB) *DB {
	t.Helper()
	s := postgresServer()
	s.require(t)

	cfg, err := pgxpool.ParseConfig(s.pgDSN)
	if err != nil { // parsed once already by the probe
		t.Fatalf("testdb: postgres: %v", err)
	}
	schema := randomName()
	quoted := pgx.Identifier{schema}.Sanitize()
	// search_path is a startup parameter, so every connection the pool
	// ever opens resolves unqualified names in the test's schema, with no
	// per-acquire hook to forget.
	cfg.ConnConfig.RuntimeParams["search_path"] = quoted
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = setupTimeout
	}

	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("testdb: postgres: %v", err)
	}
	if _, err := pool.Exec(ctx, "CREATE SCHEMA "+quoted); err != nil {
		pool.Close()
		t.Fatalf("testdb: postgres: create schema %s: %v", schema, err)
	}
	db := &DB{Name: Postgres, Flavor: Postgres, pool: pool}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if _, err := pool.Exec(ctx, "DROP SCHEMA "+quoted+" CASCADE"); err != nil {
			t.Errorf("testdb: postgres: drop schema %s: %v", schema, err)
		}
		// pgxpool.Close waits for every acquired connection to come
		// back, which a leaked one never does; the leak is already
		// reported, so do not hang the test binary on it.
		if db.inUse() > 0 {
			go pool.Close()
		} else {
			pool.Close()
		}
	})
	return db
}

func openMySQL(t testing.TB) *DB {
	t.Helper()
	s := mysqlServer()
	s.require(t)

	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	name := randomName()
	quoted := "`" + name + "`" // randomName needs no escaping

	// The database must exist before a connection can select it, so
	// create it through a short-lived handle on the configured one.
	admin := sql.OpenDB(mustConnector(t, s.cfg))
	// utf8mb4 explicitly: on a server whose default is still latin1 the
	// datasets' accented names would not survive the round trip.
	_, err := admin.ExecContext(ctx, "CREATE DATABASE "+quoted+" CHARACTER SET utf8mb4")
	if cerr := admin.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("testdb: mysql: create database %s: %v", name, err)
	}

	cfg := s.cfg.Clone()
	cfg.DBName = name
	sqldb := sql.OpenDB(mustConnector(t, cfg))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if _, err := sqldb.ExecContext(ctx, "DROP DATABASE "+quoted); err != nil {
			t.Errorf("testdb: mysql: drop database %s: %v", name, err)
		}
		// Unlike pgxpool, database/sql's Close does not wait for
		// connections in use, so it is safe even after a leak.
		if err := sqldb.Close(); err != nil {
			t.Errorf("testdb: mysql: close: %v", err)
		}
	})
	return &DB{Name: MySQL, Flavor: s.flavor, sqldb: sqldb}
}

func mustConnector(t testing.TB, cfg *mysql.Config) driver.Connector {
	t.Helper()
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatalf("testdb: mysql: %v", err)
	}
	return c
}

// randomName returns a fresh lowercase identifier for a schema or database.
// Random rather than derived from the test name, so that concurrent test
// binaries and crashed earlier runs can never collide with this one.
func randomName() string {
	return "retort_test_" + strings.ToLower(rand.Text())
}

// inUse reports how many connections are checked out of the pool.
func (db *DB) inUse() int {
	if db.pool != nil {
		return int(db.pool.Stat().AcquiredConns())
	}
	return db.sqldb.Stats().InUse
}

func (db *DB) checkLeaks(t testing.TB) {
	deadline := time.Now().Add(leakGrace)
	n := db.inUse()
	for n > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		n = db.inUse()
	}
	if n > 0 {
		t.Errorf("testdb: %s: %d connection(s) still in use after the test: a Rows, Tx or Conn was not closed or released", db.Name, n)
	}
}

// server is the outcome of the one reachability probe per backend and
// process. The DSN is read along with it, so every test in a process talks to
// the same server even if a test changes the environment.
type server struct {
	backend string
	env     string // the variable that names the server
	shown   string // the DSN tried, password redacted, for messages
	example string // the DSN format to suggest in skip messages
	err     error  // why the server cannot be used, or nil
	// badDSN marks err as a malformed DSN rather than an unreachable
	// server: a mistake to report even outside CI, never a reason to skip.
	badDSN bool

	pgDSN  string        // postgres: the DSN as configured
	cfg    *mysql.Config // mysql: parsed, with the harness's settings
	flavor string        // mysql: MySQL or MariaDB
}

// require returns if the server is usable and otherwise ends the test: a
// skip on a developer's machine, a failure under CI, where a missing server
// means the pipeline would prove nothing about that backend.
func (s *server) require(t testing.TB) {
	t.Helper()
	switch {
	case s.err == nil:
	case s.badDSN:
		t.Fatalf("testdb: %s: %s=%q is not a valid DSN: %v (format: %s)", s.backend, s.env, s.shown, s.err, s.example)
	case isCI():
		t.Fatalf("testdb: %s: cannot reach %s: %v\nCI=true requires every backend: start the server or set %s to one (see DEVELOPERS.md)",
			s.backend, s.shown, s.err, s.env)
	default:
		t.Skipf("testdb: %s: cannot reach %s: %v\nTo run these tests, start the server or set %s to a DSN of the form %s (with CI=true this fails instead of skipping)",
			s.backend, s.shown, s.err, s.env, s.example)
	}
}

var postgresServer = sync.OnceValue(func() *server {
	s := &server{backend: Postgres, env: EnvPostgres, example: "postgres://user[:password]@host:5432/dbname?sslmode=disable"}
	s.pgDSN = envOr(EnvPostgres, DefaultPostgresDSN)
	s.shown = redactPostgres(s.pgDSN)
	cfg, err := pgx.ParseConfig(s.pgDSN)
	if err != nil {
		s.err, s.badDSN = err, true
		return s
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		s.err = err
		return s
	}
	s.err = conn.Close(ctx)
	return s
})

var mysqlServer = sync.OnceValue(func() *server {
	s := &server{backend: MySQL, env: EnvMySQL, example: "user[:password]@tcp(host:3306)/dbname"}
	s.shown = envOr(EnvMySQL, DefaultMySQLDSN)
	cfg, err := mysql.ParseDSN(s.shown)
	if err != nil {
		// The parse error does not say where a password ends, so show
		// the variable's name instead of its value.
		s.shown = "$" + EnvMySQL
		s.err, s.badDSN = err, true
		return s
	}
	// The harness relies on these whatever the DSN says: times scan as
	// time.Time, ExecScript sends many statements at once, and UPDATE
	// reports matched rather than changed rows, as on PostgreSQL and SQLite
	// (SQLAlchemy sets CLIENT_FOUND_ROWS for the same reason).
	cfg.ParseTime = true
	cfg.MultiStatements = true
	cfg.ClientFoundRows = true
	if cfg.Timeout == 0 {
		cfg.Timeout = setupTimeout
	}
	s.cfg = cfg
	s.shown = redactMySQL(cfg)

	probe := cfg.Clone()
	probe.Timeout = probeTimeout
	c, err := mysql.NewConnector(probe)
	if err != nil {
		s.err, s.badDSN = err, true
		return s
	}
	db := sql.OpenDB(c)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	var version string
	if s.err = db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); s.err != nil {
		return s
	}
	s.flavor = MySQL
	if strings.Contains(strings.ToLower(version), MariaDB) {
		s.flavor = MariaDB
	}
	return s
})

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// isCI reports whether CI=true (or any other value strconv.ParseBool
// accepts as true).
func isCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv(EnvCI))
	return ci
}

var pgPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// redactPostgres hides the password in either form of libpq connection
// string, because skip and failure messages end up in CI logs.
func redactPostgres(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return pgPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

func redactMySQL(cfg *mysql.Config) string {
	c := cfg.Clone()
	if c.Passwd != "" {
		c.Passwd = "xxxxx"
	}
	return c.FormatDSN()
}

// Exec runs one statement and returns the number of rows it affected. The
// SQL goes to the driver unchanged, so placeholders are the driver's own:
// $1 on PostgreSQL, ? on MySQL, either on SQLite.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if db.pool != nil {
		tag, err := db.pool.Exec(ctx, query, args...)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}
	res, err := db.sqldb.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Query runs a query and returns all its rows, with each value normalised so
// that the same expectation holds on every backend:
//
//   - NULL is nil.
//   - Integers of any width are int64 (an unsigned MySQL BIGINT too large
//     for int64 stays uint64).
//   - Floating-point values are float64. A float4/FLOAT value is widened
//     through its shortest decimal form, so FLOAT 0.1 is 0.1, not
//     0.10000000149011612.
//   - NUMERIC and DECIMAL are float64. SQLite has no decimal type (it stores
//     2.00 in a NUMERIC column as the integer 2), so float64 is the only
//     representation all three backends can agree on. Tests that need exact
//     decimals should cast to text in SQL or use [DB.Pool] / [DB.SQL].
//   - Text is string, including MySQL's CHAR, VARCHAR, TEXT, ENUM, SET,
//     JSON and TIME, which the driver returns as []byte. Binary columns
//     (BLOB, BINARY, BIT, bytea) stay []byte.
//   - Dates and times are time.Time in UTC. On SQLite that holds for columns
//     declared DATE, DATETIME or TIMESTAMP whose text the driver can parse.
//   - A PostgreSQL uuid is its canonical string form, as MariaDB returns it.
//   - Booleans are not unified: PostgreSQL returns bool, while MySQL and
//     SQLite have no boolean type and return int64 0 or 1.
//
// Other values are returned as the driver produced them.
func (db *DB) Query(ctx context.Context, query string, args ...any) ([][]any, error) {
	if db.pool != nil {
		return db.queryPgx(ctx, query, args)
	}
	return db.querySQL(ctx, query, args)
}

func (db *DB) queryPgx(ctx context.Context, query string, args []any) ([][]any, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = normalise(v)
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

func (db *DB) querySQL(ctx context.Context, query string, args []any) ([][]any, error) {
	rows, err := db.sqldb.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	// The drivers return decimals and text as bare []byte or int64; only
	// the declared column type tells what the value means.
	types := make([]string, len(cols))
	for i, c := range cols {
		types[i] = c.DatabaseTypeName()
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if db.Name == MySQL {
				v = normaliseMySQL(v, types[i])
			} else {
				v = normaliseSQLite(v, types[i])
			}
			vals[i] = normalise(v)
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// normalise applies the conversions of [DB.Query] that depend only on the
// Go type the driver chose.
func normalise(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return x
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f
	case pgtype.Numeric:
		f, err := x.Float64Value()
		if err != nil || !f.Valid {
			return v
		}
		return f.Float64
	case [16]byte: // pgx decodes uuid to its bytes
		return fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
	case time.Time:
		return x.UTC()
	}
	return v
}

// normaliseMySQL converts the []byte that go-sql-driver/mysql returns for
// every column type it does not parse itself.
func normaliseMySQL(v any, dbType string) any {
	b, ok := v.([]byte)
	if !ok {
		return v
	}
	switch dbType {
	case "DECIMAL":
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			return f
		}
		return string(b)
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "BIT", "GEOMETRY", "VECTOR":
		return b
	}
	return string(b)
}

// normaliseSQLite turns the integers that SQLite's NUMERIC affinity makes of
// whole decimals (2.00 is stored as 2) back into float64, to match the
// other backends' decimals.
func normaliseSQLite(v any, declType string) any {
	if i, ok := v.(int64); ok && (strings.HasPrefix(declType, "NUMERIC") || strings.HasPrefix(declType, "DECIMAL")) {
		return float64(i)
	}
	return v
}

// QueryStrings runs [DB.Query] and formats each value with fmt.Sprint, NULL
// as "NULL", so that small expected results read as literals in tests.
func (db *DB) QueryStrings(ctx context.Context, query string, args ...any) ([][]string, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = make([]string, len(row))
		for j, v := range row {
			if v == nil {
				out[i][j] = "NULL"
			} else {
				out[i][j] = fmt.Sprint(v)
			}
		}
	}
	return out, nil
}

// ExecScript runs a script of statements separated by semicolons, sent
// whole through each driver's multi-statement support, so semicolons inside
// string literals are safe. The script must not use bind parameters.
//
// On PostgreSQL and SQLite the script runs in one transaction, so a failure
// leaves nothing behind and loading is fast; it must therefore not contain
// transaction control of its own on SQLite. MySQL commits each DDL statement
// implicitly, so a failing script there can leave its earlier statements
// applied.
//
// On MySQL the script runs with NO_BACKSLASH_ESCAPES, so that a backslash in
// a string literal is an ordinary character as in standard SQL and on the
// other backends; the session's sql_mode is restored afterwards. Exec and
// Query keep the server's default mode, which the MySQL dialect must handle.
func (db *DB) ExecScript(ctx context.Context, script string) error {
	switch db.Name {
	case Postgres:
		// Without arguments pgx uses the simple query protocol, which
		// accepts many statements and runs them as one implicit
		// transaction.
		_, err := db.pool.Exec(ctx, script)
		return err
	case MySQL:
		return db.execScriptMySQL(ctx, script)
	default:
		tx, err := db.sqldb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// modernc.org/sqlite executes every statement in the string.
		if _, err := tx.ExecContext(ctx, script); err != nil {
			return errors.Join(err, tx.Rollback())
		}
		return tx.Commit()
	}
}

func (db *DB) execScriptMySQL(ctx context.Context, script string) (err error) {
	// One dedicated connection, because sql_mode is per session and must
	// not leak to the rest of the pool.
	conn, err := db.sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, conn.Close()) }()

	const (
		save    = "SET @retort_sql_mode = @@SESSION.sql_mode, SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_BACKSLASH_ESCAPES')"
		restore = "SET SESSION sql_mode = @retort_sql_mode"
	)
	if _, err := conn.ExecContext(ctx, save); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, script)
	// Restore even if the script failed or ctx is done.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), setupTimeout)
	defer cancel()
	if _, rerr := conn.ExecContext(rctx, restore); rerr != nil {
		// A session stuck in the wrong mode would change how later
		// tests' SQL is parsed: have database/sql discard it.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		err = errors.Join(err, fmt.Errorf("restore sql_mode: %w", rerr))
	}
	return err
}
