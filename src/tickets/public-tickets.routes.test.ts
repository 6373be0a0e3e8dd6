import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../../test/helpers/factories';

describeEachDialect('public ticket API', (dialect) => {
  let t: TestApp;
  let categoryId: number;
  let inactiveCategoryId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    inactiveCategoryId = (await buildCategory(t.database, { name: 'Antigua', active: false })).id;
  });
  afterAll(() => t.close());

  const file = (body: unknown, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: body as object, headers });

  async function person() {
    return buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe' });
  }

  it('files a ticket and tracks it by code, showing no DNI or phone', async () => {
    const p = await person();
    const res = await file({ dni: p.dni, categoryId, description: 'La impresora del segundo piso no imprime.', contactPhone: '987 654 321' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toMatch(/^TK-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(body.status).toBe('registered');
    expect(body.trackingUrl).toBe(`http://itims.test/t/${body.code}`);
    expect(Number.isNaN(Date.parse(body.createdAt))).toBe(false);

    const track = await t.app.inject({ url: `/api/v1/tickets/${body.code}` });
    expect(track.statusCode).toBe(200);
    const ticket = track.json();
    expect(ticket).toMatchObject({ code: body.code, status: 'registered', category: 'Impresoras', assignee: null });
    expect(ticket.queuePosition).toBeGreaterThanOrEqual(1);
    expect(ticket.timeline).toEqual([{ status: 'registered', at: body.createdAt }]);
    expect(track.body).not.toContain(p.dni);
    expect(track.body).not.toContain('987');

    // Forgiving code entry: lower case, no prefix.
    const lower = await t.app.inject({ url: `/api/v1/tickets/${body.code.slice(3).toLowerCase()}` });
    expect(lower.statusCode).toBe(200);
  });

  it('writes the notification job in the same transaction as the ticket', async () => {
    const p = await person();
    const res = await file({ dni: p.dni, categoryId, description: 'El correo institucional no sincroniza.' });
    const { code } = res.json();
    const ticket = await t.database.db.selectFrom('tickets').select(['id']).where('code', '=', code).executeTakeFirstOrThrow();
    const jobs = await t.database.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', `ticket.created:${ticket.id}`).execute();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ ticketId: ticket.id });
  });

  it.each([
    ['7 digits', '1234567'],
    ['9 digits', '123456789'],
    ['letters', '1234567A'],
    ['spaces', '1234 5678'],
  ])('refuses a DNI of %s with a 400 in Spanish', async (_label, dni) => {
    const res = await t.app.inject({ url: `/api/v1/directory/${encodeURIComponent(dni)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DNI_MALFORMED');
    expect(res.json().error.message).toMatch(/8 dígitos/);
    const filing = await file({ dni, categoryId, description: 'Una descripción suficientemente larga.' });
    expect(filing.statusCode).toBe(400);
  });

  it('looks a person up by DNI showing first names and surname initials only', async () => {
    const office = await buildOffice(t.database, { name: 'Subgerencia de Presupuesto' });
    const p = await buildStaff(t.database, { firstName: 'JUAN CARLOS', lastName: 'Pérez Rojas', officeId: office.id, phone: '987654321' });
    const res = await t.app.inject({ url: `/api/v1/directory/${p.dni}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dni: p.dni, displayName: 'Juan Carlos P. R.', office: { id: office.id, name: 'Subgerencia de Presupuesto' } });
    expect(res.body).not.toContain('Pérez');
    expect(res.body).not.toContain('987654321');
  });

  it('answers 404 for an unknown DNI and 403 for a person without an office this year', async () => {
    const unknown = await t.app.inject({ url: '/api/v1/directory/00000001' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('DNI_UNKNOWN');
    const lastYear = await buildStaff(t.database, { year: 2001 });
    const res = await t.app.inject({ url: `/api/v1/directory/${lastYear.dni}` });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NO_ACTIVE_OFFICE');
    const inactiveOffice = await buildOffice(t.database, { active: false });
    const moved = await buildStaff(t.database, { officeId: inactiveOffice.id });
    expect((await t.app.inject({ url: `/api/v1/directory/${moved.dni}` })).statusCode).toBe(403);
    const filing = await file({ dni: lastYear.dni, categoryId, description: 'No tengo oficina este año.' });
    expect(filing.statusCode).toBe(403);
    const unknownFiling = await file({ dni: '00000001', categoryId, description: 'DNI que no existe en el directorio.' });
    expect(unknownFiling.statusCode).toBe(404);
  });

  it('refuses a missing, unknown or inactive category with 422 naming the field', async () => {
    const p = await person();
    const missing = await file({ dni: p.dni, description: 'Falta la categoría en esta solicitud.' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.fields).toHaveProperty('categoryId');
    expect(missing.json().error.fields.categoryId).toMatch(/obligatorio/);
    for (const id of [999999, inactiveCategoryId]) {
      const res = await file({ dni: p.dni, categoryId: id, description: 'Categoría que no corresponde.' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CATEGORY_INVALID');
      expect(res.json().error.fields).toHaveProperty('categoryId');
    }
  });

  it('refuses descriptions under 10 or over 4,000 characters, and unknown fields', async () => {
    const p = await person();
    for (const description of ['corta', ' '.repeat(12) + 'corta', 'x'.repeat(4001)]) {
      const res = await file({ dni: p.dni, categoryId, description });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toHaveProperty('description');
    }
    const extra = await file({ dni: p.dni, categoryId, description: 'Descripción válida del problema.', priority: 'alta' });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().error.fields).toHaveProperty('priority');
    const count = await t.database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('staff_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('answers a non-JSON body with 400 and a 1 MB body with 413', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: '{"dni": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_JSON');
    expect(bad.json().error.message).toMatch(/JSON/);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: JSON.stringify({ dni: '12345678', categoryId, description: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: 'hola', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
  });

  it('makes one ticket when the same Idempotency-Key is sent five times', async () => {
    const p = await person();
    const body = { dni: p.dni, categoryId, description: 'Sin conexión a internet en la oficina.' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => file(body, { 'idempotency-key': `key-${p.dni}` })));
    for (const a of answers) expect(a.statusCode).toBe(201);
    const codes = new Set(answers.map((a) => a.json().code));
    expect(codes.size).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const n = await t.database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('staff_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const reused = await file({ ...body, description: 'Otra descripción distinta del problema.' }, { 'idempotency-key': `key-${p.dni}` });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 429 to a second ticket from the same person within 5 minutes', async () => {
    const p = await person();
    const first = await file({ dni: p.dni, categoryId, description: 'Primer problema de la mañana.' });
    expect(first.statusCode).toBe(201);
    const second = await file({ dni: p.dni, categoryId, description: 'Segundo problema casi enseguida.' });
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('TOO_MANY_TICKETS');
    expect(second.json().error.message).toMatch(/5 minutos/);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lists a person’s tickets by DNI with a masked code, category, status and dates only', async () => {
    const p = await person();
    const created = (await file({ dni: p.dni, categoryId, description: 'Mi monitor parpadea todo el día.', contactPhone: '987111222' })).json();
    const res = await t.app.inject({ url: `/api/v1/directory/${p.dni}/tickets` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ code: `${created.code.slice(0, 7)}••••`, category: 'Impresoras', status: 'registered', createdAt: created.createdAt, updatedAt: created.createdAt }]);
    expect(res.body).not.toContain('monitor');
    expect(res.body).not.toContain(created.code);
  });

  it('never returns a full code by DNI, and refuses a masked code clearly where a ticket is opened', async () => {
    const p = await person();
    const codes: string[] = [(await file({ dni: p.dni, categoryId, description: 'El escáner no digitaliza.' })).json().code];
    const listed = await t.app.inject({ url: `/api/v1/directory/${p.dni}/tickets` });
    expect(listed.statusCode).toBe(200);
    const rows = listed.json() as { code: string }[];
    expect(rows).toHaveLength(1);
    for (const row of rows) expect(row.code).toMatch(/^TK-[0-9A-HJKMNP-TV-Z]{4}••••$/);
    for (const code of codes) expect(listed.body).not.toContain(code.slice(3));
    // What a person copies from the list: the API and the tracking pages say why it does not open the ticket.
    for (const masked of [rows[0]!.code, rows[0]!.code.replace(/•/g, '*'), `${rows[0]!.code.slice(0, 7)}...`]) {
      const api = await t.app.inject({ url: `/api/v1/tickets/${encodeURIComponent(masked)}` });
      expect(api.statusCode, masked).toBe(400);
      expect(api.json().error.code).toBe('TICKET_CODE_MASKED');
      expect(api.json().error.message).toMatch(/oculto.*código completo/);
      const page = await t.app.inject({ url: `/t?code=${encodeURIComponent(masked)}` });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('Ese código está oculto');
      const direct = await t.app.inject({ url: `/t/${encodeURIComponent(masked)}` });
      expect(direct.statusCode).toBe(400);
      expect(direct.body).toContain('Ese código está oculto');
    }
    // The full code still opens it.
    expect((await t.app.inject({ url: `/api/v1/tickets/${codes[0]}` })).statusCode).toBe(200);
  });

  it('answers 400 for a malformed code and 404 for an unknown one', async () => {
    const bad = await t.app.inject({ url: '/api/v1/tickets/%3Cscript%3E' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TICKET_CODE_MALFORMED');
    const unknown = await t.app.inject({ url: '/api/v1/tickets/TK-ZZZZZZZZ' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/No existe/);
  });

  it('speaks English when asked', async () => {
    const res = await t.app.inject({ url: '/api/v1/directory/123', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.json().error.message).toMatch(/8 digits/);
  });
});

describe('health and categories', () => {
  describeEachDialect('health', (dialect) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    it('reports ok while the database answers', async () => {
      const res = await t.app.inject({ url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    });

    it('lists active categories with "Otros" last', async () => {
      await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
      await buildCategory(t.database, { name: 'Hardware', sortOrder: 1 });
      await buildCategory(t.database, { name: 'Software', sortOrder: 2 });
      await buildCategory(t.database, { name: 'Retirada', sortOrder: 3, active: false });
      const res = await t.app.inject({ url: '/api/v1/categories' });
      expect(res.json().map((c: { name: string }) => c.name)).toEqual(['Hardware', 'Software', 'Otros']);
    });
  });
});
