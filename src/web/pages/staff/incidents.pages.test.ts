/**
 * The staff incident pages without JavaScript (issue 19), on every database: the queue's
 * "Posible incidente … — Declarar" box, the declare form prefilled from it and posted as a plain
 * form, the list and the detail page, unlinking, linking, resolving with a note, and the 409/422
 * refusals re-rendered in Spanish with what was typed kept.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../../../test/helpers/auth';
import { buildCategory, buildOffice, buildTicket, buildUser } from '../../../../test/helpers/factories';

/** A Lima wall-clock time (UTC−5) as an instant. */
const lima = (local: string) => Date.parse(`${local}-05:00`);
const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describeEachDialect('major incidents (staff pages)', (dialect) => {
  let t: TestApp;
  const clock = manualClock(lima('2026-12-02T10:00:00'));
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    asRosa = await loginAs(t, await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' }));
  });
  afterAll(() => t.close());

  const page = (url: string) => t.app.inject({ url, headers: { cookie: asRosa.cookie, accept: 'text/html' } });
  const form = (url: string, fields: [string, string][]) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: asRosa.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', asRosa.csrfToken], ...fields]).toString(),
    });

  it('shows a suggestion on the queue, declares it from the prefilled form, unlinks, links and resolves', async () => {
    const internet = await buildCategory(t.database, { name: 'Internet y red' });
    const central = await buildOffice(t.database, { name: 'Sede Central' });
    const tickets = [];
    for (const at of ['09:40', '09:44', '09:51', '09:58']) tickets.push(await buildTicket(t.database, { categoryId: internet.id, officeId: central.id, at: lima(`2026-12-02T${at}:00`) }));
    const codes = tickets.map((x) => x.code);

    const queue = await page('/staff/queue');
    expect(queue.statusCode).toBe(200);
    expect(decode(queue.body)).toContain('Posible incidente: 4 tickets de Internet y red en Sede Central desde las 9:40');
    expect(queue.body).toContain(`href="/staff/incidents/new?category=${internet.id}"`);
    // The staff navigation leads to the incidents.
    expect(queue.body).toContain('href="/staff/incidents"');

    const prefilled = decode((await page(`/staff/incidents/new?category=${internet.id}`)).body);
    expect(prefilled).toContain('value="Falla de Internet y red en Sede Central"');
    expect(prefilled).toMatch(/Sabemos que hay un problema con Internet y red en Sede Central/);
    expect(prefilled).toContain(`<option value="${internet.id}" selected`);
    expect(prefilled).toMatch(new RegExp(`id="office-${central.id}"[^>]*checked|checked[^>]*id="office-${central.id}"`));
    for (const code of codes) expect(prefilled).toContain(code);

    const declared = await form('/staff/incidents', [
      ['title', 'Caída de internet en Sede Central'],
      ['publicMessage', 'El enlace de Sede Central está caído; ya lo estamos atendiendo.'],
      ['categoryId', String(internet.id)],
      ['officeIds', String(central.id)],
      ['ticketCodes', codes.join('\n')],
    ]);
    expect(declared.statusCode, declared.body).toBe(303);
    const detailUrl = declared.headers.location as string;
    expect(detailUrl).toMatch(/^\/staff\/incidents\/\d+\?done=declared$/);
    const id = Number(detailUrl.split('/')[3]!.split('?')[0]);

    let detail = decode((await page(detailUrl)).body);
    expect(detail).toContain('Incidente declarado: sus tickets salieron de la cola.');
    for (const code of codes) expect(detail).toContain(`data-code="${code}"`);
    // Children leave the queue, and so does the suggestion.
    const after = decode((await page('/staff/queue')).body);
    expect(after).not.toContain('Posible incidente: 4 tickets de Internet y red');
    for (const code of codes) expect(after).not.toContain(`data-code="${code}"`);

    // The list shows it, open, with its tickets.
    const list = decode((await page('/staff/incidents')).body);
    expect(list).toContain(`href="/staff/incidents/${id}">Caída de internet en Sede Central</a>`);

    const unlinked = await form(`/staff/incidents/${id}/unlink`, [['code', codes[1]!]]);
    expect([unlinked.statusCode, unlinked.headers.location]).toEqual([303, `/staff/incidents/${id}?done=unlinked`]);
    expect(decode((await page('/staff/queue')).body)).toContain(`data-code="${codes[1]}"`);

    // Linking an unknown code: 422, the message names it, what was typed stays.
    const badLink = await form(`/staff/incidents/${id}/tickets`, [['codes', `${codes[1]}\nTK-ZZZZZZZZ`]]);
    expect(badLink.statusCode).toBe(422);
    detail = decode(badLink.body);
    expect(detail).toContain('No existe el ticket TK-ZZZZZZZZ.');
    expect(detail).toMatch(new RegExp(`<textarea[^>]*id="codes"[^>]*>\\s*${codes[1]}\\nTK-ZZZZZZZZ`));
    const linked = await form(`/staff/incidents/${id}/tickets`, [['codes', codes[1]!]]);
    expect([linked.statusCode, linked.headers.location]).toEqual([303, `/staff/incidents/${id}?done=linked`]);

    // "Publicar novedad": an empty one is refused in Spanish on the form; a posted one is listed with
    // its author, shown on a child's tracking page, and queued once for the followers (outbox job).
    detail = decode((await page(`/staff/incidents/${id}`)).body);
    expect(detail).toContain(`action="/staff/incidents/${id}/updates"`);
    expect(detail).toContain('Aún no se publicó ninguna novedad.');
    const blank = await form(`/staff/incidents/${id}/updates`, [['message', '  ']]);
    expect(blank.statusCode).toBe(422);
    expect(decode(blank.body)).toMatch(/id="message-error">\s*Este campo es obligatorio\./);
    const news = 'El proveedor cambió el equipo; el servicio vuelve hacia las 11:30.';
    const posted = await form(`/staff/incidents/${id}/updates`, [['message', news]]);
    expect([posted.statusCode, posted.headers.location]).toEqual([303, `/staff/incidents/${id}?done=updated`]);
    detail = decode((await page(`/staff/incidents/${id}?done=updated`)).body);
    expect(detail).toContain('Novedad publicada: llegará a los seguidores de sus tickets abiertos.');
    const listed = detail.slice(detail.indexOf('class="list-unstyled incident-updates"'));
    expect(listed).toContain(news);
    expect(listed).toContain('Rosa Quispe Mamani');
    expect(decode((await t.app.inject({ url: `/t/${codes[0]}`, headers: { accept: 'text/html' } })).body)).toContain(news);
    const jobs = await t.database.db.selectFrom('jobs').select('payload').where('type', '=', 'incident.news').execute();
    expect(jobs.filter((j) => String(j.payload).includes('"updateId"'))).toHaveLength(1);

    // Resolving with an empty note: 422 in Spanish.
    const empty = await form(`/staff/incidents/${id}/resolve`, [['note', '   ']]);
    expect(empty.statusCode).toBe(422);
    expect(decode(empty.body)).toMatch(/nota/i);
    const resolved = await form(`/staff/incidents/${id}/resolve`, [['note', 'Se restableció el enlace con el proveedor.']]);
    expect([resolved.statusCode, resolved.headers.location]).toEqual([303, `/staff/incidents/${id}?done=resolved`]);
    detail = decode((await page(`/staff/incidents/${id}?done=resolved`)).body);
    expect(detail).toContain('Incidente resuelto: sus tickets se resolvieron con la nota.');
    expect(detail).toContain('Se restableció el enlace con el proveedor.');
    for (const code of codes) {
      const row = detail.slice(detail.indexOf(`data-code="${code}"`), detail.indexOf('</tr>', detail.indexOf(`data-code="${code}"`)));
      expect(row).toContain('Resuelto');
    }

    // Resolving twice: 409 in Spanish, the typed note kept.
    const twice = await form(`/staff/incidents/${id}/resolve`, [['note', 'Otra nota escrita a mano']]);
    expect(twice.statusCode).toBe(409);
    const again = decode(twice.body);
    expect(again).toContain('Este incidente ya está resuelto');
    expect(again).toContain('Otra nota escrita a mano');
    // A resolved incident takes no more updates: no form, and a late post is 409 in Spanish.
    expect(again).not.toContain(`action="/staff/incidents/${id}/updates"`);
    const late = await form(`/staff/incidents/${id}/updates`, [['message', 'Una novedad tardía']]);
    expect(late.statusCode).toBe(409);
    expect(decode(late.body)).toContain('Este incidente ya está resuelto');
  });

  it('re-renders the declare form with the refusal and every typed value', async () => {
    const office = await buildOffice(t.database, { name: 'Agencia Norte' });
    const res = await form('/staff/incidents', [
      ['title', 'SIAF sin respuesta'],
      ['publicMessage', 'El SIAF no responde.'],
      ['categoryId', ''],
      ['officeIds', String(office.id)],
      ['ticketCodes', 'TK-ZZZZZZZY'],
    ]);
    expect(res.statusCode).toBe(422);
    const body = decode(res.body);
    expect(body).toContain('No existe el ticket TK-ZZZZZZZY.');
    expect(body).toContain('value="SIAF sin respuesta"');
    expect(body).toContain('El SIAF no responde.</textarea>');
    expect(body).toMatch(new RegExp(`id="office-${office.id}"[^>]*checked|checked[^>]*id="office-${office.id}"`));

    const noTitle = await form('/staff/incidents', [
      ['title', ' '],
      ['publicMessage', 'Mensaje escrito'],
    ]);
    expect(noTitle.statusCode).toBe(422);
    expect(decode(noTitle.body)).toContain('Este campo es obligatorio.');
    expect(decode(noTitle.body)).toContain('Mensaje escrito</textarea>');

    expect((await page('/staff/incidents/999999')).statusCode).toBe(404);
    const english = await page('/staff/incidents?lang=en');
    expect(english.body).toContain('Major incidents');
  });
});
