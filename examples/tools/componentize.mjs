// Usage: node componentize.mjs JCO_DIR SOURCE.js FILE.wit WORLD OUT.wasm
//
// Makes a component of a JavaScript module with componentize-js (StarlingMonkey), the library
// behind `jco componentize`, loaded from the jco installation in JCO_DIR. jco 1.35.0's
// `componentize --wit FILE` cannot open its WIT path (as with `jco embed`), so the WIT goes in as
// text. The features the example does not use (outgoing HTTP, the fetch event) are left out, so
// the component imports only the WASI interfaces StarlingMonkey itself needs.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [jcoDir, source, wit, world, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node componentize.mjs JCO_DIR SOURCE.js FILE.wit WORLD OUT.wasm');
  process.exit(2);
}
// The package exports only an `import` entry, which require.resolve cannot see: read it.
const packageDir = join(jcoDir, 'node_modules', '@bytecodealliance', 'componentize-js');
const { exports: entry } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
const { componentize } = await import(pathToFileURL(join(packageDir, entry.import)).href);
const { component } = await componentize({
  sourcePath: resolve(source),
  witWorld: await readFile(wit, 'utf8'),
  worldName: world,
  disableFeatures: ['http', 'fetch-event'],
});
await writeFile(out, component);
