#!/usr/bin/env bash
# Interface index benchmark (issue "Interface index, search and dependency resolution"). Prints
# search p50/p99 for a name, an interface and a description query, and the dependents of a popular
# interface's provider, over 100,000 synthetic releases, one HTTP request at a time, next to
# GET /v1/operator as the reference (targets: p99 <= 50 ms). `wreg lock`: bench/lock-bench.sh.
# The releases are bulk-loaded through the index writer the publish path calls
# (bench/SearchBench.java runs on the server jar's classes, unpacked here).
# Needs the build (./mvnw -B -q -DskipTests package).
# Not a test: figures depend on the machine. WREG_BENCH_RELEASES and WREG_BENCH_SAMPLES change
# the size of the run; WREG_BENCH_QUICK=1 makes them 2,000 and 40 (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
if bench_quick; then releases="${WREG_BENCH_RELEASES:-2000}" samples="${WREG_BENCH_SAMPLES:-40}"
else releases="${WREG_BENCH_RELEASES:-100000}" samples="${WREG_BENCH_SAMPLES:-400}"; fi
jar="$here/registry-server/target/registry-server.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
[ -f "$here/registry-cli/target/wreg.jar" ] || { echo "bench: registry-cli/target/wreg.jar is missing" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$jar" BOOT-INF)
classpath="$work/BOOT-INF/classes:$work/BOOT-INF/lib/*"

echo "load average before: $(uptime | sed 's/.*load average: //')"
"$java" -Xmx2g -cp "$classpath" "$here/bench/SearchBench.java" "$here" "$releases" "$samples" \
  2> >(grep -v -E '^(WARNING|SLF4J)' >&2) | tee "$work/out.txt"
# Each query's p99 next to the reference's (GET /v1/operator) from the lines above.
reference=$(sed -n -E 's/^reference GET \/v1\/operator .*p99 +([0-9.]+) ms.*/\1/p' "$work/out.txt")
sed -n -E '/^reference /d; s/^(.*[^ ]) +p50 +[0-9.]+ ms, p99 +([0-9.]+) ms(.*)$/\1|\2|\3/p' "$work/out.txt" |
  while IFS='|' read -r what p99 rest; do
    target=-
    [[ "$rest" == *"<= 50 ms"* ]] && target="<= 50"
    bench_figure "search: $what p99 (reference GET /v1/operator)" "$p99" "$reference" ms "$target"
  done
echo "load average after: $(uptime | sed 's/.*load average: //')"
