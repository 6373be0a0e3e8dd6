/**
 * The authorization matrix, over EVERY route the app registers (read from the router itself, so a
 * route added tomorrow is covered without editing this file):
 *
 * - an API route under /api/v1 is a staff route unless listed in PUBLIC_API below;
 * - a page is a staff page when its path starts with /staff or is /logout;
 * - a staff route is admin-only when its path contains /admin/ or starts with one of ADMIN_ONLY_PREFIXES.
 *
 * For each staff route: anonymous → 401 (API) or 303 to /login (pages); a revoked token → the
 * same; a technician on an admin route → 403. Guards run before body and parameter validation,
 * so no route needs a valid body here. A new public route must be added to PUBLIC_API on purpose.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildUser } from '../../test/helpers/factories';
import { bearerToken, loginAs } from '../../test/helpers/auth';

/** API routes anyone may call (method + path as registered). */
const PUBLIC_API = new Set([
  'GET /api/v1/health',
  'GET /api/v1/categories',
  'GET /api/v1/directory/:dni',
  'GET /api/v1/directory/:dni/tickets',
  'GET /api/v1/directory/:dni/assets',
  'POST /api/v1/tickets',
  'GET /api/v1/tickets/:code',
  'POST /api/v1/tickets/:code/survey',
  'POST /api/v1/tickets/:code/messages',
  'POST /api/v1/tickets/:code/reopen',
  'GET /api/v1/tickets/:code/attachments/:id',
  'POST /api/v1/attachments',
  'POST /api/v1/auth/login',
  'POST /api/v1/chat',
  'POST /api/v1/chat/:interactionId/feedback',
  // The FAQ the offline assistant searches in the browser (issue 20): what the assistant tells anyone.
  'GET /api/v1/faq-index',
  // Open major incidents for the portal's banner (issue 19): title, public message, category, offices — no ticket codes.
  'GET /api/v1/incidents',
]);

/** Admin-only routes whose path does not say /admin/ (path prefixes): dashboards and report exports. */
const ADMIN_ONLY_PREFIXES = ['/staff/dashboards', '/api/v1/reports/'];

interface RouteEntry {
  method: string;
  path: string;
}

/** Every (method, path) of the router, from `printRoutes` (a tree of path segments). */
function listRoutes(tree: string): RouteEntry[] {
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = stack.join('');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      out.push({ method, path });
  }
  return out;
}

function isStaffRoute(r: RouteEntry): boolean {
  if (r.method === 'HEAD' || r.method === 'OPTIONS') return false;
  if (r.path.startsWith('/api/v1/')) return !PUBLIC_API.has(`${r.method} ${r.path}`);
  return r.path === '/staff' || r.path.startsWith('/staff/') || r.path === '/logout';
}

const isAdminRoute = (r: RouteEntry) => r.path.includes('/admin/') || ADMIN_ONLY_PREFIXES.some((p) => r.path.startsWith(p));

/** A concrete URL for a route pattern. */
function concrete(path: string): string {
  return path
    .replace(/:code\b/g, 'TK-AAAAAAAA')
    .replace(/:year\b/g, '2026')
    .replace(/:dni\b/g, '12345678')
    .replace(/:[A-Za-z]+/g, '1')
    .replace(/\*/g, 'x');
}

describeEachDialect('authorization matrix', (dialect) => {
  let t: TestApp;
  let staffRoutes: RouteEntry[];
  let technicianToken: string;
  let technicianCookie: string;
  let revokedToken: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    staffRoutes = listRoutes(t.app.printRoutes({ commonPrefix: false })).filter(isStaffRoute);
    const technician = await buildUser(t.database, { role: 'technician' });
    const admin = await buildUser(t.database, { role: 'admin' });
    technicianToken = await bearerToken(t, technician);
    technicianCookie = (await loginAs(t, technician)).cookie;
    revokedToken = await bearerToken(t, admin, 'revocado');
    const s = await loginAs(t, admin);
    const list = (await t.app.inject({ url: '/api/v1/auth/tokens', headers: s.headers })).json() as { id: number; name: string }[];
    const id = list.find((x) => x.name === 'revocado')!.id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: s.headers })).statusCode).toBe(204);
  });
  afterAll(() => t.close());

  const call = (r: RouteEntry, headers: Record<string, string> = {}) => t.app.inject({ method: r.method as 'GET', url: concrete(r.path), headers: { accept: 'text/html', ...headers } });

  it('finds the staff routes of the router (the matrix is not empty)', () => {
    const keys = staffRoutes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining(['GET /api/v1/auth/me', 'POST /api/v1/auth/tokens', 'DELETE /api/v1/auth/tokens/:id', 'GET /staff/profile', 'POST /logout']));
    // The technicians' workspace (API and pages).
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/v1/queue',
        'POST /api/v1/queue/next',
        'GET /api/v1/queue/events',
        'POST /api/v1/tickets/:code/assign',
        'POST /api/v1/tickets/:code/transition',
        'POST /api/v1/tickets/:code/notes',
        'GET /api/v1/tickets',
        'GET /api/v1/staff/tickets/:code',
        'GET /api/v1/admin/settings/queue',
        'PUT /api/v1/admin/settings/queue',
        'GET /staff/queue',
        'POST /staff/queue/next',
        'POST /staff/admin/queue-settings',
        'GET /staff/mine',
        'GET /staff/tickets',
        'GET /staff/tickets/:code',
        'POST /staff/tickets/:code/assign',
        'POST /staff/tickets/:code/transition',
        'POST /staff/tickets/:code/notes',
      ]),
    );
  });

  it('answers 401 to anonymous API calls and sends anonymous browsers to the login page', async () => {
    const wrong: string[] = [];
    for (const r of staffRoutes) {
      const res = await call(r);
      const api = r.path.startsWith('/api/');
      const ok = api ? res.statusCode === 401 && res.json().error.code === 'UNAUTHENTICATED' : res.statusCode === 303 && String(res.headers.location).startsWith('/login');
      if (!ok) wrong.push(`${r.method} ${r.path} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('treats a revoked token as no credentials at all', async () => {
    const wrong: string[] = [];
    for (const r of staffRoutes) {
      const res = await call(r, { authorization: `Bearer ${revokedToken}` });
      const api = r.path.startsWith('/api/');
      const ok = api ? res.statusCode === 401 : res.statusCode === 303;
      if (!ok) wrong.push(`${r.method} ${r.path} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to a technician on every admin route (token or session)', async () => {
    const wrong: string[] = [];
    const adminRoutes = staffRoutes.filter(isAdminRoute);
    for (const r of adminRoutes) {
      const viaToken = await call(r, { authorization: `Bearer ${technicianToken}` });
      const api = r.path.startsWith('/api/');
      if (viaToken.statusCode !== 403 || (api && viaToken.json().error.code !== 'FORBIDDEN')) wrong.push(`${r.method} ${r.path} (token) → ${viaToken.statusCode}`);
      if (r.method === 'GET') {
        const viaCookie = await call(r, { cookie: technicianCookie });
        if (viaCookie.statusCode !== 403) wrong.push(`${r.method} ${r.path} (session) → ${viaCookie.statusCode}`);
        if (!api && !String(viaCookie.headers['content-type']).includes('text/html')) wrong.push(`${r.method} ${r.path}: 403 is not a page`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
