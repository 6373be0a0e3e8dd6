/**
 * The web process and `npm run worker` as two processes writing one SQLite file: people file
 * tickets in bursts while the worker fans each new ticket out to the technicians and sends the
 * Telegram messages, committing between the web's reads and writes. Every filing must be answered
 * 201 and stored (at worst 503 with Retry-After while the file is locked, never a 500).
 */
import { describe, expect, it } from 'vitest';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { useChildProcesses } from '../helpers/child-processes';

const TICKETS = 600;
const CONCURRENCY = 24;

describe('web and worker as two processes on one SQLite file', () => {
  const rig = useChildProcesses('sqlite');

  it('answers every filing under load with 201 (or 503 to retry), never a 500, and stores each one', async () => {
    const { d, database } = rig;
    const office = await buildOffice(d);
    const categoryId = (await buildCategory(d)).id;
    const dnis: string[] = [];
    for (let i = 0; i < TICKETS; i++) dnis.push((await buildStaff(d, { officeId: office.id })).dni);
    for (let i = 0; i < 5; i++) await buildUser(d, { telegramChatId: String(9_300_000 + i), onDuty: true });
    const env = rig.env({ TICKET_FLOOD_MINUTES: '5' });
    const web = await rig.startServer({ ...env, IN_PROCESS_WORKER: '0' });
    await rig.startWorker(env);

    const statuses = new Map<number, number>();
    const codes: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let n = next++; n < TICKETS; n = next++) {
          // Each person files once; the flood guard still reads the person's last ticket before the write.
          const dni = dnis[n]!;
          for (let attempt = 0; ; attempt++) {
            const res = await fetch(`${web.base}/api/v1/tickets`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': `carga-${n}` },
              body: JSON.stringify({ dni, categoryId, description: `Carga ${n}: la impresora no imprime.` }),
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const body = (await res.json()) as { code?: string };
            if (res.status === 503 && attempt < 20) {
              await new Promise((r) => setTimeout(r, 50));
              continue;
            }
            if (res.status === 201) codes.push(body.code!);
            break;
          }
        }
      }),
    );
    const answered = Object.fromEntries(statuses);
    console.info(`web + worker on one SQLite file, ${TICKETS} filings: answers by status ${JSON.stringify(answered)}`);
    expect(
      Object.keys(answered).filter((s) => Number(s) >= 500 && Number(s) !== 503),
      JSON.stringify(answered),
    ).toEqual([]);
    expect(codes.length, JSON.stringify(answered)).toBe(TICKETS);
    const stored = await database.db.selectFrom('tickets').select('code').execute();
    expect(new Set(stored.map((r) => r.code))).toEqual(new Set(codes));
  }, 180_000);
});
