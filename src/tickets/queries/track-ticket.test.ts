import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildTicket, buildUser } from '../../../test/helpers/factories';
import { AppError } from '../../core/errors';
import { addNote } from '../commands/add-note';
import { assignTicket } from '../commands/assign-ticket';
import { transitionTicket } from '../commands/transition-ticket';
import type { TicketCommandDeps } from '../commands/ticket-change';
import { trackTicket } from './track-ticket';

describeEachDialect('trackTicket (the public view of a ticket)', (dialect) => {
  let database: TestDatabase;
  let deps: TicketCommandDeps;
  const clock = manualClock();
  let tech: { id: number };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    deps = { database, clock };
    tech = await buildUser(database, { fullName: 'Rosa Quispe Mamani' });
  });
  afterAll(() => database.drop());

  const at = (offsetMs: number) => new Date(Date.parse('2026-03-02T14:00:00Z') + offsetMs).toISOString();

  it('shows status changes in order with the closing note only: no internal notes, no release notes, no full names', async () => {
    const t = await buildTicket(database, { at: clock() });
    const act = { actorUserId: tech.id, actorRole: 'technician' as const, channel: 'web' as const };
    clock.advance(60_000);
    await assignTicket(deps, { code: t.code, assigneeId: tech.id, ...act });
    clock.advance(60_000);
    await addNote(deps, { code: t.code, text: 'Nota interna: el usuario no estaba.', ...act });
    clock.advance(60_000);
    await transitionTicket(deps, { code: t.code, to: 'registered', note: 'Devuelto: falta un repuesto.', ...act });
    clock.advance(60_000);
    await assignTicket(deps, { code: t.code, assigneeId: tech.id, ...act });
    clock.advance(60_000);
    await transitionTicket(deps, { code: t.code, to: 'resolved', note: 'Se cambió el tóner.', ...act });

    const view = await trackTicket(database.db, t.code.slice(3).toLowerCase());
    expect(view).toMatchObject({ code: t.code, status: 'resolved', queuePosition: null, assignee: { firstName: 'Rosa' } });
    expect(view.timeline).toEqual([
      { status: 'registered', at: at(0) },
      { status: 'in_progress', at: at(60_000) },
      { status: 'registered', at: at(180_000), returnedToQueue: true },
      { status: 'in_progress', at: at(240_000) },
      { status: 'resolved', at: at(300_000), note: 'Se cambió el tóner.' },
    ]);
    const text = JSON.stringify(view);
    for (const hidden of ['Nota interna', 'Devuelto', 'Quispe']) expect(text).not.toContain(hidden);
  });

  it('gives a waiting ticket its place in the queue, and 400/404 for malformed and unknown codes', async () => {
    const first = await buildTicket(database, { at: clock() - 10_000 });
    const second = await buildTicket(database, { at: clock() - 5_000 });
    const a = await trackTicket(database.db, first.code);
    const b = await trackTicket(database.db, second.code);
    expect(a.status).toBe('registered');
    expect(b.queuePosition).toBe((a.queuePosition as number) + 1);
    expect(b.timeline).toEqual([{ status: 'registered', at: new Date(clock() - 5_000).toISOString() }]);
    const malformed = await trackTicket(database.db, 'no es un código').catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(AppError);
    expect((malformed as AppError).code).toBe('TICKET_CODE_MALFORMED');
    const unknown = await trackTicket(database.db, 'TK-00000000').catch((e: unknown) => e);
    expect((unknown as AppError).code).toBe('TICKET_NOT_FOUND');
  });
});
