/**
 * `npm run seed:bulk -- --tickets 1000000 --staff 100000 [--years 4] [--waiting 1000]`
 * Fills the database of DATABASE_URL with a realistic history for benchmarks: offices, staff
 * with an office per year, technicians, tickets over several years in every status with their
 * events, notifications (sent/opened/acted) and assistant interactions, and equipment: a computer
 * in the custody of every second person (`bulkAssetCode`), named by a fifth of the tickets.
 * Deterministic (seeded),
 * chunked multi-row inserts in large transactions, with a progress bar on stderr.
 * Refuses to run on a database that already holds tickets, unless --force.
 */
import { parseArgs } from 'node:util';
import { loadConfig, readProcessEnv } from '../src/config/config';
import { createDatabase, type Database, type Executor } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { migrateToLatest } from '../src/db/migrate';
import { hashPassword } from '../src/auth/passwords';
import { localYear } from '../src/core/local-time';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MASK40 = (1n << 40n) - 1n;
/** Distinct codes for bulk data: an odd multiplier is a bijection on 40-bit integers. */
export function bulkTicketCode(i: number): string {
  let v = (BigInt(i) * 0x9e3779b97n + 0x5bd1e995n) & MASK40;
  let out = '';
  for (let k = 0; k < 8; k++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return `TK-${out}`;
}

/** The DNI of the i-th bulk person (0-based). */
export const bulkDni = (i: number): string =>
  String(20_000_000 + i * 7)
    .padStart(8, '0')
    .slice(-8);
/** The código patrimonial of the computer in the custody of the i-th bulk person (even i only). */
export const bulkAssetCode = (i: number): string => `7408${String(i).padStart(8, '0')}`;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Progress {
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}
  tick(done: number) {
    const now = Date.now();
    if (now - this.last < 200 && done < this.total) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    process.stderr.write(`\r${this.label.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('es-PE')}/${this.total.toLocaleString('es-PE')}   `);
    if (done >= this.total) process.stderr.write('\n');
  }
}

const FIRST = ['Juan', 'María', 'Rosa', 'Carlos', 'Luis', 'Ana', 'Jorge', 'Elena', 'Pedro', 'Lucía', 'Miguel', 'Carmen', 'José', 'Julia', 'Víctor', 'Teresa', 'Raúl', 'Gladys', 'Edwin', 'Yolanda'];
const LAST = [
  'Quispe',
  'Mamani',
  'Huamán',
  'Condori',
  'Flores',
  'Rojas',
  'Ccama',
  'Apaza',
  'Choque',
  'Vargas',
  'Gutiérrez',
  'Ramos',
  'Sánchez',
  'Torres',
  'Chávez',
  'Cusi',
  'Huanca',
  'Ticona',
  'Pari',
  'Yupanqui',
];
const ASSET_MODELS: [string, string, string][] = [
  ['Computadora personal de escritorio', 'Lenovo', 'ThinkCentre M70s'],
  ['Computadora personal de escritorio', 'HP', 'ProDesk 400 G7'],
  ['Computadora portátil', 'Dell', 'Latitude 3420'],
];
const DESCRIPTIONS = [
  'La impresora de la oficina no imprime y muestra un error de papel atascado.',
  'No hay conexión a internet en mi computadora desde esta mañana.',
  'Olvidé mi contraseña del correo institucional y la cuenta está bloqueada.',
  'La computadora está muy lenta al abrir el sistema de trámite documentario.',
  'El sistema SIAF muestra un error al registrar el expediente.',
  'Necesito instalar el programa de firma digital en mi equipo.',
  'El monitor parpadea y a veces se apaga solo.',
  'No puedo acceder a la carpeta compartida de la gerencia.',
];

type Row = Record<string, unknown>;

/** Inserts `rows` into `table` `chunk` at a time, under every driver's limit on bound parameters. */
async function insertChunked(db: Executor, table: keyof DB, rows: Row[], chunk = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

export interface BulkOptions {
  tickets: number;
  staff: number;
  years: number;
  waiting: number;
  seed: number;
}

export async function seedBulk(database: Database, opts: BulkOptions, now = Date.now()): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  const random = rng(opts.seed);
  const pick = <T>(a: T[]): T => a[Math.floor(random() * a.length)] as T;
  const year = localYear(now, 'America/Lima');
  let rows = 0;

  // Offices, categories, technicians.
  const officeRows: Row[] = [];
  for (let i = 1; i <= 66; i++) officeRows.push({ name: `Oficina ${i}`, code: `BULK-${i}`, parent_id: null, active: 1, created_at: now, updated_at: now });
  await insertChunked(database.db, 'offices', officeRows);
  const officeIds = (await database.db.selectFrom('offices').select('id').execute()).map((r) => r.id);
  const categoryNames = ['Hardware', 'Impresoras', 'Internet y red', 'Correo institucional', 'Sistemas institucionales', 'Cuentas y contraseñas', 'Software', 'Otros'];
  for (const [i, name] of categoryNames.entries()) {
    const exists = await database.db.selectFrom('categories').select('id').where('name', '=', name).executeTakeFirst();
    if (!exists)
      await database.db
        .insertInto('categories')
        .values({ name, sort_order: i, is_other: name === 'Otros' ? 1 : 0, active: 1, created_at: now })
        .execute();
  }
  const categoryIds = (await database.db.selectFrom('categories').select('id').execute()).map((r) => r.id);
  const hash = await hashPassword('tecnico-bulk-123');
  const techRows: Row[] = [];
  for (let i = 1; i <= 5; i++) {
    techRows.push({
      username: `bulk_tecnico${i}`,
      password_hash: hash,
      full_name: `${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`,
      role: 'technician',
      active: 1,
      on_duty: 1,
      telegram_chat_id: String(900000 + i),
      telegram_username: null,
      telegram_linked_at: now,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    });
  }
  await insertChunked(database.db, 'users', techRows);
  const techIds = (await database.db.selectFrom('users').select('id').where('username', 'like', 'bulk_tecnico%').execute()).map((r) => r.id);

  // Staff and their offices for this year and the previous one.
  const staffBar = new Progress('personal', opts.staff);
  const STAFF_BATCH = 20_000;
  let firstStaffId: number | null = null;
  for (let start = 0; start < opts.staff; start += STAFF_BATCH) {
    const n = Math.min(STAFF_BATCH, opts.staff - start);
    const batch: Row[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      batch.push({
        dni: bulkDni(i),
        first_name: `${pick(FIRST)} ${pick(FIRST)}`,
        last_name: `${pick(LAST)} ${pick(LAST)}`,
        phone: `9${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`,
        active: 1,
        created_at: now,
        updated_at: now,
      });
    }
    await database.db.transaction().execute((trx) => insertChunked(trx, 'staff', batch));
    rows += n;
    staffBar.tick(start + n);
  }
  const staffRange = await database.db
    .selectFrom('staff')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  firstStaffId = Number(staffRange.lo);
  const lastStaffId = Number(staffRange.hi);
  const soBar = new Progress('oficinas/año', lastStaffId - firstStaffId + 1);
  // Each person's office this year, for their computer.
  const officeThisYear = new Int32Array(lastStaffId - firstStaffId + 1);
  for (let lo = firstStaffId; lo <= lastStaffId; lo += STAFF_BATCH) {
    const batch: Row[] = [];
    for (let id = lo; id < Math.min(lo + STAFF_BATCH, lastStaffId + 1); id++) {
      const office = pick(officeIds);
      officeThisYear[id - firstStaffId] = office;
      batch.push({ staff_id: id, office_id: office, year });
      batch.push({ staff_id: id, office_id: random() < 0.8 ? office : pick(officeIds), year: year - 1 });
    }
    await database.db.transaction().execute((trx) => insertChunked(trx, 'staff_offices', batch));
    rows += batch.length;
    soBar.tick(Math.min(lo + STAFF_BATCH, lastStaffId + 1) - firstStaffId);
  }

  // Equipment: one computer per two people, in the custody of every even-indexed one, in their
  // office. Its own random stream, so the rest of the bulk data stays what it was before.
  const assetRandom = rng(opts.seed + 21);
  const assetCount = Math.ceil((lastStaffId - firstStaffId + 1) / 2);
  const assetBar = new Progress('equipos', assetCount);
  for (let lo = 0; lo < assetCount; lo += STAFF_BATCH) {
    const batch: Row[] = [];
    for (let k = lo; k < Math.min(lo + STAFF_BATCH, assetCount); k++) {
      const index = 2 * k;
      const model = ASSET_MODELS[Math.floor(assetRandom() * ASSET_MODELS.length)]!;
      batch.push({
        code: bulkAssetCode(index),
        description: model[0],
        brand: model[1],
        model: model[2],
        serial: `BULK${index}`,
        office_id: officeThisYear[index],
        custodian_staff_id: firstStaffId + index,
        active: 1,
        created_at: now,
        updated_at: now,
      });
    }
    await database.db.transaction().execute((trx) => insertChunked(trx, 'assets', batch));
    rows += batch.length;
    assetBar.tick(Math.min(lo + STAFF_BATCH, assetCount));
  }
  const assetRange = await database.db
    .selectFrom('assets')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  const firstAssetId = Number(assetRange.lo);
  const assetIds = Number(assetRange.hi) - firstAssetId + 1;

  // SQLite loads much faster without maintaining secondary indexes row by row: drop them for the
  // big tables and build each once at the end (the same CREATE INDEX statements, read back).
  const rebuildIndexes = database.dialect === 'sqlite' ? await dropSecondaryIndexes(database, ['tickets', 'ticket_events', 'notifications', 'assistant_interactions']) : async () => {};

  // Tickets with events and notifications, oldest first, spread over `years` years.
  const span = opts.years * 365 * 86_400_000;
  const startAt = now - span;
  const ticketBar = new Progress('tickets', opts.tickets);
  const BATCH = 5_000;
  for (let start = 0; start < opts.tickets; start += BATCH) {
    const n = Math.min(BATCH, opts.tickets - start);
    const tickets: Row[] = [];
    const meta: { createdAt: number; status: string; assignee: number | null; firstAction: number | null; resolvedAt: number | null; closedAt: number | null }[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const waitingFromEnd = opts.tickets - i <= opts.waiting;
      const createdAt = Math.floor(startAt + (span * i) / opts.tickets + random() * 60_000);
      let status = 'resolved';
      if (waitingFromEnd) status = random() < 0.8 ? 'registered' : 'in_progress';
      else if (random() < 0.007) status = 'cancelled';
      const assignee = status === 'registered' ? null : pick(techIds);
      const firstAction = assignee ? createdAt + Math.floor(60_000 + random() * 20 * 60_000) : null;
      const resolvedAt = status === 'resolved' ? (firstAction as number) + Math.floor(10 * 60_000 + random() * 3 * 3_600_000) : null;
      const closedAt = status === 'resolved' ? resolvedAt : status === 'cancelled' ? (firstAction as number) + 30 * 60_000 : null;
      meta.push({ createdAt, status, assignee, firstAction, resolvedAt, closedAt });
      tickets.push({
        code: bulkTicketCode(i),
        staff_id: firstStaffId + Math.floor(random() * (lastStaffId - firstStaffId + 1)),
        office_id: pick(officeIds),
        category_id: pick(categoryIds),
        description: pick(DESCRIPTIONS),
        contact_phone: null,
        status,
        assignee_id: assignee,
        queued_at: createdAt,
        created_at: createdAt,
        updated_at: closedAt ?? firstAction ?? createdAt,
        first_action_at: firstAction,
        resolved_at: resolvedAt,
        closed_at: closedAt,
        channel: 'portal',
        // A fifth of the tickets name a computer; a few of them fail often (squared: skewed to low ids).
        asset_id: assetIds > 0 && assetRandom() < 0.2 ? firstAssetId + Math.floor(assetRandom() ** 2 * assetIds) : null,
      });
    }
    await database.db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'tickets', tickets);
      const ids = await trx
        .selectFrom('tickets')
        .select(['id', 'code'])
        .where(
          'code',
          'in',
          tickets.map((t) => t.code as string),
        )
        .execute();
      const idByCode = new Map(ids.map((r) => [r.code, r.id]));
      const events: Row[] = [];
      const notifications: Row[] = [];
      tickets.forEach((t, k) => {
        const m = meta[k]!;
        const id = idByCode.get(t.code as string)!;
        events.push({ ticket_id: id, type: 'created', from_status: null, to_status: 'registered', actor_user_id: null, channel: 'portal', note: null, at: m.createdAt });
        if (m.assignee && m.firstAction)
          events.push({
            ticket_id: id,
            type: 'assigned',
            from_status: 'registered',
            to_status: 'in_progress',
            actor_user_id: m.assignee,
            channel: random() < 0.6 ? 'telegram' : 'web',
            note: null,
            at: m.firstAction,
          });
        if (m.status === 'resolved' || m.status === 'cancelled')
          events.push({
            ticket_id: id,
            type: m.status,
            from_status: 'in_progress',
            to_status: m.status,
            actor_user_id: m.assignee,
            channel: 'web',
            note: m.status === 'resolved' ? 'Se atendió el problema en la oficina.' : 'Duplicado.',
            at: m.closedAt,
          });
        for (const tech of techIds) {
          const sentAt = m.createdAt + 1_000 + Math.floor(random() * 4_000);
          const opened = random() < 0.94;
          notifications.push({
            ticket_id: id,
            user_id: tech,
            chat_id: null,
            kind: 'new_ticket',
            channel: 'telegram',
            status: 'sent',
            telegram_message_id: String(id * 10 + tech),
            error: null,
            link_token: `b${id}x${tech}`,
            created_at: m.createdAt,
            sent_at: sentAt,
            opened_at: opened ? sentAt + Math.floor(random() * 15 * 60_000) : null,
            opened_via: opened ? (random() < 0.5 ? 'button' : 'link') : null,
            acted_at: tech === m.assignee ? m.firstAction : null,
          });
        }
      });
      await insertChunked(trx, 'ticket_events', events);
      await insertChunked(trx, 'notifications', notifications);
      rows += tickets.length + events.length + notifications.length;
    });
    ticketBar.tick(start + n);
  }

  // Assistant interactions: about 1.3 per ticket.
  const interactions = Math.round(opts.tickets * 1.3);
  const aiBar = new Progress('asistente', interactions);
  for (let start = 0; start < interactions; start += 20_000) {
    const n = Math.min(20_000, interactions - start);
    const batch: Row[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const source = random() < 0.85 ? (random() < 0.7 ? 'llm' : 'faq') : 'none';
      batch.push({
        public_id: `bulk${i.toString(36)}`,
        created_at: Math.floor(startAt + (span * i) / interactions),
        source,
        model: source === 'llm' ? 'meta-llama/llama-3.3-70b-instruct:free' : null,
        models_tried: source === 'llm' ? 'meta-llama/llama-3.3-70b-instruct:free' : '',
        latency_ms: 300 + Math.floor(random() * 3000),
        prompt_tokens: null,
        completion_tokens: null,
        faq_id: null,
        escalated: source === 'none' ? 1 : 0,
        helpful: random() < 0.5 ? 1 : null,
        feedback_at: null,
      });
    }
    await database.db.transaction().execute((trx) => insertChunked(trx, 'assistant_interactions', batch));
    rows += n;
    aiBar.tick(start + n);
  }
  const indexStart = performance.now();
  await rebuildIndexes();
  if (database.dialect === 'sqlite') process.stderr.write(`índices reconstruidos en ${((performance.now() - indexStart) / 1000).toFixed(1)} s\n`);
  // A bulk load leaves the planner without statistics until autovacuum (PostgreSQL) or InnoDB's
  // background recalculation (MariaDB) has passed, as it has on a server that has run for a while.
  // Without them MariaDB planned the queue page from the categories table: 175 ms instead of ~10.
  if (database.dialect !== 'sqlite') {
    const { sql } = await import('kysely');
    if (database.dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(database.db);
    else await sql.raw('ANALYZE TABLE tickets, ticket_events, notifications, assistant_interactions, staff, staff_offices, users, jobs, assets').execute(database.db);
  }
  return { seconds: (performance.now() - started) / 1000, rows };
}

/** Drops the non-unique indexes of `tables` (SQLite) and returns a function that recreates them. */
async function dropSecondaryIndexes(database: Database, tables: string[]): Promise<() => Promise<void>> {
  const { sql } = await import('kysely');
  const rows = (
    await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(database.db)
  ).rows.filter((r) => r.sql && !/create\s+unique/i.test(r.sql));
  for (const r of rows) await sql.raw(`drop index "${r.name}"`).execute(database.db);
  return async () => {
    for (const r of rows) await sql.raw(r.sql as string).execute(database.db);
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '1000000' },
      staff: { type: 'string', default: '100000' },
      years: { type: 'string', default: '4' },
      waiting: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      force: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig(readProcessEnv());
  const database = createDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    const existing = await database.db.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
    if (existing && !values.force) {
      console.error('La base de datos ya tiene tickets; use una base vacía (o --force).');
      process.exitCode = 1;
      return;
    }
    const opts: BulkOptions = { tickets: Number(values.tickets), staff: Number(values.staff), years: Number(values.years), waiting: Number(values.waiting), seed: Number(values.seed) };
    console.error(`Cargando ${opts.tickets.toLocaleString('es-PE')} tickets y ${opts.staff.toLocaleString('es-PE')} personas en ${database.dialect}…`);
    const r = await seedBulk(database, opts);
    console.error(`Listo: ${r.rows.toLocaleString('es-PE')} filas en ${r.seconds.toFixed(1)} s (${Math.round(r.rows / r.seconds).toLocaleString('es-PE')} filas/s).`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
