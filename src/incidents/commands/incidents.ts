/**
 * Major incidents (issue 19): declare one (its tickets become children and leave the FIFO queue and
 * take-next), link and unlink tickets (an unlinked child is back at its original queue place, since
 * `queued_at` is never touched), and resolve it: every open child is resolved with the incident's note,
 * each through `recordChange`, so each follower is told once by the outbox (`ticket.status_changed`).
 */
import type { Channel } from '../../db/schema';
import { AppError } from '../../core/errors';
import { cleanNote, NOTE_MAX } from '../../tickets/state-machine';
import { normalizeTicketCode } from '../../tickets/ticket-code';
import { updateTicketIf, type TicketChange } from '../../tickets/tickets.repository';
import { readSlaPolicy } from '../../sla/sla-policy';
import { businessResolutionMinutes } from '../../tickets/resolution-time';
import { inTicketTransaction, LostRace, recordChange, waitingClockChange, type TicketCommandDeps } from '../../tickets/commands/ticket-change';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import type { DialectName, Executor } from '../../db/database';
import { enqueueJob } from '../../jobs/jobs.repository';
import {
  existingCategory,
  existingOffices,
  findIncident,
  insertIncident,
  insertIncidentEvents,
  insertIncidentUpdate,
  lockOpenIncident,
  openChildren,
  resolveIncidentRow,
  setTicketIncident,
  ticketsByCodes,
  openChildIds,
  type IncidentRow,
} from '../incidents.repository';

/**
 * The outbox job that tells the followers of an incident's children (handled by notifications/):
 * `ticketIds` were just linked to it, or `updateId` is a public update (`ticketIds`: the children open
 * when it was posted; absent in jobs written before that, then every child open when it runs). Written in
 * the change's transaction; its handler writes every notice with its own completion, so each
 * follower hears each piece of news once, whichever instance or worker runs it.
 */
export const INCIDENT_NEWS_JOB = 'incident.news';

export interface IncidentNewsPayload {
  incidentId: number;
  ticketIds?: number[];
  updateId?: number;
}

declare module '../../jobs/job-types' {
  interface JobPayloads {
    'incident.news': IncidentNewsPayload;
  }
}

/** Who linked or unlinked (the timeline's actor); null when the system did. */
export interface IncidentActor {
  actorUserId?: number | null;
  channel?: Channel;
}

/** Live queue pages redraw on `ticket.changed`: linking or unlinking moves a ticket out of or into the queue. */
const queueRedraw = (codes: string[]) => codes.map((code) => ({ name: 'ticket.changed' as const, payload: { code, status: 'registered' } }));

export const INCIDENT_TITLE_MAX = 200;
export const INCIDENT_MESSAGE_MAX = 2000;

export interface DeclareIncidentInput {
  title: string;
  publicMessage: string;
  categoryId?: number | null;
  officeIds?: number[];
  ticketCodes?: string[];
  actorUserId: number;
  channel?: Channel;
}

function required(field: string, value: string, max: number): string {
  const v = value.trim();
  if (!v) throw new AppError('VALIDATION_FAILED', undefined, { [field]: { key: 'field.required' } });
  if (v.length > max) throw new AppError('VALIDATION_FAILED', undefined, { [field]: { key: 'field.maxLength', params: { limit: max } } });
  return v;
}

/** The canonical codes, each once; a code that cannot be a ticket code is 422 naming it. */
function canonicalCodes(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of codes) {
    const code = normalizeTicketCode(raw);
    if (!code) throw new AppError('INCIDENT_TICKET_UNKNOWN', { code: raw.slice(0, 30) });
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * Links tickets to an open incident inside `trx`; refuses unknown, closed or linked-elsewhere tickets
 * (422 naming one). Each newly linked ticket gets its timeline line, and their followers one notice.
 * The incident is read under a shared lock: a concurrent resolve waits, so no ticket is linked to an
 * incident resolved meanwhile.
 */
async function linkInside(trx: Executor, dialect: DialectName, incidentId: number, codes: string[], now: number, actor: IncidentActor): Promise<number> {
  if (!(await lockOpenIncident(trx, dialect, incidentId))) throw new AppError('INCIDENT_CLOSED');
  const found = await ticketsByCodes(trx, codes);
  for (const code of codes) {
    const t = found.find((f) => f.code === code);
    if (!t) throw new AppError('INCIDENT_TICKET_UNKNOWN', { code });
    if (t.incidentId !== null && t.incidentId !== incidentId && t.incidentOpen) throw new AppError('INCIDENT_TICKET_LINKED', { code });
    if (t.status === 'resolved' || t.status === 'cancelled') throw new AppError('INCIDENT_TICKET_CLOSED', { code });
  }
  const toLink = found.filter((f) => f.incidentId !== incidentId).map((f) => f.id);
  await setTicketIncident(trx, toLink, incidentId, now);
  await insertIncidentEvents(
    trx,
    toLink.map((ticketId) => ({ ticketId, incidentId, type: 'incident_linked' as const, actorUserId: actor.actorUserId ?? null, channel: actor.channel ?? 'web', at: now })),
  );
  if (toLink.length > 0) {
    const payload: IncidentNewsPayload = { incidentId, ticketIds: toLink };
    await enqueueJob(trx, dialect, { type: INCIDENT_NEWS_JOB, payload, runAt: now }, now);
  }
  return toLink.length;
}

export async function declareIncident(deps: TicketCommandDeps, input: DeclareIncidentInput): Promise<IncidentRow> {
  const { database, clock } = deps;
  const title = required('title', input.title, INCIDENT_TITLE_MAX);
  const publicMessage = required('publicMessage', input.publicMessage, INCIDENT_MESSAGE_MAX);
  const officeIds = [...new Set(input.officeIds ?? [])];
  const codes = canonicalCodes(input.ticketCodes ?? []);
  const id = await inTicketTransaction(database, async (trx) => {
    const categoryId = input.categoryId ?? null;
    if (categoryId !== null && !(await existingCategory(trx, categoryId))) {
      throw new AppError('VALIDATION_FAILED', undefined, { categoryId: { key: 'error.CATEGORY_INVALID' } });
    }
    const known = await existingOffices(trx, officeIds);
    if (known.length !== officeIds.length) throw new AppError('VALIDATION_FAILED', undefined, { officeIds: { key: 'error.OFFICE_UNKNOWN' } });
    const now = clock();
    const incidentId = await insertIncident(trx, { title, publicMessage, categoryId, officeIds, createdBy: input.actorUserId, at: now });
    await linkInside(trx, database.dialect, incidentId, codes, now, { actorUserId: input.actorUserId, channel: input.channel });
    return incidentId;
  });
  dispatchAfterCommit(deps, queueRedraw(codes));
  return (await findIncident(database.db, id))!;
}

async function openIncidentOrThrow(trx: Executor, id: number): Promise<IncidentRow> {
  const incident = await findIncident(trx, id);
  if (!incident) throw new AppError('INCIDENT_NOT_FOUND');
  if (incident.status !== 'open') throw new AppError('INCIDENT_CLOSED');
  return incident;
}

export async function linkTickets(deps: TicketCommandDeps, input: { incidentId: number; codes: string[] } & IncidentActor): Promise<IncidentRow> {
  const codes = canonicalCodes(input.codes);
  await inTicketTransaction(deps.database, async (trx) => {
    await openIncidentOrThrow(trx, input.incidentId);
    await linkInside(trx, deps.database.dialect, input.incidentId, codes, deps.clock(), input);
  });
  dispatchAfterCommit(deps, queueRedraw(codes));
  return (await findIncident(deps.database.db, input.incidentId))!;
}

/** Unlinks a child: it is back in the queue at its original place (its `queued_at` never changed). */
export async function unlinkTicket(deps: TicketCommandDeps, input: { incidentId: number; code: string } & IncidentActor): Promise<IncidentRow> {
  const code = canonicalCodes([input.code])[0]!;
  await inTicketTransaction(deps.database, async (trx) => {
    await openIncidentOrThrow(trx, input.incidentId);
    const [t] = await ticketsByCodes(trx, [code]);
    if (!t) throw new AppError('INCIDENT_TICKET_UNKNOWN', { code });
    if (t.incidentId !== input.incidentId) throw new AppError('INCIDENT_TICKET_NOT_LINKED', { code });
    const now = deps.clock();
    await setTicketIncident(trx, [t.id], null, now);
    await insertIncidentEvents(trx, [{ ticketId: t.id, incidentId: input.incidentId, type: 'incident_unlinked', actorUserId: input.actorUserId ?? null, channel: input.channel ?? 'web', at: now }]);
  });
  dispatchAfterCommit(deps, queueRedraw([code]));
  return (await findIncident(deps.database.db, input.incidentId))!;
}

export interface ResolveIncidentInput {
  incidentId: number;
  note: string;
  actorUserId: number;
  channel: Channel;
}

/** Resolves the incident and every open child with its note; resolving twice is 409 INCIDENT_CLOSED. */
export async function resolveIncident(deps: TicketCommandDeps, input: ResolveIncidentInput): Promise<IncidentRow & { resolvedTickets: string[] }> {
  const { database, clock } = deps;
  const note = cleanNote(input.note ?? '');
  if (!note) throw new AppError('NOTE_REQUIRED', undefined, { note: { key: 'workspace.field.note' } });
  if (note.length > NOTE_MAX) throw new AppError('VALIDATION_FAILED', undefined, { note: { key: 'field.maxLength', params: { limit: NOTE_MAX } } });
  const resolved = await inTicketTransaction(database, async (trx) => {
    await openIncidentOrThrow(trx, input.incidentId);
    const now = clock();
    if (!(await resolveIncidentRow(trx, input.incidentId, note, now))) throw new AppError('INCIDENT_CLOSED');
    const codes: string[] = [];
    const { calendar } = await readSlaPolicy(trx, now);
    for (const child of await openChildren(trx, input.incidentId)) {
      const resolutionBusinessMinutes = businessResolutionMinutes(calendar, child.createdAt, now);
      const change: TicketChange = { status: 'resolved', updatedAt: now, firstActionAt: now, resolvedAt: now, closedAt: now, resolutionBusinessMinutes, ...waitingClockChange(child, 'resolved', now) };
      if (!(await updateTicketIf(trx, { id: child.id, status: child.status, assigneeId: child.assigneeId }, change))) throw new LostRace();
      await recordChange(trx, database, { ticketId: child.id, type: 'resolved', from: child.status, to: 'resolved', actorUserId: input.actorUserId, channel: input.channel, note, at: now });
      codes.push(child.code);
    }
    return codes;
  });
  dispatchAfterCommit(
    deps,
    resolved.map((code) => ({ name: 'ticket.changed' as const, payload: { code, status: 'resolved' } })),
  );
  return { ...(await findIncident(database.db, input.incidentId))!, resolvedTickets: resolved };
}

export interface PostedUpdate {
  id: number;
  incidentId: number;
  message: string;
  at: number;
}

/**
 * A public update on an open incident: shown on its children's tracking pages and sent, through the
 * outbox, to every follower of an open child, once. 404 unknown, 409 INCIDENT_CLOSED once resolved
 * (the incident is read under a shared lock, so a concurrent resolve comes after it or refuses it).
 */
export async function postIncidentUpdate(deps: TicketCommandDeps, input: { incidentId: number; message: string; actorUserId: number | null }): Promise<PostedUpdate> {
  const { database, clock } = deps;
  const message = required('message', input.message ?? '', INCIDENT_MESSAGE_MAX);
  return inTicketTransaction(database, async (trx) => {
    if (!(await lockOpenIncident(trx, database.dialect, input.incidentId))) {
      throw new AppError((await findIncident(trx, input.incidentId)) ? 'INCIDENT_CLOSED' : 'INCIDENT_NOT_FOUND');
    }
    const now = clock();
    const id = await insertIncidentUpdate(trx, { incidentId: input.incidentId, message, createdBy: input.actorUserId, at: now });
    // The children open now, not when the job runs: an update posted just before the incident is
    // resolved must still reach them (the job may run after the resolution closed every child).
    const payload: IncidentNewsPayload = { incidentId: input.incidentId, updateId: id, ticketIds: await openChildIds(trx, input.incidentId) };
    await enqueueJob(trx, database.dialect, { type: INCIDENT_NEWS_JOB, payload, runAt: now, dedupeKey: `incident.update:${id}` }, now);
    return { id, incidentId: input.incidentId, message, at: now };
  });
}
