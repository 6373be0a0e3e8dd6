/**
 * `npm run build` — what `npm start` runs first: compiles the browser assets once (client scripts
 * with esbuild, the Bootstrap subset with PurgeCSS, brotli and gzip forms) into dist/assets/, and
 * bundles the server (main, worker, migrate) into dist/server/ as plain JavaScript. The bundled
 * server then starts without a TypeScript loader, esbuild or PurgeCSS in memory.
 * Development and tests keep running the sources directly (tsx, vitest).
 *
 * Two processes started from one checkout (`npm start` and `npm run worker`) build at the same
 * time: each build goes to a folder of its own under `.dist/`, and `dist` is a symbolic link
 * switched to the finished build in one atomic rename, so `dist/server/main.mjs` is always a
 * complete build. Node resolves the link when it loads the program, so a running process keeps
 * reading its own build; the newest few builds are kept for processes still running from them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { writePrebuiltAssets } from '../src/web/assets';

/** Finished builds kept beside the current one (processes started from them may still run). */
const KEEP_BUILDS = 3;

const started = performance.now();
const log = { warn: (o: unknown, msg: string) => console.warn(msg, o), debug: () => {} };
const link = resolve('dist');
const buildsDir = join(dirname(link), `.${basename(link)}`);
const id = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
const out = join(buildsDir, id);
mkdirSync(out, { recursive: true });
const assets = await writePrebuiltAssets(join(out, 'assets'), log as never);
const entryPoints = ['src/main.ts', 'src/worker.ts', 'src/db/migrate-cli.ts'].filter((p) => existsSync(p));
await build({
  entryPoints,
  outdir: join(out, 'server'),
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

// A `dist` folder from before builds were linked goes once (nobody else can be building into it).
if (existsSync(link) && !lstatSync(link).isSymbolicLink()) rmSync(link, { recursive: true, force: true });
const tempLink = `${link}.${id}.tmp`;
symlinkSync(out, tempLink, process.platform === 'win32' ? 'junction' : 'dir');
renameSync(tempLink, link);

// Older builds beyond the newest few (never the one just linked, nor a build still being written:
// those are younger than this one, or it is the newest).
const builds = readdirSync(buildsDir)
  .map((name) => ({ name, at: statSync(join(buildsDir, name)).mtimeMs }))
  .sort((a, b) => b.at - a.at);
for (const old of builds.slice(KEEP_BUILDS + 1)) {
  if (old.name !== id && old.at < started + performance.timeOrigin - 60_000) rmSync(join(buildsDir, old.name), { recursive: true, force: true });
}
console.log(`Compilado: ${assets} recursos en ${link}/assets, ${entryPoints.length} programas en ${link}/server (${Math.round(performance.now() - started)} ms).`);
