/**
 * Fuzzing the public endpoints with fast-check: random JSON, huge and negative numbers, deep
 * nesting, `__proto__`/`constructor` keys, invalid UTF-8, control characters, very long strings.
 * Properties: never a 5xx, every 4xx has the error envelope, and nothing is half-written (a
 * refused request leaves no ticket, event or job behind).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDialect, startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff } from '../helpers/factories';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ minLength: 5000, maxLength: 20000 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '\u202e'),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const deep = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor')), tie('node'), { maxKeys: 3 }),
  ),
})).node;

function deeplyNested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describeEachDialect('fuzzing the public API', (dialect) => {
  let t: TestApp;
  let dni: string;
  let categoryId: number;
  let inputs = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { TICKET_FLOOD_MINUTES: '0' } });
    dni = (await buildStaff(t.database)).dni;
    categoryId = (await buildCategory(t.database)).id;
  });
  afterAll(async () => {
    await t.close();
    console.log(`[fuzz ${dialect}] inputs tried: ${inputs}`);
  });

  async function counts() {
    const db = t.database.db;
    const n = async (table: 'tickets' | 'ticket_events' | 'jobs' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { tickets: await n('tickets'), events: await n('ticket_events'), jobs: await n('jobs'), keys: await n('idempotency_keys') };
  }

  function expectClientErrorOrSuccess(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    if (res.statusCode >= 400) {
      const body = JSON.parse(res.body);
      expect(typeof body.error.code).toBe('string');
      expect(typeof body.error.message).toBe('string');
    }
  }

  it('POST /tickets never answers 5xx and never half-writes', async () => {
    // Half the bodies are a valid filing with odd but acceptable extras (a description of any
    // length and characters, a phone or not), so the property checks the success branch too.
    const valid = fc.record(
      {
        dni: fc.constant(dni),
        categoryId: fc.constant(categoryId),
        description: fc.oneof(
          fc.constant('La impresora no imprime desde ayer.'),
          fc.string({ minLength: 10, maxLength: 2000 }).map((s) => `El equipo falla: ${s}`),
        ),
        contactPhone: fc.oneof(fc.constant('600123456'), fc.constant(undefined)),
      },
      { requiredKeys: ['dni', 'categoryId', 'description'] },
    );
    const random = fc.record(
      {
        dni: fc.oneof(nasty, fc.constant(dni)),
        categoryId: fc.oneof(nasty, fc.constant(categoryId)),
        description: fc.oneof(nasty, fc.constant('La impresora no imprime desde ayer.')),
        contactPhone: nasty,
        extra: deep,
      },
      { requiredKeys: [] },
    );
    let created = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(valid, random), async (body) => {
        inputs++;
        const before = await counts();
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: body });
        expectClientErrorOrSuccess(res);
        const after = await counts();
        if (res.statusCode === 201) {
          created++;
          expect(after.tickets).toBe(before.tickets + 1);
          expect(after.events).toBe(before.events + 1);
          // Two jobs: the ticket.created notification and the ticket's first SLA check (sla.check).
          expect(after.jobs).toBe(before.jobs + 2);
        } else {
          refused++;
          expect(after).toEqual(before);
        }
      }),
      { numRuns: RUNS },
    );
    // Both branches ran: some filings were stored, some refused.
    expect(created).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('raw bodies (invalid UTF-8, deep nesting, prototype keys, odd content types) get a clear 4xx', async () => {
    const raw = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.constantFrom(
        Buffer.from([0x7b, 0x22, 0x64, 0x6e, 0x69, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        Buffer.from(deeplyNested(5000)),
        Buffer.from('{"__proto__":{"admin":true},"dni":"12345678"}'),
        Buffer.from('{"constructor":{"prototype":{"x":1}}}'),
        Buffer.from('[]'),
        Buffer.from('null'),
        Buffer.from('"texto"'),
        Buffer.from(''),
      ),
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml');
    await fc.assert(
      fc.asyncProperty(raw, contentType, async (payload, type) => {
        inputs++;
        const before = await counts();
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload, headers: { 'content-type': type } });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(await counts()).toEqual(before);
        expect(({} as Record<string, unknown>).admin).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('path parameters and headers of every public GET never answer 5xx', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('%', '%ZZ', '%00', '..', '%2e%2e', 'TK-' + 'Z'.repeat(500), '\u0000', '😀'.repeat(50)));
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('/api/v1/directory/', '/api/v1/tickets/', '/api/v1/directory/{}/tickets'), async (s, base) => {
        inputs++;
        const enc = encodeURIComponent(s).slice(0, 1500);
        const url = base.includes('{}') ? base.replace('{}', enc) : base + enc;
        const res = await t.app.inject({ method: 'GET', url });
        expectClientErrorOrSuccess(res);
      }),
      { numRuns: RUNS },
    );
    for (const url of ['/api/v1/tickets/%', '/api/v1/directory/%E0%A4%A', '/api/v1/tickets/%C0%AE']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBeLessThan(500);
    }
    const header = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni, categoryId, description: 'Cabecera de idempotencia rara.' },
      headers: { 'idempotency-key': 'x'.repeat(500) },
    });
    expect(header.statusCode).toBe(400);
  });
});
