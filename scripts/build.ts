/**
 * `npm run build` — what `npm start` runs first: compiles the browser assets once (client scripts
 * with esbuild, the Bootstrap subset with PurgeCSS, brotli and gzip forms) into dist/assets/, and
 * bundles the server (main, worker, migrate) into dist/server/ as plain JavaScript. The bundled
 * server then starts without a TypeScript loader, esbuild or PurgeCSS in memory.
 * Development and tests keep running the sources directly (tsx, vitest).
 */
import { existsSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writePrebuiltAssets } from '../src/web/assets';

const started = performance.now();
const log = { warn: (o: unknown, msg: string) => console.warn(msg, o), debug: () => {} };
rmSync('dist', { recursive: true, force: true });
const assets = await writePrebuiltAssets('dist/assets', log as never);
const entryPoints = ['src/main.ts', 'src/worker.ts', 'src/db/migrate-cli.ts'].filter((p) => existsSync(p));
await build({
  entryPoints,
  outdir: 'dist/server',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outExtension: { '.js': '.mjs' },
  define: { __ITIMS_PREBUILT_ASSETS__: JSON.stringify('../assets') },
  logLevel: 'warning',
});
console.log(`Compilado: ${assets} recursos en dist/assets, ${entryPoints.length} programas en dist/server (${Math.round(performance.now() - started)} ms).`);
