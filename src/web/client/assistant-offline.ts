/**
 * The assistant with no network: the same retrieval and the same decision as the server
 * (`assistant/retrieval.ts`, `conversation.ts`, `faq-reply.ts`, bundled), on the FAQ index the
 * service worker cached (`GET /api/v1/faq-index`). Loaded only when the server cannot be reached
 * (`assistant.ts` adds this script then), so a first visit on a slow link does not carry it.
 * Nothing is sent anywhere and nothing is stored: there is no model and no interaction record.
 */
import { decide, type Turn } from '../../assistant/conversation';
import { draftCategory, replyWithoutModel, ticketSummary, type ReplyTexts } from '../../assistant/faq-reply';
import { FaqIndex, type FaqDocument } from '../../assistant/retrieval';

export interface OfflineAnswer {
  reply: string;
  suggestTicket: boolean;
  ticketDraft: { categoryId?: number; description: string };
}

let index: Promise<FaqIndex> | null = null;

function loadIndex(): Promise<FaqIndex> {
  index ??= fetch('/api/v1/faq-index', { headers: { accept: 'application/json' } })
    .then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json() as Promise<{ entries: FaqDocument[] }>;
    })
    .then((body) => new FaqIndex(body.entries))
    .catch((err: unknown) => {
      index = null;
      throw err;
    });
  return index;
}

async function answer(turns: Turn[], texts: ReplyTexts): Promise<OfflineAnswer> {
  const decision = decide(await loadIndex(), turns);
  const categoryId = draftCategory(decision);
  return {
    reply: replyWithoutModel(decision, texts),
    suggestTicket: decision.suggestTicket,
    ticketDraft: { ...(categoryId ? { categoryId } : {}), description: ticketSummary(turns.filter((t) => t.role === 'user').map((t) => t.content)) },
  };
}

(window as unknown as { itimsOfflineAssistant: { answer: typeof answer } }).itimsOfflineAssistant = { answer };
