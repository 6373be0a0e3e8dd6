/**
 * One turn of the assistant. Every message is sanitized before anything else happens; the FAQ
 * is searched for the latest question (with the previous one as context when needed); with an
 * API key the model answers from the retrieved entries, otherwise — or when every model
 * failed — the best FAQ entry answers, or the assistant says it cannot help and offers a ticket.
 * Only metrics are stored (never text).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError } from '../../core/errors';
import { t, type Locale } from '../../i18n';
import { readSetting } from '../../settings/settings';
import type { DirectoryNames } from '../directory-names';
import type { FaqIndexCache } from '../faq-index-cache';
import { insertInteraction } from '../interactions.repository';
import type { ChatClient, ChatMessage } from '../llm/chat-client';
import { completeWithRotation } from '../llm/rotation';
import { systemMessage } from '../prompt';
import { decide, withoutPlaceholders, type Decision } from '../conversation';
import type { FaqVectors } from '../faq-vectors';
import { replyWithoutModel, ticketSummary, type ReplyTexts } from '../faq-reply';
import { sanitize, type NameMatcher } from '../sanitizer';
import { listOpenIncidentsForChat } from '../../incidents/incidents.repository';
import { incidentToMention } from '../incident-mention';

/** Only the last messages go to the model: enough context, bounded cost. */
export const MAX_HISTORY = 10;
export const MAX_USER_MESSAGE = 1000;
/**
 * Assistant turns come from the client too (the API is stateless), so they are untrusted input
 * like user turns: cut to this length before they are sanitized or sent anywhere.
 */
export const MAX_ASSISTANT_MESSAGE = 1500;
/** What one request may make the sanitizer read, newest messages first; older ones are dropped. */
export const MAX_SANITIZED_CHARS = 8000;
export { DRAFT_MAX, DRAFT_MIN, ticketSummary } from '../faq-reply';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AnswerChatDeps {
  database: Database;
  clock: Clock;
  faqs: FaqIndexCache;
  names: DirectoryNames;
  /** Null without an API key. */
  client: ChatClient | null;
  /** Null unless the embeddings rerank is configured. */
  vectors?: FaqVectors | null;
  models: string[];
  timeoutMs: number;
  locale: Locale;
}

export interface ChatAnswer {
  reply: string;
  source: 'llm' | 'faq' | 'none';
  interactionId: string;
  suggestTicket: boolean;
  ticketDraft?: { categoryId?: number; description: string };
  /** An open major incident the question seems to be about: the reply mentions it first. */
  incident?: { id: number; title: string; publicMessage: string };
}

function validate(messages: ChatTurn[]): ChatTurn[] {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user' || !last.content.trim()) {
    throw new AppError('VALIDATION_FAILED', undefined, { messages: { key: 'assistant.field.lastMessage' } });
  }
  messages.forEach((m, i) => {
    if (m.role === 'user' && m.content.length > MAX_USER_MESSAGE) {
      throw new AppError('VALIDATION_FAILED', undefined, {
        [`messages.${i}.content`]: { key: 'field.maxLength', params: { limit: MAX_USER_MESSAGE } },
      });
    }
  });
  return withinBudget(
    messages
      .filter((m) => m.content.trim())
      .slice(-MAX_HISTORY)
      .map(capped),
  );
}

/** Cuts a message to its role's limit at a space, so no half of a number is left at the cut. */
function capped(m: ChatTurn): ChatTurn {
  const limit = m.role === 'user' ? MAX_USER_MESSAGE : MAX_ASSISTANT_MESSAGE;
  if (m.content.length <= limit) return m;
  let end = limit;
  while (end > 0 && !/\s/u.test(m.content[end]!)) end--;
  return { role: m.role, content: m.content.slice(0, end) };
}

/** The newest messages whose total length fits `MAX_SANITIZED_CHARS` (the last one always does). */
function withinBudget(messages: ChatTurn[]): ChatTurn[] {
  let budget = MAX_SANITIZED_CHARS;
  let from = messages.length;
  while (from > 0 && messages[from - 1]!.content.length <= budget) {
    budget -= messages[from - 1]!.content.length;
    from--;
  }
  return messages.slice(from).filter((m) => m.content.trim());
}

const mentionsTicket = (reply: string) => /\bticket\b/i.test(reply);

/** The reply without a model, in the request's language (the words of `faq-reply.ts`). */
function replyTexts(locale: Locale): ReplyTexts {
  return {
    needsTechnician: t(locale, 'assistant.reply.needsTechnician'),
    alsoReport: t(locale, 'assistant.reply.alsoReport'),
    closing: t(locale, 'assistant.reply.closing'),
    refusal: t(locale, 'assistant.reply.refusal'),
    outOfScope: t(locale, 'assistant.reply.outOfScope'),
    askDetails: t(locale, 'assistant.reply.askDetails'),
    stillFailing: t(locale, 'assistant.reply.stillFailing'),
    cannotHelp: t(locale, 'assistant.reply.cannotHelp'),
  };
}

/** Turns that need no model: an injection is never forwarded; thanks, greetings and other topics need no documentation. */
const ANSWERED_LOCALLY = new Set<Decision['kind']>(['refusal', 'closing', 'out_of_scope', 'ask_details']);
const goesToModel = (d: Decision): boolean => !ANSWERED_LOCALLY.has(d.kind) || (d.kind === 'out_of_scope' && d.unsure === true);

export async function answerChat(deps: AnswerChatDeps, input: { messages: ChatTurn[] }): Promise<ChatAnswer> {
  const started = performance.now();
  const { db, dialect } = deps.database;
  const history = validate(input.messages);

  const names: NameMatcher = await deps.names.get(db);
  const clean = history.map((m) => ({ role: m.role, content: sanitize(m.content, names) }));
  const userMessages = clean.filter((m) => m.role === 'user').map((m) => m.content);

  const index = await deps.faqs.get(db);
  let decision = decide(index, clean);
  if (deps.vectors && deps.client && (decision.kind === 'answer' || decision.kind === 'cannot_help')) {
    // The embeddings rerank, where its candidates are used (an answer, or an IT problem no entry fits lexically).
    // Only the sanitized latest message leaves, without its placeholders; any failure keeps the lexical docs.
    const semantic = await deps.vectors.similar(db, index, withoutPlaceholders(userMessages[userMessages.length - 1] ?? ''));
    if (semantic.length) decision = decide(index, clean, semantic);
  }
  const docs = decision.docs;
  const answeredWith = decision.kind === 'answer' ? decision.match : null;

  let source: ChatAnswer['source'] = decision.kind === 'answer' ? 'faq' : 'none';
  let reply = replyWithoutModel(decision, replyTexts(deps.locale));
  let suggestTicket: boolean = decision.suggestTicket;
  let model: string | null = null;
  let modelsTried: string[] = [];
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;

  const llm =
    deps.client && goesToModel(decision)
      ? await completeWithRotation({ db, dialect, clock: deps.clock, client: deps.client, models: deps.models, timeoutMs: deps.timeoutMs }, [
          systemMessage(
            await readSetting(db, 'assistant.systemPrompt'),
            docs.map((d) => d.faq),
            deps.locale,
          ),
          ...clean.map((m): ChatMessage => ({ role: m.role, content: m.content })),
        ])
      : null;

  if (llm?.reply) {
    source = 'llm';
    reply = llm.reply;
    model = llm.model;
    // The model may solve it, but a case that needs a technician, or one with no documentation, still offers a ticket.
    suggestTicket = decision.suggestTicket || mentionsTicket(reply);
  }
  if (llm) {
    modelsTried = llm.modelsTried;
    promptTokens = llm.promptTokens;
    completionTokens = llm.completionTokens;
  }

  const interactionId = randomBytes(12).toString('base64url');
  await insertInteraction(db, {
    publicId: interactionId,
    createdAt: deps.clock(),
    source,
    model,
    modelsTried,
    latencyMs: performance.now() - started,
    promptTokens,
    completionTokens,
    // An unsure "outside IT support" answered without the model used no entry.
    faqId: (answeredWith ?? (decision.kind === 'out_of_scope' && !llm?.reply ? null : docs[0]))?.faq.id ?? null,
    escalated: suggestTicket,
  });

  const categoryId = (answeredWith ?? docs[0])?.faq.categoryId ?? undefined;
  // An open incident about this goes first (issue 19), added after the model answered (this turn's model
  // never sees it; a later turn's history may carry it back: public text, no personal data). Not for a
  // refused message nor a "thanks".
  const incident =
    decision.kind === 'refusal' || decision.kind === 'closing' ? null : incidentToMention(await listOpenIncidentsForChat(db), categoryId ?? null, userMessages[userMessages.length - 1] ?? '');
  if (incident) reply = `${t(deps.locale, 'assistant.reply.incident', { title: incident.title, message: incident.publicMessage })}\n\n${reply}`;
  return {
    reply,
    ...(incident ? { incident: { id: incident.id, title: incident.title, publicMessage: incident.publicMessage } } : {}),
    source,
    interactionId,
    suggestTicket,
    ticketDraft: { ...(categoryId ? { categoryId } : {}), description: ticketSummary(userMessages) },
  };
}
