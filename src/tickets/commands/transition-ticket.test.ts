import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildTicket, buildUser } from '../../../test/helpers/factories';
import { AppError } from '../../core/errors';
import { queuePosition } from '../tickets.repository';
import { addNote } from './add-note';
import { assignTicket } from './assign-ticket';
import { takeNextTicket } from './take-next-ticket';
import { transitionTicket, type TransitionTarget } from './transition-ticket';
import type { TicketCommandDeps } from './ticket-change';

describeEachDialect('transitionTicket and addNote', (dialect) => {
  let database: TestDatabase;
  let deps: TicketCommandDeps;
  const clock = manualClock();
  let tech: { id: number };
  let other: { id: number };
  let admin: { id: number };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    deps = { database, clock };
    tech = await buildUser(database, { fullName: 'Rosa Quispe Mamani' });
    other = await buildUser(database);
    admin = await buildUser(database, { role: 'admin' });
  });
  afterAll(() => database.drop());

  async function takenTicket(assigneeId = tech.id, at = clock() - 3600_000) {
    const t = await buildTicket(database, { at });
    await assignTicket(deps, { code: t.code, assigneeId, actorUserId: assigneeId, actorRole: 'technician', channel: 'web' });
    return t;
  }
  const move = (code: string, to: TransitionTarget, note?: string, actor: { id: number; role?: 'admin' | 'technician' } = tech, channel: 'web' | 'api' | 'telegram' = 'web') =>
    transitionTicket(deps, { code, to, note, actorUserId: actor.id, actorRole: actor.role ?? 'technician', channel });
  async function failure(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  const row = (id: number) => database.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lastEvent = (id: number) => database.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  it('resolves with a note: resolved_at and closed_at set, event with note, status job written', async () => {
    const t = await takenTicket();
    clock.advance(5000);
    const result = await move(t.code, 'resolved', '  Se reemplazó el cable de red. ', tech, 'api');
    expect(result).toEqual({ ticketId: t.id, code: t.code, from: 'in_progress', to: 'resolved' });
    expect(await row(t.id)).toMatchObject({ status: 'resolved', resolved_at: clock(), closed_at: clock(), updated_at: clock(), assignee_id: tech.id });
    expect(await lastEvent(t.id)).toMatchObject({
      type: 'resolved',
      from_status: 'in_progress',
      to_status: 'resolved',
      actor_user_id: tech.id,
      channel: 'api',
      note: 'Se reemplazó el cable de red.',
      at: clock(),
    });
    const jobs = await database.db.selectFrom('jobs').select('payload').where('type', '=', 'ticket.status_changed').execute();
    expect(jobs.map((j) => JSON.parse(j.payload))).toContainEqual({ ticketId: t.id, from: 'in_progress', to: 'resolved' });
  });

  it('cancels with a note: closed_at set, resolved_at not', async () => {
    const t = await takenTicket();
    await move(t.code, 'cancelled', 'Duplicado de otro ticket.');
    expect(await row(t.id)).toMatchObject({ status: 'cancelled', resolved_at: null, closed_at: clock() });
    expect(await lastEvent(t.id)).toMatchObject({ type: 'cancelled', note: 'Duplicado de otro ticket.' });
  });

  it('releases ("no logrado") back to the queue keeping its original FIFO place', async () => {
    await database.db.updateTable('tickets').set({ status: 'cancelled' }).where('status', '=', 'registered').execute();
    const first = await takenTicket(tech.id, clock() - 3 * 3600_000);
    const second = await buildTicket(database, { at: clock() - 2 * 3600_000 });
    const third = await buildTicket(database, { at: clock() - 3600_000 });
    clock.advance(60_000);
    await move(first.code, 'registered', 'No hay repuesto; queda para otro técnico.');
    const released = await row(first.id);
    expect(released).toMatchObject({ status: 'registered', assignee_id: null, queued_at: clock() - 60_000 - 3 * 3600_000 });
    expect(released.first_action_at).not.toBeNull();
    expect(await lastEvent(first.id)).toMatchObject({ type: 'released', from_status: 'in_progress', to_status: 'registered', note: 'No hay repuesto; queda para otro técnico.' });
    expect(await queuePosition(database.db, { lane: released.lane, queuedAt: released.queued_at, id: released.id })).toBe(1);
    // So "take next" gives it out again before the two that came later.
    const next = await takeNextTicket(deps, { userId: other.id, channel: 'web' });
    expect(next?.ticketId).toBe(first.id);
    expect((await takeNextTicket(deps, { userId: other.id, channel: 'web' }))?.ticketId).toBe(second.id);
    expect((await takeNextTicket(deps, { userId: other.id, channel: 'web' }))?.ticketId).toBe(third.id);
  });

  it.each([['resolved'], ['cancelled'], ['registered']] as const)('refuses → %s without a note (NOTE_REQUIRED, 422) and changes nothing', async (to) => {
    const t = await takenTicket();
    const err = await failure(move(t.code, to, '   '));
    expect(err.code).toBe('NOTE_REQUIRED');
    expect(err.statusCode).toBe(422);
    expect(Object.keys(err.fields ?? {})).toEqual(['note']);
    expect((await row(t.id)).status).toBe('in_progress');
  });

  it('refuses transitions the state machine does not have (INVALID_TRANSITION, 409)', async () => {
    const waiting = await buildTicket(database);
    for (const to of ['resolved', 'cancelled', 'registered'] as const) {
      expect((await failure(move(waiting.code, to, 'nota', { id: admin.id, role: 'admin' }))).code).toBe('INVALID_TRANSITION');
    }
    const resolved = await takenTicket();
    await move(resolved.code, 'resolved', 'Listo.');
    const cancelled = await takenTicket();
    await move(cancelled.code, 'cancelled', 'No corresponde.');
    for (const t of [resolved, cancelled]) {
      for (const to of ['resolved', 'cancelled', 'registered'] as const) {
        const err = await failure(move(t.code, to, 'Reabrir'));
        expect(err.code).toBe('INVALID_TRANSITION');
        expect(err.statusCode).toBe(409);
      }
    }
  });

  it('refuses closing from Telegram, but lets a technician release from there', async () => {
    const t = await takenTicket();
    expect((await failure(move(t.code, 'resolved', 'Listo', tech, 'telegram'))).code).toBe('CHANNEL_NOT_ALLOWED');
    await move(t.code, 'registered', 'No logrado', tech, 'telegram');
    expect((await row(t.id)).status).toBe('registered');
  });

  it('lets only the assignee or an admin change the status', async () => {
    const t = await takenTicket(tech.id);
    const err = await failure(move(t.code, 'resolved', 'Intento ajeno', other));
    expect(err.code).toBe('FORBIDDEN');
    await move(t.code, 'resolved', 'Cerrado por el administrador.', { id: admin.id, role: 'admin' });
    expect(await lastEvent(t.id)).toMatchObject({ type: 'resolved', actor_user_id: admin.id });
  });

  it('adds work-log notes from any staff member; the first one marks the first action', async () => {
    const t = await buildTicket(database, { at: clock() - 600_000 });
    expect((await row(t.id)).first_action_at).toBeNull();
    clock.advance(1000);
    const first = clock();
    await addNote(deps, { code: t.code, text: ' Llamé al usuario; no contesta. ', actorUserId: other.id, actorRole: 'technician', channel: 'web' });
    clock.advance(1000);
    await addNote(deps, { ticketId: t.id, text: 'Segundo intento.', actorUserId: tech.id, actorRole: 'technician', channel: 'api' });
    expect(await row(t.id)).toMatchObject({ status: 'registered', first_action_at: first, updated_at: clock() });
    const notes = await database.db
      .selectFrom('ticket_events')
      .select(['type', 'note', 'actor_user_id', 'channel', 'from_status', 'to_status'])
      .where('ticket_id', '=', t.id)
      .where('type', '=', 'note')
      .orderBy('id')
      .execute();
    expect(notes).toEqual([
      { type: 'note', note: 'Llamé al usuario; no contesta.', actor_user_id: other.id, channel: 'web', from_status: null, to_status: null },
      { type: 'note', note: 'Segundo intento.', actor_user_id: tech.id, channel: 'api', from_status: null, to_status: null },
    ]);
    const empty = await failure(addNote(deps, { code: t.code, text: '  ', actorUserId: tech.id, actorRole: 'technician', channel: 'web' }));
    expect(empty.code).toBe('NOTE_REQUIRED');
    expect((await failure(addNote(deps, { code: 'TK-ZZZZZZZZ', text: 'x', actorUserId: tech.id, actorRole: 'technician', channel: 'web' }))).code).toBe('TICKET_NOT_FOUND');
  });
});
