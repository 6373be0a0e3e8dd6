import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, manualClock } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildTicket, buildUser } from '../../../test/helpers/factories';
import { EventBus } from '../../core/context';
import { AppError } from '../../core/errors';
import { writeSetting } from '../../settings/settings';
import { assignTicket } from './assign-ticket';
import type { TicketCommandDeps } from './ticket-change';

describeEachDialect('assignTicket', (dialect) => {
  let database: TestDatabase;
  let deps: TicketCommandDeps;
  const clock = manualClock();
  const changed: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const events = new EventBus();
    events.on('ticket.changed', (e) => changed.push(`${e.code}:${e.status}`));
    deps = { database, clock, events };
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    changed.length = 0;
    await writeSetting(database.db, dialect, 'queue.strictFifo', false, clock());
  });

  async function error(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }

  it('assigns a waiting ticket to the technician, records who/channel/when and writes both outbox jobs', async () => {
    const tech = await buildUser(database, { fullName: 'Rosa Quispe Mamani' });
    const ticket = await buildTicket(database, { at: clock() - 60_000 });
    clock.advance(1000);
    const result = await assignTicket(deps, { code: ticket.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    expect(result).toEqual({ ticketId: ticket.id, code: ticket.code, assigneeId: tech.id, changed: true });

    const row = await database.db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'in_progress', assignee_id: tech.id, updated_at: clock(), first_action_at: clock(), queued_at: clock() - 61_000 });
    const events = await database.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
    expect(events.map((e) => [e.type, e.from_status, e.to_status, e.actor_user_id, e.channel, e.at])).toEqual([
      ['created', null, 'registered', null, 'portal', clock() - 61_000],
      ['assigned', 'registered', 'in_progress', tech.id, 'web', clock()],
    ]);
    const jobs = await database.db.selectFrom('jobs').select(['type', 'payload']).where('type', 'like', 'ticket.%').orderBy('id').execute();
    const mine = jobs.map((j) => ({ type: j.type, payload: JSON.parse(j.payload) })).filter((j) => j.payload.ticketId === ticket.id);
    expect(mine).toEqual([
      { type: 'ticket.status_changed', payload: { ticketId: ticket.id, from: 'registered', to: 'in_progress' } },
      { type: 'ticket.assigned', payload: { ticketId: ticket.id, assigneeId: tech.id, channel: 'web' } },
    ]);
    expect(changed).toEqual([`${ticket.code}:in_progress`]);
  });

  it('accepts the ticket id instead of the code (the Telegram button knows the id)', async () => {
    const tech = await buildUser(database);
    const ticket = await buildTicket(database);
    const result = await assignTicket(deps, { ticketId: ticket.id, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'telegram' });
    expect(result.code).toBe(ticket.code);
    const event = await database.db.selectFrom('ticket_events').select('channel').where('ticket_id', '=', ticket.id).where('type', '=', 'assigned').executeTakeFirstOrThrow();
    expect(event.channel).toBe('telegram');
  });

  it('answers TICKET_TAKEN naming who has it when another technician took it first', async () => {
    const first = await buildUser(database, { fullName: 'Luis Mamani Condori' });
    const second = await buildUser(database);
    const ticket = await buildTicket(database);
    await assignTicket(deps, { code: ticket.code, assigneeId: first.id, actorUserId: first.id, actorRole: 'technician', channel: 'web' });
    const err = await error(assignTicket(deps, { code: ticket.code, assigneeId: second.id, actorUserId: second.id, actorRole: 'technician', channel: 'telegram' }));
    expect(err.code).toBe('TICKET_TAKEN');
    expect(err.statusCode).toBe(409);
    expect(err.params).toEqual({ name: 'Luis Mamani Condori' });
  });

  it('changes nothing when the same technician presses twice', async () => {
    const tech = await buildUser(database);
    const ticket = await buildTicket(database);
    await assignTicket(deps, { code: ticket.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    const again = await assignTicket(deps, { code: ticket.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'telegram' });
    expect(again.changed).toBe(false);
    const n = await database.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).where('type', '=', 'assigned').execute();
    expect(n).toHaveLength(1);
  });

  it('lets only an admin assign a ticket to someone else, and only to an active user', async () => {
    const tech = await buildUser(database);
    const other = await buildUser(database);
    const admin = await buildUser(database, { role: 'admin' });
    const gone = await buildUser(database, { active: false });
    const ticket = await buildTicket(database);
    expect((await error(assignTicket(deps, { code: ticket.code, assigneeId: other.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' }))).code).toBe('FORBIDDEN');
    const refused = await error(assignTicket(deps, { code: ticket.code, assigneeId: gone.id, actorUserId: admin.id, actorRole: 'admin', channel: 'web' }));
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(refused.fields ?? {})).toEqual(['userId']);
    await assignTicket(deps, { code: ticket.code, assigneeId: other.id, actorUserId: admin.id, actorRole: 'admin', channel: 'web' });
    const row = await database.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.assignee_id).toBe(other.id);
    const event = await database.db.selectFrom('ticket_events').select('actor_user_id').where('ticket_id', '=', ticket.id).where('type', '=', 'assigned').executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(admin.id);
  });

  it('refuses closed tickets and unknown codes', async () => {
    const tech = await buildUser(database);
    for (const status of ['resolved', 'cancelled'] as const) {
      const ticket = await buildTicket(database, { status, assigneeId: tech.id });
      expect((await error(assignTicket(deps, { code: ticket.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' }))).code).toBe('INVALID_TRANSITION');
    }
    expect((await error(assignTicket(deps, { code: 'TK-ZZZZZZZZ', assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' }))).code).toBe('TICKET_NOT_FOUND');
  });

  it('with strict FIFO, refuses any waiting ticket but the oldest (NOT_OLDEST)', async () => {
    const tech = await buildUser(database);
    // Clear the queue so "oldest" is about these two tickets only.
    await database.db.updateTable('tickets').set({ status: 'cancelled' }).where('status', '=', 'registered').execute();
    const older = await buildTicket(database, { at: clock() - 120_000 });
    const newer = await buildTicket(database, { at: clock() - 60_000 });
    await writeSetting(database.db, dialect, 'queue.strictFifo', true, clock());
    const err = await error(assignTicket(deps, { code: newer.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' }));
    expect(err.code).toBe('NOT_OLDEST');
    expect(err.statusCode).toBe(409);
    await assignTicket(deps, { code: older.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
    // Now the newer one is the oldest waiting.
    await assignTicket(deps, { code: newer.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'web' });
  });

  it('gives a ticket to exactly one of ten technicians pressing at once; the others learn who has it', async () => {
    const techs = await Promise.all(Array.from({ length: 10 }, (_, i) => buildUser(database, { fullName: `Técnico ${i}` })));
    const ticket = await buildTicket(database);
    const outcomes = await Promise.allSettled(techs.map((tech) => assignTicket(deps, { code: ticket.code, assigneeId: tech.id, actorUserId: tech.id, actorRole: 'technician', channel: 'telegram' })));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as AppError).code)).toEqual(Array(9).fill('TICKET_TAKEN'));
    const row = await database.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    const winner = techs.find((t) => t.id === row.assignee_id)!;
    for (const o of lost) expect((o.reason as AppError).params).toEqual({ name: `Técnico ${techs.indexOf(winner)}` });
  });
});
