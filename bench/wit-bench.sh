#!/usr/bin/env bash
# Decode + WIT extraction benchmark (issue "binary format and WIT"): JMH on our decoder and WIT
# printer next to jco's componentWit (wasm-tools compiled to Wasm, run by Node) on the same three
# largest fixtures, in the same run. Prints MB/s for both and the ratio ours/jco in time
# (< 1 means we are faster). Needs the build and jco: set WREG_JCO_DIR to a folder where
# `npm install @bytecodealliance/jco@1.35.0` was run (default: .ci/tools). WREG_BENCH_QUICK=1: one short
# JMH iteration of each and fewer jco runs (proves the script runs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
# Quick: bench_jmh runs one short iteration of each.
if bench_quick; then jmh=() jco_runs=3; else jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s) jco_runs=20; fi
shared="$(cd "${WREG_SHARED:-$here/../shared}" && pwd)"
jco_dir="${WREG_JCO_DIR:-$here/.ci/tools}"
files=(greeter-js.wasm hello-js.wasm cat-file.wasm)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

echo "== wreg (JMH ${jmh[*]:-one short iteration each})"
bench_jmh "$here/benchmarks/target/wreg-benchmarks.jar" "-Dwreg.shared=$shared" WitExtractionBenchmark \
  ${jmh[@]+"${jmh[@]}"} -rf csv -rff "$work/jmh.csv" | grep -E "^Benchmark|^WitExtraction"

echo "== jco componentWit (Node, in-process, same files)"
cat >"$work/jco-bench.mjs" <<'JS'
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [jcoDir, dir, runs, ...files] = process.argv.slice(2);
const api = await import(pathToFileURL(`${jcoDir}/node_modules/@bytecodealliance/jco/dist/api.js`));
for (const f of files) {
  const bytes = readFileSync(`${dir}/${f}`);
  for (let i = 0; i < 5; i++) await api.componentWit(bytes);          // warm-up
  const n = Number(runs), t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await api.componentWit(bytes);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  console.log(`${f},${ms.toFixed(3)},${bytes.length}`);
}
JS
node "$work/jco-bench.mjs" "$jco_dir" "$shared/fixtures/wasm" "$jco_runs" "${files[@]}" | tee "$work/jco.csv"

echo "== figures"
for f in "${files[@]}"; do
  ours=$(awk -F, -v f="$f" 'index($0, f) {gsub(/"/, "", $5); print $5}' "$work/jmh.csv")
  size=$(stat -c %s "$shared/fixtures/wasm/$f")
  theirs=$(awk -F, -v f="$f" '$1 == f {print $2}' "$work/jco.csv")
  awk -v f="$f" -v o="$ours" -v t="$theirs" -v s="$size" 'BEGIN {
    printf "%-16s wreg %8.3f ms (%7.1f MB/s)   jco %8.3f ms (%7.1f MB/s)   ratio wreg/jco %.2f\n",
      f, o, s / 1048576 / (o / 1000), t, s / 1048576 / (t / 1000), o / t }'
  bench_figure "WIT extraction $f (reference jco componentWit)" "$ours" "$theirs" ms/op "ratio < 1"
done
