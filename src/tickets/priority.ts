/**
 * Ticket priorities and the queue lanes they map to. The lane number is what the database orders
 * by (index status, lane, queued_at, id): critical first, low last, FIFO inside each lane.
 */
import type { TicketPriority } from '../db/schema';

export type { TicketPriority };

/** Highest first: the order of the queue's lanes. */
export const PRIORITIES: readonly TicketPriority[] = ['critical', 'high', 'normal', 'low'];

export const DEFAULT_PRIORITY: TicketPriority = 'normal';

const LANE: Record<TicketPriority, number> = { critical: 0, high: 1, normal: 2, low: 3 };

export function laneOf(priority: TicketPriority): number {
  return LANE[priority];
}

export function priorityOfLane(lane: number): TicketPriority {
  return PRIORITIES[lane] ?? DEFAULT_PRIORITY;
}

export function isPriority(value: unknown): value is TicketPriority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}
