import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';
import { buildStaff } from '../../test/helpers/factories';

describe('public rate limits', () => {
  let t: TestApp;
  let dni: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { DIRECTORY_LOOKUPS_PER_MINUTE: '5', RATE_LIMIT_PER_MINUTE: '8' } });
    dni = (await buildStaff(t.database)).dni;
  });
  afterAll(() => t.close());

  it('counts every route that reveals directory data against one budget per address', async () => {
    const urls = [`/api/v1/directory/${dni}`, `/api/v1/directory/${dni}/tickets`];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.app.inject({ url: urls[i % 2]!, remoteAddress: '10.1.1.1' })).statusCode);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    const refused = await t.app.inject({ url: urls[0]!, remoteAddress: '10.1.1.1' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget.
    expect((await t.app.inject({ url: urls[0]!, remoteAddress: '10.1.1.2' })).statusCode).toBe(200);
  });

  it('shares the public budget across public routes', async () => {
    for (let i = 0; i < 8; i++) {
      const url = i % 2 ? '/api/v1/categories' : '/api/v1/tickets/TK-ZZZZZZZZ';
      expect((await t.app.inject({ url, remoteAddress: '10.2.2.2' })).statusCode).not.toBe(429);
    }
    expect((await t.app.inject({ url: '/api/v1/categories', remoteAddress: '10.2.2.2' })).statusCode).toBe(429);
  });
});
