/**
 * File a ticket for a person of the directory. In one transaction: the ticket, its `created`
 * event, the outbox job that notifies technicians, and (with an Idempotency-Key) the stored
 * response — so a crash can never keep a ticket and lose its notification, and a retried request
 * can never make a second ticket. On SQLite, filings that arrive together share one commit
 * (`db/group-commit.ts`), each in its own savepoint. Attachments (files that came with the form,
 * ids of earlier uploads) are written in the same transaction; a refused one leaves no ticket.
 */
import { createHash } from 'node:crypto';
import type { Database, DialectName, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import { inGroupCommit } from '../../db/group-commit';
import type { Channel } from '../../db/schema';
import type { Clock, EventBus } from '../../core/context';
import { AppError } from '../../core/errors';
import { findStoredResponse, storeResponse } from '../../db/idempotency.repository';
import { enqueueJob } from '../../jobs/jobs.repository';
import { findCategory } from '../../categories/categories.repository';
import { lookupPerson } from '../../directory/lookup-person';
import { resolveAssetForFiling } from '../../equipment/resolve-asset';
import { generateTicketCode } from '../ticket-code';
import { insertTicketEvent, insertTicketRow, lastTicketTimeForStaff, lockStaffRow, setDueTimes } from '../tickets.repository';
import { laneOf, type TicketPriority } from '../priority';
import { dueTimesAtFiling } from '../sla-due';
import type { AttachmentStore } from '../../attachments/attachment-store';
import type { AttachmentRecord } from '../../attachments/attachments.repository';
import { attachFiles, checkAttachmentCount, NO_ATTACHMENTS, type AttachmentInput } from '../../attachments/attach-files';
import { withStagedFiles } from '../../attachments/staged-files';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import { insertIncidentEvents, lockOpenIncident, openIncidentForFiling, setTicketIncident, type IncidentBrief } from '../../incidents/incidents.repository';

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

/** The outbox job type that tells technicians about a new ticket (handled by notifications/). */
export const TICKET_CREATED_JOB = 'ticket.created';

declare module '../../jobs/job-types' {
  interface JobPayloads {
    'ticket.created': { ticketId: number };
  }
}

export interface CreateTicketInput {
  dni: string;
  categoryId: number;
  description: string;
  contactPhone?: string | null;
  /** Código patrimonial of the equipment concerned (spaces and dashes ignored); optional. */
  assetCode?: string | null;
  channel: Channel;
  attachments?: AttachmentInput;
  /**
   * "Sumarme": join this open incident (the person chose it on the portal). Without it, or when it
   * is no longer open, a ticket still joins the open incident of its category and office, if any.
   */
  incidentId?: number | null;
}

export interface CreateTicketDeps {
  database: Database;
  clock: Clock;
  /** In-process events (live queue pages); `ticket.created` is published after commit. */
  events?: EventBus;
  timeZone: string;
  floodMinutes: number;
  /**
   * Called once the request is otherwise valid, just before the DNI is looked up: the web route
   * charges the caller's directory and filing budgets here (429 when spent).
   */
  beforeDirectoryLookup?: () => Promise<void>;
  /** Needed only when the input carries files. */
  store?: AttachmentStore;
}

export interface CreatedTicket {
  code: string;
  createdAt: number;
  attachments: AttachmentRecord[];
  /** The open major incident it joined at filing (it is then out of the queue), or null. */
  incident: IncidentBrief | null;
}

export interface CreateTicketResult<B> {
  statusCode: number;
  body: B;
  /** False when the answer is a replay of an earlier request with the same key. */
  created: boolean;
  code: string | null;
}

class KeyTakenMeanwhile extends Error {}

/**
 * The open incident a new ticket joins: the one the person chose ("Sumarme") while it is open, else
 * the open incident of its category and office. One indexed read when none matches; a match is
 * read again with a shared lock so that resolving it waits for this filing (see `lockOpenIncident`).
 */
async function incidentToJoin(trx: Executor, dialect: DialectName, chosen: number | null, categoryId: number, officeId: number): Promise<IncidentBrief | null> {
  const wanted = chosen ? await lockOpenIncident(trx, dialect, chosen) : null;
  if (wanted) return wanted;
  const match = await openIncidentForFiling(trx, categoryId, officeId);
  return match ? lockOpenIncident(trx, dialect, match.id) : null;
}

export function normalizePhone(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const trimmed = raw.trim();
  if (!trimmed) return null;
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) throw new AppError('VALIDATION_FAILED', undefined, { contactPhone: { key: 'field.phone' } });
  return compact;
}

/**
 * Creates a ticket, or replays the stored answer for an idempotency key.
 * `present` turns the created ticket into the response body that is stored with the key.
 */
export async function createTicket<B>(deps: CreateTicketDeps, input: CreateTicketInput, present: (t: CreatedTicket) => B, idempotencyKey?: string): Promise<CreateTicketResult<B>> {
  const { database, clock } = deps;
  const { db } = database;
  const attachments = input.attachments ?? NO_ATTACHMENTS;
  checkAttachmentCount(attachments);
  // The asset only when given, so a key stored before assets existed still matches its retry.
  const hashed: unknown[] = [input.dni, input.categoryId, input.description, input.contactPhone ?? null, ...(input.assetCode ? [input.assetCode] : [])];
  if (input.incidentId) hashed.push({ incidentId: input.incidentId });
  // The same form sent again with the same files is a retry; other files are another request.
  if (attachments.files.length || attachments.uploadIds.length)
    hashed.push(
      attachments.files.map((f) => f.sha256),
      attachments.uploadIds,
    );
  const requestHash = createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
  const scopedKey = idempotencyKey ? `tickets:${idempotencyKey}` : null;

  const replay = async (): Promise<CreateTicketResult<B> | null> => {
    if (!scopedKey) return null;
    const stored = await findStoredResponse(db, scopedKey);
    if (!stored) return null;
    if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { statusCode: stored.statusCode, body: stored.body as B, created: false, code: (stored.body as { code?: string }).code ?? null };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const description = input.description.trim();
  if (description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) {
    throw new AppError('VALIDATION_FAILED', undefined, { description: { key: 'field.description' } });
  }
  const contactPhone = normalizePhone(input.contactPhone);
  // Everything that does not need the directory is checked first, so a wrong category or asset
  // cannot tell a prober whether a DNI exists; the lookup itself is charged to the caller's budget.
  const category = await findCategory(db, input.categoryId);
  if (!category || !category.active) {
    throw new AppError('CATEGORY_INVALID', undefined, { categoryId: { key: 'field.invalid' } });
  }
  const assetId = await resolveAssetForFiling(db, input.assetCode);
  await deps.beforeDirectoryLookup?.();
  const person = await lookupPerson({ db, clock, timeZone: deps.timeZone }, input.dni);

  const files = attachments.files;
  if (files.length && !deps.store) throw new Error('createTicket: files given without a store');
  const run = () => fileTicket(deps, input, attachments, { person, category, description, contactPhone, assetId }, present, scopedKey, requestHash, replay);
  return files.length ? withStagedFiles(deps.store!, db, files, run) : run();
}

async function fileTicket<B>(
  deps: CreateTicketDeps,
  input: CreateTicketInput,
  attachments: AttachmentInput,
  checked: { person: { staffId: number; office: { id: number } }; category: { id: number; defaultPriority: TicketPriority }; description: string; contactPhone: string | null; assetId: number | null },
  present: (t: CreatedTicket) => B,
  scopedKey: string | null,
  requestHash: string,
  replay: () => Promise<CreateTicketResult<B> | null>,
): Promise<CreateTicketResult<B>> {
  const { database, clock } = deps;
  const { dialect } = database;
  const { person, category, description, contactPhone, assetId } = checked;
  for (let attempt = 0; ; attempt++) {
    const now = clock();
    const code = generateTicketCode();
    try {
      const body = await inGroupCommit(database, async (trx) => {
        if (deps.floodMinutes > 0) {
          // Serialize one person's concurrent filings (SQLite's writers already are).
          if (dialect !== 'sqlite') await lockStaffRow(trx, person.staffId);
          const last = await lastTicketTimeForStaff(trx, person.staffId);
          const windowMs = deps.floodMinutes * 60_000;
          if (last !== null && now - last < windowMs) {
            const seconds = Math.ceil((windowMs - (now - last)) / 1000);
            throw new AppError('TOO_MANY_TICKETS', { minutes: deps.floodMinutes }, undefined, { 'Retry-After': String(seconds) });
          }
        }
        const incident = await incidentToJoin(trx, dialect, input.incidentId ?? null, category.id, person.office.id);
        const ticketId = await insertTicketRow(trx, dialect, {
          code,
          staffId: person.staffId,
          officeId: person.office.id,
          categoryId: category.id,
          description,
          contactPhone,
          channel: input.channel,
          assetId,
          lane: laneOf(category.defaultPriority),
          firstResponseDueAt: null,
          resolutionDueAt: null,
          now,
        });
        // The due instants need the row's id for their checks; set right after, in the same transaction.
        await setDueTimes(trx, ticketId, await dueTimesAtFiling(trx, database, ticketId, { priority: category.defaultPriority, categoryId: category.id, createdAt: now }, now));
        await insertTicketEvent(trx, {
          ticketId,
          type: 'created',
          fromStatus: null,
          toStatus: 'registered',
          actorUserId: null,
          channel: input.channel,
          note: null,
          at: now,
        });
        if (incident) {
          await setTicketIncident(trx, [ticketId], incident.id, now);
          await insertIncidentEvents(trx, [{ ticketId, incidentId: incident.id, type: 'incident_joined', actorUserId: null, channel: input.channel, at: now }]);
        }
        const attached = await attachFiles(trx, { ticketId }, attachments, now);
        await enqueueJob(trx, dialect, { type: TICKET_CREATED_JOB, payload: { ticketId }, runAt: now, dedupeKey: `ticket.created:${ticketId}` }, now);
        const responseBody = present({ code, createdAt: now, attachments: attached, incident });
        if (scopedKey) {
          const stored = await storeResponse(trx, dialect, scopedKey, { requestHash, statusCode: 201, body: responseBody }, now);
          if (!stored) throw new KeyTakenMeanwhile();
        }
        return responseBody;
      });
      dispatchAfterCommit(deps, [{ name: 'ticket.created', payload: { code } }]);
      return { statusCode: 201, body, created: true, code };
    } catch (err) {
      // A concurrent request with the same key may have won (and tripped the flood guard here).
      if (scopedKey && err instanceof AppError && err.code === 'TOO_MANY_TICKETS') {
        const again = await replay();
        if (again) return again;
      }
      if (err instanceof KeyTakenMeanwhile) {
        const again = await replay();
        if (again) return again;
        throw new AppError('CONFLICT');
      }
      // A code collision (1 in 2^40 per pair) or a concurrent same-key insert: try again.
      if (isUniqueViolation(err) && attempt < 4) {
        const again = await replay();
        if (again) return again;
        continue;
      }
      throw err;
    }
  }
}
