#!/usr/bin/env bash
# OCI benchmark (issue "OCI distribution API"): starts the built server on embedded defaults in a
# temporary data directory and prints, each next to its reference measured in the same run,
#   1. manifest GET /v2/example/hello/manifests/0.1.0 req/s and p99, next to the JSON package
#      view GET /v1/packages/example:hello (wrk, 32 connections, loopback);
#   2. a 10 MB component's blob GET through /v2/ next to nginx serving the same file (ratio).
# Needs: the build (./mvnw -DskipTests package), wrk and nginx (apt-get install wrk nginx-light).
# Not a test: figures depend on the machine; report them with the load average it prints.
# WREG_BENCH_QUICK=1: 1 s runs and warm-ups (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
. "$here/bench/lib/server.sh"
port="${WREG_BENCH_PORT:-$(bench_free_port)}"
nginx_port="${WREG_BENCH_NGINX_PORT:-$(bench_free_port)}"
if bench_quick; then duration="${WREG_BENCH_SECONDS:-1}" warm=1; else duration="${WREG_BENCH_SECONDS:-15}" warm=5; fi
hello="${WREG_BENCH_COMPONENT:-$here/examples/hello/hello.wasm}"
bench_require wrk nginx curl python3
[ -f "$hello" ] || { echo "bench: no component at $hello (set WREG_BENCH_COMPONENT)" >&2; exit 2; }

bench_workdir
bench_start_server 2g
bench_cli_env
"$here/wreg" namespace claim example >/dev/null 2>&1
"$here/wreg" publish "$hello" --package example:hello --version 0.1.0 >/dev/null 2>&1

# A valid 10 MB component: the component preamble and one custom section of 10 MB.
mkdir -p "$work/www"
python3 - "$work/www/big.wasm" <<'PY'
import sys
name = b"bench"
payload = bytes(range(256)) * (10 * 1024 * 1024 // 256)
body = bytes([len(name)]) + name + payload
size, leb = len(body), bytearray()
while True:
    byte, size = size & 0x7F, size >> 7
    leb.append(byte | (0x80 if size else 0))
    if not size:
        break
open(sys.argv[1], "wb").write(b"\0asm\x0d\0\x01\0" + b"\0" + bytes(leb) + body)
PY
"$here/wreg" publish "$work/www/big.wasm" --package example:big --version 1.0.0 >/dev/null 2>&1
big="sha256:$(sha256sum "$work/www/big.wasm" | cut -d' ' -f1)"

echo "== manifest GET through /v2/ vs the JSON package view (wrk -t2 -c32 -d${duration}s each)"
curl -sf "$base/v2/example/hello/manifests/0.1.0" >/dev/null   # stores the manifest
wrk -t2 -c32 -d"${warm}s" "$base/v2/example/hello/manifests/0.1.0" >/dev/null   # warm-up
wrk -t2 -c32 -d"${warm}s" "$base/v1/packages/example:hello" >/dev/null
wrk -t2 -c32 -d"${duration}s" --latency "$base/v2/example/hello/manifests/0.1.0" | tee "$work/manifest.txt"
wrk -t2 -c32 -d"${duration}s" --latency "$base/v1/packages/example:hello" | tee "$work/view.txt"

echo "== 10 MB blob GET through /v2/ vs nginx (wrk -t2 -c32 -d${duration}s each)"
bench_start_nginx
wrk -t2 -c32 -d"${warm}s" "$base/v2/example/big/blobs/$big" >/dev/null   # warm-up
wrk -t2 -c32 -d"${duration}s" "$base/v2/example/big/blobs/$big" | tee "$work/blob-wreg.txt"
wrk -t2 -c32 -d"${duration}s" "http://127.0.0.1:$nginx_port/big.wasm" | tee "$work/blob-nginx.txt"
wrk -t2 -c32 -d"${duration}s" "$base/v1/blobs/$big" | tee "$work/blob-v1.txt"
wreg_mb=$(bench_mb_per_s "$work/blob-wreg.txt")
nginx_mb=$(bench_mb_per_s "$work/blob-nginx.txt")
v1_mb=$(bench_mb_per_s "$work/blob-v1.txt")

echo
echo "== figures ($(uptime | sed 's/.*load average/load average/'))"
echo "manifest GET /v2/: $(bench_rps "$work/manifest.txt") req/s, p99 $(bench_percentile "$work/manifest.txt" 99);" \
  "JSON package view /v1/: $(bench_rps "$work/view.txt") req/s, p99 $(bench_percentile "$work/view.txt" 99)"
awk -v w="$wreg_mb" -v n="$nginx_mb" -v v="$v1_mb" 'BEGIN { printf "10 MB blob GET /v2/: wreg %s MB/s, nginx %s MB/s, ratio %.2f (target >= 0.90); same blob from /v1/blobs: %s MB/s\n", w, n, (n > 0 ? w / n : 0), v }'
bench_figure "OCI manifest GET req/s (reference JSON view)" "$(bench_rps "$work/manifest.txt")" "$(bench_rps "$work/view.txt")" req/s -
bench_figure "OCI manifest GET p99 (reference JSON view)" "$(bench_to_ms "$(bench_percentile "$work/manifest.txt" 99)")" \
  "$(bench_to_ms "$(bench_percentile "$work/view.txt" 99)")" ms -
bench_figure "10 MB blob GET /v2/ (reference nginx)" "$wreg_mb" "$nginx_mb" MB/s "ratio >= 0.9"
