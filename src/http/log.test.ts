import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, testConfig } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildCategory, buildOffice, buildStaff } from '../../test/helpers/factories';
import { buildApp, type App } from './app';
import { createContext } from '../core/context';
import { maskUrl } from './log';

describe('maskUrl', () => {
  it('masks runs of six or more digits and keeps the rest of the URL', () => {
    expect(maskUrl('/api/v1/directory/12345678/tickets')).toBe('/api/v1/directory/********/tickets');
    expect(maskUrl('/t/TK-7F3K9Q2M?lang=es')).toBe('/t/TK-7F3K9Q2M?lang=es');
    expect(maskUrl('/x?phone=987654321&page=2')).toBe('/x?phone=*********&page=2');
  });
});

describeEachDialect('what the logs keep', (dialect) => {
  let database: TestDatabase;
  let app: App;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const ctx = createContext(testConfig(), database);
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    // The most verbose level: nothing private may appear even there.
    app = await buildApp(ctx, { logLevel: 'trace', logStream });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('never contains a DNI, a phone number, a name or a description, even at trace level (API, portal forms, assistant)', async () => {
    const category = await buildCategory(database, { name: 'Impresoras' });
    const office = await buildOffice(database, { name: 'Oficina de Tesorería' });
    const person = await buildStaff(database, { dni: '47125836', firstName: 'Nilda', lastName: 'Ccahuana Pari', phone: '945123678', officeId: office.id });
    const lastYear = await buildStaff(database, { dni: '46321598', year: 2001 });
    const description = 'La impresora Kyocera del tesorero imprime hojas en blanco';
    const phoneAsTyped = '987 654 321';

    const requests = [
      app.inject({ url: `/api/v1/directory/${person.dni}` }),
      app.inject({ url: `/api/v1/directory/${lastYear.dni}` }),
      app.inject({ url: '/api/v1/directory/41234567' }),
      app.inject({ url: '/api/v1/directory/4123456' }),
      app.inject({ url: `/api/v1/directory/${person.dni}/tickets` }),
      app.inject({ url: `/api/v1/nowhere/${person.dni}?telefono=945123678` }),
    ];
    for (const r of await Promise.all(requests)) expect(r.statusCode).toBeGreaterThanOrEqual(200);

    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'idempotency-key': `clave-${person.dni}` },
      payload: { dni: person.dni, categoryId: category.id, description, contactPhone: phoneAsTyped },
    });
    expect(filed.statusCode).toBe(201);
    const flood = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: `${description} otra vez` } });
    expect(flood.statusCode).toBe(429);
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni: lastYear.dni, categoryId: category.id, description, contactPhone: 'llamar al 945123678', extra: person.dni },
    });
    expect(invalid.statusCode).toBe(422);
    const noOffice = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: lastYear.dni, categoryId: category.id, description } });
    expect(noOffice.statusCode).toBe(403);
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: `{"dni":"${person.dni}","description":"${description}"`, headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    const tracked = await app.inject({ url: `/api/v1/tickets/${filed.json().code}` });
    expect(tracked.statusCode).toBe(200);

    // The same data through the no-JavaScript portal forms and the assistant.
    const form = (url: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const colleague = await buildStaff(database, { dni: '48765123', firstName: 'Hilda', lastName: 'Ccori Soncco', phone: '961234578', officeId: office.id });
    expect((await form('/tickets', { dni: colleague.dni, action: 'lookup' })).statusCode).toBe(200);
    const portal = await form('/tickets', { dni: colleague.dni, categoryId: String(category.id), description: `${description} del segundo piso`, contactPhone: '961234578' });
    expect(portal.statusCode).toBe(303);
    expect((await form('/mis-tickets', { dni: person.dni })).statusCode).toBe(200);
    const chat = await app.inject({
      method: 'POST',
      url: '/api/v1/chat',
      payload: { messages: [{ role: 'user', content: `Soy ${person.dni}, mi celular es 945123678: ${description}` }] },
    });
    expect(chat.statusCode).toBeLessThan(500);

    // The logs are there (one line per request at least), as JSON, with masked URLs...
    expect(lines.length).toBeGreaterThanOrEqual(12);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((l) => l.includes('/api/v1/directory/********'))).toBe(true);
    // ...and none of the private data.
    const all = lines.join('\n');
    const secrets = [
      person.dni,
      lastYear.dni,
      colleague.dni,
      '41234567',
      '4123456',
      '945123678',
      '987654321',
      '961234578',
      phoneAsTyped,
      'Kyocera',
      'tesorero',
      'Ccahuana',
      'Nilda',
      'Hilda',
      'Soncco',
    ];
    for (const secret of secrets) {
      expect(all, secret).not.toContain(secret);
    }
  });
});

describe('request logs and the start banner', () => {
  async function logsOfOneRequest(nodeEnv: string, logLevel: string): Promise<string[]> {
    const database = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp(createContext(testConfig({ nodeEnv }), database), { logLevel, logStream });
    try {
      await app.ready();
      lines.length = 0;
      expect((await app.inject({ url: '/api/v1/directory/41234567' })).statusCode).toBe(404);
      return lines.map((l) => JSON.parse(l) as { level: number; msg: string }).map((l) => `${l.level} ${l.msg}`);
    } finally {
      await app.close();
      await database.drop();
    }
  }

  it('logs requests at info only in production, so the start banner stays on screen elsewhere', async () => {
    expect(await logsOfOneRequest('production', 'info')).toEqual(['30 incoming request', '30 request completed']);
    expect(await logsOfOneRequest('development', 'info')).toEqual([]);
  });

  it('logs one compact, masked line per request at debug outside production', async () => {
    const lines = await logsOfOneRequest('development', 'debug');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^20 GET \/api\/v1\/directory\/\*{8} 404 \d+ ms$/);
  });
});
