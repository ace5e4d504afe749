package engine_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retortdb/retort/core"
	"github.com/retortdb/retort/dialect/postgres"
	"github.com/retortdb/retort/engine"
	"github.com/retortdb/retort/internal/testdb"
)

// Benchmarks of the engine against hand-written pgx v5 code running the
// same query on the same table (BENCHMARKS.md, "Engine against hand-written
// pgx"):
//
//	go test -run XXX -bench . -benchmem -benchtime 3x -count 6 ./engine/
//
// Each pair runs on its own schema and pools, made once per benchmark.

// benchRowCount is the size of the table BenchmarkScan10k reads.
const benchRowCount = 10_000

// BenchRows is the benchmarks' table, created by benchDDL.
var BenchRows = func() (t struct {
	*core.Table
	ID        core.Column[int64]
	Name      core.Column[string]
	Email     core.Column[string]
	Score     core.Column[float64]
	CreatedAt core.Column[time.Time]
	Active    core.Column[bool]
	Note      core.Column[string]
}) {
	t.Table = core.NewTable("bench_rows")
	t.ID = core.NewColumn[int64](t.Table, "id", core.PrimaryKey())
	t.Name = core.NewColumn[string](t.Table, "name")
	t.Email = core.NewColumn[string](t.Table, "email")
	t.Score = core.NewColumn[float64](t.Table, "score")
	t.CreatedAt = core.NewColumn[time.Time](t.Table, "created_at")
	t.Active = core.NewColumn[bool](t.Table, "active")
	t.Note = core.NewColumn[string](t.Table, "note", core.Nullable())
	return t
}()

const benchDDL = `CREATE TABLE bench_rows (
	id         BIGINT PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL,
	score      DOUBLE PRECISION NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	active     BOOLEAN NOT NULL,
	note       TEXT NULL
)`

// benchFill fills bench_rows; every third note is NULL.
const benchFill = `INSERT INTO bench_rows
SELECT i, 'name-' || i, 'user' || i || '@example.com', i * 0.5,
	TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 minute',
	i % 2 = 0, CASE WHEN i % 3 = 0 THEN NULL ELSE 'note for row ' || i END
FROM generate_series(1, $1::bigint) AS g(i)`

// benchRow is one row of bench_rows, for both sides of BenchmarkScan10k.
type benchRow struct {
	ID        int64
	Name      string
	Email     string
	Score     float64
	CreatedAt time.Time
	Active    bool
	Note      *string
}

// scan10kSQL is the query, as the engine compiles benchSelect (checked in
// benchSetup): the pgx side runs the same text.
const scan10kSQL = `SELECT bench_rows.id, bench_rows.name, bench_rows.email, bench_rows.score, bench_rows.created_at, bench_rows.active, bench_rows.note FROM bench_rows`

var benchSelect = core.Select(BenchRows.ID, BenchRows.Name, BenchRows.Email, BenchRows.Score,
	BenchRows.CreatedAt, BenchRows.Active, BenchRows.Note).From(BenchRows)

// benchSetup makes a fresh PostgreSQL schema with bench_rows of
// benchRowCount rows, and opens an engine and a pgxpool on it, both closed
// when b ends.
func benchSetup(b *testing.B) (*engine.Engine, *pgxpool.Pool) {
	b.Helper()
	ctx := context.Background()
	dsn, _ := testdb.EngineDSN(b, testdb.Postgres)
	eng, err := engine.Open(ctx, dsn)
	if err != nil {
		b.Fatalf("engine.Open: %v", err)
	}
	b.Cleanup(func() { _ = eng.Close() })
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatalf("pgxpool.New: %v", err)
	}
	b.Cleanup(pool.Close)
	if _, err := pool.Exec(ctx, benchDDL); err != nil {
		b.Fatalf("create table: %v", err)
	}
	if _, err := pool.Exec(ctx, benchFill, benchRowCount); err != nil {
		b.Fatalf("fill table: %v", err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE bench_rows"); err != nil {
		b.Fatalf("analyze: %v", err)
	}
	c, err := postgres.Dialect.Compile(benchSelect)
	if err != nil {
		b.Fatal(err)
	}
	if c.SQL != scan10kSQL {
		b.Fatalf("the engine's SQL is not the pgx side's:\n%s\n%s", c.SQL, scan10kSQL)
	}
	return eng, pool
}

// BenchmarkScan10k reads the 10,000 rows of bench_rows into structs, in a
// transaction: pgx by hand (Scan into the fields of an element of a
// preallocated slice), and the engine (Query, ScanAll).
func BenchmarkScan10k(b *testing.B) {
	eng, pool := benchSetup(b)
	ctx := context.Background()

	b.Run("pgx", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := pgxScan10k(ctx, pool)
			if err != nil {
				b.Fatal(err)
			}
			if len(out) != benchRowCount {
				b.Fatalf("%d rows", len(out))
			}
		}
	})

	for _, r := range []struct {
		name string
		scan func(context.Context, *engine.Engine) ([]benchRow, error)
	}{{"retort", retortScan10k}, {"retort-append", retortAppend10k}} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := r.scan(ctx, eng)
				if err != nil {
					b.Fatal(err)
				}
				if len(out) != benchRowCount {
					b.Fatalf("%d rows", len(out))
				}
			}
		})
	}
}

func pgxScan10k(ctx context.Context, pool *pgxpool.Pool) ([]benchRow, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, scan10kSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]benchRow, 0, benchRowCount)
	for rows.Next() {
		out = append(out, benchRow{})
		r := &out[len(out)-1]
		if err := rows.Scan(&r.ID, &r.Name, &r.Email, &r.Score, &r.CreatedAt, &r.Active, &r.Note); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit(ctx)
}

func retortScan10k(ctx context.Context, eng *engine.Engine) ([]benchRow, error) {
	tx, err := eng.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	res, err := tx.Query(ctx, benchSelect)
	if err != nil {
		return nil, err
	}
	out, err := engine.ScanAll[benchRow](res)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit(ctx)
}

// retortAppend10k is retortScan10k as the pgx code is written: into a slice
// made for the rows expected.
func retortAppend10k(ctx context.Context, eng *engine.Engine) ([]benchRow, error) {
	tx, err := eng.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	res, err := tx.Query(ctx, benchSelect)
	if err != nil {
		return nil, err
	}
	out, err := engine.AppendAll(make([]benchRow, 0, benchRowCount), res)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit(ctx)
}

// streamRows is the row count of BenchmarkStream1M, streamBatch its batch.
const (
	streamRows  = 1_000_000
	streamBatch = 2_000
)

// streamRow is one row of streamSQL.
type streamRow struct {
	I    int64
	Name string
}

func streamSQL(n int) string {
	return fmt.Sprintf("SELECT i, 'row-' || i AS name FROM generate_series(1, %d) AS g(i)", n)
}

// BenchmarkStream1M streams 1,000,000 rows in batches of 2,000 through a
// server-side cursor: pgx by hand (DECLARE, then FETCH FORWARD 2000 into a
// reused batch of structs until a short batch, then CLOSE), and the engine
// (StreamSQL, which does the same, and ScanPartitions).
func BenchmarkStream1M(b *testing.B) {
	eng, pool := benchSetup(b)
	ctx := context.Background()
	sql := streamSQL(streamRows)

	b.Run("pgx", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, err := pgxStream(ctx, pool, sql, streamBatch, nil)
			if err != nil {
				b.Fatal(err)
			}
			if n != streamRows {
				b.Fatalf("%d rows", n)
			}
		}
	})

	b.Run("retort", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, err := retortStream(ctx, eng, sql, streamBatch, nil)
			if err != nil {
				b.Fatal(err)
			}
			if n != streamRows {
				b.Fatalf("%d rows", n)
			}
		}
	})
}

// pgxStream streams sql through a cursor in batches, calling each (if not
// nil) after each batch, and returns the row count.
func pgxStream(ctx context.Context, pool *pgxpool.Pool, sql string, batch int, each func([]streamRow)) (int, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "DECLARE bench_cur NO SCROLL CURSOR FOR "+sql); err != nil {
		return 0, err
	}
	fetch := fmt.Sprintf("FETCH FORWARD %d FROM bench_cur", batch)
	buf := make([]streamRow, 0, batch)
	n := 0
	for {
		rows, err := tx.Query(ctx, fetch)
		if err != nil {
			return 0, err
		}
		buf = buf[:0]
		for rows.Next() {
			buf = append(buf, streamRow{})
			r := &buf[len(buf)-1]
			if err := rows.Scan(&r.I, &r.Name); err != nil {
				rows.Close()
				return 0, err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		n += len(buf)
		if each != nil && len(buf) > 0 {
			each(buf)
		}
		if len(buf) < batch {
			break
		}
	}
	if _, err := tx.Exec(ctx, "CLOSE bench_cur"); err != nil {
		return 0, err
	}
	return n, tx.Commit(ctx)
}

// retortStream is pgxStream through the engine.
func retortStream(ctx context.Context, eng *engine.Engine, sql string, batch int, each func([]streamRow)) (int, error) {
	tx, err := eng.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	res, err := tx.StreamSQL(ctx, batch, sql)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows, err := range engine.ScanPartitions[streamRow](res, batch) {
		if err != nil {
			return 0, err
		}
		n += len(rows)
		if each != nil {
			each(rows)
		}
	}
	return n, tx.Commit(ctx)
}

// TestStreamHeapPeak streams 1,000,000 and then 5,000,000 rows through the
// engine (StreamSQL and ScanPartitions into structs, batches of 2,000) and
// compares the peak HeapAlloc sampled after each batch: the two must be
// within 10% of each other, that is, the heap of a stream must not grow
// with its row count. It takes some seconds, and is skipped with -short
// and under the race detector (whose shadow memory and slower run muddy the
// figures); CI runs it in a step of its own:
//
//	go test -count=1 -run TestStreamHeapPeak ./engine/
func TestStreamHeapPeak(t *testing.T) {
	if raceOn {
		t.Skip("heap figures are not meaningful under -race")
	}
	if testing.Short() {
		t.Skip("streams 6,000,000 rows")
	}
	dsn, _ := testdb.EngineDSN(t, testdb.Postgres)
	eng := open(t, dsn)
	ctx := t.Context()
	peak := func(n int) uint64 {
		runtime.GC()
		var p uint64
		var ms runtime.MemStats
		got, err := retortStream(ctx, eng, streamSQL(n), streamBatch, func(rows []streamRow) {
			runtime.ReadMemStats(&ms)
			p = max(p, ms.HeapAlloc)
		})
		if err != nil {
			t.Fatalf("stream %d rows: %v", n, err)
		}
		if got != n {
			t.Fatalf("streamed %d rows, want %d", got, n)
		}
		return p
	}
	const small, big = 1_000_000, 5_000_000
	start := time.Now()
	ps := peak(small)
	mid := time.Now()
	pb := peak(big)
	t.Logf("peak HeapAlloc: %d rows %.2f MB (%v), %d rows %.2f MB (%v), ratio %.3f",
		small, float64(ps)/1e6, mid.Sub(start).Round(time.Millisecond),
		big, float64(pb)/1e6, time.Since(mid).Round(time.Millisecond), float64(pb)/float64(ps))
	if r := float64(pb) / float64(ps); r > 1.10 || r < 1/1.10 {
		t.Errorf("peak heap differs by more than 10%%: %d rows %d bytes, %d rows %d bytes", small, ps, big, pb)
	}
}
