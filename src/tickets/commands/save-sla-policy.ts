/**
 * Admins change the business calendar or the SLA targets (`PUT /admin/calendar`, `PUT /admin/sla`,
 * the calendar page). Every problem is named at once (422 with `fields`); a valid change is stored
 * and the due instants of every open ticket are recomputed on the new policy, so the queue and the
 * warnings follow at once. Closed tickets keep the due instants they were judged on.
 */
import type { Executor } from '../../db/database';
import type { UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { MessageKey } from '../../i18n';
import { writeSetting } from '../../settings/settings';
import { validateCalendar, type BusinessCalendar, type CalendarProblem } from '../../sla/business-calendar';
import { readSlaPolicy } from '../../sla/sla-policy';
import { validateTargets, type SlaTarget, type TargetProblem } from '../../sla/sla-targets';
import { canChangeServiceLevels } from '../policy';
import { refreshDueTimes } from '../sla-due';
import { listOpenTicketIds } from '../tickets.repository';
import { listAllCategories } from '../../categories/categories.repository';
import type { TicketCommandDeps } from './ticket-change';

const CALENDAR_MESSAGES: Record<CalendarProblem['reason'], MessageKey> = {
  time: 'field.time',
  empty_range: 'field.emptyRange',
  overlap: 'field.overlap',
  date: 'field.date',
  duplicate: 'field.duplicateDate',
  name: 'field.holidayName',
  time_zone: 'field.timeZone',
};

const TARGET_MESSAGES: Record<TargetProblem['reason'], MessageKey> = {
  minutes: 'field.minutes',
  order: 'field.minutesOrder',
  duplicate: 'field.duplicateTarget',
};

interface Actor {
  actorUserId: number;
  actorRole: UserRole;
}

/** Holidays in date order, names trimmed: how the calendar is stored and shown. */
function normalized(calendar: BusinessCalendar): BusinessCalendar {
  return {
    timeZone: calendar.timeZone.trim(),
    hours: calendar.hours,
    holidays: calendar.holidays.map((h) => ({ date: h.date.trim(), name: h.name.trim() })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

export async function saveCalendar(deps: TicketCommandDeps, input: Actor & { calendar: BusinessCalendar }): Promise<{ calendar: BusinessCalendar; recomputed: number }> {
  if (!canChangeServiceLevels({ userId: input.actorUserId, role: input.actorRole })) throw new AppError('FORBIDDEN');
  const calendar = normalized(input.calendar);
  const problems = new FieldProblems();
  for (const p of validateCalendar(calendar)) problems.add(p.field, CALENDAR_MESSAGES[p.reason]);
  problems.throwIfAny();
  await writeSetting(deps.database.db, deps.database.dialect, 'sla.calendar', calendar, deps.clock());
  return { calendar, recomputed: await recomputeOpenTickets(deps) };
}

export async function saveTargets(deps: TicketCommandDeps, input: Actor & { targets: SlaTarget[] }): Promise<{ targets: SlaTarget[]; recomputed: number }> {
  if (!canChangeServiceLevels({ userId: input.actorUserId, role: input.actorRole })) throw new AppError('FORBIDDEN');
  const targets = input.targets.map((t) => ({ ...t, categoryId: t.categoryId ?? null }));
  const problems = new FieldProblems();
  for (const p of validateTargets(targets)) problems.add(p.field, TARGET_MESSAGES[p.reason]);
  const known = new Set((await listAllCategories(deps.database.db)).map((c) => c.id));
  targets.forEach((t, i) => {
    if (t.categoryId !== null && !known.has(t.categoryId)) problems.add(`targets.${i}.categoryId`, 'field.invalid');
  });
  problems.throwIfAny();
  await writeSetting(deps.database.db, deps.database.dialect, 'sla.targets', targets, deps.clock());
  return { targets, recomputed: await recomputeOpenTickets(deps) };
}

const PAGE = 200;

/** Recomputes the due instants of every open ticket, a page at a time (one short transaction each). */
export async function recomputeOpenTickets(deps: TicketCommandDeps): Promise<number> {
  const { database, clock } = deps;
  let after = 0;
  let count = 0;
  for (;;) {
    const ids = await listOpenTicketIds(database.db, after, PAGE);
    if (!ids.length) return count;
    await database.db.transaction().execute(async (trx: Executor) => {
      const now = clock();
      const policy = await readSlaPolicy(trx, now);
      for (const id of ids) if (await refreshDueTimes(trx, database, id, now, policy)) count++;
    });
    after = ids[ids.length - 1]!;
  }
}
