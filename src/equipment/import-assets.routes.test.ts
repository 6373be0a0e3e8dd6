import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('equipment inventory CSV import', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  let officeName: string;
  let custodianDni: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    // An accent in the office name: the Windows-1252 and UTF-16 files must still find it.
    officeName = `Oficina de Informática ${dialect}`;
    const office = await buildOffice(t.database, { name: officeName, code: `OTI-${dialect}` });
    custodianDni = (await buildStaff(t.database, { officeId: office.id })).dni;
  });
  afterAll(() => t.close());

  const upload = (body: string | Buffer, contentType = 'text/csv') =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/assets/import', payload: body, headers: { ...admin.headers, 'content-type': contentType } });
  const asset = async (code: string) => (await t.app.inject({ url: `/api/v1/admin/assets/${code}`, headers: admin.headers })).json();

  it('imports an inventory export and reports it like the staff import; the same file again changes nothing', async () => {
    const csv = [
      'Código Patrimonial;Descripción;Marca;Modelo;Serie;Oficina;DNI Responsable',
      `7408-9950-0101;Computadora personal;Lenovo;ThinkCentre M70;PC0101;${officeName};${custodianDni}`,
      `740899500102;Impresora láser;HP;LaserJet M404;;${officeName.toUpperCase()};`,
      `740899500103;Monitor;;;;OTI-${dialect};`,
    ].join('\r\n');
    const first = await upload(csv);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await asset('740899500101')).toMatchObject({ description: 'Computadora personal', brand: 'Lenovo', serial: 'PC0101', officeName, custodianDni });
    // Empty cells are no value; the office is found by name in any case, or by its code.
    expect(await asset('740899500102')).toMatchObject({ serial: null, custodianDni: null, officeName });
    expect(await asset('740899500103')).toMatchObject({ brand: null, officeName });

    expect((await upload(csv)).json()).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: [] });

    const changed = csv.replace('Impresora láser', 'Impresora láser a color');
    expect((await upload(changed)).json()).toEqual({ created: 0, updated: 1, unchanged: 2, rejected: [] });
  });

  it('rejects, with their line numbers, a repeated code, an unknown office, a custodian not in the directory and bad codes', async () => {
    const csv = [
      'codigo_patrimonial,descripcion,oficina,dni_responsable',
      `740899500201,Escáner,${officeName},`,
      `7408 9950 0201,Escáner duplicado,${officeName},`,
      `740899500202,Laptop,Oficina que no existe,`,
      `740899500203,Laptop,${officeName},11112222`,
      `7.40899E+11,Proyector,${officeName},`,
      `PC-7,Proyector,${officeName},`,
      `740899500204,,${officeName},1234567`,
      `740899500205,"Switch, 24 puertos",${officeName},${custodianDni}`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(200);
    const report = res.json() as { created: number; rejected: { line: number; reason: string }[] };
    expect(report.created).toBe(2);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const reason = (line: number) => report.rejected.find((r) => r.line === line)!.reason;
    expect(reason(3)).toMatch(/repetido.*línea 2/);
    expect(reason(4)).toMatch(/Oficina que no existe/);
    expect(reason(5)).toMatch(/11112222.*directorio/);
    expect(reason(6)).toMatch(/notación científica/);
    expect(reason(7)).toMatch(/inválido/);
    // Every reason of a line, joined.
    expect(reason(8)).toMatch(/descripción.*;.*cero inicial/s);
    expect(await asset('740899500205')).toMatchObject({ description: 'Switch, 24 puertos', custodianDni });
    // The repeated code kept its first line.
    expect(await asset('740899500201')).toMatchObject({ description: 'Escáner' });
    expect((await t.app.inject({ url: '/api/v1/admin/assets/740899500202', headers: admin.headers })).statusCode).toBe(404);
  });

  it("reads Excel's Windows-1252 and UTF-16 exports with their accents", async () => {
    const rows = ['codigo_patrimonial;descripcion;oficina', `740899500301;Cámara de vigilancia;${officeName}`].join('\r\n');
    const latin = await upload(Buffer.from(rows, 'latin1'));
    expect(latin.json()).toMatchObject({ created: 1, rejected: [] });
    expect(await asset('740899500301')).toMatchObject({ description: 'Cámara de vigilancia', officeName });
    const tabbed = ['codigo_patrimonial\tdescripcion\toficina', `740899500302\tTeléfono IP\t${officeName}`].join('\r\n');
    const utf16 = await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]));
    expect(utf16.json()).toMatchObject({ created: 1, rejected: [] });
    expect(await asset('740899500302')).toMatchObject({ description: 'Teléfono IP' });
  });

  it('keeps what a column the file lacks says, and reactivates an asset the inventory lists again', async () => {
    await upload([`codigo_patrimonial;descripcion;marca;oficina;dni_responsable`, `740899500401;Router;MikroTik;${officeName};${custodianDni}`].join('\n'));
    await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/assets/740899500401', payload: { active: false }, headers: admin.headers });
    const res = await upload([`codigo_patrimonial;descripcion;oficina`, `740899500401;Router;${officeName}`].join('\n'));
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    expect(await asset('740899500401')).toMatchObject({ brand: 'MikroTik', custodianDni, active: true });
  });

  it('refuses a file without the needed columns, a broken quote, and a body that is not CSV, writing nothing', async () => {
    const header = await upload('codigo;marca\n740899500501;HP');
    expect(header.statusCode).toBe(422);
    expect(header.json().error).toMatchObject({ code: 'CSV_HEADER_INVALID' });
    expect(header.json().error.message).toMatch(/descripcion, oficina/);
    const quote = await upload(`codigo_patrimonial;descripcion;oficina\n740899500502;"Laptop;${officeName}`);
    expect(quote.statusCode).toBe(422);
    expect(quote.json().error.code).toBe('CSV_MALFORMED');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/admin/assets/import', payload: { csv: 'x' }, headers: admin.headers });
    expect(json.statusCode).toBe(415);
    expect((await t.app.inject({ url: '/api/v1/admin/assets/740899500501', headers: admin.headers })).statusCode).toBe(404);
  });
});
