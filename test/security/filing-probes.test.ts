/**
 * Findings 3 and 15 of issue 13, against a real server:
 * 3. filing probed the directory after the lookup budget was spent (422 for a known DNI with a bad
 *    category, 404 unknown, 403 no office): now everything that needs no directory is checked
 *    first, and the filing's lookup is charged to the same per-address budget as
 *    `GET /directory/{dni}`;
 * 15. anyone could file in anyone's name without limit: now a per-address hourly filing budget,
 *    and the flood guard tells the person how to reach the earlier ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff, uniqueDni } from '../helpers/factories';

const file = (base: string, body: Record<string, unknown>, address: string) =>
  fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify(body) });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('filing cannot probe the directory', () => {
  let t: TestApp;
  let base: string;
  let known: string;
  let categoryId: number;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { TRUST_PROXY: '1', DIRECTORY_LOOKUPS_PER_MINUTE: '2', TICKET_FLOOD_MINUTES: '0' } });
    base = await listenOnLoopback(t);
    known = (await buildStaff(t.database)).dni;
    categoryId = (await buildCategory(t.database)).id;
  });
  afterAll(() => t.close());

  it('answers a bad category the same for a known and an unknown DNI, before any lookup', async () => {
    const description = 'La impresora no imprime desde ayer.';
    const a = await file(base, { dni: known, categoryId: 999_999, description }, '198.51.100.1');
    const b = await file(base, { dni: uniqueDni(), categoryId: 999_999, description }, '198.51.100.1');
    expect([a.status, b.status]).toEqual([422, 422]);
    expect((await codeOf(a)).code).toBe('CATEGORY_INVALID');
    expect((await codeOf(b)).code).toBe('CATEGORY_INVALID');
  });

  it('charges the filing lookup to the directory budget of the address', async () => {
    const address = '198.51.100.2';
    expect((await fetch(`${base}/api/v1/directory/${known}`, { headers: { 'x-forwarded-for': address } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/directory/${known}`, { headers: { 'x-forwarded-for': address } })).status).toBe(200);
    // The budget is spent: a filing no longer says whether a DNI exists.
    const unknown = await file(base, { dni: uniqueDni(), categoryId, description: 'La impresora no imprime desde ayer.' }, address);
    expect(unknown.status).toBe(429);
    expect((await codeOf(unknown)).code).toBe('RATE_LIMITED');
    // And filings count too: two filings spend the lookups of another address.
    const other = '198.51.100.3';
    expect((await file(base, { dni: known, categoryId, description: 'El correo no sincroniza en el celular.' }, other)).status).toBe(201);
    expect((await file(base, { dni: uniqueDni(), categoryId, description: 'El correo no sincroniza en el celular.' }, other)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/directory/${known}`, { headers: { 'x-forwarded-for': other } })).status).toBe(429);
  });
});

describe('per-address filing budget', () => {
  let t: TestApp;
  let base: string;
  let categoryId: number;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { TRUST_PROXY: '1', FILINGS_PER_HOUR: '2', TICKET_FLOOD_MINUTES: '5' } });
    base = await listenOnLoopback(t);
    categoryId = (await buildCategory(t.database)).id;
  });
  afterAll(() => t.close());

  it('refuses the filing beyond the hourly budget of an address with 429 TOO_MANY_FILINGS, not other addresses', async () => {
    const description = 'No hay conexión a internet en la oficina.';
    const address = '203.0.113.50';
    for (let i = 0; i < 2; i++) expect((await file(base, { dni: (await buildStaff(t.database)).dni, categoryId, description }, address)).status).toBe(201);
    const third = await file(base, { dni: (await buildStaff(t.database)).dni, categoryId, description }, address);
    expect(third.status).toBe(429);
    const error = await codeOf(third);
    expect(error.code).toBe('TOO_MANY_FILINGS');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await file(base, { dni: (await buildStaff(t.database)).dni, categoryId, description }, '203.0.113.51')).status).toBe(201);
  });

  it("tells a person blocked by someone else's filing in their name where the earlier ticket is", async () => {
    const { dni } = await buildStaff(t.database);
    expect((await file(base, { dni, categoryId, description: 'Alguien registró esto en mi nombre.' }, '203.0.113.60')).status).toBe(201);
    const blocked = await file(base, { dni, categoryId, description: 'Mi computadora no enciende.' }, '203.0.113.61');
    expect(blocked.status).toBe(429);
    const error = await codeOf(blocked);
    expect(error.code).toBe('TOO_MANY_TICKETS');
    expect(error.message).toContain('Mis tickets');
    expect(error.message).toContain('Telegram');
    expect(error.message).toContain('Si usted no lo registró');
  });
});
