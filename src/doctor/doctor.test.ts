import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config/config';
import { migrateToLatest } from '../db/migrate';
import { describeEachDialect } from '../../test/helpers/app';
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { freePort } from '../../test/helpers/private-db-server';
import { FakeTelegram } from '../../test/fakes/telegram-bot-api';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../test/fakes/fake-openrouter';
import { previousMigrations } from '../../test/fixtures/release-fb216e2/previous-release';
import { runDoctor } from './run-doctor';
import { buildUser } from '../../test/helpers/factories';
import { newTotpSecret } from '../auth/totp/totp';
import { sealStoredTotpSecrets } from '../auth/totp/totp-secrets';
import { formatReport, hasProblems, type CheckResult } from './report';

let telegram: FakeTelegram;
let llm: FakeOpenRouter;
beforeAll(async () => {
  telegram = await FakeTelegram.start();
  llm = await startFakeOpenRouter();
});
afterAll(async () => {
  await telegram?.stop();
  await llm?.close();
});

function env(database: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: 'https://itims.example.gob.pe',
    HOST: '127.0.0.1',
    TRUST_PROXY: '1',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    OPENROUTER_API_KEY: 'sk-or-prueba',
    OPENROUTER_BASE_URL: llm.baseUrl,
    CHAT_MODELS: 'modelo/primero,modelo/segundo',
    DISK_MIN_FREE_MB: '1',
    ...extra,
  };
}

const config = (vars: Record<string, string>): Config => loadConfig(vars);
const byArea = (results: CheckResult[], area: string) => results.filter((r) => r.area === area || r.area.startsWith(`${area} (`));

describeEachDialect('npm run doctor', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database?.drop());

  it('reports a healthy installation with no problem and no warning', async () => {
    const results = await runDoctor(config(env(database)));
    expect(
      results.filter((r) => r.status === 'problem' || r.status === 'warning'),
      formatReport(results),
    ).toEqual([]);
    const areas = results.map((r) => r.area);
    expect(areas).toEqual(expect.arrayContaining(['Configuración', 'Base de datos', 'Migraciones', 'Reloj', 'Disco (respaldos)', 'Telegram', 'Asistente (modelo de lenguaje)']));
    expect(byArea(results, 'Reloj')[0]!.status).toBe(dialect === 'sqlite' ? 'skipped' : 'ok');
    expect(formatReport(results)).toContain('Resultado: todo en orden.');
    expect(telegram.callsOf('getMe').length).toBeGreaterThan(0);
    expect(telegram.callsOf('getWebhookInfo').length).toBeGreaterThan(0);
  });

  it('checks the key that seals the second factors: plaintext left, the right key, a wrong one, a missing one', async () => {
    const key = { ITIMS_SECRET_KEY: 'doctor-test-key-0123456789abcdefghij' };
    const user = await buildUser(database);
    await database.db.updateTable('users').set({ totp_secret: newTotpSecret(), totp_enabled_at: Date.now() }).where('id', '=', user.id).execute();
    const [plain] = byArea(await runDoctor(config(env(database, key))), 'Clave de cifrado');
    expect(plain).toMatchObject({ status: 'warning', detail: '1 secreto(s) TOTP siguen guardados sin cifrar' });
    await sealStoredTotpSecrets({ db: database.db, secretKey: config(env(database, key)).secretKey });
    expect(byArea(await runDoctor(config(env(database, key))), 'Clave de cifrado')[0]).toMatchObject({ status: 'ok', detail: 'ITIMS_SECRET_KEY abre los 1 segundo(s) factor(es) guardados' });
    const [wrong] = byArea(await runDoctor(config(env(database, { ITIMS_SECRET_KEY: 'otra-clave-distinta-0123456789abcdefghij' }))), 'Clave de cifrado');
    expect(wrong).toMatchObject({ status: 'problem', detail: expect.stringContaining('no es la clave con que se cifraron') });
    const [missing] = byArea(await runDoctor(config(env(database, { ITIMS_SECRET_KEY_FILE: '/nonexistent/itims/secret.key' }))), 'Clave de cifrado');
    expect(missing).toMatchObject({ status: 'problem', advice: expect.stringContaining('restaure /nonexistent/itims/secret.key') });
    await database.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', user.id).execute();
  });

  it('reports pending migrations and says to run npm run upgrade', async () => {
    const behind = await createEmptyTestDatabase(dialect);
    try {
      const { '2026-11-27-0004-housekeeping-indexes': _latest, ...older } = previousMigrations(dialect);
      await migrateToLatest(behind, older);
      const results = await runDoctor(config(env(behind)));
      const [migrations] = byArea(results, 'Migraciones');
      expect(migrations).toMatchObject({ status: 'problem' });
      expect(migrations!.detail).toContain('2026-11-27-0004-housekeeping-indexes');
      expect(migrations!.advice).toContain('npm run upgrade');
      expect(hasProblems(results)).toBe(true);
    } finally {
      await behind.drop();
    }
  });
});

describe('npm run doctor problems', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(() => database?.drop());

  it('reports a database URL that does not answer, without its password, and what to check', async () => {
    const port = await freePort();
    for (const url of [`postgres://itims:secreto@127.0.0.1:${port}/itims`, `mysql://itims:secreto@127.0.0.1:${port}/itims`]) {
      const results = await runDoctor(config(env(database, { DATABASE_URL: url })));
      const [db] = byArea(results, 'Base de datos');
      expect(db).toMatchObject({ status: 'problem' });
      expect(db!.detail).toContain('no responde');
      expect(db!.detail).not.toContain('secreto');
      expect(db!.advice).toContain('DATABASE_URL');
    }
  });

  it('reports a SQLite file that does not exist, and does not create it', async () => {
    const results = await runDoctor(config(env(database, { DATABASE_URL: 'sqlite:/tmp/itims-no-existe/itims.sqlite' })));
    expect(byArea(results, 'Base de datos')[0]).toMatchObject({ status: 'problem', detail: expect.stringContaining('no existe') });
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/itims-no-existe/itims.sqlite')).toBe(false);
  });

  it('reports an unreachable Telegram Bot API', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const results = await runDoctor(config(env(database, { TELEGRAM_API_ROOT: closed })));
    const [tg] = byArea(results, 'Telegram');
    expect(tg).toMatchObject({ status: 'problem', detail: expect.stringContaining('getMe') });
    expect(tg!.advice).toContain('internet');
  });

  it('reports a webhook left registered while the bot is in polling mode', async () => {
    await fetch(`${telegram.apiRoot}/bot${telegram.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://otro.example.org/telegram/webhook' }),
    });
    try {
      const results = await runDoctor(config(env(database)));
      expect(byArea(results, 'Telegram').find((r) => r.status === 'problem')?.detail).toContain('https://otro.example.org/telegram/webhook');
    } finally {
      await fetch(`${telegram.apiRoot}/bot${telegram.token}/deleteWebhook`, { method: 'POST' });
    }
  });

  it('reports too little free disk space under the configured threshold', async () => {
    const results = await runDoctor(config(env(database, { DISK_MIN_FREE_MB: '9000000' })));
    const disk = byArea(results, 'Disco');
    expect(disk.map((d) => d.area)).toEqual(['Disco (base de datos)', 'Disco (respaldos)', 'Disco (adjuntos)']);
    for (const d of disk) {
      expect(d.status).toBe('problem');
      expect(d.detail).toContain('DISK_MIN_FREE_MB');
    }
  });

  it('reports a model endpoint where no configured model answers', async () => {
    llm.setBehaviour('modelo/primero', 'unavailable');
    llm.setBehaviour('modelo/segundo', 'not_found');
    try {
      const results = await runDoctor(config(env(database)));
      const [assistant] = byArea(results, 'Asistente (modelo de lenguaje)');
      expect(assistant).toMatchObject({ status: 'problem' });
      expect(assistant!.detail).toContain('modelo/primero');
      expect(assistant!.detail).toContain('modelo/segundo');
    } finally {
      llm.reset();
    }
  });

  it('sends no personal data to the model: one fixed question', async () => {
    const before = llm.requests.length;
    await runDoctor(config(env(database)));
    const sent = llm.requests.slice(before);
    expect(sent.length).toBe(1);
    expect(sent[0]!.body.messages).toEqual([{ role: 'user', content: 'Responda solo: OK' }]);
  });

  it('warns about production settings that are valid but unsafe', async () => {
    const results = await runDoctor(config(env(database, { PUBLIC_BASE_URL: 'http://10.0.0.5', DEMO: '1' })));
    const warnings = byArea(results, 'Configuración').filter((r) => r.status === 'warning');
    expect(warnings.map((w) => w.detail).join('\n')).toMatch(/https[\s\S]*DEMO=1/);
    expect(hasProblems(results)).toBe(false);
  });

  it('exits 0 when healthy and 1 on a problem, printing the Spanish report', async () => {
    // Asynchronous: the fakes answering the doctor run in this process.
    const run = (extra: Record<string, string>) =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts'], { env: { ...process.env, ...env(database, extra) }, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += String(d)));
        child.on('close', (status) => resolve({ status, stdout }));
      });
    const healthy = await run({});
    expect(healthy.stdout).toContain('Diagnóstico de ITIMS');
    expect(healthy.stdout).toContain('Resultado: todo en orden.');
    expect(healthy.status).toBe(0);
    const full = await run({ DISK_MIN_FREE_MB: '9000000' });
    expect(full.stdout).toContain('[FALLA] Disco');
    expect(full.stdout).toContain('Qué hacer:');
    expect(full.status).toBe(1);
    const invalid = await run({ TIME_ZONE: 'Marte/Olympus' });
    expect(invalid.stdout).toContain('TIME_ZONE');
    expect(invalid.status).toBe(78);
  }, 60_000);
});
