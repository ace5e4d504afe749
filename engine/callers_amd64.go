//go:build amd64 && !purego

package engine

// callers fills pcs with the return address of the function that calls
// it, then those of the frames above, and returns how many it wrote:
// what runtime.Callers(2, pcs) would give that function, for [callSite].
// It follows the frame pointers Go keeps on amd64, which costs a few
// nanoseconds where runtime.Callers, decoding each frame's tables, cost
// about 17k instructions per Begin, a fifth of a short query's (bench/,
// BenchmarkFixedCost). The frames of functions inlined into another are
// not lost: runtime.CallersFrames expands them from the return address.
//
//go:noescape
func callers(pcs []uintptr) int
