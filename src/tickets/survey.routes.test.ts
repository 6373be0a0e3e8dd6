import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildStaff } from '../../test/helpers/factories';

describeEachDialect('satisfaction survey', (dialect) => {
  let t: TestApp;
  let categoryId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { ticketFloodMinutes: 0 } });
    categoryId = (await buildCategory(t.database, { name: 'Encuestas' })).id;
  });
  afterAll(() => t.close());

  /** A ticket filed through the API; `resolved` closes it as a technician's transition would. */
  async function fileTicket(resolved: boolean): Promise<string> {
    const p = await buildStaff(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: p.dni, categoryId, description: 'La impresora no responde.' } });
    const { code } = res.json();
    if (resolved) {
      const now = Date.now();
      await t.database.db.updateTable('tickets').set({ status: 'resolved', first_action_at: now, resolved_at: now, closed_at: now }).where('code', '=', code).execute();
    }
    return code;
  }

  const answer = (code: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/survey`, payload });

  it('takes one answer per resolved ticket and refuses the second with 409', async () => {
    const code = await fileTicket(true);
    const first = await answer(code, { score: 4, comment: 'Rápido y amable.' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ score: 4, comment: 'Rápido y amable.' });
    const second = await answer(code, { score: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SURVEY_ALREADY_ANSWERED');
    const rows = await t.database.db
      .selectFrom('ticket_surveys')
      .innerJoin('tickets', 'tickets.id', 'ticket_surveys.ticket_id')
      .select(['score', 'comment'])
      .where('tickets.code', '=', code)
      .execute();
    expect(rows).toEqual([{ score: 4, comment: 'Rápido y amable.' }]);
  });

  it('keeps one answer when the same ticket is rated five times at once', async () => {
    const code = await fileTicket(true);
    const answers = await Promise.all([1, 2, 3, 4, 5].map((score) => answer(code, { score })));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(4);
  });

  it('refuses a survey before the ticket is resolved', async () => {
    const code = await fileTicket(false);
    const res = await answer(code, { score: 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SURVEY_NOT_AVAILABLE');
    expect(res.json().error.message).toMatch(/resuelto/);
  });

  it('refuses scores outside 1–5, long comments and unknown fields with 422, and unknown tickets with 404', async () => {
    const code = await fileTicket(true);
    for (const payload of [{ score: 0 }, { score: 6 }, { score: 3.5 }, {}, { score: 3, comment: 'x'.repeat(1001) }, { score: 3, dni: '12345678' }]) {
      const res = await answer(code, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(422);
    }
    expect((await answer('TK-ZZZZZZZZ', { score: 3 })).statusCode).toBe(404);
    expect((await answer(code, { score: 3 })).statusCode).toBe(201);
  });

  it('asks on the tracking page of a resolved ticket, works without JavaScript, then thanks and shows the score', async () => {
    const waiting = await fileTicket(false);
    const notYet = await t.app.inject({ url: `/t/${waiting}` });
    expect(notYet.body).not.toContain('id="encuesta"');

    const code = await fileTicket(true);
    const page = await t.app.inject({ url: `/t/${code}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/t/${code}/encuesta"`);
    expect(page.body).toContain('¿Cómo le atendimos?');
    expect((page.body.match(/name="score"/g) ?? []).length).toBe(5);

    const empty = await t.app.inject({ method: 'POST', url: `/t/${code}/encuesta`, payload: 'comment=', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(empty.statusCode).toBe(303);
    expect(empty.headers.location).toBe(`/t/${code}?encuesta=invalida#encuesta`);
    expect((await t.app.inject({ url: `/t/${code}?encuesta=invalida` })).body).toContain('Elija una calificación del 1 al 5.');

    const posted = await t.app.inject({
      method: 'POST',
      url: `/t/${code}/encuesta`,
      payload: `score=5&comment=${encodeURIComponent('Excelente atención')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/t/${code}?encuesta=gracias#encuesta`);
    const after = await t.app.inject({ url: posted.headers.location as string });
    expect(after.body).toContain('¡Gracias por su respuesta!');
    expect(after.body).toContain('Su calificación: 5 de 5 (Muy satisfecho).');
    expect(after.body).not.toContain(`action="/t/${code}/encuesta"`);

    const again = await t.app.inject({ method: 'POST', url: `/t/${code}/encuesta`, payload: 'score=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(again.headers.location).toBe(`/t/${code}?encuesta=repetida#encuesta`);
  });
});
