import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildTicket, buildUser } from '../../../test/helpers/factories';
import { AppError } from '../../core/errors';
import { listTicketMessages } from '../ticket-messages.repository';
import { trackTicket } from '../queries/track-ticket';
import { staffTicket } from '../queries/staff-ticket';
import { addNote } from './add-note';
import { assignTicket } from './assign-ticket';
import { postRequesterMessage } from './post-requester-message';
import { reopenTicket } from './reopen-ticket';
import { replyToRequester } from './reply-to-requester';
import { transitionTicket } from './transition-ticket';
import type { TicketCommandDeps } from './ticket-change';

const MIN = 60_000;
const DAY = 86_400_000;

describeEachDialect('the conversation with the requester (replies, waiting, answers, reopening)', (dialect) => {
  let database: TestDatabase;
  let deps: TicketCommandDeps;
  const clock = manualClock();
  let tech: { id: number };
  let other: { id: number };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    deps = { database, clock };
    tech = await buildUser(database, { fullName: 'Rosa Quispe Mamani' });
    other = await buildUser(database, { fullName: 'Luis Condori Apaza' });
  });
  afterAll(() => database.drop());

  async function takenTicket(assigneeId = tech.id) {
    const t = await buildTicket(database, { at: clock() - 60 * MIN });
    await assignTicket(deps, { code: t.code, assigneeId, actorUserId: assigneeId, actorRole: 'technician', channel: 'web' });
    return t;
  }
  const reply = (code: string, text: string, awaitReply?: boolean, actor: { id: number; role?: 'admin' | 'technician' } = tech) =>
    replyToRequester(deps, { code, text, awaitReply, actorUserId: actor.id, actorRole: actor.role ?? 'technician', channel: 'web', reopenDays: 7 });
  const answer = (code: string, text: string) => postRequesterMessage(deps, { code, text, reopenDays: 7 });
  const ticketRow = (id: number) => database.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const jobsOf = (type: string) => database.db.selectFrom('jobs').select(['payload']).where('type', '=', type).execute();
  async function failure(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }

  it('a reply with awaitReply puts the ticket in waiting with the same assignee, and the answer brings it back to in_progress', async () => {
    const t = await takenTicket();
    clock.advance(5 * MIN);
    const asked = await reply(t.code, '¿Qué mensaje de error le aparece en la pantalla?', true);
    expect(asked.status).toBe('waiting');
    let row = await ticketRow(t.id);
    expect([row.status, row.assignee_id, Number(row.waiting_since)]).toEqual(['waiting', tech.id, clock()]);

    clock.advance(42 * MIN);
    const answered = await answer(t.code, 'Dice "papel atascado"\ny la luz naranja parpadea');
    expect(answered.status).toBe('in_progress');
    row = await ticketRow(t.id);
    expect([row.status, row.assignee_id, row.waiting_since, Number(row.waiting_ms)]).toEqual(['in_progress', tech.id, null, 42 * MIN]);

    const events = await database.db.selectFrom('ticket_events').select(['type', 'from_status', 'to_status', 'actor_user_id', 'channel']).where('ticket_id', '=', t.id).orderBy('id').execute();
    expect(events.slice(-2)).toEqual([
      { type: 'waiting', from_status: 'in_progress', to_status: 'waiting', actor_user_id: tech.id, channel: 'web' },
      { type: 'resumed', from_status: 'waiting', to_status: 'in_progress', actor_user_id: null, channel: 'portal' },
    ]);
    // Each message and each status change wrote its outbox job in the same transaction.
    const posted = (await jobsOf('ticket.message_posted')).map((j) => JSON.parse(j.payload) as { messageId: number });
    expect(posted.map((p) => p.messageId)).toEqual(expect.arrayContaining([asked.messageId, answered.messageId]));
    const changes = (await jobsOf('ticket.status_changed')).map((j) => JSON.parse(j.payload) as { ticketId: number; to: string }).filter((p) => p.ticketId === t.id);
    expect(changes.map((p) => p.to)).toEqual(['in_progress', 'waiting', 'in_progress']);
  });

  it('shows the conversation oldest first with the technician first name only, and never the internal notes', async () => {
    const t = await takenTicket();
    await addNote(deps, { code: t.code, text: 'Nota interna: el proveedor no responde', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    clock.advance(1);
    await reply(t.code, 'Buenos días, ¿puede reiniciar la impresora?');
    clock.advance(1);
    await answer(t.code, 'Ya la reinicié y sigue igual');
    const view = await trackTicket(database.db, t.code);
    expect(view.conversation.map((m) => [m.from, m.author?.firstName ?? null, m.text, m.attachments])).toEqual([
      ['staff', 'Rosa', 'Buenos días, ¿puede reiniciar la impresora?', []],
      ['requester', null, 'Ya la reinicié y sigue igual', []],
    ]);
    expect(JSON.stringify(view)).not.toContain('proveedor');
    expect(JSON.stringify(view)).not.toContain('Quispe');
    const staff = await staffTicket(database.db, t.code);
    expect(staff.messages.map((m) => m.text)).toEqual(['Buenos días, ¿puede reiniciar la impresora?', 'Ya la reinicié y sigue igual']);
  });

  it('a public reply counts as the first action of a ticket nobody took yet, and leaves its status', async () => {
    const t = await buildTicket(database, { at: clock() - 10 * MIN });
    const r = await reply(t.code, '¿En qué piso está la impresora?', false, other);
    expect(r.status).toBe('registered');
    const row = await ticketRow(t.id);
    expect([row.status, Number(row.first_action_at)]).toEqual(['registered', clock()]);
  });

  it('refuses awaitReply on a ticket that is not in progress, and from someone who does not have it', async () => {
    const queued = await buildTicket(database);
    expect((await failure(reply(queued.code, '¿Sigue el problema?', true))).code).toBe('INVALID_TRANSITION');
    const mine = await takenTicket();
    expect((await failure(reply(mine.code, '¿Sigue el problema?', true, other))).code).toBe('FORBIDDEN');
    // Nothing half-written: no message, no status change.
    expect(await listTicketMessages(database.db, mine.id)).toEqual([]);
    expect((await ticketRow(mine.id)).status).toBe('in_progress');
    // An admin may.
    const admin = await buildUser(database, { role: 'admin' });
    expect((await reply(mine.code, '¿Sigue el problema?', true, { id: admin.id, role: 'admin' })).status).toBe('waiting');
  });

  it('refuses blank and too long texts with the field named', async () => {
    const t = await takenTicket();
    const blank = await failure(reply(t.code, '   \n'));
    expect([blank.code, Object.keys(blank.fields ?? {})]).toEqual(['VALIDATION_FAILED', ['text']]);
    const long = await failure(answer(t.code, 'x'.repeat(4001)));
    expect([long.code, Object.keys(long.fields ?? {})]).toEqual(['VALIDATION_FAILED', ['text']]);
    expect((await failure(answer('TK-00000000', 'hola'))).code).toBe('TICKET_NOT_FOUND');
  });

  it('transition to waiting needs a note; transition to in_progress resumes a waiting ticket and nothing else', async () => {
    const t = await takenTicket();
    const move = (to: 'waiting' | 'in_progress', note?: string) => transitionTicket(deps, { code: t.code, to, note, actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    expect((await failure(move('waiting'))).code).toBe('NOTE_REQUIRED');
    expect((await failure(move('in_progress'))).code).toBe('INVALID_TRANSITION');
    await move('waiting', 'Espera que el usuario traiga el equipo');
    clock.advance(3 * MIN);
    await move('in_progress');
    const row = await ticketRow(t.id);
    expect([row.status, Number(row.waiting_ms)]).toEqual(['in_progress', 3 * MIN]);
    const queued = await buildTicket(database);
    const take = await failure(transitionTicket(deps, { code: queued.code, to: 'in_progress', actorUserId: tech.id, actorRole: 'technician', channel: 'web' }));
    expect(take.code).toBe('INVALID_TRANSITION');
  });

  it('a waiting ticket may be resolved directly; its wait is added up at the resolution', async () => {
    const t = await takenTicket();
    await reply(t.code, '¿Pudo probar otra vez?', true);
    clock.advance(30 * MIN);
    await transitionTicket(deps, { code: t.code, to: 'resolved', note: 'Sin respuesta; se resolvió en visita', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    const row = await ticketRow(t.id);
    expect([row.status, row.waiting_since, Number(row.waiting_ms), Number(row.resolved_at)]).toEqual(['resolved', null, 30 * MIN, clock()]);
  });

  it('reopens a resolved ticket within REOPEN_DAYS with the same technician; the resolution is undone until the final one', async () => {
    const t = await takenTicket();
    await transitionTicket(deps, { code: t.code, to: 'resolved', note: 'Se cambió el tóner', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    clock.advance(6 * DAY);
    const reopened = await reopenTicket(deps, { code: t.code, reason: 'Sigue imprimiendo manchado', reopenDays: 7 });
    expect(reopened.status).toBe('in_progress');
    let row = await ticketRow(t.id);
    expect([row.status, row.assignee_id, row.resolved_at, row.closed_at]).toEqual(['in_progress', tech.id, null, null]);
    const view = await trackTicket(database.db, t.code);
    expect(view.conversation.at(-1)).toMatchObject({ from: 'requester', text: 'Sigue imprimiendo manchado' });
    expect(view.timeline.at(-1)).toMatchObject({ status: 'in_progress', note: 'Sigue imprimiendo manchado' });

    clock.advance(2 * DAY);
    await transitionTicket(deps, { code: t.code, to: 'resolved', note: 'Se cambió el fusor', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    row = await ticketRow(t.id);
    expect(Number(row.resolved_at)).toBe(clock());
    const reopenedEvents = await database.db.selectFrom('ticket_events').select('type').where('ticket_id', '=', t.id).where('type', '=', 'reopened').execute();
    expect(reopenedEvents).toHaveLength(1);
  });

  it('reopens to the queue at its original place when the technician account is inactive', async () => {
    const leaving = await buildUser(database, { fullName: 'Pedro Mamani' });
    const t = await takenTicket(leaving.id);
    const queuedAt = Number((await ticketRow(t.id)).queued_at);
    await transitionTicket(deps, { code: t.code, to: 'resolved', note: 'Listo', actorUserId: leaving.id, actorRole: 'technician', channel: 'web' });
    await database.db.updateTable('users').set({ active: 0 }).where('id', '=', leaving.id).execute();
    const reopened = await reopenTicket(deps, { code: t.code, reason: 'No funciona', reopenDays: 7 });
    expect(reopened.status).toBe('registered');
    const row = await ticketRow(t.id);
    expect([row.status, row.assignee_id, Number(row.queued_at)]).toEqual(['registered', null, queuedAt]);
  });

  it('refuses to reopen a cancelled ticket, an open one, or a resolved one past REOPEN_DAYS (409 REOPEN_NOT_ALLOWED)', async () => {
    const cancelled = await takenTicket();
    await transitionTicket(deps, { code: cancelled.code, to: 'cancelled', note: 'Duplicado', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    expect((await failure(reopenTicket(deps, { code: cancelled.code, reason: 'x', reopenDays: 7 }))).code).toBe('REOPEN_NOT_ALLOWED');
    const open = await takenTicket();
    expect((await failure(reopenTicket(deps, { code: open.code, reason: 'x', reopenDays: 7 }))).code).toBe('REOPEN_NOT_ALLOWED');
    const old = await takenTicket();
    await transitionTicket(deps, { code: old.code, to: 'resolved', note: 'Listo', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    clock.advance(7 * DAY + 1);
    const late = await failure(reopenTicket(deps, { code: old.code, reason: 'Sigue fallando', reopenDays: 7 }));
    expect([late.code, late.statusCode]).toEqual(['REOPEN_NOT_ALLOWED', 409]);
    expect((await ticketRow(old.id)).status).toBe('resolved');
    expect(await listTicketMessages(database.db, old.id)).toEqual([]);
  });

  it('takes answers on a closed ticket for REOPEN_DAYS, then refuses them with 409 TICKET_CLOSED', async () => {
    const t = await takenTicket();
    await transitionTicket(deps, { code: t.code, to: 'cancelled', note: 'No corresponde', actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    clock.advance(DAY);
    const late = await answer(t.code, '¿Por qué se canceló?');
    expect(late.status).toBe('cancelled');
    clock.advance(7 * DAY);
    const refused = await failure(answer(t.code, '¿Hola?'));
    expect([refused.code, refused.statusCode]).toEqual(['TICKET_CLOSED', 409]);
    expect((await failure(reply(t.code, 'Respuesta tardía'))).code).toBe('TICKET_CLOSED');
    expect((await listTicketMessages(database.db, t.id)).map((m) => m.text)).toEqual(['¿Por qué se canceló?']);
  });
});
