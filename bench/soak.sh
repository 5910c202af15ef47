#!/usr/bin/env bash
# Soak (issue 15 §3): starts the built server on embedded defaults in a temporary data directory and
# drives it with signed publishes, anonymous reads (package API, blob, checkpoint, package and home
# pages, search) and compositions of examples/hello/hello.wasm that are smoke-run, at fixed rates
# for MINUTES (default 30), every answer checked (benchmarks' SoakLoad). Each minute it prints the
# server's RSS and live heap (heap in use right after a full collection it asks for with jcmd);
# at the end the error count and how much RSS and live heap grew after the first fifth of the run.
# Rates default to about half of the peaks bench/registry-bench.sh measures on two cores:
# WREG_SOAK_PUBLISHES (25/s), WREG_SOAK_READS (1000/s), WREG_SOAK_COMPOSITIONS (6/min).
# Needs the build (./mvnw -B -q -DskipTests package), curl. Exit status 1 if any request failed.
# WREG_SOAK_OPEN_LOOP=1: open loop, clients that keep sending at the rates however slow the answers
# (a tick never skipped, as many clients as that takes; a 503 with Retry-After counts as shed, not
# as an error), to drive the server past what it can serve and see that it sheds the excess: then
# 3 minutes (quick: 1) at 150 publishes/s, three times what two cores commit, and 1000 reads/s
# (quick: 40 and 200).
# WREG_BENCH_QUICK=1: one minute at 10 publishes/s, 200 reads/s and 4 compositions/min (proves the
# script runs; the doc test runs it so, beside other work).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
. "$here/bench/lib/server.sh"
if [ -n "${WREG_SOAK_OPEN_LOOP:-}" ] && bench_quick; then
  minutes="${1:-1}" publishes="${WREG_SOAK_PUBLISHES:-40}" reads="${WREG_SOAK_READS:-200}" compositions="${WREG_SOAK_COMPOSITIONS:-4}"
elif [ -n "${WREG_SOAK_OPEN_LOOP:-}" ]; then
  minutes="${1:-3}" publishes="${WREG_SOAK_PUBLISHES:-150}" reads="${WREG_SOAK_READS:-1000}" compositions="${WREG_SOAK_COMPOSITIONS:-6}"
elif bench_quick; then
  minutes="${1:-1}" publishes="${WREG_SOAK_PUBLISHES:-10}" reads="${WREG_SOAK_READS:-200}" compositions="${WREG_SOAK_COMPOSITIONS:-4}"
else
  minutes="${1:-30}" publishes="${WREG_SOAK_PUBLISHES:-25}" reads="${WREG_SOAK_READS:-1000}" compositions="${WREG_SOAK_COMPOSITIONS:-6}"
fi
bench_require curl
port="$(bench_free_port)"
bench_workdir
if [ -n "${WREG_SOAK_OPEN_LOOP:-}" ]; then
  # A shed publish leaves its uploaded blob pending, so the token's pending-upload limit (100 per
  # namespace) would soon refuse the load's uploads instead of the server shedding them.
  WREG_BENCH_SERVER_ARGS="--wreg.policy.max-pending-uploads=0 ${WREG_BENCH_SERVER_ARGS:-}"
fi
bench_start_server 2g
echo "== soak, $minutes min; $(uptime)"
"$java" -cp "$here/benchmarks/target/wreg-benchmarks.jar" dev.wreg.bench.SoakLoad "$base" "$token" "$server_pid" \
  "$here/examples/hello/hello.wasm" "$minutes" "$publishes" "$reads" "$compositions" \
  ${WREG_SOAK_OPEN_LOOP:+open}
echo "== after: $(uptime)"
