#!/usr/bin/env bash
# `wreg lock` benchmark (issue "Interface index, search and dependency resolution"). Prints the
# median and p90 of `wreg lock` for a manifest with 20 package dependencies in a cold JVM (target:
# <= 1.5 s), of `wreg lock --locked` and `wreg deps fetch --locked`, next to two references measured
# in the same run: `./wreg --version` (the JVM floor) and one curl process making the 20 plain
# `GET /v1/packages/{pkg}/records` round trips (the network and server floor).
# The registry is the real server jar on its embedded defaults; the 20 packages are published
# through the API as `wreg publish` does (bench/LockBench.java runs on the server jar's classes,
# unpacked here). Needs the build (./mvnw -B -q -DskipTests package), curl and ../shared/fixtures.
# Not a test: figures depend on the machine. WREG_BENCH_RUNS (default 7) changes the run count;
# WREG_BENCH_QUICK=1 makes it 1 (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
if bench_quick; then runs="${WREG_BENCH_RUNS:-1}"; else runs="${WREG_BENCH_RUNS:-7}"; fi
jar="$here/registry-server/target/registry-server.jar"
[ -f "$jar" ] || { echo "bench: $jar is missing; build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
[ -f "$here/registry-cli/target/wreg.jar" ] || { echo "bench: registry-cli/target/wreg.jar is missing" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench: curl is missing" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$jar" BOOT-INF)
classpath="$work/BOOT-INF/classes:$work/BOOT-INF/lib/*"

echo "load average before: $(uptime | sed 's/.*load average: //')"
"$java" -Xmx256m -cp "$classpath" "$here/bench/LockBench.java" "$here" "$runs" \
  2> >(grep -v -E '^(WARNING|SLF4J)' >&2) | tee "$work/out.txt"
# Each median next to the JVM floor (./wreg --version) from the lines above.
reference=$(sed -n -E 's/^reference \.\/wreg --version .*median +([0-9.]+) ms.*/\1/p' "$work/out.txt")
sed -n -E '/^reference /d; s/^(wreg .*[^ ]) +median +([0-9.]+) ms, p90 +[0-9.]+ ms(.*)$/\1|\2|\3/p' "$work/out.txt" |
  while IFS='|' read -r what median rest; do
    target=-
    [[ "$rest" == *"target <= 1500 ms"* ]] && target="<= 1500"
    bench_figure "$what, median (reference ./wreg --version)" "$median" "$reference" ms "$target"
  done
echo "load average after: $(uptime | sed 's/.*load average: //')"
