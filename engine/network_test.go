package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// Tests of the engine behind a network that misbehaves: testdb's fault
// proxy between the engine and the PostgreSQL or MariaDB server.

// proxied is a server backend with an engine through a fault proxy (one
// connection, no overflow) and one that reaches the server directly, for
// looking at what really happened.
type proxied struct {
	backend
	proxy  *testdb.FaultProxy
	eng    *engine.Engine
	direct *engine.Engine
}

// eachProxied runs fn on PostgreSQL and MariaDB, behind a fault proxy.
func eachProxied(t *testing.T, fn func(t *testing.T, p proxied), opts ...engine.Option) {
	eachServer(t, func(t *testing.T, b backend, direct *engine.Engine) {
		proxy, dsn := testdb.ProxyDSN(t, b.dsn)
		opts = append([]engine.Option{engine.WithPoolSize(1), engine.WithMaxOverflow(0)}, opts...)
		eng := open(t, dsn, opts...)
		createItems(t, direct, 0)
		fn(t, proxied{backend: b, proxy: proxy, eng: eng, direct: direct})
	})
}

// insertItem inserts item id on tx.
func insertItem(t *testing.T, tx *engine.Tx, id int64) {
	t.Helper()
	if _, err := tx.Exec(t.Context(), core.Insert(Items).Values(Items.ID.Set(id), Items.Name.Set("x"), Items.Qty.Set(1), Items.Note.SetNull())); err != nil {
		t.Fatalf("insert %d: %v", id, err)
	}
}

// promptly is how long after its context ends a call may take to
// return. A call that waited on the stalled network instead would wait
// for as long as the stall lasts (the test's whole run); the margin is
// for a machine busy with other tests under -race, where 100 ms was
// missed by a few milliseconds.
const promptly = time.Second

// returnsBy fails t unless a call whose context's deadline was deadline
// has returned promptly after it: a call returns to its caller when its
// context ends, whatever the network does.
func returnsBy(t *testing.T, what string, deadline time.Time) {
	t.Helper()
	if over := time.Since(deadline); over > promptly {
		t.Errorf("%s returned %v after its context's deadline", what, over.Round(time.Millisecond))
	}
}

// TestCommitReplyLost: COMMIT reaches the server, which commits, and its
// answer is lost: the connection is reset, or the network stalls until
// the transaction's deadline. Commit must say that the outcome is unknown
// (ErrCommitOutcomeUnknown, not safe to retry; pgx called a reset "conn
// closed" and safe to retry, and a retry loop wrote twice), the row is in
// the database, and the engine goes on with a new connection.
func TestCommitReplyLost(t *testing.T) {
	eachProxied(t, func(t *testing.T, p proxied) {
		for i, then := range []testdb.Then{testdb.ThenReset, testdb.ThenStall} {
			deadline := time.Now().Add(500 * time.Millisecond)
			ctx, cancel := context.WithDeadline(t.Context(), deadline)
			defer cancel()
			tx, err := p.eng.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			insertItem(t, tx, int64(i+1))
			p.proxy.DropReplyAfter("COMMIT", then)
			err = tx.Commit(ctx)
			if p.proxy.Dropped() != i+1 {
				t.Fatal("the proxy did not drop COMMIT's answer")
			}
			if !errors.Is(err, engine.ErrCommitOutcomeUnknown) || pgconn.SafeToRetry(err) {
				t.Errorf("Commit whose answer was lost: %v; want ErrCommitOutcomeUnknown, not safe to retry", err)
			}
			checkMessage(t, err)
			if then == testdb.ThenStall {
				returnsBy(t, "a stalled Commit", deadline)
			}
			if ids := idsOf(t, p.direct); len(ids) != i+1 {
				t.Errorf("ids %v: the server's commit is not there", ids)
			}
			p.proxy.Resume()
			if s := p.eng.Stats(); s.InUse != 0 {
				t.Errorf("Stats() = %+v after the lost commit", s)
			}
			if !connectionOK(t, p.eng) {
				t.Error("the engine does not work after the lost commit")
			}
		}
	})
}

// TestCommitRefused: a COMMIT the server answers with an error (a
// deferred unique constraint) is not of unknown outcome: nothing was
// committed.
func TestCommitRefused(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	tx := begin(t, eng)
	for _, sql := range []string{
		"CREATE TABLE once (v INT UNIQUE DEFERRABLE INITIALLY DEFERRED)",
		"INSERT INTO once VALUES (1), (1)",
	} {
		if _, err := tx.ExecSQL(t.Context(), sql); err != nil {
			t.Fatal(err)
		}
	}
	err := tx.Commit(t.Context())
	if testdb.ErrorCode(err) != "23505" || errors.Is(err, engine.ErrCommitOutcomeUnknown) {
		t.Errorf("Commit refused by a deferred constraint: %v; want 23505, a known outcome", err)
	}
}

// TestStalledNetwork stalls the network under a transaction at each of
// its calls (Begin with the first statement, a statement in the middle,
// Commit), each under a context with a deadline. The call returns within
// 100 ms of the deadline (it took 2.5 s on PostgreSQL, pgx's two seconds
// for a cancel request's answer, and a Commit on MariaDB waited for ever);
// the connection leaves the pool at once (pgxpool kept its place for 15
// s, so that a pool of one was unusable); a new Begin on the still stalled
// network returns by its deadline too; and once the network is back the
// next transaction runs at once, on a new connection.
func TestStalledNetwork(t *testing.T) {
	stages := []struct {
		name string
		// run makes the network stall at its point (stall), and
		// returns the call that then fails, with its deadline.
		run func(t *testing.T, p proxied, stall func()) (time.Time, error)
	}{
		{"first statement", func(t *testing.T, p proxied, stall func()) (time.Time, error) {
			stall()
			deadline := time.Now().Add(300 * time.Millisecond)
			ctx, cancel := context.WithDeadline(t.Context(), deadline)
			defer cancel()
			tx, err := p.eng.Begin(ctx)
			if err == nil {
				defer tx.Rollback(ctx)
				_, err = tx.Exec(ctx, core.Select(core.CountAll()).From(Items))
			}
			return deadline, err
		}},
		{"statement mid-transaction", func(t *testing.T, p proxied, stall func()) (time.Time, error) {
			tx := begin(t, p.eng)
			insertItem(t, tx, 1)
			stall()
			deadline := time.Now().Add(300 * time.Millisecond)
			ctx, cancel := context.WithDeadline(t.Context(), deadline)
			defer cancel()
			_, err := tx.Exec(ctx, core.Select(core.CountAll()).From(Items))
			start := time.Now()
			if err := tx.Rollback(ctx); err != nil {
				t.Errorf("Rollback after the stalled statement: %v", err)
			}
			if d := time.Since(start); d > promptly {
				t.Errorf("Rollback took %v", d)
			}
			return deadline, err
		}},
		{"Commit", func(t *testing.T, p proxied, stall func()) (time.Time, error) {
			deadline := time.Now().Add(500 * time.Millisecond)
			ctx, cancel := context.WithDeadline(t.Context(), deadline)
			defer cancel()
			tx, err := p.eng.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			insertItem(t, tx, 2)
			stall()
			err = tx.Commit(ctx)
			if !errors.Is(err, engine.ErrCommitOutcomeUnknown) {
				t.Errorf("a stalled Commit: %v, want ErrCommitOutcomeUnknown", err)
			}
			return deadline, err
		}},
	}
	eachProxied(t, func(t *testing.T, p proxied) {
		for _, stage := range stages {
			t.Run(stage.name, func(t *testing.T) {
				if !connectionOK(t, p.eng) { // one connection, open and idle
					t.Fatal("the engine does not work before the stall")
				}
				id := connectionID(t, p.eng, p.name)
				deadline, err := stage.run(t, p, p.proxy.Stall)
				returnsBy(t, stage.name, deadline)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%v: not context.DeadlineExceeded", err)
				}
				checkMessage(t, err)
				// The connection is out of the pool already.
				if s := p.eng.Stats(); s.InUse != 0 || s.Open != 0 {
					t.Errorf("Stats() = %+v just after the failure, want nothing open", s)
				}
				// Begin on the network still stalled: a new connection
				// cannot be made, and Begin says so by its deadline.
				deadline = time.Now().Add(200 * time.Millisecond)
				ctx, cancel := context.WithDeadline(t.Context(), deadline)
				defer cancel()
				if tx, err := p.eng.Begin(ctx); err == nil {
					_, err = tx.Exec(ctx, core.Select(core.CountAll()).From(Items))
					tx.Rollback(ctx)
					if err == nil {
						t.Error("a transaction ran on the stalled network")
					}
				}
				returnsBy(t, "Begin on the stalled network", deadline)
				p.proxy.Resume()
				if !connectionOK(t, p.eng) {
					t.Error("the engine does not work once the network is back")
				}
				if got := connectionID(t, p.eng, p.name); got == id {
					t.Errorf("connection %d, which failed, was handed out again", id)
				}
			})
		}
	})
}

// TestStalledIdleConnection: a connection idle for over a second is
// pinged before it is handed out; on a stalled network the ping fails,
// Begin returns by its deadline, and the connection leaves the pool at
// once (pgxpool kept its place while pgx cleaned it up, up to 15 s).
func TestStalledIdleConnection(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	proxy, dsn := testdb.ProxyDSN(t, dsn)
	eng := open(t, dsn, engine.WithPoolSize(1), engine.WithMaxOverflow(0))
	id := connectionID(t, eng, testdb.Postgres)
	time.Sleep(1100 * time.Millisecond) // idle long enough to be pinged
	proxy.Stall()
	deadline := time.Now().Add(300 * time.Millisecond)
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	if tx, err := eng.Begin(ctx); err == nil {
		tx.Rollback(ctx)
		t.Fatal("Begin on a stalled network succeeded: the idle connection was not pinged")
	}
	returnsBy(t, "Begin", deadline)
	if s := eng.Stats(); s.Open != 0 || s.InUse != 0 {
		t.Errorf("Stats() = %+v just after the failed ping, want nothing open", s)
	}
	proxy.Resume()
	if got := connectionID(t, eng, testdb.Postgres); got == id {
		t.Errorf("connection %d, whose ping failed, was handed out again", id)
	}
}
