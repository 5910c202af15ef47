#!/usr/bin/env bash
# Prints how long `wreg fetch` takes cold and warm (issue 18: a warm fetch should be faster), as
# medians over N interleaved runs of each against a registry server started here on a free port
# with a temporary data directory (stopped at the end):
#   cold        a first fetch: no blob cache and no verified state (keys pinned on first use, every
#               record read, replayed and proven included, the blob downloaded)
#   cold blobs  the verified state kept, the blob cache emptied (the blob downloaded again)
#   warm        both kept: the blob re-hashed from the cache, only records after the verified ones
#               read, no inclusion proof asked again
# The package is a WIT package encoded as a component by `wreg wit --wasm`, padded to SIZE_KB with
# a custom section's worth of doc comments, so no outside files are needed, published as RELEASES
# versions (its history has that many records).
# Usage: benchmarks/scripts/fetch-warm-cold.sh [N] [SIZE_KB] [RELEASES]
# (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
size_kb="${2:-512}"
releases="${3:-5}"
. "$root/.mvn/find-jdk.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$java" -XX:+UseSerialGC -Xmx512m -jar "$root/registry-server/target/registry-server.jar" \
  --server.port="$port" --wreg.data-dir="$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1200); do   # a busy machine can take minutes to start it
  curl -fsS "http://127.0.0.1:$port/v1/operator" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

export HOME="$work/home" WREG_REGISTRY="http://127.0.0.1:$port"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME WREG_TOKEN
mkdir -p "$HOME"
wreg() { "$root/wreg" "$@"; }
wreg key new >/dev/null 2>&1
wreg login --token-stdin <"$work/data/bootstrap-token" 2>/dev/null
wreg namespace claim bench >/dev/null 2>&1
{
  echo "package bench:blob@1.0.0;"
  echo "interface padding {"
  # Doc comments travel in the encoded package, which makes the blob as large as asked.
  for i in $(seq $(( size_kb * 1024 / 100 ))); do printf '  /// %095d\n' "$i"; done
  echo "  f: func();"
  echo "}"
} >"$work/blob.wit"
wreg wit "$work/blob.wit" --wasm -o "$work/blob.wasm"
for minor in $(seq 0 $(( releases - 1 ))); do
  wreg publish "$work/blob.wasm" --package bench:blob --version "1.$minor.0" >/dev/null 2>&1
done

# A failed command is timed too (it would look fast): it leaves a mark that fails the script below.
ms() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>>"$work/errors" || touch "$work/failed"
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cold=() cold_blobs=() warm=()
cd "$work"
for _ in $(seq "$runs"); do
  rm -rf "$HOME/.cache/wreg" "$HOME/.local/state/wreg"
  cold+=("$(ms wreg fetch bench:blob -o out.wasm)")
  warm+=("$(ms wreg fetch bench:blob -o out.wasm)")
  rm -rf "$HOME/.cache/wreg"
  cold_blobs+=("$(ms wreg fetch bench:blob -o out.wasm)")
done
[ ! -e "$work/failed" ] || { echo "bench: a fetch failed:" >&2; tail -5 "$work/errors" >&2; exit 1; }
cmp -s out.wasm "$work/blob.wasm" || { echo "bench: the fetched blob differs from the published one" >&2; exit 1; }
echo "wreg fetch of a $(stat -c %s "$work/blob.wasm")-byte release of a package with $releases releases," \
  "median of $runs runs (ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  cold (no cache, no state) $(printf '%s\n' "${cold[@]}" | median)"
echo "  cold blob cache           $(printf '%s\n' "${cold_blobs[@]}" | median)"
echo "  warm (cache and state)    $(printf '%s\n' "${warm[@]}" | median)"
