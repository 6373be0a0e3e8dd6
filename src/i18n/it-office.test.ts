import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory } from '../../test/helpers/factories';

/** The three names the pages once used for the IT office; none may remain once the office is configured. */
const OLD_NAMES = ['Oficina de TI', 'Oficina de Informática', 'Tecnologías de la Información', 'IT Office', 'IT office', 'Information Technology Office'];

describeEachDialect('one name for the IT office (IT_OFFICE_NAME)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { IT_OFFICE_NAME: 'Unidad de Sistemas y Redes' } });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
  });
  afterAll(() => t.close());

  it('the portal, the sign-in page and the errors use the configured name, in both languages', async () => {
    for (const url of ['/', '/?lang=en', '/login', '/login?lang=en']) {
      const html = (await t.app.inject({ url, headers: { accept: 'text/html' } })).body;
      expect(html, url).toContain('Unidad de Sistemas y Redes');
      for (const old of OLD_NAMES) expect(html, `${url} still says ${old}`).not.toContain(old);
    }
    for (const lang of ['es', 'en']) {
      const res = await t.app.inject({ url: '/api/v1/directory/99999999', headers: { 'accept-language': lang } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toContain('Unidad de Sistemas y Redes');
    }
  });
});
