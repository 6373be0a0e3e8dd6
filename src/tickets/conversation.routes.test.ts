import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, testConfig, type TestApp } from '../../test/helpers/app';
import { createTestDatabase } from '../../test/helpers/databases';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { buildTicket, buildUser } from '../../test/helpers/factories';
import { buildApp } from '../http/app';
import { createContext } from '../core/context';

const DAY = 86_400_000;

describeEachDialect('conversation API: replies, requester messages, reopening', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.now());
  let rosa: { id: number; username: string; password: string };
  let luis: { id: number; username: string; password: string };
  let asRosa: LoggedInHeaders;
  let asLuis: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    luis = await buildUser(t.database, { fullName: 'Luis Condori Apaza' });
    asRosa = await loginAs(t, rosa);
    asLuis = await loginAs(t, luis);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object | undefined, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
  const takenByRosa = async () => {
    const ticket = await buildTicket(t.database, { at: clock() - 3600_000 });
    expect((await post(`/api/v1/tickets/${ticket.code}/assign`, {}, asRosa.headers)).statusCode).toBe(200);
    return ticket;
  };

  it('POST /replies answers 201 with the staff view, and the requester sees the reply on GET /tickets/:code', async () => {
    const ticket = await takenByRosa();
    const res = await post(`/api/v1/tickets/${ticket.code}/replies`, { text: '¿Qué mensaje de error le aparece?' }, asRosa.headers);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'in_progress', conversation: [{ from: 'staff', author: { firstName: 'Rosa' }, text: '¿Qué mensaje de error le aparece?', attachments: [] }] });
    const pub = (await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` })).json();
    expect(pub.conversation).toEqual([{ id: expect.any(Number), from: 'staff', author: { firstName: 'Rosa' }, text: '¿Qué mensaje de error le aparece?', at: expect.any(String), attachments: [] }]);
    expect(pub.answerableUntil).toBeNull();
  });

  it('POST /replies with awaitReply puts it in waiting; the requester message brings it back to in_progress (201)', async () => {
    const ticket = await takenByRosa();
    const asked = await post(`/api/v1/tickets/${ticket.code}/replies`, { text: '¿Puede reiniciar el equipo?', awaitReply: true }, asRosa.headers);
    expect([asked.statusCode, asked.json().status, asked.json().assignee.id]).toEqual([201, 'waiting', rosa.id]);
    expect(asked.json().waitingSince).toBe(new Date(clock()).toISOString());
    expect((await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` })).json().status).toBe('waiting');

    const answered = await post(`/api/v1/tickets/${ticket.code.slice(3).toLowerCase()}/messages`, { text: 'Ya lo reinicié, sigue igual' });
    expect(answered.statusCode).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'in_progress', assignee: { firstName: 'Rosa' } });
    expect(answered.json().conversation.map((m: { from: string }) => m.from)).toEqual(['staff', 'requester']);
    expect(answered.body).not.toContain('Quispe');
  });

  it('POST /transition takes waiting (with a note) and in_progress (resume)', async () => {
    const ticket = await takenByRosa();
    const noNote = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'waiting' }, asRosa.headers);
    expect([noNote.statusCode, noNote.json().error.code]).toEqual([422, 'NOTE_REQUIRED']);
    const waiting = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'waiting', note: 'Espera el número de serie' }, asRosa.headers);
    expect([waiting.statusCode, waiting.json().status]).toEqual([200, 'waiting']);
    const resumed = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'in_progress' }, asRosa.headers);
    expect([resumed.statusCode, resumed.json().status]).toEqual([200, 'in_progress']);
    const again = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'in_progress' }, asRosa.headers);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'INVALID_TRANSITION']);
  });

  it('refuses replies: 401 anonymous, 403 without CSRF, 403 awaitReply by someone else, 409 awaitReply on a queued ticket, 422 bad bodies, 400/404 codes', async () => {
    const ticket = await takenByRosa();
    const queued = await buildTicket(t.database);
    const url = `/api/v1/tickets/${ticket.code}/replies`;
    const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
      ['anonymous', await post(url, { text: 'Hola' }), 401, 'UNAUTHENTICATED'],
      ['no CSRF', await post(url, { text: 'Hola' }, { cookie: asRosa.cookie }), 403, 'CSRF_INVALID'],
      ['not theirs', await post(url, { text: 'Hola', awaitReply: true }, asLuis.headers), 403, 'FORBIDDEN'],
      ['queued', await post(`/api/v1/tickets/${queued.code}/replies`, { text: 'Hola', awaitReply: true }, asRosa.headers), 409, 'INVALID_TRANSITION'],
      ['no text', await post(url, {}, asRosa.headers), 422, 'VALIDATION_FAILED'],
      ['blank', await post(url, { text: '   ' }, asRosa.headers), 422, 'VALIDATION_FAILED'],
      ['too long', await post(url, { text: 'x'.repeat(4001) }, asRosa.headers), 422, 'VALIDATION_FAILED'],
      ['extra field', await post(url, { text: 'Hola', note: 'x' }, asRosa.headers), 422, 'VALIDATION_FAILED'],
      ['malformed code', await post('/api/v1/tickets/no-es-codigo!/replies', { text: 'Hola' }, asRosa.headers), 400, 'TICKET_CODE_MALFORMED'],
      ['unknown code', await post('/api/v1/tickets/TK-00000000/replies', { text: 'Hola' }, asRosa.headers), 404, 'TICKET_NOT_FOUND'],
    ];
    for (const [name, res, status, code] of cases) expect([name, res.statusCode, res.json().error.code]).toEqual([name, status, code]);
    const blank = cases[5]![1].json();
    expect(Object.keys(blank.error.fields)).toEqual(['text']);
    expect(blank.error.message).toMatch(/[áéíóú]|datos|campo/i);
    // Luis may still reply (no waiting): the work is shared.
    expect((await post(url, { text: 'Soy Luis, lo veo mañana' }, asLuis.headers)).statusCode).toBe(201);
    const messages = await t.database.db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', ticket.id).execute();
    expect(messages.map((m) => m.body)).toEqual(['Soy Luis, lo veo mañana']);
  });

  it('refuses requester messages: 422 blank or too long or extra fields, 400/404 codes, 415 not JSON — nothing written', async () => {
    const ticket = await takenByRosa();
    const url = `/api/v1/tickets/${ticket.code}/messages`;
    const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
      [await post(url, {}), 422, 'VALIDATION_FAILED'],
      [await post(url, { text: ' \n ' }), 422, 'VALIDATION_FAILED'],
      [await post(url, { text: 'y'.repeat(4001) }), 422, 'VALIDATION_FAILED'],
      [await post(url, { text: 'Hola', dni: '12345678' }), 422, 'VALIDATION_FAILED'],
      [await post('/api/v1/tickets/no-es-codigo!/messages', { text: 'Hola' }), 400, 'TICKET_CODE_MALFORMED'],
      [await post('/api/v1/tickets/TK-00000000/messages', { text: 'Hola' }), 404, 'TICKET_NOT_FOUND'],
      [await t.app.inject({ method: 'POST', url, payload: 'text=Hola', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [res, status, code] of cases) expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    expect(await t.database.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
  });

  it('answers in English when asked (one language per page)', async () => {
    const ticket = await takenByRosa();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/reopen`, payload: { reason: 'still broken' }, headers: { 'accept-language': 'en' } });
    expect([res.statusCode, res.json().error.code, res.json().error.message]).toEqual([409, 'REOPEN_NOT_ALLOWED', 'Only a resolved ticket can be reopened, within 7 days of its resolution.']);
  });

  const storedBusinessMinutes: (number | null)[] = [];
  const businessMinutesOf = async (code: string) =>
    (await t.database.db.selectFrom('tickets').select('resolution_business_minutes').where('code', '=', code).executeTakeFirstOrThrow()).resolution_business_minutes;

  it('POST /reopen within REOPEN_DAYS answers 200 with the ticket back in progress; later, 409; messages after that, 409 TICKET_CLOSED', async () => {
    const ticket = await takenByRosa();
    const resolved = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'resolved', note: 'Se configuró la impresora' }, asRosa.headers);
    expect(resolved.statusCode).toBe(200);
    storedBusinessMinutes.push(await businessMinutesOf(ticket.code));
    const closedView = (await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` })).json();
    expect(closedView.answerableUntil).toBe(new Date(clock() + 7 * DAY).toISOString());

    expect((await post(`/api/v1/tickets/${ticket.code}/reopen`, {})).json().error.code).toBe('VALIDATION_FAILED');
    const reopened = await post(`/api/v1/tickets/${ticket.code}/reopen`, { reason: 'Sigue sin imprimir a color' });
    expect([reopened.statusCode, reopened.json().status, reopened.json().assignee]).toEqual([200, 'in_progress', { firstName: 'Rosa' }]);
    // The business-hours resolution time stored at resolving is cleared: the indicators count the final resolution only.
    expect(storedBusinessMinutes.at(-1)).toEqual(expect.any(Number));
    expect(await businessMinutesOf(ticket.code)).toBeNull();

    expect((await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'resolved', note: 'Se cambió el cartucho' }, asRosa.headers)).statusCode).toBe(200);
    clock.advance(7 * DAY + 60_000);
    const late = await post(`/api/v1/tickets/${ticket.code}/reopen`, { reason: 'Otra vez' });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'REOPEN_NOT_ALLOWED']);
    expect(late.json().error.message).toContain('7 días');
    const closed = await post(`/api/v1/tickets/${ticket.code}/messages`, { text: '¿Hola?' });
    expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'TICKET_CLOSED']);
    clock.set(Date.now());
  });
});

describe('conversation routes: rate limits and logs', () => {
  it('rate limits the public message and reopen routes per address (429 RATE_LIMITED)', async () => {
    const t = await startTestApp('sqlite', { env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const ticket = await buildTicket(t.database);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/messages`, payload: { text: `Mensaje ${i}` }, remoteAddress: '10.9.9.9' });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      const reopen = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/reopen`, payload: { reason: 'x' }, remoteAddress: '10.9.9.9' });
      expect([reopen.statusCode, reopen.json().error.code]).toEqual([429, 'RATE_LIMITED']);
    } finally {
      await t.close();
    }
  });

  it('never logs the text of a reply or an answer, even at trace level', async () => {
    const database = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(createContext(testConfig(), database), { logLevel: 'trace', logStream });
    await app.ready();
    try {
      const user = await buildUser(database);
      const ticket = await buildTicket(database, { status: 'in_progress', assigneeId: user.id });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
      expect((await app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/replies`, payload: { text: 'Pregunta secreta del técnico' }, headers })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/messages`, payload: { text: 'Mi clave es Tesoreria2026' } })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/messages`, payload: { text: '   ' } })).statusCode).toBe(422);
      const all = lines.join('\n');
      expect(all).toContain('/messages');
      expect(all).not.toContain('Pregunta secreta');
      expect(all).not.toContain('Tesoreria2026');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
