#!/usr/bin/env bash
# Runs the whole benchmark suite: loads the shop dataset into retort_bench
# if it is not there (or $RETORT_BENCH_DSN), then measures every workload
# on every library and writes results/. Extra arguments go to cmd/report
# (-runs N).
set -euo pipefail
cd "$(dirname "$0")"
go run ./cmd/setup
go run ./cmd/report "$@"
