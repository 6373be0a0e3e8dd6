/**
 * Real Chromium for page tests (Debian's package; no browser download). Pages are served by a
 * real app on a real port; axe-core is injected from node_modules to check accessibility.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app';

const require = createRequire(import.meta.url);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** The desktop size most page tests use. */
export const DESKTOP = { width: 1280, height: 900 };

/** Chromium for one test file, on the pages at `base`; every context it opens is closed with it. */
export class ChromiumSession {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly browser: Browser,
    readonly base: string,
    private readonly app?: TestApp,
  ) {}

  /** Chromium for pages at `base` (a server the caller runs, e.g. a proxy in front of the app). */
  static async start(base: string): Promise<ChromiumSession> {
    return new ChromiumSession(await launchBrowser(), base);
  }

  /**
   * Serves `app` on a loopback port and opens Chromium on it; `close` closes the app too (a file's
   * `afterAll` closes the app alone when the session never started).
   */
  static async serve(app: TestApp): Promise<ChromiumSession> {
    const base = await listen(app);
    return new ChromiumSession(await launchBrowser(), base, app);
  }

  /** A new browser context with exactly these options. */
  async context(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    return context;
  }

  /** A page in a new context, and the list of the requests it makes to hosts other than `base`. */
  async open(options: BrowserContextOptions): Promise<{ page: Page; context: BrowserContext; foreign: string[] }> {
    const context = await this.context(options);
    const page = await context.newPage();
    return { page, context, foreign: recordForeignRequests(page, this.base) };
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser.close();
    await this.app?.close();
  }
}

/** Listens on a random loopback port and returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core violations on the current page. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() is not subject to the page's Content-Security-Policy (an inline tag would be).
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Fails with every serious or critical axe-core violation on the page, each named with `label`;
 * given a phone `width` (390 px or less), also when the page scrolls sideways.
 */
export async function expectAccessible(page: Page, label: string, width?: number): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations.map((v) => `${label}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  if (width !== undefined && width <= 390) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} scrolls sideways`).toBeLessThanOrEqual(width);
}

/** Fails on any request to a host other than the app's own. */
export function recordForeignRequests(page: Page, baseUrl: string): string[] {
  const foreign: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:')) return;
    if (new URL(u).origin !== origin) foreign.push(u);
  });
  return foreign;
}
