/**
 * Major incidents reach the followers of their children through the outbox (issue 19), against the
 * fake Bot API and a real SMTP server, on each database: linking a followed ticket, a public update
 * and the resolution each reach its "Seguir" chat and the requester's e-mail exactly once; a ticket
 * outside the incident hears nothing of it; the tracking page shows the message, the updates and the
 * linking lines; the updates API refuses bad input with clear 4xx.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { loginAs, type LoggedInHeaders } from './helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from './helpers/factories';
import { PUBLIC_URL, startTelegramApp, waitFor, type TelegramTestApp } from './helpers/telegram';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp-server';

const CHAT_CHILD = 6_100_001;
const CHAT_OTHER = 6_100_002;

describeEachDialect('major incidents tell their followers (Telegram and e-mail through the outbox)', (dialect) => {
  let t: TelegramTestApp;
  let smtp: TestSmtpServer;
  let categoryId: number;
  let officeId: number;
  let staff: LoggedInHeaders;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTelegramApp(dialect, 'polling', { env: { SMTP_URL: smtp.url, SMTP_FROM: 'Mesa de ayuda TI <mesadeayuda@region.gob.pe>' }, retryMs: 100 });
    categoryId = (await buildCategory(t.database, { name: 'Sistemas administrativos' })).id;
    officeId = (await buildOffice(t.database, { name: 'Subgerencia de Tesorería' })).id;
    staff = await loginAs(t, await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' }));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: staff.headers });
  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  async function followedTicket(email: string, chat: number) {
    const person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', officeId, email });
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'El SIAF no abre desde esta mañana.' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const code = filed.json().code as string;
    const follow = await t.app.inject({ method: 'POST', url: `/t/${code}/telegram` });
    const token = new URL(follow.headers.location as string).searchParams.get('start') as string;
    await t.fake.startCommand(chat, token);
    await waitFor(() => t.fake.sent(chat).some((x) => x.text.includes(`ticket ${code}`)), 10_000, 'subscription confirmed');
    return code;
  }
  const openJobs = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', 'in', ['pending', 'running'])
          .where('type', 'in', ['incident.news', 'ticket.status_changed', 'notification.send', 'email.send'])
          .executeTakeFirstOrThrow()
      ).n,
    );
  const settled = () => waitFor(async () => ((await openJobs()) === 0 ? true : null), 20_000, 'outbox drained');

  it('linking, a public update and the resolution reach each follower once; others hear nothing', async () => {
    const child = await followedTicket('maria.huaman@region.gob.pe', CHAT_CHILD);
    const other = await followedTicket('jorge.lima@region.gob.pe', CHAT_OTHER);
    const declared = await api('POST', '/api/v1/incidents', { title: 'SIAF caído', publicMessage: 'El servidor del SIAF no responde; ya trabajamos en ello.', ticketCodes: [child] });
    expect(declared.statusCode, declared.body).toBe(201);
    const id = declared.json().id as number;

    const linked = `Su ticket ${child} es parte del incidente «SIAF caído», que ya estamos atendiendo:\nEl servidor del SIAF no responde; ya trabajamos en ello.`;
    await waitFor(() => t.fake.sent(CHAT_CHILD).some((m) => m.text.startsWith(linked)), 10_000, 'linked on Telegram');
    await waitFor(() => mailsTo('maria.huaman@region.gob.pe').find((m) => m.subject === `Su ticket ${child} es parte del incidente «SIAF caído»`), 10_000, 'linked e-mail');

    const update = await api('POST', `/api/v1/incidents/${id}/updates`, { message: '  El proveedor reemplaza el disco; volvería a las 11:00.  ' });
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json()).toMatchObject({ incidentId: id, message: 'El proveedor reemplaza el disco; volvería a las 11:00.' });
    const updateText = `Novedad sobre el incidente «SIAF caído» (su ticket ${child}):\nEl proveedor reemplaza el disco; volvería a las 11:00.`;
    await waitFor(() => t.fake.sent(CHAT_CHILD).some((m) => m.text.startsWith(updateText)), 10_000, 'update on Telegram');
    const updateMail = await waitFor(() => mailsTo('maria.huaman@region.gob.pe').find((m) => m.subject.startsWith('Novedad sobre el incidente')), 10_000, 'update e-mail');
    expect(updateMail.text).toContain('El proveedor reemplaza el disco');
    expect(updateMail.text).toContain(`${PUBLIC_URL}/t/${child}`);

    // The tracking page shows the message, the update and the linking line.
    const page = await t.app.inject({ url: `/t/${child}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('El servidor del SIAF no responde; ya trabajamos en ello.');
    expect(page.body).toContain('El proveedor reemplaza el disco; volvería a las 11:00.');
    expect(page.body).toContain('Vinculado al incidente «SIAF caído»');

    const resolved = await api('POST', `/api/v1/incidents/${id}/resolve`, { note: 'Se reemplazó el disco del servidor del SIAF.' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const resolvedText = `Su ticket ${child} quedó resuelto con el incidente «SIAF caído»:\nSe reemplazó el disco del servidor del SIAF.`;
    await waitFor(() => t.fake.sent(CHAT_CHILD).some((m) => m.text.startsWith(resolvedText)), 10_000, 'resolution on Telegram');
    await waitFor(() => mailsTo('maria.huaman@region.gob.pe').find((m) => m.subject === `Su ticket ${child} quedó resuelto`), 10_000, 'resolution e-mail');

    await settled();
    const sent = t.fake.sent(CHAT_CHILD).map((m) => m.text);
    expect(sent.filter((x) => x.startsWith(linked))).toHaveLength(1);
    expect(sent.filter((x) => x.startsWith(updateText))).toHaveLength(1);
    expect(sent.filter((x) => x.startsWith(resolvedText))).toHaveLength(1);
    const subjects = mailsTo('maria.huaman@region.gob.pe').map((m) => m.subject);
    expect(subjects.filter((s) => s.includes('incidente «SIAF caído»') && s.startsWith('Su ticket'))).toHaveLength(1);
    expect(subjects.filter((s) => s.startsWith('Novedad sobre el incidente'))).toHaveLength(1);
    expect(subjects.filter((s) => s === `Su ticket ${child} quedó resuelto`)).toHaveLength(1);
    for (const m of t.fake.sent(CHAT_OTHER)) expect(m.text).not.toContain('SIAF caído');
    for (const m of mailsTo('jorge.lima@region.gob.pe')) expect(m.subject).not.toContain('SIAF caído');
    // No personal data in the jobs.
    for (const j of await t.database.db.selectFrom('jobs').select('payload').where('type', 'in', ['incident.news', 'email.send', 'notification.send']).execute()) expect(j.payload).not.toContain('@');
    expect(other).not.toBe(child);
  });

  it('the timeline says when a ticket is unlinked; updates on a resolved or unknown incident, or empty, are refused', async () => {
    const person = await buildStaff(t.database, { officeId });
    const code = (await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No puedo registrar el gasto.' } })).json().code as string;
    const id = (await api('POST', '/api/v1/incidents', { title: 'Red lenta', publicMessage: 'La red está lenta.', ticketCodes: [code] })).json().id as number;
    expect((await api('DELETE', `/api/v1/incidents/${id}/tickets/${code}`)).statusCode).toBe(200);
    const tracked = (await t.app.inject({ url: `/api/v1/tickets/${code}` })).json();
    expect(tracked.incident).toBeNull();
    expect(tracked.timeline.map((e: { incident?: { change: string } }) => e.incident?.change).filter(Boolean)).toEqual(['linked', 'unlinked']);
    const en = await t.app.inject({ url: `/t/${code}?lang=en`, headers: { accept: 'text/html' } });
    expect(en.body).toContain('Unlinked from the incident “Red lenta”: back in the queue');

    const empty = await api('POST', `/api/v1/incidents/${id}/updates`, { message: '   ' });
    expect([empty.statusCode, empty.json().error.fields.message]).toEqual([422, 'Este campo es obligatorio.']);
    const unknown = await api('POST', '/api/v1/incidents/999999/updates', { message: 'Hola' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'INCIDENT_NOT_FOUND']);
    expect((await api('POST', `/api/v1/incidents/${id}/resolve`, { note: 'Listo.' })).statusCode).toBe(200);
    const closed = await api('POST', `/api/v1/incidents/${id}/updates`, { message: 'Tarde.' });
    expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'INCIDENT_CLOSED']);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/updates`, payload: { message: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });
});
