/**
 * The demo data set loaded by `npm start` (DEMO=1): a regional government's office tree, ~450
 * staff with their office this year and last year, the categories, five technicians, the FAQ
 * and a few weeks of history — tickets, the in-app notices technicians got and the assistant's
 * metrics — so the dashboards have numbers. It only loads into a database with no offices, in
 * one transaction, from a fixed seed — so the DNIs quoted in the README always work.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import type { Clock } from '../core/context';
import { flag } from '../db/dialect';
import { hashPassword } from '../auth/passwords';
import { localYear } from '../core/local-time';
import { anyOfficeExists, categoryIdsByName, faqIdsByQuestion, insertRows, officeIdsByCode, staffIdsByDni, ticketIdsByCode, userIdsByUsername } from './demo.repository';
import { DEMO_FAQS } from './faqs';
import { flattenOffices } from './offices';
import { DEMO_PEOPLE, generatePeople, type DemoPerson } from './people';
import { seededRandom } from './prng';
import { DEMO_TECHNICIANS, DEMO_TECHNICIAN_PASSWORD } from './technicians';
import { DEMO_CATEGORIES, DEMO_CATEGORY_TARGETS } from './ticket-stories';
import { readSlaPolicy } from '../sla/sla-policy';
import { refreshDueTimes } from '../tickets/sla-due';
import { DEFAULT_SLA_TARGETS } from '../sla/calendar-defaults';
import { writeSetting } from '../settings/settings';
import { laneOf } from '../tickets/priority';
import { planDemoTickets, type Requester } from './demo-tickets';
import { planDemoInteractions } from './demo-assistant';
import { demoAssetOf, planDemoAssets } from './assets';
import { assetIdsByCode } from './demo.repository';

const SEED = 20_261_126;
export const DEMO_STAFF_COUNT = 450;
/** People without an office this year (the portal answers 403 for them), DEMO_PEOPLE.noOfficeThisYear included. */
export const DEMO_STAFF_WITHOUT_OFFICE = 6;

export interface DemoSummary {
  offices: number;
  staff: number;
  assets: number;
  tickets: number;
  faqs: number;
}

/**
 * Loads the demo data once. Returns what was loaded, or null when the database already had
 * offices (a real installation, or a second start).
 */
export async function seedDemo(database: Database, clock: Clock, timeZone = 'America/Lima'): Promise<DemoSummary | null> {
  const { db } = database;
  if (await anyOfficeExists(db)) return null;

  const now = clock();
  const year = localYear(now, timeZone);
  const random = seededRandom(SEED);
  // The calendar main.ts stored on first start (Lima's hours and Peru's holidays by default).
  const { calendar } = await readSlaPolicy(db, now);
  const offices = flattenOffices();
  const people = generatePeople(random, {
    count: DEMO_STAFF_COUNT,
    withoutOffice: DEMO_STAFF_WITHOUT_OFFICE,
    officesThisYear: offices.filter((o) => o.active),
    officesLastYearOnly: offices.filter((o) => !o.active).map((o) => o.code),
  });
  const tickets = planDemoTickets(random, {
    now,
    timeZone,
    localYear: year,
    requesters: requestersOf(people, year),
    technicianCount: DEMO_TECHNICIANS.length,
    calendar,
  });
  const interactions = planDemoInteractions(random, { now, timeZone, faqCount: DEMO_FAQS.length });
  // Its own stream: adding the inventory changed none of the other demo data.
  const assets = planDemoAssets(
    seededRandom(SEED + 21),
    people,
    offices.filter((o) => o.active).map((o) => o.code),
  );
  // scrypt is slow on purpose (~50 ms): hash once, outside the transaction. The five demo accounts
  // share a password the README publishes, so sharing its hash (and salt) reveals nothing more.
  const passwordHash = await hashPassword(DEMO_TECHNICIAN_PASSWORD);

  return db.transaction().execute(async (trx) => {
    // Another instance may have loaded it meanwhile.
    if (await anyOfficeExists(trx)) return null;

    const maxDepth = Math.max(...offices.map((o) => o.depth));
    let officeIds = new Map<string | null, number>();
    for (let depth = 0; depth <= maxDepth; depth++) {
      await insertRows(
        trx,
        'offices',
        offices
          .filter((o) => o.depth === depth)
          .map((o) => ({
            name: o.name,
            code: o.code,
            parent_id: o.parentCode === null ? null : (officeIds.get(o.parentCode) ?? null),
            active: o.active ? 1 : 0,
            created_at: now,
            updated_at: now,
          })),
      );
      officeIds = await officeIdsByCode(trx);
    }
    const officeId = (code: string) => {
      const id = officeIds.get(code);
      if (id === undefined) throw new Error(`demo office ${code} missing`);
      return id;
    };

    await insertRows(
      trx,
      'staff',
      people.map((p) => ({ dni: p.dni, first_name: p.firstName, last_name: p.lastName, phone: p.phone, active: 1, created_at: now, updated_at: now })),
    );
    const staffIds = await staffIdsByDni(trx);
    const staffId = (dni: string) => staffIds.get(dni) as number;
    await insertRows(
      trx,
      'staff_offices',
      people.flatMap((p) => [
        ...(p.officeThisYear ? [{ staff_id: staffId(p.dni), office_id: officeId(p.officeThisYear), year }] : []),
        ...(p.officeLastYear ? [{ staff_id: staffId(p.dni), office_id: officeId(p.officeLastYear), year: year - 1 }] : []),
      ]),
    );

    await insertRows(
      trx,
      'assets',
      assets.map((a) => ({
        code: a.code,
        description: a.description,
        brand: a.brand,
        model: a.model,
        serial: a.serial,
        office_id: officeId(a.officeCode),
        custodian_staff_id: a.custodianDni === null ? null : staffId(a.custodianDni),
        active: 1 as const,
        created_at: now,
        updated_at: now,
      })),
    );
    const assetIds = await assetIdsByCode(trx);
    const assetOf = (t: { requesterDni: string; officeCode: string; category: string }) => {
      const code = demoAssetOf(assets, t);
      return code === null ? null : (assetIds.get(code) ?? null);
    };

    const existingCategories = await categoryIdsByName(trx);
    await insertRows(
      trx,
      'categories',
      DEMO_CATEGORIES.map((c, i) => ({
        name: c.name,
        sort_order: c.isOther ? 99 : i + 1,
        is_other: flag(c.isOther),
        active: flag(true),
        default_priority: c.defaultPriority,
        created_at: now,
      })).filter((c) => !existingCategories.has(c.name)),
    );
    const categoryIds = await categoryIdsByName(trx);
    // The targets the plan's due times were computed with: per priority, and one per category.
    await writeSetting(
      trx,
      database.dialect,
      'sla.targets',
      [...DEFAULT_SLA_TARGETS, ...DEMO_CATEGORY_TARGETS.map(({ category, ...t }) => ({ ...t, categoryId: categoryIds.get(category) as number }))],
      now,
    );

    const existingUsers = await userIdsByUsername(
      trx,
      DEMO_TECHNICIANS.map((t) => t.username),
    );
    await insertRows(
      trx,
      'users',
      DEMO_TECHNICIANS.map((t) => ({
        username: t.username,
        password_hash: passwordHash,
        full_name: t.fullName,
        role: 'technician' as const,
        active: 1 as const,
        on_duty: 1 as const,
        telegram_chat_id: null,
        telegram_username: null,
        telegram_linked_at: null,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })).filter((u) => !existingUsers.has(u.username)),
    );
    const userIds = await userIdsByUsername(
      trx,
      DEMO_TECHNICIANS.map((t) => t.username),
    );
    const technicianId = (index: number | null) => (index === null ? null : (userIds.get(DEMO_TECHNICIANS[index]?.username ?? '') ?? null));

    await insertRows(
      trx,
      'faqs',
      DEMO_FAQS.map((f) => ({
        question: f.question,
        answer: f.answer,
        keywords: f.keywords,
        category_id: f.category === null ? null : (categoryIds.get(f.category) ?? null),
        active: 1,
        needs_ticket: f.needsTicket ? 1 : 0,
        created_at: now,
        updated_at: now,
      })),
    );

    // History: no ticket.created jobs, nobody is told again of last week's tickets (the SLA checks below are still to come).
    await insertRows(
      trx,
      'tickets',
      tickets.map((t) => ({
        code: t.code,
        staff_id: staffId(t.requesterDni),
        office_id: officeId(t.officeCode),
        category_id: categoryIds.get(t.category) as number,
        description: t.description,
        contact_phone: t.contactPhone,
        status: t.status,
        assignee_id: technicianId(t.technician),
        queued_at: t.createdAt,
        created_at: t.createdAt,
        updated_at: t.updatedAt,
        first_action_at: t.firstActionAt,
        resolved_at: t.resolvedAt,
        closed_at: t.closedAt,
        channel: 'portal' as const,
        asset_id: assetOf(t),
        lane: laneOf(t.priority),
        first_response_due_at: t.firstResponseDueAt,
        resolution_due_at: t.resolutionDueAt,
      })),
    );
    const ticketIds = await ticketIdsByCode(
      trx,
      tickets.map((t) => t.code),
    );
    await insertRows(
      trx,
      'ticket_events',
      tickets.flatMap((t) =>
        t.events.map((e) => ({
          ticket_id: ticketIds.get(t.code) as number,
          type: e.type,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          actor_user_id: technicianId(e.technician),
          channel: e.channel,
          note: e.note,
          at: e.at,
          from_priority: e.fromPriority ?? null,
          to_priority: e.toPriority ?? null,
        })),
      ),
    );
    // The open tickets' SLA checks, as filing and taking them left them: the worker sends the
    // warnings and breach notices already due (the amber and red ones in the queue) as soon as it
    // starts, the others when their 75 % point or due time comes — through the outbox, like any ticket.
    const policy = await readSlaPolicy(trx, now);
    for (const t of tickets) {
      if (t.status === 'registered' || t.status === 'in_progress') await refreshDueTimes(trx, database, ticketIds.get(t.code) as number, now, policy);
    }
    await insertRows(
      trx,
      'ticket_surveys',
      tickets.flatMap((t) => (t.survey ? [{ ticket_id: ticketIds.get(t.code) as number, score: t.survey.score, comment: t.survey.comment, created_at: t.survey.createdAt }] : [])),
    );
    await insertRows(
      trx,
      'notifications',
      tickets.flatMap((t) =>
        t.notifications.map((n) => ({
          ticket_id: ticketIds.get(t.code) as number,
          user_id: technicianId(n.technician),
          chat_id: null,
          kind: 'new_ticket' as const,
          channel: 'web' as const,
          status: 'sent' as const,
          telegram_message_id: null,
          error: null,
          link_token: randomBytes(24).toString('base64url'),
          created_at: n.sentAt,
          sent_at: n.sentAt,
          opened_at: n.openedAt,
          opened_via: n.openedAt === null ? null : ('link' as const),
          acted_at: n.actedAt,
        })),
      ),
    );
    const faqIds = await faqIdsByQuestion(trx);
    await insertRows(
      trx,
      'assistant_interactions',
      interactions.map((i) => ({
        public_id: randomBytes(12).toString('base64url'),
        created_at: i.createdAt,
        source: i.source,
        model: null,
        models_tried: '',
        latency_ms: i.latencyMs,
        prompt_tokens: null,
        completion_tokens: null,
        faq_id: i.faqIndex === null ? null : (faqIds.get(DEMO_FAQS[i.faqIndex]?.question ?? '') ?? null),
        escalated: flag(i.escalated),
        helpful: i.helpful === null ? null : flag(i.helpful),
        feedback_at: i.feedbackAt,
      })),
    );
    return { offices: offices.length, staff: people.length, assets: assets.length, tickets: tickets.length, faqs: DEMO_FAQS.length };
  });
}

/**
 * Who files the demo tickets: the README's person with an office first (two tickets, so "my
 * tickets" has something to show), the other README person, then staff with an office this year.
 */
function requestersOf(people: DemoPerson[], year: number): Requester[] {
  const toRequester = (p: DemoPerson): Requester => {
    const officeByYear: Record<number, string> = {};
    if (p.officeThisYear) officeByYear[year] = p.officeThisYear;
    if (p.officeLastYear) officeByYear[year - 1] = p.officeLastYear;
    return { dni: p.dni, phone: p.phone, officeByYear };
  };
  const featured = new Set<string>(Object.values(DEMO_PEOPLE).map((p) => p.dni));
  const others = people.filter((p) => p.officeThisYear && !featured.has(p.dni));
  // Spread over the directory rather than the first few offices.
  const spread = others.filter((_, i) => i % 7 === 3);
  return [DEMO_PEOPLE.withOffice, DEMO_PEOPLE.another, DEMO_PEOPLE.withOffice, ...spread].map(toRequester);
}
