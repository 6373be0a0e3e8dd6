/**
 * Page weights as a browser with an empty cache receives them: for each page, its HTML and every
 * `/assets/…` file it links (stylesheets, scripts, icons), fetched with `Accept-Encoding: br, gzip`
 * over plain HTTP/1.1 so the bytes counted are the bytes on the wire (response bodies, headers not
 * counted) and `raw` is the same body decoded. A text resource that arrives without a
 * `Content-Encoding` is listed in `uncompressed`: on an office's slow link it costs several times
 * its compressed size.
 *
 * Used by `npm run bench` (the portal home row) and `npm run bench -- --only page-weights` (the
 * per-page table the README quotes), and by `scripts/page-weights.ts` against a running server.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface Resource {
  path: string;
  type: string;
  encoding: string;
  wireBytes: number;
  rawBytes: number;
}

export interface PageWeight {
  name: string;
  path: string;
  status: number;
  wireBytes: number;
  rawBytes: number;
  requests: number;
  resources: Resource[];
  /** Text resources (HTML, CSS, JS, JSON, SVG) over 512 bytes that came without compression. */
  uncompressed: string[];
}

function get(base: string, path: string, cookie?: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

const isText = (type: string) => /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg)/.test(type);

/** The same-origin assets an HTML page links (deduplicated, in document order). */
export function linkedAssets(html: string): string[] {
  const found = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return [...new Set(found)];
}

/** Measures one page: its HTML and each asset it links. */
export async function measurePage(base: string, name: string, path: string, cookie?: string): Promise<PageWeight> {
  const page = await get(base, path, cookie);
  const resources: Resource[] = [];
  const add = (p: string, r: { headers: Record<string, string>; body: Buffer }) => {
    const encoding = r.headers['content-encoding'] || 'identity';
    resources.push({ path: p, type: (r.headers['content-type'] ?? '').split(';')[0]!, encoding, wireBytes: r.body.length, rawBytes: decode(r.body, encoding).length });
  };
  add(path, page);
  const html = decode(page.body, page.headers['content-encoding'] || 'identity').toString('utf8');
  for (const asset of linkedAssets(html)) add(asset, await get(base, asset, cookie));
  return {
    name,
    path,
    status: page.status,
    wireBytes: resources.reduce((s, r) => s + r.wireBytes, 0),
    rawBytes: resources.reduce((s, r) => s + r.rawBytes, 0),
    requests: resources.length,
    resources,
    uncompressed: resources.filter((r) => r.encoding === 'identity' && isText(r.type) && r.rawBytes > 512).map((r) => `${r.path} (${r.rawBytes} B)`),
  };
}

/** A staff session cookie for the pages behind the login (the JSON login sets the same cookie). */
export async function staffCookie(base: string, username: string, password: string): Promise<string | null> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) return null;
  return (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** The pages of the README's table; `ticketCode` is a ticket that exists (tracking and staff views). */
export function weighedPages(ticketCode: string): { name: string; path: string; staff: boolean }[] {
  return [
    { name: 'Portal: home (form + assistant)', path: '/', staff: false },
    { name: 'Portal: ticket tracking', path: `/t/${ticketCode}`, staff: false },
    { name: 'Portal: Mis tickets', path: '/mis-tickets', staff: false },
    { name: 'Staff sign-in', path: '/login', staff: false },
    { name: 'Staff: queue', path: '/staff/queue', staff: true },
    { name: 'Staff: ticket', path: `/staff/tickets/${ticketCode}`, staff: true },
    { name: 'Staff: tickets list', path: '/staff/tickets', staff: true },
    { name: 'Staff: dashboards', path: '/staff/dashboards', staff: true },
    { name: 'Admin: categories', path: '/staff/admin/categories', staff: true },
    { name: 'Admin: staff directory', path: '/staff/admin/staff', staff: true },
  ];
}

/** Every page of `weighedPages`, staff ones with the cookie. */
export async function measurePages(base: string, ticketCode: string, cookie: string | null): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  for (const p of weighedPages(ticketCode)) {
    if (p.staff && !cookie) continue;
    out.push(await measurePage(base, p.name, p.path, p.staff ? (cookie ?? undefined) : undefined));
  }
  return out;
}

const kb = (n: number) => (n / 1024).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The Markdown table the README carries (same rounding as the bench's rows). */
export function weightsTable(pages: PageWeight[]): string {
  const lines = ['| page | path | over the wire (brotli) | uncompressed | requests |', '|---|---|---|---|---|'];
  for (const p of pages) lines.push(`| ${p.name} | \`${p.path.replace(/TK-[A-Z0-9]+/, 'TK-…')}\` | ${kb(p.wireBytes)} KB | ${kb(p.rawBytes)} KB | ${p.requests} |`);
  return lines.join('\n');
}
