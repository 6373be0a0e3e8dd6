/**
 * A faithful fake of OpenRouter's OpenAI-compatible chat completions endpoint, on 127.0.0.1.
 * - `POST {baseUrl}/chat/completions` answers like OpenRouter: an OpenAI `chat.completion`
 *   object whose `model` is the model actually used (OpenRouter may serve another variant),
 *   with `usage` tokens and `provider`.
 * - Failures can be scripted per model, in the shapes OpenRouter really sends: a 429 with its
 *   `{error:{code,message,metadata}}` envelope, a 404 "No endpoints found for <model>.", 502,
 *   503, a request that hangs until the client gives up, a 200 whose body is an error, a 200
 *   without `choices`, and a 200 with empty content.
 * - Provider routing: a model can be marked as served only by providers that collect data; a
 *   request with `provider.data_collection: "deny"` then gets OpenRouter's 404 for a data policy
 *   no endpoint meets.
 * - `POST {baseUrl}/embeddings` answers like OpenAI's embeddings API: `{object:"list", data:[{object:
 *   "embedding", index, embedding}], model, usage}` for a string or an array of strings, floats or
 *   base64 (little-endian float32, what the SDK asks for by default) per `encoding_format`. The
 *   vectors are a deterministic hashed bag of lower-cased words (a fake of the protocol, not of quality).
 *   It can be scripted to answer 503 or to hang.
 * - Every request body is recorded (the privacy tests grep them for planted personal data).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeBehaviour = 'ok' | 'rate_limited' | 'not_found' | 'bad_gateway' | 'unavailable' | 'hang' | 'error_in_200' | 'no_choices' | 'empty';

export interface RecordedRequest {
  endpoint: 'chat' | 'embeddings';
  model: string;
  body: Record<string, any>;
  authorization: string | undefined;
  headers: IncomingHttpHeaders;
  raw: string;
}

export interface FakeOpenRouter {
  /** OpenAI-compatible base URL, like `https://openrouter.ai/api/v1`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Scripts a model: one behaviour for every call, or a sequence (the last one repeats). */
  setBehaviour(model: string, behaviour: FakeBehaviour | FakeBehaviour[]): void;
  /** What a successful answer says (default: numbered steps); may depend on the request. */
  setReply(reply: string | ((body: Record<string, any>) => string)): void;
  /** The model id reported as actually used when `model` is requested (OpenRouter's routing). */
  setServedAs(model: string, actual: string): void;
  /** Every provider of this model stores or trains on prompts (OpenRouter's data policy). */
  setCollectsData(model: string): void;
  /** How `/embeddings` answers from now on: normally, 503, or never (until the client gives up). */
  setEmbeddingsBehaviour(behaviour: 'ok' | 'unavailable' | 'hang'): void;
  /** The `/embeddings` requests, in order. */
  embeddingsRequests(): RecordedRequest[];
  /** Chat models requested, in order. */
  modelsRequested(): string[];
  reset(): void;
  close(): Promise<void>;
}

const envelope = (code: number, message: string, metadata?: Record<string, unknown>) => JSON.stringify({ error: { code, message, ...(metadata ? { metadata } : {}) } });

export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** Deterministic unit vector: each lower-cased word adds 1 at an FNV-1a hashed position. */
export function hashedBagOfWords(text: string): number[] {
  const v = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)) {
    if (!word) continue;
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
    v[h % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export async function startFakeOpenRouter(): Promise<FakeOpenRouter> {
  const behaviours = new Map<string, FakeBehaviour[]>();
  const calls = new Map<string, number>();
  const servedAs = new Map<string, string>();
  const collectsData = new Set<string>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let reply: string | ((body: Record<string, any>) => string) = '1. Reinicie el equipo.\n2. Pruebe de nuevo.';
  let embeddingsBehaviour: 'ok' | 'unavailable' | 'hang' = 'ok';
  let seq = 0;

  const nextBehaviour = (model: string): FakeBehaviour => {
    const list = behaviours.get(model) ?? ['ok'];
    const n = calls.get(model) ?? 0;
    calls.set(model, n + 1);
    return list[Math.min(n, list.length - 1)]!;
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  /**
   * A POST's JSON body, recorded in `requests` (refused ones too); or null once it has answered as
   * OpenRouter does: 400 for a body that is not JSON, 401 without a bearer token.
   */
  const accept = (req: IncomingMessage, res: ServerResponse, raw: string, endpoint: RecordedRequest['endpoint']): { model: string; body: Record<string, any> } | null => {
    let body: Record<string, any>;
    try {
      body = JSON.parse(raw) as Record<string, any>;
    } catch {
      send(res, 400, envelope(400, 'Invalid JSON'));
      return null;
    }
    const model = String(body.model ?? '');
    requests.push({ endpoint, model, body, authorization: req.headers.authorization, headers: req.headers, raw });
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      send(res, 401, envelope(401, 'No auth credentials found'));
      return null;
    }
    return { model, body };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method === 'POST' && req.url?.endsWith('/embeddings')) return embeddings(req, res, raw);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      return send(res, 404, envelope(404, 'Not Found'));
    }
    const accepted = accept(req, res, raw, 'chat');
    if (!accepted) return;
    const { model, body } = accepted;
    if (!Array.isArray(body.messages) || body.messages.length === 0) return send(res, 400, envelope(400, 'messages: required'));

    if (collectsData.has(model) && body.provider?.data_collection === 'deny') {
      return send(res, 404, envelope(404, 'No endpoints found matching your data policy (Paid model training). Configure: https://openrouter.ai/settings/privacy'));
    }
    const behaviour = nextBehaviour(model);
    const actual = servedAs.get(model) ?? model;
    const id = `gen-${Date.now()}-${++seq}`;
    switch (behaviour) {
      case 'rate_limited':
        return send(
          res,
          429,
          envelope(429, `${model} is temporarily rate-limited upstream. Please retry shortly.`, {
            raw: `${model} is temporarily rate-limited upstream.`,
            provider_name: 'Fake Provider',
          }),
          { 'retry-after': '1' },
        );
      case 'not_found':
        return send(res, 404, envelope(404, `No endpoints found for ${model}.`));
      case 'bad_gateway':
        return send(res, 502, envelope(502, 'Provider returned error', { provider_name: 'Fake Provider', raw: 'upstream connect error' }));
      case 'unavailable':
        return send(res, 503, envelope(503, 'No instances available', { provider_name: 'Fake Provider' }));
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'error_in_200':
        return send(res, 200, JSON.stringify({ id, error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Fake Provider' } }, user_id: 'user_fake' }));
      case 'no_choices':
        return send(res, 200, JSON.stringify({ id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: actual, provider: 'Fake Provider', choices: [] }));
      case 'empty':
      case 'ok': {
        const content = behaviour === 'empty' ? '' : typeof reply === 'function' ? reply(body) : reply;
        return send(
          res,
          200,
          JSON.stringify({
            id,
            provider: 'Fake Provider',
            model: actual,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            choices: [{ logprobs: null, finish_reason: 'stop', native_finish_reason: 'stop', index: 0, message: { role: 'assistant', content, refusal: null, reasoning: null } }],
            usage: { prompt_tokens: Math.ceil(raw.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil((raw.length + content.length) / 4) },
          }),
        );
      }
    }
  };

  const embeddings = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const accepted = accept(req, res, raw, 'embeddings');
    if (!accepted) return;
    const { model, body } = accepted;
    if (embeddingsBehaviour === 'unavailable') return send(res, 503, envelope(503, 'No instances available', { provider_name: 'Fake Provider' }));
    if (embeddingsBehaviour === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (!model) return send(res, 400, envelope(400, 'model: required'));
    const input: unknown = body.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string') ? (input as string[]) : null;
    if (!texts || texts.some((t) => t.length === 0)) return send(res, 400, envelope(400, 'input: a non-empty string or array of non-empty strings is required'));
    const format = body.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64') return send(res, 400, envelope(400, "encoding_format: must be 'float' or 'base64'"));
    const data = texts.map((t, index) => {
      const v = hashedBagOfWords(t);
      const embedding = format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v;
      return { object: 'embedding', index, embedding };
    });
    const tokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
    return send(res, 200, JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    setBehaviour(model, behaviour) {
      behaviours.set(model, Array.isArray(behaviour) ? behaviour : [behaviour]);
      calls.set(model, 0);
    },
    setReply(r) {
      reply = r;
    },
    setServedAs(model, actual) {
      servedAs.set(model, actual);
    },
    setCollectsData(model) {
      collectsData.add(model);
    },
    setEmbeddingsBehaviour(behaviour) {
      embeddingsBehaviour = behaviour;
    },
    embeddingsRequests: () => requests.filter((r) => r.endpoint === 'embeddings'),
    modelsRequested: () => requests.filter((r) => r.endpoint === 'chat').map((r) => r.model),
    reset() {
      behaviours.clear();
      calls.clear();
      servedAs.clear();
      collectsData.clear();
      embeddingsBehaviour = 'ok';
      requests.length = 0;
      reply = '1. Reinicie el equipo.\n2. Pruebe de nuevo.';
    },
    async close() {
      for (const res of hanging) res.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
