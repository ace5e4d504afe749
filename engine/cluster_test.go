package engine_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// outcomes records what each write reported, by the id it wrote.
type outcomes struct {
	mu                 sync.Mutex
	ok, failed, unsure []int64
	lastOK, lastFailed atomic.Int64 // UnixNano of the latest success, failure
}

func (o *outcomes) add(id int64, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case err == nil:
		o.ok = append(o.ok, id)
		o.lastOK.Store(time.Now().UnixNano())
	case errors.Is(err, engine.ErrCommitOutcomeUnknown):
		o.unsure = append(o.unsure, id)
	default:
		o.failed = append(o.failed, id)
		o.lastFailed.Store(time.Now().UnixNano())
	}
}

// TestClusterRestart runs 32 goroutines of short write transactions on a
// pool of 10 while their PostgreSQL server is stopped (fast), killed with
// SIGKILL, and has one backend terminated, each time coming back. The
// application does not retry: each goroutine goes on with its next write.
// After each return the pool must serve transactions within a second;
// every write that reported success must be in the database and every one
// that reported failure must not, but for those whose commit outcome was
// unknown (ErrCommitOutcomeUnknown), which may be either; no connection
// may stay in use, and no goroutine outlive the test (TestMain).
func TestClusterRestart(t *testing.T) {
	c := testdb.OpenCluster(t)
	eng := open(t, c.DSN(), engine.WithPoolSize(10), engine.WithMaxOverflow(0), engine.WithPoolTimeout(2*time.Second))
	ctx := t.Context()
	if err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecSQL(ctx, "CREATE TABLE writes (id BIGINT PRIMARY KEY)")
		return err
	}); err != nil {
		t.Fatal(err)
	}

	var out outcomes
	var next atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				id := next.Add(1)
				opCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
				err := eng.Transaction(opCtx, func(tx *engine.Tx) error {
					_, err := tx.ExecSQL(opCtx, "INSERT INTO writes (id) VALUES ($1)", id)
					return err
				})
				cancel()
				out.add(id, err)
				if err != nil {
					time.Sleep(10 * time.Millisecond) // the server is down: no need to spin
				}
			}
		})
	}

	// recovered checks the pool's recovery after the server's return at
	// back: a write succeeds within a second, and none fails in the half
	// second after that.
	recovered := func(what string, back time.Time) {
		t.Helper()
		for out.lastOK.Load() < back.UnixNano() && time.Since(back) < time.Second {
			time.Sleep(5 * time.Millisecond)
		}
		first := time.Unix(0, out.lastOK.Load()).Sub(back)
		if first < 0 || first > time.Second {
			t.Errorf("%s: no write succeeded within a second of the server's return", what)
		}
		time.Sleep(time.Until(back.Add(1500 * time.Millisecond)))
		if late := time.Unix(0, out.lastFailed.Load()).Sub(back); late > time.Second {
			t.Errorf("%s: a write failed %v after the server's return", what, late.Round(time.Millisecond))
		}
		t.Logf("%s: the first write succeeded %v after the server's return", what, first.Round(time.Millisecond))
	}
	time.Sleep(500 * time.Millisecond)

	c.StopFast()
	time.Sleep(500 * time.Millisecond)
	c.Start()
	recovered("stopped fast", time.Now())

	c.Kill9()
	time.Sleep(500 * time.Millisecond)
	c.Start()
	recovered("killed with SIGKILL", time.Now())

	var pid int64
	if err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		pid = txConnectionID(t, tx, testdb.Postgres)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	c.TerminateBackend(int(pid))
	recovered("one backend terminated", time.Now())

	close(stop)
	wg.Wait()

	var stored []int64
	if err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.QuerySQL(ctx, "SELECT id FROM writes")
		if err != nil {
			return err
		}
		stored, err = engine.Scalars[int64](res)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(stored)
	in := func(id int64) bool { _, found := slices.BinarySearch(stored, id); return found }
	var lost, phantom []int64
	for _, id := range out.ok {
		if !in(id) {
			lost = append(lost, id)
		}
	}
	for _, id := range out.failed {
		if in(id) {
			phantom = append(phantom, id)
		}
	}
	t.Logf("%d writes: %d succeeded, %d failed, %d of unknown outcome", next.Load(), len(out.ok), len(out.failed), len(out.unsure))
	if len(lost) > 0 {
		t.Errorf("%d writes reported committed are not in the database: %v", len(lost), head(lost))
	}
	if len(phantom) > 0 {
		t.Errorf("%d writes reported failed are in the database: %v", len(phantom), head(phantom))
	}
	if len(out.failed) == 0 {
		t.Error("no write failed: the server's absence was not noticed")
	}
	if s := eng.Stats(); s.InUse != 0 {
		t.Errorf("Stats() = %+v after the restarts", s)
	}
}

// head is the first ten of ids, for a message.
func head(ids []int64) string {
	if len(ids) > 10 {
		return fmt.Sprint(ids[:10]) + "..."
	}
	return fmt.Sprint(ids)
}
