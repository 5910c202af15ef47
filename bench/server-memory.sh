#!/usr/bin/env bash
# Resident memory of the registry server under hostile compositions (issue 20). Starts the server
# jar twice with -Xmx1g: once as the server allowed before (1 GiB of guest memory per smoke run,
# three jobs at once) and once on its defaults, and prints each one's idle and peak RSS beside the
# other, with the JVM's native-memory summary. Needs the build
# (./mvnw -B -q -DskipTests package -pl registry-server,benchmarks -am).
# Not a test: figures depend on the machine (print `uptime` beside them). The argument is the
# number of rounds of hostile compositions (default 2; 1 with WREG_BENCH_QUICK=1, which also cuts the
# smoke runs' time limit from 10 s to 2 s, so that the endless loops end sooner: proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
if bench_quick; then rounds="${1:-1}" options=(--wreg.compositions.smoke-run.timeout=2s); else rounds="${1:-2}" options=(); fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
uptime
"$java" -cp "$here/benchmarks/target/wreg-benchmarks.jar" dev.wreg.bench.ServerMemory \
  "$here/registry-server/target/registry-server.jar" "$rounds" ${options[@]+"${options[@]}"} | tee "$out"
uptime
# "<configuration>   <idle> MiB   <peak> MiB   <failed> / <jobs>": defaults against the reference.
peak() { sed -n -E "s/^$1:.* ([0-9]+) MiB +([0-9]+) MiB .*/\2/p" "$out"; }
bench_figure "server peak RSS under hostile compositions (reference: 1 GiB per smoke run, 3 at once)" \
  "$(peak defaults)" "$(peak reference)" MiB -
