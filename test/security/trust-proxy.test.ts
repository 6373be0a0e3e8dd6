/**
 * Finding 4 of issue 13: behind a proxy that appends to `X-Forwarded-For`, a client could send the
 * header itself and pick its own address (every hop was trusted), escaping every per-address rate
 * limit and the login lock-out. Now TRUST_PROXY trusts a number of hops (1 = the entry the
 * nearest proxy appended) or a list of proxy addresses, against a real listening server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, startTestApp, type TestApp } from '../helpers/app';
import { buildStaff, buildUser } from '../helpers/factories';

async function lookupsFromSpoofingClient(base: string, dni: string, realClient: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    // What nginx sends on: the header the client forged, plus the real client address appended.
    const forged = `203.0.113.${i + 1}`;
    const res = await fetch(`${base}/api/v1/directory/${dni}`, { headers: { 'x-forwarded-for': `${forged}, ${realClient}` } });
    statuses.push(res.status);
  }
  return statuses;
}

describe('TRUST_PROXY', () => {
  for (const [name, setting] of [
    ['one hop', '1'],
    ['the proxy address list', '127.0.0.1'],
  ] as const) {
    describe(`with ${name} (TRUST_PROXY=${setting})`, () => {
      let t: TestApp;
      let base: string;
      let dni: string;
      beforeAll(async () => {
        t = await startTestApp('sqlite', { env: { TRUST_PROXY: setting, DIRECTORY_LOOKUPS_PER_MINUTE: '3' } });
        base = await listenOnLoopback(t);
        dni = (await buildStaff(t.database)).dni;
      });
      afterAll(() => t.close());

      it('counts a client that forges X-Forwarded-For against the address its proxy appended', async () => {
        const statuses = await lookupsFromSpoofingClient(base, dni, '198.51.100.7', 5);
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        // Another real client behind the same proxy keeps its own budget.
        expect(await lookupsFromSpoofingClient(base, dni, '198.51.100.8', 1)).toEqual([200]);
      });

      it('locks a username out for the real client however many addresses it forges', async () => {
        const { username } = await buildUser(t.database, { password: 'clave-correcta-1' });
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) {
          const res = await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i + 1}, 198.51.100.9` },
            body: JSON.stringify({ username, password: 'equivocada' }),
          });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      });
    });
  }

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const t = await startTestApp('sqlite', { env: { DIRECTORY_LOOKUPS_PER_MINUTE: '2' } });
    try {
      const base = await listenOnLoopback(t);
      const { dni } = await buildStaff(t.database);
      expect(await lookupsFromSpoofingClient(base, dni, '198.51.100.7', 3)).toEqual([200, 200, 429]);
    } finally {
      await t.close();
    }
  });
});
