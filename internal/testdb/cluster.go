package testdb

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvCluster names the PostgreSQL cluster that [OpenCluster] may stop,
// kill and restart: a postgres:// URL for a superuser, on this machine.
// `.ci/pgcluster up` makes such a cluster and prints the line that sets it.
const EnvCluster = "RETORT_TEST_PG_CLUSTER"

const (
	// clusterStartTimeout bounds Start: after a kill -9 the old
	// postmaster's children must exit and crash recovery must run first.
	clusterStartTimeout = 60 * time.Second
	// clusterLockTimeout bounds the wait for other tests, in this process
	// or another, to finish with the cluster.
	clusterLockTimeout = 5 * time.Minute
)

// Cluster is a PostgreSQL server of the tests' own (named by
// RETORT_TEST_PG_CLUSTER), for tests of what code does when its server
// stops, crashes or restarts. The shared server of RETORT_TEST_POSTGRES is
// never restarted: other tests run on it at the same time.
//
// One test at a time holds the cluster, across test binaries: [OpenCluster]
// waits for the holder to finish. Its methods fail the test on error and
// must be called from the test's goroutine.
type Cluster struct {
	t    testing.TB
	info *clusterInfo
	dsn  string // the test's schema
}

// clusterInfo is what is found out about the cluster once per process.
type clusterInfo struct {
	err   error // why the cluster cannot be used, or nil
	unset bool  // err is that RETORT_TEST_PG_CLUSTER is unset

	admin   string // RETORT_TEST_PG_CLUSTER
	shown   string // admin with its password hidden
	addr    string // host:port
	version string // for pg_ctlcluster, as pg_lsclusters gives them
	name    string
	dataDir string
}

var clusterFound = sync.OnceValue(findCluster)

// findCluster finds the cluster of RETORT_TEST_PG_CLUSTER among those
// pg_lsclusters lists, by its port: pg_ctlcluster needs its version and
// name, and Kill9 its data directory, even while it is down.
func findCluster() *clusterInfo {
	c := &clusterInfo{admin: os.Getenv(EnvCluster)}
	if c.admin == "" {
		c.err, c.unset = fmt.Errorf("%s is not set", EnvCluster), true
		return c
	}
	c.shown = redactPostgres(c.admin)
	u, err := url.Parse(c.admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		c.err = errors.New("not a postgres:// URL")
		return c
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "5432"
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		c.err = fmt.Errorf("the cluster must run on this machine, not on %q", host)
		return c
	}
	c.addr = net.JoinHostPort(host, port)
	// The shared server must never be restarted: every other test runs
	// on it, and other people's too.
	if cfg, err := pgx.ParseConfig(envOr(EnvPostgres, DefaultPostgresDSN)); err == nil && strconv.Itoa(int(cfg.Port)) == port {
		c.err = fmt.Errorf("port %s is the shared server's (%s): the cluster must be one of its own", port, EnvPostgres)
		return c
	}
	out, err := exec.Command("pg_lsclusters", "--no-header").Output()
	if err != nil {
		c.err = fmt.Errorf("pg_lsclusters: %v", err)
		return c
	}
	// Columns: version, name, port, status, owner, data directory, log.
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 6 && f[2] == port {
			c.version, c.name, c.dataDir = f[0], f[1], f[5]
			return c
		}
	}
	c.err = fmt.Errorf("pg_lsclusters lists no cluster on port %s", port)
	return c
}

// OpenCluster waits until no other test holds the cluster, makes sure it
// is running (an earlier test binary may have died with it stopped), and
// gives t a schema of its own there, through [Cluster.DSN]. When t ends,
// the cluster is started again if the test left it down, the schema is
// dropped, and the next test may have the cluster. Call it once per test.
//
// If RETORT_TEST_PG_CLUSTER is unset, OpenCluster skips t, or fails it
// when CI=true; if the variable names no cluster of this machine, it
// fails t.
func OpenCluster(t testing.TB) *Cluster {
	t.Helper()
	info := clusterFound()
	switch {
	case info.err == nil:
	case info.unset && !isCI():
		t.Skipf("testdb: %s is not set; this test stops and restarts its PostgreSQL server, so it needs a cluster of its own: run eval \"$(.ci/pgcluster up)\" (see DEVELOPERS.md; with CI=true this fails instead of skipping)", EnvCluster)
	case info.unset:
		t.Fatalf("testdb: %s is not set; CI=true requires it: .ci/run sets it with .ci/pgcluster (see DEVELOPERS.md)", EnvCluster)
	default:
		t.Fatalf("testdb: %s=%q: %v (format: postgres://postgres@127.0.0.1:port/postgres?sslmode=disable, for a cluster .ci/pgcluster made)", EnvCluster, info.shown, info.err)
	}
	c := &Cluster{t: t, info: info}
	// Registered first, so that it runs after the cleanup below.
	t.Cleanup(c.lock())
	if !c.accepting() {
		t.Logf("testdb: cluster %s/%s was down when the test began; starting it", info.version, info.name)
		c.Start()
	}
	schema := randomName()
	quoted := pgx.Identifier{schema}.Sanitize()
	if err := c.exec("CREATE SCHEMA " + quoted); err != nil {
		t.Fatalf("testdb: cluster: create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if !c.accepting() {
			t.Logf("testdb: the test left cluster %s/%s down; starting it", info.version, info.name)
			c.Start()
		}
		if err := c.exec("DROP SCHEMA " + quoted + " CASCADE"); err != nil {
			t.Errorf("testdb: cluster: drop schema %s: %v", schema, err)
		}
	})
	u, _ := url.Parse(info.admin) // parsed by findCluster
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	c.dsn = u.String()
	return c
}

// lock takes the cluster for t, waiting for whoever holds it: tests of
// this process and of other test binaries (go test runs packages in
// parallel), which would otherwise stop the server under each other.
// flock's lock belongs to the open file, so it excludes other opens of
// the file in this process too, and the kernel releases it if the
// process dies.
func (c *Cluster) lock() (unlock func()) {
	c.t.Helper()
	_, port, _ := net.SplitHostPort(c.info.addr)
	path := filepath.Join(os.TempDir(), "retort-pgcluster-"+port+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		c.t.Fatalf("testdb: cluster: %v", err)
	}
	deadline := time.Now().Add(clusterLockTimeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			c.t.Fatalf("testdb: cluster: lock %s: %v (another test has held the cluster for %v)", path, err, clusterLockTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// DSN returns an engine-style postgres:// URL to the test's own schema on
// the cluster (its search_path), as superuser.
func (c *Cluster) DSN() string { return c.dsn }

// StopFast stops the cluster as `pg_ctlcluster stop -m fast` does: the
// server rolls back open transactions, disconnects every client and shuts
// down cleanly. It returns when the server has stopped.
func (c *Cluster) StopFast() {
	c.t.Helper()
	c.ctl("stop", "-m", "fast")
	c.waitDown()
}

// Kill9 kills the postmaster with SIGKILL, as a crash would, and returns
// when it no longer accepts connections. Its backends exit on their own
// when they notice; [Cluster.Start] then runs crash recovery, which
// replays what was committed.
func (c *Cluster) Kill9() {
	c.t.Helper()
	pidFile := filepath.Join(c.info.dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		c.t.Fatalf("testdb: cluster: the server is not running? %v", err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		c.t.Fatalf("testdb: cluster: %s: first line %q is not a pid", pidFile, first)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		c.t.Fatalf("testdb: cluster: kill -9 %d: %v", pid, err)
	}
	c.waitDown()
}

// Start starts the cluster and returns when it accepts connections. After
// [Cluster.Kill9] it waits for the old server's processes to exit, which a
// new postmaster requires, and for crash recovery.
func (c *Cluster) Start() {
	c.t.Helper()
	deadline := time.Now().Add(clusterStartTimeout)
	for {
		out, err := c.pgctl("start")
		if err == nil || c.accepting() {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("testdb: cluster: pg_ctlcluster start: %v\n%s", err, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for !c.accepting() {
		if time.Now().After(deadline) {
			c.t.Fatalf("testdb: cluster %s/%s started but accepts no connections after %v", c.info.version, c.info.name, clusterStartTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TerminateBackend ends the server process (backend) of one connection, as
// pg_terminate_backend does, and returns when it has exited: its client
// sees the connection closed with SQLSTATE 57P01 at its next statement,
// while the server and every other connection go on. pid is the
// connection's backend, from pgconn.PgConn.PID or pg_backend_pid(). It
// fails the test if no such backend exists.
func (c *Cluster) TerminateBackend(pid int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.info.admin)
	if err != nil {
		c.t.Fatalf("testdb: cluster: %v", err)
	}
	defer conn.Close(ctx)
	var ok bool
	// The timeout makes pg_terminate_backend wait for the exit.
	if err := conn.QueryRow(ctx, "SELECT pg_terminate_backend($1, 10000)", pid).Scan(&ok); err != nil {
		c.t.Fatalf("testdb: cluster: terminate backend %d: %v", pid, err)
	}
	if !ok {
		c.t.Fatalf("testdb: cluster: no backend with pid %d", pid)
	}
}

// ctl runs pg_ctlcluster with args on the cluster, failing the test if it
// fails.
func (c *Cluster) ctl(args ...string) {
	c.t.Helper()
	if out, err := c.pgctl(args...); err != nil {
		c.t.Fatalf("testdb: cluster: pg_ctlcluster %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (c *Cluster) pgctl(args ...string) ([]byte, error) {
	// --skip-systemctl-redirect: the cluster is not a systemd unit here,
	// and pg_ctlcluster must not hand it to one.
	cmd := exec.Command("pg_ctlcluster", append([]string{"--skip-systemctl-redirect", c.info.version, c.info.name}, args...)...)
	return cmd.CombinedOutput()
}

// waitDown returns when the cluster's port refuses connections.
func (c *Cluster) waitDown() {
	c.t.Helper()
	deadline := time.Now().Add(setupTimeout)
	for {
		conn, err := net.DialTimeout("tcp", c.info.addr, time.Second)
		if err != nil {
			return
		}
		conn.Close()
		if time.Now().After(deadline) {
			c.t.Fatalf("testdb: cluster: still accepts connections %v after it was stopped", setupTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// accepting reports whether the cluster accepts a connection and runs a
// statement.
func (c *Cluster) accepting() bool {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.info.admin)
	if err != nil {
		return false
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "SELECT 1")
	return err == nil
}

// exec runs one statement on a connection of its own.
func (c *Cluster) exec(sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.info.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
