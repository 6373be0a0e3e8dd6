/**
 * The portal's service worker, served at `/sw.js` (scope `/`) by `web/offline/offline.routes.ts`,
 * which puts `self.ITIMS_SW = {version, shell, precache}` before this bundle.
 *
 * - Install: caches this release's shell (the form `/`, the tracking lookup `/t`, the offline page),
 *   every `/assets/…` file those pages link to, the manifest and icons, the categories, the FAQ index
 *   and the offline assistant's script, in a cache named after the release (`itims-shell-<version>`).
 *   Activate deletes the caches of earlier releases, so a new release replaces the old one cleanly.
 * - Pages: network first (a few seconds at most for the shell on a bad link), the cached copy when
 *   the network fails. A cached shell gets a fresh idempotency key, so two tickets filed offline from
 *   it are two tickets. Tracking pages `/t/{code}` opened on this device (by their full code — the
 *   only way there is) are kept, the last few, and shown offline marked as a saved copy.
 * - Filing: a form post the network cannot carry is kept in the outbox (`_outbox.ts`) with its key
 *   (and its upload ids, or its files) and answered with the home page, where it shows as
 *   "pendiente de envío"; Background Sync (or the page, when the browser has no Background Sync)
 *   sends it when the network returns.
 * - Scripts and styles: cache first (their URLs carry a content hash).
 */
import { filesFromForm, filingFromForm, flushOutbox, queueFiling, SYNC_TAG, TICKETS_CACHE, uploadIdsFromForm } from './_outbox';

interface SwConfig {
  version: string;
  /** Pages cached at install; the assets they link to are cached with them. */
  shell: string[];
  /** Other URLs cached at install (manifest, icons, data, the offline assistant). */
  precache: string[];
  /** The page shown offline for anything not cached. */
  offlinePage: string;
}

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
interface WorkerScope {
  ITIMS_SW: SwConfig;
  location: Location;
  registration: { sync?: { register(tag: string): Promise<void> } };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'sync', fn: (e: SyncEvent) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableEvent & { data: unknown }) => void): void;
}

const sw = self as unknown as WorkerScope;
const config = sw.ITIMS_SW;
const SHELL_PREFIX = 'itims-shell-';
const SHELL_CACHE = `${SHELL_PREFIX}${config.version}`;
const MAX_SAVED_TICKETS = 5;
/** How long a page waits for the network before the cached copy is shown (bad links). */
const PAGE_TIMEOUT_MS = 4000;
/** How long a filing waits for the server before it is kept on the device (it may still arrive: the key makes that safe). */
const FILING_TIMEOUT_MS = 30_000;
const TICKET_PATH = /^\/t\/(TK-[0-9A-Z]{8})$/;
const ASSET_LINK = /(?:href|src)="(\/assets\/[^"]+)"/g;

const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function precache(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const urls = new Set(config.precache);
  urls.add(config.offlinePage);
  for (const page of config.shell) {
    const response = await fetch(page, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(`${page}: ${response.status}`);
    const html = await response.clone().text();
    for (const m of html.matchAll(ASSET_LINK)) urls.add(m[1]!.replace(/&amp;/g, '&'));
    await cache.put(page, response);
  }
  await cache.addAll([...urls].filter((u) => !config.shell.includes(u)));
}

sw.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** A cached page's HTML, changed before it is shown: a fresh form key, marked as a copy, the date of the copy. */
async function fromCache(cached: Response, savedCopy: boolean): Promise<Response> {
  let html = await cached.text();
  html = html.replace(/(name="idempotencyKey" value=")[^"]*"/g, `$1${newKey()}"`);
  // A copy, not today's page: the stylesheet hides what only the live page may say (open incidents).
  html = html.replace(/<html([^>]*)>/, '<html$1 data-shell-copy="">');
  if (savedCopy) {
    const savedAt = cached.headers.get('x-itims-saved-at') ?? '';
    html = html.replace(/<html([^>]*)>/, `<html$1 data-cached-at="${savedAt.replace(/[^0-9TZ:.-]/g, '')}">`);
  }
  return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

async function offlinePage(): Promise<Response> {
  const cached = await caches.match(config.offlinePage, { cacheName: SHELL_CACHE });
  return cached ?? Response.error();
}

async function keepTicketPage(code: string, response: Response): Promise<void> {
  const cache = await caches.open(TICKETS_CACHE);
  const headers = new Headers(response.headers);
  headers.set('x-itims-saved-at', new Date().toISOString());
  await cache.put(`/t/${code}`, new Response(await response.blob(), { status: 200, headers }));
  // Only the last few: a shared office PC should not collect everyone's tickets.
  const saved = await Promise.all((await cache.keys()).map(async (request) => ({ request, at: (await cache.match(request))?.headers.get('x-itims-saved-at') ?? '' })));
  saved.sort((a, b) => b.at.localeCompare(a.at));
  for (const old of saved.slice(MAX_SAVED_TICKETS)) await cache.delete(old.request);
}

async function page(event: FetchEvent, url: URL): Promise<Response> {
  const shellKey = url.pathname === '/' || url.pathname.startsWith('/a/') ? '/' : url.pathname === '/t' ? '/t' : null;
  const ticket = TICKET_PATH.exec(url.pathname)?.[1] ?? null;
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === 'basic') {
      if (shellKey === url.pathname) await (await caches.open(SHELL_CACHE)).put(shellKey, response.clone());
      else if (ticket) await keepTicketPage(ticket, response.clone());
    }
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  const cachedCopy = async () => {
    if (shellKey) return caches.match(shellKey, { cacheName: SHELL_CACHE });
    if (ticket) return caches.match(`/t/${ticket}`, { cacheName: TICKETS_CACHE });
    return undefined;
  };
  try {
    const first = shellKey ? await Promise.race([network, timeout(PAGE_TIMEOUT_MS)]) : await network;
    if (first !== 'timeout') return first;
    const cached = await cachedCopy();
    return cached ? fromCache(cached, false) : await network;
  } catch {
    const cached = await cachedCopy();
    if (cached) return fromCache(cached, !!ticket);
    return offlinePage();
  }
}

/** A form post: to the server when it answers in time, otherwise into the outbox. */
async function fileOrQueue(event: FetchEvent): Promise<Response> {
  const form = await event.request.clone().formData();
  const get = (name: string) => String(form.get(name) ?? '');
  const network = fetch(event.request);
  event.waitUntil(network.catch(() => undefined));
  try {
    const answer = await Promise.race([network, timeout(FILING_TIMEOUT_MS)]);
    if (answer !== 'timeout') return answer;
  } catch {
    // No network, or the connection dropped (perhaps after the server filed it: the key covers that).
  }
  // Only a DNI lookup, not a filing: "Verificar DNI", or Enter with nothing but the DNI typed (the
  // server's own rule, portal.pages.tsx) — nothing to keep for later; the offline page says why.
  const enterWithDniOnly = get('action') === 'enter' && !get('categoryId') && !get('description').trim() && !get('contactPhone').trim();
  if (get('action') === 'lookup' || enterWithDniOnly) return offlinePage();
  // The photos the page uploaded before the post are `attachmentIds`; files posted with the form are kept as they are.
  await queueFiling({
    key: get('idempotencyKey') || newKey(),
    state: 'pending',
    createdAt: Date.now(),
    lang: get('pageLanguage') || 'es',
    fields: filingFromForm(get),
    files: filesFromForm(form),
    attachmentIds: uploadIdsFromForm(form),
  });
  await sw.registration.sync?.register(SYNC_TAG).catch(() => undefined);
  return Response.redirect('/?pendiente=1', 303);
}

/** Scripts, styles, icons: cache first. An old page's asset (an earlier release) gets today's file of the same name. */
async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
    return response;
  } catch (err) {
    const sameFile = await caches.match(request, { ignoreSearch: true, cacheName: SHELL_CACHE });
    if (sameFile) return sameFile;
    throw err;
  }
}

/** Categories and the FAQ index: fresh when the network answers, the cached copy otherwise. */
async function data(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const key = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(SHELL_CACHE).then((c) => c.put(key, copy)));
    }
    return response;
  } catch (err) {
    const cached = await caches.match(key, { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw err;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && url.pathname === '/tickets') {
    event.respondWith(fileOrQueue(event));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // Staff pages and the API documentation are never cached; offline they get the offline page.
    event.respondWith(page(event, url));
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/manifest.webmanifest') {
    event.respondWith(asset(request));
    return;
  }
  if (url.pathname === '/api/v1/categories' || url.pathname === '/api/v1/faq-index') event.respondWith(data(event));
});

sw.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  // A rejected promise tells the browser to try again later.
  event.waitUntil(
    flushOutbox().then((r) => {
      if (r.pending) throw new Error('pendiente');
    }),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'flush') event.waitUntil(flushOutbox());
});
