/** SQL for FAQ entries. Rows become domain objects (`active` as a boolean) before they leave. */
import type { DialectName, Executor } from '../db/database';
import { flag, insertReturningId } from '../db/dialect';
import type { FaqDocument } from './retrieval';

export interface Faq extends FaqDocument {
  active: boolean;
  categoryName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface FaqInput {
  question: string;
  answer: string;
  keywords: string;
  categoryId: number | null;
  active: boolean;
  /** Default false. */
  needsTicket?: boolean;
}

const columns = [
  'faqs.id',
  'faqs.question',
  'faqs.answer',
  'faqs.keywords',
  'faqs.category_id',
  'faqs.active',
  'faqs.needs_ticket',
  'faqs.created_at',
  'faqs.updated_at',
  'categories.name as category_name',
] as const;

type Row = {
  id: number;
  question: string;
  answer: string;
  keywords: string;
  category_id: number | null;
  active: number;
  needs_ticket: number;
  created_at: number;
  updated_at: number;
  category_name: string | null;
};

const toFaq = (r: Row): Faq => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  keywords: r.keywords,
  categoryId: r.category_id,
  active: r.active === 1,
  needsTicket: r.needs_ticket === 1,
  categoryName: r.category_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const base = (db: Executor) => db.selectFrom('faqs').leftJoin('categories', 'categories.id', 'faqs.category_id').select(columns);

/** Every entry (admin list), most recently changed first. */
export async function listFaqs(db: Executor): Promise<Faq[]> {
  const rows = await base(db).orderBy('faqs.updated_at', 'desc').orderBy('faqs.id', 'desc').execute();
  return rows.map((r) => toFaq(r as Row));
}

/** Active entries only: what the retrieval indexes. */
export async function listActiveFaqs(db: Executor): Promise<Faq[]> {
  const rows = await base(db).where('faqs.active', '=', 1).orderBy('faqs.id').execute();
  return rows.map((r) => toFaq(r as Row));
}

export async function findFaq(db: Executor, id: number): Promise<Faq | null> {
  const r = await base(db).where('faqs.id', '=', id).executeTakeFirst();
  return r ? toFaq(r as Row) : null;
}

/**
 * A cheap fingerprint of the FAQ table (count and last change): another instance's edit shows
 * up here, so every instance rebuilds its index within seconds.
 */
export async function faqsFingerprint(db: Executor): Promise<string> {
  const r = await db
    .selectFrom('faqs')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('last'), eb.fn.max('id').as('maxId')])
    .executeTakeFirst();
  return `${Number(r?.n ?? 0)}:${Number(r?.last ?? 0)}:${Number(r?.maxId ?? 0)}`;
}

export async function insertFaq(db: Executor, dialect: DialectName, input: FaqInput, now: number): Promise<number> {
  return insertReturningId(db, dialect, 'faqs', {
    question: input.question,
    answer: input.answer,
    keywords: input.keywords,
    category_id: input.categoryId,
    active: flag(input.active),
    needs_ticket: flag(input.needsTicket ?? false),
    created_at: now,
    updated_at: now,
  });
}

export async function updateFaq(db: Executor, id: number, changes: Partial<FaqInput>, now: number): Promise<boolean> {
  const values: Record<string, unknown> = { updated_at: now };
  if (changes.question !== undefined) values.question = changes.question;
  if (changes.answer !== undefined) values.answer = changes.answer;
  if (changes.keywords !== undefined) values.keywords = changes.keywords;
  if (changes.categoryId !== undefined) values.category_id = changes.categoryId;
  if (changes.active !== undefined) values.active = flag(changes.active);
  if (changes.needsTicket !== undefined) values.needs_ticket = flag(changes.needsTicket);
  const r = await db.updateTable('faqs').set(values).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
