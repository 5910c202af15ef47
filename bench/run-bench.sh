#!/usr/bin/env bash
# Runtime benchmark (issues "WASI 0.2 host" and 16 §3): start-to-exit of `wreg run` against `jco run`
# on the same machine in the same run, median of N runs each, and the ratios wreg/jco, cold and warm
# (targets: hello-js <= 1.0x cold, <= 0.3x warm; sha256 <= 1.0x).
#   cold         every run with an empty wreg cache folder (XDG_CACHE_HOME): validation, parsing and
#                compiling all happen in the run
#   warm         every run with the cache folder an earlier (untimed) run with --engine compiler
#                filled: the component's valid verdict and the compiled modules are loaded, not
#                recomputed, and a module loaded compiled is parsed without its compiled functions'
#                bodies. (Filling it compiles StarlingMonkey's 12 MB module, which --engine auto
#                then leaves to the interpreter: it starts sooner with its bodies parsed on demand.)
#   sha256       the reference run of runs.json (three short arguments)
#   sha256-48k   one 48,000-byte argument: 750 SHA-256 blocks, near the largest input the preview1
#                adapter's argument buffer takes (60,000 bytes trap, under jco too)
#   hello-js     the componentize-js command (a whole StarlingMonkey, 12 MB)
# wreg runs the sha256 cases with --engine compiler (and, for reference, interpreter) and hello-js
# with --engine auto: compiling StarlingMonkey's 12 MB module takes minutes, so AUTO interprets
# it (and compiles nothing else worth it). Every figure is a fresh process, so the JVM start,
# decoding, parsing and compiling are all inside it, as jco's transpilation and Node's start are
# inside its own. wreg runs through its launcher (./wreg), as a user runs it: with the JVM options
# it gives `run` and the class-data archive it makes on the first run after a build (one untimed
# run makes it before the timings).
# Then JMH (dev.wreg.bench.SmokeRunBenchmark): a smoke run of hello in a warm JVM, interpreter,
# median (target <= 50 ms).
# Needs the build (./mvnw -B -q -pl benchmarks,registry-cli -am package -DskipTests) and jco:
# WREG_JCO_DIR is a folder where `npm install @bytecodealliance/jco@1.35.0` was run (default
# .ci/tools). WREG_BENCH_RUNS (default 5) sets the runs per figure; WREG_BENCH_CASES the cases;
# WREG_BENCH_SKIP_JMH=1 skips the JMH part; WREG_JMH_OPTS extra JVM options for JMH (-Djmh.ignoreLock=true on a machine shared with other
# JMH runs). WREG_BENCH_QUICK=1: 1 run of sha256 only and a short JMH run (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
shared="$(cd "${WREG_SHARED:-$here/../shared}" && pwd)"
wasm="$shared/fixtures/wasm"
jco_dir="${WREG_JCO_DIR:-$here/.ci/tools}"
jco="$jco_dir/node_modules/.bin/jco"
if bench_quick; then
  runs="${WREG_BENCH_RUNS:-1}" cases=(${WREG_BENCH_CASES:-sha256}) jmh=()   # bench_jmh: one short iteration
else
  runs="${WREG_BENCH_RUNS:-5}" cases=(${WREG_BENCH_CASES:-sha256 sha256-48k hello-js}) jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
fi
wreg_jar="$here/registry-cli/target/wreg.jar"
bench_jar="$here/benchmarks/target/wreg-benchmarks.jar"
for f in "$wreg_jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "missing $f: ./mvnw -B -q -pl benchmarks,registry-cli -am package -DskipTests" >&2; exit 2; }
done
[ -x "$jco" ] || { echo "missing $jco: npm install --prefix .ci/tools @bytecodealliance/jco@1.35.0" >&2; exit 2; }

big="$(head -c 48000 /dev/zero | tr '\0' x)"
args_of() {
  case "$1" in
    sha256) printf '%s\0' abc "" "The quick brown fox jumps over the lazy dog" ;;
    sha256-48k) printf '%s\0' "$big" ;;
    hello-js) ;;
  esac
}
file_of() { case "$1" in sha256*) echo sha256 ;; *) echo "$1" ;; esac; }
engine_of() { case "$1" in *-js) echo auto ;; *) echo compiler ;; esac; }

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

cache_root="$(mktemp -d)"
trap 'rm -rf "$cache_root"' EXIT
figures=()
# The launcher's class-data archive for `run`, made once per build (not part of any timing).
"$here/wreg" run "$wasm/sha256.wasm" -- abc >/dev/null 2>&1 || echo "FAILED: the untimed first wreg run" >&2
echo "== start-to-exit, median of $runs runs each (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-9s %10s %10s %12s %10s %10s %10s\n' case engine wreg-cold wreg-warm wreg-interp jco cold/jco warm/jco
for c in "${cases[@]}"; do
  mapfile -d '' a < <(args_of "$c")
  f="$wasm/$(file_of "$c").wasm"
  e=$(engine_of "$c")
  wreg_run() { "$here/wreg" run --engine "$1" --timeout 30m "$f" -- "${a[@]}"; }
  cold() { local d; d="$(mktemp -d "$cache_root/cold.XXXXXX")"; XDG_CACHE_HOME="$d" wreg_run "$@"; local rc=$?; rm -rf "$d"; return $rc; }
  warm_dir="$cache_root/warm-$c"
  mkdir -p "$warm_dir"
  XDG_CACHE_HOME="$warm_dir" wreg_run compiler >/dev/null 2>&1 || echo "FAILED: warming $c" >&2
  warm() { XDG_CACHE_HOME="$warm_dir" wreg_run "$@"; }
  w=$(median_ms cold "$e")
  ww=$(median_ms warm "$e")
  wi=-
  if [ "$e" != auto ]; then
    wi=$(median_ms cold interpreter)
  fi
  jc=$(median_ms "$jco" run "$f" "${a[@]}")
  awk -v c="$c" -v e="$e" -v w="$w" -v ww="$ww" -v wi="$wi" -v jc="$jc" \
    'BEGIN { printf "%-12s %-9s %10s %10s %12s %10s %9.2fx %9.2fx\n", c, e, w, ww, wi, jc, (jc > 0 ? w / jc : 0), (jc > 0 ? ww / jc : 0) }'
  case "$c" in sha256) cold_target="ratio <= 1.0" warm_target=- ;; hello-js) cold_target="ratio <= 1.0" warm_target="ratio <= 0.3" ;; *) cold_target=- warm_target=- ;; esac
  figures+=("$(bench_figure "wreg run $c, cold, median of $runs (reference jco run)" "$w" "$jc" ms "$cold_target")")
  figures+=("$(bench_figure "wreg run $c, warm cache, median of $runs (reference jco run)" "$ww" "$jc" ms "$warm_target")")
done

echo "== where start-up goes (dev.wreg.bench.StartupPhases, one run each, validation apart from preparing; C1 only, as ./wreg run)"
for c in "${cases[@]}"; do
  [ "$c" = sha256-48k ] && continue
  f="$wasm/$(file_of "$c").wasm"
  e=$(engine_of "$c")
  d="$(mktemp -d "$cache_root/phases.XXXXXX")"
  printf 'cold  '; "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$bench_jar" dev.wreg.bench.StartupPhases "$f" "$e" "$d" 2>&1 | tail -n 1
  printf 'warm  '; "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$bench_jar" dev.wreg.bench.StartupPhases "$f" "$e" "$cache_root/warm-$c/wreg/modules" 2>&1 | tail -n 1
done

printf '%s\n' "${figures[@]}"

[ -n "${WREG_BENCH_SKIP_JMH:-}" ] && exit 0
echo "== smoke run of hello in a warm JVM (JMH SampleTime ${jmh[*]:-one short iteration})"
bench_jmh "$bench_jar" "-Dwreg.shared=$shared" SmokeRunBenchmark ${jmh[@]+"${jmh[@]}"} \
  -rf csv -rff "$cache_root/jmh.csv" | grep -E "^Benchmark|^SmokeRun" || true
bench_jmh_figures "$cache_root/jmh.csv" "p0.50|<= 50"
