/**
 * SLA targets: per priority (optionally per category), the first response and the resolution in
 * business minutes. A category's own target wins over its priority's.
 */
import type { TicketPriority } from '../db/schema';

export interface SlaTarget {
  priority: TicketPriority;
  /** Null: every category of that priority. */
  categoryId: number | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** The longest target accepted: a year of 24-hour days, in minutes. */
export const MAX_TARGET_MINUTES = 366 * 24 * 60;

export interface TargetProblem {
  field: string;
  reason: 'minutes' | 'duplicate' | 'order';
}

/** Whole minutes from 1 to a year; the first response no later than the resolution; one row per priority+category. */
export function validateTargets(targets: SlaTarget[]): TargetProblem[] {
  const problems: TargetProblem[] = [];
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    for (const key of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
      const v = t[key];
      if (!Number.isInteger(v) || v < 1 || v > MAX_TARGET_MINUTES) problems.push({ field: `targets.${i}.${key}`, reason: 'minutes' });
    }
    if (Number.isInteger(t.firstResponseMinutes) && Number.isInteger(t.resolutionMinutes) && t.firstResponseMinutes > t.resolutionMinutes) {
      problems.push({ field: `targets.${i}.firstResponseMinutes`, reason: 'order' });
    }
    const key = `${t.priority}:${t.categoryId ?? ''}`;
    if (seen.has(key)) problems.push({ field: `targets.${i}.priority`, reason: 'duplicate' });
    seen.add(key);
  });
  return problems;
}

/** The target of a ticket: its category's for its priority, else its priority's; null when none is set. */
export function targetFor(targets: readonly SlaTarget[], priority: TicketPriority, categoryId: number): SlaTarget | null {
  return targets.find((t) => t.priority === priority && t.categoryId === categoryId) ?? targets.find((t) => t.priority === priority && t.categoryId === null) ?? null;
}
