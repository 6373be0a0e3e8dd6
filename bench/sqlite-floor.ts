/**
 * The creation floor: a bare better-sqlite3 transaction inserting one ticket row and one job row
 * (same schema, WAL, synchronous=NORMAL as the app), as fast as one thread can.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';

export async function measureSqliteFloor(seconds: number): Promise<{ perSecond: number; p50Ms: number; p99Ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-floor-'));
  const file = join(dir, 'floor.sqlite');
  const database = createDatabase(`sqlite:${file}`);
  await migrateToLatest(database);
  const now = Date.now();
  await database.db.insertInto('offices').values({ name: 'O', code: null, parent_id: null, active: 1, created_at: now, updated_at: now }).execute();
  await database.db.insertInto('categories').values({ name: 'C', sort_order: 0, is_other: 0, active: 1, created_at: now }).execute();
  await database.db.insertInto('staff').values({ dni: '10000000', first_name: 'A', last_name: 'B', phone: null, active: 1, created_at: now, updated_at: now }).execute();
  await database.close();

  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insertTicket = db.prepare(
    `insert into tickets (code, staff_id, office_id, category_id, description, contact_phone, status, assignee_id, queued_at, created_at, updated_at, channel)
     values (?, 1, 1, 1, 'La impresora no imprime desde ayer.', null, 'registered', null, ?, ?, ?, 'portal')`,
  );
  const insertJob = db.prepare(
    `insert into jobs (type, payload, status, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at) values ('ticket.created', ?, 'pending', 0, 8, ?, ?, ?, ?)`,
  );
  const tx = db.transaction((i: number) => {
    const t = Date.now();
    const r = insertTicket.run(`TK-F${i.toString(36).padStart(7, '0')}`, t, t, t);
    insertJob.run(`{"ticketId":${r.lastInsertRowid}}`, t, `f:${i}`, t, t);
  });
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const start = performance.now();
  while (performance.now() < end) {
    const s = performance.now();
    tx(i++);
    latencies.push(performance.now() - s);
  }
  const elapsed = (performance.now() - start) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSecond: i / elapsed, p50Ms: q(0.5), p99Ms: q(0.99) };
}
