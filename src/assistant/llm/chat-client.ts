/**
 * The only code that calls the model endpoint: the official `openai` SDK pointed at
 * OPENROUTER_BASE_URL (OpenRouter, or an on-premise vLLM / Ollama). One request per call, no
 * SDK retries — the rotation decides what to try next. Every outcome is classified so the
 * rotation can tell "gone" (404) from "busy" (429, 5xx, timeout) from "answered badly".
 */
import { createRequire } from 'node:module';
import type OpenAI from 'openai';

// The SDK is loaded when a client is built (an API key is set), not at start-up: without a key
// the assistant answers from the FAQ and the server does not carry the SDK in memory.
const require = createRequire(import.meta.url);
let sdk: typeof OpenAI | null = null;
const openAi = (): typeof OpenAI => (sdk ??= (require('openai') as { OpenAI: typeof OpenAI }).OpenAI);

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type FailureKind = 'rate_limited' | 'not_found' | 'server_error' | 'timeout' | 'network' | 'unauthorized' | 'bad_request' | 'error_in_body' | 'no_choices' | 'empty';

export type Attempt = { ok: true; reply: string; model: string; promptTokens: number | null; completionTokens: number | null } | { ok: false; kind: FailureKind; detail: string };

export interface ChatClient {
  complete(model: string, messages: ChatMessage[], timeoutMs: number): Promise<Attempt>;
}

export interface ChatClientOptions {
  baseUrl: string;
  apiKey: string;
  maxTokens?: number;
}

const errorMessage = (body: unknown): string | null => {
  const e = (body as { error?: { message?: unknown } } | null)?.error;
  return e && typeof e.message === 'string' ? e.message : null;
};

export function createChatClient(options: ChatClientOptions): ChatClient {
  const OpenAIClient = openAi();
  const client = new OpenAIClient({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    maxRetries: 0,
    // OpenRouter's app name header; no HTTP-Referer: the intranet's address is nobody else's business.
    defaultHeaders: { 'X-Title': 'ITIMS' },
  });
  return {
    async complete(model, messages, timeoutMs) {
      try {
        const completion = (await client.chat.completions.create(
          // OpenRouter's provider routing: only providers that neither store nor train on the data.
          { model, messages, temperature: 0.2, max_tokens: options.maxTokens ?? 700, provider: { data_collection: 'deny' } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
          { timeout: timeoutMs, maxRetries: 0 },
        )) as OpenAI.Chat.Completions.ChatCompletion & { error?: { code?: unknown; message?: string } };
        // OpenRouter may answer 200 with an error body, or with a choice that carries an error.
        const bodyError = errorMessage(completion);
        if (bodyError) return { ok: false, kind: 'error_in_body', detail: `200 ${bodyError}` };
        const choice = completion.choices?.[0] as (OpenAI.Chat.Completions.ChatCompletion.Choice & { error?: { message?: string } }) | undefined;
        if (!choice) return { ok: false, kind: 'no_choices', detail: '200 without choices' };
        if (choice.error) return { ok: false, kind: 'error_in_body', detail: `200 ${choice.error.message ?? 'error in choice'}` };
        const reply = (choice.message?.content ?? '').trim();
        if (!reply) return { ok: false, kind: 'empty', detail: '200 with an empty answer' };
        return {
          ok: true,
          reply,
          model: completion.model || model,
          promptTokens: completion.usage?.prompt_tokens ?? null,
          completionTokens: completion.usage?.completion_tokens ?? null,
        };
      } catch (err) {
        return classifyError(err);
      }
    },
  };
}

function classifyError(err: unknown): Attempt & { ok: false } {
  if (err instanceof openAi().APIConnectionTimeoutError) return { ok: false, kind: 'timeout', detail: 'timeout' };
  if (err instanceof openAi().APIUserAbortError) return { ok: false, kind: 'timeout', detail: 'aborted' };
  if (err instanceof openAi().APIConnectionError) return { ok: false, kind: 'network', detail: `network: ${err.message}` };
  if (err instanceof openAi().APIError) {
    const status = err.status ?? 0;
    const detail = `${status} ${errorMessage({ error: err.error }) ?? err.message}`;
    if (status === 429) return { ok: false, kind: 'rate_limited', detail };
    if (status === 404) return { ok: false, kind: 'not_found', detail };
    if (status === 401 || status === 403) return { ok: false, kind: 'unauthorized', detail };
    if (status >= 500) return { ok: false, kind: 'server_error', detail };
    return { ok: false, kind: 'bad_request', detail };
  }
  return { ok: false, kind: 'network', detail: err instanceof Error ? err.message : String(err) };
}
