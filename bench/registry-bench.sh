#!/usr/bin/env bash
# Registry benchmark (issue "Registry core"): starts the built server on embedded defaults in a
# temporary data directory and prints
#   1. metadata GET req/s with p50/p99 (wrk, 32 connections, loopback),
#   2. 10 MB blob GET throughput next to nginx serving the same file in the same run (ratio),
#   3. signed publishes per second with 8 concurrent clients (benchmarks' PublishLoad).
# Needs: the build (./mvnw -DskipTests package), wrk, nginx and python3 (apt-get install wrk nginx-light).
# Not a test: figures depend on the machine; read them, compare them with the targets in
# docs/benchmarks.md. WREG_BENCH_QUICK=1: 1 s runs and warm-ups (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
. "$here/bench/lib/server.sh"
port="${WREG_BENCH_PORT:-$(bench_free_port)}"
nginx_port="${WREG_BENCH_NGINX_PORT:-$(bench_free_port)}"
# Warm-ups of 20 s: a server just started is still compiling its hot paths for tens of seconds, and
# those compilations on the same two cores show in the first seconds' p99.
if bench_quick; then duration="${WREG_BENCH_SECONDS:-1}" warm=1; else duration="${WREG_BENCH_SECONDS:-15}" warm=20; fi
bench_require wrk nginx curl python3

bench_workdir
bench_start_server 2g

# A real package to read: hello.wasm published through the real CLI.
bench_cli_env
"$here/wreg" namespace claim example >/dev/null 2>&1
"$here/wreg" publish "$here/examples/hello/hello.wasm" --package example:hello --version 0.1.0 >/dev/null 2>&1

echo "== metadata GET /v1/packages/example:hello (wrk -t2 -c32 -d${duration}s)"
wrk -t2 -c32 -d"${warm}s" "$base/v1/packages/example:hello" >/dev/null   # warm-up
wrk -t2 -c32 -d"${duration}s" --latency "$base/v1/packages/example:hello" | tee "$work/meta.txt"
meta_rps=$(bench_rps "$work/meta.txt")
meta_p50=$(bench_percentile "$work/meta.txt" 50)
meta_p99=$(bench_percentile "$work/meta.txt" 99)

# Measured in turns, wreg nginx nginx wreg, half the duration each, each side warmed first: with
# one run each, whichever came second met a hotter or busier machine (the ratio moved between 0.83
# and 1.08 from run to run). Each side's figure is the mean of its two turns.
half=$(( (duration + 1) / 2 ))
echo "== 10 MB blob GET: wreg vs nginx (wrk -t2 -c32, turns of ${half}s: wreg nginx nginx wreg)"
mkdir -p "$work/www"
# Blobs must be WebAssembly: the component preamble, then random bytes to 10 MB.
{ printf '\x00asm\x0d\x00\x01\x00'; head -c 10485752 /dev/urandom; } >"$work/www/blob.bin"
digest="sha256:$(sha256sum "$work/www/blob.bin" | cut -d' ' -f1)"
curl -sf -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/octet-stream" \
  --data-binary @"$work/www/blob.bin" "$base/v1/blobs/$digest" >/dev/null
bench_start_nginx
wreg_blob="$base/v1/blobs/$digest"
nginx_blob="http://127.0.0.1:$nginx_port/blob.bin"
wrk -t2 -c32 -d"${warm}s" "$wreg_blob" >/dev/null   # warm-up
wrk -t2 -c32 -d"${warm}s" "$nginx_blob" >/dev/null   # warm-up
turn=0
for side in wreg nginx nginx wreg; do
  turn=$((turn + 1))
  if [ "$side" = wreg ]; then url="$wreg_blob"; else url="$nginx_blob"; fi
  echo "-- turn $turn: $side"
  wrk -t2 -c32 -d"${half}s" "$url" | tee "$work/blob-$side-$turn.txt"
done
blob_mean() { # the mean MB/s of one side's turns
  local total=0 n=0 f
  for f in "$work"/blob-"$1"-*.txt; do total=$(awk -v t="$total" -v v="$(bench_mb_per_s "$f")" 'BEGIN { print t + v }'); n=$((n + 1)); done
  awk -v t="$total" -v n="$n" 'BEGIN { printf "%.1f", t / n }'
}
wreg_mb=$(blob_mean wreg)
nginx_mb=$(blob_mean nginx)
echo "turns (MB/s): wreg $(for f in "$work"/blob-wreg-*.txt; do printf '%s ' "$(bench_mb_per_s "$f")"; done)nginx $(for f in "$work"/blob-nginx-*.txt; do printf '%s ' "$(bench_mb_per_s "$f")"; done)"

# The publish path warms up for 60 s (quick: 1 s) first: see PublishLoad for why.
if bench_quick; then publish_warm=1; else publish_warm="${WREG_BENCH_PUBLISH_WARMUP:-60}"; fi
echo "== signed publishes, 8 concurrent clients (${duration}s, after ${publish_warm}s of warm-up)"
publish_out=$("$java" -cp "$here/benchmarks/target/wreg-benchmarks.jar" dev.wreg.bench.PublishLoad \
  "$base" "$token" 8 "$duration" "$publish_warm")
echo "$publish_out"
publish_line=$(grep '^publish:' <<<"$publish_out")

echo
echo "== figures ($(uptime | sed 's/.*load average/load average/'))"
echo "metadata GET: $meta_rps req/s, p50 $meta_p50, p99 $meta_p99 (target >= 3000 req/s, p99 <= 20 ms)"
awk -v w="$wreg_mb" -v n="$nginx_mb" 'BEGIN { printf "10 MB blob GET: wreg %s MB/s, nginx %s MB/s, ratio %.2f (target >= 0.90)\n", w, n, (n > 0 ? w / n : 0) }'
echo "$publish_line (target >= 100 publishes/s, p99 <= 250 ms)"
bench_figure "metadata GET req/s" "$meta_rps" - req/s ">= 3000"
bench_figure "metadata GET p99" "$(bench_to_ms "$meta_p99")" - ms "<= 20"
bench_figure "10 MB blob GET /v1/ (reference nginx)" "$wreg_mb" "$nginx_mb" MB/s "ratio >= 0.9"
bench_figure "signed publishes, 8 clients" "$(sed -E 's/.*= ([0-9.]+) publishes\/s.*/\1/' <<<"$publish_line")" - publishes/s ">= 100"
bench_figure "signed publish p99, 8 clients" "$(sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<<"$publish_line")" - ms "<= 250"
