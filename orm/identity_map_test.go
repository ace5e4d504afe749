package orm

import (
	"runtime"
	"testing"
	"weak"
)

type weakBenchRow struct {
	ID   int64
	Name string
	Note *string
}

// BenchmarkIdentityMapHold measures what holding loaded objects costs in
// the two designs issue 5 weighed: a strong map (what Session uses) and a
// weak one (SQLAlchemy's, with Go's weak package: a weak pointer per
// object, and a cleanup to drop the entry when the object is collected).
// Each iteration loads 100,000 objects into a fresh map and drops them.
// BENCHMARKS.md has the figures.
func BenchmarkIdentityMapHold(b *testing.B) {
	const n = 100_000
	b.Run("strong", func(b *testing.B) {
		for b.Loop() {
			m := map[int64]*weakBenchRow{}
			for i := range int64(n) {
				m[i] = &weakBenchRow{ID: i, Name: "row"}
			}
			runtime.KeepAlive(m)
		}
	})
	b.Run("weak", func(b *testing.B) {
		for b.Loop() {
			m := map[int64]weak.Pointer[weakBenchRow]{}
			gone := make(chan int64, n)
			for i := range int64(n) {
				r := &weakBenchRow{ID: i, Name: "row"}
				m[i] = weak.Make(r)
				runtime.AddCleanup(r, func(id int64) {
					select {
					case gone <- id:
					default:
					}
				}, i)
			}
			// The session would drain the cleanups on its next use;
			// those of earlier iterations run as the collector finds
			// their objects.
			for len(gone) > 0 {
				delete(m, <-gone)
			}
			runtime.KeepAlive(m)
		}
	})
}
