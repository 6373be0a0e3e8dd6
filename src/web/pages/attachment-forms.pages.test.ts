/**
 * The pages' file fields without JavaScript: the portal's ticket form, the staff reply and note,
 * and the tracking page's answer post their files as plain multipart. Files survive a form that
 * comes back for another reason; a refused file or a limit is a Spanish 4xx page and leaves no
 * ticket, message or file behind.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../../test/helpers/auth';
import { buildCategory, buildStaff, buildTicket, buildUser } from '../../../test/helpers/factories';
import { attachmentsDir, filesUnder, multipart, pdfDocument, photoWithGps, pngImage, type FilePart } from '../../../test/helpers/attachments';
import { countRows } from '../../../test/helpers/databases';

describeEachDialect('file fields of the page forms without JavaScript', (dialect) => {
  let t: TestApp;
  let dir: string;
  let printers: number;
  let rosa: { id: number; username: string; password: string };
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    dir = attachmentsDir();
    // 1 MB per file, so "too big" needs no 10 MB body.
    t = await startTestApp(dialect, { env: { ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_MB: '1' } });
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    printers = (await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 })).id;
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    asRosa = await loginAs(t, rosa);
  });
  afterAll(() => t.close());

  const files = (field = 'attachments') => ({
    png: async (name = 'captura.png'): Promise<FilePart> => ({ field, name, type: 'image/png', content: await pngImage(120, 80) }),
    pdf: (name = 'informe.pdf'): FilePart => ({ field, name, type: 'application/pdf', content: pdfDocument() }),
    exe: (name = 'programa.exe'): FilePart => ({ field, name, type: 'application/octet-stream', content: Buffer.from('MZ\x90\x00no es un documento') }),
  });
  const post = async (url: string, fields: Record<string, string | string[]>, parts: FilePart[], headers: Record<string, string> = {}) => {
    const body = await multipart(fields, parts);
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { accept: 'text/html', ...headers, ...body.headers } });
  };
  const staffHeaders = () => ({ cookie: asRosa.cookie, 'x-csrf-token': asRosa.csrfToken });
  const keptIds = (html: string) => [...html.matchAll(/name="attachmentIds" value="([^"]+)"/g)].map((m) => m[1] as string);
  const count = (table: 'tickets' | 'ticket_messages' | 'attachments') => countRows(t.database.db, table);
  const ticketAttachments = async (code: string) =>
    t.database.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .select(['attachments.name', 'attachments.mime as type'])
      .where('tickets.code', '=', code)
      .orderBy('attachments.position')
      .execute();

  it('portal: a form refused for a missing description keeps its files, and the second post files the ticket with them', async () => {
    const p = await buildStaff(t.database, { firstName: 'Lucía', lastName: 'Mamani Torres' });
    const fields = { dni: p.dni, categoryId: String(printers), idempotencyKey: `kept-${p.dni}`, action: 'submit' };
    const f = files();
    const first = await post('/tickets', { ...fields, description: '' }, [await f.png(), f.pdf()]);
    expect(first.statusCode).toBe(422);
    expect(first.body).toContain('Ya adjuntos (se enviarán con el formulario):');
    expect(first.body).toContain('captura.png');
    expect(first.body).toContain('informe.pdf');
    const ids = keptIds(first.body);
    expect(ids).toHaveLength(2);
    // Room for one more file only (3 in all).
    expect(first.body).toContain('data-max-files="1"');
    expect(await count('tickets')).toBe(0);

    const second = await post('/tickets', { ...fields, description: 'La impresora atasca cada hoja.', attachmentIds: ids }, []);
    expect(second.statusCode, second.body).toBe(303);
    const code = /\/t\/(TK-[0-9A-Z]{8})\/confirmacion$/.exec(second.headers.location as string)?.[1] as string;
    expect(await ticketAttachments(code)).toEqual([
      { name: 'captura.png', type: 'image/png' },
      { name: 'informe.pdf', type: 'application/pdf' },
    ]);
    const tracking = await t.app.inject({ url: `/t/${code}` });
    expect(tracking.body).toContain('captura.png');
    expect(tracking.body).toMatch(new RegExp(`/api/v1/tickets/${code}/attachments/`));
  });

  it('portal: a wrong type is a Spanish 415 at the file field, what was typed stays, nothing is filed or stored', async () => {
    const p = await buildStaff(t.database, { firstName: 'Pedro', lastName: 'Salas Ríos' });
    const before = { tickets: await count('tickets'), files: filesUnder(dir) };
    const res = await post('/tickets', { dni: p.dni, categoryId: String(printers), description: 'El monitor parpadea.', idempotencyKey: `exe-${p.dni}`, action: 'submit' }, [files().exe()]);
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('Ese tipo de archivo no se admite. Adjunte una foto (JPEG, PNG, WebP o HEIC) o un documento PDF.');
    expect(res.body).toContain('El monitor parpadea.</textarea>');
    expect(res.body).toMatch(/type="file"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*type="file"/);
    expect(await count('tickets')).toBe(before.tickets);
    expect(filesUnder(dir)).toEqual(before.files);
  });

  it('portal: four files (422) and a file over ATTACHMENT_MAX_MB (413) are refused with clear Spanish pages', async () => {
    const p = await buildStaff(t.database, { firstName: 'Ana', lastName: 'Flores Paz' });
    const fields = { dni: p.dni, categoryId: String(printers), description: 'Sin red.', idempotencyKey: `lim-${p.dni}`, action: 'submit' };
    const before = { tickets: await count('tickets'), files: filesUnder(dir) };
    const f = files();
    const four = await post('/tickets', fields, [await f.png('1.png'), await f.png('2.png'), await f.png('3.png'), await f.png('4.png')]);
    expect(four.statusCode).toBe(422);
    expect(four.headers['content-type']).toMatch(/^text\/html/);
    expect(four.body).toContain('Puede adjuntar como máximo 3 archivos.');
    const big = await post('/tickets', fields, [{ field: 'attachments', name: 'foto.jpg', type: 'image/jpeg', content: await photoWithGps(1400, 1000, 100) }]);
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/^text\/html/);
    expect(big.body).toContain('El archivo pesa más de 1 MB.');
    expect(await count('tickets')).toBe(before.tickets);
    expect(filesUnder(dir)).toEqual(before.files);
  });

  it('staff reply: an empty text comes back (422) with the photo kept, then the reply goes out with it', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const url = `/staff/tickets/${ticket.code}/replies`;
    const first = await post(url, { _csrf: asRosa.csrfToken, text: '', awaitReply: '1' }, [await files().png('ejemplo.png')], staffHeaders());
    expect(first.statusCode).toBe(422);
    expect(first.body).toContain('Ya adjuntos (se enviarán con el formulario):');
    expect(first.body).toContain('ejemplo.png');
    const ids = keptIds(first.body);
    expect(ids).toHaveLength(1);
    const messages = await count('ticket_messages');

    const sent = await post(url, { _csrf: asRosa.csrfToken, text: '¿Ve este mensaje en su pantalla?', awaitReply: '1', attachmentIds: ids }, [], staffHeaders());
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/staff/tickets/${ticket.code}?done=replyWaiting#conversacion`]);
    expect(await count('ticket_messages')).toBe(messages + 1);
    expect(await ticketAttachments(ticket.code)).toEqual([{ name: 'ejemplo.png', type: 'image/png' }]);
    const tracking = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(tracking.body).toContain('¿Ve este mensaje en su pantalla?');
    expect(tracking.body).toContain('ejemplo.png');
  });

  it('staff reply and note: a wrong type is a Spanish 415 on the ticket page, with no message, status change or file', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const before = { messages: await count('ticket_messages'), files: filesUnder(dir) };
    const reply = await post(`/staff/tickets/${ticket.code}/replies`, { _csrf: asRosa.csrfToken, text: 'Vea el adjunto.', awaitReply: '1' }, [files().exe()], staffHeaders());
    expect(reply.statusCode).toBe(415);
    expect(reply.body).toContain('Solo se admiten fotos JPEG, PNG, WebP o HEIC y documentos PDF');
    expect(reply.body).toContain('Vea el adjunto.</textarea>');
    const note = await post(`/staff/tickets/${ticket.code}/notes`, { _csrf: asRosa.csrfToken, text: 'Nota con archivo raro.' }, [files().exe()], staffHeaders());
    expect(note.statusCode).toBe(415);
    expect(note.body).toContain('Nota con archivo raro.</textarea>');
    expect(await count('ticket_messages')).toBe(before.messages);
    expect(filesUnder(dir)).toEqual(before.files);
    const row = await t.database.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('in_progress');
  });

  it('staff note: takes a PDF without JavaScript and lists it in the work log', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const res = await post(`/staff/tickets/${ticket.code}/notes`, { _csrf: asRosa.csrfToken, text: 'Adjunto el acta de entrega.' }, [files().pdf('acta.pdf')], staffHeaders());
    expect([res.statusCode, res.headers.location]).toEqual([303, `/staff/tickets/${ticket.code}?done=note#worklog`]);
    const page = await t.app.inject({ url: `/staff/tickets/${ticket.code}`, headers: { cookie: asRosa.cookie } });
    expect(page.body).toContain('acta.pdf');
    // A note is internal: the tracking page does not show its file.
    const tracking = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(tracking.body).not.toContain('acta.pdf');
  });

  it('tracking page: the requester answers with a photo without JavaScript; a wrong type is said in Spanish and stores nothing', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    await t.database.db.updateTable('tickets').set({ status: 'waiting' }).where('id', '=', ticket.id).execute();
    const url = `/t/${ticket.code}/mensaje`;
    const before = { messages: await count('ticket_messages'), files: filesUnder(dir) };
    const refused = await post(url, { text: 'Aquí la foto.' }, [files().exe('foto.exe')]);
    // The tracking page again (no redirect): the reason, beside the file field too, and the text as typed.
    expect([refused.statusCode, refused.headers.location]).toEqual([415, undefined]);
    expect(refused.body).toContain('Ese tipo de archivo no se admite.');
    expect(refused.body).toMatch(/<textarea[^>]*id="answer-text"[^>]*>Aquí la foto\.<\/textarea>/);
    expect(refused.body).toContain('invalid-feedback');
    expect(await count('ticket_messages')).toBe(before.messages);
    expect(filesUnder(dir)).toEqual(before.files);
    expect((await t.database.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('waiting');

    const sent = await post(url, { text: 'Aquí la foto de la pantalla.' }, [await files().png('pantalla.png')]);
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/t/${ticket.code}?conversacion=enviado#conversacion`]);
    expect(await ticketAttachments(ticket.code)).toEqual([{ name: 'pantalla.png', type: 'image/png' }]);
    const after = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(after.body).toContain('Aquí la foto de la pantalla.');
    expect(after.body).toContain('pantalla.png');
    expect((await t.database.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('in_progress');
  });

  it('tracking page: a refused answer keeps its photo — named on the page without JavaScript — and the next try sends it', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const url = `/t/${ticket.code}/mensaje`;
    const messages = await count('ticket_messages');
    const refused = await post(url, { text: '   ' }, [await files().png('error-en-pantalla.png')]);
    expect([refused.statusCode, refused.headers.location]).toEqual([422, undefined]);
    expect(refused.body).toMatch(/class="small mb-1 attachment-kept">[^<]*error-en-pantalla\.png/);
    const ids = keptIds(refused.body);
    expect(ids).toHaveLength(1);
    expect(await count('ticket_messages')).toBe(messages);
    expect(await ticketAttachments(ticket.code)).toEqual([]);

    const sent = await post(url, { text: 'Este es el error.', attachmentIds: ids }, []);
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/t/${ticket.code}?conversacion=enviado#conversacion`]);
    expect(await ticketAttachments(ticket.code)).toEqual([{ name: 'error-en-pantalla.png', type: 'image/png' }]);
  });

  it('tracking page: four files are a Spanish 422 page', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const f = files();
    const res = await post(`/t/${ticket.code}/mensaje`, { text: 'Cuatro.' }, [await f.png('1.png'), await f.png('2.png'), await f.png('3.png'), await f.png('4.png')]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Puede adjuntar como máximo 3 archivos.');
  });
});
