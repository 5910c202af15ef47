// Usage: node embed.mjs JCO_DIR CORE.wasm FILE.wit WORLD OUT.wasm
//
// Puts a WIT world into a core module (its `component-type` custom section) so that `jco new`
// can make a component of it: what `jco embed CORE.wasm --wit FILE.wit -n WORLD` does, except that
// jco 1.35.0's command line cannot open the --wit path (its bundled wasm-tools runs without a
// preopened directory). This passes the WIT as text to the same function of jco's wasm-tools,
// loaded from the jco installation in JCO_DIR.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [jcoDir, core, wit, world, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node embed.mjs JCO_DIR CORE.wasm FILE.wit WORLD OUT.wasm');
  process.exit(2);
}
const fromJco = createRequire(join(jcoDir, 'package.json'));
const wasmTools = await import(pathToFileURL(fromJco.resolve('@bytecodealliance/jco-transpile/wasm-tools')).href);
const embedded = await wasmTools.componentEmbed({
  binary: await readFile(core),
  witSource: await readFile(wit, 'utf8'),
  world,
});
await writeFile(out, embedded);
