/**
 * Outages: the database server is stopped and started again under load. Requests during the
 * outage get a clear 503 in our error envelope (never a 500), the process survives, service
 * resumes by itself, and every ticket that got a 201 is in the database with its timeline and its
 * notification job. Runs against private PostgreSQL and MariaDB servers (not the shared ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/database';
import { startPrivateMariadb, startPrivatePostgres, type PrivateDbServer } from '../helpers/private-db-server';
import { startChildServer, type ChildServer } from '../helpers/child-server';
import { dnisThatCanFile } from '../helpers/factories';

const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 4000);

for (const dialect of ['postgres', 'mysql'] as const) {
  describe(`database outage under load [${dialect}]`, () => {
    let db: PrivateDbServer;
    let server: ChildServer;
    let check: Database;
    let dnis: string[];
    let categoryId: number;

    beforeAll(async () => {
      db = dialect === 'postgres' ? await startPrivatePostgres() : await startPrivateMariadb();
      server = await startChildServer({ DATABASE_URL: db.url, TICKET_FLOOD_MINUTES: '0', DEMO: '1' });
      check = createDatabase(db.url, { poolSize: 2 });
      dnis = await dnisThatCanFile(check.db, 200);
      categoryId = ((await (await fetch(`${server.base}/api/v1/categories`)).json()) as { id: number }[])[0]!.id;
    }, 180_000);

    afterAll(async () => {
      await check?.close();
      await server?.stop();
      await db?.destroy();
    });

    it('answers 503 during the outage, survives, and resumes by itself without losing a ticket', async () => {
      expect(dnis.length).toBeGreaterThan(10);
      const statuses: Record<number, number> = {};
      const bodiesOf503: string[] = [];
      const created: string[] = [];
      const createdAfterRestart: string[] = [];
      let restarted = false;
      let running = true;
      let i = 0;

      const worker = async () => {
        while (running) {
          const n = i++;
          try {
            const res = await fetch(`${server.base}/api/v1/tickets`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': `outage-${dialect}-${n}` },
              body: JSON.stringify({ dni: dnis[n % dnis.length], categoryId, description: `Ticket de prueba de caída número ${n}.` }),
              signal: AbortSignal.timeout(15_000),
            });
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            const text = await res.text();
            if (res.status === 201) {
              const code = JSON.parse(text).code as string;
              created.push(code);
              if (restarted) createdAfterRestart.push(code);
              const track = await fetch(`${server.base}/api/v1/tickets/${code}`, { signal: AbortSignal.timeout(15_000) });
              statuses[track.status] = (statuses[track.status] ?? 0) + 1;
              await track.arrayBuffer();
            } else if (res.status === 503 && bodiesOf503.length < 5) {
              bodiesOf503.push(text);
            }
          } catch {
            statuses[0] = (statuses[0] ?? 0) + 1;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const workers = Array.from({ length: 10 }, worker);
      await new Promise((r) => setTimeout(r, 2000));
      await db.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      const health = await fetch(`${server.base}/api/v1/health`);
      expect(health.status).toBe(503);
      await db.start();
      restarted = true;
      // Service must come back by itself within a few seconds.
      const deadline = Date.now() + 20_000;
      while (createdAfterRestart.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      running = false;
      await Promise.all(workers);

      console.log(`[outage ${dialect}] requests by status: ${JSON.stringify(statuses)}; tickets created: ${created.length} (${createdAfterRestart.length} after restart)`);
      expect(server.child.exitCode).toBeNull();
      expect(
        Object.keys(statuses)
          .map(Number)
          .filter((s) => s >= 500 && s !== 503),
      ).toEqual([]);
      expect(statuses[503] ?? 0).toBeGreaterThan(0);
      for (const body of bodiesOf503) expect(JSON.parse(body).error.code).toBe('SERVICE_UNAVAILABLE');
      expect(createdAfterRestart.length).toBeGreaterThanOrEqual(20);
      expect((await fetch(`${server.base}/api/v1/health`)).status).toBe(200);

      // Every 201 is in the database with its 'created' event and its notification job.
      const stored = await check.db.selectFrom('tickets').select(['id', 'code']).where('code', 'in', created).execute();
      expect(stored.length).toBe(created.length);
      const ids = stored.map((t) => t.id);
      const events = await check.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'created').where('ticket_id', 'in', ids).execute();
      expect(new Set(events.map((e) => e.ticket_id)).size).toBe(created.length);
      const jobs = await check.db
        .selectFrom('jobs')
        .select('dedupe_key')
        .where(
          'dedupe_key',
          'in',
          ids.map((id) => `ticket.created:${id}`),
        )
        .execute();
      expect(jobs.length).toBe(created.length);
    }, 180_000);
  });
}
