/**
 * The requester rates a resolved ticket 1–5 with an optional comment — once. This is the
 * usability indicator (satisfaction score = mean ÷ 5). The comment is kept with the ticket for
 * managers; it is never logged.
 */
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError } from '../../core/errors';
import { normalizeTicketCode } from '../ticket-code';
import { findTicketSummaryByCode } from '../tickets.repository';
import { findSurvey, insertSurveyOnce, type SurveyAnswer } from '../surveys.repository';

export const SURVEY_COMMENT_MAX = 1000;

export interface SubmitSurveyInput {
  code: string;
  score: number;
  comment?: string | null;
}

export interface SubmitSurveyDeps {
  database: Database;
  clock: Clock;
}

/** The ticket's survey state for the tracking page: can it be answered, and what was given. */
export async function surveyState(db: Database['db'], code: string): Promise<{ ticketId: number; resolved: boolean; answer: SurveyAnswer | null } | null> {
  const canonical = normalizeTicketCode(code);
  if (!canonical) return null;
  const ticket = await findTicketSummaryByCode(db, canonical);
  if (!ticket) return null;
  return { ticketId: ticket.id, resolved: ticket.status === 'resolved', answer: await findSurvey(db, ticket.id) };
}

export async function submitSurvey(deps: SubmitSurveyDeps, input: SubmitSurveyInput): Promise<SurveyAnswer> {
  const { db, dialect } = deps.database;
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
    throw new AppError('VALIDATION_FAILED', undefined, { score: { key: 'survey.field.score' } });
  }
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > SURVEY_COMMENT_MAX) {
    throw new AppError('VALIDATION_FAILED', undefined, { comment: { key: 'field.maxLength', params: { limit: SURVEY_COMMENT_MAX } } });
  }
  const code = normalizeTicketCode(input.code);
  if (!code) throw new AppError('TICKET_CODE_MALFORMED');
  const ticket = await findTicketSummaryByCode(db, code);
  if (!ticket) throw new AppError('TICKET_NOT_FOUND');
  if (ticket.status !== 'resolved') throw new AppError('SURVEY_NOT_AVAILABLE');
  const now = deps.clock();
  const stored = await insertSurveyOnce(db, dialect, { ticketId: ticket.id, score: input.score, comment, now });
  if (!stored) throw new AppError('SURVEY_ALREADY_ANSWERED');
  return { score: input.score, comment, createdAt: now };
}
