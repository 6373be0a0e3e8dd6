import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { localYear } from '../core/local-time';

const FIRST = ['Juan', 'María', 'Rosa', 'Luis', 'Ana', 'Carlos', 'Elena', 'Jorge'];
const LAST = ['Quispe', 'Mamani', 'Huamán', 'Flores', 'Torres', 'Rojas', 'Pérez', 'Vega'];
const OFFICES = ['Logística', 'Contabilidad', 'Recursos Humanos', 'Informática', 'Archivo Central'];

/** A directory file of `n` people with DNIs from `base`. */
function directoryCsv(n: number, base: number, separator = ','): string[] {
  const lines = [['dni', 'nombres', 'apellidos', 'oficina', 'telefono'].join(separator)];
  for (let i = 0; i < n; i++) {
    lines.push([String(base + i).padStart(8, '0'), FIRST[i % 8], `${LAST[i % 7]} ${LAST[(i + 3) % 8]}`, OFFICES[i % 5], i % 3 === 0 ? '' : `9${String(10_000_000 + i).slice(-8)}`].join(separator));
  }
  return lines;
}

describeEachDialect('staff CSV import', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  const year = localYear(Date.now(), 'America/Lima');

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    await buildOffice(t.database, { name: 'Logística' });
  });
  afterAll(() => t.close());

  const importCsv = (body: string, headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/staff/import', payload: body, headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });

  it('imports 1,000 rows with 10 bad lines: 990 in, 10 reported with line and reason; the same file again changes nothing', async () => {
    const lines = directoryCsv(1000, 40_000_000);
    // Ten deliberately bad lines (index i holds file line i + 1).
    const bad: [number, string, RegExp][] = [
      [11, '4000001;x', /DNI inválido: debe tener 8 dígitos/],
      [101, '1234567,Juan,Quispe Rojas,Logística,', /se perdió un cero inicial/],
      [201, '40000200,,Quispe Rojas,Logística,', /^Falta el nombre$/],
      [301, '40000300,Juan,,Logística,', /^Faltan los apellidos$/],
      [401, '40000400,Juan,Quispe Rojas,,', /^Falta la oficina$/],
      [501, '40000500,Juan,Quispe Rojas,Logística,12ab', /^Teléfono inválido/],
      [601, '40000020,Juan,Quispe Rojas,Logística,', /^DNI repetido \(ya aparece en la línea 22\)$/],
      [701, 'ABCDEFGH,Juan,Quispe Rojas,Logística,', /DNI inválido/],
      [801, `40000800,Juan,${'X'.repeat(130)},Logística,`, /Los apellidos son demasiado largos/],
      [901, ',,,,', /DNI inválido.*; Falta el nombre; Faltan los apellidos; Falta la oficina/],
    ];
    for (const [index, text] of bad) lines[index] = text;
    const csv = lines.join('\n');

    const first = await importCsv(csv);
    expect(first.statusCode).toBe(200);
    const report = first.json();
    expect(report.created).toBe(990);
    expect(report.updated).toBe(0);
    expect(report.year).toBe(year);
    expect(report.rejected).toHaveLength(10);
    for (const [[index, , reason], rejected] of bad.map((b, i) => [b, report.rejected[i]] as const)) {
      expect(rejected.line).toBe(index + 1);
      expect(rejected.reason).toMatch(reason);
    }
    // "Logística" existed; the other four offices are new, top level and active.
    expect([...report.officesCreated].sort()).toEqual(['Archivo Central', 'Contabilidad', 'Informática', 'Recursos Humanos']);
    const staffCount = await t.database.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dni', '>=', '40000000')
      .where('dni', '<', '40001000')
      .executeTakeFirstOrThrow();
    expect(Number(staffCount.n)).toBe(990);

    const lookup = await t.app.inject({ url: '/api/v1/directory/40000001' });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json().office.name).toBe('Contabilidad');

    const again = await importCsv(csv);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 990, officesCreated: [] });
    expect(again.json().rejected).toHaveLength(10);
  });

  it('updates changed people, moves offices, keeps a phone the file leaves empty, and reactivates', async () => {
    const original = directoryCsv(3, 41_000_000);
    expect((await importCsv(original.join('\n'))).json().created).toBe(3);
    await t.database.db.updateTable('staff').set({ active: 0 }).where('dni', '=', '41000002').execute();
    const phoneBefore = (await t.database.db.selectFrom('staff').select('phone').where('dni', '=', '41000001').executeTakeFirstOrThrow()).phone;
    expect(phoneBefore).not.toBeNull();
    const changed = [original[0]!, '41000000,Juan Alberto,Quispe Flores,Logística,', '41000001,María,Mamani Rojas,Informática,', original[3]!].join('\n');
    const res = (await importCsv(changed)).json();
    expect(res).toMatchObject({ created: 0, updated: 3, unchanged: 0 });
    const people = await t.database.db
      .selectFrom('staff')
      .innerJoin('staff_offices', 'staff_offices.staff_id', 'staff.id')
      .innerJoin('offices', 'offices.id', 'staff_offices.office_id')
      .select(['staff.dni', 'staff.first_name', 'staff.phone', 'staff.active', 'offices.name'])
      .where('staff.dni', 'in', ['41000000', '41000001', '41000002'])
      .where('staff_offices.year', '=', year)
      .orderBy('staff.dni')
      .execute();
    expect(people[0]).toMatchObject({ first_name: 'Juan Alberto' });
    expect(people[1]).toMatchObject({ name: 'Informática', phone: phoneBefore });
    expect(Number(people[2]!.active)).toBe(1);
  });

  it('reads Excel-style files: BOM, semicolons, English or accented headers in any order, a year column', async () => {
    const csv = '\uFEFFOffice;Last_Name;First_Name;DNI;Phone;Year\r\nInformática;Rojas Vega;Elena;42000000;+51 987 111 222;2031\r\n\r\n';
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, rejected: [] });
    const row = await t.database.db
      .selectFrom('staff')
      .innerJoin('staff_offices', 'staff_offices.staff_id', 'staff.id')
      .select(['staff.phone', 'staff_offices.year'])
      .where('staff.dni', '=', '42000000')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ phone: '+51987111222', year: 2031 });
    const accented = await importCsv('DNI,Nombres,Apellidos,Oficina,Teléfono,Año\n42000001,Luis,Flores,Informática,,\n');
    expect(accented.json()).toMatchObject({ created: 1, rejected: [] });
  });

  it('reads an e-mail column (correo), rejects a malformed address with its line, and keeps the stored e-mail when the cell is empty', async () => {
    const csv = 'dni,nombres,apellidos,oficina,correo\n43000001,Ana,Torres,Informática,Ana.Torres@Region.gob.pe\n43000002,Jorge,Vega,Informática,no es un correo\n';
    const res = await importCsv(csv);
    expect(res.json()).toMatchObject({ created: 1, rejected: [{ line: 3 }] });
    const email = async () => (await t.database.db.selectFrom('staff').select('email').where('dni', '=', '43000001').executeTakeFirstOrThrow()).email;
    expect(await email()).toBe('ana.torres@region.gob.pe');
    const again = await importCsv('dni,nombres,apellidos,oficina,email\n43000001,Ana,Torres,Informática,\n');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, rejected: [] });
    expect(await email()).toBe('ana.torres@region.gob.pe');
    const changed = await importCsv('dni,nombres,apellidos,oficina,email\n43000001,Ana,Torres,Informática,atorres@region.gob.pe\n');
    expect(changed.json()).toMatchObject({ created: 0, updated: 1 });
    expect(await email()).toBe('atorres@region.gob.pe');
  });

  it('refuses a file without the required columns, naming them', async () => {
    const res = await importCsv('dni,nombre\n12345678,Juan\n');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CSV_HEADER_INVALID');
    expect(res.json().error.message).toMatch(/apellidos, oficina/);
    expect((await importCsv('')).statusCode).toBe(422);
  });

  it('answers in English when asked', async () => {
    const res = await importCsv('dni,first_name,last_name,office\n123,Ann,Smith,IT\n', { ...admin.headers, 'accept-language': 'en' });
    expect(res.json().rejected).toEqual([{ line: 2, reason: 'Invalid DNI: it must have 8 digits' }]);
  });

  it('accepts only text/csv, and only from admins with the CSRF token', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/admin/staff/import', payload: { csv: 'x' }, headers: admin.headers });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('CSV_EXPECTED');
    const noCsrf = await importCsv('dni,nombres,apellidos,oficina\n', { cookie: admin.cookie });
    expect(noCsrf.statusCode).toBe(403);
    const tech = await loginAs(t, await buildUser(t.database));
    expect((await importCsv('dni,nombres,apellidos,oficina\n', tech.headers)).statusCode).toBe(403);
    expect((await importCsv('dni,nombres,apellidos,oficina\n', {})).statusCode).toBe(401);
  });
});
