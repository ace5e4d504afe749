package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Result is one library's figures on one workload. Which figures a
// workload has depends on its kind: timed ones have Time, Allocs, Bytes
// and RoundTrips; the streaming one adds PeakHeap and PeakRSS; the
// concurrent one has Throughput, P50 and P99.
type Result struct {
	Workload, Library string
	// Skipped says why there are no figures: the library fails the
	// workload as expectedFailures claims.
	Skipped string
	// RawSQL is set when the library ran the workload through raw SQL.
	RawSQL bool

	Time          time.Duration // median of the runs
	Allocs, Bytes uint64        // median of the runs
	RoundTrips    float64       // per run

	PeakHeap uint64 // the most live heap seen, sampled each millisecond
	PeakRSS  uint64 // the process's peak resident memory (0 where unknown)

	Throughput float64 // loads a second
	P50, P99   time.Duration

	// Paired is the median over the rounds of this library's time over
	// the floor's time in the same round (for W7, the floor's throughput
	// over this library's): a round takes seconds, and the VM's speed
	// drifts more between rounds than within one, so a ratio taken round
	// by round cancels what a ratio of medians would keep. Zero where
	// there were no rounds to pair.
	Paired float64
}

// pairedRatio returns the median over the rounds of mine[r] / floor[r],
// the samples of one library and of the floor in round r.
func pairedRatio[S any](mine, floor []S, f func(S) float64) float64 {
	n := min(len(mine), len(floor))
	if n == 0 {
		return 0
	}
	ratios := make([]float64, n)
	for r := range n {
		ratios[r] = f(mine[r]) / f(floor[r])
	}
	return median(ratios, func(x float64) float64 { return x })
}

// PairedTimes is pairedRatio for times taken round by round elsewhere
// (workload 5's processes).
func PairedTimes(mine, floor []time.Duration) float64 {
	return pairedRatio(mine, floor, func(d time.Duration) float64 { return float64(d) })
}

// sample is one timed run: its time, allocations and bytes.
type sample struct {
	time          time.Duration
	allocs, bytes uint64
}

// sampleSpan is the least time a sample spans: a workload quicker than
// that is run reps times in a row per sample, and the sample is their
// mean, so that a workload of a few milliseconds or less (W2, W4, W6) is
// not measured by one run at the mercy of a single wake-up of the
// scheduler or the VM, nor of where the collector's cycles happen to fall.
const sampleSpan = 200 * time.Millisecond

// repsFor returns how many runs a sample of a workload that took el
// needs to span sampleSpan.
func repsFor(el time.Duration) int {
	return int(min(max(sampleSpan/max(el, 1), 1), 1000))
}

// timed runs w reps times on impl and returns the mean of the runs. It
// first collects the garbage of the library sampled before, then runs w
// once untimed: the collection leaves a nearly empty heap, whose small
// goal would make the first timed run collect early and often, as no run
// in a serving process does; the untimed run sets the heap's pace to this
// library's own. (Runs timed straight after a collection put Retort's W2
// 14% behind pgx in one experiment of 15 interleaved runs, and level
// with it without the collection.)
func timed(ctx context.Context, impl Impl, w Workload, reps int) (sample, Checksum, error) {
	var before, after runtime.MemStats
	runtime.GC()
	if _, err := w.Run(ctx, impl); err != nil {
		return sample{}, Checksum{}, err
	}
	runtime.ReadMemStats(&before)
	start := time.Now()
	var sum Checksum
	var err error
	for range reps {
		if sum, err = w.Run(ctx, impl); err != nil {
			break
		}
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	n := uint64(reps)
	return sample{el / time.Duration(reps), (after.Mallocs - before.Mallocs) / n, (after.TotalAlloc - before.TotalAlloc) / n}, sum, err
}

// opened is a library's implementation with its round-trip counter.
type opened struct {
	lib  Library
	impl Impl
	rt   *RoundTrips
}

// openLibraries opens every library on dsn with at most maxConns
// connections each (0: the library's default).
func openLibraries(ctx context.Context, dsn string, maxConns int) ([]opened, func(), error) {
	var libs []opened
	closeAll := func() {
		for _, o := range libs {
			o.impl.Close()
		}
	}
	for _, lib := range Libraries {
		rt := &RoundTrips{}
		impl, err := lib.Open(ctx, Config{DSN: dsn, RoundTrips: rt, MaxConns: maxConns})
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("open %s: %w", lib.Name, err)
		}
		libs = append(libs, opened{lib, impl, rt})
	}
	return libs, closeAll, nil
}

// RunTimed runs each workload runs times on every library of dsn,
// interleaving the libraries run by run so that a drift of the machine's
// speed touches them alike, and returns the medians. A first run of each
// warms the connections and checks the checksum against the first
// library's (hand-written pgx): a mismatch, or a failure expectedFailures
// does not claim, is an error.
func RunTimed(ctx context.Context, dsn string, workloads []Workload, runs int, logf func(string, ...any)) ([]Result, error) {
	libs, closeAll, err := openLibraries(ctx, dsn, 0)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	var results []Result
	for _, w := range workloads {
		res := make([]Result, len(libs))
		samples := make([][]sample, len(libs))
		var want Checksum
		for i, o := range libs {
			res[i] = Result{Workload: w.Name, Library: o.lib.Name, RawSQL: slices.Contains(o.impl.RawSQL(), w.Name)}
			o.rt.Reset()
			sum, runErr := w.Run(ctx, o.impl)
			if err := checkRun(w, o.lib.Name, i == 0, sum, want, runErr); err != nil {
				return nil, err
			}
			if runErr != nil {
				res[i].Skipped = runErr.Error()
				continue
			}
			if i == 0 {
				want = sum
			}
			res[i].RoundTrips = float64(o.rt.Load())
		}
		// A warm run of the floor sets the repetitions of every
		// library's samples.
		start := time.Now()
		if _, err := w.Run(ctx, libs[0].impl); err != nil {
			return nil, err
		}
		reps := repsFor(time.Since(start))
		for range runs {
			for i, o := range libs {
				if res[i].Skipped != "" {
					continue
				}
				s, _, err := timed(ctx, o.impl, w, reps)
				if err != nil {
					return nil, fmt.Errorf("%s on %s: %w", w.Name, o.lib.Name, err)
				}
				samples[i] = append(samples[i], s)
			}
		}
		for i := range res {
			if len(samples[i]) > 0 {
				res[i].Paired = pairedRatio(samples[i], samples[0], func(s sample) float64 { return float64(s.time) })
				res[i].Time = median(samples[i], func(s sample) time.Duration { return s.time })
				res[i].Allocs = median(samples[i], func(s sample) uint64 { return s.allocs })
				res[i].Bytes = median(samples[i], func(s sample) uint64 { return s.bytes })
			}
		}
		logf("%s: %s", w.Name, summary(res))
		results = append(results, res...)
	}
	return results, nil
}

// checkRun checks the warm-up run of workload w on lib, which returned
// sum and err: a failure must be the one expectedFailures claims, and a
// success, unless first, must load what the first library loaded.
func checkRun(w Workload, lib string, first bool, sum, want Checksum, err error) error {
	claim, claimed := w.claim(lib)
	switch {
	case failsAsExpected(w, lib, err):
		return nil
	case claimed:
		return fmt.Errorf("%s on %s: %v, want the failure claimed: %v", w.Name, lib, err, claim)
	case err != nil:
		return fmt.Errorf("%s on %s: %w", w.Name, lib, err)
	case !first && sum != want:
		return fmt.Errorf("%s on %s loaded %v, the first library %v", w.Name, lib, sum, want)
	}
	return nil
}

// summary is a line of the results' times, for progress logs.
func summary(res []Result) string {
	var s string
	for _, r := range res {
		if r.Skipped != "" {
			s += fmt.Sprintf(" %s -", r.Library)
			continue
		}
		s += fmt.Sprintf(" %s %v", r.Library, r.Time.Round(10*time.Microsecond))
		if r.Throughput > 0 {
			s += fmt.Sprintf(" %.0f/s", r.Throughput)
		}
	}
	return s
}

// median returns the median of f over xs (the upper one of an even
// count).
func median[S any, T cmp.Ordered](xs []S, f func(S) T) T {
	vs := make([]T, len(xs))
	for i, x := range xs {
		vs[i] = f(x)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// Concurrent is workload 7: goroutines goroutines share a pool of conns
// connections, each loading workload 1 for users users, loads times.
type Concurrent struct {
	Goroutines, Conns, Users, Loads int
}

// Name names the workload in results.
func (c Concurrent) Name() string {
	return fmt.Sprintf("W7_concurrent_%dx%d_on_%d", c.Goroutines, c.Users, c.Conns)
}

// RunConcurrent runs c runs times on every library of dsn, the libraries
// interleaved run by run: throughput over each run, and the median and
// 99th percentile of one load's time, each the median of the runs. Each
// load's checksum must be the first library's.
func RunConcurrent(ctx context.Context, dsn string, c Concurrent, runs int, logf func(string, ...any)) ([]Result, error) {
	libs, closeAll, err := openLibraries(ctx, dsn, c.Conns)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	var want Checksum
	for i, o := range libs {
		sum, err := o.impl.NestedSelectIn(ctx, c.Users)
		if err := checkRun(Workload{Name: c.Name(), Like: "W1_nested_selectin"}, o.lib.Name, i == 0, sum, want, err); err != nil {
			return nil, err
		}
		if i == 0 {
			want = sum
		}
		// A load on each connection opens them all before the clock runs.
		if _, _, err := concurrently(ctx, o.impl, c.Conns, 1, c.Users, want); err != nil {
			return nil, fmt.Errorf("%s on %s: %w", c.Name(), o.lib.Name, err)
		}
	}
	samples := make([][]Result, len(libs))
	for range max(runs, 1) {
		for i, o := range libs {
			o.rt.Reset()
			lat, el, err := concurrently(ctx, o.impl, c.Goroutines, c.Loads, c.Users, want)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", c.Name(), o.lib.Name, err)
			}
			slices.Sort(lat)
			n := len(lat)
			samples[i] = append(samples[i], Result{
				RoundTrips: float64(o.rt.Load()) / float64(n),
				Throughput: float64(n) / el.Seconds(),
				P50:        lat[n/2],
				P99:        lat[(n*99+99)/100-1],
			})
		}
	}
	results := make([]Result, len(libs))
	for i, o := range libs {
		s := samples[i]
		p50 := median(s, func(r Result) time.Duration { return r.P50 })
		results[i] = Result{
			Workload: c.Name(), Library: o.lib.Name,
			// The floor's throughput over this library's, round by round.
			Paired:     pairedRatio(samples[0], s, func(r Result) float64 { return r.Throughput }),
			Time:       p50,
			RoundTrips: s[0].RoundTrips,
			Throughput: median(s, func(r Result) float64 { return r.Throughput }),
			P50:        p50,
			P99:        median(s, func(r Result) time.Duration { return r.P99 }),
		}
	}
	logf("%s: %s", c.Name(), summary(results))
	return results, nil
}

// concurrently runs goroutines goroutines, each loading workload 1 for
// users users loads times, and returns every load's time and the whole
// run's. Each load must load want.
func concurrently(ctx context.Context, impl Impl, goroutines, loads, users int, want Checksum) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, goroutines*loads)
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	start := time.Now()
	for g := range goroutines {
		wg.Go(func() {
			for l := range loads {
				t := time.Now()
				sum, err := impl.NestedSelectIn(ctx, users)
				lat[g*loads+l] = time.Since(t)
				if err == nil && sum != want {
					err = fmt.Errorf("loaded %v, the first library %v", sum, want)
				}
				if err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return lat, time.Since(start), errors.Join(errs...)
}

// Request is workload 9: workload 1 for a request's few users, directly
// (Delay 0) or through a Proxy adding Delay to each round trip.
type Request struct {
	Users  int
	Delay  time.Duration
	Joined bool
}

// Workload returns r as a Workload.
func (r Request) Workload() Workload {
	strategy, run := "selectin", func(ctx context.Context, i Impl) (Checksum, error) { return i.NestedSelectIn(ctx, r.Users) }
	if r.Joined {
		strategy, run = "joined", func(ctx context.Context, i Impl) (Checksum, error) { return i.NestedJoined(ctx, r.Users) }
	}
	like := map[bool]string{false: "W1_nested_selectin", true: "W1_nested_joined"}[r.Joined]
	return Workload{Name: fmt.Sprintf("W9_request_%d_%s_%s", r.Users, strategy, r.Delay), Run: run, Like: like}
}

// RunRequests runs each request runs times on every library, through a
// proxy for each delay: what a round trip costs once the database is not
// on the same machine. A library failing the workload as expected under
// its W1 name is skipped.
func RunRequests(ctx context.Context, dsn, hostPort string, reqs []Request, runs int, logf func(string, ...any)) ([]Result, error) {
	var results []Result
	for _, r := range reqs {
		res, err := runRequest(ctx, dsn, hostPort, r, runs, logf)
		if err != nil {
			return nil, err
		}
		results = append(results, res...)
	}
	return results, nil
}

func runRequest(ctx context.Context, dsn, hostPort string, r Request, runs int, logf func(string, ...any)) ([]Result, error) {
	if r.Delay == 0 {
		return RunTimed(ctx, dsn, []Workload{r.Workload()}, runs, logf)
	}
	p, err := StartProxy(hostPort, r.Delay)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	target, err := p.DSN(dsn)
	if err != nil {
		return nil, err
	}
	return RunTimed(ctx, target, []Workload{r.Workload()}, runs, logf)
}

// Peak runs w once on the library named lib, in this process, sampling
// the live heap every millisecond: workload 5, which the report runs in
// a process of its own per library so that one's garbage does not count
// against another. It returns the peak heap, the process's peak resident
// memory, the time and the checksum.
func Peak(ctx context.Context, dsn, lib string, w Workload) (Result, Checksum, error) {
	i := slices.IndexFunc(Libraries, func(l Library) bool { return l.Name == lib })
	if i < 0 {
		return Result{}, Checksum{}, fmt.Errorf("no library %q", lib)
	}
	rt := &RoundTrips{}
	impl, err := Libraries[i].Open(ctx, Config{DSN: dsn, RoundTrips: rt})
	if err != nil {
		return Result{}, Checksum{}, err
	}
	defer impl.Close()
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		m := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(m)
			most = max(most, m[0].Value.Uint64())
			select {
			case <-stop:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	sum, err := w.Run(ctx, impl)
	el := time.Since(start)
	close(stop)
	heap := <-peak
	if err != nil {
		return Result{}, Checksum{}, err
	}
	return Result{
		Workload: w.Name, Library: lib, RawSQL: slices.Contains(impl.RawSQL(), w.Name),
		Time: el, RoundTrips: float64(rt.Load()),
		PeakHeap: heap, PeakRSS: peakRSS(),
	}, sum, nil
}

// peakRSS returns this process's peak resident memory: VmHWM from
// /proc/self/status, which belongs to the program exec started.
// getrusage's ru_maxrss would not do: Linux keeps it across exec, so a
// child would report its parent's peak when that was higher.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "123456 kB"
			if n, err := strconv.ParseUint(f[0], 10, 64); err == nil && len(f) == 2 && f[1] == "kB" {
				return n << 10
			}
		}
	}
	return 0
}
