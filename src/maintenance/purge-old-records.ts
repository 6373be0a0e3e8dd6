/**
 * Daily housekeeping: deletes the rows nobody needs any more, so tables that grow with every
 * ticket (outbox jobs, idempotency keys) stay the size of their retention window. Run by the
 * worker as the `maintenance.purge` job (see `schedule-purge.ts`); safe to run twice.
 *
 * Tickets, their events and notifications are not purged: the metrics rollups trust that they are
 * never deleted (`metrics/rollup-rules.test.ts`). Personal data is: tickets closed more than
 * `PERSONAL_DATA_RETENTION_YEARS` ago are anonymised in place (`privacy/commands/anonymise-old-tickets.ts`,
 * nothing the rollups count changes), their attachments are deleted (rows and files), and the personal-data access log keeps that long too.
 */
import type { Database } from '../db/database';
import type { Clock } from '../core/context';
import { purgeDoneJobs } from '../jobs/jobs.repository';
import { purgeStoredResponses } from '../db/idempotency.repository';
import { purgeExpiredLinkTokens, purgeRememberedUpdates } from '../notifications/notifications.repository';
import { purgeExpiredSessions } from '../auth/sessions.repository';
import { purgeLoginFailures } from '../auth/login-attempts.repository';
import type { AttachmentStore } from '../attachments/attachment-store';
import { purgeAnonymisedAttachments, purgeUnusedAttachments, sweepStaleUploads } from '../attachments/commands/purge-unused-attachments';
import { anonymiseOldTickets, retentionCutoff } from '../privacy/commands/anonymise-old-tickets';
import { purgePersonalDataReads } from '../privacy/access-log.repository';

const DAY_MS = 86_400_000;

/** How long each kind of row is kept. Expired sessions and Telegram link tokens go as soon as they expire. */
export const RETENTION = {
  /**
   * Done outbox jobs, by `run_at`: a month, so "why did this technician get no message last
   * week?" can still be answered from the job rows. Parked ('failed') jobs are never purged: an
   * admin looks at them. Their dedupe keys are never reused (ticket, notification, round and
   * update ids, past dates), so forgetting them cannot let a job run twice.
   */
  doneJobsMs: 30 * DAY_MS,
  /**
   * `Idempotency-Key` responses (the whole ticket answer): clients retry within minutes; a week
   * also covers a phone that queued the form offline over a weekend. A retry later than that
   * would file a new ticket.
   */
  idempotencyKeysMs: 7 * DAY_MS,
  /** Telegram update ids, kept to ignore redeliveries: Telegram redelivers for at most 24 h. */
  telegramUpdatesMs: 7 * DAY_MS,
  /** Failed sign-ins: the lock-out looks back 30 minutes (15-minute window + 15-minute lock). */
  loginAttemptsMs: DAY_MS,
} as const;

/**
 * Rows per statement. Each batch is its own short statement, so on SQLite other writers (filings,
 * the worker) get the single writer lock between batches.
 */
export const PURGE_BATCH_SIZE = 5_000;

/**
 * A purge stops after this long and leaves the rest for the next day, well inside the worker's
 * 60-second claim, so no other worker takes the job over while it still runs.
 */
export const PURGE_TIME_BUDGET_MS = 30_000;

export interface PurgeCounts {
  doneJobs: number;
  idempotencyKeys: number;
  telegramUpdates: number;
  expiredSessions: number;
  loginAttempts: number;
  /** Telegram link tokens (profile link, "Seguir por Telegram") past their 15 minutes, used or not. */
  expiredLinkTokens: number;
  /** Uploads (`POST /attachments`) no ticket used within a day, and their files. */
  unusedAttachments: number;
  /** Tickets closed longer than the retention ago whose requester data was removed. */
  anonymisedTickets: number;
  /** Personal-data access log entries older than the retention. */
  accessLogEntries: number;
  /** Attachments (rows, and files no other row names) of anonymised tickets. */
  anonymisedAttachments: number;
}

export interface PurgeReport extends PurgeCounts {
  /** False when the time budget ran out or the worker is stopping: the rest goes next time. */
  finished: boolean;
}

export interface PurgeOptions {
  batchSize?: number;
  timeBudgetMs?: number;
  /** Aborted when the worker stops: no new batch is started. */
  signal?: AbortSignal;
}

/** Deletes, batch by batch, every row past its retention (see `RETENTION`) and says how many of each. */
export async function purgeOldRecords(
  deps: { database: Database; clock: Clock; attachments?: AttachmentStore; personalDataRetentionYears?: number },
  options: PurgeOptions = {},
): Promise<PurgeReport> {
  const { db } = deps.database;
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const now = deps.clock();
  const deadline = now + (options.timeBudgetMs ?? PURGE_TIME_BUDGET_MS);
  // One cutoff per kind for the whole run, so the batches of one kind agree.
  const kinds: [keyof PurgeCounts, (limit: number) => Promise<number>][] = [
    ['doneJobs', (limit) => purgeDoneJobs(db, now - RETENTION.doneJobsMs, limit)],
    ['idempotencyKeys', (limit) => purgeStoredResponses(db, now - RETENTION.idempotencyKeysMs, limit)],
    ['telegramUpdates', (limit) => purgeRememberedUpdates(db, now - RETENTION.telegramUpdatesMs, limit)],
    ['expiredSessions', (limit) => purgeExpiredSessions(db, now, limit)],
    ['loginAttempts', (limit) => purgeLoginFailures(db, now - RETENTION.loginAttemptsMs, limit)],
    ['expiredLinkTokens', (limit) => purgeExpiredLinkTokens(db, now, limit)],
  ];
  const years = deps.personalDataRetentionYears ?? 5;
  // Anonymising writes a few rows per ticket in one transaction: smaller batches than plain deletes.
  kinds.push(['anonymisedTickets', (limit) => anonymiseOldTickets({ database: deps.database, clock: () => now, years }, limit)]);
  kinds.push(['accessLogEntries', (limit) => purgePersonalDataReads(db, retentionCutoff(now, years), limit)]);
  const store = deps.attachments;
  if (store) {
    kinds.push(['unusedAttachments', (limit) => purgeUnusedAttachments(db, store, now, limit)]);
    // After 'anonymisedTickets': the tickets anonymised in this run lose their files in this run too.
    kinds.push(['anonymisedAttachments', (limit) => purgeAnonymisedAttachments(db, store, limit)]);
  }
  const counts: PurgeCounts = {
    doneJobs: 0,
    idempotencyKeys: 0,
    telegramUpdates: 0,
    expiredSessions: 0,
    loginAttempts: 0,
    expiredLinkTokens: 0,
    unusedAttachments: 0,
    anonymisedTickets: 0,
    accessLogEntries: 0,
    anonymisedAttachments: 0,
  };
  for (const [kind, purgeBatch] of kinds) {
    // Anonymising writes a few rows per ticket, each ticket in its own transaction: smaller batches.
    const size = kind === 'anonymisedTickets' ? Math.min(batchSize, 200) : batchSize;
    for (;;) {
      if (options.signal?.aborted || deps.clock() >= deadline) return { ...counts, finished: false };
      const deleted = await purgeBatch(size);
      counts[kind] += deleted;
      if (deleted < size) break;
      // On SQLite every query resolves as a microtask: let requests and timers run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (store) await sweepStaleUploads(store, now);
  return { ...counts, finished: true };
}
