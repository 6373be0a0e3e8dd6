/**
 * The embeddings rerank's vectors (issue 15; on with `EMBEDDINGS_MODEL` and an API key).
 *
 * - FAQ entries: each entry's text is embedded once per content — the cache key is sha256 of the
 *   model and the exact text, so an edit re-embeds that entry only. Vectors live in `faq_vectors`
 *   (shared by every instance: the second instance reads what the first wrote) and in memory here.
 *   Preparing them never holds a chat up for more than the query's own time budget.
 * - The question: the caller passes text that has already been through the sanitizer; it is
 *   embedded with `timeoutMs`, and any failure or timeout answers "no candidates" (the caller keeps
 *   its lexical ones) and pauses the rerank for `pauseMs`, so a dead endpoint does not add its
 *   timeout to every chat.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../db/database';
import type { EmbeddingsClient } from './llm/embeddings-client';
import { deleteFaqVectorsExcept, readFaqVectors, saveFaqVector } from './faq-vectors.repository';
import type { FaqDocument, FaqIndex, SemanticCandidate } from './retrieval';

export interface FaqVectorsOptions {
  client: EmbeddingsClient;
  model: string;
  /** Budget for one chat's embeddings work (the question, and waiting for entries being prepared). */
  timeoutMs: number;
  /** After a failure, how long the rerank stays off (the chat is lexical meanwhile). */
  pauseMs?: number;
  /** Budget of one batch of FAQ texts (done in the background). */
  batchTimeoutMs?: number;
  now?: () => number;
}

/** What is embedded for an entry: its question, keywords and the start of its answer. */
export const MAX_EMBEDDED_CHARS = 2000;
const BATCH = 32;

export function faqText(f: FaqDocument): string {
  return `${f.question}\n${f.keywords}\n${f.answer}`.slice(0, MAX_EMBEDDED_CHARS);
}

export function vectorKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\n').update(text).digest('hex');
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

const within = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });

export class FaqVectors {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly keys = new WeakMap<FaqIndex, Map<number, string>>();
  private preparedFor: FaqIndex | null = null;
  private preparing: Promise<void> | null = null;
  private pausedUntil = 0;
  /** Embeddings requests sent (the question's and the entries' batches), for tests and metrics. */
  requests = 0;

  constructor(private readonly options: FaqVectorsOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private pause(): void {
    this.pausedUntil = this.now() + (this.options.pauseMs ?? 30_000);
  }

  get paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  private keysOf(index: FaqIndex): Map<number, string> {
    let keys = this.keys.get(index);
    if (!keys) {
      keys = new Map(index.documents.map((f) => [f.id, vectorKey(this.options.model, faqText(f))]));
      this.keys.set(index, keys);
    }
    return keys;
  }

  private async embed(texts: string[], timeoutMs: number): Promise<Float32Array[] | null> {
    this.requests++;
    const out = await this.options.client.embed(texts, timeoutMs);
    return out ? out.map((v) => Float32Array.from(v)) : null;
  }

  /**
   * Makes sure every entry of `index` has a vector: memory, then the shared table, then the
   * service for what is still missing. Runs once per index at a time; never rejects.
   */
  prepare(db: Executor, index: FaqIndex): Promise<void> {
    if (this.preparedFor === index) return Promise.resolve();
    if (this.preparing) return this.preparing;
    if (this.paused) return Promise.resolve();
    this.preparing = this.fill(db, index)
      .catch(() => this.pause())
      .finally(() => {
        this.preparing = null;
      });
    return this.preparing;
  }

  private async fill(db: Executor, index: FaqIndex): Promise<void> {
    const keys = this.keysOf(index);
    const texts = new Map(index.documents.map((f) => [keys.get(f.id)!, faqText(f)]));
    const wanted = [...texts.keys()];
    let missing = wanted.filter((k) => !this.vectors.has(k));
    if (missing.length) for (const v of await readFaqVectors(db, missing)) this.vectors.set(v.key, v.vector);
    missing = missing.filter((k) => !this.vectors.has(k));
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const got = await this.embed(
        batch.map((k) => texts.get(k)!),
        this.options.batchTimeoutMs ?? 30_000,
      );
      if (!got) {
        this.pause();
        return;
      }
      for (const [j, key] of batch.entries()) {
        this.vectors.set(key, got[j]!);
        await saveFaqVector(db, { key, model: this.options.model, vector: got[j]!, now: this.now() });
      }
    }
    // Texts no entry has any more: out of memory and out of the shared table.
    const keep = new Set(wanted);
    for (const k of [...this.vectors.keys()]) if (!keep.has(k)) this.vectors.delete(k);
    if (missing.length) await deleteFaqVectorsExcept(db, this.options.model, wanted);
    this.preparedFor = index;
  }

  /**
   * The `limit` entries closest in meaning to `query` (already sanitized), best first; empty when
   * the rerank is paused, the service failed or timed out, or no entry has a vector yet.
   */
  async similar(db: Executor, index: FaqIndex, query: string, limit = 5): Promise<SemanticCandidate[]> {
    const text = query.trim().slice(0, MAX_EMBEDDED_CHARS);
    if (!text || this.paused || index.size === 0) return [];
    const asked = this.embed([text], this.options.timeoutMs);
    await within(this.prepare(db, index), this.options.timeoutMs, undefined);
    const got = await asked;
    if (!got || !got[0]) {
      this.pause();
      return [];
    }
    const q = got[0];
    const keys = this.keysOf(index);
    const scored: SemanticCandidate[] = [];
    for (const f of index.documents) {
      const v = this.vectors.get(keys.get(f.id)!);
      if (v) scored.push({ faq: f, similarity: cosine(q, v) });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }
}
