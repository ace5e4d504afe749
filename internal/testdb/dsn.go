package testdb

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EngineDSN returns a DSN in engine.Open's URL form (postgres://,
// sqlite:, mysql://) for a fresh namespace of the named backend, dropped
// when t ends, and the backend's flavor (as [DB.Flavor]: MariaDB or "mysql"
// for MySQL, else the backend's name). It is for tests of code that opens
// the database itself, where [Open] would hand over a pool.
//
//   - SQLite: a new file in t.TempDir().
//   - PostgreSQL: a new schema, made the connections' search_path by a
//     search_path parameter in the DSN (pgx sends unknown parameters as
//     run-time settings). RETORT_TEST_POSTGRES must then be in URL form.
//   - MySQL: a new database. The DSN carries the server's address and
//     credentials only; other parameters of RETORT_TEST_MYSQL are not
//     carried over.
//
// As with [Open], an unreachable server skips t, or fails it when CI=true.
// Connections the caller opens are the caller's to close (and to check for
// leaks) before t's cleanup drops the namespace.
func EngineDSN(t testing.TB, backend string) (dsn, flavor string) {
	t.Helper()
	switch backend {
	case SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db"), SQLite
	case Postgres:
		return postgresEngineDSN(t), Postgres
	case MySQL:
		return mysqlEngineDSN(t)
	}
	t.Fatalf("testdb: unknown backend %q (want one of %v)", backend, backends)
	return "", ""
}

func postgresEngineDSN(t testing.TB) string {
	t.Helper()
	s := postgresServer()
	s.require(t)
	u, err := url.Parse(s.pgDSN)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("testdb: postgres: %s=%q must be a postgres:// URL for engine tests", EnvPostgres, s.shown)
	}
	schema := randomName() // lowercase letters, digits and '_': no quoting needed
	quoted := pgx.Identifier{schema}.Sanitize()

	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	admin := func(ctx context.Context, sql string) error {
		conn, err := pgx.Connect(ctx, s.pgDSN)
		if err != nil {
			return err
		}
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := admin(ctx, "CREATE SCHEMA "+quoted); err != nil {
		t.Fatalf("testdb: postgres: create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if err := admin(ctx, "DROP SCHEMA "+quoted+" CASCADE"); err != nil {
			t.Errorf("testdb: postgres: drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func mysqlEngineDSN(t testing.TB) (string, string) {
	t.Helper()
	s := mysqlServer()
	s.require(t)
	if s.cfg.Net != "tcp" {
		t.Fatalf("testdb: mysql: %s must use tcp for engine tests, not %q", EnvMySQL, s.cfg.Net)
	}
	name := randomName()
	quoted := "`" + name + "`"
	exec := func(ctx context.Context, stmt string) error {
		db := sql.OpenDB(mustConnector(t, s.cfg))
		defer db.Close()
		_, err := db.ExecContext(ctx, stmt)
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := exec(ctx, "CREATE DATABASE "+quoted+" CHARACTER SET utf8mb4"); err != nil {
		t.Fatalf("testdb: mysql: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if err := exec(ctx, "DROP DATABASE "+quoted); err != nil {
			t.Errorf("testdb: mysql: drop database %s: %v", name, err)
		}
	})
	u := &url.URL{Scheme: "mysql", Host: s.cfg.Addr, Path: "/" + name}
	if s.cfg.Passwd != "" {
		u.User = url.UserPassword(s.cfg.User, s.cfg.Passwd)
	} else {
		u.User = url.User(s.cfg.User)
	}
	return u.String(), s.flavor
}

// OpenWithDSN is [Open] and [EngineDSN] on one namespace: it returns a DB
// and a DSN in engine.Open's form that reach the same tables, for tests
// that drive an engine and load or check data through the harness.
func OpenWithDSN(t testing.TB, backend string) (*DB, string) {
	t.Helper()
	dsn, flavor := EngineDSN(t, backend)
	db := &DB{Name: backend, Flavor: flavor}
	var err error
	switch backend {
	case SQLite:
		db.sqldb, err = openSQLiteFile(strings.TrimPrefix(dsn, "sqlite:"))
	case Postgres:
		// pgx sends the DSN's search_path as a run-time setting.
		db.pool, err = pgxpool.New(t.Context(), dsn)
	case MySQL:
		cfg := mysqlServer().cfg.Clone()
		u, _ := url.Parse(dsn)
		cfg.DBName = strings.TrimPrefix(u.Path, "/")
		db.sqldb = sql.OpenDB(mustConnector(t, cfg))
	}
	if err != nil {
		t.Fatalf("testdb: %s: %v", backend, err)
	}
	// Closed before the namespace is dropped: cleanups run last first.
	t.Cleanup(func() {
		db.checkLeaks(t)
		if db.pool != nil {
			db.pool.Close()
		} else if err := db.sqldb.Close(); err != nil {
			t.Errorf("testdb: %s: close: %v", backend, err)
		}
	})
	return db, dsn
}

// PostgresExecMode returns pgx's default_query_exec_mode of the shared
// PostgreSQL server's DSN (RETORT_TEST_POSTGRES), as that parameter is
// spelled: cache_statement unless the DSN sets another. .ci/run runs the
// suites under several; tests whose round trips depend on it ask.
func PostgresExecMode() string {
	cfg, err := pgx.ParseConfig(envOr(EnvPostgres, DefaultPostgresDSN))
	if err != nil {
		return "cache_statement"
	}
	// pgx's String has spaces where the parameter has underscores.
	return strings.ReplaceAll(cfg.DefaultQueryExecMode.String(), " ", "_")
}
