/**
 * Plans the assistant's demo metrics: questions asked over the last four weeks, answered from
 * the FAQ (the demo runs with no LLM key), some escalated to a ticket, some rated. Metrics
 * only, like the real thing: never any text of a conversation.
 */
import type { Random } from './prng';
import { workingDayInstant } from './demo-tickets';

export interface PlannedInteraction {
  createdAt: number;
  source: 'faq' | 'none';
  /** Index into the FAQ list, for answers from the FAQ. */
  faqIndex: number | null;
  latencyMs: number;
  escalated: boolean;
  helpful: boolean | null;
  feedbackAt: number | null;
}

const MINUTE = 60_000;
const INTERACTIONS = 140;

export function planDemoInteractions(random: Random, options: { now: number; timeZone: string; faqCount: number }): PlannedInteraction[] {
  const planned: PlannedInteraction[] = [];
  for (let i = 0; i < INTERACTIONS; i++) {
    const daysAgo = random.int(0, 19);
    const minutes = random.int(8 * 60, 17 * 60);
    const createdAt = workingDayInstant(options.now, options.timeZone, daysAgo, minutes);
    // Unknown questions (no FAQ entry close enough) end in the offer to file a ticket.
    const kind =
      options.faqCount === 0
        ? 'none'
        : random.weighted([
            ['answered', 72],
            ['escalated', 14],
            ['none', 14],
          ] as const);
    const rated = random.chance(0.4);
    const helpful = rated ? (kind === 'answered' ? random.chance(0.85) : random.chance(0.3)) : null;
    const feedbackAt = rated ? createdAt + random.int(1, 5) * MINUTE : null;
    if (createdAt >= options.now - MINUTE || (feedbackAt !== null && feedbackAt >= options.now)) continue;
    planned.push({
      createdAt,
      source: kind === 'none' ? 'none' : 'faq',
      faqIndex: kind === 'none' ? null : random.int(0, options.faqCount - 1),
      latencyMs: random.int(4, 60),
      escalated: kind !== 'answered',
      helpful,
      feedbackAt,
    });
  }
  return planned.sort((a, b) => a.createdAt - b.createdAt);
}
