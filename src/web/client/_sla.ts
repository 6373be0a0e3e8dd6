/**
 * How priorities and due times look, shared by the server pages and queue.ts (which redraws the
 * queue in the browser): one class per priority and per SLA state, and the "vence en …" wording.
 */
import { formatDuration } from '../../core/duration';

export const PRIORITY_CLASS: Record<string, string> = {
  critical: 'badge priority-badge priority-critical',
  high: 'badge priority-badge priority-high',
  normal: 'badge priority-badge priority-normal',
  low: 'badge priority-badge priority-low',
};

/** breached → red, warning (≥ 75 % of the target gone) → amber. */
export const SLA_STATE_CLASS: Record<string, string> = {
  none: 'sla-due text-secondary',
  ok: 'sla-due',
  warning: 'sla-due sla-warning',
  breached: 'sla-due sla-breached',
};

/** "vence en 1 h 20 min" before the due instant, "vencido hace 5 min" after (templates with {time}). */
export function dueText(dueAt: number, now: number, texts: { dueIn: string; overdue: string }): string {
  const minutes = Math.floor(Math.abs(dueAt - now) / 60_000);
  return (now > dueAt ? texts.overdue : texts.dueIn).replace('{time}', formatDuration(minutes));
}
