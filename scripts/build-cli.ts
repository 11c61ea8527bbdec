// npm run build:cli — bundles each command into dist/cli/<name>.mjs, so a deploy starts it with plain `node`
// in ~0.2 s (tsx needs ~0.8 s) and needs no dev dependencies. PGlite stays external: it loads WASM files
// from node_modules at run time.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const commands = readdirSync('scripts').filter((f) => /^(models|db|admin)-[a-z-]+\.ts$/.test(f));
const started = Date.now();
// A clean output: stale chunks from earlier builds would otherwise pile up beside the current ones.
rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: commands.map((f) => `scripts/${f}`),
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*'],
  // Bundled CommonJS dependencies still call require(); give them one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`Built ${commands.length} commands into dist/cli in ${Date.now() - started} ms.`);
