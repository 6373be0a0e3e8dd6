/**
 * OpenAI-compatible embeddings (`POST {baseUrl}/embeddings`, e.g. an on-premise Ollama) through the
 * official `openai` SDK — the one module that talks to that service besides chat-client.ts. Callers
 * pass text that has already been through the sanitizer; nothing here adds personal data.
 * Not wired into retrieval yet (issue 15: the rerank is left for a later change).
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
      try {
        const r = await client.embeddings.create({ model: options.model, input: texts }, { timeout: timeoutMs, maxRetries: 0 });
        const out = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        return out.length === texts.length ? out : null;
      } catch {
        return null;
      }
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
