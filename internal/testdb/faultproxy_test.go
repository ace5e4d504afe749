package testdb_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"go.uber.org/goleak"

	"github.com/retortdb/retort/internal/testdb"
)

// The tests of the fault proxy drive the servers through database/sql (pgx's
// stdlib driver, go-sql-driver/mysql), so that one body serves both. They
// pin a connection with sql.DB.Conn where it matters: database/sql would
// otherwise retry a failed statement on a fresh connection and hide the
// fault.

// server is one database server, in a namespace of the test's own.
type server struct {
	name   string // testdb.Postgres or testdb.MySQL
	driver string // database/sql driver name
	dsn    string // the namespace, in the driver's DSN form
	direct *sql.DB
}

// eachServer runs fn once for PostgreSQL and once for MariaDB, as subtests.
func eachServer(t *testing.T, fn func(t *testing.T, s server)) {
	t.Helper()
	for _, name := range []string{testdb.Postgres, testdb.MySQL} {
		t.Run(name, func(t *testing.T) {
			dsn, _ := testdb.EngineDSN(t, name)
			s := server{name: name, driver: "pgx", dsn: dsn}
			if name == testdb.MySQL {
				s.driver, s.dsn = "mysql", mysqlDriverDSN(t, dsn)
			}
			s.direct = openSQL(t, s.driver, s.dsn)
			fn(t, s)
		})
	}
}

// mysqlDriverDSN turns an engine mysql:// URL into go-sql-driver/mysql's
// form, which is also the form FaultProxy.DSN must rewrite.
func mysqlDriverDSN(t *testing.T, engineURL string) string {
	u, err := url.Parse(engineURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := mysql.NewConfig()
	cfg.Net, cfg.Addr = "tcp", u.Host
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	return cfg.FormatDSN()
}

func openSQL(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// through opens one connection to s through p.
func (s server) through(t *testing.T, p *testdb.FaultProxy) *sql.Conn {
	t.Helper()
	conn, err := openSQL(t, s.driver, p.DSN(s.dsn)).Conn(t.Context())
	if err != nil {
		t.Fatalf("connect through the proxy: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func (s server) proxy(t *testing.T) *testdb.FaultProxy {
	t.Helper()
	p, _ := testdb.ProxyDSN(t, s.dsn)
	return p
}

// selectOne runs SELECT 1 on conn within d.
func selectOne(conn *sql.Conn, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return err
	}
	if one != 1 {
		return errors.New("SELECT 1 did not return 1")
	}
	return nil
}

func mustSelectOne(t *testing.T, conn *sql.Conn) {
	t.Helper()
	if err := selectOne(conn, 5*time.Second); err != nil {
		t.Fatalf("SELECT 1: %v", err)
	}
}

func TestFaultProxyForwards(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		ctx := t.Context()
		if _, err := conn.ExecContext(ctx, "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))"); err != nil {
			t.Fatal(err)
		}
		// A value far larger than one read, so that it crosses the
		// proxy in many chunks.
		long := strings.Repeat("retort ", 100_000)
		var got string
		if err := conn.QueryRowContext(ctx, "SELECT CONCAT('"+long+"', name) FROM (SELECT 'x' AS name) AS t").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != long+"x" {
			t.Errorf("a %d-byte value came back as %d bytes", len(long)+1, len(got))
		}
		if n := p.Accepted(); n != 1 {
			t.Errorf("Accepted() = %d, want 1", n)
		}
		if n := len(p.Conns()); n != 1 {
			t.Errorf("%d open connections, want 1", n)
		}
	})
}

func TestFaultProxyStall(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		mustSelectOne(t, conn)

		p.Stall()
		start := time.Now()
		err := selectOne(conn, 200*time.Millisecond)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("SELECT 1 on a stalled network: %v, want context.DeadlineExceeded", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("the 200 ms deadline took %v to fire", el)
		}

		// A connection made during the stall waits, its bytes held
		// rather than lost: it works once the stall ends.
		db := openSQL(t, s.driver, p.DSN(s.dsn))
		done := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			done <- db.PingContext(ctx)
		}()
		select {
		case err := <-done:
			t.Fatalf("a connection made during the stall got through: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		p.Resume()
		if err := <-done; err != nil {
			t.Fatalf("the connection made during the stall failed after Resume: %v", err)
		}
		mustSelectOne(t, s.through(t, p))
	})
}

func TestFaultProxyConnStall(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		stalled, other := s.through(t, p), s.through(t, p)
		conns := p.Conns()
		if len(conns) != 2 {
			t.Fatalf("%d connections, want 2", len(conns))
		}
		conns[0].Stall()
		mustSelectOne(t, other)

		done := make(chan error, 1)
		go func() { done <- selectOne(stalled, 10*time.Second) }()
		select {
		case err := <-done:
			t.Fatalf("SELECT 1 on the stalled connection returned: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		conns[0].Resume()
		if err := <-done; err != nil {
			t.Fatalf("the held SELECT 1 failed after Resume: %v", err)
		}
	})
}

func TestFaultProxyReset(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		mustSelectOne(t, conn)

		before := p.Conns()
		p.Reset()
		start := time.Now()
		if err := selectOne(conn, 5*time.Second); err == nil {
			t.Fatal("SELECT 1 on a reset connection succeeded")
		} else if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("SELECT 1 on a reset connection waited for its deadline: %v", err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("the reset took %v to be noticed", el)
		}
		// Only the connections open before Reset must be gone: CI
		// once found one more open just after, made after Reset (a
		// driver's cancel request on a new connection, we think).
		for _, c := range p.Conns() {
			if slices.Contains(before, c) {
				t.Errorf("a connection open before Reset is still open after it")
			}
		}
		mustSelectOne(t, s.through(t, p))
	})
}

// TestFaultProxyDropReplyAfter: the server commits, the client never hears
// of it.
func TestFaultProxyDropReplyAfter(t *testing.T) {
	for _, then := range []testdb.Then{testdb.ThenReset, testdb.ThenStall} {
		name := map[testdb.Then]string{testdb.ThenReset: "reset", testdb.ThenStall: "stall"}[then]
		t.Run(name, func(t *testing.T) {
			eachServer(t, func(t *testing.T, s server) {
				ctx := t.Context()
				if _, err := s.direct.ExecContext(ctx, "CREATE TABLE item (id INT PRIMARY KEY)"); err != nil {
					t.Fatal(err)
				}
				p := s.proxy(t)
				conn := s.through(t, p)
				tx, err := conn.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO item (id) VALUES (1)"); err != nil {
					t.Fatal(err)
				}
				p.DropReplyAfter("COMMIT", then)
				start := time.Now()
				// database/sql's Commit takes no context, so a
				// stalled commit waits until Resume, which resets
				// the connection because it lost the reply.
				if then == testdb.ThenStall {
					time.AfterFunc(500*time.Millisecond, p.Resume)
				}
				if err := tx.Commit(); err == nil {
					t.Fatal("Commit succeeded though its reply was dropped")
				}
				if then == testdb.ThenStall && time.Since(start) < 400*time.Millisecond {
					t.Errorf("Commit returned after %v, before the stall ended", time.Since(start))
				}
				if n := p.Dropped(); n != 1 {
					t.Errorf("Dropped() = %d, want 1", n)
				}
				var n int
				if err := s.direct.QueryRowContext(ctx, "SELECT COUNT(*) FROM item").Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%d rows committed, want 1: the server must have run the COMMIT", n)
				}
				// The rule fired once: the next COMMIT gets its reply.
				other := s.through(t, p)
				tx, err = other.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO item (id) VALUES (2)"); err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatalf("second Commit: %v", err)
				}
			})
		})
	}
}

func TestFaultProxyLatency(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		mustSelectOne(t, conn) // pgx prepares SELECT 1 the first time
		const d = 100 * time.Millisecond
		p.Latency(d)
		start := time.Now()
		mustSelectOne(t, conn)
		// Only a lower bound: a busy machine may add any delay.
		if el := time.Since(start); el < 2*d {
			t.Errorf("a round trip took %v with a latency of %v each way, want at least %v", el, d, 2*d)
		}
		p.Latency(0)
		start = time.Now()
		mustSelectOne(t, conn)
		if el := time.Since(start); el >= 2*d {
			t.Logf("a round trip took %v after Latency(0): a busy machine?", el)
		}
	})
}

func TestFaultProxyBlackhole(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		mustSelectOne(t, conn)

		p.Blackhole()
		if err := selectOne(conn, 200*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("SELECT 1 into the blackhole: %v, want context.DeadlineExceeded", err)
		}
		// A new connection is accepted, and its handshake hangs.
		db := openSQL(t, s.driver, p.DSN(s.dsn))
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := db.PingContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("connecting into the blackhole: %v, want context.DeadlineExceeded", err)
		}
		if el := time.Since(start); el < 300*time.Millisecond {
			t.Errorf("connecting into the blackhole failed after %v, before its deadline", el)
		}
		if n := p.Accepted(); n < 2 {
			t.Errorf("Accepted() = %d, want the blackholed connection counted", n)
		}

		p.Resume()
		if n := len(p.Conns()); n != 0 {
			t.Errorf("%d connections open after Resume, want those that met the blackhole reset", n)
		}
		mustSelectOne(t, s.through(t, p))
	})
}

func TestFaultProxyRefuse(t *testing.T) {
	eachServer(t, func(t *testing.T, s server) {
		p := s.proxy(t)
		conn := s.through(t, p)
		addr := p.Addr()

		p.Refuse()
		db := openSQL(t, s.driver, p.DSN(s.dsn))
		err := db.PingContext(t.Context())
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("connecting while refused: %v, want ECONNREFUSED", err)
		}
		mustSelectOne(t, conn) // open connections are untouched

		p.Resume()
		if p.Addr() != addr {
			t.Errorf("the proxy moved from %s to %s", addr, p.Addr())
		}
		if err := db.PingContext(t.Context()); err != nil {
			t.Errorf("connecting after Resume: %v", err)
		}
	})
}

// TestFaultProxyServerDown: a connection the server refuses reaches the
// client as a reset, not as a hang.
func TestFaultProxyServerDown(t *testing.T) {
	p := testdb.NewFaultProxy(t, "127.0.0.1:1")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, "postgres://postgres@"+p.Addr()+"/test?sslmode=disable")
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("connecting through a proxy to no server: %v, want a reset", err)
	}
}

// TestFaultProxyCloseLeavesNoGoroutine closes a proxy while its goroutines
// are in every state they can wait in: reading, held by a stall, asleep
// in a latency, and reading into the blackhole.
func TestFaultProxyCloseLeavesNoGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	p, proxied := testdb.ProxyDSN(t, dsn)
	ctx := t.Context()
	idle, err := pgx.Connect(ctx, proxied)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close(ctx)
	held, err := pgx.Connect(ctx, proxied)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close(ctx)
	p.Conns()[1].Stall()
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := held.Exec(short, "SELECT 1"); err == nil {
		t.Fatal("SELECT 1 on a stalled connection succeeded")
	}
	p.Latency(time.Hour)
	asleep := make(chan error)
	go func() { _, err := idle.Exec(ctx, "SELECT 1"); asleep <- err }()
	p.Blackhole()
	blackholed, cancel2 := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel2()
	if c, err := pgx.Connect(blackholed, proxied); err == nil {
		c.Close(ctx)
		t.Fatal("connected into the blackhole")
	}
	p.Close()
	p.Close()
	select {
	case err := <-asleep:
		if err == nil {
			t.Error("SELECT 1 succeeded through a closed proxy")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SELECT 1 still waits 5 s after the proxy closed")
	}
}

func TestFaultProxyDSN(t *testing.T) {
	p := testdb.NewFaultProxy(t, "127.0.0.1:1")
	a := p.Addr()
	for dsn, want := range map[string]string{
		"postgres://u:pw@db.example:6543/test?sslmode=disable&search_path=s": "postgres://u:pw@" + a + "/test?sslmode=disable&search_path=s",
		"postgresql://u@localhost/test":                                      "postgresql://u@" + a + "/test",
		"mysql://root@127.0.0.1:3306/x?parseTime=true":                       "mysql://root@" + a + "/x?parseTime=true",
		"root:pw@tcp(127.0.0.1:3306)/test?parseTime=true":                    "root:pw@tcp(" + a + ")/test?parseTime=true",
	} {
		if got := p.DSN(dsn); got != want {
			t.Errorf("DSN(%q) = %q, want %q", dsn, got, want)
		}
	}

}
