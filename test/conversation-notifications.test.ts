/**
 * The conversation reaches people through the outbox, against the fake Bot API and a real SMTP
 * server (smtp-server on a local port), on each database: a requester's answer tells the
 * technician (first line + link, on Telegram and in the web panel); a staff reply and the status
 * changes reach the followers ("Seguir" chats, and the requester's e-mail from the directory);
 * a mail server that refuses for a while gets the message later, once; two workers send each once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { loginAs, type LoggedInHeaders } from './helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from './helpers/factories';
import { linkTechnician, PUBLIC_URL, startTelegramApp, waitFor, type TelegramTestApp } from './helpers/telegram';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp-server';
import { startBackground } from '../src/background';

const CHAT_ROSA = 6_000_001;
const CHAT_FOLLOWER = 6_000_009;

describeEachDialect('conversation notifications (Telegram and e-mail through the outbox)', (dialect) => {
  let t: TelegramTestApp;
  let smtp: TestSmtpServer;
  let categoryId: number;
  let officeId: number;
  let rosa: { id: number; username: string; password: string };
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTelegramApp(dialect, 'polling', { env: { SMTP_URL: smtp.url, SMTP_FROM: 'Mesa de ayuda TI <mesadeayuda@region.gob.pe>' }, retryMs: 100 });
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    officeId = (await buildOffice(t.database, { name: 'Subgerencia de Presupuesto' })).id;
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    await linkTechnician(t, rosa, CHAT_ROSA);
    asRosa = await loginAs(t, rosa);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  async function takenTicket(email: string | null = null) {
    const person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', officeId, email });
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'La impresora del segundo piso no imprime.' } });
    const code = filed.json().code as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/assign`, headers: asRosa.headers, payload: {} })).statusCode).toBe(200);
    return code;
  }
  const reply = (code: string, text: string, awaitReply = false) => t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/replies`, headers: asRosa.headers, payload: { text, awaitReply } });
  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  it('tells the assignee on Telegram, with the first line of the answer and a link, when the requester answers', async () => {
    const code = await takenTicket();
    expect((await reply(code, '¿Qué mensaje le aparece?', true)).statusCode).toBe(201);
    const answer = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/messages`, payload: { text: '\nDice «Error 0x0000011b»\nal imprimir desde Word' } });
    expect(answer.statusCode).toBe(201);
    const sent = await waitFor(() => t.fake.sent(CHAT_ROSA).find((m) => m.text.startsWith('💬')), 10_000, 'answer message');
    expect(sent.text).toBe(`💬 María Elena H. Q. respondió en el ticket ${code}:\n«Dice «Error 0x0000011b»»`);
    const button = sent.replyMarkup?.inline_keyboard[0]?.[0] as { url?: string } | undefined;
    expect(button?.url).toMatch(new RegExp(`^${PUBLIC_URL}/n/`));
    // The in-app panel lists it too (the notification row of kind "answer").
    const row = await waitFor(
      () => t.database.db.selectFrom('notifications').select(['kind', 'channel', 'status', 'user_id']).where('kind', '=', 'answer').where('status', '=', 'sent').executeTakeFirst(),
      10_000,
      'delivery recorded',
    );
    expect(row).toEqual({ kind: 'answer', channel: 'telegram', status: 'sent', user_id: rosa.id });
    const panel = await t.app.inject({ url: '/staff/queue', headers: { cookie: asRosa.cookie } });
    expect(panel.statusCode).toBe(200);
    expect(panel.body).toContain(`El solicitante respondió: ${code}`);
  });

  it('leaves a web notice for an assignee without a linked chat', async () => {
    const luis = await buildUser(t.database, { fullName: 'Luis Torres Vega' });
    const asLuis = await loginAs(t, luis);
    const person = await buildStaff(t.database, { officeId });
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No hay internet en la oficina.' } });
    const code = filed.json().code as string;
    await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/assign`, headers: asLuis.headers, payload: {} });
    await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/messages`, payload: { text: 'Ya volvió la conexión' } });
    const notice = await waitFor(
      () => t.database.db.selectFrom('notifications').select(['channel', 'status']).where('kind', '=', 'answer').where('user_id', '=', luis.id).executeTakeFirst(),
      10_000,
      'web notice',
    );
    expect(notice).toEqual({ channel: 'web', status: 'sent' });
  });

  it('sends staff replies and status changes to a "Seguir" chat and to the requester e-mail, once each', async () => {
    const code = await takenTicket('maria.huaman@region.gob.pe');
    const follow = await t.app.inject({ method: 'POST', url: `/t/${code}/telegram` });
    const token = new URL(follow.headers.location as string).searchParams.get('start') as string;
    await t.fake.startCommand(CHAT_FOLLOWER, token);
    await waitFor(() => t.fake.sent(CHAT_FOLLOWER).some((x) => x.text.includes(`ticket ${code}`)), 10_000, 'subscription confirmed');

    expect((await reply(code, 'Buenos días.\n¿Puede decirme el número de serie de la impresora?', true)).statusCode).toBe(201);
    await waitFor(() => t.fake.sent(CHAT_FOLLOWER).some((m) => m.text.startsWith('💬 Respuesta de Rosa')), 10_000, 'reply on Telegram');
    await waitFor(() => t.fake.sent(CHAT_FOLLOWER).some((m) => m.text === `Su ticket ${code} cambió de estado: En espera de su respuesta`), 10_000, 'status on Telegram');
    const replyMail = await waitFor(() => mailsTo('maria.huaman@region.gob.pe').find((m) => m.subject === `Respuesta a su ticket ${code}`), 10_000, 'reply e-mail');
    expect(replyMail.from).toBe('mesadeayuda@region.gob.pe');
    expect(replyMail.text).toContain('Rosa, de la mesa de ayuda TI, respondió en su ticket');
    expect(replyMail.text).toContain('¿Puede decirme el número de serie de la impresora?');
    expect(replyMail.text).toContain(`${PUBLIC_URL}/t/${code}`);
    await waitFor(() => mailsTo('maria.huaman@region.gob.pe').find((m) => m.subject === `Su ticket ${code}: En espera de su respuesta`), 10_000, 'status e-mail');

    await new Promise((r) => setTimeout(r, 400));
    expect(t.fake.sent(CHAT_FOLLOWER).filter((m) => m.text.startsWith('💬'))).toHaveLength(1);
    expect(mailsTo('maria.huaman@region.gob.pe').filter((m) => m.subject.startsWith('Respuesta'))).toHaveLength(1);
    // Only the directory address, and nothing personal in the jobs table.
    const jobs = await t.database.db.selectFrom('jobs').select('payload').where('type', '=', 'email.send').execute();
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) expect(j.payload).not.toContain('@');
  });

  it('retries an e-mail the mail server refuses for a while (421), and delivers it once', async () => {
    const code = await takenTicket('jorge.lima@region.gob.pe');
    // Let any earlier e-mail go first, so the refusals fall on the reply's e-mail.
    await waitFor(
      async () => {
        const r = await t.database.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '=', 'email.send')
          .where('status', 'in', ['pending', 'running'])
          .executeTakeFirstOrThrow();
        return Number(r.n) === 0 ? true : null;
      },
      10_000,
      'earlier e-mails sent',
    );
    const before = await t.database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    smtp.refuseNext(2);
    expect((await reply(code, 'Le escribo por el cambio de tóner')).statusCode).toBe(201);
    await waitFor(() => mailsTo('jorge.lima@region.gob.pe').find((m) => m.subject === `Respuesta a su ticket ${code}`), 20_000, 'e-mail after retries');
    // The mail arrives a moment before the worker marks its job done: wait for that job itself.
    const job = await waitFor(
      () =>
        t.database.db
          .selectFrom('jobs')
          .select(['attempts', 'status'])
          .where('type', '=', 'email.send')
          .where('status', '=', 'done')
          .where('id', '>', Number(before.id ?? 0))
          .orderBy('id', 'desc')
          .executeTakeFirst(),
      10_000,
      'e-mail job done',
    );
    expect(job.attempts).toBeGreaterThan(1);
    expect(mailsTo('jorge.lima@region.gob.pe').filter((m) => m.subject === `Respuesta a su ticket ${code}`)).toHaveLength(1);
  });

  it('gives up at once on a mailbox the server refuses for good (550), marking the notice failed', async () => {
    const code = await takenTicket('no.existe@region.gob.pe');
    smtp.refuseNext(1, 550);
    expect((await reply(code, 'Prueba de buzón')).statusCode).toBe(201);
    const failed = await waitFor(
      () => t.database.db.selectFrom('notifications').select(['status', 'error']).where('channel', '=', 'email').where('status', '=', 'failed').executeTakeFirst(),
      10_000,
      'failed e-mail notice',
    );
    expect(failed.error).toBe('SMTP 550');
  });

  it('sends each reply once with two workers claiming the same outbox', async () => {
    const second = await startBackground(t.ctx, { worker: { pollIntervalMs: 50, retryOverride: { baseMs: 100, maxMs: 800 } }, reminderCheckMs: 0 });
    try {
      const code = await takenTicket('ana.rojas@region.gob.pe');
      for (let i = 1; i <= 5; i++) expect((await reply(code, `Mensaje número ${i}`)).statusCode).toBe(201);
      await waitFor(() => mailsTo('ana.rojas@region.gob.pe').filter((m) => m.subject.startsWith('Respuesta')).length >= 5, 20_000, 'five e-mails');
      await new Promise((r) => setTimeout(r, 500));
      const subjects = mailsTo('ana.rojas@region.gob.pe')
        .filter((m) => m.subject.startsWith('Respuesta'))
        .map((m) => m.text.match(/Mensaje número \d/)?.[0]);
      expect(subjects.sort()).toEqual(['Mensaje número 1', 'Mensaje número 2', 'Mensaje número 3', 'Mensaje número 4', 'Mensaje número 5']);
    } finally {
      await second.stop(1000);
    }
  });
});
