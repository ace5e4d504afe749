package engine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// connectionID returns the server's id for the connection a new
// transaction gets: the backend pid on PostgreSQL, CONNECTION_ID() on
// MySQL.
func connectionID(t *testing.T, eng *engine.Engine, backend string) int64 {
	t.Helper()
	query := map[string]string{testdb.Postgres: "SELECT pg_backend_pid()", testdb.MySQL: "SELECT CONNECTION_ID()"}[backend]
	var id int64
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(t.Context(), query)
		if err != nil {
			return err
		}
		ids, err := engine.Scalars[int64](res)
		if err == nil {
			id = ids[0]
		}
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return id
}

// txConnectionID returns the server's id for tx's connection, as
// connectionID does.
func txConnectionID(t *testing.T, tx *engine.Tx, backend string) int64 {
	t.Helper()
	query := map[string]string{testdb.Postgres: "SELECT pg_backend_pid()", testdb.MySQL: "SELECT CONNECTION_ID()"}[backend]
	res, err := tx.QuerySQL(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	ids, err := engine.Scalars[int64](res)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return ids[0]
}

// killConnection kills the server's connection id from another engine
// (pg_terminate_backend, or MySQL's KILL) and gives the server a moment
// to close its socket.
func killConnection(t *testing.T, b backend, id int64) {
	t.Helper()
	kill := map[string]string{
		testdb.Postgres: fmt.Sprintf("SELECT pg_terminate_backend(%d)", id),
		testdb.MySQL:    fmt.Sprintf("KILL %d", id),
	}[b.name]
	killer := open(t, b.dsn)
	err := killer.Transaction(t.Context(), func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(t.Context(), kill)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", kill, err)
	}
	time.Sleep(50 * time.Millisecond)
}

// eachServer is each without SQLite, whose connections have no server
// side to kill or identify.
func eachServer(t *testing.T, fn func(t *testing.T, b backend, eng *engine.Engine), opts ...engine.Option) {
	t.Helper()
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		if b.name == testdb.SQLite {
			t.Skip("SQLite has no server connections")
		}
		fn(t, b, eng)
	}, opts...)
}

func TestPrePing(t *testing.T) {
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		id := connectionID(t, eng, b.name) // now idle in the pool
		killConnection(t, b, id)

		// Pre-ping finds the idle connection dead and replaces it: the
		// next transaction works, on another connection.
		if got := connectionID(t, eng, b.name); got == id {
			t.Errorf("the killed connection %d was reused", id)
		}
	}, engine.WithPoolSize(1), engine.WithMaxOverflow(0), engine.WithPrePing(true))
}

func TestRecycle(t *testing.T) {
	eachServer(t, func(t *testing.T, b backend, eng *engine.Engine) {
		first := connectionID(t, eng, b.name)
		if again := connectionID(t, eng, b.name); again != first {
			t.Fatalf("a young connection was replaced: %d, then %d", first, again)
		}
		time.Sleep(250 * time.Millisecond)
		if later := connectionID(t, eng, b.name); later == first {
			t.Errorf("connection %d outlived Recycle", first)
		}
	}, engine.WithPoolSize(1), engine.WithMaxOverflow(0), engine.WithRecycle(200*time.Millisecond))
}

// TestCancelMidStream cancels the context while a query of a million rows
// streams: iteration ends promptly with the context's error, the
// connection is back in the pool within 100ms of the rollback, and the
// engine still works (TestMain checks that no goroutine leaked).
func TestCancelMidStream(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		// Six digits cross-joined: a million rows without a recursive
		// CTE, which MySQL and MariaDB cap at 1000 iterations.
		const million = `WITH d(i) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
			UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)
			SELECT a.i + 10*b.i + 100*c.i + 1000*e.i + 10000*f.i + 100000*g.i FROM d a, d b, d c, d e, d f, d g`
		tx := begin(t, eng)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		res, err := tx.QuerySQL(ctx, million)
		if err != nil {
			t.Fatal(err)
		}
		read := 0
		var start time.Time
		for res.Next() {
			read++
			if read == 1000 {
				cancel()
				start = time.Now()
			}
		}
		elapsed := time.Since(start)
		if !errors.Is(res.Err(), context.Canceled) {
			t.Errorf("Err() = %v after %d rows, want context.Canceled", res.Err(), read)
		}
		if read >= 1000000 {
			t.Errorf("read all %d rows despite the cancel", read)
		}
		if elapsed > 2*time.Second {
			t.Errorf("iteration went on for %v after the cancel", elapsed)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Logf("Rollback after the cancel: %v", err)
		}
		deadline := time.Now().Add(100 * time.Millisecond)
		for eng.Stats().InUse > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("InUse = %d 100ms after the rollback", eng.Stats().InUse)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if n := connectionOK(t, eng); !n {
			t.Error("the engine does not work after the cancel")
		}
	})
}

// connectionOK reports whether a trivial transaction succeeds.
func connectionOK(t *testing.T, eng *engine.Engine) bool {
	t.Helper()
	err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(t.Context(), "SELECT 1")
		if err != nil {
			return err
		}
		_, err = res.One()
		return err
	})
	if err != nil {
		t.Log(err)
	}
	return err == nil
}

// TestPoolExhaustion sends 200 goroutines, each a short read-only
// transaction (on SQLite, writers would wait for their turn rather than for
// a connection), at a pool of 5 whose timeout is shorter than the queue:
// many time out. Each
// that fails must fail with ErrPoolTimeout (once, about 1% of those at the
// start of the burst, which waited for connections still connecting, were
// given another error), each that succeeds must have run, and afterwards
// no connection is in use and the pool works.
func TestPoolExhaustion(t *testing.T) {
	each(t, func(t *testing.T, b backend, eng *engine.Engine) {
		var ok, timedOut atomic.Int64
		var wg sync.WaitGroup
		for range 200 {
			wg.Go(func() {
				err := eng.Transaction(t.Context(), func(tx *engine.Tx) error {
					res, err := tx.QuerySQL(t.Context(), "SELECT 1")
					if err != nil {
						return err
					}
					_, err = res.One()
					time.Sleep(10 * time.Millisecond)
					return err
				}, engine.WithReadOnly(true))
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, engine.ErrPoolTimeout):
					timedOut.Add(1)
				default:
					t.Errorf("not a pool timeout: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() == 0 || timedOut.Load() == 0 {
			t.Errorf("%d succeeded, %d timed out: want some of each", ok.Load(), timedOut.Load())
		}
		if s := eng.Stats(); s.InUse != 0 || s.Waiting != 0 || s.Open > 5 {
			t.Errorf("Stats() = %+v after the burst", s)
		}
		if !connectionOK(t, eng) {
			t.Error("the pool does not work after the burst")
		}
	}, engine.WithPoolSize(5), engine.WithMaxOverflow(0), engine.WithPoolTimeout(50*time.Millisecond))
}
