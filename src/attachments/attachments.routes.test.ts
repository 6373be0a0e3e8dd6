import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildStaff } from '../../test/helpers/factories';
import { attachmentsDir, filesUnder, multipart, pdfDocument, photoWithGps, pngImage } from '../../test/helpers/attachments';
import { canDecodeHeic } from './prepare-file';
import { countRows } from '../../test/helpers/databases';

const HEIC_SAMPLE_FILE = Buffer.from(
  // 16×16 grey HEIC (HEVC) made with ImageMagick: `convert -size 16x16 xc:gray tiny.heic`.
  'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAaptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAABAAAANGlsb2MAAAAAREAAAgABAAAAAAHOAAEAAAAAAAAAHgACAAAAAAHsAAEAAAAAAAAAHgAAADhpaW5mAAAAAAACAAAAFWluZmUCAAAAAAEAAGh2YzEAAAAAFWluZmUCAAABAAIAAGh2YzEAAAAAGmlyZWYAAAAAAAAADnRodW1iAAIAAQABAAABDWlwcnAAAADtaXBjbwAAAHZodmNDAQNwAAAAAAAAAAAAHvAA/P34+AAADwMgAAEAGEABDAH//wNwAAADAJAAAAMAAAMAHroCQCEAAQAqQgEBA3AAAAMAkAAAAwAAAwAeoCCBBZbqrprm4CGgwIAAAAMAgAAAAwCEIgABAAZEAcFzwYkAAAAUaXNwZQAAAAAAAAAQAAAAEAAAAChjbGFwAAAAAQAAAAEAAAABAAAAAf/AAAAAgAAA/8AAAACAAAAAAAAJaXJvdAAAAAAQcGl4aQAAAAADCAgIAAAAFGlzcGUAAAAAAAAAAQAAAAEAAAAaaXBtYQAAAAAAAAACAAEDgQIDAAIDhAIDAAAARG1kYXQAAAAaKAGvE0ipR2bB/jDsrNPPbXl7AAKiRVUaMAAAABooAa8TU0yRQ9rhZRnNLnD1Kp8jNH4VVFpBAA==',
  'base64',
);

describeEachDialect('attachments API', (dialect) => {
  let t: TestApp;
  let dir: string;
  let categoryId: number;

  beforeAll(async () => {
    dir = attachmentsDir();
    t = await startTestApp(dialect, { env: { ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_MB: '2', TICKET_FLOOD_MINUTES: '0' } });
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
  });
  afterAll(() => t.close());

  const ticketCount = () => countRows(t.database.db, 'tickets');
  const storedPath = (sha: string) => join(dir, sha.slice(0, 2), sha);
  const shaOf = async (id: string) => (await t.database.db.selectFrom('attachments').select('sha256').where('id', '=', id).executeTakeFirstOrThrow()).sha256;

  async function fileWith(files: { name: string; type: string; content: Buffer }[], extra: Record<string, string> = {}) {
    const p = await buildStaff(t.database);
    const body = await multipart(
      { dni: p.dni, categoryId, description: 'La impresora muestra un error en pantalla.', ...extra },
      files.map((f) => ({ field: 'attachments', ...f })),
    );
    return t.app.inject({ method: 'POST', url: '/api/v1/tickets', ...body });
  }

  async function upload(name: string, type: string, content: Buffer) {
    const body = await multipart({}, [{ field: 'file', name, type, content }]);
    return t.app.inject({ method: 'POST', url: '/api/v1/attachments', ...body });
  }

  it('stores an uploaded photo re-encoded, at most 1600 px, with no EXIF or GPS left', async () => {
    const photo = await photoWithGps(3000, 2000);
    const before = await sharp(photo).metadata();
    expect(before.exif?.toString('latin1')).toContain('TestPhone');
    const res = await upload('IMG_0001.jpg', 'image/jpeg', photo);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: 'IMG_0001.jpg', type: 'image/jpeg', size: expect.any(Number) });
    const stored = readFileSync(storedPath(await shaOf(body.id)));
    expect(stored.length).toBe(body.size);
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(1600);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(stored.toString('latin1')).not.toContain('TestPhone');
    expect(stored.toString('latin1')).not.toContain('GPS');
  });

  it('files a ticket with a photo and a PDF in one multipart form and serves each to the code holder', async () => {
    const pdf = pdfDocument();
    const res = await fileWith([
      { name: 'pantalla.jpg', type: 'image/jpeg', content: await photoWithGps(800, 600) },
      { name: 'informe técnico.pdf', type: 'application/pdf', content: pdf },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { code, attachments } = res.json();
    expect(attachments).toHaveLength(2);
    expect(attachments[0]).toMatchObject({ name: 'pantalla.jpg', type: 'image/jpeg', url: `/api/v1/tickets/${code}/attachments/${attachments[0].id}` });
    expect(attachments[1]).toMatchObject({ name: 'informe técnico.pdf', type: 'application/pdf', size: pdf.length });

    const image = await t.app.inject({ url: attachments[0].url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(image.headers['content-security-policy']).toContain("default-src 'none'");
    expect(image.headers['content-disposition']).toBe('inline; filename="pantalla.jpg"; filename*=UTF-8\'\'pantalla.jpg');
    expect((await sharp(image.rawPayload).metadata()).width).toBe(800);

    const doc = await t.app.inject({ url: attachments[1].url });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.headers['content-disposition']).toBe(`attachment; filename="informe tecnico.pdf"; filename*=UTF-8''${encodeURIComponent('informe técnico.pdf')}`);
    expect(Buffer.compare(doc.rawPayload, pdf)).toBe(0);

    const tracked = await t.app.inject({ url: `/api/v1/tickets/${code}` });
    expect(tracked.json().attachments).toEqual(attachments);
  });

  it('files a JSON ticket with attachmentIds from POST /attachments, and an id cannot be used twice', async () => {
    const up = (await upload('captura.png', 'image/png', await pngImage())).json();
    expect(up.type).toBe('image/png');
    const p = await buildStaff(t.database);
    const json = { dni: p.dni, categoryId, description: 'El sistema de trámite muestra un error.', attachmentIds: [up.id] };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: json });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachments).toEqual([{ ...up, url: `/api/v1/tickets/${res.json().code}/attachments/${up.id}` }]);

    const tickets = await ticketCount();
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { ...json, dni: (await buildStaff(t.database)).dni } });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('ATTACHMENT_UNKNOWN');
    expect(again.json().error.fields.attachmentIds).toBeDefined();
    expect(await ticketCount()).toBe(tickets);
  });

  it('answers 404 for an attachment id of another ticket', async () => {
    const a = (await fileWith([{ name: 'a.png', type: 'image/png', content: await pngImage() }])).json();
    const b = (await fileWith([{ name: 'b.png', type: 'image/png', content: await pngImage(20, 20) }])).json();
    const res = await t.app.inject({ url: `/api/v1/tickets/${b.code}/attachments/${a.attachments[0].id}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ATTACHMENT_NOT_FOUND');
    expect(res.json().error.message).toMatch(/adjunto/);
    const unknown = await t.app.inject({ url: `/api/v1/tickets/TK-00000000/attachments/${a.attachments[0].id}` });
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ['a text file named .jpg', 'foto.jpg', 'image/jpeg', Buffer.from('esto no es una imagen, es texto plano '.repeat(20))],
    ['a GIF', 'anim.gif', 'image/gif', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')],
    ['an HTML page', 'x.pdf', 'application/pdf', Buffer.from('<!doctype html><script>alert(1)</script>')],
  ])('refuses %s with 415 ATTACHMENT_TYPE, leaving no ticket and no file', async (_label, name, type, content) => {
    const [tickets, files] = [await ticketCount(), filesUnder(dir)];
    const res = await fileWith([{ name, type, content }]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('ATTACHMENT_TYPE');
    expect(res.json().error.message).toMatch(/JPEG, PNG, WebP o HEIC/);
    expect(await ticketCount()).toBe(tickets);
    expect(filesUnder(dir)).toEqual(files);
    const alone = await upload(name, type, content);
    expect(alone.statusCode).toBe(415);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('refuses a file over ATTACHMENT_MAX_MB with 413, leaving no ticket and no file', async () => {
    const [tickets, files] = [await ticketCount(), filesUnder(dir)];
    const big = Buffer.concat([pdfDocument(), Buffer.alloc(2 * 1024 * 1024 + 10, 32)]);
    const res = await fileWith([{ name: 'grande.pdf', type: 'application/pdf', content: big }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(res.json().error.message).toMatch(/2 MB/);
    expect(await ticketCount()).toBe(tickets);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('refuses more than three files with 422, leaving no ticket and no file', async () => {
    const [tickets, files] = [await ticketCount(), filesUnder(dir)];
    const png = await pngImage(12, 12);
    const res = await fileWith([1, 2, 3, 4].map((n) => ({ name: `f${n}.png`, type: 'image/png', content: png })));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ATTACHMENTS_TOO_MANY');
    expect(await ticketCount()).toBe(tickets);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('refuses a truncated photo with 422 ATTACHMENT_CORRUPT, and keeps no earlier file of the form', async () => {
    const [tickets, files] = [await ticketCount(), filesUnder(dir)];
    const photo = await photoWithGps(600, 400);
    const res = await fileWith([
      { name: 'buena.png', type: 'image/png', content: await pngImage(33, 33) },
      { name: 'rota.jpg', type: 'image/jpeg', content: photo.subarray(0, Math.floor(photo.length / 2)) },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ATTACHMENT_CORRUPT');
    expect(await ticketCount()).toBe(tickets);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('keeps no file when the ticket itself is refused (unknown DNI)', async () => {
    const files = filesUnder(dir);
    const body = await multipart({ dni: '00000001', categoryId, description: 'Descripción suficientemente larga.' }, [
      { field: 'attachments', name: 'x.png', type: 'image/png', content: await pngImage(50, 51) },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', ...body });
    expect(res.statusCode).toBe(404);
    expect(filesUnder(dir)).toEqual(files);
  });

  it('reads HEIC only where sharp can decode it, and otherwise says to send JPEG (415)', async () => {
    const res = await upload('IMG_0002.HEIC', 'image/heic', HEIC_SAMPLE_FILE);
    if (await canDecodeHeic()) {
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ type: 'image/jpeg', name: 'IMG_0002.jpg' });
    } else {
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('ATTACHMENT_TYPE');
      expect(res.json().error.fields.file).toMatch(/HEIC.*JPEG/);
    }
  });

  it('refuses multipart on a route that takes no files (415) and a multipart POST /attachments without a file (422)', async () => {
    const body = await multipart({ text: 'hola' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/chat', ...body });
    expect(res.statusCode).toBe(415);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', ...body });
    expect(empty.statusCode).toBe(422);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('leaves no file, temporary or stored, when the client goes away halfway through an upload', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const [files, rows] = [filesUnder(dir), await t.database.db.selectFrom('attachments').select('id').execute()];
    const photo = await photoWithGps(1200, 900);
    const { payload, headers } = await multipart({}, [{ field: 'file', name: 'lenta.jpg', type: 'image/jpeg', content: photo }]);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /api/v1/attachments HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${headers['content-type']}\r\nContent-Length: ${payload.length}\r\n\r\n`);
    socket.write(payload.subarray(0, Math.floor(payload.length / 2)));
    // Wait until the server has started writing the temporary file, then drop the connection.
    for (let i = 0; i < 100 && !filesUnder(dir).some((f) => f.startsWith('.incoming/') && !files.includes(f)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(filesUnder(dir).some((f) => f.startsWith('.incoming/') && !files.includes(f))).toBe(true);
    socket.destroy();
    for (let i = 0; i < 100 && filesUnder(dir).length !== files.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(filesUnder(dir)).toEqual(files);
    expect(await t.database.db.selectFrom('attachments').select('id').execute()).toHaveLength(rows.length);
  });
});
