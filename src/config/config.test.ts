import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CHAT_MODELS, loadConfig } from './config';

/** The problems reported for an environment (fails if the environment was accepted). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('starts with no variables at all, on the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'sqlite:./data/itims.sqlite',
      publicBaseUrl: 'http://localhost:3000',
      adminPassword: null,
      demo: false,
      telegram: { botToken: null, apiRoot: 'https://api.telegram.org', mode: 'polling' },
      llm: { apiKey: null, baseUrl: 'https://openrouter.ai/api/v1', models: DEFAULT_CHAT_MODELS, timeoutMs: 15000 },
      embeddings: null,
      rateLimitPerMinute: 600,
      directoryLookupsPerMinute: 60,
      trustProxy: false,
      timeZone: 'America/Lima',
      ticketFloodMinutes: 5,
      incidentDetection: { windowMinutes: 30, minTickets: 3 },
      logLevel: 'info',
      inProcessWorker: true,
      nodeEnv: 'development',
    });
    // A random webhook secret Telegram accepts (1–256 of A-Z a-z 0-9 _ -), new on each start.
    expect(config.telegram.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(loadConfig({}).telegram.webhookSecret).not.toBe(config.telegram.webhookSecret);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://itims:secret@db:5432/itims',
      PUBLIC_BASE_URL: 'https://mesa.gore.gob.pe/',
      ITIMS_ADMIN_PASSWORD: 'una-clave-larga',
      DEMO: 'sí',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwx',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'secreto_del-webhook',
      OPENROUTER_API_KEY: 'sk-or-xyz',
      OPENROUTER_BASE_URL: 'http://llm.intranet:8000/v1',
      CHAT_MODELS: ' modelo-a , modelo-b ,,',
      LLM_TIMEOUT_MS: '5000',
      EMBEDDINGS_MODEL: ' nomic-embed-text ',
      EMBEDDINGS_TIMEOUT_MS: '400',
      RATE_LIMIT_PER_MINUTE: '1200',
      DIRECTORY_LOOKUPS_PER_MINUTE: '30',
      TRUST_PROXY: 'true',
      TIME_ZONE: 'America/Bogota',
      TICKET_FLOOD_MINUTES: '0',
      INCIDENT_WINDOW_MINUTES: '45',
      INCIDENT_MIN_TICKETS: '5',
      LOG_LEVEL: 'warn',
      IN_PROCESS_WORKER: 'off',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://itims:secret@db:5432/itims',
      publicBaseUrl: 'https://mesa.gore.gob.pe',
      adminPassword: 'una-clave-larga',
      demo: true,
      telegram: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwx', apiRoot: 'http://127.0.0.1:8081', mode: 'webhook', webhookSecret: 'secreto_del-webhook' },
      llm: { apiKey: 'sk-or-xyz', baseUrl: 'http://llm.intranet:8000/v1', models: ['modelo-a', 'modelo-b'], timeoutMs: 5000 },
      embeddings: { model: 'nomic-embed-text', timeoutMs: 400 },
      rateLimitPerMinute: 1200,
      directoryLookupsPerMinute: 30,
      trustProxy: 1,
      timeZone: 'America/Bogota',
      ticketFloodMinutes: 0,
      incidentDetection: { windowMinutes: 45, minTickets: 5 },
      logLevel: 'warn',
      inProcessWorker: false,
      nodeEnv: 'production',
    });
  });

  it('trusts a number of proxy hops or a list of proxy addresses, never every hop', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
  });

  it('derives the default webhook secret from the bot token, the same in every process and not the token', () => {
    const token = '123456:ABCdefGhIJKlmnoPQRstuVWXyz_0123456';
    const a = loadConfig({ TELEGRAM_BOT_TOKEN: token }).telegram.webhookSecret;
    const b = loadConfig({ TELEGRAM_BOT_TOKEN: token }).telegram.webhookSecret;
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain(token.split(':')[1]);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '654321:ABCdefGhIJKlmnoPQRstuVWXyz_0123456' }).telegram.webhookSecret).not.toBe(a);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 'mi-secreto' }).telegram.webhookSecret).toBe('mi-secreto');
  });

  it('listens on 127.0.0.1 with demo data (published passwords) unless HOST is set', () => {
    expect(loadConfig({ DEMO: '1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ DEMO: '1', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DEMO: '0' }).host).toBe('0.0.0.0');
  });

  it('takes the public URL from the port when none is given', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', DEMO: '', TELEGRAM_BOT_TOKEN: '', ITIMS_ADMIN_PASSWORD: '', DATABASE_URL: '  ' });
    expect(config).toMatchObject({ port: 3000, demo: false, adminPassword: null, databaseUrl: 'sqlite:./data/itims.sqlite' });
    expect(config.telegram.botToken).toBeNull();
  });

  it.each([
    [{ PORT: 'tres mil' }, 'PORT="tres mil" debe ser un número entero entre 0 y 65535'],
    [{ PORT: '70000' }, 'PORT=70000 está fuera del rango 0–65535'],
    [{ DATABASE_URL: 'oracle://db/itims' }, 'DATABASE_URL="oracle://db/itims" no es válida: use sqlite:RUTA, postgres://… o mysql://…'],
    [{ PUBLIC_BASE_URL: 'mesa de ayuda' }, 'PUBLIC_BASE_URL="mesa de ayuda" no es una URL válida'],
    [{ PUBLIC_BASE_URL: 'ftp://mesa.gob.pe' }, 'PUBLIC_BASE_URL="ftp://mesa.gob.pe" debe empezar por http:// o https://'],
    [{ ITIMS_ADMIN_PASSWORD: 'corta' }, 'ITIMS_ADMIN_PASSWORD debe tener al menos 8 caracteres'],
    [{ DEMO: 'quizás' }, 'DEMO="quizás" no es un valor lógico (use 1 o 0)'],
    [{ TELEGRAM_BOT_TOKEN: 'no-es-un-token' }, 'TELEGRAM_BOT_TOKEN no tiene la forma 123456:ABC… que entrega @BotFather'],
    [{ TELEGRAM_API_ROOT: 'api.telegram.org' }, 'TELEGRAM_API_ROOT="api.telegram.org" no es una URL válida'],
    [{ TELEGRAM_MODE: 'push' }, 'TELEGRAM_MODE="push" debe ser polling o webhook'],
    [{ TELEGRAM_WEBHOOK_SECRET: 'con espacios' }, 'TELEGRAM_WEBHOOK_SECRET solo admite A-Z a-z 0-9 _ - (1 a 256 caracteres)'],
    [
      { TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwx', TELEGRAM_MODE: 'webhook', PUBLIC_BASE_URL: 'http://10.0.0.5:3000' },
      'TELEGRAM_MODE=webhook necesita PUBLIC_BASE_URL con https:// (Telegram solo llama a HTTPS)',
    ],
    [{ OPENROUTER_BASE_URL: 'localhost:11434' }, 'OPENROUTER_BASE_URL="localhost:11434" debe empezar por http:// o https://'],
    [{ LLM_TIMEOUT_MS: '100' }, 'LLM_TIMEOUT_MS=100 está fuera del rango 500–120000'],
    [{ EMBEDDINGS_MODEL: 'nomic-embed-text', EMBEDDINGS_TIMEOUT_MS: '50' }, 'EMBEDDINGS_TIMEOUT_MS=50 está fuera del rango 100–30000'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE=0 está fuera del rango 1–1000000'],
    [{ DIRECTORY_LOOKUPS_PER_MINUTE: '-5' }, 'DIRECTORY_LOOKUPS_PER_MINUTE="-5" debe ser un número entero entre 1 y 1000000'],
    [{ TRUST_PROXY: 'a veces' }, 'TRUST_PROXY="a veces" debe ser 0, un número de proxies (1 a 10) o una lista de direcciones de proxy (p. ej. 127.0.0.1,10.0.0.0/8)'],
    [{ TRUST_PROXY: '99' }, 'TRUST_PROXY="99" debe ser 0, un número de proxies (1 a 10) o una lista de direcciones de proxy (p. ej. 127.0.0.1,10.0.0.0/8)'],
    [{ TIME_ZONE: 'Peru/Lima' }, 'TIME_ZONE="Peru/Lima" no es una zona horaria IANA (p. ej. America/Lima)'],
    [{ TICKET_FLOOD_MINUTES: '1.5' }, 'TICKET_FLOOD_MINUTES="1.5" debe ser un número entero entre 0 y 1440'],
    [{ INCIDENT_WINDOW_MINUTES: '0' }, 'INCIDENT_WINDOW_MINUTES=0 está fuera del rango 1–1440'],
    [{ INCIDENT_WINDOW_MINUTES: 'media hora' }, 'INCIDENT_WINDOW_MINUTES="media hora" debe ser un número entero entre 1 y 1440'],
    [{ INCIDENT_MIN_TICKETS: '1' }, 'INCIDENT_MIN_TICKETS="1" no forma un grupo: use 0 (desactivado) o un número entre 2 y 1000'],
    [{ INCIDENT_MIN_TICKETS: '-3' }, 'INCIDENT_MIN_TICKETS="-3" debe ser un número entero entre 0 y 1000'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL="verbose" debe ser fatal, error, warn, info, debug, trace o silent'],
    [{ IN_PROCESS_WORKER: '2' }, 'IN_PROCESS_WORKER="2" no es un valor lógico (use 1 o 0)'],
  ])('refuses %j with a clear Spanish message', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('never repeats a secret in its messages', () => {
    const problems = problemsOf({
      DATABASE_URL: 'oracle://itims:MuySecreta123@db/itims',
      ITIMS_ADMIN_PASSWORD: 'Secr3t',
      TELEGRAM_BOT_TOKEN: 'token-filtrado-XYZ',
      TELEGRAM_WEBHOOK_SECRET: 'secreto filtrado',
    });
    const text = problems.join('\n');
    expect(problems).toHaveLength(4);
    for (const secret of ['MuySecreta123', 'Secr3t', 'token-filtrado-XYZ', 'secreto filtrado']) expect(text).not.toContain(secret);
    expect(text).toContain('oracle://***@db/itims');
  });

  it('reports every problem at once, one line each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', DEMO: 'tal vez', TIME_ZONE: 'Lima', LOG_LEVEL: 'mucho' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(4);
    expect(error?.message.split('\n')).toEqual([
      'Configuración inválida:',
      '  - PORT="x" debe ser un número entero entre 0 y 65535',
      '  - TIME_ZONE="Lima" no es una zona horaria IANA (p. ej. America/Lima)',
      '  - LOG_LEVEL="mucho" debe ser fatal, error, warn, info, debug, trace o silent',
      '  - DEMO="tal vez" no es un valor lógico (use 1 o 0)',
    ]);
  });

  it('lets code override parsed values (tests, the worker process)', () => {
    expect(loadConfig({ PORT: '8080' }, { inProcessWorker: false }).inProcessWorker).toBe(false);
  });

  it('names the IT office once: IT_OFFICE_NAME for Spanish, IT_OFFICE_NAME_EN or the same proper name for English', () => {
    expect(loadConfig({}).itOfficeName).toEqual({ es: 'Oficina de Tecnologías de la Información', en: 'Information Technology Office' });
    expect(loadConfig({ IT_OFFICE_NAME: 'Oficina de Informática' }).itOfficeName).toEqual({ es: 'Oficina de Informática', en: 'Oficina de Informática' });
    expect(loadConfig({ IT_OFFICE_NAME: 'Oficina de Informática', IT_OFFICE_NAME_EN: 'IT Department' }).itOfficeName).toEqual({ es: 'Oficina de Informática', en: 'IT Department' });
    expect(problemsOf({ IT_OFFICE_NAME: 'Oficina <b>' })).toEqual(['IT_OFFICE_NAME debe tener hasta 120 caracteres, sin < > { } ni caracteres de control']);
    expect(problemsOf({ IT_OFFICE_NAME_EN: 'x'.repeat(121) })).toEqual(['IT_OFFICE_NAME_EN debe tener hasta 120 caracteres, sin < > { } ni caracteres de control']);
  });
});
