/**
 * The resolution time on the institution's calendar (issue 18, point 6): registration → resolution
 * in business minutes, whole minutes, stored on the ticket when it is resolved so the indicators
 * show it beside the wall-clock time with one AVG. Like the wall-clock time it spans the whole
 * ticket (waits for the requester included; the dashboards show those apart).
 */
import type { Executor } from '../db/database';
import { businessMinutesBetween, type CompiledCalendar } from '../sla/business-calendar';
import { readSlaPolicy } from '../sla/sla-policy';

/** Whole business minutes from `createdAt` to `resolvedAt` on a compiled calendar. */
export const businessResolutionMinutes = (calendar: CompiledCalendar, createdAt: number, resolvedAt: number): number =>
  Math.max(0, Math.round(businessMinutesBetween(calendar, createdAt, resolvedAt)));

/** The same, reading the calendar in force. */
export async function resolutionBusinessMinutes(db: Executor, createdAt: number, resolvedAt: number): Promise<number> {
  const { calendar } = await readSlaPolicy(db, resolvedAt);
  return businessResolutionMinutes(calendar, createdAt, resolvedAt);
}
