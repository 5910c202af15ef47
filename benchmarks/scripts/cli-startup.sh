#!/usr/bin/env bash
# Prints how long `wreg --help` takes (issue 18: a newcomer's first command should answer in
# under 300 ms), as medians over N runs, next to its parts measured in the same run:
#   script     ./wreg --help, as a user types it (finding the JDK included)
#   jar        java -XX:+UseSerialGC -jar wreg.jar --help (what ./wreg runs, without finding the JDK)
#   jar+cds    the same with the AppCDS archive the build makes, if there is one
#   java       java -version (the floor: a JVM that does nothing)
# Usage: benchmarks/scripts/cli-startup.sh [N]   (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-15}"
. "$root/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$root/registry-cli/target/wreg.jar"
archive="$root/registry-cli/target/wreg.jsa"
[ -f "$jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }

median_ms() { # command... : prints the median wall time in ms over $runs runs
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "wreg --help start-up, median of $runs runs (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-10s %6s\n' java "$(median_ms "$java" -XX:+UseSerialGC -version)"
printf '  %-10s %6s\n' jar "$(median_ms "$java" -XX:+UseSerialGC -jar "$jar" --help)"
if [ -f "$archive" ]; then
  printf '  %-10s %6s\n' jar+cds \
    "$(median_ms "$java" -XX:+UseSerialGC -XX:SharedArchiveFile="$archive" -jar "$jar" --help)"
fi
printf '  %-10s %6s\n' script "$(median_ms "$root/wreg" --help)"
printf '  %-10s %6s\n' script-env "$(env JAVA_HOME="${JAVA_HOME:-}" "$root/wreg" --help >/dev/null 2>&1; \
  median_ms env JAVA_HOME="${JAVA_HOME:-}" "$root/wreg" --help)"
echo "target: script under 300 ms"
