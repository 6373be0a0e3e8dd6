import { existsSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../test/helpers/app';
import { buildCategory, buildStaff } from '../../../test/helpers/factories';
import { attachmentsDir, filesUnder, multipart, pngImage } from '../../../test/helpers/attachments';
import { purgeOldRecords } from '../../maintenance/purge-old-records';
import { AttachmentStore } from '../attachment-store';

const HOUR = 3_600_000;

describeEachDialect('purging unused attachments', (dialect) => {
  let t: TestApp;
  let dir: string;
  let categoryId: number;
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    dir = attachmentsDir();
    t = await startTestApp(dialect, { clock, env: { ATTACHMENTS_DIR: dir, TICKET_FLOOD_MINUTES: '0' } });
    categoryId = (await buildCategory(t.database)).id;
  });
  afterAll(() => t.close());

  const upload = async (content: Buffer) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', ...(await multipart({}, [{ field: 'file', name: 'f.png', type: 'image/png', content }])) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const shaOf = async (id: string) => (await t.database.db.selectFrom('attachments').select('sha256').where('id', '=', id).executeTakeFirstOrThrow()).sha256;
  const rowExists = async (id: string) => (await t.database.db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  const fileOf = (sha: string) => join(dir, sha.slice(0, 2), sha);

  it('deletes an upload no ticket used within a day, with its file, and keeps used ones and shared bytes', async () => {
    const lonely = await upload(await pngImage(61, 61));
    const used = await upload(await pngImage(62, 62));
    const shared = await pngImage(63, 63);
    const sharedUnused = await upload(shared);
    const p = await buildStaff(t.database);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      ...(await multipart({ dni: p.dni, categoryId, description: 'La impresora no responde desde ayer.', attachmentIds: used }, [
        { field: 'attachments', name: 'same.png', type: 'image/png', content: shared },
      ])),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const [lonelySha, usedSha, sharedSha] = [await shaOf(lonely), await shaOf(used), await shaOf(sharedUnused)];

    clock.advance(23 * HOUR);
    const store = new AttachmentStore(dir);
    expect(await purgeOldRecords({ database: t.database, clock, attachments: store })).toMatchObject({ unusedAttachments: 0 });
    clock.advance(2 * HOUR);
    expect(await purgeOldRecords({ database: t.database, clock, attachments: store })).toMatchObject({ unusedAttachments: 2, finished: true });

    expect(await rowExists(lonely)).toBe(false);
    expect(existsSync(fileOf(lonelySha))).toBe(false);
    expect(await rowExists(sharedUnused)).toBe(false);
    // The ticket's own attachment has the same bytes: the file stays.
    expect(existsSync(fileOf(sharedSha))).toBe(true);
    expect(await rowExists(used)).toBe(true);
    expect(existsSync(fileOf(usedSha))).toBe(true);
    const served = await t.app.inject({ url: `/api/v1/tickets/${filed.json().code}/attachments/${used}` });
    expect(served.statusCode).toBe(200);
  });

  it('sweeps temporary files a crash left in .incoming after an hour', async () => {
    mkdirSync(join(dir, '.incoming'), { recursive: true });
    const old = join(dir, '.incoming', 'left-by-a-crash');
    const fresh = join(dir, '.incoming', 'upload-in-progress');
    writeFileSync(old, 'half a photo');
    writeFileSync(fresh, 'an upload still arriving');
    const twoHoursAgo = (clock() - 2 * HOUR) / 1000;
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    const nowSeconds = clock() / 1000;
    utimesSync(fresh, nowSeconds, nowSeconds);
    await purgeOldRecords({ database: t.database, clock, attachments: new AttachmentStore(dir) });
    expect(filesUnder(dir).filter((f) => f.startsWith('.incoming/'))).toEqual(['.incoming/upload-in-progress']);
  });
});
