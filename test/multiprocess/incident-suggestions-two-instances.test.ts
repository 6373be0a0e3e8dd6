/**
 * Suggested incidents with several processes on one PostgreSQL (issue 19): two web instances, each
 * with its own outbox worker, plus `npm run worker`. Bursts of tickets of several categories are
 * filed on both instances at once, so the three workers detect the same suggestion at the same
 * moment. Holds: one suggestion recorded per category, and each on-duty technician gets exactly one
 * Telegram notice per suggestion (the fake Bot API counts them), however many tickets joined it.
 */
import { describe, expect, it } from 'vitest';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { useChildProcesses, waitForOutbox, WEBHOOK_ENV } from '../helpers/child-processes';

const CATEGORIES = 4;
const PER_CATEGORY = 6;
const TECHNICIANS = 3;

describe('suggested incidents with two web instances and a worker on one PostgreSQL', () => {
  const rig = useChildProcesses('postgres', { poolSize: 4 });

  it('records each suggestion once and sends each technician one notice per suggestion', async () => {
    const { d, database, fake } = rig;
    const offices = [await buildOffice(d, { name: 'Sede Central' }), await buildOffice(d, { name: 'Agencia Norte' })];
    const categories: { id: number; name: string }[] = [];
    for (let i = 0; i < CATEGORIES; i++) categories.push(await buildCategory(d, { name: `Servicio caído ${i + 1}` }));
    const people: { dni: string }[] = [];
    for (let i = 0; i < CATEGORIES * PER_CATEGORY; i++) people.push(await buildStaff(d, { officeId: offices[i % 2]!.id }));
    const chats: number[] = [];
    for (let i = 0; i < TECHNICIANS; i++) {
      const chat = 9_300_000 + i;
      await buildUser(d, { telegramChatId: String(chat), onDuty: true });
      chats.push(chat);
    }
    const env = rig.env({ ...WEBHOOK_ENV, TICKET_FLOOD_MINUTES: '0', IN_PROCESS_WORKER: '1', INCIDENT_MIN_TICKETS: '3', INCIDENT_WINDOW_MINUTES: '30' });
    const bases = [(await rig.startServer(env)).base, (await rig.startServer(env)).base];
    await rig.startWorker(env);

    // Every ticket of every burst at once, alternating instances. (Each also has an SLA check due hours later: not waited for.)
    await Promise.all(
      people.map(async (person, n) => {
        const category = categories[n % CATEGORIES]!;
        const res = await fetch(`${bases[n % 2]}/api/v1/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ dni: person.dni, categoryId: category.id, description: `Ráfaga ${n}: el servicio no responde.` }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }),
    );

    await waitForOutbox(database.db, 60_000, (eb) => eb('run_at', '<=', Date.now()));

    const records = await database.db.selectFrom('incident_suggestions').select(['category_id', 'active_category_id']).execute();
    expect(records.map((r) => r.category_id).sort((a, b) => a - b)).toEqual(categories.map((c) => c.id).sort((a, b) => a - b));
    expect(records.every((r) => r.active_category_id === r.category_id)).toBe(true);

    const counts: Record<string, number> = {};
    for (const chat of chats) {
      for (const category of categories) {
        counts[`${chat}:${category.name}`] = fake.sent(chat).filter((m) => m.text.startsWith('⚠️ Posible incidente') && m.text.includes(`de ${category.name} en`)).length;
      }
    }
    console.log(
      `[suggestions] ${people.length} tickets in ${CATEGORIES} bursts over 2 instances + 1 worker: ${records.length} suggestions, notices per technician and category ${JSON.stringify(Object.values(counts))}`,
    );
    expect(Object.values(counts)).toEqual(Array(TECHNICIANS * CATEGORIES).fill(1));
    const jobs = await database.db.selectFrom('jobs').select(['status']).where('type', '=', 'notification.send').execute();
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  }, 300_000);
});
