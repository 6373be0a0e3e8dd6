/**
 * Who may do what to a ticket. Pure functions (style guide, habit 6); the commands call them so
 * the web, the API and the Telegram button obey the same rules.
 */
import type { UserRole } from '../db/schema';

export interface StaffSubject {
  userId: number;
  role: UserRole;
}

/** Anyone on staff takes a ticket for themselves; only an admin hands it to someone else. */
export function canAssign(actor: StaffSubject, assigneeId: number): boolean {
  return assigneeId === actor.userId || actor.role === 'admin';
}

/** Release, resolve, cancel: the technician who has the ticket, or an admin. */
export function canChangeStatus(actor: StaffSubject, ticket: { assigneeId: number | null }): boolean {
  return actor.role === 'admin' || (ticket.assigneeId !== null && ticket.assigneeId === actor.userId);
}

/** The work log is shared: any staff member may add what they know about a ticket. */
export function canAddNote(_actor: StaffSubject): boolean {
  return true;
}

/**
 * Replying to the requester: any staff member, like the work log (a colleague may answer what
 * they know); waiting for the answer changes the status, which `canChangeStatus` decides.
 */
export function canReply(_actor: StaffSubject): boolean {
  return true;
}

/** Only admins change how the queue works (strict FIFO). */
export function canChangeQueueSettings(actor: StaffSubject): boolean {
  return actor.role === 'admin';
}

/** Any staff member may set a ticket's priority (the change is audited with its author). */
export function canChangePriority(_actor: StaffSubject): boolean {
  return true;
}

/** Only admins change the business calendar and the SLA targets. */
export function canChangeServiceLevels(actor: StaffSubject): boolean {
  return actor.role === 'admin';
}
