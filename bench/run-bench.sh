#!/usr/bin/env bash
# Runtime benchmark (issue "WASI 0.2 host"): start-to-exit of `wreg run` against `jco run` on the
# same machine in the same run, median of N runs each, and the ratio wreg/jco (target <= 1.5).
#   sha256       the reference run of runs.json (three short arguments)
#   sha256-60k   one 60,000-byte argument: ~940 SHA-256 blocks, the largest input the preview1
#                adapter's argument buffer takes (it traps above ~64 KiB, under jco too)
#   hello-js     the componentize-js command (a whole StarlingMonkey, 12 MB)
# wreg runs with --engine compiler (and, for reference, interpreter); every figure is a fresh
# process, so the JVM start, decoding, parsing and compiling are all inside it, as jco's
# transpilation and Node's start are inside its own.
# Then JMH (dev.wreg.bench.SmokeRunBenchmark): a smoke run of hello in a warm JVM, interpreter,
# median (target <= 50 ms).
# Needs the build (./mvnw -B -q -pl benchmarks,registry-cli -am package -DskipTests) and jco:
# WREG_JCO_DIR is a folder where `npm install @bytecodealliance/jco@1.35.0` was run (default
# .ci/tools). WREG_BENCH_RUNS (default 5) sets the runs per figure; WREG_BENCH_CASES the cases.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
shared="$(cd "$here/../shared" && pwd)"
wasm="$shared/fixtures/wasm"
jco_dir="${WREG_JCO_DIR:-$here/.ci/tools}"
jco="$jco_dir/node_modules/.bin/jco"
runs="${WREG_BENCH_RUNS:-5}"
cases=(${WREG_BENCH_CASES:-sha256 sha256-60k hello-js})
wreg_jar="$here/registry-cli/target/wreg.jar"
bench_jar="$here/benchmarks/target/wreg-benchmarks.jar"
for f in "$wreg_jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "missing $f: ./mvnw -B -q -pl benchmarks,registry-cli -am package -DskipTests" >&2; exit 2; }
done
[ -x "$jco" ] || { echo "missing $jco: npm install --prefix .ci/tools @bytecodealliance/jco@1.35.0" >&2; exit 2; }

big="$(head -c 60000 /dev/zero | tr '\0' x)"
args_of() {
  case "$1" in
    sha256) printf '%s\0' abc "" "The quick brown fox jumps over the lazy dog" ;;
    sha256-60k) printf '%s\0' "$big" ;;
    hello-js) ;;
  esac
}
file_of() { case "$1" in sha256*) echo sha256 ;; *) echo "$1" ;; esac; }

# median_ms CMD...: runs CMD $runs times (output discarded, exit must be 0), prints the median in ms
median_ms() {
  local times=() t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "FAILED: $*" | cut -c1-200 >&2; echo "nan"; return; }
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

echo "== start-to-exit, median of $runs runs each (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %14s %14s %10s %16s\n' case wreg-compiler wreg-interp jco ratio-compiler
for c in "${cases[@]}"; do
  mapfile -d '' a < <(args_of "$c")
  f="$wasm/$(file_of "$c").wasm"
  wc=$(median_ms "$java" -XX:+UseSerialGC -jar "$wreg_jar" run --engine compiler --timeout 10m "$f" -- "${a[@]}")
  wi=$(median_ms "$java" -XX:+UseSerialGC -jar "$wreg_jar" run --engine interpreter --timeout 10m "$f" -- "${a[@]}")
  jc=$(median_ms "$jco" run "$f" "${a[@]}")
  awk -v c="$c" -v wc="$wc" -v wi="$wi" -v jc="$jc" \
    'BEGIN { printf "%-12s %14s %14s %10s %15.2fx\n", c, wc, wi, jc, (jc > 0 ? wc / jc : 0) }'
done

echo "== smoke run of hello in a warm JVM (JMH SampleTime, 1 fork, 3 x 2 s warm-up, 5 x 2 s measured)"
"$java" -jar "$bench_jar" SmokeRunBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgs "-Dwreg.shared=$shared" \
  | grep -E "^Benchmark|p0.50|·p0.50|:p0.50|^SmokeRun" || true
