/**
 * ITIMS behind a real nginx (Debian's package) with deploy/nginx/itims.conf as shipped, TLS with a
 * self-signed certificate, TRUST_PROXY=1 — what breaks most often behind a reverse proxy: the
 * redirect to HTTPS, Secure cookies and HSTS, CSRF, server-sent events, the client address used by
 * the rate limit, large bodies, cached assets and the Telegram webhook.
 * Clients connect from different loopback addresses (127.0.0.2, .3, .4), so nginx sees different
 * real client addresses, each with its own rate-limit budget.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { startChildServer, type ChildServer } from '../helpers/child-server';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/databases';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { startPrivateNginx, type PrivateNginx } from '../helpers/nginx';
import { attachmentsDir, multipart, pdfDocument } from '../helpers/attachments';
import { freePort } from '../helpers/private-db-server';

const RATE_LIMIT = 25;
/** ATTACHMENT_MAX_MB's default, which deploy/nginx/itims.conf's client_max_body_size is sized for. */
const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const WEBHOOK_SECRET = 'secreto-del-webhook-de-prueba_123';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let nginx: PrivateNginx;
let itims: ChildServer;
let database: TestDatabase;
let telegram: FakeTelegram;
let base: string;
let dni: string;
let categoryId: number;
let technician: { username: string; password: string };

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own address (nginx's $remote_addr). */
  from?: string;
}

/** One HTTPS request through nginx, trusting the test's certificate. */
function https(path: string, call: Call = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: nginx.httpsPort,
        path,
        method: call.method ?? 'GET',
        headers: { ...(call.body !== undefined ? { 'content-length': String(Buffer.byteLength(call.body)) } : {}), ...call.headers },
        ca: nginx.certificate,
        localAddress: call.from ?? '127.0.0.2',
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

const json = (body: unknown, headers: Record<string, string> = {}): Call => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function fileTicket(from = '127.0.0.2'): Promise<string> {
  const res = await https('/api/v1/tickets', { ...json({ dni, categoryId, description: 'No hay red en la oficina desde las 8:00.' }), from });
  expect(res.status, res.body).toBe(201);
  return (JSON.parse(res.body) as { code: string }).code;
}

async function login(): Promise<{ cookie: string; csrfToken: string; setCookie: string[]; headers: IncomingHttpHeaders }> {
  const res = await https('/api/v1/auth/login', json({ username: technician.username, password: technician.password }));
  expect(res.status, res.body).toBe(200);
  const setCookie = res.headers['set-cookie'] ?? [];
  return {
    cookie: setCookie.map((c) => c.split(';')[0]).join('; '),
    csrfToken: (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
    setCookie,
    headers: res.headers,
  };
}

beforeAll(async () => {
  telegram = await FakeTelegram.start();
  database = await createTestDatabase(testDialects()[0]!);
  const d = { db: database.db, dialect: database.dialect };
  const office = await buildOffice(d);
  categoryId = (await buildCategory(d)).id;
  dni = (await buildStaff(d, { officeId: office.id })).dni;
  technician = await buildUser(d, { onDuty: true });
  const ports = { http: await freePort(), https: await freePort() };
  base = `https://127.0.0.1:${ports.https}`;
  itims = await startChildServer({
    DATABASE_URL: database.url,
    DEMO: '0',
    NODE_ENV: 'production',
    PUBLIC_BASE_URL: base,
    TRUST_PROXY: '1',
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    TICKET_FLOOD_MINUTES: '0',
    ITIMS_ADMIN_PASSWORD: 'detras-de-nginx-123',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ATTACHMENTS_DIR: attachmentsDir(),
  });
  nginx = await startPrivateNginx(itims.port, ports);
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await itims?.stop();
  await telegram?.stop();
  await database?.drop();
});

describe('ITIMS behind nginx with TLS', () => {
  it('redirects plain HTTP to HTTPS, keeping the path', async () => {
    const res = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: nginx.httpPort, path: '/t/TK-ABCDEFGH?lang=es', localAddress: '127.0.0.2' }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: '' }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://127.0.0.1/t/TK-ABCDEFGH?lang=es');
  });

  it('files a ticket and tracks it over HTTPS, with an https tracking URL', async () => {
    const filed = await https('/api/v1/tickets', json({ dni, categoryId, description: 'La impresora del segundo piso no imprime.' }));
    expect(filed.status, filed.body).toBe(201);
    const { code, trackingUrl } = JSON.parse(filed.body) as { code: string; trackingUrl: string };
    expect(trackingUrl.startsWith(`${base}/`)).toBe(true);
    const tracked = await https(`/api/v1/tickets/${code}`);
    expect(tracked.status).toBe(200);
    expect(JSON.parse(tracked.body)).toMatchObject({ code, status: 'registered' });
    const page = await https(new URL(trackingUrl).pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain(code);
  });

  it('signs in with a Secure, HttpOnly session cookie and sends HSTS', async () => {
    const session = await login();
    const cookie = session.setCookie.find((c) => c.startsWith('itims_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    const page = await https('/');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  });

  it('refuses a cookie-authenticated change without the CSRF token, and accepts it with the token', async () => {
    const session = await login();
    const without = await https('/api/v1/queue/next', { method: 'POST', headers: { cookie: session.cookie } });
    expect(without.status).toBe(403);
    expect(JSON.parse(without.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    const withToken = await https('/api/v1/queue/next', { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect([200, 204]).toContain(withToken.status);
  });

  it('delivers live queue events through the proxy as they happen', async () => {
    const session = await login();
    const events: string[] = [];
    let opened: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: nginx.httpsPort,
        path: '/api/v1/queue/events',
        headers: { cookie: session.cookie, accept: 'text/event-stream' },
        ca: nginx.certificate,
        localAddress: '127.0.0.2',
        agent: false,
      },
      (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          opened();
        });
      },
    );
    req.on('error', () => {});
    req.end();
    try {
      // The stream's first bytes (`retry: 3000`) arrive before anything happens: nothing is buffered.
      await open;
      await fileTicket();
      const deadline = Date.now() + 10_000;
      while (!events.join('').includes('event: queue') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events.join('')).toContain('event: queue');
    } finally {
      req.destroy();
    }
  });

  it('limits requests per real client address; a spoofed X-Forwarded-For changes nothing', async () => {
    // 127.0.0.3 claims a new address in every request: all of them count against 127.0.0.3.
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const res = await https('/api/v1/tickets/TK-ZZZZZZZZ', { from: '127.0.0.3', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 404)).toBe(true);
    expect(statuses[RATE_LIMIT]).toBe(429);
    // Another real client is not limited, even when it claims to be the limited one.
    const other = await https('/api/v1/tickets/TK-ZZZZZZZZ', { from: '127.0.0.4', headers: { 'x-forwarded-for': '127.0.0.3' } });
    expect(other.status).toBe(404);
  });

  it('passes bodies that fit three attachments at the largest size, and refuses larger ones in the error envelope', async () => {
    // 31 MB (3 × ATTACHMENT_MAX_MB 10 + fields) reaches ITIMS, which answers with its own limit for JSON.
    const fits = await https('/api/v1/tickets', { ...json({ description: 'x'.repeat(31 * 1024 * 1024) }), from: '127.0.0.5' });
    expect(fits.status, nginx.errorLog().slice(-2000)).toBe(413);
    expect(fits.headers['x-content-type-options']).toBe('nosniff');
    // 33 MB stops at nginx, still with the envelope an API client expects.
    const tooBig = await https('/api/v1/tickets', { ...json({ description: 'x'.repeat(33 * 1024 * 1024) }), from: '127.0.0.5' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['x-content-type-options']).toBeUndefined();
    expect(JSON.parse(tooBig.body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'La solicitud es demasiado grande.' } });
  });

  it('files a ticket with three attachments at the size limit through the proxy, and refuses one byte more with 413', async () => {
    // A real PDF (kept byte for byte) padded with a trailing comment to exactly the limit.
    const pdfOfSize = (bytes: number, fill: string) => {
      const pdf = pdfDocument();
      return Buffer.concat([pdf, Buffer.from(`%${fill.repeat(bytes - pdf.length - 2)}\n`, 'latin1')]);
    };
    const files = ['a', 'b', 'c'].map((fill, i) => ({ field: 'attachments', name: `informe-${i + 1}.pdf`, type: 'application/pdf', content: pdfOfSize(ATTACHMENT_MAX_BYTES, fill) }));
    expect(files.every((f) => f.content.length === ATTACHMENT_MAX_BYTES)).toBe(true);
    const form = await multipart({ dni, categoryId, description: 'Adjunto los tres informes del equipo que no enciende.' }, files);
    const filed = await https('/api/v1/tickets', { method: 'POST', headers: form.headers, body: form.payload, from: '127.0.0.6' });
    expect(filed.status, filed.body).toBe(201);
    const { attachments } = JSON.parse(filed.body) as { attachments: { size: number; type: string }[] };
    expect(attachments.map((a) => [a.type, a.size])).toEqual(files.map(() => ['application/pdf', ATTACHMENT_MAX_BYTES]));

    const over = await multipart({}, [{ field: 'file', name: 'grande.pdf', type: 'application/pdf', content: pdfOfSize(ATTACHMENT_MAX_BYTES + 1, 'd') }]);
    const refused = await https('/api/v1/attachments', { method: 'POST', headers: over.headers, body: over.payload, from: '127.0.0.6' });
    expect(refused.status, refused.body).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('serves static assets with a year-long immutable cache lifetime', async () => {
    // The portal inlines its CSS (one round trip less on a slow link); its scripts are versioned assets.
    const home = await https('/');
    const asset = /(\/assets\/[^"'\s]+\.js(\?[^"'\s]*)?)/.exec(home.body)?.[1];
    expect(asset, 'a script in the home page').toBeDefined();
    const res = await https(asset!.replace(/&amp;/g, '&'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('takes Telegram updates at /telegram/webhook only with the secret, and the bot answers', async () => {
    const chatId = 5_550_001;
    const update = (id: number) => ({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Rosa' },
        from: { id: chatId, is_bot: false, first_name: 'Rosa' },
        text: 'hola',
      },
    });
    const registered = telegram.callsOf('setWebhook').map((c) => c.params.url);
    expect(registered).toContain(`${base}/telegram/webhook`);
    expect((await https('/telegram/webhook', json(update(800_001)))).status).toBe(401);
    expect((await https('/telegram/webhook', json(update(800_002), { 'x-telegram-bot-api-secret-token': 'otro-secreto' }))).status).toBe(403);
    const accepted = await https('/telegram/webhook', json(update(800_003), { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }));
    expect(accepted.status, accepted.body).toBe(200);
    const deadline = Date.now() + 15_000;
    while (telegram.sent(chatId).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(telegram.sent(chatId).length).toBe(1);
  });
});
