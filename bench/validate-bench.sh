#!/usr/bin/env bash
# Validation benchmark (issue "validator"): JMH on our validator next to wasm-tools' validator as
# jco 1.35 ships it (wasm-tools compiled to Wasm, run by Node) on the same files, in the same run.
# Prints MB/s for both and the ratio of their times (< 1 means we are faster), twice: from wall
# time (JMH's average; jco's average) and from CPU time (least per operation), which a loaded
# machine distorts far less.
#
# jco 1.35 has no `validate` command or API. Its in-process `componentWit` (wasm-tools'
# wit-component decoder) validates a component with wasmparser first, all features on, and then
# extracts its WIT; it does not validate core function bodies, which we do. So the jco figure is
# validation without function bodies plus WIT extraction: a proxy, not the same work.
# Core modules are not components, so the core corpus is measured on our side only.
#
# Needs the build (./mvnw -B -q -DskipTests package -pl benchmarks -am) and jco: set WREG_JCO_DIR
# to a folder where `npm install @bytecodealliance/jco@1.35.0` was run (default: .ci/tools).
# WREG_BENCH_QUICK=1 runs one short JMH iteration of each and one timed jco and CPU-time run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/lib/setup.sh"
jar="$here/benchmarks/target/wreg-benchmarks.jar"
shared="$(cd "${WREG_SHARED:-$here/../shared}" && pwd)"
jco_dir="${WREG_JCO_DIR:-$here/.ci/tools}"
if [ ! -d "$jco_dir/node_modules/@bytecodealliance/jco" ]; then
  echo "jco not found in $jco_dir: npm install --prefix .ci/tools @bytecodealliance/jco@1.35.0" >&2
  exit 2
fi
inputs=(greeter-js.wasm hello-js.wasm cat-file.wasm component-corpus core-corpus)
jco_inputs=(greeter-js.wasm hello-js.wasm cat-file.wasm component-corpus)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Quick: bench_jmh runs one short iteration of each.
if bench_quick; then jmh=() runs=1; else jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s); runs=10; fi

# jco first: a file on which wasm-tools (compiled to Wasm) panics poisons its instance, so a
# pre-pass finds those files (the README of the shared corpus mentions a dozen WIT-step panics)
# and both sides then leave them out.
cat >"$work/jco-bench.mjs" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [jcoDir, runs, excludeOut, ...lists] = process.argv.slice(2);
const url = pathToFileURL(`${jcoDir}/node_modules/@bytecodealliance/jco-transpile/vendor/wasm-tools.js`).href;
let fresh = 0;
const instance = async () => { const m = await import(`${url}?instance=${fresh++}`); await m.$init; return m.tools; };
let tools = await instance();
const panicked = new Set();
const outcome = (f) => { try { tools.componentWit(f.bytes); return 'ok'; } catch (e) { return e instanceof WebAssembly.RuntimeError ? 'panic' : 'error'; } };
const inputs = lists.map(list => {
  const [name, listFile] = list.split('=');
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).map(p => ({ p, bytes: readFileSync(p) }));
  return { name, files };
});
for (const { files } of inputs) {
  for (const f of files) {
    if (outcome(f) === 'panic') { panicked.add(f.p.split('/').pop()); tools = await instance(); }
  }
}
writeFileSync(excludeOut, [...panicked].join('\n') + (panicked.size ? '\n' : ''));
for (const { name, files } of inputs) {
  const kept = files.filter(f => !panicked.has(f.p.split('/').pop()));
  const once = () => { for (const f of kept) { try { tools.componentWit(f.bytes); } catch { /* invalid: still validated */ } } };
  const n = Math.max(1, Number(runs));
  for (let i = 0; i < Math.min(n, 3); i++) once();   // warm-up
  const t0 = process.hrtime.bigint();
  let bestCpu = Infinity;
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    once();
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  console.log(`${name},${ms.toFixed(3)},${kept.length},${bestCpu.toFixed(3)}`);
}
JS
lists=()
for i in "${jco_inputs[@]}"; do
  "$java" -cp "$jar" dev.wreg.bench.ValidationBenchmark --files "$shared" "$i" >"$work/$i.list"
  lists+=("$i=$work/$i.list")
done
echo "== load before: $(uptime)"
echo "== jco componentWit (Node, in-process, same files)"
node "$work/jco-bench.mjs" "$jco_dir" "$runs" "$work/exclude.txt" "${lists[@]}" 2>"$work/jco.err" | tee "$work/jco.csv"
echo "(files left out on both sides, jco panicked on them: $(wc -l <"$work/exclude.txt"))"

"$java" -Dwreg.bench.exclude="$work/exclude.txt" -cp "$jar" dev.wreg.bench.ValidationBenchmark "$shared" "${inputs[@]}" >"$work/sizes.csv"

echo "== wreg (JMH ${jmh[*]:-one short iteration each})"
params=$(IFS=,; echo "${inputs[*]}")
bench_jmh "$jar" "-Dwreg.shared=$shared -Dwreg.bench.exclude=$work/exclude.txt" ValidationBenchmark \
  -p input="$params" ${jmh[@]+"${jmh[@]}"} -rf csv -rff "$work/jmh.csv" \
  | grep -E "^Benchmark|^ValidationBenchmark"

echo "== wreg CPU time (least CPU time of one operation on the validating threads, the caller's and the pool's that validates large modules' function bodies in parallel; best of $runs after $runs warm-up)"
"$java" -Dwreg.bench.exclude="$work/exclude.txt" -cp "$jar" dev.wreg.bench.ValidationBenchmark --cpu "$shared" "$runs" "${inputs[@]}" \
  | tee "$work/cpu.csv"

echo "== figures (wall time: JMH average, jco average)"
for i in "${inputs[@]}"; do
  ours=$(awk -F, -v i="$i" '{ v = $NF; gsub(/["\r]/, "", v) } v == i { s = $5; gsub(/"/, "", s); print s }' "$work/jmh.csv")
  read -r count size < <(awk -F, -v i="$i" '$1 == i {print $2, $3}' "$work/sizes.csv")
  theirs=$(awk -F, -v i="$i" '$1 == i {print $2}' "$work/jco.csv")
  awk -v i="$i" -v o="$ours" -v t="${theirs:-}" -v s="$size" -v c="$count" 'BEGIN {
    line = sprintf("%-17s %5d files %7.2f MB   wreg %9.3f ms (%7.1f MB/s)", i, c, s / 1048576, o, s / 1048576 / (o / 1000))
    if (t != "") line = line sprintf("   jco %9.3f ms (%7.1f MB/s)   ratio wreg/jco %.2f", t, s / 1048576 / (t / 1000), o / t)
    print line }'
done

echo "== figures (CPU time: least per operation; ours summed over the validating threads, jco's its process's)"
for i in "${inputs[@]}"; do
  ours=$(awk -F, -v i="$i" '$1 == i {print $2}' "$work/cpu.csv")
  read -r count size < <(awk -F, -v i="$i" '$1 == i {print $2, $3}' "$work/sizes.csv")
  theirs=$(awk -F, -v i="$i" '$1 == i {print $4}' "$work/jco.csv")
  awk -v i="$i" -v o="$ours" -v t="${theirs:-}" -v s="$size" -v c="$count" 'BEGIN {
    line = sprintf("%-17s %5d files %7.2f MB   wreg %9.3f ms (%7.1f MB/s)", i, c, s / 1048576, o, s / 1048576 / (o / 1000))
    if (t != "") line = line sprintf("   jco %9.3f ms (%7.1f MB/s)   ratio wreg/jco %.2f", t, s / 1048576 / (t / 1000), o / t)
    print line }'
  if [ -n "${theirs:-}" ]; then
    bench_figure "validation $i, CPU time (reference jco componentWit)" "$ours" "$theirs" ms/op "ratio < 1"
  else
    bench_figure "validation $i, CPU time (no reference: jco validates components only)" "$ours" - ms/op -
  fi
done
echo "== load after: $(uptime)"
