package orm_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/retort/internal/models/chinook"
	"github.com/retortdb/retort/internal/models/shop"
	"github.com/retortdb/retort/internal/testdb"
	"github.com/retortdb/retort/orm"
)

// TestBehaviour_S01_Partitions streams rows through a session in batches: every row
// once, in order; unchanged objects leave the session as the stream moves
// on, a changed one stays and is flushed.
func TestBehaviour_S01_Partitions(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		s := w.f.New()
		defer s.Close()
		for i := range 2500 {
			s.Add(&chinook.Genre{GenreID: int32(i + 1)})
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s.ExpungeAll()
		var seen int32
		var kept *chinook.Genre
		var first *chinook.Genre
		for batch, err := range orm.Partitions(ctx, s, orm.Select[chinook.Genre]().OrderBy(chinook.Genres.GenreID.Asc()), 1000) {
			if err != nil {
				t.Fatal(err)
			}
			if len(batch) > 1000 {
				t.Fatalf("batch of %d", len(batch))
			}
			for _, g := range batch {
				seen++
				if g.GenreID != seen {
					t.Fatalf("row %d has id %d", seen, g.GenreID)
				}
			}
			if first == nil {
				first, kept = batch[0], batch[1]
				kept.Name = ptr("changed")
			}
		}
		if seen != 2500 {
			t.Errorf("streamed %d rows, want 2500", seen)
		}
		if again, err := orm.Get[chinook.Genre](ctx, s, first.GenreID); err != nil || again == first {
			t.Errorf("an unchanged streamed object is still in the session (%v)", err)
		}
		if st := inspect(t, s, kept); st != orm.Persistent {
			t.Errorf("a changed streamed object is %v, want persistent", st)
		}
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := w.db.QueryStrings(ctx, "SELECT name FROM genre WHERE genre_id = 2")
		if err != nil || rows[0][0] != "changed" {
			t.Errorf("the change made while streaming was not flushed: %v %v", rows, err)
		}
	})
}

// TestBehaviour_S03_SessionStreamHeap streams 1,000,000 rows through one session on
// PostgreSQL and samples the heap after every batch: its peak must not
// grow with the rows read: the peak over the last 750,000 rows stays
// within 1.5 times the peak over the first 250,000 (the collector's goal
// of a few MB makes single peaks vary by some 20%; keeping the rows would
// take over 100 MB). BENCHMARKS.md records the figures.
// It runs in .ci/run's heavy step, without -race.
func TestBehaviour_S03_SessionStreamHeap(t *testing.T) {
	if raceOn || testing.Short() {
		t.Skip("heap figures under -race or -short are not meaningful")
	}
	ctx := t.Context()
	db, dsn := testdb.OpenWithDSN(t, testdb.Postgres)
	eng := openEngine(t, dsn)
	if err := orm.CreateAll(ctx, eng, notes.Table); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO note SELECT g, 'note number ' || g, 1 FROM generate_series(1, 1000000) g"); err != nil {
		t.Fatal(err)
	}
	s := orm.NewSessionFactory(eng).New()
	defer s.Close()
	var ms runtime.MemStats
	var early, late uint64
	rows := 0
	for batch, err := range orm.Partitions(ctx, s, orm.Select[note](), 2000) {
		if err != nil {
			t.Fatal(err)
		}
		rows += len(batch)
		runtime.ReadMemStats(&ms)
		if rows <= 250_000 {
			early = max(early, ms.HeapAlloc)
		} else {
			late = max(late, ms.HeapAlloc)
		}
	}
	if rows != 1_000_000 {
		t.Fatalf("streamed %d rows", rows)
	}
	t.Logf("peak HeapAlloc: %.2f MB over the first 250k rows, %.2f MB over the last 750k", float64(early)/1e6, float64(late)/1e6)
	if float64(late) > 1.5*float64(early) {
		t.Errorf("the heap grew with the rows read: %d then %d bytes", early, late)
	}
}

// TestBehaviour_L17_StreamSelectInPerBatch: streaming with a select-in relationship loads
// each batch's relationship before yielding it, one statement per batch:
// on PostgreSQL between the cursor's FETCHes, on SQLite and MySQL (whose
// streams hold the connection) between keyset pages in key order, which
// refuse a query with its own ORDER BY.
func TestBehaviour_L17_StreamSelectInPerBatch(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := t.Context()
		testdb.LoadChinookData(t, w.db)
		s := w.f.New()
		defer s.Close()
		w.rec.Reset()
		batches, tracks := 0, 0
		var ids []int32
		for batch, err := range orm.Partitions(ctx, s, orm.Select[chinook.Album]().Options(orm.SelectInLoad(chinook.Albums.Tracks)), 100) {
			if err != nil {
				t.Fatal(err)
			}
			batches++
			for _, a := range batch {
				if !isLoaded(t, s, a, chinook.Albums.Tracks) {
					t.Fatalf("album %d yielded without its tracks", a.AlbumID)
				}
				tracks += len(a.Tracks)
				ids = append(ids, a.AlbumID)
			}
		}
		if batches != 4 || tracks != testdb.ChinookTracks || len(ids) != 347 {
			t.Errorf("%d batches, %d albums, %d tracks; want 4, 347 and %d", batches, len(ids), tracks, testdb.ChinookTracks)
		}
		selects := strings.Join(w.selects(), " ")
		if n := strings.Count(selects, "track"); n != 4 {
			t.Errorf("%d track queries, want one per batch: %s", n, selects)
		}
		if w.backend == testdb.Postgres {
			return
		}
		if selects != "album track album track album track album track" {
			t.Errorf("statements on %s, want a page of albums then its tracks, four times", selects)
		}
		if !slices.IsSorted(ids) {
			t.Errorf("keyset pages out of key order")
		}
		ordered := orm.Select[chinook.Album]().OrderBy(chinook.Albums.Title.Asc()).Options(orm.SelectInLoad(chinook.Albums.Tracks))
		for _, err := range orm.Partitions(ctx, s, ordered, 100) {
			if err == nil || !strings.Contains(err.Error(), "no ORDER BY, LIMIT or OFFSET of its own") {
				t.Errorf("an ordered query paged by key: %v", err)
			}
			break
		}
	})
}

// TestSelectInStreamHeap streams the shop dataset's 1,000,000 items in
// batches of 2,000, each batch's orders loaded by select-in (500 IN
// queries in the cursor's transaction), and checks that the heap does not
// grow with the rows read: the session releases each batch's items and
// orders as the next is read. BENCHMARKS.md records the figure. It runs
// in CI's heavy step, without -race.
func TestSelectInStreamHeap(t *testing.T) {
	if raceOn || testing.Short() {
		t.Skip("heap figures under -race or -short are not meaningful")
	}
	ctx := t.Context()
	db, dsn := testdb.OpenWithDSN(t, testdb.Postgres)
	testdb.LoadShop(t, db)
	eng := openEngine(t, dsn)
	s := orm.NewSessionFactory(eng).New()
	defer s.Close()
	var ms runtime.MemStats
	var early, late uint64
	items, orders := 0, 0
	q := orm.Select[shop.Item]().OrderBy(shop.Items.ID.Asc()).Options(orm.SelectInLoad(shop.Items.Order))
	for batch, err := range orm.Partitions(ctx, s, q, 2000) {
		if err != nil {
			t.Fatal(err)
		}
		seen := map[*shop.Order]bool{}
		for _, it := range batch {
			if it.Order == nil || it.Order.ID != it.OrderID {
				t.Fatalf("item %d: order %v", it.ID, it.Order)
			}
			seen[it.Order] = true
		}
		items += len(batch)
		orders += len(seen)
		runtime.ReadMemStats(&ms)
		if items <= 250_000 {
			early = max(early, ms.HeapAlloc)
		} else {
			late = max(late, ms.HeapAlloc)
		}
	}
	if items != 1_000_000 {
		t.Fatalf("streamed %d items", items)
	}
	t.Logf("%d items, %d (batch, order) pairs; peak HeapAlloc %.2f MB over the first 250k items, %.2f MB over the last 750k",
		items, orders, float64(early)/1e6, float64(late)/1e6)
	if float64(late) > 1.5*float64(early) {
		t.Errorf("the heap grew with the rows read: %d then %d bytes", early, late)
	}
}

// TestPartitionsStopWhenCancelled: once the context is cancelled, the
// stream yields no further batch but the context's error, at the next
// batch boundary, on every backend: whether the rows come from the
// driver's stream (SQLite and MySQL kept yielding every remaining batch,
// PostgreSQL one more), from a server-side cursor, or from keyset pages
// (a batch whose relationships load by select-in). Stream stops after the
// rows of the batch in hand.
func TestPartitionsStopWhenCancelled(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		s := w.f.New()
		defer s.Close()
		for i := range 2000 {
			s.Add(&chinook.Genre{GenreID: int32(i + 1)})
		}
		dept := &shop.Department{Name: "ops"}
		for i := range 500 {
			s.Add(&shop.User{Email: fmt.Sprintf("u%d@example.com", i), Department: dept,
				Orders: []*shop.Order{{Status: "new"}}})
		}
		if err := s.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		// batches counts the batches seq yields, cancelling ctx after
		// the first; it returns the count and the error that ended it.
		// Each stream runs in a session of its own, whose transaction
		// the cancel ends.
		batches := func(cancel context.CancelFunc, seq iter.Seq2[int, error]) (int, error) {
			n := 0
			for _, err := range seq {
				if err != nil {
					return n, err
				}
				if n++; n == 1 {
					cancel()
				}
			}
			return n, nil
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		s = w.f.New()
		defer s.Close()
		n, err := batches(cancel, func(yield func(int, error) bool) {
			for batch, err := range orm.Partitions(ctx, s, orm.Select[chinook.Genre](), 100) {
				if !yield(len(batch), err) {
					return
				}
			}
		})
		if n != 1 || !errors.Is(err, context.Canceled) {
			t.Errorf("Partitions: %d batches, then %v; want 1, then context.Canceled", n, err)
		}

		ctx, cancel = context.WithCancel(t.Context())
		defer cancel()
		s = w.f.New()
		defer s.Close()
		n, err = batches(cancel, func(yield func(int, error) bool) {
			for batch, err := range orm.Partitions(ctx, s, orm.Select[shop.User](), 100) {
				if err == nil && len(batch[0].Orders) != 1 {
					err = errors.New("a user's orders were not loaded")
				}
				if !yield(len(batch), err) {
					return
				}
			}
		})
		if n != 1 || !errors.Is(err, context.Canceled) {
			t.Errorf("Partitions loading by select-in: %d batches, then %v; want 1, then context.Canceled", n, err)
		}

		// Stream yields rows: the cancel comes after the first.
		ctx, cancel = context.WithCancel(t.Context())
		defer cancel()
		s = w.f.New()
		defer s.Close()
		n, err = batches(cancel, func(yield func(int, error) bool) {
			for _, err := range orm.Stream(ctx, s, orm.Select[chinook.Genre]().YieldPer(100)) {
				if !yield(1, err) {
					return
				}
			}
		})
		if n != 100 || !errors.Is(err, context.Canceled) {
			t.Errorf("Stream: %d rows, then %v; want the batch's 100, then context.Canceled", n, err)
		}
	})
}
