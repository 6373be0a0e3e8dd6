/**
 * Everything the browser loads comes from this server: Bootstrap from `node_modules`, our CSS
 * from `web/static`, and the client scripts of `web/client/*.ts` bundled by esbuild at start
 * (in memory, ~50 ms) — no build step, no CDN. URLs carry a content hash for long caching.
 *
 * Weight matters (phones, old PCs, slow links between offices), so:
 * - pages load `bootstrap.subset.css`: Bootstrap without the rules no template uses, computed
 *   with PurgeCSS from the source files (`src/**\/*.ts(x)`) when the server starts listening (or
 *   on first request), kept in memory and cached in the temporary directory — about half the full
 *   file, compressed or not; the full file stays available under its own URL;
 * - our CSS, the scripts and the subset are compressed once (brotli 11 and gzip 9) and served
 *   as they are: on-the-fly compression of a stream uses a fast, weak brotli level;
 * - the public portal's pages link no stylesheet: their CSS (Bootstrap purged against the portal's
 *   sources only, then `app.css`, ~10 KB brotli) is inlined in a `<style>` the Content-Security-Policy
 *   allows by its hash (`portalStyle()`). On a 400 kbit/s, 400 ms link a linked stylesheet costs the
 *   first render a round trip (two with a new connection's handshake) and shares the line with the
 *   scripts; inlined, the page renders as its HTML arrives (bench/slow-link.ts). Staff pages keep
 *   the linked, cached subset.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * Set by `npm run build` (scripts/build.ts) in the bundled server: where the prebuilt, precompressed
 * assets are, relative to the bundle. Then the server never loads esbuild or PurgeCSS, nor reads
 * the sources (less memory, faster start). Undefined when running from source (dev, tests).
 */
declare const __ITIMS_PREBUILT_ASSETS__: string | undefined;

const here = dirname(fileURLToPath(import.meta.url));
const prebuiltDir = typeof __ITIMS_PREBUILT_ASSETS__ === 'string' ? resolve(here, __ITIMS_PREBUILT_ASSETS__) : null;
const require = createRequire(import.meta.url);
const bootstrapDist = join(dirname(require.resolve('bootstrap/package.json')), 'dist');
const staticDir = join(here, 'static');
const clientDir = join(here, 'client');
const sourceRoot = join(here, '..');

/** The asset path of the Bootstrap subset every page links to. */
export const BOOTSTRAP_CSS = 'vendor/bootstrap/css/bootstrap.subset.css';
const FULL_BOOTSTRAP_CSS = 'vendor/bootstrap/css/bootstrap.min.css';

/** An asset held in memory, compressed ahead of time. */
interface CompiledAsset {
  type: string;
  hash: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function hashOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 10);
}

function compile(content: string | Buffer, type: string, hash = hashOf(content)): CompiledAsset {
  const identity = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    type,
    hash,
    identity,
    br: brotliCompressSync(identity, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length },
    }),
    gzip: gzipSync(identity, { level: 9 }),
  };
}

async function buildBundles(): Promise<Map<string, CompiledAsset>> {
  const entries = readdirSync(clientDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'));
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: entries.map((f) => join(clientDir, f)),
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2019', 'chrome70', 'firefox68', 'safari12'],
    // Every target runs destructuring; esbuild marks Safari < 14.1 for edge cases of it (defaults
    // and temporal dead zones) that it cannot lower, which would fail the whole build on a plain
    // `for (const [a, b] of pairs)` in any client script.
    supported: { destructuring: true },
    outdir: '/out',
    logLevel: 'silent',
  });
  const map = new Map<string, CompiledAsset>();
  for (const file of result.outputFiles) {
    const name = file.path.split('/').pop() as string;
    map.set(name, compile(file.text, 'application/javascript; charset=utf-8'));
  }
  return map;
}

function readStylesheets(): Map<string, CompiledAsset> {
  const map = new Map<string, CompiledAsset>();
  for (const f of readdirSync(join(staticDir, 'css')).filter((name) => name.endsWith('.css'))) {
    map.set(f, compile(readFileSync(join(staticDir, 'css', f)), 'text/css; charset=utf-8'));
  }
  return map;
}

interface SourceFile {
  path: string;
  text: string;
}

/** Every source file whose text may name a CSS class: pages, components, client scripts, strings. */
function readSourceFiles(dir = sourceRoot, out: SourceFile[] = []): SourceFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'migrations') readSourceFiles(path, out);
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      out.push({ path: path.slice(sourceRoot.length).replace(/\\/g, '/'), text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

/** Sources of staff pages only: the portal's inlined CSS is purged without them. */
const STAFF_ONLY = [/^\/web\/pages\/(admin|dashboards|staff)\//, /^\/web\/staff-[^/]+$/, /^\/web\/client\/(queue|dashboards|staff-import)\.ts$/];
const isPortalSource = (f: SourceFile) => !STAFF_ONLY.some((re) => re.test(f.path));

/**
 * Kept whatever the sources say: classes Bootstrap's own JavaScript adds at run time (modals,
 * dropdowns, collapse, tooltips, validation), and colour variants a template may build from a
 * variable (`text-bg-${tone}`), which PurgeCSS cannot see.
 */
const SAFELIST = {
  standard: [
    ...['show', 'showing', 'hiding', 'fade', 'collapse', 'collapsing', 'active', 'disabled', 'was-validated', 'is-invalid', 'is-valid'],
    ...['visually-hidden', 'visually-hidden-focusable'],
    // Elements rendered from Markdown or added by scripts, whatever the templates contain.
    ...['html', 'body', 'p', 'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'svg'],
    ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'pre', 'code', 'kbd', 'samp', 'blockquote', 'small', 'strong', 'b', 'em', 'mark', 'sub', 'sup', 'abbr'],
    ...['button', 'input', 'select', 'textarea', 'label', 'fieldset', 'legend', 'output', 'progress', 'summary', 'details', 'main', 'nav', 'header', 'footer', 'section'],
  ],
  deep: [/^modal/, /^dropdown/, /^offcanvas/, /^tooltip/, /^popover/, /^bs-(tooltip|popover)/, /^collapse/],
  greedy: [/^(text-bg|bg|text|btn|btn-outline|alert|badge|border|link|table|list-group-item)-(primary|secondary|success|danger|warning|info|light|dark)/],
};

/**
 * The portal's: every class its sources name, and the elements Markdown answers and scripts add.
 * No Bootstrap JavaScript runs on the portal and none of its templates builds a class name from a
 * variable, so neither the JavaScript components' nor the colour variants' rules are kept.
 */
const PORTAL_SAFELIST = { standard: SAFELIST.standard, deep: [], greedy: [] };

/** Bootstrap without the rules our templates never use. */
async function purgeBootstrap(full: string, sources: string[], safelist: typeof SAFELIST | typeof PORTAL_SAFELIST): Promise<string> {
  const { PurgeCSS } = await import('purgecss');
  const [result] = await new PurgeCSS().purge({
    content: sources.map((raw) => ({ raw, extension: 'html' })),
    css: [{ raw: full }],
    safelist,
    // Element selectors (`table`, `pre`, `blockquote`…) must survive for Markdown answers.
    defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) ?? [],
    keyframes: true,
    fontFace: true,
    variables: false,
  });
  if (!result?.css) throw new Error('PurgeCSS returned nothing');
  return result.css;
}

/**
 * The subset for these inputs: from the cache file a previous start (or a parallel test process)
 * left in the temporary directory, else computed (~1–2 s of CPU) and cached there. Falls back to
 * the full Bootstrap CSS — never cached — if PurgeCSS fails.
 */
async function bootstrapSubsetCss(
  version: string,
  sources: string[],
  log: FastifyInstance['log'],
  name = 'bootstrap-subset',
  safelist: typeof SAFELIST | typeof PORTAL_SAFELIST = SAFELIST,
): Promise<string> {
  const cacheFile = join(tmpdir(), `itims-${name}-${version}.css`);
  try {
    // Only a file this user wrote: /tmp is shared, and CSS is served to every visitor.
    if (statSync(cacheFile).uid === process.getuid?.()) return readFileSync(cacheFile, 'utf8');
  } catch {
    // Not cached yet.
  }
  const full = readFileSync(join(bootstrapDist, 'css/bootstrap.min.css'), 'utf8');
  let css: string;
  try {
    css = await purgeBootstrap(full, sources, safelist);
  } catch (err) {
    log.warn({ err: { message: (err as Error).message } }, 'PurgeCSS failed; serving the full Bootstrap CSS');
    return full;
  }
  try {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, css, { mode: 0o644 });
    renameSync(partial, cacheFile);
  } catch (err) {
    log.debug({ err: { message: (err as Error).message } }, 'could not cache the Bootstrap subset');
  }
  return css;
}

/** The portal's inlined CSS and the Content-Security-Policy source that allows it. */
export interface InlineStyle {
  css: string;
  /** `'sha256-…'` of the CSS, for `style-src`. */
  cspSource: string;
}

function inlineStyle(css: string): InlineStyle {
  // Inside <style> only `</style` could end the element early; Bootstrap and app.css never hold it.
  if (/<\/style/i.test(css)) throw new Error('CSS con </style');
  return { css, cspSource: `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'` };
}

/** Bootstrap purged against the portal's sources, then app.css (from the sources; cached like the subset). */
async function portalCssFromSources(log: FastifyInstance['log']): Promise<string> {
  const files = readSourceFiles().filter(isPortalSource);
  const appCss = readFileSync(join(staticDir, 'css', 'app.css'), 'utf8');
  const fullHash = hashOf(readFileSync(join(bootstrapDist, 'css/bootstrap.min.css')));
  const version = hashOf([fullHash, JSON.stringify(PORTAL_SAFELIST), appCss, ...files.map((f) => f.text)].join('\0'));
  const bootstrap = await bootstrapSubsetCss(
    version,
    files.map((f) => f.text),
    log,
    'portal-bootstrap',
    PORTAL_SAFELIST,
  );
  return `${bootstrap}\n${appCss}`;
}

/** The inlined CSS's file among the prebuilt assets. */
const PORTAL_CSS_FILE = 'portal-inline.css';
let portalStylePromise: Promise<InlineStyle> | null = null;
let portalStyleReady: InlineStyle | null = null;

/**
 * Computes (or reads, after `npm run build`) the portal's inlined CSS once per process; the app
 * awaits it before it sets its Content-Security-Policy, which carries the CSS's hash.
 */
export function preparePortalStyle(log: FastifyInstance['log']): Promise<InlineStyle> {
  portalStylePromise ??= (async () => {
    const prebuilt = prebuiltDir && existsSync(join(prebuiltDir, PORTAL_CSS_FILE)) ? readFileSync(join(prebuiltDir, PORTAL_CSS_FILE), 'utf8') : null;
    const style = inlineStyle(prebuilt ?? (await portalCssFromSources(log)));
    portalStyleReady = style;
    return style;
  })();
  return portalStylePromise;
}

/** The portal's inlined CSS, once `preparePortalStyle` has run (null before: pages then link the stylesheets). */
export function portalStyle(): InlineStyle | null {
  return portalStyleReady;
}

let bundlesPromise: Promise<Map<string, CompiledAsset>> | null = null;
/** Compiled subsets by version, shared by every app of the process (tests build many). */
const subsets = new Map<string, Promise<CompiledAsset>>();
const versions = new Map<string, string>();

/** The bundles this process serves, by file name (the service worker's route reads its own). */
const servedBundles = new Map<string, CompiledAsset>();

/** A client bundle's JavaScript and content hash (e.g. `sw.js`), once assets are registered. */
export function clientBundle(name: string): { source: Buffer; hash: string } | null {
  const b = servedBundles.get(name);
  return b ? { source: b.identity, hash: b.hash } : null;
}

/** One hash of every asset's version: it changes whenever any script or stylesheet does (a release). */
export function assetsFingerprint(): string {
  return hashOf(
    [...versions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
}

/** URL of an asset with its content hash, e.g. `asset('js/portal.js')`, `asset('css/app.css')`. */
export function asset(path: string): string {
  const v = versions.get(path);
  return v ? `/assets/${path}?v=${v}` : `/assets/${path}`;
}

/** Picks the best encoding the client accepts: brotli, then gzip, else none. */
export function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

const MAX_AGE = 365 * 24 * 3600;

function sendCompiled(request: FastifyRequest, reply: FastifyReply, a: CompiledAsset): FastifyReply {
  const etag = `"${a.hash}"`;
  reply.header('cache-control', `public, max-age=${MAX_AGE}, immutable`).header('etag', etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  reply.type(a.type);
  // A set Content-Encoding tells @fastify/compress the body is already compressed.
  if (encoding === 'identity') return reply.send(a.identity);
  return reply.header('content-encoding', encoding).send(encoding === 'br' ? a.br : a.gzip);
}

interface AssetSet {
  bundles: Map<string, CompiledAsset>;
  stylesheets: Map<string, CompiledAsset>;
  /** The Bootstrap subset, possibly computed lazily. */
  bootstrapSubset: () => Promise<CompiledAsset>;
  subsetVersion: string;
}

/** Assets compiled from the sources in this process (development, tests). */
async function assetsFromSources(app: FastifyInstance): Promise<AssetSet> {
  bundlesPromise ??= buildBundles();
  const bundles = await bundlesPromise;
  const stylesheets = readStylesheets();
  // The subset's URL must be known before it is computed: hash its inputs instead of its output.
  const sources = readSourceFiles().map((f) => f.text);
  const fullHash = hashOf(readFileSync(join(bootstrapDist, 'css/bootstrap.min.css')));
  const subsetVersion = hashOf([fullHash, JSON.stringify(SAFELIST, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v)), ...sources].join('\0'));
  const bootstrapSubset = () => {
    let subset = subsets.get(subsetVersion);
    if (!subset) {
      subset = bootstrapSubsetCss(subsetVersion, sources, app.log).then((css) => compile(css, 'text/css; charset=utf-8', subsetVersion));
      subsets.set(subsetVersion, subset);
    }
    return subset;
  };
  return { bundles, stylesheets, bootstrapSubset, subsetVersion };
}

interface ManifestEntry {
  file: string;
  type: string;
  hash: string;
}

/** Compiles every asset and writes it, with its brotli and gzip forms and a manifest, to `dir`. */
export async function writePrebuiltAssets(dir: string, log: FastifyInstance['log']): Promise<number> {
  const fakeApp = { log } as FastifyInstance;
  const set = await assetsFromSources(fakeApp);
  const subset = await set.bootstrapSubset();
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, ManifestEntry> = {};
  const write = (key: string, file: string, a: CompiledAsset) => {
    writeFileSync(join(dir, file), a.identity);
    writeFileSync(join(dir, `${file}.br`), a.br);
    writeFileSync(join(dir, `${file}.gz`), a.gzip);
    manifest[key] = { file, type: a.type, hash: a.hash };
  };
  for (const [name, a] of set.bundles) write(`js/${name}`, `js-${name}`, a);
  for (const [name, a] of set.stylesheets) write(`css/${name}`, `css-${name}`, a);
  write(BOOTSTRAP_CSS, 'bootstrap.subset.css', subset);
  writeFileSync(join(dir, PORTAL_CSS_FILE), (await preparePortalStyle(log)).css);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return Object.keys(manifest).length;
}

/** Assets written by `npm run build`: read once, nothing compiled at start. */
function assetsFromPrebuilt(dir: string): AssetSet {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
  const load = (e: ManifestEntry): CompiledAsset => ({
    type: e.type,
    hash: e.hash,
    identity: readFileSync(join(dir, e.file)),
    br: readFileSync(join(dir, `${e.file}.br`)),
    gzip: readFileSync(join(dir, `${e.file}.gz`)),
  });
  const bundles = new Map<string, CompiledAsset>();
  const stylesheets = new Map<string, CompiledAsset>();
  let subset: CompiledAsset | null = null;
  for (const [key, e] of Object.entries(manifest)) {
    if (key.startsWith('js/')) bundles.set(key.slice(3), load(e));
    else if (key.startsWith('css/')) stylesheets.set(key.slice(4), load(e));
    else if (key === BOOTSTRAP_CSS) subset = load(e);
  }
  if (!subset) throw new Error(`Faltan recursos compilados en ${dir}: ejecute npm run build`);
  const ready = subset;
  return { bundles, stylesheets, bootstrapSubset: async () => ready, subsetVersion: ready.hash };
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  const set = prebuiltDir && existsSync(join(prebuiltDir, 'manifest.json')) ? assetsFromPrebuilt(prebuiltDir) : await assetsFromSources(app);
  const { bundles, stylesheets, bootstrapSubset } = set;
  for (const [name, b] of bundles) {
    versions.set(`js/${name}`, b.hash);
    servedBundles.set(name, b);
  }
  for (const [name, s] of stylesheets) versions.set(`css/${name}`, s.hash);
  versions.set(FULL_BOOTSTRAP_CSS, hashOf(readFileSync(join(bootstrapDist, 'css/bootstrap.min.css'))));
  versions.set(BOOTSTRAP_CSS, set.subsetVersion);
  // A listening server computes it right away, so the first visitor does not wait for it.
  app.addHook('onListen', async () => {
    void bootstrapSubset();
  });

  if (!prebuiltDir) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/assets/',
      maxAge: MAX_AGE * 1000,
      immutable: true,
      index: false,
      wildcard: true,
    });
  }
  await app.register(fastifyStatic, {
    root: bootstrapDist,
    prefix: '/assets/vendor/bootstrap/',
    decorateReply: prebuiltDir !== null,
    maxAge: MAX_AGE * 1000,
    immutable: true,
    index: false,
    allowedPath: (path) => /\.(css|js)$/.test(path) && !path.includes('.map'),
  });
  app.get<{ Params: { name: string } }>('/assets/js/:name', { schema: { hide: true } }, async (request, reply) => {
    const bundle = bundles.get(request.params.name);
    if (!bundle) return reply.callNotFound();
    return sendCompiled(request, reply, bundle);
  });
  app.get<{ Params: { name: string } }>('/assets/css/:name', { schema: { hide: true } }, async (request, reply) => {
    const stylesheet = stylesheets.get(request.params.name);
    if (!stylesheet) return reply.callNotFound();
    return sendCompiled(request, reply, stylesheet);
  });
  app.get(`/assets/${BOOTSTRAP_CSS}`, { schema: { hide: true } }, async (request, reply) => sendCompiled(request, reply, await bootstrapSubset()));
}
