#!/usr/bin/env bash
# Composer benchmark (issue 8): JMH on compose + encode + validate of a socket with two plugs
# (target ≤ 100 ms/op), and the smoke run of the result measured apart. Needs the build
# (`./mvnw -B -q -DskipTests package`). WREG_BENCH_QUICK=1 runs a short smoke of the benchmark (one
# iteration of each, in one JVM).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
shared="$(cd "${WREG_SHARED:-$here/../shared}" && pwd)"
if bench_quick; then
  opts=()   # bench_jmh: one short iteration of each, in one JVM
else
  opts=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
bench_jmh "$here/benchmarks/target/wreg-benchmarks.jar" "-Dwreg.shared=$shared" ComposeBenchmark ${opts[@]+"${opts[@]}"} \
  -rf csv -rff "$work/jmh.csv" | grep -E "^Benchmark|^ComposeBenchmark"
bench_jmh_figures "$work/jmh.csv" "composeEncodeValidate|<= 100"
