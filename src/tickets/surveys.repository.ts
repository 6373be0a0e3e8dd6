/** SQL for the satisfaction survey: one answer per ticket (the primary key guarantees it). */
import type { DialectName, Executor } from '../db/database';
import { insertUnlessDuplicate, skipDuplicate } from '../db/dialect';

export interface SurveyAnswer {
  score: number;
  comment: string | null;
  createdAt: number;
}

export async function findSurvey(db: Executor, ticketId: number): Promise<SurveyAnswer | null> {
  const r = await db.selectFrom('ticket_surveys').select(['score', 'comment', 'created_at']).where('ticket_id', '=', ticketId).executeTakeFirst();
  return r ? { score: Number(r.score), comment: r.comment, createdAt: Number(r.created_at) } : null;
}

/** Stores the answer unless the ticket already has one; false when it had (never raises on the duplicate). */
export async function insertSurveyOnce(db: Executor, dialect: DialectName, row: { ticketId: number; score: number; comment: string | null; now: number }): Promise<boolean> {
  const insert = db.insertInto('ticket_surveys').values({ ticket_id: row.ticketId, score: row.score, comment: row.comment, created_at: row.now });
  return insertUnlessDuplicate(db, skipDuplicate(db, insert, ['ticket_id']).executeTakeFirstOrThrow());
}
