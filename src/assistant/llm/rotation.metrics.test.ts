import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../../test/fakes/fake-openrouter';
import { buildUser } from '../../../test/helpers/factories';
import { bearerToken } from '../../../test/helpers/auth';

describe('LLM calls in the Prometheus metrics', () => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp('sqlite', { config: { llm: { apiKey: 'sk-or-test', baseUrl: fake.baseUrl, models: ['prima/modelo-a:free', 'segundo/modelo-b:free'], timeoutMs: 700 } } });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('counts each model call by model and outcome', async () => {
    fake.setBehaviour('prima/modelo-a:free', 'rate_limited');
    fake.setBehaviour('segundo/modelo-b:free', 'ok');
    const chat = await t.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content: 'La impresora no imprime' }] } });
    expect(chat.statusCode).toBe(200);
    expect(chat.json().source).toBe('llm');
    const admin = await buildUser(t.database, { role: 'admin' });
    const token = await bearerToken(t, admin);
    const metrics = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/itims_llm_calls_total\{model="prima\/modelo-a:free",outcome="rate_limited"\} [1-9]/);
    expect(metrics.body).toMatch(/itims_llm_calls_total\{model="segundo\/modelo-b:free",outcome="ok"\} [1-9]/);
  });
});
