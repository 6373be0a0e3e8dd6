/**
 * OpenAI-compatible embeddings (`POST {baseUrl}/embeddings`, e.g. an on-premise Ollama) through the
 * official `openai` SDK — the one module that talks to that service besides chat-client.ts. Callers
 * pass text that has already been through the sanitizer; nothing here adds personal data.
 * Used by the assistant's rerank (faq-vectors.ts). Like the chat, it asks OpenRouter for providers
 * that neither store nor train on the text (`provider.data_collection: "deny"`; other
 * OpenAI-compatible servers ignore the field).
 */
import { createRequire } from 'node:module';
import type OpenAI from 'openai';

const require = createRequire(import.meta.url);
let sdk: typeof OpenAI | null = null;
const openAi = (): typeof OpenAI => (sdk ??= (require('openai') as { OpenAI: typeof OpenAI }).OpenAI);

export interface EmbeddingsClient {
  /** One vector per text, in order; null when the service failed (the caller keeps lexical order). */
  embed(texts: string[], timeoutMs: number): Promise<number[][] | null>;
}

export function createEmbeddingsClient(options: { baseUrl: string; apiKey: string; model: string }): EmbeddingsClient {
  const client = new (openAi())({ baseURL: options.baseUrl, apiKey: options.apiKey, maxRetries: 0, defaultHeaders: { 'X-Title': 'ITIMS' } });
  return {
    async embed(texts, timeoutMs) {
      if (texts.length === 0) return [];
      const body = { model: options.model, input: texts, provider: { data_collection: 'deny' } } as OpenAI.EmbeddingCreateParams;
      const deadline = Date.now() + timeoutMs;
      // One more try only when the connection broke before an answer (a kept-alive socket the server
      // had just closed); an error answer or a timeout is final — the chat must not wait twice.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const r = await client.embeddings.create(body, { timeout: Math.max(1, deadline - Date.now()), maxRetries: 0 });
          const out = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
          return out.length === texts.length ? out : null;
        } catch (err) {
          const OpenAi = openAi();
          const broken = err instanceof OpenAi.APIConnectionError && !(err instanceof OpenAi.APIConnectionTimeoutError);
          if (!broken || Date.now() >= deadline) return null;
        }
      }
      return null;
    },
  };
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
