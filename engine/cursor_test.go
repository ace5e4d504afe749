package engine_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// stmtLog records the SQL of every statement an engine starts.
type stmtLog struct {
	mu  sync.Mutex
	sql []string
}

func (l *stmtLog) StatementStart(ctx context.Context, d engine.StatementStartData) context.Context {
	l.mu.Lock()
	l.sql = append(l.sql, d.SQL)
	l.mu.Unlock()
	return ctx
}

func (l *stmtLog) StatementEnd(context.Context, engine.StatementEndData) {}

func (l *stmtLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sql...)
}

// seriesSQL is n rows of two columns, an integer and a short text.
func seriesSQL(b string, n int) string {
	switch b {
	case testdb.Postgres:
		return fmt.Sprintf("SELECT i, 'row-' || i AS name FROM generate_series(1, %d) AS g(i)", n)
	default: // SQLite and MariaDB: a recursive CTE
		return fmt.Sprintf("WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < %d) SELECT i, CONCAT('row-', i) AS name FROM g", n)
	}
}

// streamCount streams sql in batches of batch through Partitions, checks
// the rows come in order, and returns the row count and the peak
// HeapAlloc sampled after each batch.
func streamCount(t *testing.T, tx *engine.Tx, sql string, batch int) (int, uint64) {
	t.Helper()
	ctx := t.Context()
	res, err := tx.StreamSQL(ctx, batch, sql)
	if err != nil {
		t.Fatalf("StreamSQL: %v", err)
	}
	var n int
	var peak uint64
	var ms runtime.MemStats
	for rows, err := range res.Partitions(batch) {
		if err != nil {
			t.Fatalf("after %d rows: %v", n, err)
		}
		for _, r := range rows {
			n++
			if got := fmt.Sprint(r[0]); got != fmt.Sprint(n) {
				t.Fatalf("row %d: i = %v", n, r[0])
			}
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	return n, peak
}

// TestStreamCursor streams 1,000,000 rows through a PostgreSQL server-side
// cursor in batches of 2,000: all arrive, the statements sent are DECLARE,
// FETCH (one per batch, plus the empty one that ends the cursor) and
// CLOSE, and the cursor is visible in pg_cursors mid-stream, from the same
// transaction (a streamed Result does not hold the connection).
func TestStreamCursor(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	log := &stmtLog{}
	eng := open(t, dsn, engine.WithTracer(log))
	ctx := t.Context()
	const total, batch = 1_000_000, 2000
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.StreamSQL(ctx, batch, seriesSQL(testdb.Postgres, total))
		if err != nil {
			return err
		}
		n, seen := 0, false
		for rows, err := range res.Partitions(batch) {
			if err != nil {
				return err
			}
			n += len(rows)
			if !seen {
				seen = true
				names, err := engine.Scalars[string](must(tx.QuerySQL(ctx, "SELECT name FROM pg_cursors WHERE name <> ''")))
				if err != nil {
					return err
				}
				if len(names) != 1 || names[0] != "retort_cur_1" {
					t.Errorf("pg_cursors mid-stream = %q, want [retort_cur_1]", names)
				}
			}
		}
		if n != total {
			t.Errorf("streamed %d rows, want %d", n, total)
		}
		names, err := engine.Scalars[string](must(tx.QuerySQL(ctx, "SELECT name FROM pg_cursors WHERE name <> ''")))
		if err != nil {
			return err
		}
		if len(names) != 0 {
			t.Errorf("pg_cursors after the stream = %q, want none (CLOSE sent)", names)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, s := range log.all() {
		counts[strings.Fields(s)[0]]++
	}
	if counts["DECLARE"] != 1 || counts["FETCH"] != total/batch+1 || counts["CLOSE"] != 1 {
		t.Errorf("statements by verb = %v, want 1 DECLARE, %d FETCH, 1 CLOSE", counts, total/batch+1)
	}
	first := log.all()[0]
	if want := `DECLARE "retort_cur_1" NO SCROLL CURSOR FOR SELECT i`; !strings.HasPrefix(first, want) {
		t.Errorf("first statement = %q, want it to start %q", first, want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestStreamCursorArgsAndScan streams with bind parameters, through
// Scan, ScanPartitions and All, over a short last batch, an exact
// multiple, and no rows at all; and an error in the statement shows at
// StreamSQL.
func TestStreamCursorArgsAndScan(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx := t.Context()
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		for _, n := range []int{0, 7, 10, 23} {
			res, err := tx.StreamSQL(ctx, 5, "SELECT i, 'x' || i AS name, NULL::text AS note FROM generate_series(1, $1::int) AS g(i)", n)
			if err != nil {
				return err
			}
			type row struct {
				I    int64
				Name string
				Note *string
			}
			got := 0
			for rows, err := range engine.ScanPartitions[row](res, 5) {
				if err != nil {
					return err
				}
				for _, r := range rows {
					got++
					if r.I != int64(got) || r.Name != fmt.Sprint("x", got) || r.Note != nil {
						t.Errorf("n=%d: row %d = %+v", n, got, r)
					}
				}
			}
			if got != n {
				t.Errorf("n=%d: %d rows", n, got)
			}
		}
		res, err := tx.StreamSQL(ctx, 3, "SELECT i::bigint, '' AS empty FROM generate_series(1, 4) AS g(i)")
		if err != nil {
			return err
		}
		all, err := res.All()
		if err != nil {
			return err
		}
		if len(all) != 4 || all[3][0] != int64(4) || all[3][1] != "" {
			t.Errorf("All = %v", all)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := eng.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.StreamSQL(ctx, 10, "SELECT no_such_column"); err == nil || !strings.Contains(err.Error(), "no_such_column") {
		t.Errorf("StreamSQL of a bad statement: %v", err)
	}
}

// TestStreamHeap checks that a cursor's heap does not grow with the row
// count: the peak HeapAlloc over 3,000,000 rows (1,000,000 under -race)
// is within 1.5× that over 1,000,000 (200,000) and far below what the
// whole result would take.
func TestStreamHeap(t *testing.T) {
	small, big := 1_000_000, 3_000_000
	if raceOn {
		small, big = 200_000, 1_000_000
	}
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx := t.Context()
	peak := func(n int) uint64 {
		runtime.GC()
		var p uint64
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			var got int
			got, p = streamCount(t, tx, seriesSQL(testdb.Postgres, n), 2000)
			if got != n {
				t.Errorf("streamed %d rows, want %d", got, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	start := time.Now()
	ps := peak(small)
	mid := time.Now()
	pb := peak(big)
	t.Logf("peak HeapAlloc: %d rows %.1f MB (%v), %d rows %.1f MB (%v)",
		small, float64(ps)/1e6, mid.Sub(start).Round(time.Millisecond), big, float64(pb)/1e6, time.Since(mid).Round(time.Millisecond))
	if float64(pb) > 1.5*float64(ps) {
		t.Errorf("peak heap grew with the row count: %d → %d bytes", ps, pb)
	}
	// A Row of an int64 and a short string is over 60 bytes in Go.
	if whole := uint64(big) * 60; pb > whole/4 {
		t.Errorf("peak heap %d bytes: not far below the whole result (~%d)", pb, whole)
	}
}

// TestStreamCancel cancels the context mid-stream of 1,000,000 rows: the
// stream ends promptly with the context's error, the connection is back
// in the pool within 100ms of the rollback, and (TestMain) no goroutine
// leaks.
func TestStreamCancel(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var n int
	start := time.Now()
	var took time.Duration
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.StreamSQL(ctx, 2000, seriesSQL(testdb.Postgres, 1_000_000))
		if err != nil {
			return err
		}
		for rows, err := range res.Partitions(2000) {
			if err != nil {
				took = time.Since(start)
				return err
			}
			n += len(rows)
			if n == 10_000 {
				start = time.Now()
				cancel()
			}
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after %d rows: err = %v, want context.Canceled", n, err)
	}
	if took > time.Second {
		t.Errorf("the stream took %v to end after the cancel", took)
	}
	deadline := time.Now().Add(100 * time.Millisecond)
	for eng.Stats().InUse > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if s := eng.Stats(); s.InUse != 0 {
		t.Errorf("InUse = %d 100ms after the cancelled stream", s.InUse)
	}
}

// TestStreamNatural streams 200,000 rows on SQLite and MariaDB, where
// Stream is the driver's own streaming.
func TestStreamNatural(t *testing.T) {
	for _, b := range []string{testdb.SQLite, testdb.MySQL} {
		t.Run(b, func(t *testing.T) {
			dsn, flavor := testdb.EngineDSN(t, b)
			eng := open(t, dsn)
			ctx := t.Context()
			err := eng.Transaction(ctx, func(tx *engine.Tx) error {
				if b == testdb.MySQL {
					// The recursive CTE's limit (MariaDB's stops it
					// silently at 1,000 rows; MySQL's fails).
					set := "SET SESSION cte_max_recursion_depth = 1000000"
					if flavor == testdb.MariaDB {
						set = "SET SESSION max_recursive_iterations = 1000000"
					}
					if _, err := tx.ExecSQL(ctx, set); err != nil {
						return err
					}
				}
				n, _ := streamCount(t, tx, seriesSQL(b, 200_000), 2000)
				if n != 200_000 {
					t.Errorf("streamed %d rows, want 200000", n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestStreamStatementMidBatch runs another statement, with other columns,
// between two rows of one batch of a stream: the batch's rows still
// decode by their own columns' types (pgconn reuses the memory of a
// statement's field descriptions for the next statement's).
func TestStreamStatementMidBatch(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx := t.Context()
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.StreamSQL(ctx, 10, "SELECT i::bigint AS i, 'x' || i AS name FROM generate_series(1, 25) AS g(i)")
		if err != nil {
			return err
		}
		defer res.Close()
		n := 0
		for res.Next() {
			n++
			if n%4 == 2 { // mid-batch
				other, err := tx.QuerySQL(ctx, "SELECT 'other' AS s, 2.5::float8 AS f, now() AS t")
				if err != nil {
					return err
				}
				if _, err := other.All(); err != nil {
					return err
				}
			}
			var i int64
			var name string
			if err := res.Scan(&i, &name); err != nil {
				return fmt.Errorf("row %d: %w", n, err)
			}
			if i != int64(n) || name != fmt.Sprint("x", n) {
				t.Errorf("row %d: i=%d name=%q", n, i, name)
			}
		}
		if n != 25 {
			t.Errorf("%d rows", n)
		}
		return res.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStreamReadAhead: each FETCH is sent as soon as the batch before it
// is in memory, so that the server works while the application reads; a
// statement run between batches first lands the FETCH in flight, and the
// stream goes on in order.
func TestStreamReadAhead(t *testing.T) {
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	log := &stmtLog{}
	eng := open(t, dsn, engine.WithTracer(log))
	ctx := t.Context()
	verbs := func() string {
		var out []string
		for _, s := range log.all() {
			out = append(out, strings.Fields(s)[0])
		}
		return strings.Join(out, " ")
	}
	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.StreamSQL(ctx, 2, seriesSQL(testdb.Postgres, 5))
		if err != nil {
			return err
		}
		defer res.Close()
		if got := verbs(); got != "DECLARE FETCH FETCH" {
			t.Errorf("statements once the first batch is in: %s, want the second FETCH sent", got)
		}
		var got []int64
		for res.Next() {
			var i int64
			var s string
			if err := res.Scan(&i, &s); err != nil {
				return err
			}
			got = append(got, i)
			if len(got) == 1 {
				if n, err := engine.Scalars[int64](must(tx.QuerySQL(ctx, "SELECT 41 + 1"))); err != nil || n[0] != 42 {
					t.Errorf("a statement between batches: %v, %v", n, err)
				}
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
		if !slices.Equal(got, []int64{1, 2, 3, 4, 5}) {
			t.Errorf("streamed %v, want 1 to 5", got)
		}
		return res.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := verbs(); got != "DECLARE FETCH FETCH SELECT FETCH CLOSE" {
		t.Errorf("statements: %s", got)
	}

	// Committed mid-stream, the transaction lands the FETCH in flight;
	// the rows already read can be read, and the next FETCH fails with
	// ErrTxDone rather than running on a connection given back.
	tx := begin(t, eng)
	res, err := tx.StreamSQL(ctx, 2, seriesSQL(testdb.Postgres, 9))
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	for res.Next() {
		n++
	}
	if n != 4 || !errors.Is(res.Err(), engine.ErrTxDone) {
		t.Errorf("after Commit: %d rows, then %v; want the 4 read before it, then ErrTxDone", n, res.Err())
	}
	res.Close()
}
