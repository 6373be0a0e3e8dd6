import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';

describe('language choice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('serves pages in Spanish even to a browser set to English, until the person switches', async () => {
    const english = { 'accept-language': 'en-US,en;q=0.9' };
    expect((await t.app.inject({ url: '/', headers: english })).body).toContain('lang="es"');
    const switched = await t.app.inject({ url: '/?lang=en', headers: english });
    expect(switched.body).toContain('lang="en"');
    const cookie = String(switched.headers['set-cookie']).split(';')[0]!;
    expect((await t.app.inject({ url: '/', headers: { cookie } })).body).toContain('lang="en"');
  });

  it('answers API errors in the language the client asks for, Spanish by default', async () => {
    expect((await t.app.inject({ url: '/api/v1/directory/1' })).json().error.message).toMatch(/dígitos/);
    expect((await t.app.inject({ url: '/api/v1/directory/1', headers: { 'accept-language': 'en' } })).json().error.message).toMatch(/digits/);
  });
});
