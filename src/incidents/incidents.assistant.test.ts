/**
 * The assistant mentions a matching open major incident first (issue 19), on every database: when
 * the FAQ entry the question retrieves has the incident's category, or the question has its title's
 * words; with the model too, whose request never carries the incident; never once it is resolved,
 * nor for a question about something else. The chat is anonymous: offices do not narrow it.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildUser } from '../../test/helpers/factories';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../test/fakes/fake-openrouter';
import { DEMO_FAQS } from '../demo/faqs';
import { insertFaq } from '../assistant/faqs.repository';

describeEachDialect('the assistant and open major incidents', (dialect) => {
  let fake: FakeOpenRouter;
  let t: TestApp;
  let withModel: TestApp;
  let headers: Record<string, string>;
  const categories = new Map<string, number>();

  beforeAll(async () => {
    fake = await startFakeOpenRouter();
    t = await startTestApp(dialect, { config: { llm: { apiKey: null, baseUrl: fake.baseUrl, models: ['acme/primary:free'], timeoutMs: 700 } } });
    withModel = await startTestApp(dialect, { database: t.database, config: { llm: { apiKey: 'sk-or-test', baseUrl: fake.baseUrl, models: ['acme/primary:free'], timeoutMs: 700 } } });
    for (const name of new Set(DEMO_FAQS.map((f) => f.category).filter((c): c is string => !!c))) categories.set(name, (await buildCategory(t.database, { name })).id);
    for (const f of DEMO_FAQS) await insertFaq(t.database.db, dialect, { ...f, categoryId: f.category ? categories.get(f.category)! : null, active: true }, Date.now());
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
  });
  afterAll(async () => {
    await withModel.app.close();
    await t.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    for (const i of await t.database.db.selectFrom('incidents').select('id').where('status', '=', 'open').execute())
      await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${i.id}/resolve`, payload: { note: 'Restablecido.' }, headers });
  });

  const declare = async (body: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };
  const ask = (app: TestApp, content: string, lang = 'es') =>
    app.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content }] }, headers: { 'accept-language': lang } });

  it("mentions the open incident of the retrieved entry's category first, whatever its offices", async () => {
    const office = await buildOffice(t.database, { name: 'Agencia Norte' });
    const incident = await declare({
      title: 'Caída del enlace',
      publicMessage: 'El enlace de la agencia está caído; el proveedor ya fue llamado.',
      categoryId: categories.get('Internet y red'),
      officeIds: [office.id],
    });
    const res = await ask(t, 'mi computadora no tiene internet');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.incident).toEqual({ id: incident.id, title: 'Caída del enlace', publicMessage: 'El enlace de la agencia está caído; el proveedor ya fue llamado.' });
    expect(body.reply).toMatch(/^\*\*Ya lo estamos atendiendo:\*\* hay un incidente en curso, «Caída del enlace»\. El enlace de la agencia está caído/);
    // The FAQ answer still follows.
    expect(body.reply).toContain('cable de red');

    const en = (await ask(t, 'mi computadora no tiene internet', 'en')).json();
    expect(en.reply).toMatch(/^\*\*We are already working on it:\*\* there is an ongoing incident, “Caída del enlace”\./);

    const other = (await ask(t, 'la impresora no imprime nada')).json();
    expect(other.incident).toBeUndefined();
    expect(other.reply).not.toContain('Caída del enlace');
  });

  it('mentions an incident whose title words the question has, even with no category', async () => {
    await declare({ title: 'SIAF no responde', publicMessage: 'El servidor del SIAF se reinicia; vuelve en 20 minutos.' });
    const body = (await ask(t, 'el siaf no me deja entrar')).json();
    expect(body.incident?.title).toBe('SIAF no responde');
    expect(body.reply.startsWith('**Ya lo estamos atendiendo:**')).toBe(true);
    expect((await ask(t, 'gracias')).json().incident).toBeUndefined();
  });

  it('the model answers without the incident, and the reply mentions it first; a resolved one is not mentioned', async () => {
    const incident = await declare({ title: 'Caída del enlace', publicMessage: 'El proveedor ya fue llamado.', categoryId: categories.get('Internet y red') });
    fake.setReply('1. Revise el cable de red.\n2. Reinicie la computadora.');
    const res = await ask(withModel, 'mi computadora no tiene internet');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.source).toBe('llm');
    expect(body.reply).toBe(
      '**Ya lo estamos atendiendo:** hay un incidente en curso, «Caída del enlace». El proveedor ya fue llamado. Si es lo que le pasa, al registrar un ticket puede usar «Sumarme» para unirse a él.\n\n1. Revise el cable de red.\n2. Reinicie la computadora.',
    );
    expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain('El proveedor ya fue llamado');

    await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/resolve`, payload: { note: 'Restablecido.' }, headers });
    const after = (await ask(t, 'mi computadora no tiene internet')).json();
    expect(after.incident).toBeUndefined();
    expect(after.reply).not.toContain('Ya lo estamos atendiendo');
  });
});
