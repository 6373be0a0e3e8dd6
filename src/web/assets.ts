/**
 * Everything the browser loads comes from this server: Bootstrap from `node_modules`, our CSS
 * from `web/static`, and the client scripts of `web/client/*.ts` bundled by esbuild at start
 * (in memory, ~50 ms) — no build step, no CDN. URLs carry a content hash for long caching.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const bootstrapDist = join(dirname(require.resolve('bootstrap/package.json')), 'dist');
const staticDir = join(here, 'static');
const clientDir = join(here, 'client');

interface Bundle {
  code: string;
  hash: string;
}

let bundlesPromise: Promise<Map<string, Bundle>> | null = null;
const versions = new Map<string, string>();

function hashOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

async function buildBundles(): Promise<Map<string, Bundle>> {
  const entries = readdirSync(clientDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'));
  const result = await build({
    entryPoints: entries.map((f) => join(clientDir, f)),
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2019', 'chrome70', 'firefox68', 'safari12'],
    outdir: '/out',
    logLevel: 'silent',
  });
  const map = new Map<string, Bundle>();
  for (const file of result.outputFiles) {
    const name = file.path.split('/').pop() as string;
    map.set(name, { code: file.text, hash: hashOf(file.text) });
  }
  return map;
}

/** URL of an asset with its content hash, e.g. `asset('js/portal.js')`, `asset('css/app.css')`. */
export function asset(path: string): string {
  const v = versions.get(path);
  return v ? `/assets/${path}?v=${v}` : `/assets/${path}`;
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  bundlesPromise ??= buildBundles();
  const bundles = await bundlesPromise;
  for (const [name, b] of bundles) versions.set(`js/${name}`, b.hash);
  for (const sub of ['css']) {
    for (const f of readdirSync(join(staticDir, sub))) versions.set(`${sub}/${f}`, hashOf(readFileSync(join(staticDir, sub, f))));
  }
  versions.set('vendor/bootstrap/css/bootstrap.min.css', hashOf(readFileSync(join(bootstrapDist, 'css/bootstrap.min.css'))));

  const maxAge = 365 * 24 * 3600;
  await app.register(fastifyStatic, {
    root: staticDir,
    prefix: '/assets/',
    maxAge: maxAge * 1000,
    immutable: true,
    index: false,
    wildcard: true,
  });
  await app.register(fastifyStatic, {
    root: bootstrapDist,
    prefix: '/assets/vendor/bootstrap/',
    decorateReply: false,
    maxAge: maxAge * 1000,
    immutable: true,
    index: false,
    allowedPath: (path) => /\.(css|js)$/.test(path) && !path.includes('.map'),
  });
  app.get<{ Params: { name: string } }>('/assets/js/:name', { schema: { hide: true } }, async (request, reply) => {
    const bundle = bundles.get(request.params.name);
    if (!bundle) return reply.callNotFound();
    reply.header('cache-control', `public, max-age=${maxAge}, immutable`).header('etag', `"${bundle.hash}"`);
    return reply.type('application/javascript; charset=utf-8').send(bundle.code);
  });
}
