# Sourced by every benchmark script: the machine-readable figure lines that bench/all.sh turns
# into one table. One line per figure, next to the human-readable output:
#   figure|NAME|WREG|REFERENCE|UNIT|TARGET
# REFERENCE is the same quantity measured on the reference in the same run, or "-". TARGET is
# "-", or an operator and a number on the wreg figure (">= 3000", "<= 20"), or on the ratio
# wreg/reference ("ratio >= 0.9", "ratio <= 1.0").

bench_figure() {
  printf 'figure|%s|%s|%s|%s|%s\n' "$1" "${2:--}" "${3:--}" "$4" "${5:--}"
}

# True when WREG_BENCH_QUICK=1: the smallest sizes, which prove a script runs, not its figures.
bench_quick() { [ "${WREG_BENCH_QUICK:-0}" = 1 ]; }

# A wrk latency ("812.00us", "70.54ms", "1.20s") in milliseconds.
bench_to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.3f\n", v / 1000; else if (v ~ /ms$/) printf "%.2f\n", v + 0;
    else if (v ~ /m$/) printf "%.0f\n", v * 60000; else if (v ~ /s$/) printf "%.1f\n", v * 1000; else print "-" }'
}

# Figure lines from a JMH CSV result file (-rf csv -rff FILE): one per row, named by the
# benchmark method and its parameters ("ComponentCallBenchmark.sumOneMiB engine=COMPILER"). Each
# further argument SUBSTRING|TARGET gives the rows whose name contains SUBSTRING that target (the
# first that matches wins).
bench_jmh_figures() {
  python3 - "$@" <<'PY'
import csv, sys
path, rules = sys.argv[1], [a.split("|", 1) for a in sys.argv[2:]]
with open(path, newline="") as f:
    rows = list(csv.reader(f))
head = rows[0]
params = [(i, h[len("Param: "):]) for i, h in enumerate(head) if h.startswith("Param: ")]
for row in rows[1:]:
    parts = row[0].split(".")
    name = ".".join(parts[next(i for i, p in enumerate(parts) if p[:1].isupper()):])
    name += "".join(f" {p}={row[i]}" for i, p in params if row[i])
    target = next((t for s, t in rules if s in name), "-")
    score = float(row[4])
    print(f"figure|{name}|{score:.4g}|-|{row[6]}|{target}")
PY
}

# Runs JMH from JAR: bench_jmh JAR "JVM OPTIONS" [JMH ARGUMENTS...]. At full sizes JMH forks one
# JVM per benchmark with the JVM options (-jvmArgs), after the iterations the caller gives.
# With WREG_BENCH_QUICK=1 it runs everything in one JVM (-f 0: the options go to that JVM), one
# iteration of half a second and no warm-up, after the caller's arguments (the last wins): every
# benchmark and parameter still runs and gets its row, each in a fraction of the time.
bench_jmh() {
  local jar=$1 jvm=$2
  shift 2
  if bench_quick; then
    # shellcheck disable=SC2086 # the options are words
    "$java" ${WREG_JMH_OPTS:-} $jvm -jar "$jar" "$@" -f 0 -wi 0 -i 1 -r 500ms
  else
    # shellcheck disable=SC2086
    "$java" ${WREG_JMH_OPTS:-} -jar "$jar" "$@" ${jvm:+-jvmArgs "$jvm"}
  fi
}
