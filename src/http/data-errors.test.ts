import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildUser } from '../../test/helpers/factories';
import { loginAs } from '../../test/helpers/auth';

describeEachDialect('values the database refuses', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers 4xx, never 500, to numbers beyond what a column holds', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const session = await loginAs(t, admin);
    // Valid for the schema (an integer ≥ 1), too large for an INTEGER column on PostgreSQL.
    for (const categoryId of [4294967296, 1e308]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/faqs',
        headers: session.headers,
        payload: { question: '¿Cómo imprimo en la impresora?', answer: '1. Encienda la impresora.', keywords: 'impresora', categoryId },
      });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(JSON.parse(res.body).error.message).toBeTruthy();
    }
    expect(
      Number(
        (
          await t.database.db
            .selectFrom('faqs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
    const filing = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: '12345678', categoryId: 1e308, description: 'Categoría fuera de rango.' } });
    expect(filing.statusCode).toBeLessThan(500);
  });
});
