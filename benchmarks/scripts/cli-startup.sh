#!/usr/bin/env bash
# Prints how long the quick wreg commands take (issue 18: `wreg --help` answers in under 300 ms),
# median and p90 wall time over N interleaved runs, with the CPU time (user + system, median),
# next to the reference measured in the same run:
#   java -version         the floor: a JVM that starts and does nothing (same GC flag as ./wreg)
#   wreg --help           as a user types it: ./wreg (finding the JDK included) and the jar
#   wreg --version
#   wreg pubish           a usage error (a typo answered with the nearest command)
#   jar --help, no CDS    java -jar wreg.jar --help without the build's class-data archive
# On a busy machine the wall times grow with the load (printed); the CPU times much less.
# Usage: benchmarks/scripts/cli-startup.sh [N]   (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-21}"
. "$root/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$root/registry-cli/target/wreg.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A home of its own: nothing the user configured changes what is measured.
export HOME="$work/home"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME WREG_REGISTRY WREG_TOKEN
mkdir -p "$HOME"

names=(java-version wreg-help wreg-version wreg-usage-error jar-help-no-cds)
command_of() {
  case $1 in
    java-version) echo "$java -XX:+UseSerialGC -version" ;;
    wreg-help) echo "$root/wreg --help" ;;
    wreg-version) echo "$root/wreg --version" ;;
    wreg-usage-error) echo "$root/wreg pubish" ;;
    jar-help-no-cds) echo "$java -XX:+UseSerialGC -Xshare:auto -jar $jar --help" ;;
  esac
}
# Warm the page cache once, so the first measured run is not the only one reading from disk.
for name in "${names[@]}"; do $(command_of "$name") >/dev/null 2>&1 || true; done

TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
  for name in "${names[@]}"; do
    # The command's own exit status does not matter (the usage error exits 2).
    { time $(command_of "$name") >/dev/null 2>&1 || true; } 2>>"$work/$name.times"
  done
done

percentile() { # P: the P-th percentile (nearest rank) of the numbers on stdin
  sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}'
}
echo "wreg start-up, $runs interleaved runs each (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-18s %8s %8s %8s\n' command median p90 cpu
for name in "${names[@]}"; do
  wall=$(awk '{printf "%d\n", $1 * 1000}' "$work/$name.times")
  cpu=$(awk '{printf "%d\n", ($2 + $3) * 1000}' "$work/$name.times")
  printf '  %-18s %8s %8s %8s\n' "$name" "$(percentile 50 <<<"$wall")" "$(percentile 90 <<<"$wall")" \
    "$(percentile 50 <<<"$cpu")"
done
echo "target: wreg-help median under 300 ms on a quiet machine (java-version is the floor)"
