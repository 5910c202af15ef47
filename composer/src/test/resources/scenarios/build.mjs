// Rebuilds the scenario components: every NAME.wit here (world `w`) becomes NAME.wasm. When a
// NAME.wat sits next to it, that core module is the implementation (so the component runs);
// otherwise the core module is wasm-tools' "dummy" implementation (every export traps if called),
// enough to exercise linking, type checking and encoding.
//
//   node build.mjs JCO_DIR [NAME…]   (JCO_DIR = the folder holding node_modules with jco 1.35.0;
//                                     NAMEs limit the rebuild to those components)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const jcoDir = process.argv[2];
const here = new URL('.', import.meta.url).pathname;
const wt = await import(join(jcoDir, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js'));
const only = process.argv.slice(3);
for (const f of readdirSync(here).filter((n) => n.endsWith('.wit')).sort()) {
  if (only.length > 0 && !only.includes(f.replace(/\.wit$/, ''))) {
    continue;
  }
  const witSource = readFileSync(join(here, f), 'utf8');
  const wat = join(here, f.replace(/\.wit$/, '.wat'));
  const core = existsSync(wat)
    ? await wt.componentEmbed({ binary: await wt.parse(readFileSync(wat, 'utf8')), witSource, world: 'w' })
    : await wt.componentEmbed({ dummy: true, witSource, world: 'w' });
  const component = await wt.componentNew(core);
  writeFileSync(join(here, f.replace(/\.wit$/, '.wasm')), component);
  console.log(`${f} -> ${component.length} bytes`);
}
