import { afterAll, beforeAll, expect, it } from 'vitest';
import { h } from 'preact';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../../test/helpers/factories';
import { homeExtras, trackingExtras } from './portal/extras';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describeEachDialect('portal pages', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-03-02T14:00:00Z'));
  let printers: number;
  let otros: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    otros = (await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true })).id;
    printers = (await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 })).id;
    await buildCategory(t.database, { name: 'Software', sortOrder: 2 });
    await buildCategory(t.database, { name: 'Retirada', sortOrder: 3, active: false });
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { accept: 'text/html', ...headers } });
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload: form(fields), headers: { ...FORM, ...headers } });
  const countTickets = async (staffId: number) =>
    Number(
      (
        await t.database.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('staff_id', '=', staffId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const idempotencyKeyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

  async function fileTicket(fields: Partial<Record<string, string>> = {}) {
    clock.advance(60_000);
    const p = await buildStaff(t.database, { firstName: 'Lucía', lastName: 'Mamani Torres' });
    const res = await post('/tickets', {
      dni: p.dni,
      categoryId: String(printers),
      description: 'La impresora no responde desde la mañana.',
      idempotencyKey: `k-${p.dni}`,
      ...fields,
    } as Record<string, string>);
    expect(res.statusCode).toBe(303);
    const code = /\/t\/(TK-[0-9A-Z]{8})\/confirmacion$/.exec(res.headers.location as string)?.[1] as string;
    expect(code).toBeTruthy();
    return { code, person: p };
  }

  it('Enter without JavaScript (the hidden first button, action=enter) sends a filled form and only looks up a bare DNI', async () => {
    const home = (await get('/')).body;
    expect(home.indexOf('id="ticket-enter"')).toBeLessThan(home.indexOf('id="dni-lookup"'));
    clock.advance(60_000);
    const p = await buildStaff(t.database, { firstName: 'Elena', lastName: 'Paredes Ríos' });
    const bare = await post('/tickets', { dni: p.dni, action: 'enter' });
    expect(bare.statusCode).toBe(200);
    expect(await countTickets(p.id)).toBe(0);
    const sent = await post('/tickets', {
      dni: p.dni,
      categoryId: String(printers),
      description: 'La impresora no responde desde la mañana.',
      contactPhone: '987654321',
      idempotencyKey: `enter-${p.dni}`,
      action: 'enter',
    });
    expect(sent.statusCode).toBe(303);
    expect(await countTickets(p.id)).toBe(1);
  });

  it('renders the home form in Spanish with categories ("Otros" last) and a fresh idempotency key', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain('Reportar un problema de TI');
    expect(res.body).toMatch(/<label[^>]*for="dni"[^>]*>DNI<\/label>/);
    expect(res.body).toContain('Verificar DNI');
    // The category list's options (the asset picker has its own list).
    const categorySelect = /<select id="categoryId"[\s\S]*?<\/select>/.exec(res.body)?.[0] ?? '';
    const options = [...categorySelect.matchAll(/<option value(?:="\d+")?[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]);
    expect(options).toEqual(['Elija una categoría', 'Impresoras', 'Software', 'Otros']);
    expect(res.body).toContain(`value="${otros}"`);
    const key = idempotencyKeyOf(res.body);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(idempotencyKeyOf((await get('/')).body)).not.toBe(key);
    expect(res.body).toMatch(/<script src="\/assets\/js\/portal\.js\?v=[0-9a-f]{10}" defer><\/script>/);
    expect(res.body).not.toMatch(/<script>|style="/);
  });

  it('files a ticket without JavaScript in two steps: DNI lookup, then submit and redirect to the confirmation', async () => {
    const office = await buildOffice(t.database, { name: 'Gerencia de Desarrollo Social' });
    const p = await buildStaff(t.database, { firstName: 'JOSÉ LUIS', lastName: 'Quispe Huamán', officeId: office.id });
    const key = idempotencyKeyOf((await get('/')).body) as string;
    const typed = {
      dni: ` ${p.dni.slice(0, 4)} ${p.dni.slice(4)} `,
      categoryId: String(printers),
      description: 'El monitor se apaga solo cada diez minutos.',
      contactPhone: '987 654 321',
      idempotencyKey: key,
    };

    const step1 = await post('/tickets', { ...typed, action: 'lookup' });
    expect(step1.statusCode).toBe(200);
    expect(step1.body).toContain('José Luis Q. H.');
    expect(step1.body).toContain('Gerencia de Desarrollo Social');
    expect(step1.body).not.toContain('Quispe');
    expect(step1.body).toContain('El monitor se apaga solo cada diez minutos.</textarea>');
    expect(step1.body).toContain(`value="${p.dni}"`);
    expect(step1.body).toContain('value="987 654 321"');
    expect(step1.body).toMatch(new RegExp(`<option value="${printers}" selected`));
    expect(idempotencyKeyOf(step1.body)).toBe(key);
    expect(await countTickets(p.id)).toBe(0);

    const step2 = await post('/tickets', { ...typed, action: 'submit' });
    expect(step2.statusCode).toBe(303);
    const location = step2.headers.location as string;
    expect(location).toMatch(/^\/t\/TK-[0-9A-HJKMNP-TV-Z]{8}\/confirmacion$/);
    const code = location.split('/')[2] as string;
    const row = await t.database.db.selectFrom('tickets').select(['channel', 'contact_phone', 'description']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'portal', contact_phone: '987654321', description: 'El monitor se apaga solo cada diez minutos.' });

    // A double click (or a retried post) brings the same ticket, never a second one.
    const again = await post('/tickets', { ...typed, action: 'submit' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(location);
    expect(await countTickets(p.id)).toBe(1);

    const confirmation = await get(location);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Ticket registrado');
    expect(confirmation.body).toMatch(new RegExp(`class="ticket-code[^"]*">${code}</output>`));
    expect(confirmation.body).toContain(`href="/t/${code}"`);
    expect(confirmation.body).toContain('Copiar');
    expect(confirmation.body).toContain('Qué pasa ahora');

    const tracking = await get(`/t/${code}`);
    expect(tracking.body).toContain('Gerencia de Desarrollo Social');
    expect(tracking.body).not.toContain(p.dni);
    expect(tracking.body).not.toContain('987654321');
    expect(tracking.body).not.toContain('987 654 321');
    expect(tracking.body).not.toContain('José');
  });

  it('files in one step when everything is filled in, even without the lookup', async () => {
    const { code } = await fileTicket();
    expect((await get(`/t/${code}`)).statusCode).toBe(200);
  });

  it('re-renders the form with Spanish messages next to each field, keeping what was typed', async () => {
    const res = await post('/tickets', { dni: '1234567', categoryId: '', description: 'corta', contactPhone: '12ab', idempotencyKey: 'form-key-1' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Revise los campos marcados antes de enviar.');
    expect(res.body).toMatch(/id="dni-error"[^>]*>El DNI debe tener exactamente 8 dígitos\.</);
    expect(res.body).toMatch(/id="categoryId-error"[^>]*>Este campo es obligatorio\.</);
    expect(res.body).toMatch(/id="description-error"[^>]*>Describa el problema con al menos 10 y como máximo 4000 caracteres\.</);
    expect(res.body).toMatch(/id="contactPhone-error"[^>]*>Escriba un teléfono de 6 a 15 dígitos/);
    expect(res.body).toContain('value="1234567"');
    expect(res.body).toContain('>corta</textarea>');
    expect(res.body).toContain('value="12ab"');
    expect(res.body).toMatch(/id="dni"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('aria-describedby="dni-help dni-error dni-status"');
    expect(idempotencyKeyOf(res.body)).toBe('form-key-1');

    const hostile = await post('/tickets', { dni: '1', description: '</textarea><script>alert(1)</script>' });
    expect(hostile.body).toContain('>&lt;/textarea>&lt;script>alert(1)&lt;/script></textarea>');
    expect(hostile.body).not.toContain('<script>alert');
  });

  it('shows directory refusals on the DNI field: unknown (404) and no office this year (403)', async () => {
    const fields = { categoryId: String(printers), description: 'No puedo entrar al sistema de trámite.' };
    const unknown = await post('/tickets', { ...fields, dni: '00000001' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('No encontramos ese DNI en el directorio del personal');
    expect(unknown.body).toContain('No puedo entrar al sistema de trámite.</textarea>');
    const lastYear = await buildStaff(t.database, { year: 2001 });
    const noOffice = await post('/tickets', { ...fields, dni: lastYear.dni, action: 'lookup' });
    expect(noOffice.statusCode).toBe(403);
    expect(noOffice.body).toContain('no tiene una oficina asignada este año');
    expect(await countTickets(lastYear.id)).toBe(0);
  });

  it('refuses an inactive category on the category field', async () => {
    const retired = (await buildCategory(t.database, { name: 'Vieja', active: false })).id;
    const p = await buildStaff(t.database);
    const res = await post('/tickets', { dni: p.dni, categoryId: String(retired), description: 'Una descripción suficiente.' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="categoryId-error"[^>]*>La categoría elegida no existe o ya no está disponible\.</);
  });

  it('answers a second ticket within 5 minutes with 429 on the form and a link to "Mis tickets"', async () => {
    const { person } = await fileTicket();
    const res = await post('/tickets', { dni: person.dni, categoryId: String(printers), description: 'Otro problema enseguida del primero.' });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toContain('Ya se registró un ticket con este DNI hace menos de 5 minutos.');
    expect(res.body).toContain('href="/mis-tickets"');
    expect(res.body).toContain('Otro problema enseguida del primero.</textarea>');
    expect(await countTickets(person.id)).toBe(1);
  });

  it('tells the person when a form that already filed a ticket is sent again with other data', async () => {
    const { person } = await fileTicket({ idempotencyKey: 'reused-key-1' });
    clock.advance(10 * 60_000);
    const res = await post('/tickets', { dni: person.dni, categoryId: String(printers), description: 'Un problema distinto al anterior.', idempotencyKey: 'reused-key-1' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Este formulario ya se usó para registrar un ticket.');
    expect(idempotencyKeyOf(res.body)).not.toBe('reused-key-1');
  });

  it('shows the tracking page: status, category, office, local dates, queue position, timeline', async () => {
    const ahead = await fileTicket();
    const { code } = await fileTicket();
    const api = (await t.app.inject({ url: `/api/v1/tickets/${code}` })).json();
    const res = await get(`/t/${code}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Ticket ${code}`);
    expect(res.body).toMatch(/class="badge[^"]*text-bg-primary[^"]*">Registrado</);
    expect(res.body).toContain('Impresoras');
    expect(res.body).toContain(api.office);
    const n = api.queuePosition - 1;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(res.body).toContain(n === 1 ? 'Hay 1 ticket antes que el suyo.' : `Hay ${n} tickets antes que el suyo.`);
    // America/Lima is UTC-5: the clock's instant, shown as local time.
    const at = new Date(api.createdAt);
    const local = new Date(at.getTime() - 5 * 3600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const when = `${two(local.getUTCDate())}/03/2026 ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
    expect(res.body).toContain(`<time datetime="${api.createdAt}">${when}</time>`);
    expect(res.body).toMatch(/<ol class="timeline"><li><strong class="timeline-status">Registrado<\/strong>/);
    expect((await get(`/t/${ahead.code}`)).body).not.toContain(`Hay ${n} tickets`);
  });

  it('shows "En atención" with the technician’s first name, then "Resuelto" with the closing note', async () => {
    const { code } = await fileTicket();
    const tech = await buildUser(t.database, { fullName: 'Rosa Elena Quispe Mamani' });
    const ticket = await t.database.db.selectFrom('tickets').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();
    const at = clock() + 60_000;
    await t.database.db.updateTable('tickets').set({ status: 'in_progress', assignee_id: tech.id, updated_at: at }).where('id', '=', ticket.id).execute();
    await t.database.db
      .insertInto('ticket_events')
      .values({ ticket_id: ticket.id, type: 'assigned', from_status: 'registered', to_status: 'in_progress', actor_user_id: tech.id, channel: 'web', note: null, at })
      .execute();
    const inProgress = await get(`/t/${code}`);
    expect(inProgress.body).toMatch(/text-bg-warning[^"]*">En atención</);
    expect(inProgress.body).toMatch(/<dt>Lo atiende<\/dt><dd>Rosa<\/dd>/);
    expect(inProgress.body).not.toContain('Quispe Mamani');
    expect(inProgress.body).not.toContain('antes que el suyo');

    await t.database.db
      .updateTable('tickets')
      .set({ status: 'resolved', updated_at: at + 60_000 })
      .where('id', '=', ticket.id)
      .execute();
    await t.database.db
      .insertInto('ticket_events')
      .values({
        ticket_id: ticket.id,
        type: 'resolved',
        from_status: 'in_progress',
        to_status: 'resolved',
        actor_user_id: tech.id,
        channel: 'web',
        note: 'Se cambió el <b>tóner</b>.',
        at: at + 60_000,
      })
      .execute();
    const resolved = await get(`/t/${code}`);
    const timeline = /<ol class="timeline">(.*?)<\/ol>/s.exec(resolved.body)?.[1] ?? '';
    expect([...timeline.matchAll(/class="timeline-status">([^<]+)</g)].map((m) => m[1])).toEqual(['Registrado', 'En atención', 'Resuelto']);
    expect(timeline).toContain('Se cambió el &lt;b>tóner&lt;/b>.');
    expect(resolved.body).toMatch(/<dt>Lo atendió<\/dt><dd>Rosa<\/dd>/);
    expect(resolved.body).not.toContain('Lo atiende');
  });

  it('says a ticket released by its technician went back to the queue, and keeps the reason internal', async () => {
    const { code } = await fileTicket();
    const tech = await buildUser(t.database, { fullName: 'Rosa Elena Quispe Mamani' });
    const ticket = await t.database.db.selectFrom('tickets').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();
    const at = clock() + 60_000;
    await t.database.db
      .insertInto('ticket_events')
      .values([
        { ticket_id: ticket.id, type: 'assigned', from_status: 'registered', to_status: 'in_progress', actor_user_id: tech.id, channel: 'web', note: null, at },
        { ticket_id: ticket.id, type: 'released', from_status: 'in_progress', to_status: 'registered', actor_user_id: tech.id, channel: 'web', note: 'Falta el repuesto interno', at: at + 60_000 },
      ])
      .execute();
    const page = await get(`/t/${code}`);
    const timeline = /<ol class="timeline">(.*?)<\/ol>/s.exec(page.body)?.[1] ?? '';
    expect([...timeline.matchAll(/class="timeline-status">([^<]+)</g)].map((m) => m[1])).toEqual(['Registrado', 'En atención', 'De vuelta en la cola']);
    expect(timeline).toContain('El técnico lo devolvió a la cola; lo atenderá el siguiente técnico disponible.');
    expect(page.body).not.toContain('Falta el repuesto interno');
    const api = (await t.app.inject({ url: `/api/v1/tickets/${code}` })).json() as { timeline: { status: string; returnedToQueue?: boolean }[] };
    expect(api.timeline.map((e) => e.returnedToQueue ?? false)).toEqual([false, false, true]);
  });

  it('shows HTML and <script> in a description as text, escaped', async () => {
    const description = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>negrita</b> & más';
    const { code } = await fileTicket({ description });
    const res = await get(`/t/${code}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>&lt;img src=x onerror=alert(1)> &lt;b>negrita&lt;/b> &amp; más');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>negrita');
  });

  it('answers an unknown code with a 404 page (with the form to try again) and a malformed one with 400', async () => {
    const unknown = await get('/t/TK-ZZZZZZZZ');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ticket no encontrado');
    expect(unknown.body.split('No existe un ticket con ese código.')).toHaveLength(2); // said once
    expect(unknown.body).toMatch(/aria-describedby="code-error code-help"/);
    expect(unknown.body).toMatch(/<div id="code-error" class="alert alert-warning"/);
    expect(unknown.body).toContain('action="/t"');
    const malformed = await get('/t/%3Cb%3Ehola');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('El código de ticket no es válido.');
    expect(malformed.body).not.toContain('<b>hola');
    expect((await get('/t/TK-ZZZZZZZZ/confirmacion')).statusCode).toBe(404);
    const route = await get('/no-existe');
    expect(route.statusCode).toBe(404);
    expect(route.body).toContain('Esta dirección no existe.');
  });

  it('takes a code typed any way on /t and leads to its canonical tracking page', async () => {
    const { code } = await fileTicket();
    const form = await get('/t');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Consultar un ticket');
    expect(form.body).toMatch(/<form[^>]*method="get" action="\/t"/);
    const typed = await get(`/t?code=${encodeURIComponent(` ${code.slice(3).toLowerCase()} `)}`);
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/t/${code}`);
    const lower = await get(`/t/${code.toLowerCase()}?lang=es`);
    expect(lower.statusCode).toBe(301);
    expect(lower.headers.location).toBe(`/t/${code}?lang=es`);
    const bad = await get('/t?code=hola');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="hola"');
  });

  it('lists "Mis tickets" by DNI: masked code (no link into the ticket), category, status and dates', async () => {
    const { code, person } = await fileTicket({ description: 'Texto privado que no debe listarse.' });
    const page = await get('/mis-tickets');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form[^>]*method="post" action="\/mis-tickets"/);
    const res = await post('/mis-tickets', { dni: person.dni });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tickets de Lucía M. T.');
    expect(res.body).toContain(`<td class="font-monospace fw-semibold text-nowrap" data-label="Código">${code.slice(0, 7)}••••</td>`);
    expect(res.body).not.toContain(code);
    expect(res.body).not.toContain(`href="/t/${code.slice(0, 7)}`);
    expect(res.body).toContain('Por su seguridad los códigos se muestran ocultos');
    expect(res.body).toContain('<td data-label="Categoría">Impresoras</td>');
    expect(res.body).toContain('>Registrado</span>');
    expect(res.body).toContain('En la cola: pronto lo tomará un técnico');
    // Who waits for whom: once the technician asks, the list says it is the requester's turn.
    await t.database.db.updateTable('tickets').set({ status: 'waiting' }).where('code', '=', code).execute();
    const waiting = await post('/mis-tickets', { dni: person.dni });
    expect(waiting.body).toContain('Esperando su respuesta');
    await t.database.db.updateTable('tickets').set({ status: 'in_progress' }).where('code', '=', code).execute();
    const working = await post('/mis-tickets', { dni: person.dni });
    expect(working.body).toContain('Lo estamos atendiendo');
    expect(working.body).not.toContain('Esperando su respuesta');
    expect(res.body).toMatch(/<time datetime="[^"]+">\d\d\/03\/2026 \d\d:\d\d<\/time>/);
    expect(res.body).not.toContain('Texto privado');

    const none = await post('/mis-tickets', { dni: (await buildStaff(t.database)).dni });
    expect(none.body).toContain('No tiene tickets registrados.');
    expect((await post('/mis-tickets', { dni: '00000001' })).statusCode).toBe(404);
    const bad = await post('/mis-tickets', { dni: '12' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('El DNI debe tener exactamente 8 dígitos.');
  });

  it('speaks English after the language switch, and keeps it in a cookie', async () => {
    const home = await get('/?lang=en');
    expect(home.body).toContain('<html lang="en">');
    expect(home.body).toContain('Report an IT problem');
    expect(home.body).toContain('href="/?lang=es"');
    const cookie = String(home.headers['set-cookie']);
    expect(cookie).toMatch(/lang=en/);
    const { code } = await fileTicket();
    const tracking = await get(`/t/${code}`, { cookie: 'lang=en' });
    expect(tracking.body).toMatch(/>Registered</);
    expect(tracking.body).toContain('History');
    expect(tracking.body).toMatch(/\d\d\/03\/2026 \d\d:\d\d/);
    const errors = await post('/tickets', { dni: '12', description: 'short' }, { cookie: 'lang=en' });
    expect(errors.body).toContain('Please check the marked fields before sending.');
    expect(errors.body).toContain('exactly 8 digits');
    // A re-rendered form's language link leads back to the form, not to the POST address.
    expect(errors.body).toContain('href="/?lang=es"');
    expect((await get('/tickets?lang=es')).headers.location).toBe('/?lang=es');
  });

  it('renders the components of the home and tracking slots, with their scripts', async () => {
    homeExtras.push({ scripts: ['slot-test.js'], render: ({ page }) => h('section', { id: 'slot-home' }, page.locale) });
    trackingExtras.push({ render: async ({ ticket }) => h('section', { id: 'slot-tracking' }, ticket.code) });
    try {
      const home = await get('/');
      // Last in the slot, after any component another feature installed.
      expect(home.body).toMatch(/<aside class="col-lg-5 order-lg-last home-extras" aria-label="Asistente">.*<section id="slot-home">es<\/section><\/aside>/s);
      expect(home.body).toContain('src="/assets/js/slot-test.js"');
      const { code } = await fileTicket();
      const tracking = await get(`/t/${code}`);
      expect(tracking.body).toMatch(new RegExp(`</ol></section><div class="tracking-extras">.*<section id="slot-tracking">${code}</section></div>`, 's'));
    } finally {
      homeExtras.pop();
      trackingExtras.pop();
    }
  });
});

describeEachDialect('portal pages under the directory lookup limit', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { DIRECTORY_LOOKUPS_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('limits DNI lookups through the form per address, like the API, so the page cannot harvest the directory', async () => {
    const p = await buildStaff(t.database);
    const lookup = () => t.app.inject({ method: 'POST', url: '/tickets', payload: form({ dni: p.dni, action: 'lookup' }), headers: FORM });
    for (let i = 0; i < 3; i++) expect((await lookup()).statusCode).toBe(200);
    const refused = await lookup();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    // The form comes back with the limit and what was typed, never the person's name.
    expect(refused.body).toContain('Se hicieron muchas consultas de DNI desde su red');
    expect(refused.body).toContain(`value="${p.dni}"`);
    expect(refused.body).not.toContain('Juan Carlos');
    // One budget per address for everything that reveals directory data, not one per route.
    const mine = () => t.app.inject({ method: 'POST', url: '/mis-tickets', payload: form({ dni: p.dni }), headers: FORM });
    expect((await mine()).statusCode).toBe(429);
    expect((await t.app.inject({ url: `/api/v1/directory/${p.dni}` })).statusCode).toBe(429);
  });
});
