/**
 * Bench scenario: the portal on a slow provincial link (issue 20) — 400 kbit/s each way with 400 ms
 * of round trip — in real Chromium, beside a floor measured through the same link in the same run.
 *
 * The link is a TCP proxy (`startSlowLink`), not DevTools throttling: DevTools throttles only the
 * page's own requests (not the service worker's, nor connection set-up), while every byte Chromium
 * sends or receives crosses this proxy, shaped like a real line:
 * - one queue per direction shared by every connection (6 parallel downloads share 400 kbit/s);
 * - each piece waits for the line (its size ÷ the rate), then half the round trip;
 * - a new connection waits one round trip before its first byte goes (the TCP handshake).
 *
 * Measured per visit, from the navigation's start, in the page:
 * - first render: `first-contentful-paint` (the stylesheets that block rendering are in it);
 * - form usable: the later of first render and `DOMContentLoaded` (deferred scripts have run, so
 *   the DNI fill-in and the offline queue are live), with `#dni` visible;
 * - bytes: what crossed the link towards the browser (headers, TLS-less HTTP/1.1, compressed bodies).
 * Floor: a 200-byte HTML page with no assets, through the same link: what the link alone costs.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface LinkProfile {
  /** Bits per second, each way. */
  bitsPerSecond: number;
  /** Round trip, milliseconds. */
  rttMs: number;
}

export const PROVINCIAL_LINK: LinkProfile = { bitsPerSecond: 400_000, rttMs: 400 };

export interface SlowLink {
  base: string;
  /** Bytes delivered to the browser since the last `reset()`. */
  downBytes(): number;
  reset(): void;
  close(): Promise<void>;
}

/** One direction of the line: pieces leave in order, each after the line is free, then half the round trip. */
class Line {
  private freeAt = 0;
  constructor(
    private readonly bytesPerMs: number,
    private readonly oneWayMs: number,
  ) {}
  /** When a piece of `bytes` handed over now arrives at the far end (never before `notBefore`). */
  schedule(bytes: number, notBefore: number): number {
    const now = performance.now();
    this.freeAt = Math.max(now, this.freeAt) + bytes / this.bytesPerMs;
    return Math.max(this.freeAt + this.oneWayMs, notBefore);
  }
}

const PIECE = 4096;

export async function startSlowLink(target: string, profile: LinkProfile = PROVINCIAL_LINK): Promise<SlowLink> {
  const { hostname, port } = new URL(target);
  const bytesPerMs = profile.bitsPerSecond / 8 / 1000;
  const down = new Line(bytesPerMs, profile.rttMs / 2);
  const up = new Line(bytesPerMs, profile.rttMs / 2);
  let delivered = 0;
  const sockets = new Set<Socket>();

  /** Copies `from` to `to` across `line`, in order; ends `to` after the last piece. */
  const pipe = (from: Socket, to: Socket, line: Line, openAt: number, count: boolean) => {
    let last = openAt;
    const at = (when: number, fn: () => void) => setTimeout(fn, Math.max(0, when - performance.now()));
    from.on('data', (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i += PIECE) {
        const piece = chunk.subarray(i, i + PIECE);
        last = Math.max(last, line.schedule(piece.length, openAt));
        at(last, () => {
          if (to.destroyed) return;
          to.write(piece);
          if (count) delivered += piece.length;
        });
      }
    });
    from.on('end', () => at(last + 1, () => to.end()));
    from.on('error', () => at(last + 1, () => to.destroy()));
    from.on('close', () => at(last + 1, () => to.destroy()));
  };

  const server: Server = createServer((client) => {
    // The handshake: nothing the browser sends reaches the server before one round trip.
    const openAt = performance.now() + profile.rttMs;
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    pipe(client, upstream, up, openAt, false);
    pipe(upstream, client, down, openAt, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${address.port}`,
    downBytes: () => delivered,
    reset: () => {
      delivered = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface VisitTiming {
  firstRenderMs: number;
  formUsableMs: number;
  loadMs: number;
  bytes: number;
  requests: number;
}

async function timing(page: Page, selector: string | null): Promise<Omit<VisitTiming, 'bytes' | 'requests'>> {
  if (selector) await page.locator(selector).waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0 && document.readyState === 'complete', null, { timeout: 60_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]!.startTime;
    return { firstRenderMs: fcp, formUsableMs: Math.max(fcp, nav.domContentLoadedEventEnd), loadMs: nav.loadEventEnd };
  });
}

async function visit(context: BrowserContext, link: SlowLink, url: string, selector: string | null, page?: Page): Promise<VisitTiming> {
  const p = page ?? (await context.newPage());
  let requests = 0;
  const count = () => requests++;
  p.on('request', count);
  link.reset();
  await p.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const t = await timing(p, selector);
  p.off('request', count);
  return { ...t, bytes: link.downBytes(), requests };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function medianVisit(visits: VisitTiming[]): VisitTiming {
  return {
    firstRenderMs: median(visits.map((v) => v.firstRenderMs)),
    formUsableMs: median(visits.map((v) => v.formUsableMs)),
    loadMs: median(visits.map((v) => v.loadMs)),
    bytes: median(visits.map((v) => v.bytes)),
    requests: median(visits.map((v) => v.requests)),
  };
}

export interface SlowLinkResult {
  profile: LinkProfile;
  runs: number;
  floor: VisitTiming;
  firstVisit: VisitTiming;
  /** The second visit on the same device: the service worker installed, the link as slow. */
  repeatVisit: VisitTiming;
  /** The same device with no network at all. */
  offlineVisit: Omit<VisitTiming, 'bytes' | 'requests'>;
  /** How long the service worker took to cache the portal after the first visit's `load`. */
  installMs: number;
}

/**
 * First visits (fresh browser profile each: nothing cached), the floor, then one device's repeat
 * visit once its service worker is installed, and that device offline. Medians of `runs`.
 */
export async function measureSlowLink(portal: string, floorPage: string, opts: { runs?: number; profile?: LinkProfile } = {}): Promise<SlowLinkResult> {
  const runs = opts.runs ?? 3;
  const profile = opts.profile ?? PROVINCIAL_LINK;
  const portalLink = await startSlowLink(portal, profile);
  const floorUrl = new URL(floorPage);
  const floorLink = await startSlowLink(floorUrl.origin, profile);
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const fresh = () => browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-PE' });
  try {
    const floors: VisitTiming[] = [];
    const firsts: VisitTiming[] = [];
    for (let i = 0; i < runs; i++) {
      const a = await fresh();
      floors.push(await visit(a, floorLink, `${floorLink.base}${floorUrl.pathname}`, null));
      await a.close();
      const b = await fresh();
      firsts.push(await visit(b, portalLink, `${portalLink.base}/`, '#dni'));
      await b.close();
    }
    // One device: first visit, wait for the service worker to cache the portal, then come back.
    const device = await fresh();
    const page = await device.newPage();
    await visit(device, portalLink, `${portalLink.base}/`, '#dni', page);
    const installStart = performance.now();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    const installMs = performance.now() - installStart;
    const repeats: VisitTiming[] = [];
    for (let i = 0; i < runs; i++) repeats.push(await visit(device, portalLink, `${portalLink.base}/`, '#dni', page));
    await device.setOffline(true);
    const offline = await visit(device, portalLink, `${portalLink.base}/`, '#dni', page);
    await device.close();
    return {
      profile,
      runs,
      floor: medianVisit(floors),
      firstVisit: medianVisit(firsts),
      repeatVisit: medianVisit(repeats),
      offlineVisit: { firstRenderMs: offline.firstRenderMs, formUsableMs: offline.formUsableMs, loadMs: offline.loadMs },
      installMs,
    };
  } finally {
    await browser.close();
    await portalLink.close();
    await floorLink.close();
  }
}
