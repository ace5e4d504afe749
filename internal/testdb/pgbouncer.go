package testdb

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvPgBouncer names a PgBouncer in transaction pooling mode in front of
// the shared PostgreSQL server (RETORT_TEST_POSTGRES): a postgres:// URL
// whose database part is replaced by [OpenPgBouncer]. `.ci/pgbouncer up`
// starts one and prints the line that sets it.
const EnvPgBouncer = "RETORT_TEST_PGBOUNCER"

// OpenPgBouncer makes a database of t's own on the shared PostgreSQL
// server, dropped when t ends, and returns a DB on it that connects to the
// server directly (to set up and check data) and an engine-style DSN that
// reaches the same database through PgBouncer, with pgx's
// default_query_exec_mode set to mode.
//
// A database rather than a schema: PgBouncer passes on no search_path at
// connect time, and a SET of it would stay on a server connection that
// other clients then get.
//
// If RETORT_TEST_PGBOUNCER is unset, OpenPgBouncer skips t, or fails it
// when CI=true.
func OpenPgBouncer(t testing.TB, mode string) (*DB, string) {
	t.Helper()
	bouncer := os.Getenv(EnvPgBouncer)
	switch {
	case bouncer != "":
	case isCI():
		t.Fatalf("testdb: %s is not set; CI=true requires it: .ci/run sets it with .ci/pgbouncer (see DEVELOPERS.md)", EnvPgBouncer)
	default:
		t.Skipf("testdb: %s is not set; this test runs through PgBouncer: run eval \"$(.ci/pgbouncer up)\" (see DEVELOPERS.md; with CI=true this fails instead of skipping)", EnvPgBouncer)
	}
	u, err := url.Parse(bouncer)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("testdb: %s=%q must be a postgres:// URL", EnvPgBouncer, redactPostgres(bouncer))
	}
	s := postgresServer()
	s.require(t)
	cfg, err := pgxpool.ParseConfig(s.pgDSN)
	if err != nil { // parsed once already by the probe
		t.Fatalf("testdb: postgres: %v", err)
	}
	name := randomName()
	quoted := pgx.Identifier{name}.Sanitize()
	admin := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		conn, err := pgx.Connect(ctx, s.pgDSN)
		if err != nil {
			return err
		}
		defer conn.Close(context.WithoutCancel(ctx))
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := admin("CREATE DATABASE " + quoted); err != nil {
		t.Fatalf("testdb: postgres: create database %s: %v", name, err)
	}
	cfg.ConnConfig.Database = name
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("testdb: postgres: %v", err)
	}
	db := &DB{Name: Postgres, Flavor: Postgres, pool: pool}
	t.Cleanup(func() {
		if db.inUse() > 0 {
			go pool.Close() // as in openPostgres
		} else {
			pool.Close()
		}
		// FORCE: PgBouncer keeps server connections to it open.
		if err := admin("DROP DATABASE " + quoted + " WITH (FORCE)"); err != nil {
			t.Errorf("testdb: postgres: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	q := u.Query()
	q.Set("default_query_exec_mode", mode)
	u.RawQuery = q.Encode()
	return db, u.String()
}
