// Package bench compares Retort with hand-written pgx code (the floor),
// GORM, bun and ent on the shop dataset (internal/testdb/testdata/shop), workload
// by workload. It is a module of its own, so that the library's go.mod
// never depends on the libraries it is compared with.
//
// Each library implements the Impl interface in its own file
// (impl_pgx.go, impl_retort.go, impl_gorm.go, impl_bun.go, impl_ent.go
// with ent's generated code in ent/), in the idiom its documentation
// teaches, and is registered in Libraries; Retort twice, as "retort" in
// Autocommit sessions (a read path) and as "retort-uow" in default ones (a
// transaction and a unit of work). Every workload (Workloads,
// Concurrent, Request, Stream) returns a Checksum of what it loaded,
// which must be the same for every library, or the run fails; a workload
// a library can only run through raw SQL is listed by its RawSQL, and
// one it cannot run at all is claimed in expectedFailures. Round trips
// are counted by one pgx tracer (RoundTrips) on every library's
// connections.
//
// Set up the database once, then check, time, or make the report:
//
//	go run ./cmd/setup                             # creates retort_bench, loads the dataset
//	go test -run TestChecksums -v .                # every library loads the same objects
//	go test -run XXX -bench . -benchtime 3x .      # time, allocations and round trips
//	go run ./cmd/report                            # every workload: results/README.md, ratios.svg, results.json
//
// or both at once: ./run.sh. Times on a shared VM move by 10% or more
// from run to run; instruction counts do not, and ./instructions.sh
// gives one benchmark's per iteration (valgrind's callgrind), for
// instance BenchmarkFixedCost's, what a query costs before its first row:
//
//	./instructions.sh 'FixedCost/retort$'
//
// RETORT_BENCH_DSN names another database (by default
// postgres://postgres@127.0.0.1:5432/retort_bench?sslmode=disable).
// Without the dataset there, the tests and benchmarks skip.
package bench
