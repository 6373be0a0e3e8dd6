import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { buildTicket, buildUser } from '../../test/helpers/factories';
import { attachmentsDir, filesUnder, multipart, pdfDocument, photoWithGps, pngImage } from '../../test/helpers/attachments';
import { countRows } from '../../test/helpers/databases';

describeEachDialect('attachments in the conversation', (dialect) => {
  let t: TestApp;
  let dir: string;
  let rosa: { id: number; username: string; password: string };
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    dir = attachmentsDir();
    t = await startTestApp(dialect, { env: { ATTACHMENTS_DIR: dir } });
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    asRosa = await loginAs(t, rosa);
  });
  afterAll(() => t.close());

  const form = async (url: string, fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[], headers: Record<string, string> = {}) => {
    const body = await multipart(
      fields,
      files.map((f) => ({ field: 'attachments', ...f })),
    );
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...headers, ...body.headers } });
  };
  const messageCount = () => countRows(t.database.db, 'ticket_messages');

  it('sends a staff reply with a photo (waiting for the answer) that the requester sees and downloads by the code', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const res = await form(
      `/api/v1/tickets/${ticket.code}/replies`,
      { text: '¿Le aparece este mensaje? Vea la foto.', awaitReply: 'true' },
      [{ name: 'ejemplo.jpg', type: 'image/jpeg', content: await photoWithGps(900, 600) }],
      asRosa.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('waiting');
    const [item] = res.json().conversation;
    expect(item.attachments).toHaveLength(1);
    expect(item.attachments[0]).toMatchObject({ name: 'ejemplo.jpg', type: 'image/jpeg' });
    const tracked = await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` });
    expect(tracked.json().conversation[0].attachments).toEqual(item.attachments);
    const file = await t.app.inject({ url: item.attachments[0].url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
  });

  it('takes the requester’s answer with a PDF by the ticket code, and the technician sees it', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const res = await form(`/api/v1/tickets/${ticket.code}/messages`, { text: 'Adjunto el informe que me pidió.' }, [{ name: 'informe.pdf', type: 'application/pdf', content: pdfDocument() }]);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json().conversation.at(-1);
    expect(answer.from).toBe('requester');
    expect(answer.attachments).toMatchObject([{ name: 'informe.pdf', type: 'application/pdf' }]);
    const staff = await t.app.inject({ url: `/api/v1/staff/tickets/${ticket.code}`, headers: { cookie: asRosa.cookie } });
    expect(staff.json().conversation.at(-1).attachments).toEqual(answer.attachments);
  });

  it('takes attachmentIds in a JSON answer', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      ...(await multipart({}, [{ field: 'file', name: 'captura.png', type: 'image/png', content: await pngImage(81, 41) }])),
    });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/messages`, payload: { text: 'Aquí la captura.', attachmentIds: [up.json().id] } });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      res
        .json()
        .conversation.at(-1)
        .attachments.map((a: { id: string }) => a.id),
    ).toEqual([up.json().id]);
  });

  it('refuses a wrong file on a reply or an answer, writing no message, no status change and no file', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosa.id });
    const [messages, files] = [await messageCount(), filesUnder(dir)];
    const exe = [{ name: 'x.exe', type: 'application/octet-stream', content: Buffer.from('MZ\x90\x00no es un documento') }];
    const reply = await form(`/api/v1/tickets/${ticket.code}/replies`, { text: 'Con un archivo raro.', awaitReply: 'true' }, exe, asRosa.headers);
    expect(reply.statusCode).toBe(415);
    const answer = await form(`/api/v1/tickets/${ticket.code}/messages`, { text: 'Con un archivo raro.' }, exe);
    expect(answer.statusCode).toBe(415);
    const four = await form(
      `/api/v1/tickets/${ticket.code}/messages`,
      { text: 'Cuatro fotos.' },
      [1, 2, 3, 4].map((n) => ({ name: `${n}.png`, type: 'image/png', content: exe[0]!.content })),
    );
    expect(four.statusCode).toBe(422);
    expect(await messageCount()).toBe(messages);
    expect(filesUnder(dir)).toEqual(files);
    const view = await t.app.inject({ url: `/api/v1/tickets/${ticket.code}` });
    expect(view.json().status).toBe('in_progress');
  });
});
