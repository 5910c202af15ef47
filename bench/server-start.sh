#!/usr/bin/env bash
# Server start-up time (issue 18 §3: cold start to ready <= 5 s on embedded defaults with an
# existing data directory). Creates a data directory once (first start, not counted) and lets
# ./wreg-server make its start-up cache (its first start and stop, timed separately), then starts
# the server RUNS times (default 3) each way, alternating, and prints the time from launch to the
# first 200 of GET /v1/operator with where it went (JVM to Spring's first line, Spring to Flyway
# (context set-up and waiting for the database), Flyway, the rest of the beans up to Tomcat, then
# to Spring's "Started"; and the spans of PostgreSQL's start and Hibernate's bootstrap, which may
# run beside the context):
#   reference  java -jar registry-server.jar with the previous settings (Hibernate's schema check
#              and JDBC metadata at every start, repositories bootstrapped in line, PostgreSQL
#              started when the context asks for it), no CDS;
#   cds          the unpacked jar with a class-data archive (what ./wreg-server ran before its
#                ahead-of-time cache), current settings;
#   wreg-server  ./wreg-server as it is (unpacked jar with the JDK 25 ahead-of-time cache and the
#                Spring context prepared at build time, current settings).
# Needs the build (./mvnw -B -q -DskipTests package -pl registry-server -am) and curl.
# Not a test: figures depend on the machine (the load average is printed beside them).
# WREG_BENCH_QUICK=1: one run each way (or as many as the argument says), and no start of its own
# for the data directory or the class-data archive: the training start creates the one, the first
# measured start of `cds` the other (proves the script runs; those figures then include that work).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
if bench_quick; then runs="${1:-1}"; else runs="${1:-3}"; fi
jar="$here/registry-server/target/registry-server.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# Phase markers are below the default log level: turn them on for the measurement.
phases=(--logging.level.dev.wreg.server.database=DEBUG --logging.level.org.flywaydb=INFO
  --logging.level.org.hibernate.orm.jpa=INFO --logging.level.org.springframework.orm.jpa=INFO
  --logging.level.org.springframework.boot.tomcat=INFO --spring.main.log-startup-info=true)
reference=(--spring.jpa.hibernate.ddl-auto=validate
  --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=true
  --spring.data.jpa.repositories.bootstrap-mode=default
  --wreg.embedded-postgres.head-start=false)

# start LABEL LOG command... : runs until GET /v1/operator answers 200, prints the figures, stops it.
start() {
  local label=$1 log=$2; shift 2
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  "$@" --server.port="$port" --wreg.data-dir="$work/data" "${phases[@]}" >"$log" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/v1/operator"; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: the server died; see its log:"; tail -20 "$log"; exit 1; }
    sleep 0.05
  done
  local ready=$(( ($(date +%s%N) - t0) / 1000000 ))
  # The banner follows the first answer by a moment (ApplicationReadyEvent): let it print.
  for _ in $(seq 1 600); do grep -q "registry server ready in" "$log" && break; sleep 0.1; done
  kill "$pid"; wait "$pid" || true
  python3 - "$label" "$ready" "$log" <<'PY'
import re, sys, datetime
label, ready, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
marks = {}
def at(line):
    return datetime.datetime.fromisoformat(line[:23].replace('Z', '')).timestamp()
for line in open(log, errors='replace'):
    for key, pattern in [('spring', 'Starting (AOT-processed )?RegistryServerApplication'), ('pg0', 'Starting embedded PostgreSQL'),
                         ('pg1', r'Embedded PostgreSQL \(pid'), ('fly0', r'FlywayExecutor.*Database:'),
                         ('fly1', r'Schema .* is up to date|Successfully applied'),
                         ('hib0', 'HHH008540|Processing PersistenceUnitInfo'), ('hib1', 'Initialized JPA EntityManagerFactory'),
                         ('tomcat', 'Tomcat started'), ('started', 'Started RegistryServerApplication')]:
        if key not in marks and re.search(pattern, line) and re.match(r'\d{4}-', line):
            marks[key] = at(line)
    m = re.search(r'process running for ([\d.]+)', line)
    if m: marks['jvm_total'] = float(m.group(1))
def d(a, b):
    return f"{(marks[b] - marks[a]) * 1000:6.0f}" if a in marks and b in marks else "     -"
jvm = marks['jvm_total'] * 1000 - (marks['started'] - marks['spring']) * 1000 if 'jvm_total' in marks and 'started' in marks and 'spring' in marks else None
jvm = "     -" if jvm is None else f"{jvm:6.0f}"
# PostgreSQL and Hibernate may run beside the context (head start, deferred JPA): their own spans.
print(f"{label:12s} ready {ready:6d} ms | JVM→Spring {jvm} | Spring→Flyway {d('spring','fly0')}"
      f" | Flyway {d('fly0','fly1')} | Flyway→Tomcat {d('fly1','tomcat')} | Tomcat→ready {d('tomcat','started')}"
      f" || within: PostgreSQL {d('pg0','pg1')} | Hibernate {d('hib0','hib1')}")
PY
}

echo "server start-up, $runs runs each$(bench_quick && echo ", data directory and archive made by the first runs" ||
  echo ", data directory created first"); $(uptime)"
bench_quick || start "first start" "$work/first.log" "$java" -jar "$jar" >/dev/null
# The first ./wreg-server start of a build unpacks the jar and is its training run: the cache is
# written after it stops (a cache left by an earlier run of the same build is removed first).
unpacked="$here/registry-server/target/server"
rm -f "$unpacked"/registry-server-*.aot
t0=$(date +%s%N)
start "training" "$work/training.log" "$here/wreg-server"
echo "training     start, stop and writing the cache: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
cds=(-XX:SharedArchiveFile="$work/registry-server.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off
  -Xlog:cds+dynamic=off -jar "$unpacked/registry-server.jar")
bench_quick || start "(archive)" "$work/archive.log" "$java" "${cds[@]}" >/dev/null
for i in $(seq 1 "$runs"); do
  start "reference" "$work/reference-$i.log" "$java" -jar "$jar" "${reference[@]}"
  start "cds" "$work/cds-$i.log" "$java" "${cds[@]}"
  start "wreg-server" "$work/wreg-server-$i.log" "$here/wreg-server"
done | tee "$work/runs.txt"
uptime
median_ready() {
  awk -v l="$1" '$1 == l && $2 == "ready" {print $3}' "$work/runs.txt" | sort -n |
    awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
bench_figure "server cold start to ready, median of $runs (reference java -jar, previous settings)" \
  "$(median_ready wreg-server)" "$(median_ready reference)" ms "<= 5000"
bench_figure "server cold start to ready, median of $runs (reference: class-data archive, current settings)" \
  "$(median_ready wreg-server)" "$(median_ready cds)" ms "<= 5000"
