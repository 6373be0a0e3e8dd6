import { NOTE_MAX } from '../../../tickets/state-machine';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../../../test/helpers/auth';
import { buildTicket, buildUser } from '../../../../test/helpers/factories';

describeEachDialect('conversation forms without JavaScript (tracking page and staff ticket page)', (dialect) => {
  let t: TestApp;
  let rosa: { id: number; username: string; password: string };
  let asRosa: LoggedInHeaders;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    asRosa = await loginAs(t, rosa);
  });
  afterAll(() => t.close());

  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

  it('the staff form "Responder al solicitante" with "esperar respuesta" posts a reply, and the requester answers from the tracking page', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const page = await t.app.inject({ url: `/staff/tickets/${ticket.code}`, headers: { cookie: asRosa.cookie } });
    expect(page.body).toContain('Responder al solicitante');
    expect(page.body).toContain('Esperar respuesta');
    const sent = await form(
      `/staff/tickets/${ticket.code}/replies`,
      { _csrf: asRosa.csrfToken, text: '¿Qué mensaje de error ve?', awaitReply: '1' },
      { cookie: asRosa.cookie, 'x-csrf-token': asRosa.csrfToken },
    );
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/staff/tickets/${ticket.code}?done=replyWaiting#conversacion`]);

    const tracking = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(tracking.body).toContain('¿Qué mensaje de error ve?');
    expect(tracking.body).toContain('El técnico espera su respuesta');
    expect(tracking.body).toContain('Rosa');
    expect(tracking.body).not.toContain('Quispe');

    const answered = await form(`/t/${ticket.code}/mensaje`, { text: 'Dice papel atascado' });
    expect([answered.statusCode, answered.headers.location]).toEqual([303, `/t/${ticket.code}?conversacion=enviado#conversacion`]);
    const after = await t.app.inject({ url: `/t/${ticket.code}?conversacion=enviado` });
    expect(after.body).toContain('Su mensaje fue enviado al técnico.');
    expect(after.body).toContain('Dice papel atascado');
    expect(after.body).toContain('En atención');
    // A refused answer comes back as the tracking page itself (no redirect), saying why.
    const blank = await form(`/t/${ticket.code}/mensaje`, { text: '  ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.headers.location).toBeUndefined();
    expect(blank.body).toContain('id="answer-form"');
    expect(blank.body).toContain('Dice papel atascado');
    expect(blank.body).toMatch(/class="alert alert-warning" role="alert">[^<]+</);
  });

  it('offers the reopen form on a resolved ticket and reopens it with the reason', async () => {
    const ticket = await buildTicket(t.database, { status: 'resolved', assigneeId: rosa.id, at: Date.now() - 3600_000 });
    const tracking = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(tracking.body).toContain('Reabrir el ticket');
    const reopened = await form(`/t/${ticket.code}/reabrir`, { reason: 'Sigue sin imprimir' });
    expect(reopened.headers.location).toBe(`/t/${ticket.code}?conversacion=reabierto#conversacion`);
    const row = await t.database.db.selectFrom('tickets').select(['status', 'assignee_id']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'in_progress', assignee_id: rosa.id });
    const again = await form(`/t/${ticket.code}/reabrir`, { reason: 'Otra vez' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Solo se puede reabrir un ticket resuelto, dentro de los 7 días');
  });

  it('brings a refused answer back with the text as typed (escaped), and a closed ticket with its reason and no form', async () => {
    const open = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const long = `Sigue sin imprimir <b>nada</b> ${'x'.repeat(NOTE_MAX)}`;
    const tooLong = await form(`/t/${open.code}/mensaje`, { text: long });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain(`>Sigue sin imprimir &lt;b>nada&lt;/b> ${'x'.repeat(NOTE_MAX)}</textarea>`);
    expect(await t.database.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', open.id).execute()).toEqual([]);

    const closed = await buildTicket(t.database, { status: 'resolved', assigneeId: rosa.id, at: Date.now() - 30 * 86_400_000 });
    const refused = await form(`/t/${closed.code}/mensaje`, { text: 'Sigue sin imprimir' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Este ticket se cerró hace más de 7 días y ya no recibe mensajes.');
    expect(refused.body).not.toContain('id="answer-form"');
  });
});
