/**
 * The assistant's reply when no model answers — the decision of `conversation.ts` put into words —
 * and the ticket draft made of what the person said. Pure and free of Node APIs: the server uses it
 * without an LLM key (or when every model failed), and the offline portal runs the same code in the
 * browser on the cached FAQ index. The words come from the caller (the locale files on the server,
 * the page's data attributes in the browser), so the page's language is kept.
 */
import type { Decision } from './conversation';
import type { FaqMatch } from './retrieval';

export const DRAFT_MIN = 10;
export const DRAFT_MAX = 4000;

export interface ReplyTexts {
  needsTechnician: string;
  /** With `{topics}`. */
  alsoReport: string;
  closing: string;
  refusal: string;
  outOfScope: string;
  askDetails: string;
  stillFailing: string;
  cannotHelp: string;
}

const mentionsTicket = (reply: string) => /\bticket\b/i.test(reply);

export function replyWithoutModel(decision: Decision, texts: ReplyTexts): string {
  switch (decision.kind) {
    case 'answer': {
      const parts = [decision.match.faq.answer];
      if (decision.suggestTicket && !mentionsTicket(decision.match.faq.answer)) parts.push(texts.needsTechnician);
      if (decision.also.length) parts.push(texts.alsoReport.replace('{topics}', decision.also.map((m) => `«${m.faq.question}»`).join(', ')));
      return parts.join('\n\n');
    }
    case 'closing':
      return texts.closing;
    case 'refusal':
      return texts.refusal;
    case 'out_of_scope':
      return texts.outOfScope;
    case 'ask_details':
      return texts.askDetails;
    case 'still_failing':
      return texts.stillFailing;
    case 'cannot_help':
      return texts.cannotHelp;
  }
}

/** The ticket description: what the person said, within the form's 10–4000 characters. */
export function ticketSummary(userMessages: string[]): string {
  const header = 'Consulta previa al asistente virtual:';
  const lines: string[] = [];
  let length = header.length;
  for (const m of [...userMessages].reverse()) {
    const line = `- ${m.replace(/\s+/g, ' ').trim()}`;
    if (length + line.length + 1 > DRAFT_MAX) break;
    lines.unshift(line);
    length += line.length + 1;
  }
  const text = [header, ...lines].join('\n');
  return text.length >= DRAFT_MIN ? text : `${text} (sin detalle)`;
}

/** The category a draft suggests: the entry answered with, else the closest one found. */
export function draftCategory(decision: Decision): number | undefined {
  const m: FaqMatch | undefined = decision.kind === 'answer' ? decision.match : decision.docs[0];
  return m?.faq.categoryId ?? undefined;
}
