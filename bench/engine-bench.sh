#!/usr/bin/env bash
# Component runtime benchmarks (wasm-engine; docs/benchmarks.md): JMH on calls through the
# canonical ABI per engine (ComponentCallBenchmark; target: the 1 MiB echo calls >= 500 MiB/s
# compiled, MiB/s = ops/s), instantiation of types-kitchen and, interpreted, of greeter-js
# (InstantiationBenchmark), and WASI 0.3 streams and async calls next to their 0.2 and sync
# references (AsyncStreamBenchmark). Needs the build
# (./mvnw -B -q -pl benchmarks -am package -DskipTests) and the shared fixtures (../shared, or
# WREG_SHARED). Not a test: figures depend on the machine. WREG_BENCH_QUICK=1: one half-second
# iteration of each benchmark in one JVM (proves the script runs); WREG_JMH_OPTS: JVM options for JMH itself (-Djmh.ignoreLock=true
# when another JMH run holds the lock file JMH keeps in the temporary directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
jar="$here/benchmarks/target/wreg-benchmarks.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
shared="$(cd "${WREG_SHARED:-$here/../shared}" && pwd)"
if bench_quick; then
  short=() long=()   # bench_jmh: one short iteration of each, in one JVM
else
  short=(-f 1 -wi 1 -w 2s -i 3 -r 2s) long=(-f 1 -wi 1 -w 5s -i 3 -r 10s)
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# jmh NAME "JVM OPTIONS" JMH ARGUMENTS...
jmh() {
  local name=$1 jvm=$2; shift 2
  echo "== $name $* ${jvm:+(JVM: $jvm)}"
  bench_jmh "$jar" "$jvm" "$@" -rf csv -rff "$work/$name.csv" | grep -E "^Benchmark|^[A-Z][A-Za-z]+Benchmark\." || true
  [ -s "$work/$name.csv" ] || { echo "bench: $name printed no result" >&2; exit 1; }
}
echo "load average before: $(uptime | sed 's/.*load average: //')"
jmh calls "-Dwreg.shared=$shared" ComponentCallBenchmark ${short[@]+"${short[@]}"}
jmh instantiate-types "-Dwreg.shared=$shared" InstantiationBenchmark -p fixture=types-kitchen ${short[@]+"${short[@]}"}
jmh instantiate-js "-Dwreg.shared=$shared -Xmx4g" InstantiationBenchmark -p fixture=greeter-js -p engine=INTERPRETER \
  ${long[@]+"${long[@]}"}
jmh streams "" AsyncStreamBenchmark ${long[@]+"${long[@]}"}
echo "load average after: $(uptime | sed 's/.*load average: //')"
bench_jmh_figures "$work/calls.csv" "echoBytesOneMiB engine=COMPILER|>= 500" "echoStringOneMiB engine=COMPILER|>= 500"
bench_jmh_figures "$work/instantiate-types.csv"
bench_jmh_figures "$work/instantiate-js.csv"
bench_jmh_figures "$work/streams.csv"
