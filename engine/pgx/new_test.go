package pgx_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/engine/pgx"
	"github.com/retortdb/retort/internal/testdb"
)

// callerPool builds a pool as a program would, with an AfterConnect of its
// own that sets application_name and counts the connections, configured
// for the engine when configure is set. The pool is closed when t ends.
func callerPool(t *testing.T, configure bool) (*pgxpool.Pool, *atomic.Int64) {
	t.Helper()
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var connects atomic.Int64
	cfg.AfterConnect = func(ctx context.Context, c *pgxv5.Conn) error {
		connects.Add(1)
		_, err := c.Exec(ctx, "SET application_name = 'caller'")
		return err
	}
	if configure {
		pgx.Configure(cfg)
	}
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, &connects
}

// TestNewCallerPool: an engine on a pool the program built runs on its
// connections, whose AfterConnect ran (application_name), with the
// engine's codecs when the pool was Configured (a timestamptz reads in
// UTC); closing the engine leaves the pool open.
func TestNewCallerPool(t *testing.T) {
	for _, configure := range []bool{true, false} {
		name := "bare"
		if configure {
			name = "configured"
		}
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			pool, connects := callerPool(t, configure)
			eng, err := pgx.New(pool)
			if err != nil {
				t.Fatal(err)
			}
			var app string
			var at time.Time
			err = eng.Transaction(ctx, func(tx *engine.Tx) error {
				res, err := tx.QuerySQL(ctx, "SELECT current_setting('application_name'), '2026-01-01 12:00:00+05:30'::timestamptz")
				if err != nil {
					return err
				}
				row, err := res.One()
				if err != nil {
					return err
				}
				app, at = row[0].(string), row[1].(time.Time)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if app != "caller" || connects.Load() == 0 {
				t.Errorf("application_name %q after %d connects: the caller's AfterConnect did not run", app, connects.Load())
			}
			if want := time.Date(2026, 1, 1, 6, 30, 0, 0, time.UTC); !at.Equal(want) {
				t.Errorf("timestamptz = %v, want %v", at, want)
			}
			if configure && at.Location() != time.UTC {
				t.Errorf("timestamptz in %v on a Configured pool, want UTC", at.Location())
			}
			if got := eng.Stats().MaxOpen; got != int(pool.Config().MaxConns) {
				t.Errorf("Stats().MaxOpen = %d, want the pool's %d", got, pool.Config().MaxConns)
			}
			if err := eng.Close(); err != nil {
				t.Fatal(err)
			}
			if err := pool.Ping(ctx); err != nil {
				t.Fatalf("the pool after the engine's Close: %v; want it open", err)
			}
		})
	}
}

// TestNewOwnPool: with engine.OwnPool, closing the engine closes the pool.
func TestNewOwnPool(t *testing.T) {
	pool, _ := callerPool(t, true)
	eng, err := pgx.New(pool, engine.WithOwnPool(true))
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	if err := pool.Ping(t.Context()); err == nil {
		t.Fatal("the pool still answers after the engine that owns it closed")
	}
}

// TestNewNil: a nil pool is an error, not a panic.
func TestNewNil(t *testing.T) {
	if _, err := pgx.New(nil); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Fatalf("New(nil) = %v, want an error naming the nil pool", err)
	}
}

// TestConnCopyInTransaction: the hatch's connection is inside the
// transaction, whose BEGIN the engine had not sent yet: rows COPYed through
// it are seen by the transaction's own query, and gone after its rollback.
func TestConnCopyInTransaction(t *testing.T) {
	ctx := t.Context()
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(ctx, "CREATE TABLE copied (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	count := func(tx *engine.Tx) int64 {
		res, err := tx.QuerySQL(ctx, "SELECT count(*) FROM copied")
		if err != nil {
			t.Fatal(err)
		}
		n, err := engine.Scalars[int64](res)
		if err != nil {
			t.Fatal(err)
		}
		return n[0]
	}
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	conn, err := pgx.Conn(ctx, tx) // before any statement: BEGIN is pending
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{int64(1), "a"}, {int64(2), "b"}, {int64(3), "c"}}
	n, err := conn.CopyFrom(ctx, pgxv5.Identifier{"copied"}, []string{"id", "name"}, pgxv5.CopyFromRows(rows))
	if err != nil || n != 3 {
		t.Fatalf("CopyFrom = %d, %v; want 3", n, err)
	}
	if got := count(tx); got != 3 {
		t.Fatalf("the transaction sees %d rows after COPY, want 3", got)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	check, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Rollback(ctx)
	if got := count(check); got != 0 {
		t.Fatalf("%d rows after the rollback: the COPY ran outside the transaction", got)
	}
}

// TestConnListenNotify: LISTEN on the hatch's connection of an Autocommit
// Tx, NOTIFY from another transaction, and the notification arrives.
func TestConnListenNotify(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	channel := "retort_" + strings.ReplaceAll(strings.ToLower(t.Name()), "/", "_")
	listen, err := eng.Begin(ctx, engine.WithAutocommit(true))
	if err != nil {
		t.Fatal(err)
	}
	defer listen.Rollback(ctx)
	conn, err := pgx.Conn(ctx, listen)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		t.Fatal(err)
	}
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(ctx, "SELECT pg_notify($1, 'hello')", channel)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := conn.WaitForNotification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n.Channel != channel || n.Payload != "hello" {
		t.Fatalf("notification %s %q, want %s \"hello\"", n.Channel, n.Payload, channel)
	}
	if _, err := conn.Exec(ctx, "UNLISTEN *"); err != nil {
		t.Fatal(err)
	}
}

// TestConnOnDoneTx: the hatch of a finished transaction is ErrTxDone.
func TestConnOnDoneTx(t *testing.T) {
	ctx := t.Context()
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pgx.Conn(ctx, tx); !errors.Is(err, engine.ErrTxDone) {
		t.Fatalf("Conn after Commit: %v, want ErrTxDone", err)
	}
}
