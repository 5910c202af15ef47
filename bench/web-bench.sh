#!/usr/bin/env bash
# Web pages benchmark (issue "web-ui"): starts the built server on embedded defaults in a
# temporary data directory, publishes a few fixtures through the real ./wreg, and prints
#   1. req/s, p50 and p99 of the package page and the search page (wrk, 32 connections, loopback),
#      each next to the JSON API answering the same question on the same data in the same run;
#   2. the package page's weight: HTML + CSS + JS, excluding the WIT text, as sent (gzip) and
#      unpacked (target <= 60 KB; p99 target <= 50 ms).
# Needs: the build (./mvnw -DskipTests package), wrk, curl and perl. Not a test: figures depend on
# the machine. WREG_BENCH_SECONDS sets each wrk run's length (default 15).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port="${WREG_BENCH_PORT:-18191}"
duration="${WREG_BENCH_SECONDS:-15}"
for tool in wrk curl perl; do
  command -v "$tool" >/dev/null || { echo "web-bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
shared="$here/../shared"
[ -d "$shared/fixtures/wasm" ] || { echo "web-bench: no shared fixtures at $shared" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && { wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

"$java" -Xmx1g -jar "$here/registry-server/target/registry-server.jar" \
  --server.port="$port" --wreg.data-dir="$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -sf "$base/v1/operator" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done

export XDG_CONFIG_HOME="$work/xdg/config" XDG_CACHE_HOME="$work/xdg/cache" XDG_STATE_HOME="$work/xdg/state"
export WREG_REGISTRY="$base" WREG_TOKEN="$(cat "$work/data/bootstrap-token")"
wreg() { "$here/wreg" "$@" >/dev/null 2>&1 || { echo "web-bench: wreg $* failed" >&2; exit 1; }; }
wreg key new
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
)
declare -A rps p50 p99
for target in "${targets[@]}"; do
  name="${target%% *}" url="${target#* }"
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  if [ "$status" != 200 ]; then
    echo "== $name: $url answers $status, skipped"
    continue
  fi
  echo "== $name: $url (wrk -t2 -c32 -d${duration}s)"
  wrk -t2 -c32 -d5s "$url" >/dev/null   # warm-up
  wrk -t2 -c32 -d"${duration}s" --latency "$url" | tee "$work/$name.txt"
  rps[$name]=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p50[$name]=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
  p99[$name]=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
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
for name in package-page package-api search-page search-api; do
  [ -n "${rps[$name]:-}" ] && printf '%-13s %10s req/s  p50 %-9s p99 %s\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}"
done
echo "(targets: pages p99 <= 50 ms)"
awk -v h="$html_bytes" -v hg="$html_gz" -v a="$asset_bytes" -v ag="$asset_gz" 'BEGIN {
  printf "package page weight without WIT: %.1f KB sent (HTML %.1f KB gzip + assets %.1f KB), %.1f KB unpacked (target <= 60 KB)\n",
    (hg + ag) / 1024, hg / 1024, ag / 1024, (h + a) / 1024 }'
