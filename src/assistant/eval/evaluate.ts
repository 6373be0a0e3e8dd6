/**
 * The retrieval evaluation: a labelled set of real-sounding questions (paraphrases, typos,
 * colloquial Spanish) against an index built from the demo FAQ. Used by `npm run eval:assistant`
 * and by a test that keeps top-3 accuracy at 85% or more.
 */
import { DEMO_FAQS } from '../../demo/faqs';
import { FaqIndex, isConfident, type FaqDocument } from '../retrieval';
import labelled from './questions.json';

export interface LabelledQuestion {
  question: string;
  /** The FAQ question that answers it, or null when nothing in the FAQ should. */
  expected: string | null;
}

export interface EvalReport {
  answerable: number;
  top1: number;
  top3: number;
  /** Answerable questions whose right entry was also confident (would be answered from the FAQ). */
  confidentRight: number;
  unanswerable: number;
  /** Unanswerable questions correctly left without a confident match. */
  rejected: number;
  misses: Array<{ question: string; expected: string; got: string[] }>;
}

export const LABELLED_QUESTIONS = labelled as LabelledQuestion[];

export function demoFaqDocuments(): FaqDocument[] {
  return DEMO_FAQS.map((f, i) => ({ id: i + 1, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: null, needsTicket: f.needsTicket ?? false }));
}

export function evaluateRetrieval(index: FaqIndex, items: LabelledQuestion[] = LABELLED_QUESTIONS): EvalReport {
  const report: EvalReport = { answerable: 0, top1: 0, top3: 0, confidentRight: 0, unanswerable: 0, rejected: 0, misses: [] };
  for (const item of items) {
    const matches = index.find(item.question, 3);
    if (item.expected === null) {
      report.unanswerable++;
      if (!matches[0] || !isConfident(matches[0])) report.rejected++;
      continue;
    }
    report.answerable++;
    const questions = matches.map((m) => m.faq.question);
    if (questions[0] === item.expected) report.top1++;
    if (questions.includes(item.expected)) report.top3++;
    else report.misses.push({ question: item.question, expected: item.expected, got: questions });
    if (questions[0] === item.expected && isConfident(matches[0]!)) report.confidentRight++;
  }
  return report;
}
