#!/usr/bin/env bash
# Transparency-log benchmark (issue 5). Prints
#   1. inclusion and consistency proof generation at 10^6 entries (JMH LogBenchmark; target
#      <= 1 ms each), the tile writer's integration throughput (entries/s), and the CPU a
#      synchronous publish spends on its checkpoint (append one entry, sign, prove; p50/p99);
#   2. the latency a checkpoint adds to a publish on the real server (LogLatency: a new record vs
#      the same envelope replayed; 1 client, then 8 concurrent clients), p50/p99.
# Needs the build (./mvnw -DskipTests package -pl registry-server,benchmarks -am), curl and python3.
# Not a test: figures depend on the machine. WREG_BENCH_QUICK=1 runs one short JMH iteration of
# each on a smaller log, and fewer publishes (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
. "$here/bench/lib/server.sh"
port="${WREG_BENCH_PORT:-$(bench_free_port)}"
jar="$here/benchmarks/target/wreg-benchmarks.jar"
if bench_quick; then
  # bench_jmh: one short iteration of each, in one JVM, on a log of 10^5 entries (10^6 takes
  # seconds to build); 8 publishes (8 clients: one each).
  jmh=(-p size=100000) publishes=8
else
  jmh=(-f 1 -wi 3 -w 2s -i 5 -r 3s) publishes=300
fi

bench_workdir
echo "== proofs at 10^6 entries, integration throughput, checkpoint CPU per publish (JMH)"
bench_jmh "$jar" -Xmx3g LogBenchmark "${jmh[@]}" -rf csv -rff "$work/jmh.csv" \
  | grep -E "^Benchmark|^LogBenchmark|Exception|^\s+at " || true
bench_jmh_figures "$work/jmh.csv" "inclusionProof|<= 1000" "consistencyProof|<= 1000"

bench_start_server 1g /log/checkpoint

echo "== latency a checkpoint adds to a publish (real server, loopback)"
for clients in 1 8; do
  line=$("$java" -cp "$jar" dev.wreg.bench.LogLatency "$base" "$token" "$clients" $((publishes / clients)))
  echo "$line"
  # "publish p50 A ms p99 B ms; idempotent replay p50 C ms p99 D ms; ..."
  read -r publish replay < <(sed -E 's/.*publish p50 [0-9.]+ ms p99 ([0-9.]+) ms; idempotent replay p50 [0-9.]+ ms p99 ([0-9.]+) ms.*/\1 \2/' <<<"$line")
  bench_figure "log: publish p99, $clients client(s) (reference: the same record replayed)" "$publish" "$replay" ms -
done
