// Rebuilds the scenario components: every NAME.wit here (world `w`) becomes NAME.wasm, a component
// whose core module is wasm-tools' "dummy" implementation (every export traps if called). They only
// exercise linking, type checking and encoding; runnable results use the shared fixtures.
//
//   node build.mjs JCO_DIR    (JCO_DIR = the folder holding node_modules with jco 1.35.0)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const jcoDir = process.argv[2];
const here = new URL('.', import.meta.url).pathname;
const wt = await import(join(jcoDir, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js'));
for (const f of readdirSync(here).filter((n) => n.endsWith('.wit')).sort()) {
  const core = await wt.componentEmbed({ dummy: true, witSource: readFileSync(join(here, f), 'utf8'), world: 'w' });
  const component = await wt.componentNew(core);
  writeFileSync(join(here, f.replace(/\.wit$/, '.wasm')), component);
  console.log(`${f} -> ${component.length} bytes`);
}
