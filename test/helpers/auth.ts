/**
 * Signing in from tests. `loginAs` goes through the real login API and returns what an
 * `inject` call needs; `bearerToken` creates a personal API token; `loginInBrowser` fills the
 * login form of a Playwright page.
 */
import type { Page } from 'playwright-core';
import type { TestApp } from './app';
import { buildUser } from './factories';

export interface LoggedInHeaders {
  /** `itims_session=<value>`, ready for a `cookie` header. */
  cookie: string;
  csrfToken: string;
  /** `{cookie, 'x-csrf-token'}`: spread into `inject({ headers })`. */
  headers: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** The `name=value` of a Set-Cookie header for `name`, or null. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | null {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of all) {
    const pair = c.split(';')[0] ?? '';
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return null;
}

export async function loginAs(t: TestApp, user: Credentials, options: { ip?: string } = {}): Promise<LoggedInHeaders> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: user.username, password: user.password },
    remoteAddress: options.ip,
  });
  if (res.statusCode !== 200) throw new Error(`login of ${user.username} failed: ${res.statusCode} ${res.body}`);
  const cookie = cookieFrom(res.headers['set-cookie'], 'itims_session');
  if (!cookie) throw new Error('login answered without a session cookie');
  const csrfToken = res.json().csrfToken as string;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** A fresh personal API token of `user` (for `authorization: Bearer <token>`). */
export async function bearerToken(t: TestApp, user: Credentials, name = 'tests'): Promise<string> {
  const session = await loginAs(t, user);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name }, headers: session.headers });
  if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** Signs a Playwright page in through the login form; the page ends on `next` (default `/staff`). */
export async function loginInBrowser(page: Page, baseUrl: string, user: Credentials, next = '/staff/profile'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
}

export interface StaffAccount extends Credentials {
  id: number;
}

/** Two technicians (Rosa, Luis) and an admin (Ana), each signed in: the staff many API and page tests act as. */
export interface SignedInStaff {
  rosa: StaffAccount;
  luis: StaffAccount;
  admin: StaffAccount;
  asRosa: LoggedInHeaders;
  asLuis: LoggedInHeaders;
  asAdmin: LoggedInHeaders;
}

export async function signInStaff(t: TestApp): Promise<SignedInStaff> {
  const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
  const luis = await buildUser(t.database, { fullName: 'Luis Condori Apaza' });
  const admin = await buildUser(t.database, { role: 'admin', fullName: 'Ana Torres Vega' });
  return { rosa, luis, admin, asRosa: await loginAs(t, rosa), asLuis: await loginAs(t, luis), asAdmin: await loginAs(t, admin) };
}
