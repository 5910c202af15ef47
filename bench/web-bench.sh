#!/usr/bin/env bash
# Web pages benchmark (issue "web-ui"): starts the built server on embedded defaults in a
# temporary data directory, publishes a few fixtures through the real ./wreg, and prints
#   1. req/s, p50 and p99 of the package page, the search page (by text and by exported interface)
#      and the interface page (wrk, 32 connections, loopback), each next to the JSON API answering
#      the same question on the same data in the same run (the pages call the same SearchService);
#   2. the package page's weight: HTML + CSS + JS, excluding the WIT text, as sent (gzip) and
#      unpacked (target <= 60 KB; p99 target <= 50 ms).
# Needs: the build (./mvnw -DskipTests package), wrk, curl, perl and python3. Not a test: figures depend on
# the machine. WREG_BENCH_SECONDS sets each wrk run's length (default 15); WREG_BENCH_QUICK=1: 1 s
# runs and warm-ups (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
. "$here/bench/lib/server.sh"
port="${WREG_BENCH_PORT:-$(bench_free_port)}"
if bench_quick; then duration="${WREG_BENCH_SECONDS:-1}" warm=1; else duration="${WREG_BENCH_SECONDS:-15}" warm=5; fi
bench_require wrk curl perl python3
shared="${WREG_SHARED:-$here/../shared}"
[ -d "$shared/fixtures/wasm" ] || { echo "web-bench: no shared fixtures at $shared" >&2; exit 1; }

bench_workdir
bench_start_server 1g
bench_cli_env
wreg() { "$here/wreg" "$@" >/dev/null 2>&1 || { echo "web-bench: wreg $* failed" >&2; exit 1; }; }
wreg namespace claim calc
wreg namespace claim example
wreg publish "$shared/fixtures/wasm/calc-provider-1.0.0.wasm" --package calc:provider --version 1.0.0
wreg publish "$shared/fixtures/wasm/calc-provider-1.1.0.wasm" --package calc:provider --version 1.1.0
wreg publish "$shared/fixtures/wasm/calc-consumer-1.1.0.wasm" --package calc:consumer --version 1.1.0
wreg publish "$shared/fixtures/wasm/hello.wasm" --package example:hello --version 0.1.0

# name  URL  (the page first, then the JSON API with the same data)
targets=(
  "package-page $base/packages/calc/provider"
  "package-api $base/v1/packages/calc:provider"
  "search-page $base/search?q=calc"
  "search-api $base/v1/search?q=calc"
  "exports-page $base/search?q=exports%3Aexample%3Acalc%2Fops"
  "exports-api $base/v1/search?exports=example%3Acalc%2Fops"
  "iface-page $base/interfaces/example:calc/ops"
  "iface-api $base/v1/interfaces/example:calc/ops"
)
declare -A rps p50 p99
# Every target is warmed up before any is measured, so that the first one measured does not pay
# for compiling the code all of them share (the filters, Tomcat, the JSON and HTML writers).
for target in "${targets[@]}"; do
  wrk -t2 -c32 -d"${warm}s" "${target#* }" >/dev/null
done
for target in "${targets[@]}"; do
  name="${target%% *}" url="${target#* }"
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  if [ "$status" != 200 ]; then
    echo "== $name: $url answers $status, skipped"
    continue
  fi
  echo "== $name: $url (wrk -t2 -c32 -d${duration}s)"
  wrk -t2 -c32 -d"${warm}s" "$url" >/dev/null   # warm-up
  wrk -t2 -c32 -d"${duration}s" --latency "$url" | tee "$work/$name.txt"
  rps[$name]=$(bench_rps "$work/$name.txt")
  p50[$name]=$(bench_percentile "$work/$name.txt" 50)
  p99[$name]=$(bench_percentile "$work/$name.txt" 99)
done

# Page weight: the package page's HTML without the text inside <pre class="wit">, plus the
# stylesheet and scripts it loads; sent as the browser asks for it (gzip) and unpacked.
page="$base/packages/calc/provider"
curl -s "$page" >"$work/page.html"
perl -0pe 's{(<pre class="wit"><code>).*?(</code></pre>)}{$1$2}s' "$work/page.html" >"$work/page-nowit.html"
html_bytes=$(wc -c <"$work/page-nowit.html")
html_gz=$(gzip -c "$work/page-nowit.html" | wc -c)
asset_bytes=0 asset_gz=0
for asset in $(perl -ne 'print "$1\n" while /(?:href|src)="(\/(?:assets|webjars)\/[^"]+)"/g' "$work/page.html"); do
  raw=$(curl -s "$base$asset" | wc -c)
  sent=$(curl -s -H 'Accept-Encoding: gzip' "$base$asset" | wc -c)
  asset_bytes=$((asset_bytes + raw)) asset_gz=$((asset_gz + sent))
  echo "asset $asset: $raw bytes, $sent sent"
done

echo
echo "== figures ($(nproc) cores, load average:$(uptime | sed 's/.*load average://'))"
for name in package-page package-api search-page search-api exports-page exports-api iface-page iface-api; do
  [ -n "${rps[$name]:-}" ] && printf '%-13s %10s req/s  p50 %-9s p99 %s\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}"
done
echo "(targets: pages p99 <= 50 ms)"
awk -v h="$html_bytes" -v hg="$html_gz" -v a="$asset_bytes" -v ag="$asset_gz" 'BEGIN {
  printf "package page weight without WIT: %.1f KB sent (HTML %.1f KB gzip + assets %.1f KB), %.1f KB unpacked (target <= 60 KB)\n",
    (hg + ag) / 1024, hg / 1024, ag / 1024, (h + a) / 1024 }'
for page in package search exports iface; do
  [ -n "${p99[$page-page]:-}" ] || { echo "web-bench: no figure for the $page page" >&2; exit 1; }
  bench_figure "web $page page p99 (reference JSON API)" "$(bench_to_ms "${p99[$page-page]}")" \
    "$(bench_to_ms "${p99[$page-api]:-}")" ms "<= 50"
done
bench_figure "web package page weight without WIT, unpacked" "$(awk -v h="$html_bytes" -v a="$asset_bytes" 'BEGIN { printf "%.1f", (h + a) / 1024 }')" - KB "<= 60"
