/**
 * Retention (`PERSONAL_DATA_RETENTION_YEARS`, default 5): tickets closed longer ago lose what
 * identifies their requester — the link to the person (and so their DNI, name and phone), the
 * contact phone, the Telegram followers — and their texts (description, conversation, notes,
 * survey comment) pass through the assistant's PII sanitizer, with the requester's name masked
 * too. Dates, statuses, category, office, assignee and notifications stay as they were, so every
 * indicator and the daily rollups give the same figures before and after. Safe to run twice.
 */
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { sanitize } from '../../assistant/sanitizer';
import { buildNameMatcher } from '../../assistant/name-matcher';
import { anonymousRequesterId, ticketsToAnonymise, ticketTexts, writeAnonymisedTicket } from '../retention.repository';

const YEAR_MS = 365.25 * 86_400_000;

export const retentionCutoff = (now: number, years: number): number => now - years * YEAR_MS;

/** Anonymises up to `limit` tickets past retention; returns how many. */
export async function anonymiseOldTickets(deps: { database: Database; clock: Clock; years: number }, limit: number): Promise<number> {
  const { db, dialect } = deps.database;
  const now = deps.clock();
  const due = await ticketsToAnonymise(db, retentionCutoff(now, deps.years), limit);
  if (!due.length) return 0;
  const anonymousStaffId = await anonymousRequesterId(db, dialect, now);
  for (const ticket of due) {
    const names = buildNameMatcher([ticket.requester]);
    const clean = (text: string) => sanitize(text, names);
    await db.transaction().execute(async (trx) => {
      const texts = await ticketTexts(trx, ticket.id);
      await writeAnonymisedTicket(trx, {
        ticketId: ticket.id,
        anonymousStaffId,
        description: clean(ticket.description),
        messages: texts.messages.map((m) => ({ id: m.id, body: clean(m.body) })),
        notes: texts.notes.map((n) => ({ id: n.id, note: clean(n.note) })),
        surveyComment: texts.surveyComment === null ? null : clean(texts.surveyComment),
        now,
      });
    });
  }
  return due.length;
}
