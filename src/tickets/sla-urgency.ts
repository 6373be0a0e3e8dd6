/**
 * How urgent a ticket's next due instant is, for the queue's "vence en …" indicator: `breached`
 * (red) once it is past, `warning` (amber) from 75 % of its target in business minutes — the
 * instant the assignee is warned (sla-due.ts) — `ok` before, `none` with no target.
 */
import { dueAfter } from '../sla/sla-clock';
import type { SlaPolicy } from '../sla/sla-policy';
import { targetFor } from '../sla/sla-targets';
import type { TicketPriority } from '../db/schema';
import { WARNING_SHARE } from './sla-due';

export type SlaState = 'none' | 'ok' | 'warning' | 'breached';

export const SLA_STATES: readonly SlaState[] = ['none', 'ok', 'warning', 'breached'];

/** The first-response state of a ticket nobody has acted on yet (the queue's tickets). */
export function firstResponseState(
  policy: SlaPolicy,
  t: { priority: TicketPriority; categoryId: number; createdAt: number; firstResponseDueAt: number | null },
  now: number,
): SlaState {
  if (t.firstResponseDueAt === null) return 'none';
  if (now > t.firstResponseDueAt) return 'breached';
  const target = targetFor(policy.targets, t.priority, t.categoryId);
  if (!target) return 'ok';
  const warn = dueAfter(policy.calendar, t.createdAt, [], target.firstResponseMinutes * WARNING_SHARE);
  return warn.kind === 'due' && now >= warn.at ? 'warning' : 'ok';
}
