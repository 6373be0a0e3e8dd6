import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { LABEL_SHEET } from './labels-pdf';

const run = promisify(execFile);

const DPI = 150;
const px = (points: number) => Math.round((points * DPI) / 72);

/** A binary PGM (what `pdftoppm -gray` writes): its size and one byte per pixel. */
function readPgm(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length) };
}

function cropPgm(image: ReturnType<typeof readPgm>, x: number, y: number, width: number, height: number): Buffer {
  const rows: Buffer[] = [Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1')];
  for (let r = y; r < y + height; r++) rows.push(image.pixels.subarray(r * image.width + x, r * image.width + x + width));
  return Buffer.concat(rows);
}

/**
 * What a phone's camera reads on each sticker of the sheets: each page is rasterised once as a
 * printer would (poppler's pdftoppm), cut into its 3 × 8 labels, and each label is read on its
 * own with zbar (`zbarimg`, Debian's zbar-tools) — which also proves that each QR lies inside
 * its own 70 × 37 mm sticker. '' for a label position with nothing readable.
 */
async function decodeLabels(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'itims-labels-'));
  try {
    const file = join(dir, 'labels.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-r', String(DPI), '-gray', file, join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
    const decoded: string[] = [];
    for (const page of pages) {
      const image = readPgm(await readFile(join(dir, page)));
      for (let slot = 0; slot < LABEL_SHEET.columns * LABEL_SHEET.rows; slot++) {
        const x = px(LABEL_SHEET.left + (slot % LABEL_SHEET.columns) * LABEL_SHEET.width);
        const y = px(LABEL_SHEET.top + Math.floor(slot / LABEL_SHEET.columns) * LABEL_SHEET.height);
        const tile = join(dir, `${page}-${slot}.pgm`);
        await writeFile(tile, cropPgm(image, x, y, Math.min(px(LABEL_SHEET.width), image.width - x), Math.min(px(LABEL_SHEET.height), image.height - y)));
        // zbarimg exits 4 when it finds no symbol.
        const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', tile]).catch(() => ({ stdout: '' }));
        decoded.push(stdout.trim());
      }
    }
    return decoded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describeEachDialect('QR labels of an office', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
  });
  afterAll(() => t.close());

  const register = (code: string, officeId: number, extra: object = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/assets', headers: admin.headers, payload: { code, description: `Computadora ${code}`, officeId, ...extra } });

  it("prints a QR per active asset of the office that a scanner reads as the asset's filing link, 24 to an A4 sheet", async () => {
    const office = await buildOffice(t.database, { name: 'Abastecimiento' });
    const other = await buildOffice(t.database);
    const codes = Array.from({ length: 26 }, (_, i) => `7408995${String(i).padStart(5, '0')}`);
    for (const code of codes) expect((await register(code, office.id)).statusCode).toBe(201);
    await register('740899599999', office.id, { active: false });
    await register('740899588888', other.id);

    const res = await t.app.inject({ url: `/api/v1/admin/assets/labels.pdf?office=${office.id}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('.pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 in points, both pages.
    expect(pdf.toString('latin1').match(/\/MediaBox \[0 0 595\.28 841\.89\]/g)).toHaveLength(2);

    // Sticker by sticker, in code order: 24 on the first sheet, 2 on the second, the rest blank.
    const expected = codes.map((c) => `http://itims.test/a/${c}`);
    expect(await decodeLabels(pdf)).toEqual([...expected, ...Array<string>(48 - expected.length).fill('')]);
  });

  it('refuses an unknown office with 422, and is for admins only', async () => {
    const res = await t.app.inject({ url: '/api/v1/admin/assets/labels.pdf?office=99999999', headers: admin.headers });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toHaveProperty('office');
    expect((await t.app.inject({ url: '/api/v1/admin/assets/labels.pdf?office=1' })).statusCode).toBe(401);
  });
});
