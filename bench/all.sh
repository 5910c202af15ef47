#!/usr/bin/env bash
# Every benchmark of the project in sequence, then one table of their figures: each figure with
# the reference measured in the same run, the ratio wreg/reference, the target and whether it is
# met. Each script prints its figures as `figure|NAME|WREG|REFERENCE|UNIT|TARGET` lines
# (bench/lib/figures.sh); this script only collects them.
#
#   bench/all.sh                   every benchmark at its own sizes (about an hour; a quiet machine)
#   WREG_BENCH_QUICK=1 bench/all.sh    every benchmark at its smallest sizes: proves they run, the
#                                  figures mean little
#   WREG_BENCH_ONLY="registry web" bench/all.sh    only those (names as in the list below)
#   bench/all.sh --table FILE...   the table of the figure lines in FILEs (or stdin), nothing run
#
# Needs what each benchmark needs (docs/benchmarks.md): the build, wrk, nginx, curl, python3,
# perl, node and jco (WREG_JCO_DIR or .ci/tools), and the shared test data. Each script's whole
# output goes to the terminal and to WREG_BENCH_LOG (default: a temporary file, named at the end).
# Exits 1 when a benchmark failed (its row says so); a target not met is a figure, not a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

benchmarks=(registry oci web search lock log compose engine run validate wit server-start server-memory)

# The Markdown table of the figure lines read from the files given (stdin without any).
table() {
  awk -F'|' '
    function num(v) { return v ~ /^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$/ }
    # "yes" or "**no**" for a target on the wreg figure or on the ratio; "n/a" without a number
    function met(target, w, ratio,    op, n, v, t) {
      if (target == "-" || target == "") return "—"
      split(target, t, " ")
      if (t[1] == "ratio") { v = ratio; op = t[2]; n = t[3] } else { v = w; op = t[1]; n = t[2] }
      if (v == "" || !num(v)) return "n/a"
      if (op == ">=") return (v + 0 >= n + 0) ? "yes" : "**no**"
      if (op == ">")  return (v + 0 >  n + 0) ? "yes" : "**no**"
      if (op == "<=") return (v + 0 <= n + 0) ? "yes" : "**no**"
      if (op == "<")  return (v + 0 <  n + 0) ? "yes" : "**no**"
      return "n/a"
    }
    BEGIN { print "| figure | wreg | reference | ratio | unit | target | met |"; print "|---|---|---|---|---|---|---|" }
    $1 == "figure" && NF == 6 {
      w = $3; r = $4
      ratio = (num(w) && num(r) && r + 0 != 0) ? sprintf("%.2f", w / r) : "—"
      verdict = met($6, w, ratio)
      if (!num(w)) w = (w == "-" ? "—" : "n/a (" w ")")
      if (r == "-") r = "—"
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, w, r, ratio, $5, ($6 == "-" ? "—" : $6), verdict
      rows++
    }
    $1 == "failed" { printf "| %s | **failed** (exit %s) | | | | | **no** |\n", $2, $3; rows++ }
    END { if (!rows) { print "bench: no figure lines" > "/dev/stderr"; exit 1 } }
  ' "$@"
}

if [ "${1:-}" = --table ]; then
  shift
  table "$@"
  exit
fi

only=(${WREG_BENCH_ONLY:-${benchmarks[*]}})
for name in "${only[@]}"; do
  [[ " ${benchmarks[*]} " == *" $name "* ]] || { echo "bench: no benchmark named $name (${benchmarks[*]})" >&2; exit 2; }
done
log="${WREG_BENCH_LOG:-$(mktemp -t wreg-bench-all.XXXXXX)}"
: >"$log"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
failed=0
for name in "${only[@]}"; do
  script="$here/bench/$name-bench.sh"
  [ -f "$script" ] || script="$here/bench/$name.sh"
  what="bench/$(basename "$script")"
  echo "=== $what" | tee -a "$log"
  figures_before=$(grep -c '^figure|' "$log" || true)
  t0=$(date +%s)
  if "$script" 2>&1 | tee -a "$log"; then
    if [ "$(grep -c '^figure|' "$log" || true)" = "$figures_before" ]; then
      echo "failed|$what|0, but no figure line" >>"$log"
      failed=1
    fi
    echo "=== $what: $(($(date +%s) - t0)) s" | tee -a "$log"
  else
    rc=${PIPESTATUS[0]}
    echo "failed|$what|$rc" >>"$log"
    echo "=== $what FAILED (exit $rc) after $(($(date +%s) - t0)) s" | tee -a "$log"
    failed=1
  fi
done
echo
echo "== all benchmarks ($( [ "${WREG_BENCH_QUICK:-0}" = 1 ] && echo "WREG_BENCH_QUICK=1, smallest sizes: the figures prove the scripts run" || echo "full sizes")), $(nproc) cores;" \
  "started $started, load average $load_before; finished $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
table "$log"
echo
echo "(every script's output: $log)"
exit "$failed"
