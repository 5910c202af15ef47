# Sourced by the benchmark scripts that run the built registry server: one way to pick a free
# port, start the server in a temporary data directory, wait for it, point the real ./wreg at it,
# serve a directory with nginx for comparison, and read wrk's figures. Expects `here` (the
# project root) and `java` to be set, and `set -euo pipefail` in the caller.

# A free loopback port (the kernel picks it; another process may still take it before we bind).
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Exits with status 2 and one line naming what is missing unless every tool given is installed.
bench_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $*)" >&2; exit 2; }
  done
}

# Creates the run's temporary directory `work` and removes it, and stops the server and nginx
# started through these functions, when the script exits.
bench_workdir() {
  work="$(mktemp -d)"
  server_pid="" nginx_pid=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}

# Starts the built server on embedded defaults on `port` with the given heap (e.g. 2g), data in
# $work/data, and waits until `ready_path` (default /v1/operator) answers. Sets `server_pid`,
# `base` and `token` (the bootstrap token). WREG_BENCH_SERVER_ARGS adds server options, to compare
# settings in otherwise equal runs (e.g. WREG_BENCH_SERVER_ARGS=--wreg.blobs.send-buffer-size=4MB).
bench_start_server() {
  local heap="$1" ready_path="${2:-/v1/operator}"
  "$java" -Xmx"$heap" -jar "$here/registry-server/target/registry-server.jar" \
    --server.port="$port" --wreg.data-dir="$work/data" ${WREG_BENCH_SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  local _
  for _ in $(seq 1 300); do
    curl -sf "$base$ready_path" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 1
  done
  token="$(cat "$work/data/bootstrap-token")"
}

# Points the real ./wreg at the started server with the bootstrap token and a configuration of
# its own under $work, and gives it a signing key.
bench_cli_env() {
  export XDG_CONFIG_HOME="$work/xdg/config" XDG_CACHE_HOME="$work/xdg/cache" XDG_STATE_HOME="$work/xdg/state"
  export WREG_REGISTRY="$base" WREG_TOKEN="$token"
  "$here/wreg" key new >/dev/null 2>&1
}

# Serves $work/www with nginx on `nginx_port` (sendfile, no access log) in the background.
bench_start_nginx() {
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
}

# wrk's figures from a saved report: requests per second, a latency percentile (50 or 99, needs
# --latency), and the transfer rate in MB/s.
bench_rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
bench_percentile() { awk -v p="$2%" '$1==p {print $2}' "$1"; }
bench_mb_per_s() {
  awk '/Transfer\/sec/ {v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
    if (u=="GB") n*=1024; else if (u=="KB") n/=1024; printf "%.1f", n}' "$1"
}
