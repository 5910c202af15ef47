#!/usr/bin/env bash
# Registry benchmark (issue "Registry core"): starts the built server on embedded defaults in a
# temporary data directory and prints
#   1. metadata GET req/s with p50/p99 (wrk, 32 connections, loopback),
#   2. 10 MB blob GET throughput next to nginx serving the same file in the same run (ratio),
#   3. signed publishes per second with 8 concurrent clients (benchmarks' PublishLoad).
# Needs: the build (./mvnw -DskipTests package), wrk and nginx (apt-get install wrk nginx-light).
# Not a test: figures depend on the machine; read them, compare them with the targets in
# docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port="${WREG_BENCH_PORT:-18181}"
nginx_port="${WREG_BENCH_NGINX_PORT:-18182}"
duration="${WREG_BENCH_SECONDS:-15}"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light curl)" >&2; exit 2; }
done

work="$(mktemp -d)"
server_pid="" nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$java" -Xmx2g -jar "$here/registry-server/target/registry-server.jar" \
  --server.port="$port" --wreg.data-dir="$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -sf "$base/v1/operator" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done
token="$(cat "$work/data/bootstrap-token")"

# A real package to read: hello.wasm published through the real CLI.
export XDG_CONFIG_HOME="$work/xdg/config" XDG_CACHE_HOME="$work/xdg/cache" XDG_STATE_HOME="$work/xdg/state"
export WREG_REGISTRY="$base" WREG_TOKEN="$token"
"$here/wreg" key new >/dev/null 2>&1
"$here/wreg" namespace claim example >/dev/null 2>&1
"$here/wreg" publish "$here/../shared/fixtures/wasm/hello.wasm" --package example:hello --version 0.1.0 >/dev/null 2>&1

echo "== metadata GET /v1/packages/example:hello (wrk -t2 -c32 -d${duration}s)"
wrk -t2 -c32 -d5s "$base/v1/packages/example:hello" >/dev/null   # warm-up
wrk -t2 -c32 -d"${duration}s" --latency "$base/v1/packages/example:hello" | tee "$work/meta.txt"
meta_rps=$(awk '/Requests\/sec/ {print $2}' "$work/meta.txt")
meta_p50=$(awk '$1=="50%" {print $2}' "$work/meta.txt")
meta_p99=$(awk '$1=="99%" {print $2}' "$work/meta.txt")

echo "== 10 MB blob GET: wreg vs nginx (wrk -t2 -c32 -d${duration}s each)"
mkdir -p "$work/www"
head -c 10485760 /dev/urandom >"$work/www/blob.bin"
digest="sha256:$(sha256sum "$work/www/blob.bin" | cut -d' ' -f1)"
curl -sf -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/octet-stream" \
  --data-binary @"$work/www/blob.bin" "$base/v1/blobs/$digest" >/dev/null
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
user root;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
sleep 1
wrk -t2 -c32 -d5s "$base/v1/blobs/$digest" >/dev/null   # warm-up
wrk -t2 -c32 -d"${duration}s" "$base/v1/blobs/$digest" | tee "$work/blob-wreg.txt"
wrk -t2 -c32 -d"${duration}s" "http://127.0.0.1:$nginx_port/blob.bin" | tee "$work/blob-nginx.txt"
to_mb() { awk '/Transfer\/sec/ {v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
  if (u=="GB") n*=1024; else if (u=="KB") n/=1024; printf "%.1f", n}' "$1"; }
wreg_mb=$(to_mb "$work/blob-wreg.txt")
nginx_mb=$(to_mb "$work/blob-nginx.txt")

echo "== signed publishes, 8 concurrent clients (${duration}s)"
publish_line=$("$java" -cp "$here/benchmarks/target/wreg-benchmarks.jar" dev.wreg.bench.PublishLoad \
  "$base" "$token" 8 "$duration")
echo "$publish_line"

echo
echo "== figures"
echo "metadata GET: $meta_rps req/s, p50 $meta_p50, p99 $meta_p99 (target >= 3000 req/s, p99 <= 20 ms)"
awk -v w="$wreg_mb" -v n="$nginx_mb" 'BEGIN { printf "10 MB blob GET: wreg %s MB/s, nginx %s MB/s, ratio %.2f (target >= 0.70)\n", w, n, (n > 0 ? w / n : 0) }'
echo "$publish_line (target >= 100 publishes/s)"
