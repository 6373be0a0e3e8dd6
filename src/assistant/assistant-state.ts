/**
 * What the assistant keeps in memory per app instance: the FAQ index, the directory names for
 * the sanitizer, and the model client. Keyed by the app context so tests get fresh state.
 */
import type { AppContext } from '../core/context';
import { DirectoryNames } from './directory-names';
import { FaqIndexCache } from './faq-index-cache';
import { createChatClient, type ChatClient } from './llm/chat-client';

export interface AssistantState {
  faqs: FaqIndexCache;
  names: DirectoryNames;
  /** Null without OPENROUTER_API_KEY: the assistant answers from the FAQ only. */
  client: ChatClient | null;
}

const states = new WeakMap<AppContext, AssistantState>();

export function assistantState(ctx: AppContext): AssistantState {
  let state = states.get(ctx);
  if (!state) {
    const { llm } = ctx.config;
    state = {
      faqs: new FaqIndexCache(),
      names: new DirectoryNames(),
      client: llm.apiKey ? createChatClient({ baseUrl: llm.baseUrl, apiKey: llm.apiKey }) : null,
    };
    states.set(ctx, state);
  }
  return state;
}
