package orm_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestSoak runs 16 goroutines of mixed work, each operation in a session
// of its own, against one PostgreSQL engine for a minute (RETORT_SOAK sets another duration): graphs written and
// read back with their relationships, streams broken off early, flushes
// that break a key, statements cancelled by their deadline, savepoints
// rolled back. Every error must be one of the kinds provoked, the heap and
// the goroutine count must stay flat (the heap sampled after a collection
// every few seconds, once warm), and at the end no connection is in use
// and the data adds up. It is a heavy test: .ci/run runs it without -race.
func TestSoak(t *testing.T) {
	if raceOn {
		t.Skip("a soak's heap figures mean nothing under -race, and it would be slow")
	}
	if testing.Short() {
		t.Skip("a soak of a minute")
	}
	length := time.Minute
	if s := os.Getenv("RETORT_SOAK"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("RETORT_SOAK=%q: %v", s, err)
		}
		length = d
	}
	db, dsn := testdb.OpenWithDSN(t, testdb.Postgres)
	eng, err := engine.Open(t.Context(), dsn, engine.WithPoolSize(8), engine.WithMaxOverflow(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if err := orm.CreateAll(t.Context(), eng, chinook.MappedTables...); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(t.Context(), "INSERT INTO media_type (media_type_id, name) VALUES (1, 'MPEG')"); err != nil {
		t.Fatal(err)
	}
	f := orm.NewSessionFactory(eng)

	baseGoroutines := runtime.NumGoroutine()
	var (
		wrote, kept  atomic.Int64 // artists committed, and those deleted again
		ops          atomic.Int64
		nextID       atomic.Int32
		stop         = make(chan struct{})
		wg           sync.WaitGroup
		unexpectedMu sync.Mutex
		unexpected   []error
	)
	nextID.Store(1000)
	fail := func(op string, err error) {
		unexpectedMu.Lock()
		defer unexpectedMu.Unlock()
		if len(unexpected) < 20 {
			unexpected = append(unexpected, fmt.Errorf("%s: %w", op, err))
		}
	}
	// A worker is one goroutine's: its session, its random numbers, and
	// the artists it wrote and has not deleted (only it deletes them).
	type worker struct {
		s    *orm.Session
		rng  *rand.Rand
		mine []int32
	}
	work := []func(ctx context.Context, w *worker) (string, error){
		func(ctx context.Context, w *worker) (string, error) { // write a graph
			id := nextID.Add(1)
			a := newArtist(fmt.Sprintf("soak %d", id))
			a.ArtistID = id
			for i, al := range a.Albums {
				al.AlbumID = id*10 + int32(i)
				for j, tr := range al.Tracks {
					tr.TrackID = (id*10+int32(i))*10 + int32(j)
				}
			}
			if err := w.s.Add(a); err != nil {
				return "add", err
			}
			if err := w.s.Commit(ctx); err != nil {
				return "commit", err
			}
			wrote.Add(1)
			w.mine = append(w.mine, id)
			return "", nil
		},
		func(ctx context.Context, w *worker) (string, error) { // read with relationships
			// Its own latest artists, which no other worker deletes
			// between the query and its select-in loads.
			ids := w.mine[max(0, len(w.mine)-5):]
			if len(ids) == 0 {
				return "", nil
			}
			albums, err := orm.All(ctx, w.s, orm.Select[chinook.Album]().
				Where(chinook.Albums.ArtistID.In(ids...)).
				Options(orm.SelectInLoad(chinook.Albums.Artist), orm.SelectInLoad(chinook.Albums.Tracks)))
			if err != nil {
				return "select-in", err
			}
			if len(albums) != 2*len(ids) {
				return "select-in", fmt.Errorf("%d albums of %d artists", len(albums), len(ids))
			}
			for _, a := range albums {
				if len(a.Tracks) != 3 || a.Artist == nil {
					return "select-in", fmt.Errorf("album %d has %d tracks, artist %v", a.AlbumID, len(a.Tracks), a.Artist)
				}
			}
			return "", w.s.Rollback(ctx)
		},
		func(ctx context.Context, w *worker) (string, error) { // a stream broken off
			n := 0
			for _, err := range orm.Stream(ctx, w.s, orm.Select[chinook.Track]().YieldPer(50)) {
				if err != nil {
					return "stream", err
				}
				if n++; n == 75 {
					break
				}
			}
			return "", w.s.Rollback(ctx)
		},
		func(ctx context.Context, w *worker) (string, error) { // a broken key
			if err := w.s.Add(&chinook.Album{AlbumID: -nextID.Add(1), Title: "orphan", ArtistID: -1}); err != nil {
				return "add", err
			}
			err := w.s.Flush(ctx)
			if testdb.ErrorCode(err) != "23503" {
				return "foreign key", fmt.Errorf("flush of an orphan: %v", err)
			}
			return "", w.s.Rollback(ctx)
		},
		func(ctx context.Context, w *worker) (string, error) { // a deadline mid-statement
			ctx, cancel := context.WithTimeout(ctx, time.Duration(1+w.rng.IntN(20))*time.Millisecond)
			defer cancel()
			tx, err := w.s.Tx(ctx)
			if err == nil {
				_, err = tx.ExecSQL(ctx, "SELECT pg_sleep(1)")
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				return "deadline", fmt.Errorf("pg_sleep past its deadline: %v", err)
			}
			return "", w.s.Rollback(ctx)
		},
		func(ctx context.Context, w *worker) (string, error) { // a savepoint rolled back
			undo := errors.New("undo")
			err := w.s.Savepoint(ctx, func() error {
				if err := w.s.Add(&chinook.Artist{ArtistID: -nextID.Add(1), Name: ptr("undone")}); err != nil {
					return err
				}
				if err := w.s.Flush(ctx); err != nil {
					return err
				}
				return undo
			})
			if !errors.Is(err, undo) {
				return "savepoint", err
			}
			return "", w.s.Commit(ctx)
		},
		func(ctx context.Context, w *worker) (string, error) { // delete a graph
			if len(w.mine) == 0 {
				return "", nil
			}
			id := w.mine[len(w.mine)-1]
			a, err := orm.One(ctx, w.s, orm.Select[chinook.Artist]().Where(chinook.Artists.ArtistID.Eq(id)).
				Options(orm.SelectInLoad(chinook.Artists.Albums).SelectInLoad(chinook.Albums.Tracks)))
			if err != nil {
				return "pick", err
			}
			if err := w.s.Delete(a); err != nil {
				return "delete", err
			}
			if err := w.s.Commit(ctx); err != nil {
				return "commit delete", err
			}
			w.mine = w.mine[:len(w.mine)-1]
			kept.Add(1)
			return "", nil
		},
	}
	for g := range 16 {
		wg.Go(func() {
			w := &worker{rng: rand.New(rand.NewPCG(uint64(g), 22))}
			for {
				select {
				case <-stop:
					return
				default:
				}
				// A session per operation, as per request in a
				// service: one kept for the whole soak would hold
				// every object it ever loaded.
				w.s = f.New()
				if op, err := work[w.rng.IntN(len(work))](t.Context(), w); err != nil {
					fail(op, err)
				}
				if err := w.s.Close(); err != nil {
					fail("close", err)
				}
				ops.Add(1)
			}
		})
	}

	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	warm := length / 6
	time.Sleep(warm)
	warmHeap, warmGoroutines := heap(), runtime.NumGoroutine()
	peakHeap, peakGoroutines := warmHeap, warmGoroutines
	for end := time.Now().Add(length - warm); time.Now().Before(end); {
		time.Sleep(min(5*time.Second, time.Until(end)))
		peakHeap, peakGoroutines = max(peakHeap, heap()), max(peakGoroutines, runtime.NumGoroutine())
	}
	close(stop)
	wg.Wait()
	t.Logf("%d operations in %v: %d artists written, %d deleted; heap %.1f MB once warm, %.1f MB at most after; goroutines %d, at most %d",
		ops.Load(), length, wrote.Load(), kept.Load(), float64(warmHeap)/1e6, float64(peakHeap)/1e6, warmGoroutines, peakGoroutines)
	for _, err := range unexpected {
		t.Error(err)
	}
	// Allow a tenth and 2 MB for what varies between samples (the
	// workers' lists of artists grow, by a few bytes each).
	if limit := warmHeap + warmHeap/10 + 2<<20; peakHeap > limit {
		t.Errorf("the heap grew from %d to %d bytes", warmHeap, peakHeap)
	}
	if peakGoroutines > warmGoroutines+16 {
		t.Errorf("goroutines grew from %d to %d", warmGoroutines, peakGoroutines)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > baseGoroutines+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseGoroutines+2 {
		t.Errorf("%d goroutines after the soak, %d before", n, baseGoroutines)
	}
	if s := eng.Stats(); s.InUse != 0 {
		t.Errorf("Stats() = %+v after the soak", s)
	}
	rows, err := db.Query(t.Context(), "SELECT count(*) FROM artist WHERE artist_id > 1000")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[0][0], wrote.Load()-kept.Load(); got != want {
		t.Errorf("%v artists in the database, want %d written less %d deleted", got, wrote.Load(), kept.Load())
	}
}
