package bench

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
)

// requireDataset skips tb unless the benchmark database holds the shop
// dataset.
func requireDataset(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, DSN())
	if err != nil {
		tb.Skipf("no benchmark database (%v): set RETORT_BENCH_DSN, or run go run ./cmd/setup", err)
	}
	defer conn.Close(ctx)
	if err := CheckDataset(ctx, conn); err != nil {
		tb.Skipf("the benchmark database lacks the shop dataset (%v): run go run ./cmd/setup", err)
	}
}

// openAll opens every library, each with its round-trip counter, closing
// them when tb ends.
func openAll(tb testing.TB) (map[string]Impl, map[string]*RoundTrips) {
	tb.Helper()
	impls, rts := map[string]Impl{}, map[string]*RoundTrips{}
	for _, lib := range Libraries {
		rt := &RoundTrips{}
		impl, err := lib.Open(context.Background(), Config{DSN: DSN(), RoundTrips: rt})
		if err != nil {
			tb.Fatalf("open %s: %v", lib.Name, err)
		}
		tb.Cleanup(func() { impl.Close() })
		impls[lib.Name], rts[lib.Name] = impl, rt
	}
	return impls, rts
}

// TestChecksums runs every workload on every library: each must load
// what hand-written pgx loads, or fail exactly as expectedFailures says.
func TestChecksums(t *testing.T) {
	requireDataset(t)
	impls, rts := openAll(t)
	for _, lib := range Libraries {
		for _, name := range impls[lib.Name].RawSQL() {
			if !slices.ContainsFunc(Workloads, func(w Workload) bool { return w.Name == name }) {
				t.Errorf("%s marks an unknown workload %q as raw SQL", lib.Name, name)
			}
		}
	}
	for _, w := range Workloads {
		t.Run(w.Name, func(t *testing.T) {
			var want Checksum
			for i, lib := range Libraries {
				rt := rts[lib.Name]
				rt.Reset()
				got, err := w.Run(t.Context(), impls[lib.Name])
				if cerr := checkRun(w, lib.Name, i == 0, got, want, err); cerr != nil {
					t.Error(cerr)
					continue
				}
				if err != nil {
					t.Logf("%-6s fails as expected: %v", lib.Name, err)
					continue
				}
				if i == 0 {
					want = got
				}
				t.Logf("%-6s %d round trips: %v", lib.Name, rt.Load(), got)
			}
		})
	}
}

// BenchmarkWorkloads times every workload on every library, reporting
// allocations and the round trips of one run. A library that fails a
// workload as expected is skipped, saying why (shown with -v); one that
// runs it through raw SQL logs so.
func BenchmarkWorkloads(b *testing.B) {
	requireDataset(b)
	impls, rts := openAll(b)
	ctx := context.Background()
	for _, w := range Workloads {
		for _, lib := range Libraries {
			b.Run(w.Name+"/"+lib.Name, func(b *testing.B) {
				impl, rt := impls[lib.Name], rts[lib.Name]
				if slices.Contains(impl.RawSQL(), w.Name) {
					b.Log("raw SQL")
				}
				// A warm-up run: the loop then times warm connections,
				// on which pgx has prepared every statement.
				if _, err := w.Run(ctx, impl); failsAsExpected(w, lib.Name, err) {
					b.Skipf("fails as expected: %v", err)
				} else if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				rt.Reset()
				for b.Loop() {
					if _, err := w.Run(ctx, impl); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rt.Load())/float64(b.N), "roundtrips/op")
			})
		}
	}
}

// BenchmarkFixedCost times workload 6's query for a leaf category, which
// returns no rows: what every query costs a library before its first row
// (building the statement, checking out a connection, the round trip,
// reading the result's description). Per-row costs are the workloads'.
func BenchmarkFixedCost(b *testing.B) {
	requireDataset(b)
	impls, _ := openAll(b)
	ctx := context.Background()
	const leaf = 511 // the last category of the binary tree of 511
	for _, lib := range Libraries {
		b.Run(lib.Name, func(b *testing.B) {
			impl := impls[lib.Name]
			if sum, err := impl.Descendants(ctx, leaf); err != nil || sum != (Checksum{}) {
				b.Fatalf("descendants of a leaf: %v, %v; want none", sum, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := impl.Descendants(ctx, leaf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
