import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { buildTicket, buildUser } from '../../test/helpers/factories';
import { attachmentsDir, filesUnder, multipart, pdfDocument, pngImage } from '../../test/helpers/attachments';

describeEachDialect('attachments on notes', (dialect) => {
  let t: TestApp;
  let dir: string;
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    dir = attachmentsDir();
    t = await startTestApp(dialect, { env: { ATTACHMENTS_DIR: dir } });
    asRosa = await loginAs(t, await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' }));
  });
  afterAll(() => t.close());

  const note = async (code: string, fields: Record<string, string | string[]>, files: { name: string; type: string; content: Buffer }[], headers: Record<string, string>) => {
    const body = await multipart(
      fields,
      files.map((f) => ({ field: 'attachments', ...f })),
    );
    return t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/notes`, payload: body.payload, headers: { ...headers, ...body.headers } });
  };

  it('adds a note with a photo and a PDF, listed on its work-log entry and served to staff only', async () => {
    const ticket = await buildTicket(t.database);
    const res = await note(
      ticket.code,
      { text: 'Adjunto la captura del error del driver.' },
      [
        { name: 'driver.png', type: 'image/png', content: await pngImage(70, 50) },
        { name: 'manual.pdf', type: 'application/pdf', content: pdfDocument() },
      ],
      asRosa.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json().workLog.find((e: { type: string }) => e.type === 'note');
    expect(entry.attachments.map((a: { name: string }) => a.name)).toEqual(['driver.png', 'manual.pdf']);
    // A note's files are not the ticket's own files, and the public never sees them.
    expect(res.json().attachments).toEqual([]);
    const tracked = await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` });
    expect(tracked.json().attachments).toEqual([]);
    expect(tracked.body).not.toContain('driver.png');
    const anonymous = await t.app.inject({ url: entry.attachments[0].url });
    expect(anonymous.statusCode).toBe(404);
    const staff = await t.app.inject({ url: entry.attachments[0].url, headers: { cookie: asRosa.cookie } });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['content-type']).toBe('image/png');
  });

  it('takes attachmentIds in a JSON note', async () => {
    const ticket = await buildTicket(t.database);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', ...(await multipart({}, [{ field: 'file', name: 'x.png', type: 'image/png', content: await pngImage(71, 51) }])) });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.code}/notes`,
      headers: asRosa.headers,
      payload: { text: 'Foto enviada por el usuario por WhatsApp.', attachmentIds: [up.json().id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().workLog.at(-1).attachments).toEqual([{ ...up.json(), url: `/api/v1/tickets/${ticket.code}/attachments/${up.json().id}` }]);
  });

  it('refuses a wrong file on a note with 415 and writes no note and no file', async () => {
    const ticket = await buildTicket(t.database);
    const files = filesUnder(dir);
    const res = await note(
      ticket.code,
      { text: 'Con un archivo que no corresponde.' },
      [{ name: 'x.exe', type: 'application/octet-stream', content: Buffer.from('MZ\x90\x00binario') }],
      asRosa.headers,
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('ATTACHMENT_TYPE');
    const view = await t.app.inject({ url: `/api/v1/staff/tickets/${ticket.code}`, headers: { cookie: asRosa.cookie } });
    expect(view.json().workLog.filter((e: { type: string }) => e.type === 'note')).toEqual([]);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('answers 401 to an anonymous multipart note before reading its files, and 403 without the CSRF token', async () => {
    const ticket = await buildTicket(t.database);
    const files = filesUnder(dir);
    const anonymous = await note(ticket.code, { text: 'Sin sesión.' }, [{ name: 'a.png', type: 'image/png', content: await pngImage(72, 52) }], {});
    expect(anonymous.statusCode).toBe(401);
    const noCsrf = await note(ticket.code, { text: 'Sin token.' }, [{ name: 'a.png', type: 'image/png', content: await pngImage(72, 52) }], { cookie: asRosa.cookie });
    expect(noCsrf.statusCode).toBe(403);
    const csrfField = await note(ticket.code, { text: 'Con el token en el formulario.', _csrf: asRosa.csrfToken }, [{ name: 'a.png', type: 'image/png', content: await pngImage(72, 52) }], {
      cookie: asRosa.cookie,
    });
    expect(csrfField.statusCode, csrfField.body).toBe(201);
    expect(filesUnder(dir).length).toBe(files.length + 1);
  });
});
