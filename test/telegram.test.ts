/**
 * Telegram end to end against the fake Bot API, in webhook and in polling mode, on each database:
 * link a technician → file a ticket through the public API → one message per on-duty technician
 * with both buttons → a press of "Asignarme" assigns the ticket, answers the press and edits the
 * other messages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { cookieFrom, loginAs } from './helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from './helpers/factories';
import { linkTechnician, PUBLIC_URL, startTelegramApp, waitFor, WEBHOOK_SECRET, type TelegramTestApp } from './helpers/telegram';
import { scheduleReminders } from '../src/notifications/commands/schedule-reminders';
import { attachmentsDir, multipart, pdfDocument, pngImage } from './helpers/attachments';

const CHAT_ROSA = 5_000_001;
const CHAT_LUIS = 5_000_002;
const CHAT_OFF_DUTY = 5_000_003;
const CHAT_REQUESTER = 5_000_009;

for (const mode of ['webhook', 'polling'] as const) {
  describeEachDialect(`Telegram notifications (${mode})`, (dialect) => {
    let t: TelegramTestApp;
    let categoryId: number;
    let officeId: number;
    let rosa: { id: number; username: string; password: string };
    let luis: { id: number; username: string; password: string };

    beforeAll(async () => {
      t = await startTelegramApp(dialect, mode, { env: { ATTACHMENTS_DIR: attachmentsDir() } });
      categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
      officeId = (await buildOffice(t.database, { name: 'Subgerencia de Presupuesto' })).id;
      rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
      luis = await buildUser(t.database, { fullName: 'Luis Torres Vega' });
      const offDuty = await buildUser(t.database, { fullName: 'Ana Ruiz Paz', onDuty: false });
      await linkTechnician(t, rosa, CHAT_ROSA);
      await linkTechnician(t, luis, CHAT_LUIS);
      await linkTechnician(t, offDuty, CHAT_OFF_DUTY);
    });
    afterAll(() => t.close());

    async function fileTicket(firstName = 'María Elena', lastName = 'Huamán Quispe') {
      const person = await buildStaff(t.database, { firstName, lastName, officeId, phone: '987654321' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { dni: person.dni, categoryId, description: 'La impresora del segundo piso no imprime.', contactPhone: '987654321' },
      });
      expect(res.statusCode).toBe(201);
      return { code: res.json().code as string, dni: person.dni };
    }

    const messageAbout = (chatId: number, code: string) => t.fake.sent(chatId).find((m) => m.text.includes(code));

    it('links a chat with a one-time deep link and confirms in the bot', async () => {
      expect(t.fake.sent(CHAT_ROSA).some((m) => m.text.startsWith('Listo, Rosa'))).toBe(true);
      const session = await loginAs(t, rosa);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/telegram-link', headers: session.headers });
      const url = res.json().url as string;
      expect(url).toMatch(/^https:\/\/t\.me\/itims_test_bot\?start=[A-Za-z0-9_-]{1,64}$/);
      const token = new URL(url).searchParams.get('start') as string;
      const repliesBefore = t.fake.sent(CHAT_ROSA).length;
      await t.fake.startCommand(CHAT_ROSA, token);
      await waitFor(() => t.fake.sent(CHAT_ROSA).length > repliesBefore, 10_000, 'relinked');
      await t.fake.startCommand(CHAT_ROSA + 100, token);
      await waitFor(() => t.fake.sent(CHAT_ROSA + 100).some((m) => m.text.includes('no es válido')), 10_000, 'used token refused');
      const stored = await t.database.db.selectFrom('link_tokens').selectAll().execute();
      expect(stored.every((r) => r.token_hash !== token && r.token_hash.length === 64)).toBe(true);
    });

    it('offers "Vincular Telegram" on the profile page and shows the one-time deep link after the form', async () => {
      const session = await loginAs(t, luis);
      const profile = await t.app.inject({ url: '/staff/profile', headers: { cookie: session.cookie } });
      expect(profile.statusCode).toBe(200);
      expect(profile.body).toContain('Vincular Telegram');
      expect(profile.body).toContain('Desvincular Telegram');
      const form = await t.app.inject({
        method: 'POST',
        url: '/staff/profile/telegram',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(session.csrfToken)}`,
      });
      expect(form.statusCode).toBe(303);
      const once = cookieFrom(form.headers['set-cookie'], 'itims_once_telegram')!;
      const shown = await t.app.inject({ url: form.headers.location as string, headers: { cookie: `${session.cookie}; ${once}` } });
      expect(shown.body).toMatch(/href="https:\/\/t\.me\/itims_test_bot\?start=[A-Za-z0-9_-]+"/);
      const noCsrf = await t.app.inject({ method: 'POST', url: '/staff/profile/telegram', headers: { cookie: session.cookie } });
      expect(noCsrf.statusCode).toBe(403);
    });

    it('sends one message per on-duty linked technician with "Ver ticket" and "Asignarme"', async () => {
      const { code, dni } = await fileTicket();
      const forRosa = await waitFor(() => messageAbout(CHAT_ROSA, code), 10_000, 'message to Rosa');
      await waitFor(() => messageAbout(CHAT_LUIS, code), 10_000, 'message to Luis');
      expect(forRosa.text).toMatch(
        new RegExp(`^Nuevo ticket ${code} — Soporte: Impresoras — Registrado por: María Elena H\\. Q\\. — Oficina: Subgerencia de Presupuesto — Fecha: \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$`),
      );
      const [view, assign] = forRosa.replyMarkup?.inline_keyboard[0] ?? [];
      expect(view).toMatchObject({ text: 'Ver ticket' });
      expect((view as { url: string }).url).toMatch(new RegExp(`^${PUBLIC_URL}/n/[A-Za-z0-9_-]+$`));
      expect(assign).toMatchObject({ text: 'Asignarme' });
      expect(Buffer.byteLength((assign as { callback_data: string }).callback_data)).toBeLessThanOrEqual(64);
      expect(forRosa.text).not.toContain(dni);
      expect(forRosa.text).not.toContain('987654321');
      expect(forRosa.text).not.toContain('Huamán');
      await new Promise((r) => setTimeout(r, 200));
      expect(t.fake.sent(CHAT_OFF_DUTY).filter((m) => m.text.includes(code))).toHaveLength(0);
      expect(t.fake.sent(CHAT_ROSA).filter((m) => m.text.includes(code))).toHaveLength(1);
      const rows = await t.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'new_ticket').execute();
      const mine = rows.filter((r) => r.telegram_message_id !== null && r.chat_id !== null && [String(CHAT_ROSA), String(CHAT_LUIS)].includes(r.chat_id));
      expect(mine.filter((r) => r.status === 'sent').length).toBeGreaterThanOrEqual(2);
    });

    it('says in the technicians’ message how many files the ticket has', async () => {
      const person = await buildStaff(t.database, { firstName: 'Julia', lastName: 'Mamani Ccori', officeId });
      const body = await multipart({ dni: person.dni, categoryId, description: 'La pantalla muestra este error al imprimir.' }, [
        { field: 'attachments', name: 'error.png', type: 'image/png', content: await pngImage(64, 48) },
        { field: 'attachments', name: 'informe.pdf', type: 'application/pdf', content: pdfDocument() },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', ...body });
      expect(res.statusCode, res.body).toBe(201);
      const code = res.json().code as string;
      const forRosa = await waitFor(() => messageAbout(CHAT_ROSA, code), 10_000, 'message to Rosa');
      expect(forRosa.text.split('\n')[1]).toBe('📎 2 archivos adjuntos (véalos en el ticket)');
      expect(forRosa.text).not.toContain('informe.pdf');
    });

    it('assigns the ticket from the chat, answers the press and edits the other technicians’ messages', async () => {
      const { code } = await fileTicket('Pedro', 'Gómez Salas');
      const forRosa = await waitFor(() => messageAbout(CHAT_ROSA, code));
      await waitFor(() => messageAbout(CHAT_LUIS, code));
      const data = (forRosa.replyMarkup?.inline_keyboard[0]?.[1] as { callback_data: string }).callback_data;
      const queryId = await t.fake.pressButton(CHAT_ROSA, forRosa.messageId, data);

      await waitFor(() => t.fake.answers().find((a) => a.id === queryId), 10_000, 'callback answered');
      expect(t.fake.answers().find((a) => a.id === queryId)?.text).toBe('Asignado a usted');
      const ticket = await t.database.db.selectFrom('tickets').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({ status: 'in_progress', assignee_id: rosa.id });
      const events = await t.database.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).where('to_status', '=', 'in_progress').execute();
      expect(events).toHaveLength(1);
      expect(events[0]?.channel).toBe('telegram');

      const edited = await waitFor(() => {
        const m = messageAbout(CHAT_LUIS, code);
        return m && m.text.includes('Ya lo tomó Rosa Quispe Mamani') ? m : undefined;
      });
      expect(edited.replyMarkup?.inline_keyboard.flat().some((b) => b.text === 'Asignarme')).toBe(false);
      expect(edited.replyMarkup?.inline_keyboard.flat().some((b) => b.text === 'Ver ticket')).toBe(true);
      await waitFor(() => messageAbout(CHAT_ROSA, code)?.text.includes('Asignado a usted'));

      const notices = await t.database.db.selectFrom('notifications').selectAll().where('ticket_id', '=', ticket.id).execute();
      // The third ticket of one category within the window also brings Rosa an incident suggestion; the button press opens the new-ticket notice.
      const rosas = notices.find((n) => n.user_id === rosa.id && n.kind === 'new_ticket');
      expect(rosas).toMatchObject({ opened_via: 'button', status: 'sent' });
      expect(rosas?.opened_at).not.toBeNull();
      await waitFor(async () => (await t.database.db.selectFrom('notifications').select('acted_at').where('id', '=', rosas!.id).executeTakeFirst())?.acted_at);
    });

    it('puts "Asignarme" back when the ticket is released, and says when it is closed', async () => {
      const { code } = await fileTicket('Nora', 'Vidal Ponce');
      await waitFor(() => messageAbout(CHAT_ROSA, code));
      await waitFor(() => messageAbout(CHAT_LUIS, code));
      const session = await loginAs(t, rosa);
      const call = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: session.headers, payload });
      expect((await call(`/api/v1/tickets/${code}/assign`, {})).statusCode).toBe(200);
      await waitFor(() => messageAbout(CHAT_LUIS, code)?.text.includes('Ya lo tomó Rosa Quispe Mamani'));
      expect((await call(`/api/v1/tickets/${code}/transition`, { to: 'registered', note: 'Falta un repuesto.' })).statusCode).toBe(200);
      const back = await waitFor(() => {
        const m = messageAbout(CHAT_LUIS, code);
        return m?.replyMarkup?.inline_keyboard.flat().some((b) => b.text === 'Asignarme') && !m.text.includes('Ya lo tomó') ? m : undefined;
      });
      expect(back.history.length).toBeGreaterThanOrEqual(3);
      expect((await call(`/api/v1/tickets/${code}/assign`, {})).statusCode).toBe(200);
      expect((await call(`/api/v1/tickets/${code}/transition`, { to: 'resolved', note: 'Se cambió el tóner.' })).statusCode).toBe(200);
      await waitFor(() => messageAbout(CHAT_LUIS, code)?.text.endsWith('Ticket cerrado (Resuelto)'));
      expect(
        messageAbout(CHAT_LUIS, code)
          ?.replyMarkup?.inline_keyboard.flat()
          .some((b) => b.text === 'Asignarme'),
      ).toBe(false);
    });

    it('gives the ticket to exactly one of two technicians pressing at the same instant', async () => {
      const { code } = await fileTicket('Carla', 'Díaz León');
      const a = await waitFor(() => messageAbout(CHAT_ROSA, code));
      const b = await waitFor(() => messageAbout(CHAT_LUIS, code));
      const dataOf = (m: typeof a) => (m.replyMarkup?.inline_keyboard[0]?.[1] as { callback_data: string }).callback_data;
      const [qa, qb] = await Promise.all([t.fake.pressButton(CHAT_ROSA, a.messageId, dataOf(a)), t.fake.pressButton(CHAT_LUIS, b.messageId, dataOf(b))]);
      await waitFor(() => t.fake.answers().some((x) => x.id === qa) && t.fake.answers().some((x) => x.id === qb), 10_000, 'both answered');
      const texts = [qa, qb].map((id) => t.fake.answers().find((x) => x.id === id)?.text).sort();
      const ticket = await t.database.db.selectFrom('tickets').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
      const winner = ticket.assignee_id === rosa.id ? 'Rosa Quispe Mamani' : 'Luis Torres Vega';
      expect(texts).toEqual(['Asignado a usted', `Ya lo tomó ${winner}`].sort());
      const assigned = await t.database.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).where('to_status', '=', 'in_progress').execute();
      expect(assigned).toHaveLength(1);
    });

    it('refuses a forged button, and a button pressed from another chat', async () => {
      const { code } = await fileTicket('Jorge', 'Ríos Paredes');
      const forRosa = await waitFor(() => messageAbout(CHAT_ROSA, code));
      const data = (forRosa.replyMarkup?.inline_keyboard[0]?.[1] as { callback_data: string }).callback_data;
      const forged = data.replace(/:[^:]+$/, ':AAAAAAAAAAAAAAAA');
      const q1 = await t.fake.pressButton(CHAT_ROSA, forRosa.messageId, forged);
      const q2 = await t.fake.pressButton(CHAT_LUIS, forRosa.messageId, data);
      await waitFor(() => t.fake.answers().some((x) => x.id === q1) && t.fake.answers().some((x) => x.id === q2), 10_000, 'both answered');
      expect(t.fake.answers().find((x) => x.id === q1)?.text).toBe('Este botón ya no es válido.');
      expect(t.fake.answers().find((x) => x.id === q2)?.text).toBe('Este botón ya no es válido.');
      const ticket = await t.database.db.selectFrom('tickets').select('status').where('code', '=', code).executeTakeFirstOrThrow();
      expect(ticket.status).toBe('registered');
    });

    it('records the first opening of the tracked link and leads to the staff ticket page', async () => {
      const { code } = await fileTicket('Elsa', 'Mora Cruz');
      const m = await waitFor(() => messageAbout(CHAT_LUIS, code));
      const url = (m.replyMarkup?.inline_keyboard[0]?.[0] as { url: string }).url;
      const path = new URL(url).pathname;
      const first = await t.app.inject({ url: path });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe(`/staff/tickets/${code}`);
      const token = path.split('/').pop() as string;
      const row = await t.database.db.selectFrom('notifications').selectAll().where('link_token', '=', token).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ opened_via: 'link' });
      await new Promise((r) => setTimeout(r, 5));
      await t.app.inject({ url: path });
      const again = await t.database.db.selectFrom('notifications').selectAll().where('link_token', '=', token).executeTakeFirstOrThrow();
      expect(again.opened_at).toBe(row.opened_at);
      expect((await t.app.inject({ url: '/n/no-such-token-here-000' })).statusCode).toBe(404);
    });

    it('tells a requester who follows the ticket about its status changes', async () => {
      const { code } = await fileTicket('Raúl', 'Campos Vera');
      const follow = await t.app.inject({ method: 'POST', url: `/t/${code}/telegram` });
      expect(follow.statusCode).toBe(303);
      const token = new URL(follow.headers.location as string).searchParams.get('start') as string;
      await t.fake.startCommand(CHAT_REQUESTER, token);
      await waitFor(() => t.fake.sent(CHAT_REQUESTER).some((x) => x.text.includes(`ticket ${code}`)), 10_000, 'subscription confirmed');
      const session = await loginAs(t, luis);
      const assign = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/assign`, headers: session.headers, payload: {} });
      expect(assign.statusCode).toBe(200);
      await waitFor(() => t.fake.sent(CHAT_REQUESTER).some((x) => x.text === `Su ticket ${code} cambió de estado: En atención`), 10_000, 'status message');
      // The web assignment also edits the technicians' messages.
      await waitFor(() => messageAbout(CHAT_ROSA, code)?.text.includes('Ya lo tomó Luis Torres Vega'));
    });

    it('sends a waiting ticket again as a reminder, once per interval', async () => {
      const { code } = await fileTicket('Sonia', 'Lara Ortiz');
      await waitFor(() => messageAbout(CHAT_ROSA, code));
      await t.database.db
        .updateTable('tickets')
        .set({ queued_at: Date.now() - 16 * 60_000 })
        .where('code', '=', code)
        .execute();
      const deps = { database: t.database, clock: t.ctx.clock };
      expect(await scheduleReminders(deps)).toBeGreaterThanOrEqual(1);
      await scheduleReminders(deps);
      await waitFor(() => t.fake.sent(CHAT_ROSA).some((m) => m.text.startsWith(`Recordatorio: el ticket ${code} sigue en la cola sin tomar`)), 10_000, 'reminder');
      await new Promise((r) => setTimeout(r, 300));
      expect(t.fake.sent(CHAT_ROSA).filter((m) => m.text.startsWith(`Recordatorio: el ticket ${code}`))).toHaveLength(1);
      await t.database.db.updateTable('tickets').set({ status: 'cancelled' }).where('code', '=', code).execute();
    });

    it('unlinks a chat that blocked the bot and tells the admin', async () => {
      const ana = await buildUser(t.database, { fullName: 'Bruno Salas Ríos' });
      const chat = 5_000_050;
      await linkTechnician(t, ana, chat);
      t.fake.block(chat);
      const { code } = await fileTicket('Irma', 'Luna Soto');
      await waitFor(() => messageAbout(CHAT_ROSA, code));
      await waitFor(
        async () => {
          const u = await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', ana.id).executeTakeFirstOrThrow();
          return u.telegram_chat_id === null;
        },
        10_000,
        'blocked chat unlinked',
      );
      const notice = await t.database.db.selectFrom('admin_notices').selectAll().where('kind', '=', 'telegram.blocked').execute();
      expect(notice.map((n) => n.message)).toContain('El técnico Bruno Salas Ríos bloqueó al bot de Telegram; se desvinculó su chat.');
      const n = await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', ana.id).executeTakeFirstOrThrow();
      expect(n).toMatchObject({ status: 'failed', error: 'Forbidden: bot was blocked by the user' });
    });

    it('unlinks a chat whose user never started this bot (the bot was replaced) and tells the admin to have it linked again', async () => {
      const eva = await buildUser(t.database, { fullName: 'Eva Campos Rey' });
      const chat = 5_000_055;
      await linkTechnician(t, eva, chat);
      // As after a change of bot: the chat was linked, but with this bot no conversation exists.
      t.fake.neverStarted(chat);
      const { code } = await fileTicket('Olga', 'Paz Vera');
      await waitFor(() => messageAbout(CHAT_ROSA, code));
      await waitFor(
        async () => {
          const u = await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', eva.id).executeTakeFirstOrThrow();
          return u.telegram_chat_id === null;
        },
        10_000,
        'never-started chat unlinked',
      );
      const notices = await t.database.db.selectFrom('admin_notices').select(['kind', 'message']).where('message', 'like', '%Eva Campos Rey%').execute();
      expect(notices).toEqual([
        {
          kind: 'telegram.not_started',
          message: 'El técnico Eva Campos Rey no ha iniciado una conversación con este bot de Telegram (¿se cambió el bot?); se desvinculó su chat: debe vincularlo de nuevo desde su perfil.',
        },
      ]);
      const n = await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', eva.id).executeTakeFirstOrThrow();
      expect(n).toMatchObject({ status: 'failed', error: "Forbidden: bot can't initiate conversation with a user" });
    });

    it('unlinks from the chat with /desvincular and from the web with DELETE', async () => {
      const user = await buildUser(t.database, { fullName: 'Tomás Ugarte Paz' });
      await linkTechnician(t, user, 5_000_060);
      await t.fake.sendText(5_000_060, '/desvincular');
      await waitFor(async () => (await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', user.id).executeTakeFirstOrThrow()).telegram_chat_id === null);
      await waitFor(() => t.fake.sent(5_000_060).some((m) => m.text === 'Este chat ya no recibirá avisos de ITIMS.'));
      await linkTechnician(t, user, 5_000_061);
      const session = await loginAs(t, user);
      const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/telegram-link', headers: session.headers });
      expect(res.statusCode).toBe(204);
      const row = await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.telegram_chat_id).toBeNull();
    });

    if (mode === 'webhook') {
      it('registers the webhook with its secret and refuses calls with a missing or wrong secret, changing nothing', async () => {
        expect(t.fake.webhookUrl).toBe(`${PUBLIC_URL}/telegram/webhook`);
        const count = async () => {
          const u = await t.database.db
            .selectFrom('telegram_updates')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          const j = await t.database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('type', '=', 'telegram.update')
            .executeTakeFirstOrThrow();
          return [Number(u.n), Number(j.n)];
        };
        const before = await count();
        const update = { update_id: 999_000_001, message: { message_id: 1, date: 1, chat: { id: CHAT_ROSA, type: 'private', first_name: 'X' }, text: '/desvincular' } };
        const missing = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: update });
        expect(missing.statusCode).toBe(401);
        const wrong = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: update, headers: { 'x-telegram-bot-api-secret-token': 'otro-secreto' } });
        expect(wrong.statusCode).toBe(403);
        expect(await count()).toEqual(before);
        const linked = await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', rosa.id).executeTakeFirstOrThrow();
        expect(linked.telegram_chat_id).toBe(String(CHAT_ROSA));

        const harmless = { update_id: 999_000_002, message: { message_id: 2, date: 1, chat: { id: 42, type: 'private', first_name: 'X' }, text: 'hola' } };
        const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
        const first = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: harmless, headers });
        const resent = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: harmless, headers });
        expect([first.statusCode, resent.statusCode]).toEqual([200, 200]);
        const after = await count();
        expect(after).toEqual([before[0]! + 1, before[1]! + 1]);
        // What a person typed to the bot (and their name) is not stored; only what the bot acts on.
        const stored = await t.database.db.selectFrom('jobs').select('payload').where('dedupe_key', '=', 'telegram.update:999000002').executeTakeFirstOrThrow();
        expect(stored.payload).not.toContain('hola');
        expect(JSON.parse(stored.payload).update.message.chat).toEqual({ id: 42, type: 'private', first_name: '-' });
      });
    }
  });
}
