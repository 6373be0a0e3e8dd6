/**
 * The conversation evaluation behind `npm run eval:assistant`: each labelled item (a question,
 * maybe after earlier turns) goes through `decide` exactly as a chat turn does in FAQ-only mode,
 * and is scored by its kind. Eleven sets: development (tuned on), six held-out parts (written and
 * committed before the code ran on them; the second to fifth ones' misses have since been analysed, the sixth's not) and four
 * more FAQs written in other styles (a hospital, a municipality, a UGEL, a university) with their own questions.
 */
import { decide, type Decision, type SearchableIndex, type Turn } from '../conversation';
import type { FaqDocument, SemanticCandidate } from '../retrieval';
import { DEMO_FAQS } from '../../demo/faqs';
import devLabelled from './questions.json';
import devExtra from './dev-questions.json';
import heldout from './heldout-questions.json';
import secondFaq from './second-faq.json';
import secondQuestions from './second-questions.json';
import heldout2 from './heldout2-questions.json';
import thirdFaq from './third-faq.json';
import thirdQuestions from './third-questions.json';
import heldout3 from './heldout3-questions.json';
import heldout4 from './heldout4-questions.json';
import heldout5 from './heldout5-questions.json';
import fourthFaq from './fourth-faq.json';
import fourthQuestions from './fourth-questions.json';
import heldout6 from './heldout6-questions.json';
import fifthFaq from './fifth-faq.json';
import fifthQuestions from './fifth-questions.json';

export type ItemKind = 'answerable' | 'needs_ticket' | 'out_of_scope' | 'closing' | 'injection';
export const KINDS: ItemKind[] = ['answerable', 'needs_ticket', 'out_of_scope', 'closing', 'injection'];

export interface EvalItem {
  kind: ItemKind;
  question: string;
  /** Earlier turns, user first, alternating; "@faq:<question>" stands for that entry's answer. */
  history?: string[];
  /** The FAQ question that should answer (the main problem), or null. */
  expected: string | null;
  tags?: string[];
}

export interface SetReport {
  name: string;
  faqs: number;
  total: number;
  right: number;
  byKind: Record<ItemKind, { total: number; right: number }>;
  byTag: Record<string, { total: number; right: number }>;
  escalation: { truePositives: number; falsePositives: number; falseNegatives: number };
  /** Items with an expected entry whose entry is among the documentation the model would get. */
  docsRecall: { total: number; found: number };
  misses: Array<{ kind: ItemKind; question: string; expected: string | null; got: string }>;
}

export function demoFaqs(): FaqDocument[] {
  return DEMO_FAQS.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket ?? false }));
}

export function secondFaqs(): FaqDocument[] {
  return secondFaq.entries.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket }));
}

export function thirdFaqs(): FaqDocument[] {
  return thirdFaq.entries.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket }));
}

export function fourthFaqs(): FaqDocument[] {
  return fourthFaq.entries.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket }));
}

export function fifthFaqs(): FaqDocument[] {
  return fifthFaq.entries.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket }));
}

/** The original labelled set (question → entry or null), read as answerable / out-of-scope items. */
function fromLabelled(list: Array<{ question: string; expected: string | null }>, faqs: FaqDocument[]): EvalItem[] {
  const needs = new Set(faqs.filter((f) => f.needsTicket).map((f) => f.question));
  return list.map((q) => ({
    kind: q.expected === null ? 'out_of_scope' : needs.has(q.expected) ? 'needs_ticket' : 'answerable',
    question: q.question,
    expected: q.expected,
  }));
}

export const EVAL_SETS = {
  development: () => ({ faqs: demoFaqs(), items: [...fromLabelled(devLabelled, demoFaqs()), ...(devExtra as EvalItem[])] }),
  heldOut: () => ({ faqs: demoFaqs(), items: heldout as EvalItem[] }),
  /** A second held-out part (issue 15, later session), committed before the code ran on it; its misses were analysed on 2026-12-03, so it is seen since then. */
  heldOut2: () => ({ faqs: demoFaqs(), items: heldout2 as EvalItem[] }),
  /** A third held-out part (issue 15, 2026-12-03), committed in 99aa419 and 01a4102 before the code ran on it; its misses were read on 2026-12-03, so it is seen since then. */
  heldOut3: () => ({ faqs: demoFaqs(), items: heldout3 as EvalItem[] }),
  /** A fourth held-out part (issue 15, 2026-12-03 13:05), committed in f78402b before the code ran on it (nor had its author read the code); its misses were analysed, so it is seen since 2026-12-03 15:00. */
  heldOut4: () => ({ faqs: demoFaqs(), items: heldout4 as EvalItem[] }),
  /** A fifth held-out part (issue 15, 2026-12-03 17:00), committed in a7dc78f before the code ran on it, by an author who read only the demo FAQ and the format; its misses were analysed, so it is seen since 2026-12-03 18:30. */
  heldOut5: () => ({ faqs: demoFaqs(), items: heldout5 as EvalItem[] }),
  /** A sixth held-out part (issue 15, 2026-12-03), committed in 62ad2b3 by an author who read no assistant code and no eval output; first run on 2026-12-04 04:55, unseen. */
  heldOut6: () => ({ faqs: demoFaqs(), items: heldout6 as EvalItem[] }),
  secondFaq: () => ({ faqs: secondFaqs(), items: secondQuestions as EvalItem[] }),
  /** A municipality's IT FAQ with its own questions, committed before the code ran on it. */
  thirdFaq: () => ({ faqs: thirdFaqs(), items: thirdQuestions as EvalItem[] }),
  /** A UGEL's (education office's) IT FAQ with its own questions, committed in 99aa419 before the code ran on them. */
  fourthFaq: () => ({ faqs: fourthFaqs(), items: fourthQuestions as EvalItem[] }),
  /** A university IT office's FAQ with its own questions, committed in 62ad2b3 with held-out 6 by the same author; first run on 2026-12-04 04:55, unseen. */
  fifthFaq: () => ({ faqs: fifthFaqs(), items: fifthQuestions as EvalItem[] }),
};

/** What each set is to the code: tuned on, or not; printed with its numbers so that a seen set is never read as unseen. */
export const SET_STATUS: Record<keyof typeof EVAL_SETS, string> = {
  development: 'development: tuned on',
  heldOut: 'held-out: not tuned to (its misses were listed by kind, 2026-12-02)',
  heldOut2: 'seen since 2026-12-03: its misses were analysed, and it is used as development data since then',
  secondFaq: 'another FAQ (a hospital): not tuned to',
  thirdFaq: 'another FAQ (a municipality): not tuned to',
  heldOut3: 'seen since 2026-12-03 13:05: committed in 99aa419/01a4102 before the code ran on it, then its misses were analysed and it is used as development data',
  heldOut4:
    'seen since 2026-12-03 15:00: committed in f78402b before the code ran on it, by an author who had not read the assistant code; its misses were analysed (issue 15b) and it is used as development data',
  heldOut5:
    'seen since 2026-12-03 18:30: committed in a7dc78f before the code ran on it, by an author who had read only the demo FAQ and the format; run unseen once (69.2 %), then its misses were analysed (issue 15x) and it is used as development data',
  heldOut6:
    'held-out, unseen: committed in 62ad2b3 by an author who read no assistant code and no eval output; its aggregate was printed on 2026-12-04 (67.1 %, and once with scripts/experiment-knn.ts), its misses have not been read',
  fifthFaq: 'another FAQ (a university), unseen: committed in 62ad2b3 with held-out 6; its misses have not been read',
  fourthFaq: 'seen since 2026-12-03 13:05, another FAQ (a UGEL): committed in 99aa419 before the code ran on it, then its misses were analysed',
};

export function turnsOf(item: EvalItem, faqs: FaqDocument[]): Turn[] {
  const byQuestion = new Map(faqs.map((f) => [f.question, f.answer]));
  const turns: Turn[] = (item.history ?? []).map((content, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: content.startsWith('@faq:') ? (byQuestion.get(content.slice(5)) ?? content) : content,
  }));
  turns.push({ role: 'user', content: item.question });
  return turns;
}

const describe = (d: Decision): string => (d.kind === 'answer' ? `answer "${d.match.faq.question}"${d.suggestTicket ? ' + ticket' : ''}` : `${d.kind}${d.suggestTicket ? ' + ticket' : ''}`);

export function isRight(item: EvalItem, d: Decision): boolean {
  switch (item.kind) {
    case 'answerable':
      return d.kind === 'answer' && d.match.faq.question === item.expected && !d.suggestTicket;
    case 'needs_ticket':
      return d.suggestTicket && (d.kind !== 'answer' || d.match.faq.question === item.expected);
    case 'out_of_scope':
      return d.kind === 'out_of_scope';
    case 'closing':
      return d.kind === 'closing';
    case 'injection':
      return d.kind === 'refusal';
  }
}

/**
 * `semanticFor`: the embeddings rerank's candidates for an item (its latest message), as the chat
 * gets them; absent = lexical only. They change only the documentation (LLM-mode recall).
 */
export function evaluateSet(name: string, index: SearchableIndex, faqs: FaqDocument[], items: EvalItem[], semanticFor?: (item: EvalItem) => SemanticCandidate[]): SetReport {
  const report: SetReport = {
    name,
    faqs: faqs.length,
    total: 0,
    right: 0,
    byKind: Object.fromEntries(KINDS.map((k) => [k, { total: 0, right: 0 }])) as SetReport['byKind'],
    byTag: {},
    escalation: { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    docsRecall: { total: 0, found: 0 },
    misses: [],
  };
  for (const item of items) {
    const d = decide(index, turnsOf(item, faqs), semanticFor?.(item) ?? []);
    const right = isRight(item, d);
    report.total++;
    report.byKind[item.kind].total++;
    for (const tag of item.tags ?? []) {
      const t = (report.byTag[tag] ??= { total: 0, right: 0 });
      t.total++;
      if (right) t.right++;
    }
    if (right) {
      report.right++;
      report.byKind[item.kind].right++;
    } else {
      report.misses.push({ kind: item.kind, question: item.question, expected: item.expected, got: describe(d) });
    }
    const shouldEscalate = item.kind === 'needs_ticket';
    if (d.suggestTicket && shouldEscalate) report.escalation.truePositives++;
    else if (d.suggestTicket) report.escalation.falsePositives++;
    else if (shouldEscalate) report.escalation.falseNegatives++;
    if (item.expected) {
      report.docsRecall.total++;
      if (d.docs.some((m) => m.faq.question === item.expected)) report.docsRecall.found++;
    }
  }
  return report;
}
