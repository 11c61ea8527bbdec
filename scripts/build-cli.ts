// npm run build:cli — bundles each command into dist/cli/<name>.mjs, so a deploy starts it with plain `node`
// in ~0.2 s (tsx needs ~0.8 s) and needs no dev dependencies. PGlite stays external: it loads WASM files
// from node_modules at run time. The production server (server.ts) goes to dist/server.mjs the same way, with
// Next.js itself left external: it runs the build in .next from node_modules.
import { readdirSync, rmSync } from 'node:fs';
import { type BuildOptions, build } from 'esbuild';

const commands = readdirSync('scripts').filter((f) =>
  /^(models|db|admin|access|keys|gateways)-[a-z-]+\.ts$/.test(f),
);
const started = Date.now();
// A clean output: stale chunks from earlier builds would otherwise pile up beside the current ones.
rmSync('dist/cli', { recursive: true, force: true });
const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*'],
  // Bundled CommonJS dependencies still call require(); give them one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
};
// The deploy gate's check is a file of its own: loading one file instead of a handful of shared chunks is a
// measurable part of a cold start it wants as short as possible (P1 in `npm run bench`).
const FAST = 'models-check.ts';
await Promise.all([
  build({
    ...common,
    entryPoints: commands.filter((f) => f !== FAST).map((f) => `scripts/${f}`),
    outdir: 'dist/cli',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: [`scripts/${FAST}`], outdir: 'dist/cli' }),
  build({
    ...common,
    entryPoints: ['server.ts'],
    outfile: 'dist/server.mjs',
    external: [...(common.external ?? []), 'next', '@next/env'],
  }),
]);
console.log(
  `Built ${commands.length} commands into dist/cli and the server into dist/server.mjs in ${Date.now() - started} ms.`,
);
