/**
 * What the assistant keeps in memory per app instance: the FAQ index, the directory names for
 * the sanitizer, the model client and the embeddings rerank's vectors. Keyed by the app context so tests get fresh state.
 */
import type { AppContext } from '../core/context';
import { DirectoryNames } from './directory-names';
import { FaqIndexCache } from './faq-index-cache';
import { FaqVectors } from './faq-vectors';
import { createChatClient, type ChatClient } from './llm/chat-client';
import { createEmbeddingsClient } from './llm/embeddings-client';

export interface AssistantState {
  faqs: FaqIndexCache;
  names: DirectoryNames;
  /** Null without OPENROUTER_API_KEY: the assistant answers from the FAQ only. */
  client: ChatClient | null;
  /** Null unless `EMBEDDINGS_MODEL` and an API key are set: the embeddings rerank. */
  vectors: FaqVectors | null;
}

const states = new WeakMap<AppContext, AssistantState>();

export function assistantState(ctx: AppContext): AssistantState {
  let state = states.get(ctx);
  if (!state) {
    const { llm, embeddings } = ctx.config;
    state = {
      faqs: new FaqIndexCache(),
      names: new DirectoryNames(),
      client: llm.apiKey ? createChatClient({ baseUrl: llm.baseUrl, apiKey: llm.apiKey }) : null,
      vectors:
        llm.apiKey && embeddings
          ? new FaqVectors({ client: createEmbeddingsClient({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: embeddings.model }), model: embeddings.model, timeoutMs: embeddings.timeoutMs })
          : null,
    };
    states.set(ctx, state);
  }
  return state;
}
