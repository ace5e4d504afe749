package testdb_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdb/retort/internal/testdb"
)

// connect connects to dsn, failing the test if it cannot within 5 s.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// mustFailToConnect fails the test if a connection to dsn succeeds.
func mustFailToConnect(t *testing.T, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, dsn); err == nil {
		conn.Close(ctx)
		t.Fatal("connected to a cluster that is down")
	}
}

// countItems counts the rows of the test's item table.
func countItems(t *testing.T, dsn string) int {
	t.Helper()
	var n int
	if err := connect(t, dsn).QueryRow(t.Context(), "SELECT COUNT(*) FROM item").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestClusterStopStart(t *testing.T) {
	c := testdb.OpenCluster(t)
	ctx := t.Context()
	open := connect(t, c.DSN())
	if _, err := open.Exec(ctx, "CREATE TABLE item (id int); INSERT INTO item VALUES (1)"); err != nil {
		t.Fatal(err)
	}

	c.StopFast()
	if _, err := open.Exec(ctx, "SELECT 1"); err == nil {
		t.Error("a connection open across StopFast still works")
	}
	mustFailToConnect(t, c.DSN())

	start := time.Now()
	c.Start()
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("Start took %v", el)
	}
	if n := countItems(t, c.DSN()); n != 1 {
		t.Errorf("%d rows after the restart, want 1", n)
	}
}

func TestClusterKill9(t *testing.T) {
	c := testdb.OpenCluster(t)
	ctx := t.Context()
	conn := connect(t, c.DSN())
	if _, err := conn.Exec(ctx, "CREATE TABLE item (id int)"); err != nil {
		t.Fatal(err)
	}
	// Committed (simple protocol: one implicit transaction each) ...
	for range 3 {
		if _, err := conn.Exec(ctx, "INSERT INTO item VALUES (1)"); err != nil {
			t.Fatal(err)
		}
	}
	// ... and not.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO item VALUES (2)"); err != nil {
		t.Fatal(err)
	}

	c.Kill9()
	mustFailToConnect(t, c.DSN())
	c.Start()
	if n := countItems(t, c.DSN()); n != 3 {
		t.Errorf("%d rows after crash recovery, want the 3 committed", n)
	}
}

func TestClusterTerminateBackend(t *testing.T) {
	c := testdb.OpenCluster(t)
	ctx := t.Context()
	victim, other := connect(t, c.DSN()), connect(t, c.DSN())
	c.TerminateBackend(int(victim.PgConn().PID()))
	_, err := victim.Exec(ctx, "SELECT 1")
	var pgErr *pgconn.PgError
	if err == nil {
		t.Fatal("a terminated backend's connection still works")
	} else if errors.As(err, &pgErr) && pgErr.Code != "57P01" {
		t.Errorf("terminated backend: %v, want SQLSTATE 57P01 or a closed connection", err)
	}
	if _, err := other.Exec(ctx, "SELECT 1"); err != nil {
		t.Errorf("another connection: %v", err)
	}
}

// TestChildClusterLeftDown fails with the cluster stopped.
func TestChildClusterLeftDown(t *testing.T) {
	requireChild(t)
	c := testdb.OpenCluster(t)
	c.StopFast()
	t.Fatal("failing with the cluster down")
}

// TestClusterRestoredAfterTest: a test that fails with the cluster down
// leaves it running for the next.
func TestClusterRestoredAfterTest(t *testing.T) {
	out, ok := runChild(t, "TestChildClusterLeftDown")
	if strings.Contains(out, "--- SKIP") {
		t.Skipf("child skipped:\n%s", out)
	}
	if ok || !strings.Contains(out, "failing with the cluster down") {
		t.Fatalf("the child did not fail as planned:\n%s", out)
	}
	if !strings.Contains(out, "the test left cluster") || !strings.Contains(out, "down; starting it") {
		t.Errorf("the child's cleanup did not start the cluster:\n%s", out)
	}
	c := testdb.OpenCluster(t)
	connect(t, c.DSN())
}
