import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { buildCategory, buildUser } from '../../test/helpers/factories';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../test/fakes/fake-openrouter';
import { readSetting } from '../settings/settings';
import { DEFAULT_SYSTEM_PROMPT } from './prompt';

const MODELS = ['acme/one:free', 'acme/two:free'];

describeEachDialect('assistant administration (FAQ API, FAQ pages, models and prompt)', (dialect) => {
  let t: TestApp;
  let fake: FakeOpenRouter;
  let admin: LoggedInHeaders;
  let tech: LoggedInHeaders;
  let categoryId: number;

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp(dialect, { config: { llm: { apiKey: 'sk-or-test', baseUrl: fake.baseUrl, models: MODELS, timeoutMs: 700 } } });
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    tech = await loginAs(t, await buildUser(t.database, { role: 'technician' }));
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin.headers) => t.app.inject({ method, url: `/api/v1${url}`, payload, headers });
  const form = (url: string, fields: Record<string, string>, session = admin) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const chat = (content: string) => t.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content }] } });

  it('lets only admins use the FAQ API', async () => {
    expect((await t.app.inject({ url: '/api/v1/admin/faqs' })).statusCode).toBe(401);
    expect((await api('GET', '/admin/faqs', undefined, tech.headers)).statusCode).toBe(403);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/admin/faqs', payload: { question: '¿Cómo?', answer: '1. Así se hace.' }, headers: { cookie: admin.cookie } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('creates, lists and edits entries, and the assistant uses an entry only while it is active', async () => {
    const created = await api('POST', '/admin/faqs', {
      question: '¿Cómo reinicio el plotter del área de planos?',
      answer: '1. Apague el plotter.\n2. Espere 30 segundos.\n3. Enciéndalo.',
      keywords: 'plotter planos gran formato',
      categoryId,
    });
    expect(created.statusCode).toBe(201);
    const faq = created.json();
    expect(faq).toMatchObject({ question: '¿Cómo reinicio el plotter del área de planos?', categoryId, category: 'Impresoras', active: true });
    expect((await api('GET', '/admin/faqs')).json().map((f: { id: number }) => f.id)).toContain(faq.id);

    fake.setReply('1. Apague el plotter.');
    fake.requests.length = 0;
    expect((await chat('el plotter de planos no responde')).json().source).toBe('llm');
    expect(fake.requests[0]!.body.messages[0].content).toContain('plotter del área de planos');

    const off = await api('PATCH', `/admin/faqs/${faq.id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    fake.requests.length = 0;
    const after = (await chat('el plotter de planos no responde')).json();
    expect(fake.requests[0]!.body.messages[0].content).not.toContain('plotter del área de planos');
    expect(after.suggestTicket).toBe(true);

    const renamed = await api('PATCH', `/admin/faqs/${faq.id}`, { question: '¿Cómo reinicio el plotter?', active: true });
    expect(renamed.json()).toMatchObject({ question: '¿Cómo reinicio el plotter?', active: true });
  });

  it('marks an entry as needing a technician, and the assistant then offers a ticket with its answer', async () => {
    const created = await api('POST', '/admin/faqs', {
      question: '¿Cómo pido que instalen el lector de huellas?',
      answer: '1. Indique la oficina.\n2. Un técnico lo instala.',
      keywords: 'lector huellas biometrico instalar',
      needsTicket: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().needsTicket).toBe(true);
    const off = await api('PATCH', `/admin/faqs/${created.json().id}`, { needsTicket: false });
    expect(off.json().needsTicket).toBe(false);
    expect((await api('GET', `/admin/faqs/${created.json().id}`)).json().needsTicket).toBe(false);
    await api('PATCH', `/admin/faqs/${created.json().id}`, { needsTicket: true });
    fake.requests.length = 0;
    const body = (await chat('quiero que instalen el lector de huellas en mi oficina')).json();
    expect(body.suggestTicket).toBe(true);
    expect(fake.requests[0]!.body.messages[0].content).toContain('lo resuelve un técnico');
  });

  it('refuses invalid entries with 422 naming the fields, and unknown ids with 404', async () => {
    const bad = await api('POST', '/admin/faqs', { question: '¿?', answer: 'corto' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['answer', 'question']);
    const badCategory = await api('POST', '/admin/faqs', { question: '¿Pregunta válida?', answer: '1. Respuesta válida.', categoryId: 999999 });
    expect(badCategory.statusCode).toBe(422);
    expect(badCategory.json().error.fields).toHaveProperty('categoryId');
    expect((await api('PATCH', '/admin/faqs/999999', { active: false })).statusCode).toBe(404);
    expect((await api('PATCH', '/admin/faqs/1', { views: 3 })).statusCode).toBe(422);
  });

  it('creates an entry from the page form and previews its Markdown safely', async () => {
    const list = await t.app.inject({ url: '/staff/admin/faqs', headers: { cookie: admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Preguntas frecuentes');
    const res = await form('/staff/admin/faqs', {
      question: '¿Cómo limpio el teclado?',
      answer: '1. Apague la PC.\n2. Use **aire comprimido**.\n\n<script>alert(1)</script> [x](javascript:alert(1))',
      keywords: 'teclado limpiar',
      categoryId: String(categoryId),
      active: '1',
    });
    expect(res.statusCode).toBe(303);
    const edit = await t.app.inject({ url: res.headers.location as string, headers: { cookie: admin.cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('<li>Use <strong>aire comprimido</strong>.</li>');
    expect(edit.body).not.toContain('<script>alert(1)</script>');
    expect(edit.body).not.toContain('href="javascript');
    expect(edit.body).toContain('Cambios guardados.');

    const invalid = await form('/staff/admin/faqs', { question: 'x', answer: 'y' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('is-invalid');
    expect((await t.app.inject({ url: '/staff/admin/faqs', headers: { cookie: tech.cookie, accept: 'text/html' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/staff/admin/faqs' })).statusCode).toBe(303);
  });

  it('shows each model’s availability and lets an admin retry a parked one', async () => {
    fake.setBehaviour(MODELS[0]!, 'not_found');
    await chat('mi pc está lenta');
    const page = await t.app.inject({ url: '/staff/admin/assistant', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('acme/one:free');
    expect(page.body).toContain('No disponible hasta');
    expect(page.body).toContain('No endpoints found for acme/one:free.');
    expect(page.body).toContain('Reintentar ahora');
    const retry = await form('/staff/admin/assistant/models/retry', { model: MODELS[0]! });
    expect(retry.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('llm_models').selectAll().where('model', '=', MODELS[0]!).executeTakeFirstOrThrow();
    expect(row.unavailable_until).toBeNull();
  });

  it('saves the system prompt every model gets, and resets it to the default', async () => {
    const page = await t.app.inject({ url: '/staff/admin/assistant', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Se están usando las instrucciones por defecto.');
    expect((await form('/staff/admin/assistant/prompt', { prompt: 'Eres el asistente de prueba. Responde en español.' })).statusCode).toBe(303);
    expect(await readSetting(t.database.db, 'assistant.systemPrompt')).toBe('Eres el asistente de prueba. Responde en español.');
    fake.reset();
    await chat('la impresora no imprime');
    expect(fake.requests[0]!.body.messages[0].content.startsWith('Eres el asistente de prueba.')).toBe(true);

    expect((await form('/staff/admin/assistant/prompt/reset', {})).statusCode).toBe(303);
    expect(await readSetting(t.database.db, 'assistant.systemPrompt')).toBe('');
    fake.reset();
    await chat('la impresora no imprime');
    expect(fake.requests[0]!.body.messages[0].content.startsWith(DEFAULT_SYSTEM_PROMPT)).toBe(true);
    expect((await form('/staff/admin/assistant/prompt', { prompt: 'x' }, tech)).statusCode).toBe(403);
  });
});

describeEachDialect('assistant settings page with no LLM key', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { llm: { apiKey: null, baseUrl: 'http://127.0.0.1:9/v1', models: MODELS, timeoutMs: 700 } } });
  });
  afterAll(() => t.close());

  it('says the assistant runs FAQ-only and why, shows no model as available, and still saves the prompt', async () => {
    const admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    const page = await t.app.inject({ url: '/staff/admin/assistant', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('El asistente funciona solo con las preguntas frecuentes: no hay clave OPENROUTER_API_KEY');
    expect(page.body).toContain('defina OPENROUTER_API_KEY');
    expect(page.body.match(/Apagado \(sin clave\)/g)).toHaveLength(MODELS.length);
    expect(page.body).not.toContain('>Disponible<');
    expect(page.body).not.toContain('Reintentar ahora');
    expect(page.body).toContain('Sin clave estas instrucciones no se usan');
    const english = await t.app.inject({ url: '/staff/admin/assistant?lang=en', headers: { cookie: admin.cookie } });
    expect(english.body).toContain('The assistant works from the FAQ only');
    expect(english.body).toContain('Off (no key)');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/staff/admin/assistant/prompt',
      payload: new URLSearchParams({ _csrf: admin.csrfToken, prompt: 'Instrucciones de prueba.' }).toString(),
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(saved.statusCode).toBe(303);
    expect(await readSetting(t.database.db, 'assistant.systemPrompt')).toBe('Instrucciones de prueba.');
  });
});
