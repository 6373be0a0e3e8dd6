/**
 * Create and edit FAQ entries (admins). After each change the caller's FAQ index is invalidated,
 * so the next question already sees it; other instances notice through the table fingerprint.
 */
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError, type FieldErrors } from '../../core/errors';
import { findCategory } from '../../categories/categories.repository';
import { findFaq, insertFaq, updateFaq as updateFaqRow, type Faq, type FaqInput } from '../faqs.repository';

export interface FaqDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
  /** Drops the in-process FAQ index. */
  onChange: () => void;
}

export const FAQ_LIMITS = {
  question: { min: 5, max: 300 },
  answer: { min: 10, max: 8000 },
  keywords: { max: 500 },
} as const;

export type FaqChanges = Partial<FaqInput>;

async function clean(db: Executor, input: FaqChanges): Promise<FaqChanges> {
  const out: FaqChanges = {};
  const fields: FieldErrors = {};
  if (input.question !== undefined) {
    out.question = input.question.trim().replace(/\s+/g, ' ');
    const { min, max } = FAQ_LIMITS.question;
    if (out.question.length < min) fields.question = { key: 'field.minLength', params: { limit: min } };
    else if (out.question.length > max) fields.question = { key: 'field.maxLength', params: { limit: max } };
  }
  if (input.answer !== undefined) {
    out.answer = input.answer.replace(/\r\n?/g, '\n').trim();
    const { min, max } = FAQ_LIMITS.answer;
    if (out.answer.length < min) fields.answer = { key: 'field.minLength', params: { limit: min } };
    else if (out.answer.length > max) fields.answer = { key: 'field.maxLength', params: { limit: max } };
  }
  if (input.keywords !== undefined) {
    out.keywords = input.keywords.trim().replace(/\s+/g, ' ');
    if (out.keywords.length > FAQ_LIMITS.keywords.max) fields.keywords = { key: 'field.maxLength', params: { limit: FAQ_LIMITS.keywords.max } };
  }
  if (input.categoryId !== undefined) {
    out.categoryId = input.categoryId;
    if (input.categoryId !== null && !(Number.isInteger(input.categoryId) && (await findCategory(db, input.categoryId)))) fields.categoryId = { key: 'field.invalid' };
  }
  if (input.active !== undefined) out.active = input.active;
  if (input.needsTicket !== undefined) out.needsTicket = input.needsTicket;
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', undefined, fields);
  return out;
}

export async function createFaq(deps: FaqDeps, input: FaqInput): Promise<Faq> {
  const values = (await clean(deps.db, input)) as FaqInput;
  const id = await insertFaq(deps.db, deps.dialect, values, deps.clock());
  deps.onChange();
  return (await findFaq(deps.db, id)) as Faq;
}

export async function updateFaq(deps: FaqDeps, id: number, changes: FaqChanges): Promise<Faq> {
  if (!(await findFaq(deps.db, id))) throw new AppError('FAQ_NOT_FOUND');
  const values = await clean(deps.db, changes);
  await updateFaqRow(deps.db, id, values, deps.clock());
  deps.onChange();
  return (await findFaq(deps.db, id)) as Faq;
}
