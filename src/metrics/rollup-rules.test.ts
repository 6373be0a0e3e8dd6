/**
 * The daily rollups (`rollups.ts`) trust fingerprints that only grow, which holds because the
 * history they summarise is never rewritten: tickets and notifications are never deleted or
 * re-dated, and a ticket's first action, a notice's delivery and its first opening are recorded
 * once. The repositories are written so they cannot do otherwise; these tests fail when one of
 * them starts to (a future retention purge of tickets or notifications must delete the matching
 * `metrics_ticket_days` rows in the same transaction).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildTicket, buildUser } from '../../test/helpers/factories';
import { insertNotification, markOpened, markSent } from '../notifications/notifications.repository';
import { updateTicketIf } from '../tickets/tickets.repository';

const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' || name === 'fixtures' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each `updateTable('<table>')` chain of the sources, up to its first `.where(` or `.execute`. */
function updateChains(text: string, table: string): string[] {
  const chains: string[] = [];
  const re = new RegExp(`updateTable\\('${table}'\\)`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const rest = text.slice(m.index, m.index + 2_000);
    const end = rest.search(/\.where\(|\.execute/);
    chains.push(end > 0 ? rest.slice(0, end) : rest);
  }
  return chains;
}

describe('the history the rollups summarise is never rewritten (source check)', () => {
  const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

  it('reads the sources it checks', () => {
    expect(files.filter((f) => f.text.includes("updateTable('tickets')")).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.text.includes("updateTable('notifications')")).length).toBeGreaterThan(0);
  });

  it('never deletes tickets, their events or notifications', () => {
    const deletes = files.filter((f) => /deleteFrom\(\s*'(tickets|ticket_events|notifications)'\s*\)|delete\s+from\s+["`]?(tickets|ticket_events|notifications)\b/i.test(f.text)).map((f) => f.path);
    expect(deletes).toEqual([]);
  });

  it('never re-dates a ticket or a notification, and sets first action and delivery only when still empty', () => {
    const wrong: string[] = [];
    for (const f of files) {
      for (const table of ['tickets', 'notifications', 'ticket_events']) {
        for (const chain of updateChains(f.text, table)) {
          if (/\bcreated_at\s*:/.test(chain)) wrong.push(`${f.path}: ${table}.created_at changed`);
          if (/\bfirst_action_at\s*:/.test(chain) && !/first_action_at\s*:\s*eb\.fn\.coalesce\('first_action_at'/.test(chain)) wrong.push(`${f.path}: first_action_at overwritten`);
          if (/\bsent_at\s*:/.test(chain) && !/sent_at\s*:\s*eb\.fn\.coalesce\('sent_at'/.test(chain)) wrong.push(`${f.path}: sent_at overwritten`);
        }
      }
      const openings = updateChains(f.text, 'notifications').filter((c) => /\bopened_at\s*:/.test(c));
      if (openings.length && !/opened_at\s*:[^\n]*\)\s*\.where\('id', '=', id\)\.where\('opened_at', 'is', null\)/.test(f.text)) wrong.push(`${f.path}: opened_at set without "still empty"`);
    }
    expect(wrong).toEqual([]);
  });
});

describeEachDialect('the history the rollups summarise is recorded once', (dialect) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase(dialect);
  });
  afterAll(() => d.drop());

  it('keeps the first delivery, the first opening and the first action when they happen again', async () => {
    const ticket = await buildTicket({ db: d.db, dialect });
    const tech = await buildUser({ db: d.db, dialect });
    const id = await insertNotification(d.db, dialect, {
      ticketId: ticket.id,
      userId: tech.id,
      chatId: '1',
      kind: 'new_ticket',
      channel: 'telegram',
      linkToken: `tok-${ticket.id}`,
      now: 1_000,
      sent: false,
    });
    await markSent(d.db, id, '10', 2_000);
    // The job ran again after a crash and delivered the notice a second time.
    await markSent(d.db, id, '11', 3_000);
    await markOpened(d.db, id, 'link', 4_000);
    await markOpened(d.db, id, 'button', 5_000);
    const n = await d.db.selectFrom('notifications').select(['sent_at', 'opened_at', 'opened_via']).where('id', '=', id).executeTakeFirstOrThrow();
    expect({ sentAt: Number(n.sent_at), openedAt: Number(n.opened_at), via: n.opened_via }).toEqual({ sentAt: 2_000, openedAt: 4_000, via: 'link' });

    expect(await updateTicketIf(d.db, { id: ticket.id, status: 'registered' }, { status: 'in_progress', assigneeId: tech.id, updatedAt: 6_000, firstActionAt: 6_000 })).toBe(true);
    expect(await updateTicketIf(d.db, { id: ticket.id, status: 'in_progress' }, { status: 'registered', assigneeId: null, updatedAt: 7_000 })).toBe(true);
    expect(await updateTicketIf(d.db, { id: ticket.id, status: 'registered' }, { status: 'in_progress', assigneeId: tech.id, updatedAt: 8_000, firstActionAt: 8_000 })).toBe(true);
    const t = await d.db.selectFrom('tickets').select('first_action_at').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(Number(t.first_action_at)).toBe(6_000);
  });
});
