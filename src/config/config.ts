/**
 * The only module that reads `process.env`. Every setting of design.md is parsed and
 * validated once; a bad value stops the process with one clear line per problem.
 */
import { existsSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import dotenv from 'dotenv';

export type TelegramMode = 'polling' | 'webhook';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  publicBaseUrl: string;
  /** Password of the first `admin` user; null = generate one and print it once. */
  adminPassword: string | null;
  demo: boolean;
  telegram: {
    botToken: string | null;
    apiRoot: string;
    mode: TelegramMode;
    webhookSecret: string;
  };
  llm: {
    apiKey: string | null;
    baseUrl: string;
    models: string[];
    timeoutMs: number;
  };
  /**
   * `EMBEDDINGS_MODEL` (unset = off) and `EMBEDDINGS_TIMEOUT_MS` (default 1000): the assistant
   * reranks the FAQ candidates it gives the model with this embeddings model, at the same
   * OpenAI-compatible endpoint and key as the chat (`OPENROUTER_BASE_URL`, `OPENROUTER_API_KEY`).
   * Off without a key. Only sanitized question text and FAQ text are sent.
   */
  embeddings: { model: string; timeoutMs: number } | null;
  rateLimitPerMinute: number;
  /** Stricter limit for `GET /directory/{dni}` so it cannot be used to harvest the directory. */
  directoryLookupsPerMinute: number;
  /**
   * Which `X-Forwarded-For` hops to believe: false (none, the socket address is the client), a
   * number of proxy hops (1 = the rightmost entry, the one the nearest proxy appended), or a list
   * of proxy addresses/CIDRs. Never "every hop": a client could then pick its own address.
   */
  trustProxy: false | number | string[];
  /** Tickets filed per client address per hour (anyone can type anyone's DNI; an office shares one NAT address). */
  filingsPerHour: number;
  /**
   * "Seguir por Telegram" presses per client address per hour: each one stores a one-time link
   * token (anonymous rows, purged daily once expired).
   */
  followLinksPerHour: number;
  /** Requests per signed-in user per minute on staff routes (a stolen token or cookie cannot hammer the server). */
  staffRequestsPerMinute: number;
  /** Slow and idle clients are cut (see http/timeouts.ts). */
  timeouts: { headersMs: number; requestMs: number; bodyMs: number; idleMs: number; keepAliveMs: number };
  timeZone: string;
  ticketFloodMinutes: number;
  /**
   * Major-incident detection (issue 19): `INCIDENT_MIN_TICKETS` (default 3) or more waiting, unlinked
   * tickets of one category filed within `INCIDENT_WINDOW_MINUTES` (default 30) are suggested as an
   * incident. `minTickets` 0 turns detection off.
   */
  incidentDetection: { windowMinutes: number; minTickets: number };
  /** `REOPEN_DAYS` (default 7): days after closing during which the requester may answer or reopen. */
  reopenDays: number;
  /**
   * `SMTP_URL` (e.g. `smtp://user:pass@mail.example.gob.pe:587`, `smtps://…`) and `SMTP_FROM`:
   * followers with an e-mail in the directory also hear about replies by e-mail. Null = no e-mail.
   */
  smtp: { url: string; from: string } | null;
  logLevel: string;
  /** Run the outbox worker inside the web process. */
  inProcessWorker: boolean;
  /** `npm run backup`: where backups go, and how many scheduled ones are kept (0 = all). */
  backup: { dir: string; keep: number };
  /** `npm run doctor`: least free space (MB) wanted where the database, backups and attachments live. */
  diskMinFreeMb: number;
  attachments: {
    /** ATTACHMENTS_DIR: where uploaded files live (named by content hash); never served statically. */
    dir: string;
    /** ATTACHMENT_MAX_MB: the largest file accepted, before images are re-encoded. */
    maxBytes: number;
  };
  /**
   * LDAP / Active Directory sign-in (`LDAP_URL` set = on): staff sign in with their directory
   * password (search with the service account, then bind as the person); the role comes from
   * group membership at every sign-in. Local accounts (the `admin` of the first start) still work.
   */
  ldap: LdapConfig | null;
  /** `TOTP_REQUIRED_FOR` (default `none`): who must have a second factor (enrolled users always need it). */
  totpRequiredFor: TotpRequiredFor;
  /**
   * The installation's secret key, which encrypts the TOTP secrets at rest (AES-256-GCM): a copy of
   * the database alone does not give anyone's second factor. `ITIMS_SECRET_KEY` (at least 32
   * characters, the same in every web instance and the worker) wins; unset, the key lives in
   * `ITIMS_SECRET_KEY_FILE` (default `./data/secret.key`), created on the first start.
   */
  secretKey: { value: string | null; file: string };
  /**
   * `PERSONAL_DATA_RETENTION_YEARS` (default 5): tickets closed longer ago lose their requester's
   * personal data in the daily purge, and the personal-data access log keeps this long.
   */
  personalDataRetentionYears: number;
  nodeEnv: string;
  /**
   * `IT_OFFICE_NAME` (default «Oficina de Tecnologías de la Información») and `IT_OFFICE_NAME_EN`:
   * the one name every page, message and error uses for the IT office. Spanish sentences put «la»
   * before it. The English name defaults to «Information Technology Office» while the Spanish one is
   * the default, and to the Spanish name (a proper name) once that is set.
   */
  itOfficeName: { es: string; en: string };
}

export type TotpRequiredFor = 'none' | 'admins' | 'all';

export interface LdapConfig {
  /** `LDAP_URL`: `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** `LDAP_BIND_DN` / `LDAP_BIND_PASSWORD`: the service account that searches (empty = anonymous search). */
  bindDn: string | null;
  bindPassword: string | null;
  /** `LDAP_BASE_DN`: where people are searched (subtree). */
  baseDn: string;
  /** `LDAP_USER_FILTER`: `{username}` is replaced by the typed username, escaped (RFC 4515). */
  userFilter: string;
  /** `LDAP_ADMIN_GROUP`, `LDAP_TECHNICIAN_GROUP`: group DNs; a member of neither cannot sign in. */
  adminGroup: string | null;
  technicianGroup: string | null;
  /** `LDAP_STARTTLS=1`: upgrade an `ldap://` connection with StartTLS before anything is sent. */
  startTls: boolean;
  /** `LDAP_CA_FILE`: PEM file of the certificate authority that signed the directory's certificate. */
  caFile: string | null;
  /** `LDAP_TIMEOUT_MS` (default 5000): a directory slower than this counts as down (503). */
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuración inválida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Free model ids tried in order. The ids named in the original study have mostly been
 * withdrawn from OpenRouter; a model that answers 404 is skipped for a while at run time.
 */
export const DEFAULT_CHAT_MODELS = [
  'meta-llama/llama-3.3-70b-instruct:free',
  'google/gemma-3-27b-it:free',
  'mistralai/mistral-small-3.1-24b-instruct:free',
  'qwen/qwen-2.5-72b-instruct:free',
  'deepseek/deepseek-chat-v3-0324:free',
];

type Env = Record<string, string | undefined>;

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 'si', 'sí'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name}="${raw}" no es un valor lógico (use 1 o 0)`);
  return fallback;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name}="${raw}" debe ser un número entero entre ${min} y ${max}`);
    return fallback;
  }
  const n = Number(raw.trim());
  if (n < min || n > max) {
    problems.push(`${name}=${n} está fuera del rango ${min}–${max}`);
    return fallback;
  }
  return n;
}

function parseUrl(name: string, raw: string, problems: string[], protocols = ['http:', 'https:']): string {
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) {
      problems.push(`${name}="${raw}" debe empezar por ${protocols.map((p) => p.replace(':', '://')).join(' o ')}`);
    }
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`${name}="${raw}" no es una URL válida`);
    return raw;
  }
}

const PROXY_ADDRESS = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(?:\/[0-9]{1,3})?$/;

/**
 * `TRUST_PROXY`: off (unset, 0, false), a number of hops (1–10; `true` means 1, the common single
 * nginx in front), or a comma-separated list of proxy addresses or CIDRs (`127.0.0.1,10.0.0.0/8`).
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '' || ['0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on', 'si', 'sí'].includes(v)) return 1;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops <= 10) return hops;
  } else {
    const list = v
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (list.length && list.every((a) => a.length <= 64 && PROXY_ADDRESS.test(a))) return list;
  }
  problems.push(`TRUST_PROXY="${raw}" debe ser 0, un número de proxies (1 a 10) o una lista de direcciones de proxy (p. ej. 127.0.0.1,10.0.0.0/8)`);
  return false;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses configuration from an environment (defaults to `process.env`, plus `.env` if present). */
/** The default webhook secret: the same in every process that has the same bot token, and not the token itself. */
export function webhookSecretFromToken(botToken: string): string {
  return createHmac('sha256', botToken).update('itims telegram webhook secret').digest('hex');
}

export function loadConfig(env: Env = readProcessEnv(), overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const port = parseInteger('PORT', env.PORT, 3000, 0, 65535, problems);
  const databaseUrl = (env.DATABASE_URL ?? '').trim() || 'sqlite:./data/itims.sqlite';
  if (!/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    problems.push(`DATABASE_URL="${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}" no es válida: use sqlite:RUTA, postgres://… o mysql://…`);
  }
  const publicBaseUrl = parseUrl('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port || 3000}`, problems);
  const adminPassword = env.ITIMS_ADMIN_PASSWORD?.length ? env.ITIMS_ADMIN_PASSWORD : null;
  if (adminPassword !== null && adminPassword.length < 8) {
    problems.push('ITIMS_ADMIN_PASSWORD debe tener al menos 8 caracteres');
  }
  const mode = (env.TELEGRAM_MODE?.trim() || 'polling') as TelegramMode;
  if (mode !== 'polling' && mode !== 'webhook') {
    problems.push(`TELEGRAM_MODE="${env.TELEGRAM_MODE}" debe ser polling o webhook`);
  }
  const botToken = env.TELEGRAM_BOT_TOKEN?.trim() || null;
  if (botToken && !/^\d+:[A-Za-z0-9_-]{20,}$/.test(botToken)) {
    problems.push('TELEGRAM_BOT_TOKEN no tiene la forma 123456:ABC… que entrega @BotFather');
  }
  // Every process of one installation (web instances, `npm run worker`) must check the secret the
  // registering process gave Telegram, so the default is derived from the bot token, not random.
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || (botToken ? webhookSecretFromToken(botToken) : randomBytes(24).toString('hex'));
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    problems.push('TELEGRAM_WEBHOOK_SECRET solo admite A-Z a-z 0-9 _ - (1 a 256 caracteres)');
  }
  if (botToken && mode === 'webhook' && !(env.PUBLIC_BASE_URL ?? '').startsWith('https://')) {
    problems.push('TELEGRAM_MODE=webhook necesita PUBLIC_BASE_URL con https:// (Telegram solo llama a HTTPS)');
  }
  const models = (env.CHAT_MODELS ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const timeZone = env.TIME_ZONE?.trim() || 'America/Lima';
  if (!isValidTimeZone(timeZone)) problems.push(`TIME_ZONE="${timeZone}" no es una zona horaria IANA (p. ej. America/Lima)`);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl) parseUrl('SMTP_URL', smtpUrl, problems, ['smtp:', 'smtps:']);
  const smtpFrom = env.SMTP_FROM?.trim() || null;
  if (smtpUrl && !smtpFrom) problems.push('SMTP_URL necesita SMTP_FROM (p. ej. "Mesa de ayuda TI <mesadeayuda@region.gob.pe>")');
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" debe ser fatal, error, warn, info, debug, trace o silent`);
  }

  const ldap = parseLdap(env, problems);
  const secretKeyValue = env.ITIMS_SECRET_KEY?.trim() || null;
  if (secretKeyValue !== null && (secretKeyValue.length < 32 || secretKeyValue.length > 512 || /\s/.test(secretKeyValue))) {
    problems.push('ITIMS_SECRET_KEY debe tener entre 32 y 512 caracteres, sin espacios (genere una con: openssl rand -base64 32)');
  }
  const totpRequiredFor = (env.TOTP_REQUIRED_FOR?.trim().toLowerCase() || 'none') as TotpRequiredFor;
  if (!['none', 'admins', 'all'].includes(totpRequiredFor)) problems.push(`TOTP_REQUIRED_FOR="${env.TOTP_REQUIRED_FOR}" debe ser none, admins o all`);

  const config: Config = {
    port,
    // Demo data comes with published passwords: only this computer may reach it unless HOST says otherwise.
    host: env.HOST?.trim() || (parseBool('DEMO', env.DEMO, false, []) ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl,
    publicBaseUrl,
    adminPassword,
    demo: parseBool('DEMO', env.DEMO, false, problems),
    telegram: {
      botToken,
      apiRoot: parseUrl('TELEGRAM_API_ROOT', env.TELEGRAM_API_ROOT?.trim() || 'https://api.telegram.org', problems),
      mode,
      webhookSecret,
    },
    llm: {
      apiKey: env.OPENROUTER_API_KEY?.trim() || null,
      baseUrl: parseUrl('OPENROUTER_BASE_URL', env.OPENROUTER_BASE_URL?.trim() || 'https://openrouter.ai/api/v1', problems),
      models: models.length ? models : DEFAULT_CHAT_MODELS,
      timeoutMs: parseInteger('LLM_TIMEOUT_MS', env.LLM_TIMEOUT_MS, 15000, 500, 120000, problems),
    },
    embeddings: env.EMBEDDINGS_MODEL?.trim() ? { model: env.EMBEDDINGS_MODEL.trim(), timeoutMs: parseInteger('EMBEDDINGS_TIMEOUT_MS', env.EMBEDDINGS_TIMEOUT_MS, 1000, 100, 30000, problems) } : null,
    // ~450 staff in 66 offices: the largest office behind one NAT address may have 40 people
    // filing and tracking at once; each page load is a handful of requests.
    rateLimitPerMinute: parseInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600, 1, 1_000_000, problems),
    directoryLookupsPerMinute: parseInteger('DIRECTORY_LOOKUPS_PER_MINUTE', env.DIRECTORY_LOOKUPS_PER_MINUTE, 60, 1, 1_000_000, problems),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    // 40 people behind one office address filing once or twice in a bad hour fit; a script filing
    // in everyone's name does not.
    filingsPerHour: parseInteger('FILINGS_PER_HOUR', env.FILINGS_PER_HOUR, 60, 1, 1_000_000, problems),
    // A person follows a ticket or two; 40 people behind one office address following theirs fit.
    followLinksPerHour: parseInteger('FOLLOW_LINKS_PER_HOUR', env.FOLLOW_LINKS_PER_HOUR, 60, 1, 1_000_000, problems),
    staffRequestsPerMinute: parseInteger('STAFF_REQUESTS_PER_MINUTE', env.STAFF_REQUESTS_PER_MINUTE, 600, 1, 1_000_000, problems),
    timeouts: {
      headersMs: parseInteger('HEADERS_TIMEOUT_MS', env.HEADERS_TIMEOUT_MS, 10_000, 100, 600_000, problems),
      requestMs: parseInteger('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 300_000, 100, 3_600_000, problems),
      bodyMs: parseInteger('BODY_TIMEOUT_MS', env.BODY_TIMEOUT_MS, 30_000, 100, 3_600_000, problems),
      idleMs: parseInteger('IDLE_TIMEOUT_MS', env.IDLE_TIMEOUT_MS, 60_000, 100, 3_600_000, problems),
      keepAliveMs: parseInteger('KEEP_ALIVE_TIMEOUT_MS', env.KEEP_ALIVE_TIMEOUT_MS, 10_000, 100, 600_000, problems),
    },
    timeZone,
    ticketFloodMinutes: parseInteger('TICKET_FLOOD_MINUTES', env.TICKET_FLOOD_MINUTES, 5, 0, 1440, problems),
    incidentDetection: {
      windowMinutes: parseInteger('INCIDENT_WINDOW_MINUTES', env.INCIDENT_WINDOW_MINUTES, 30, 1, 1440, problems),
      // 2 is the least that is a "group"; 0 = off.
      minTickets: parseIncidentMin(env.INCIDENT_MIN_TICKETS, problems),
    },
    reopenDays: parseInteger('REOPEN_DAYS', env.REOPEN_DAYS, 7, 0, 365, problems),
    smtp: smtpUrl && smtpFrom ? { url: smtpUrl, from: smtpFrom } : null,
    logLevel,
    inProcessWorker: parseBool('IN_PROCESS_WORKER', env.IN_PROCESS_WORKER, true, problems),
    backup: {
      dir: env.BACKUP_DIR?.trim() || './backups',
      keep: parseInteger('BACKUP_KEEP', env.BACKUP_KEEP, 14, 0, 100_000, problems),
    },
    diskMinFreeMb: parseInteger('DISK_MIN_FREE_MB', env.DISK_MIN_FREE_MB, 1024, 0, 10_000_000, problems),
    attachments: {
      dir: env.ATTACHMENTS_DIR?.trim() || './data/attachments',
      maxBytes: parseInteger('ATTACHMENT_MAX_MB', env.ATTACHMENT_MAX_MB, 10, 1, 100, problems) * 1024 * 1024,
    },
    ldap,
    totpRequiredFor,
    secretKey: { value: secretKeyValue, file: env.ITIMS_SECRET_KEY_FILE?.trim() || './data/secret.key' },
    personalDataRetentionYears: parseInteger('PERSONAL_DATA_RETENTION_YEARS', env.PERSONAL_DATA_RETENTION_YEARS, 5, 1, 100, problems),
    nodeEnv: env.NODE_ENV?.trim() || 'development',
    itOfficeName: parseItOfficeName(env, problems),
    ...overrides,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const DEFAULT_IT_OFFICE_NAME = { es: 'Oficina de Tecnologías de la Información', en: 'Information Technology Office' };

function parseIncidentMin(raw: string | undefined, problems: string[]): number {
  const n = parseInteger('INCIDENT_MIN_TICKETS', raw, 3, 0, 1000, problems);
  if (n === 1) problems.push('INCIDENT_MIN_TICKETS="1" no forma un grupo: use 0 (desactivado) o un número entre 2 y 1000');
  return n;
}

function parseItOfficeName(env: Env, problems: string[]): Config['itOfficeName'] {
  const es = env.IT_OFFICE_NAME?.trim() || null;
  const en = env.IT_OFFICE_NAME_EN?.trim() || null;
  for (const [name, value] of [
    ['IT_OFFICE_NAME', es],
    ['IT_OFFICE_NAME_EN', en],
  ] as const) {
    if (value && (value.length > 120 || /[<>{}]|\p{Cc}/u.test(value))) {
      problems.push(`${name} debe tener hasta 120 caracteres, sin < > { } ni caracteres de control`);
    }
  }
  return { es: es ?? DEFAULT_IT_OFFICE_NAME.es, en: en ?? es ?? DEFAULT_IT_OFFICE_NAME.en };
}

function parseLdap(env: Env, problems: string[]): LdapConfig | null {
  const url = env.LDAP_URL?.trim();
  if (!url) return null;
  parseUrl('LDAP_URL', url, problems, ['ldap:', 'ldaps:']);
  const baseDn = env.LDAP_BASE_DN?.trim() || '';
  if (!baseDn) problems.push('LDAP_URL necesita LDAP_BASE_DN (p. ej. DC=region,DC=gob,DC=pe)');
  const userFilter = env.LDAP_USER_FILTER?.trim() || '(uid={username})';
  if (!userFilter.includes('{username}')) problems.push('LDAP_USER_FILTER debe contener {username} (p. ej. (sAMAccountName={username}))');
  const adminGroup = env.LDAP_ADMIN_GROUP?.trim() || null;
  const technicianGroup = env.LDAP_TECHNICIAN_GROUP?.trim() || null;
  if (!adminGroup && !technicianGroup) problems.push('LDAP_URL necesita LDAP_ADMIN_GROUP o LDAP_TECHNICIAN_GROUP (el DN del grupo)');
  const bindDn = env.LDAP_BIND_DN?.trim() || null;
  const bindPassword = env.LDAP_BIND_PASSWORD ?? null;
  if (bindDn && !bindPassword) problems.push('LDAP_BIND_DN necesita LDAP_BIND_PASSWORD');
  const startTls = parseBool('LDAP_STARTTLS', env.LDAP_STARTTLS, false, problems);
  if (startTls && url.startsWith('ldaps:')) problems.push('LDAP_STARTTLS=1 es para ldap://; con ldaps:// la conexión ya va cifrada');
  const caFile = env.LDAP_CA_FILE?.trim() || null;
  if (caFile && !existsSync(caFile)) problems.push(`LDAP_CA_FILE="${caFile}" no existe`);
  return {
    url,
    bindDn,
    bindPassword: bindDn ? bindPassword : null,
    baseDn,
    userFilter,
    adminGroup,
    technicianGroup,
    startTls,
    caFile,
    timeoutMs: parseInteger('LDAP_TIMEOUT_MS', env.LDAP_TIMEOUT_MS, 5000, 100, 120_000, problems),
  };
}

/** Reads `.env` into `process.env` (variables already set win) and returns it. */
export function readProcessEnv(): Env {
  if (existsSync('.env')) dotenv.config({ path: '.env', quiet: true } as dotenv.DotenvConfigOptions);
  return process.env;
}
