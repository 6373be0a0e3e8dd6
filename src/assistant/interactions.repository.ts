/** Assistant metrics: one row per answered message. Never any text of the conversation. */
import type { Executor } from '../db/database';
import { flag } from '../db/dialect';

export interface InteractionMetrics {
  publicId: string;
  createdAt: number;
  source: 'llm' | 'faq' | 'none';
  model: string | null;
  modelsTried: string[];
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  faqId: number | null;
  escalated: boolean;
}

export async function insertInteraction(db: Executor, m: InteractionMetrics): Promise<void> {
  await db
    .insertInto('assistant_interactions')
    .values({
      public_id: m.publicId,
      created_at: m.createdAt,
      source: m.source,
      model: m.model,
      models_tried: m.modelsTried.join(',').slice(0, 1000),
      latency_ms: Math.max(0, Math.round(m.latencyMs)),
      prompt_tokens: m.promptTokens,
      completion_tokens: m.completionTokens,
      faq_id: m.faqId,
      escalated: flag(m.escalated),
      helpful: null,
      feedback_at: null,
    })
    .execute();
}

export type FeedbackOutcome = 'recorded' | 'already' | 'unknown';

/** Sets "¿Le ayudó?" once: a second answer for the same interaction changes nothing. */
export async function setInteractionFeedback(db: Executor, publicId: string, helpful: boolean, now: number): Promise<FeedbackOutcome> {
  const r = await db
    .updateTable('assistant_interactions')
    .set({ helpful: flag(helpful), feedback_at: now })
    .where('public_id', '=', publicId)
    .where('helpful', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return 'recorded';
  const exists = await db.selectFrom('assistant_interactions').select('id').where('public_id', '=', publicId).executeTakeFirst();
  return exists ? 'already' : 'unknown';
}
