/**
 * The embeddings rerank through `POST /api/v1/chat`, against the fake OpenRouter's `/embeddings`.
 * The fake's vectors are a hashed bag of words: they test the plumbing (what is sent, cached,
 * merged and what happens when the service fails), not the quality of a real model.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildStaff, buildUser } from '../../test/helpers/factories';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../test/fakes/fake-openrouter';
import type { Config } from '../config/config';
import { assistantState } from './assistant-state';
import { insertFaq, updateFaq } from './faqs.repository';
import { leaks, PLANTED_MESSAGES, PLANTED_STAFF, PLANTED_USERS } from './fixtures/pii-messages';

const MODELS = ['acme/primary:free'];
const EMBEDDINGS_MODEL = 'nomic-embed-text';

/** Short entries; the screen one's answer holds words its question and keywords do not. */
const FAQS = [
  { question: 'La impresora no imprime', keywords: 'impresora imprimir cola', answer: 'Abra la cola de impresión y cancele los documentos atascados.' },
  { question: 'Pantalla azul al iniciar Windows', keywords: 'pantallazo windows reinicio', answer: 'Anote el código de detención zafiro que aparece y reinicie.' },
  { question: 'Olvidé mi contraseña del correo', keywords: 'clave correo', answer: 'Use la opción de recuperación del portal de correo.' },
  { question: 'No tengo internet', keywords: 'red cable wifi', answer: 'Revise el cable de red y el indicador del router.' },
  { question: 'El mouse no responde', keywords: 'raton puntero', answer: 'Cambie las pilas o pruebe otro puerto USB.' },
  { question: 'El proyector no muestra imagen', keywords: 'proyector hdmi sala', answer: 'Pulse la tecla de fuente y revise el cable HDMI.' },
  { question: 'El teléfono IP no tiene tono', keywords: 'anexo telefono', answer: 'Revise que el cable de red llegue al puerto LAN del teléfono.' },
  { question: 'Windows Update se queda pegado', keywords: 'actualizaciones windows', answer: 'Deje el equipo encendido y conectado toda la noche.' },
];
const SCREEN = FAQS[1]!;
/** Names an IT thing, shares no word with any question or keywords, and several with the screen entry's answer. */
const BY_MEANING = 'la computadora muestra un código de detención zafiro';

describeEachDialect('assistant chat with the embeddings rerank', (dialect) => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  const extra: TestApp[] = [];
  const ids: number[] = [];

  const config = (over: { apiKey?: string | null; embeddingsTimeoutMs?: number } = {}): Partial<Config> => ({
    llm: { apiKey: over.apiKey === undefined ? 'sk-or-test' : over.apiKey, baseUrl: fake.baseUrl, models: MODELS, timeoutMs: 3000 },
    embeddings: { model: EMBEDDINGS_MODEL, timeoutMs: over.embeddingsTimeoutMs ?? 5000 },
  });
  /** Another instance on the same database: its own memory, the same shared vector table. */
  const instance = async (over: Parameters<typeof config>[0] = {}) => {
    const app = await startTestApp(dialect, { database: t.database, config: config(over) });
    extra.push(app);
    return app;
  };
  const ask = (app: TestApp, text: string) => app.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content: text }] } });
  const systemPrompt = () => String(fake.requests.filter((r) => r.endpoint === 'chat').at(-1)!.body.messages[0].content);

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp(dialect, { config: config() });
    for (const f of FAQS) ids.push(await insertFaq(t.database.db, dialect, { ...f, categoryId: null, active: true }, Date.now()));
    for (const p of PLANTED_STAFF) await buildStaff(t.database, p);
    for (const fullName of PLANTED_USERS) await buildUser(t.database, { fullName });
  });
  afterAll(async () => {
    for (const app of extra) await app.app.close();
    await t.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('gives the model an entry found only by meaning, embeds each text once, and shares the vectors between instances', async () => {
    const lexicalOnly = await instance({ apiKey: null });
    const noRerank = await startTestApp(dialect, { database: t.database, config: { llm: { apiKey: 'sk-or-test', baseUrl: fake.baseUrl, models: MODELS, timeoutMs: 3000 } } });
    extra.push(noRerank);

    // Without the rerank the screen entry shares no word of its title or keywords: the model does not get it.
    expect((await ask(noRerank, BY_MEANING)).statusCode).toBe(200);
    expect(systemPrompt()).not.toContain(SCREEN.answer);
    // Without an API key the rerank is off even with EMBEDDINGS_MODEL set.
    expect((await ask(lexicalOnly, BY_MEANING)).json().source).not.toBe('llm');
    expect(fake.embeddingsRequests()).toHaveLength(0);

    const res = await ask(t, BY_MEANING);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ source: 'llm', suggestTicket: true });
    expect(systemPrompt()).toContain(SCREEN.answer);
    const sent = fake.embeddingsRequests();
    expect(sent.map((r) => r.model)).toEqual([EMBEDDINGS_MODEL, EMBEDDINGS_MODEL]);
    expect(sent.map((r) => r.body.provider)).toEqual([{ data_collection: 'deny' }, { data_collection: 'deny' }]);
    const inputs = sent.map((r) => (Array.isArray(r.body.input) ? r.body.input : [r.body.input]) as string[]);
    expect(inputs.find((i) => i.length === FAQS.length)).toBeDefined();
    expect(inputs.find((i) => i.length === 1)).toEqual([BY_MEANING]);
    expect(await t.database.db.selectFrom('faq_vectors').select(['model', 'dimensions']).execute()).toEqual(FAQS.map(() => ({ model: EMBEDDINGS_MODEL, dimensions: 64 })));

    // Again, and from a second instance: only the question is embedded; the entries come from memory or the table.
    fake.reset();
    await ask(t, 'la impresora no imprime');
    const second = await instance();
    await ask(second, BY_MEANING);
    expect(systemPrompt()).toContain(SCREEN.answer);
    expect(fake.embeddingsRequests().map((r) => r.body.input)).toEqual([['la impresora no imprime'], [BY_MEANING]]);

    // An edited entry is embedded again, alone; its old vector leaves the table.
    fake.reset();
    await updateFaq(t.database.db, ids[6]!, { answer: 'Revise que el cable de red llegue al puerto LAN del teléfono y reinicie el teléfono.' }, Date.now());
    assistantState(t.ctx).faqs.invalidate();
    await ask(t, 'la impresora no imprime');
    const edited = fake
      .embeddingsRequests()
      .map((r) => r.body.input as string[])
      .find((i) => i[0] !== 'la impresora no imprime');
    expect(edited).toHaveLength(1);
    expect(edited![0]).toContain('reinicie el teléfono');
    expect(await t.database.db.selectFrom('faq_vectors').select('vector_key').execute()).toHaveLength(FAQS.length);
  });

  it('sends no personal data to the embeddings endpoint, in any spelling of the planted corpus', async () => {
    for (const m of PLANTED_MESSAGES) {
      // Each one also names an IT problem, so that every message is answered and reaches the rerank.
      const res = await ask(t, `${m.text}. Además la impresora no imprime`);
      expect(res.statusCode).toBe(200);
    }
    const sent = fake.embeddingsRequests();
    expect(sent.length).toBe(PLANTED_MESSAGES.length);
    const everything = sent.map((r) => `${r.raw}\n${JSON.stringify(r.body)}`).join('\n');
    for (const m of PLANTED_MESSAGES) {
      for (const value of m.planted) expect(leaks(everything, value), value).toBe(false);
    }
    // Placeholders are dropped too: the question is sent as words about the problem only.
    expect(everything).not.toMatch(/\[[A-ZÁÉÍÓÚÑ]+\]/u);
    // 100+ chats, each an embeddings and a chat request: on a loaded shared machine this is not quick.
  }, 120_000);

  it('answers with the lexical entries when the embeddings service fails, and pauses the rerank', async () => {
    fake.setEmbeddingsBehaviour('unavailable');
    const down = await instance();
    const res = await ask(down, 'la impresora no imprime');
    expect(res.statusCode).toBe(200);
    expect(res.json().source).toBe('llm');
    expect(systemPrompt()).toContain(FAQS[0]!.answer);
    const tried = fake.embeddingsRequests().length;
    expect(tried).toBeGreaterThan(0);
    // The next questions do not wait for a service that just failed.
    expect((await ask(down, BY_MEANING)).statusCode).toBe(200);
    expect(systemPrompt()).not.toContain(SCREEN.answer);
    expect(fake.embeddingsRequests()).toHaveLength(tried);
  });

  it('answers with the lexical entries when the embeddings service hangs past its timeout', async () => {
    fake.setEmbeddingsBehaviour('hang');
    const hung = await instance({ embeddingsTimeoutMs: 300 });
    const res = await ask(hung, BY_MEANING);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ source: 'llm', suggestTicket: true });
    expect(systemPrompt()).not.toContain(SCREEN.answer);
    const tried = fake.embeddingsRequests().length;
    expect((await ask(hung, 'la impresora no imprime')).json().source).toBe('llm');
    expect(fake.embeddingsRequests()).toHaveLength(tried);
  });
});
