/**
 * Open major incidents on the portal's home page (issue 19), on every database and without
 * JavaScript: the banner lists each open incident (title, public message, affected offices) in the
 * page's language and drops it once resolved; "Verificar DNI" offers "¿Es por esto?" with "Sumarme"
 * for the incidents of the person's office; "Sumarme" files a ticket linked to the incident (its
 * category, a description naming it) and lands on a confirmation that says so; a closed or foreign
 * incident is refused with a message on the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describeEachDialect('major incidents on the portal', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
  });
  afterAll(() => t.close());

  const declare = async (body: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; title: string };
  };
  const resolve = async (id: number) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/resolve`, payload: { note: 'Restablecido.' }, headers });
    expect(res.statusCode, res.body).toBe(200);
  };
  const home = (query = '') => t.app.inject({ url: `/${query}`, headers: { accept: 'text/html' } });
  const post = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url: '/tickets', payload: new URLSearchParams(fields).toString(), headers: FORM });
  const bannerOf = (html: string) => /<section id="incident-banner"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const offerOf = (html: string) => /<div id="incident-offer"[\s\S]*?<\/div><\/div>|<div id="incident-offer"[^>]*hidden[^>]*>/.exec(html)?.[0] ?? '';
  const ticketByCode = (code: string) => t.database.db.selectFrom('tickets').select(['incident_id', 'category_id', 'description', 'office_id']).where('code', '=', code).executeTakeFirstOrThrow();

  it('the banner lists the open incidents with their offices, in the page language, and drops a resolved one', async () => {
    const before = await home();
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('id="incident-banner"');

    const category = (await buildCategory(t.database, { name: 'Internet y red' })).id;
    const central = (await buildOffice(t.database, { name: 'Sede Central' })).id;
    const norte = (await buildOffice(t.database, { name: 'Agencia Norte' })).id;
    const link = await declare({ title: 'Caída del enlace', publicMessage: 'El enlace está caído; el proveedor ya fue llamado.', categoryId: category, officeIds: [norte, central] });
    const siaf = await declare({ title: 'SIAF no responde', publicMessage: 'El servidor del SIAF se reinicia.' });

    const es = bannerOf((await home()).body);
    expect(es).toContain('Incidentes en curso');
    expect(es).toContain('Caída del enlace');
    expect(es).toContain('El enlace está caído; el proveedor ya fue llamado.');
    expect(es).toMatch(/Oficinas afectadas: (Agencia Norte, Sede Central|Sede Central, Agencia Norte)/);
    expect(es).toContain('SIAF no responde');
    expect(es).toContain('Afecta a todas las oficinas.');
    expect(es).toMatch(/desde \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    const en = (await home('?lang=en')).body;
    expect(bannerOf(en)).toContain('Ongoing incidents');
    expect(bannerOf(en)).toContain('Offices affected:');
    expect(bannerOf(en)).toContain('It affects every office.');
    expect(en).not.toContain('Incidentes en curso');
    expect(en).not.toContain('Oficinas afectadas');

    await resolve(link.id);
    const after = bannerOf((await home()).body);
    expect(after).not.toContain('Caída del enlace');
    expect(after).toContain('SIAF no responde');
    await resolve(siaf.id);
    expect((await home()).body).not.toContain('id="incident-banner"');
  });

  describe('"¿Es por esto?" and "Sumarme" without JavaScript', () => {
    let category: number;
    let affected: number;
    let other: number;
    let incidentId: number;

    beforeAll(async () => {
      category = (await buildCategory(t.database, { name: 'Correo' })).id;
      affected = (await buildOffice(t.database, { name: 'Agencia Sur' })).id;
      other = (await buildOffice(t.database, { name: 'Agencia Este' })).id;
      incidentId = (await declare({ title: 'Correo caído en Agencia Sur', publicMessage: 'El correo no envía; ya lo estamos atendiendo.', categoryId: category, officeIds: [affected] })).id;
    });

    it('"Verificar DNI" offers the incidents of the person\'s office only, and none with no category', async () => {
      const noCategory = await declare({ title: 'Apagón en el edificio', publicMessage: 'Sin luz en el edificio.', officeIds: [affected] });
      const person = await buildStaff(t.database, { officeId: affected });
      const looked = await post({ dni: person.dni, action: 'lookup', idempotencyKey: `lookup-${dialect}` });
      expect(looked.statusCode, looked.body).toBe(200);
      const offer = offerOf(looked.body);
      expect(offer).toContain('¿Es por esto? Ya lo estamos atendiendo');
      expect(offer).not.toMatch(/<div id="incident-offer"[^>]*hidden/);
      expect(offer).toContain('Correo caído en Agencia Sur');
      expect(offer).toContain(`name="joinIncident" value="${incidentId}"`);
      expect(offer).not.toContain(`value="${noCategory.id}"`);

      const stranger = await buildStaff(t.database, { officeId: other });
      const elsewhere = await post({ dni: stranger.dni, action: 'lookup' });
      expect(elsewhere.statusCode).toBe(200);
      expect(offerOf(elsewhere.body)).toMatch(/<div id="incident-offer"[^>]*hidden/);
      expect(elsewhere.body).not.toContain('name="joinIncident"');
      await resolve(noCategory.id);
    });

    it('"Sumarme" files a ticket linked to the incident, with its category and a description naming it', async () => {
      const person = await buildStaff(t.database, { officeId: affected });
      const posted = await post({ dni: person.dni, joinIncident: String(incidentId), categoryId: '', description: '', idempotencyKey: `join-${dialect}` });
      expect(posted.statusCode, posted.body).toBe(303);
      const location = String(posted.headers.location);
      const code = /\/t\/([^/]+)\/confirmacion$/.exec(location)?.[1] ?? '';
      expect(await ticketByCode(code)).toMatchObject({ incident_id: incidentId, category_id: category, description: 'Me afecta el incidente «Correo caído en Agencia Sur».', office_id: affected });
      const confirmation = await t.app.inject({ url: location, headers: { accept: 'text/html' } });
      expect(confirmation.body).toContain('Su ticket se sumó a un incidente que ya estamos atendiendo');
      expect(confirmation.body).toContain(code);

      // What the person wrote is kept; the English page's default names the incident in English.
      const writer = await buildStaff(t.database, { officeId: affected });
      const written = await post({ dni: writer.dni, joinIncident: String(incidentId), description: 'Tampoco recibo correos desde la mañana.' });
      expect(written.statusCode, written.body).toBe(303);
      const writtenCode = /\/t\/([^/]+)\/confirmacion$/.exec(String(written.headers.location))?.[1] ?? '';
      expect(await ticketByCode(writtenCode)).toMatchObject({ incident_id: incidentId, description: 'Tampoco recibo correos desde la mañana.' });
      const english = await buildStaff(t.database, { officeId: affected });
      const inEnglish = await t.app.inject({
        method: 'POST',
        url: '/tickets?lang=en',
        payload: new URLSearchParams({ dni: english.dni, joinIncident: String(incidentId) }).toString(),
        headers: { ...FORM, 'accept-language': 'en' },
      });
      expect(inEnglish.statusCode, inEnglish.body).toBe(303);
      const englishCode = /\/t\/([^/]+)\/confirmacion$/.exec(String(inEnglish.headers.location))?.[1] ?? '';
      expect((await ticketByCode(englishCode)).description).toBe('The incident “Correo caído en Agencia Sur” affects me.');
    });

    it('refuses to join an incident of another office, a closed one, or with a bad DNI, on the form', async () => {
      const stranger = await buildStaff(t.database, { officeId: other });
      const foreign = await post({ dni: stranger.dni, joinIncident: String(incidentId), idempotencyKey: `foreign-${dialect}` });
      expect(foreign.statusCode).toBe(409);
      expect(foreign.body).toContain('Ese incidente ya no está abierto.');
      expect(foreign.body).toContain(`value="${stranger.dni}"`);

      const badDni = await post({ dni: '123', joinIncident: String(incidentId) });
      expect(badDni.statusCode).toBe(422);
      expect(badDni.body).toContain('id="dni-error"');

      const notAnId = await post({ dni: stranger.dni, joinIncident: 'abc' });
      expect(notAnId.statusCode).toBe(422);

      const closing = await declare({ title: 'Impresora central atascada', publicMessage: 'Ya vamos.', categoryId: category, officeIds: [other] });
      await resolve(closing.id);
      const closed = await post({ dni: stranger.dni, joinIncident: String(closing.id) });
      expect(closed.statusCode).toBe(409);
      expect(closed.body).toContain('Ese incidente ya no está abierto.');
      const count = await t.database.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('incident_id', '=', closing.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });
  });
});
