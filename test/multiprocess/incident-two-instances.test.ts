/**
 * Major-incident news with two ITIMS instances (separate processes, each with its own outbox worker)
 * on one PostgreSQL database (issue 19): an incident declared on one, public updates posted on both,
 * resolved on the other. Every follower of every child gets the linking message, each update and the
 * resolution exactly once, and every job is done once.
 */
import { describe, expect, it } from 'vitest';
import { subscribeChat } from '../../src/notifications/notifications.repository';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { bearerTokenOverHttp, useChildProcesses, waitForOutbox, WEBHOOK_ENV } from '../helpers/child-processes';

const CHILDREN = 12;
const UPDATES = 4;

describe('incident news from two instances on one PostgreSQL', () => {
  const rig = useChildProcesses('postgres', { poolSize: 4 });

  it('sends each follower the link, every update and the resolution once', async () => {
    const { d, database, fake } = rig;
    const office = await buildOffice(d);
    const categoryId = (await buildCategory(d)).id;
    const tech = await buildUser(d, { fullName: 'Rosa Quispe Mamani' });
    const env = rig.env({ ...WEBHOOK_ENV, TICKET_FLOOD_MINUTES: '0', IN_PROCESS_WORKER: '1' });
    const bases = [(await rig.startServer(env)).base, (await rig.startServer(env)).base];
    const auth = { authorization: `Bearer ${await bearerTokenOverHttp(bases[0]!, tech, 'incidente')}`, 'content-type': 'application/json' };

    // Children filed on either instance, each followed by its own chat ("Seguir").
    const children: { code: string; chat: number }[] = [];
    for (let i = 0; i < CHILDREN; i++) {
      const person = await buildStaff(d, { officeId: office.id });
      const res = await fetch(`${bases[i % 2]}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dni: person.dni, categoryId, description: `Incidente ${i}: el SIAF no abre.` }),
      });
      expect(res.status).toBe(201);
      const code = ((await res.json()) as { code: string }).code;
      const ticket = await database.db.selectFrom('tickets').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      const chat = 9_300_000 + i;
      await subscribeChat(database.db, database.dialect, ticket.id, String(chat), Date.now());
      children.push({ code, chat });
    }

    const declared = await fetch(`${bases[0]}/api/v1/incidents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'SIAF caído', publicMessage: 'El SIAF no responde.', ticketCodes: children.map((c) => c.code) }),
    });
    expect(declared.status).toBe(201);
    const id = ((await declared.json()) as { id: number }).id;
    // Updates posted on both instances, two at a time.
    for (let u = 0; u < UPDATES; u += 2) {
      const posted = await Promise.all(
        [u, u + 1].map((n) => fetch(`${bases[n % 2]}/api/v1/incidents/${id}/updates`, { method: 'POST', headers: auth, body: JSON.stringify({ message: `Novedad número ${n + 1}.` }) })),
      );
      for (const p of posted) expect(p.status).toBe(201);
    }
    const resolved = await fetch(`${bases[1]}/api/v1/incidents/${id}/resolve`, { method: 'POST', headers: auth, body: JSON.stringify({ note: 'Servidor del SIAF reemplazado.' }) });
    expect(resolved.status).toBe(200);

    await waitForOutbox(database.db, 120_000, (eb) => eb('type', 'in', ['incident.news', 'ticket.status_changed', 'notification.send']));
    const jobs = await database.db.selectFrom('jobs').select(['type', 'status', 'attempts']).where('type', 'in', ['incident.news', 'ticket.status_changed', 'notification.send']).execute();
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    expect(jobs.filter((j) => j.type === 'incident.news')).toHaveLength(1 + UPDATES);

    const wrong: string[] = [];
    for (const { code, chat } of children) {
      const texts = fake.sent(chat).map((m) => m.text);
      const expected = [
        `Su ticket ${code} es parte del incidente «SIAF caído»`,
        ...Array.from({ length: UPDATES }, (_, n) => `Novedad número ${n + 1}.`),
        `Su ticket ${code} quedó resuelto con el incidente «SIAF caído»:\nServidor del SIAF reemplazado.`,
      ];
      for (const e of expected) {
        const n = texts.filter((x) => x.includes(e)).length;
        if (n !== 1) wrong.push(`${code}: «${e.slice(0, 40)}» ${n} veces`);
      }
    }
    console.log(`[incident] ${CHILDREN} children over 2 instances, ${UPDATES} updates: ${jobs.length} jobs, ${wrong.length} wrong deliveries`);
    expect(wrong).toEqual([]);
  }, 300_000);
});
