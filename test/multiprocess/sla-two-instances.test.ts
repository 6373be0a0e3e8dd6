/**
 * SLA warnings and breach notices with two ITIMS instances (separate processes, each with its own
 * outbox worker) on one PostgreSQL database (issue 18). Open tickets whose 75 % point or due time
 * is already behind each get two `sla.check` jobs, which the two workers run at the same time.
 * Every warning and breach notice
 * reaches its people once — the assignee, everyone on duty for a ticket nobody has, the admins at
 * the breach — by Telegram, each message once, and every job ends done.
 */
import { describe, expect, it } from 'vitest';
import { writeSetting } from '../../src/settings/settings';
import { enqueueJob } from '../../src/jobs/jobs.repository';
import { buildCategory, buildOffice, buildTicket, buildUser } from '../helpers/factories';
import { useChildProcesses, waitForOutbox, WEBHOOK_ENV } from '../helpers/child-processes';

/** Tickets of each kind: first response past 75 %, first response past due, resolution past 75 %. */
const EACH = 6;
const MINUTE = 60_000;

describe('SLA notices from two instances on one PostgreSQL', () => {
  const rig = useChildProcesses('postgres', { poolSize: 4 });

  it('sends each warning and breach notice once, to the right people, whichever worker checks', async () => {
    const { d, database, fake } = rig;
    const now = Date.now();
    // Open around the clock, so business minutes are wall minutes whatever the hour the test runs.
    const allDay: [string, string][] = [['00:00', '24:00']];
    await writeSetting(
      database.db,
      database.dialect,
      'sla.calendar',
      { timeZone: 'America/Lima', hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, holidays: [] },
      now,
    );
    const office = await buildOffice(d);
    const categoryId = (await buildCategory(d)).id;
    const rosa = await buildUser(d, { fullName: 'Rosa Quispe Mamani', telegramChatId: '9400001' });
    const luis = await buildUser(d, { fullName: 'Luis Condori Apaza', telegramChatId: '9400002' });
    const ana = await buildUser(d, { fullName: 'Ana Torres Vega', role: 'admin', onDuty: false, telegramChatId: '9400003' });
    await buildUser(d, { fullName: 'Pedro Libre', onDuty: false, telegramChatId: '9400004' });

    // Normal priority: first response 240 min (warning at 180), resolution 1,575 min (warning at 1,181.25).
    const build = (ago: number, status: 'registered' | 'in_progress') =>
      buildTicket(d, {
        officeId: office.id,
        categoryId,
        at: now - ago * MINUTE,
        status,
        assigneeId: status === 'in_progress' ? rosa.id : null,
        priority: 'normal',
        firstResponseDueAt: now + (240 - ago) * MINUTE,
        resolutionDueAt: now + (1575 - ago) * MINUTE,
      });
    const nearFirst = await Promise.all(Array.from({ length: EACH }, () => build(200, 'registered')));
    const lateFirst = await Promise.all(Array.from({ length: EACH }, () => build(300, 'registered')));
    const nearResolution = await Promise.all(Array.from({ length: EACH }, () => build(1300, 'in_progress')));

    const env = rig.env({ ...WEBHOOK_ENV, IN_PROCESS_WORKER: '1' });
    await rig.startServer(env);
    await rig.startServer(env);
    expect(await database.db.selectFrom('notifications').select('id').where('kind', 'in', ['sla_warning', 'sla_breach']).execute()).toEqual([]);
    // Each ticket's check twice over (a stale job beside a fresh one, as a recomputation can
    // leave), in groups the size of a worker's batch: one instance claims a group while the other
    // claims its copies, so the same tickets are checked in both processes at once.
    const tickets = [...nearFirst, ...lateFirst, ...nearResolution];
    const at = Date.now();
    await database.db.transaction().execute(async (trx) => {
      for (let g = 0; g < tickets.length; g += 4) {
        const group = tickets.slice(g, g + 4);
        for (let copy = 0; copy < 2; copy++) for (const t of group) await enqueueJob(trx, database.dialect, { type: 'sla.check', payload: { ticketId: t.id }, runAt: at }, at);
      }
    });

    await waitForOutbox(database.db, 120_000, (eb) => eb.or([eb('type', '=', 'notification.send'), eb.and([eb('type', '=', 'sla.check'), eb('run_at', '<=', Date.now())])]));
    const jobs = await database.db.selectFrom('jobs').select(['type', 'status', 'run_at', 'payload']).where('type', 'in', ['sla.check', 'notification.send']).execute();
    expect(jobs.filter((j) => j.status === 'failed')).toEqual([]);
    const checksDone = jobs.filter((j) => j.type === 'sla.check' && j.status === 'done').length;
    expect(checksDone).toBeGreaterThanOrEqual(2 * tickets.length);

    const notices = await database.db.selectFrom('notifications').select(['ticket_id', 'user_id', 'kind', 'channel']).where('kind', 'in', ['sla_warning', 'sla_breach']).execute();
    const expected: string[] = [];
    for (const t of nearFirst) expected.push(`${t.id}:${rosa.id}:sla_warning`, `${t.id}:${luis.id}:sla_warning`);
    for (const t of nearResolution) expected.push(`${t.id}:${rosa.id}:sla_warning`);
    const admins = (await database.db.selectFrom('users').select('id').where('role', '=', 'admin').execute()).map((u) => u.id);
    expect(admins).toContain(ana.id);
    for (const t of lateFirst) for (const a of admins) expected.push(`${t.id}:${a}:sla_breach`);
    expect(notices.map((n) => `${n.ticket_id}:${n.user_id}:${n.kind}`).sort()).toEqual(expected.sort());

    // Telegram: each person's messages, each ticket once.
    // Only the SLA messages: the waiting tickets may also bring the on-duty reminders.
    const texts = (chat: string) =>
      fake
        .sent(Number(chat))
        .map((m) => m.text)
        .filter((x) => x.startsWith('⏳') || x.startsWith('🚨'));
    const once = (chat: string, tickets: { code: string }[], mark: string) => {
      const got = texts(chat).filter((x) => x.startsWith(mark));
      return tickets.filter((t) => got.filter((x) => x.includes(t.code)).length !== 1).map((t) => `${chat} ${t.code}`);
    };
    const wrong = [...once('9400001', [...nearFirst, ...nearResolution], '⏳'), ...once('9400002', nearFirst, '⏳'), ...once('9400003', lateFirst, '🚨')];
    expect(wrong).toEqual([]);
    expect(texts('9400001')).toHaveLength(2 * EACH);
    expect(texts('9400002')).toHaveLength(EACH);
    expect(texts('9400003')).toHaveLength(EACH);
    expect(texts('9400004')).toEqual([]);
    console.log(`[sla] ${3 * EACH} tickets over 2 instances: ${checksDone} checks done, ${notices.length} notices, ${wrong.length} wrong deliveries`);
  }, 300_000);
});
