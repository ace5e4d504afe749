#!/usr/bin/env bash
# Counts the instructions one iteration of a benchmark executes, under
# valgrind's callgrind: a count, unlike a time, does not move with the
# VM's load, so it shows a change of a few per cent that timings on a
# shared machine cannot. Usage:
#
#	./instructions.sh 'Workloads/W6_descendants_cte/retort$' [N]
#	./instructions.sh 'FixedCost/pgx$' 2000
#
# It runs the benchmark for N and for 2N iterations (N=1000 by default;
# a W2-sized workload wants 10) and prints the difference over N, which
# leaves out opening the libraries and warming up. One processor, no
# collector and no asynchronous preemption keep the count repeatable: the
# collector's own work is not counted, only the allocations' cost, and
# the server's work not at all (it is another process). cpu.rdtscp=off:
# valgrind 3.19 cannot run RDTSCP, which the runtime's clock uses where
# the processor has it (an AMD Zen 5, for one).
set -euo pipefail
cd "$(dirname "$0")"
bench=$1
n=${2:-1000}
bin=$(mktemp -d)/bench.test
go test -c -o "$bin" .
count() {
	local out
	out=$(GOMAXPROCS=1 GOGC=off GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" \
		-test.run XXX -test.bench "$bench" -test.benchtime "$1x" 2>&1)
	# A benchmark that skips (no dataset) or matches nothing passes in no
	# time and would count the test binary's start as the benchmark.
	if ! grep -q '^PASS' <<<"$out" || grep -q -e '--- SKIP' <<<"$out" || ! grep -q '^Benchmark' <<<"$out"; then
		echo "$out" >&2
		echo "instructions.sh: the benchmark failed, skipped or ran nothing under valgrind" >&2
		exit 1
	fi
	awk '/Collected/ {print $4}' <<<"$out"
}
a=$(count "$n")
b=$(count $((2 * n)))
echo "$bench: $(((b - a) / n)) instructions per iteration"
